#!/bin/sh
# Hostile input files for the data readers (issues 11 and 18): where a dataset
# file, a folder or a model is expected, a FIFO, a device, /dev/stdin fed from
# a device, a 9 GB sparse file, a symlink loop; gzip streams with a bad CRC,
# length or no trailer; IDX headers that lie; a model whose checksum is right
# but whose numbers are not. Each must end in one "descent: ..." line naming
# the file and the true cause, exit status 2, within the timeout (a hang is
# status 124). Device nodes and FIFOs are our own, made in $TMP, never the
# system's; see tests/badinput/README.
. tests/lib.sh
. tests/datafiles.sh
bin_timeout 20

# refuse NAME PATTERN ARGS...: status 2, no stdout, one stderr line
# "descent: ..." matching PATTERN (progress lines may come before it).
refuse() {
    name=$1 pattern=$2; shift 2
    run "$@" </dev/null
    check_refusal "$name" "$pattern"
}
check_refusal() {
    first=$(grep -a -m1 '^descent' "$TMP/err")
    if [ "$status" -eq 2 ] && [ ! -s "$TMP/out" ] && echo "$first" | grep -aq -- "$2" &&
        [ "$(grep -ac '^descent' "$TMP/err")" -eq 1 ] &&
        [ "$(sed -n '/^descent/,$p' "$TMP/err" | wc -l)" -eq 1 ]; then
        ok "$1"
    else
        not_ok "$1" "status $status, wanted /$2/:" "$(head -c 600 "$TMP/err")"
    fi
}

# run_limited KB ARGS...: run under an address-space limit (without one
# where this build cannot run under any: then only the message is checked)
limited=1
limits_work || limited=0
run_limited() {
    kb=$1; shift
    [ $limited -eq 1 ] || kb=unlimited
    (ulimit -v "$kb"; exec "$BIN" "$@") </dev/null >"$TMP/out" 2>"$TMP/err"
    status=$?
}

small_data="--batch 2 --train 10 --val 3 --test 2"
small="--iters 3 $small_data"
tiny="--iters 2 --batch 2 --train 2 --val 1 --test 2"

# Our own /dev/zero (character device 1,5) where we may make one.
ZERO=$TMP/zero
mknod "$ZERO" c 1 5 2>/dev/null || ZERO=
# A 9 GB file that takes no disk.
truncate -s 9G "$TMP/sparse" 2>/dev/null || : >"$TMP/sparse"
mkfifo "$TMP/fifo"

# hostile KIND: a file of that kind at path $1 (a FIFO, a device, 9 GB, a loop)
put() { # put KIND PATH
    rm -rf "$2"
    case $1 in
    fifo) mkfifo "$2" ;;
    device) mknod "$2" c 1 5 ;;
    sparse) truncate -s 9G "$2" ;;
    loop) ln -s "$(basename "$2")" "$2" ;;
    esac
}
want_for() { # the cause each kind must be reported with
    case $1 in
    fifo) echo 'is a FIFO, not a regular file' ;;
    device) echo 'is a device, not a regular file' ;;
    sparse) echo 'too large (9.66 GB; at most' ;;
    loop) echo 'Too many levels of symbolic links' ;;
    esac
}
kinds="fifo sparse loop"
[ -n "$ZERO" ] && kinds="$kinds device" || skip "device nodes: mknod not permitted here"

