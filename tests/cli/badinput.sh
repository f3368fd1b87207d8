#!/bin/sh
# The bad-input corpus: broken dataset files, scenes, formulas, absurd numbers
# and out-of-range hyperparameters. Each must end in one clear "descent: ..."
# message and exit status 2 (or a correct result), never a crash, a hang (every
# run is under `timeout`) or a partial file. The files are generated here in
# $TMP; tests/badinput/ holds the few hand-written scenes.
. tests/lib.sh
. tests/datafiles.sh
bin_timeout 60
DIR=tests/badinput

# refuse NAME PATTERN ARGS...: status 2, no stdout, stderr's first line is
# "descent: ..." matching PATTERN (a scene error adds the line and a caret).
refuse() {
    name=$1 pattern=$2; shift 2
    run "$@"
    first=$(grep -a -m1 '^descent: ' "$TMP/err")
    # after it at most the quoted line and its caret (progress may come before)
    after=$(sed -n '/^descent: /,$p' "$TMP/err" | sed 1d | grep -acv '^  ')
    if [ "$status" -eq 2 ] && [ -n "$first" ] && [ "$after" -eq 0 ] && [ ! -s "$TMP/out" ] &&
        echo "$first" | grep -aq -- "$pattern" && [ "$(grep -ac '^descent: ' "$TMP/err")" -eq 1 ]; then
        ok "$name"
    else
        not_ok "$name" "status $status, wanted /$pattern/:" "$(head -c 600 "$TMP/err")" \
            "stdout: $(head -c 200 "$TMP/out")"
    fi
}

# --- CIFAR-10 binary layout ------------------------------------------------
small="--iters 3 --batch 2 --train 10 --val 3 --test 2"

cifar_dir "$TMP/ok"
run train --data "$TMP/ok" $small
if [ "$status" -eq 0 ] && grep -q 'test_acc=' "$TMP/out"; then ok "tiny valid CIFAR binary trains"
else not_ok "tiny valid CIFAR binary trains" "status $status" "$(tail -3 "$TMP/err")"; fi

cifar_dir "$TMP/trunc"; head -c 5000 "$TMP/ok/data_batch_1.bin" >"$TMP/trunc/data_batch_3.bin"
refuse "truncated CIFAR batch" 'data_batch_3.bin: size 5000 bytes is not a whole number of 3073' \
    train --data "$TMP/trunc" $small
cifar_dir "$TMP/over"; { record 1; head -c 100 /dev/zero; } >>"$TMP/over/test_batch.bin"
refuse "CIFAR batch with trailing bytes" 'test_batch.bin: size 9319 bytes' train --data "$TMP/over" $small
cifar_dir "$TMP/label"; { record 1; record 10; } >"$TMP/label/data_batch_2.bin"
refuse "CIFAR label 10" 'data_batch_2.bin: record 1 has label 10 (want 0-9)' train --data "$TMP/label" $small
cifar_dir "$TMP/label255"; record 255 >"$TMP/label255/test_batch.bin"
refuse "CIFAR label 255" 'test_batch.bin: record 0 has label 255' train --data "$TMP/label255" $small
cifar_dir "$TMP/empty"; : >"$TMP/empty/data_batch_4.bin"
refuse "empty CIFAR batch" 'data_batch_4.bin: size 0 bytes' train --data "$TMP/empty" $small
cifar_dir "$TMP/missing"; rm "$TMP/missing/data_batch_5.bin"
refuse "missing CIFAR batch" 'data_batch_5.bin: No such file' train --data "$TMP/missing" $small
cifar_dir "$TMP/isdir"; rm "$TMP/isdir/test_batch.bin"; mkdir "$TMP/isdir/test_batch.bin"
refuse "CIFAR batch that is a folder" 'test_batch.bin' train --data "$TMP/isdir" $small
cifar_dir "$TMP/meta"; printf 'a\nb\n' >"$TMP/meta/batches.meta.txt"
refuse "CIFAR meta with 2 class names" 'batches.meta.txt: 2 class names, want 10' train --data "$TMP/meta" $small

