# Screen tests of the themes: --theme, the t key, head marks that tell the
# paths apart without colour, and a bad theme name.
. tests/lib.sh

expect_fail "a bad theme name: one line naming the valid ones, status 2" \
    "unknown theme 'plaid' (valid: dark, light, high-contrast, monochrome)" --theme plaid

. tests/tmux.sh

# light_share NAME: of the cells' background colour codes on the screen
# (48;5;N, 48;2;R;G;B, 40-47), the percentage that are light (luminance
# above 0.6). xterm's cube levels are 0, 95, 135, 175, 215, 255; its greys
# 232-255 are 8 + 10k.
light_share() {
    T capture-pane -p -e -t "$1" | tr '\033' '\n' | awk '
        function lum(r, g, b) { return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255 }
        function level(v) { return v == 0 ? 0 : 55 + 40 * v }
        function count(l) { n++; if (l > 0.6) light++ }
        {
            if (match($0, /^\[[0-9;]*m/) == 0) next
            split(substr($0, 2, RLENGTH - 2), p, ";")
            for (i = 1; p[i] != ""; i++) {
                if (p[i] == 48 && p[i + 1] == 5) {
                    c = p[i + 2] + 0; i += 2
                    if (c >= 232) count(lum(8 + 10 * (c - 232), 8 + 10 * (c - 232), 8 + 10 * (c - 232)))
                    else if (c >= 16) { c -= 16; count(lum(level(int(c / 36)), level(int(c / 6) % 6), level(c % 6))) }
                    else count(c == 7 || c == 15 ? 1 : 0)
                } else if (p[i] == 48 && p[i + 1] == 2) {
                    count(lum(p[i + 2], p[i + 3], p[i + 4])); i += 4
                } else if (p[i] >= 40 && p[i] <= 47) {
                    count(p[i] == 47 ? 1 : 0)
                }
            }
        }
        END { print n ? int(100 * light / n) : -1 }'
}
colour_escapes() { T capture-pane -p -e -t "$1" | grep -Ec "$(printf '\033')\\[[0-9;]*(3[0-7]|38;[25]|4[0-7]|48;[25])[;m]"; }

start dark "$UTF8 $BIN --surface booth"
if wait_for dark 'step 0/'; then
    d=$(light_share dark)
    [ "$d" -ge 0 ] && [ "$d" -lt 20 ] && ok "dark by default: $d% of background codes are light" ||
        not_ok "dark by default" "$d% of background codes are light"
    T send-keys -t dark t
    wait_for dark ' light  paused ' && ok "t cycles dark -> light (name on the title line)" ||
        not_ok "t cycles dark -> light" "$(head -n 1 "$TMP/screen")"
    T send-keys -t dark t
    wait_for dark ' high-contrast  paused ' && ok "t cycles light -> high-contrast" ||
        not_ok "t cycles light -> high-contrast" "$(head -n 1 "$TMP/screen")"
else
    not_ok "the explorer starts" "$(cat "$TMP/screen")"
fi

start light "$UTF8 $BIN --surface booth --theme light"
if wait_for light ' light  paused '; then
    l=$(light_share light)
    [ "$l" -gt 80 ] && ok "--theme light: $l% of background codes are light" ||
        not_ok "--theme light paints a light background" "$l% of background codes are light"
else
    not_ok "--theme light starts" "$(head -n 1 "$TMP/screen")"
fi

# The six head marks the brief asks for, in the legend next to each name.
T send-keys -t light n n n
wait_for light ' step 3/'
bad=
set -- sgd ● momentum ■ nesterov ▲ adagrad ▼ rmsprop ✚ adam ✖
while [ $# -gt 0 ]; do
    grep -q "[1-6] ━━ $1 $2 " "$TMP/screen" || bad="$bad $1($2)"
    shift 2
done
[ -z "$bad" ] && ok "each optimizer has its own head mark in the legend" ||
    not_ok "each optimizer has its own head mark in the legend" "missing:$bad" "$(sed -n 2,20p "$TMP/screen")"
# the map's marks: the legend's (after "N ━━ name ") taken out
marks=$(sed -n '2,38p' "$TMP/screen" | sed 's/[1-9] ━━ [a-z]* [●■▲▼✚✖]//' | grep -o '[●■▲▼✚✖]' | sort -u | wc -l)
[ "$marks" -ge 4 ] && ok "head marks drawn on the map ($marks different ones)" ||
    not_ok "head marks drawn on the map" "$marks different marks" "$(cat "$TMP/screen")"

start ascii "env LANG=C LC_ALL=C $BIN --surface booth --theme light"
if wait_for ascii ' light  paused '; then
    bad=
    set -- sgd o momentum '#' nesterov '\^' adagrad v rmsprop x adam @
    while [ $# -gt 0 ]; do
        grep -q "\([1-6]\) \1\1 $1 $2 " "$TMP/screen" || bad="$bad $1($2)"
        shift 2
    done
    [ -z "$bad" ] && ok "ASCII head marks o # ^ v x @ under LANG=C, each path's swatch its digit" ||
        not_ok "ASCII head marks under LANG=C" "missing:$bad" "$(sed -n 2,20p "$TMP/screen")"
else
    not_ok "LANG=C --theme light starts" "$(head -n 1 "$TMP/screen")"
fi

# 8 colours on light paper: yellow and cyan do not read on white, so sgd's and
# momentum's colour becomes the cell under black ink; every other kind keeps
# its ink on the paper, and nothing at all is yellow or cyan ink on the paper.
start light8 "env TERM=xterm $UTF8 $BIN tour --theme light" 120x40
if wait_for light8 'step 0/' && T send-keys -t light8 ' ' && sleep 2 && wait_still light8 step; then
    sgr_runs light8 >"$TMP/runs8"
    # the run after " N " in the legend: its swatch, as "N FG BG"
    awk -F'\t' '$3 ~ /^━/ && match(prev, / [1-7] $/) { print substr(prev, RSTART + 1, 1), $1, $2 } { prev = $3 }' \
        "$TMP/runs8" >"$TMP/swatch8"
    want="1 30 43
2 30 46
3 34 47
4 32 47
5 35 47
6 31 47
7 30 47"
    [ "$(cat "$TMP/swatch8")" = "$want" ] &&
        ok "8 colours, light: sgd and momentum as black on yellow and on cyan, the others in their ink" ||
        not_ok "8 colours, light: the legend's swatches" "$(cat "$TMP/swatch8")"
    faint=$(awk -F'\t' '($1 == 33 || $1 == 36) && ($2 == 47 || $2 == "default") && $3 !~ /^ *$/' "$TMP/runs8" | wc -l)
    on=$(awk -F'\t' '$1 == 30 && ($2 == 43 || $2 == 46) && $3 ~ /[⠁-⣿●■]/' "$TMP/runs8" | wc -l)
    [ "$faint" -eq 0 ] && [ "$on" -gt 2 ] &&
        ok "8 colours, light: no yellow or cyan ink on the paper; $on runs of paths and marks on their colour" ||
        not_ok "8 colours, light: no yellow or cyan ink on the paper" "$faint faint runs, $on on colour" \
            "$(awk -F'\t' '($1 == 33 || $1 == 36)' "$TMP/runs8" | head -5)"
else
    not_ok "TERM=xterm --theme light starts" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t light8 q

# Without colour the paths are their racers' digits on the map and their
# marks in the chart, as the legend's swatches ("1 11 sgd") and the chart's
# key ("oo sgd  ## momentum") say: six paths of dots would look all alike.
start nocol "env NO_COLOR=1 $UTF8 $BIN tour" 120x40
if wait_for nocol 'step 0/' && T send-keys -t nocol ' ' && wait_for nocol 'step (8[0-9]|9[0-9]|1[0-9][0-9])/'; then
    T send-keys -t nocol ' '
    wait_still nocol paused
    digits=$(sed -n '2,37p' "$TMP/screen" | cut -c9-75 | grep -o '[1-7]' | sort -u | tr -d '\n')
    key=$(grep -c 'oo sgd  ## momentum' "$TMP/screen")
    marks=$(sed -n '/loss vs step/,$p' "$TMP/screen" | cut -c85- | grep -o '[o#^v@%x]' | sort -u | wc -l)
    [ "${#digits}" -ge 5 ] && [ "$key" -eq 1 ] && [ "$marks" -ge 4 ] &&
        ok "NO_COLOR: paths drawn as the digits $digits, the chart's curves as $marks of their key's marks" ||
        not_ok "NO_COLOR: paths and curves told apart" "digits '$digits', key $key, marks $marks" "$(cat "$TMP/screen")"
else
    not_ok "NO_COLOR tour plays" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t nocol q

start mono "$UTF8 $BIN --surface rosenbrock --theme monochrome"
if wait_for mono ' monochrome  paused '; then
    n=$(colour_escapes mono)
    [ "$n" -eq 0 ] && ok "--theme monochrome: no colour escapes, as NO_COLOR" ||
        not_ok "--theme monochrome: no colour escapes" "$n lines with colour"
else
    not_ok "--theme monochrome starts" "$(head -n 1 "$TMP/screen")"
fi

finish
