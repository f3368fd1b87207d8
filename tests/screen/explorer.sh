# Screen tests of the explorer, in the style of tmux's regress/: descent runs
# in a detached tmux session of a fixed size on a private server; keys go in
# with send-keys and the screen comes back with capture-pane.
. tests/lib.sh

. tests/tmux.sh

step_of() { sed -n 's/.* step \([0-9][0-9]*\)\/[0-9]* *$/\1/p' "$TMP/screen" | head -n 1; }
# legend_next NAME: the legend line under optimizer NAME's first line.
legend_next() {
    awk -v n="$1" 'f { print; exit } $0 ~ ("[0-9] ━━ " n " ") { f = 1 }' "$TMP/screen"
}

NAMES="sgd momentum nesterov adagrad rmsprop adam"

# --- the legend, one step, and descent trace's numbers ---
start main "$UTF8 $BIN --surface booth"
if wait_for main 'step 0/'; then
    missing=
    for n in $NAMES; do grep -Eq "[1-6] ━━ $n " "$TMP/screen" || missing="$missing $n"; done
    [ -z "$missing" ] && ok "legend lists all six optimizers" ||
        not_ok "legend lists all six optimizers" "missing:$missing" "$(cat "$TMP/screen")"
else
    not_ok "explorer starts (step 0 on the title line)" "$(cat "$TMP/screen")"
fi

T send-keys -t main n
if wait_for main ' step 1/' && [ "$(step_of)" = 1 ]; then
    ok "n advances exactly one step"
else
    not_ok "n advances exactly one step" "step: $(step_of)" "$(head -n 2 "$TMP/screen")"
fi

"$BIN" trace --surface booth --steps 1 >"$TMP/trace.csv"
# legend_bad: the optimizers whose legend line does not show trace's loss.
legend_bad() {
    bad=
    for n in $NAMES; do
        loss=$(awk -F, -v n="$n" '$1 == n && $2 == 1 { print $5 }' "$TMP/trace.csv")
        want=$(printf 'step 1  loss %.6g' "$loss")
        legend_next "$n" | grep -qF -- "$want" || bad="$bad $n(want '$want', line '$(legend_next "$n")')"
    done
}
# tmux may be read between the title's update and the legend's: poll.
i=0
while shot main && legend_bad && [ -n "$bad" ] && [ $i -lt 30 ]; do
    sleep 0.1
    i=$((i + 1))
done
[ -z "$bad" ] && ok "legend losses after one step equal descent trace's" ||
    not_ok "legend losses after one step equal descent trace's" "$bad"

# --- play and pause ---
T send-keys -t main Space
if wait_for main 'playing' && wait_for main ' step ([3-9]|[1-9][0-9]+)/'; then
    ok "space plays: the step counter advances"
else
    not_ok "space plays: the step counter advances" "$(head -n 1 "$TMP/screen")"
fi
T send-keys -t main Space
wait_for main 'paused'
a=$(step_of)
sleep 0.6
shot main
b=$(step_of)
[ -n "$a" ] && [ "$a" = "$b" ] && ok "a second space pauses: the counter stops at $a" ||
    not_ok "a second space pauses" "step $a then $b"

# --- surfaces ---
next_formula=$("$BIN" surfaces | awk '/^[a-z]+ +f = / { if (hit) { sub(/^[a-z]+ +f = /, ""); print; exit } if ($1 == "booth") hit = 1 }')
T send-keys -t main Tab
if [ -n "$next_formula" ] && wait_for main "f\\(x,y\\) = " && grep -qF "f(x,y) = $next_formula" "$TMP/screen" 2>/dev/null ||
    { sleep 0.3; shot main; grep -qF "f(x,y) = $next_formula" "$TMP/screen"; }; then
    ok "Tab shows the next surface's formula"
else
    not_ok "Tab shows the next surface's formula" "want: $next_formula" "$(grep 'f(x,y)' "$TMP/screen")"
fi

# --- too small, and back ---
T resize-window -t main -x 60 -y 20
if wait_for main 'terminal too small \(need 80x24, have 60x20\)' &&
    [ "$(grep -c '[^ ]' "$TMP/screen")" -eq 1 ]; then
    ok "60x20 shows only the too-small message"
else
    not_ok "60x20 shows only the too-small message" "$(cat "$TMP/screen")"
fi
T resize-window -t main -x 120 -y 40
if wait_for main 'f\(x,y\) = ' && ! grep -q 'too small' "$TMP/screen" && grep -Eq '[1-6] ━━ adam ' "$TMP/screen"; then
    ok "120x40 brings the explorer back"
else
    not_ok "120x40 brings the explorer back" "$(cat "$TMP/screen")"
fi