# --- every dataset file, each kind ------------------------------------------
for kind in $kinds; do
    want=$(want_for $kind)
    for f in data_batch_1.bin data_batch_4.bin test_batch.bin batches.meta.txt; do
        d=$TMP/c-$kind-$f; cifar_dir "$d"; put $kind "$d/$f"
        refuse "CIFAR binary $f: $kind" "$f: $want" train --data "$d" $small
    done
    d=$TMP/p-$kind; mkdir -p "$d"; put $kind "$d/data_batch_1"
    refuse "CIFAR python data_batch_1: $kind" "data_batch_1: $want" train --data "$d" $small
    d=$TMP/pm-$kind; mkdir -p "$d"; : >"$d/data_batch_1"; put $kind "$d/batches.meta"
    refuse "CIFAR python batches.meta: $kind" "batches.meta: $want" train --data "$d" $small
    for f in train-images-idx3-ubyte t10k-labels-idx1-ubyte; do
        d=$TMP/i-$kind-$f; idx_dir "$d"; put $kind "$d/$f"
        refuse "IDX $f: $kind" "$f: $want" train --data "$d" $tiny
    done
    d=$TMP/igz-$kind; idx_dir "$d"; rm "$d/t10k-images-idx3-ubyte"
    put $kind "$d/t10k-images-idx3-ubyte.gz"
    refuse "IDX .gz: $kind" "t10k-images-idx3-ubyte.gz: $want" train --data "$d" $tiny
    put $kind "$TMP/m-$kind.model"
    refuse "model (--load): $kind" "m-$kind.model: $want" train --dataset synthetic --load "$TMP/m-$kind.model" $small
done

# --- folders that are not folders -------------------------------------------
refuse "--data a FIFO" 'fifo: is a FIFO, not a folder' train --data "$TMP/fifo" $small
refuse "--data a 9 GB file" 'sparse: is a regular file, not a folder' train --data "$TMP/sparse" $small
ln -s loop "$TMP/loop"
refuse "--data a symlink loop (not 'no such folder')" 'loop: Too many levels of symbolic links' \
    train --data "$TMP/loop" $small
DESCENT_DATA=$TMP/loop run train $small </dev/null
check_refusal "DESCENT_DATA a symlink loop" 'DESCENT_DATA=.*loop: Too many levels of symbolic links'
d=$TMP/metadir; cifar_dir "$d"; mkdir "$d/batches.meta.txt"
refuse "batches.meta.txt a folder (not '0 class names')" 'batches.meta.txt: is a folder, not a regular file' \
    train --data "$d" $small
if [ -n "$ZERO" ]; then
    refuse "--data a device" 'zero: is a device, not a folder' train --data "$ZERO" $small
    # /dev/stdin is a link to descriptor 0: here our zero device
    run train --dataset synthetic --load /dev/stdin $small <"$ZERO"
    check_refusal "--load /dev/stdin fed from a zero device" '/dev/stdin: is a device, not a regular file'
    run train --data /dev/stdin $small <"$ZERO"
    check_refusal "--data /dev/stdin fed from a zero device" '/dev/stdin: is a device, not a folder'
fi
# a regular file on /dev/stdin is a regular file: read as one
run train --dataset synthetic $small --save "$TMP/good.model" </dev/null
run train --dataset synthetic --load /dev/stdin --iters 0 --train 10 --val 3 --test 2 <"$TMP/good.model"
if [ "$status" -eq 0 ] && grep -q 'test_acc=' "$TMP/out"; then ok "--load /dev/stdin from a model file works"
else not_ok "--load /dev/stdin from a model file works" "status $status" "$(tail -2 "$TMP/err")"; fi

# --- CIFAR batches bounded by the official size ---------------------------------
d=$TMP/big; cifar_dir "$d"; truncate -s 30733073 "$d/data_batch_2.bin"
refuse "CIFAR batch of 10001 records (more than an official batch)" \
    'data_batch_2.bin: too large (30.7 MB; at most 30.7 MB)' train --data "$d" $small
d=$TMP/pybig; mkdir -p "$d"; truncate -s 40000000 "$d/data_batch_1"
refuse "CIFAR python batch of 40 MB" 'data_batch_1: too large (40 MB; at most 31.4 MB)' train --data "$d" $small

# --- IDX and gzip: the true cause ---------------------------------------------
d=$TMP/swap; idx_dir "$d"; cp "$d/train-labels-idx1-ubyte" "$d/train-images-idx3-ubyte"
refuse "images file holding labels (not 'truncated')" \
    'train-images-idx3-ubyte: holds labels (IDX magic 0x00000801), want images (0x00000803)' train --data "$d" $tiny
