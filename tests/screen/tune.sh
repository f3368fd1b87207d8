# Screen tests of descent tune --tui on the CIFAR-10 subset: the heatmap
# filling in, its cells read off the screen against the headless CSV of the
# same sweep (run separately), the best marked, the cell detail, Enter to
# the training panel and back, q's output, folds, random search, sizes,
# resize, NO_COLOR, themes and signals.
. tests/lib.sh

DATA=../shared/data/cifar-10-subset/cifar-10-batches-bin
WAIT_TENTHS=600
. tests/tmux.sh
if [ ! -f "$DATA/data_batch_1.bin" ]; then
    skip "tune --tui: no CIFAR-10 subset at $DATA"
    finish
    exit
fi

"$BIN" tune --tui --data "$DATA" --iters 10 </dev/null >"$TMP/out" 2>"$TMP/err"
status=$?
[ "$status" -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 1 ] && [ ! -s "$TMP/out" ] &&
    grep -q "tune: --tui needs a terminal (stdin is not a terminal): without --tui the rows go to stdout" "$TMP/err" &&
    ok "--tui without a terminal for its keys: one line, status 2" ||
    not_ok "--tui without a terminal for its keys: one line, status 2" "status $status" "$(cat "$TMP/err")"
expect_fail "--tui with --shard: one line, status 2" "tune: --tui shows the whole sweep" \
    tune --tui --shard 1/2 --data "$DATA" --iters 10
expect_fail "--merge takes no --tui" "tune: --merge takes the settings" tune --merge --tui a b
expect_fail "a bad theme: one line naming the valid ones" "unknown theme 'plaid'" \
    tune --tui --theme plaid --data "$DATA"

GRID="--data $DATA --lr 1e-7:1e-6:3 --reg 1e3:1e4:3 --iters 300"
"$BIN" tune $GRID >"$TMP/grid.csv" 2>/dev/null || not_ok "headless grid runs" "status $?"
# the CSV's val_acc column (field 9) per configuration
csv_val() { awk -F, -v k="$2" '$1 == k && $2 != "lr" { print $9 }' "$1"; }
# the map: the left columns of the lines that carry a reg label, cell by cell
map_cells() {
    cut -c1-"$1" "$TMP/screen" | awk '$1 ~ /^[0-9.e+-]+$/ && $2 ~ /^(\*?\.[0-9]+|\.|run|div)$/ {
        for (i = 2; i <= NF; i++) { v = $i; sub(/^\*/, "", v); printf "%s ", v } print "" }'
}
# the numbers among them
map_numbers() { map_cells "$1" | tr ' ' '\n' | grep -c '^\.[0-9]\{4\}$'; }
# a one-row map's cells in the CSV: configurations 0 and 1
csv_row2() { echo "$(csv_val "$1" 0 | sed 's/^0//') $(csv_val "$1" 1 | sed 's/^0//') "; }
# the same in the CSV: rows from the top (the largest reg) down, lr ascending
csv_grid() {
    for j in 2 1 0; do
        for i in 0 1 2; do printf '%s ' "$(csv_val "$1" $((i * 3 + j)) | sed 's/^0//')"; done
        echo
    done
}

# --- the grid fills in, and its numbers are the CSV's ---
start grid "$UTF8 $BIN tune --tui $GRID"
if wait_for grid 'cells [1-8]/9 done  training [0-9]+: [0-9]+/300  '; then
    k=$(sed -n 's/^cells \([0-9]*\)\/9 done.*/\1/p' "$TMP/screen")
    nums=$(map_numbers 72)
    waiting=$(map_cells 72 | tr ' ' '\n' | grep -cE '^(\.|run)$')
    [ "$nums" -eq "$k" ] && [ $((nums + waiting)) -eq 9 ] &&
        ok "filling in: $k cells with numbers, $waiting waiting or training" ||
        not_ok "filling in" "cells $k done, $nums numbers, $waiting waiting" "$(head -n 20 "$TMP/screen")"
else
    not_ok "the grid fills in" "$(head -n 8 "$TMP/screen")"