# --- a mouse click (xterm's X10 report: ESC [ M, button, column, row, each
# plus 32, 1-based) sets the start there and restarts the race ---
T send-keys -t main n n
click=$(printf '\033[M %b%b' "\\0$(printf %o $((32 + 30)))" "\\0$(printf %o $((32 + 20)))")
T send-keys -t main -l "$click"
if wait_for main '^ start \(-?[0-9.]+, -?[0-9.]+\)' && [ "$(step_of)" = 0 ]; then
    ok "a mouse click sets the start and restarts at step 0"
else
    not_ok "a mouse click sets the start and restarts at step 0" "$(tail -n 3 "$TMP/screen")"
fi

# --- q ---
T send-keys -t main q
if wait_file "$TMP/main.status" && [ "$(cat "$TMP/main.status")" = 0 ]; then
    ok "q quits with status 0"
else
    not_ok "q quits with status 0" "status: $(cat "$TMP/main.status" 2>/dev/null)"
fi

# --- colour, NO_COLOR, ASCII ---
colour_escapes() { T capture-pane -p -e -t "$1" | grep -Ec "$(printf '\033')\\[[0-9;]*(3[0-7]|38;[25]|4[0-7]|48;[25])[;m]"; }
start colour "$UTF8 $BIN --surface rosenbrock"
wait_for colour 'step 0/'
n=$(colour_escapes colour)
[ "$n" -gt 0 ] && ok "colour by default ($n lines with colour escapes)" ||
    not_ok "colour by default" "no colour escapes in capture-pane -e"
braille=$(LC_ALL=C grep -c "$(printf '\342[\240-\243]')" "$TMP/screen")
[ "$braille" -gt 0 ] && ok "braille in a UTF-8 locale ($braille lines)" ||
    not_ok "braille in a UTF-8 locale" "$(head -n 5 "$TMP/screen")"

start mono "$UTF8 NO_COLOR=1 $BIN --surface rosenbrock"
if wait_for mono 'step 0/'; then
    n=$(colour_escapes mono)
    [ "$n" -eq 0 ] && ok "NO_COLOR=1: no colour escapes" ||
        not_ok "NO_COLOR=1: no colour escapes" "$n lines with colour"
else
    not_ok "NO_COLOR=1 explorer starts" "$(cat "$TMP/screen")"
fi

start ascii "env LANG=C LC_ALL=C $BIN --surface rosenbrock"
if wait_for ascii 'step 0/'; then
    if LC_ALL=C grep -q '[^ -~]' "$TMP/screen"; then
        not_ok "LANG=C: plain ASCII only" "$(LC_ALL=C grep -n '[^ -~]' "$TMP/screen" | head -n 3)"
    else
        ok "LANG=C: plain ASCII only"
    fi
else
    not_ok "LANG=C explorer starts" "$(cat "$TMP/screen")"
fi

# --- signals restore the terminal ---
# sig_test NAME HOW: the inner sh records its pid and execs descent; after
# it dies the outer sh prints the status and the tty's modes.
sig_test() {
    T new-session -d -s "$1" -x 120 -y 40 "trap : INT; sh -c 'echo \$\$ >$TMP/$1.pid; exec $UTF8 $BIN'; echo \"exit=\$?\"; stty -a | tr ' ;' '\\n\\n' | grep -Ex -- '-?(icanon|echo)' | tr '\\n' ' '; echo; sleep 120"
    wait_for "$1" 'step 0/' || return 1
    case $2 in
    TERM) kill -TERM "$(cat "$TMP/$1.pid")" ;;
    INT) T send-keys -t "$1" C-c ;;
    esac
    wait_for "$1" 'exit=' || return 1
    sleep 0.2
    shot "$1"
}
for sig in TERM INT; do
    if sig_test "sig$sig" "$sig" && grep -q 'icanon echo' "$TMP/screen" &&
        ! grep -q 'f(x,y) =' "$TMP/screen"; then
        ok "SIG$sig restores the terminal ($(grep -o 'exit=[0-9]*' "$TMP/screen"))"
    else
        not_ok "SIG$sig restores the terminal" "$(grep -v '^ *$' "$TMP/screen" | head -n 10)"
    fi
done

# --- scenes: the default lesson, a scene by name, its captions ---
# tour.scene's title and lr-regimes' first caption, read from the files.
tour_title=$(sed -n 's/^title = //p' scenes/tour.scene)
start tour "$UTF8 $BIN"
if wait_for tour "descent  $tour_title"; then
    ok "no arguments: the tour scene, titled"
else
    not_ok "no arguments: the tour scene" "$(head -n 2 "$TMP/screen")"
