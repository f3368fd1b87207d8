#!/bin/sh
# Every shipped scene gives the same race in all its headless forms: the
# trace CSV, the explorer's table when stdout is not a terminal (the very
# race the explorer draws, run to several step counts) and the SVG's path
# coordinates agree racer by racer and step by step. (With several start
# points the CSV once started every series at the first start.)
. tests/lib.sh

# view_of SCENE: "X0 X1 Y0 Y1", the scene's view or its surface's own.
view_of() {
    v=$(sed -n 's/^view *= *//p' "$1" | tr ',' ' ')
    if [ -z "$v" ]; then
        name=$(sed -n 's/^name *= *//p' "$1")
        v=$("$BIN" surfaces | awk -v n="$name" '$1 == n { f = 1 } f && /view \[/ {
            gsub(/[][,x]/, " "); print $2, $3, $4, $5; exit }')
    fi
    echo $v
}

# table_rows: the table on stdin as "LABEL|x|y|loss|status" lines.
table_rows() {
    awk 'p && NF { line = $0; st = ""
             if (match(line, / at step [0-9]+$/)) { st = substr(line, RSTART + 9); line = substr(line, 1, RSTART - 1) }
             n = split(line, f, " +"); lab = line
             sub(/ +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+$/, "", lab)
             print lab "|" f[n - 3] "|" f[n - 2] "|" f[n - 1] "|" f[n] (st == "" ? "" : " " st) }
         /^optimizer +x +y +loss +status$/ { p = 1 }'
}

# csv_rows STEPS: the CSV in $TMP/csv as the table would show it after STEPS:
# each series' row at STEPS, or its last row and "diverged STEP" when it was
# cut off earlier (its divergence step from stderr in $TMP/csv.err).
csv_rows() {
    awk -F, -v k="$1" -v errf="$TMP/csv.err" '
        BEGIN { while ((getline l < errf) > 0) if (match(l, /: diverged at step [0-9]+$/)) {
                    d[substr(l, 1, RSTART - 1)] = substr(l, RSTART + 18) } }
        NR > 1 && $2 <= k { last[$1] = sprintf("%.6g|%.6g|%.6g", $3, $4, $5); if (!($1 in seen)) { seen[$1] = 1; order[++n] = $1 } }
        END { for (i = 1; i <= n; i++) { lab = order[i]
                  st = (lab in d) && d[lab] <= k ? "diverged " d[lab] : "ok"
                  print lab "|" last[lab] "|" st } }' "$TMP/csv"
}

