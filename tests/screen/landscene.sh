# descent SCENE with a landscape scene: the explorer opens on the landscape
# with the scene's title and the plane, its captions go with the replay's
# steps (start at step 0, the next from step 1, the last at the runs' ends),
# wrapped over two rows at 120 columns and cut with an ellipsis at 80; ?
# lists the plane keys.
. tests/lib.sh

. tests/tmux.sh
SUBSET=../shared/data/cifar-10-subset
if [ ! -d "$SUBSET/cifar-10-batches-bin" ]; then
    skip "landscape scene screen: $SUBSET absent"
    finish
    exit
fi
SC=scenes/landscape-linear.scene
cap() { sed -n "s/^$1 = //p" "$SC"; }
re() { printf '%s' "$1" | sed 's/[][().*^$]/\\&/g'; }
start v "$UTF8 DESCENT_DATA=$SUBSET $BIN landscape-linear 2>/dev/null" 120x40
WAIT_TENTHS=900
if ! wait_for v 'The linear SVM on CIFAR-10, sliced: random plane \(seed 1\) at W0' || ! wait_for v 'lbfgs'; then
    not_ok "descent landscape-linear opens the landscape" "$(cat "$TMP/screen")"
    finish
    exit
fi
ok "descent landscape-linear: the landscape with the scene's title and its plane"
WAIT_TENTHS=100
wait_for v "$(re "$(cap start | cut -c1-40)")" && ok "step 0: the start caption" ||
    not_ok "start caption" "$(tail -n 3 "$TMP/screen")"
# one step: the next caption over two rows, its start on one, its end on the next
T send-keys -t v n
first=$(cap 1)
head=$(printf '%s' "$first" | cut -c1-40)
tail=$(printf '%s' "$first" | awk '{ print $(NF - 1), $NF }')
wait_for v "$(re "$head")" && grep -qF "$tail" "$TMP/screen" &&
    ok "step 1: caption 1 shown whole: '$head...$tail'" || not_ok "caption 1" "$(tail -n 3 "$TMP/screen")"
T send-keys -t v Space
last=$(cap 50 | cut -c1-40)
wait_still v ' end .* step 50/50' && wait_for v "$(re "$last")" && ok "the runs' ends: the last caption" ||
    not_ok "caption 50 at the end" "$(head -n 1 "$TMP/screen")" "$(tail -n 3 "$TMP/screen")"
T send-keys -t v '?'
wait_for v "C H W +centre: cursor/o.s head/W0" && grep -Eq "R P B +plane: random/pca/between" "$TMP/screen" &&
    ok "? lists the keys, the plane keys included" || not_ok "? keys" "$(cat "$TMP/screen")"
T send-keys -t v q q
wait_file "$TMP/v.status"
expect "q quits with status 0" test "$(cat "$TMP/v.status" 2>/dev/null)" = 0
# 80 columns: caption 1 does not fit two rows and ends in an ellipsis; the
# seven racers are all in the legend
WAIT_TENTHS=900
start s "$UTF8 DESCENT_DATA=$SUBSET $BIN landscape-linear 2>/dev/null" 80x24
wait_for s 'lbfgs' && T send-keys -t s n
WAIT_TENTHS=100
wait_for s "$(re "$(cap 1 | cut -c1-20)")" && wait_for s '… *$' && ok "80x24: caption 1 cut with an ellipsis" ||
    not_ok "80x24 caption" "$(cat "$TMP/screen")"
n=0
for r in sgd momentum nesterov adagrad rmsprop adam lbfgs; do grep -q " $r " "$TMP/screen" && n=$((n + 1)); done
expect "80x24: the seven racers in the legend ($n)" test "$n" -eq 7
T send-keys -t s q
finish
