# descent landscape figures: a 51x51 linear SVM slice over the subset's 5000
# training images against a straightforward numpy evaluation of the same
# grid (one full forward pass per point, from the plane --directions wrote),
# in the same run: seconds, the ratio, the worst relative disagreement; then
# a 101x101 slice over a full-size CIFAR-10 stand-in (the subset's batches
# repeated to 50000 training images, as bench/train.sh makes it).
SUBSET=../shared/data/cifar-10-subset
if [ ! -d "$SUBSET/cifar-10-batches-bin" ]; then
    echo "skip: $SUBSET absent"
    exit 0
fi
PY=
for p in python3 /usr/bin/python3; do
    if [ -z "$PY" ] && "$p" -c 'import numpy' 2>/dev/null; then PY=$p; fi
done
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
D=$SUBSET/cifar-10-batches-bin
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$BIN" landscape --data "$D" --train 5000 --val 0 --grid 51 --csv --directions "$T/dir.csv" \
    >"$T/grid.csv" 2>"$T/err" || { cat "$T/err"; exit 1; }
ours=$(sed -n 's/^grid: .* in \([0-9.]*\) s, after \([0-9.]*\) s.*/\1 \2/p' "$T/err")
set -- $ours
total=$(awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a + b }')
echo "descent: 51x51 svm slice over 5000 images: $total s ($1 s grid + $2 s for S0, S1, S2)"
if [ -z "$PY" ]; then
    echo "skip numpy: python3-numpy absent"
else
    "$PY" - "$D" "$T/dir.csv" "$T/grid.csv" "$total" <<'PYEOF'
import sys, time, numpy as np
d, dirs, grid, ours = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
raw = np.concatenate([np.fromfile("%s/data_batch_%d.bin" % (d, k), dtype=np.uint8).reshape(-1, 3073)
                      for k in range(1, 6)])
y, x = raw[:, 0].astype(int), raw[:, 1:].astype(np.float64)
t = np.loadtxt(dirs, delimiter=",", skiprows=1, usecols=(4, 5, 6, 7))  # w0,d1,d2,mean
w0, d1, d2 = (t[:, k].reshape(10, 3073) for k in (0, 1, 2))
X = np.hstack([x - t[:3072, 3], np.ones((len(y), 1))])
g = np.loadtxt(grid, delimiter=",", skiprows=1)
n_all = len(g)
g = g[::10]  # every 10th point: a forward pass costs numpy ~0.1 s here
rows = np.arange(len(y))
t0 = time.perf_counter()
worst = 0.0
for a, b, loss, _, _, acc in g:
    W = w0 + a * d1 + b * d2          # one full forward pass per point
    s = X @ W.T
    m = np.maximum(0, s - s[rows, y][:, None] + 1)
    m[rows, y] = 0
    want = m.sum(axis=1).mean() + 2.5e4 * (W * W).sum()
    worst = max(worst, abs(loss - want) / abs(want))
sec = time.perf_counter() - t0
est = sec * n_all / len(g)
print("numpy %s (OpenBLAS through libblas.so.3): %d of the %d points in %.3f s, so %.1f s for the grid; "
      "ratio %.1fx (goal >= 20x); worst relative disagreement %.3g (goal <= 1e-5)"
      % (np.__version__, len(g), n_all, sec, est, est / ours, worst))
PYEOF
fi

# the two-layer net (100 relu units, train's defaults): the first layer's
# pre-activations are affine along the plane, the rest is per point
"$BIN" landscape --data "$D" --train 5000 --val 0 --model mlp --grid 51 --csv >/dev/null 2>"$T/err" ||
    { cat "$T/err"; exit 1; }
echo "descent: 51x51 mlp (100 hidden) slice over 5000 images: $(sed -n 's/^grid: .* in \([0-9.]*\) s, after \([0-9.]*\) s.*/\1 s grid + \2 s for the pre-activations/p' "$T/err")"

# full size: every batch 10 copies of the subset's batch
mkdir "$T/full"
for f in data_batch_1 data_batch_2 data_batch_3 data_batch_4 data_batch_5 test_batch; do
    for k in 1 2 3 4 5 6 7 8 9 10; do cat "$D/$f.bin"; done >"$T/full/$f.bin"
done
cp "$D/batches.meta.txt" "$T/full/"
/usr/bin/time -v "$BIN" landscape --data "$T/full" --train 50000 --val 0 --grid 101 --csv \
    >/dev/null 2>"$T/err"
echo "full-size stand-in, 101x101 svm slice over 50000 images: $(sed -n 's/^grid: .* in \([0-9.]*\) s, after \([0-9.]*\) s.*/\1 s grid + \2 s for S0, S1, S2/p' "$T/err"), peak RSS $(sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/err") KB"
