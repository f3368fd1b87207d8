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
# of a second (default 50). Once the pattern shows, a few more shots until
# two agree: tmux may be read while a big frame (300x80, a sanitizer build)
# is half written, the pattern's line new and the lines under it not yet. A
# screen that keeps moving keeps its latest shot that still matches.
wait_for() {
    i=0
    while [ $i -lt "${WAIT_TENTHS:-50}" ]; do
        shot "$1"
        grep -Eq -- "$2" "$TMP/screen" && { settle "$1" "$2"; return 0; }
        sleep 0.1
        i=$((i + 1))
    done
    return 1
}
settle() {
    j=0
    while [ $j -lt 4 ]; do
        cp "$TMP/screen" "$TMP/screen.match"
        sleep 0.05
        shot "$1"
        cmp -s "$TMP/screen" "$TMP/screen.match" && return
        grep -Eq -- "$2" "$TMP/screen" || { cp "$TMP/screen.match" "$TMP/screen"; return; }
        j=$((j + 1))
    done
}
# wait_still NAME EXTENDED-REGEX: wait_for, then polls until two shots a
# tenth apart agree, for an end state (a finished race, a paused run): tmux
# may be read while a frame is half written, its top lines new and the rest
# not yet (a title saying "end" over a legend still at step 0).
wait_still() {
    wait_for "$1" "$2" || return 1
    cp "$TMP/screen" "$TMP/screen.prev"
    i=0
    while [ $i -lt 20 ]; do
        sleep 0.1
        shot "$1"
        cmp -s "$TMP/screen" "$TMP/screen.prev" && break
        cp "$TMP/screen" "$TMP/screen.prev"
        i=$((i + 1))
    done
    grep -Eq -- "$2" "$TMP/screen"
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

# box_row LABEL-ERE HELP-ERE: $TMP/screen, 80 columns wide, has a row that
# holds this key line of a keys overlay alone within columns 1-77: nothing
# of the screen under the box shows through beside it. Characters, not
# bytes: GNU sed in a UTF-8 locale.
box_row() {
    LC_ALL=C.UTF-8 sed 's/^.//; s/^\(.\{77\}\).*/\1/' "$TMP/screen" | LC_ALL=C.UTF-8 grep -Eq "^ *$1 +$2 *\$"
}

# sgr_runs NAME: the pane with escapes, one "FG<tab>BG<tab>TEXT" line per
# run of text in one colour (FG/BG as "38;5;N", "48;5;N", "38;2;R;G;B",
# 30-37, 40-47 or "default"). tmux only repeats what changes, and carries
# the colours in force from one line to the next.
sgr_runs() {
    T capture-pane -e -p -t "$1" | awk '
        BEGIN { fg = bg = "default" }
        {
            n = split($0, seg, "\033")
            for (s = 1; s <= n; s++) {
                text = seg[s]
                if (s > 1 && match(text, /^\[[0-9;]*m/)) {
                    np = split(substr(text, 2, RLENGTH - 2), p, ";")
                    for (i = 1; i <= np; i++) {
                        if (p[i] == "" || p[i] == 0) fg = bg = "default"
                        else if (p[i] == 39) fg = "default"
                        else if (p[i] == 49) bg = "default"
                        else if (p[i] >= 30 && p[i] <= 37) fg = p[i]
                        else if (p[i] >= 40 && p[i] <= 47) bg = p[i]
                        else if (p[i] == 38 && p[i + 1] == 5) { fg = "38;5;" p[i + 2]; i += 2 }
                        else if (p[i] == 48 && p[i + 1] == 5) { bg = "48;5;" p[i + 2]; i += 2 }
                        else if (p[i] == 38 && p[i + 1] == 2) { fg = "38;2;" p[i + 2] ";" p[i + 3] ";" p[i + 4]; i += 4 }
                        else if (p[i] == 48 && p[i + 1] == 2) { bg = "48;2;" p[i + 2] ";" p[i + 3] ";" p[i + 4]; i += 4 }
                    }
                    text = substr(text, RLENGTH + 1)
                }
                if (text != "") print fg "\t" bg "\t" text
            }
            print "default\tdefault\t\n" # a line break: the runs of one line end here
        }'
}

# launch NAME COMMAND [W H]: a session (100x30) where an inner sh records its
# pid in $TMP/NAME.pid and execs COMMAND (no core files); when it ends the
# outer sh prints its status and the tty's modes, and the pane stays.
launch() {
    T new-session -d -s "$1" -x "${3:-100}" -y "${4:-30}" "sh -c 'ulimit -c 0; echo \$\$ >$TMP/$1.pid; exec $2'; echo \"exit=\$?\"; stty -a | tr ' ;' '\\n\\n' | grep -Ex -- '-?(icanon|echo)' | tr '\\n' ' '; echo; sleep 120"
}
# restored NAME: the outer sh's report shows a cooked, echoing tty, and tmux
# says the pane left the alternate screen with the cursor visible.
restored() {
    wait_for "$1" 'exit=' || return 1
    wait_for "$1" 'icanon echo' || return 1
    [ "$(T display -p -t "$1" '#{alternate_on} #{cursor_flag}')" = "0 1" ]
}
# sig_case NAME COMMAND READY-REGEX SIGNAL WANT-STATUS
sig_case() {
    launch "$1" "$2"
    if ! wait_for "$1" "$3"; then
        not_ok "$1: starts" "$(grep -v '^ *$' "$TMP/screen" | head -n 5)"
        return
    fi
    kill -"$4" "$(cat "$TMP/$1.pid")"
    if restored "$1" && grep -q "exit=$5\$" "$TMP/screen"; then
        ok "$1: SIG$4 restores the terminal (exit=$5)"
    else
        not_ok "$1: SIG$4 restores the terminal (want exit=$5)" "$(grep -v '^ *$' "$TMP/screen" | head -n 8)" \
            "tmux: $(T display -p -t "$1" 'alternate_on=#{alternate_on} cursor_flag=#{cursor_flag}')"
    fi
}
