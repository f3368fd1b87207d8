# Time to compute and draw one full explorer frame (six paths of 1000 steps
# on Rosenbrock), rendered by curses into a 256-colour terminal writing to
# /dev/null. The contour raster is timed apart: it is redrawn only when the
# view changes.
for size in 160x48 320x90; do
    LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color \
        "$BIN" --bench-frame "$size" --surface rosenbrock --steps 1000 || echo "bench $size failed"
done
