# Feature extraction (HOG 8x8 cells x 9 bins + 10-bin hue, core/features) of a
# full-size CIFAR-10 stand-in (the subset's real images repeated to 50000 +
# 10000, as in train.sh): descent on both cores against a vectorized numpy
# implementation of the same features (tests/bench/features.py) in the same
# run. numpy comes from Debian's python3-numpy (make bench installs it).
SUBSET=../shared/data/cifar-10-subset
if [ ! -d "$SUBSET/cifar-10-batches-bin" ]; then
    echo "skip: $SUBSET absent"
    exit 0
fi
PY=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import numpy' 2>/dev/null; then PY=$p; break; fi
done
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
field() { tail -n 1 "$T/out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
mkdir "$T/full"
for f in data_batch_1 data_batch_2 data_batch_3 data_batch_4 data_batch_5 test_batch; do
    for k in 1 2 3 4 5 6 7 8 9 10; do cat "$SUBSET/cifar-10-batches-bin/$f.bin"; done >"$T/full/$f.bin"
done
cp "$SUBSET/cifar-10-batches-bin/batches.meta.txt" "$T/full/"

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# the machine is shared: three runs each, the best of them compared
best_c=
runs_c=
for k in 1 2 3; do
    "$BIN" train --data "$T/full" --features hog+hue --iters 0 --train 49000 --val 1000 \
        --test 10000 >"$T/out" 2>/dev/null
    s=$(field features_seconds)
    runs_c="$runs_c $s"
    best_c=$(printf '%s\n' $runs_c | sort -g | head -n 1)
done
n=$(field features_images)
echo "descent: $n images (hog+hue, dim $(field dim)) in best $best_c s (runs:$runs_c), $(awk -v n="$n" -v s="$best_c" 'BEGIN { printf "%.0f", n / s }') images/s, $(field features_threads) threads"
if [ -z "$PY" ]; then
    echo "numpy: not installed (Debian: python3-numpy); no ratio"
    exit 0
fi
best_p=
runs_p=
for k in 1 2 3; do
    "$PY" tests/bench/features.py "$T/full" >"$T/out"
    s=$(field numpy_seconds)
    runs_p="$runs_p $s"
    best_p=$(printf '%s\n' $runs_p | sort -g | head -n 1)
done
np=$(field numpy_images)
echo "numpy $("$PY" -c 'import numpy; print(numpy.__version__)'): $np images in best $best_p s (runs:$runs_p), $(awk -v n="$np" -v s="$best_p" 'BEGIN { printf "%.0f", n / s }') images/s"
echo "descent is $(awk -v c="$best_c" -v p="$best_p" 'BEGIN { printf "%.1f", p / c }')x numpy's speed"
