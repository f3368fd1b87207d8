# Shared by the screen tests, sourced after tests/lib.sh. In the style of
# tmux's regress/: a private tmux server per script, detached sessions of a
# fixed size, keys in with send-keys, the screen back with capture-pane,
# polling for what a person would look for instead of fixed sleeps.

if ! command -v tmux >/dev/null 2>&1; then
    skip "$(basename "$0" .sh): tmux is not installed"
    finish
    exit
fi

# The server's socket lives in this run's own $TMP: a fresh socket per run, so
# a server still exiting from an earlier run (or an earlier server of this
# one) is never reused. A tmux server exits when its last session ends, and a
# client that connects while it exits gets "no server running" (issue 11):
# the idle session "keep" holds the server up until the script ends, so a
# test may end and start sessions freely.
SOCK=$TMP/tmux.sock
T() { tmux -S "$SOCK" -f /dev/null "$@"; }
trap 'T kill-server >/dev/null 2>&1; rm -rf "$TMP"' EXIT
T new-session -d -s keep -x 80 -y 24 "sleep 3600"

# stop NAME: ends session NAME (the server stays, held by "keep").
stop() { T kill-session -t "$1" >/dev/null 2>&1; }
UTF8="env LANG=C.UTF-8 LC_ALL=C.UTF-8"

# start NAME COMMAND [WxH]: a session (120x40 by default) running COMMAND
# through sh; its exit status lands in $TMP/NAME.status and the pane stays
# open afterwards so the last screen can still be read.
start() {
    size=${3:-120x40}
    T new-session -d -s "$1" -x "${size%x*}" -y "${size#*x}" \
        "$2; echo \$? >$TMP/$1.status; sleep 120"
}
shot() { T capture-pane -p -t "$1" >"$TMP/screen"; }
# wait_for NAME EXTENDED-REGEX: polls the screen, up to WAIT_TENTHS tenths
# of a second (default 50).
wait_for() {
    i=0
    while [ $i -lt "${WAIT_TENTHS:-50}" ]; do
        shot "$1"
        grep -Eq -- "$2" "$TMP/screen" && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
# wait_file FILE: polls until FILE exists and is not empty.
wait_file() {
    i=0
    while [ $i -lt "${WAIT_TENTHS:-50}" ]; do
        [ -s "$1" ] && return 0
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
