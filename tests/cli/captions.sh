#!/bin/sh
# A caption is a claim: each shipped scene's captions, checked against its
# trace CSV (descent trace --scene) by awk, with thresholds taken from the
# mathematics of the surface (its minima, Hessian, contraction factors), not
# from the program's own analysis. One check per caption step; each check
# first makes sure the caption still says what is being checked.
. tests/lib.sh

# load SCENE [TRACE OPTIONS]: the scene's CSV into $TMP/csv, its stderr into $TMP/csv.err.
load() {
    scene=scenes/$1.scene
    shift
    "$BIN" trace --scene "$scene" "$@" >"$TMP/csv" 2>"$TMP/csv.err" ||
        not_ok "trace $scene $*" "$(cat "$TMP/csv.err")"
}

# claim STEP WORDS EXPR: the caption at STEP of the loaded scene contains
# WORDS, and the awk expression EXPR holds over the CSV. In EXPR, x(L,K),
# y(L,K), f(L,K) are racer L's values at step K, d(L,K,A,B) its distance to
# (A, B), end(L) its last step (fewer than the scene's steps when it was cut
# off), and dx(L,K) = x(L,K) - x(L,K-1).
claim() {
    step=$1 words=$2 expr=$3
    echo "$scene $step" >>"$TMP/checked"
    caption=$(sed -n "/^\[captions\]/,/^\[/s/^$step *= *//p" "$scene")
    if ! printf '%s' "$caption" | grep -qF -- "$words"; then
        not_ok "$scene caption $step says '$words'" "caption: $caption"
        return
    fi
    if awk -F, "NR > 1 { X[\$1, \$2] = \$3; Y[\$1, \$2] = \$4; F[\$1, \$2] = \$5; E[\$1] = \$2 }
        function x(l, k) { return X[l, k] }
        function y(l, k) { return Y[l, k] }
        function f(l, k) { return F[l, k] }
        function end(l) { return E[l] }
        function d(l, k, a, b) { return sqrt((X[l, k] - a) ^ 2 + (Y[l, k] - b) ^ 2) }
        function dx(l, k) { return X[l, k] - X[l, k - 1] }
        function abs(v) { return v < 0 ? -v : v }
        $AWK_FUNCS
        END { exit !($expr) }" "$TMP/csv"; then
        ok "$scene caption $step: $caption"
    else
        not_ok "$scene caption $step: $caption" "does not hold: $expr"
    fi
}
AWK_FUNCS=

# --- lr-regimes: Booth, minimum (1, 3), Hessian [[10 8] [8 10]]: eigenvalue
# 18 along (1, 1), 2 along (1, -1).
load lr-regimes
AWK_FUNCS='function fast(l, k) { return ((x(l, k) - 1) + (y(l, k) - 3)) / sqrt(2) }
           function slow(l, k) { return ((x(l, k) - 1) - (y(l, k) - 3)) / sqrt(2) }
           function flips(l, k0, k1,  k) { for (k = k0; k < k1; k++) if ((x(l, k) - 1) * (x(l, k + 1) - 1) >= 0) return 0; return 1 }'
claim start "The minimum is (1, 3)" \
    'x("lr 0.01", 0) == 0 && y("lr 0.01", 0) == 0 && (1 + 6 - 7) ^ 2 + (2 + 3 - 5) ^ 2 == 0'
claim 10 "lr 0.10 is almost there" 'd("lr 0.10", 10, 1, 3) < 0.15 * d("lr 0.10", 0, 1, 3)'
claim 10 "lr 0.01 dropped into the valley but crawls along it" \
    'abs(fast("lr 0.01", 10)) < 0.2 * abs(fast("lr 0.01", 0)) && abs(slow("lr 0.01", 10)) > 0.75 * abs(slow("lr 0.01", 0))'
claim 10 "lr 0.12 is far off" 'd("lr 0.12", 10, 1, 3) > 3 * d("lr 0.12", 0, 1, 3)'
claim 40 "x - 1 changes sign every step, but it shrinks" \
    'flips("lr 0.11", 1, 41) && abs(x("lr 0.11", 41) - 1) < abs(x("lr 0.11", 1) - 1)'
claim 100 "lr 0.01 falls short" 'd("lr 0.01", 100, 1, 3) > 0.1'
claim 100 "0.10 converged" 'd("lr 0.10", 100, 1, 3) < 1e-6'
claim 100 "0.11 still oscillates inward" 'flips("lr 0.11", 90, 100) && d("lr 0.11", 100, 1, 3) < d("lr 0.11", 40, 1, 3)'
claim 100 "0.12 is millions away" 'end("lr 0.12") == 100 && d("lr 0.12", 100, 1, 3) > 1e6 && d("lr 0.12", 100, 1, 3) > d("lr 0.12", 99, 1, 3)'

