#include "trainfeatures.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../core/hparams.h"

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
    if (hparams_integer(value, 1, hi, &v) < 0) {
        snprintf(err, errlen, "'%s' is not an integer in [1, %ld]", value, hi);
        return -1;
    }
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
        snprintf(err, errlen, "train: --%s is for HOG features: add --features hog or hog+hue",
                 f->given & TF_HOG_CELL ? "hog-cell" : "hog-bins");
        return -1;
    }
    if ((f->given & TF_HUE_BINS) && !(f->cfg.kinds & FEATURES_HUE)) {
        snprintf(err, errlen, "train: --hue-bins is for hue features: add --features hue or "
                              "hog+hue");
        return -1;
    }
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

int train_features_build(const train_features *f, const dataset *ds, const dataset_splits *s,
                         const float *mean, const float *std, featureset *fs, char *err,
                         size_t errlen)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = cores < 1 ? 1 : cores > 64 ? 64 : (int)cores;
    bar b = {features_name(f->cfg.kinds), -1};
    int tty = isatty(STDERR_FILENO);
    if (featureset_build(fs, &f->cfg, ds, s, mean, std, threads, tty ? bar_draw : NULL, &b, err,
                         errlen) < 0) {
        if (tty && b.drawn >= 0)
            fputc('\n', stderr);
        return -1;
    }
    if (tty)
        fputc('\n', stderr);
    fprintf(stderr, "features: %s, %d values (+ bias) per image, %zu images in %.2f s "
                    "(%.0f images/s, %d threads)%s\n",
            features_name(f->cfg.kinds), fs->layout.dim, fs->images, fs->seconds,
            fs->seconds > 0 ? (double)fs->images / fs->seconds : 0.0, threads,
            mean ? "; standardized as the loaded model was" : "; standardized with the training "
                                                              "images' mean and std");
    return 0;
}
