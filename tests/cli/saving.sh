#!/bin/sh
# descent train --save: the model's mode is a new file's (0666 less the
# umask), a 250-character name can be saved, and a signal that ends the
# program while the model is being written leaves no F.tmpXXXXXX behind.
. tests/lib.sh
small="--dataset synthetic --iters 3 --batch 2 --train 10 --val 3 --test 2"

for mask in 022 077 002; do
    rm -f "$TMP/m.bin"
    (umask $mask; exec timeout 60 "$BIN" train $small --save "$TMP/m.bin") >/dev/null 2>"$TMP/err"
    want=$(printf '%o' $((0666 & ~0$mask)))
    got=$(stat -c %a "$TMP/m.bin" 2>/dev/null)
    if [ "$got" = "$want" ]; then ok "umask $mask: the model's mode is $want"
    else not_ok "umask $mask: the model's mode is $want" "got '$got'" "$(tail -2 "$TMP/err")"; fi
done

mkdir "$TMP/long"
name=$(printf '%0250d' 0 | tr 0 m)
run train $small --save "$TMP/long/$name"
if [ "$status" -eq 0 ] && [ -s "$TMP/long/$name" ] && [ "$(ls "$TMP/long" | wc -l)" -eq 1 ]; then
    ok "a 250-character file name is saved, nothing else left"
else not_ok "a 250-character file name is saved, nothing else left" "status $status" "$(tail -2 "$TMP/err")" "$(ls "$TMP/long")"; fi

# The signal arrives while the model is written: strace holds the save's
# fsync for 3 s, the test sends the signal once the temporary file exists.
if ! command -v strace >/dev/null 2>&1 || ! strace -qq -o /dev/null true 2>/dev/null; then
    skip "signals while saving: strace is not installed or cannot trace here"
    finish
    exit
fi
for sig in TERM HUP INT; do
    d=$TMP/sig-$sig; mkdir "$d"
    timeout 60 strace -f -qq -o /dev/null -e trace=fsync -e inject=fsync:delay_enter=3000000 \
        "$BIN" train $small --save "$d/m.bin" >/dev/null 2>"$TMP/err" &
    tracer=$!
    i=0
    while [ $i -lt 200 ] && ! ls "$d" | grep -q 'm.bin.tmp'; do sleep 0.05; i=$((i + 1)); done
    seen=$(ls "$d")
    # timeout's child is strace, whose child is descent
    st=$(pgrep -P $tracer | head -n 1)
    pid=$( [ -n "$st" ] && pgrep -P "$st" | head -n 1)
    [ -n "$pid" ] && kill -$sig "$pid"
    wait $tracer
    left=$(ls "$d")
    if echo "$seen" | grep -q 'm.bin.tmp' && [ -n "$pid" ] && [ -z "$left" ]; then
        ok "SIG$sig while saving removes the temporary file (and writes no model)"
    else not_ok "SIG$sig while saving removes the temporary file (and writes no model)" \
        "seen: $seen" "left: $left" "$(tail -2 "$TMP/err")"; fi
done
finish
