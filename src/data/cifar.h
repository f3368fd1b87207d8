/* CIFAR-10 in its two official layouts: the binary one
 * (cifar-10-batches-bin/: data_batch_1..5.bin, test_batch.bin,
 * batches.meta.txt) and the python one (cifar-10-batches-py/: cPickle
 * protocol-2 dicts). Both give the same dataset, byte for byte. */
#ifndef DESCENT_CIFAR_H
#define DESCENT_CIFAR_H

#include <stddef.h>

#include "dataset.h"

#define CIFAR_DIM 3072
#define CIFAR_RECORD (1 + CIFAR_DIM)

/* 1 when dir holds the files of that layout (judged by data_batch_1). */
int cifar_is_bin(const char *dir);
int cifar_is_py(const char *dir);

/* Load all five training batches and the test batch. Return 0, or -1 with
 * a message naming the file (and record or offset) in err. */
int cifar_load_bin(const char *dir, dataset *ds, char *err, size_t errlen);
int cifar_load_py(const char *dir, dataset *ds, char *err, size_t errlen);

/* One binary-layout batch (records of a label byte and 3072 pixels) already
 * in memory, appended to part. Returns 0 or -1 with err (without the file
 * name); part is unchanged on error. */
int cifar_bin_batch(const uint8_t *buf, size_t len, dataset_part *part, char *err, size_t errlen);

/* One python-layout batch already in memory, appended to part. Returns 0
 * or -1 with err (without the file name). */
int cifar_py_batch(const uint8_t *buf, size_t len, dataset_part *part, char *err, size_t errlen);

#endif
