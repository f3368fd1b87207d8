# Screen tests of the explorer's narration: every caption shows, the last
# included; --pause-at-captions and a scene's pause = captions stop at each
# one; L shows the new scene's opening caption; a first-run hint; the help
# fits every size and names 1-N; the noise and scheduled rates in force;
# diverged and off-chart marks; a chart floor under a far reference path.
. tests/lib.sh

. tests/tmux.sh

step_of() { sed -n 's/.* step \([0-9][0-9]*\)\/[0-9]* *$/\1/p' "$TMP/screen" | head -n 1; }

cat >"$TMP/three.scene" <<'EOF'
[scene]
title = Three captions
[surface]
name = booth
[race]
steps = 6
[optimizer]
type = sgd
lr = 0.05
[captions]
start = FIRST caption at the start.
3 = SECOND caption at step three.
6 = THIRD caption, the closing one.
EOF
sed 's/^title = Three captions$/title = Three captions\npause = captions/' "$TMP/three.scene" >"$TMP/paused.scene"

# --- the scene keys' bad values: file, line, column and the valid words ---
for kv in "panel = maybe:panel: 'maybe' is not training or none" "pause = always:pause: 'always' is not captions or none"; do
    printf '[scene]\n%s\n[surface]\nname = booth\n' "${kv%%:*}" >"$TMP/bad.scene"
    run trace --scene "$TMP/bad.scene" --steps 1
    [ "$status" -eq 2 ] && head -n 1 "$TMP/err" | grep -qF "bad.scene:2:9: ${kv#*:}" && [ ! -s "$TMP/out" ] &&
        ok "scene key ${kv%%:*}: refused at line 2, column 9" ||
        not_ok "scene key ${kv%%:*}: refused at line 2, column 9" "status $status" "$(cat "$TMP/err")"
done

# --- an opening caption of two rows shows whole beside the first-run hint
# (the hint took one of its rows: "...the minimum is…" at 80x24) ---
start open80 "$UTF8 $BIN tour" 80x24
if wait_still open80 'space plays, n steps'; then
    tail -n 2 "$TMP/screen" | tr '\n' ' ' | grep -q 'the minimum is *(1, 1)\.' &&
        ! tail -n 2 "$TMP/screen" | grep -q '…' &&
        ok "80x24: the tour's opening caption whole, on two rows, with the hint above it" ||
        not_ok "80x24: the opening caption whole beside the hint" "$(tail -n 3 "$TMP/screen")"
else
    not_ok "80x24: the tour starts with its hint" "$(tail -n 3 "$TMP/screen")"
fi
T send-keys -t open80 q

# --- the closing caption stays; the end is in the title ---
start end "$UTF8 $BIN $TMP/three.scene --speed max"
if wait_for end 'FIRST caption'; then
    grep -q 'space plays, n steps, ? lists the keys' "$TMP/screen" &&
        ok "a first-run hint says how to begin" || not_ok "a first-run hint says how to begin" "$(tail -n 3 "$TMP/screen")"
    T send-keys -t end Space
    if wait_still end ' end max  step 6/6'; then
        grep -q 'THIRD caption, the closing one.' "$TMP/screen" && ! grep -q 'reached step' "$TMP/screen" &&
            ok "at the end the closing caption shows (no --steps message)" ||
            not_ok "at the end the closing caption shows (no --steps message)" "$(tail -n 3 "$TMP/screen")"
        ! grep -q 'space plays, n steps' "$TMP/screen" && ok "the hint goes at the first key" ||
            not_ok "the hint goes at the first key" "$(tail -n 3 "$TMP/screen")"
    else
        not_ok "the scene plays to its end" "$(head -n 1 "$TMP/screen")"
    fi
else
    not_ok "the scene starts with its first caption" "$(tail -n 3 "$TMP/screen")"
fi
T send-keys -t end q

# --- a caption kept past its step says which step its numbers are from ---
start stale "$UTF8 $BIN $TMP/three.scene"
if wait_for stale 'FIRST caption'; then
    T send-keys -t stale n n n
    wait_still stale 'step 3/6' && grep -q ' SECOND caption at step three\.' "$TMP/screen" &&
        ! grep -q 'at step 3: SECOND' "$TMP/screen" &&
        ok "at its own step a caption stands as written" ||
        not_ok "at its own step a caption stands as written" "$(tail -n 3 "$TMP/screen")"
    T send-keys -t stale n
    wait_still stale 'step 4/6' && grep -q 'at step 3: SECOND caption at step three\.' "$TMP/screen" &&
        ok "a step later it says 'at step 3:'" ||
        not_ok "a step later it says 'at step 3:'" "$(tail -n 3 "$TMP/screen")"
