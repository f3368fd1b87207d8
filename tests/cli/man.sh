# The man page lists every command and every option the program has: it is
# made from the program's own help (docs/mkman.sh), and this checks the
# result against the help read another way.
. tests/lib.sh

page=$TMP/descent.1
if ! sh docs/mkman.sh "$BIN" docs/descent.1.in 0 /usr/local/share/descent/scenes >"$page" 2>"$TMP/mkman"; then
    not_ok "docs/mkman.sh makes the page" "$(cat "$TMP/mkman")"
    finish
    exit
fi
ok "docs/mkman.sh makes the page"

commands=$("$BIN" --help | awk '/^Commands:/ { on = 1; next } on && NF == 0 { exit } on { print $1 }')
[ -n "$commands" ] && ok "descent --help lists commands: $(echo $commands)" || not_ok "descent --help lists commands"
bad=
for c in $commands; do
    grep -qx ".SS \"descent $c\"" "$page" || bad="$bad command:$c"
    for o in $("$BIN" "$c" --help 2>/dev/null | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
        grep -qF -- "$(echo "$o" | sed 's/-/\\-/g')" "$page" || bad="$bad $c:$o"
    done
done
for o in $("$BIN" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
    grep -qF -- "$(echo "$o" | sed 's/-/\\-/g')" "$page" || bad="$bad descent:$o"
done
[ -z "$bad" ] && ok "every command and option is in the page" || not_ok "every command and option is in the page" "missing:$bad"

# Options and the explorer's own help: an option in a command's table shows
# up as a .TP entry (a term, not only in prose).
n=$(grep -c '^\\fB\\-\\-' "$page")
[ "$n" -ge 10 ] && ok "options as .TP entries ($n)" || not_ok "options as .TP entries" "$n"

# A flag's help is the entry's text, not its argument, and a help wrapped
# onto a second line is in the page whole.
grep -A1 -x '\\fB\\-\\-help\\fR' "$page" | grep -qx 'show this help' &&
    ok "a flag's help is its entry's text (--help: show this help)" ||
    not_ok "a flag's help is its entry's text" "$(grep -A1 -F 'fB\-\-help' "$page" | head -n 4)"
grep -A1 -F '\fB\-\-hidden\fR \fILIST\fR' "$page" | grep -q "a third axis (default: train's)" &&
    ok "tune's --hidden help, wrapped in --help, is whole in the page" ||
    not_ok "tune's --hidden help, wrapped in --help, is whole in the page"

# Every help fits an 80-column terminal.
long=
for c in "" $commands; do
    w=$("$BIN" $c --help 2>/dev/null | awk '{ if (length > m) m = length } END { print m + 0 }')
    [ "$w" -le 80 ] || long="$long ${c:-descent}:$w"
done
[ -z "$long" ] && ok "every --help fits 80 columns" || not_ok "every --help fits 80 columns" "widest:$long"

if command -v groff >/dev/null 2>&1; then
    groff -man -ww -z "$page" 2>"$TMP/groff"
    [ ! -s "$TMP/groff" ] && ok "groff -man -ww finds nothing to warn about" ||
        not_ok "groff -man -ww finds nothing to warn about" "$(head -n 5 "$TMP/groff")"
else
    skip "man page lint: groff is not installed"
fi

# The copy in the source: made the same way, by make man.
sh docs/mkman.sh "$BIN" docs/descent.1.in "$(sed -n 's/^VERSION *= *//p' Makefile)" \
    /usr/local/share/descent/scenes >"$TMP/fresh.1"
if cmp -s "$TMP/fresh.1" docs/descent.1; then
    ok "docs/descent.1 is up to date"
else
    skip "docs/descent.1 differs from the options now (the installed page is made afresh): run make man"
fi
finish
