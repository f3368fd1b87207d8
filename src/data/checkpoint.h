/* A trained model on disk: a small versioned binary file (little-endian)
 * holding the weights, the mean image, class names, the dataset's name and
 * the hyperparameters as text, closed by a CRC-32 of everything before it.
 * Written to a temporary file in the same folder and renamed into place, so a
 * crash never leaves a half-written model. */
#ifndef DESCENT_CHECKPOINT_H
#define DESCENT_CHECKPOINT_H

#include <stddef.h>
#include <stdint.h>

#include "../core/model.h"
#include "dataset.h"

/* Version 2 names the model (16 bytes: "linear" or "mlp") and, for the net,
 * its hidden units and activation; version 1 files hold linear models and
 * are still read. */
#define CHECKPOINT_VERSION 2
#define CHECKPOINT_HPARAMS_MAX 512

typedef struct {
    model_arch arch; /* version 1 files hold linear models */
    int hidden;      /* MODEL_MLP */
    mlp_act act;     /* MODEL_MLP */
    int classes, dim, width, height, channels;
    char dataset[DATASET_NAME_MAX];
    char class_names[DATASET_CLASSES_MAX][DATASET_NAME_MAX];
    char hparams[CHECKPOINT_HPARAMS_MAX]; /* "model=svm opt=sgd lr=1e-07 ..." */
    double *mean; /* dim */
    double *w;    /* the model's parameters: checkpoint_params of them */
} checkpoint;

/* How many parameters the model of c has (its layout: model_blocks). */
size_t checkpoint_params(const checkpoint *c);
/* "the linear classifier", "a two-layer net of 100 relu units": for messages. */
const char *checkpoint_describe(const checkpoint *c, char *buf, size_t len);

/* Returns 0, or -1 with err naming the file. The file is untouched on error. */
int checkpoint_save(const char *path, const checkpoint *c, char *err, size_t errlen);
/* Returns 0, or -1 with err (bad magic, version, size, checksum...). */
int checkpoint_load(const char *path, checkpoint *c, char *err, size_t errlen);
/* The same, decoding a whole file already in memory (err without a file name). */
int checkpoint_decode(const uint8_t *buf, size_t len, checkpoint *c, char *err, size_t errlen);
void checkpoint_free(checkpoint *c);

#endif
