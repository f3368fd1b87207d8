/* A labelled image set as the loaders hand it to the classifier: uint8
 * images (N x D, each image channel planes of rows, as CIFAR-10 stores them),
 * labels, class names, and a description of where it came from. */
#ifndef DESCENT_DATASET_H
#define DESCENT_DATASET_H

#include <stddef.h>
#include <stdint.h>

#define DATASET_CLASSES_MAX 10
#define DATASET_NAME_MAX 32

typedef struct {
    uint8_t *x; /* n x dim */
    uint8_t *y; /* n */
    size_t n;
} dataset_part;

typedef struct {
    char name[DATASET_NAME_MAX];  /* "cifar10", "fashion-mnist", "mnist", "synthetic" */
    char source[768];             /* what was loaded, from where */
    char searched[768];           /* where CIFAR-10 was looked for ("" when given) */
    int synthetic;
    int width, height, channels, dim, classes;
    char class_names[DATASET_CLASSES_MAX][DATASET_NAME_MAX];
    dataset_part train; /* every training image the source holds */
    dataset_part test;
} dataset;

/* The three sets the classifier sees; views into a dataset (no copies). */
typedef struct {
    dataset_part train, val, test;
} dataset_splits;

/* Opens data: with dir, the CIFAR-10 (binary or python layout) or IDX files in
 * it; else with kind ("cifar10", "fashion-mnist", "mnist", "synthetic") that
 * source from the usual places; else the first found of $DESCENT_DATA,
 * ./data/cifar-10-batches-bin, ./data/cifar-10-batches-py, ~/.cache/descent/,
 * /usr/share/datasets/fashion-mnist, then the synthetic set. seed only
 * matters for the synthetic set. Returns 0, or -1 with a message in err. */
int dataset_open(const char *dir, const char *kind, unsigned long seed, dataset *ds, char *err,
                 size_t errlen);
void dataset_free(dataset *ds);

/* Splits: the first n_train training images, the last n_val training images
 * as validation, the first n_test test images. Sizes are clipped to what the
 * data holds, validation first, so the two never overlap. */
dataset_splits dataset_split(const dataset *ds, size_t n_train, size_t n_val, size_t n_test);

/* Allocates the image and label arrays of a part. Returns 0 or -1. */
int dataset_part_alloc(dataset_part *p, size_t n, int dim);
void dataset_part_free(dataset_part *p);

#endif
