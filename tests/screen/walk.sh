#!/bin/sh
# The walkthrough presenter in a detached tmux session of 100x30: stepping
# forward and back, editing a score (the loss shown changes), large type
# (read back from the screen at 80x24, 100x30 and 200x60),
# quitting with q and with Ctrl-C (terminal modes restored), NO_COLOR.
. tests/lib.sh
. tests/tmux.sh

n=0
# start CMD: a fresh session running CMD; the one before is closed.
start() {
    stop "w$n"
    n=$((n + 1))
    T new-session -d -s "w$n" -x 100 -y 30 "$1"
}
# wait_for NAME FIXED-STRING: polls the screen (about 5 s at most).
wait_for() {
    i=0
    while [ $i -lt 50 ]; do
        T capture-pane -t "w$n" -p >"$TMP/screen" 2>/dev/null
        if grep -qF -- "$2" "$TMP/screen"; then ok "$1"; return 0; fi
        sleep 0.1; i=$((i + 1))
    done
    not_ok "$1" "never saw: $2" "$(cat "$TMP/screen")"
    return 1
}
keys() { T send-keys -t "w$n" "$@"; }
# wait_read NAME FIXED-STRING [--mean]: polls the screen until the large
# type read back from it (tests/screen/bigread.py) says FIXED-STRING.
wait_read() {
    i=0
    while [ $i -lt 50 ]; do
        T capture-pane -t "w$n" -p >"$TMP/screen" 2>/dev/null
        python3 tests/screen/bigread.py $3 <"$TMP/screen" >"$TMP/read" 2>&1
        if grep -F -- "$2" "$TMP/read" >/dev/null; then ok "$1"; return 0; fi
        sleep 0.1; i=$((i + 1))
    done
    not_ok "$1" "never read: $2" "$(cat "$TMP/read")" "$(cat "$TMP/screen")"
    return 1
}

UTF="env LC_ALL=C.UTF-8 $BIN walk svm"
start "$UTF"
wait_for start "step 1/17"
keys Right
wait_for next-right "step 2/17"
wait_for next-title "cat image: the car term"
keys Left
wait_for prev-left "step 1/17"
keys Space NPage
wait_for next-space-pgdn "step 3/17"
keys BSpace
wait_for prev-backspace "step 2/17"
keys PPage
wait_for prev-pgup "step 1/17"
keys End
wait_for end "step 17/17"
keys Home
wait_for home "step 1/17"

# The mean step, then set the cat image's cat score 3.2 -> 9: its margins
# become 5.1 - 9 + 1 < 0 and -1.7 - 9 + 1 < 0, so the mean is (0 + 0 + 12.9) / 3.
keys End Left Left Left Left Left Left
wait_for mean-step "Result: L = 5.27"
keys Tab 9 Enter
wait_for edit-recomputes "Result: L = 4.3"
if grep -q "5.27" "$TMP/screen"; then not_ok edit-old-gone "5.27 still shown"; else ok edit-old-gone; fi
keys Right
wait_for edit-carries-on "step 12/17"
keys Left b
# large type: the whole step, formula included, read back from the blocks
# (tests/screen/bigread.py): the edited terms add up to the mean shown.
wait_read big-mean-edited "terms 0 0 12.9 n 3 mean 4.3" --mean
keys b
wait_for big-off "Result: L = 4.3"
keys q
i=0; while T has-session -t "w$n" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
if T has-session -t "w$n" 2>/dev/null; then not_ok quit-q "still running"; else ok quit-q; fi