# --- CIFAR-10 python layout (pickles) --------------------------------------
py_dir() { # py_dir DIR BYTES: data_batch_1 holds BYTES (printf format)
    mkdir -p "$1"; printf "$2" >"$1/data_batch_1"
}
py_dir "$TMP/py1" '\200\002}q\000(U\001aK\001c__builtin__\neval\nq\001u.'
refuse "pickle SETITEMS with an odd count" "data_batch_1: pickle SETITEMS at offset 31 has an odd number of items" train --data "$TMP/py1" $small
py_dir "$TMP/py2" '\200\002}q\000(U\006labelsG\000u.'
refuse "pickle opcode G (binfloat)" "data_batch_1: unexpected pickle opcode 0x47 'G' at offset 14" train --data "$TMP/py2" $small
py_dir "$TMP/py10" '\200\002}q\000(U\006labelsK\001u.'
refuse "pickle labels not a list" "data_batch_1: 'labels' is not a list" train --data "$TMP/py10" $small
py_dir "$TMP/py11" '\200\002}q\000(U\006labels]q\001(K\001eU\004dataK\000u.'
refuse "pickle data not an array" "data_batch_1: 'data' is not a numpy array" train --data "$TMP/py11" $small
py_dir "$TMP/py3" '\200\003}q\000.'
refuse "pickle protocol 3" 'data_batch_1: pickle protocol 3 is newer' train --data "$TMP/py3" $small
py_dir "$TMP/py4" '\200\002}q\000(U\006labels]q\001(K\001K\014eu.'
refuse "pickle label 12" 'data_batch_1: label 1 is 12 (want 0-9)' train --data "$TMP/py4" $small
py_dir "$TMP/py5" '\200\002}q\000(U\006labels]q\001(K\001'
refuse "truncated pickle" 'data_batch_1: pickle truncated' train --data "$TMP/py5" $small
py_dir "$TMP/py6" '\200\002X\377\377\377\377'
refuse "pickle string of 4 GB" 'data_batch_1: pickle string at offset 2 has a negative length' train --data "$TMP/py6" $small
py_dir "$TMP/py7" '\200\002h\005.'
refuse "pickle memo never stored" 'data_batch_1: pickle memo 5 at offset 2 was never stored' train --data "$TMP/py7" $small
py_dir "$TMP/py8" '\200\002cos\nsystem\nU\002lsR.'
refuse "pickle REDUCE of os.system (never called)" 'data_batch_1: pickle REDUCE at offset .* does not apply a GLOBAL to a tuple' train --data "$TMP/py8" $small
py_dir "$TMP/py9" '\200\002cos\nsystem\nU\002ls\205R.'
refuse "pickle os.system(ls) is only a value" "data_batch_1: pickle is not a dict" train --data "$TMP/py9" $small

# --- IDX (Fashion-MNIST layout) --------------------------------------------
tiny="--iters 2 --batch 2 --train 2 --val 1 --test 2"
idx_dir "$TMP/idx"
run train --data "$TMP/idx" $tiny
if [ "$status" -eq 0 ]; then ok "tiny valid IDX trains"; else not_ok "tiny valid IDX trains" "$(tail -3 "$TMP/err")"; fi
idx_dir "$TMP/idxm"; { be32 2052; be32 4; be32 2; be32 2; head -c 16 /dev/zero; } >"$TMP/idxm/train-images-idx3-ubyte"
refuse "IDX wrong magic" 'train-images-idx3-ubyte: bad IDX magic 0x00000804' train --data "$TMP/idxm" $tiny
idx_dir "$TMP/idxt"; { be32 2051; be32 4; be32 2; be32 2; head -c 15 /dev/zero; } >"$TMP/idxt/train-images-idx3-ubyte"
refuse "IDX truncated images" 'train-images-idx3-ubyte: size 31 bytes, its header implies 32' train --data "$TMP/idxt" $tiny
idx_dir "$TMP/idxo"; printf 'x' >>"$TMP/idxo/t10k-labels-idx1-ubyte"
refuse "IDX oversized labels" 't10k-labels-idx1-ubyte: size 11 bytes, its header implies 10' train --data "$TMP/idxo" $tiny
idx_dir "$TMP/idxh"; { be32 2051; be32 65536; be32 256; be32 256; printf abc; } >"$TMP/idxh/train-images-idx3-ubyte"
refuse "IDX header claiming 4 GB: refused by the limit before reading" 'implausible IDX header: 4.29 GB of data (at most 1 GB)' \
    train --data "$TMP/idxh" $tiny
