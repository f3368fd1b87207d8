#include "race.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>

#include "analysis.h"

/* A point counts as converged when the true gradient and the last move are
 * both this small. */
#define CONVERGED_GRAD 1e-6
#define CONVERGED_MOVE 1e-9

void race_config_defaults(race_config *c, const surface *s)
{
    memset(c, 0, sizeof *c);
    c->surf = s;
    memcpy(c->view, s->view, sizeof c->view);
    c->start[0] = s->start[0];
    c->start[1] = s->start[1];
    c->steps = 100;
    c->noise = 0.0;
    c->seed = 1;
    c->nopt = OPTIM_COUNT;
    for (int k = 0; k < OPTIM_COUNT; k++)
        c->opt[k].p = optim_defaults((optim_kind)k);
}

static int name_repeats(const race_config *c, int i)
{
    for (int j = 0; j < c->nopt; j++)
        if (j != i && !c->opt[j].label[0] && c->opt[j].p.kind == c->opt[i].p.kind)
            return 1;
    return 0;
}

void race_config_label(const race_config *c, int i, char *buf, size_t len)
{
    const hparams_spec *s = &c->opt[i];
    if (s->label[0]) {
        snprintf(buf, len, "%s", s->label);
    } else if (name_repeats(c, i)) {
        char hp[96];
        hparams_format(&s->p, hp, sizeof hp);
        snprintf(buf, len, "%s %s", optim_name(s->p.kind), hp);
    } else {
        snprintf(buf, len, "%s", optim_name(s->p.kind));
    }
}

int race_config_check_labels(const race_config *c, char *err, size_t errlen)
{
    char a[HPARAMS_LABEL_MAX + 64], b[HPARAMS_LABEL_MAX + 64];
    for (int i = 0; i < c->nopt; i++) {
        race_config_label(c, i, a, sizeof a);
        for (int j = 0; j < i; j++) {
            race_config_label(c, j, b, sizeof b);
            if (strcmp(a, b) == 0) {
                snprintf(err, errlen,
                         "optimizers %d and %d would both be called '%s' (give one a "
                         "different label)",
                         j + 1, i + 1, a);
                return -1;
            }
        }
    }
    return 0;
}

/* With a bound on the points kept, a full path drops every other point and
 * from then on records every stride-th step, so memory stays flat over any
 * number of steps while the drawn path keeps its shape. */
static void path_thin(racer *r)
{
    long j = 0;
    for (long i = 0; i < r->len; i += 2)
        r->path[j++] = r->path[i];
    r->len = j;
    r->stride *= 2;
}

static int path_push(racer *r, long step, double x, double y, double f, long keep)
{
    if (step % r->stride != 0)
        return 0;
    if (keep > 1 && r->len == keep) {
        path_thin(r);
        if (step % r->stride != 0)
            return 0;
    }
    if (r->len == r->cap) {
        long cap = r->cap ? 2 * r->cap : 128;
        race_point *p = realloc(r->path, (size_t)cap * sizeof *p);
        if (!p)
            return -1;
        r->path = p;
        r->cap = cap;
    }
    r->path[r->len++] = (race_point){x, y, f};
    return 0;
}

/* GSL keeps a pointer to the function struct: both live here, on the heap. */
struct race_bfgs {
    gsl_multimin_function_fdf fdf;
    gsl_multimin_fdfminimizer *m;
};

static struct race_bfgs *bfgs_new(const surface *s)
{
    struct race_bfgs *b = malloc(sizeof *b);
    if (!b)
        return NULL;
    b->fdf = analysis_fdf(s);
    b->m = gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, 2);
    if (!b->m) {
        free(b);
        return NULL;
    }
    return b;
}

static void bfgs_free(struct race_bfgs *b)
{
    if (b) {
        gsl_multimin_fdfminimizer_free(b->m);
        free(b);
    }
}

static void bfgs_start(racer *r)
{
    gsl_vector_view v = gsl_vector_view_array(r->pos, 2);
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    /* lr is the first trial step; 0.1 is the line search tolerance GSL advises */
    gsl_multimin_fdfminimizer_set(r->bfgs->m, &r->bfgs->fdf, &v.vector, r->spec.p.lr, 0.1);
    gsl_set_error_handler(old);
}

static void racer_start(racer *r, const race_config *c)
{
    optim_reset(&r->opt);
    gsl_rng_set(r->rng, c->seed);
    if (r->track) {
        r->start[0] = r->track->pt[0].x;
        r->start[1] = r->track->pt[0].y;
    }
    r->pos[0] = r->start[0];
    r->pos[1] = r->start[1];
    r->grad[0] = r->grad[1] = 0.0;
    r->len = 0;
    r->stride = 1;
    r->diverged_at = -1;
    r->converged_at = -1;
    double f = r->track ? r->track->pt[0].f : surface_f(c->surf, r->pos[0], r->pos[1]);
    r->f = f;
    if (isfinite(f)) {
        r->status = RACER_RUNNING;
        path_push(r, 0, r->pos[0], r->pos[1], f, c->keep);
        if (r->bfgs)
            bfgs_start(r);
    } else {
        r->status = RACER_DIVERGED;
        r->diverged_at = 0;
    }
}

/* Where optimizer i of c starts: the one rule race_init and
 * race_config_one share. */
static const double *config_start(const race_config *c, int i)
{
    return c->own_start ? c->starts[i] : c->start;
}

void race_config_one(const race_config *all, int i, race_config *one)
{
    *one = *all;
    one->nopt = 1;
    one->own_start = 0;
    one->opt[0] = all->opt[i];
    memset(one->track, 0, sizeof one->track);
    one->track[0] = all->track[i];
    race_config_label(all, i, one->opt[0].label, sizeof one->opt[0].label);
    memcpy(one->start, config_start(all, i), sizeof one->start);
}

