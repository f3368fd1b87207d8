# Screen tests of the terminal (issue 18): every signal whose default ends
# the process restores the terminal first in the explorer, the walkthrough
# presenter and the training panel, SIGPIPE is ignored; TERM=dumb and vt52
# are refused with a clear message; without a terminal the explorer prints
# its summary and says so on stderr; a too-large terminal is called that;
# walk and train take --theme and the settings file's theme; the light
# theme leaves no dark blocks behind the panel's charts; NO_COLOR's header
# does not claim a theme's colours.
. tests/lib.sh

DATA=../shared/data/cifar-10-subset/cifar-10-batches-bin
. tests/tmux.sh

# launch NAME COMMAND: a 100x30 session where an inner sh records its pid and
# execs COMMAND (no core files); when it ends the outer sh prints its status
# and the tty's modes, and the pane stays.
launch() {
    T new-session -d -s "$1" -x "${3:-100}" -y "${4:-30}" "sh -c 'ulimit -c 0; echo \$\$ >$TMP/$1.pid; exec $2'; echo \"exit=\$?\"; stty -a | tr ' ;' '\\n\\n' | grep -Ex -- '-?(icanon|echo)' | tr '\\n' ' '; echo; sleep 120"
}
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

# A shell reports death by signal N as 128 + N: USR1 10, USR2 12, ALRM 14,
# TERM 15, HUP 1, VTALRM 26, XCPU 24, and the first real-time signal 34.
for s in USR1:138 USR2:140 ALRM:142 VTALRM:154 XCPU:152 TERM:143; do
    sig_case "explorer-${s%:*}" "$UTF8 $BIN --surface booth" 'step 0/' "${s%:*}" "${s#*:}"
done
launch explorer-rt "$UTF8 $BIN --surface booth"
if wait_for explorer-rt 'step 0/'; then
    kill -s RTMIN "$(cat "$TMP/explorer-rt.pid")" 2>/dev/null || kill -34 "$(cat "$TMP/explorer-rt.pid")"
    restored explorer-rt && ok "explorer: a real-time signal restores the terminal" ||
        not_ok "explorer: a real-time signal restores the terminal" "$(grep -v '^ *$' "$TMP/screen" | head -n 5)"
fi
# SIGPIPE is ignored: the explorer goes on, and q still quits cleanly
launch explorer-pipe "$UTF8 $BIN --surface booth"
if wait_for explorer-pipe 'step 0/'; then
    kill -PIPE "$(cat "$TMP/explorer-pipe.pid")"
    sleep 0.5
    T send-keys -t explorer-pipe n
    if wait_for explorer-pipe ' step 1/'; then
        ok "explorer: SIGPIPE is ignored (it goes on)"
        T send-keys -t explorer-pipe q
        restored explorer-pipe && grep -q 'exit=0$' "$TMP/screen" && ok "explorer: q after SIGPIPE exits 0, terminal restored" ||
            not_ok "explorer: q after SIGPIPE exits 0, terminal restored" "$(grep -v '^ *$' "$TMP/screen" | head -n 5)"
    else
        not_ok "explorer: SIGPIPE is ignored (it goes on)" "$(grep -v '^ *$' "$TMP/screen" | head -n 5)"
    fi
fi
# the presenter: INT, TERM, HUP end it (exit 0); the others as the explorer
for s in USR1:138 USR2:140 ALRM:142 PIPE:0; do
    if [ "${s%:*}" = PIPE ]; then
        launch walk-pipe "$UTF8 $BIN walk svm"
        wait_for walk-pipe 'step 1/17' && kill -PIPE "$(cat "$TMP/walk-pipe.pid")" && sleep 0.3 &&
            T send-keys -t walk-pipe n && wait_for walk-pipe 'step 2/17' &&
            ok "walk: SIGPIPE is ignored" || not_ok "walk: SIGPIPE is ignored" "$(head -n 3 "$TMP/screen")"
        T send-keys -t walk-pipe q
        continue
    fi
    sig_case "walk-${s%:*}" "$UTF8 $BIN walk svm" 'step 1/17' "${s%:*}" "${s#*:}"
done
if [ -f "$DATA/data_batch_1.bin" ]; then
    for s in USR1:138 ALRM:142 TERM:143 HUP:129; do
        sig_case "train-${s%:*}" "$UTF8 $BIN train --tui --data $DATA --iters 1000000" 'iteration [0-9]+/' "${s%:*}" "${s#*:}"
    done
else
    skip "train panel signals: no CIFAR-10 subset at $DATA"
fi

# --- terminals that cannot draw a screen ---
for t in dumb vt52; do
    launch "term-$t" "env TERM=$t $BIN --surface booth"
    if wait_for "term-$t" 'exit='; then
        grep -q "exit=2$" "$TMP/screen" && grep -q "TERM=$t" "$TMP/screen" &&
            grep -Eq 'cannot move the cursor|no reverse video' "$TMP/screen" &&
            ok "TERM=$t: refused with a clear message, exit 2" ||
            not_ok "TERM=$t: refused with a clear message, exit 2" "$(grep -v '^ *$' "$TMP/screen" | head -n 5)"
    else
        not_ok "TERM=$t: refused" "$(grep -v '^ *$' "$TMP/screen" | head -n 5)"
    fi
done
launch term-walk "env TERM=dumb $BIN walk svm"
wait_for term-walk 'exit=2' && grep -q 'TERM=dumb cannot move the cursor' "$TMP/screen" &&
    ok "walk: TERM=dumb refused too" || not_ok "walk: TERM=dumb refused too" "$(grep -v '^ *$' "$TMP/screen" | head -n 5)"
