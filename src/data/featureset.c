#include "featureset.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* The caller's progress over all three splits, from one split's. */
typedef struct {
    features_progress progress;
    void *ctx;
    size_t before, total;
} progress_span;

static void span_progress(void *ctx, size_t done, size_t n)
{
    (void)n;
    const progress_span *p = ctx;
    p->progress(p->ctx, p->before + done, p->total);
}

static int extract(featureset *fs, const dataset_part *part, float **out, int threads,
                   progress_span *span)
{
    size_t n = part->n ? part->n : 1;
    *out = malloc(n * (size_t)fs->layout.dim * sizeof **out);
    if (!*out)
        return -1;
    int rc = features_extract(&fs->layout, part->x, part->n, *out, threads,
                              span->progress ? span_progress : NULL, span);
    span->before += part->n;
    return rc;
}

int featureset_build(featureset *fs, const features_config *cfg, const dataset *ds,
                     const dataset_splits *s, const float *mean, const float *std, int threads,
                     features_progress progress, void *ctx, char *err, size_t errlen)
{
    memset(fs, 0, sizeof *fs);
    if (features_plan(cfg, ds->width, ds->height, ds->channels, &fs->layout, err, errlen) < 0)
        return -1;
    int dim = fs->layout.dim;
    fs->images = s->train.n + s->val.n + s->test.n;
    progress_span span = {progress, ctx, 0, fs->images};
    fs->mean = malloc((size_t)dim * sizeof *fs->mean);
    fs->std = malloc((size_t)dim * sizeof *fs->std);
    double t0 = now();
    if (!fs->mean || !fs->std || extract(fs, &s->train, &fs->train, threads, &span) < 0 ||
        extract(fs, &s->val, &fs->val, threads, &span) < 0 ||
        extract(fs, &s->test, &fs->test, threads, &span) < 0) {
        featureset_free(fs);
        snprintf(err, errlen, "out of memory for %zu images' features", s->train.n + s->val.n +
                                                                         s->test.n);
        return -1;
    }
    fs->seconds = now() - t0;
    fs->threads = threads;
    if (mean && std) {
        memcpy(fs->mean, mean, (size_t)dim * sizeof *mean);
        memcpy(fs->std, std, (size_t)dim * sizeof *std);
    } else {
        features_fit(fs->train, s->train.n, dim, fs->mean, fs->std);
    }
    features_standardize(fs->train, s->train.n, dim, fs->mean, fs->std);
    features_standardize(fs->val, s->val.n, dim, fs->mean, fs->std);
    features_standardize(fs->test, s->test.n, dim, fs->mean, fs->std);
    return 0;
}

void featureset_free(featureset *fs)
{
    free(fs->train);
    free(fs->val);
    free(fs->test);
    free(fs->mean);
    free(fs->std);
    memset(fs, 0, sizeof *fs);
}
