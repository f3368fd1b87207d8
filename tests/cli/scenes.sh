#!/bin/sh
# Scene files and formula surfaces through the real binary: every library
# scene traces; each mistake in a scene gives exit status 2 and one located
# message "FILE:LINE:COL: ..." followed by the quoted line and a caret under
# that column; a formula equal to a built-in traces to the built-in's rows.
. tests/lib.sh

for f in scenes/*.scene; do
    if grep -q '^\[classify\]' "$f"; then # the playground's lessons: tests/cli/classify.sh
        run classify --scene "$f" --plain
        [ "$status" -eq 0 ] && grep -q '^caption at step 0: ' "$TMP/out" && ok "classify opens $f" ||
            not_ok "classify opens $f" "status $status" "$(head -c 300 "$TMP/err")"
        continue
    fi
    if grep -q '^\[landscape\]' "$f"; then # the real loss's: its captions in tests/cli/landscene.sh
        run landscape --scene "$f" --help
        [ "$status" -eq 0 ] && ok "landscape reads $f" || not_ok "landscape reads $f" "$(head -c 300 "$TMP/err")"
        continue
    fi
    run trace --scene "$f"
    if [ "$status" -eq 0 ] && [ "$(head -n 1 "$TMP/out")" = "optimizer,step,x,y,loss" ] &&
        [ "$(wc -l <"$TMP/out")" -gt 10 ]; then ok "traces $f"; else not_ok "traces $f" "status $status" "$(head -c 300 "$TMP/err")"; fi
done

# the documented example
sed -n '/^```ini$/,/^```$/p' docs/scene-format.md | sed '1d;$d' >"$TMP/doc.scene"
run trace --scene "$TMP/doc.scene"
[ "$status" -eq 0 ] && [ "$(grep -c '^lr 0.12,' "$TMP/out")" -eq 101 ] && [ "$(grep -c '^adam,' "$TMP/out")" -eq 101 ] &&
    ok "the example in docs/scene-format.md loads" || not_ok "docs example" "$(cat "$TMP/err")"

# bad NAME LINE COL PATTERN: the scene in $TMP/bad.scene fails at LINE:COL.
bad() {
    name=$1 line=$2 col=$3 pattern=$4
    run trace --scene "$TMP/bad.scene"
    first=$(head -n 1 "$TMP/err")
    caret=$(sed -n 3p "$TMP/err")
    want_caret=$(printf "%$((col + 1))s^" "")
    if [ "$status" -eq 2 ] && [ ! -s "$TMP/out" ] && [ "$(wc -l <"$TMP/err")" -eq 3 ] &&
        echo "$first" | grep -q -- "^descent: trace: --scene: $TMP/bad.scene:$line:$col: $pattern" &&
        [ "$caret" = "$want_caret" ]; then
        ok "$name"
    else
        not_ok "$name" "status $status, wanted $line:$col: $pattern" "$(cat "$TMP/err")"
    fi
}
scene() { printf "$@" >"$TMP/bad.scene"; }

scene '[surface]\nf = sine(x) + y^2\n'
bad "unknown function, located in the formula" 2 5 "unknown function 'sine'"
scene '[scene]\ntitle = caf\351\n[surface]\nname = booth\n'
bad "a Latin-1 byte: not UTF-8, located (the line shows it as ?)" 2 12 "byte 0xE9 is not UTF-8"
scene '\377\376[surface]\nname = booth\n'
bad "a UTF-16 file: its byte-order mark is not UTF-8" 1 1 "byte 0xFF is not UTF-8"
# a long line is shown cut around the column, the caret under it
scene '[surface]\nname = booth\nview = %200s0, 1, 2, zz\n' ''
run trace --scene "$TMP/bad.scene"
line=$(sed -n 2p "$TMP/err") caret=$(sed -n 3p "$TMP/err")
at=$(printf '%s\n' "$line" | LC_ALL=C awk '{ print index($0, "zz") }') hat=$(printf '%s\n' "$caret" | awk '{ print index($0, "^") }')
# (in bytes: the ellipsis takes three for its one column)
[ "$status" -eq 2 ] && [ "$(wc -l <"$TMP/err")" -eq 3 ] && [ "$(printf '%s' "$line" | wc -c)" -le 80 ] &&
    head -n 1 "$TMP/err" | grep -q ':3:217: .zz. is not a number' && [ "$((at - 2))" -eq "$hat" ] &&
    ok "a 220-column line: shown cut around column 217 (…), the caret under 'zz'" ||
    not_ok "a long line: shown cut, the caret under the column" "status $status; zz at $at, caret at $hat" "$(cat "$TMP/err")"
scene '# lesson\n[surface]\nname = booth\n\n[race]\nsteps = 10\nstart = 1, zero\n'
bad "bad number in a pair" 7 12 "'zero' is not a number"
scene '[surface]\nname = booth\n[race]\nspeed = 3\n'
bad "unknown key" 4 1 "unknown key 'speed' in \[race\]"
scene '[surface]\nname = booth\n[race]\nsteps = 10\n[surface]\nview = 0,1,0,1\n'
bad "duplicate section" 5 2 "duplicate section \[surface\] (first at line 1)"
scene '[surface]\nf = 3 + pi\n'
bad "formula without x or y" 2 5 "the formula uses neither x nor y"
scene '[surface]\nname = booth\n[race]\nsteps = many\n'
bad "bad steps" 4 9 "steps: 'many' is not a whole number"
scene '[surface]\nname = booth\n[optimizer]\ntype = sgd\nlr = -0.1\n'
bad "bad learning rate points at its line" 5 6 "lr must be > 0"
scene '[surface]\nname = booth\n[optimizer]\nlr = 0.1\n'
bad "optimizer without type" 3 1 "\[optimizer\] without 'type = NAME'"
scene '[surface]\nname = boot\n'
bad "unknown surface" 2 8 "unknown surface 'boot'"
scene '[surfaces]\nname = booth\n'
bad "unknown section" 1 2 "unknown section \[surfaces\]"
scene '[surface]\nname = booth\nview = -1, 1, 2\n'
bad "view needs four numbers" 3 8 "view needs 4 numbers"
scene '[surface]\nname = booth\nname = beale\n'
bad "duplicate key" 3 1 "duplicate key 'name' (first at line 2)"
scene '[surface]\nname = booth\n[captions]\n500 = too late\n'
bad "caption after the last step" 4 1 "caption at step 500, after the last step (100)"
scene '[surface]\nname = booth\n[optimizer]\ntype = sgd\nlabel = a\n[optimizer]\ntype = adam\nlabel = a\n'
bad "duplicate label" 8 9 "another optimizer already has this label"
scene '[surface]\n\tf = (x + y\n'
bad "tab before a formula: caret still lines up" 2 12 "unexpected end of formula"

# errors without a single line at fault: one line
printf '# nothing here\n[race]\nsteps = 5\n' >"$TMP/bad.scene"
expect_fail "missing surface" "bad.scene:3: no surface" trace --scene "$TMP/bad.scene"
expect_fail "missing file" "nope.scene: No such file" trace --scene "$TMP/nope.scene"

# the command line overrides the file, whatever the order
run trace --steps 3 --scene scenes/lr-regimes.scene --opt sgd:lr=0.1
expect "options override the scene" [ "$(wc -l <"$TMP/out")" -eq 5 ] && true
grep -q '^sgd,3,' "$TMP/out" && ok "override keeps the scene's surface" || not_ok "override keeps the scene's surface" "$(cat "$TMP/out")"

# several starts: every optimizer from every start
run trace --scene scenes/local-minima.scene --steps 1
n=$(grep -c ',1,' "$TMP/out")
[ "$n" -eq 8 ] && ok "two optimizers from four starts make eight racers" || not_ok "eight racers" "$n rows at step 1"
expect_fail "too many racers" "racers (at most 12)" trace --scene scenes/local-minima.scene --opt sgd --opt adam --opt momentum --opt nesterov --opt rmsprop --opt adagrad

# formula vs built-in: the same rows within 1e-12 (relative) for the
# first-order optimizers. BFGS's line search amplifies the last-bit
# differences of the two evaluations over its iterations (Ackley: 7e-12 by
# step 6), so its rows are compared within 1e-9.
same_rows() {
    name=$1 tol=$2 surf=$3 formula=$4; shift 4
    "$BIN" trace --surface "$surf" "$@" >"$TMP/a" 2>/dev/null
    "$BIN" trace --formula "$formula" "$@" >"$TMP/b" 2>/dev/null
    if [ "$(wc -l <"$TMP/a")" -gt 10 ] && [ "$(wc -l <"$TMP/a")" -eq "$(wc -l <"$TMP/b")" ] &&
        paste -d, "$TMP/a" "$TMP/b" | awk -F, -v tol="$tol" 'NR > 1 {
            if ($1 != $6 || $2 != $7) bad = 1
            for (i = 3; i <= 5; i++) { d = $i - $(i + 5); if (d < 0) d = -d
                s = $i < 0 ? -$i : $i; if (s < 1) s = 1; if (d > tol * s) bad = 1 } }
            END { exit bad }'; then ok "$name"; else not_ok "$name" "$(diff "$TMP/a" "$TMP/b" | head -n 4)"; fi
}
for s in booth:0,0 rosenbrock:-1.2,1 beale:0.5,-1.5 himmelblau:-0.3,-0.9 rastrigin:-2.3,3.1 \
    saddle:-1,0 valley:-9,1.5 monkey:1.2,0.6 ackley:3.2,-2.6; do
    surf=${s%%:*} start=${s#*:}
    f=$("$BIN" surfaces | sed -n "s/^$surf *f = //p")
    same_rows "--formula equals --surface $surf" 1e-12 "$surf" "$f" --start "$start" --steps 60 \
        --opt sgd:lr=0.001 --opt momentum:lr=0.001 --opt adam:lr=0.02 --opt nesterov:lr=0.001
    same_rows "--formula equals --surface $surf (bfgs)" 1e-9 "$surf" "$f" --start "$start" \
        --steps 30 --opt bfgs
done

expect_fail "formula error names the column" "--formula: 'x + sine(y)': column 5: unknown function 'sine'" trace --formula 'x + sine(y)'
run trace --formula 'log(x) + y^2' --start -1,1 --opt sgd --steps 3
[ "$status" -eq 0 ] && grep -q "sgd: diverged at step 0" "$TMP/err" && ok "undefined start: diverged at step 0" || not_ok "undefined start" "$(cat "$TMP/err")"
run trace --formula 'x^2 + 4*y^2' --opt sgd --steps 1 --analyze
sed -n 2p "$TMP/err" | grep -q '^sgd,running,1,.*,2,8,minimum,4,' && ok "--analyze: eigenvalues 2 and 8, condition 4" || not_ok "--analyze" "$(cat "$TMP/err")"
# A scene by name from any folder: the program's own ../scenes (build/descent).
out=$(cd "$TMP" && "$BIN" lr-regimes </dev/null 2>/dev/null)
expect "a scene by name from another folder" sh -c "printf '%s' \"$out\" | head -n 1 | grep -q '^booth: '"

finish
