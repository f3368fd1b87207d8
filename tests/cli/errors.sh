#!/bin/sh
# Error messages as a new user meets them: one shape for every command,
# "descent: COMMAND: WHERE: WHAT" (no COMMAND for the explorer and the
# settings file), one line, exit status 2, nothing on stdout; an unknown
# option names the one it most likely meant; an option given twice is
# refused rather than silently overridden.
. tests/lib.sh
bin_timeout 60
data="--dataset synthetic --train 20 --val 10 --test 10"
syn="$data --iters 1"

# --- one shape: every command names itself, then the option -------------------
for c in trace train tune landscape classify walk; do
    expect_fail "$c: an unknown option, named with the command" \
        "^descent: $c: unknown option '--zzzz' (see --help)\$" $c --zzzz
done
expect_fail "surfaces: an argument, named with the command" "^descent: surfaces: takes no arguments\$" surfaces x
expect_fail "the explorer: no command in the message" "^descent: unknown option '--zzzz' (see --help)\$" --zzzz
# tune's own options and train's, which tune hands on, read alike (they did not:
# "descent: tune: --lr: ..." beside "descent: --folds: ...")
expect_fail "tune --folds: command, option, value" "^descent: tune: --folds: '1' is not an integer in \[2, 100\]\$" \
    tune --folds 1 --dataset synthetic
expect_fail "tune --lr: command, option, value" "^descent: tune: --lr: '0' is not > 0\$" tune --lr 0 --dataset synthetic
expect_fail "tune --iters (train's option): command, option, value" \
    "^descent: tune: --iters: 'x' is not an integer in \[0, 100000000\]\$" tune --iters x --dataset synthetic
expect_fail "train: a check after parsing names the command once" \
    "^descent: train: give --data DIR or --dataset NAME, not both\$" train --dataset synthetic --data "$TMP"
expect_fail "landscape: a stray argument" "^descent: landscape: unexpected argument 'extra'\$" landscape extra
expect_fail "classify: a stray argument" "^descent: classify: unexpected argument 'extra'\$" classify extra
expect_fail "walk: an unknown walkthrough" "^descent: walk: unknown walkthrough 'nope' (valid: " walk nope

# --- the near option --------------------------------------------------------
expect_fail "train --itres: did you mean --iters" \
    "^descent: train: unknown option '--itres' (did you mean --iters? see --help)\$" train --itres 3
expect_fail "trace --surf: the one option it begins" \
    "^descent: trace: unknown option '--surf' (did you mean --surface? see --help)\$" trace --surf booth
expect_fail "trace --s: begins several, no guess" "^descent: trace: unknown option '--s' (see --help)\$" trace --s booth
expect_fail "classify --plian: a swap is one edit" \
    "^descent: classify: unknown option '--plian' (did you mean --plain? see --help)\$" classify --plian
expect_fail "tune --fold: tune's own option, though train's parser meets it" \
    "^descent: tune: unknown option '--fold' (did you mean --folds? see --help)\$" tune --fold 3 $syn
expect_fail "tune --batchs: train's option" \
    "^descent: tune: unknown option '--batchs' (did you mean --batch? see --help)\$" tune --batchs 3 $syn
expect_fail "the explorer --sufrace" "^descent: unknown option '--sufrace' (did you mean --surface? see --help)\$" --sufrace booth
expect_fail "landscape --pln=pca: the value is not part of the name" \
    "^descent: landscape: unknown option '--plnae' (did you mean --plane? see --help)\$" landscape --plnae=pca

# --- an option given twice --------------------------------------------------
expect_fail "train --iters twice: refused, both values quoted" \
    "^descent: train: --iters: given twice, '2' then '3': give it once\$" train $data --iters 2 --iters 3
expect_fail "tune --folds twice" "^descent: tune: --folds: given twice, '2' then '3': give it once\$" \
    tune --folds 2 --folds=3 $syn
expect_fail "tune --lr twice (a list is one --lr)" "^descent: tune: --lr: given twice, '0.1' then '0.2': give it once\$" \
    tune --lr 0.1 --lr 0.2 $syn
expect_fail "a flag twice" "^descent: classify: --plain: given twice (once is enough)\$" classify --plain --plain
expect_fail "trace --surface twice" "^descent: trace: --surface: given twice, 'booth' then 'matyas': give it once\$" \
    trace --surface booth --surface matyas
run trace --surface booth --steps 1 --opt sgd --opt adam
if [ "$status" -eq 0 ] && grep -q '^adam,' "$TMP/out"; then ok "--opt repeats (a race of several)"
else not_ok "--opt repeats (a race of several)" "status $status" "$(head -3 "$TMP/err")"; fi
# the settings file's value and the command line's are not "twice": the command line wins
mkdir -p "$TMP/no-config/descent"
printf 'data = %s\n' "$TMP/nowhere" >"$TMP/no-config/descent/config"
run train $syn
if [ "$status" -eq 0 ]; then ok "a setting and --dataset are not a repeat"
else not_ok "a setting and --dataset are not a repeat" "status $status" "$(head -3 "$TMP/err")"; fi
rm -r "$TMP/no-config/descent"

finish
