# descent train --features: bad option values exit 2 with one line; the
# banner and the closing line say which features and their dimension;
# hog+hue beats raw pixels on the CIFAR-10 subset's validation set; a
# checkpoint with features round-trips (the kept standardization, not one
# refitted); grey images get HOG but no hue.
. tests/lib.sh
SUBSET=../shared/data/cifar-10-subset

value() { tail -n 1 "$TMP/out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

small="--dataset synthetic --iters 0 --train 100 --val 10 --test 10"
expect_fail "--features nope" "^descent: train: --features: 'nope' is not pixels, hog, hue or hog+hue" train --features nope $small
expect_fail "--hog-cell 0" "^descent: train: --hog-cell: '0' is not an integer in \[1, 64\]" train --features hog --hog-cell 0 $small
expect_fail "--hog-bins 0" "^descent: train: --hog-bins: '0' is not an integer in \[1, 180\]" train --features hog --hog-bins 0 $small
expect_fail "--hue-bins 0" "^descent: train: --hue-bins: '0' is not an integer in \[1, 360\]" train --features hue --hue-bins 0 $small
expect_fail "--hue-bins x" "^descent: train: --hue-bins: 'x' is not an integer" train --features hue --hue-bins x $small
expect_fail "--hog-cell without hog" "train: --hog-cell is for HOG features: add --features hog or hog+hue" train --features hue --hog-cell 4 $small
expect_fail "--hue-bins without hue" "train: --hue-bins is for hue features" train --hog-cell 4 --features hog --hue-bins 4 $small
expect_fail "--hog-bins with pixels" "train: --hog-bins is for HOG features" train --hog-bins 4 $small
# the synthetic set is 16x16x3: a cell larger than the image is refused
expect_fail "--hog-cell 20 on 16x16" "train: HOG cell 20 must be from 1 to 16 pixels (the images are 16x16)" train --features hog --hog-cell 20 $small
expect_fail "too many features" "train: HOG cell 1 with 180 bins gives 46080 features (at most 4096)" train --features hog --hog-cell 1 --hog-bins 180 $small

# a cell that does not divide 16: 3 x 3 cells of 5 (the border uncounted)
run train --features hog+hue --hog-cell 5 $small
if [ "$status" -eq 0 ] && [ "$(value dim)" = 91 ] && [ "$(value features)" = hog+hue ]; then
    ok "cell 5 on 16x16: 3 x 3 x 9 + 10 = 91"
else
    not_ok "cell 5 on 16x16" "status $status dim $(value dim)" "$(tail -n 2 "$TMP/err")"
fi
run train --features hue --hue-bins 7 $small
expect "hue alone: 7 values" [ "$status" -eq 0 ] && [ "$(value dim)" = 7 ]
run train $small
expect "pixels: features=pixels dim=3072" [ "$(value features)" = pixels ] && [ "$(value dim)" = 3072 ]

if [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
    expect_fail "hue of grey images" "train: hue needs colour images (these are grey)" train --dataset fashion-mnist --features hue --iters 0 --train 100 --val 10 --test 10
    run train --dataset fashion-mnist --features hog --iters 0 --train 100 --val 10 --test 10
    expect "fashion-mnist hog: 3 x 3 cells x 9 = 81" [ "$status" -eq 0 ] && [ "$(value dim)" = 81 ]
else
    skip "fashion-mnist: not installed"
fi

if [ ! -d "$SUBSET/cifar-10-batches-bin" ]; then
    skip "trainfeatures on CIFAR-10: the subset is not at $SUBSET"
    finish
    exit
fi

# 32x32 CIFAR-10 and a cell of 5: 6 x 6 cells
run train --data "$SUBSET" --features hog --hog-cell 5 --iters 0
expect "cell 5 on 32x32: 6 x 6 x 9 = 324" [ "$status" -eq 0 ] && [ "$(value dim)" = 324 ]

# The defaults on the subset (4000 train / 1000 val): features against pixels.
run train --data "$SUBSET" --features hog+hue --test 1000
cp "$TMP/out" "$TMP/hh.out"
cp "$TMP/err" "$TMP/hh.err"
hh=$(value val_acc)
expect "hog+hue trains" [ "$status" -eq 0 ] && [ "$(value dim)" = 154 ]
if grep -q "^features: hog+hue, 154 values (+ bias) per image, 6000 images in [0-9.]* s" "$TMP/hh.err"; then
    ok "banner: features and dimension"
else
    not_ok "banner: features and dimension" "$(grep features "$TMP/hh.err")"
fi
expect "closing line: features_images=6000" [ "$(value features_images)" = 6000 ]
run train --data "$SUBSET"
px=$(value val_acc)
if awk -v a="$hh" -v b="$px" 'BEGIN { exit !(a > b + 0.05) }'; then
    ok "hog+hue beats pixels on validation ($hh vs $px)"
else
    not_ok "hog+hue beats pixels on validation" "hog+hue $hh, pixels $px"
fi

# The two-layer net trains on the same features (its defaults for them).
run train --data "$SUBSET" --features hog+hue --model mlp --test 0
net=$(value val_acc)
if [ "$status" -eq 0 ] && [ "$(value arch)" = mlp ] && awk -v a="$net" -v b="$px" 'BEGIN { exit !(a > b + 0.05) }'; then
    ok "the net on hog+hue beats linear pixels too ($net vs $px)"
else
    not_ok "the net on hog+hue" "status $status val_acc $net" "$(tail -n 2 "$TMP/err")"
fi

# Round trip: save, then load on fewer training images with --iters 0. The
# kept standardization gives the very same test accuracy; refitting it on
# the 500 images would not.
run train --data "$SUBSET" --features hog+hue --iters 300 --save "$TMP/f.model"
acc=$(value test_acc)
loss=$(value test_acc)
expect "features model saves" [ "$status" -eq 0 ] && [ -s "$TMP/f.model" ]
run train --data "$SUBSET" --load "$TMP/f.model" --iters 0 --train 500
if [ "$status" -eq 0 ] && [ "$(value test_acc)" = "$acc" ] && [ "$(value features)" = hog+hue ] && [ "$(value dim)" = 154 ]; then
    ok "--load reproduces the features and their standardization (test_acc $acc)"
else
    not_ok "--load reproduces the features" "status $status test_acc $(value test_acc) vs $acc" "$(tail -n 2 "$TMP/err")"
fi
grep -q "standardized as the loaded model was" "$TMP/err" && ok "--load says the standardization is the model's" ||
    not_ok "--load says the standardization is the model's" "$(grep features "$TMP/err")"
expect_fail "--load with other features" "f.model: the model reads hog+hue features (HOG cell 8, 9 bins; 10 hue bins), not the ones given" train --data "$SUBSET" --load "$TMP/f.model" --iters 0 --features hog
expect_fail "--load with another cell" "not the ones given" train --data "$SUBSET" --load "$TMP/f.model" --iters 0 --features hog+hue --hog-cell 4
run train --data "$SUBSET" --iters 0 --save "$TMP/p.model"
expect_fail "--features on a pixel model" "p.model: the model reads raw pixels, not --features hog" train --data "$SUBSET" --load "$TMP/p.model" --iters 0 --features hog
finish
