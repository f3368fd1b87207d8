/* HOG and hue features (see features.h for the definitions). */
#include "features.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>

features_config features_defaults(void)
{
    return (features_config){FEATURES_HOG | FEATURES_HUE, 8, 9, 10};
}

static const struct {
    const char *name;
    unsigned kinds;
} names[] = {
    {"pixels", 0},
    {"hog", FEATURES_HOG},
    {"hue", FEATURES_HUE},
    {"hog+hue", FEATURES_HOG | FEATURES_HUE},
    {"hue+hog", FEATURES_HOG | FEATURES_HUE},
};

int features_parse(const char *name, unsigned *kinds)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i].name) == 0) {
            *kinds = names[i].kinds;
            return 0;
        }
    return -1;
}

const char *features_name(unsigned kinds)
{
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].kinds == kinds)
            return names[i].name;
    return "?";
}

int features_plan(const features_config *cfg, int width, int height, int channels,
                  features_layout *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->cfg = *cfg;
    out->width = width;
    out->height = height;
    out->channels = channels;
    if (width < 1 || height < 1 || (channels != 1 && channels != 3)) {
        snprintf(err, errlen, "features need images of 1 or 3 channels (these have %d)",
                 channels);
        return -1;
    }
    if (cfg->kinds & FEATURES_HOG) {
        int side = width < height ? width : height;
        if (cfg->hog_cell < 1 || cfg->hog_cell > side) {
            snprintf(err, errlen, "HOG cell %d must be from 1 to %d pixels (the images are %dx%d)",
                     cfg->hog_cell, side, width, height);
            return -1;
        }
        if (cfg->hog_bins < 1 || cfg->hog_bins > 180) {
            snprintf(err, errlen, "HOG bins %d must be from 1 to 180", cfg->hog_bins);
            return -1;
        }
        out->cells_x = width / cfg->hog_cell;
        out->cells_y = height / cfg->hog_cell;
        out->off_x = (width - out->cells_x * cfg->hog_cell) / 2;
        out->off_y = (height - out->cells_y * cfg->hog_cell) / 2;
        long d = (long)out->cells_x * out->cells_y * cfg->hog_bins;
        if (d > FEATURES_DIM_MAX) {
            snprintf(err, errlen, "HOG cell %d with %d bins gives %ld features (at most %d)",
                     cfg->hog_cell, cfg->hog_bins, d, FEATURES_DIM_MAX);
            return -1;
        }
        out->hog_dim = (int)d;
    }
    if (cfg->kinds & FEATURES_HUE) {
        if (channels != 3) {
            snprintf(err, errlen, "hue needs colour images (these are grey)");
            return -1;
        }
        if (cfg->hue_bins < 1 || cfg->hue_bins > FEATURES_BINS_MAX) {
            snprintf(err, errlen, "hue bins %d must be from 1 to %d", cfg->hue_bins,
                     FEATURES_BINS_MAX);
            return -1;
        }
        out->hue_dim = cfg->hue_bins;
    }
    out->dim = out->hog_dim + out->hue_dim;
    if (out->dim == 0) {
        snprintf(err, errlen, "no features chosen");
        return -1;
    }
    return 0;
}

void features_grey(const features_layout *l, const uint8_t *img, float *grey)
{
    size_t np = (size_t)l->width * (size_t)l->height;
    if (l->channels == 1) {
        for (size_t i = 0; i < np; i++)
            grey[i] = img[i];
        return;
    }
    const uint8_t *r = img, *g = img + np, *b = img + 2 * np;
    for (size_t i = 0; i < np; i++)
        grey[i] = 0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i];
}

/* The centred differences at (r, c), the border's missing neighbour being
 * the pixel itself. */
static void gradient_at(const features_layout *l, const float *grey, int r, int c, float *gx,
                        float *gy)
{
    int w = l->width, h = l->height;
    int cl = c > 0 ? c - 1 : c, cr = c < w - 1 ? c + 1 : c;
    int ru = r > 0 ? r - 1 : r, rd = r < h - 1 ? r + 1 : r;
    *gx = grey[r * w + cr] - grey[r * w + cl];
    *gy = grey[ru * w + c] - grey[rd * w + c];
}

void features_gradients(const features_layout *l, const float *grey, float *gx, float *gy)
{
    for (int r = 0; r < l->height; r++)
        for (int c = 0; c < l->width; c++)
            gradient_at(l, grey, r, c, &gx[r * l->width + c], &gy[r * l->width + c]);
}

int features_orientation_bin(double gx, double gy, int bins)
{
    double deg = atan2(gy, gx) * (180.0 / M_PI);
    if (deg < 0)
        deg += 180.0;
    if (deg >= 180.0)
        deg -= 180.0;
    int k = (int)(deg * bins / 180.0);
    return k < bins ? k : bins - 1;
}

/* hue / 60 degrees is num / chroma plus the sector of the largest channel;
 * the bin floor(hue * bins / 360) is then num * bins / (6 chroma), exactly. */
int features_hue_bin(int r, int g, int b, int bins)
{
    int max = r > g ? (r > b ? r : b) : (g > b ? g : b);
    int min = r < g ? (r < b ? r : b) : (g < b ? g : b);
    int chroma = max - min;
    if (chroma == 0)
        return -1;
    int num;
    if (max == r)
        num = g - b < 0 ? g - b + 6 * chroma : g - b;
    else if (max == g)
        num = b - r + 2 * chroma;
    else
        num = r - g + 4 * chroma;
    return (int)((long)num * bins / (6L * chroma));
}

