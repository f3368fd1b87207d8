#!/bin/sh
# descent walk: the listing, the --plain walkthroughs against their golden
# files, the lecture's numbers (checked by hand, see the comments), the
# handout constraints (ASCII, no escapes, 80 columns), scene inputs and errors.
. tests/lib.sh
NAMES="svm regularization softmax svm-vs-softmax gradient step learning-rate random-search"
G=tests/walk

run walk
n=0; for w in $NAMES; do grep -q "^  $w " "$TMP/out" && n=$((n + 1)); done
grep -q "^  backprop " "$TMP/out" && n=$((n + 1))
expect walk-lists-all [ "$status" -eq 0 ] && [ "$n" -eq 9 ]

for w in $NAMES; do
    # gradient and random-search default to real images; the goldens are the toy set's
    case $w in gradient|random-search) run walk "$w" --plain --dataset toy ;; *) run walk "$w" --plain ;; esac
    if [ "$status" -eq 0 ] && [ ! -s "$TMP/err" ] && cmp -s "$TMP/out" "$G/$w.golden"; then
        ok "golden-$w"
    else
        not_ok "golden-$w" "status $status" "$(diff "$G/$w.golden" "$TMP/out" | head -20)"
    fi
    cp "$TMP/out" "$TMP/$w.txt"
    long=$(awk 'length($0) > 80' "$TMP/out" | head -3)
    expect "width-$w" [ -z "$long" ]
    if LC_ALL=C grep -q '[^ -~]' "$TMP/out"; then not_ok "ascii-$w" "non-ASCII or control bytes"; else ok "ascii-$w"; fi
    steps=$(grep -c '^== Step ' "$TMP/out")
    expect "steps-$w" [ "$steps" -ge 3 ]
done

# has NAME FIXED-STRING: the walkthrough's plain text contains the string.
has() {
    if grep -qF -- "$2" "$TMP/$1.txt"; then ok "$1: $2"; else not_ok "$1: $2" "not found"; fi
}

