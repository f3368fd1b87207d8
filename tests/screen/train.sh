# Screen tests of the live training panel (descent train --tui) on the
# CIFAR-10 subset: a private tmux server, one session per case, the screen
# polled for what a person would look for.
. tests/lib.sh

DATA=../shared/data/cifar-10-subset/cifar-10-batches-bin
WAIT_TENTHS=100
. tests/tmux.sh
if [ ! -f "$DATA/data_batch_1.bin" ]; then
    skip "train panel: no CIFAR-10 subset at $DATA"
    finish
    exit
fi

iter_of() { sed -n 's/.* iteration \([0-9][0-9]*\)\/.*/\1/p' "$TMP/screen" | head -n 1; }
loss_of() { sed -n 's/.*  loss \([0-9.e+-]*\) = data.*/\1/p' "$TMP/screen" | head -n 1; }

PANEL="$UTF8 $BIN train --tui --data $DATA --iters 1000000"

# --- the banner, the class names, live counters ---
start main "$PANEL --save $TMP/w.bin"
if wait_for main 'iteration [1-9][0-9]*/'; then
    grep -q "CIFAR-10 (binary layout)" "$TMP/screen" && ok "banner names CIFAR-10 (binary layout)" ||
        not_ok "banner names CIFAR-10 (binary layout)" "$(head -n 2 "$TMP/screen")"
    grep -q "linear SVM" "$TMP/screen" && ok "banner names the model" ||
        not_ok "banner names the model" "$(head -n 1 "$TMP/screen")"
    missing=
    for c in airplane automobile bird cat deer dog frog horse ship truck; do
        grep -q "$c" "$TMP/screen" || missing="$missing $c"
    done
    [ -z "$missing" ] && ok "the ten class names label the templates" ||
        not_ok "the ten class names label the templates" "missing:$missing"
else
    not_ok "panel starts" "$(cat "$TMP/screen")"
fi

# The validation images: the first ones of the validation set, which is the
# last 1000 of the subset's 5000 training images, i.e. data_batch_5.bin's
# first records. Their true labels, read from each record's label byte,
# must be on screen in that order (two images a row at 120 columns).
if wait_for main 'validation images: predicted / true'; then
    names=$(cat "$DATA/batches.meta.txt")
    want=
    for k in 0 1 2 3; do
        label=$(od -An -tu1 -j $((k * 3073)) -N 1 "$DATA/data_batch_5.bin" | tr -d ' ')
        want="$want $(echo "$names" | sed -n "$((label + 1))p")"
    done
    got=$(grep -o 'true: [a-z]*' "$TMP/screen" | head -n 4 | sed 's/true: //' | tr '\n' ' ')
    [ "$(echo $want)" = "$(echo $got)" ] && ok "validation images show their true labels ($(echo $want))" ||
        not_ok "validation images show their true labels" "want:$want" "got: $got"
    npred=$(grep -o 'pred: [a-z]*' "$TMP/screen" | wc -l)
    [ "$npred" -ge 4 ] && ok "each validation image has a prediction" ||
        not_ok "each validation image has a prediction" "$npred pred: lines"
else
    not_ok "validation images are shown" "$(tail -n 12 "$TMP/screen")"
fi

wait_for main 'iteration [0-9]+/1000000  epoch [0-9.]+  [0-9]+ images/s  [0-9.]+s left' &&
    ok "with --iters the time left is to that iteration" ||
    not_ok "with --iters the time left is to that iteration" "$(sed -n 2p "$TMP/screen")"

shot main
it1=$(iter_of) loss1=$(loss_of)
sleep 1
shot main
it2=$(iter_of) loss2=$(loss_of)
if [ -n "$it1" ] && [ -n "$it2" ] && [ "$it2" -gt "$it1" ] && [ -n "$loss2" ] && [ "$loss1" != "$loss2" ]; then
    ok "iteration and loss change over a second ($it1 -> $it2, $loss1 -> $loss2)"