idx_dir "$TMP/idxl"; { be32 2049; be32 4; printf '\000\001\012\011'; } >"$TMP/idxl/train-labels-idx1-ubyte"
refuse "IDX label 10" 'train-labels-idx1-ubyte: label 2 is 10 (want 0-9)' train --data "$TMP/idxl" $tiny
idx_dir "$TMP/idxc"; { be32 2049; be32 3; printf '\000\001\002'; } >"$TMP/idxc/train-labels-idx1-ubyte"
refuse "IDX 3 labels for 4 images" 'train-labels-idx1-ubyte: 3 labels for 4 images' train --data "$TMP/idxc" $tiny
idx_dir "$TMP/idxz"; printf '\037\213\010\000garbage' >"$TMP/idxz/t10k-images-idx3-ubyte"
refuse "IDX corrupt gzip" 't10k-images-idx3-ubyte: ' train --data "$TMP/idxz" $tiny

# --- model files (--load) --------------------------------------------------
printf 'DESCENTW' >"$TMP/short.model"
refuse "model truncated to its magic" 'short.model: not a descent model' train --dataset synthetic --load "$TMP/short.model" $small
run train --dataset synthetic $small --save "$TMP/good.model"
if [ "$status" -eq 0 ] && [ -s "$TMP/good.model" ]; then ok "a model saves"; else not_ok "a model saves" "$(tail -2 "$TMP/err")"; fi
size=$(wc -c <"$TMP/good.model")
head -c $((size - 9)) "$TMP/good.model" >"$TMP/cut.model"
refuse "model truncated" 'cut.model: size .* its header implies' train --dataset synthetic --load "$TMP/cut.model" $small
{ cat "$TMP/good.model"; printf x; } >"$TMP/long.model"
refuse "model with a byte too many" 'long.model: size' train --dataset synthetic --load "$TMP/long.model" $small
{ head -c 100 "$TMP/good.model"; printf 'Z'; tail -c $((size - 101)) "$TMP/good.model"; } >"$TMP/flip.model"
refuse "model with a damaged byte" 'flip.model: checksum mismatch' train --dataset synthetic --load "$TMP/flip.model" $small
{ printf 'DESCENTW\004\000\000\000'; tail -c $((size - 12)) "$TMP/good.model"; } >"$TMP/v4.model"
refuse "model of version 4" 'v4.model: model format version 4' train --dataset synthetic --load "$TMP/v4.model" $small

# --- no partial files ------------------------------------------------------
mkdir "$TMP/models"
refuse "--save into a missing folder" 'models/no/m.bin: No such file or directory (the folder ' train --dataset synthetic $small --save "$TMP/models/no/m.bin"
mkdir "$TMP/models/taken"
refuse "--save over a folder" 'models/taken: is a folder' train --dataset synthetic $small --save "$TMP/models/taken"
left=$(find "$TMP/models" -type f | wc -l)
if [ "$left" -eq 0 ]; then ok "failed saves leave no file behind"; else not_ok "failed saves leave no file behind" "$(find "$TMP/models" -type f)"; fi
if [ "$(id -u)" -ne 0 ]; then
    mkdir "$TMP/ro"; chmod 555 "$TMP/ro"
    refuse "--save into a read-only folder" 'ro/m.bin: Permission denied' train --dataset synthetic $small --save "$TMP/ro/m.bin"
    [ -z "$(ls -A "$TMP/ro")" ] && ok "read-only folder stays empty" || not_ok "read-only folder stays empty"
    chmod 755 "$TMP/ro"