else
    not_ok "the scene starts with its first caption" "$(tail -n 3 "$TMP/screen")"
fi
T send-keys -t stale q

# --- pausing at each caption: the option and the scene key ---
for how in option key; do
    if [ $how = option ]; then cmd="$BIN $TMP/three.scene --speed max --pause-at-captions"; else cmd="$BIN $TMP/paused.scene --speed max"; fi
    start "p$how" "$UTF8 $cmd"
    wait_for "p$how" 'FIRST caption'
    T send-keys -t "p$how" Space
    if wait_for "p$how" 'SECOND caption' && sleep 0.5 && shot "p$how" && [ "$(step_of)" = 3 ] && grep -q ' paused ' "$TMP/screen"; then
        ok "pause at captions ($how): stops at step 3 with the second caption"
        T send-keys -t "p$how" Space
        wait_for "p$how" 'THIRD caption' && [ "$(step_of)" = 6 ] &&
            ok "pause at captions ($how): space goes on to the third" ||
            not_ok "pause at captions ($how): space goes on to the third" "$(head -n 1 "$TMP/screen")" "$(tail -n 2 "$TMP/screen")"
    else
        not_ok "pause at captions ($how): stops at step 3 with the second caption" "step $(step_of)" "$(tail -n 2 "$TMP/screen")"
    fi
    T send-keys -t "p$how" q
done

# --- L: the new scene's opening caption ---
start load "$UTF8 $BIN --surface booth"
wait_for load 'step 0/'
T send-keys -t load L
wait_for load 'Enter loads'
T send-keys -t load "$TMP/three.scene" Enter
wait_for load 'FIRST caption at the start.' && ! grep -q 'restarted from step 0' "$TMP/screen" &&
    ok "L shows the new scene's opening caption" ||
    not_ok "L shows the new scene's opening caption" "$(tail -n 3 "$TMP/screen")"
T send-keys -t load q

# --- the help fits every size and says 1-N with the real N ---
for size in 80x24 120x40 160x50 200x60 300x80; do
    start "h${size%x*}" "$UTF8 $BIN" "$size"
    wait_for "h${size%x*}" 'step 0/'
    T send-keys -t "h${size%x*}" '?'
    # the box's last line, then a still screen: a 300x80 frame under the
    # sanitizers can be read with the heading drawn and the rows not yet
    if wait_for "h${size%x*}" 'keys \(any key closes this help\)' &&
        wait_still "h${size%x*}" ' q  *quit'; then
        top=$(grep -n 'keys (any key closes this help)' "$TMP/screen" | cut -d: -f1)
        # the box's rows: from its heading to the line of its last key
        rows=$(awk -v t="$top" 'NR > t && NR < end' end="$(grep -n ' q  *quit' "$TMP/screen" | tail -n 1 | cut -d: -f1)" "$TMP/screen")
        rows="$rows
$(grep ' q  *quit' "$TMP/screen" | tail -n 1)"
        # a cut help line would end in an ellipsis right after its text
        if printf '%s\n' "$rows" | grep -q '[a-z)]…'; then
            not_ok "$size: no help line is cut" "$(printf '%s\n' "$rows" | grep '…')"
        else
            printf '%s\n' "$rows" | grep -q 'gradient, update, velocity' && printf '%s\n' "$rows" | grep -q 'quit' &&
                ok "$size: every help line whole" || not_ok "$size: every help line whole" "$rows"
        fi
        printf '%s\n' "$rows" | grep -q '1-7 *show / hide an optimizer' &&
            ok "$size: the help says 1-7 for the tour's seven racers" ||
            not_ok "$size: the help says 1-7 for the tour's seven racers" "$(printf '%s\n' "$rows" | grep 'hide')"
    else
        not_ok "$size: ? opens the help" "$(cat "$TMP/screen")"
    fi
    T send-keys -t "h${size%x*}" q q
done