d=$TMP/gz; idx_dir "$d"; gzip -n "$d/t10k-labels-idx1-ubyte"; good=$d/t10k-labels-idx1-ubyte.gz
size=$(wc -c <"$good")
gz_variant() { # gz_variant NAME: a copy of the good .gz folder as $TMP/NAME
    rm -rf "$TMP/$1"; cp -r "$d" "$TMP/$1"; v=$TMP/$1/t10k-labels-idx1-ubyte.gz
}
run train --data "$d" $tiny </dev/null
if [ "$status" -eq 0 ]; then ok "gzip'd IDX labels train"; else not_ok "gzip'd IDX labels train" "$(tail -2 "$TMP/err")"; fi
# the trailer is CRC-32 then ISIZE, 4 bytes each, little-endian
gz_variant crc; { head -c $((size - 8)) "$good"; printf '\000\000\000\000'; tail -c 4 "$good"; } >"$v"
refuse "gzip with a bad CRC (not 'truncated IDX header')" 't10k-labels-idx1-ubyte.gz: damaged gzip data (incorrect data check)' \
    train --data "$TMP/crc" $tiny
gz_variant isize; { head -c $((size - 4)) "$good"; printf '\177\000\000\000'; } >"$v"
refuse "gzip with a bad ISIZE" 't10k-labels-idx1-ubyte.gz: damaged gzip data (incorrect length check)' \
    train --data "$TMP/isize" $tiny
gz_variant cut; head -c $((size - 8)) "$good" >"$v"
refuse "gzip missing its trailer (was accepted)" 't10k-labels-idx1-ubyte.gz: the gzip stream is cut short' \
    train --data "$TMP/cut" $tiny
gz_variant half; head -c $((size - 3)) "$good" >"$v"
refuse "gzip with half a trailer" 't10k-labels-idx1-ubyte.gz: the gzip stream is cut short' \
    train --data "$TMP/half" $tiny
# 65536 x 256 x 256 = 4.3 GB promised by a 4 MB .gz: refused before inflating
d=$TMP/bomb; idx_dir "$d"; rm "$d/train-images-idx3-ubyte"
{ be32 2051; be32 65536; be32 256; be32 256; head -c 4000000 /dev/urandom; } >"$d/x"
gzip -1 <"$d/x" >"$d/train-images-idx3-ubyte.gz"; rm "$d/x"
run_limited 600000 train --data "$d" $tiny
check_refusal "4 MB .gz claiming 65536x256x256, under ulimit -v 600000" \
    'train-images-idx3-ubyte.gz: implausible IDX header: 4.29 GB of data (at most 1 GB)'
# a header within the limits that its labels contradict: refused before inflating
d=$TMP/liar; idx_dir "$d"; rm "$d/train-images-idx3-ubyte"
{ be32 2051; be32 1000000; be32 28; be32 28; head -c 1000 /dev/zero; } | gzip >"$d/train-images-idx3-ubyte.gz"
refuse "images header claiming 1000000 for 4 labels" 'train-labels-idx1-ubyte: 4 labels for 1000000 images' \
    train --data "$d" $tiny
# more data than the header promises: inflation stops one byte past it
d=$TMP/long; idx_dir "$d"; rm "$d/train-images-idx3-ubyte"
{ be32 2051; be32 4; be32 2; be32 2; head -c 200000000 /dev/zero; } | gzip -1 >"$d/train-images-idx3-ubyte.gz"
run_limited 400000 train --data "$d" $tiny
check_refusal "gz with 200 MB after a 16-byte payload, under ulimit -v 400000" \
    'train-images-idx3-ubyte.gz: data after the 16 bytes'