# backprop: no golden file (it would be the program's own output); instead
# the numbers below, derived by hand. The lecture's graph at x = -2, y = 5,
# z = -4: q = x + y = 3, f = q z = -12; df/dz = q = 3, df/dq = z = -4,
# df/dx = df/dy = df/dq x 1 = -4. The net: x = (1, 2), W1 = [.5 -.3; .2 .4],
# b1 = (.2, -.1): z = (.5 - .6 + .2, .2 + .8 - .1) = (.1, .9), both on;
# W2 = [1 -1; .5 2], b2 = (0, .1): s = (.1 - .9, .05 + 1.8 + .1) = (-.8, 1.95);
# p_cat = 1 / (1 + e^2.75) = 1 / 16.6426 = 0.060087, L = ln 16.6426 = 2.8120;
# ds = (p_cat - 1, p_dog) = (-0.93991, 0.93991); dW2[cat,1] = -0.93991 x .1;
# da = (1 x -0.93991 + .5 x 0.93991, -1 x -0.93991 + 2 x 0.93991)
#    = (-0.46996, 2.81974) = dz; dW1[2,2] = 2.81974 x 2 = 5.6395.
run walk backprop --plain
cp "$TMP/out" "$TMP/backprop.txt"
expect "backprop runs" [ "$status" -eq 0 ] && [ ! -s "$TMP/err" ]
expect "width-backprop" [ -z "$(awk 'length($0) > 80' "$TMP/out" | head -3)" ]
if LC_ALL=C grep -q '[^ -~]' "$TMP/out"; then not_ok "ascii-backprop" "non-ASCII or control bytes"; else ok "ascii-backprop"; fi
has backprop "q = x + y = (-2) + 5 = 3"
has backprop "f = q z = 3 x (-4) = -12"
has backprop "df/dz = q x df/df = 3 x 1 = 3"
has backprop "df/dq = z x df/df = (-4) x 1 = -4"
has backprop "df/dx = df/dq x dq/dx = (-4) x 1 = -4"
has backprop "df/dy = df/dq x dq/dy = (-4) x 1 = -4"
has backprop "z_1 = 0.5 x 1 + (-0.3) x 2 + 0.2 = 0.1,  a_1 = 0.1"
has backprop "z_2 = 0.2 x 1 + 0.4 x 2 + (-0.1) = 0.9,  a_2 = 0.9"
has backprop "s_cat = 1 x 0.1 + (-1) x 0.9 + 0 = -0.8"
has backprop "s_dog = 0.5 x 0.1 + 2 x 0.9 + 0.1 = 1.95"
has backprop "L = -log p_cat = -log 0.06009 = 2.812"
has backprop "dL/ds_cat = 0.06009 - 1 = -0.9399"
has backprop "dW2[cat, 1] = dL/ds_cat x a_1 = (-0.9399) x 0.1 = -0.09399"
has backprop "da_1 = 1 x (-0.9399) + 0.5 x 0.9399 = -0.47"
has backprop "da_2 = -1 x (-0.9399) + 2 x 0.9399 = 2.82"
has backprop "dW1[2, 2] = dz_2 x x_2 = 2.82 x 2 = 5.639"
has backprop "good (<= 1e-7)"
# a scene section changes the inputs: the graph at x = 1, y = 2, z = 3 gives
# q = 3, f = 9, df/dx = z = 3; a dead unit blocks its gradient
cat >"$TMP/bp.scene" <<'SCENE'
[walkthrough backprop]
graph = 1 2 3
net = 0.5 -0.3 0.2 0.4 -1 -0.1 1 -1 0.5 2 0 0.1
SCENE
run walk backprop --plain --scene "$TMP/bp.scene"
cp "$TMP/out" "$TMP/backprop2.txt"
has backprop2 "f = q z = 3 x 3 = 9"
has backprop2 "df/dx = df/dq x dq/dx = 3 x 1 = 3"
has backprop2 "hidden 1 is off (z <= 0): no gradient flows back through it."
has backprop2 "(ReLU off: blocks it)"
printf '[walkthrough backprop]\ngraph = 1 2\n' >"$TMP/bp-bad.scene"
expect_fail "backprop: graph needs 3 numbers" "graph: need 3 numbers" walk backprop --plain --scene "$TMP/bp-bad.scene"

# svm, by hand: cat image 5.1-3.2+1 = 2.9, -1.7-3.2+1 = -3.9 -> 2.9;
# car image 1.3-4.9+1 = -2.6, 2.0-4.9+1 = -1.9 -> 0;
# frog image 2.2+3.1+1 = 6.3, 2.5+3.1+1 = 6.6 -> 12.9; mean 15.8/3 = 5.266.. -> 5.27.
has svm "max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1)"
has svm "= max(0, 2.9) + max(0, -3.9) = 2.9 + 0 = 2.9"
has svm "= max(0, -2.6) + max(0, -1.9) = 0 + 0 = 0"
has svm "max(0, 2.2 - (-3.1) + 1) + max(0, 2.5 - (-3.1) + 1)"
has svm "= max(0, 6.3) + max(0, 6.6) = 6.3 + 6.6 = 12.9"
has svm "(2.9 + 0 + 12.9) / 3 = 5.27"
# questions: car 4.9 -> 4.4 still 0; zeros give C - 1 = 2 (9 for ten classes);
# all j adds 1: 16.27/.. = 6.27; mean over j: 5.27/2 = 2.63; squared:
# (2.9^2 + 6.3^2 + 6.6^2)/3 = (8.41 + 39.69 + 43.56)/3 = 30.55.
has svm "L_car: 0 -> 0"
has svm "L = 2 = C - 1"
has svm "with 10 classes: 9 terms of max(0, 0 - 0 + 1) = 9"
has svm "L = 6.27 (was 5.27)"
has svm "L = 2.63 (was 5.27)"
has svm "L = 30.55 (was 5.27)"