else
    not_ok "iteration and loss change over a second" "iter $it1 -> $it2, loss $loss1 -> $loss2"
fi

T send-keys -t main ' '
if wait_for main '^paused '; then
    shot main
    p1=$(iter_of) l1=$(loss_of)
    sleep 1
    shot main
    p2=$(iter_of) l2=$(loss_of)
    [ "$p1" = "$p2" ] && [ "$l1" = "$l2" ] && ok "pause stops iteration and loss ($p1)" ||
        not_ok "pause stops iteration and loss" "iter $p1 -> $p2, loss $l1 -> $l2"
    T send-keys -t main n
    want=$((p2 + 1))
    wait_for main " iteration $want/" && ok "n trains exactly one iteration" ||
        not_ok "n trains exactly one iteration" "want $want: $(sed -n 2p "$TMP/screen")"
    T send-keys -t main '<'
    wait_for main 'lr=5e-08' && ok "< halves the learning rate" ||
        not_ok "< halves the learning rate" "$(sed -n 3p "$TMP/screen")"
else
    not_ok "space pauses" "$(sed -n 2p "$TMP/screen")"
fi

T send-keys -t main c
wait_for main 'gradient check at iteration' && ok "c shows a gradient check" ||
    not_ok "c shows a gradient check" "$(tail -n 3 "$TMP/screen")"
# each row ends in its whole verdict, under a verdict heading
if wait_still main 'rel.err verdict'; then
    rows=$(grep -cE ' [0-9.e+-]+ (good|acceptable|suspicious|wrong)( kink)? *$' "$TMP/screen")
    cut=$(grep -cE '(go|acc|sus|wr)…' "$TMP/screen")
    [ "$rows" -ge 5 ] && [ "$cut" -eq 0 ] && ok "the check's $rows rows end in their verdict, none cut" ||
        not_ok "the check's rows end in their verdict" "$rows rows, $cut cut" "$(grep -A9 'rel.err' "$TMP/screen")"
else
    not_ok "the gradient check has a verdict column" "$(grep -A2 'gradient check' "$TMP/screen")"
fi

T send-keys -t main s
SAVED=
wait_for main 'saved the sgd weights' && SAVED=1
T send-keys -t main q
if wait_file "$TMP/main.status" && [ "$(cat "$TMP/main.status")" = 0 ]; then
    ok "q quits with status 0"
else
    not_ok "q quits with status 0" "status: $(cat "$TMP/main.status" 2>/dev/null)"
fi
if [ -n "$SAVED" ] && "$BIN" train --data "$DATA" --load "$TMP/w.bin" --iters 0 >"$TMP/out" 2>"$TMP/err"; then
    ok "s saves weights that descent train --load reads"
else
    not_ok "s saves weights that descent train --load reads" "$(tail -n 1 "$TMP/screen")" "$(cat "$TMP/err")"
fi

# --- race mode ---
start race "$PANEL --race"
if wait_for race 'adam +loss +[0-9]'; then
    missing=
    for n in sgd momentum nesterov adagrad rmsprop adam; do
        grep -Eq "[1-6] ━━ $n +loss +[0-9.e+-]+ " "$TMP/screen" || missing="$missing $n"
    done
    [ -z "$missing" ] && ok "race mode lists six optimizers with losses" ||
        not_ok "race mode lists six optimizers with losses" "missing:$missing" "$(head -n 10 "$TMP/screen")"
else
    not_ok "race mode starts" "$(head -n 10 "$TMP/screen")"
fi
T send-keys -t race q