# --- overshoot: Rosenbrock; at (1, 1) the Hessian is [[802 -400] [-400 200]],
# largest eigenvalue (1002 + sqrt(602^2 + 4 * 400^2)) / 2 = 1001.6.
load overshoot
AWK_FUNCS='function maxx(l, k0, k1,  k, m) { m = -1e300; for (k = k0; k <= k1; k++) if (x(l, k) > m) m = x(l, k); return m }
           function lam() { return (1002 + sqrt(602 ^ 2 + 4 * 400 ^ 2)) / 2 }'
claim start "the same learning rate 0.002 for all three" \
    'f("sgd", 0) == (1 + 1.2) ^ 2 + 100 * (1 - 1.44) ^ 2'
claim 45 "sailed past the minimum (1, 1) to x = 1.28" \
    'x("momentum", 45) > 1.275 && x("momentum", 45) < 1.285 && maxx("momentum", 0, 45) < 1.3'
claim 45 "it swings back" 'maxx("momentum", 400, 500) < 1.05 && x("momentum", 500) > 1'
claim 233 "loss jumped from 0.01 to 43" \
    'f("nesterov", 220) < 0.01 && f("nesterov", 233) > 40 && f("nesterov", 233) < 45'
claim 233 "lr 0.002 x curvature 1002 = 2.0 is above its limit 1.36" \
    'lam() > 1001 && lam() < 1002.5 && 0.002 * lam() > 2 * 1.9 / 2.8 && 0.002 * lam() < 2 * 1.9'
claim 500 "Momentum settled within 0.03 of (1, 1)" 'd("momentum", 500, 1, 1) < 0.03'
claim 500 "Nesterov ends 0.5 away" 'd("nesterov", 500, 1, 1) > 0.45 && d("nesterov", 500, 1, 1) < 0.55'
claim 500 "SGD has not reached x = 0.4" 'maxx("sgd", 0, 500) < 0.4'

# --- saddle: x^2 - y^2, gradient (2x, -2y); the saddle is (0, 0).
load saddle
AWK_FUNCS='function leaves(l,  k) { for (k = 0; k <= end(l); k++) if (abs(y(l, k)) > 1) return k; return 1e9 }'
claim start "the gradient points straight at the saddle (0, 0)" 'y("sgd", 0) == 0 && x("sgd", 0) < 0'
claim 20 "noise (sigma 0.1) nudges them off the ridge" \
    'y("sgd", 20) != 0 && y("momentum", 20) != 0 && y("rmsprop", 20) != 0 && y("adam", 20) != 0'
claim 50 "RMSProp and Adam" 'leaves("rmsprop") < leaves("sgd") && leaves("rmsprop") < leaves("momentum") &&
    leaves("adam") < leaves("sgd") && leaves("adam") < leaves("momentum")'
claim 100 "All escaped down the y direction" \
    'abs(y("sgd", 100)) > 5 && abs(y("momentum", 100)) > 5 && abs(y("rmsprop", 100)) > 5 && abs(y("adam", 100)) > 5'
claim 100 "SGD and momentum left last but now run fastest" \
    'abs(y("sgd", 100)) > abs(y("rmsprop", 100)) && abs(y("sgd", 100)) > abs(y("adam", 100)) &&
     abs(y("momentum", 100)) > abs(y("rmsprop", 100)) && abs(y("momentum", 100)) > abs(y("adam", 100))'
load saddle --noise 0
claim 20 "Without noise everyone would stop at the saddle" \
    'y("sgd", 100) == 0 && d("sgd", 100, 0, 0) < 0.01 && d("momentum", 100, 0, 0) < 0.01 &&
     d("rmsprop", 100, 0, 0) < 0.01 && d("adam", 100, 0, 0) < 0.01'

# --- valley: x^2 + 64 y^2; SGD at lr 0.015 multiplies y by 1 - 128 * 0.015 = -0.92
# and x by 1 - 2 * 0.015 = 0.97 per step: 9 * 0.97^100 = 0.43 left.
load valley
AWK_FUNCS='function flipsy(l, k0, k1,  k) { for (k = k0; k < k1; k++) if (y(l, k) * y(l, k + 1) >= 0) return 0; return 1 }'
claim start "curvature 128 across the valley, 2 along it" 'f("sgd", 0) == 81 + 64 * 2.25'
claim 10 "flips the sign of y at every step" 'flipsy("sgd", 0, 10)'
claim 50 "Momentum averaged the bounces away and built up speed along the floor" \
    'abs(y("momentum", 50)) < abs(y("sgd", 50)) && dx("momentum", 9) > 3 * dx("momentum", 1) && dx("sgd", 9) < dx("sgd", 1)'