else
    skip "--save into a read-only folder: running as root, who may write anywhere"
fi

# --- hyperparameters out of range ------------------------------------------
refuse "negative lr" 'lr must be > 0' train --dataset synthetic --opt sgd:lr=-0.1 $small
refuse "lr = -0" 'lr must be > 0' trace --surface booth --opt sgd:lr=-0
refuse "rmsprop decay = 1" 'decay must be in \[0, 1)' trace --surface booth --opt rmsprop:decay=1
refuse "rmsprop decay = 1.5" 'decay must be in \[0, 1)' train --dataset synthetic --opt rmsprop:decay=1.5 $small
refuse "adam beta2 = 1" 'beta2 must be in \[0, 1)' trace --surface booth --opt adam:beta2=1
refuse "momentum = 1" 'momentum must be in \[0, 1)' trace --surface booth --opt momentum:momentum=1
refuse "adam eps = 0" 'eps must be > 0' trace --surface booth --opt adam:eps=0
refuse "lr = nan" "lr: 'nan' is not a number" trace --surface booth --opt sgd:lr=nan
refuse "lr = inf" "lr: 'inf' is not a number" trace --surface booth --opt sgd:lr=inf
refuse "lr = 1e999" "lr: '1e999' is not a number" trace --surface booth --opt sgd:lr=1e999
refuse "negative reg" "--reg: '-1' is not a number >= 0" train --dataset synthetic --reg -1 $small
refuse "batch 0" "--batch: '0' is not an integer" train --dataset synthetic --batch 0
refuse "steps -1" "--steps: '-1' is not a whole number" trace --surface booth --steps -1
refuse "steps 1e308" "--steps: '1e308' is not a whole number" trace --surface booth --steps 1e308
refuse "iters beyond the limit" "--iters: '99999999999' is not an integer" train --dataset synthetic --iters 99999999999
refuse "noise nan" "--noise: 'nan' is not a number >= 0" trace --surface booth --noise nan
refuse "start nan" "--start: 'nan,0' is not X,Y" trace --surface booth --start nan,0
refuse "empty view" "--view: the view's x range \[1, 1\] is empty" trace --surface booth --view 1,1,0,1

# --- views doubles cannot resolve (issue 18: the ticks looped forever) -------
tiny="the view's x range \[1, 1.0000000000000011\] is too narrow for doubles to resolve"
refuse "--view a few ULPs wide, with --svg" "--view: $tiny" \
    trace --surface booth --view 1,1.000000000000001,0,1 --svg "$TMP/n.svg"
[ ! -e "$TMP/n.svg" ] && [ -z "$(find "$TMP" -name 'n.svg*')" ] && ok "... and no SVG, whole or temporary" ||
    not_ok "... and no SVG, whole or temporary" "$(ls "$TMP")"
refuse "--view 1e15 +- 1e-15 (equal edges)" "the view's y range \[1000000000000000, 1000000000000000\] is empty" \
    trace --surface booth --view 0,1,999999999999999.999999999999999,1000000000000000.000000000000001
refuse "--view 1e15 a quarter wide" "--view: the view's x range \[1000000000000000, 1000000000000000.2\] is too narrow" \
    trace --surface booth --view 1e15,1000000000000000.25,0,1
