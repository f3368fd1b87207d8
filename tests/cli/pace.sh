# The training panel's pace as an option and a setting: bad values are one
# message naming the option or the file and line, exit status 2.
. tests/lib.sh

expect_fail "--pace 0 is refused" "'0' is not a pace (iterations per second from 1 to 100000, or max)" \
    train --dataset synthetic --pace 0
expect_fail "--pace fast is refused" "'fast' is not a pace" train --dataset synthetic --pace fast
expect_fail "--pace 100001 is refused" "'100001' is not a pace" train --dataset synthetic --pace 100001
mkdir -p "$TMP/cfg/descent"
CONF=$TMP/cfg/descent/config
printf '# settings\npace = slow\n' >"$CONF"
XDG_CONFIG_HOME=$TMP/cfg expect_fail "the settings file's bad pace names the file and line" \
    "^descent: $CONF:2: pace: 'slow' is not a pace" train --dataset synthetic --iters 1
# A good pace in the file is for the panel: headless training ignores it.
printf 'pace = 5\n' >"$CONF"
XDG_CONFIG_HOME=$TMP/cfg run train --dataset synthetic --iters 3 --train 200 --val 50 --test 50
[ "$status" -eq 0 ] && tail -n 1 "$TMP/out" | grep -q ' iters=3 ' &&
    ok "a pace in the settings file leaves headless training as it was" ||
    not_ok "a pace in the settings file leaves headless training as it was" "status $status" "$(tail -n 2 "$TMP/err")"
run train --help
grep -q -- '--pace N|max' "$TMP/out" && grep -q 'trains at --pace iterations a second' "$TMP/out" &&
    ok "train --help names --pace and what it does" || not_ok "train --help names --pace" "$(grep -n pace "$TMP/out")"
finish
