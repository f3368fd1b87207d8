#!/bin/sh
# What --svg and --save do to what is already at their path (issue 18): a
# character device or a FIFO is written directly, its errors reported, and
# stays what it was; a symbolic link stays a link and the file it points to
# is replaced; a folder or a block device is refused; the save target is
# checked before any training. Device nodes are our own, made in $TMP.
. tests/lib.sh
small="--iters 2 --batch 20"
svg() { run trace --surface booth --steps 20 --svg "$@"; }
is_svg() { head -c 5 "$1" | grep -q '<?xml' && tail -n 1 "$1" | grep -qx '</svg>'; }
no_temporaries() {
    left=$(find "$TMP" -name '*.tmp*' | head -n 3)
    [ -z "$left" ] && ok "$1: no temporary file left" || not_ok "$1: no temporary file left" "$left"
}

if FULL=$(private_dev full 1 7) && NULLDEV=$(private_dev null 1 3); then
    expect_fail "--svg to a full device: No space left on device, exit 2" \
        "cannot write $FULL: No space left on device" trace --surface booth --steps 20 --svg "$FULL"
    expect "--svg to a full device: the device is still a device" [ -c "$FULL" ]
    svg "$NULLDEV"
    if [ "$status" -eq 0 ] && [ -c "$NULLDEV" ]; then
        ok "--svg to a null device: exit 0, still a device"
    else
        not_ok "--svg to a null device: exit 0, still a device" "status $status" "$(cat "$TMP/err")"
    fi
    run train --dataset synthetic $small --save "$FULL"
    if [ "$status" -eq 2 ] && grep -q "cannot write $FULL: No space left on device" "$TMP/err" && [ -c "$FULL" ]; then
        ok "--save to a full device: No space left on device, exit 2, still a device"
    else
        not_ok "--save to a full device: No space left on device, exit 2, still a device" "status $status" "$(tail -n 2 "$TMP/err")"
    fi
    no_temporaries "devices"
    # A block device (a number no driver has: nothing to harm) is refused untouched.
    if mknod "$TMP/dev/blk" b 240 77 2>/dev/null; then
        expect_fail "--svg to a block device is refused" "cannot write $TMP/dev/blk: is a block device" \
            trace --surface booth --svg "$TMP/dev/blk"
        expect "the block device is still a block device" [ -b "$TMP/dev/blk" ]
    fi
else
    skip "devices: mknod is not allowed here"
fi

# /dev/stdout, into a pipe and into a regular file. Our own link to
# /proc/self/fd/1, as /dev/stdout is: run as root, a program that renames
# over its target would replace the system's /dev/stdout (the old one did).
ln -s /proc/self/fd/1 "$TMP/stdout"
"$BIN" trace --surface booth --steps 20 --svg "$TMP/stdout" 2>"$TMP/err" | cat >"$TMP/piped.svg"
expect "--svg /dev/stdout into a pipe writes the SVG there" is_svg "$TMP/piped.svg"
"$BIN" trace --surface booth --steps 20 --svg "$TMP/stdout" >"$TMP/redirected.svg" 2>"$TMP/err"
expect "--svg /dev/stdout into a file writes the SVG there" is_svg "$TMP/redirected.svg"
expect "... and the link is still a link" [ -L "$TMP/stdout" ]

# A FIFO: written to its reader; without a reader, refused at once.
mkfifo "$TMP/fifo"
timeout 20 cat "$TMP/fifo" >"$TMP/from-fifo.svg" &
reader=$!
timeout 20 "$BIN" trace --surface booth --steps 20 --svg "$TMP/fifo" 2>"$TMP/err"
st=$?
wait $reader
if [ "$st" -eq 0 ] && is_svg "$TMP/from-fifo.svg" && [ -p "$TMP/fifo" ]; then
    ok "--svg to a FIFO: its reader gets the SVG, the FIFO stays a FIFO"
else
    not_ok "--svg to a FIFO: its reader gets the SVG, the FIFO stays a FIFO" "status $st" "$(cat "$TMP/err")"
fi
timeout 20 "$BIN" trace --surface booth --steps 20 --svg "$TMP/fifo" >"$TMP/out" 2>"$TMP/err"
st=$?
if [ "$st" -eq 2 ] && grep -qx "descent: trace: cannot write $TMP/fifo: a FIFO that nobody is reading" "$TMP/err" && [ -p "$TMP/fifo" ]; then
    ok "--svg to a FIFO nobody reads: refused at once, exit 2"
