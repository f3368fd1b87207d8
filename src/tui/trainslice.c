#include "trainslice.h"

#include <curses.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/landscape.h"
#include "contour.h"
#include "landsampler.h"
#include "paint.h"
#include "palette.h"
#include "term.h"

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

/* ---- the map ---- */

/* Where the map goes and how it is drawn. */
typedef struct {
    const theme *th;
    const term_caps *caps;
    canvas_mode glyphs;
    int x, y, w, h;     /* the map's cells */
    const double *view; /* a0, a1, b0, b1 */
} map_area;

/* The map's paint: the theme at the terminal's depth, nothing past the map. */
static paint map_painter(const map_area *m)
{
    return (paint){.th = m->th, .depth = m->caps->depth, .utf8 = m->caps->utf8,
                   .right = m->x + m->w};
}

/* fg on the theme's paper. */
static int map_pair(const map_area *m, int fg)
{
    paint p = map_painter(m);
    return paint_pair(&p, fg, -1);
}

static void world_dot(const map_area *m, const canvas *c, double a, double b, double *x, double *y)
{
    *x = (a - m->view[0]) / (m->view[1] - m->view[0]) * c->w - 0.5;
    *y = (m->view[3] - b) / (m->view[3] - m->view[2]) * c->h - 0.5;
}

/* A mark at (a, b) when it falls on the map. */
static void map_mark(const map_area *m, const canvas *c, double a, double b, uint32_t cp,
                     unsigned attr, int pair)
{
    double x, y;
    world_dot(m, c, a, b, &x, &y);
    int col = (int)floor((x + 0.5) / c->cw), row = (int)floor((y + 0.5) / c->ch);
    if (col >= 0 && col < m->w && row >= 0 && row < m->h)
        term_put_cp(m->y + row, m->x + col, cp, attr, pair);
}

/* The samples s holds (asked for at w * dots + 1 across, h * dots + 1
 * down) as contour lines coloured by level, the run's n points over them in
 * its optimizer kind's colour with its head, and W0's mark; the levels'
 * range in lo, hi. Returns the rows s has done, or -1 (out of memory). */
static int draw_map(const map_area *m, landsampler *s, const landscape_point *pt, size_t n,
                    int kind, double *lo, double *hi)
{
    int cw, ch;
    canvas_cell_dots(m->glyphs, &cw, &ch);
    contour ct = {0};
    canvas lines = {0}, path = {0};
    pthread_mutex_lock(&s->mu);
    int ok = s->f && contour_build_samples(&ct, s->f, m->view, m->w, m->h, cw, ch,
                                           CONTOUR_BANDS, 1) == 0;
    int rows_done = s->rows_done;
    pthread_mutex_unlock(&s->mu);
    ok = ok && canvas_init(&lines, m->w, m->h, m->glyphs) == 0 &&
         canvas_init(&path, m->w, m->h, m->glyphs) == 0;
    if (ok) {
        paint p = map_painter(m);
        int run_fg = paint_optim(&p, kind);
        lines.thick = path.thick = m->th->thick;
        contour_lines(&ct, &lines, 1);
        double x0 = 0, y0 = 0;
        for (size_t i = 0; i < n; i++) {
            double x1, y1;
            world_dot(m, &path, pt[i].a, pt[i].b, &x1, &y1);
            if (i > 0)
                canvas_line(&path, x0, y0, x1, y1, 1);
            x0 = x1;
            y0 = y1;
        }
        for (int row = 0; row < m->h; row++)
            for (int col = 0; col < m->w; col++) {
                int ink = path.ink[row * path.cols + col];
                uint32_t g = canvas_glyph(ink ? &path : &lines, col, row, ink ? '*' : '.');
                int fg = -1;
                if (ink)
                    fg = run_fg;
                else if (g != ' ') {
                    double t = contour_cell(&ct, col, row);
                    fg = t < 0 ? -1
                               : paint_colour(&p, palette_ramp(t),
                                              m->th->basic_ramp[contour_ramp(t, 4)]);
                }
                term_put_cp(m->y + row, m->x + col, g, ink ? A_BOLD : A_NORMAL, map_pair(m, fg));
            }
        if (n > 0) { /* the head, then W0 */
            const head_mark *hm = theme_head(kind);
            map_mark(m, &path, pt[n - 1].a, pt[n - 1].b,
                     m->caps->utf8 ? hm->utf : (uint32_t)hm->ascii, A_BOLD, map_pair(m, run_fg));
        }
        map_mark(m, &path, 0, 0, m->caps->utf8 ? 0x25c6 : '+', A_BOLD, 0);
        *lo = ct.lo;
        *hi = ct.hi;
    }
    contour_free(&ct);
    canvas_free(&lines);
    canvas_free(&path);
    return ok ? rows_done : -1;
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
    map_area m = {th, caps, glyphs, x, y + 1, w, mh, t->view};
    double lo = 0, hi = 0;
    int rows = draw_map(&m, &t->s, t->path, t->n, run->kind, &lo, &hi);
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
