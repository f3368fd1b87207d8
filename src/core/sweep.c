#include "sweep.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "features.h"
#include "hparams.h"
#include "multitrain.h"

/* 6 significant digits: what %g prints, so a printed value is the value. */
static double round6(double v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%g", v);
    return strtod(buf, NULL);
}

static int parse_range(const char *text, sweep_axis *out, char *err, size_t errlen)
{
    char lo_s[64], hi_s[64];
    const char *c1 = strchr(text, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (!c2 || strchr(c2 + 1, ':') || (size_t)(c1 - text) >= sizeof lo_s ||
        (size_t)(c2 - c1 - 1) >= sizeof hi_s) {
        snprintf(err, errlen, "'%.60s' is not LO:HI:N", text);
        return -1;
    }
    snprintf(lo_s, sizeof lo_s, "%.*s", (int)(c1 - text), text);
    snprintf(hi_s, sizeof hi_s, "%.*s", (int)(c2 - c1 - 1), c1 + 1);
    double lo, hi;
    long n;
    if (hparams_number(lo_s, &lo) < 0 || hparams_number(hi_s, &hi) < 0 ||
        hparams_integer(c2 + 1, 1, SWEEP_AXIS_MAX, &n) < 0) {
        snprintf(err, errlen, "'%.60s' is not LO:HI:N (N an integer in [1, %d])", text,
                 SWEEP_AXIS_MAX);
        return -1;
    }
    if (!(lo > 0) || !(hi > 0)) {
        snprintf(err, errlen, "'%.60s': a log-spaced range needs LO and HI > 0", text);
        return -1;
    }
    if (lo > hi || (lo == hi) != (n == 1)) {
        snprintf(err, errlen, "'%.60s': %s", text,
                 lo > hi ? "LO is above HI (ranges go up)"
                 : n == 1 ? "one value needs LO = HI" : "LO = HI holds one value: N = 1");
        return -1;
    }
    for (long i = 0; i < n; i++)
        out->v[i] = round6(n == 1 ? lo : exp(log(lo) + (log(hi) - log(lo)) * (double)i / (double)(n - 1)));
    out->n = (int)n;
    for (int i = 1; i < out->n; i++)
        if (!(out->v[i] > out->v[i - 1])) {
            snprintf(err, errlen, "'%.60s': %ld values do not differ in 6 digits", text, n);
            return -1;
        }
    return 0;
}

int sweep_axis_parse(const char *text, int positive, sweep_axis *out, char *err, size_t errlen)
{
    out->n = 0;
    if (!*text) {
        snprintf(err, errlen, "an empty list");
        return -1;
    }
    if (strchr(text, ':'))
        return parse_range(text, out, err, errlen);
    for (const char *p = text;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char item[64];
        double v;
        if (len >= sizeof item || (snprintf(item, sizeof item, "%.*s", (int)len, p),
                                   hparams_number(item, &v) < 0)) {
            snprintf(err, errlen, "'%.*s' is not a number", len > 60 ? 60 : (int)len, p);
            return -1;
        }
        if (positive ? !(v > 0) : !(v >= 0)) {
            snprintf(err, errlen, "'%s' is not %s", item, positive ? "> 0" : ">= 0");
            return -1;
        }
        if (out->n == SWEEP_AXIS_MAX) {
            snprintf(err, errlen, "more than %d values", SWEEP_AXIS_MAX);
            return -1;
        }
        v = round6(v);
        if (out->n > 0 && !(v > out->v[out->n - 1])) {
            snprintf(err, errlen, "'%s' after %g: list the values in ascending order, once each",
                     item, out->v[out->n - 1]);
            return -1;
        }
        out->v[out->n++] = v;
        if (!comma)
            return 0;
        p = comma + 1;
    }
}

/* lr x reg (x sizes, fastest; NULL: hidden 0), lr-major. */
static long grid(const sweep_axis *lr, const sweep_axis *reg, const sweep_sizes *sizes,
                 sweep_point *out, char *err, size_t errlen)
{
    int nh = sizes ? sizes->n : 1;
    long count = (long)lr->n * reg->n * nh;
    if (count > SWEEP_CONFIGS_MAX) {
        char third[32] = "";
        if (sizes)
            snprintf(third, sizeof third, " x %d", nh);
        snprintf(err, errlen, "a grid of %d x %d%s = %ld configurations: at most %d", lr->n,
                 reg->n, third, count, SWEEP_CONFIGS_MAX);
        return -1;
    }
    long k = 0;
    for (int i = 0; i < lr->n; i++)
        for (int j = 0; j < reg->n; j++)
            for (int h = 0; h < nh; h++) {
                out[k].lr = lr->v[i];
                out[k].reg = reg->v[j];
                out[k++].hidden = sizes ? sizes->v[h] : 0;
            }
    return count;
}

long sweep_grid(const sweep_axis *lr, const sweep_axis *reg, sweep_point *out, char *err,
                size_t errlen)
{
    return grid(lr, reg, NULL, out, err, errlen);
}

long sweep_grid_sizes(const sweep_axis *lr, const sweep_axis *reg, const sweep_sizes *hidden,
                      sweep_point *out, char *err, size_t errlen)
{
    return grid(lr, reg, hidden, out, err, errlen);
}

static double log_uniform(gsl_rng *r, double lo, double hi)
{
    return round6(exp(log(lo) + (log(hi) - log(lo)) * gsl_rng_uniform(r)));
}

/* k points: lr and reg log-uniform, hidden from sizes (NULL: 0, the
 * configuration's own). */
static long draw(const sweep_axis *lr, const sweep_axis *reg, const sweep_sizes *sizes, long k,
                 unsigned long seed, sweep_point *out, char *err, size_t errlen)
{
    if (k < 1 || k > SWEEP_CONFIGS_MAX) {
        snprintf(err, errlen, "%ld random configurations: give 1 to %d", k, SWEEP_CONFIGS_MAX);
        return -1;
    }
    if (!(lr->v[0] > 0) || !(reg->v[0] > 0)) {
        snprintf(err, errlen, "random search draws log-uniformly: the %s bounds must be > 0",
                 lr->v[0] > 0 ? "reg" : "lr");
        return -1;
    }
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    gsl_rng_set(r, seed);
    for (long i = 0; i < k; i++) {
        out[i].lr = log_uniform(r, lr->v[0], lr->v[lr->n - 1]);
        out[i].reg = log_uniform(r, reg->v[0], reg->v[reg->n - 1]);
        out[i].hidden = sizes ? sizes->v[gsl_rng_uniform_int(r, (unsigned long)sizes->n)] : 0;
    }
    gsl_rng_free(r);
    return k;
}

long sweep_random(const sweep_axis *lr, const sweep_axis *reg, long k, unsigned long seed,
                  sweep_point *out, char *err, size_t errlen)
{
    return draw(lr, reg, NULL, k, seed, out, err, errlen);
}

long sweep_random_sizes(const sweep_axis *lr, const sweep_axis *reg, const sweep_sizes *hidden,
                        long k, unsigned long seed, sweep_point *out, char *err, size_t errlen)
{
    return draw(lr, reg, hidden, k, seed, out, err, errlen);
}

int sweep_sizes_parse(const char *text, int max, sweep_sizes *out, char *err, size_t errlen)
{
    out->n = 0;
    if (!*text) {
        snprintf(err, errlen, "an empty list");
        return -1;
    }
    for (const char *p = text;;) {
        const char *comma = strchr(p, ',');
        size_t len = comma ? (size_t)(comma - p) : strlen(p);
        char item[32];
        long v;
        if (len >= sizeof item || (snprintf(item, sizeof item, "%.*s", (int)len, p),
                                   hparams_integer(item, 1, max, &v) < 0)) {
            snprintf(err, errlen, "'%.*s' is not an integer in [1, %d]", len > 60 ? 60 : (int)len,
                     p, max);
            return -1;
        }
        if (out->n == SWEEP_SIZES_MAX) {
            snprintf(err, errlen, "more than %d values", SWEEP_SIZES_MAX);
            return -1;
        }
        if (out->n > 0 && v <= out->v[out->n - 1]) {
            snprintf(err, errlen, "'%ld' after %d: list the values in ascending order, once each", v,
                     out->v[out->n - 1]);
            return -1;
        }
        out->v[out->n++] = (int)v;
        if (!comma)
            return 0;
        p = comma + 1;
    }
}

void sweep_fold(size_t n, int k, int f, size_t *lo, size_t *hi)
{
    *lo = n * (size_t)f / (size_t)k;
    *hi = n * (size_t)(f + 1) / (size_t)k;
}

/* Row i of the pool (train, then val) into x or xf at row j. */
static void copy_row(const linear_data *train, const linear_data *val, size_t i, int dim,
                     uint8_t *x, float *xf, uint8_t *y, size_t j)
{
    const linear_data *d = i < train->n ? train : val;
    size_t r = i < train->n ? i : i - train->n;
    if (d->xf)
        memcpy(xf + j * (size_t)dim, d->xf + r * (size_t)dim, (size_t)dim * sizeof *xf);
    else
        memcpy(x + j * (size_t)dim, d->x + r * (size_t)dim, (size_t)dim);
    y[j] = d->y[r];
}

int sweep_fold_make(const linear_data *train, const linear_data *val, int dim, int k, int f,
                    sweep_fold_data *out)
{
    memset(out, 0, sizeof *out);
    size_t n = train->n + val->n, lo, hi;
    if (k < 2 || k > SWEEP_FOLDS_MAX || (size_t)k > n || f < 0 || f >= k ||
        (train->n && val->n && (train->xf == NULL) != (val->xf == NULL)))
        return -1;
    int floats = (train->n ? train : val)->xf != NULL;
    size_t row = floats ? (size_t)dim * sizeof(float) : (size_t)dim;
    unsigned char *buf = malloc(n * (row + 1));
    if (!buf)
        return -1;
    out->buf = buf;
    uint8_t *x = floats ? NULL : buf;
    float *xf = floats ? (float *)(void *)buf : NULL;
    uint8_t *y = buf + n * row;
    sweep_fold(n, k, f, &lo, &hi);
    /* the held-out fold first (rows 0..), then the rest */
    size_t j = 0;
    for (size_t i = lo; i < hi; i++, j++)
        copy_row(train, val, i, dim, x, xf, y, j);
    for (size_t i = 0; i < n; i++)
        if (i < lo || i >= hi)
            copy_row(train, val, i, dim, x, xf, y, j++);
    size_t nv = hi - lo;
    out->val = (linear_data){x, y, nv, xf};
    out->train = (linear_data){x ? x + nv * row : NULL, y + nv, n - nv,
                               xf ? xf + nv * (size_t)dim : NULL};
    return 0;
}

void sweep_fold_free(sweep_fold_data *d)
{
    free(d->buf);
    memset(d, 0, sizeof *d);
}

int sweep_fold_standardize(sweep_fold_data *d, int dim)
{
    /* the fold's own rows: sweep_fold_make copied them into buf */
    float *val = (float *)(void *)d->buf, *train = val + d->val.n * (size_t)dim;
    if (!d->val.xf || !d->train.xf || d->val.xf != val || d->train.xf != train)
        return -1;
    float *mean = malloc((size_t)dim * sizeof *mean), *std = malloc((size_t)dim * sizeof *std);
    if (!mean || !std) {
        free(mean);
        free(std);
        return -1;
    }
    features_fit(train, d->train.n, dim, mean, std);
    features_standardize(train, d->train.n, dim, mean, std);
    features_standardize(val, d->val.n, dim, mean, std);
    free(mean);
    free(std);
    return 0;
}

/* What descent train reports of a trained t but its accuracies: the last
 * minibatch's loss (or the loss on train for 0 iterations). */
static void measure_loss(trainer *t, const linear_data *train, sweep_result *out)
{
    out->iters = t->iter;
    model_loss last = t->iter > 0 ? t->last : trainer_loss(t, train, train->n);
    out->loss = last.loss;
    out->data_loss = last.data_loss;
    out->reg_loss = last.reg_loss;
}

/* What descent train reports of a trained t: measure_loss's, accuracies on
 * all of train and val. */
static void measure(trainer *t, const linear_data *train, const linear_data *val,
                    sweep_result *out)
{
    measure_loss(t, train, out);
    out->train_acc = train->n ? trainer_evaluate(t, train, NULL) : NAN;
    out->val_acc = val->n ? trainer_evaluate(t, val, NULL) : NAN;
}

int sweep_train(const train_config *cfg, int classes, int dim, const linear_data *train,
                const linear_data *val, sweep_result *out, trainer *keep, char *err,
                size_t errlen)
{
    return sweep_train_watched(cfg, classes, dim, train, val, out, keep, NULL, NULL, err, errlen);
}

int sweep_train_watched(const train_config *cfg, int classes, int dim, const linear_data *train,
                        const linear_data *val, sweep_result *out, trainer *keep,
                        sweep_watch watch, void *ctx, char *err, size_t errlen)
{
    trainer local, *t = keep ? keep : &local;
    memset(out, 0, sizeof *out);
    if (trainer_init(t, cfg, classes, dim, train, val, NULL, NULL, err, errlen) < 0)
        return -1;
    while (t->iter < cfg->iters) {
        if (trainer_step(t) < 0) {
            out->diverged = 1;
            break;
        }
        if (watch && watch(ctx, t->iter)) {
            if (!keep)
                trainer_free(t);
            return 1;
        }
    }
    measure(t, train, val, out);
    if (!keep)
        trainer_free(t);
    return 0;
}

/* The trainers of a shared sweep and what steps them. */
typedef struct {
    trainer *t;
    trainer **live;
    int *slot, *rc;
    double *mean; /* the training images' mean, computed once for all */
    double *acc;  /* the trainers' accuracies on a set */
    multitrain m;
} shared_run;

static void shared_free(shared_run *s, int inited)
{
    for (int i = 0; i < inited; i++)
        trainer_free(&s->t[i]);
    multitrain_free(&s->m);
    free(s->t);
    free(s->live);
    free(s->slot);
    free(s->rc);
    free(s->mean);
    free(s->acc);
}

/* measure for each of the k trainers, every chunk of train and of val
 * converted once for all that can share it (multitrain_evaluate). */
static void measure_shared(shared_run *s, int k, const linear_data *train,
                           const linear_data *val, sweep_result *out)
{
    for (int i = 0; i < k; i++) {
        measure_loss(&s->t[i], train, &out[i]);
        s->live[i] = &s->t[i];
    }
    double *acc = s->acc;
    const linear_data *sets[2] = {train, val};
    for (int set = 0; set < 2; set++) {
        if (sets[set]->n)
            multitrain_evaluate(&s->m, s->live, k, sets[set], acc);
        for (int i = 0; i < k; i++) {
            double a = sets[set]->n ? acc[i] : NAN;
            if (set == 0)
                out[i].train_acc = a;
            else
                out[i].val_acc = a;
        }
    }
}

int sweep_train_shared(const train_config *cfgs, int k, int classes, int dim,
                       const linear_data *train, const linear_data *val, sweep_result *out,
                       char *err, size_t errlen)
{
    shared_run s = {0};
    size_t n = k > 0 ? (size_t)k : 1;
    s.t = calloc(n, sizeof *s.t);
    s.live = malloc(n * sizeof *s.live);
    s.slot = malloc(n * sizeof *s.slot);
    s.rc = malloc(n * sizeof *s.rc);
    s.mean = malloc((size_t)(dim > 0 ? dim : 1) * sizeof *s.mean);
    s.acc = malloc(n * sizeof *s.acc);
    if (!s.t || !s.live || !s.slot || !s.rc || !s.mean || !s.acc ||
        multitrain_init(&s.m, k < SWEEP_PASS_MODELS ? (k > 0 ? k : 1) : SWEEP_PASS_MODELS) < 0) {
        shared_free(&s, 0);
        snprintf(err, errlen, "out of memory for %d configurations", k);
        return -1;
    }
    modeldata_mean(train, dim, s.mean); /* what each trainer would compute */
    for (int i = 0; i < k; i++) {
        memset(&out[i], 0, sizeof out[i]);
        if (trainer_init(&s.t[i], &cfgs[i], classes, dim, train, val, s.mean, NULL, err,
                         errlen) < 0) {
            shared_free(&s, i);
            return -1;
        }
    }
    for (;;) {
        int live = 0;
        for (int i = 0; i < k; i++)
            if (!out[i].diverged && s.t[i].iter < cfgs[i].iters) {
                s.live[live] = &s.t[i];
                s.slot[live++] = i;
            }
        if (live == 0)
            break;
        multitrain_step(&s.m, s.live, live, s.rc);
        for (int j = 0; j < live; j++)
            out[s.slot[j]].diverged = s.rc[j] < 0;
    }
    measure_shared(&s, k, train, val, out);
    shared_free(&s, k);
    return 0;
}
