# Screen tests of descent classify in tmux: the regions, the points and the
# table appear; the loss shown is the headless one; a nudge key changes W,
# b and the loss shown (to what --plain computes for the nudged W); training
# lowers it; NO_COLOR with a non-UTF-8 locale; a too-small terminal.
. tests/lib.sh
. tests/tmux.sh

shown_loss() { sed -n 's/.* loss \([0-9.]*\) = data .*/\1/p' "$TMP/screen" | head -n 1; }
# The plane is the screen's left part, up to the panel (44 columns and a gap).
# Characters, not bytes (braille is three bytes in UTF-8): GNU sed in a UTF-8 locale.
plane() { LC_ALL=C.UTF-8 sed 's/^\(.\{75\}\).*/\1/' "$TMP/screen"; }

start main "$UTF8 $BIN classify --data demo"
if wait_for main 'W and b'; then
    ok "the screen opens with the table"
else
    not_ok "the screen opens with the table" "$(cat "$TMP/screen")"
fi
grep -q 'class 0  w   1.000   2.000  b   0.000' "$TMP/screen" && grep -q 'class 1  w   2.000  -4.000  b   0.500' "$TMP/screen" &&
    grep -q 'class 2  w   3.000  -1.000  b  -0.500' "$TMP/screen" && ok "the table shows the demo's W and b" ||
    not_ok "the table shows the demo's W and b" "$(grep 'class ' "$TMP/screen")"
n=$(plane | LC_ALL=C.UTF-8 grep -o '[●■▲]' | wc -l)
[ "$n" -eq 9 ] && ok "the nine points are on the plane, each class its mark" || not_ok "nine points on the plane" "$n marks"
for m in ● ■ ▲; do plane | grep -q "$m" || gone="$gone $m"; done
[ -z "$gone" ] && ok "all three class marks appear" || not_ok "all three class marks appear" "missing:$gone"
plane | LC_ALL=C grep -q "$(printf '\342[\240-\243]')" && ok "the zero-score lines are drawn (braille)" || not_ok "the zero-score lines are drawn"
# The regions: the plane's background in more than one colour.
T capture-pane -e -p -t main | cut -c1-2000 | grep -o '\[48;5;[0-9]*m\|\[48;2;[0-9;]*m' | sort -u >"$TMP/bgs"
[ "$(wc -l <"$TMP/bgs")" -ge 3 ] && ok "the regions: $(wc -l <"$TMP/bgs") background colours" ||
    not_ok "the regions are coloured" "$(cat "$TMP/bgs")"
grep -q 'points, worst first' "$TMP/screen" && grep -q '(-0.30, 0.70)   1.10 -2.90 -2.10  6.800' "$TMP/screen" &&
    ok "the worst point is listed first with its scores and loss 6.8" ||
    not_ok "the worst point first" "$(grep -A2 'worst first' "$TMP/screen")"

run classify --plain --data demo
want=$(tail -n 1 "$TMP/out" | tr ' ' '\n' | sed -n 's/^loss=//p')
shot main
got=$(shown_loss)
[ -n "$got" ] && [ "$(printf '%.4f' "$want")" = "$got" ] && ok "the loss shown ($got) is --plain's ($want)" ||
    not_ok "the loss shown is --plain's" "screen $got, plain $want"

# Right rotates class 0's row 5 degrees clockwise: (1, 2) -> (cos5 + 2 sin5, 2 cos5 - sin5).
before=$got
T send-keys -t main Right
if wait_for main 'class 0  w   1.171   1.905'; then
    ok "Right rotates the selected class's W row (1, 2) -> (1.171, 1.905)"
else
    not_ok "Right rotates the selected row" "$(grep 'class 0' "$TMP/screen")"
fi
after=$(shown_loss)
[ -n "$after" ] && [ "$after" != "$before" ] && ok "the nudge changes the loss shown ($before -> $after)" ||
    not_ok "the nudge changes the loss shown" "$before -> $after"
awk 'BEGIN { a = 5 * atan2(0, -1) / 180; printf "%.17g,%.17g,0\n2,-4,0.5\n3,-1,-0.5\n", cos(a) + 2 * sin(a), 2 * cos(a) - sin(a) }' >"$TMP/w.csv"
run classify --plain --data demo --weights "$TMP/w.csv"
want=$(tail -n 1 "$TMP/out" | tr ' ' '\n' | sed -n 's/^loss=//p')
[ "$(printf '%.4f' "$want")" = "$after" ] && ok "and --plain with the rotated W agrees ($want)" ||
    not_ok "--plain with the rotated W agrees" "screen $after, plain $want"
