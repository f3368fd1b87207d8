#!/bin/sh
# Runs every test: the cmocka unit binaries, then the command-line and screen
# scripts. Prints one line per failure and a closing "N passed, N failed" line;
# exits 1 when anything failed.
BUILD=${BUILD:-build}
BIN=$(pwd)/$BUILD/descent
export BIN
pass=0 fail=0 skip=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

count() { # count PATTERN FILE -> number in "[  PASSED  ] N test(s)"-style lines
    sed -n "s/^\[ *$1 *\] \([0-9][0-9]*\) test.*/\1/p" "$2" | head -n 1
}

for t in "$BUILD"/tests/test_*; do
    case $t in *.d) continue ;; esac
    [ -x "$t" ] || continue
    name=$(basename "$t")
    "$t" >"$log" 2>&1
    status=$?
    p=$(count PASSED "$log"); f=$(count FAILED "$log"); s=$(count SKIPPED "$log")
    pass=$((pass + ${p:-0})); skip=$((skip + ${s:-0}))
    if [ "$status" -ne 0 ] || [ "${f:-0}" -ne 0 ]; then
        fail=$((fail + ${f:-1}))
        echo "FAIL $name"; sed 's/^/    /' "$log" | grep -v '^    \[ *\(RUN\|OK\) ' | tail -n 40
    else
        echo "ok   $name (${p:-0} tests$( [ "${s:-0}" -gt 0 ] && echo ", $s skipped"))"
        grep -h '^SKIP' "$log" | sed 's/^/    /'
    fi
done

for t in tests/cli/*.sh tests/screen/*.sh; do
    [ -f "$t" ] || continue
    sh "$t" >"$log" 2>&1
    status=$?
    p=$(grep -c '^ok ' "$log"); f=$(grep -c '^not ok ' "$log"); s=$(grep -c '^skip ' "$log")
    pass=$((pass + p)); skip=$((skip + s))
    if [ "$status" -ne 0 ] || [ "$f" -ne 0 ]; then
        [ "$f" -eq 0 ] && f=1
        fail=$((fail + f))
        echo "FAIL $t"; grep -v '^ok ' "$log" | sed 's/^/    /' | tail -n 40
    else
        echo "ok   $t ($p checks$( [ "$s" -gt 0 ] && echo ", $s skipped"))"
        grep '^skip ' "$log" | sed 's/^/    /'
    fi
done

echo "check: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
