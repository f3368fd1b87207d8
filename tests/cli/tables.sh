#!/bin/sh
# Option tables are const data, one per command, and each value is checked by
# the module that owns it: no table is built at run time into a mutable
# static, and the settings reader calls no other command's functions (it
# once validated settings through the explorer command: a call circle).
. tests/lib.sh

mutable=$(grep -n 'cli_option' src/cli/*.c | grep -v 'const cli_option' | grep -E 'static|\[[A-Z_0-9]*\];' || true)
[ -z "$mutable" ] && ok "every option table in src/cli is const" || not_ok "every option table in src/cli is const" "$mutable"
runtime=$(grep -n 'table\[[a-z_ +]*\] *= *(cli_option)' src/cli/*.c || true)
[ -z "$runtime" ] && ok "no option table is filled at run time" || not_ok "no option table is filled at run time" "$runtime"

# The functions the command files define (other than config.c) ...
for f in src/cli/explore.c src/cli/trace.c src/cli/train.c src/cli/walk.c src/cli/lists.c; do
    sed -n 's/^[a-z][a-z_ *]* \**\([a-z_][a-z_0-9]*\)(.*/\1/p' "$f"
done | sort -u >"$TMP/defined"
# ... are not called by the settings reader.
called=$(while read -r fn; do grep -n "\b$fn(" src/cli/config.c; done <"$TMP/defined")
[ -s "$TMP/defined" ] && [ -z "$called" ] && ok "cli/config.c calls no command's functions" ||
    not_ok "cli/config.c calls no command's functions" "$called"

# The tables are whole: every race option and each command's own, in --help.
run trace --help
missing=
for o in surface formula scene view start steps noise seed opt analyze svg theme help; do
    grep -q -- "^  --$o " "$TMP/out" || missing="$missing $o"
done
[ -z "$missing" ] && ok "trace --help lists the race options and its own" || not_ok "trace --help lists the race options and its own" "missing:$missing"
run --help
missing=
for o in surface formula scene view start steps noise seed opt theme speed help version; do
    grep -q -- "^  --$o " "$TMP/out" || missing="$missing $o"
done
[ -z "$missing" ] && ok "descent --help lists the race options and the explorer's" || not_ok "descent --help lists the explorer's options" "missing:$missing"
# The owners' checks, through each way in: --theme and --speed on the command line.
expect_fail "--theme checked by the themes" "unknown theme 'sepia' (valid: dark, light, high-contrast, monochrome)" trace --surface booth --svg "$TMP/x.svg" --theme sepia
expect_fail "--speed checked by the explorer" "'7' is not a speed (valid: 1, 2, 5," --surface booth --speed 7

finish
