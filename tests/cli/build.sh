#!/bin/sh
# The build on a machine where `make` comes before `make deps` (issue 11), in
# a scratch copy of the sources: with a pkg-config that finds nothing, or not
# GSL, nothing is compiled and one line names what is missing and `make deps`;
# then with the real pkg-config everything builds and the binary trains (the
# stale objects once crashed in blas_prefer_fast); a change of CFLAGS
# rebuilds every object, the same flags rebuild none; a call to an undeclared
# function is an error.
. tests/lib.sh
if ! pkg-config --exists ncursesw gsl openblas zlib 2>/dev/null; then
    skip "build: the libraries are not installed (make deps)"
    finish
    exit
fi
SRC=$TMP/src
mkdir -p "$SRC" "$TMP/bin"
cp -R Makefile src "$SRC"/
# Run from make check, the outer make's settings (SAN=1 among them) must not
# leak into the scratch build.
mk() {
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL -u SAN -u BUILD \
        make -C "$SRC" -j2 --no-print-directory "$@" >"$TMP/out" 2>"$TMP/err"
    status=$?
}
objects() { find "$SRC/build" -name '*.o' 2>/dev/null | wc -l; }

# A pkg-config that knows no package at all.
printf '#!/bin/sh\nexit 1\n' >"$TMP/bin/none"
# One that knows everything but GSL.
printf '#!/bin/sh\nfor a; do [ "$a" = gsl ] && exit 1; done\nexec pkg-config "$@"\n' >"$TMP/bin/nogsl"
chmod +x "$TMP/bin/none" "$TMP/bin/nogsl"

# no_build NAME PKG_CONFIG PATTERN: make fails, compiles nothing, and says
# PATTERN in one line of its own (make adds its "***" line).
no_build() {
    mk PKG_CONFIG="$2"
    if [ "$status" -ne 0 ] && [ "$(objects)" -eq 0 ] && [ "$(grep -Evc '^make(\[[0-9]+\])?: \*\*\*' "$TMP/err")" -eq 1 ] &&
        grep -q -- "$3" "$TMP/err"; then
        ok "$1"
    else
        not_ok "$1" "status $status, $(objects) objects" "$(cat "$TMP/err")"
    fi
}
no_build "no library found: nothing compiled, one line naming them all and make deps" "$TMP/bin/none" \
    'cannot find ncursesw gsl openblas zlib (Debian: libncurses-dev libgsl-dev libopenblas-dev zlib1g-dev).*make deps'
no_build "GSL not found: nothing compiled, the message names gsl alone" "$TMP/bin/nogsl" \
    'cannot find gsl (Debian: libgsl-dev); run make deps'
no_build "no pkg-config at all: nothing compiled, make deps named" "$TMP/bin/absent" \
    'is not installed; run make deps'

mk
"$SRC/build/descent" train --dataset synthetic --iters 20 >"$TMP/train" 2>"$TMP/train.err"
tstatus=$?
if [ "$status" -eq 0 ] && [ "$tstatus" -eq 0 ] && grep -q '^dataset=synthetic .*iters=20 ' "$TMP/train"; then
    ok "then with the real pkg-config it builds and the binary trains"
else
    not_ok "then with the real pkg-config it builds and the binary trains" \
        "make $status, train $tstatus" "$(tail -n 3 "$TMP/err")" "$(tail -n 3 "$TMP/train.err")"
fi

n=$(objects)
mk
if [ "$status" -eq 0 ] && ! grep -q '  CC  ' "$TMP/out"; then
    ok "make again with the same flags compiles nothing"
else
    not_ok "make again with the same flags compiles nothing" "$(head -n 5 "$TMP/out")"
fi
mk CFLAGS=-DDESCENT_FLAGS_TEST
if [ "$status" -eq 0 ] && [ "$(grep -c '  CC  src/' "$TMP/out")" -eq "$n" ] && [ "$n" -gt 20 ]; then
    ok "a change of CFLAGS recompiles all $n objects"
else
    not_ok "a change of CFLAGS recompiles all $n objects" "status $status, $(grep -c '  CC  src/' "$TMP/out") compiled"
fi

# probe NAME PATTERN C-SOURCE: a source with that mistake stops the build
# with an error matching PATTERN.
probe() {
    printf '%s\n' "$3" >"$SRC/src/core/zz_probe.c"
    mk CFLAGS=-DDESCENT_FLAGS_TEST
    rm -f "$SRC/src/core/zz_probe.c"
    if [ "$status" -ne 0 ] && grep -q -- "$2" "$TMP/err"; then
        ok "$1"
    else
        not_ok "$1" "status $status" "$(head -n 5 "$TMP/err")"
    fi
}
probe "a call to an undeclared function stops the build" 'error: implicit declaration of function' \
    'int descent_undeclared_probe(void) { return descent_no_such_function(); }'
probe "a pointer converted to an int stops the build" 'error: .*-Werror=int-conversion' \
    'int descent_int_probe(void) { int n = "text"; return n; }'
finish
