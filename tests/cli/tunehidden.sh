# descent tune --hidden LIST: the net's hidden size as a third axis (grid
# lr x reg x hidden, hidden fastest; random search draws from the list), a
# hidden column and hidden= in the closing line, each cell descent train
# --model mlp --hidden H's run, shards merged back, and bad lists refused.
. tests/lib.sh
SUBSET=../shared/data/cifar-10-subset

rows() { grep '^[0-9]' "${1:-$TMP/out}" | sed 's/,[0-9.]*$//'; }
value() { tail -n 1 "${2:-$TMP/out}" | tr ' ' '\n' | sed -n "s/^$1=//p"; }

if [ -d "$SUBSET/cifar-10-batches-bin" ]; then
    D="--data $SUBSET"
else
    skip "tune --hidden on the CIFAR-10 subset: $SUBSET is absent; the synthetic set instead"
    D="--dataset synthetic"
fi

run tune $D --model mlp --iters 60 --lr 1e-3,3e-3 --reg 1 --hidden 10,20
cp "$TMP/out" "$TMP/grid"
expect "2 lr x 1 reg x 2 hidden is 4 rows" test "$status $(rows "$TMP/grid" | wc -l)" = "0 4"
expect "a hidden column after reg" grep -qx 'config,lr,reg,hidden,opt,loss,data_loss,reg_loss,train_acc,val_acc,features,dim,diverged,seconds' "$TMP/grid"
expect "lr-major, hidden fastest" \
    test "$(rows "$TMP/grid" | cut -d, -f2,4 | tr '\n' ' ')" = "0.001,10 0.001,20 0.003,10 0.003,20 "
bad=0
for r in $(rows "$TMP/grid"); do
    lr=$(echo "$r" | cut -d, -f2) reg=$(echo "$r" | cut -d, -f3) h=$(echo "$r" | cut -d, -f4)
    "$BIN" train $D --model mlp --hidden "$h" --iters 60 --opt "sgd:lr=$lr" --reg "$reg" >"$TMP/t" 2>/dev/null
    want="$(value loss "$TMP/t"),$(value data_loss "$TMP/t"),$(value reg_loss "$TMP/t"),$(value train_acc "$TMP/t"),$(value val_acc "$TMP/t")"
    got=$(echo "$r" | cut -d, -f6-10)
    [ "$got" = "$want" ] || { bad=1; echo "    lr $lr reg $reg hidden $h: tune $got, train $want"; }
done
expect "every cell's loss and accuracies equal descent train --model mlp --hidden H's" test "$bad" = 0
best=$(rows "$TMP/grid" | sort -t, -k10,10 -r -s | head -n 1)
expect "the choice is the best val_acc row, hidden= its size" \
    test "$(value config "$TMP/grid") $(value hidden "$TMP/grid")" = "$(echo "$best" | cut -d, -f1) $(echo "$best" | cut -d, -f4)"
"$BIN" train $D --model mlp --hidden "$(value hidden "$TMP/grid")" --iters 60 --opt "sgd:lr=$(value lr "$TMP/grid")" --reg 1 >"$TMP/t" 2>/dev/null
expect "its test_acc is descent train's for that configuration" test "$(value test_acc "$TMP/grid")" = "$(value test_acc "$TMP/t")"

# the net without --hidden: its one size, train's default, in the column
run tune --dataset synthetic --model mlp --iters 0 --lr 1e-3 --reg 1
"$BIN" train --dataset synthetic --model mlp --iters 0 >"$TMP/t" 2>/dev/null
expect "no --hidden: train's size ($(value hidden "$TMP/t")) in the column and the closing line" \
    test "$status $(rows | cut -d, -f4) $(value hidden)" = "0 $(value hidden "$TMP/t") $(value hidden "$TMP/t")"

