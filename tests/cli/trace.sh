# descent trace through the real binary: output format, numbers checked by
# hand, divergence, and every kind of bad input.
. tests/lib.sh

run trace --surface booth --start 0,0 --steps 3 --opt sgd:lr=0.1
# Booth's gradient at (0, 0) is (-34, -38): x1 = (3.4, 3.8), and
# f(3.4, 3.8) = (3.4 + 7.6 - 7)^2 + (6.8 + 3.8 - 5)^2 = 16 + 31.36 = 47.36
expect "trace: header" [ "$(head -n 1 "$TMP/out")" = "optimizer,step,x,y,loss" ]
expect "trace: rows 0..N" [ "$(wc -l <"$TMP/out")" -eq 5 ]
expect "trace: start row" grep -qx 'sgd,0,0,0,74' "$TMP/out"
expect "trace: first step by hand" awk -F, '$2 == 1 { d = ($3 - 3.4)^2 + ($4 - 3.8)^2 + ($5 - 47.36)^2; exit !(d < 1e-24) }' "$TMP/out"
# 17 significant digits, so a row reads back as the very double computed: awk
# (doubles too) forms 0 - 0.1 * -34 and 0 - 0.1 * -38 the same way.
row1=$(awk 'BEGIN { printf "sgd,1,%.17g,%.17g,", 0 - 0.1 * -34, 0 - 0.1 * -38 }')
expect "trace: %.17g round trip" grep -q "^$row1" "$TMP/out"
expect "trace: exit status 0" [ "$status" -eq 0 ]

run trace --surface rosenbrock
expect "trace: six optimizers by default" [ "$(cut -d, -f1 "$TMP/out" | sort -u | grep -vc optimizer)" -eq 6 ]
expect "trace: 100 steps by default" [ "$(grep -c '^adam,' "$TMP/out")" -eq 101 ]
# f(-1.2, 1) = 2.2^2 + 100 * (1 - 1.44)^2 = 24.2
expect "trace: default start is the surface's" awk -F, '$1 == "adam" && $2 == 0 { exit !($3 == -1.2 && $4 == 1 && ($5 - 24.2)^2 < 1e-24) }' "$TMP/out"

run trace --surface booth --start 0,0 --steps 100000 --opt sgd:lr=0.12 --opt sgd:lr=0.1
k=$(sed -n 's/^sgd lr=0.12: diverged at step \([0-9]*\)$/\1/p' "$TMP/err")
expect "trace: divergence reported on stderr" [ -n "$k" ]
expect "trace: divergence exits 0" [ "$status" -eq 0 ]
expect "trace: rows stop before the first non-finite value" [ "$(grep -c '^sgd lr=0.12,' "$TMP/out")" -eq "${k:-0}" ]
expect "trace: no nan or inf printed" sh -c "! grep -qi 'nan\|inf' '$TMP/out'"
expect "trace: the other optimizer runs to the end" grep -q '^sgd lr=0.1,100000,' "$TMP/out"

run trace --surface saddle --start -1,0 --steps 50 --opt sgd:lr=0.1
expect "trace: saddle stays on the ridge" awk -F, 'NR > 1 && $4 != 0 { exit 1 }' "$TMP/out"
run trace --surface saddle --start -1,0 --steps 200 --opt sgd:lr=0.1 --noise 0.01 --seed 7
expect "trace: noise escapes the saddle" awk -F, 'END { exit !($4 > 1 || $4 < -1) }' "$TMP/out"
cp "$TMP/out" "$TMP/first"
run trace --surface saddle --start -1,0 --steps 200 --opt sgd:lr=0.1 --noise 0.01 --seed 7
expect "trace: same seed, same path" cmp -s "$TMP/out" "$TMP/first"

