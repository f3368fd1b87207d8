# descent landscape on screen: the explorer on the slice, six racers and
# L-BFGS in the legend replaying their runs (at their ends the losses and
# validation accuracies the headless command reports), the cursor's loss
# equal to the grid CSV's centre, zoom recomputing in the background while
# the keys still answer, the Hessian line, a live race's keys refused, and q.
. tests/lib.sh

. tests/tmux.sh
SUBSET=../shared/data/cifar-10-subset
D=$SUBSET/cifar-10-batches-bin
if [ ! -d "$D" ]; then
    skip "landscape screen: $SUBSET absent"
    finish
    exit
fi
ARGS="--data $D --iters 30 --lbfgs 5 --span 0.05"
"$BIN" landscape $ARGS --paths "$TMP/p.csv" >/dev/null 2>"$TMP/headless"
# an odd plot keeps a sample at the centre: 120 columns give 83 cells (167 dots)
start v "$UTF8 $BIN landscape $ARGS 2>/dev/null" 120x40
WAIT_TENTHS=600
wait_for v 'lbfgs' && T send-keys -t v Space
if wait_still v ' end [0-9a-z/]+  step 30/30' && wait_for v ' loss [0-9.e+-]+ val [0-9.]+'; then
    missing=
    for n in sgd momentum nesterov adagrad rmsprop adam lbfgs; do
        want=$(sed -n "s/^racer $n: .*, loss \([0-9.e+-]*\), val_acc \([0-9.]*\),.*/\1 \2/p" "$TMP/headless")
        set -- $want
        l=$(printf '%.5g' "$1"); acc=$(printf '%.3f' "$2")
        grep -q " loss $l val $acc" "$TMP/screen" || missing="$missing $n($l $acc)"
    done
    [ -z "$missing" ] && ok "legend: six racers and lbfgs with the headless loss and val accuracy" ||
        not_ok "legend" "missing:$missing" "$(cat "$TMP/screen")"
else
    not_ok "the landscape opens in the explorer, its racers played to their ends" "$(cat "$TMP/screen")"
    finish
    exit
fi
# at the ends, each racer's distance from the plane is --paths' last one
bad=
for n in sgd momentum nesterov adagrad rmsprop adam lbfgs; do
    d=$(awk -F, -v n="$n" '$1 == n { d = $5 } END { printf "%.3g", d }' "$TMP/p.csv")
    # its legend entry ("6 ━━ adam ✖ ..."), not a head's label on the map
    awk -v n="$n" '$0 ~ "[0-9] [^ ]+ " n " " { f = 1; next } f && /off the plane/ { print; exit }' "$TMP/screen" |
        grep -q "off the plane $d\( \|$\)" || bad="$bad $n($d)"
done
[ -z "$bad" ] && ok "legend: each racer's distance from the plane as --paths gives it" ||
    not_ok "legend distances" "not as --paths:$bad" "$(cat "$TMP/screen")"
# the cursor starts at the plot's centre cell; its loss is the exact one
cur=$(sed -n 's/.*cursor (\([^,]*\), \([^)]*\))  loss \([0-9.e+-]*\) .*/\1 \2 \3/p' "$TMP/screen")
set -- $cur
"$BIN" landscape --data "$D" --grid 1 --centre "$1,$2" --csv >"$TMP/one" 2>/dev/null
want=$(awk -F, 'NR == 2 { printf "%.6g", $3 }' "$TMP/one")
expect "cursor loss $3 = the CSV at ($1, $2): $want" test "$3" = "$want"
# zoom out: recomputing; keys answer meanwhile (the Hessian line appears)
T send-keys -t v Z
if wait_for v 'computing row'; then ok "zoom recomputes, rows shown as they arrive"; else not_ok "zoom recomputes" "$(head -n 1 "$TMP/screen")"; fi
T send-keys -t v x
# a grid of 167 x 141 points over 4000 images takes seconds: x must answer before it ends
if wait_for v 'Hessian eigenvalues' && grep -q 'computing row' "$TMP/screen"; then
    ok "x answered while rows are still computing: $(sed -n 's/.*\(computing row [0-9/]*\).*/\1/p' "$TMP/screen")"
