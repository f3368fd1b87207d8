#!/bin/sh
# make memcheck: valgrind over the headless commands; any leak or error fails.
BUILD=${BUILD:-build}
BIN=$BUILD/descent
command -v valgrind >/dev/null || { echo "memcheck: valgrind is not installed"; exit 1; }
fail=0
check() {
    if valgrind -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible "$BIN" "$@" >/dev/null 2>"$BUILD/memcheck.log"; then
        echo "ok   descent $*"
    else
        echo "FAIL descent $*"; sed 's/^/    /' "$BUILD/memcheck.log" | head -40; fail=1
    fi
}
check trace --surface rosenbrock --steps 500
check trace --surface booth --steps 100000 --opt sgd:lr=0.12 --noise 0.1
check surfaces
check optimizers
exit $fail
