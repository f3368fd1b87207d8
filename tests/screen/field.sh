# Screen tests of the map's field: a smooth muted colour map under paths
# drawn in their own colours (no dark halo under the braille of a path,
# only under label text), a colour bar with its values, the shaded and
# ASCII fallbacks, and vectors drawn as arrows with a line saying which is
# which.
. tests/lib.sh

. tests/tmux.sh

# segments NAME: "BG<tab>TEXT" per run of text on one background.
segments() { sgr_runs "$1" | cut -f2-; }

start main "$UTF8 $BIN --surface rosenbrock --speed max" 120x40
if wait_for main 'step 0/'; then
    T send-keys -t main Space
    wait_still main ' end max '
    segments main >"$TMP/seg"
    # the halo (the dark theme's 0x121212 is xterm 233) backs label text only
    bad=$(awk -F'\t' '$1 == "48;5;233" && $2 ~ /\342\240|\342\241|\342\242|\342\243/' "$TMP/seg" | head -n 3)
    used=$(awk -F'\t' '$1 == "48;5;233"' "$TMP/seg" | wc -l)
    [ -z "$bad" ] && [ "$used" -gt 0 ] &&
        ok "paths are drawn over the field: the dark backing is under label text only ($used runs)" ||
        not_ok "paths are drawn over the field: the dark backing is under label text only" "runs: $used" "$bad"
    n=$(awk -F'\t' '$1 ~ /^48;5;/' "$TMP/seg" | cut -f1 | sort -u | wc -l)
    [ "$n" -ge 8 ] && ok "the field is a ramp of $n colours (256-colour terminal)" ||
        not_ok "the field is a ramp of many colours" "$n background colours"
    shot main
    if grep -q 'loss colours (log scale above the lowest)' "$TMP/screen"; then
        vals=$(awk '/loss colours \(log scale above the lowest\)/ { getline; getline; print; exit }' "$TMP/screen" | awk '{ print $(NF - 2), $(NF - 1), $NF }')
        set -- $vals
        awk -v l="$1" -v m="$2" -v h="$3" 'BEGIN { r1 = m / l; r2 = h / m; exit !(l < m && m < h && r1 / r2 < 2 && r2 / r1 < 2) }' &&
            ok "rosenbrock: a log colour bar, values $1 < $2 < $3 evenly spaced in decades" ||
            not_ok "rosenbrock: a log colour bar with increasing values" "$vals"
    else
        not_ok "rosenbrock: a colour bar on a log scale" "$(cat "$TMP/screen")"
    fi
    T send-keys -t main v
    if wait_for main 'dotted downhill gradient -g, solid last update, dashed velocity'; then
        grep -q '[←↑→↓↖↗↘↙]' "$TMP/screen" && ok "v draws arrows, and says which is which" ||
            not_ok "v draws arrows" "$(cat "$TMP/screen")"
    else
        not_ok "v says which arrow is which" "$(tail -n 3 "$TMP/screen")"
    fi
else
    not_ok "the explorer starts" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t main q

# a linear colour bar: mid-way value half-way
start lin "$UTF8 $BIN --formula 'x^2 + y^2' --view -2,2,-2,2" 120x40
if wait_for lin 'step 0/' && grep -q 'loss colours$\|loss colours ' "$TMP/screen"; then
    vals=$(awk '/loss colours *$/ || /loss colours  / { getline; getline; print; exit }' "$TMP/screen" | awk '{ print $(NF - 2), $(NF - 1), $NF }')
    set -- $vals
    awk -v l="$1" -v m="$2" -v h="$3" 'BEGIN { d = (l + h) / 2 - m; exit !(l < m && m < h && d * d < (h - l) * (h - l) / 100) }' &&
        ok "x^2 + y^2: a linear colour bar, $1 < $2 < $3" || not_ok "x^2 + y^2: a linear colour bar" "$vals" "$(grep -A2 'loss colours' "$TMP/screen")"
else
    not_ok "x^2 + y^2: a colour bar" "$(cat "$TMP/screen")"
fi
T send-keys -t lin q

# the fallbacks: 8 colours, no colour (shades), no UTF-8 (ASCII)
start eight "env TERM=xterm $UTF8 $BIN --surface booth" 120x40
wait_for eight 'step 0/' && T capture-pane -e -p -t eight | grep -q "$(printf '\033')\[3[1-7]m" &&
    ok "8 colours: the map in the basic colours" || not_ok "8 colours: the map in the basic colours" "$(head -n 3 "$TMP/screen")"
T send-keys -t eight q
start shades "env NO_COLOR=1 LANG=C LC_ALL=C $BIN --surface booth" 120x40
if wait_for shades 'step 0/'; then
    n=$(sed -n '2,30p' "$TMP/screen" | cut -c9-70 | grep -o '[.:=-]' | wc -l)
    [ "$n" -gt 100 ] && ! LC_ALL=C grep -q '[^ -~]' "$TMP/screen" &&
        ok "NO_COLOR, LANG=C: the field as ASCII shades ($n shade characters)" ||
        not_ok "NO_COLOR, LANG=C: the field as ASCII shades" "$n" "$(cat "$TMP/screen")"
fi
T send-keys -t shades q

# truecolour: COLORTERM=truecolor takes TERM's direct-colour sibling
if infocmp xterm-direct >/dev/null 2>&1; then
    start tc "env TERM=xterm-256color COLORTERM=truecolor $UTF8 $BIN --surface rosenbrock" 120x40
    start t256 "env TERM=xterm-256color $UTF8 $BIN --surface rosenbrock" 120x40
    if wait_for tc 'step 0/' && wait_for t256 'step 0/' && sleep 0.5; then
        n=$(sgr_runs tc | cut -f2 | grep '^48;2;' | sort -u | wc -l)
        m=$(sgr_runs t256 | cut -f2 | grep -c '^48;2;')
        [ "$n" -ge 30 ] && [ "$m" -eq 0 ] &&
            ok "COLORTERM=truecolor: the field in $n 24-bit colours (none without it)" ||
            not_ok "COLORTERM=truecolor: the field in 24-bit colours" "$n with, $m without"
    else
        not_ok "truecolour: the explorer starts" "$(head -n 3 "$TMP/screen")"
    fi
    T send-keys -t tc q
    T send-keys -t t256 q
else
    skip "truecolour: no xterm-direct terminfo entry (Debian package ncurses-term)"
fi

finish