else
    not_ok "x answers during the computation" "$(head -n 1 "$TMP/screen")" "$(tail -n 3 "$TMP/screen")"
fi
WAIT_TENTHS=100
wait_for v 'condition [0-9]' && ok "Hessian with condition number" || not_ok "Hessian line" "$(tail -n 3 "$TMP/screen")"
# A: the grid's second layer, the error rate; its colour bar's values are rates
T send-keys -t v A
if wait_for v 'error \(1 - accuracy\) colours'; then
    vals=$(grep -A 2 'error (1 - accuracy) colours' "$TMP/screen" | tail -n 1 | grep -Eo '[0-9.]+ +[0-9.]+ +[0-9.]+ *$')
    expect "A: the error-rate layer, its bar from $(echo $vals) within 0..1" \
        awk -v v="$vals" 'BEGIN { n = split(v, x, " "); ok = n == 3; for (i = 1; i <= n; i++) ok = ok && x[i] >= 0 && x[i] <= 1; exit !ok }'
else
    not_ok "A shows the error-rate layer" "$(cat "$TMP/screen")"
fi
T send-keys -t v A
wait_for v 'loss colours \(log scale above the lowest\)' && ok "A again: the loss" || not_ok "A back to the loss" "$(tail -n 2 "$TMP/screen")"
# a live race's keys: the racers replay real runs, and say so
T send-keys -t v e
wait_for v 'the racers replay real training runs' && ok "e (edit): refused, the runs are recorded" ||
    not_ok "e refused" "$(tail -n 2 "$TMP/screen")"
T send-keys -t v Tab
wait_for v 'the racers replay real training runs' && grep -q 'random plane (seed 1) at W0' "$TMP/screen" &&
    ok "Tab (next surface): refused, the landscape stays" || not_ok "Tab refused" "$(head -n 1 "$TMP/screen")"
T send-keys -t v q
wait_file "$TMP/v.status"
expect "q quits with status 0" test "$(cat "$TMP/v.status" 2>/dev/null)" = 0
# two iterations of sgd alone on the default plane (+-1): the run moves
# under 2% of the view; the end says how far (--paths' farthest end) and
# which planes would show it
ARGS2="--data $D --iters 2 --opt sgd --lbfgs 0 --images 500 --grid 5"
"$BIN" landscape $ARGS2 --paths "$TMP/p2.csv" >/dev/null 2>&1
far=$(awk -F, 'NR > 1 { d = sqrt($3 * $3 + $4 * $4); if (d > m) m = d } END { printf "%.2g", m }' "$TMP/p2.csv")
start w "$UTF8 $BIN landscape $ARGS2 2>/dev/null" 120x40
wait_for w 'random plane' && T send-keys -t w Space
wait_still w ' end [0-9a-z/]+  step 2/2' &&
    grep -q "runs moved $far in this plane (.*), .* off it: P plane of a path, B of two ends, z zoom" "$TMP/screen" &&
    ok "at the end of runs too short to see: they moved $far in this plane; P, B and z named" ||
    not_ok "at the end of runs too short to see: how far they moved ($far), P, B, z" "$(tail -n 1 "$TMP/screen")"
T send-keys -t w q
# too small, and no colour
start s "$UTF8 NO_COLOR=1 $BIN landscape $ARGS 2>/dev/null" 60x20
wait_for s 'too small' && ok "60x20: terminal too small" || not_ok "too small" "$(cat "$TMP/screen")"
T send-keys -t s q
WAIT_TENTHS=400
start c "env LANG=C LC_ALL=C NO_COLOR=1 $BIN landscape $ARGS 2>/dev/null" 80x24
wait_for c 'adam' && wait_for c 'cursor \(' && ! grep -q "$(printf '\342')" "$TMP/screen" &&
    ok "80x24, C locale, NO_COLOR: ASCII only" || not_ok "C locale" "$(cat "$TMP/screen")"
finish
