# Tiny valid dataset folders for the shell tests that break them
# (tests/cli/badinput.sh, tests/cli/hostile.sh); sourced after tests/lib.sh.

# record LABEL: one 3073-byte CIFAR-10 record (label byte, 3072 zero pixels)
record() { printf "\\$(printf '%03o' "$1")"; head -c 3072 /dev/zero; }
cifar_dir() { # cifar_dir DIR: a valid tiny binary-layout CIFAR-10 (3 images a batch)
    mkdir -p "$1"
    for b in 1 2 3 4 5; do { record $b; record 0; record 9; } >"$1/data_batch_$b.bin"; done
    { record 3; record 4; } >"$1/test_batch.bin"
}
# be32 N: N as 4 big-endian bytes (IDX headers)
be32() { printf "\\$(printf '%03o' $(($1 >> 24 & 255)))\\$(printf '%03o' $(($1 >> 16 & 255)))\\$(printf '%03o' $(($1 >> 8 & 255)))\\$(printf '%03o' $(($1 & 255)))"; }
idx_dir() { # idx_dir DIR: 4 train and 2 test images of 2x2, valid
    mkdir -p "$1"
    { be32 2051; be32 4; be32 2; be32 2; head -c 16 /dev/zero; } >"$1/train-images-idx3-ubyte"
    { be32 2049; be32 4; printf '\000\001\002\011'; } >"$1/train-labels-idx1-ubyte"
    { be32 2051; be32 2; be32 2; be32 2; head -c 8 /dev/zero; } >"$1/t10k-images-idx3-ubyte"
    { be32 2049; be32 2; printf '\003\004'; } >"$1/t10k-labels-idx1-ubyte"
}
