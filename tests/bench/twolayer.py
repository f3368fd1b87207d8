#!/usr/bin/python3
"""The reference loop for `make bench`: CS231n's TwoLayerNet (affine - ReLU -
affine - softmax, L2 on W1 and W2, minibatch SGD sampled with replacement),
vectorized numpy, on the CIFAR-10 binary batches in a folder. Prints one line
of key=value pairs: images_per_s over the training loop only (the
uint8 -> float conversion of each minibatch included, as descent does it),
and the accuracies. Usage: twolayer.py DIR ITERS DTYPE(float32|float64)
[profile]; with profile, the loop runs again with a clock read between its
stages and a second line tells where its time goes (the timed line comes
from the loop without the clocks)."""
import os
import sys
import time

import numpy as np


def load(folder):
    def batch(name):
        raw = np.fromfile(os.path.join(folder, name), dtype=np.uint8).reshape(-1, 3073)
        return raw[:, 1:], raw[:, 0].astype(np.int64)
    xs, ys = zip(*(batch("data_batch_%d.bin" % k) for k in range(1, 6)))
    xt, yt = batch("test_batch.bin")
    return np.concatenate(xs), np.concatenate(ys), xt, yt


def blas_library():
    """The BLAS numpy's process actually mapped (Debian's numpy links the
    generic libblas.so.3, whichever alternative provides it)."""
    try:
        with open("/proc/self/maps") as f:
            libs = {line.split()[-1] for line in f if "blas" in line and "lapack" not in line
                    and "/" in line}
    except OSError:
        return "?"
    return ",".join(sorted(os.path.realpath(p) for p in libs)) or "?"


def main():
    folder, iters, dtype = sys.argv[1], int(sys.argv[2]), np.dtype(sys.argv[3])
    x, y, xt, yt = load(folder)
    n_val = 1000
    xtr, ytr, xva, yva = x[:-n_val], y[:-n_val], x[-n_val:], y[-n_val:]
    mean = xtr.mean(axis=0).astype(dtype)
    d, h, c, batch, lr, reg, std = xtr.shape[1], 100, 10, 200, 1e-3, 1.0, 1e-3
    rng = np.random.default_rng(1)
    w1 = (std * rng.standard_normal((d, h))).astype(dtype)
    b1 = np.zeros(h, dtype)
    w2 = (std * rng.standard_normal((h, c))).astype(dtype)
    b2 = np.zeros(c, dtype)
    stages = ["gather", "forward", "loss", "backward", "update"]
    spent = dict.fromkeys(stages, 0.0)

    def step(clock):
        nonlocal w1, b1, w2, b2
        t = [time.perf_counter()] if clock else None
        idx = rng.integers(0, xtr.shape[0], batch)
        xb = xtr[idx].astype(dtype) - mean
        yb = ytr[idx]
        if clock:
            t.append(time.perf_counter())
        z = xb @ w1 + b1
        a = np.maximum(z, 0)
        s = a @ w2 + b2
        if clock:
            t.append(time.perf_counter())
        s -= s.max(axis=1, keepdims=True)
        p = np.exp(s)
        p /= p.sum(axis=1, keepdims=True)
        ds = p
        ds[np.arange(batch), yb] -= 1
        ds /= batch
        if clock:
            t.append(time.perf_counter())
        dw2 = a.T @ ds + 2 * reg * w2
        db2 = ds.sum(axis=0)
        da = ds @ w2.T
        da[z <= 0] = 0
        dw1 = xb.T @ da + 2 * reg * w1
        db1 = da.sum(axis=0)
        if clock:
            t.append(time.perf_counter())
        w1 -= lr * dw1
        b1 -= lr * db1
        w2 -= lr * dw2
        b2 -= lr * db2
        if clock:
            t.append(time.perf_counter())
            for k, name in enumerate(stages):
                spent[name] += t[k + 1] - t[k]

    t0 = time.perf_counter()
    for _ in range(iters):
        step(False)
    seconds = time.perf_counter() - t0

    def acc(xs, ys):
        s = np.maximum((xs.astype(dtype) - mean) @ w1 + b1, 0) @ w2 + b2
        return float((s.argmax(axis=1) == ys).mean())
    print("dtype=%s iters=%d seconds=%.3f images_per_s=%.0f train_acc=%.4f val_acc=%.4f "
          "test_acc=%.4f blas=%s" % (dtype, iters, seconds, iters * batch / seconds,
                                     acc(xtr, ytr), acc(xva, yva), acc(xt, yt), blas_library()))
    if len(sys.argv) > 4 and sys.argv[4] == "profile":
        for _ in range(iters):
            step(True)
        total = sum(spent.values())
        print("profile " + " ".join("%s=%.0f%%" % (k, 100 * spent[k] / total) for k in stages) +
              " ms_per_iter=%.3f" % (1000 * total / iters))


main()
