#include "race.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

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

static int path_push(racer *r, double x, double y, double f)
{
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

static void racer_start(racer *r, const race_config *c)
{
    optim_reset(&r->opt);
    gsl_rng_set(r->rng, c->seed);
    r->pos[0] = r->start[0];
    r->pos[1] = r->start[1];
    r->grad[0] = r->grad[1] = 0.0;
    r->len = 0;
    r->diverged_at = -1;
    r->converged_at = -1;
    double f = surface_f(c->surf, r->pos[0], r->pos[1]);
    if (isfinite(f)) {
        r->status = RACER_RUNNING;
        path_push(r, r->pos[0], r->pos[1], f);
    } else {
        r->status = RACER_DIVERGED;
        r->diverged_at = 0;
    }
}

int race_init(race *rc, const race_config *cfg)
{
    memset(rc, 0, sizeof *rc);
    rc->cfg = *cfg;
    rc->n = cfg->nopt;
    for (int i = 0; i < rc->n; i++) {
        racer *r = &rc->r[i];
        r->spec = cfg->opt[i];
        race_config_label(cfg, i, r->label, sizeof r->label);
        memcpy(r->start, cfg->own_start ? cfg->starts[i] : cfg->start, sizeof r->start);
        r->rng = gsl_rng_alloc(gsl_rng_mt19937);
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

static void racer_step(racer *r, const race_config *c, long k)
{
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
    if (!finite2(x) || !isfinite(f) || path_push(r, x[0], x[1], f) < 0) {
        r->status = RACER_DIVERGED;
        r->diverged_at = k;
        return;
    }
    r->pos[0] = x[0];
    r->pos[1] = x[1];
    r->grad[0] = g[0];
    r->grad[1] = g[1];
    double move = hypot(r->opt.delta[0], r->opt.delta[1]);
    if (gtrue < CONVERGED_GRAD && move < CONVERGED_MOVE) {
        if (r->converged_at < 0)
            r->converged_at = k;
        r->status = RACER_CONVERGED;
    } else {
        r->converged_at = -1;
        r->status = RACER_RUNNING;
    }
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