refuse "the explorer with that view" "--view: $tiny" --surface booth --view 1,1.000000000000001,0,1
refuse "--view wider than 1e9" "x range \[-10000000000, 10000000000\] is wider than 1e+09" trace --surface booth --view -1e10,1e10,0,1
printf '[surface]\nname = booth\nview = 1, 1.000000000000001, 0, 1\n' >"$TMP/ulp.scene"
refuse "a scene's view a few ULPs wide" "ulp.scene:3:8: $tiny" trace --scene "$TMP/ulp.scene"
refuse "the explorer opening that scene" "ulp.scene:3:8: $tiny" "$TMP/ulp.scene"
mkdir -p "$TMP/conf/descent"
echo "scene = $TMP/ulp.scene" >"$TMP/conf/descent/config"
XDG_CONFIG_HOME=$TMP/conf refuse "the settings file's scene with that view" "ulp.scene:3:8: $tiny" trace

# --- absurd but valid numbers: a correct result -----------------------------
run trace --surface booth --opt sgd:lr=1e308 --steps 3
if [ "$status" -eq 0 ] && grep -q '^sgd: diverged at step 1' "$TMP/err" && grep -q '^sgd,0,0,0,74$' "$TMP/out"; then
    ok "lr 1e308 diverges at step 1, path kept up to it"
else not_ok "lr 1e308 diverges at step 1, path kept up to it" "status $status" "$(cat "$TMP/err")"; fi
# From 1e-320 with lr 1e-320 the point barely moves: one step adds lr*grad,
# grad of Booth at the origin is (-34, -38), so x1 = 34e-320 (a subnormal).
run trace --surface booth --start 0,0 --opt sgd:lr=1e-320 --steps 1
x1=$(sed -n 's/^sgd,1,\([^,]*\),.*/\1/p' "$TMP/out")
if [ "$status" -eq 0 ] && echo "$x1" | grep -q '^3\.[34][0-9]*e-319$'; then
    ok "lr 1e-320 (subnormal) takes a subnormal step"
else not_ok "lr 1e-320 (subnormal) takes a subnormal step" "status $status x1=$x1" "$(head -3 "$TMP/err")"; fi
run trace --surface booth --start -0,-0 --opt sgd:lr=0.1 --steps 1
if [ "$status" -eq 0 ] && grep -q '^sgd,0,-0,-0,74$' "$TMP/out"; then ok "start -0,-0: f = 49 + 25 = 74"
else not_ok "start -0,-0: f = 49 + 25 = 74" "$(head -3 "$TMP/out")"; fi
run trace --surface booth --start 1e308,1e308 --opt adam --steps 5
if [ "$status" -eq 0 ] && grep -q '^adam: diverged at step 0' "$TMP/err"; then ok "start 1e308: f overflows, diverged at step 0"
else not_ok "start 1e308: f overflows, diverged at step 0" "status $status" "$(cat "$TMP/err")"; fi
run trace --formula 'x/0 + y' --opt sgd --steps 2
if [ "$status" -eq 0 ] && grep -q '^sgd: diverged at step 0' "$TMP/err"; then ok "x/0 is undefined everywhere: diverged at step 0"
else not_ok "x/0 is undefined everywhere: diverged at step 0" "status $status" "$(cat "$TMP/err")"; fi
run trace --formula '1e308*x^2 + y^2' --start 1,1 --opt sgd:lr=1 --steps 2
if [ "$status" -eq 0 ] && grep -q '^sgd: diverged at step 1' "$TMP/err"; then ok "1e308*x^2: gradient 2e308 overflows, diverged at step 1"
else not_ok "1e308*x^2: gradient 2e308 overflows, diverged at step 1" "status $status" "$(cat "$TMP/err")"; fi

