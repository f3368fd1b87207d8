#!/bin/sh
# A long race in the explorer: paths are bounded (thinned past 4096 points),
# yet after 20000 and 200000 steps each optimizer's legend shows that step and
# the loss `descent trace` prints for it, and the explorer's resident memory
# is the same after 200000 steps as after 20000.
. tests/lib.sh

. tests/tmux.sh

# run_to N: a fresh explorer raced to step N at top speed; leaves the screen
# in $TMP/screen, the step shown in $step and the resident memory in $rss.
run_to() {
    stop lr
    T new-session -d -s lr -x 120 -y 40 "sh -c 'echo \$\$ >$TMP/pid; exec env LC_ALL=C.UTF-8 $BIN --surface rosenbrock --steps $1'"
    i=0
    while [ $i -lt 50 ] && ! T capture-pane -p -t lr | grep -q "step 0/$1"; do sleep 0.1; i=$((i + 1)); done
    for k in 1 2 3 4 5 6 7 8 9; do T send-keys -t lr +; done
    T send-keys -t lr Space
    i=0
    while [ $i -lt 1200 ]; do
        T capture-pane -p -t lr >"$TMP/screen"
        step=$(sed -n "s/.* step \([0-9][0-9]*\)\/$1.*/\1/p" "$TMP/screen" | head -n 1)
        [ "$step" = "$1" ] && break
        sleep 0.1
        i=$((i + 1))
    done
    rss=$(awk '/^VmRSS/ { print $2 }' /proc/"$(cat "$TMP/pid")"/status)
}

# legend_ok N: each optimizer still running at step N shows "step N  loss L"
# with L the loss `descent trace` prints for step N.
legend_ok() {
    "$BIN" trace --surface rosenbrock --steps "$1" | awk -F, -v n="$1" '$2 == n { printf "%s %.6g\n", $1, $5 }' >"$TMP/want"
    bad=
    while read -r name loss; do
        got=$(awk -v n="$name" 'f { print; exit } $0 ~ ("[0-9] ━━ " n " ") { f = 1 }' "$TMP/screen" |
            sed -n 's/.*step \([0-9]*\)  loss \([^ ]*\).*/\1 \2/p')
        [ "$got" = "$1 $loss" ] || bad="$bad $name(got '$got', want '$1 $loss')"
    done <"$TMP/want"
    if [ "$step" = "$1" ] && [ -z "$bad" ] && [ -s "$TMP/want" ]; then
        ok "after $1 steps (thinned paths) the legend shows each optimizer's step and loss"
    else
        not_ok "after $1 steps the legend shows each optimizer's step and loss" "step $step;$bad" "$(head -n 20 "$TMP/screen")"
    fi
}

run_to 20000
legend_ok 20000
rss_small=$rss
run_to 200000
legend_ok 200000
# Rosenbrock: three optimizers survive; unthinned, their 180000 more points
# each would add 3 x 180000 x 24 B = 13 MB.
if [ -n "$rss_small" ] && [ -n "$rss" ] && [ $((rss - rss_small)) -lt 2000 ]; then
    ok "explorer memory flat from 20000 to 200000 steps (${rss_small} kB, ${rss} kB)"
else
    not_ok "explorer memory flat from 20000 to 200000 steps" "${rss_small} kB -> ${rss} kB"
fi
finish
