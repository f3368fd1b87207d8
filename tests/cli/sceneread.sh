#!/bin/sh
# The one reader of the scene format: byte-order marks, CRLF, NUL bytes,
# files that are not regular, the byte limits as documented in
# docs/scene-format.md, and formula limits documented = enforced.
. tests/lib.sh

printf '[surface]\nname = booth\n[race]\nsteps = 3\n[optimizer]\ntype = adam\n' >"$TMP/plain.scene"
"$BIN" trace --scene "$TMP/plain.scene" >"$TMP/plain.csv" 2>&1
printf '\357\273\277' | cat - "$TMP/plain.scene" >"$TMP/bom.scene"
run trace --scene "$TMP/bom.scene"
[ "$status" -eq 0 ] && cmp -s "$TMP/out" "$TMP/plain.csv" && ok "a UTF-8 byte-order mark at the start is skipped" ||
    not_ok "a UTF-8 byte-order mark at the start is skipped" "$(cat "$TMP/err")"
sed 's/$/\r/' "$TMP/bom.scene" >"$TMP/crlf.scene"
run trace --scene "$TMP/crlf.scene"
[ "$status" -eq 0 ] && cmp -s "$TMP/out" "$TMP/plain.csv" && ok "CRLF lines (and a BOM) read as plain ones" ||
    not_ok "CRLF lines (and a BOM) read as plain ones" "$(cat "$TMP/err")"
printf '[surface]\nname = booth\n[race]\nsteps = 3\n\357\273\277[optimizer]\n' >"$TMP/midbom.scene"
run trace --scene "$TMP/midbom.scene"
[ "$status" -eq 2 ] && head -n 1 "$TMP/err" | grep -q "midbom.scene:5:1: expected 'key = value' or a \[section\]" &&
    ok "a byte-order mark elsewhere is an error at its place" || not_ok "a byte-order mark elsewhere is an error" "$(cat "$TMP/err")"

