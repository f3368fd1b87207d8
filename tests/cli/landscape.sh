# descent landscape: the grid's centre against train's loss, the CSV and
# --directions outputs parsed and a grid point recomputed independently
# (numpy straight from the CIFAR batch files), the between plane holding its
# end points, the paths, the SVG, and the one-line errors.
. tests/lib.sh
SUBSET=../shared/data/cifar-10-subset
D=$SUBSET/cifar-10-batches-bin

# value KEY: the value of KEY= on the last stdout line
value() { tail -n 1 "$TMP/out" | tr ' ' '\n' | sed -n "s/^$1=//p"; }
# close X Y REL: |X - Y| <= REL * max(1, |Y|)
close() { awk -v x="$1" -v y="$2" -v r="$3" 'BEGIN { d = x - y; if (d < 0) d = -d; m = y < 0 ? -y : y; if (m < 1) m = 1; exit !(d <= r * m) }'; }

# centre_is NAME WANT ARGS...: landscape ARGS prints a grid whose (0,0) loss is WANT
# (train prints it to 6 decimals); the grid stays in $TMP/out
centre_is() {
    name=$1 want=$2; shift 2
    run landscape "$@"
    centre=$(awk -F, '$1 == 0 && $2 == 0 { print $3 }' "$TMP/out")
    if [ "$status" -eq 0 ] && [ -n "$centre" ] && close "$centre" "$want" 2e-6; then
        ok "$name ($centre, $want)"
    else
        not_ok "$name" "status $status centre '$centre' want $want" "$(head -c 400 "$TMP/err")"
    fi
}

if [ ! -d "$D" ]; then
    skip "landscape on CIFAR-10: $SUBSET absent"
    exit 0
fi

