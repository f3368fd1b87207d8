# Time of `descent trace` on all six optimizers, 100000 steps on Rosenbrock.
start=$(date +%s.%N)
"$BIN" trace --surface rosenbrock --steps 100000 --opt sgd:lr=0.0005 --opt adam >/dev/null
end=$(date +%s.%N)
echo "trace 2 x 100000 steps (CSV written to /dev/null): $(echo "$end - $start" | bc -l | cut -c1-6) s"
