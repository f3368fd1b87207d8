# Screen tests of the training panel's validation pictures (issue 12): 16x16
# where there is room, 32x32 where there is more, and the mistakes view: for
# one predicted class, validation images it got wrong with their true class,
# checked against the confusion matrix on the same screen and against the
# labels in the data files.
. tests/lib.sh

DATA=../shared/data/cifar-10-subset/cifar-10-batches-bin
WAIT_TENTHS=300
. tests/tmux.sh
if [ ! -f "$DATA/data_batch_1.bin" ]; then
    skip "train images: no CIFAR-10 subset at $DATA"
    finish
    exit
fi
PANEL="$UTF8 $BIN train --tui --data $DATA --iters 300 --pace max"
# settle NAME: the screen once two shots 0.3 s apart agree (the panel is
# done, so it stops changing once a frame is whole); leaves it in $TMP/screen.
settle() {
    i=0
    shot "$1"; cp "$TMP/screen" "$TMP/prev"
    while [ $i -lt 30 ]; do
        sleep 0.3
        shot "$1"
        cmp -s "$TMP/screen" "$TMP/prev" && return 0
        cp "$TMP/screen" "$TMP/prev"
        i=$((i + 1))
    done
    return 1
}
names=$(cat "$DATA/batches.meta.txt")
# label_of I: the class name of validation image I, the subset's training
# image 4000 + I: record I of data_batch_5.bin.
label_of() {
    l=$(od -An -tu1 -j $(($1 * 3073)) -N 1 "$DATA/data_batch_5.bin" | tr -d ' ')
    echo "$names" | sed -n "$((l + 1))p"
}
# tile_rows: the picture rows (half blocks) of the first tile column under
# the heading matching $1.
tile_rows() {
    awk -v h="$1" 'index($0, h) { on = 1; next } on && /▀/ { n++; next } on && n { exit } END { print n + 0 }' "$TMP/screen"
}

for case in 160x50:16 200x60:32 300x80:32; do
    size=${case%:*} px=${case#*:}
    start "v$size" "$PANEL" "$size"
    if wait_for "v$size" '^done .*iteration 300/300' && wait_for "v$size" "validation images ${px}x${px}: predicted" &&
        settle "v$size"; then
        rows=$(tile_rows "validation images ${px}x${px}")
        n=$(grep -o 'pred: [a-z]*' "$TMP/screen" | wc -l)
        [ "$rows" -eq $((px / 2)) ] && [ "$n" -ge 3 ] &&
            ok "$size: validation images ${px}x${px} ($rows rows of half blocks, $n of them)" ||
            not_ok "$size: validation images ${px}x${px}" "$rows picture rows, $n images"
    else
        not_ok "$size: validation images ${px}x${px}" "$(grep -n 'validation' "$TMP/screen")"
    fi
    T send-keys -t "v$size" q
done

# --- the mistakes view ---
start mis "$PANEL" 160x50
if wait_still mis '^done .*iteration 300/300' && wait_for mis 'confusion on 1000 val images \(iteration 300\)' &&
    settle mis; then
    cp "$TMP/screen" "$TMP/conf"
    # the confusion matrix's column c (1-based): predicted as class c
    col_of() {
        sed -n '/confusion on 1000 val images/,$p' "$TMP/conf" | sed -n '3,12p' |
            awk -v c="$1" '{ for (i = NF - 9; i <= NF; i++) v[i - NF + 10] = $i; tot += v[c]; if (NR == c) d = v[c] }
                END { print tot, tot - d }'
    }
    for c in 1 4; do
        cls=$(echo "$names" | sed -n "${c}p")
        T send-keys -t mis w
        [ "$c" -eq 4 ] && T send-keys -t mis w w
        if wait_for mis "^.*$cls predicted: [0-9]+ of [0-9]+ wrong \(iteration 300\)" && settle mis; then
            got=$(grep -Eo "$cls predicted: [0-9]+ of [0-9]+ wrong" "$TMP/screen" | awk '{ print $5, $3 }')
            want=$(col_of "$c")
            [ "$got" = "$want" ] &&
                ok "w: $cls predicted, wrong and total ($got) agree with the confusion matrix's column" ||
                not_ok "w: $cls's counts agree with the confusion matrix" "view: $got" "column: $want"
            # every tile: "#I" then "true: X" under it, at the same column
            # (counted in characters: each non-ASCII one becomes one '?')
            LC_ALL=C.UTF-8 sed 's/[^ -~]/?/g' "$TMP/screen" >"$TMP/ascii"
            pairs=$(awk '{ line[NR] = $0 } END {
                    for (r = 1; r < NR; r++) { s = line[r]; off = 0
                        while (match(s, /#[0-9]+/)) {
                            col = off + RSTART; idx = substr(s, RSTART + 1, RLENGTH - 1)
                            t = substr(line[r + 1], col); sub(/^true: /, "", t); sub(/ .*/, "", t)
                            print idx, t; off += RSTART + RLENGTH - 1; s = substr(s, RSTART + RLENGTH) } } }' "$TMP/ascii")
            order=$(echo "$pairs" | awk 'NF { print $1 }' | tr '\n' ' ')
            sorted=$(echo "$pairs" | awk 'NF { print $1 }' | sort -n | tr '\n' ' ')
            [ "$order" = "$sorted" ] && ok "w: $cls's mistakes in validation order ($order)" ||
                not_ok "w: $cls's mistakes in validation order" "$order"
            n=0 bad=
            while read -r idx truth; do
                [ -n "$idx" ] || continue
                n=$((n + 1))
                file=$(label_of "$idx")
                # a name cut with an ellipsis compares on what is shown
                case $file in "${truth%\?}"*) ;; *) bad="$bad #$idx:$truth/$file" ;; esac
                [ "$truth" = "$cls" ] && bad="$bad #$idx:not-a-mistake"
            done <<EOF
