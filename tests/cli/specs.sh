#!/bin/sh
# Optimizer specs, one rule everywhere: where each default comes from is said
# exactly (torch.optim's, or the surfaces' own: adam lr 0.01 against torch's
# 1e-3); two series never share a name; a key is given once and only where
# the optimizer reads it; one number syntax for every option, scene key and
# setting.
. tests/lib.sh

# --- defaults: torch.optim's constructor defaults are SGD lr 1e-3 (torch >= 2.2)
# momentum 0, Adagrad lr 1e-2 eps 1e-10, RMSprop lr 1e-2 alpha 0.99 eps 1e-8,
# Adam lr 1e-3 betas (0.9, 0.999) eps 1e-8.
run optimizers
line() { awk -v n="$1" '$1 == n { getline; print; exit }' "$TMP/out"; }
[ "$(line sgd)" = "          defaults: lr=0.01 (torch.optim 0.001)" ] &&
    [ "$(line momentum)" = "          defaults: lr=0.01 (torch.optim 0.001) momentum=0.9 (torch.optim 0)" ] &&
    [ "$(line nesterov)" = "          defaults: lr=0.01 (torch.optim 0.001) momentum=0.9 (torch.optim 0)" ] &&
    [ "$(line adagrad)" = "          defaults: lr=0.01 eps=1e-10" ] &&
    [ "$(line rmsprop)" = "          defaults: lr=0.01 decay=0.99 eps=1e-08" ] &&
    [ "$(line adam)" = "          defaults: lr=0.01 (torch.optim 0.001) beta1=0.9 beta2=0.999 eps=1e-08" ] &&
    ok "descent optimizers: each default, and torch.optim's beside those that differ" ||
    not_ok "descent optimizers: each default, and torch.optim's beside those that differ" "$(cat "$TMP/out")"
# The defaults listed are the ones used: adam's first step on booth from (0, 0)
# moves each coordinate by lr (Adam's first step is lr * sign(g)).
run trace --surface booth --start 0,0 --steps 1 --opt adam
awk -F, '$2 == 1 { exit !($3 > 0.00999999 && $3 < 0.01000001 && $4 > 0.00999999 && $4 < 0.01000001) }' "$TMP/out" &&
    ok "adam's default lr on the surfaces is 0.01" || not_ok "adam's default lr on the surfaces is 0.01" "$(cat "$TMP/out")"
for cmd in "--help" "trace --help"; do
    # shellcheck disable=SC2086
    run $cmd
    grep -q "torch.optim's except lr 0.01 (torch: 1e-3 for sgd," "$TMP/out" && grep -q "momentum 0.9 (torch: 0)" "$TMP/out" &&
        ok "descent $cmd says which defaults are torch.optim's" || not_ok "descent $cmd says which defaults are torch.optim's" "$(tail -5 "$TMP/out")"
done
grep -q '| `adam`.*\*\*lr 0.01\*\* (1e-3)' README.md && ! grep -q "These are \`torch.optim\`'s formulas and defaults" README.md &&
    ok "README: adam's lr 0.01 is the surfaces' own (torch 1e-3)" || not_ok "README: adam's lr 0.01 is the surfaces' own"

# --- one name per series
expect_fail "--opt sgd --opt sgd refused: two series named alike" \
    "optimizers 1 and 2 would both be called 'sgd lr=0.01'" trace --surface booth --opt sgd --opt sgd
expect_fail "two optimizers with one label refused" "optimizers 1 and 2 would both be called 'x'" \
    trace --surface booth --opt sgd:label=x --opt adam:label=x
run trace --surface booth --steps 1 --opt sgd --opt sgd:lr=0.1
[ "$status" -eq 0 ] && [ "$(cut -d, -f1 "$TMP/out" | sort -u | tr '\n' '|')" = "optimizer|sgd lr=0.01|sgd lr=0.1|" ] &&
    ok "two sgd with different lr keep two names" || not_ok "two sgd with different lr keep two names" "$(cat "$TMP/out" "$TMP/err")"
printf '[surface]\nname = booth\n[optimizer]\ntype = sgd\n[optimizer]\ntype = sgd\n' >"$TMP/dup.scene"
expect_fail_first "a scene with two unlabelled sgd refused" "dup.scene:5:1: optimizers 1 and 2 would both be called 'sgd lr=0.01'" \
    trace --scene "$TMP/dup.scene"

# --- each key once, and only where it is read
expect_fail "duplicate key in --opt refused" "duplicate key 'lr'" trace --surface booth --opt sgd:lr=0.1,lr=0.2
expect_fail "duplicate label in --opt refused" "duplicate key 'label'" trace --surface booth --opt sgd:label=a,label=b
expect_fail "momentum= on sgd refused with the reason" "momentum= does nothing for sgd (it is read by momentum, nesterov)" \
    trace --surface booth --opt sgd:momentum=0.5