launch term-big "env COLUMNS=50000 LINES=30000 $BIN --surface booth"
wait_for term-big 'exit=' && grep -q 'exit=2$' "$TMP/screen" && grep -q 'terminal too large (50000x30000' "$TMP/screen" &&
    ! grep -q 'cannot open the terminal' "$TMP/screen" &&
    ok "a too-large terminal is called too large" || not_ok "a too-large terminal is called too large" "$(grep -v '^ *$' "$TMP/screen" | head -n 5)"

# --- no terminal: the summary, and a word on stderr ---
"$BIN" --surface booth --steps 5 </dev/null >"$TMP/out" 2>"$TMP/err"
st=$?
[ $st -eq 0 ] && grep -q '^booth: ' "$TMP/out" && grep -q 'no terminal (stdout is not one): printed the race' "$TMP/err" &&
    ok "without a terminal: the summary on stdout, exit 0, and stderr says why" ||
    not_ok "without a terminal: the summary, exit 0, stderr says why" "status $st" "$(cat "$TMP/err")"

# --- themes on every screen ---
# bg_dark NAME: runs of text drawn on a dark background (xterm 16, 232-238,
# 40) or on the terminal's own (a dark terminal's black), pictures aside
# (the half blocks of the panel's images are their pixels).
bg_dark() {
    # tmux carries the colours in force from one line to the next
    T capture-pane -e -p -t "$1" | awk '
        BEGIN { bg = "default" }
        {
            n = split($0, seg, "\033")
            for (s = 1; s <= n; s++) {
                text = seg[s]
                if (s > 1 && match(text, /^\[[0-9;]*m/)) {
                    np = split(substr(text, 2, RLENGTH - 2), p, ";")
                    for (i = 1; i <= np; i++) {
                        if (p[i] == "" || p[i] == 0 || p[i] == 49) bg = "default"
                        else if (p[i] >= 40 && p[i] <= 47) bg = p[i]
                        else if (p[i] == 48 && p[i + 1] == 5) { bg = p[i + 2]; i += 2 }
                        else if (p[i] == 38 && p[i + 1] == 5) i += 2
                    }
                    text = substr(text, RLENGTH + 1)
                }
                if (text == "" || text ~ /^▀/) continue
                if (bg == "default" || bg == 40 || bg == 16 || (bg >= 232 && bg <= 238)) dark++
            }
        }
        END { print dark + 0 }'
}
start wl "$UTF8 $BIN walk svm --theme light"
if wait_for wl 'step 1/17'; then
    n=$(T capture-pane -e -p -t wl | grep -cE "$(printf '\033')\[([0-9]*;)*48;5;231m")
    [ "$n" -gt 0 ] && [ "$(bg_dark wl)" -eq 0 ] && ok "walk --theme light: the presenter on white paper" ||
        not_ok "walk --theme light: the presenter on white paper" "white rows $n, dark codes $(bg_dark wl)"
else
    not_ok "walk --theme light starts" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t wl q
mkdir -p "$TMP/cfg/descent"
echo "theme = light" >"$TMP/cfg/descent/config"
start wc "env XDG_CONFIG_HOME=$TMP/cfg $UTF8 $BIN walk svm"
wait_for wc 'step 1/17' && [ "$(T capture-pane -e -p -t wc | grep -cE "$(printf '\033')\[([0-9]*;)*48;5;231m")" -gt 0 ] &&
    ok "walk takes the settings file's theme" || not_ok "walk takes the settings file's theme" "$(head -n 3 "$TMP/screen")"
T send-keys -t wc q
expect_fail "walk --theme plaid: a bad theme name" "unknown theme 'plaid'" walk svm --theme plaid
if [ -f "$DATA/data_batch_1.bin" ]; then
    start tl "$UTF8 $BIN train --tui --data $DATA --iters 1000000 --theme light" 120x40
    if wait_for tl 'iteration [1-9][0-9]*/' && sleep 1; then
        d=$(bg_dark tl)
        [ "$d" -eq 0 ] && ok "train --tui --theme light: no dark blocks behind the charts" ||
            not_ok "train --tui --theme light: no dark blocks behind the charts" "$d dark background codes"
    else
        not_ok "train --tui --theme light starts" "$(head -n 3 "$TMP/screen")"
    fi
    T send-keys -t tl q
    start tc "env XDG_CONFIG_HOME=$TMP/cfg $UTF8 $BIN train --tui --data $DATA --iters 1000000" 120x40
    wait_for tc 'iteration [0-9]+/' && [ "$(T capture-pane -e -p -t tc | grep -cE "$(printf '\033')\[([0-9]*;)*48;5;231m")" -gt 0 ] &&
        ok "train --tui takes the settings file's theme" || not_ok "train --tui takes the settings file's theme" "$(head -n 3 "$TMP/screen")"
    T send-keys -t tc q
fi
start nc "env NO_COLOR=1 $UTF8 $BIN --surface booth"
wait_for nc 'step 0/' && head -n 1 "$TMP/screen" | grep -q ' no colour  paused ' && ! head -n 1 "$TMP/screen" | grep -q ' dark ' &&
    ok "NO_COLOR: the header says no colour, not dark" || not_ok "NO_COLOR: the header says no colour, not dark" "$(head -n 1 "$TMP/screen")"
T send-keys -t nc q

finish