# --- the noise and each racer's scheduled rate ---
sigma=$(sed -n 's/^noise = //p' scenes/schedules.scene)
start sched "$UTF8 $BIN schedules"
if wait_for sched 'step 0/'; then
    grep -q "noise sigma $sigma " "$TMP/screen" && ok "the title shows the noise sigma in force ($sigma)" ||
        not_ok "the title shows the noise sigma in force ($sigma)" "$(head -n 1 "$TMP/screen")"
    T send-keys -t sched n n n n n n n n n n
    # the step schedule: lr * gamma^floor(t / every) for the next update
    lr=$(awk '/^label = step$/ { f = 1 } f && /^lr = / { print $3; exit }' scenes/schedules.scene)
    want=$(awk -v lr="$lr" 'BEGIN { printf "%.3g", lr * 0.5 ^ int(10 / 50) }')
    if wait_for sched ' step 10/'; then
        line=$(awk '/━━ step |╍╍ step / { getline; print; exit }' "$TMP/screen")
        echo "$line" | grep -q "step 10  loss [0-9.e+-]*  lr_t $want" &&
            ok "the legend shows a scheduled racer's lr_t ($want)" ||
            not_ok "the legend shows a scheduled racer's lr_t ($want)" "$line"
        line=$(awk '/━━ constant / { getline; print; exit }' "$TMP/screen")
        ! echo "$line" | grep -q 'lr_t' && ok "a constant rate shows no lr_t" || not_ok "a constant rate shows no lr_t" "$line"
    else
        not_ok "ten steps of schedules" "$(head -n 1 "$TMP/screen")"
    fi
else
    not_ok "schedules starts" "$(head -n 3 "$TMP/screen")"
fi
T send-keys -t sched q
start cosine "$UTF8 $BIN schedules --speed max"
wait_for cosine 'step 0/'
T send-keys -t cosine Space
if wait_still cosine ' end max  step 200/200'; then
    line=$(awk '/(━━|╍╍|┅┅|┉┉) cosine ● / { getline; print; exit }' "$TMP/screen")
    echo "$line" | grep -q 'lr_t 0$' && ok "cosine's lr_t reaches lr_min 0 at T" || not_ok "cosine's lr_t reaches lr_min 0 at T" "$line"
fi
T send-keys -t cosine q

# --- diverged marks on the map and the chart ---
start div "$UTF8 $BIN --surface booth --opt sgd:lr=0.2 --opt adam --speed max"
wait_for div 'step 0/'
T send-keys -t div Space
if wait_for div 'diverged at step'; then
    wait_for div 'sgd (diverged|off the map)' && ok "the map names a diverged racer where it left" ||
        not_ok "the map names a diverged racer where it left" "$(cat "$TMP/screen")"
    grep -q '✗' "$TMP/screen" && ok "a diverged racer's ✗ on the chart or map" ||
        not_ok "a diverged racer's ✗ on the chart or map" "$(cat "$TMP/screen")"
else
    not_ok "sgd at lr 0.2 on booth diverges" "$(cat "$TMP/screen")"
fi
T send-keys -t div q

# --- the chart floor: the tour's BFGS at 1e-19 does not flatten the others ---
start floor "$UTF8 $BIN --speed max"
wait_for floor 'step 0/'
T send-keys -t floor Space
if wait_still floor ' end max  step 500/500'; then
    "$BIN" trace --scene scenes/tour.scene --steps 500 >"$TMP/tour.csv"
    best=$(awk -F, '$1 != "bfgs" && NR > 1 && (m == "" || $5 < m) { m = $5 } END { print m }' "$TMP/tour.csv")
    bottom=$(grep -o '[0-9.e+-]*↓' "$TMP/screen" | tr -d '↓')
    grep -q 'loss vs step (log scale; bfgs below)' "$TMP/screen" &&
        awk -v b="$bottom" -v m="$best" 'BEGIN { exit !(b > m / 20 && b < m) }' &&
        ok "the loss axis stops a decade under the racers' best ($best): bottom $bottom, bfgs marked below" ||
        not_ok "the loss axis floor" "best $best, bottom '$bottom'" "$(grep -A3 'loss vs step' "$TMP/screen")"
else
    not_ok "the tour plays to its end" "$(head -n 1 "$TMP/screen")"
fi
T send-keys -t floor q

finish
