#!/bin/sh
# make memcheck: valgrind over the headless commands; any leak or error fails.
# Covers trace (built-in surfaces, formulas, every scene in scenes/), train
# (synthetic data, and the shared CIFAR-10 subset when present, both layouts),
# every walkthrough's --plain text, and the listings.
BUILD=${BUILD:-build}
BIN=$BUILD/descent
command -v valgrind >/dev/null || { echo "memcheck: valgrind is not installed"; exit 1; }
fail=0
# check ARGS...: exit 0, clean; refused ARGS...: the error path (exit 2), clean.
want=0
check() {
    valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible --suppressions=tests/valgrind.supp \
        "$BIN" "$@" >/dev/null 2>"$BUILD/memcheck.log"
    status=$?
    if [ "$status" -eq "$want" ]; then
        echo "ok   descent $*"
    else
        echo "FAIL descent $* (status $status, want $want)"; sed 's/^/    /' "$BUILD/memcheck.log" | grep -v '^    \(iter\|data\|confusion\|  \)' | head -40; fail=1
    fi
}
check trace --surface rosenbrock --steps 500
check trace --surface booth --steps 100000 --opt sgd:lr=0.12 --noise 0.1
check trace --formula '(1-x)^2 + 100*(y-x^2)^2' --steps 300 --analyze
check trace --formula 'sin(x)*cos(y) + sqrt(x^2+y^2) + log(1+exp(x)) - tanh(y)/2' --steps 200 --noise 0.05
for s in scenes/*.scene; do
    grep -q '^\[classify\]\|^\[landscape\]' "$s" || check trace --scene "$s" --analyze
done
check surfaces
check optimizers
check classify --plain --iters 100 --race
check classify --plain --data spiral --classes 4 --model softmax --features playground --iters 50 --opt adam:lr=0.05
for s in scenes/classify-*.scene; do
    check classify --plain --scene "$s" --iters 20
done
check train --iters 50 --dataset synthetic
check train --iters 50 --dataset synthetic --model softmax --opt adam:lr=1e-3 --gradcheck 5
subset=../shared/data/cifar-10-subset
for layout in bin py; do
    if [ -d "$subset/cifar-10-batches-$layout" ]; then
        check train --iters 50 --data "$subset/cifar-10-batches-$layout" --train 1000 --val 100 --test 100 --batch 50
    else
        echo "skip descent train on $subset/cifar-10-batches-$layout: not present"
    fi
done
check walk
for w in $("$BIN" walk | awk '{ print $1 }'); do
    check walk "$w" --plain
done
check walk svm --plain --scene tests/fuzz/corpus/walkscene/svm.scene
refused() { want=2; check "$@"; want=0; }
refused trace --scene tests/badinput/unclosed-formula.scene
check trace --scene tests/fuzz/regress/scene/numbers-null-offset.scene --steps 10
refused trace --formula 'x + (y'
refused train --dataset synthetic --load tests/fuzz/corpus/checkpoint/small --iters 1
refused train --data tests/badinput --iters 1
exit $fail