# big_mean NAME COLSxROWS LOCALE: the SVM mean step in large type at that
# size: the numbers read from the screen are frog's 12.9 and the others, and
# they add up to the mean shown (issue 12: 12.9 was dropped).
big_mean() {
    stop "w$n"; n=$((n + 1))
    T new-session -d -s "w$n" -x "${2%x*}" -y "${2#*x}" "env LC_ALL=$3 $BIN walk svm"
    wait_for "$1-start" "step 1/17"
    keys End Left Left Left Left Left Left b
    wait_for "$1-step" "step 11/17"
    wait_read "$1-adds-up" "terms 2.9 0 12.9 n 3 mean 5.27" --mean
}
big_mean big-80x24 80x24 C.UTF-8
# at 80x24 the table stays in normal type under the large formula
if grep -q "loss  *2.9  *0  *12.9" "$TMP/screen"; then ok big-80x24-table
else not_ok big-80x24-table "no loss row" "$(cat "$TMP/screen")"; fi
big_mean big-200x60 200x60 C.UTF-8
# at 200x60 the table is in large type too: no normal-type loss row left
if grep -q "loss  *2.9" "$TMP/screen"; then not_ok big-200x60-table "table in normal type"
else ok big-200x60-table; fi
big_mean big-ascii-200x60 200x60 C
if LC_ALL=C grep -q '[^ -~]' "$TMP/screen"; then not_ok big-ascii-only "non-ASCII on screen"; else ok big-ascii-only; fi

# A step without one number singled out (the car term of the cat image):
# large type too, its result read back.
start "env LC_ALL=C.UTF-8 $BIN walk svm"
wait_for term-start "step 1/17"
keys Right b
wait_for term-step "step 2/17"
wait_read big-term-result "= 2.9"
keys q

# ASCII at 100x30: large type cannot fit (no half blocks), so normal type,
# saying so.
start "env LC_ALL=C $BIN walk svm"
wait_for ascii-start "step 1/17"
keys End Left Left Left Left Left Left b
wait_for ascii-fallback "large type does not fit 100x30: normal type"
wait_for ascii-fallback-normal "Result: L = 5.27"
if LC_ALL=C grep -q '[^ -~]' "$TMP/screen"; then not_ok ascii-only "non-ASCII on screen"; else ok ascii-only; fi
keys q

# q and Ctrl-C leave the terminal as they found it.
start "sh -c 'a=\$(stty -g); $UTF; b=\$(stty -g); [ \"\$a\" = \"\$b\" ] && echo restored-q; sleep 30'"
wait_for q-start "step 1/17"
keys q
wait_for q-restores restored-q
# (the wrapping shell ignores SIGINT so that it survives to report; descent
# installs its own handler whatever it inherits)
start "sh -c 'trap \"\" INT; a=\$(stty -g); $UTF; echo status-\$?; b=\$(stty -g); [ \"\$a\" = \"\$b\" ] && echo restored-int; sleep 30'"
wait_for int-start "step 1/17"
keys C-c
wait_for ctrl-c-restores restored-int

# Colour when allowed, none under NO_COLOR (SGR colour codes in capture -e).
start "env LC_ALL=C.UTF-8 $BIN walk svm"
wait_for color-start "step 1/17"
keys Right
wait_for color-next "step 2/17"
if T capture-pane -t "w$n" -p -e | grep -q '\[[0-9;]*\(3[0-7]\|4[0-7]\)m'; then ok colour; else not_ok colour "no colour codes"; fi
keys q
start "env NO_COLOR=1 LC_ALL=C.UTF-8 $BIN walk svm"
wait_for nocolor-start "step 1/17"
keys Right
wait_for nocolor-next "step 2/17"
if T capture-pane -t "w$n" -p -e | grep -q '\[[0-9;]*\(3[0-7]\|4[0-7]\)m'; then not_ok no-colour "colour codes under NO_COLOR"; else ok no-colour; fi
keys q
# The gradient walkthrough on real images reaches the presenter: the data
# named on the first step, the real parameter count on the last.
SUB=../shared/data/cifar-10-subset/cifar-10-batches-bin
if [ -d "$SUB" ]; then
    start "env LC_ALL=C.UTF-8 $BIN walk gradient --data $SUB"
    wait_for data-start "step 1/8"
    wait_for data-named "CIFAR-10 (binary layout)"
    keys End
    wait_for data-end "step 8/8"
    wait_for data-params "30730"
    keys q
else
    skip "walk-screen-data: the CIFAR-10 subset is not at $SUB"
fi
finish