claim 50 "0.4 from the minimum, SGD 2" \
    'd("momentum", 50, 0, 0) > 0.35 && d("momentum", 50, 0, 0) < 0.45 && d("sgd", 50, 0, 0) > 1.9 && d("sgd", 50, 0, 0) < 2.05'
claim 100 "Momentum and Adam are at the minimum" 'd("momentum", 100, 0, 0) < 0.02 && d("adam", 100, 0, 0) < 0.02'
claim 100 "SGD is still crawling, 0.4 short" 'x("sgd", 100) < -0.35 && x("sgd", 100) > -0.45 && dx("sgd", 100) > 0'

# --- local-minima: Himmelblau, minima (3, 2), (-2.805118, 3.131312),
# (-3.779310, -3.283186), (3.584428, -1.848126); a local maximum near (-0.27, -0.92).
load local-minima
AWK_FUNCS='function h(a, b) { return (a ^ 2 + b - 11) ^ 2 + (a + b ^ 2 - 7) ^ 2 }
           function quad(l, k) { return (x(l, k) > -0.270845) * 2 + (y(l, k) > -0.923039) }
           function distinct(k, o,  s, q, n) { n = 0; split("0 0|-1 0|-1 -2|0 -2", s, "|")
               for (i = 1; i <= 4; i++) { q = quad(o " @(" s[i] ")", k); if (!(q in seen)) n++; seen[q] = 1 }
               delete seen; return n == 4 }
           function ends(l, a, b) { return d(l, 300, a, b) < 1e-5 && f(l, 300) < 1e-10 }'
claim start "the hill at (-0.27, -0.92)" \
    'h(-0.270845, -0.923039) > h(-0.260845, -0.923039) && h(-0.270845, -0.923039) > h(-0.280845, -0.923039) &&
     h(-0.270845, -0.923039) > h(-0.270845, -0.913039) && h(-0.270845, -0.923039) > h(-0.270845, -0.933039) && distinct(0, "sgd")'
claim 30 "Each start rolls down a different side of the hill" 'distinct(30, "sgd") && distinct(30, "momentum")'
claim 300 "Four starts, four different minima, all with loss 0" \
    'ends("sgd @(0 0)", 3, 2) && ends("momentum @(0 0)", 3, 2) && ends("sgd @(-1 0)", -2.805118, 3.131312) &&
     ends("momentum @(-1 0)", -2.805118, 3.131312) && ends("sgd @(-1 -2)", -3.779310, -3.283186) &&
     ends("momentum @(-1 -2)", -3.779310, -3.283186) && ends("sgd @(0 -2)", 3.584428, -1.848126) &&
     ends("momentum @(0 -2)", 3.584428, -1.848126)'

# --- noisy: Booth with gradient noise sigma 5; the step schedule multiplies lr by 0.3 every 50.
load noisy
AWK_FUNCS='function gn(a, b) { return sqrt((2 * (a + 2 * b - 7) + 4 * (2 * a + b - 5)) ^ 2 + (4 * (a + 2 * b - 7) + 2 * (2 * a + b - 5)) ^ 2) }
           function near(l, k0, k1,  k, g) { g = 0; for (k = k0; k <= k1; k++) { if (d(l, k, 1, 3) > 1.1) return 0; g += gn(x(l, k), y(l, k)) }
               return g / (k1 - k0 + 1) < 5 * sqrt(2) }
           function len(l, k0, k1,  k, s) { s = 0; for (k = k0; k <= k1; k++) s += sqrt((x(l, k) - x(l, k - 1)) ^ 2 + (y(l, k) - y(l, k - 1)) ^ 2); return s }
           function ratio(k0, k1) { return len("sgd step decay", k0, k1) / len("sgd constant", k0, k1) }'
# Booth's gradient at (0, 0) is (-34, -38): without noise the first step at lr 0.05 goes to (1.7, 1.9).
claim start "Booth with noisy gradients" 'x("sgd constant", 1) != 1.7 && y("sgd constant", 1) != 1.9'
claim 50 "the noise outweighs the gradient: SGD dances around (1, 3)" 'near("sgd constant", 40, 60)'
claim 100 "The step schedule cut the learning rate twice: its dance is smaller" \
    'ratio(52, 99) > 0.15 && ratio(52, 99) < 0.45 && ratio(102, 149) > 0.04 && ratio(102, 149) < 0.15'