void features_hog(const features_layout *l, const uint8_t *img, float *grey, float *out)
{
    int cell = l->cfg.hog_cell, bins = l->cfg.hog_bins;
    memset(out, 0, (size_t)l->hog_dim * sizeof *out);
    features_grey(l, img, grey);
    float per_pixel = 1.0f / (float)(cell * cell);
    for (int cy = 0; cy < l->cells_y; cy++)
        for (int cx = 0; cx < l->cells_x; cx++) {
            float *hist = out + ((size_t)cy * l->cells_x + cx) * bins;
            for (int r = l->off_y + cy * cell; r < l->off_y + (cy + 1) * cell; r++)
                for (int c = l->off_x + cx * cell; c < l->off_x + (cx + 1) * cell; c++) {
                    float gx, gy;
                    gradient_at(l, grey, r, c, &gx, &gy);
                    if (gx == 0 && gy == 0)
                        continue;
                    hist[features_orientation_bin(gx, gy, bins)] += sqrtf(gx * gx + gy * gy);
                }
            for (int k = 0; k < bins; k++)
                hist[k] *= per_pixel;
        }
}

void features_hue(const features_layout *l, const uint8_t *img, float *out)
{
    int bins = l->cfg.hue_bins;
    size_t np = (size_t)l->width * (size_t)l->height;
    long count[FEATURES_BINS_MAX] = {0};
    const uint8_t *r = img, *g = img + np, *b = img + 2 * np;
    for (size_t i = 0; i < np; i++) {
        int k = features_hue_bin(r[i], g[i], b[i], bins);
        if (k >= 0)
            count[k]++;
    }
    for (int k = 0; k < bins; k++)
        out[k] = (float)count[k] / (float)np;
}

/* One image's row: HOG, then hue. */
static void features_row(const features_layout *l, const uint8_t *img, float *grey, float *row)
{
    if (l->hog_dim)
        features_hog(l, img, grey, row);
    if (l->hue_dim)
        features_hue(l, img, row + l->hog_dim);
}

typedef struct {
    const features_layout *l;
    const uint8_t *x;
    float *out;
    size_t from, to;
    size_t done; /* read by the calling thread under mu */
    pthread_mutex_t *mu;
    int ok;
} extract_job;

static void *extract_run(void *arg)
{
    extract_job *j = arg;
    const features_layout *l = j->l;
    size_t np = (size_t)l->width * (size_t)l->height, img = np * (size_t)l->channels;
    float *grey = malloc(np * sizeof *grey);
    if (!grey)
        return NULL;
    for (size_t i = j->from; i < j->to; i++) {
        features_row(l, j->x + i * img, grey, j->out + i * (size_t)l->dim);
        /* a lock per 256 images: cheap against their features */
        if ((i - j->from) % 256 == 255 || i + 1 == j->to) {
            pthread_mutex_lock(j->mu);
            j->done = i + 1 - j->from;
            pthread_mutex_unlock(j->mu);
        }
    }
    free(grey);
    j->ok = 1;
    return NULL;
}

#define THREADS_MAX 64

int features_extract(const features_layout *l, const uint8_t *x, size_t n, float *out,
                     int threads, features_progress progress, void *ctx)
{
    if (threads < 1)
        threads = 1;
    if (threads > THREADS_MAX)
        threads = THREADS_MAX;
    if ((size_t)threads > n)
        threads = n ? (int)n : 1;
    pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    extract_job jobs[THREADS_MAX];
    pthread_t tid[THREADS_MAX];
    int started[THREADS_MAX] = {0};
    for (int t = 0; t < threads; t++)
        jobs[t] = (extract_job){l, x, out, n * t / threads, n * (t + 1) / threads, 0, &mu, 0};
    /* job 0 runs here when nobody wants progress; else every job gets a
     * thread and this one reports */
    int first = progress ? 0 : 1;
    for (int t = first; t < threads; t++)
        started[t] = pthread_create(&tid[t], NULL, extract_run, &jobs[t]) == 0;
    if (!progress)
        extract_run(&jobs[0]);
    else
        for (;;) {
            size_t done = 0;
            pthread_mutex_lock(&mu);
            for (int t = 0; t < threads; t++)
                done += jobs[t].done;
            pthread_mutex_unlock(&mu);
            progress(ctx, done, n);
            int running = 0;
            for (int t = 0; t < threads; t++)
                running |= started[t] && jobs[t].from + jobs[t].done < jobs[t].to;
            if (!running)
                break;
            struct timespec ts = {0, 50 * 1000 * 1000};
            nanosleep(&ts, NULL);
        }
    int ok = 1;
    for (int t = first; t < threads; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            ok = 0;
    }
    for (int t = 0; t < threads; t++)
        ok &= jobs[t].ok || jobs[t].from == jobs[t].to;
    return ok ? 0 : -1;
}

void features_fit(const float *f, size_t n, int dim, float *mean, float *std)
{
    size_t ld = (size_t)dim;
    for (int k = 0; k < dim; k++) {
        double s = 0, s2 = 0;
        for (size_t i = 0; i < n; i++)
            s += f[i * ld + k];
        double m = n ? s / (double)n : 0;
        for (size_t i = 0; i < n; i++) {
            double d = f[i * ld + k] - m;
            s2 += d * d;
        }
        mean[k] = (float)m;
        std[k] = (float)(n ? sqrt(s2 / (double)n) : 0);
    }
}

void features_standardize(float *f, size_t n, int dim, const float *mean, const float *std)
{
    size_t ld = (size_t)dim;
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < dim; k++) {
            float s = std[k] > 0 ? std[k] : 1.0f;
            f[i * ld + k] = (f[i * ld + k] - mean[k]) / s;
        }
}