# random search draws the size from the list, reproducibly from the seed
R="--dataset synthetic --model mlp --iters 20 --random 8 --lr 1e-3:1e-1:2 --reg 1e-4:1e-2:2 --hidden 5,10,20"
run tune $R
rows >"$TMP/r1"
run tune $R
expect "random search with --hidden is reproducible from its seed" \
    test "$(wc -l <"$TMP/r1")" = 8 -a -z "$(rows | cmp - "$TMP/r1" 2>&1)"
expect "every drawn size is one of the list" test -z "$(cut -d, -f4 "$TMP/r1" | grep -vx '5\|10\|20')"
expect "more than one size drawn" test "$(cut -d, -f4 "$TMP/r1" | sort -u | wc -l)" -gt 1
r=$(sed -n 3p "$TMP/r1")
"$BIN" train --dataset synthetic --model mlp --iters 20 --hidden "$(echo "$r" | cut -d, -f4)" \
    --opt "sgd:lr=$(echo "$r" | cut -d, -f2)" --reg "$(echo "$r" | cut -d, -f3)" >"$TMP/t" 2>/dev/null
expect "a random cell equals descent train with its size" test "$(echo "$r" | cut -d, -f10)" = "$(value val_acc "$TMP/t")"

# shards of a hidden sweep, as separate processes, merge to the unsharded result
S="--dataset synthetic --model mlp --iters 20 --lr 1e-3,1e-2 --reg 1e-3 --hidden 5,10,20"
"$BIN" tune $S >"$TMP/all" 2>/dev/null
"$BIN" tune $S --shard 1/2 >"$TMP/s1" 2>/dev/null &
"$BIN" tune $S --shard 2/2 >"$TMP/s2" 2>/dev/null
wait
run tune --merge "$TMP/s2" "$TMP/s1"
grep -v '^[0-9]' "$TMP/out" >"$TMP/m.rest"; grep -v '^[0-9]' "$TMP/all" >"$TMP/a.rest"
rows "$TMP/all" >"$TMP/a.rows"
expect "hidden shards merge to the unsharded rows, header and choice" \
    test "$status" = 0 -a "$(wc -l <"$TMP/a.rows")" = 6 -a -z "$(rows "$TMP/out" | cmp - "$TMP/a.rows" 2>&1; cmp "$TMP/m.rest" "$TMP/a.rest" 2>&1)"
expect_fail "merge with --hidden" "give only the files" tune --merge "$TMP/s1" "$TMP/s2" --hidden 5
sed 's/^config,lr,reg,hidden,/config,lr,reg,/' "$TMP/all" >"$TMP/old"
expect_fail "merging rows of other columns than the settings make" "old: its columns are not those its settings make" tune --merge "$TMP/old"

# bad lists: one line, status 2
N="--dataset synthetic --model mlp"
expect_fail "--hidden ''" "^descent: tune: --hidden: an empty list$" tune $N --hidden ''
expect_fail "--hidden 0" "tune: --hidden: '0' is not an integer in \[1, 4096\]" tune $N --hidden 0
expect_fail "--hidden 4097" "'4097' is not an integer in \[1, 4096\]" tune $N --hidden 10,4097
expect_fail "--hidden x" "'x' is not an integer" tune $N --hidden 10,x
expect_fail "--hidden 1.5" "'1.5' is not an integer" tune $N --hidden 1.5
expect_fail "--hidden 20,10" "^descent: tune: --hidden: '10' after 20: list the values in ascending order, once each" tune $N --hidden 20,10
expect_fail "--hidden 10,10" "'10' after 10: list the values in ascending order" tune $N --hidden 10,10
expect_fail "--hidden 10," "'' is not an integer" tune $N --hidden 10,
expect_fail "--hidden with a linear model" "^descent: tune: --hidden is for the two-layer net: add --model mlp$" tune --dataset synthetic --model softmax --hidden 10,20
expect_fail "a grid of 200000 cells" "1000 x 100 x 2 = 200000 configurations: at most 100000" \
    tune $N --lr 1:1000:1000 --reg 1:100:100 --hidden 1,2
finish
