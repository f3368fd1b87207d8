# Every shipped scene in the explorer shows the numbers descent trace prints:
# after each of the first steps (key n), every racer's legend line reads the
# loss of its CSV row at that step (so several start points, too, start where
# the CSV says).
. tests/lib.sh

. tests/tmux.sh

# legend_bad K: the racers whose legend line does not show the CSV's loss at K.
legend_bad() {
    bad=
    labels=$(awk -F, 'NR > 1 && $2 == 0 { print $1 }' "$TMP/trace.csv")
    while IFS= read -r lab; do
        loss=$(awk -F, -v n="$lab" -v k="$1" '$1 == n && $2 == k { print $5 }' "$TMP/trace.csv")
        want=$(printf 'step %s  loss %.6g' "$1" "$loss")
        # the legend's line sample: solid for a kind's first racer, dashed after
        line=$(awk -v n="$lab" 'f { print; exit }
            index($0, "━ " n " ") || index($0, "╍ " n " ") || index($0, "┅ " n " ") ||
            index($0, "┉ " n " ") { f = 1 }' "$TMP/screen")
        case $line in *"$want"*) ;; *) bad="$bad [$lab: want '$want', line '$line']" ;; esac
    done <<EOF
$labels
EOF
}

prev=
for f in scenes/*.scene; do
    # a [classify] lesson is the playground's, not a race (tests/cli/classify.sh)
    grep -q '^\[classify\]' "$f" && continue
    grep -q '^\[landscape\]' "$f" && continue # the real loss's: tests/cli/landscene.sh
    name=$(basename "$f" .scene)
    "$BIN" trace --scene "$f" --steps 3 >"$TMP/trace.csv"
    # a session per scene, the last one killed only once the next runs: the
    # server never empties, so it never exits under a new session
    s=$(echo "$name" | tr -c 'a-z0-9\n' _)
    start "$s" "$UTF8 $BIN $f" 150x60
    [ -n "$prev" ] && T kill-session -t "$prev"
    prev=$s
    if ! wait_for "$s" ' step 0/'; then
        not_ok "$name: the explorer starts" "$(cat "$TMP/screen")"
        continue
    fi
    for k in 1 2 3; do
        T send-keys -t "$s" n
        wait_for "$s" " step $k/" >/dev/null
        i=0
        while shot "$s" && legend_bad "$k" && [ -n "$bad" ] && [ $i -lt 30 ]; do
            sleep 0.1
            i=$((i + 1))
        done
        [ -z "$bad" ] && ok "$name: legend after step $k = descent trace's losses" ||
            not_ok "$name: legend after step $k = descent trace's losses" "$bad"
    done
done

finish
