#include "tuneview.h"

#include <curses.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "heatmap.h"
#include "term.h"
#include "trainview.h"

#define MIN_COLS 80
#define MIN_ROWS 24
#define FRAME_MS 100
#define DETAIL_W 34 /* the cell detail's columns below 120 */

/* ---- the sweep in the background ---- */

typedef struct {
    const tuneview_config *c;
    pthread_t thread;
    pthread_mutex_t mu;
    tuneview_live live;
    tuneview_cell **cells; /* published under mu, then never changed */
    long done, running;    /* running: -1 once the thread has ended */
    int failed;
    char fail[256];
    double t0, t1;         /* its start, and its end (0 while it runs) */
} sweeper;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

int tuneview_watch(void *live, long iter)
{
    tuneview_live *l = live;
    atomic_store(&l->iter, iter);
    return atomic_load(&l->stop);
}

static void cell_free(tuneview_cell *cell)
{
    if (cell)
        free(cell->tmpl);
    free(cell);
}

static void *sweeper_main(void *arg)
{
    sweeper *s = arg;
    const tuneview_config *c = s->c;
    char err[256] = "";
    int rc = 0;
    for (long i = 0; i < c->n && rc == 0 && !atomic_load(&s->live.stop); i++) {
        atomic_store(&s->live.iter, 0);
        atomic_store(&s->live.fold, 0);
        pthread_mutex_lock(&s->mu);
        s->running = i;
        pthread_mutex_unlock(&s->mu);
        tuneview_cell *cell = calloc(1, sizeof *cell);
        if (!cell) {
            snprintf(err, sizeof err, "out of memory");
            rc = -1;
            break;
        }
        rc = c->run(c->ctx, i, &s->live, cell, err, sizeof err);
        pthread_mutex_lock(&s->mu);
        if (rc == 0) {
            s->cells[i] = cell;
            s->done = i + 1;
        }
        pthread_mutex_unlock(&s->mu);
        if (rc != 0)
            cell_free(cell);
    }
    pthread_mutex_lock(&s->mu);
    s->running = -1;
    s->t1 = now();
    if (rc < 0) {
        s->failed = 1;
        snprintf(s->fail, sizeof s->fail, "%s", err);
    }
    pthread_mutex_unlock(&s->mu);
    return NULL;
}

/* ---- the screen ---- */

typedef struct {
    const tuneview_config *c;
    sweeper s;
    term_caps caps;
    const theme *th;
    colour_depth depth;
    trainview *painter; /* the panel's chart and image drawers */
    int slice;
    long cursor;        /* the configuration under the cursor */
    heat_point *pt;     /* this slice's points; pt_cfg: their configurations */
    long *pt_cfg;
    int npt, help;
    char message[200];
} view;

static void put(int y, int x, int n, const char *s, unsigned attr)
{
    term_put_str(y, x, n, x + n, s, attr, 0);
}

