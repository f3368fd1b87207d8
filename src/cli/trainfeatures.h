/* descent train's --features, --hog-cell, --hog-bins and --hue-bins: their
 * values checked as given, and the features computed once after loading,
 * timed, with a progress bar when stderr is a terminal. */
#ifndef DESCENT_TRAINFEATURES_H
#define DESCENT_TRAINFEATURES_H

#include <stddef.h>

#include "../core/features.h"
#include "../data/checkpoint.h"
#include "../data/dataset.h"
#include "../data/featureset.h"

enum { TF_HOG_CELL = 1, TF_HOG_BINS = 2, TF_HUE_BINS = 4 };

typedef struct {
    features_config cfg; /* cfg.kinds 0: raw pixels */
    unsigned given;      /* TF_ bits: the options given */
} train_features;

/* Raw pixels; for HOG and hue the course's 8x8 cells, 9 and 10 bins. */
void train_features_defaults(train_features *f);
/* --features NAME. Returns 0, or -1 with a message in err. */
int train_features_kinds(train_features *f, const char *value, char *err, size_t errlen);
/* --hog-cell, --hog-bins or --hue-bins (which: a TF_ bit). Returns 0 or -1. */
int train_features_number(train_features *f, unsigned which, const char *value, char *err,
                          size_t errlen);
/* The options together: no --hog-* without HOG, no --hue-bins without hue.
 * Returns 0, or -1 with a message in err. */
int train_features_check(const train_features *f, char *err, size_t errlen);

/* f's features on ds's images (features_plan). Returns 0, or -1 with err. */
int train_features_fit(const train_features *f, const dataset *ds, char *err, size_t errlen);

/* A loaded model's features become f's (a --features given must agree);
 * a model on pixels refuses --features. Returns 0, or -1 with err naming
 * the file. */
int train_features_adopt(train_features *f, int given, const checkpoint *ck, const char *path,
                         char *err, size_t errlen);

/* The features of the splits, standardized as the loaded model ck was (ck
 * may be NULL: with the training split's statistics), on every core; a
 * progress bar on a terminal and one line on stderr saying what was
 * computed and how fast. Returns 0 or -1. */
int train_features_build(const train_features *f, const dataset *ds, const dataset_splits *s,
                         const checkpoint *ck, featureset *fs, char *err, size_t errlen);

#endif