# --- at 80x24 every chart shown plots: no title over empty rows (a race's
# six legend rows left the accuracy chart three rows, its title alone) ---
# untitled: the left column's chart titles with no axis (│) in the four rows under them
untitled() {
    awk '{ row[NR] = $0 } /^(loss|validation accuracy|accuracy|data loss)/ { t[NR] = $0 }
        END { for (n in t) { f = 0; for (k = 1; k <= 4; k++) if (index(row[n + k], "│")) f = 1
                             if (!f) print t[n] } }' "$TMP/screen"
}
for set in "" "--opt sgd --opt momentum --opt adam" "--opt sgd --opt adam"; do
    start race80 "$UTF8 $BIN train --tui --data $DATA --race $set --iters 200" 80x24
    if wait_still race80 'done: 200 iterations'; then
        grep -q '^validation accuracy per optimizer' "$TMP/screen" && [ -z "$(untitled)" ] &&
            ok "80x24 race ${set:-of six}: the loss and accuracy charts each plot under their title" ||
            not_ok "80x24 race ${set:-of six}: every chart plots under its title" "titles alone: $(untitled)" "$(cat "$TMP/screen")"
    else
        not_ok "80x24 race ${set:-of six}: 200 iterations" "$(cat "$TMP/screen")"
    fi
    stop race80
done
start plain80 "$UTF8 $BIN train --tui --data $DATA --iters 200" 80x24
wait_still plain80 'done: 200 iterations' && grep -q '^accuracy: train' "$TMP/screen" && grep -q '^data loss' "$TMP/screen" &&
    [ -z "$(untitled)" ] && ok "80x24 one run: the loss, accuracy and parts charts each plot" ||
    not_ok "80x24 one run: three charts, each plots" "titles alone: $(untitled)" "$(cat "$TMP/screen")"
# its accuracies are the headless run's at the same iteration: its progress
# line's (train on the fixed sample the key names), not the last line's
# train_acc, which is the whole training set's (4000 images here)
"$BIN" train --data "$DATA" --iters 200 2>"$TMP/h.err" >"$TMP/h.out"
want=$(sed -n 's/^iter 200\/200 .* train_acc \([0-9.]*\) val_acc \([0-9.]*\) .*/train \1, val \2/p' "$TMP/h.err")
whole=$(sed -n 's/.* train_acc=\([0-9.]*\) .*/\1/p' "$TMP/h.out")
[ -n "$want" ] && grep -q "^accuracy: $want (iteration" "$TMP/screen" && grep -q '━━ train (1000 sampled)  ━━ val' "$TMP/screen" &&
    ok "80x24 one run: accuracy $want as headless at iteration 200, the key naming the train sample (whole set: $whole)" ||
    not_ok "80x24 one run: the accuracies headless gives, the sample named" "headless: $want (whole: $whole)" "$(grep -A1 '^accuracy' "$TMP/screen")"
stop plain80

# --- a race of a chosen set: repeated --opt; x then a digit adds one ---
start race3 "$PANEL --race --opt sgd --opt momentum --opt adam:lr=1e-4"
if wait_for race3 'adam +loss +[0-9]'; then
    missing=
    for n in sgd momentum adam; do
        grep -Eq "[1-3] ━━ $n +loss +[0-9.e+-]+ " "$TMP/screen" || missing="$missing $n"
    done
    extra=$(grep -Eo 'nesterov|adagrad|rmsprop|[4-6] ━━' "$TMP/screen" | sort -u | tr '\n' ' ')
    [ -z "$missing" ] && [ -z "$extra" ] && ok "--race with three --opt lists only those three" ||
        not_ok "--race with three --opt lists only those three" "missing:$missing extra: $extra" \
            "$(head -n 8 "$TMP/screen")"
    T send-keys -t race3 x
    if wait_for race3 'in / out of the race: +1 sgd\* +2 momentum\* +3 nesterov +4 adagrad +5 rmsprop +6 adam\*'; then
        ok "x lists the six optimizers, the racing ones marked"
    else
        not_ok "x lists the six optimizers, the racing ones marked" "$(tail -n 1 "$TMP/screen")"
    fi
    T send-keys -t race3 5
    if wait_for race3 'rmsprop joins' && wait_for race3 '[1-4] ━━ rmsprop +loss +[0-9]'; then
        ok "x 5 adds rmsprop to the race, from iteration 0"
    else
        not_ok "x 5 adds rmsprop to the race" "$(head -n 8 "$TMP/screen")" "$(tail -n 1 "$TMP/screen")"
    fi
    T send-keys -t race3 x 1
    if wait_for race3 'sgd leaves' && ! grep -Eq '━━ sgd ' "$TMP/screen"; then
        ok "x 1 takes sgd out of the race"
    else
        not_ok "x 1 takes sgd out of the race" "$(head -n 8 "$TMP/screen")"
    fi
