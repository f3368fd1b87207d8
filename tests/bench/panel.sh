# Training speed in the live panel (descent train --tui, drawn by tmux at
# 120x40) against headless descent train with the same settings: SVM, SGD,
# batch 200, 3000 iterations on the subset. Both figures are images per
# second of step time; three alternating runs each, every figure printed.
DATA=../shared/data/cifar-10-subset/cifar-10-batches-bin
if [ ! -f "$DATA/data_batch_1.bin" ]; then
    echo "skip: $DATA absent"
    exit 0
fi
if ! command -v tmux >/dev/null 2>&1; then
    echo "skip: tmux is not installed"
    exit 0
fi
T=$(mktemp -d)
SOCK=panel-bench-$$
X() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'X kill-server >/dev/null 2>&1; rm -rf "$T"' EXIT
ARGS="--data $DATA --iters 3000"

panel_ips() {
    X new-session -d -s p$1 -x 120 -y 40 "env LANG=C.UTF-8 $BIN train --tui --pace max $ARGS; sleep 60"
    i=0
    # poll once a second: reading the screen costs tmux CPU the run would feel
    while [ $i -lt 60 ]; do
        X capture-pane -p -t p$1 >"$T/screen"
        v=$(sed -n 's/.*done: [0-9]* iterations, \([0-9]*\) images\/s.*/\1/p' "$T/screen")
        [ -n "$v" ] && break
        sleep 1
        i=$((i + 1))
    done
    X send-keys -t p$1 q
    echo "${v:-?}"
}
headless_ips() {
    "$BIN" train $ARGS 2>/dev/null | tail -n 1 | tr ' ' '\n' | sed -n 's/^images_per_s=//p'
}

p=; h=
for k in 1 2 3; do
    h="$h $(headless_ips)"
    p="$p $(panel_ips $k)"
done
echo "descent train (headless):      images/s$h"
echo "descent train --tui (panel):   images/s$p"
echo "$h" "$p" | awk '{ n = NF / 2; for (i = 1; i <= n; i++) { hs += $i; ps += $(i + n) }
    if (hs > 0) printf "panel / headless (means): %.2f\n", ps / hs }'
