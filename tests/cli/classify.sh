# descent classify --plain: the demo's numbers against a hand calculation,
# --weights, training (the spiral stays below 60% for a linear model on raw
# inputs; circles go above 90% with polar features), the closing key=value
# line, --svg, and bad input refused with exit status 2.
. tests/lib.sh

kv() { tail -n 1 "$TMP/out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# close A B TOL: |A - B| <= TOL
close() { awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t) }'; }

# The demo's start W = (1 2 | 2 -4 | 3 -1), b = (0 .5 -.5) on its nine points.
# By hand, point 2 = (0.8, 0.3), class 0: s = (0.8+0.6, 1.6-1.2+0.5, 2.4-0.3-0.5)
# = (1.4, 0.9, 1.6); hinge terms (0, 0.9-1.4+1, 1.6-1.4+1) = (0, 0.5, 1.2), loss 1.7.
# The nine losses are 0.3 1.7 0 3.2 6.8 2.4 2.5 3.3 4.7: mean 24.9 / 9 = 2.766667;
# reg 0.1 * (1+4+4+16+9+1) = 3.5; two points (1 and 3) are right: 2/9.
run classify --plain
if [ "$status" -eq 0 ] && grep -q '^  point 2 (0.8, 0.3) class 0  scores 1.4 0.9 1.6  predicted 2  loss 1.7  terms 0 0.5 1.2$' "$TMP/out"; then
    ok "demo: point 2's scores, terms and loss as by hand"
else
    not_ok "demo: point 2's scores, terms and loss as by hand" "$(grep 'point 2 ' "$TMP/out")" "$(cat "$TMP/err")"
fi
got=$(grep '^  point ' "$TMP/out" | sed 's/.*  loss \([^ ]*\) .*/\1/' | tr '\n' ' ')
[ "$got" = "0.3 1.7 0 3.2 6.8 2.4 2.5 3.3 4.7 " ] && ok "demo: the nine losses as by hand" ||
    not_ok "demo: the nine losses as by hand" "got $got"
close "$(kv data_loss)" 2.766667 1e-6 && close "$(kv reg_loss)" 3.5 1e-9 && close "$(kv loss)" 6.266667 1e-6 &&
    close "$(kv train_acc)" 0.2222 1e-4 && ok "demo: data 2.766667 + reg 3.5 = 6.266667, accuracy 2/9" ||
    not_ok "demo: the totals" "$(tail -n 1 "$TMP/out")"
for k in data classes points model features opt hparams reg iters loss data_loss reg_loss train_acc; do
    [ -n "$(kv $k)" ] || missing="$missing $k"
done
[ -z "$missing" ] && ok "the closing line has every key" || not_ok "the closing line has every key" "missing:$missing"

# Softmax on the same start, point 1 = (0.5, 0.4), class 0, scores (1.3, -0.1, 0.6):
# -log(e^1.3 / (e^1.3 + e^-0.1 + e^0.6)) = log(1 + e^-1.4 + e^-0.7) = 0.555712
run classify --plain --model softmax
l1=$(sed -n 's/^  point 1 .*  loss \([^ ]*\) .*/\1/p' "$TMP/out")
close "$l1" 0.555712 1e-6 && ok "softmax: point 1's loss as by hand ($l1)" || not_ok "softmax: point 1's loss" "got $l1"

# --weights: the hand-checkable start from a file; rotating nothing changes nothing.
printf '1,2,0\n2,-4,0.5\n3,-1,-0.5\n' >"$TMP/w.csv"
run classify --plain --data demo --weights "$TMP/w.csv"
close "$(kv loss)" 6.266667 1e-6 && ok "--weights with the demo's W and b: the same loss" || not_ok "--weights" "$(tail -n 1 "$TMP/out")"
# W = 0, b = 0: every score 0, so each point's hinge loss is (C-1) * 1 = 2 and reg 0.
printf '0,0,0\n0,0,0\n0,0,0\n' >"$TMP/zero.csv"
run classify --plain --weights "$TMP/zero.csv"
close "$(kv loss)" 2 1e-12 && close "$(kv train_acc)" 0.3333 1e-4 && ok "--weights all zero: loss C - 1 = 2" ||
    not_ok "--weights all zero" "$(tail -n 1 "$TMP/out")"

