# A landscape scene: scenes/landscape-linear.scene's captions checked
# against the headless output of the same scene (a caption is a claim),
# descent SCENE reaching the landscape, the scene's data missing said so,
# and a bad [landscape] key pointing at its line.
. tests/lib.sh
SUBSET=../shared/data/cifar-10-subset
SC=scenes/landscape-linear.scene

# caption KEY: the scene's caption for KEY (start, 1, 50)
caption() { sed -n "s/^$1 = //p" "$SC"; }

# bad [landscape] keys: located, exit 2, before any data is read
printf '[scene]\ntitle = x\n[landscape]\nmodel = svm\ngrid = 0\n' >"$TMP/bad.scene"
expect_fail_first "grid = 0: located at its line" "bad.scene:5:8: grid: '0' is not a whole number from 1 to 999" \
    landscape --scene "$TMP/bad.scene" --csv
printf '[landscape]\nplane = between adam\n' >"$TMP/bad.scene"
expect_fail_first "plane = between with one end: located" "bad.scene:2:9: plane: 'between adam' is not random, pca or between A B" \
    landscape --scene "$TMP/bad.scene" --csv
printf '[landscape]\nopt = adam:lr=-1\n' >"$TMP/bad.scene"
expect_fail_first "opt with a negative rate: located" "bad.scene:2:7: opt: " landscape --scene "$TMP/bad.scene" --csv
printf '[landscape]\nspeed = 3\n' >"$TMP/bad.scene"
expect_fail_first "unknown key: located, the valid ones listed" "bad.scene:2:1: unknown key 'speed' in \[landscape\] (valid: data, dataset" \
    landscape --scene "$TMP/bad.scene" --csv
printf '[landscape]\nmodel = svm\n[surface]\nname = booth\n' >"$TMP/bad.scene"
expect_fail_first "[surface] in a landscape scene" "bad.scene:3: \[surface\] in a \[landscape\] scene" \
    landscape --scene "$TMP/bad.scene" --csv
expect_fail "a race scene is not a landscape scene" "not a landscape scene" landscape --scene scenes/valley.scene --csv
expect_fail_first "the race explorer refuses a landscape scene, naming how to open it" \
    "a landscape scene: open it with descent" trace --scene "$SC"
# descent SCENE: the landscape (which wants a terminal for its view)
expect_fail "descent landscape-linear opens the landscape (no terminal: it says so)" \
    "landscape: the view needs a terminal" landscape-linear
# no CIFAR-10 anywhere it looks: the scene says it needs its data
mkdir -p "$TMP/empty" "$TMP/home"
(cd "$TMP/home" && DESCENT_DATA="$TMP/empty" HOME="$TMP/home" "$BIN" landscape --scene "$OLDPWD/$SC" --csv \
    >"$TMP/out" 2>"$TMP/err")
status=$?
[ "$status" -eq 2 ] && grep -q "landscape-linear.scene needs its data: CIFAR-10 not found" "$TMP/err" &&
    [ "$(wc -l <"$TMP/err")" -eq 1 ] && ok "data absent: one line, the scene needs CIFAR-10, exit 2" ||
    not_ok "data absent" "status $status" "$(cat "$TMP/err")"

if [ ! -d "$SUBSET/cifar-10-batches-bin" ]; then
    skip "landscape-linear's captions on CIFAR-10: $SUBSET absent"
    finish
    exit
fi
DESCENT_DATA=$SUBSET "$BIN" landscape --scene "$SC" --csv --paths "$TMP/p.csv" --directions "$TMP/d.csv" \
    >"$TMP/grid" 2>"$TMP/report"
expect "the scene runs headless" test $? -eq 0

# start: the data loss at W0 (the grid's centre) is about 9
c=$(caption start)
d0=$(awk -F, '$1 == 0 && $2 == 0 { print $4 }' "$TMP/grid")
case $c in *"data loss is about 9"*) ;; *) not_ok "caption start says 'about 9'" "$c" ;; esac
expect "caption start: the data loss at W0 is about 9 ($d0)" awk -v d="$d0" 'BEGIN { exit !(d > 8.5 && d <= 9) }'

# 1: each racer's end is over 10 times farther off the plane than along it,
# along = |a D1 + b D2| from the written directions
c=$(caption 1)
case $c in *"over 10 times farther off the plane than along it"*) ;; *) not_ok "caption 1's claim" "$c" ;; esac
awk -F, 'NR > 1 { s11 += $6 * $6; s22 += $7 * $7; s12 += $6 * $7 }
    END { printf "%.17g %.17g %.17g\n", s11, s22, s12 }' "$TMP/d.csv" >"$TMP/gram"
read g11 g22 g12 <"$TMP/gram"
ratios=$(awk -F, -v g11="$g11" -v g22="$g22" -v g12="$g12" '
    NR > 1 { last[$1] = $0; if (!($1 in seen)) { seen[$1] = 1; order[n++] = $1 } }
    END { for (i = 0; i < n; i++) { split(last[order[i]], f, ",");
            along = sqrt(f[3] * f[3] * g11 + 2 * f[3] * f[4] * g12 + f[4] * f[4] * g22);
            printf "%s %.1f\n", order[i], f[5] / along } }' "$TMP/p.csv")
nr=$(echo "$ratios" | wc -l)
low=$(echo "$ratios" | awk '$2 <= 10')
[ "$nr" -eq 7 ] && [ -z "$low" ] && ok "caption 1: all 7 racers end over 10x farther off than along: $(echo $ratios)" ||
    not_ok "caption 1: off / along" "$ratios"

# 50 (the ends): L-BFGS lowest of the seven; every other racer ends below the loss at W0
c=$(caption 50)
case $c in *"L-BFGS ends lowest of all seven"*"every minibatch racer"*"ends below the loss it started from"*) ;;
    *) not_ok "caption 2's claims" "$c" ;; esac
sed -n 's/^racer \([a-z]*\): .*, loss \([0-9.e+-]*\), .*/\1 \2/p' "$TMP/report" >"$TMP/losses"
best=$(sort -k2 -g "$TMP/losses" | head -n 1 | cut -d' ' -f1)
l0=$(awk -F, '$1 == 0 && $2 == 0 { print $3 }' "$TMP/grid")
above=$(awk -v l="$l0" '$1 != "lbfgs" && !($2 < l) { printf "%s %s ", $1, $2 }' "$TMP/losses")
expect "caption 2: lowest of the $(wc -l <"$TMP/losses") is $best" test "$best" = lbfgs
expect "caption 2: the $(grep -vc '^lbfgs' "$TMP/losses") minibatch racers end below W0's $l0${above:+ (not: $above)}" \
    test "$(grep -vc '^lbfgs' "$TMP/losses")" -eq 6 -a -z "$above"
finish
