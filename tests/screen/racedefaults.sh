# The race's default learning rates (issue 12): each optimizer kind's default
# on the data set trains, clearly above chance (0.1 for ten classes; 1000
# validation images put chance within +-0.03), the race shows the rate it
# uses, and the race's numbers are descent train's with that default.
. tests/lib.sh

DATA=../shared/data/cifar-10-subset/cifar-10-batches-bin
FASHION=/usr/share/datasets/fashion-mnist
KINDS="sgd momentum nesterov adagrad rmsprop adam"
value() { tail -n 1 "$TMP/out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
above() { awk -v v="$1" -v lo="$2" 'BEGIN { exit !(v + 0 >= lo) }'; }

# --- Fashion-MNIST, headless: train's default for each kind is the race's ---
if [ -f "$FASHION/train-images-idx3-ubyte" ] || [ -f "$FASHION/train-images-idx3-ubyte.gz" ]; then
    for k in $KINDS; do
        run train --dataset fashion-mnist --opt "$k" --test 0
        acc=$(value val_acc)
        [ "$status" -eq 0 ] && above "$acc" 0.75 &&
            ok "fashion-mnist: $k at its default $(value hparams) reaches val $acc >= 0.75" ||
            not_ok "fashion-mnist: $k at its default trains" "status $status val_acc '$acc'" "$(tail -n 2 "$TMP/err")"
    done
else
    skip "race defaults: no Fashion-MNIST at $FASHION"
fi

WAIT_TENTHS=100
. tests/tmux.sh
if [ ! -f "$DATA/data_batch_1.bin" ]; then
    skip "race defaults: no CIFAR-10 subset at $DATA"
    finish
    exit
fi

# --- CIFAR-10 subset: the race at its defaults, against descent train ---
start race "$UTF8 $BIN train --tui --data $DATA --race --iters 1500 --pace max"
WAIT_TENTHS=1200
# the last frame whole: every racer's line with its validation accuracy
if wait_still race '^done  pace max  iteration 1500/1500' && wait_for race '6 ━━ adam +loss +[0-9].*  val [0-9]'; then
    cp "$TMP/screen" "$TMP/race"
    for k in $KINDS; do
        line=$(grep -E "━━ $k +loss" "$TMP/race")
        lr=$(echo "$line" | sed -n 's/.*  lr \([0-9.e+-]*\).*/\1/p')
        val=$(echo "$line" | sed -n 's/.*  val \([0-9.]*\) .*/\1/p')
        run train --data "$DATA" --opt "$k" --test 0
        want_lr=$(value hparams | sed 's/^lr=\([^,]*\).*/\1/')
        want_val=$(awk -v v="$(value val_acc)" 'BEGIN { printf "%.3f", v }')
        if [ -n "$lr" ] && [ "$lr" = "$want_lr" ] && [ "$val" = "$want_val" ] && above "$val" 0.25; then
            ok "race: $k at lr $lr (train's default) reaches val $val >= 0.25, as descent train does"
        else
            not_ok "race: $k's default trains, as descent train's" "screen: $line" \
                "train: lr $want_lr val $want_val (status $status)"
        fi
    done
else
    not_ok "the race reaches iteration 1500" "$(sed -n 2p "$TMP/screen")"
fi
T send-keys -t race q
finish