# Training lowers the loss and says so.
run classify --plain --iters 300
close "$(kv iters)" 300 0 && awk -v l="$(kv loss)" 'BEGIN { exit !(l < 1) }' && close "$(kv train_acc)" 1 0 &&
    grep -q '^trained: 300 steps$' "$TMP/out" && ok "demo: 300 sgd steps fit all nine points, loss < 1" ||
    not_ok "demo training" "$(tail -n 1 "$TMP/out")"

# The lecture's pictures: a linear model cannot follow the spiral...
for m in svm softmax; do
    run classify --plain --data spiral --model $m --iters 2000
    acc=$(kv train_acc)
    [ "$status" -eq 0 ] && awk -v a="$acc" 'BEGIN { exit !(a < 0.6) }' &&
        ok "spiral, linear $m on raw inputs: train accuracy $acc < 0.6" ||
        not_ok "spiral, linear $m on raw inputs below 60%" "accuracy $acc" "$(cat "$TMP/err")"
done
# ...and circles are not separable until polar features.
run classify --plain --data circles --classes 2 --iters 2000
raw=$(kv train_acc)
run classify --plain --data circles --classes 2 --features polar --iters 2000
polar=$(kv train_acc)
awk -v r="$raw" -v p="$polar" 'BEGIN { exit !(r < 0.7 && p > 0.9) }' &&
    ok "circles: raw $raw < 0.7, polar $polar > 0.9" || not_ok "circles: polar features separate them" "raw $raw polar $polar"

# --race: the six optimizers from the same start, a line each, before the closing line.
run classify --plain --race --iters 10
[ "$status" -eq 0 ] && [ "$(grep -c '^race opt=' "$TMP/out")" -eq 6 ] && tail -n 1 "$TMP/out" | grep -q '^data=demo' &&
    [ "$(sed -n 's/^race opt=sgd .* loss=\([0-9.]*\) .*/\1/p' "$TMP/out")" = "$(kv loss)" ] &&
    ok "--race: six lines; sgd's is the run's own" || not_ok "--race" "$(grep '^race' "$TMP/out")"
expect_fail "--race without --plain" "race is for --plain" classify --race

# CSV data, with a header.
printf 'x,y,label\n0,0,0\n0.2,0.1,0\n3,3,1\n3.2,2.9,1\n' >"$TMP/p.csv"
run classify --plain --data "$TMP/p.csv" --iters 100
[ "$status" -eq 0 ] && [ "$(kv points)" = 4 ] && [ "$(kv data)" = p.csv ] && close "$(kv train_acc)" 1 0 &&
    ok "a CSV of two clusters: read and separated" || not_ok "CSV data" "$(tail -n 1 "$TMP/out")" "$(cat "$TMP/err")"

# --svg: whole, with the regions, the points and each class's zero line.
run classify --data demo --svg "$TMP/demo.svg"
if [ "$status" -eq 0 ] && [ -s "$TMP/demo.svg" ] && [ "$(tail -n 1 "$TMP/demo.svg")" = "</svg>" ]; then
    ok "--svg writes the picture"
else
    not_ok "--svg writes the picture" "status $status" "$(cat "$TMP/err")"
fi
[ "$(grep -c 'class="point"' "$TMP/demo.svg")" -eq 9 ] && [ "$(grep -c 'class="zero-line"' "$TMP/demo.svg")" -eq 3 ] &&
    grep -q '<g id="regions"' "$TMP/demo.svg" && ok "the SVG has 9 points, 3 zero lines, the regions" ||
    not_ok "SVG contents" "$(grep -c 'class="point"' "$TMP/demo.svg") points"
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$TMP/demo.svg" && ok "the SVG is well-formed (xmllint)" || not_ok "the SVG is well-formed"
fi
# The net's output rows have 100 weights each: a row shows what fits beside
# the plot, then "… (100)"; the long title is shrunk or squeezed, not cut.
run classify --data spiral --model mlp --iters 20 --svg "$TMP/net.svg"
rows=$(sed -n 's/.*>\(class [0-9]: b [^<]*\)<.*/\1/p' "$TMP/net.svg")
long=$(printf '%s\n' "$rows" | awk 'length($0) > 44')
[ "$(printf '%s\n' "$rows" | grep -c ' … (100)$')" -eq 3 ] && [ -z "$long" ] &&
    ok "--model mlp --svg: each class row shows a few of its 100 weights, then '… (100)'" ||
    not_ok "--model mlp --svg: each class row ends '… (100)' within the page" "$rows"
