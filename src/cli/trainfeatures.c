#include "trainfeatures.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"

void train_features_defaults(train_features *f)
{
    f->cfg = features_defaults();
    f->cfg.kinds = 0;
    f->given = 0;
}

int train_features_kinds(train_features *f, const char *value, char *err, size_t errlen)
{
    if (features_parse(value, &f->cfg.kinds) < 0) {
        snprintf(err, errlen, "'%s' is not pixels, hog, hue or hog+hue", value);
        return -1;
    }
    return 0;
}

int train_features_number(train_features *f, unsigned which, const char *value, char *err,
                          size_t errlen)
{
    long hi = which == TF_HOG_CELL ? 64 : which == TF_HOG_BINS ? 180 : FEATURES_BINS_MAX, v;
    if (cli_integer(value, 1, hi, &v, err, errlen) < 0)
        return -1;
    if (which == TF_HOG_CELL)
        f->cfg.hog_cell = (int)v;
    else if (which == TF_HOG_BINS)
        f->cfg.hog_bins = (int)v;
    else
        f->cfg.hue_bins = (int)v;
    f->given |= which;
    return 0;
}

int train_features_check(const train_features *f, char *err, size_t errlen)
{
    if ((f->given & (TF_HOG_CELL | TF_HOG_BINS)) && !(f->cfg.kinds & FEATURES_HOG)) {
        snprintf(err, errlen, "--%s is for HOG features: add --features hog or hog+hue",
                 f->given & TF_HOG_CELL ? "hog-cell" : "hog-bins");
        return -1;
    }
    if ((f->given & TF_HUE_BINS) && !(f->cfg.kinds & FEATURES_HUE)) {
        snprintf(err, errlen, "--hue-bins is for hue features: add --features hue or "
                              "hog+hue");
        return -1;
    }
    return 0;
}

int train_features_fit(const train_features *f, const dataset *ds, char *err, size_t errlen)
{
    features_layout l;
    if (!f->cfg.kinds)
        return 0;
    if (features_plan(&f->cfg, ds->width, ds->height, ds->channels, &l, err, errlen) < 0)
        return -1;
    return 0;
}

/* A bar of 30 on stderr, redrawn when it grows. */
typedef struct {
    const char *name;
    int drawn;
} bar;

static void bar_draw(void *ctx, size_t done, size_t n)
{
    bar *b = ctx;
    int fill = n ? (int)(30 * done / n) : 30;
    if (fill == b->drawn)
        return;
    b->drawn = fill;
    fprintf(stderr, "\rfeatures %s: [%.*s%.*s] %zu/%zu images", b->name, fill,
            "##############################", 30 - fill, "..............................", done,
            n);
    fflush(stderr);
}

int train_features_adopt(train_features *f, int given, const checkpoint *ck, const char *path,
                         char *err, size_t errlen)
{
    const features_config *m = &ck->features;
    if (!m->kinds) {
        if (f->cfg.kinds) {
            snprintf(err, errlen, "%s: the model reads raw pixels, not --features %s", path,
                     features_name(f->cfg.kinds));
            return -1;
        }
        return 0;
    }
    int same = f->cfg.kinds == m->kinds &&
               (!(m->kinds & FEATURES_HOG) ||
                (f->cfg.hog_cell == m->hog_cell && f->cfg.hog_bins == m->hog_bins)) &&
               (!(m->kinds & FEATURES_HUE) || f->cfg.hue_bins == m->hue_bins);
    if ((given || f->given) && !same) {
        snprintf(err, errlen, "%s: the model reads %s features (HOG cell %d, %d bins; %d hue "
                              "bins), not the ones given",
                 path, features_name(m->kinds), m->hog_cell, m->hog_bins, m->hue_bins);
        return -1;
    }
    f->cfg = *m;
    return 0;
}

/* The kept statistics as featureset_build takes them; NULL when none. */
static float *floats(const double *v, int n)
{
    float *out = v ? malloc((size_t)n * sizeof *out) : NULL;
    for (int j = 0; out && j < n; j++)
        out[j] = (float)v[j];
    return out;
}

int train_features_build(const train_features *f, const dataset *ds, const dataset_splits *s,
                         const checkpoint *ck, featureset *fs, char *err, size_t errlen)
{
    int kept = ck && ck->features.kinds;
    float *mean = kept ? floats(ck->feat_mean, ck->dim) : NULL;
    float *std = kept ? floats(ck->feat_std, ck->dim) : NULL;
    if (kept && (!mean || !std)) {
        free(mean);
        free(std);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = cores < 1 ? 1 : cores > 64 ? 64 : (int)cores;
    bar b = {features_name(f->cfg.kinds), -1};
    int tty = isatty(STDERR_FILENO);
    int rc = featureset_build(fs, &f->cfg, ds, s, mean, std, threads, tty ? bar_draw : NULL, &b,
                              err, errlen);
    free(mean);
    free(std);
    if (tty && b.drawn >= 0)
        fputc('\n', stderr);
    if (rc < 0)
        return -1;
    if (kept && fs->layout.dim != ck->dim) {
        snprintf(err, errlen, "the model reads %d features, these images give %d", ck->dim,
                 fs->layout.dim);
        featureset_free(fs);
        return -1;
    }
    fprintf(stderr, "features: %s, %d values (+ bias) per image, %zu images in %.2f s "
                    "(%.0f images/s, %d threads)%s\n",
            features_name(f->cfg.kinds), fs->layout.dim, fs->images, fs->seconds,
            fs->seconds > 0 ? (double)fs->images / fs->seconds : 0.0, threads,
            kept ? "; standardized as the loaded model was" : "; standardized with the training "
                                                              "images' mean and std");
    return 0;
}
