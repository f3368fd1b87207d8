#!/bin/sh
# Resident memory over long runs (make bench): 10^6 surface steps headless
# (descent trace, streamed), 10^6 steps in the explorer (tmux, top speed;
# paths are bounded by cfg.keep), and 20000 training iterations. Prints peak
# RSS, and for the explorer RSS at several points of the run.
BIN=${BIN:-build/descent}
rss() { awk '/^VmRSS/ { print $2 }' "/proc/$1/status" 2>/dev/null; }

peak() { /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null | tail -n 1; }
echo "trace 1e6 steps x 6 optimizers: peak RSS $(peak "$BIN" trace --surface booth --steps 1000000) kB"
echo "trace 1e4 steps x 6 optimizers: peak RSS $(peak "$BIN" trace --surface booth --steps 10000) kB"
for n in 1000 20000; do
    kb=$(/usr/bin/time -f '%M' "$BIN" train --dataset synthetic --iters "$n" 2>&1 >/dev/null | tail -n 1)
    echo "train --iters $n (synthetic): peak RSS $kb kB"
done

if command -v tmux >/dev/null 2>&1; then
    SOCK=mem-bench-$$
    T() { tmux -L "$SOCK" -f /dev/null "$@"; }
    TMP=$(mktemp -d)
    trap 'T kill-server >/dev/null 2>&1; rm -rf "$TMP"' EXIT
    T new-session -d -s ex -x 120 -y 40 "sh -c 'echo \$\$ >$TMP/pid; exec env LC_ALL=C.UTF-8 $BIN --surface booth --steps 1000000'"
    sleep 1
    pid=$(cat "$TMP/pid")
    for k in 1 2 3 4 5 6 7 8 9; do T send-keys -t ex +; done
    T send-keys -t ex Space
    line="explorer 1e6 steps, RSS kB at step:"
    last=-1
    while kill -0 "$pid" 2>/dev/null; do
        step=$(T capture-pane -p -t ex | sed -n 's/.* step \([0-9][0-9]*\)\/1000000.*/\1/p' | head -n 1)
        [ -n "$step" ] && [ "$step" != "$last" ] && line="$line $step:$(rss "$pid")" && last=$step
        [ "$step" = 1000000 ] && break
        sleep 2
    done
    echo "$line"
    T kill-server
fi