d=$TMP/dims; idx_dir "$d"; { be32 2051; be32 4; be32 0; be32 2; } >"$d/train-images-idx3-ubyte"
refuse "IDX image of 0 rows" 'implausible IDX header: dimension 2 is 0 (1 to 1024)' train --data "$d" $tiny

# --- a model with a valid checksum and non-finite numbers -----------------------
# The checksum is CRC-32 of everything before it, little-endian: gzip's trailer
# holds the same CRC of its input.
with_crc() { # with_crc BODY OUT
    { cat "$1"; gzip -c <"$1" | tail -c 8 | head -c 4; } >"$2"
}
msize=$(wc -c <"$TMP/good.model")
classes=$(od -An -tu4 -j12 -N4 "$TMP/good.model" | tr -d ' ')
hlen=$(od -An -tu4 -j32 -N4 "$TMP/good.model" | tr -d ' ')
# version 2 adds the model's name (16 bytes), hidden units and activation (4 each)
version=$(od -An -tu4 -j8 -N4 "$TMP/good.model" | tr -d ' ')
model_part=$([ "$version" -ge 2 ] && echo 24 || echo 0)
mean_at=$((36 + model_part + 32 + classes * 32 + hlen))
# the last weight a NaN (0x7ff8000000000000 little-endian)
{ head -c $((msize - 12)) "$TMP/good.model"; printf '\000\000\000\000\000\000\370\177'; } >"$TMP/body"
with_crc "$TMP/body" "$TMP/nan.model"
refuse "model with a NaN weight and a valid checksum" 'nan.model: weight [0-9]* (b row 9) is nan, not a finite number' \
    train --dataset synthetic --load "$TMP/nan.model" $small_data --iters 0
# the first mean value -inf (0xfff0000000000000)
{ head -c $mean_at "$TMP/good.model"; printf '\000\000\000\000\000\000\360\377'
  tail -c $((msize - mean_at - 8)) "$TMP/good.model" | head -c $((msize - mean_at - 12)); } >"$TMP/body"
with_crc "$TMP/body" "$TMP/inf.model"
refuse "model with an -inf mean and a valid checksum" 'inf.model: mean image value 0 is -inf, not a finite number' \
    train --dataset synthetic --load "$TMP/inf.model" $small_data --iters 0
# the same bytes with the finite value put back load (the test's arithmetic is right)
{ head -c $mean_at "$TMP/good.model"; printf '\000\000\000\000\000\000\000\000'
  tail -c $((msize - mean_at - 8)) "$TMP/good.model" | head -c $((msize - mean_at - 12)); } >"$TMP/body"
with_crc "$TMP/body" "$TMP/zero.model"
run train --dataset synthetic --load "$TMP/zero.model" $small_data --iters 0
if [ "$status" -eq 0 ]; then ok "the same model with a finite mean loads"
else not_ok "the same model with a finite mean loads" "$(tail -2 "$TMP/err")"; fi

# --- under an address-space limit (ulimit -v) ----------------------------------
# OpenBLAS's thread pool, started as the library loads, retried a failing
# 128 MB mmap forever: commands that do no linear algebra hung before main.
if [ $limited -eq 0 ]; then
    skip "ulimit -v: this build cannot run under an address-space limit (a sanitizer build)"