$pairs
EOF
            [ "$n" -ge 2 ] && [ -z "$bad" ] &&
                ok "w: $n images predicted $cls, each true class right (from the data file) and not $cls" ||
                not_ok "w: the images predicted $cls are mistakes with their true class" "$n tiles;$bad"
        else
            not_ok "w shows the mistakes predicted $cls" "$(sed -n '/predicted/p' "$TMP/screen" | head -n 3)"
        fi
    done
    T send-keys -t mis W W W W
    wait_for mis 'confusion on 1000 val images' && ok "W back through the classes to the confusion matrix" ||
        not_ok "W back to the confusion matrix" "$(grep -n 'predicted' "$TMP/screen" | head -n 2)"
else
    not_ok "the panel reaches iteration 300 with its confusion matrix" "$(sed -n 2p "$TMP/screen")"
fi
T send-keys -t mis q

# --- plain ASCII and NO_COLOR: the mistakes view stays readable ---
start misa "env LANG=C LC_ALL=C NO_COLOR=1 $BIN train --tui --data $DATA --iters 300 --pace max" 120x40
if wait_still misa '^done ' && T send-keys -t misa w && wait_for misa 'airplane predicted: [0-9]+ of [0-9]+ wrong' &&
    settle misa; then
    LC_ALL=C grep -q '[^ -~]' "$TMP/screen" &&
        not_ok "LANG=C NO_COLOR: the mistakes view is plain ASCII" "$(LC_ALL=C grep -n '[^ -~]' "$TMP/screen" | head -n 2)" ||
        ok "LANG=C NO_COLOR: the mistakes view is plain ASCII"
    grep -Eq '#[0-9]+' "$TMP/screen" && grep -q 'true: ' "$TMP/screen" &&
        ok "LANG=C NO_COLOR at 120x40: mistakes shown with index and true class" ||
        not_ok "LANG=C NO_COLOR at 120x40: mistakes shown" "$(tail -n 12 "$TMP/screen")"
else
    not_ok "LANG=C NO_COLOR: w shows the mistakes" "$(tail -n 5 "$TMP/screen")"
fi
T send-keys -t misa q
finish
