# descent tune: each cell as descent train computes it, the test set touched
# once for the choice, random search from its seed, folds, divergence, shards
# merged back, and the one-line errors.
. tests/lib.sh
SUBSET=../shared/data/cifar-10-subset

# rows: the CSV rows of $TMP/out without their seconds column
rows() { grep '^[0-9]' "${1:-$TMP/out}" | sed 's/,[0-9.]*$//'; }
# value KEY FILE: the value of KEY= on FILE's last line
value() { tail -n 1 "${2:-$TMP/out}" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

if [ -d "$SUBSET/cifar-10-batches-bin" ]; then
    D="--data $SUBSET"
else
    skip "tune on the CIFAR-10 subset: $SUBSET is absent; the synthetic set instead"
    D="--dataset synthetic"
fi

run tune $D --iters 60 --lr 1e-7,1e-6 --reg 2.5e3,2.5e4
cp "$TMP/out" "$TMP/grid"
expect "a 2x2 grid is 4 rows" test "$status $(rows | wc -l)" = "0 4"
expect "the output says every cell starts alike" \
    grep -q '^# .*same initial weights and sees the same minibatch sequence (seed 1)' "$TMP/grid"
expect "columns named as train's keys" grep -qx 'config,lr,reg,opt,loss,data_loss,reg_loss,train_acc,val_acc,features,dim,diverged,seconds' "$TMP/grid"
# each cell is descent train with the same settings and seed
bad=0
for r in $(rows "$TMP/grid"); do
    lr=$(echo "$r" | cut -d, -f2) reg=$(echo "$r" | cut -d, -f3)
    "$BIN" train $D --iters 60 --opt "sgd:lr=$lr" --reg "$reg" >"$TMP/t" 2>/dev/null
    want="$(value loss "$TMP/t"),$(value data_loss "$TMP/t"),$(value reg_loss "$TMP/t"),$(value train_acc "$TMP/t"),$(value val_acc "$TMP/t")"
    got=$(echo "$r" | cut -d, -f5-9)
    [ "$got" = "$want" ] || { bad=1; echo "    lr $lr reg $reg: tune $got, train $want"; }
done
expect "every cell's loss and accuracies equal descent train's" test "$bad" = 0
# the choice: the best val_acc, its test accuracy that of descent train's run
best=$(rows "$TMP/grid" | sort -t, -k9,9 -r -s | head -n 1)
expect "the choice is the best val_acc row" test "$(value config "$TMP/grid")" = "$(echo "$best" | cut -d, -f1)"
"$BIN" train $D --iters 60 --opt "sgd:lr=$(value lr "$TMP/grid")" --reg "$(value reg "$TMP/grid")" >"$TMP/t" 2>/dev/null
expect "its test_acc is descent train's for that configuration" test "$(value test_acc "$TMP/grid")" = "$(value test_acc "$TMP/t")"
expect "the test set appears once, apart, after the rows" \
    test "$(grep -c test_acc "$TMP/grid") $(tail -n 2 "$TMP/grid" | head -n 1)" = "1 # chosen by validation, evaluated once on test"

# random search: the same seed the same configurations, another seed others
run tune --dataset synthetic --iters 20 --random 4 --lr 1e-4:1e-1:2 --reg 1e-5:1e-1:2
rows >"$TMP/r1"
run tune --dataset synthetic --iters 20 --random 4 --lr 1e-4:1e-1:2 --reg 1e-5:1e-1:2
rows >"$TMP/r2"
expect "random search is reproducible from its seed" test "$(wc -l <"$TMP/r1")" = 4 -a -z "$(cmp "$TMP/r1" "$TMP/r2" 2>&1)"
run tune --dataset synthetic --iters 20 --random 4 --lr 1e-4:1e-1:2 --reg 1e-5:1e-1:2 --seed 2
rows | cut -d, -f2,3 >"$TMP/r3"
expect "another seed draws other configurations" test -n "$(cut -d, -f2,3 "$TMP/r1" | cmp - "$TMP/r3" 2>&1)"
inside=$(awk -F, '$2 < 1e-4 || $2 > 0.1 || $3 < 1e-5 || $3 > 0.1 { print }' "$TMP/r1")
expect "random configurations lie within the bounds" test -z "$inside"

# folds: K values per row, their mean and spread
run tune --dataset synthetic --iters 20 --lr 1e-2 --reg 1e-3 --folds 3
expect "--folds 3: val_acc_sd and val_acc_1..3 columns" grep -q 'val_acc,val_acc_sd,val_acc_1,val_acc_2,val_acc_3,features,dim,diverged' "$TMP/out"
mean_ok=$(rows | awk -F, '{ m = ($11 + $12 + $13) / 3; d = m - $9; print (d < 0.0001 && d > -0.0001) ? "yes" : "no" }')
expect "val_acc is the folds' mean" test "$mean_ok" = yes

# a diverging configuration is recorded and the search goes on (column 12: diverged)
run tune --dataset synthetic --iters 50 --lr 1e-2,1e12 --reg 1e-3
expect "the diverging cell is diverged=1, the other is chosen" \
    test "$status $(rows | cut -d, -f2,12 | tr '\n' ' ')$(value lr)" = "0 0.01,0 1e+12,1 0.01"
# its last finite losses (1e288 here) in exponent form, not 289 digits
expect "the diverged cell's losses are short numbers (1.940545e+288, not 289 digits)" \
    test "$(rows | awk -F, '$12 == 1 { print $5 }' | grep -cE '^[0-9]\.[0-9]{6}e\+[0-9]+$')" = 1

# shards as separate processes merge to the unsharded result
S="--dataset synthetic --iters 20 --lr 1e-3:1e-1:3 --reg 1e-4,1e-2"
"$BIN" tune $S >"$TMP/all" 2>/dev/null
"$BIN" tune $S --shard 1/2 >"$TMP/s1" 2>/dev/null &
"$BIN" tune $S --shard 2/2 >"$TMP/s2" 2>/dev/null
wait
expect "shard 1/2 holds configurations 0,2,4" test "$(rows "$TMP/s1" | cut -d, -f1 | tr '\n' ' ')" = "0 2 4 "
expect "a shard writes no choice" test -z "$(grep test_acc "$TMP/s1")"
run tune --merge "$TMP/s2" "$TMP/s1"
grep -v '^[0-9]' "$TMP/out" >"$TMP/m.rest"; grep -v '^[0-9]' "$TMP/all" >"$TMP/a.rest"
expect "the merge equals the unsharded run (rows but their seconds, header, choice)" \
    test "$status" = 0 -a "$(rows "$TMP/all" | wc -l)" = 6 -a -z "$(rows "$TMP/all" >"$TMP/a.rows"; rows "$TMP/out" | cmp - "$TMP/a.rows" 2>&1; cmp "$TMP/m.rest" "$TMP/a.rest" 2>&1)"
cp "$TMP/out" "$TMP/merged"
run tune --merge "$TMP/merged"
expect "a merged output merges again to itself" test "$status" = 0 -a -z "$(rows "$TMP/out" | cmp - "$TMP/a.rows" 2>&1)"

# bad input: one line, status 2
expect_fail "an empty list" "tune: --lr: an empty list" tune --dataset synthetic --lr ''
expect_fail "an unsorted range" "LO is above HI" tune --dataset synthetic --lr 1e-5:1e-7:3
expect_fail "an unsorted list" "ascending order" tune --dataset synthetic --reg 5,1
expect_fail "lr 0" "^descent: tune: --lr: '0' is not > 0$" tune --dataset synthetic --lr 0,1e-7
expect_fail "a negative lr" "^descent: tune: --lr: '-1e-7' is not > 0$" tune --dataset synthetic --lr -1e-7
expect_fail "more folds than images" "more folds than the 5 training and validation images" \
    tune --dataset synthetic --train 3 --val 2 --folds 6
expect_fail "a grid of 10^6 cells" "1000 x 1000 = 1000000 configurations: at most 100000" \
    tune --dataset synthetic --lr 1:1000:1000 --reg 1:1000:1000
expect_fail "--shard 3/2" "shard 3 of 2: I goes from 1 to N" tune --dataset synthetic --shard 3/2
expect_fail "an lr in --opt" "the learning rates come from --lr" tune --dataset synthetic --opt sgd:lr=1
expect_fail "a stray argument" "^descent: tune: unexpected argument 'extra'$" tune --dataset synthetic extra
expect_fail "both --data and --dataset" "tune: give --data DIR or --dataset NAME, not both" tune --dataset synthetic --data "$TMP"
expect_fail "two optimizers" "tune: several --opt are for a race: give one" tune --dataset synthetic --opt sgd --opt adam
expect_fail "--hidden without the net" "tune: --hidden is for the two-layer net" tune --dataset synthetic --hidden 10
expect_fail "a single run's option" "tune: --save is for one run" tune --dataset synthetic --save "$TMP/x"
"$BIN" tune --dataset synthetic --iters 20 --lr 1e-3:1e-1:3 --reg 1e-4,1e-3 --shard 2/2 >"$TMP/other" 2>/dev/null
expect_fail "merging shards of different sweeps" "a shard of another sweep than" tune --merge "$TMP/s1" "$TMP/other"
expect_fail "merging a shard twice" "shard 1/2 again" tune --merge "$TMP/s1" "$TMP/s1"
expect_fail "merging half a sweep" "1 of the 2 shards given" tune --merge "$TMP/s1"
head -n 14 "$TMP/s1" >"$TMP/cut"
expect_fail "merging an unfinished shard" "lacks configuration" tune --merge "$TMP/cut" "$TMP/s2"
printf 'hello\n' >"$TMP/junk"
expect_fail "merging a file that is no sweep" "junk:1: not a descent tune header line" tune --merge "$TMP/junk"
expect_fail "merge with settings" "give only the files" tune --merge "$TMP/s1" --lr 1
finish
