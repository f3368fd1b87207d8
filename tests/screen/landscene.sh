# descent SCENE with a landscape scene: the landscape view opens with the
# scene's title and its captions one at a time (n the next), wrapped at
# 120 columns and cut with an ellipsis at 80; ? lists the keys.
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
start v "$UTF8 DESCENT_DATA=$SUBSET $BIN landscape-linear 2>/dev/null" 120x40
WAIT_TENTHS=900
if ! wait_for v 'The linear SVM on CIFAR-10, sliced  cifar10' || ! wait_for v 'lbfgs'; then
    not_ok "descent landscape-linear opens the landscape" "$(cat "$TMP/screen")"
    finish
    exit
fi
ok "descent landscape-linear: the landscape with the scene's title"
WAIT_TENTHS=100
# the first caption over two rows: its start on one, its end on the next
first=$(cap start)
head=$(printf '(1/3) %s' "$first" | cut -c1-40)
tail=$(printf '%s' "$first" | awk '{ print $(NF - 1), $NF }')
wait_for v "$(printf '%s' "$head" | sed 's/[][().*^$]/\\&/g')" &&
    grep -qF "$tail" "$TMP/screen" && ok "caption 1 of 3 shown whole: '$head...$tail'" ||
    not_ok "first caption" "$(tail -n 6 "$TMP/screen")"
T send-keys -t v n
second=$(cap 1 | cut -c1-30)
wait_for v "\\(2/3\\) $(printf '%s' "$second" | sed 's/[][().*^$]/\\&/g')" && ok "n: the next caption" ||
    not_ok "n shows caption 2" "$(tail -n 6 "$TMP/screen")"
T send-keys -t v '?'
wait_for v 'H       centre: its head' && ok "? lists the keys, plane keys included" ||
    not_ok "? keys" "$(cat "$TMP/screen")"
T send-keys -t v q
wait_file "$TMP/v.status"
expect "q quits with status 0" test "$(cat "$TMP/v.status" 2>/dev/null)" = 0
# 80 columns: the second caption does not fit two rows and ends in an
# ellipsis; the seven racers do not fit the legend, which says so
WAIT_TENTHS=900
start s "$UTF8 DESCENT_DATA=$SUBSET $BIN landscape-linear 2>/dev/null" 80x24
wait_for s '\(1/3\) At W0' && T send-keys -t s n
WAIT_TENTHS=100
wait_for s '\(2/3\) A random plane' && wait_for s '\.\.\. *$' && ok "80x24: caption 2 cut with an ellipsis" ||
    not_ok "80x24 caption" "$(cat "$TMP/screen")"
grep -q '\.\.\. 2 more (a taller terminal)' "$TMP/screen" && grep -q 'adagrad' "$TMP/screen" &&
    ok "80x24: five racers in the legend and '... 2 more'" || not_ok "80x24 legend" "$(cat "$TMP/screen")"
T send-keys -t s q
finish
