#include "landview.h"

#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "landsampler.h"
#include "contour.h"
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
    int planning, planned, plan_rc;
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
