# descent tune --features: the features computed once before the search and
# said so; every cell as descent train --features computes it; the feature
# defaults from train's table; rows and the closing line carry features= and
# dim=; folds standardized with each fold's training part; hog+hue's best
# beats pixels' on the CIFAR-10 subset; bad feature options exit 2.
. tests/lib.sh
SUBSET=../shared/data/cifar-10-subset

rows() { grep '^[0-9]' "${1:-$TMP/out}" | sed 's/,[0-9.]*$//'; }
value() { tail -n 1 "${2:-$TMP/out}" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# col NAME FILE: the values of the CSV column NAME, one per row
col() {
    k=$(grep '^config,' "$2" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1)
    [ -n "$k" ] && grep '^[0-9]' "$2" | cut -d, -f"$k"
}

# bad feature options: one line, status 2, before any training
small="--dataset synthetic --iters 0 --train 100 --val 10 --test 10"
expect_fail "tune --hog-bins 0" "^descent: tune: --hog-bins: '0' is not an integer in \[1, 180\]" tune --features hog --hog-bins 0 $small
expect_fail "tune --hue-bins 0" "^descent: tune: --hue-bins: '0' is not an integer in \[1, 360\]" tune --features hue --hue-bins 0 $small
expect_fail "tune --hog-cell 0" "^descent: tune: --hog-cell: '0' is not an integer in \[1, 64\]" tune --features hog --hog-cell 0 $small
expect_fail "tune --features nope" "'nope' is not pixels, hog, hue or hog+hue" tune --features nope $small
# the synthetic images are 16x16: a cell of 20 does not fit them
expect_fail "tune: a HOG cell larger than the images" "^descent: tune: HOG cell 20 must be from 1 to 16 pixels (the images are 16x16)$" tune --features hog --hog-cell 20 $small
expect_fail "tune --hog-cell without hog" "^descent: tune: --hog-cell is for HOG features: add --features hog or hog+hue$" tune --features hue --hog-cell 4 $small
expect_fail "tune --hue-bins without hue" "tune: --hue-bins is for hue features" tune --features hog --hue-bins 4 $small

# the options given reach the features: cell 5 on 16x16 is 3 x 3 x 9 + 7 hue bins
run tune --features hog+hue --hog-cell 5 --hue-bins 7 $small
expect "cell 5 and 7 hue bins: dim 88 in the rows and the closing line" \
    test "$status $(col features "$TMP/out") $(col dim "$TMP/out") $(value features) $(value dim)" = "0 hog+hue 88 hog+hue 88"

if [ ! -d "$SUBSET/cifar-10-batches-bin" ]; then
    skip "tune --features on CIFAR-10: the subset is not at $SUBSET"
    finish
    exit
fi
D="--data $SUBSET"

run tune $D --features hog+hue --iters 200 --lr 1e-3,3e-3 --reg 1e-3,1e-1
cp "$TMP/out" "$TMP/grid"
cp "$TMP/err" "$TMP/grid.err"
expect "a 2x2 features grid is 4 rows" test "$status $(rows "$TMP/grid" | wc -l)" = "0 4"
expect "the features are computed once, before the search, timed as train does" \
    test "$(grep -c '^features: hog+hue, 154 values (+ bias) per image, 6000 images in [0-9.]* s' "$TMP/grid.err")" = 1 -a \
    "$(grep -n '^features:' "$TMP/grid.err" | cut -d: -f1)" -lt "$(grep -n '^tune: configuration 0 (1 of' "$TMP/grid.err" | cut -d: -f1)"
expect "every row says features hog+hue, dim 154" \
    test "$(col features "$TMP/grid" | sort -u) $(col dim "$TMP/grid" | sort -u)" = "hog+hue 154"
expect "the closing line carries features= and dim=" test "$(value features "$TMP/grid") $(value dim "$TMP/grid")" = "hog+hue 154"
bad=0
for r in $(rows "$TMP/grid"); do
    lr=$(echo "$r" | cut -d, -f2) reg=$(echo "$r" | cut -d, -f3)
    "$BIN" train $D --features hog+hue --iters 200 --opt "sgd:lr=$lr" --reg "$reg" >"$TMP/t" 2>/dev/null
    want="$(value loss "$TMP/t"),$(value data_loss "$TMP/t"),$(value reg_loss "$TMP/t"),$(value train_acc "$TMP/t"),$(value val_acc "$TMP/t")"
    got=$(echo "$r" | cut -d, -f5-9)
    [ "$got" = "$want" ] || { bad=1; echo "    lr $lr reg $reg: tune $got, train $want"; }
done
expect "every features cell's loss and accuracies equal descent train --features'" test "$bad" = 0
"$BIN" train $D --features hog+hue --iters 200 --opt "sgd:lr=$(value lr "$TMP/grid")" --reg "$(value reg "$TMP/grid")" >"$TMP/t" 2>/dev/null
expect "the choice's test_acc is descent train --features' for it" test "$(value test_acc "$TMP/grid")" = "$(value test_acc "$TMP/t")"

# no --lr, --reg: the feature models' defaults, those descent train uses
run tune $D --features hog+hue --iters 0
"$BIN" train $D --features hog+hue --iters 0 >"$TMP/t" 2>/dev/null
expect "linear defaults from the one table (descent train --features': $(value hparams "$TMP/t") reg=$(value reg "$TMP/t"))" \
    test "lr=$(value lr) reg=$(value reg)" = "$(value hparams "$TMP/t") reg=$(value reg "$TMP/t")"
run tune $D --features hog+hue --model mlp --iters 0
"$BIN" train $D --features hog+hue --model mlp --iters 0 >"$TMP/t" 2>/dev/null
expect "the net's feature defaults too ($(value hparams "$TMP/t") reg=$(value reg "$TMP/t"))" \
    test "lr=$(value lr) reg=$(value reg) hidden=$(value hidden)" = "$(value hparams "$TMP/t") reg=$(value reg "$TMP/t") hidden=$(value hidden "$TMP/t")"

# Folds: each standardized with its training part's statistics. The 5th of
# 5 folds of the 4000 + 1000 pool holds out the last 1000, the validation
# split, and trains on the 4000 training images: descent train's run
# exactly (statistics of the whole pool give 0.4600 here, not 0.4610).
run tune $D --features hog+hue --iters 300 --folds 5 --lr 3e-3 --reg 1e-3
"$BIN" train $D --features hog+hue --iters 300 --opt sgd:lr=3e-3 --reg 1e-3 >"$TMP/t" 2>/dev/null
expect "fold 5 of 5 is descent train's split: the same val_acc ($(value val_acc "$TMP/t"))" \
    test "$status $(col val_acc_5 "$TMP/out")" = "0 $(value val_acc "$TMP/t")"

# the course's comparison: the best of a grid on hog+hue against pixels'
run tune $D --iters 500 --lr 1e-7,3e-7,1e-6 --reg 2.5e3,2.5e4
px=$(value val_acc)
run tune $D --features hog+hue --iters 500 --lr 1e-3,3e-3,1e-2 --reg 1e-3,1e-1
hh=$(value val_acc)
if [ "$status" -eq 0 ] && awk -v a="$hh" -v b="$px" 'BEGIN { exit !(a > b + 0.05) }'; then
    ok "tune's best on hog+hue beats its best on pixels ($hh vs $px)"
else
    not_ok "tune's best on hog+hue beats pixels'" "hog+hue $hh, pixels $px" "$(tail -n 2 "$TMP/err")"
fi

# a features sweep in shards merges to the unsharded result
S="$D --features hog --iters 50 --lr 1e-3,1e-2 --reg 1e-3"
"$BIN" tune $S >"$TMP/all" 2>/dev/null
"$BIN" tune $S --shard 1/2 >"$TMP/s1" 2>/dev/null
"$BIN" tune $S --shard 2/2 >"$TMP/s2" 2>/dev/null
run tune --merge "$TMP/s1" "$TMP/s2"
rows "$TMP/all" >"$TMP/a.rows"
expect "features shards merge to the unsharded rows and choice" \
    test "$status" = 0 -a -z "$(rows "$TMP/out" | cmp - "$TMP/a.rows" 2>&1)" -a "$(tail -n 1 "$TMP/out")" = "$(tail -n 1 "$TMP/all")"
finish