# --- formulas ----------------------------------------------------------------
deep=$(awk 'BEGIN { for (i = 0; i < 60000; i++) printf "("; printf "x"; for (i = 0; i < 60000; i++) printf ")" }')
refuse "120001-character formula: refused as an argument" 'an argument of 120001 bytes' trace --formula "$deep"
deep=$(awk 'BEGIN { for (i = 0; i < 1000; i++) printf "("; printf "x"; for (i = 0; i < 1000; i++) printf ")" }')
refuse "2001-character formula" 'column 1001: formula longer than 1000 characters' trace --formula "$deep"
deep=$(awk 'BEGIN { for (i = 0; i < 400; i++) printf "("; printf "x"; for (i = 0; i < 400; i++) printf ")" }')
refuse "400 nested parentheses" 'column [0-9]*: formula nested too deeply' trace --formula "$deep"
deep=$(awk 'BEGIN { for (i = 0; i < 500; i++) printf "-"; printf "x" }')
refuse "500 nested signs" 'nested too deeply' trace --formula "$deep"
deep=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "x^"; printf "x" }')
refuse "300 chained powers" 'nested too deeply' trace --formula "$deep"
deep=$(awk 'BEGIN { for (i = 0; i < 150; i++) printf "sin("; printf "x"; for (i = 0; i < 150; i++) printf ")" }')
refuse "150 nested calls" 'nested too deeply' trace --formula "$deep"
many=$(awk 'BEGIN { printf "x"; for (i = 0; i < 450; i++) printf "+x" }')
refuse "901-term formula" 'formula too large (more than 512 numbers, names and operations)' trace --formula "$many"
refuse "empty formula" 'empty formula' trace --formula ''
refuse "unknown name nan" "unknown name 'nan'" trace --formula 'nan*x'
refuse "dangling operator" 'unexpected end of formula' trace --formula 'x +'
refuse "unbalanced parenthesis" "column" trace --formula '(x + y'
refuse "formula without x or y" 'uses neither x nor y' trace --formula '1e308*1e308'
refuse "binary bytes in a formula" 'column 2: expected an operator' trace --formula "$(printf 'x\001\377')"

# --- scenes with every kind of mistake --------------------------------------
scene() { printf "$1" >"$TMP/s.scene"; }
bad_scene() { # bad_scene NAME PATTERN TEXT
    scene "$3"; refuse "scene: $1" "s.scene:$2" trace --scene "$TMP/s.scene" --steps 2
}
bad_scene "no surface" '2: no surface' '[scene]\ntitle = x\n'
bad_scene "empty file" '1: no surface' ''
bad_scene "binary bytes" '' '\000\001\377\376[\n'
bad_scene "unknown surface" "2:8: unknown surface 'nope'" '[surface]\nname = nope\n'
bad_scene "both name and f" '3:1: the surface is already given at line 2' '[surface]\nname = booth\nf = x^2\n'
bad_scene "bad formula" "2:7: unexpected '^'" '[surface]\nf = x^^2\n'
bad_scene "unclosed header" "1:9: expected ']'" '[surface\nname = booth\n'
bad_scene "unknown section" '1:2: unknown section \[nonsense\]' '[nonsense]\n'
bad_scene "duplicate key" "3:1: duplicate key 'name'" '[surface]\nname = booth\nname = booth\n'
bad_scene "unknown key" "3:1: unknown key 'colour'" '[surface]\nname = booth\ncolour = red\n'
bad_scene "key outside a section" "1:1: 'name' outside a section" 'name = booth\n'
bad_scene "no equals sign" "2:1: expected 'key = value'" '[surface]\nname booth\n'
bad_scene "one number for a start" '4:9: start needs 2 numbers' '[surface]\nname = booth\n[race]\nstart = 1\n'
bad_scene "three numbers for a start" '4:9: start needs 2 numbers' '[surface]\nname = booth\n[race]\nstart = 1, 2, 3\n'
bad_scene "start nan" "4:9: 'nan' is not a number" '[surface]\nname = booth\n[race]\nstart = nan, 0\n'
bad_scene "steps 1e308" "4:9: steps: '1e308' is not a whole number" '[surface]\nname = booth\n[race]\nsteps = 1e308\n'
bad_scene "noise -1" "4:9: noise: '-1' is not a number >= 0" '[surface]\nname = booth\n[race]\nnoise = -1\n'
bad_scene "empty view" "3:8: the view's x range \\[1, 0\\] is empty" '[surface]\nname = booth\nview = 1, 0, 0, 1\n'
bad_scene "negative lr" '5:6: lr must be > 0' '[surface]\nname = booth\n[optimizer]\ntype = sgd\nlr = -1\n'
bad_scene "decay 1" '5:9: decay must be in \[0, 1)' '[surface]\nname = booth\n[optimizer]\ntype = rmsprop\ndecay = 1\n'
bad_scene "beta2 1" '5:9: beta2 must be in \[0, 1)' '[surface]\nname = booth\n[optimizer]\ntype = adam\nbeta2 = 1\n'
bad_scene "optimizer without type" "3:1: \[optimizer\] without 'type = NAME'" '[surface]\nname = booth\n[optimizer]\nlr = 0.1\n'
bad_scene "unknown optimizer" "4:8: unknown optimizer 'warp'" '[surface]\nname = booth\n[optimizer]\ntype = warp\n'
bad_scene "caption key not a step" "4:1: caption key 'x'" '[surface]\nname = booth\n[captions]\nx = hello\n'
bad_scene "caption after the end" '4:1: caption at step 500, after the last step (100)' '[surface]\nname = booth\n[captions]\n500 = late\n'
bad_scene "too many racers" '6:1: 6 optimizers from 3 start points make 18 racers' \
    '[surface]\nname = booth\n[race]\nstart = 1,1\nstart = 2,2\nstart = 3,3\n'
