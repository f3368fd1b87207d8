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

# launch, restored and sig_case: tests/tmux.sh.

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
[ $st -eq 0 ] && grep -q '^booth: ' "$TMP/out" && grep -q 'no screen (stdout is not a terminal): printed the race' "$TMP/err" &&
    ok "without a terminal: the summary on stdout, exit 0, and stderr says why" ||
    not_ok "without a terminal: the summary, exit 0, stderr says why" "status $st" "$(cat "$TMP/err")"

# --- themes on every screen ---
# bg_dark NAME: runs of text drawn on a dark background (xterm 16, 232-238,
# 40) or on the terminal's own (a dark terminal's black), pictures aside
# (the half blocks of the panel's images are their pixels).
bg_dark() {
    sgr_runs "$1" | awk -F'\t' '$3 != "" && $3 !~ /^▀/ &&
        ($2 ~ /^(default|40|48;5;16|48;5;23[2-8])$/) { n++ } END { print n + 0 }'
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