static void putf(int y, int x, int n, unsigned attr, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void putf(int y, int x, int n, unsigned attr, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put(y, x, n, buf, attr);
}

/* v's place on the ascending axis (a binary search: every frame asks for every cell). */
static int axis_index(const sweep_axis *a, double v)
{
    int lo = 0, hi = a->n - 1;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (a->v[mid] < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

static int slice_of(const view *v, long i)
{
    return v->c->slice_of ? v->c->slice_of[i] : 0;
}

/* The current slice's points with their states, under the sweeper's lock. */
static void gather(view *v)
{
    const tuneview_config *c = v->c;
    v->npt = 0;
    pthread_mutex_lock(&v->s.mu);
    for (long i = 0; i < c->n; i++) {
        if (slice_of(v, i) != v->slice)
            continue;
        heat_point *p = &v->pt[v->npt];
        const tuneview_cell *cell = v->s.cells[i];
        p->x = c->points[i].lr;
        p->y = c->points[i].reg;
        p->col = axis_index(c->lr, p->x);
        p->row = axis_index(c->reg, p->y);
        p->value = cell ? cell->val_acc : NAN;
        p->state = cell ? (cell->diverged ? HEAT_DIVERGED : HEAT_DONE)
                   : i == v->s.running ? HEAT_RUNNING : HEAT_WAITING;
        v->pt_cfg[v->npt++] = i;
    }
    pthread_mutex_unlock(&v->s.mu);
}

static int cursor_point(const view *v)
{
    for (int k = 0; k < v->npt; k++)
        if (v->pt_cfg[k] == v->cursor)
            return k;
    return -1;
}

static heatmap map_of(const view *v)
{
    const tuneview_config *c = v->c;
    heatmap h = {v->th, v->depth, v->caps.utf8, c->random, c->lr->n, c->reg->n, c->lr->v,
                 c->reg->v, c->lr->v[0], c->lr->v[c->lr->n - 1], c->reg->v[0],
                 c->reg->v[c->reg->n - 1], "lr", "reg", v->npt, v->pt, -1, cursor_point(v), 0, 0};
    heatmap_scale(&h);
    return h;
}

static void progress(view *v, int y)
{
    const tuneview_config *c = v->c;
    pthread_mutex_lock(&v->s.mu);
    long done = v->s.done, running = v->s.running;
    double t1 = v->s.t1;
    int failed = v->s.failed;
    char fail[256];
    snprintf(fail, sizeof fail, "%s", v->s.fail);
    pthread_mutex_unlock(&v->s.mu);
    int runs = c->folds ? c->folds : 1;
    long iter = atomic_load(&v->s.live.iter);
    int fold = atomic_load(&v->s.live.fold);
    double elapsed = (t1 > 0 ? t1 : now()) - v->s.t0;
    /* runs: trainings (a configuration trains once per fold), the one under way in part */
    double part = running >= 0 && c->iters > 0 ? (fold + (double)iter / (double)c->iters) : 0;
    double runs_done = (double)done * runs + part, rate = elapsed > 0 ? runs_done / elapsed : 0;
    char left[64] = "";
    if (running >= 0 && rate > 0)
        snprintf(left, sizeof left, "  %.0f s left", ((double)c->n * runs - runs_done) / rate);
    else if (running < 0)
        snprintf(left, sizeof left, "  in %.1f s", elapsed);
    char now_s[128] = "";
    if (running >= 0) {
        int len = snprintf(now_s, sizeof now_s, "  training %ld: %ld/%ld", running, iter, c->iters);
        if (c->folds)
            snprintf(now_s + len, sizeof now_s - (size_t)len, ", fold %d/%d", fold + 1, c->folds);
    }
    if (failed)
        putf(y, 0, COLS, A_BOLD, "stopped at configuration %ld: %s", done, fail);
    else
        putf(y, 0, COLS, running >= 0 ? A_NORMAL : A_BOLD, "cells %ld/%ld done%s%s  %.2f runs/s%s",
             done, c->n, running >= 0 ? "" : done == c->n ? " (all)" : " (stopped)", now_s, rate,
             left);
}

static void detail_numbers(const view *v, const tuneview_cell *cell, int x, int *y, int w)
{
    if (cell->folds) {
        putf((*y)++, x, w, A_NORMAL, "val_acc %.4f (mean of %d folds)", cell->val_acc,
             cell->folds);
        /* the spread, then each fold, wrapped over as many lines as they need */
        char line[512];
        int len = snprintf(line, sizeof line, "sd %.4f:", cell->val_sd);
        for (int f = 0; f < cell->folds; f++) {
            if (len + 7 > w && len > 0) {
                put((*y)++, x, w, line, A_NORMAL);
                len = 0;
                line[0] = '\0';
            }
            len += snprintf(line + len, sizeof line - (size_t)len, "%s%.4f", len ? " " : "",
                            cell->fold_acc[f]);
        }
        put((*y)++, x, w, line, A_NORMAL);
    } else {
        putf((*y)++, x, w, A_NORMAL, "val_acc %.4f  %.3f s", cell->val_acc, cell->seconds);
    }
    putf((*y)++, x, w, A_NORMAL, "train_acc %.4f  loss %s", cell->train_acc, cell->loss);
    if (cell->folds)
        putf((*y)++, x, w, A_NORMAL, "(means over the folds)  %.3f s", cell->seconds);
    if (cell->diverged)
        put((*y)++, x, w, "DIVERGED: the loss above is its last finite one", A_BOLD);
    (void)v;
}

static void templates(view *v, const tuneview_cell *cell, int x, int y, int w, int h)
{
    const dataset *ds = v->c->ds;
    if (!cell->n_tmpl || !ds) {
        if (v->c->no_templates)
            put(y, x, w, v->c->no_templates, A_DIM);
        else
            putf(y, x, w, A_DIM, "templates: kept for the first %d configurations",
                 TUNEVIEW_KEEP_MAX);
        return;
    }
    int per_row = (cell->n_tmpl + 1) / 2, tw = w / per_row;
    int iw = tw - 1 < ds->width ? tw - 1 : ds->width, rows = (iw + 1) / 2;
    int max_rows = (h - 1) / 2 - 1;
    if (rows > max_rows) {
        rows = max_rows;
        iw = 2 * rows < iw ? 2 * rows : iw;
    }
    if (rows < 1 || iw < 1)
        return;
    int classes = !strcmp(cell->tmpl_of, "W");
    putf(y, x, w, A_BOLD, "templates: %srows of %s%s (each rescaled)",
         classes ? "" : "the first ", cell->tmpl_of, v->c->folds ? ", fold 1" : "");
    for (int k = 0; k < cell->n_tmpl; k++) {
        int gx = x + (k % per_row) * tw, gy = y + 1 + (k / per_row) * (rows + 1);
        trainview_image(v->painter, cell->tmpl + (size_t)k * (size_t)v->c->dim, gx, gy, iw, rows);
        if (classes && k < ds->classes)
            put(gy + rows, gx, tw - 1, ds->class_names[k], A_NORMAL);
        else
            putf(gy + rows, gx, tw - 1, A_NORMAL, "%d", k + 1);
    }
}

static void detail(view *v, const heatmap *h, int x, int y, int w, int bottom)
{
    const tuneview_config *c = v->c;
    long i = v->cursor;
    putf(y++, x, w, A_BOLD, "config %ld (%ld of %ld)", i, i + 1, c->n); /* the CSV's id */
    putf(y++, x, w, A_NORMAL, "lr %g  reg %g", c->points[i].lr, c->points[i].reg);
    if (c->n_slices > 1)
        putf(y++, x, w, A_NORMAL, "slice %s ([ ])", c->slice_name[slice_of(v, i)]);
    pthread_mutex_lock(&v->s.mu);
    const tuneview_cell *cell = v->s.cells[i];
    long running = v->s.running, done = v->s.done;
    pthread_mutex_unlock(&v->s.mu);
    if (h->best >= 0) {
        long b = v->pt_cfg[h->best];
        putf(y++, x, w, A_NORMAL, "best%s: config %ld  val_acc %.4f",
             c->n_slices > 1 ? " here" : "", b, h->pt[h->best].value);
    }
    if (!cell) {
        if (i == running)
            put(y++, x, w, "training now", A_NORMAL);
        else if (running < 0)
            put(y++, x, w, "not run: the sweep stopped", A_NORMAL);
        else
            putf(y++, x, w, A_NORMAL, "waiting (%ld before it)", i - done);
        put(y, x, w, "Enter: train it in the panel", A_DIM);
        return;
    }
    detail_numbers(v, cell, x, &y, w);
    int room = bottom - y - 1;
    int ch = room >= 18 ? room * 2 / 5 : room >= 12 ? 6 : room;
    char title[96];
    if (cell->n_curve == cell->iters)
        snprintf(title, sizeof title, "loss every iteration%s", c->folds ? " (fold 1)" : "");
    else
        snprintf(title, sizeof title, "loss at %d of %ld iterations%s", cell->n_curve,
                 cell->iters, c->folds ? " (fold 1)" : "");
    if (ch >= 4)
        trainview_curve(v->painter, x, y, w, ch, title, cell->curve_iter, cell->curve,
                        cell->n_curve, cell->iters, 1);
    y += ch;
    if (bottom - y >= 5)
        templates(v, cell, x, y, w, bottom - y);
}

static const term_key_line keys_help[] = {
    {"arrows h j k l", "the cell"},
    {"b", "the best cell"},
    {"Enter", "train that configuration in the panel (q there comes back)"},
    {"[ ]", "the slice of a third axis"},
    {"t", "next colour theme"},
    {"?", "these keys"},
    {"q", "quit (the rows finished so far go to stdout)"},
};

static void frame(view *v)
{
    term_set_paper(v->th, v->depth);
    erase();
    if (term_too_small(MIN_COLS, MIN_ROWS)) {
        refresh();
        return;
    }
    gather(v);
    heatmap h = map_of(v);
    int lw = COLS >= 120 ? COLS * 3 / 5 : COLS - DETAIL_W - 1, rw = COLS - lw - 1;
    put(0, 0, COLS, v->c->title, A_BOLD);
    progress(v, 1);
    if (heatmap_draw(&h, 0, 3, lw, LINES - 6) < 0)
        put(3, 0, lw, "the map: too small", 0);
    heatmap_bar(&h, 0, LINES - 3, lw);
    detail(v, &h, lw + 1, 3, rw, LINES - 2);
    if (v->message[0])
        put(LINES - 2, 0, COLS, v->message, A_NORMAL);
    put(LINES - 1, 0, COLS,
        v->c->n_slices > 1 ? "arrows cell  b best  Enter train it  [ ] slice  t theme  ? keys  q quit"
                           : "arrows cell  b best  Enter train it  t theme  ? keys  q quit",
        A_DIM);
    if (v->help)
        term_help_box(0, 0, COLS, LINES, "keys (any key closes this help)", keys_help,
                      (int)(sizeof keys_help / sizeof keys_help[0]));
    refresh();
}

/* The nearest point in direction (dx, dy): along that axis first, across it second. */
static void cursor_move(view *v, int dx, int dy)
{
    int k0 = cursor_point(v);
    if (k0 < 0)
        return;
    const heat_point *p0 = &v->pt[k0];
    int scatter = v->c->random, best = -1;
    double best_d = INFINITY;
    for (int k = 0; k < v->npt; k++) {
        const heat_point *p = &v->pt[k];
        double ax = scatter ? log(p->x) - log(p0->x) : p->col - p0->col;
        double ay = scatter ? log(p->y) - log(p0->y) : p->row - p0->row;
        double along = dx ? ax * dx : ay * dy, across = fabs(dx ? ay : ax);
        if (!(along > 0))
            continue;
        double d = along + 4 * across;
        if (d < best_d) {
            best_d = d;
            best = k;
        }
    }
    if (best >= 0)
        v->cursor = v->pt_cfg[best];
}

static void set_theme(view *v, const theme *t)
{
    v->th = t;
    v->depth = t->mono ? DEPTH_NONE : v->caps.depth;
    term_caps pc = v->caps;
    pc.depth = v->depth;
    trainview_close(v->painter);
    v->painter = trainview_painter(v->c->ds, &pc, t);
    term_pairs_reset();
}

static void open_panel(view *v)
{
    worker_config wc;
    char err[160];
    v->c->panel(v->c->ctx, v->cursor, &wc);
    trainview *tv;
    if (trainview_open(&tv, &wc, v->c->ds, &v->caps, err, sizeof err) < 0) {
        snprintf(v->message, sizeof v->message, "the panel: %s", err);
        return;
    }
    trainview_set_theme(tv, v->th);
    trainview_loop(tv);
    trainview_close(tv);
    term_pairs_reset();
    snprintf(v->message, sizeof v->message, "back from the panel (config %ld)", v->cursor);
}

static void next_slice(view *v, int d)
{
    int n = v->c->n_slices > 1 ? v->c->n_slices : 1;
    v->slice = (v->slice + d + n) % n;
    for (long i = 0; i < v->c->n; i++)
        if (slice_of(v, i) == v->slice) {
            v->cursor = i;
            break;
        }
    snprintf(v->message, sizeof v->message, "slice %s", v->c->slice_name ? v->c->slice_name[v->slice] : "");
}

/* Returns 1 to quit. */
static int on_key(view *v, int ch)
{
    v->message[0] = 0;
    if (v->help) {
        v->help = 0;
        return ch == 'q' || ch == 'Q';
    }
    switch (ch) {
    case 'q': case 'Q': return 1;
    case KEY_LEFT: case 'h': cursor_move(v, -1, 0); break;
    case KEY_RIGHT: case 'l': cursor_move(v, 1, 0); break;
    case KEY_UP: case 'k': cursor_move(v, 0, 1); break;
    case KEY_DOWN: case 'j': cursor_move(v, 0, -1); break;
    case 'b': {
        heatmap h = map_of(v);
        if (h.best >= 0)
            v->cursor = v->pt_cfg[h.best];
        break;
    }
    case '\n': case '\r': case KEY_ENTER: open_panel(v); break;
    case '[': next_slice(v, -1); break;
    case ']': next_slice(v, 1); break;
    case 't':
        set_theme(v, theme_get((theme_id)((theme_id_of(v->th) + 1) % THEME_COUNT)));
        snprintf(v->message, sizeof v->message, "theme %s: %s", v->th->name, v->th->note);
        break;
    case '?': v->help = 1; break;
    default: break;
    }
    return 0;
}

static int loop(view *v)
{
    for (;;) {
        /* Read before drawing: a sweep that ends while the frame is drawn
         * still gets one more frame, so the last one shows it ended. */
        pthread_mutex_lock(&v->s.mu);
        int running = v->s.running >= 0;
        pthread_mutex_unlock(&v->s.mu);
        frame(v);
        /* runs finish in the background: look again soon while they do */
        timeout(running ? FRAME_MS : -1);
        int ch = getch();
        if (ch != ERR && ch != KEY_RESIZE && on_key(v, ch))
            return 0;
    }
}

int tuneview_run(const tuneview_config *c, long *done, char *err, size_t errlen)
{
    *done = 0;
    view *v = calloc(1, sizeof *v);
    if (!v || !(v->s.cells = calloc((size_t)c->n, sizeof *v->s.cells)) ||
        !(v->pt = calloc((size_t)c->n, sizeof *v->pt)) ||
        !(v->pt_cfg = calloc((size_t)c->n, sizeof *v->pt_cfg))) {
        if (v) {
            free(v->s.cells);
            free(v->pt);
        }
        free(v);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    v->c = c;
    v->s.c = c;
    pthread_mutex_init(&v->s.mu, NULL);
    int rc = -1;
    if (term_open(&v->caps, err, errlen) == 0) {
        set_theme(v, theme_get(c->theme));
        v->s.t0 = now();
        if (!v->painter)
            snprintf(err, errlen, "out of memory");
        else if (pthread_create(&v->s.thread, NULL, sweeper_main, &v->s) != 0)
            snprintf(err, errlen, "cannot start the sweep's thread");
        else {
            rc = loop(v);
            atomic_store(&v->s.live.stop, 1);
            pthread_join(v->s.thread, NULL);
        }
        term_close();
    }
    if (rc == 0 && v->s.failed) {
        snprintf(err, errlen, "%s", v->s.fail);
        rc = -1;
    }
    *done = v->s.done;
    for (long i = 0; i < c->n; i++)
        cell_free(v->s.cells[i]);
    trainview_close(v->painter);
    pthread_mutex_destroy(&v->s.mu);
    free(v->s.cells);
    free(v->pt);
    free(v->pt_cfg);
    free(v);
    return rc;
}