T send-keys -t main Tab Up
wait_for main 'class 1 selected' && wait_for main 'class 1  w   2.000  -4.000  b   0.600' &&
    ok "Tab selects class 1, Up shifts its b by 0.1" || not_ok "Tab then Up" "$(grep 'class 1' "$TMP/screen")"

# Training: space plays, the step count rises and the loss falls.
shot main
l0=$(shown_loss)
T send-keys -t main ' '
if wait_for main 'playing  step [1-9]'; then
    sleep 1
    shot main
    l1=$(shown_loss)
    awk -v a="$l0" -v b="$l1" 'BEGIN { exit !(b < a) }' && ok "training lowers the loss ($l0 -> $l1)" ||
        not_ok "training lowers the loss" "$l0 -> $l1"
else
    not_ok "space starts training" "$(head -n 1 "$TMP/screen")"
fi
T send-keys -t main ' ' r
wait_for main 'paused  step 0' && wait_for main 'class 1  w   2.000  -4.000  b   0.500' &&
    ok "r goes back to the start" || not_ok "r goes back to the start" "$(head -n 1 "$TMP/screen")"
# x: the explorer on the loss over class 1's two weights (the default pair),
# from where they are, its title naming them; q comes back with W as it was.
grep -q 'x: W\[1\]\[x\], W\[1\]\[y\]  cursor W\[1\]\[x\]' "$TMP/screen" &&
    ok "the table says x explores class 1's first two weights, the cursor on W[1][x]" ||
    not_ok "the table names the explorer's pair" "$(grep 'cursor' "$TMP/screen")"
T send-keys -t main x
if wait_for main "svm loss over W\[1\]\[x\], W\[1\]\[y\]: the classifier's loss along two"; then
    ok "x opens the explorer, titled with the two weights W[1][x], W[1][y]"
    grep -q 'step 0  loss 6.26667' "$TMP/screen" && ok "the explorer starts at the playground's loss (6.26667)" ||
        not_ok "the explorer starts at the playground's loss" "$(grep -m1 'loss' "$TMP/screen")"
    T send-keys -t main q
    wait_for main 'class 1  w   2.000  -4.000  b   0.500' && ok "q comes back to the playground" ||
        not_ok "q comes back to the playground" "$(head -n 3 "$TMP/screen")"
else
    not_ok "x opens the explorer" "$(head -n 3 "$TMP/screen")"
fi
# Two other weights: class 2, its W row rotated (Right); the cursor to b[2]
# (] twice) picked as the second, back to W[2][y] ([) picked as the first.
T send-keys -t main Tab Right ] ]
wait_for main 'cursor b\[2\]' && ok "] moves the cursor along the row to b[2]" ||
    not_ok "] moves the cursor to b[2]" "$(grep 'cursor' "$TMP/screen")"