expect_fail "eps= on sgd refused" "eps= does nothing for sgd" trace --surface booth --opt sgd:eps=1e-6
expect_fail "beta1= on rmsprop refused" "beta1= does nothing for rmsprop (it is read by adam)" trace --surface booth --opt rmsprop:beta1=0.8
expect_fail "every= without schedule=step refused" "every= does nothing without schedule=step" \
    trace --surface booth --opt sgd:every=5
expect_fail "T= with schedule=step refused" "T= does nothing without schedule=cosine or schedule=linear" \
    trace --surface booth --opt sgd:schedule=step,every=5,T=10
expect_fail "momentum= on bfgs refused" "momentum= does nothing for bfgs (it reads only lr)" trace --surface booth --opt bfgs:momentum=0.5
expect_fail "train --opt sgd:momentum= refused too" "momentum= does nothing for sgd" train --dataset synthetic --iters 0 --opt sgd:momentum=0.9
printf '[surface]\nname = booth\n[optimizer]\ntype = sgd\nlr = 0.1\nevery = 5\n' >"$TMP/every.scene"
run trace --scene "$TMP/every.scene"
[ "$status" -eq 2 ] && head -n 1 "$TMP/err" | grep -q "every.scene:6:1: every= does nothing without schedule=step" &&
    [ "$(sed -n 3p "$TMP/err")" = "  ^" ] && ok "a scene key the optimizer does not read: refused at its line" ||
    not_ok "a scene key the optimizer does not read: refused at its line" "$(cat "$TMP/err")"
run trace --surface booth --steps 1 --opt sgd:schedule=step,every=5,gamma=0.5,warmup=2 --opt momentum:momentum=0.5 --opt adam:eps=1e-7,beta1=0.8
[ "$status" -eq 0 ] && ok "keys the optimizer reads are accepted" || not_ok "keys the optimizer reads are accepted" "$(cat "$TMP/err")"

# --- one number syntax: decimal only, blanks around it alike
expect_fail "hex float in --opt refused" "lr: '0x1p-3' is not a number" trace --surface booth --opt sgd:lr=0x1p-3
expect_fail "hex float in --start refused" "is not X,Y" trace --surface booth --start 0x1,0
expect_fail "hex in --noise refused" "is not a number" trace --surface booth --noise 0x1
expect_fail "inf in --opt refused" "is not a number" trace --surface booth --opt sgd:lr=inf
run trace --surface booth --steps 2 --opt "sgd:lr=0.1"
cp "$TMP/out" "$TMP/plain"
run trace --surface booth --steps 2 --opt "sgd:lr= 0.1"
cp "$TMP/out" "$TMP/lead"
run trace --surface booth --steps 2 --opt "sgd:lr=0.1 "
cmp -s "$TMP/plain" "$TMP/lead" && cmp -s "$TMP/plain" "$TMP/out" && [ "$status" -eq 0 ] &&
    ok "a leading and a trailing blank are treated alike" || not_ok "a leading and a trailing blank are treated alike" "$(cat "$TMP/err")"
run trace --surface booth --steps " 2 " --start " 1 , 2 "
[ "$status" -eq 0 ] && [ "$(sed -n 2p "$TMP/out" | cut -d, -f3,4)" = "1,2" ] &&
    ok "blanks around --steps and --start numbers are ignored" || not_ok "blanks around --steps and --start numbers" "$(cat "$TMP/err")"
printf '[surface]\nname = booth\n[optimizer]\ntype = sgd\nlr = 0x1p-3\n' >"$TMP/hex.scene"
run trace --scene "$TMP/hex.scene"
[ "$status" -eq 2 ] && head -n 1 "$TMP/err" | grep -q "hex.scene:5:6: lr: '0x1p-3' is not a number" &&
    ok "hex float in a scene refused at its column" || not_ok "hex float in a scene refused at its column" "$(cat "$TMP/err")"
printf '[surface]\nname = booth\n[race]\nsteps = 0x10\n' >"$TMP/hexsteps.scene"
expect_fail_first "hex integer in a scene refused" "hexsteps.scene:4:9: steps: '0x10' is not a whole number" trace --scene "$TMP/hexsteps.scene"
mkdir -p "$TMP/no-config/descent"
printf 'speed = 0x14\n' >"$TMP/no-config/descent/config"
run --speed 20 --surface booth </dev/null
[ "$status" -eq 2 ] && grep -q "config:1: speed: '0x14' is not a speed" "$TMP/err" &&
    ok "hex number in the settings file refused" || not_ok "hex number in the settings file refused" "$(cat "$TMP/err")"
rm -f "$TMP/no-config/descent/config"

finish
