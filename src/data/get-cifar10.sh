#!/bin/sh
# Downloads the official CIFAR-10 binary tarball, checks its md5 and unpacks
# it as data/cifar-10-batches-bin/ (where descent train looks first).
# Usage: sh src/data/get-cifar10.sh [DATADIR]   (make cifar10)
set -u
URL=https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz
MD5=c32a1d4ab5d03f1284b67883e8d87530
DIR=${1:-data}
TAR=$DIR/cifar-10-binary.tar.gz

fail() { echo "cifar10: $*" >&2; exit 1; }

if [ -f "$DIR/cifar-10-batches-bin/data_batch_5.bin" ] && [ -f "$DIR/cifar-10-batches-bin/test_batch.bin" ]; then
    echo "cifar10: already in $DIR/cifar-10-batches-bin"
    exit 0
fi
mkdir -p "$DIR" || fail "cannot create $DIR"

md5_of() {
    if command -v md5sum >/dev/null 2>&1; then md5sum "$1" | cut -d' ' -f1
    elif command -v md5 >/dev/null 2>&1; then md5 -q "$1"
    else fail "neither md5sum nor md5 is installed"; fi
}

if [ ! -f "$TAR" ] || [ "$(md5_of "$TAR")" != "$MD5" ]; then
    echo "cifar10: downloading $URL (163 MB)"
    if command -v curl >/dev/null 2>&1; then
        curl -fL --retry 2 -o "$TAR.part" "$URL" || { rm -f "$TAR.part"; fail "download failed (no internet?): $URL"; }
    elif command -v wget >/dev/null 2>&1; then
        wget -O "$TAR.part" "$URL" || { rm -f "$TAR.part"; fail "download failed (no internet?): $URL"; }
    else
        fail "neither curl nor wget is installed"
    fi
    got=$(md5_of "$TAR.part")
    if [ "$got" != "$MD5" ]; then
        rm -f "$TAR.part"
        fail "md5 mismatch: got $got, want $MD5 (download damaged; try again)"
    fi
    mv "$TAR.part" "$TAR" || fail "cannot write $TAR"
fi
tar -xzf "$TAR" -C "$DIR" || fail "cannot unpack $TAR"
[ -f "$DIR/cifar-10-batches-bin/test_batch.bin" ] || fail "$TAR did not hold cifar-10-batches-bin/"
echo "cifar10: ready in $DIR/cifar-10-batches-bin"