else
    not_ok "a race of three starts" "$(head -n 10 "$TMP/screen")"
fi
T send-keys -t race3 q

# --- divergence ---
start div "$PANEL --opt sgd:lr=1e3"
if wait_for div 'DIVERGED at iteration [0-9]+'; then
    ok "a too-high learning rate shows diverged"
    sleep 0.3
    shot div
    if [ ! -s "$TMP/div.status" ] && grep -q "DIVERGED" "$TMP/screen"; then
        ok "the program keeps running after divergence"
    else
        not_ok "the program keeps running after divergence" "status $(cat "$TMP/div.status" 2>/dev/null)"
    fi
    T send-keys -t div r
    wait_for div 'reset: new W' && ok "r resets after divergence" ||
        not_ok "r resets after divergence" "$(tail -n 1 "$TMP/screen")"
else
    not_ok "a too-high learning rate shows diverged" "$(head -n 4 "$TMP/screen")"
fi
T send-keys -t div q
if wait_file "$TMP/div.status" && [ "$(cat "$TMP/div.status")" = 0 ]; then
    ok "q exits 0 after a divergence"
else
    not_ok "q exits 0 after a divergence" "status: $(cat "$TMP/div.status" 2>/dev/null)"
fi

# --- the explorer: the panel is opt-in; beside the map when wide, in its place when narrow ---
# cpu_ticks NAME: user+system clock ticks of the descent running in session NAME.
cpu_ticks() {
    sh_pid=$(T display-message -p -t "$1" '#{pane_pid}')
    pid=$(pgrep -P "$sh_pid" | head -n 1)
    [ -n "$pid" ] && awk '{ print $14 + $15 }' "/proc/$pid/stat"
}
# idle_check NAME TEST: under 0.3 s of CPU in 2 s.
idle_check() {
    t0=$(cpu_ticks "$1"); sleep 2; t1=$(cpu_ticks "$1")
    [ -n "$t0" ] && [ $((t1 - t0)) -lt 30 ] && ok "$2 ($((t1 - t0)) ticks in 2 s)" ||
        not_ok "$2" "ticks $t0 then $t1"
}
start wide "$UTF8 $BIN --surface booth" 220x50
if wait_for wide 'step 0/' && sleep 1 && shot wide && ! grep -q 'training a linear' "$TMP/screen"; then
    ok "a wide explorer opens on the surfaces alone (the panel is opt-in)"
    idle_check wide "paused, with the panel hidden, it does not train"
else
    not_ok "a wide explorer opens on the surfaces alone (the panel is opt-in)" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t wide F2
if wait_for wide 'booth.*training a linear SVM on' && wait_for wide 'running  pace [0-9]+ it/s  iteration [1-9]'; then
    ok "F2: a wide explorer trains beside the surfaces"
    # no iteration limit here: the time left is to the end of the epoch
    # under way, the whole epoch after the one shown
    if wait_for wide 'epoch [0-9]+\.[0-9]+  [0-9]+ images/s  [0-9.]+s to epoch [0-9]+'; then
        line=$(grep -Eo 'epoch [0-9]+\.[0-9]+  [0-9]+ images/s  [0-9.]+s to epoch [0-9]+' "$TMP/screen")
        now=$(echo "$line" | sed 's/^epoch \([0-9]*\)\..*/\1/')
        next=$(echo "$line" | sed 's/.* to epoch //')
        [ "$next" -eq $((now + 1)) ] && ok "without a limit the time left is to the next epoch ($line)" ||
            not_ok "without a limit the time left is to the next epoch" "$line"
    else
        not_ok "without a limit the time left is to the next epoch" "$(grep running "$TMP/screen")"
    fi
    T send-keys -t wide F2
    if wait_for wide 'training panel hidden' && ! grep -q 'training a linear' "$TMP/screen"; then
        sleep 0.5
        idle_check wide "F2 hides the panel and it stops training"
    else
        not_ok "F2 hides the panel" "$(head -n 3 "$TMP/screen")"
    fi
