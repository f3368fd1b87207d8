# The two-layer net (--model mlp --hidden 100 --batch 200) on the CIFAR-10
# subset: its throughput against the same net and loop in vectorized numpy
# (tests/bench/twolayer.py, CS231n's TwoLayerNet style) in the same run, with
# numpy's OpenBLAS given this CPU's best kernels; the fraction of the
# machine's fp32 peak; accuracy against the linear SVM; peak memory on a
# full-size CIFAR-10 stand-in; and the sgemm floor: the net's five sgemm calls
# alone (tests/bench/sgemm_floor.c), the images/s that nothing but those
# products would reach on the same OpenBLAS, kernels and thread split.
SUBSET=../shared/data/cifar-10-subset
if [ ! -d "$SUBSET/cifar-10-batches-bin" ]; then
    echo "skip: $SUBSET absent"
    exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
field() { tail -n 1 "$T/out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
peak() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/time"; }
ITERS=300
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

# the kernels descent's OpenBLAS picked: numpy gets the same
"$BIN" train --data "$SUBSET" --model mlp --iters 0 --val 0 --test 0 >"$T/out" 2>"$T/err"
core=$(sed -n 's/^blas: OpenBLAS \([A-Za-z0-9]*\) kernels.*/\1/p' "$T/err")
echo "OpenBLAS kernels: $core (numpy runs with OPENBLAS_CORETYPE=$core)"

ROUNDS=${ROUNDS:-5}
one_descent() { # threads -> images/s
    DESCENT_THREADS=$1 "$BIN" train --data "$SUBSET" --model mlp --hidden 100 --batch 200 \
        --iters $ITERS --val 0 --test 0 >"$T/out" 2>/dev/null
    field images_per_s
}
one_numpy() { # threads dtype -> images/s, 0 when numpy cannot run
    OPENBLAS_CORETYPE=$core OPENBLAS_NUM_THREADS=$1 /usr/bin/python3 tests/bench/twolayer.py \
        "$SUBSET/cifar-10-batches-bin" $ITERS "$2" >"$T/out" 2>"$T/err" || { echo 0; return; }
    field images_per_s
}
FLOOR=$(pwd)/$BUILD/bench/sgemm_floor
one_floor() { # threads -> images/s of the products alone, 0 when the program is absent
    [ -x "$FLOOR" ] || { echo 0; return; }
    OPENBLAS_CORETYPE=$core OPENBLAS_NUM_THREADS=1 "$FLOOR" $1 100 200 $ITERS >"$T/out" 2>/dev/null \
        || { echo 0; return; }
    field images_per_s
}
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.0f%%", 100 * a / b; else printf "?" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else printf "?" }'; }
max() { [ "${1:-0}" -gt "${2:-0}" ] && echo "${1:-0}" || echo "${2:-0}"; }
# fp32 peak, measured: a loop of fused multiply-adds on the widest vectors,
# on as many threads (tests/bench/fma_peak.c); the nominal one beside it:
# cores x /proc/cpuinfo's clock x 2 FMA units x 16 lanes x 2 flops
# (AVX-512), which a virtual CPU's nominal clock and the FMA units assumed
# can put far from what the cores do
mhz=$(sed -n 's/^cpu MHz[^:]*: *//p' /proc/cpuinfo | head -n 1)
PEAK=$(pwd)/$BUILD/bench/fma_peak
measured_peak() { # threads -> GFLOP/s, 0 when the program is absent
    [ -x "$PEAK" ] || { echo 0; return; }
    "$PEAK" $1 | tr ' ' '\n' | sed -n 's/^gflops=//p'
}
fmax() { awk -v a="$1" -v b="$2" 'BEGIN { print (a > b ? a : b) }'; }
# threads -> d n32 n64 f pk: the best of ROUNDS runs of each, the five taking
# turns so that the machine's load (it is shared) changes for all alike
best_of_rounds() {
    d=0 n32=0 n64=0 f=0 pk=0
    for k in $(seq $ROUNDS); do
        pk=$(fmax "$pk" "$(measured_peak $1)")
        d=$(max "$d" "$(one_descent $1)")
        f=$(max "$f" "$(one_floor $1)")
        n32=$(max "$n32" "$(one_numpy $1 float32)")
        n64=$(max "$n64" "$(one_numpy $1 float64)")
    done
}
if ! /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
    echo "numpy absent (apt install python3-numpy): no reference"
fi
flop=$(awk 'BEGIN { printf "%.0f", 4 * 3072 * 100 + 6 * 100 * 10 }')
for th in 1 2; do
    echo "load average before the $th-thread runs: $(cut -d' ' -f1-3 /proc/loadavg)"
    best_of_rounds $th
    gf=$(awk -v r="$d" -v f="$flop" 'BEGIN { printf "%.1f", r * f / 1e9 }')
    nominal=$(awk -v c="$th" -v m="$mhz" 'BEGIN { printf "%.0f", c * m / 1000 * 64 }')
    awk -v p="$pk" 'BEGIN { exit !(p > 0) }' || pk=$nominal
    echo "mlp 100 x 200, $ITERS iterations, $th thread(s), best of $ROUNDS: descent $d images/s," \
        "numpy float32 $n32 ($(ratio "$d" "$n32")), numpy float64 $n64 ($(ratio "$d" "$n64"))"
    echo "  sgemm floor (the five sgemm calls alone, $th thread(s), same kernels and split):" \
        "$f images/s, $(ratio "$f" "$n32") numpy float32, $(ratio "$f" "$n64") numpy float64;" \
        "$(pct "$(awk -v r="$f" -v f="$flop" 'BEGIN { printf "%.1f", r * f / 1e9 }')" "$pk") of peak;" \
        "descent at $(pct "$d" "$f") of it"
    echo "  $flop flop per image: $gf GFLOP/s, $(pct "$gf" "$pk") of a $pk GFLOP/s fp32 peak (an FMA loop on $th thread(s), best of $ROUNDS; nominal: $nominal at $mhz MHz with 2 AVX-512 FMA units, $(pct "$gf" "$nominal") of it)"
    # the peer as it ran, and where its time goes (a separate run: the
    # clocks between its stages stay out of the timed loop)
    if OPENBLAS_CORETYPE=$core OPENBLAS_NUM_THREADS=$th /usr/bin/python3 tests/bench/twolayer.py \
        "$SUBSET/cifar-10-batches-bin" $ITERS float32 profile >"$T/out" 2>"$T/err"; then
        echo "  numpy peer: float32, OPENBLAS_NUM_THREADS=$th OPENBLAS_CORETYPE=$core," \
            "$(head -n 1 "$T/out" | tr ' ' '\n' | sed -n 's/^blas=//p')"
        echo "  numpy time per stage: $(tail -n 1 "$T/out" | sed 's/^profile //')"
    fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# accuracy with the defaults against the linear SVM's
"$BIN" train --data "$SUBSET" --model mlp >"$T/out" 2>/dev/null
echo "mlp defaults on the subset: train $(field train_acc) val $(field val_acc) test $(field test_acc) ($(field hparams) reg=$(field reg) init=$(field init))"
"$BIN" train --data "$SUBSET" --model svm >"$T/out" 2>/dev/null
echo "linear svm defaults on the subset: train $(field train_acc) val $(field val_acc) test $(field test_acc)"

# memory: full size (the subset's batches 10 times over), 100 iterations
mkdir "$T/full"
for f in data_batch_1 data_batch_2 data_batch_3 data_batch_4 data_batch_5 test_batch; do
    for k in 1 2 3 4 5 6 7 8 9 10; do cat "$SUBSET/cifar-10-batches-bin/$f.bin"; done >"$T/full/$f.bin"
done
cp "$SUBSET/cifar-10-batches-bin/batches.meta.txt" "$T/full/"
/usr/bin/time -v "$BIN" train --data "$T/full" --model mlp --iters 100 --test 10000 >"$T/out" 2>"$T/time"
echo "mlp on a full-size stand-in (49000 / 1000 / 10000): peak RSS $(peak) KB (the goal: 300 MB)"