else
    unset OPENBLAS_NUM_THREADS GOTO_NUM_THREADS OMP_NUM_THREADS
    for kb in 200000 100000 60000; do
        for cmd in "surfaces" "optimizers" "trace --surface booth --steps 5" "walk svm --plain"; do
            # shellcheck disable=SC2086
            run_limited $kb $cmd
            if [ "$status" -eq 0 ] && [ -s "$TMP/out" ]; then ok "ulimit -v $kb: descent $cmd"
            else not_ok "ulimit -v $kb: descent $cmd" "status $status (124: hung)" "$(head -3 "$TMP/err")"; fi
        done
    done
    # Commands that do linear algebra: their result, or one line about memory.
    for cmd in "walk gradient --plain --dataset synthetic" "train --dataset synthetic --iters 5" \
        "walk random-search --plain --dataset synthetic"; do
        # shellcheck disable=SC2086
        run_limited 200000 $cmd
        if [ "$status" -eq 0 ] && [ -s "$TMP/out" ]; then
            ok "ulimit -v 200000: descent $cmd works"
        elif [ "$status" -eq 2 ] && [ "$(grep -c '^descent' "$TMP/err")" -eq 1 ] &&
            grep -q '^descent: [a-z]*: not enough memory for OpenBLAS: it needs [12] work buffers* of 128 MiB, and the address-space limit (ulimit -v 200000) leaves [0-9]* MiB' "$TMP/err"; then
            ok "ulimit -v 200000: descent $cmd says memory is short"
        else not_ok "ulimit -v 200000: descent $cmd: a result or one line about memory" "status $status (124: hung)" "$(head -3 "$TMP/err")"; fi
    done
    run_limited 2000000 walk gradient --plain --dataset synthetic
    if [ "$status" -eq 0 ] && [ -s "$TMP/out" ]; then ok "ulimit -v 2000000: walk gradient has room and works"
    else not_ok "ulimit -v 2000000: walk gradient has room and works" "status $status" "$(head -3 "$TMP/err")"; fi
fi

# --- arguments: bounded and clear --------------------------------------------
many=$(awk 'BEGIN { for (i = 0; i < 100000; i++) printf "--opt=sgd " }')
# shellcheck disable=SC2086
refuse "--opt given 100000 times: the second is refused as a duplicate" \
    "^descent: trace: --opt: optimizers 1 and 2 would both be called 'sgd lr=0.01' (give one a different label)$" \
    trace --surface booth $many
thirteen=$(awk 'BEGIN { for (i = 0; i < 13; i++) printf "--opt=sgd:label=s%d ", i }')
refuse "--opt given 13 times with distinct labels" '^descent: trace: --opt: at most 12 optimizers$' \
    trace --surface booth $thirteen
long=$(awk 'BEGIN { for (i = 0; i < 100000; i++) printf "a" }')
for o in surface view start steps noise seed formula scene opt; do
    refuse "--$o with a 100000-byte value" \
        "^descent: trace: an argument of 100000 bytes, 'a\{60\}\.\.\.': at most 4096$" trace --$o "$long"
done
refuse "a 100000-byte option name" "^descent: trace: an argument of 100002 bytes, '--a\{58\}\.\.\.': at most 4096$" trace "--$long"
refuse "a 100000-byte explorer argument" "^descent: an argument of 100000 bytes" "$long"
refuse "a 100000-byte --data" "^descent: train: an argument of 100000 bytes" train --data "$long"
refuse "a 100000-byte walk argument" "^descent: walk: an argument of 100000 bytes" walk "$long"
mid=$(awk 'BEGIN { for (i = 0; i < 3000; i++) printf "b" }')
refuse "a 3000-byte surface name: quoted by its start, with the list of names" \
    "^descent: trace: --surface: unknown surface 'b\{60\}\.\.\.' (valid: rosenbrock, .*valley)$" trace --surface "$mid"
refuse "a 3000-byte option name: quoted by its start" "^descent: trace: unknown option '--b\{60\}\.\.\.' (see --help)$" trace "--$mid"
refuse "options after -- are arguments, not options" "^descent: trace: unexpected argument '--opt'$" \
    trace --surface booth --steps 2 -- --opt sgd
refuse "--gradcheck 100000000: the limit in the message" "^descent: train: --gradcheck: '100000000' is not an integer in \[0, 1000\]$" \
    train --dataset synthetic --gradcheck 100000000
run trace --surface booth --steps 2 --opt sgd --
if [ "$status" -eq 0 ] && [ "$(wc -l <"$TMP/out")" -eq 4 ]; then ok "a closing -- is accepted"
else not_ok "a closing -- is accepted" "status $status" "$(head -3 "$TMP/err")"; fi
finish