# a trained model as the centre; its loss from train itself
"$BIN" train --data "$D" --iters 30 --save "$TMP/m.bin" >/dev/null 2>&1
run train --data "$D" --load "$TMP/m.bin" --iters 0
want=$(value loss)
centre_is "grid centre = train --load --iters 0's loss" "$want" --data "$D" --load "$TMP/m.bin" --grid 5 --span 0.5 --csv
# the CSV: header, 25 rows of 6 numbers, loss = data + reg, 0 <= acc <= 1
bad=$(awk -F, 'NR == 1 { if ($0 != "a,b,loss,data_loss,reg_loss,acc") print "header " $0; next }
    { if (NF != 6) print "fields " NR; d = $3 - $4 - $5; if (d < 0) d = -d;
      if (d > 1e-12 * $3) print "sum " NR; if ($6 < 0 || $6 > 1) print "acc " NR; n++ }
    END { if (n != 25) print "rows " n }' "$TMP/out")
expect "grid CSV parses: 25 rows, loss = data_loss + reg_loss, acc in [0,1]" test -z "$bad"
# and without --load: train's own W0 from the seed
run train --data "$D" --iters 0 --seed 3
want=$(value loss)
centre_is "centre = train --iters 0 --seed 3's loss" "$want" --data "$D" --seed 3 --grid 3 --csv

# --directions, and one grid point recomputed by numpy from the batch files
run landscape --data "$D" --load "$TMP/m.bin" --images 300 --grid 3 --span 0.8 --csv \
    --directions "$TMP/dir.csv"
cp "$TMP/out" "$TMP/grid.csv"
rows=$(wc -l <"$TMP/dir.csv")
head=$(head -n 1 "$TMP/dir.csv")
expect "directions: header and 30730 rows" test "$rows $head" = "30731 index,block,row,col,w0,d1,d2,mean"
# the first python3 with numpy (a pyenv shim may come first without it)
PY=
for p in python3 /usr/bin/python3; do
    if [ -z "$PY" ] && "$p" -c 'import numpy' 2>/dev/null; then PY=$p; fi
done
if [ -n "$PY" ]; then
    "$PY" - "$D" "$TMP/dir.csv" "$TMP/grid.csv" >"$TMP/py" 2>&1 <<'EOF'
import sys, numpy as np
d, dirs, grid = sys.argv[1:4]
raw = np.fromfile(d + "/data_batch_1.bin", dtype=np.uint8).reshape(-1, 3073)[:300]
y, x = raw[:, 0].astype(int), raw[:, 1:].astype(np.float64)
blocks = np.loadtxt(dirs, delimiter=",", skiprows=1, usecols=1, dtype=str)
t = np.loadtxt(dirs, delimiter=",", skiprows=1, usecols=(0, 2, 3, 4, 5, 6, 7))
# the documented order: W's entry class * 3073 + feature, the bias at feature 3072
i = np.arange(30730)
assert (t[:, 0] == i).all() and (t[:, 1] == i // 3073).all()
assert ((blocks == "b") == (i % 3073 == 3072)).all() and (t[blocks == "W", 2] == (i % 3073)[i % 3073 < 3072]).all()
w0, d1, d2 = (t[:, k].reshape(10, 3073) for k in (3, 4, 5))
mean = t[:3072, 6]
assert (t[3072::3073, 6] == 0).all() and np.allclose(t[:, 6].reshape(10, 3073)[:, :3072], mean)
X = np.hstack([x - mean, np.ones((300, 1))])
g = np.loadtxt(grid, delimiter=",", skiprows=1)
worst = 0
for a, b, loss, data, reg, acc in g[[0, 5, 8]]:
    W = w0 + a * d1 + b * d2
    s = X @ W.T
    m = np.maximum(0, s - s[np.arange(300), y][:, None] + 1)
    m[np.arange(300), y] = 0
    want_data = m.sum(axis=1).mean()
    want_reg = 2.5e4 * (W * W).sum()
    want_acc = (s.argmax(axis=1) == y).mean()
    for got, want in ((data, want_data), (reg, want_reg), (loss, want_data + want_reg)):
        worst = max(worst, abs(got - want) / max(1, abs(want)))
    assert acc == want_acc, (acc, want_acc)
print("worst", worst)
assert worst < 1e-9
EOF
    if [ $? -eq 0 ]; then ok "numpy recomputes grid points from --directions ($(cat "$TMP/py"))"; else not_ok "numpy recomputation" "$(tail -n 5 "$TMP/py")"; fi
else
    skip "numpy recomputation: python3-numpy absent"
fi

# between two racers: (1,0) is A's end, (0,1) B's, both in the plane; --paths, --svg
run landscape --data "$D" --images 300 --iters 20 --opt sgd --opt adam --plane between sgd adam \
    --grid 5 --paths "$TMP/p.csv" --svg "$TMP/m.svg" --csv
ends=$(awk -F, '$1 == "sgd" { s = $3 " " $4 " " $5 } $1 == "adam" { a = $3 " " $4 " " $5 }
    END { print s; print a }' "$TMP/p.csv")
okends=$(echo "$ends" | awk 'NR == 1 { if ($1 - 1 > 1e-9 || 1 - $1 > 1e-9 || $2 > 1e-9 || -$2 > 1e-9) bad = 1 }
    NR == 2 { if ($2 - 1 > 1e-9 || 1 - $2 > 1e-9 || $1 > 1e-9 || -$1 > 1e-9) bad = 1 }
    { if ($3 > 1e-9 * 1) bad = 1 } END { print bad ? "no" : "yes" }')
if [ "$status" -eq 0 ] && [ "$okends" = yes ]; then ok "between sgd adam: ends at (1,0) and (0,1) on the plane"; else not_ok "between ends" "$ends" "$(head -c 300 "$TMP/err")"; fi
first=$(sed -n 2p "$TMP/p.csv")
expect "paths start at W0: (0,0), distance 0" test "$(echo "$first" | cut -d, -f1-5)" = "sgd,0,0,0,0"
n=$(grep -c '^adam,' "$TMP/p.csv")
expect "paths: 21 recorded points for 20 iterations" test "$n" -eq 21
# the (1,0) grid point is the sgd racer's end: its plane_loss
pl=$(awk -F, '$1 == "sgd" { v = $6 } END { print v }' "$TMP/p.csv")
g10=$(awk -F, '$1 == 1 && $2 == 0 { print $3 }' "$TMP/out")
if close "$pl" "$g10" 1e-9; then ok "grid (1,0) = the sgd end's loss ($g10)"; else not_ok "grid (1,0)" "$pl vs $g10"; fi
if grep -q '<path class="trajectory" data-optimizer="adam"' "$TMP/m.svg" && grep -q '</svg>' "$TMP/m.svg"; then
    ok "svg has the paths"
    ! grep -q 'known minimum' "$TMP/m.svg" && grep -q '>start</text>' "$TMP/m.svg" &&
        ok "its legend claims no known minimum (a real model's loss has none), only the start" ||
        not_ok "its legend claims no known minimum" "$(grep -o '>[a-z ]*minimum<' "$TMP/m.svg")"
else
    not_ok "svg" "$(head -c 300 "$TMP/m.svg")"
fi

# pca: variance explained said; L-BFGS lowers the full objective
run landscape --data "$D" --images 300 --iters 20 --opt momentum --lbfgs 10 --plane pca --grid 3 --csv
if grep -q '^pca of momentum.s path (21 points): variance explained 0\.[0-9]* + 0\.[0-9]*$' "$TMP/err"; then
    ok "pca says the variance explained"
else
    not_ok "pca" "$(cat "$TMP/err")"
fi
lb=$(sed -n 's/^racer lbfgs: .*, loss \([0-9.e+-]*\), .*/\1/p' "$TMP/err")
run landscape --data "$D" --images 300 --grid 1 --csv
start=$(awk -F, 'NR == 2 { print $3 }' "$TMP/out")
if awk -v a="$lb" -v b="$start" 'BEGIN { exit !(a > 0 && a < b / 2) }'; then ok "lbfgs: loss $lb, from $start"; else not_ok "lbfgs" "loss '$lb' start '$start'"; fi

# bad input: one line, exit 2
expect_fail "grid 0 refused" "^descent: landscape: --grid: '0' is not N from 1 to 999 (N x N points, under 10^6)$" landscape --data "$D" --grid 0 --csv
expect_fail "grid of 10^6 points refused" "^descent: landscape: --grid: '1000' is not N from 1 to 999" landscape --data "$D" --grid 1000 --csv
expect_fail "span 0 refused" "^descent: landscape: --span: '0' is not a number > 0$" landscape --data "$D" --span 0 --csv
expect_fail "negative span refused" "^descent: landscape: --span: '-1' is not" landscape --data "$D" --span -1 --csv
expect_fail "between needs two ends" "needs two end points" landscape --data "$D" --plane between sgd --csv
expect_fail "parallel directions refused" "parallel" landscape --data "$D" --images 100 --iters 5 --opt sgd --plane between sgd sgd --csv
"$BIN" train --data "$D" --iters 0 --save "$TMP/w0.bin" >/dev/null 2>&1
expect_fail "zero direction refused" "direction 1 of the plane is zero" landscape --data "$D" --images 100 --iters 5 --opt sgd --plane between "$TMP/w0.bin" sgd --csv
expect_fail "unknown end refused" "^descent: landscape: --plane between: 'nosuch' is neither a racer (--opt) nor a file$" landscape --data "$D" --images 100 --iters 5 --opt sgd --plane between nosuch sgd --csv
expect_fail "too short a path for pca" "too short for pca" landscape --data "$D" --images 100 --iters 1 --opt sgd --plane pca --csv
"$BIN" train --dataset synthetic --iters 5 --save "$TMP/syn.bin" >/dev/null 2>&1
expect_fail "checkpoint of another image size refused" "syn.bin: model is for 768-value images" landscape --data "$D" --load "$TMP/syn.bin" --csv
"$BIN" train --data "$D" --iters 5 --model softmax --save "$TMP/soft.bin" >/dev/null 2>&1
expect_fail "checkpoint of another loss refused" "soft.bin: holds the linear classifier with the softmax loss, not the --model svm" landscape --data "$D" --load "$TMP/soft.bin" --model svm --csv
"$BIN" train --data "$D" --iters 5 --model mlp --hidden 20 --save "$TMP/net.bin" >/dev/null 2>&1
expect_fail "checkpoint of another model refused" "net.bin: holds a two-layer net" landscape --data "$D" --load "$TMP/net.bin" --model svm --csv

# the net: its grid centre is train's loss of the same file too
run train --data "$D" --load "$TMP/net.bin" --model mlp --hidden 20 --iters 0
want=$(value loss)
centre_is "mlp grid centre = train --load --iters 0's loss" "$want" --data "$D" --load "$TMP/net.bin" --grid 3 --span 0.2 --csv
expect_fail "csv and slice together refused" "give one" landscape --data "$D" --csv --slice
run landscape --data "$D" --directions /nonexistent/dir/x.csv --grid 1
expect "unwritable --directions: exit 2, one line naming it" test "$status $(wc -l <"$TMP/err")" = "2 1" -a -n "$(grep 'cannot write /nonexistent/dir/x.csv' "$TMP/err")"

# the 1-D slice: t from -0.5 to 1.5, t = 0 is W0 and t = 1 the sgd end
run landscape --data "$D" --images 300 --iters 20 --opt sgd --opt adam --plane between sgd adam --grid 5 --slice
t0=$(awk -F, '$1 == 0 { print $2 }' "$TMP/out")
t1=$(awk -F, '$1 == 1 { print $2 }' "$TMP/out")
expect "slice: 5 rows from -0.5 to 1.5" test "$(awk -F, 'NR > 1 { print $1 }' "$TMP/out" | tr '\n' ' ')" = "-0.5 0 0.5 1 1.5 "
if close "$t1" "$pl" 1e-9; then ok "slice at t = 1 is the sgd end ($t1)"; else not_ok "slice t=1" "$t1 vs $pl"; fi
finish
