#include "landview.h"

#include <curses.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "landsampler.h"
#include "contour.h"
#include "paint.h"
#include "palette.h"
#include "term.h"


/* The map's paint: the theme at the terminal's depth, nothing past the map. */
static paint map_painter(const landview_map_spec *m)
{
    return (paint){.th = m->th, .depth = m->caps->depth, .utf8 = m->caps->utf8,
                   .right = m->x + m->w};
}

static int map_fg(const landview_map_spec *m, int colour)
{
    paint p = map_painter(m);
    return colour < 0 ? paint_colour(&p, m->th->mark, m->th->basic_mark) : paint_optim(&p, colour);
}

/* fg on the theme's paper. */
static int map_pair(const landview_map_spec *m, int fg)
{
    paint p = map_painter(m);
    return paint_pair(&p, fg, -1);
}

static void world_dot(const landview_map_spec *m, const canvas *c, double a, double b, double *x,
                      double *y)
{
    *x = (a - m->view[0]) / (m->view[1] - m->view[0]) * c->w - 0.5;
    *y = (m->view[3] - b) / (m->view[3] - m->view[2]) * c->h - 0.5;
}

static void draw_paths(const landview_map_spec *m, canvas *c)
{
    for (int k = 0; k < m->npaths; k++) {
        const landview_path *p = &m->paths[k];
        double x0 = 0, y0 = 0;
        for (size_t i = 0; i < p->n; i++) {
            double x, y;
            world_dot(m, c, p->pt[i].a, p->pt[i].b, &x, &y);
            if (i > 0)
                canvas_line(c, x0, y0, x, y, k + 1);
            x0 = x;
            y0 = y;
        }
    }
}

/* A mark at (a, b) when it falls on the map. */
static void map_mark(const landview_map_spec *m, const canvas *c, double a, double b,
                     uint32_t cp, unsigned attr, int pair)
{
    double x, y;
    world_dot(m, c, a, b, &x, &y);
    int col = (int)floor((x + 0.5) / c->cw), row = (int)floor((y + 0.5) / c->ch);
    if (col >= 0 && col < m->w && row >= 0 && row < m->h)
        term_put_cp(m->y + row, m->x + col, cp, attr, pair);
}

int landview_map(const landview_map_spec *m, landsampler *s, double *lo, double *hi)
{
    int cw, ch;
    canvas_cell_dots(m->glyphs, &cw, &ch);
    contour ct = {0};
    canvas lines = {0}, paths = {0};
    pthread_mutex_lock(&s->mu);
    int ok = s->f && contour_build_samples(&ct, s->f, m->view, m->w, m->h, cw, ch,
                                           CONTOUR_BANDS, 1) == 0;
    int rows_done = s->rows_done;
    pthread_mutex_unlock(&s->mu);
    ok = ok && canvas_init(&lines, m->w, m->h, m->glyphs) == 0 &&
         canvas_init(&paths, m->w, m->h, m->glyphs) == 0;
    if (ok) {
        lines.thick = paths.thick = m->th->thick;
        contour_lines(&ct, &lines, 1);
        draw_paths(m, &paths);
        for (int row = 0; row < m->h; row++)
            for (int col = 0; col < m->w; col++) {
                int ink = paths.ink[row * paths.cols + col];
                const canvas *from = ink ? &paths : &lines;
                uint32_t g = canvas_glyph(from, col, row, ink ? '*' : '.');
                int fg = -1;
                if (ink)
                    fg = map_fg(m, m->paths[ink - 1].colour);
                else if (g != ' ') {
                    double t = contour_cell(&ct, col, row);
                    paint p = map_painter(m);
                    fg = t < 0 ? -1
                               : paint_colour(&p, palette_ramp(t),
                                              m->th->basic_ramp[contour_ramp(t, 4)]);
                }
                term_put_cp(m->y + row, m->x + col, g, ink ? A_BOLD : A_NORMAL, map_pair(m, fg));
            }
        /* the heads, W0, the cursor */
        for (int k = 0; k < m->npaths; k++) {
            const landview_path *p = &m->paths[k];
            if (p->n == 0)
                continue;
            const head_mark *hm = theme_head(p->colour < 0 ? 5 : p->colour);
            uint32_t cp = p->colour < 0 ? (m->caps->utf8 ? 0x2605 : '*')
                                        : (m->caps->utf8 ? hm->utf : (uint32_t)hm->ascii);
            map_mark(m, &paths, p->pt[p->n - 1].a, p->pt[p->n - 1].b, cp, A_BOLD,
                     map_pair(m, map_fg(m, p->colour)));
        }
        map_mark(m, &paths, 0, 0, m->caps->utf8 ? 0x25c6 : '+', A_BOLD, 0);
        if (m->cur_col >= 0)
            term_put_cp(m->y + m->cur_row, m->x + m->cur_col, m->caps->utf8 ? 0x253c : '+',
                        A_REVERSE, 0);
        *lo = ct.lo;
        *hi = ct.hi;
    }
    contour_free(&ct);
    canvas_free(&lines);
    canvas_free(&paths);
    return ok ? rows_done : -1;
}