fi
if wait_still grid 'cells 9/9 done \(all\)'; then
    got=$(map_cells 72)
    want=$(csv_grid "$TMP/grid.csv")
    [ "$got" = "$want" ] && ok "the 9 cells read off the screen are the headless CSV's val_acc" ||
        not_ok "cells = CSV" "screen: $(echo $got)" "csv:    $(echo $want)"
    best=$(sed -n 's/.*config=\([0-9]*\) .* val_acc=\([0-9.]*\) .*/\2/p' "$TMP/grid.csv")
    star=$(cut -c1-72 "$TMP/screen" | grep -oE '\*\.[0-9]{4}' | sed 's/^\*/0/')
    [ -n "$best" ] && [ "$star" = "$best" ] && ok "the one cell marked * holds the chosen val_acc $best" ||
        not_ok "best marked" "marked: $star" "chosen: $best"
    grep -q 'val_acc \.[0-9]\{4\} .* \.[0-9]\{4\}  \* best' "$TMP/screen" &&
        ok "a colour bar with the scale's ends" || not_ok "colour bar" "$(tail -n 4 "$TMP/screen")"
    grep -Eq '[0-9.]+ runs/s  in [0-9.]+ s' "$TMP/screen" && ok "progress: runs per second, time taken" ||
        not_ok "progress" "$(sed -n 2p "$TMP/screen")"
else
    not_ok "the grid finishes" "$(head -n 8 "$TMP/screen")"
fi

# --- the cursor's detail: the row's numbers, the loss curve, the templates ---
T send-keys -t grid b
row_of() { awk -F, -v k="$1" '$1 == k && $2 != "lr"' "$TMP/grid.csv"; }
chosen=$(sed -n 's/^config=\([0-9]*\) .*/\1/p' "$TMP/grid.csv")
if wait_for grid "^.{73}config $chosen \\([0-9]+ of 9\\)"; then
    r=$(row_of "$chosen")
    lr=$(echo "$r" | cut -d, -f2) reg=$(echo "$r" | cut -d, -f3)
    grep -q "^.\{73\}lr $lr  reg $reg\$" "$TMP/screen" && ok "b: the cursor on the best cell, its lr and reg" ||
        not_ok "b: the best cell" "want lr $lr reg $reg" "$(cut -c73- "$TMP/screen" | head -n 4)"
    line="val_acc $(echo "$r" | cut -d, -f9)"
    line2="train_acc $(echo "$r" | cut -d, -f8)  loss $(echo "$r" | cut -d, -f5)"
    grep -q "$line  [0-9.]* s\$" "$TMP/screen" && grep -q "$line2\$" "$TMP/screen" &&
        ok "the detail's val_acc, train_acc and loss are the row's" ||
        not_ok "detail numbers" "want: $line / $line2" "$(cut -c73- "$TMP/screen" | head -n 5)"
    grep -q 'loss at 256 of 300 iterations (log scale' "$TMP/screen" && ok "the detail shows the loss curve (256 of its 300 points)" ||
        not_ok "loss curve" "$(cut -c73- "$TMP/screen" | head -n 8)"
    missing=
    for c in airplane bird cat deer dog frog horse ship truck; do
        grep -q "$c" "$TMP/screen" || missing="$missing $c"
    done
    [ -z "$missing" ] && ok "and the class templates" || not_ok "templates" "missing:$missing"
else
    not_ok "b moves the cursor to the best cell" "$(cut -c73- "$TMP/screen" | head -n 4)"
fi
# to the next lr on the same reg: configuration chosen + 3 (the grid is lr-major)
if [ "$chosen" -lt 6 ]; then
    next=$((chosen + 3))
    T send-keys -t grid Right
    wait_for grid "config $next \\([0-9]+ of 9\\)" && grep -q "val_acc $(csv_val "$TMP/grid.csv" $next)  " "$TMP/screen" &&
        ok "Right: the next lr's cell and its CSV val_acc" ||
        not_ok "Right moves the cursor" "$(cut -c73- "$TMP/screen" | head -n 4)"
    r=$(row_of $next)
    lr=$(echo "$r" | cut -d, -f2)
    T send-keys -t grid Enter
    if wait_for grid "iteration [0-9]+/300"; then
        grep -q "sgd lr=$lr " "$TMP/screen" && ok "Enter: the training panel with that lr ($lr)" ||
            not_ok "the panel's lr" "want lr=$lr" "$(head -n 3 "$TMP/screen")"
        T send-keys -t grid q
        wait_for grid "back from the panel \\(config $next\\)" && grep -q 'cells 9/9 done' "$TMP/screen" &&
            ok "q in the panel comes back to the map" || not_ok "back from the panel" "$(head -n 3 "$TMP/screen")"
    else
        not_ok "Enter opens the panel" "$(head -n 5 "$TMP/screen")"
    fi
