"""The features of core/features.h (HOG 8x8 cells, 9 bins; 10-bin hue
histogram) in vectorized numpy, the reference descent's extraction is timed
against in make bench.

usage: features.py DIR [--dump N]
  DIR holds CIFAR-10's binary batches (data_batch_1..5.bin, test_batch.bin).
  Prints "numpy_images=N numpy_seconds=S" (extraction only, not the reading);
  --dump N prints the first N images' features first, one image a line.
"""
import sys
import time

import numpy as np

CELL, BINS, HUE_BINS = 8, 9, 10
CHUNK = 2000  # images at a time: float64 arrays of the whole set would not fit


def read_images(path):
    raw = np.fromfile(path, dtype=np.uint8).reshape(-1, 3073)
    return raw[:, 1:].reshape(-1, 3, 32, 32)


def hog(img):
    """img: n x 3 x 32 x 32 uint8 -> n x 144"""
    f = img.astype(np.float32)
    grey = np.float32(0.299) * f[:, 0] + np.float32(0.587) * f[:, 1] + np.float32(0.114) * f[:, 2]
    # centred differences, the border's missing neighbour being the pixel itself
    p = np.pad(grey, ((0, 0), (1, 1), (1, 1)), mode="edge")
    gx = p[:, 1:-1, 2:] - p[:, 1:-1, :-2]
    gy = p[:, :-2, 1:-1] - p[:, 2:, 1:-1]  # y points up
    mag = np.sqrt(gx * gx + gy * gy)
    deg = np.degrees(np.arctan2(gy.astype(np.float64), gx.astype(np.float64)))
    deg = np.where(deg < 0, deg + 180.0, deg)
    deg = np.where(deg >= 180.0, deg - 180.0, deg)
    k = np.minimum((deg * BINS / 180.0).astype(np.int64), BINS - 1)
    n = img.shape[0]
    cells = 32 // CELL
    # cell index of every pixel, then one bincount over (image, cell, bin)
    cy = np.arange(32) // CELL
    cell = (cy[:, None] * cells + cy[None, :])[None, :, :]
    flat = (np.arange(n)[:, None, None] * cells * cells + cell) * BINS + k
    out = np.bincount(flat.ravel(), weights=mag.ravel().astype(np.float64),
                      minlength=n * cells * cells * BINS)
    return (out / (CELL * CELL)).reshape(n, -1)


def hue(img):
    """img: n x 3 x 32 x 32 uint8 -> n x 10, exact integer bins"""
    r, g, b = (img[:, c].astype(np.int64) for c in range(3))
    mx = np.maximum(np.maximum(r, g), b)
    mn = np.minimum(np.minimum(r, g), b)
    c = mx - mn
    num = np.where(mx == r, np.where(g - b < 0, g - b + 6 * c, g - b),
                   np.where(mx == g, b - r + 2 * c, r - g + 4 * c))
    k = num * HUE_BINS // np.maximum(6 * c, 1)
    n = img.shape[0]
    k = np.where(c > 0, k, HUE_BINS)  # grey: an extra bin, dropped below
    flat = np.arange(n)[:, None, None] * (HUE_BINS + 1) + k
    out = np.bincount(flat.ravel(), minlength=n * (HUE_BINS + 1)).reshape(n, -1)
    return out[:, :HUE_BINS] / 1024.0


def main():
    d = sys.argv[1]
    dump = int(sys.argv[3]) if len(sys.argv) > 3 and sys.argv[2] == "--dump" else 0
    names = ["data_batch_%d.bin" % i for i in range(1, 6)] + ["test_batch.bin"]
    images = np.concatenate([read_images("%s/%s" % (d, f)) for f in names])
    t0 = time.perf_counter()
    feats = []
    for i in range(0, len(images), CHUNK):
        part = images[i:i + CHUNK]
        feats.append(np.hstack([hog(part), hue(part)]).astype(np.float32))
    seconds = time.perf_counter() - t0
    f = np.concatenate(feats)
    for row in f[:dump]:
        print(" ".join("%.9g" % v for v in row))
    print("numpy_images=%d numpy_seconds=%.3f" % (len(f), seconds))


if __name__ == "__main__":
    main()