awk 'BEGIN { printf "[scene]\ntitle = "; for (i = 0; i < 5000; i++) printf "a"; print "" }' >"$TMP/long.scene"
refuse "scene: a 5000-character line" 'long.scene:2:4097: line longer than 4096 bytes' trace --scene "$TMP/long.scene"
if sed -n 2p "$TMP/err" | grep -q '^  …aaa' && [ "$(sed -n 2p "$TMP/err" | wc -c)" -le 80 ]; then
    ok "scene: the long line is the one quoted, cut to its end (…aaa)"
else not_ok "scene: the long line is the one quoted, cut to its end" "$(cut -c1-80 "$TMP/err")"; fi
awk 'BEGIN { printf "[surface]\nf = "; for (i = 0; i < 400; i++) printf "("; printf "x"; for (i = 0; i < 400; i++) printf ")"; print "" }' >"$TMP/deep.scene"
refuse "scene: 400 nested parentheses" 'deep.scene:2:[0-9]*: formula nested too deeply' trace --scene "$TMP/deep.scene"
refuse "scene: a folder" 'is a folder, not a regular file' trace --scene "$TMP"
refuse "scene: missing file" 'No such file' trace --scene "$TMP/none.scene"
for f in "$DIR"/*.scene; do
    [ -f "$f" ] || continue
    want=$(sed -n 's/^# expect: //p' "$f")
    refuse "scene: $(basename "$f")" "$want" trace --scene "$f" --steps 2
done

# --- long runs -----------------------------------------------------------------
run trace --surface booth --opt sgd:lr=0.1 --steps 100000
rows=$(wc -l <"$TMP/out")
last=$(tail -n 1 "$TMP/out")
if [ "$status" -eq 0 ] && [ "$rows" -eq 100002 ] &&
    echo "$last" | awk -F, '{ exit !($2 == 100000 && ($3 - 1)^2 < 1e-12 && ($4 - 3)^2 < 1e-12) }'; then
    ok "100000-step trace: 100001 rows, ends at Booth's minimum (1, 3)"
else not_ok "100000-step trace: 100001 rows, ends at Booth's minimum (1, 3)" "status $status rows $rows last $last"; fi
finish