fi
# q: what headless prints, closing line and all
T send-keys -t grid q
if wait_for grid '^config=' && wait_file "$TMP/grid.status" && [ "$(cat "$TMP/grid.status")" = 0 ]; then
    # the pane's lines joined where the terminal wrapped them
    T capture-pane -p -J -S -60 -t grid >"$TMP/joined"
    want=$(grep '^config=' "$TMP/grid.csv")
    grep -qxF "$want" "$TMP/joined" && ok "q prints headless's closing line: $want" ||
        not_ok "closing line" "want: $want" "$(grep '^config=' "$TMP/joined")"
    # every column but the last (seconds)
    grep -E '^[0-9]+,' "$TMP/joined" | sed 's/,[^,]*$//' >"$TMP/rows.tui"
    grep -E '^[0-9]+,' "$TMP/grid.csv" | sed 's/,[^,]*$//' >"$TMP/rows.csv"
    cmp -s "$TMP/rows.tui" "$TMP/rows.csv" && ok "and the same 9 rows (but the seconds)" ||
        not_ok "the rows after q" "$(diff "$TMP/rows.tui" "$TMP/rows.csv" | head -n 6)"
else
    not_ok "q quits with status 0" "$(tail -n 5 "$TMP/screen")"
fi
stop grid

# --- q before the end: the rows done, no choice, no test ---
start early "$UTF8 $BIN tune --tui --data $DATA --lr 1e-7:1e-6:8 --reg 1e3 --iters 400"
if wait_for early 'cells [1-6]/8 done'; then
    T send-keys -t early q
    if wait_for early '^chosen=none'; then
        n=$(sed -n 's/^chosen=none configurations=8 done=\([0-9]*\)$/\1/p' "$TMP/screen")
        rows=$(grep -cE '^[0-9]+,' "$TMP/screen")
        [ -n "$n" ] && [ "$n" -lt 8 ] && [ "$rows" -eq "$n" ] && ! grep -q test_acc "$TMP/screen" &&
            ok "q before the end: its $n rows, chosen=none, the test set untouched" ||
            not_ok "q before the end" "$(tail -n 4 "$TMP/screen")"
    else
        not_ok "q stops the sweep promptly" "$(tail -n 4 "$TMP/screen")"
    fi
else
    not_ok "the early sweep starts" "$(head -n 3 "$TMP/screen")"
fi
stop early

# --- folds: the mean in the cell, the spread in the detail ---
FOLDS="--data $DATA --lr 1e-7,1e-6 --reg 1e3 --iters 100 --folds 3"
"$BIN" tune $FOLDS >"$TMP/folds.csv" 2>/dev/null
start folds "$UTF8 $BIN tune --tui $FOLDS"
if wait_still folds 'cells 2/2 done \(all\)'; then
    got=$(map_cells 72) want=$(csv_row2 "$TMP/folds.csv")
    [ "$got" = "$want" ] && ok "folds: the cells are the CSV's mean val_acc" ||
        not_ok "folds: cells" "screen: $got" "csv: $want"
    T send-keys -t folds Right
    wait_for folds 'config 1 \(2 of 2\)'
    r=$(awk -F, '$1 == 1' "$TMP/folds.csv")
    spread="val_acc $(echo "$r" | cut -d, -f9) (mean of 3 folds)"
    per="sd $(echo "$r" | cut -d, -f10): $(echo "$r" | cut -d, -f11-13 | tr ',' ' ')"
    grep -q "$spread" "$TMP/screen" && grep -q "$per" "$TMP/screen" &&
        ok "folds: the detail's mean, sd and each fold are the CSV's" ||
        not_ok "folds detail" "want: $spread / $per" "$(cut -c73- "$TMP/screen" | head -n 5)"
else
    not_ok "the folds sweep finishes" "$(head -n 5 "$TMP/screen")"
fi
stop folds