for f in scenes/*.scene; do
    # a [classify] lesson is the playground's, not a race (tests/cli/classify.sh)
    grep -q '^\[classify\]' "$f" && continue
    grep -q '^\[landscape\]' "$f" && continue # the real loss's: tests/cli/landscene.sh
    name=$(basename "$f" .scene)
    "$BIN" trace --scene "$f" >"$TMP/csv" 2>"$TMP/csv.err" || { not_ok "$name: trace" "$(cat "$TMP/csv.err")"; continue; }
    steps=$(sed -n 's/^steps *= *//p' "$f")
    nseries=$(awk -F, 'NR > 1 && $2 == 0' "$TMP/csv" | wc -l)

    # Each series starts where its label says, or at the scene's only start.
    bad=$(awk -F, 'NR > 1 && $2 == 0 && match($1, /@\([^ ]+ [^)]+\)$/) {
              split(substr($1, RSTART + 2, RLENGTH - 3), s, " ")
              if (s[1] + 0 != $3 + 0 || s[2] + 0 != $4 + 0) print $1 " starts at " $3 "," $4 }' "$TMP/csv")
    [ -z "$bad" ] && ok "$name: every CSV series starts at its own start point" ||
        not_ok "$name: every CSV series starts at its own start point" "$bad"

    # The table's header names the start honestly: one start, or each racer's own.
    "$BIN" "$f" </dev/null 2>/dev/null | sed -n 2p >"$TMP/header"
    nstart=$(sed -n '/^\[race\]/,/^\[/p' "$f" | grep -c '^start *=')
    if [ "$nstart" -gt 1 ]; then
        grep -q "^each optimizer from the start point in its name, $steps steps\$" "$TMP/header"
    else
        grep -q "^start (.*), $steps steps\$" "$TMP/header"
    fi && ok "$name: the table's header says where the racers start" ||
        not_ok "$name: the table's header says where the racers start" "$(cat "$TMP/header")"

    # The explorer's race, stopped after a few step counts, against the CSV.
    for k in 1 2 3 10 "$steps"; do
        "$BIN" "$f" --steps "$k" </dev/null 2>"$TMP/table.err" | table_rows >"$TMP/table"
        csv_rows "$k" >"$TMP/want"
        got=$(awk -F'|' '{ st = $5 ~ /^diverged/ ? $5 : "ok"; sub(/^diverged at step/, "diverged", st); print $1 "|" $2 "|" $3 "|" $4 "|" st }' "$TMP/table")
        if [ "$(wc -l <"$TMP/want")" -eq "$nseries" ] && [ "$got" = "$(cat "$TMP/want")" ]; then
            ok "$name: explorer table after $k steps = trace CSV"
        else
            not_ok "$name: explorer table after $k steps = trace CSV" "table:" "$got" "csv:" "$(cat "$TMP/want")" "$(cat "$TMP/table.err")"
        fi
    done

    # The SVG's paths: the CSV's points mapped onto the 640x580 plot at
    # (70, 76), in order, one unit as long across as down (the view
    # widened about its centre along one axis to the plot's shape); a point
    # more than 1e5 px away is pulled in to that distance along its segment
    # (shown as * here) and the path resumes with M when it comes back.
    "$BIN" trace --scene "$f" --svg "$TMP/race.svg" 2>"$TMP/svg.err" || { not_ok "$name: svg" "$(cat "$TMP/svg.err")"; continue; }
    set -- $(view_of "$f")
    awk -F, -v x0="$1" -v x1="$2" -v y0="$3" -v y1="$4" 'NR == 1 {
            u = (x1 - x0) / 640; if ((y1 - y0) / 580 > u) u = (y1 - y0) / 580
            cx = (x0 + x1) / 2; cy = (y0 + y1) / 2
            x0 = cx - 320 * u; x1 = cx + 320 * u; y0 = cy - 290 * u; y1 = cy + 290 * u }
        NR > 1 {
            px = 70 + ($3 - x0) / (x1 - x0) * 640; py = 76 + (y1 - $4) / (y1 - y0) * 580
            near = px <= 1e5 && px >= -1e5 && py <= 1e5 && py >= -1e5
            if ($1 != lab) { lab = $1; open = 0 }
            if (near) { printf "%s|%.6f|%.6f\n", lab, px, py; open = 1 } else if (open) { print lab "|*|*"; open = 0 } }' \
        "$TMP/csv" >"$TMP/want"
    sed -n 's/.*<path class="trajectory" data-optimizer="\([^"]*\)".* d="\([^"]*\)".*/\1|\2/p' "$TMP/race.svg" |
        awk -F'|' '{ n = split($2, p, /[ML]/); for (i = 2; i <= n; i++) { split(p[i], c, " "); print $1 "|" c[1] "|" c[2] } }' >"$TMP/got"
    diff=$(awk -F'|' 'NR == FNR { w[NR] = $0; n = NR; next }
        { split(w[FNR], e, "|")
          if (e[1] != $1 || (e[2] != "*" && (($2 - e[2])^2 > 1e-4 || ($3 - e[3])^2 > 1e-4))) { print FNR ": want " w[FNR] ", got " $0; exit } }
        END { if (FNR != n) print "want " n " points, got " FNR }' "$TMP/want" "$TMP/got")
    [ -z "$diff" ] && [ -s "$TMP/got" ] && ok "$name: SVG path points = trace CSV, step by step" ||
        not_ok "$name: SVG path points = trace CSV, step by step" "$diff"
done

finish