# softmax, by hand: e^3.2 = 24.53, e^5.1 = 164.02, e^-1.7 = 0.183; sum 188.7;
# 24.53/188.7 = 0.130; -ln 0.130 = 2.04; ln 10 = 2.302.
has softmax "exp(3.2) = 24.5, exp(5.1) = 164.0, exp(-1.7) = 0.18"
has softmax "sum = 24.5 + 164.0 + 0.18 = 188.7"
has softmax "P(cat) = 24.5 / 188.7 = 0.13"
has softmax "P(car) = 164.0 / 188.7 = 0.87"
has softmax "P(frog) = 0.18 / 188.7 = 0.00"
has softmax "-log(0.13) = 2.04"
has softmax "log 10 = 2.30"

# regularization: 2W = 2.6 9.8 4.0, margins -6.2 and -4.8; L2: 1 vs 4 x 0.0625;
# L1: 1 vs 1; elastic: 2 vs 1.25.
has regularization "max(0, 2.6 - 9.8 + 1) + max(0, 4.0 - 9.8 + 1)"
has regularization "= max(0, -6.2) + max(0, -4.8) = 0 + 0 = 0"
has regularization "R(w2) = 0.25^2 + 0.25^2 + 0.25^2 + 0.25^2 = 0.25"
has regularization "L2 prefers w2, L1 ties"
has regularization "elastic net prefers w2 (R(w1) = 2, R(w2) = 1.25)"

# svm vs softmax: [10,-2,3]: margins -11, -6; [10,9,9]: margins exactly 0;
# cross-entropy ln(1 + e^-12 + e^-7) = 0.000918, ln(1 + 2/e) = 0.551.
has svm-vs-softmax "max(0, -2 - 10 + 1) + max(0, 3 - 10 + 1) = max(0, -11) + max(0, -6)"
has svm-vs-softmax "hinge 0, cross-entropy 0.000918"
has svm-vs-softmax "hinge 0, cross-entropy 0.551"
has svm-vs-softmax "hinge 0, cross-entropy 3.38e-48"

# step from Booth's start, g = (-34, -38), lr 0.01: sgd 0.34; nesterov
# 0.01 x 1.9 x 34 = 0.646; rmsprop c = 11.56, 0.34/3.4 = 0.1; adam 0.01.
has step "x = x - lr g = 0 - 0.01 x (-34) = 0.34"
has step "= 0 - 0.01 x ((-34) + 0.9 x (-34)) = 0.646"
has step "c = decay c + (1 - decay) g^2 = 0.99 x 0 + 0.01 x (-34)^2 = 11.56"
has step "m_hat = m / (1 - b1^t) = -3.4 / (1 - 0.9^1) = -34"
has step "  adam         0.01     0.01"

# learning rate: Booth's Hessian [[10,8],[8,10]] has eigenvalues 18 and 2.
has learning-rate "eigenvalues l1 = 18, l2 = 2"
has learning-rate "lr = 0.01: falls short"
has learning-rate "lr = 0.10: converges"
has learning-rate "lr = 0.11: oscillates"
has learning-rate "lr = 0.12: diverges"
has learning-rate "= 0 + (0.1 - 0) x (1 + cos(pi x 50 / 100)) / 2 = 0.05"

has gradient "W[cat,1] + h = 0.34 + 0.0001 = 0.3401"
has gradient "good (<= 1e-7)"
has random-search "following the slope wins"

expect_fail walk-unknown "unknown walkthrough 'nope' (valid: svm, regularization, softmax, svm-vs-softmax, gradient, step, learning-rate, random-search)" walk nope --plain
expect_fail walk-not-a-terminal "walk: not a terminal (use --plain for text)" walk svm
expect_fail walk-extra "unexpected argument" walk svm extra --plain

# A teacher's own table. By hand: dog image (y = dog, 1.0):
# max(0, 2.0 - 1.0 + 1) + max(0, 0.5 - 1.0 + 1) = 2 + 0.5 = 2.5;
# fish image (y = fish, 4.0): max(0, 0.0 - 4.0 + 1) + max(0, 3.0 - 4.0 + 1) = 0;
# mean 1.25. Softmax of the dog row: e / (e + e^2 + e^0.5) = 0.231, -ln = 1.46.
cat >"$TMP/mine.scene" <<'SCENE'
# a scene file may hold other sections
[surface]
name = booth