load noisy --noise 0
claim 200 "Without noise (--noise 0) constant SGD would be exactly at (1, 3)" 'd("sgd constant", 200, 1, 3) < 1e-8'

# --- schedules: Booth under noise; warmup scales update t (from 0) by (t + 1)/20.
load schedules
AWK_FUNCS='function len(l, k0, k1,  k, s) { s = 0; for (k = k0; k <= k1; k++) s += sqrt((x(l, k) - x(l, k - 1)) ^ 2 + (y(l, k) - y(l, k - 1)) ^ 2); return s }
           function closer(l) { return d(l, 200, 1, 3) < d("constant", 200, 1, 3) && len(l, 150, 200) < len("constant", 150, 200) }'
claim start "Six copies of SGD at base lr 0.05; only the schedule differs" \
    'x("step", 1) == x("constant", 1) && x("cosine", 1) == x("constant", 1) && x("linear", 1) == x("constant", 1) &&
     x("inverse sqrt", 1) == x("constant", 1) && y("inverse sqrt", 1) == y("constant", 1)'
claim 1 "Warmup's first step is 1/20 of the others" \
    'abs(d("cosine + warmup", 1, 0, 0) / d("constant", 1, 0, 0) - 0.05) < 1e-9 && abs(d("cosine", 1, 0, 0) / d("constant", 1, 0, 0) - 1) < 1e-9'
claim 200 "Every decaying schedule ends closer to (1, 3) than the constant one, which still jitters" \
    'closer("step") && closer("cosine") && closer("linear") && closer("inverse sqrt") && closer("cosine + warmup")'
# On f = x + y the gradient is (1, 1) everywhere, so each step of x is -lr.
load schedules --formula 'x + y' --noise 0
claim 50 "The step schedule halves the learning rate every 50 steps" \
    'abs(dx("step", 50) + 0.05) < 1e-12 && abs(dx("step", 51) + 0.025) < 1e-12 && abs(dx("step", 101) + 0.0125) < 1e-12 &&
     abs(dx("step", 151) + 0.00625) < 1e-12 && abs(dx("constant", 151) + 0.05) < 1e-12'

# --- tour: Rosenbrock; the valley floor is y = x^2, where the wall term 100 (y - x^2)^2 is 0.
load tour
AWK_FUNCS='function wall(l, k) { return 100 * (y(l, k) - x(l, k) ^ 2) ^ 2 }
           function dropped(l,  k) { for (k = 1; k <= 4; k++) if (wall(l, k) < 1) return 1; return 0 }'
claim start "the minimum is (1, 1)" 'f("sgd", 0) == (1 + 1.2) ^ 2 + 100 * (1 - 1.44) ^ 2'
claim 4 "Within four steps all have dropped into the valley" \
    'dropped("sgd") && dropped("momentum") && dropped("nesterov") && dropped("adagrad") && dropped("rmsprop") && dropped("adam") && dropped("bfgs")'
claim 30 "BFGS, a quasi-Newton method using full gradients, is already at (1, 1)" 'd("bfgs", 30, 1, 1) < 1e-6'
claim 200 "Momentum and Nesterov run along the floor; SGD barely moves" \
    'wall("momentum", 200) < 0.1 && wall("nesterov", 200) < 0.1 && x("momentum", 200) - x("momentum", 5) > 1 &&
     x("nesterov", 200) - x("nesterov", 5) > 1 && abs(x("sgd", 200) - x("sgd", 5)) < 0.2'
claim 500 "Momentum and Nesterov are within 0.2 of the minimum; SGD is still more than 1 away" \
    'd("momentum", 500, 1, 1) < 0.2 && d("nesterov", 500, 1, 1) < 0.2 && d("sgd", 500, 1, 1) > 1'

# Every caption of every shipped scene was checked above.
for f in scenes/*.scene; do
    # a [classify] lesson is the playground's, not a race (tests/cli/classify.sh)
    grep -q '^\[classify\]' "$f" && continue
    # a [landscape] scene's captions: tests/cli/landscene.sh, from its headless output
    grep -q '^\[landscape\]' "$f" && continue
    missing=
    for step in $(sed -n '/^\[captions\]/,/^\[/s/^\([0-9a-z]*\) *=.*/\1/p' "$f"); do
        grep -qx "$f $step" "$TMP/checked" || missing="$missing $step"
    done
    [ -z "$missing" ] && ok "$f: every caption is checked" || not_ok "$f: every caption is checked" "unchecked:$missing"
done

finish
