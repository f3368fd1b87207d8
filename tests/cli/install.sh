# make install into a DESTDIR puts the program, its man page, its bash
# completion and the scenes in place; make uninstall takes them away.
. tests/lib.sh

BUILD=${BUILD:-build}
ROOT=$TMP/root
# Until the source has scenes, a stand-in shows the scene rule at work.
set -- scenes/*.scene
if [ ! -f "$1" ]; then
    mkdir "$TMP/scenes"
    echo "# a stand-in scene" >"$TMP/scenes/demo.scene"
    set -- "$TMP/scenes/demo.scene"
fi
SCENES="$*"
# -s and the same BUILD: nothing is rebuilt under another configuration.
if ! make -s --no-print-directory BUILD="$BUILD" DESTDIR="$ROOT" PREFIX=/usr SCENES="$SCENES" install >"$TMP/make" 2>&1; then
    not_ok "make install DESTDIR=... PREFIX=/usr" "$(tail -n 20 "$TMP/make")"
    finish
    exit
fi
ok "make install DESTDIR=... PREFIX=/usr"

[ -x "$ROOT/usr/bin/descent" ] && "$ROOT/usr/bin/descent" --version | grep -q '^descent [0-9]' &&
    ok "usr/bin/descent runs" || not_ok "usr/bin/descent runs"
page=$ROOT/usr/share/man/man1/descent.1
if [ -f "$page" ] && MANWIDTH=80 man -l "$page" 2>/dev/null | grep -q 'descent trace'; then
    ok "usr/share/man/man1/descent.1 renders with man"
elif [ -f "$page" ] && ! command -v man >/dev/null 2>&1; then
    grep -q '^\.TH DESCENT 1' "$page" && ok "usr/share/man/man1/descent.1 (no man to render it)" ||
        not_ok "usr/share/man/man1/descent.1 is a man page"
else
    not_ok "usr/share/man/man1/descent.1 renders with man"
fi
grep -q '/usr/share/descent/scenes' "$page" && ok "the man page names the installed scene folder" ||
    not_ok "the man page names the installed scene folder"
comp=$ROOT/usr/share/bash-completion/completions/descent
[ -f "$comp" ] && grep -q '^complete -F _descent descent$' "$comp" && grep -q '^_descent_scene_dir=/usr/share/descent/scenes$' "$comp" &&
    ok "bash completion in usr/share/bash-completion/completions/descent" ||
    not_ok "bash completion in usr/share/bash-completion/completions/descent"
[ -d "$ROOT/usr/share/descent/scenes" ] && ok "usr/share/descent/scenes exists" || not_ok "usr/share/descent/scenes exists"
missing=
for s in $SCENES; do
    cmp -s "$s" "$ROOT/usr/share/descent/scenes/${s##*/}" || missing="$missing ${s##*/}"
done
[ -z "$missing" ] && ok "every scene installed ($#)" || not_ok "every scene installed" "missing:$missing"

if ! make -s --no-print-directory BUILD="$BUILD" DESTDIR="$ROOT" PREFIX=/usr SCENES="$SCENES" uninstall >"$TMP/make" 2>&1; then
    not_ok "make uninstall" "$(tail -n 20 "$TMP/make")"
fi
left=$(find "$ROOT" -type f)
[ -z "$left" ] && [ ! -e "$ROOT/usr/share/descent" ] && ok "make uninstall removes every file and the scene folder" ||
    not_ok "make uninstall removes every file" "$left"
finish
