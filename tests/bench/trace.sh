# descent trace: time and peak memory for long runs (rows go to /dev/null).
for steps in 100000 1000000; do
    /usr/bin/time -f "trace, 6 optimizers x $steps steps on booth: %e s, peak RSS %M KB" \
        "$BIN" trace --surface booth --steps $steps >/dev/null
done