else
    not_ok "F2: a wide explorer trains beside the surfaces" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t wide q
start opt "$UTF8 $BIN --surface booth --panel" 220x50
wait_for opt 'booth.*training a linear SVM on' && ok "--panel opens the explorer with the panel beside the map" ||
    not_ok "--panel opens the explorer with the panel beside the map" "$(head -n 3 "$TMP/screen")"
T send-keys -t opt q
# --data names the panel's data, as train's does; a folder without data opens the
# explorer without its panel, saying why
start optdata "env XDG_CONFIG_HOME=$TMP/none $UTF8 $BIN --surface booth --panel --data $DATA" 220x50
wait_for optdata 'training a linear SVM on CIFAR-10' && ok "--panel --data DIR: the panel trains on DIR's CIFAR-10" ||
    not_ok "--panel --data DIR: the panel trains on DIR" "$(head -n 3 "$TMP/screen")"
T send-keys -t optdata q
start nodata "env XDG_CONFIG_HOME=$TMP/none $UTF8 $BIN --surface booth --panel --data $TMP/nothing" 120x40
wait_for nodata "no training panel: $TMP/nothing" && ok "--panel --data without data there: the explorer says why" ||
    not_ok "--panel --data without data there: the explorer says why" "$(tail -n 2 "$TMP/screen")"
T send-keys -t nodata q
cat >"$TMP/panel.scene" <<'EOS'
[scene]
title = With the panel
panel = training
[surface]
name = booth
EOS
start scenep "$UTF8 $BIN $TMP/panel.scene" 220x50
wait_for scenep 'With the panel.*training a linear SVM on' && ok "a scene's panel = training opens the panel" ||
    not_ok "a scene's panel = training opens the panel" "$(head -n 3 "$TMP/screen")"
T send-keys -t scenep q
start narrow "$UTF8 $BIN --surface booth"
if wait_for narrow 'step 0/' && ! grep -q 'training a linear' "$TMP/screen"; then
    T send-keys -t narrow F2
    wait_for narrow '^training a linear SVM on' && ok "F2 switches a narrow explorer to the panel" ||
        not_ok "F2 switches a narrow explorer to the panel" "$(head -n 2 "$TMP/screen")"
    T send-keys -t narrow F2
    wait_for narrow 'step 0/' && ok "F2 switches back to the surfaces" ||
        not_ok "F2 switches back to the surfaces" "$(head -n 2 "$TMP/screen")"
else
    not_ok "a narrow explorer opens on the surfaces" "$(head -n 2 "$TMP/screen")"
fi
T send-keys -t narrow q

# --- plain ASCII without UTF-8 ---
start ascii "env LANG=C LC_ALL=C TERM=vt100 $BIN train --tui --data $DATA --iters 1000000"
if wait_for ascii 'iteration [0-9]+/'; then
    if LC_ALL=C grep -q '[^ -~]' "$TMP/screen"; then
        not_ok "no UTF-8: the panel is plain ASCII" "$(LC_ALL=C grep -n '[^ -~]' "$TMP/screen" | head -n 3)"
    else
        ok "no UTF-8: the panel is plain ASCII"
    fi
else
    not_ok "panel starts without UTF-8" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t ascii q

# --- LANG=C: the validation images are still there, in ASCII ---
start asciis "env LANG=C LC_ALL=C $BIN train --tui --data $DATA --iters 1000000"
if wait_for asciis 'true: [a-z]+'; then
    grep -Eq '(x wrong|  right)' "$TMP/screen" && ! LC_ALL=C grep -q '[^ -~]' "$TMP/screen" &&
        ok "LANG=C: validation images, labels and marks in plain ASCII" ||
        not_ok "LANG=C: validation images, labels and marks in plain ASCII" "$(tail -n 10 "$TMP/screen")"
