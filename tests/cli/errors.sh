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
expect_fail "surfaces: an argument, named with the command" "^descent: surfaces: takes no arguments ('x' given)\$" surfaces x
expect_fail "optimizers: an option" "^descent: optimizers: takes no arguments ('--all' given)\$" optimizers --all
for c in surfaces optimizers; do
    run $c --help
    if [ "$status" -eq 0 ] && grep -q "^usage: descent $c " "$TMP/out" && [ ! -s "$TMP/err" ]; then
        ok "$c --help: a usage line, status 0"
    else not_ok "$c --help: a usage line, status 0" "status $status" "$(head -2 "$TMP/err")"; fi
done
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
# --train 0 is refused before any data is read (no "data:" lines first)
expect_fail "train --train 0: one line, before loading" \
    "^descent: train: --train: '0' is not an integer in \[1, 100000000\]\$" \
    train --data ../shared/data/cifar-10-subset --train 0
# an optimizer's key given as an option says where it goes
expect_fail "train --lr: it goes in --opt" \
    "^descent: train: unknown option '--lr' (an optimizer's lr goes in its --opt: --opt NAME:lr=VALUE; see --help)\$" \
    train --dataset synthetic --lr 1e-7
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

# --- a mistyped command -----------------------------------------------------
expect_fail "descent tarin: the command it meant, not the explorer on train's options" \
    "^descent: 'tarin' is not a command: did you mean train? (see descent --help)\$" tarin --iters 3
expect_fail "descent trce" "^descent: 'trce' is not a command: did you mean trace?" trce
expect_fail "a name near no command is still a missing scene" "^descent: 'zzzzzz' is neither a command" zzzzzz

# --- a scene that is not there: one message whichever command looks -----------
for c in "landscape --csv" "classify --plain"; do
    # shellcheck disable=SC2086
    expect_fail "$c --scene missing" \
        "^descent: ${c%% *}: --scene: $TMP/missing.scene: no such file, nor a name in ./scenes, " \
        $c --scene "$TMP/missing.scene"
done

# --- an output file that cannot be written: said before the work, no output ----
mkdir "$TMP/folder"
mkfifo "$TMP/fifo"
expect_fail "landscape --paths into a missing folder: before the grid" \
    "^descent: landscape: --paths: cannot write $TMP/nowhere/p.csv: No such file or directory (the folder $TMP/nowhere)\$" \
    landscape --dataset synthetic --iters 2 --grid 3 --paths "$TMP/nowhere/p.csv"
expect_fail "landscape --directions onto a folder" \
    "^descent: landscape: --directions: cannot write $TMP/folder: is a folder\$" \
    landscape --dataset synthetic --iters 2 --grid 3 --directions "$TMP/folder"
expect_fail "landscape --paths to a FIFO nobody reads: refused, not replaced" \
    "^descent: landscape: cannot write $TMP/fifo: a FIFO that nobody is reading\$" \
    landscape --dataset synthetic --iters 2 --grid 3 --paths "$TMP/fifo"
expect "the FIFO is still a FIFO" test -p "$TMP/fifo"
expect "no temporary left beside it" sh -c "! ls '$TMP' | grep -q '^fifo.'"
expect_fail "classify --plain --svg into a missing folder: nothing printed first" \
    "^descent: classify: --svg: cannot write $TMP/nowhere/c.svg: No such file or directory" \
    classify --plain --svg "$TMP/nowhere/c.svg"
expect_fail "trace --svg into a missing folder" \
    "^descent: trace: --svg: cannot write $TMP/nowhere/t.svg: No such file or directory" \
    trace --surface booth --svg "$TMP/nowhere/t.svg"
expect_fail "train --save into a missing folder" \
    "^descent: train: --save: cannot write $TMP/nowhere/m.bin: No such file or directory" \
    train $syn --save "$TMP/nowhere/m.bin"
expect "no file made in any of them" test ! -e "$TMP/nowhere"
run landscape --dataset synthetic --iters 2 --grid 3 --paths "$TMP/p.csv" --directions "$TMP/d.csv"
if [ "$status" -eq 0 ] && [ "$(head -n 1 "$TMP/p.csv")" = "racer,iter,a,b,distance,plane_loss" ] &&
    [ "$(head -n 1 "$TMP/d.csv")" = "index,block,row,col,w0,d1,d2,mean" ] &&
    { [ "$(ls -l "$TMP/p.csv" | cut -c1-10)" = "-rw-r--r--" ] || [ "$(umask)" != 0022 ]; }; then
    ok "--paths and --directions still written (a new file's mode from the umask)"
