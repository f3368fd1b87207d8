# The classification playground: one full frame (regions, zero-score lines,
# points, table, the points sorted worst first, chart) drawn into a
# 256-colour terminal writing to /dev/null, and full-batch training steps per
# second, on the 300-point spiral and on 3000 points with the playground's
# seven features.
for size in 160x48 320x90; do
    LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color \
        "$BIN" classify --bench-frame "$size" --data spiral || echo "bench $size failed"
done
LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color \
    "$BIN" classify --bench-frame 160x48 --data spiral --points 3000 --features playground --model softmax ||
    echo "bench playground failed"
