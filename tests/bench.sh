#!/bin/sh
# make bench: runs every tests/bench/*.sh; each prints its own figures.
BUILD=${BUILD:-build}
BIN=$(pwd)/$BUILD/descent
export BUILD BIN
for b in tests/bench/*.sh; do
    [ -f "$b" ] || continue
    echo "== $(basename "$b" .sh)"
    sh "$b" || echo "(bench $b failed)"
done
