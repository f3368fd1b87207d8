# Screen tests of the one chart drawer (src/tui/chart.c) on every screen
# that has a chart: each chart has a colour key naming its series, and a
# series' key entry wears the colour its racer wears in the screen's legend
# (read from the colour escapes, tmux capture-pane -e).
. tests/lib.sh

DATA=../shared/data/cifar-10-subset/cifar-10-batches-bin
. tests/tmux.sh

# swatches NAME: "legend|key FG NAME" for each line swatch on the screen: a
# legend entry follows its number (" 3 ━━ adagrad"), a chart key entry not.
swatches() {
    sgr_runs "$1" | awk -F'\t' '
        want { if ($3 ~ /[^ ]/) { split($3, w, " "); print what, fg, w[1]; want = 0 } }
        $3 ~ /^(━|╍|┅|┉|─)/ && !want {
            what = match(prev, /(^| )[1-9] ?$/) ? "legend" : "key"; fg = $1
            rest = $3; sub(/^(━|╍|┅|┉|─)+ */, "", rest)
            if (rest != "") { split(rest, w, " "); print what, fg, w[1] } else want = 1
        }
        { if ($3 != "") prev = $3 }'
}

# keyed_as_legend MIN NAMES...: prints "name:legend=FG,keys=N" for each
# name not keyed at least MIN times in the colour of its legend entry
# ($TMP/sw from swatches).
keyed_as_legend() {
    min=$1; shift
    for n in "$@"; do
        l=$(awk -v n="$n" '$1 == "legend" && $3 == n { print $2; exit }' "$TMP/sw")
        nk=$(awk -v n="$n" -v l="$l" '$1 == "key" && $3 == n && $2 == l' "$TMP/sw" | wc -l)
        { [ -n "$l" ] && [ "$l" != default ] && [ "$nk" -ge "$min" ]; } || printf ' %s:legend=%s,keys=%s' "$n" "$l" "$nk"
    done
}

# The explorer: the tour's seven racers in the loss chart's key, each in
# its legend colour.
start tour "$UTF8 $BIN tour" 160x50
if wait_for tour 'step 0/'; then
    T send-keys -t tour Space
    wait_for tour 'loss vs step'
    sleep 0.5
    swatches tour >"$TMP/sw"
    bad=$(keyed_as_legend 1 sgd momentum nesterov adagrad rmsprop adam bfgs)
    [ -z "$bad" ] && ok "explorer: the loss chart's key names the seven racers in their legend colours" ||
        not_ok "explorer: the loss chart's key" "$bad" "$(cat "$TMP/sw")"
else
    not_ok "the tour starts" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t tour q

# The playground's race: six optimizers in the chart's key, six colours.
start play "$UTF8 $BIN classify --data demo" 120x40
if wait_for play 'W and b'; then
    T send-keys -t play R n n n
    wait_for play 'paused  step 3'
    swatches play >"$TMP/sw"
    names=$(awk '$1 == "key" { print $3 }' "$TMP/sw" | sort | tr '\n' ' ')
    colours=$(awk '$1 == "key" { print $2 }' "$TMP/sw" | sort -u | grep -vc default)
    [ "$names" = "adagrad adam momentum nesterov rmsprop sgd " ] && [ "$colours" -eq 6 ] &&
        ok "playground: the race chart's key names six optimizers in six colours" ||
        not_ok "playground: the race chart's key" "names: $names" "colours: $colours" "$(cat "$TMP/sw")"
else
    not_ok "the playground starts" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t play q

# The training panel: its race's loss and accuracy charts key each
# optimizer in its race-legend colour; a single run keys its curves.
if [ -f "$DATA/data_batch_1.bin" ]; then
    start race "$UTF8 $BIN train --tui --data $DATA --iters 1000000 --race" 160x50
    if wait_for race 'adam +loss +[0-9]'; then
        swatches race >"$TMP/sw"
        bad=$(keyed_as_legend 2 sgd momentum nesterov adagrad rmsprop adam)
        [ -z "$bad" ] && ok "panel race: the loss and accuracy keys name each optimizer in its colour" ||
            not_ok "panel race: the chart keys" "$bad" "$(cat "$TMP/sw")"
    else
        not_ok "the panel's race starts" "$(head -n 5 "$TMP/screen")"
    fi
    T send-keys -t race q
    start one "$UTF8 $BIN train --tui --data $DATA --iters 1000000" 120x40
    if wait_for one 'iteration [1-9][0-9]*/'; then
        swatches one >"$TMP/sw"
        missing=
        for n in every smoothed train val data reg; do
            awk -v n="$n" '$1 == "key" && $3 == n' "$TMP/sw" | grep -q . || missing="$missing $n"
        done
        [ -z "$missing" ] && ok "panel: every chart keys its curves (loss, accuracy, parts)" ||
            not_ok "panel: chart keys" "missing:$missing" "$(cat "$TMP/sw")"
    else
        not_ok "the panel starts" "$(head -n 5 "$TMP/screen")"
    fi
    T send-keys -t one q
else
    skip "chart keys in the panel: no CIFAR-10 subset at $DATA"
fi
# race_formula NAME FORMULA START: the explorer on FORMULA from START, played
# to its 100th and last step; 1 (and a not_ok naming it) when it does not get there.
race_formula() {
    start "$1" "$UTF8 $BIN --formula '$2' --view -2,2,-2,2 --start $3 --steps 100" 120x40
    if ! wait_for "$1" 'step 0/'; then
        not_ok "$1: the formula explorer starts" "$(head -n 3 "$TMP/screen")"
        return 1
    fi
    T send-keys -t "$1" Space
    wait_still "$1" 'step 100/100' && return 0
    not_ok "$1: the race ends" "$(head -n 2 "$TMP/screen")"
    return 1
}

# A loss that goes negative: the linear axis reaches down to it (it was
# floored at 0, every racer drawn flat along the bottom as if "below").
# trace's lowest loss over the run is the value the axis must reach.
if race_formula neg 'x^4 - 2*x^2 + y^2' 0.1,1.5; then
    low=$(grep -o ' -\?[0-9][0-9.e+-]*│' "$TMP/screen" | tail -n 1 | tr -d ' │')
    min=$("$BIN" trace --formula 'x^4 - 2*x^2 + y^2' --start 0.1,1.5 --steps 100 2>/dev/null |
        awk -F, 'NR > 1 && (m == "" || $NF < m) { m = $NF } END { print m }')
    awk -v l="$low" -v m="$min" 'BEGIN { exit !(l != "" && l + 0 < 0 && l <= m + 0.05) }' &&
        ok "negative losses: the chart's axis goes down to $low (trace's lowest: $min)" ||
        not_ok "negative losses: the chart's axis reaches them" "bottom label '$low', trace's lowest $min" \
            "$(sed -n 20,40p "$TMP/screen")"
fi
T send-keys -t neg q

# A narrow range: the top and bottom labels get the digits that tell them
# apart (a landscape's chart read 16.6 at both ends)
if race_formula narrow '16.55 + 0.01*(x^2 + y^2)' 1,0; then
    labels=$(sed -n '/loss vs step/,$p' "$TMP/screen" | grep -o ' [0-9][0-9.e+-]*│' | tr -d ' │' | tr '\n' ' ')
    set -- $labels
    [ $# -ge 2 ] && [ "$1" != "$2" ] && ok "a narrow range: the chart's ends read $1 and $2" ||
        not_ok "a narrow range: the chart's ends differ" "labels: $labels" "$(sed -n 20,40p "$TMP/screen")"
fi
T send-keys -t narrow q

finish
