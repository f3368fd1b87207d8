# The landscape's plane keys in the explorer: a refused plane (parallel directions, a
# path too short for pca, a zero direction) is a message and the plane shown
# stays; between puts both end points on the plane (distance 0, the cursor's
# loss that of the headless grid on the same plane); R keeps the centre and
# gives back the first plane (R, P, B, C, H, W; o selects the racer); C moves the centre to the cursor's point (the
# new centre's loss is the old cursor's), W back to W0; pca of L-BFGS's path.
. tests/lib.sh

. tests/tmux.sh
# wait_idle NAME: the title says no rows or plane are coming, two shots running
wait_idle() {
    i=0 quiet=0
    while [ $i -lt "$WAIT_TENTHS" ] && [ $quiet -lt 2 ]; do
        shot "$1"
        if head -n 1 "$TMP/screen" | grep -Eq 'computing row|new plane'; then quiet=0; else quiet=$((quiet + 1)); fi
        sleep 0.1
        i=$((i + 1))
    done
    [ $quiet -ge 2 ]
}
SUBSET=../shared/data/cifar-10-subset
D=$SUBSET/cifar-10-batches-bin
if [ ! -d "$D" ]; then
    skip "landscape planes screen: $SUBSET absent"
    finish
    exit
fi
# one iteration: sgd and momentum end at the same point, every optimizer's
# path has 2 points (too short for pca), L-BFGS's up to 6
ARGS="--data $D --iters 1 --lbfgs 5 --span 0.05"
start v "$UTF8 $BIN landscape $ARGS 2>/dev/null" 120x40
WAIT_TENTHS=600
if ! wait_for v 'random plane \(seed 1\) at W0' || ! wait_idle v; then
    not_ok "the landscape view opens on the random plane" "$(cat "$TMP/screen")"
    finish
    exit
fi
# the racers replay their runs: space plays them to their ends
T send-keys -t v Space
wait_still v ' end [0-9a-z/]+  step 5/5' || not_ok "space plays the racers to their ends" "$(head -n 1 "$TMP/screen")"
# the end names the runs' ends when one moved over 2% of the view (+-0.05)
# from W0 (--paths' farthest end; here L-BFGS's), else how far they moved
"$BIN" landscape $ARGS --paths "$TMP/p.csv" >/dev/null 2>&1
far=$(awk -F, 'NR > 1 { d = sqrt($3 * $3 + $4 * $4); if (d > m) m = d } END { print m }' "$TMP/p.csv")
if awk -v f="$far" 'BEGIN { exit !(f > 0.02 * 0.1) }'; then want="the runs' ends (step 5, their last recorded points)"
else want="runs moved $(printf '%.2g' "$far") in this plane"; fi
grep -qF "$want" "$TMP/screen" && ok "at the end: '$want' (the farthest end $far from W0)" ||
    not_ok "at the end: '$want'" "farthest $far" "$(tail -n 1 "$TMP/screen")"
WAIT_TENTHS=900 # generous: a sanitizer build computes rows slowly; the waits end when seen
cursor() { sed -n 's/.*cursor (\([^,]*\), \([^)]*\))  loss \([0-9.e+-]*\) .*/\1 \2 \3/p' "$TMP/screen"; }
# a new plane puts the cursor at its centre (0, 0): its loss is the centre's
centre_loss() { set -- $(cursor); echo "$3"; }
# the n-th "off the plane" of the legend (racers in order: sgd momentum nesterov ...)
off() { grep -o 'off the plane [0-9.e+-]*' "$TMP/screen" | sed -n "$1s/off the plane //p"; }
first=$(cursor)

T send-keys -t v B
wait_for v 'plane refused: the two directions of the plane are parallel' &&
    grep -q 'random plane (seed 1) at W0' "$TMP/screen" &&
    ok "between sgd and momentum (one point after 1 step): parallel, refused, the random plane stays" ||
    not_ok "parallel refused" "$(head -n 1 "$TMP/screen")" "$(tail -n 1 "$TMP/screen")"

