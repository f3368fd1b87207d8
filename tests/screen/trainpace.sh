# Screen tests of the training panel's pace and counters (issue 12, "the
# training panel, for teaching"): iterations per second from 1 to max, set by
# --pace, the settings file and [ ], shown in the header; --iters as the first
# stop, else training on until paused; the counters after r, in a race before
# the first step, after a batch change and once done.
. tests/lib.sh

DATA=../shared/data/cifar-10-subset/cifar-10-batches-bin
WAIT_TENTHS=100
. tests/tmux.sh
if [ ! -f "$DATA/data_batch_1.bin" ]; then
    skip "train pace: no CIFAR-10 subset at $DATA"
    finish
    exit
fi

PANEL="$UTF8 $BIN train --tui --data $DATA"
# iter_of: the status line's iteration (with or without a /limit).
iter_of() { sed -n 's/.*  iteration \([0-9][0-9]*\).*/\1/p' "$TMP/screen" | head -n 1; }
now_ms() { date +%s%N | cut -c1-13; }
# rate NAME SECONDS: iterations per second over SECONDS, read off the screen.
rate() {
    shot "$1"; i0=$(iter_of) t0=$(now_ms)
    sleep "$2"
    shot "$1"; i1=$(iter_of) t1=$(now_ms)
    awk -v a="$i0" -v b="$i1" -v s="$t0" -v e="$t1" 'BEGIN { printf "%.1f", (b - a) * 1000 / (e - s) }'
}
within() { awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v >= lo && v <= hi) }'; }

# --- the default pace: watchable, in the header, and no end without --iters ---
start def "$PANEL"
if wait_for def 'running  pace 50 it/s  iteration [1-9][0-9]*  epoch'; then
    ok "the default pace is 50 iterations a second, in the header"
    r=$(rate def 2)
    within "$r" 30 60 && ok "at 50 it/s it trains 30-60 iterations a second ($r)" ||
        not_ok "at 50 it/s it trains about 50 iterations a second" "measured $r"
    shot def
    grep -Eq 'iteration [0-9]+/' "$TMP/screen" &&
        not_ok "without --iters there is no limit on screen" "$(sed -n 2p "$TMP/screen")" ||
        ok "without --iters there is no limit on screen"
    T send-keys -t def ']'
    wait_for def 'pace 100 it/s' && ok "] raises the pace to the next rung (100 it/s)" ||
        not_ok "] raises the pace" "$(sed -n 2p "$TMP/screen")"
    T send-keys -t def '[' '['
    wait_for def 'pace 20 it/s' && ok "[ twice lowers it to 20 it/s" ||
        not_ok "[ twice lowers it to 20 it/s" "$(sed -n 2p "$TMP/screen")"
    r=$(rate def 2)
    within "$r" 12 24 && ok "at 20 it/s it trains 12-24 iterations a second ($r)" ||
        not_ok "at 20 it/s it trains about 20 iterations a second" "measured $r"
    T send-keys -t def '?'
    wait_for def '\[ +slower: fewer iterations a second' && grep -Eq '] +faster' "$TMP/screen" &&
        ok "the help names [ and ]" || not_ok "the help names [ and ]" "$(grep -n 'pace\|slower' "$TMP/screen")"
    T send-keys -t def q q
else
    not_ok "the default pace is 50 iterations a second, in the header" "$(sed -n 2p "$TMP/screen")"
fi

# --- --pace N and max; past the headless default of 1500 iterations ---
start slow "$PANEL --pace 2"
if wait_for slow 'pace 2 it/s  iteration [1-9]'; then
    r=$(rate slow 3)
    within "$r" 1 3 && ok "--pace 2: 1-3 iterations a second ($r)" ||
        not_ok "--pace 2: about 2 iterations a second" "measured $r"
else
    not_ok "--pace 2 in the header" "$(sed -n 2p "$TMP/screen")"
fi
T send-keys -t slow q
start fast "$PANEL --pace max"
WAIT_TENTHS=600
if wait_for fast 'running  pace max  iteration (1[6-9][0-9][0-9]|[2-9][0-9]{3}|[1-9][0-9]{4,})  '; then
    ok "--pace max: as fast as it goes, and on past 1500 iterations without --iters"
