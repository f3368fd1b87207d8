/* The features of a dataset's three splits, computed once after loading
 * (core/features on every image) and standardized with the training
 * split's mean and standard deviation, or with ones kept from a saved model
 * so that it sees its features as it was trained on them. */
#ifndef DESCENT_FEATURESET_H
#define DESCENT_FEATURESET_H

#include <stddef.h>

#include "../core/features.h"
#include "dataset.h"

typedef struct {
    features_layout layout;
    float *train, *val, *test; /* n x layout.dim each, standardized */
    float *mean, *std;         /* layout.dim: what standardized them */
    size_t images;             /* train + val + test */
    double seconds;            /* the extraction (not the standardization) */
    int threads;               /* it ran on */
} featureset;

/* Plans cfg on ds's images, extracts the features of the splits on threads
 * threads, fits the standardization on the training split unless mean and
 * std are given (layout.dim each), and applies it. progress (may be NULL)
 * sees images done of all three. Returns 0, or -1 with a message in err
 * (options that do not suit the images, out of memory). */
int featureset_build(featureset *fs, const features_config *cfg, const dataset *ds,
                     const dataset_splits *s, const float *mean, const float *std, int threads,
                     features_progress progress, void *ctx, char *err, size_t errlen);
void featureset_free(featureset *fs);

#endif