expect_fail "bad: unknown surface lists valid ones" "unknown surface 'rosenbrok' (valid: rosenbrock, beale" trace --surface rosenbrok
expect_fail "bad: unknown optimizer lists valid ones" "unknown optimizer 'adamw' (valid: sgd, momentum" trace --surface booth --opt adamw
expect_fail "bad: unknown key" "unknown key 'learning_rate'" trace --surface booth --opt sgd:learning_rate=0.1
expect_fail "bad: malformed number" "lr: '0.1x' is not a number" trace --surface booth --opt sgd:lr=0.1x
expect_fail "bad: negative lr" "lr must be > 0" trace --surface booth --opt sgd:lr=-1
expect_fail "bad: decay >= 1" "decay must be in \[0, 1)" trace --surface booth --opt rmsprop:decay=1
expect_fail "bad: negative steps" "steps: '-5' is not a whole number" trace --surface booth --steps -5
expect_fail "bad: steps not a number" "steps: 'ten'" trace --surface booth --steps ten
expect_fail "bad: start not a pair" "start: '1' is not X,Y" trace --surface booth --start 1
expect_fail "bad: nan start" "start: 'nan,0' is not X,Y" trace --surface booth --start nan,0
expect_fail "bad: huge number" "noise: '1e999'" trace --surface booth --noise 1e999
expect_fail "bad: missing surface" "trace: give --surface NAME (valid: rosenbrock" trace
expect_fail "bad: unknown option" "unknown option '--stpes'" trace --surface booth --stpes 5
expect_fail "bad: option without value" "needs a value" trace --surface
expect_fail "bad: unknown command" "^descent: 'trcae' is not a command: did you mean trace? (see descent --help)$" trcae
expect_fail "bad: neither a command nor a scene" "^descent: 'qqqqq' is neither a command (see descent --help) nor a scene" qqqqq
expect_fail "bad: stray argument" "unexpected argument 'booth'" trace booth

run --help
expect "help: descent --help" sh -c "[ $status -eq 0 ] && grep -q 'usage: descent' '$TMP/out' && grep -q trace '$TMP/out'"
run trace --help
expect "help: descent trace --help lists options" sh -c "[ $status -eq 0 ] && grep -q -- '--noise SIGMA' '$TMP/out'"
run --version
expect "help: --version" grep -q '^descent [0-9]' "$TMP/out"
run surfaces
expect "list: surfaces with formulas" sh -c "[ \$(grep -c ' f = ' '$TMP/out') -eq 9 ] && grep -q 'booth *f = (x+2\*y-7)^2' '$TMP/out'"
run optimizers
expect "list: optimizers with defaults" sh -c "grep -q 'adagrad' '$TMP/out' && grep -q 'eps=1e-10' '$TMP/out'"

# --- stability: lr * lambda_max against each kind's limit on a quadratic ---
# Booth's Hessian eigenvalues are 18 and 2: SGD at lr 0.12 gives 2.16 > 2,
# at 0.10 1.8 < 2; momentum 0.9 has the limit 2 (1 + 0.9) = 3.8, torch-form
# Nesterov 0.9 has 2 (1.9) / 2.8 = 1.357; adam's step is per coordinate.
run trace --surface booth --steps 3 --analyze --opt sgd:lr=0.12 --opt sgd:lr=0.10 \
    --opt momentum:lr=0.1 --opt nesterov:lr=0.1 --opt adam
col() { awk -F, -v n="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } $1 == n { print $h[c] }' "$TMP/err"; }
[ "$(col 'sgd lr=0.12' stability)" = unstable ] && [ "$(col 'sgd lr=0.1' stability)" = stable ] &&
    awk -v a="$(col 'sgd lr=0.12' lr_lambda_max)" -v l="$(col 'sgd lr=0.12' lr_limit)" 'BEGIN { exit !(a > 2.159 && a < 2.161 && l == 2) }' &&
    ok "--analyze: Booth at SGD lr 0.12 unstable (2.16 > 2), at 0.10 stable" ||
    not_ok "--analyze: Booth at SGD lr 0.12 unstable, 0.10 stable" "$(cat "$TMP/err")"
awk -v m="$(col momentum lr_limit)" -v n="$(col nesterov lr_limit)" 'BEGIN { exit !(m > 3.7999 && m < 3.8001 && n > 1.3571 && n < 1.3572) }' &&
    [ "$(col momentum stability)" = stable ] && [ "$(col nesterov stability)" = unstable ] &&
    ok "--analyze: momentum's limit 3.8 (lr 0.1: 1.8 stable), nesterov's 1.357 (1.8 unstable)" ||
    not_ok "--analyze: momentum and nesterov limits" "$(cat "$TMP/err")"
[ "$(col adam stability)" = per-coordinate ] && ok "--analyze: adam's step is per-coordinate" ||
    not_ok "--analyze: adam's step is per-coordinate" "$(cat "$TMP/err")"

finish