# --- a third axis (--hidden): [ and ] pick the slice ---
NET="--data $DATA --model mlp --hidden 8,16 --lr 1e-4,1e-3 --reg 1e-3 --iters 30"
"$BIN" tune $NET >"$TMP/net.csv" 2>/dev/null
# the CSV's val_acc (field 10 after the hidden column) of one size, lr ascending
net_vals() { awk -F, -v h="$1" '$4 == h && $2 != "lr" { v = $10; sub(/^0/, "", v); printf "%s ", v }' "$TMP/net.csv"; }
start net "$UTF8 $BIN tune --tui $NET"
if wait_still net 'cells 4/4 done \(all\)'; then
    got=$(map_cells 72)
    [ "$got" = "$(net_vals 8)" ] && grep -q 'slice hidden 8 (\[ \])' "$TMP/screen" &&
        ok "--hidden: the first slice, hidden 8, holds its CSV cells" ||
        not_ok "--hidden: slice 8" "screen: $got" "csv: $(net_vals 8)"
    T send-keys -t net ']'
    if wait_for net 'slice hidden 16 \(\[ \]\)'; then
        got=$(map_cells 72)
        [ "$got" = "$(net_vals 16)" ] && ok "]: the slice hidden 16 and its CSV cells" ||
            not_ok "]: slice 16" "screen: $got" "csv: $(net_vals 16)"
    else
        not_ok "] picks the next slice" "$(cut -c73- "$TMP/screen" | head -n 4)"
    fi
else
    not_ok "the --hidden sweep finishes" "$(head -n 5 "$TMP/screen")"
fi
stop net

# --- --features: the cells are the CSV's, no pixel templates, the panel on features ---
FEAT="--data $DATA --features hog --lr 1e-3,1e-2 --iters 50"
"$BIN" tune $FEAT >"$TMP/feat.csv" 2>/dev/null
start feat "$UTF8 $BIN tune --tui $FEAT"
if wait_still feat 'cells 2/2 done \(all\)'; then
    got=$(map_cells 72) want=$(csv_row2 "$TMP/feat.csv")
    [ "$got" = "$want" ] && grep -q 'templates: none, the model reads hog features' "$TMP/screen" &&
        ok "--features hog: the cells are the CSV's, and no pixel templates claimed" ||
        not_ok "--features" "screen: $got" "csv: $want" "$(cut -c73- "$TMP/screen" | tail -n 12)"
    T send-keys -t feat Enter
    wait_for feat 'weights on hog' && ok "--features: Enter opens the panel on the features" ||
        not_ok "--features: the panel" "$(head -n 5 "$TMP/screen")"
else
    not_ok "the --features sweep finishes" "$(head -n 5 "$TMP/screen")"
fi
stop feat

# --- random search: a scatter over the same axes ---
RAND="--data $DATA --lr 1e-7:1e-5:2 --reg 1e2:1e5:2 --random 6 --iters 100"
"$BIN" tune $RAND >"$TMP/rand.csv" 2>/dev/null
start rand "$UTF8 $BIN tune --tui $RAND"
if wait_still rand 'cells 6/6 done \(all\)'; then
    grep -q '6 random configurations' "$TMP/screen" && [ "$(cut -c1-72 "$TMP/screen" | grep -c '\*')" -ge 1 ] &&
        ok "random: a scatter with the best marked" || not_ok "random scatter" "$(head -n 20 "$TMP/screen")"
    T send-keys -t rand b
    chosen=$(sed -n 's/^config=\([0-9]*\) .*/\1/p' "$TMP/rand.csv")
    r=$(awk -F, -v k="$chosen" '$1 == k && $2 != "lr"' "$TMP/rand.csv")
    if wait_for rand "config $chosen \\([0-9]+ of 6\\)" &&
        grep -q "lr $(echo "$r" | cut -d, -f2)  reg $(echo "$r" | cut -d, -f3)\$" "$TMP/screen" &&
        grep -q "val_acc $(echo "$r" | cut -d, -f9)  " "$TMP/screen"; then
        ok "random: b shows the chosen configuration with its CSV val_acc"
    else
        not_ok "random: the best point" "want config $chosen: $r" "$(cut -c73- "$TMP/screen" | head -n 4)"
    fi
else
    not_ok "the random sweep finishes" "$(head -n 5 "$TMP/screen")"
fi
stop rand