int race_init(race *rc, const race_config *cfg)
{
    memset(rc, 0, sizeof *rc);
    rc->cfg = *cfg;
    rc->n = cfg->nopt;
    for (int i = 0; i < rc->n; i++) {
        racer *r = &rc->r[i];
        r->spec = cfg->opt[i];
        r->track = cfg->track[i];
        race_config_label(cfg, i, r->label, sizeof r->label);
        memcpy(r->start, config_start(cfg, i), sizeof r->start);
        r->rng = gsl_rng_alloc(gsl_rng_mt19937);
        if (!r->track && r->spec.p.kind == OPTIM_BFGS && !(r->bfgs = bfgs_new(cfg->surf))) {
            race_free(rc);
            return -1;
        }
        if (!r->rng || optim_init(&r->opt, &r->spec.p, 2) < 0) {
            race_free(rc);
            return -1;
        }
    }
    race_reset(rc);
    return 0;
}

void race_free(race *rc)
{
    for (int i = 0; i < rc->n; i++) {
        optim_free(&rc->r[i].opt);
        if (rc->r[i].rng)
            gsl_rng_free(rc->r[i].rng);
        free(rc->r[i].path);
        bfgs_free(rc->r[i].bfgs);
    }
    memset(rc, 0, sizeof *rc);
}

void race_reset(race *rc)
{
    rc->step = 0;
    for (int i = 0; i < rc->n; i++)
        racer_start(&rc->r[i], &rc->cfg);
}

static int finite2(const double v[2])
{
    return isfinite(v[0]) && isfinite(v[1]);
}

static void racer_settle(racer *r, double gtrue, double move, long k)
{
    if (gtrue < CONVERGED_GRAD && move < CONVERGED_MOVE) {
        if (r->converged_at < 0)
            r->converged_at = k;
        r->status = RACER_CONVERGED;
    } else {
        r->converged_at = -1;
        r->status = RACER_RUNNING;
    }
}

/* One GSL BFGS iteration (a line search along the quasi-Newton direction).
 * When GSL can make no more progress the racer stays where it is. */
static void racer_step_bfgs(racer *r, const race_config *c, long k)
{
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    gsl_multimin_fdfminimizer_iterate(r->bfgs->m);
    gsl_set_error_handler(old);
    double x = gsl_vector_get(r->bfgs->m->x, 0), y = gsl_vector_get(r->bfgs->m->x, 1);
    double g[2];
    double f = c->surf->eval(c->surf, x, y, g, NULL);
    if (!isfinite(x) || !isfinite(y) || !isfinite(f) || !finite2(g) ||
        path_push(r, k, x, y, f, c->keep) < 0) {
        r->status = RACER_DIVERGED;
        r->diverged_at = k;
        return;
    }
    double move = hypot(x - r->pos[0], y - r->pos[1]);
    r->pos[0] = x;
    r->pos[1] = y;
    r->f = f;
    r->grad[0] = g[0];
    r->grad[1] = g[1];
    racer_settle(r, hypot(g[0], g[1]), move, k);
}

/* The next recorded point; past the last the racer stays there (a run that
 * diverged is marked so at its last point). */
static void racer_step_track(racer *r, const race_config *c, long k)
{
    const race_track *t = r->track;
    if (k >= t->n)
        return;
    const race_point *p = &t->pt[k];
    if (path_push(r, k, p->x, p->y, p->f, c->keep) < 0 || (t->diverged && k == t->n - 1)) {
        r->status = RACER_DIVERGED;
        r->diverged_at = k;
    }
    r->pos[0] = p->x;
    r->pos[1] = p->y;
    r->f = p->f;
}

static void racer_step(racer *r, const race_config *c, long k)
{
    if (r->track) {
        racer_step_track(r, c, k);
        return;
    }
    if (r->bfgs) {
        racer_step_bfgs(r, c, k);
        return;
    }
    double g[2], x[2] = {r->pos[0], r->pos[1]};
    surface_grad(c->surf, x[0], x[1], g);
    double gtrue = hypot(g[0], g[1]);
    if (c->noise > 0) {
        g[0] += gsl_ran_gaussian(r->rng, c->noise);
        g[1] += gsl_ran_gaussian(r->rng, c->noise);
    }
    if (!finite2(g)) {
        r->status = RACER_DIVERGED;
        r->diverged_at = k;
        return;
    }
    optim_step(&r->opt, x, g);
    double f = surface_f(c->surf, x[0], x[1]);
    if (!finite2(x) || !isfinite(f) || path_push(r, k, x[0], x[1], f, c->keep) < 0) {
        r->status = RACER_DIVERGED;
        r->diverged_at = k;
        return;
    }
    r->pos[0] = x[0];
    r->pos[1] = x[1];
    r->f = f;
    r->grad[0] = g[0];
    r->grad[1] = g[1];
    racer_settle(r, gtrue, hypot(r->opt.delta[0], r->opt.delta[1]), k);
}

void race_step(race *rc)
{
    rc->step++;
    for (int i = 0; i < rc->n; i++)
        if (rc->r[i].status != RACER_DIVERGED)
            racer_step(&rc->r[i], &rc->cfg, rc->step);
}

void race_run(race *rc, long steps)
{
    for (long k = 0; k < steps; k++)
        race_step(rc);
}

const char *racer_status_name(racer_status s)
{
    switch (s) {
    case RACER_RUNNING: return "running";
    case RACER_CONVERGED: return "converged";
    case RACER_DIVERGED: return "diverged";
    }
    return "?";
}

double racer_lr_next(const racer *r)
{
    return schedule_lr(&r->spec.p.sched, r->spec.p.lr, r->opt.t);
}