/* ---- the landscape as the explorer's surface ---- */

struct landview {
    const landview_config *c;
    landsampler s;
    landview_surface cur; /* the plane shown */
    landview_plan plan;   /* what made it */
    landscape_surface ls; /* cur as a surface (the main thread's evaluations) */
    race_point *pts[LANDVIEW_RACERS];
    double *dist[LANDVIEW_RACERS];
    race_track tracks[LANDVIEW_RACERS];
    double asked[4];      /* the samples asked for: view, w x h */
    int asked_w, asked_h;
    /* the planner's thread: one new plane at a time */
    pthread_mutex_t pmu;
    pthread_t pthread;
    int planning, planned, plan_rc, replaced;
    landview_plan want;
    landview_surface next;
    char progress[120], plan_err[200];
};

static void drop_tracks(landview *v)
{
    for (int k = 0; k < LANDVIEW_RACERS; k++) {
        free(v->pts[k]);
        free(v->dist[k]);
        v->pts[k] = NULL;
        v->dist[k] = NULL;
    }
}

/* The racers' recorded points on the plane of s, as tracks. */
static int make_tracks(landview *v, const landview_surface *s)
{
    drop_tracks(v);
    for (int k = 0; k < v->c->nracers; k++) {
        const landview_racer *r = &v->c->racers[k];
        size_t n = r->n ? r->n : 1;
        if (!(v->pts[k] = malloc(n * sizeof *v->pts[k])) ||
            !(v->dist[k] = malloc(n * sizeof *v->dist[k])))
            return -1;
        for (size_t i = 0; i < r->n; i++) {
            v->pts[k][i] = (race_point){s->pt[k][i].a, s->pt[k][i].b, s->loss[k][i]};
            v->dist[k][i] = s->pt[k][i].dist;
        }
        if (r->n == 0) {
            v->pts[k][0] = (race_point){0, 0, NAN};
            v->dist[k][0] = 0;
        }
        v->tracks[k] = (race_track){v->pts[k], (long)n, r->iter, v->dist[k], r->loss, r->val_acc,
                                    r->diverged};
    }
    return 0;
}

/* s becomes the plane shown: its surface, its tracks, its sampler. */
static int take_surface(landview *v, const landview_surface *s)
{
    landsampler_stop(&v->s);
    landscape_surface_free(&v->ls);
    if (landscape_surface_init(&v->ls, s->e, s->view, v->c->title) < 0 || make_tracks(v, s) < 0)
        return -1;
    v->cur = *s;
    v->asked_w = v->asked_h = 0;
    return landsampler_start(&v->s, s->e);
}

landview *landview_open(const landview_config *c, char *err, size_t errlen)
{
    landview *v = calloc(1, sizeof *v);
    if (!v) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    v->c = c;
    v->plan = c->first_plan;
    landsampler_init(&v->s);
    pthread_mutex_init(&v->pmu, NULL);
    landview_surface first = c->first;
    first.owner = NULL; /* the caller's: never dropped here */
    if (take_surface(v, &first) < 0) {
        snprintf(err, errlen, "out of memory, or no worker thread, for the landscape");
        landview_close(v);
        return NULL;
    }
    return v;
}

