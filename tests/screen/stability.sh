# Screen tests of the stability readout and the what-ifs: lr * lambda_max
# against each kind's limit at every racer's head and at the cursor (x), the
# same numbers as descent trace --analyze; { } halve and double the selected
# racer's lr, ( ) move its momentum, with a faint ghost of the run before.
. tests/lib.sh

. tests/tmux.sh

RACE="--surface booth --opt sgd:lr=0.12 --opt sgd:lr=0.10 --opt nesterov:lr=0.1 --opt adam"
# legend_third NAME: the third legend line of the racer labelled NAME.
legend_third() { awk -v n="$1" 'f == 2 { print; exit } f { f++ } index($0, "━━ " n " ") || index($0, "╍╍ " n " ") { f = 1 }' "$TMP/screen"; }

"$BIN" trace $RACE --steps 0 --analyze 2>"$TMP/an.csv" >/dev/null
col() { awk -F, -v n="$1" -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } $1 == n { print $h[c] }' "$TMP/an.csv"; }

start st "$UTF8 $BIN $RACE" 120x40
if wait_for st 'step 0/' && wait_for st 'per-coordinate'; then
    bad=
    for n in 'sgd lr=0.12' 'sgd lr=0.1' nesterov; do
        want=$(printf 'lr*l %.3g/%.3g %s' "$(col "$n" lr_lambda_max)" "$(col "$n" lr_limit)" "$(col "$n" stability)")
        legend_third "$n" | grep -qF -- "$want" || bad="$bad [$n: want '$want', line '$(legend_third "$n")']"
    done
    [ -z "$bad" ] && ok "each head's lr*lambda_max, limit and word equal descent trace --analyze's" ||
        not_ok "each head's lr*lambda_max, limit and word equal descent trace --analyze's" "$bad"
    legend_third 'sgd lr=0.12' | grep -q 'lr\*l 2.16/2 unstable' && legend_third 'sgd lr=0.1' | grep -q 'lr\*l 1.8/2 stable' &&
        ok "Booth: SGD lr 0.12 unstable (2.16/2), lr 0.10 stable (1.8/2)" ||
        not_ok "Booth: SGD lr 0.12 unstable, lr 0.10 stable" "$(legend_third 'sgd lr=0.12')" "$(legend_third 'sgd lr=0.1')"
    legend_third adam | grep -q 'per-coordinate' && ok "adam: the step is per-coordinate" ||
        not_ok "adam: the step is per-coordinate" "$(legend_third adam)"
    T send-keys -t st x
    wait_for st 'Hessian eigenvalues 2, 18: a minimum, condition 9.*sgd lr=0.12: lr\*lambda_max 2.16 >= 2 unstable' &&
        ok "x: the Hessian at the cursor and the selected racer's 2.16 >= 2 unstable" ||
        not_ok "x: the Hessian at the cursor and the selected racer's stability" "$(tail -n 2 "$TMP/screen")"
    T send-keys -t st x n n n n n
    wait_for st ' step 5/'
    T send-keys -t st '{'
    if wait_for st 'sgd lr=0.12: lr=0.12 -> lr=0.06, rerun to step 5'; then
        ok "{ halves the selected racer's lr and reruns to the same step"
        legend_third 'sgd lr=0.06' | grep -q 'lr\*l 1.08/2 stable' && ok "halved, it reads 1.08/2 stable" ||
            not_ok "halved, it reads 1.08/2 stable" "$(legend_third 'sgd lr=0.06')"
        # the ghost: dim cells in the first racer's colour
        fg=$(T capture-pane -e -p -t st | grep -o "$(printf '\033')\[2m$(printf '\033')\[38;5;[0-9]*m" | head -n 1)
        [ -n "$fg" ] && ok "the run before stays as a faint ghost" || not_ok "the run before stays as a faint ghost" "no dim path cells"
    else
        not_ok "{ halves the selected racer's lr and reruns" "$(tail -n 2 "$TMP/screen")"
    fi
    T send-keys -t st '}' '}'
    wait_for st 'lr=0.12 -> lr=0.24' && ok "} doubles it" || not_ok "} doubles it" "$(tail -n 2 "$TMP/screen")"
    T send-keys -t st '('
    wait_for st 'sgd has no momentum' && ok "( on sgd: it has no momentum" || not_ok "( on sgd: it has no momentum" "$(tail -n 2 "$TMP/screen")"
    T send-keys -t st o o ')'
    wait_for st 'nesterov: lr=0.1 momentum=0.9 -> lr=0.1 momentum=0.95' &&
        ok ") moves nesterov's momentum halfway to 1 (0.9 -> 0.95)" ||
        not_ok ") moves nesterov's momentum halfway to 1" "$(tail -n 2 "$TMP/screen")"
else
    not_ok "the explorer starts with the stability readout" "$(cat "$TMP/screen")"
fi
T send-keys -t st q

finish
