#!/bin/sh
# The explorer under an address-space limit (ulimit -v 100000; some shared
# teaching servers set one): it starts, steps and ends on q like anywhere,
# and without room for OpenBLAS's work buffers it has no training panel (F2
# does nothing) rather than a panel that would hang in OpenBLAS's mmap loop.
# tests/cli/hostile.sh checks the headless commands under limits.
. tests/lib.sh
. tests/tmux.sh
unset OPENBLAS_NUM_THREADS GOTO_NUM_THREADS OMP_NUM_THREADS
if ! limits_work; then
    skip "ulimit -v: this build cannot run under an address-space limit (a sanitizer build)"
    finish
    exit
fi

start x "ulimit -v 100000; $UTF8 $BIN --surface booth" 160x40
if wait_for x 'step 0/'; then ok "ulimit -v 100000: the explorer starts"
else
    not_ok "ulimit -v 100000: the explorer starts" "$(cat "$TMP/screen")"
    finish
    exit
fi
T send-keys -t x n n
if wait_for x 'step 2/'; then ok "ulimit -v 100000: it steps"; else not_ok "ulimit -v 100000: it steps" "$(tail -n 2 "$TMP/screen")"; fi
T send-keys -t x F2 n
if wait_for x 'step 3/'; then ok "ulimit -v 100000: F2 leaves the keys with the surfaces (no panel)"
else not_ok "ulimit -v 100000: F2 leaves the keys with the surfaces (no panel)" "$(tail -n 2 "$TMP/screen")"; fi
T send-keys -t x q
if wait_file "$TMP/x.status" && [ "$(cat "$TMP/x.status")" = 0 ]; then ok "ulimit -v 100000: q ends it, status 0"
else not_ok "ulimit -v 100000: q ends it, status 0" "status $(cat "$TMP/x.status" 2>/dev/null)"; fi
finish