/* Drops a surface the planner made (not the one the view opened on). */
static void surface_drop(landview *v, landview_surface *s)
{
    if (s->owner && v->c->planner)
        v->c->planner->drop(v->c->planner->ctx, s);
    memset(s, 0, sizeof *s);
}

void landview_close(landview *v)
{
    if (!v)
        return;
    landsampler_stop(&v->s);
    if (v->planning) /* a plane still being made: wait for it, then drop it */
        pthread_join(v->pthread, NULL);
    if (v->planning && v->plan_rc == 0)
        surface_drop(v, &v->next);
    surface_drop(v, &v->cur);
    landsampler_free(&v->s);
    landscape_surface_free(&v->ls);
    drop_tracks(v);
    pthread_mutex_destroy(&v->pmu);
    free(v);
}

const surface *landview_surface_of(const landview *v)
{
    return &v->ls.s;
}

const char *landview_plane(const landview *v)
{
    return v->cur.what;
}

void landview_race(const landview *v, race_config *cfg, long *steps)
{
    race_config_defaults(cfg, &v->ls.s);
    cfg->start[0] = cfg->start[1] = 0;
    cfg->nopt = v->c->nracers;
    *steps = 0;
    for (int k = 0; k < v->c->nracers; k++) {
        const landview_racer *r = &v->c->racers[k];
        cfg->opt[k] = (hparams_spec){.p = r->opt};
        snprintf(cfg->opt[k].label, sizeof cfg->opt[k].label, "%s", r->label);
        cfg->track[k] = &v->tracks[k];
        if (v->tracks[k].n - 1 > *steps)
            *steps = v->tracks[k].n - 1;
    }
    cfg->steps = *steps;
}

int landview_rows(landview *v, const double view[4], int w, int h)
{
    if (w != v->asked_w || h != v->asked_h || memcmp(view, v->asked, sizeof v->asked) != 0) {
        if (landsampler_request(&v->s, view, w, h) < 0)
            return -1;
        memcpy(v->asked, view, sizeof v->asked);
        v->asked_w = w;
        v->asked_h = h;
    }
    pthread_mutex_lock(&v->s.mu);
    int done = v->s.rows_done;
    pthread_mutex_unlock(&v->s.mu);
    return done;
}

int landview_contour(landview *v, contour *ct, const double view[4], int cols, int rows, int cw,
                     int ch, int nbands, landview_layer layer)
{
    if (landview_rows(v, view, cols * cw + 1, rows * ch + 1) < 0)
        return -1;
    pthread_mutex_lock(&v->s.mu);
    int error = layer == LANDVIEW_ERROR;
    int rc = contour_build_samples(ct, error ? v->s.err : v->s.f, view, cols, rows, cw, ch, nbands,
                                   !error);
    pthread_mutex_unlock(&v->s.mu);
    return rc;
}

void landview_progress(landview *v, char *buf, size_t len)
{
    pthread_mutex_lock(&v->pmu);
    if (v->planning)
        snprintf(buf, len, "new plane: %s", v->progress);
    else
        buf[0] = 0;
    pthread_mutex_unlock(&v->pmu);
    if (buf[0])
        return;
    pthread_mutex_lock(&v->s.mu);
    if (v->s.h > 0 && v->s.rows_done < v->s.h)
        snprintf(buf, len, "computing row %d/%d", v->s.rows_done, v->s.h);
    pthread_mutex_unlock(&v->s.mu);
}

int landview_busy(landview *v)
{
    pthread_mutex_lock(&v->s.mu);
    int rows = v->s.h > 0 && v->s.rows_done < v->s.h;
    pthread_mutex_unlock(&v->s.mu);
    return rows || v->planning;
}

landscape_value landview_value(landview *v, double a, double b)
{
    return landscape_eval_point(v->cur.e, a, b, v->ls.w);
}

/* ---- other planes, made in the background ---- */

