#!/bin/sh
# descent walk gradient / random-search on real images (the shared CIFAR-10
# subset): the data named in the text, the real parameter count in the "2D
# passes" arithmetic, the same text twice (but the measured time), the
# lecture's accuracies (random W 10-16%, a few hundred SGD steps 25%+), the
# toy set on request, and the option errors.
. tests/lib.sh
SUB=../shared/data/cifar-10-subset/cifar-10-batches-bin

expect_fail walkdata-not-for-svm "walk: --data and --dataset apply to gradient, random-search and features, not svm" walk svm --plain --dataset toy
expect_fail walkdata-both "give --data DIR or --dataset NAME, not both" walk gradient --plain --data x --dataset toy
expect_fail walkdata-bad-name "'nope' is not one of cifar10, fashion-mnist, synthetic, toy" walk gradient --plain --dataset nope
expect_fail walkdata-missing-dir "nonexistent" walk gradient --plain --data "$TMP/nonexistent"

# --dataset toy is the lecture's toy set, whatever data the machine has.
run walk gradient --plain --dataset toy
if [ "$status" -eq 0 ] && cmp -s "$TMP/out" tests/walk/gradient.golden; then ok walkdata-toy; else not_ok walkdata-toy "status $status"; fi

if [ ! -d "$SUB" ]; then
    skip "walkdata-cifar: the CIFAR-10 subset is not at $SUB"
    finish
    exit
fi

run walk gradient --plain --data "$SUB"
cp "$TMP/out" "$TMP/g1"
expect walkdata-gradient-runs [ "$status" -eq 0 ] && [ ! -s "$TMP/err" ]
has "$TMP/g1" "Data: CIFAR-10 (binary layout), the first 500 training images"
has "$TMP/g1" "has 10 x 3073 = 30730 entries"
has "$TMP/g1" "here: D = 10 x 3073 = 30730: 2D = 61460 passes over the data per step"
has "$TMP/g1" "max relative error"
long=$(awk 'length($0) > 80' "$TMP/g1" | head -3)
expect walkdata-width [ -z "$long" ]
if LC_ALL=C grep -q '[^ -~]' "$TMP/g1"; then not_ok walkdata-ascii "non-ASCII bytes"; else ok walkdata-ascii; fi

# The arithmetic of the measured line: 2D x one pass, in seconds (3 digits).
line=$(grep "measured: one pass over 500 images takes" "$TMP/g1")
ms=$(echo "$line" | sed 's/.*takes \([0-9.e+-]*\) ms.*/\1/')
s=$(echo "$line" | sed 's/.*passes take \([0-9.e+-]*\) s$/\1/')
good=$(awk -v ms="$ms" -v s="$s" 'BEGIN { w = 61460 * ms / 1000; d = w - s; if (d < 0) d = -d; print (ms > 0 && d <= 0.01 * w) ? 1 : 0 }')
expect walkdata-2d-arithmetic [ "$good" = 1 ]

# The same data and seed give the same text, but for the lines of measured time.
run walk gradient --plain --data "$SUB"
grep -v -e "^  measured:" -e "^  a million parameters:" "$TMP/g1" >"$TMP/a"
grep -v -e "^  measured:" -e "^  a million parameters:" "$TMP/out" >"$TMP/b"
if cmp -s "$TMP/a" "$TMP/b"; then ok walkdata-deterministic; else not_ok walkdata-deterministic "$(diff "$TMP/a" "$TMP/b" | head -6)"; fi

# $DESCENT_DATA is found as `descent train` finds it.
export DESCENT_DATA="$SUB"
run walk gradient --plain
unset DESCENT_DATA
grep -v -e "^  measured:" -e "^  a million parameters:" "$TMP/out" >"$TMP/c"
if cmp -s "$TMP/a" "$TMP/c"; then ok walkdata-default-search; else not_ok walkdata-default-search "$(head -c 300 "$TMP/err")"; fi

# SVM: the check passes or names the kinks.
printf '[walkthrough gradient]\nloss = svm\n' >"$TMP/svm.scene"
run walk gradient --plain --data "$SUB" --scene "$TMP/svm.scene"
cp "$TMP/out" "$TMP/svm"
has "$TMP/svm" "SVM loss"
rel=$(sed -n 's/.*max relative error \([0-9.e+-]*\):.*/\1/p' "$TMP/svm")
okrel=$(awk -v r="$rel" 'BEGIN { print (r != "" && r + 0 < 1e-4) ? 1 : 0 }')
if [ "$okrel" = 1 ] || grep -q kink "$TMP/svm"; then ok walkdata-svm-check; else not_ok walkdata-svm-check "rel $rel"; fi

# Random search (1000 tries) against 300 SGD steps. The lecture: the best
# random W gets about 15.5% on CIFAR-10 (chance is 10%); SGD gets 25% and more.
run walk random-search --plain --data "$SUB"
cp "$TMP/out" "$TMP/rs"
expect walkdata-random-search-runs [ "$status" -eq 0 ]
has "$TMP/rs" "repeat 1000 times: W = 0.0001 x randn(10, 3073)"
has "$TMP/rs" "accuracy on 1000 test images"
ra=$(sed -n 's/^  random search: loss .*, accuracy \([0-9.]*\)%$/\1/p' "$TMP/rs")
sa=$(sed -n 's/^  follow the slope: loss .*, accuracy \([0-9.]*\)%$/\1/p' "$TMP/rs")
inrange=$(awk -v r="$ra" -v s="$sa" 'BEGIN { print (r != "" && s != "" && r >= 8 && r <= 18 && s >= 25 && s > r) ? 1 : 0 }')
if [ "$inrange" = 1 ]; then ok "walkdata-accuracies random $ra% slope $sa%"; else not_ok walkdata-accuracies "random '$ra' slope '$sa'"; fi
finish