# located LINE:COL PATTERN FILE: exit 2, "FILE:LINE:COL: PATTERN", the line, a caret.
located() {
    name=$1 where=$2 pattern=$3 file=$4
    run trace --scene "$file"
    col=${where#*:}
    if [ "$status" -eq 2 ] && [ ! -s "$TMP/out" ] && [ "$(wc -l <"$TMP/err")" -eq 3 ] &&
        head -n 1 "$TMP/err" | grep -q -- "$(basename "$file"):$where: $pattern" &&
        [ "$(sed -n 3p "$TMP/err")" = "$(printf "%$((col + 1))s^" "")" ]; then
        ok "$name"
    else
        not_ok "$name" "status $status, wanted $where: $pattern" "$(cat "$TMP/err")"
    fi
}
# a NUL after two accented characters: column 13 counts characters, not bytes
printf '[scene]\n# \0 in a comment\ntitle = \303\251\303\251 x\0y\n' >"$TMP/nul1.scene"
located "a NUL byte in a comment: an error at its line and column" 2:3 "a NUL byte" "$TMP/nul1.scene"
printf '[scene]\ntitle = \303\251\303\251 x\0y\n[surface]\nname = booth\n' >"$TMP/nul2.scene"
located "a NUL byte: line and column (in characters)" 2:13 "a NUL byte" "$TMP/nul2.scene"
printf '[surface]\nname = booth\n\n\n[race]\nsteps = 1\0\n' >"$TMP/nul3.scene"
located "line numbers stay right up to a NUL" 6:10 "a NUL byte" "$TMP/nul3.scene"

expect_fail_first "--scene /dev/zero refused at once" "/dev/zero: .*not a regular file" trace --scene /dev/zero
mkfifo "$TMP/fifo.scene"
expect_fail_first "--scene FIFO refused, no hang" "fifo.scene: .*not a regular file" trace --scene "$TMP/fifo.scene"
expect_fail_first "--scene /dev/stdin fed from /dev/zero refused" "not a regular file" trace --scene /dev/stdin </dev/zero
expect_fail_first "the explorer's scene argument that is /dev/zero refused" "not a regular file" /dev/zero </dev/null
head -c 1048577 /dev/zero | tr '\0' '#' >"$TMP/big.scene"
expect_fail_first "a scene over 1 MB refused before reading" "big.scene" trace --scene "$TMP/big.scene"

# Byte limits, said in bytes: 128 accented letters are 256 bytes.
awk 'BEGIN { printf "[scene]\ntitle = "; for (i = 0; i < 128; i++) printf "\303\251"; print "" }' >"$TMP/title.scene"
expect_fail_first "a 256-byte title: 'longer than 255 bytes'" "title.scene:2:9: title longer than 255 bytes" trace --scene "$TMP/title.scene"
awk 'BEGIN { printf "[scene]\ntitle = "; for (i = 0; i < 127; i++) printf "\303\251"; print "\n[surface]\nname = booth" }' >"$TMP/title2.scene"
run trace --scene "$TMP/title2.scene" --steps 1
[ "$status" -eq 0 ] && ok "a 254-byte title of 127 accented letters is accepted" || not_ok "a 254-byte title is accepted" "$(cat "$TMP/err")"
# 2045 accented letters after "# " make a line of 4092 bytes; 2048 one of 4098.
awk 'BEGIN { printf "# "; for (i = 0; i < 2045; i++) printf "\303\251"; print "\n[surface]\nname = booth" }' >"$TMP/line1.scene"
run trace --scene "$TMP/line1.scene" --steps 1
[ "$status" -eq 0 ] && ok "a 4092-byte line is accepted" || not_ok "a 4092-byte line is accepted" "$(head -c 300 "$TMP/err")"
awk 'BEGIN { printf "# "; for (i = 0; i < 2048; i++) printf "\303\251"; print "\n[surface]\nname = booth" }' >"$TMP/line2.scene"
expect_fail_first "a 4098-byte line is refused: the limit counts bytes" "line2.scene:1:[0-9]*: line longer than 4096 bytes" trace --scene "$TMP/line2.scene"
grep -q "at most 4096 bytes (every byte counts" docs/scene-format.md && ok "docs/scene-format.md states the limit in bytes" ||
    not_ok "docs/scene-format.md states the limit in bytes"

# Formula limits as documented: nesting depth 100, 512 numbers, names and operations.
nest() { awk -v n="$1" -v open="$2" 'BEGIN { for (i = 0; i < n; i++) printf "%s", open; printf "x"; for (i = 0; i < n; i++) printf ")"; print "" }'; }
grep -q "nesting\$" docs/scene-format.md && grep -q "depth 100 (parentheses, calls, signs and powers" docs/scene-format.md &&
    grep -q "512 numbers, names and operations" docs/scene-format.md && ok "docs state depth 100 and 512 numbers, names and operations" ||
    not_ok "docs state the formula limits"
run trace --formula "$(nest 100 '(')" --steps 0
[ "$status" -eq 0 ] && ok "100 nested parentheses accepted (the documented depth)" || not_ok "100 nested parentheses accepted" "$(cut -c1-200 "$TMP/err")"
expect_fail_first "101 nested parentheses refused" "formula nested too deeply (more than 100 levels)" trace --formula "$(nest 101 '(')" --steps 0
run trace --formula "$(nest 100 'sin(')" --steps 0
[ "$status" -eq 0 ] && ok "100 nested calls accepted" || not_ok "100 nested calls accepted" "$(cut -c1-200 "$TMP/err")"
run trace --formula "$(awk 'BEGIN { for (i = 0; i < 100; i++) printf "-"; print "x" }')" --steps 0
[ "$status" -eq 0 ] && ok "100 signs accepted" || not_ok "100 signs accepted" "$(cut -c1-200 "$TMP/err")"
# 256 terms x+x+...: 256 names and 255 operations, 511 in all; 257 terms make 513.
terms() { awk -v n="$1" 'BEGIN { printf "x"; for (i = 1; i < n; i++) printf "+x"; print "" }'; }
run trace --formula "$(terms 256)" --steps 0
[ "$status" -eq 0 ] && ok "256 terms (511 numbers, names and operations) accepted" || not_ok "256 terms accepted" "$(cut -c1-200 "$TMP/err")"
expect_fail_first "257 terms (513) refused, saying what is counted" "more than 512 numbers, names and operations" trace --formula "$(terms 257)" --steps 0

finish