title=$(grep -m 1 '<text x="70.0" y="30.0"' "$TMP/net.svg")
printf '%s\n' "$title" | grep -q 'step 20</text>' &&
    printf '%s\n' "$title" | grep -Eq 'textLength="920"|font-size="1[0-9.]*"' &&
    ok "its long title is whole, set smaller or squeezed to the page" ||
    not_ok "its long title is whole, set smaller or squeezed to the page" "$title"
run classify --data circles --classes 2 --features polar --iters 300 --svg "$TMP/polar.svg" --theme light
grep -q '<rect id="paper" width="1000" height="720" fill="#ffffff"/>' "$TMP/polar.svg" && [ "$(grep -c 'class="point"' "$TMP/polar.svg")" -eq 300 ] &&
    [ "$(grep -c 'class="zero-line"' "$TMP/polar.svg")" -eq 0 ] && grep -q 'step 300</text>' "$TMP/polar.svg" &&
    ok "--svg --theme light: white paper, 300 points, no straight zero lines for polar inputs, trained 300 steps" ||
    not_ok "--svg on polar features, light theme" "$(grep -m1 paper "$TMP/polar.svg")"
mkdir "$TMP/ro" && chmod 500 "$TMP/ro"
if [ "$(id -u)" -ne 0 ]; then
    expect_fail "--svg into a folder it cannot write" "cannot write $TMP/ro/x.svg" classify --svg "$TMP/ro/x.svg"
    [ -z "$(ls "$TMP/ro")" ] && ok "no half-written file left" || not_ok "no half-written file left" "$(ls "$TMP/ro")"
fi