# --- sizes, resize, NO_COLOR, themes ---
SMALL="--data $DATA --lr 1e-7:1e-6:3 --reg 1e3:1e4:3 --iters 20"
for size in 80x24 300x80; do
    start "s$size" "$UTF8 $BIN tune --tui $SMALL" "$size"
    w=${size%x*}
    if wait_for "s$size" 'cells 9/9 done \(all\)'; then
        lw=$((w >= 120 ? w * 3 / 5 : w - 35))
        n=$(map_numbers "$lw")
        grep -q '? keys  q quit' "$TMP/screen" && [ "$n" -eq 9 ] && grep -q 'reg' "$TMP/screen" &&
            ok "$size: the map with its 9 numbers and the key line" ||
            not_ok "$size" "$n numbers" "$(cat "$TMP/screen")"
        # ? at 80x24: the keys in a box that blanks the map under it (the
        # lines were drawn over the map, its labels showing between them)
        if [ "$w" -eq 80 ]; then
            T send-keys -t "s$size" '?'
            wait_for "s$size" 'keys \(any key closes this help\)' && box_row Enter 'train that configuration in the panel \(q there comes back\)' &&
                box_row q 'quit \(the rows finished so far go to stdout\)' && box_row '\[ \]' 'the slice of a third axis' &&
                ok "80x24: ? shows the keys in a box, nothing of the map beside them" ||
                not_ok "80x24: ? shows the keys in a box, nothing of the map beside them" "$(cat "$TMP/screen")"
            T send-keys -t "s$size" x
            wait_for "s$size" '\? keys  q quit' && ! grep -q 'any key closes' "$TMP/screen" &&
                ok "80x24: any key closes the keys box" || not_ok "80x24: any key closes the keys box" "$(cat "$TMP/screen")"
        fi
    else
        not_ok "$size: the sweep runs" "$(head -n 5 "$TMP/screen")"
    fi
    stop "s$size"
done

start resize "$UTF8 $BIN tune --tui $SMALL"
if wait_still resize 'cells 9/9 done \(all\)'; then
    T resize-window -t resize -x 60 -y 20
    wait_for resize 'too small' && ok "resize to 60x20: the too-small message" ||
        not_ok "resize small" "$(cat "$TMP/screen")"
    T resize-window -t resize -x 90 -y 30
    if wait_for resize '\? keys  q quit'; then
        n=$(map_numbers 51)
        [ "$n" -eq 9 ] && ok "resize to 90x30: the map redrawn, 9 numbers" || not_ok "resize 90x30" "$(cat "$TMP/screen")"
    else
        not_ok "resize back" "$(cat "$TMP/screen")"
    fi
else
    not_ok "resize: the sweep runs" "$(head -n 5 "$TMP/screen")"
fi
stop resize

colour_escapes() { T capture-pane -p -e -t "$1" | grep -Ec "$(printf '\033')\\[[0-9;]*(3[0-7]|38;[25]|4[0-7]|48;[25])[;m]"; }
start nocolor "env NO_COLOR=1 LANG=C LC_ALL=C $BIN tune --tui $SMALL"
if wait_still nocolor 'cells 9/9 done \(all\)'; then
    n=$(colour_escapes nocolor)
    stars=$(cut -c1-72 "$TMP/screen" | grep -oE '\*\.[0-9]{4}' | wc -l)
    [ "$n" -eq 0 ] && [ "$stars" -eq 1 ] && grep -Eq 'val_acc \.[0-9]{4} \.+:+-+=+\++\*+#+%+@+ \.[0-9]{4}' "$TMP/screen" &&
        ok "NO_COLOR, LANG=C: no colour, the numbers, the best marked, a shade bar" ||
        not_ok "NO_COLOR" "$n colour lines, $stars marked" "$(tail -n 4 "$TMP/screen")"
else
    not_ok "NO_COLOR: the sweep runs" "$(head -n 5 "$TMP/screen")"
fi
stop nocolor

start colour "$UTF8 $BIN tune --tui $SMALL"
if wait_still colour 'cells 9/9 done \(all\)'; then
    n=$(colour_escapes colour)
    [ "$n" -gt 0 ] && ok "colour by default ($n lines)" || not_ok "colour" "no colour escapes"
    for th in light high-contrast monochrome dark; do
        T send-keys -t colour t
        wait_for colour "theme $th" && grep -q 'cells 9/9' "$TMP/screen" && ok "t: theme $th" ||
            not_ok "t: theme $th" "$(tail -n 3 "$TMP/screen")"
    done
else
    not_ok "colour: the sweep runs" "$(head -n 5 "$TMP/screen")"
