# Screen tests of the explorer's layout at every size from 80x24 to 300x80:
# the map grows with the terminal and is the largest thing on it, its world
# units are as long across as down (valley's 8:1 ellipses drawn 8:1, `a`
# stretches), nothing is cut without an ellipsis and no heading runs into
# another.
. tests/lib.sh

. tests/tmux.sh

ASCII="env LANG=C LC_ALL=C"
SIZES="80x24 120x40 160x50 200x60 300x80"

# measure: from $TMP/screen (ASCII glyphs), the plot's columns (the run of
# - and + right of the x axis' corner), its rows (lines with | or + in the
# axis column above that corner), and the columns right of the plot.
measure() {
    eval "$(awk -v cols="$1" '
        !axis && match($0, /^ +\+[-+]+/) && substr($0, RSTART + RLENGTH, 1) != "-" {
            x = RLENGTH; lead = index($0, "+"); axis = NR
            run = substr($0, lead + 1); sub(/[^-+].*/, "", run); w = length(run)
        }
        { line[NR] = $0 }
        END {
            h = 0
            for (r = axis - 1; r >= 1; r--) { c = substr(line[r], lead, 1); if (c == "|" || c == "+") h++; else break }
            printf "plot_w=%d plot_h=%d side=%d\n", w, h, cols - lead - w
        }' "$TMP/screen")"
}

for size in $SIZES; do
    w=${size%x*} h=${size#*x}
    start "s$w" "$ASCII $BIN --surface rosenbrock" "$size"
    # the whole frame: the title, the x axis and the bottom line
    if ! { wait_for "s$w" 'step 0/' && wait_for "s$w" '^ +\+[-+]+' && wait_for "s$w" 'q quits'; }; then
        not_ok "$size: the explorer starts" "$(head -n 3 "$TMP/screen")"
        continue
    fi
    measure "$w"
    [ "$plot_w" -gt "$side" ] && [ "$plot_h" -ge $((h - 6)) ] &&
        ok "$size: the map is the largest thing ($plot_w x $plot_h cells, $side columns beside it)" ||
        not_ok "$size: the map is the largest thing" "plot ${plot_w}x$plot_h, side $side" "$(cat "$TMP/screen")"
    # Text rows (title, legend, key hints): what reaches the last column is
    # a space, the ellipsis '~' of a cut text, or the whole last word of a
    # legend line that fits exactly (its stability word).
    n=6 # the default race
    bad=$(awk -v w="$w" -v last="$(( 2 + n * (h >= 36 ? 3 : 2) ))" -v h="$h" '
        (NR <= last || NR == h) && length($0) >= w && substr($0, w, 1) != " " && substr($0, w, 1) != "~" &&
            $0 !~ / (stable|unstable|per-coordinate)$/ { print NR ": " $0 }' "$TMP/screen")
    [ -z "$bad" ] && ok "$size: every text line ends in a space or an ellipsis" ||
        not_ok "$size: every text line ends in a space or an ellipsis" "$bad"
    head -n 1 "$TMP/screen" | grep -Eq '(~| ) dark  paused [0-9]+/s  step 0/1000 *$' &&
        ok "$size: the title and the status beside it do not run into each other" ||
        not_ok "$size: the title and the status beside it do not run into each other" "$(head -n 1 "$TMP/screen")"
    grep -q ' optimizers (1-6 hide, o select)' "$TMP/screen" && grep -q ' loss vs step' "$TMP/screen" &&
        ok "$size: the legend and chart headings are whole" ||
        not_ok "$size: the legend and chart headings are whole" "$(cat "$TMP/screen")"
    T send-keys -t "s$w" q
done

# A cut title ends in U+2026 where the locale has it.
start cut "$UTF8 $BIN --surface rosenbrock" 80x24
if wait_for cut 'step 0/'; then
    head -n 1 "$TMP/screen" | grep -q '… dark  paused' &&
        ok "80x24 UTF-8: the cut title ends in an ellipsis (…)" ||
        not_ok "80x24 UTF-8: the cut title ends in an ellipsis (…)" "$(head -n 1 "$TMP/screen")"
else
    not_ok "80x24 UTF-8: the explorer starts" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t cut q

# --- beside the training panel the map is still the largest thing ---
for size in 200x60 300x80; do
    w=${size%x*} h=${size#*x}
    start "p$w" "$ASCII $BIN --surface rosenbrock --panel" "$size"
    if wait_for "p$w" 'step 0/' && wait_for "p$w" 'training a linear' && wait_for "p$w" '^ +\+[-+]+'; then
        measure "$w"
        [ "$plot_w" -ge $((w / 3)) ] && [ "$plot_h" -ge $((h - 6)) ] &&
            ok "$size with the panel: the map keeps $plot_w x $plot_h cells" ||
            not_ok "$size with the panel: the map keeps most of the screen" "plot ${plot_w}x$plot_h" "$(cat "$TMP/screen")"
    else
        not_ok "$size: --panel shows the panel beside the map" "$(head -n 3 "$TMP/screen")"
    fi
    T send-keys -t "p$w" q
done

# --- equal aspect: x and y ticks give the same world units per column ---
# ticks_ratio: (world units per row, from the y ticks) / (world units per
# column, from the x ticks): 2 for equal aspect (a cell is twice as tall).
ticks_ratio() {
    awk '
        { line[NR] = $0 }
        match($0, /^ *-?[0-9.]+\+/) { v = substr($0, 1, RLENGTH - 1); gsub(/ /, "", v); yv[++ny] = v; yr[ny] = NR; lead = RLENGTH }
        !axis && match($0, /^ +\+[-+]+/) { axis = NR; a = $0 }
        END {
            # x ticks: the columns of + on the axis row, the numbers under them
            nx = 0
            for (c = lead + 1; c <= length(a) && index("-+", substr(a, c, 1)); c++)
                if (substr(a, c, 1) == "+") xc[++nx] = c
            split(line[axis + 1], lab, " ")
            dx = (lab[nx] - lab[1]) / (xc[nx] - xc[1])
            dy = (yv[1] - yv[ny]) / (yr[ny] - yr[1])
            printf "%.3f\n", dy / dx
        }' "$TMP/screen"
}
# ratio_is NAME LO HI: the screen's ratio lies in (LO, HI).
ratio_is() {
    r=$(ticks_ratio)
    awk -v r="$r" -v lo="$2" -v hi="$3" 'BEGIN { exit !(r > lo && r < hi) }' && ok "$1 (ratio $r)" ||
        not_ok "$1" "ratio $r" "$(cat "$TMP/screen")"
}
start valley "$ASCII $BIN valley" 120x40
if wait_for valley 'step 0/'; then
    ratio_is "valley at 120x40: a row spans twice a column's world units: 8:1 ellipses drawn 8:1" 1.85 2.15
    T send-keys -t valley a
    wait_for valley 'stretched to fill'
    ratio_is "a stretches the view to fill the map" 0 1.5
    T send-keys -t valley a
    wait_for valley 'equal aspect: one unit'
    ratio_is "a again: equal aspect" 1.85 2.15
else
    not_ok "valley starts" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t valley q

finish
