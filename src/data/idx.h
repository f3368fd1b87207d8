/* MNIST / Fashion-MNIST IDX files (train-images-idx3-ubyte, ...), plain or
 * gzip-compressed (.gz). */
#ifndef DESCENT_IDX_H
#define DESCENT_IDX_H

#include <stddef.h>
#include <stdint.h>

#include "dataset.h"

/* Reads one IDX file of unsigned bytes with `ndims` dimensions (1 for labels,
 * 3 for images). dims receives the sizes; *data the payload (malloc'd).
 * Returns 0, or -1 with err naming the file (bad magic, truncated, ...). */
int idx_read(const char *path, int ndims, uint32_t dims[3], uint8_t **data, char *err,
             size_t errlen);

/* The path of NAME or NAME.gz in dir, in out; 0 when one exists, -1 if not. */
int idx_find(const char *dir, const char *name, char *out, size_t outlen);

/* 1 when dir holds train-images-idx3-ubyte(.gz). */
int idx_is_dir(const char *dir);

/* Loads the train and t10k images and labels in dir. Class names are
 * Fashion-MNIST's when the path mentions "fashion", else the digits.
 * Returns 0 or -1 with err. */
int idx_load(const char *dir, dataset *ds, char *err, size_t errlen);

#endif
