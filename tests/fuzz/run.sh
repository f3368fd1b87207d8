#!/bin/sh
# Runs each libFuzzer harness in BUILD for SECONDS over a working copy of its
# seed corpus (tests/fuzz/corpus/NAME, never written to). A crash leaves its
# input in BUILD/crash-NAME-*; copy it to tests/fuzz/regress/NAME/ so that
# `make check` replays it. Prints executions per target; exits 1 on a crash.
BUILD=${1:-build-fuzz}
SECONDS_EACH=${2:-60}
fail=0
for bin in "$BUILD"/fuzz_*; do
    case $bin in *.d) continue ;; esac
    [ -x "$bin" ] || continue
    name=${bin##*/fuzz_}
    work="$BUILD/corpus-$name"
    mkdir -p "$work"
    cp tests/fuzz/corpus/"$name"/* "$work"/ 2>/dev/null
    log="$BUILD/fuzz-$name.log"
    # -rss_limit_mb / -malloc_limit_mb: a huge allocation for a tiny input is a finding.
    if "$bin" -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=1024 -max_len=16384 \
        -print_final_stats=1 -artifact_prefix="$BUILD/crash-$name-" \
        "$work" >"$log" 2>&1; then
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
        echo "ok   fuzz $name: $execs executions, no crash (${SECONDS_EACH}s)"
    else
        echo "FAIL fuzz $name: see $log"
        grep -m1 -A12 'ERROR\|runtime error\|deadly signal' "$log" | sed 's/^/    /'
        fail=1
    fi
done
exit $fail
