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
mk() { make -C "$SRC" -j2 --no-print-directory "$@" >"$TMP/out" 2>"$TMP/err"; status=$?; }
objects() { find "$SRC/build" -name '*.o' 2>/dev/null | wc -l; }

# A pkg-config that knows no package at all.
printf '#!/bin/sh\nexit 1\n' >"$TMP/bin/none"
# One that knows everything but GSL.
printf '#!/bin/sh\nfor a; do [ "$a" = gsl ] && exit 1; done\nexec pkg-config "$@"\n' >"$TMP/bin/nogsl"
chmod +x "$TMP/bin/none" "$TMP/bin/nogsl"

mk PKG_CONFIG="$TMP/bin/none"
if [ "$status" -ne 0 ] && [ "$(objects)" -eq 0 ] && [ "$(grep -vc '^make: \*\*\*' "$TMP/err")" -eq 1 ] &&
    grep -q 'cannot find ncursesw gsl openblas zlib (Debian: libncurses-dev libgsl-dev libopenblas-dev zlib1g-dev).*make deps' "$TMP/err"; then
    ok "no library found: nothing compiled, one line naming them all and make deps"
else
    not_ok "no library found: nothing compiled, one line naming them all and make deps" \
        "status $status, $(objects) objects" "$(cat "$TMP/err")"
fi
mk PKG_CONFIG="$TMP/bin/nogsl"
if [ "$status" -ne 0 ] && [ "$(objects)" -eq 0 ] &&
    grep -q 'cannot find gsl (Debian: libgsl-dev); run make deps' "$TMP/err"; then
    ok "GSL not found: nothing compiled, the message names gsl alone"
else
    not_ok "GSL not found: nothing compiled, the message names gsl alone" \
        "status $status, $(objects) objects" "$(cat "$TMP/err")"
fi
mk PKG_CONFIG="$TMP/bin/absent"
if [ "$status" -ne 0 ] && [ "$(objects)" -eq 0 ] && grep -q 'is not installed; run make deps' "$TMP/err"; then
    ok "no pkg-config at all: nothing compiled, make deps named"
else
    not_ok "no pkg-config at all: nothing compiled, make deps named" "status $status" "$(cat "$TMP/err")"
fi

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

printf 'int descent_undeclared_probe(void) { return descent_no_such_function(); }\n' >"$SRC/src/core/zz_probe.c"
mk CFLAGS=-DDESCENT_FLAGS_TEST
if [ "$status" -ne 0 ] && grep -q 'error: implicit declaration of function' "$TMP/err"; then
    ok "a call to an undeclared function stops the build"
else
    not_ok "a call to an undeclared function stops the build" "status $status" "$(head -n 5 "$TMP/err")"
fi
rm -f "$SRC/src/core/zz_probe.c"
printf 'int descent_int_probe(void) { int n = "text"; return n; }\n' >"$SRC/src/core/zz_probe.c"
mk CFLAGS=-DDESCENT_FLAGS_TEST
if [ "$status" -ne 0 ] && grep -q 'error: .*-Werror=int-conversion' "$TMP/err"; then
    ok "a pointer converted to an int stops the build"
else
    not_ok "a pointer converted to an int stops the build" "status $status" "$(head -n 5 "$TMP/err")"
fi
finish