else
    not_ok "--svg to a FIFO nobody reads: refused at once, exit 2" "status $st" "$(cat "$TMP/err")"
fi

# Symbolic links: followed; the link stays, its target is replaced.
mkdir "$TMP/pics"
echo old >"$TMP/pics/real.svg"
ln -s real.svg "$TMP/pics/link.svg"
svg "$TMP/pics/link.svg"
if [ "$status" -eq 0 ] && [ -L "$TMP/pics/link.svg" ] && [ "$(readlink "$TMP/pics/link.svg")" = real.svg ] && is_svg "$TMP/pics/real.svg"; then
    ok "--svg through a link: the link stays, the file it points to is the new SVG"
else
    not_ok "--svg through a link: the link stays, the file it points to is the new SVG" "status $status" "$(ls -l "$TMP/pics")"
fi
ln -s ../pics/new.svg "$TMP/pics/dangling.svg"
ln -s dangling.svg "$TMP/pics/chain.svg"
svg "$TMP/pics/chain.svg"
if [ "$status" -eq 0 ] && [ -L "$TMP/pics/chain.svg" ] && [ -L "$TMP/pics/dangling.svg" ] && is_svg "$TMP/pics/new.svg"; then
    ok "--svg through a chain of links to no file yet: links kept, the file made at the end"
else
    not_ok "--svg through a chain of links to no file yet" "status $status" "$(ls -l "$TMP/pics")"
fi
ln -s loop1 "$TMP/pics/loop2"; ln -s loop2 "$TMP/pics/loop1"
expect_fail "--svg to a loop of links: refused" "cannot write $TMP/pics/loop1: Too many levels of symbolic links" \
    trace --surface booth --svg "$TMP/pics/loop1"
echo old >"$TMP/pics/model.bin"
ln -s model.bin "$TMP/pics/model-link.bin"
run train --dataset synthetic $small --save "$TMP/pics/model-link.bin"
if [ "$status" -eq 0 ] && [ -L "$TMP/pics/model-link.bin" ] && head -c 8 "$TMP/pics/model.bin" | grep -q DESCENTW; then
    ok "--save through a link: the link stays, the model lands in the file it points to"
else
    not_ok "--save through a link: the link stays, the model lands in the file it points to" "status $status" "$(tail -n 2 "$TMP/err")"
fi
run train --dataset synthetic --iters 0 --load "$TMP/pics/model-link.bin"
expect "the model saved through the link loads back" [ "$status" -eq 0 ]
no_temporaries "links"

# The SVG reaches the disk before it takes the name (as the model does).
if command -v strace >/dev/null 2>&1; then
    strace -f -o "$TMP/trace" -e trace=fsync,rename "$BIN" trace --surface booth --steps 5 --svg "$TMP/pics/synced.svg" 2>/dev/null
    order=$(grep -Eo '(fsync|rename)\(' "$TMP/trace" | tr -d '(' | tr '\n' ' ')
    if [ "$order" = "fsync rename " ] && is_svg "$TMP/pics/synced.svg"; then
        ok "--svg fsyncs its temporary, then renames it"
    else
        not_ok "--svg fsyncs its temporary, then renames it" "calls: $order"
    fi
else
    skip "--svg fsync: strace is not installed"
fi

# The save target is checked before the data loads and the training runs:
# the default 1500 iterations would print progress lines first.
expect_fail "--save into a missing folder: refused before training" \
    "train: --save: cannot write $TMP/nowhere/m.bin: No such file or directory (the folder $TMP/nowhere)" \
    train --dataset synthetic --save "$TMP/nowhere/m.bin"
expect_fail "--save onto a folder: refused before training" "cannot write $TMP/pics: is a folder" \
    train --dataset synthetic --save "$TMP/pics"
expect_fail "--save under a plain file: refused before training" "cannot write $TMP/pics/real.svg/m.bin: Not a directory" \
    train --dataset synthetic --save "$TMP/pics/real.svg/m.bin"
expect_fail "--save --tui into a missing folder: refused before the panel opens" \
    "cannot write $TMP/nowhere/m.bin" train --dataset synthetic --tui --save "$TMP/nowhere/m.bin"
finish