else
    not_ok "LANG=C: validation images are shown" "$(tail -n 12 "$TMP/screen")"
fi
T send-keys -t asciis q

# --- NO_COLOR: attributes only; pictures as shades, not colour half blocks ---
# A colour SGR sets a foreground or background (30-38, 40-48, 90-97,
# 100-107); 39 and 49 only restore the defaults. The same check must find
# colour in a run without NO_COLOR, or it proves nothing.
colour_sgr() { T capture-pane -e -p -t "$1" | grep -Ec "$(printf '\033')\[([0-9]*;)*(3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]"; }
start colour "$PANEL"
start nocolour "env NO_COLOR=1 $PANEL"
if wait_for colour 'true: [a-z]+' && wait_for nocolour 'true: [a-z]+'; then
    with=$(colour_sgr colour) without=$(colour_sgr nocolour)
    [ "$with" -gt 0 ] && [ "$without" -eq 0 ] &&
        ok "NO_COLOR=1: no colour on the panel ($with coloured lines without it)" ||
        not_ok "NO_COLOR=1: no colour on the panel" "lines with colour: $without (and $with without NO_COLOR)"
    shot nocolour
    ! grep -q '▀' "$TMP/screen" && grep -q '[░▒▓█]' "$TMP/screen" &&
        ok "NO_COLOR=1: templates and images as grey shades" ||
        not_ok "NO_COLOR=1: templates and images as grey shades" "$(sed -n 5,8p "$TMP/screen")"
else
    not_ok "NO_COLOR=1: the panel starts" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t colour q
T send-keys -t nocolour q

# --- too small: the explorer's message, and back when the terminal grows ---
start small "$PANEL" 70x20
if wait_for small 'terminal too small \(need 80x24, have 70x20\)'; then
    ok "70x20: terminal too small (need 80x24, have 70x20)"
else
    not_ok "70x20: terminal too small (need 80x24, have 70x20)" "$(cat "$TMP/screen")"
fi
T resize-window -t small -x 80 -y 24
wait_for small 'iteration [0-9]+/' && ok "80x24: the panel itself" ||
    not_ok "80x24: the panel itself" "$(head -n 3 "$TMP/screen")"
wait_for small '^ *\? help  q quit  space pause' && ok "80x24: the key line starts with help and quit (its end cut)" ||
    not_ok "80x24: the key line" "$(tail -n 2 "$TMP/screen")"
# ? at 80x24: every key of the panel in the keys box, each line whole
T send-keys -t small '?'
wait_for small 'training panel keys \(any key closes\)' && grep -q 'slower: fewer iterations a second' "$TMP/screen" &&
    grep -q 'x 1-6  optimizer 1-6 in/out of the race' "$TMP/screen" && grep -Eq ' space +pause / resume training( |$)' "$TMP/screen" &&
    grep -Eq ' w W +mistakes: the next / last class( |$)' "$TMP/screen" && grep -Eq ' q +quit( |$)' "$TMP/screen" &&
    ok "80x24: ? lists the panel's keys in a box, each whole" ||
    not_ok "80x24: ? lists the panel's keys in a box, each whole" "$(cat "$TMP/screen")"
T send-keys -t small z
wait_for small '^ *\? help  q quit  space pause' && ! grep -q 'any key closes' "$TMP/screen" &&
    ok "80x24: any key closes the keys box" || not_ok "80x24: any key closes the keys box" "$(cat "$TMP/screen")"
T resize-window -t small -x 80 -y 23
wait_for small 'terminal too small \(need 80x24, have 80x23\)' && ok "80x23: too small again" ||
    not_ok "80x23: too small again" "$(cat "$TMP/screen")"
