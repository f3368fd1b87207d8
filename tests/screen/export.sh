# The explorer's s key: the map as descent-<surface>-<step>.svg in the
# current directory, said on the status line.
. tests/lib.sh

. tests/tmux.sh
paths() { grep -c 'class="trajectory"' "$1" 2>/dev/null || echo 0; }

mkdir "$TMP/here"
start x "cd $TMP/here && $UTF8 $BIN --surface booth"
if ! wait_for x 'step 0/'; then
    not_ok "the explorer starts" "$(cat "$TMP/screen")"
    finish
    exit
fi
T send-keys -t x n n s
if wait_for x 'wrote descent-booth-2\.svg' && [ -s "$TMP/here/descent-booth-2.svg" ]; then
    ok "s writes descent-booth-2.svg and says so"
else
    not_ok "s writes descent-booth-2.svg and says so" "$(tail -n 1 "$TMP/screen")" "$(ls "$TMP/here")"
fi
n=$(paths "$TMP/here/descent-booth-2.svg")
[ "$n" -eq 6 ] && ok "it holds the six paths" || not_ok "it holds the six paths" "$n"
if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$TMP/here/descent-booth-2.svg" && ok "it is well-formed (xmllint)" ||
        not_ok "it is well-formed (xmllint)"
else
    skip "well-formedness: xmllint (libxml2-utils) is not installed; tests/cli/svg.sh checks the structure"
fi

# A hidden optimizer is left out; the file name follows the step.
T send-keys -t x 2 n s
if wait_for x 'wrote descent-booth-3\.svg'; then
    n=$(paths "$TMP/here/descent-booth-3.svg")
    [ "$n" -eq 5 ] && ! grep -q 'data-optimizer="momentum"' "$TMP/here/descent-booth-3.svg" &&
        ok "hidden momentum is left out (5 paths)" || not_ok "hidden momentum is left out" "$n paths"
else
    not_ok "s after a step writes descent-booth-3.svg" "$(tail -n 1 "$TMP/screen")"
fi
left=$(ls "$TMP/here" | grep -v '^descent-booth-[23]\.svg$')
[ -z "$left" ] && ok "only the two pictures in the directory" || not_ok "only the two pictures" "$left"
finish
