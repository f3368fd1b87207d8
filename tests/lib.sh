# Helpers for the shell tests. Each check prints "ok NAME" or "not ok NAME";
# tests/run.sh counts them. $BIN is the descent binary under test.
: "${BIN:?BIN must name the descent binary}"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# The tester's own settings file must not change what the tests see.
export XDG_CONFIG_HOME="$TMP/no-config"
failures=0

ok() { echo "ok $1"; }
not_ok() { echo "not ok $1"; shift; for l in "$@"; do echo "    $l"; done; failures=$((failures + 1)); }
skip() { echo "skip $1"; }

# run ARGS...: runs descent, leaving stdout in $TMP/out, stderr in $TMP/err, status in $status.
run() {
    "$BIN" "$@" >"$TMP/out" 2>"$TMP/err"
    status=$?
}

# expect_fail NAME PATTERN ARGS...: exit status 2, one stderr line matching PATTERN, no stdout.
expect_fail() {
    name=$1 pattern=$2; shift 2
    run "$@"
    lines=$(wc -l <"$TMP/err")
    if [ "$status" -eq 2 ] && [ "$lines" -eq 1 ] && grep -q -- "$pattern" "$TMP/err" && [ ! -s "$TMP/out" ]; then
        ok "$name"
    else
        not_ok "$name" "status $status, $lines stderr lines, wanted /$pattern/:" "$(head -c 600 "$TMP/err")" "stdout: $(head -c 200 "$TMP/out")"
    fi
}

# expect_fail_first NAME PATTERN ARGS...: exit status 2, no stdout, and the first
# stderr line matches PATTERN (for located messages: a line and a caret follow).
expect_fail_first() {
    name=$1 pattern=$2; shift 2
    run "$@"
    if [ "$status" -eq 2 ] && head -n 1 "$TMP/err" | grep -q -- "$pattern" && [ ! -s "$TMP/out" ]; then
        ok "$name"
    else
        not_ok "$name" "status $status, wanted /$pattern/:" "$(head -c 600 "$TMP/err")"
    fi
}

# expect NAME CONDITION-DESCRIPTION COMMAND...: passes when COMMAND succeeds.
expect() {
    name=$1; shift
    if "$@"; then ok "$name"; else not_ok "$name" "failed: $*"; fi
}

# bin_timeout SECONDS: from here on $BIN runs under `timeout` (a hang fails
# with status 124 instead of stopping the tests).
bin_timeout() {
    printf '#!/bin/sh\nexec timeout %s "%s" "$@"\n' "$1" "$BIN" >"$TMP/descent-timeout"
    chmod +x "$TMP/descent-timeout"
    BIN=$TMP/descent-timeout
}

# limits_work: whether $BIN runs at all under an address-space limit (a
# sanitizer build reserves terabytes of shadow memory and cannot).
limits_work() { (ulimit -v 4000000; exec "$BIN" --version) >/dev/null 2>&1; }

finish() { [ "$failures" -eq 0 ]; }

# private_dev NAME MAJOR MINOR: a character device node of our own in $TMP
# (1 3 /dev/null, 1 7 /dev/full), never the system's; prints its path, or
# fails where mknod is not allowed.
private_dev() {
    mkdir -p "$TMP/dev"
    [ -c "$TMP/dev/$1" ] || mknod "$TMP/dev/$1" c "$2" "$3" 2>/dev/null || return 1
    echo "$TMP/dev/$1"
}