[walkthrough svm]
classes = dog, bird, fish
scores = 1.0 2.0 0.5 | 0.0 3.0 4.0
labels = dog, fish

[walkthrough softmax]
classes = dog, bird, fish
scores = 1.0 2.0 0.5
labels = dog
SCENE
run walk svm --plain --scene "$TMP/mine.scene"
cp "$TMP/out" "$TMP/custom.txt"
expect scene-svm-runs [ "$status" -eq 0 ]
has custom "= max(0, 2) + max(0, 0.5) = 2 + 0.5 = 2.5"
has custom "L_fish = max(0, 0.0 - 4.0 + 1) + max(0, 3.0 - 4.0 + 1)"
has custom "(2.5 + 0) / 2 = 1.25"
run walk softmax --plain --scene "$TMP/mine.scene"
cp "$TMP/out" "$TMP/custom2.txt"
has custom2 "L_dog = -log P(dog) = -log(0.23) = 1.46"

# Inputs of the optimizer walkthroughs. By hand: sgd from x = 1 with g = 3,
# lr 0.1: 1 - 0.3 = 0.7. Booth at lr 0.05: error factors 1 - 0.05 x 18 = 0.1
# and 1 - 0.05 x 2 = 0.9, 0.9^100 ~ 3e-5: converges; at lr 0.2: 1 - 3.6 = -2.6:
# diverges. Cosine at t = 10, T = 100, lr 0.1: 0.05 (1 + cos(pi/10)) = 0.0975528.
cat >"$TMP/opt.scene" <<'SCENE'
[walkthrough step]
point = 1, 2
grad = 3, -4
lr = 0.1
[walkthrough learning-rate]
lrs = 0.05 0.2
t = 0 10 20
SCENE
run walk step --plain --scene "$TMP/opt.scene"
cp "$TMP/out" "$TMP/custom3.txt"
has custom3 "x = x - lr g = 1 - 0.1 x 3 = 0.7"
run walk learning-rate --plain --scene "$TMP/opt.scene"
cp "$TMP/out" "$TMP/custom4.txt"
has custom4 "lr = 0.05: converges"
has custom4 "lr = 0.20: diverges"
has custom4 "= 0 + (0.1 - 0) x (1 + cos(pi x 10 / 100)) / 2 = 0.0975528"

printf '[walkthrough svm]\nclasses = a, b\nscores = 1 2 | 3\nlabels = a, b\n' >"$TMP/bad1"
expect_fail scene-row-length "bad1:3: scores: row 2 has 1 numbers, but there are 2 classes" walk svm --plain --scene "$TMP/bad1"
printf '[walkthrough svm]\nscores = 1 2 x\n' >"$TMP/bad2"
expect_fail scene-not-number "bad2:2: scores: 'x' is not a number" walk svm --plain --scene "$TMP/bad2"
printf '\n[walkthrough svm]\n\nfoo = 1\n' >"$TMP/bad3"
expect_fail scene-unknown-key "bad3:4: walkthrough svm has no key 'foo'" walk svm --plain --scene "$TMP/bad3"
printf '[walkthrough svm]\nlabels = cat, dog, frog\n' >"$TMP/bad4"
expect_fail scene-bad-label "bad4:2: labels: 'dog' is not one of the classes" walk svm --plain --scene "$TMP/bad4"
printf '[walkthrough softmax]\nscores = 1 2 3\n' >"$TMP/bad5"
expect_fail scene-no-section "bad5: no \[walkthrough svm\] section" walk svm --plain --scene "$TMP/bad5"
expect_fail scene-missing-file "nonexistent.scene: No such file" walk svm --plain --scene "$TMP/nonexistent.scene"
printf '[walkthrough svm]\nscores = 1 2 3 | 4 5 6\n' >"$TMP/bad6"
expect_fail scene-labels-needed "bad6:2: labels: needed for 2 score rows" walk svm --plain --scene "$TMP/bad6"
finish