static void plan_progress(void *view, const char *what)
{
    landview *v = view;
    pthread_mutex_lock(&v->pmu);
    snprintf(v->progress, sizeof v->progress, "%s", what);
    pthread_mutex_unlock(&v->pmu);
}

static void *planner_main(void *arg)
{
    landview *v = arg;
    const landview_planner *p = v->c->planner;
    landview_surface out = {0};
    char err[sizeof v->plan_err];
    err[0] = 0;
    int rc = p->make(p->ctx, &v->want, &v->cur, plan_progress, v, &out, err, sizeof err);
    pthread_mutex_lock(&v->pmu);
    v->plan_rc = rc;
    v->next = out;
    snprintf(v->plan_err, sizeof v->plan_err, "%s", err);
    v->planned = 1;
    pthread_mutex_unlock(&v->pmu);
    return NULL;
}

/* Asks the planner for want; the view goes on meanwhile. */
static void plan_start(landview *v, const landview_plan *want, char *msg, size_t len)
{
    if (!v->c->planner) {
        snprintf(msg, len, "this landscape's plane is fixed (no racers to make others from)");
        return;
    }
    if (v->planning) {
        snprintf(msg, len, "still making the last plane asked for");
        return;
    }
    v->want = *want;
    snprintf(v->progress, sizeof v->progress, "starting");
    v->planned = 0;
    v->planning = pthread_create(&v->pthread, NULL, planner_main, v) == 0;
    snprintf(msg, len, "%s", v->planning ? "making the new plane (the keys still answer)"
                                         : "cannot start the planner's thread");
}

int landview_poll(landview *v, char *msg, size_t len)
{
    pthread_mutex_lock(&v->pmu);
    int done = v->planning && v->planned;
    pthread_mutex_unlock(&v->pmu);
    if (!done)
        return 0;
    pthread_join(v->pthread, NULL);
    v->planning = 0;
    if (v->plan_rc < 0) {
        snprintf(msg, len, "plane refused: %s (the last one stays)", v->plan_err);
        return 0;
    }
    landview_surface was = v->cur;
    if (take_surface(v, &v->next) < 0) {
        surface_drop(v, &v->next);
        snprintf(msg, len, "out of memory for the new plane (the last one stays)");
        if (take_surface(v, &was) < 0)
            snprintf(msg, len, "out of memory: no plane to show");
        return 1;
    }
    surface_drop(v, &was);
    memset(&v->next, 0, sizeof v->next);
    v->plan = v->want;
    snprintf(msg, len, "now: %s", v->cur.what);
    return 1;
}

int landview_key(landview *v, int ch, int sel, double a, double b, char *msg, size_t len)
{
    landview_plan w = v->plan;
    int n = v->c->nracers;
    /* a new kind keeps the centre: the point (0, 0) of the plane shown */
    if (ch == 'R' || ch == 'P' || ch == 'B') {
        w.at = LANDVIEW_AT_POINT;
        w.a = w.b = 0;
    }
    switch (ch) {
    case 'R':
        w.seed += w.kind == LANDVIEW_RANDOM; /* again: another random plane */
        w.kind = LANDVIEW_RANDOM;
        break;
    case 'P':
        w.kind = LANDVIEW_PCA;
        w.racer = sel;
        break;
    case 'B':
        if (n < 2) {
            snprintf(msg, len, "between needs two racers");
            return 1;
        }
        w.kind = LANDVIEW_BETWEEN;
        w.racer = sel;
        w.other = (sel + 1) % n;
        break;
    case 'C':
        w.at = LANDVIEW_AT_POINT;
        w.a = a;
        w.b = b;
        break;
    case 'H':
        w.at = LANDVIEW_AT_HEAD;
        w.racer = sel;
        break;
    case 'W': w.at = LANDVIEW_AT_W0; break;
    default: return 0;
    }
    if (n == 0 && (ch == 'P' || ch == 'H')) {
        snprintf(msg, len, "no racers");
        return 1;
    }
    plan_start(v, &w, msg, len);
    return 1;
}