# o five times: adam (its first step, like adagrad's and rmsprop's, is
# along sign(g); sgd's, momentum's and nesterov's along g)
T send-keys -t v o o o o o P
wait_for v 'plane refused: pca of adam.s path: a trajectory of 2 point.s. is too short' &&
    grep -q 'random plane (seed 1) at W0' "$TMP/screen" &&
    ok "pca of a 2-point path: refused, the random plane stays" ||
    not_ok "short pca refused" "$(head -n 1 "$TMP/screen")" "$(tail -n 1 "$TMP/screen")"

T send-keys -t v B
if wait_for v 'plane between adam and lbfgs at W0' && wait_idle v; then
    ok "B: the plane between the selected racer's end and the next one's"
    m=$(off 6) n=$(off 7)
    expect "both ends lie on it: adam $m, lbfgs $n from the plane" \
        awk -v m="$m" -v n="$n" 'BEGIN { exit !(m < 1e-9 && n < 1e-9) }'
    set -- $(cursor)
    "$BIN" landscape $ARGS --plane between adam lbfgs --grid 1 --centre "$1,$2" --csv \
        >"$TMP/one" 2>/dev/null
    want=$(awk -F, 'NR == 2 { printf "%.6g", $3 }' "$TMP/one")
    expect "cursor loss $3 = the headless between grid at ($1, $2): $want" test "$3" = "$want"
else
    not_ok "b makes the between plane" "$(head -n 1 "$TMP/screen")" "$(tail -n 1 "$TMP/screen")"
fi

T send-keys -t v H
wait_for v 'plane refused: direction 1 of the plane is zero' &&
    grep -q 'plane between adam and lbfgs at W0' "$TMP/screen" &&
    ok "H: centred on adam's head, adam - centre is zero: refused, the plane stays" ||
    not_ok "zero direction refused" "$(head -n 1 "$TMP/screen")" "$(tail -n 1 "$TMP/screen")"

T send-keys -t v R
if wait_for v 'now: random plane \(seed 1\) at W0' && wait_idle v; then
    expect "R keeps the centre W0 and seed 1: the first plane again (cursor $(cursor))" \
        test "$(cursor)" = "$first"
else
    not_ok "R makes the random plane" "$(head -n 1 "$TMP/screen")" "$(tail -n 1 "$TMP/screen")"
fi

T send-keys -t v Right Right Right Right Right Up Up Up
sleep 0.3
shot v
set -- $(cursor)
ca=$1 cb=$2 cl=$3
T send-keys -t v C
if wait_for v "now: random plane \\(seed 1\\) at \\($(printf '%.4g' "$ca"), $(printf '%.4g' "$cb")\\) of the last plane"; then
    c=$(centre_loss)
    expect "C: the new centre is the cursor's point (loss $c there, $cl at the cursor before)" \
        awk -v a="$c" -v b="$cl" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d <= 1e-5 * b) }'
else
    not_ok "C re-centres on the cursor" "$(head -n 1 "$TMP/screen")" "$(tail -n 1 "$TMP/screen")"
fi

T send-keys -t v W
wait_for v 'now: random plane \(seed 1\) at W0' && wait_idle v &&
    expect "W: back to W0, the first plane (cursor $(cursor))" test "$(cursor)" = "$first" ||
    not_ok "W re-centres on W0" "$(head -n 1 "$TMP/screen")"

# adam is selected; one o on to lbfgs
T send-keys -t v o P
wait_for v "now: pca plane of lbfgs's path \\([0-9.]+% \\+ [0-9.]+%\\) at W0" &&
    ok "P: the pca plane of the selected racer's path, with the variance it explains" ||
    not_ok "pca of lbfgs" "$(head -n 1 "$TMP/screen")" "$(tail -n 1 "$TMP/screen")"
# keys answer while the new plane's rows come in
T send-keys -t v R
wait_for v 'computing row|new plane' && T send-keys -t v x
wait_for v 'Hessian eigenvalues' && ok "x answers while the new plane computes" ||
    not_ok "x during a new plane" "$(tail -n 3 "$TMP/screen")"
T send-keys -t v q
wait_file "$TMP/v.status"
expect "q quits with status 0" test "$(cat "$TMP/v.status" 2>/dev/null)" = 0
finish
