# Screen tests of the optimizers' identities: each kind (sgd, momentum,
# nesterov, adagrad, rmsprop, adam, bfgs) has one colour in every shipped
# scene and theme, read from the colour escape of its legend entry (tmux
# capture-pane -e); a second racer of a kind differs in shade, never by
# taking another kind's colour.
. tests/lib.sh

. tests/tmux.sh

# legend_colours NAME: "N FG" for each legend entry N: the foreground in
# force where its swatch is drawn (the run after " N ").
legend_colours() {
    sgr_runs "$1" | awk -F'\t' '
        $3 ~ /^(━|╍|┅|┉)/ && match(prev, / [1-9] $/) { print substr(prev, RSTART + 1, 1), $1 }
        { prev = $3 }'
}
# kinds FILE: the kind of each racer of a scene, in order (the default six
# when it names none; every optimizer from every start, start-major).
kinds() {
    awk '/^\[/ { sec = $0; opt = ($0 ~ /^\[optimizer\]/); if (opt) n++ }
         sec ~ /^\[race\]/ && $1 == "start" { starts++ }
         opt && $1 == "type" { t[n] = $3 }
         END { if (n == 0) { n = split("sgd momentum nesterov adagrad rmsprop adam", t, " ") }
               for (s = 0; s < (starts ? starts : 1); s++) for (i = 1; i <= n; i++) printf "%s ", t[i]
               print "" }' "$1"
}

