#!/bin/sh
# Signals and resizes, in tmux (private server): SIGHUP ends the explorer and
# the walkthrough presenter with the terminal restored; SIGSEGV and SIGABRT
# (sent with kill) restore it before the process dies of them; a burst of
# resizes and SIGWINCH leaves a proper explorer screen, the very screen a fresh
# explorer of the final size shows. (SIGTERM/SIGINT of the explorer are in
# explorer.sh, SIGINT of the presenter in walk.sh.)
. tests/lib.sh

. tests/tmux.sh

# launch, restored and sig_case: tests/tmux.sh.

# A shell reports death by signal N as 128 + N: HUP 1, ABRT 6, SEGV 11.
sig_case explorer-hup "$UTF8 $BIN --surface booth" 'step 0/' HUP 129
sig_case explorer-segv "$UTF8 $BIN --surface booth" 'step 0/' SEGV 139
sig_case explorer-abrt "$UTF8 $BIN --surface booth" 'step 0/' ABRT 134
# The presenter treats HUP like TERM and INT: it leaves its loop and exits 0.
sig_case walk-term "$UTF8 $BIN walk svm" 'step 1/17' TERM 0
sig_case walk-hup "$UTF8 $BIN walk svm" 'step 1/17' HUP 0
sig_case walk-segv "$UTF8 $BIN walk svm" 'step 1/17' SEGV 139
sig_case walk-abrt "$UTF8 $BIN walk svm" 'step 1/17' ABRT 134

# --- a resize storm ---
# storm NAME COMMAND READY-REGEX: 80 resizes between 40x10 and 139x39, each
# followed by a SIGWINCH, then 300 more SIGWINCH, then back to 100x30; the
# screen must become exactly that of a fresh session of 100x30.
storm() {
    launch "$1-fresh" "$2"
    wait_for "$1-fresh" "$3" || { not_ok "$1: fresh screen" "$(cat "$TMP/screen")"; return; }
    sleep 0.3
    shot "$1-fresh"; cp "$TMP/screen" "$TMP/fresh"
    launch "$1" "$2"
    wait_for "$1" "$3" || { not_ok "$1: starts" "$(cat "$TMP/screen")"; return; }
    pid=$(cat "$TMP/$1.pid")
    i=0
    while [ $i -lt 80 ]; do
        T resize-window -t "$1" -x $((40 + i * 37 % 100)) -y $((10 + i * 13 % 30))
        kill -WINCH "$pid"
        i=$((i + 1))
    done
    i=0
    while [ $i -lt 300 ]; do kill -WINCH "$pid"; i=$((i + 1)); done
    T resize-window -t "$1" -x 100 -y 30
    i=0
    while [ $i -lt 50 ]; do
        shot "$1"
        cmp -s "$TMP/screen" "$TMP/fresh" && break
        sleep 0.1
        i=$((i + 1))
    done
    if kill -0 "$pid" 2>/dev/null && cmp -s "$TMP/screen" "$TMP/fresh"; then
        ok "$1: after a resize storm, the same screen as a fresh one"
    else
        not_ok "$1: after a resize storm, the same screen as a fresh one" \
            "alive: $(kill -0 "$pid" 2>/dev/null && echo yes || echo no)" \
            "$(diff "$TMP/fresh" "$TMP/screen" | head -n 12)"
    fi
    kill -TERM "$pid" 2>/dev/null
    if restored "$1"; then ok "$1: still ends cleanly after the storm"
    else not_ok "$1: still ends cleanly after the storm" "$(grep -v '^ *$' "$TMP/screen" | head -n 5)"; fi
}
storm explorer-storm "$UTF8 $BIN --surface booth" 'step 0/'
storm walk-storm "$UTF8 $BIN walk svm" 'step 1/17'
finish