else
    not_ok "--pace max goes on past 1500 iterations" "$(sed -n 2p "$TMP/screen")"
fi
WAIT_TENTHS=100
T send-keys -t fast q
mkdir -p "$TMP/cfg/descent"
echo 'pace = 5' >"$TMP/cfg/descent/config"
start conf "env XDG_CONFIG_HOME=$TMP/cfg $PANEL"
wait_for conf 'running  pace 5 it/s' && ok "the settings file's pace = 5 sets the pace" ||
    not_ok "the settings file's pace = 5 sets the pace" "$(sed -n 2p "$TMP/screen")"
T send-keys -t conf q
start confo "env XDG_CONFIG_HOME=$TMP/cfg $PANEL --pace 200"
wait_for confo 'running  pace 200 it/s' && ok "--pace overrides the settings file" ||
    not_ok "--pace overrides the settings file" "$(sed -n 2p "$TMP/screen")"
T send-keys -t confo q
# the explorer's panel takes the same settings: pace and data
echo "data = $DATA" >>"$TMP/cfg/descent/config"
start confx "env XDG_CONFIG_HOME=$TMP/cfg $UTF8 $BIN --panel" 120x40
wait_for confx 'running  pace 5 it/s' && ok "the explorer's panel: the settings file's pace = 5" ||
    not_ok "the explorer's panel: the settings file's pace = 5" "$(sed -n 1,2p "$TMP/screen")"
grep -q "a linear SVM on CIFAR-10" "$TMP/screen" && ok "the explorer's panel: the settings file's data (CIFAR-10)" ||
    not_ok "the explorer's panel: the settings file's data" "$(sed -n 1p "$TMP/screen")"
T send-keys -t confx q
# a settings file's data that is not there: the explorer opens, and says why
# it has no panel (at once with --panel, and on F2)
mkdir -p "$TMP/bad/descent"
echo "data = $TMP/nowhere" >"$TMP/bad/descent/config"
start badx "env XDG_CONFIG_HOME=$TMP/bad $UTF8 $BIN --panel" 120x40
wait_for badx "no training panel: $TMP/nowhere" && ok "--panel with the settings file's data missing: the explorer says why" ||
    not_ok "a missing settings data said at once" "$(tail -n 2 "$TMP/screen")"
T send-keys -t badx Space F2
wait_for badx "no training panel: $TMP/nowhere" && ok "F2 without a panel says why" ||
    not_ok "F2 says why there is no panel" "$(tail -n 2 "$TMP/screen")"
T send-keys -t badx q

# --- --iters: the first stop; the rate once done; r back to iteration 0 ---
start stop "$PANEL --iters 30"
if wait_still stop '^done  pace 50 it/s  iteration 30/30  epoch 1\.50'; then
    ok "--iters 30 stops first at 30 (epoch 1.50 = 30 x 200 / 4000)"
    line=$(sed -n 2p "$TMP/screen")
    if echo "$line" | grep -Eq 'last [1-9][0-9]* images/s' && ! echo "$line" | grep -Eq '(^|[^0-9])0 images/s'; then
        ok "done, the header gives the last rate, not 0 images/s"
    else
        not_ok "done, the header gives the last rate, not 0 images/s" "$line"
    fi
    T send-keys -t stop r
    if wait_for stop 'reset: new W' && wait_for stop '^paused  pace 50 it/s  iteration 0/30  epoch 0\.00'; then
        ok "r after done: paused at iteration 0/30, not done"
    else
        not_ok "r after done: paused at iteration 0/30" "$(sed -n 2p "$TMP/screen")"
    fi
    grep -q 'loss: no step yet' "$TMP/screen" && ok "after r no loss is claimed before the first step" ||
        not_ok "after r no loss is claimed before the first step" "$(sed -n 3p "$TMP/screen")"
    T send-keys -t stop ' '
    wait_still stop '^done  pace 50 it/s  iteration 30/30' && ok "space after r trains to the first stop again" ||
        not_ok "space after r trains to the first stop again" "$(sed -n 2p "$TMP/screen")"
