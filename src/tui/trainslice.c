#include "trainslice.h"

#include <curses.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/landscape.h"
#include "landsampler.h"
#include "landview.h"

#define PATH_MAX_POINTS 1024 /* thinned by 2 when full */
#define MIN_HALF 0.005       /* the smallest view: W0 +- this on both axes */

struct trainslice {
    worker_config wc;
    model_config mc;
    size_t images;
    /* the maker's thread; what it makes is read only once ready is set */
    pthread_t thread;
    pthread_mutex_t mu;
    int started, ready, failed;
    char message[220];
    landscape_plane p;
    landscape_eval e;
    double *mean;
    double w0_loss;
    /* the UI thread's */
    landsampler s;
    int sampling, sw, sh;
    double half, view[4];
    landscape_point *path;
    size_t n;
    long last_iter;
    landscape_work *work;
};

/* The plane: W0 and the mean image from trainer_init with the worker's own
 * settings (so W0 is the run's start), then the directions and the scores. */
static void *make_plane(void *arg)
{
    trainslice *t = arg;
    char err[200] = "";
    trainer tr;
    train_config c = t->wc.cfg;
    c.iters = 0;
    int ok = trainer_init(&tr, &c, t->wc.classes, t->wc.dim, &t->wc.train, &t->wc.val, t->wc.mean,
                          t->wc.w, err, sizeof err) == 0;
    if (ok) {
        int max = MLP_HIDDEN_MAX + LINEAR_CLASSES_MAX;
        landscape_block *blocks = malloc((size_t)max * sizeof *blocks);
        t->mean = malloc((size_t)t->wc.dim * sizeof *t->mean);
        ok = blocks && t->mean && landscape_plane_init(&t->p, tr.w, tr.n_params) == 0;
        if (!ok)
            snprintf(err, sizeof err, "out of memory");
        if (ok) {
            memcpy(t->mean, tr.mean, (size_t)t->wc.dim * sizeof *t->mean);
            int nb = landscape_blocks(&t->mc, blocks, max);
            ok = landscape_random(&t->p, blocks, nb, c.seed, err, sizeof err) == 0;
        }
        free(blocks);
        trainer_free(&tr);
    }
    if (ok && landscape_eval_init(&t->e, &t->mc, t->mean, &t->wc.train, t->images, &t->p) < 0) {
        snprintf(err, sizeof err, "out of memory for the scores");
        ok = 0;
    }
    landscape_work *work = ok ? landscape_work_new(&t->e) : NULL;
    if (ok && !work) {
        snprintf(err, sizeof err, "out of memory");
        ok = 0;
    }
    pthread_mutex_lock(&t->mu);
    if (ok) {
        t->w0_loss = landscape_eval_point(&t->e, 0, 0, work).loss;
        t->work = work;
        t->ready = 1;
    } else {
        t->failed = 1;
        snprintf(t->message, sizeof t->message, "no slice: %s", err);
    }
    pthread_mutex_unlock(&t->mu);
    return NULL;
}

trainslice *trainslice_new(const worker_config *wc)
{
    trainslice *t = calloc(1, sizeof *t);
    if (!t)
        return NULL;
    t->wc = *wc;
    t->mc = train_model_config(&wc->cfg, wc->classes, wc->dim);
    t->images = wc->train.n < TRAINSLICE_IMAGES ? wc->train.n : TRAINSLICE_IMAGES;
    t->last_iter = -1;
    pthread_mutex_init(&t->mu, NULL);
    landsampler_init(&t->s);
    return t;
}

void trainslice_free(trainslice *t)
{
    if (!t)
        return;
    landsampler_free(&t->s);
    if (t->started)
        pthread_join(t->thread, NULL);
    landscape_work_free(t->work);
    landscape_eval_free(&t->e);
    landscape_plane_free(&t->p);
    free(t->mean);
    free(t->path);
    pthread_mutex_destroy(&t->mu);
    free(t);
}