fi
stop colour
start mono "$UTF8 $BIN tune --tui --theme monochrome $SMALL"
wait_still mono 'cells 9/9 done \(all\)' && [ "$(colour_escapes mono)" -eq 0 ] &&
    ok "--theme monochrome: no colour" || not_ok "--theme monochrome" "$(colour_escapes mono) colour lines"
stop mono

# stdout to a file: the screen on the terminal (/dev/tty), and at q the
# file gets what the headless run prints
"$BIN" tune $SMALL >"$TMP/small.csv" 2>/dev/null
start redirect "$UTF8 $BIN tune --tui $SMALL >$TMP/redirect.csv"
if wait_still redirect 'cells 9/9 done \(all\)'; then
    T send-keys -t redirect q
    wait_file "$TMP/redirect.status"
    # every column but seconds
    strip() { grep -v '^#' "$1" | awk -F, -v OFS=, '/^[0-9]/ { $NF = "" } { print }'; }
    [ "$(cat "$TMP/redirect.status")" = 0 ] && [ -s "$TMP/redirect.csv" ] &&
        [ "$(strip "$TMP/redirect.csv")" = "$(strip "$TMP/small.csv")" ] &&
        ok "tune --tui > FILE: the screen on the terminal, the headless rows and choice in FILE" ||
        not_ok "tune --tui > FILE" "status $(cat "$TMP/redirect.status")" "$(diff "$TMP/small.csv" "$TMP/redirect.csv" | head -10)"
else
    not_ok "tune --tui > FILE: the screen shows" "$(head -n 5 "$TMP/screen")"
fi
stop redirect

# On a big screen the grid grows: at 300x80 its cells are about square and
# far wider than the 12 columns they were capped at
start big "$UTF8 $BIN tune --tui $SMALL" 300x80
if wait_still big 'cells 9/9 done \(all\)'; then
    gap=$(grep -m 1 -E '\.[0-9]{4} .*\.[0-9]{4} .*\.[0-9]{4}' "$TMP/screen" | cut -c1-180 |
        awk '{ n = 0; s = $0; off = 0
               while (match(s, /\.[0-9][0-9][0-9][0-9]/)) { pos[++n] = off + RSTART; off += RSTART + RLENGTH - 1; s = substr(s, RSTART + RLENGTH) }
               print (n >= 3 ? pos[2] - pos[1] : 0) }')
    [ "${gap:-0}" -ge 24 ] && ok "300x80: the grid's cells are $gap columns apart" ||
        not_ok "300x80: the grid grows with the screen" "cells ${gap:-?} columns apart" "$(sed -n 3,20p "$TMP/screen" | cut -c1-180)"
else
    not_ok "300x80: the sweep runs" "$(head -n 5 "$TMP/screen")"
fi
stop big

# 8 colours: each cell's number is in a colour other than its cell's, on
# every theme (black on the light theme's black cell was unreadable)
for th in dark light; do
    start "eight-$th" "env TERM=xterm $UTF8 $BIN tune --tui --theme $th $SMALL" 120x40
    if wait_still "eight-$th" 'cells 9/9 done \(all\)'; then
        cells=$(sgr_runs "eight-$th" | awk -F'\t' '$2 ~ /^4[0-6]$/ && $3 ~ /\.[0-9][0-9][0-9][0-9]/' | head -20)
        same=$(printf '%s\n' "$cells" | awk -F'\t' 'NF && $1 - 30 == $2 - 40' | wc -l)
        n=$(printf '%s\n' "$cells" | grep -c .)
        [ "$n" -ge 9 ] && [ "$same" -eq 0 ] && ok "8 colours, $th: the $n cells' numbers differ from their cell's colour" ||
            not_ok "8 colours, $th: the cells' numbers readable" "$same of $n the cell's colour" "$cells"
    else
        not_ok "8 colours, $th: the sweep runs" "$(head -n 5 "$TMP/screen")"
    fi
    stop "eight-$th"
done

sig_case tune-int "$UTF8 $BIN tune --tui --data $DATA --lr 1e-7:1e-6:9 --iters 2000" 'training [0-9]+: ' INT 130
sig_case tune-term "$UTF8 $BIN tune --tui --data $DATA --lr 1e-7:1e-6:9 --iters 2000" 'training [0-9]+: ' TERM 143
finish
