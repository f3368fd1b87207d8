# The training panel's slice under the run (p): the plane through the run's
# start W0, its loss there equal to the headless landscape's grid centre
# (the same seed, the same images), the run's path on it with its distance
# from the plane growing as it trains, and p again gives the templates back.
. tests/lib.sh

. tests/tmux.sh
SUBSET=../shared/data/cifar-10-subset
D=$SUBSET/cifar-10-batches-bin
if [ ! -d "$D" ]; then
    skip "training panel slice: $SUBSET absent"
    finish
    exit
fi
"$BIN" landscape --data "$D" --grid 1 --csv >"$TMP/one" 2>/dev/null
want=$(awk -F, 'NR == 2 { printf "%.6g", $3 }' "$TMP/one")
start v "$UTF8 $BIN train --tui --data $D --iters 5000 2>/dev/null" 120x40
WAIT_TENTHS=300
wait_for v 'templates: the rows of W' || not_ok "the panel opens" "$(cat "$TMP/screen")"
T send-keys -t v p
WAIT_TENTHS=600
if wait_for v 'W0 loss [0-9.e+-]+' && wait_for v 'off the plane [0-9.e+-]+ '; then
    ok "p: the slice under the run replaces the templates"
    got=$(sed -n 's/.*W0 loss \([0-9.e+-]*\) .*/\1/p' "$TMP/screen")
    expect "its W0 loss $got = the headless landscape's centre $want" test "$got" = "$want"
    grep -q 'templates: the rows of W' "$TMP/screen" && not_ok "the templates are gone" "$(cat "$TMP/screen")"
    grep -q '◆' "$TMP/screen" && ok "W0's mark on the slice" || not_ok "W0's mark" "$(cat "$TMP/screen")"
    d1=$(sed -n 's/.*off the plane \([0-9.e+-]*\) .*/\1/p' "$TMP/screen")
    sleep 2
    shot v
    d2=$(sed -n 's/.*off the plane \([0-9.e+-]*\) .*/\1/p' "$TMP/screen")
    expect "the run leaves the plane as it trains: $d1, then $d2" \
        awk -v a="$d1" -v b="$d2" 'BEGIN { exit !(b > a && a > 0) }'
    wait_for v '[0-9]+ x [0-9]+ points' && ok "the map's rows computed in the background" ||
        not_ok "rows computed" "$(cat "$TMP/screen")"
else
    not_ok "p shows the slice" "$(cat "$TMP/screen")"
fi
T send-keys -t v p
# the templates back and the slice gone (a screen may be caught mid-redraw: look again)
i=0
while [ $i -lt 50 ]; do
    shot v
    grep -q 'templates: the rows of W' "$TMP/screen" && ! grep -q 'W0 loss' "$TMP/screen" && break
    sleep 0.1
    i=$((i + 1))
done
[ $i -lt 50 ] && ok "p again: the templates back" || not_ok "p toggles" "$(cat "$TMP/screen")"
T send-keys -t v q
wait_file "$TMP/v.status"
expect "q quits with status 0" test "$(cat "$TMP/v.status" 2>/dev/null)" = 0
finish
