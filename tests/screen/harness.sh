#!/bin/sh
# The tmux harness itself (tests/tmux.sh): a script that ends its session and
# at once starts the next one, as longrun.sh does, always finds a server
# (issue 11: on a loaded machine the new session went to a server that was
# exiting after the last session ended, "no server running"). Forty rounds;
# before the harness held its server up, about one run in three failed here.
. tests/lib.sh
. tests/tmux.sh

bad=
r=0
while [ $r -lt 40 ]; do
    r=$((r + 1))
    T kill-session -t h 2>/dev/null
    start h "echo round $r" 40x5 2>"$TMP/start.err" || bad="$bad round $r: $(cat "$TMP/start.err")"
    WAIT_TENTHS=30 wait_for h "^round $r\$" || bad="$bad round $r: not on screen"
done
if [ -z "$bad" ]; then
    ok "40 sessions ended and started back to back each find the server"
else
    not_ok "sessions ended and started back to back find the server" "$bad"
fi
case $SOCK in
"$TMP"/*) ok "the tmux server's socket is private to this run ($SOCK)" ;;
*) not_ok "the tmux server's socket is private to this run" "socket $SOCK" ;;
esac
finish