: >"$TMP/seen" # lines "kind rank colour scene"
for f in scenes/*.scene; do
    # a [classify] lesson is the playground's, not a race (tests/cli/classify.sh)
    grep -q '^\[classify\]' "$f" && continue
    grep -q '^\[landscape\]' "$f" && continue # the real loss's: tests/cli/landscene.sh
    name=$(basename "$f" .scene)
    for theme in dark light high-contrast; do
        [ "$theme" != dark ] && [ "$name" != tour ] && continue
        s="$name-$theme"
        start "$s" "$UTF8 $BIN $name --theme $theme" 120x40
        if ! wait_for "$s" 'step 0/'; then
            not_ok "$name ($theme) starts" "$(head -n 3 "$TMP/screen")"
            continue
        fi
        legend_colours "$s" >"$TMP/legend"
        set -- $(kinds "$f")
        want=$#
        got=$(wc -l <"$TMP/legend")
        if [ "$got" -ne "$want" ]; then
            not_ok "$name ($theme): a colour for each of the $want legend entries" "got $got" "$(cat "$TMP/legend")"
        fi
        i=1
        for k in "$@"; do
            c=$(awk -v i="$i" '$1 == i { print $2 }' "$TMP/legend")
            rank=$(grep -c "^$k [0-9]* [^ ]* $s\$" "$TMP/seen")
            echo "$k $rank $c $s" >>"$TMP/seen"
            i=$((i + 1))
        done
        T send-keys -t "$s" q
    done
done

for theme in dark light high-contrast; do
    # first of a kind: one colour per kind across the scenes
    bad=$(awk -v th="$theme" '$4 ~ ("-" th "$") && $2 == 0 { c[$1] = c[$1] " " $3 }
        END { for (k in c) { n = split(c[k], v, " "); for (i = 2; i <= n; i++) if (v[i] != v[1]) { print k ":" c[k]; break } } }' "$TMP/seen")
    [ -z "$bad" ] && ok "$theme: the first racer of each kind has one colour in every scene" ||
        not_ok "$theme: the first racer of each kind has one colour in every scene" "$bad"
    # no colour of one kind is another kind's
    bad=$(awk -v th="$theme" '$4 ~ ("-" th "$") { if (($3 in owner) && owner[$3] != $1) print $3 ": " owner[$3] " and " $1 " (" $4 ")"; owner[$3] = $1 }' "$TMP/seen")
    [ -z "$bad" ] && ok "$theme: no racer wears another kind's colour" ||
        not_ok "$theme: no racer wears another kind's colour" "$bad"
done
kinds_seen=$(awk '$4 ~ /-dark$/ { print $1 }' "$TMP/seen" | sort -u | tr '\n' ' ')
[ "$kinds_seen" = "adagrad adam bfgs momentum nesterov rmsprop sgd " ] &&
    ok "the shipped scenes show all seven kinds ($kinds_seen)" ||
    not_ok "the shipped scenes show all seven kinds" "$kinds_seen"
# the tour and valley agree on adam, and lr-regimes' four sgd racers are four shades of it
c_tour=$(awk '$1 == "adam" && $4 == "tour-dark" { print $3 }' "$TMP/seen")
c_valley=$(awk '$1 == "adam" && $4 == "valley-dark" { print $3 }' "$TMP/seen")
[ -n "$c_tour" ] && [ "$c_tour" = "$c_valley" ] && ok "adam is $c_tour in the tour and in valley" ||
    not_ok "adam has one colour in the tour and in valley" "tour $c_tour, valley $c_valley"
n=$(awk '$1 == "sgd" && $4 == "lr-regimes-dark" { print $3 }' "$TMP/seen" | sort -u | wc -l)
[ "$n" -eq 4 ] && ok "lr-regimes: four sgd racers in four shades" ||
    not_ok "lr-regimes: four sgd racers in four shades" "$(grep lr-regimes-dark "$TMP/seen")"

# The SVG draws each racer in the colour of its kind too.
"$BIN" trace --surface booth --opt adam --opt sgd --svg "$TMP/a.svg" >/dev/null 2>&1
"$BIN" trace --surface booth --opt sgd --opt adam --svg "$TMP/b.svg" >/dev/null 2>&1
key_colour() { grep -o "<path d=\"M[0-9.]* [0-9.]*h30\" fill=\"none\" stroke=\"#[0-9a-f]*\"" "$1" | sed -n "$2p" | grep -o '#[0-9a-f]*'; }
a_adam=$(key_colour "$TMP/a.svg" 1) b_adam=$(key_colour "$TMP/b.svg" 2)
[ -n "$a_adam" ] && [ "$a_adam" = "$b_adam" ] && ok "SVG: adam is $a_adam first or second" ||
    not_ok "SVG: adam has one colour first or second" "$a_adam vs $b_adam"


# schedules: six sgd racers; no two share both shade and line style (the
# sixth was the first's shade with the second's dash), and none is a shade
# darker than half of sgd's own luminance on the dark paper
start sched "$UTF8 $BIN schedules" 120x40
if wait_for sched 'step 0/'; then
    pairs=$(sgr_runs sched | awk -F'\t' '$3 ~ /^(━|╍|┅|┉)/ && match(prev, / [1-9] $/) { split($3, w, " "); print $1, w[1] } { prev = $3 }')
    n=$(printf '%s\n' "$pairs" | grep -ac .)
    u=$(printf '%s\n' "$pairs" | sort -u | grep -ac .)
    [ "$n" -eq 6 ] && [ "$u" -eq 6 ] && ok "schedules: six sgd racers, six different shade and style pairs" ||
        not_ok "schedules: six different shade and style pairs" "$pairs"
    # each name is text in its shade: at least 4.5:1 against the black paper
    # (WCAG's bar for text); xterm's cube levels 0, 95, 135, ..., greys 8 + 10k
    dim=$(printf '%s\n' "$pairs" | awk '
        function lin(v) { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ^ 2.4 }
        function level(v) { return v == 0 ? 0 : 55 + 40 * v }
        { split($1, p, ";"); c = p[3] - 16
          if (c >= 216) r = g = b = 8 + 10 * (c - 216)
          else { r = level(int(c / 36)); g = level(int(c / 6) % 6); b = level(c % 6) }
          l = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
          if ((l + 0.05) / 0.05 < 4.5) printf "%s (%.1f:1) ", $1, (l + 0.05) / 0.05 }')
    [ -z "$dim" ] && ok "schedules: every shade of sgd reads at 4.5:1 or more on the dark paper" ||
        not_ok "schedules: every shade of sgd reads on the dark paper" "$dim"
else
    not_ok "schedules starts" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t sched q

finish
