#!/bin/sh
# descent walk features on real images: the pixel it reads out is the one in
# the file, the tables add up (cell histogram = the cell's HOG entries, hue
# counts + grey pixels = all pixels, value = count / pixels), the text fits 80
# columns in ASCII, and grey images get HOG alone. The hand-made image's
# numbers are tests/walk/features.golden (tests/cli/walk.sh).
. tests/lib.sh
SUB=../shared/data/cifar-10-subset/cifar-10-batches-bin

if [ ! -d "$SUB" ]; then
    skip "walkfeatures: the CIFAR-10 subset is not at $SUB"
    finish
    exit
fi

run walk features --plain --data "$SUB"
cp "$TMP/out" "$TMP/f"
expect walkfeatures-runs [ "$status" -eq 0 ] && [ ! -s "$TMP/err" ]
has "$TMP/f" "Every cell: 4 x 4 x 9 = 144 HOG values"
has "$TMP/f" "x = [HOG 144 | hue 10 | 1] : 144 + 10 + 1 = 155 numbers"
long=$(awk 'length($0) > 80' "$TMP/f" | head -3)
expect walkfeatures-width [ -z "$long" ]
if LC_ALL=C grep -q '[^ -~]' "$TMP/f"; then not_ok walkfeatures-ascii "non-ASCII bytes"; else ok walkfeatures-ascii; fi

# The marked pixel (row r, column c) of training image 1, read from the file:
# a label byte, then the R, G and B planes of 32x32.
r=$(sed -n 's/^  Result: grey(\([0-9]*\), \([0-9]*\)) = .*/\1/p' "$TMP/f")
c=$(sed -n 's/^  Result: grey(\([0-9]*\), \([0-9]*\)) = .*/\2/p' "$TMP/f")
byte() { od -A n -t u1 -j "$1" -N 1 "$SUB/data_batch_1.bin" | tr -d ' '; }
R=$(byte $((1 + r * 32 + c))); G=$(byte $((1 + 1024 + r * 32 + c))); B=$(byte $((1 + 2048 + r * 32 + c)))
has "$TMP/f" "= 0.299 x $R + 0.587 x $G + 0.114 x $B = "
has "$TMP/f" "(R, G, B) = ($R, $G, $B)"
# its hue by the textbook formula in floating point, binned into 10
want=$(awk -v r="$R" -v g="$G" -v b="$B" 'BEGIN {
    mx = r; if (g > mx) mx = g; if (b > mx) mx = b
    mn = r; if (g < mn) mn = g; if (b < mn) mn = b
    c = mx - mn; if (c == 0) { print "none"; exit }
    if (mx == r) h = 60 * (g - b) / c; else if (mx == g) h = 120 + 60 * (b - r) / c; else h = 240 + 60 * (r - g) / c
    if (h < 0) h += 360
    printf "bin %d", int(h * 10 / 360) }')
has "$TMP/f" "Result: hue" 
if grep -q "^  Result: hue .*, $want\$" "$TMP/f" || { [ "$want" = none ] && grep -q "no hue" "$TMP/f"; }; then
    ok "walkfeatures-hue-of-pixel $want"
else
    not_ok walkfeatures-hue-of-pixel "want $want" "$(grep 'Result: hue' "$TMP/f")"
fi

# Step 5's histogram adds up to the marked cell's "all bins" in step 6, and
# each value is sum |g| / 64.
sum=$(sed -n '/== Step 5/,/== Step 6/p' "$TMP/f" | awk '/^  [0-9]+-[0-9]+ / { gsub(/[][]/, ""); s += $4; ok = ok && ($4 - $3 / 64 < 0.006 && $3 / 64 - $4 < 0.006) } BEGIN { ok = 1 } END { printf "%.2f %d", s, ok }')
all=$(sed -n '/== Step 6/,/== Step 7/p' "$TMP/f" | awk '/\[/ { print $NF }')
good=$(echo "$sum" | awk -v a="$all" '{ d = $1 - a; if (d < 0) d = -d; print (a != "" && d <= 0.05 && $2 == 1) ? 1 : 0 }')
if [ "$good" = 1 ]; then ok "walkfeatures-cell-sums $sum = $all"; else not_ok walkfeatures-cell-sums "step 5: $sum, step 6: $all"; fi

# Step 8: counts + grey pixels = 1024, values = counts / 1024.
hue=$(sed -n '/== Step 8/,/== Step 9/p' "$TMP/f" | awk '/^  [0-9]+-[0-9]+ / { gsub(/[][]/, ""); n += $2; ok = ok && ($3 - $2 / 1024 < 6e-6 && $2 / 1024 - $3 < 6e-6) } /pixels are grey/ { g = $1 } BEGIN { ok = 1 } END { print n + g, ok }')
expect "walkfeatures-hue-counts ($hue)" [ "$hue" = "1024 1" ]

# The same text twice.
run walk features --plain --data "$SUB"
if cmp -s "$TMP/f" "$TMP/out"; then ok walkfeatures-deterministic; else not_ok walkfeatures-deterministic; fi

# Grey images (Fashion-MNIST, 28x28): 3 x 3 cells, no hue steps.
if [ -f /usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz ]; then
    run walk features --plain --dataset fashion-mnist
    expect walkfeatures-grey-runs [ "$status" -eq 0 ]
    has "$TMP/out" "Every cell: 3 x 3 x 9 = 81 HOG values"
    has "$TMP/out" "x = [HOG 81 | 1] : 81 + 1 = 82 numbers"
    if grep -q "Hue of one pixel" "$TMP/out"; then not_ok walkfeatures-grey-no-hue; else ok walkfeatures-grey-no-hue; fi
else
    skip "walkfeatures-grey: Fashion-MNIST is not installed"
fi
finish