else not_ok "--paths and --directions still written" "status $status" "$(ls -l "$TMP/p.csv" "$TMP/d.csv")"; fi

# --- a shard cut short is not merged (it was, its last row half) ----------------
shard="--dataset synthetic --iters 5 --train 100 --val 20 --test 20 --lr 1e-7,1e-6"
"$BIN" tune $shard --shard 1/2 >"$TMP/s1.csv" 2>/dev/null
"$BIN" tune $shard --shard 2/2 >"$TMP/s2.csv" 2>/dev/null
rows=$(wc -l <"$TMP/s2.csv")
head -c -20 "$TMP/s2.csv" >"$TMP/cut.csv"
expect_fail "tune --merge: a row cut in a field" \
    "^descent: tune: $TMP/cut.csv:$rows: a row of 9 fields, the header has 13 (a truncated file?)\$" \
    tune --merge "$TMP/s1.csv" "$TMP/cut.csv"
head -c -1 "$TMP/s2.csv" >"$TMP/nolf.csv"
expect_fail "tune --merge: the last row without its line break" \
    "^descent: tune: $TMP/nolf.csv:$rows: the row ends without its line break (a truncated file?)\$" \
    tune --merge "$TMP/s1.csv" "$TMP/nolf.csv"
run tune --merge "$TMP/s1.csv" "$TMP/s2.csv"
if [ "$status" -eq 0 ] && grep -q '^config=' "$TMP/out"; then ok "tune --merge: the whole shards merge"
else not_ok "tune --merge: the whole shards merge" "status $status" "$(tail -2 "$TMP/err")"; fi
# a number that is not one, and a row whose configuration is not the header's,
# were merged (the choice made from the text's leading digits, or from nothing)
sed "\$s/^1,1e-06,25000,sgd,\([^,]*\),\([^,]*\),\([^,]*\),\([^,]*\),[^,]*,/1,1e-06,25000,sgd,\1,\2,\3,\4,abc,/" "$TMP/s2.csv" >"$TMP/acc.csv"
expect_fail "tune --merge: val_acc that is no number" "^descent: tune: $TMP/acc.csv:$rows: val_acc 'abc' is not a number\$" \
    tune --merge "$TMP/s1.csv" "$TMP/acc.csv"
sed "\$s/^1,1e-06,/1,0.5,/" "$TMP/s2.csv" >"$TMP/lr.csv"
expect_fail "tune --merge: a row of another configuration" \
    "^descent: tune: $TMP/lr.csv:$rows: configuration 1 is not the one the header's settings make (they make '1,1e-06,25000,sgd')\$" \
    tune --merge "$TMP/s1.csv" "$TMP/lr.csv"
# a diverged configuration's row (a loss of 300 digits) still merges
big="--dataset synthetic --iters 30 --train 100 --val 20 --test 20 --lr 1e-7,1e9"
"$BIN" tune $big --shard 1/2 >"$TMP/d1.csv" 2>/dev/null
"$BIN" tune $big --shard 2/2 >"$TMP/d2.csv" 2>/dev/null
run tune --merge "$TMP/d1.csv" "$TMP/d2.csv"
if [ "$status" -eq 0 ] && grep -q '^1,1e+09,.*,1,[0-9.]*$' "$TMP/out" && grep -q '^config=0 ' "$TMP/out"; then
    ok "tune --merge: a diverged row merges, the other chosen"
else not_ok "tune --merge: a diverged row merges" "status $status" "$(tail -2 "$TMP/err")" "$(tail -3 "$TMP/out" | cut -c1-100)"; fi

# A model file that cannot be used names the option it came from, then the file.
: >"$TMP/empty.model"
expect_fail "--load of an empty file names --load and the file" \
    "^descent: train: --load: $TMP/empty.model: " train --dataset synthetic --load "$TMP/empty.model"

# A screen asked for where there is none says which side is not a terminal
# and what works there instead (stdout is a file here).
expect_fail "train --tui with stdout redirected" \
    "train: --tui needs a terminal (stdout is not a terminal): without --tui it trains headless" \
    train --dataset synthetic --tui --iters 1
expect_fail "classify's screen with stdout redirected" \
    "classify: the screen needs a terminal (stdout is not a terminal): give --plain or --svg" classify
expect_fail "landscape's view with stdout redirected" \
    "landscape: the view needs a terminal (stdout is not a terminal): give --csv" \
    landscape --dataset synthetic --iters 1

finish