fi
caption=$(awk -F' = ' '/^\[captions\]/ { c = 1; next } c && $1 == "start" { print $2; exit }' scenes/lr-regimes.scene)
start lesson "$UTF8 $BIN lr-regimes"
if [ -n "$caption" ] && wait_for lesson "$(printf '%s' "$caption" | cut -c1-40 | sed 's/[][().*^$+?{}|\\]/\\&/g')"; then
    ok "a scene by name shows its start caption"
else
    not_ok "a scene by name shows its start caption" "caption: $caption" "$(tail -n 2 "$TMP/screen")"
fi
labels=$(sed -n 's/^label = //p' scenes/lr-regimes.scene)
missing=$(printf '%s\n' "$labels" | while read -r l; do grep -Eq "(━━|╍╍|┅┅|┉┉) $l" "$TMP/screen" || echo "$l"; done)
if [ -n "$labels" ] && [ -z "$missing" ]; then
    ok "the scene's labelled optimizers are in the legend"
else
    not_ok "the scene's optimizers are in the legend" "$(cat "$TMP/screen")"
fi

# --- L loads a scene in place; a broken one is reported and the race stays ---
lr_title=$(sed -n 's/^title = //p' scenes/lr-regimes.scene)
printf '[scene]\ntitle = broken\n[surface]\nf = sine(x) + y\n' >"$TMP/broken.scene"
start load "$UTF8 $BIN --surface booth"
if wait_for load 'step 0/'; then
    T send-keys -t load L
    T send-keys -t load -l "$TMP/broken.scene"
    T send-keys -t load Enter
    if wait_for load "not loaded: .*broken.scene:4:5: unknown function 'sine'" &&
        grep -q 'f(x,y) = (x+2\*y-7)^2' "$TMP/screen"; then
        ok "L with a broken scene: its located error on screen, booth kept"
    else
        not_ok "L with a broken scene: its located error on screen, booth kept" "$(tail -n 3 "$TMP/screen")"
    fi
    T send-keys -t load L
    T send-keys -t load -l lr-regimes
    T send-keys -t load Enter
    if wait_for load "descent  $lr_title" && grep -q 'step 0/' "$TMP/screen"; then
        ok "L lr-regimes: the scene replaces the race, from step 0"
    else
        not_ok "L lr-regimes: the scene replaces the race" "$(head -n 2 "$TMP/screen")"
    fi
else
    not_ok "explorer starts for L" "$(cat "$TMP/screen")"
fi

# --- what is typed at a prompt shows at 80x24: the scene prompt's search
# path and the edit prompt's settings filled the row, the input off its end ---
start p80 "$UTF8 $BIN --surface booth --opt sgd --opt adam" 80x24
if wait_for p80 'step 0/'; then
    T send-keys -t p80 L
    T send-keys -t p80 -l lr-regimes
    wait_for p80 '^ > lr-regimes$' && grep -q '^ scene (a file, or a name in ' "$TMP/screen" &&
        ok "80x24 L: the label above, what is typed below it" ||
        not_ok "80x24 L: what is typed shows" "$(tail -n 3 "$TMP/screen")"
    T send-keys -t p80 -l "$(printf 'x%.0s' $(seq 1 70))yz"
    # typed: lr-regimes and 72 more, 82 in all, in 79 columns (the cursor after)
    wait_for p80 'xyz$' && grep -Eq '^ > …mesx{70}yz$' "$TMP/screen" &&
        ok "80x24 L: a long input keeps its end in view, its start cut with an ellipsis" ||
        not_ok "80x24 L: a long input keeps its end in view" "$(tail -n 2 "$TMP/screen")"
    T send-keys -t p80 Escape
    wait_for p80 'cancelled' || not_ok "Esc cancels the prompt" "$(tail -n 2 "$TMP/screen")"
    T send-keys -t p80 o e
    T send-keys -t p80 -l 'lr=0.05'
    wait_for p80 '^ > lr=0\.05$' && grep -q '^ edit adam (lr=' "$TMP/screen" &&
        ok "80x24 e: the settings above, what is typed below them" ||
        not_ok "80x24 e: what is typed shows" "$(tail -n 3 "$TMP/screen")"
    T send-keys -t p80 Enter
    wait_for p80 '2 ━━ adam ✖ lr=0\.05 ' && ok "80x24 e: Enter applies it" ||
        not_ok "80x24 e: Enter applies it" "$(head -n 8 "$TMP/screen")"
    T send-keys -t p80 N
    T send-keys -t p80 -l 0.5
    wait_for p80 '^ gradient noise sigma \(now 0\), Enter applies, Esc cancels: 0\.5$' &&
        ok "80x24 N: a short prompt keeps one row, the input after its label" ||
        not_ok "80x24 N: one row" "$(tail -n 2 "$TMP/screen")"
    T send-keys -t p80 Escape
else
    not_ok "explorer starts for the prompts" "$(cat "$TMP/screen")"
fi
stop p80

finish