else
    not_ok "--iters 30 stops first at 30" "$(sed -n 2p "$TMP/screen")"
fi
T send-keys -t stop q

# --- a batch change does not rescale the past's epochs ---
start batch "$PANEL --iters 20"
if wait_still batch '^done  .*iteration 20/20  epoch 1\.00'; then
    T send-keys -t batch B
    if wait_for batch 'batch 400' && shot batch && grep -q 'iteration 20/20  epoch 1\.00' "$TMP/screen"; then
        ok "B doubles the batch and the past stays 1.00 epoch (20 x 200 / 4000)"
    else
        not_ok "after B the past stays 1.00 epoch" "$(sed -n 2p "$TMP/screen")"
    fi
    T send-keys -t batch n
    wait_for batch 'iteration 21/.*epoch 1\.10' && ok "one step of 400 more: epoch 1.10 (4400 / 4000)" ||
        not_ok "one step of 400 more: epoch 1.10" "$(sed -n 2p "$TMP/screen")"
else
    not_ok "--iters 20 stops at 20, epoch 1.00" "$(sed -n 2p "$TMP/screen")"
fi
T send-keys -t batch q

# --- a race started after the stops moved on: the first stop again ---
start rlim "$PANEL --iters 20 --pace 100"
if wait_still rlim '^done  .*iteration 20/20' && T send-keys -t rlim ' ' && wait_still rlim '^done  .*iteration 40/40'; then
    T send-keys -t rlim R
    if wait_for rlim 'race: 6 optimizers' && wait_for rlim '^paused  pace 100 it/s  iteration 0/20  epoch 0\.00'; then
        ok "R after two stops: the race at iteration 0/20, paused, not 0/40 or done"
    else
        not_ok "R after two stops: the race at iteration 0/20" "$(sed -n 2p "$TMP/screen")"
    fi
    T send-keys -t rlim ' '
    wait_still rlim '^done  .*iteration 20/20' && ok "space: the race stops first at 20" ||
        not_ok "space: the race stops first at 20" "$(sed -n 2p "$TMP/screen")"
else
    not_ok "--iters 20, then space: 40" "$(sed -n 2p "$TMP/screen")"
fi
T send-keys -t rlim q

# --- the race before its first step: no limit, no zero loss, no NaN ---
start race0 "$PANEL --race --iters 0"
if wait_for race0 '6 ━━ adam '; then
    line=$(sed -n 2p "$TMP/screen")
    echo "$line" | grep -Eq '^paused  pace 50 it/s  iteration 0  ' && ! echo "$line" | grep -Eq 'iteration [0-9]+/' &&
        ok "race at --iters 0: paused at iteration 0, no /limit" ||
        not_ok "race at --iters 0: paused at iteration 0, no /limit" "$line"
    bad=$(grep -E '━━ [a-z]+ +loss' "$TMP/screen" | grep -Ec 'loss +0 |nan')
    dashes=$(grep -Ec '━━ [a-z]+ +loss +-  val +-  lr [0-9]' "$TMP/screen")
    [ "$bad" -eq 0 ] && [ "$dashes" -eq 6 ] && ok "before the first step each racer shows 'loss -  val -'" ||
        not_ok "before the first step each racer shows dashes" "$bad with 0 or nan, $dashes with dashes" \
            "$(grep '━━' "$TMP/screen")"
    T send-keys -t race0 n
    if wait_for race0 'iteration 1  '; then
        n=$(grep -Ec '━━ [a-z]+ +loss +[0-9][0-9.e+-]*  val +-  lr' "$TMP/screen")
        [ "$n" -eq 6 ] && ok "after one step each racer has a loss, no validation yet" ||
            not_ok "after one step each racer has a loss" "$(grep '━━' "$TMP/screen")"
    else
        not_ok "n steps the race" "$(sed -n 2p "$TMP/screen")"
    fi
else
    not_ok "race at --iters 0 starts" "$(head -n 10 "$TMP/screen")"
fi
T send-keys -t race0 q

finish
