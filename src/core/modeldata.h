/* The examples every model reads: n rows of dim values, either uint8 images
 * as the loaders hand them over (x) or float feature rows (xf, e.g.
 * standardized HOG and hue histograms), with n labels. Models never convert
 * a whole set: they turn a block of rows at a time into mean-subtracted
 * floats with modeldata_rows, the uint8 ones with the widest vectors the CPU
 * has. */
#ifndef DESCENT_MODELDATA_H
#define DESCENT_MODELDATA_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const uint8_t *x; /* n x dim bytes, or NULL when xf is given */
    const uint8_t *y;
    size_t n;
    const float *xf;  /* n x dim floats; used instead of x when not NULL */
} model_data;

/* Converts one uint8 row: dst[j] = src[j] - mean[j], j < dim. */
typedef void (*modeldata_convert_fn)(const uint8_t *src, const float *mean, float *dst, int dim);

/* The fastest converter this CPU has (each gives the very same floats). */
modeldata_convert_fn modeldata_converter(void);

/* Row i of d minus the mean, into dst (dim floats). */
static inline void modeldata_row(const model_data *d, size_t i, const float *mean, float *dst,
                                 int dim, modeldata_convert_fn convert)
{
    if (d->xf) {
        const float *src = d->xf + i * (size_t)dim;
        for (int j = 0; j < dim; j++)
            dst[j] = src[j] - mean[j];
    } else {
        convert(d->x + i * (size_t)dim, mean, dst, dim);
    }
}

/* The class with the highest of k scores (the first of equals). */
static inline int modeldata_argmax(const float *s, int k)
{
    int best = 0;
    for (int j = 1; j < k; j++)
        if (s[j] > s[best])
            best = j;
    return best;
}

/* Row i of d minus the mean in double precision (the exact paths). */
void modeldata_row_exact(const model_data *d, size_t i, const double *mean, double *dst, int dim);

/* The mean row of all of d (double, length dim). */
void modeldata_mean(const model_data *d, int dim, double *mean);

#endif