void trainslice_observe(trainslice *t, const trainslice_run *run)
{
    if (!t->started)
        t->started = pthread_create(&t->thread, NULL, make_plane, t) == 0;
    pthread_mutex_lock(&t->mu);
    int ready = t->ready;
    pthread_mutex_unlock(&t->mu);
    if (!ready || !run->w || run->n != t->p.n || run->iter == t->last_iter)
        return;
    if (!t->path && !(t->path = malloc(PATH_MAX_POINTS * sizeof *t->path)))
        return;
    if (run->iter < t->last_iter || t->n == 0) { /* the start, or a reset: from W0 */
        t->path[0] = (landscape_point){0, 0, 0};
        t->n = 1;
    }
    if (run->iter == 0) {
        t->last_iter = 0;
        return;
    }
    if (t->n == PATH_MAX_POINTS) {
        for (size_t i = 0; i < PATH_MAX_POINTS / 2; i++)
            t->path[i] = t->path[2 * i];
        t->n = PATH_MAX_POINTS / 2;
    }
    t->path[t->n++] = landscape_project(&t->p, run->w);
    t->last_iter = run->iter;
}

/* W0 +- half, half doubling until the path is inside its inner 80%. */
static int frame_path(trainslice *t)
{
    double need = 0;
    for (size_t i = 0; i < t->n; i++)
        need = fmax(need, fmax(fabs(t->path[i].a), fabs(t->path[i].b)));
    double half = t->half > 0 ? t->half : MIN_HALF;
    while (need > 0.8 * half && half < 1e12)
        half *= 2;
    if (t->n <= 1)
        half = MIN_HALF;
    int changed = half != t->half;
    t->half = half;
    t->view[0] = t->view[2] = -half;
    t->view[1] = t->view[3] = half;
    return changed;
}

int trainslice_draw(trainslice *t, const trainslice_run *run, const theme *th,
                    const term_caps *caps, canvas_mode glyphs, int x, int y, int w, int h)
{
    trainslice_observe(t, run);
    pthread_mutex_lock(&t->mu);
    int ready = t->ready, failed = t->failed;
    pthread_mutex_unlock(&t->mu);
    char buf[320];
    snprintf(buf, sizeof buf, "slice under the run: W0 + a D1 + b D2, random (seed %lu), %zu images",
             t->wc.cfg.seed, t->images);
    term_put_str(y, x, w, x + w, buf, A_BOLD, 0);
    if (!t->started || failed || !ready) {
        term_put_str(y + 1, x, w, x + w,
                     !t->started ? "no slice: cannot start its thread"
                     : failed    ? t->message
                                 : "making the plane: W0, the directions, the scores S0 S1 S2",
                     0, 0);
        return 2;
    }
    if (!t->sampling)
        t->sampling = landsampler_start(&t->s, &t->e) == 0;
    int mh = h - 3, cw, ch;
    canvas_cell_dots(glyphs, &cw, &ch);
    if (mh < 3 || w < 10 || !t->sampling)
        return 1;
    /* a new size or a grown view: its samples again, in the background */
    if ((frame_path(t) || w != t->sw || mh != t->sh) &&
        landsampler_request(&t->s, t->view, w * cw + 1, mh * ch + 1) == 0) {
        t->sw = w;
        t->sh = mh;
    }
    landview_path path = {t->path, t->n, run->kind};
    landview_map_spec m = {th, caps, glyphs, x, y + 1, w, mh, t->view, 1, &path, -1, -1};
    double lo = 0, hi = 0;
    int rows = landview_map(&m, &t->s, &lo, &hi);
    const landscape_point *head = t->n ? &t->path[t->n - 1] : NULL;
    double here = head ? landscape_eval_point(&t->e, head->a, head->b, t->work).loss : NAN;
    snprintf(buf, sizeof buf, "+-%.3g  W0 loss %.6g  run's point %.6g (own %.6g)", t->half,
             t->w0_loss, here, run->loss);
    term_put_str(y + 1 + mh, x, w, x + w, buf, 0, 0);
    if (rows >= 0 && rows < t->s.h)
        snprintf(buf, sizeof buf, "off the plane %.4g  computing row %d/%d",
                 head ? head->dist : 0.0, rows, t->s.h);
    else
        snprintf(buf, sizeof buf, "off the plane %.4g  %d x %d points  loss %.4g .. %.4g",
                 head ? head->dist : 0.0, t->s.w, t->s.h, lo, hi);
    term_put_str(y + 2 + mh, x, w, x + w, buf, 0, 0);
    return h;
}
