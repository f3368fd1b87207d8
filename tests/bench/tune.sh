# descent tune: a 16-cell sweep (4 lr x 4 reg) of 1500-iteration runs on the
# CIFAR-10 subset against 16 separate descent train runs of the same
# settings, in the same run, and whether each cell's val_acc agrees.
# The goal for the shared pass is 3x; the figure says where it is,
# and the products floor (tests/bench/tune_floor.c: the sweep's sgemm calls
# alone, the very ones that keep each cell bit for bit descent train's)
# says how far any shared pass making them could go; the wide products
# (the models side by side, one call per half) say what giving up the
# bit-for-bit agreement would buy.
SUBSET=../shared/data/cifar-10-subset
if [ ! -d "$SUBSET/cifar-10-batches-bin" ]; then
    echo "tune: $SUBSET is absent: no figures"
    exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
export XDG_CONFIG_HOME="$TMP/no-config"
LRS="1e-7 2e-7 5e-7 1e-6" REGS="1000 5000 25000 50000"
now() { date +%s.%N; }
t0=$(now)
"$BIN" tune --data "$SUBSET" --iters 1500 --lr "$(echo $LRS | tr ' ' ,)" \
    --reg "$(echo $REGS | tr ' ' ,)" >"$TMP/sweep" 2>/dev/null || { echo "tune failed"; exit 1; }
t1=$(now)
: >"$TMP/single"
for lr in $LRS; do
    for reg in $REGS; do
        "$BIN" train --data "$SUBSET" --iters 1500 --opt "sgd:lr=$lr" --reg "$reg" 2>/dev/null |
            tail -n 1 | tr ' ' '\n' | sed -n 's/^val_acc=//p' >>"$TMP/single"
    done
done
t2=$(now)
grep '^[0-9]' "$TMP/sweep" | cut -d, -f9 >"$TMP/cells"
same=$(paste -d' ' "$TMP/cells" "$TMP/single" | awk '$1 == $2' | wc -l)
awk -v a="$t0" -v b="$t1" -v c="$t2" -v same="$same" 'BEGIN {
    printf "tune: 16 cells x 1500 iterations: sweep %.2f s, 16 separate descent train %.2f s: %.2fx (goal 3x); %d/16 cells the same val_acc\n",
        b - a, c - b, (c - b) / (b - a), same }'
FLOOR=$(pwd)/$BUILD/bench/tune_floor
[ -x "$FLOOR" ] || { echo "tune: $FLOOR absent: no products floor"; exit 0; }
# the kernels descent's OpenBLAS picked, for the floor too
core=$("$BIN" train --data "$SUBSET" --iters 0 --val 0 --test 0 2>&1 >/dev/null |
    sed -n 's/^blas: OpenBLAS \([A-Za-z0-9]*\) kernels.*/\1/p')
floor=$(OPENBLAS_CORETYPE=$core OPENBLAS_NUM_THREADS=1 "$FLOOR" 2 16 200 1500 |
    tr ' ' '\n' | sed -n 's/^seconds=//p')
awk -v a="$t0" -v b="$t1" -v c="$t2" -v f="$floor" 'BEGIN {
    if (f <= 0) { print "tune: the products floor did not run"; exit }
    printf "  products floor (the sweep'"'"'s sgemm calls alone, same shapes and split): %.2f s, so %.2fx is the most a shared pass making them could reach against these runs; the sweep spends %.0f%% of its time outside them\n",
        f, (c - b) / f, 100 * (1 - f / (b - a)) }'
# the other products a shared pass could make: each thread's models side by
# side, one call per half for all of them (not bit for bit descent train's
# 32-row blocks: see tests/bench/tune_floor.c)
wide=$(OPENBLAS_CORETYPE=$core OPENBLAS_NUM_THREADS=1 "$FLOOR" 2 16 200 1500 wide |
    tr ' ' '\n' | sed -n 's/^seconds=//p')
awk -v f="$floor" -v w="$wide" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
    if (w <= 0 || f <= 0) { print "tune: the wide products did not run"; exit }
    printf "  wide products (each thread'"'"'s 8 models side by side, one call per half): %.2f s, %.2fx the floor'"'"'s speed; bound %.2fx\n",
        w, f / w, (c - b) / w }'
