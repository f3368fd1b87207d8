# descent train --model mlp: the two-layer net's options and their one-line
# errors, its checkpoints refused as the wrong model, the gradient check on
# its four blocks, and training above chance on the CIFAR-10 subset.
. tests/lib.sh
SUBSET=../shared/data/cifar-10-subset
value() { tail -n 1 "$TMP/out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
within() { awk -v x="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(x >= lo && x <= hi) }'; }
syn="--dataset synthetic --train 300 --val 50 --test 100 --batch 20"

for h in 0 -1 4097 99999999999 abc 1e2; do
    expect_fail "--hidden $h is refused" "--hidden: '$h' is not an integer in \[1, 4096\]" train --model mlp --hidden "$h"
done
expect_fail "--act gelu is refused" "--act: 'gelu' is not relu, tanh or sigmoid" train --model mlp --act gelu
expect_fail "--hidden without mlp" "--hidden is for the two-layer net: add --model mlp" train --hidden 10
expect_fail "--act without mlp" "--act is for the two-layer net" train --act tanh
expect_fail "--model and --loss disagree" "--model svm and --loss softmax disagree" train --model svm --loss softmax
expect_fail "--model tree" "'tree' is not svm, softmax or mlp" train --model tree
expect_fail "--init -1" "--init: '-1' is not a number in \[0, 10\]" train --model mlp --init -1

# the summary says what was trained
run train $syn --model mlp --hidden 12 --act tanh --loss svm --iters 5 --save "$TMP/net.model"
expect "mlp summary names the net" test "$(value arch) $(value hidden) $(value act) $(value model) $(value iters)" = "mlp 12 tanh svm 5"
acc=$(value test_acc)
run train $syn --iters 5 --save "$TMP/lin.model"
expect "a linear model saves" test "$status" -eq 0
# a checkpoint is the model it names, and no other
expect_fail "linear file loaded as mlp" "lin.model: holds the linear classifier, not a two-layer net (--model mlp)" train $syn --model mlp --load "$TMP/lin.model"
expect_fail "mlp file loaded as linear" "net.model: holds a two-layer net of 12 tanh units, not the linear classifier (--model svm)" train $syn --load "$TMP/net.model"
expect_fail "mlp file of another size" "net.model: holds a two-layer net of 12 tanh units, not the --hidden 30 asked for" train $syn --model mlp --hidden 30 --load "$TMP/net.model"
expect_fail "mlp file of another activation" "not the --act relu asked for" train $syn --model mlp --act relu --load "$TMP/net.model"
# without --hidden the file's size is taken, and the weights are the saved ones
run train $syn --model mlp --loss svm --load "$TMP/net.model" --iters 0
expect "mlp file loads with its own size" test "$status $(value hidden) $(value act)" = "0 12 tanh"
expect "the loaded net scores the test set as the saved one did" test "$(value test_acc)" = "$acc"
# the file's version and model name, read back from its bytes
ver=$(od -An -tu4 -j8 -N4 "$TMP/net.model" | tr -d ' ')
name=$(dd if="$TMP/net.model" bs=1 skip=36 count=3 2>/dev/null)
expect "the checkpoint is version 2 and names the model" test "$ver $name" = "2 mlp"

# every optimizer of the core, and a schedule, drive the net: the loss falls
for o in sgd momentum nesterov adagrad rmsprop adam "sgd:schedule=cosine,T=40" "adam:schedule=step,every=10,gamma=0.5"; do
    run train $syn --model mlp --hidden 16 --iters 0 --opt "$o"
    l0=$(value loss)
    run train $syn --model mlp --hidden 16 --iters 40 --opt "$o"
    l1=$(value loss)
    if [ "$status" -eq 0 ] && awk -v a="$l1" -v b="$l0" 'BEGIN { exit !(a < b) }'; then
        ok "mlp trains with $o (loss $l0 -> $l1)"
    else
        not_ok "mlp trains with $o" "status $status, loss $l0 -> $l1" "$(tail -n 2 "$TMP/err")"
    fi
done

# the gradient check in double precision over W1, b1, W2 and b2
run train $syn --model mlp --hidden 8 --iters 3 --gradcheck 40
n=$(grep -c '^gradcheck index=' "$TMP/out")
worst=$(value gradcheck_max_rel_error)
blocks=$(sed -n 's/^gradcheck .* block=\([A-Za-z0-9]*\) .*/\1/p' "$TMP/out" | sort -u | tr '\n' ' ')
if [ "$status" -eq 0 ] && [ "$n" -eq 40 ] && within "$worst" 0 1e-6 && ! grep -qi wrong "$TMP/out"; then
    ok "mlp gradcheck passes (worst $worst)"
else
    not_ok "mlp gradcheck" "status $status, $n lines, worst $worst" "$(head -n 5 "$TMP/out")"
fi
# 16x16x3 synthetic images: 8 x 768 + 8 + 10 x 8 + 10 = 6242 entries, by hand
bad=$(awk '/^gradcheck index=/ {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    x = v["index"]
    if (x < 6144) want = "W1"; else if (x < 6152) want = "b1"; else if (x < 6232) want = "W2"; else want = "b2"
    if (v["block"] != want) print
}' "$TMP/out")
expect "mlp gradcheck names each entry's block (seen: $blocks)" test -z "$bad"

if [ -d "$SUBSET/cifar-10-batches-bin" ]; then
    run train --data "$SUBSET" --model mlp --iters 300 --train 4000 --val 200
    acc=$(value test_acc)
    if [ "$status" -eq 0 ] && within "$acc" 0.2 1; then
        ok "mlp on the CIFAR-10 subset: test accuracy $acc, twice chance"
    else
        not_ok "mlp on the subset" "status $status acc $acc" "$(tail -n 3 "$TMP/err")"
    fi
else
    skip "mlp on the subset: $SUBSET absent"
fi
finish