T send-keys -t small q
if wait_file "$TMP/small.status" && [ "$(cat "$TMP/small.status")" = 0 ]; then
    ok "q quits from the too-small screen"
else
    not_ok "q quits from the too-small screen" "status: $(cat "$TMP/small.status" 2>/dev/null)"
fi
start smallx "$UTF8 $BIN --surface booth" 100x30
if wait_for smallx 'step 0/'; then
    T send-keys -t smallx F2
    wait_for smallx '^training a linear SVM on'
    T resize-window -t smallx -x 60 -y 20
    wait_for smallx 'terminal too small \(need 80x24, have 60x20\)' &&
        ok "the explorer's F2 panel at 60x20: the same message" ||
        not_ok "the explorer's F2 panel at 60x20: the same message" "$(cat "$TMP/screen")"
else
    not_ok "explorer starts at 100x30" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t smallx q


# --- the two-layer net: hidden units as images, dead ReLUs, update ratios ---
value() { tail -n 1 "$TMP/out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
NET="--model mlp --hidden 40 --opt sgd:lr=1e-3 --iters 20 --seed 4"
start net "$UTF8 $BIN train --tui --data $DATA $NET"
WAIT_TENTHS=600
if wait_still net 'done  pace [0-9]+ it/s  iteration 20/20'; then
    grep -q "two-layer net (40 relu, softmax)" "$TMP/screen" && ok "mlp: the banner names the net" ||
        not_ok "mlp: the banner names the net" "$(head -n 1 "$TMP/screen")"
    # 120 columns: the right half holds 5 tiles of 10 a row, two rows
    if grep -q "hidden units: rows of W1, 10 of 40" "$TMP/screen"; then
        ok "mlp: ten of the forty hidden units are shown as images"
    else
        not_ok "mlp: hidden units shown" "$(grep -n 'hidden' "$TMP/screen")"
    fi
    rows=$(awk '/hidden units: rows of W1/ { on = 1; next } on && n < 12 { print; n++ }' "$TMP/screen" |
        grep -c '[▀▄█]')
    [ "$rows" -ge 8 ] && ok "mlp: the tiles are drawn in half blocks ($rows lines)" ||
        not_ok "mlp: tiles drawn" "$rows lines with half blocks"
    run train --data "${DATA%/*}" $NET
    dead=$(value dead_relu)
    w1=$(value update_ratio_W1)
    w2=$(value update_ratio_W2)
    shown_dead=$(sed -n 's/.*dead ReLUs: \([0-9]*\)% of 40.*/\1/p' "$TMP/screen")
    want_dead=$(awk -v d="$dead" 'BEGIN { printf "%.0f", 100 * d }')
    [ -n "$shown_dead" ] && [ "$shown_dead" = "$want_dead" ] &&
        ok "mlp: dead ReLUs on screen ($shown_dead%) = headless ($dead)" ||
        not_ok "mlp: dead ReLUs agree" "screen '$shown_dead' headless '$dead'"
    for b in W1 W2; do
        case $b in W1) want=$w1 ;; *) want=$w2 ;; esac
        want=$(awk -v r="$want" 'BEGIN { printf "%.2e", r }')
        line=$(grep -o "$b upd/w *[0-9.e+-]* [-=*>]*" "$TMP/screen")
        got=$(echo "$line" | awk '{ print $3 }')
        if [ "$got" = "$want" ] && echo "$line" | grep -q '=' && echo "$line" | grep -q '[*>]'; then
            ok "mlp: $b update/parameter ratio on screen = headless ($got), on a meter with the band"
        else
            not_ok "mlp: $b ratio meter" "screen '$line' headless '$want'"
        fi
    done
    grep -q "band = 3e-04..3e-03 (about 1e-3 is healthy)" "$TMP/screen" && ok "mlp: the band is named" ||
        not_ok "mlp: the band is named" "$(grep -n meter "$TMP/screen")"
else
    not_ok "mlp panel reaches iteration 20" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t net q
WAIT_TENTHS=100

finish
