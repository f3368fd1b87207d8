#!/bin/sh
# Headless agreement, one command of each family: what the piped table (or
# the progress lines) shows, what the CSV holds and what the closing
# key=value line says are the same numbers, and the table's own numbers
# recompute from its other columns (the race family: tests/cli/agree.sh).
. tests/lib.sh
bin_timeout 120

kv() { tr ' ' '\n' <"$2" | sed -n "s/^$1=//p" | tail -n 1; }
# same A B PLACES: A and B agree to PLACES decimals (B is the more precise)
same() { awk -v a="$1" -v b="$2" -v p="$3" 'BEGIN { exit !(a != "" && b != "" && sprintf("%." p "f", b) + 0 == a + 0) }'; }

# --- the playground: classify --plain ------------------------------------------
run classify --plain --iters 5
tail -n 1 "$TMP/out" >"$TMP/kv"
totals=$(sed -n 's/^totals at step 5: data_loss \([^ ]*\) + reg_loss \([^ ]*\) = loss \([^,]*\), train_acc \(.*\)$/\1 \2 \3 \4/p' "$TMP/out")
set -- $totals
if [ "$status" -eq 0 ] && [ $# -eq 4 ] && awk -v d="$1" -v r="$2" -v l="$3" -v a="$4" -v kd="$(kv data_loss "$TMP/kv")" \
    -v kr="$(kv reg_loss "$TMP/kv")" -v kl="$(kv loss "$TMP/kv")" -v ka="$(kv train_acc "$TMP/kv")" \
    'function near(x, y) { return (x - y) ^ 2 <= (1e-5 * (y < 0 ? -y : y) + 1e-9) ^ 2 }
     BEGIN { exit !(near(d, kd) && near(r, kr) && near(l, kl) && near(a, ka)) }'; then
    ok "classify: the totals line at step 5 = the closing line ($totals)"
else not_ok "classify: the totals line at step 5 = the closing line" "totals: $totals" "$(cat "$TMP/kv")"; fi
# the step-5 table, recomputed: each point's loss the sum of its terms, its
# prediction the top score, data_loss their mean, train_acc the share right,
# reg_loss reg * sum of W^2 (b not regularized)
check=$(awk -v reg="$(kv reg "$TMP/kv")" '
    /^W and b at step 5:/ { w = 1; next }
    w && /^  class / { for (i = 4; $i != "b"; i++) sw += $i * $i; next }
    w { w = 0 }
    /^points at step 5/ { p = 1; next }
    p && /^  point / {
        n++; cls = $6
        for (i = 1; $i != "scores"; i++) ; s0 = i + 1
        for (i = s0; $i != "predicted"; i++) ; k = i - s0; pred = $(i + 1); loss = $(i + 3)
        top = 0; for (j = 1; j < k; j++) if ($(s0 + j) > $(s0 + top)) top = j
        if (top != pred) bad = bad " point " n " predicted " pred " but top " top
        t = 0; for (j = i + 5; j <= NF; j++) t += $j
        if ((t - loss) ^ 2 > (1e-5 * loss + 1e-6) ^ 2) bad = bad " point " n " terms " t " loss " loss
        sum += loss; right += pred == cls; next }
    p && /^totals at step 5:/ { p = 0
        if ((sum / n - $6) ^ 2 > (1e-5 * $6) ^ 2) bad = bad " data_loss " sum / n " vs " $6
        if ((reg * sw - $9) ^ 2 > (1e-5 * $9) ^ 2) bad = bad " reg_loss " reg * sw " vs " $9
        a = $NF; if ((right / n - a) ^ 2 > 1e-8) bad = bad " train_acc " right / n " vs " a
        done = 1 }
    END { print done && n == 9 ? (bad == "" ? "yes" : bad) : "no table" }' "$TMP/out")
expect "classify: the step-5 table recomputes (terms, predictions, mean loss, accuracy, reg) [$check]" test "$check" = yes

# --- training: descent train (progress, confusion table, closing line) ----------
small="--dataset synthetic --train 300 --val 60 --test 60 --batch 50"
run train $small --iters 400
cp "$TMP/out" "$TMP/train.kv"
last=$(grep '^iter 400/400 ' "$TMP/err")
set -- $last
if [ "$status" -eq 0 ] && same "$4" "$(kv loss "$TMP/train.kv")" 4 && same "${6#(}" "$(kv data_loss "$TMP/train.kv")" 4 &&
    same "${8%)}" "$(kv reg_loss "$TMP/train.kv")" 4 && same "${10}" "$(kv train_acc "$TMP/train.kv")" 3 &&
    same "${12}" "$(kv val_acc "$TMP/train.kv")" 3; then
    ok "train: the last progress line = the closing line ($last)"
else not_ok "train: the last progress line = the closing line" "$last" "$(cat "$TMP/train.kv")"; fi
conf=$(awk '/^confusion .* on [0-9]+ test images:$/ { c = 1; n = $(NF - 2); next }
            c && /^ +[^ ]+( +[0-9]+)+$/ { r++; for (j = 2; j <= NF; j++) { tot += $j; if (j - 1 == r) diag += $j } }
            END { print n, tot, diag }' "$TMP/err")
set -- $conf
if [ "$1" = "$(kv test_images "$TMP/train.kv")" ] && [ "$2" = "$1" ] &&
    same "$(kv test_acc "$TMP/train.kv")" "$(awk -v d="$3" -v n="$1" 'BEGIN { print d / n }')" 4; then
    ok "train: the confusion table holds test_images=$1 and its diagonal gives test_acc ($3/$1)"
else not_ok "train: the confusion table and test_acc" "images, sum, diagonal: $conf" "$(cat "$TMP/train.kv")"; fi

# --- training: descent tune (progress lines, CSV rows, closing line) ------------
run tune $small --iters 100 --lr 1e-7,1e-6 --reg 1e3,2.5e4
grep -v '^#' "$TMP/out" | sed '$d' >"$TMP/rows"
tail -n 1 "$TMP/out" >"$TMP/tune.kv"
# progress "tune: configuration I (I+1 of N) lr L reg R val_acc V" against row I's lr, reg, val_acc
bad=$(grep '^tune: configuration ' "$TMP/err" | awk -v rows="$TMP/rows" '
    BEGIN { FS = ","; getline h < rows; n = split(h, c, ",")
            for (i = 1; i <= n; i++) col[c[i]] = i
            while ((getline l < rows) > 0) { split(l, f, ","); lr[f[1]] = f[col["lr"]]; rg[f[1]] = f[col["reg"]]; va[f[1]] = f[col["val_acc"]]; m++ }
            FS = " " }
    { i = $3; seen++
      if ($4 != "(" i + 1 || $8 + 0 != lr[i] + 0 || $10 + 0 != rg[i] + 0 || $12 + 0 != va[i] + 0) print "config " i ": " $0 }
    END { if (seen != m || m != 4) print seen " progress lines, " m " rows" }')
expect "tune: each progress line = its CSV row (lr, reg, val_acc) [$bad]" test -z "$bad"
best=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "val_acc") v = i; next }
                $v > b || NR == 2 { b = $v; row = $0 } END { print row }' "$TMP/rows")
if [ "$status" -eq 0 ] && [ "$(kv config "$TMP/tune.kv")" = "$(echo "$best" | cut -d, -f1)" ] &&
    [ "$(kv lr "$TMP/tune.kv")" = "$(echo "$best" | cut -d, -f2)" ] &&
    [ "$(kv reg "$TMP/tune.kv")" = "$(echo "$best" | cut -d, -f3)" ] &&
    [ "$(kv val_acc "$TMP/tune.kv")" = "$(echo "$best" | cut -d, -f9)" ] &&
    [ "$(kv configurations "$TMP/tune.kv")" = "$(sed 1d "$TMP/rows" | wc -l | tr -d ' ')" ] &&
    [ "$(kv dim "$TMP/tune.kv")" = "$(echo "$best" | cut -d, -f11)" ]; then
    ok "tune: the closing line is the best row's (config, lr, reg, val_acc, dim) and counts the rows"
else not_ok "tune: the closing line and the best row" "best: $best" "$(cat "$TMP/tune.kv")"; fi

# --- the landscape: racer lines on stderr against --paths ------------------------
run landscape --dataset synthetic --images 300 --iters 20 --opt sgd --opt adam --grid 3 --csv --paths "$TMP/p.csv"
for r in sgd adam; do
    line=$(grep "^racer $r: " "$TMP/err")
    end=$(awk -F, -v r="$r" '$1 == r { e = $2 " " $3 " " $4 " " $5 } END { print e }' "$TMP/p.csv")
    set -- $end
    want=$(printf 'racer %s: %s iterations, .*, at a %.4g b %.4g, %.4g from the plane' "$r" "$1" "$2" "$3" "$4")
    if [ "$status" -eq 0 ] && echo "$line" | grep -q "^$want\$"; then
        ok "landscape: racer $r's line = its last --paths row ($end)"
    else not_ok "landscape: racer $r's line = its last --paths row" "line: $line" "want: $want"; fi
done
# the grid's centre (0,0) is W0: every path's first plane_loss
g00=$(awk -F, 'NR > 1 && $1 == 0 && $2 == 0 { print $3 }' "$TMP/out")
p0=$(awk -F, '$2 == "0" { print $6 }' "$TMP/p.csv" | sort -u)
expect "landscape: the grid at (0,0) = the paths' start loss ($g00)" test -n "$g00" -a "$g00" = "$p0"

finish