# Bad input: one message, exit status 2.
printf 'x,y,label\n1,2,0\n1,2\n' >"$TMP/bad.csv"
expect_fail "a short CSV row names FILE:LINE" "^descent: classify: $TMP/bad.csv:3: expected 3 fields x,y,label, found 2\$" classify --plain --data "$TMP/bad.csv"
printf '1,2,0\n1,2,9\n' >"$TMP/bad2.csv"
expect_fail "a bad label names FILE:LINE" "bad2.csv:2: label '9' is not an integer in 0..4" classify --plain --data "$TMP/bad2.csv"
expect_fail "a folder is not a CSV" "$TMP/: is a folder, not a regular file" classify --plain --data "$TMP/"
expect_fail "an unknown data set" "no data set 'swirl'" classify --plain --data swirl
expect_fail "an unknown model" "'hinge' is not one of svm, ova, structured, softmax, mlp" classify --plain --model hinge
expect_fail "an unknown feature set" "'cubic' is not one of raw, polar, playground" classify --plain --features cubic
expect_fail "xor has two classes" "xor has 2 classes, not 4" classify --plain --data xor --classes 4
expect_fail "a weights file of the wrong shape" "w.csv:3: more rows than the 2 classes" classify --plain --data moons --weights "$TMP/w.csv"
expect_fail "--points for a file" "are for the built-in sets" classify --plain --data "$TMP/p.csv" --points 10
expect_fail "the screen without a terminal" "needs a terminal" classify
# Diverging: step 0's report stands, then one message, status 2, no closing line.
run classify --plain --opt sgd:lr=1e200 --iters 50
[ "$status" -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && grep -q 'loss is no longer finite at step 1' "$TMP/err" &&
    ! grep -q '^data=' "$TMP/out" && ok "a learning rate that diverges: status 2, said so, no closing line" ||
    not_ok "a learning rate that diverges" "status $status" "$(cat "$TMP/err")"

# ---- the lessons: each caption's claim against the numbers at its step ----
# acc_at K: train_acc on the totals line printed after the caption at step K.
acc_at() { sed -n "s/^totals at step $1: .*train_acc \([0-9.]*\)\$/\1/p" "$TMP/out" | head -n 1; }
data_at() { sed -n "s/^totals at step $1: data_loss \([^ ]*\) .*/\1/p" "$TMP/out" | head -n 1; }

run classify --plain --scene classify-cuts
[ "$status" -eq 0 ] && grep -q '^lesson: A linear classifier cuts the plane$' "$TMP/out" &&
    grep -q '^caption at step 0: .*2 of the 9 points are in their own' "$TMP/out" && close "$(sed -n 's/^totals at step 0: .*train_acc \([0-9.]*\)$/\1/p' "$TMP/out")" 0.2222 1e-4 &&
    ok "cuts, step 0: 2 of the 9 points in their own region, as the caption says" || not_ok "cuts, step 0" "$(grep -A1 'step 0' "$TMP/out" | head -n 4)"
grep -q '^caption at step 30: .*6 of the 9 points' "$TMP/out" && close "$(acc_at 30)" 0.6667 1e-4 &&
    ok "cuts, step 30: 6 of the 9 ($(acc_at 30))" || not_ok "cuts, step 30: 6 of the 9" "$(acc_at 30)"
grep -q '^caption at step 100: Every point is in its own' "$TMP/out" && close "$(acc_at 100)" 1 0 &&
    ok "cuts, step 100: every point in its own region" || not_ok "cuts, step 100: every point" "$(acc_at 100)"

run classify --plain --scene classify-hinge-softmax
[ "$status" -eq 0 ] && grep -q "^caption at step 200: .*the SVM's data loss is exactly 0" "$TMP/out" && [ "$(data_at 200)" = 0 ] &&
    ok "hinge vs softmax, step 200: the SVM's data loss is exactly 0" || not_ok "hinge, step 200: data loss 0" "$(data_at 200)"
# "Softmax on this W still charges every point": W and b at step 200 into a
# weights file, then each point's softmax loss there.
sed -n '/^W and b at step 200:$/,/^points/p' "$TMP/out" | sed -n 's/^  class [0-9]  w \([^ ]*\) \([^ ]*\)  b \([^ ]*\)$/\1,\2,\3/p' >"$TMP/w200.csv"
run classify --plain --data demo --model softmax --weights "$TMP/w200.csv"
n=$(wc -l <"$TMP/w200.csv")
zero=$(grep '^  point ' "$TMP/out" | sed 's/.*  loss \([^ ]*\) .*/\1/' | awk '$1 <= 0' | wc -l)
[ "$n" -eq 3 ] && [ "$(grep -c '^  point ' "$TMP/out")" -eq 9 ] && [ "$zero" -eq 0 ] &&
    ok "and softmax on that W charges all nine points more than 0" || not_ok "softmax on the SVM's W" "$n rows, $zero zero losses"

run classify --plain --scene classify-polar
polar=$(acc_at 300)
awk -v p="$polar" 'BEGIN { exit !(p > 0.9) }' && ok "polar, step 300: more than 90% ($polar)" || not_ok "polar, step 300: more than 90%" "$polar"
# "nearly r = const": the theta weights differ by under 5% of the r weights' difference
sed -n '/^W and b at step 300:$/,/^points/p' "$TMP/out" | sed -n 's/^  class [0-9]  w \([^ ]*\) \([^ ]*\)  b .*/\1 \2/p' >"$TMP/w"
awk 'NR == 1 { r0 = $1; t0 = $2 } NR == 2 { dr = $1 - r0; dt = $2 - t0; if (dr < 0) dr = -dr; if (dt < 0) dt = -dt; exit !(dt < 0.05 * dr) }' "$TMP/w" &&
    ok "polar: the boundary is nearly r = const" || not_ok "polar: nearly r = const" "$(cat "$TMP/w")"
run classify --plain --scene classify-polar --features raw
raw=$(kv train_acc)
awk -v r="$raw" 'BEGIN { exit !(r >= 0.4 && r <= 0.6) }' && ok "polar scene with --features raw: about half right ($raw)" ||
    not_ok "polar scene with --features raw: about half" "$raw"

run classify --plain --scene classify-wiggle
a10=$(acc_at 10) a50=$(acc_at 50) a1000=$(acc_at 1000)
awk -v a="$a10" 'BEGIN { exit !(a >= 0.4 && a <= 0.6) }' && ok "wiggle, step 10: about half right ($a10)" || not_ok "wiggle, step 10: about half" "$a10"
awk -v a="$a50" 'BEGIN { exit !(a > 0.8) }' && ok "wiggle, step 50: more than 80% ($a50)" || not_ok "wiggle, step 50: more than 80%" "$a50"
awk -v a="$a1000" 'BEGIN { exit !(a > 0.9) }' && grep -q '^model: mlp (two-layer net, 100 relu units, softmax cross-entropy)' "$TMP/out" &&
    ok "wiggle, step 1000: the net is above 90% on the spiral ($a1000)" || not_ok "wiggle, step 1000: above 90%" "$a1000"
run classify --plain --scene classify-wiggle --model softmax
awk -v a="$(kv train_acc)" 'BEGIN { exit !(a < 0.6) }' && ok "wiggle's start caption: a linear softmax stays under 60% ($(kv train_acc))" ||
    not_ok "wiggle: a linear softmax under 60%" "$(kv train_acc)"

# The net on the command line; its options refused without it.
run classify --plain --data spiral --model mlp --hidden 30 --act tanh --opt adam:lr=0.02 --iters 1000
awk -v a="$(kv train_acc)" 'BEGIN { exit !(a > 0.9) }' && [ "$(kv model)" = mlp ] && [ "$(kv reg)" = 0.001 ] &&
    grep -q '^W1 (a row per hidden unit), b1, W2 (a row per class) and b2 at step 1000:$' "$TMP/out" &&
    [ "$(grep -c '^  W1 row ' "$TMP/out")" -eq 60 ] &&
    ok "--model mlp --hidden 30 --act tanh: above 90% on the spiral ($(kv train_acc)), W1 W2 printed" ||
    not_ok "--model mlp on the spiral" "$(tail -n 1 "$TMP/out")"
expect_fail "--hidden without the net" "hidden and --act are for --model mlp" classify --plain --hidden 10
expect_fail "--weights for the net" "weights is for the linear models" classify --plain --model mlp --weights "$TMP/w.csv"
expect_fail "an unknown activation" "'gelu' is not one of relu, tanh, sigmoid" classify --plain --model mlp --act gelu
expect_fail "too many hidden units" "not an integer in \[1, 512\]" classify --plain --model mlp --hidden 1000

# Scene mistakes, located; the two kinds of scene kept apart.
printf '[classify]\ndata = demo\n\n[surface]\nname = booth\n' >"$TMP/both.scene"
expect_fail "a [classify] scene with a [surface]" "both.scene:4: \[surface\] in a \[classify\] scene" classify --plain --scene "$TMP/both.scene"
printf '[classify]\ndata = demo\nw = 1, 2, 3, 4\nw = 1, 2, 3\nw = 1, 2, 3\n' >"$TMP/w.scene"
expect_fail "a W row of the wrong width" "w.scene:3: w: 4 values, but raw inputs need 2 weights and a bias" classify --plain --scene "$TMP/w.scene"
printf '[classify]\ndata = demo\nw = 1, 2, 3\n' >"$TMP/w1.scene"
expect_fail "too few W rows" "w1.scene:3: 1 rows of W (w = ...), but the data has 3 classes" classify --plain --scene "$TMP/w1.scene"
printf '[classify]\ndata = demo\nmodel = hinge\n' >"$TMP/m.scene"
run classify --plain --scene "$TMP/m.scene"
[ "$status" -eq 2 ] && grep -q "m.scene:3:9: unknown model 'hinge'" "$TMP/err" && ok "an unknown model, with line and column" ||
    not_ok "an unknown model in a scene" "$(cat "$TMP/err")"
expect_fail "a race scene is not a classify scene" "not a classify scene" classify --plain --scene tour
expect_fail "trace refuses a classify scene" "a classify scene: open it with descent classify --scene" trace --scene scenes/classify-cuts.scene

run classify --help
[ "$status" -eq 0 ] && grep -q -- '--features F' "$TMP/out" && grep -q 'spiral' "$TMP/out" &&
    ok "classify --help lists the options and data sets" || not_ok "classify --help"
run --help
grep -q '^  classify ' "$TMP/out" && ok "descent --help lists classify" || not_ok "descent --help lists classify"
finish