T send-keys -t main 2 [ 1
if wait_for main 'x: W\[2\]\[y\], b\[2\]  cursor W\[2\]\[y\]'; then
    ok "2 and 1 pick b[2] and W[2][y]; the table says so"
else
    not_ok "2 and 1 pick the explorer's weights" "$(grep 'cursor' "$TMP/screen")"
fi
row2=$(grep -o 'class 2  w .*b  -0.500' "$TMP/screen")
shown=$(shown_loss)
T send-keys -t main x
if wait_for main "svm loss over W\[2\]\[y\], b\[2\]: the classifier's loss along two"; then
    ok "x opens the explorer titled with the picked weights W[2][y], b[2]"
    start=$(sed -n 's/.*step 0  loss \([0-9.]*\).*/\1/p' "$TMP/screen" | head -n 1)
    # the playground shows 4 decimals, the explorer 6 digits: within half the last shown place
    [ -n "$start" ] && [ -n "$shown" ] && [ "$shown" != 6.2667 ] &&
        awk -v a="$start" -v b="$shown" 'BEGIN { d = a - b; exit !(d < 0.00005001 && d > -0.00005001) }' &&
        ok "its start value ($start) is the playground's loss shown ($shown)" ||
        not_ok "the explorer starts at the playground's loss" "explorer $start, playground $shown"
    # class 2's rotated row is (2.901, -1.258), its b -0.5: the start is (W[2][y], b[2])
    grep -q 'cursor (-1.258, -0.5)' "$TMP/screen" && ok "the explorer starts at (W[2][y], b[2]) = (-1.258, -0.5)" ||
        not_ok "the explorer starts at the two weights' values" "$(tail -n 2 "$TMP/screen")"
    T send-keys -t main q
    [ -n "$row2" ] && wait_for main "$row2" && ok "q comes back, W and b as they were ($row2)" ||
        not_ok "q comes back after the picked pair" "$(head -n 3 "$TMP/screen")"
else
    not_ok "x opens the explorer on the picked weights" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t main 2
wait_for main 'must differ' && ok "picking the second weight as the first too is refused, said why" ||
    not_ok "the same weight twice is refused" "$(tail -n 1 "$TMP/screen")"
T send-keys -t main q
i=0; while [ ! -s "$TMP/main.status" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(cat "$TMP/main.status" 2>/dev/null)" = 0 ] && ok "q quits with status 0" || not_ok "q quits with status 0"

# No colour, no UTF-8: ASCII marks, a texture per region, no braille.
start mono "env NO_COLOR=1 LANG=C LC_ALL=C $BIN classify --data demo" 100x30
if wait_for mono 'W and b'; then
    n=$(plane | grep -o '[o#^]' | wc -l)
    [ "$n" -ge 9 ] && ok "NO_COLOR, LANG=C: the points in ASCII marks" || not_ok "ASCII marks" "$n"
    plane | grep -q '\.' && plane | grep -q ':' && plane | grep -q -- '-' &&
        ok "NO_COLOR: each class's region has its texture" || not_ok "region textures" "$(plane | head -n 8)"
    LC_ALL=C grep -q "$(printf '\342\240')" "$TMP/screen" && not_ok "no braille under LANG=C" || ok "no braille under LANG=C"
else
    not_ok "the screen opens under NO_COLOR and LANG=C" "$(cat "$TMP/screen")"
fi

# A lesson at 80x24: its title, the caption of the step in force (wrapped,
# whole), and the caption changing at its step.
start lesson "$UTF8 $BIN classify --scene classify-cuts" 80x24
if wait_for lesson 'A linear classifier cuts the plane'; then
    tr -d '\n' <"$TMP/screen" | tr -s ' ' | grep -q '2 of the 9 points are in their own' &&
        ok "lesson: the start caption is shown whole at 80x24" || not_ok "lesson: the start caption" "$(head -n 4 "$TMP/screen")"
    grep -q 'step 0/300' "$TMP/screen" && ok "lesson: step 0 of its 300" || not_ok "lesson: step 0/300" "$(head -n 1 "$TMP/screen")"
    T send-keys -t lesson n n n n n n n n n n n n n n n n n n n n n n n n n n n n n n
    if wait_for lesson 'step 30/300'; then
        grep -q '6 of the 9 points' "$TMP/screen" && grep -q 'accuracy 66.7% (6 of 9 points)' "$TMP/screen" &&
            ok "lesson: at step 30 the caption and the accuracy agree (6 of 9)" ||
            not_ok "lesson: step 30's caption" "$(head -n 4 "$TMP/screen")" "$(grep accuracy "$TMP/screen")"
    else
        not_ok "lesson: n steps to 30" "$(head -n 1 "$TMP/screen")"
    fi
    T send-keys -t lesson m
    wait_for lesson 'one-vs-all SVM' && ok "m switches the loss (one-vs-all next)" || not_ok "m switches the loss" "$(head -n 1 "$TMP/screen")"
else
    not_ok "the lesson opens" "$(cat "$TMP/screen")"
fi

# The race: R, then ten steps of all six from the same start; each racer's
# loss on the screen is the one --plain --race prints for ten steps.
start race "$UTF8 $BIN classify --data demo"
if wait_for race 'W and b'; then
    T send-keys -t race R n n n n n n n n n n
    if wait_for race 'paused  step 10'; then
        run classify --plain --race --iters 10
        bad=
        for o in sgd momentum nesterov adagrad rmsprop adam; do
            want=$(sed -n "s/^race opt=$o .* loss=\([0-9.]*\) .*/\1/p" "$TMP/out")
            got=$(sed -n "s/.* $o  *loss \([0-9.]*\)  acc.*/\1/p" "$TMP/screen" | head -n 1)
            [ -n "$got" ] && [ "$(printf '%.4f' "$want")" = "$got" ] || bad="$bad $o:$got/$want"
        done
        [ -z "$bad" ] && ok "race: each optimizer's loss after 10 steps is --plain --race's" ||
            not_ok "race: the racers' losses agree with --plain --race" "$bad"
        T send-keys -t race Left
        wait_for race 'not during a race' && ok "race: a nudge is refused, said why" || not_ok "race: nudges refused" "$(tail -n 1 "$TMP/screen")"
        T send-keys -t race R
        wait_for race 'sgd lr=0.1, reg 0.1' && ok "R ends the race" || not_ok "R ends the race" "$(grep -m1 'race' "$TMP/screen")"
    else
        not_ok "race: ten steps" "$(head -n 1 "$TMP/screen")"
    fi
else
    not_ok "race: the screen opens" "$(cat "$TMP/screen")"
fi

# Eight colours: the regions as textures in their class's colour.
start eight "env TERM=xterm LANG=C.UTF-8 LC_ALL=C.UTF-8 $BIN classify --data demo" 100x30
if wait_for eight 'W and b'; then
    plane | grep -q '\.' && plane | grep -q ':' && T capture-pane -e -p -t eight | grep -q '\[3[1-7]m[.:-]' &&
        ok "8 colours: each region a texture in its class's colour" || not_ok "8 colours: textures" "$(plane | head -n 6)"
else
    not_ok "the screen opens with 8 colours" "$(cat "$TMP/screen")"
fi

# Every theme: each point's mark stands on the paper (the colour behind the
# title), not on its region's tint of that very class colour, where class 0
# read at contrast 1.6 on the light and the dark theme, 2.3 on high-contrast
# (on the paper: 3.3, 10).
for th in dark light high-contrast; do
    start "pts-$th" "$UTF8 $BIN classify --data demo --theme $th"
    if wait_for "pts-$th" 'W and b'; then
        sgr_runs "pts-$th" >"$TMP/runs"
        paper=$(awk -F'\t' '$3 ~ /descent classify/ { print $2; exit }' "$TMP/runs")
        marks=$(grep -Ec '●|■|▲' "$TMP/runs")
        off=$(awk -F'\t' -v p="$paper" '$3 ~ /●|■|▲/ && $2 != p { print $2 " under " $3 }' "$TMP/runs" | head -n 3)
        [ -n "$paper" ] && [ "$marks" -ge 9 ] && [ -z "$off" ] &&
            ok "$th: every point's mark is on the paper ($paper), not its region's tint" ||
            not_ok "$th: every point's mark is on the paper ($paper)" "$marks runs with marks; $off"
    else
        not_ok "$th: the playground opens" "$(cat "$TMP/screen")"
    fi
    stop "pts-$th"
done

# ? at 80x24: the keys in a box that blanks the plane and the table under
# it (the lines were drawn over them, the table's text showing after each).
start help "$UTF8 $BIN classify --data demo" 80x24
if wait_for help 'W and b'; then
    T send-keys -t help '?'
    wait_for help 'keys \(any key closes this help\)' && box_row space 'play / pause training' &&
        box_row 'Left h' 'rotate its W row 5 degrees anticlockwise' && box_row Tab 'c +select the next class' &&
        box_row q quit && ! grep -q 'Weston-Watkins' "$TMP/screen" &&
        ok "80x24: ? shows the keys in a box, nothing of the table beside them" ||
        not_ok "80x24: ? shows the keys in a box, nothing of the table beside them" "$(cat "$TMP/screen")"
    T send-keys -t help x
    wait_for help 'W and b' && ! grep -q 'any key closes' "$TMP/screen" &&
        ok "80x24: any key closes the keys box" || not_ok "80x24: any key closes the keys box" "$(cat "$TMP/screen")"
else
    not_ok "80x24: the playground opens" "$(cat "$TMP/screen")"
fi
stop help

start small "$UTF8 $BIN classify" 70x20
wait_for small 'terminal too small' && ok "70x20: the too-small screen" || not_ok "70x20: the too-small screen" "$(cat "$TMP/screen")"
T resize-window -t small -x 100 -y 30 2>/dev/null
wait_for small 'W and b' && ok "grown to 100x30: the playground appears" || not_ok "resize to 100x30" "$(cat "$TMP/screen")"
finish
