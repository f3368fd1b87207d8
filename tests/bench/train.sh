# descent train figures: training throughput (SVM and softmax, batch 200,
# 1500 iterations, all 5000 subset images), evaluation of 10000 images, load
# times, and peak memory on a full-size CIFAR-10 stand-in (the subset's real
# images repeated to 50000 + 10000, since the full set is not on this machine).
SUBSET=../shared/data/cifar-10-subset
if [ ! -d "$SUBSET/cifar-10-batches-bin" ]; then
    echo "skip: $SUBSET absent"
    exit 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
field() { tail -n 1 "$T/out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
peak() { sed -n 's/.*Maximum resident set size (kbytes): //p' "$T/time"; }

# the machine is shared: three runs each, the best and all three, and the load
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for m in svm softmax; do
    runs=
    for k in 1 2 3; do
        /usr/bin/time -v "$BIN" train --data "$SUBSET" --model $m --train 5000 --val 0 >"$T/out" 2>"$T/time"
        runs="$runs $(field images_per_s)"
    done
    best=$(echo $runs | tr ' ' '\n' | sort -n | tail -n 1)
    echo "train $m 1500 x 200 on the subset: best $best images/s (runs:$runs), $(field seconds) s, test_acc $(field test_acc), peak RSS $(peak) KB"
done
grep '^blas:' "$T/time" | sed 's/^/  /'

# full size: every batch 10 copies of the subset's batch
mkdir "$T/full"
for f in data_batch_1 data_batch_2 data_batch_3 data_batch_4 data_batch_5 test_batch; do
    for k in 1 2 3 4 5 6 7 8 9 10; do cat "$SUBSET/cifar-10-batches-bin/$f.bin"; done >"$T/full/$f.bin"
done
cp "$SUBSET/cifar-10-batches-bin/batches.meta.txt" "$T/full/"
/usr/bin/time -v "$BIN" train --data "$T/full" --test 10000 >"$T/out" 2>"$T/time"
echo "full-size CIFAR-10 stand-in (50000 + 10000 images), binary layout:"
echo "  load $(field load_seconds) s; evaluation of $(field test_images) test images $(field test_seconds) s"
echo "  train svm defaults (49000 / 1000 / 10000): $(field images_per_s) images/s, $(field seconds) s; peak RSS $(peak) KB"
for layout in bin py; do
    "$BIN" train --data "$SUBSET/cifar-10-batches-$layout" --iters 0 >"$T/out" 2>/dev/null
    echo "load the 6000-image subset, $layout layout: $(field load_seconds) s"
done

# Fashion-MNIST (60000 + 10000 gzipped IDX images) with its own defaults
if [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
    /usr/bin/time -v "$BIN" train --dataset fashion-mnist --model softmax --test 10000 >"$T/out" 2>"$T/time"
    echo "fashion-mnist softmax defaults ($(field hparams) reg=$(field reg)): load $(field load_seconds) s, $(field images_per_s) images/s, test_acc $(field test_acc) on $(field test_images), peak RSS $(peak) KB"
fi
