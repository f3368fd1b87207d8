/* The optimizer walkthroughs: one update of each optimizer with every
 * intermediate value (read back from core/optim's state), and the
 * learning-rate regimes on Booth and the schedules. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/hparams.h"
#include "../core/optim.h"
#include "../core/race.h"
#include "../core/schedule.h"
#include "../core/surface.h"
#include "walkpriv.h"

/* --- step --------------------------------------------------------------- */

static void step_defaults(walk_inputs *in)
{
    const surface *s = surface_find("booth");
    in->point[0] = s->start[0];
    in->point[1] = s->start[1];
    surface_grad(s, in->point[0], in->point[1], in->grad);
    in->lr = 0.01;
}

enum { R_G, R_X, R_STATE }; /* table rows before the optimizer's own */

/* The optimizer's state after the update, by row; hat: room for Adam's
 * bias-corrected moments of both coordinates (computed, not stored). */
static int state_rows(optim_kind k, const optim *o, const char *names[4], const double *v[4],
                      double hat[2][2])
{
    switch (k) {
    case OPTIM_MOMENTUM:
    case OPTIM_NESTEROV:
        names[0] = "velocity v", v[0] = o->vel;
        return 1;
    case OPTIM_ADAGRAD:
    case OPTIM_RMSPROP:
        names[0] = "cache c", v[0] = o->cache;
        return 1;
    case OPTIM_ADAM:
        names[0] = "m", v[0] = o->m;
        names[1] = "v", v[1] = o->v;
        for (size_t c = 0; c < 2; c++)
            optim_adam_hat(o, c, &hat[0][c], &hat[1][c]);
        names[2] = "m_hat", v[2] = hat[0];
        names[3] = "v_hat", v[3] = hat[1];
        return 4;
    default: return 0;
    }
}

/* The update of coordinate 0, with the state before it (all zero) and after. */
static void update_formula(walk_step *st, const optim *o, double x0, double g)
{
    const optim_params *p = &o->p;
    double lr = o->lr_now, x1 = x0 + o->delta[0];
    switch (p->kind) {
    case OPTIM_SGD:
        step_formula(st, NF_G6, "x = x - lr g = # - # x $ = {#}", x0, lr, g, x1);
        break;
    case OPTIM_MOMENTUM:
        step_formula(st, NF_G6, "v = momentum v + g = # x 0 + $ = #\n", p->momentum, g, o->vel[0]);
        step_formula(st, NF_G6, "x = x - lr v = # - # x $ = {#}", x0, lr, o->vel[0], x1);
        break;
    case OPTIM_NESTEROV:
        step_formula(st, NF_G6, "v = momentum v + g = # x 0 + $ = #\n", p->momentum, g, o->vel[0]);
        step_formula(st, NF_G6, "x = x - lr (g + momentum v) = # - # x ($ + # x $) = {#}", x0, lr,
                     g, p->momentum, o->vel[0], x1);
        break;
    case OPTIM_ADAGRAD:
        step_formula(st, NF_G6, "c = c + g^2 = 0 + $^2 = #\n", g, o->cache[0]);
        step_formula(st, NF_G6, "x = x - lr g / (sqrt(c) + eps) = # - # x $ / (sqrt(#) + #) = {#}",
                     x0, lr, g, o->cache[0], p->eps, x1);
        break;
    case OPTIM_RMSPROP:
        step_formula(st, NF_G6, "c = decay c + (1 - decay) g^2 = # x 0 + # x $^2 = #\n", p->decay,
                     1 - p->decay, g, o->cache[0]);
        step_formula(st, NF_G6, "x = x - lr g / (sqrt(c) + eps) = # - # x $ / (sqrt(#) + #) = {#}",
                     x0, lr, g, o->cache[0], p->eps, x1);
        break;
    case OPTIM_ADAM: {
        double m_hat, v_hat;
        optim_adam_hat(o, 0, &m_hat, &v_hat);
        step_formula(st, NF_G6, "m = b1 m + (1 - b1) g = # x 0 + # x $ = #\n", p->beta1,
                     1 - p->beta1, g, o->m[0]);
        step_formula(st, NF_G6, "v = b2 v + (1 - b2) g^2 = # x 0 + # x $^2 = #\n", p->beta2,
                     1 - p->beta2, g, o->v[0]);
        step_formula(st, NF_G6, "m_hat = m / (1 - b1^t) = # / (1 - #^1) = #\n", o->m[0], p->beta1,
                     m_hat);
        step_formula(st, NF_G6, "v_hat = v / (1 - b2^t) = # / (1 - #^1) = #\n", o->v[0], p->beta2,
                     v_hat);
        step_formula(st, NF_G6, "x = x - lr m_hat / (sqrt(v_hat) + eps) = # - # x $ / (sqrt(#) + #)"
                     " = {#}", x0, lr, m_hat, v_hat, p->eps, x1);
        break;
    }
    case OPTIM_COUNT:
    case OPTIM_BFGS: break;
    }
}

static void one_update(walk *w, optim_kind k, double steps[OPTIM_COUNT][2])
{
    const walk_inputs *in = &w->in;
    optim o;
    optim_params p = optim_defaults(k);
    p.lr = in->lr;
    if (optim_init(&o, &p, 2) < 0)
        return;
    double x[2] = {in->point[0], in->point[1]};
    optim_step(&o, x, in->grad);
    steps[k][0] = o.delta[0];
    steps[k][1] = o.delta[1];

    walk_step *st = walk_add(w, NF_SHORT, "One %s update", optim_name(k));
    if (!st) {
        optim_free(&o);
        return;
    }
    const char *names[4];
    const double *v[4];
    double hat[2][2];
    int ns = state_rows(k, &o, names, v, hat);
    step_table(st, 4 + ns, 2, "");
    step_col(st, 0, "x");
    step_col(st, 1, "y");
    step_row(st, R_G, "gradient g");
    step_row(st, R_X, "point");
    for (int i = 0; i < ns; i++)
        step_row(st, R_STATE + i, names[i]);
    step_row(st, R_STATE + ns, "step");
    step_row(st, R_STATE + ns + 1, "new point");
    for (int c = 0; c < 2; c++) {
        step_input(st, R_G, c, in->grad[c], NF_G6, WF_GRAD, c);
        step_input(st, R_X, c, in->point[c], NF_G6, WF_POINT, c);
        for (int i = 0; i < ns; i++)
            step_cell(st, R_STATE + i, c, v[i][c], NF_G6);
        step_cell(st, R_STATE + ns, c, o.delta[c], NF_G6);
        step_cell(st, R_STATE + ns + 1, c, x[c], NF_G6);
    }
    step_hl(st, R_STATE + ns + 1, 0);
    step_formula(st, NF_SHORT, "%s\nx coordinate, from a fresh state (all zero):\n",
                 optim_formula(k));
    update_formula(st, &o, in->point[0], in->grad[0]);
    char hp[96];
    hparams_format(&p, hp, sizeof hp);
    step_result(st, NF_G6, "step (#, #) -> (#, #)", o.delta[0], o.delta[1], x[0], x[1]);
    step_note(st, NF_SHORT, "%s with %s.", optim_name(k), hp);
    optim_free(&o);
}

static void step_build(walk *w)
{
    const walk_inputs *in = &w->in;
    double steps[OPTIM_COUNT][2];
    walk_step *st = walk_add(w, NF_SHORT, "Six optimizers, one point, one gradient");
    step_table(st, 2, 2, "");
    step_col(st, 0, "x");
    step_col(st, 1, "y");
    step_row(st, 0, "point");
    step_row(st, 1, "gradient g");
    for (int c = 0; c < 2; c++) {
        step_input(st, 0, c, in->point[c], NF_G6, WF_POINT, c);
        step_input(st, 1, c, in->grad[c], NF_G6, WF_GRAD, c);
    }
    step_formula(st, NF_G6, "point (#, #), gradient g = (#, #), lr = #", in->point[0],
                 in->point[1], in->grad[0], in->grad[1], in->lr);
    step_note(st, NF_SHORT, "Each optimizer takes its first update from here with the other "
              "hyperparameters at descent's defaults: torch.optim's, but momentum 0.9 "
              "(torch's is 0). (By default: Booth at its start.)");
    for (int k = 0; k < OPTIM_COUNT; k++)
        one_update(w, (optim_kind)k, steps);

    st = walk_add(w, NF_SHORT, "The effective steps side by side");
    step_table(st, OPTIM_COUNT, 3, "optimizer");
    step_col(st, 0, "step x");
    step_col(st, 1, "step y");
    step_col(st, 2, "length");
    int longest = 0;
    for (int k = 0; k < OPTIM_COUNT; k++) {
        step_row(st, k, optim_name((optim_kind)k));
        step_cell(st, k, 0, steps[k][0], NF_SIG4);
        step_cell(st, k, 1, steps[k][1], NF_SIG4);
        step_cell(st, k, 2, hypot(steps[k][0], steps[k][1]), NF_SIG4);
        if (hypot(steps[k][0], steps[k][1]) > hypot(steps[longest][0], steps[longest][1]))
            longest = k;
    }
    step_hl(st, longest, 2);
    step_formula(st, NF_SIG4, "longest: %s, {#}", optim_name((optim_kind)longest),
                 hypot(steps[longest][0], steps[longest][1]));
    step_result(st, NF_SHORT, "same gradient, different steps");
    step_note(st, NF_SHORT, "SGD and momentum scale the gradient by lr; AdaGrad, RMSProp and "
              "Adam divide by its size, so their first step is about lr (or lr/sqrt(1-decay)) "
              "per coordinate whatever the gradient's scale.");
}

const walk_def walk_def_step = {
    .name = "step",
    .summary = "one update of each optimizer, every intermediate value",
    .keys = "point grad lr",
    .defaults = step_defaults,
    .build = step_build,
};

/* --- learning rate ------------------------------------------------------ */

static void lr_defaults(walk_inputs *in)
{
    static const double lrs[] = {0.01, 0.10, 0.11, 0.12};
    static const long ts[] = {0, 25, 50, 75, 100};
    const surface *s = surface_find("booth");
    in->nlr = 4;
    memcpy(in->lrs, lrs, sizeof lrs);
    in->steps = 100;
    in->point[0] = s->start[0];
    in->point[1] = s->start[1];
    in->lr = 0.1;
    in->nt = 5;
    memcpy(in->ts, ts, sizeof ts);
}

typedef struct {
    double x, y, f;
} pt;

typedef struct {
    const char *regime;
    long len;
    pt path[8]; /* at the rows listed */
    long at[8];
    int n;
    double dist;
} lr_run;

static const char *regime(const racer *r, const surface *s)
{
    const race_point *p = r->path;
    long n = r->len;
    if (r->status == RACER_DIVERGED || n < 3 || p[n - 1].f > p[0].f)
        return "diverges";
    if (surface_min_distance(s, p[n - 1].x, p[n - 1].y) < 1e-3)
        return "converges";
    double a[2] = {p[n - 1].x - p[n - 2].x, p[n - 1].y - p[n - 2].y};
    double b[2] = {p[n - 2].x - p[n - 3].x, p[n - 2].y - p[n - 3].y};
    return a[0] * b[0] + a[1] * b[1] < 0 ? "oscillates" : "falls short";
}

static int run_booth(const walk_inputs *in, double lr, lr_run *out)
{
    const surface *s = surface_find("booth");
    race_config cfg;
    race_config_defaults(&cfg, s);
    cfg.start[0] = in->point[0];
    cfg.start[1] = in->point[1];
    cfg.steps = in->steps;
    cfg.nopt = 1;
    cfg.opt[0].p = optim_defaults(OPTIM_SGD);
    cfg.opt[0].p.lr = lr;
    race rc;
    if (race_init(&rc, &cfg) < 0)
        return -1;
    race_run(&rc, cfg.steps);
    const racer *r = &rc.r[0];
    static const long rows[] = {0, 1, 2, 3, 10, 30, 100, 300};
    out->n = 0;
    for (int i = 0; i < 8 && rows[i] < r->len; i++) {
        out->at[out->n] = rows[i];
        const race_point *p = &r->path[rows[i]];
        out->path[out->n++] = (pt){p->x, p->y, p->f};
    }
    if (r->len > 0 && out->at[out->n - 1] != r->len - 1 && out->n < 8) {
        const race_point *p = &r->path[r->len - 1];
        out->at[out->n] = r->len - 1;
        out->path[out->n++] = (pt){p->x, p->y, p->f};
    }
    out->len = r->len;
    out->regime = regime(r, s);
    const pt *e = &out->path[out->n - 1];
    out->dist = surface_min_distance(s, e->x, e->y);
    race_free(&rc);
    return 0;
}

static void booth_eigen(const walk_inputs *in, double h[3], double ev[2])
{
    surface_hess(surface_find("booth"), in->point[0], in->point[1], h);
    double mid = (h[0] + h[2]) / 2, rad = hypot((h[0] - h[2]) / 2, h[1]);
    ev[0] = mid + rad;
    ev[1] = mid - rad;
}

static void regimes_table(walk_step *st, const walk_inputs *in, const double ev[2],
                          const lr_run *runs, int filled)
{
    step_table(st, in->nlr, 3, "lr");
    step_col(st, 0, "1 - lr l1");
    step_col(st, 1, "1 - lr l2");
    step_col(st, 2, "regime");
    for (int i = 0; i < in->nlr; i++) {
        char label[WALK_LABEL_MAX];
        walk_num(label, sizeof label, in->lrs[i], NF_LR);
        step_row(st, i, label);
        step_cell(st, i, 0, 1 - in->lrs[i] * ev[0], NF_SIG3);
        step_cell(st, i, 1, 1 - in->lrs[i] * ev[1], NF_SIG3);
        if (i < filled)
            step_text(st, i, 2, runs[i].regime);
    }
}

static void lr_regime_step(walk *w, int i, const double ev[2], const lr_run *runs)
{
    const walk_inputs *in = &w->in;
    const lr_run *r = &runs[i];
    walk_step *st = walk_add(w, NF_LR, "Plain gradient descent at lr = #", in->lrs[i]);
    if (!st)
        return;
    step_table(st, r->n, 3, "step");
    step_col(st, 0, "x");
    step_col(st, 1, "y");
    step_col(st, 2, "f");
    for (int k = 0; k < r->n; k++) {
        char label[WALK_LABEL_MAX];
        snprintf(label, sizeof label, "%ld", r->at[k]);
        step_row(st, k, label);
        step_cell(st, k, 0, r->path[k].x, NF_SIG4);
        step_cell(st, k, 1, r->path[k].y, NF_SIG4);
        step_cell(st, k, 2, r->path[k].f, NF_SIG4);
    }
    step_hl(st, r->n - 1, 2);
    const pt *e = &r->path[r->n - 1];
    step_formula(st, NF_SIG3, "error factors per step: 1 - # x # = #, 1 - # x # = #\n",
                 in->lrs[i], ev[0], 1 - in->lrs[i] * ev[0], in->lrs[i], ev[1],
                 1 - in->lrs[i] * ev[1]);
    step_formula(st, NF_SIG4, "after %l steps: (x, y) = (#, #)\n{f = #}, ", r->len - 1, e->x, e->y,
                 e->f);
    step_formula(st, NF_SIG3, "distance to the minimum #", r->dist);
    step_result(st, NF_LR, "lr = #: %s", in->lrs[i], r->regime);
    step_note(st, NF_SHORT, "%s",
              strcmp(r->regime, "diverges") == 0 ? "A factor beyond -1: each step overshoots "
                                                   "further than the last."
              : strcmp(r->regime, "oscillates") == 0
                  ? "A factor near -1: the point jumps across the valley, barely settling."
              : strcmp(r->regime, "converges") == 0
                  ? "Both factors well inside (-1, 1): the error shrinks fast."
                  : "A factor near +1: the point creeps along the valley floor.");
}

static void sched_formula(walk_step *st, const schedule *s, double lr, long t, double v)
{
    switch (s->kind) {
    case SCHED_STEP:
        step_formula(st, NF_G6, "lr_t = lr x gamma^floor(t / every) = # x #^floor(%l / %l) = {#}",
                     lr, s->gamma, t, s->every, v);
        break;
    case SCHED_COSINE:
        step_formula(st, NF_G6, "lr_t = lr_min + (lr - lr_min)(1 + cos(pi t / T)) / 2\n"
                     "     = # + (# - #) x (1 + cos(pi x %l / %l)) / 2 = {#}",
                     s->lr_min, lr, s->lr_min, t, s->T, v);
        break;
    case SCHED_LINEAR:
        step_formula(st, NF_G6, "lr_t = lr_min + (lr - lr_min) max(0, 1 - t / T)\n"
                     "     = # + (# - #) x max(0, 1 - %l / %l) = {#}",
                     s->lr_min, lr, s->lr_min, t, s->T, v);
        break;
    case SCHED_INVSQRT:
        step_formula(st, NF_G6, "lr_t = lr / sqrt(1 + t / tau) = # / sqrt(1 + %l / #) = {#}", lr, t,
                     s->tau, v);
        break;
    default:
        step_formula(st, NF_G6, "lr_t = lr x (t + 1) / warmup while t < warmup\n"
                     "     = # x (%l + 1) / %l = {#}", lr, t, s->warmup, v);
        break;
    }
}

static void lr_build(walk *w)
{
    const walk_inputs *in = &w->in;
    double h[3], ev[2];
    booth_eigen(in, h, ev);
    lr_run runs[WALK_MAX_LRS];
    for (int i = 0; i < in->nlr; i++)
        if (run_booth(in, in->lrs[i], &runs[i]) < 0)
            return;

    walk_step *st = walk_add(w, NF_SHORT, "Booth: a quadratic bowl");
    regimes_table(st, in, ev, runs, 0);
    step_formula(st, NF_G6, "f(x, y) = %s\nHessian [[#, #], [#, #]]: eigenvalues l1 = {#}, l2 = #\n",
                 surface_find("booth")->formula, h[0], h[1], h[1], h[2], ev[0], ev[1]);
    step_formula(st, NF_SIG3, "gradient descent is stable while lr < 2 / l1 = #", 2 / ev[0]);
    step_result(st, NF_SIG3, "stable for lr < #", 2 / ev[0]);
    step_note(st, NF_SHORT, "Each step multiplies the error along an eigenvector by 1 - lr l: "
              "near 1 it creeps, near -1 it oscillates, past -1 it diverges.");

    for (int i = 0; i < in->nlr; i++)
        lr_regime_step(w, i, ev, runs);

    st = walk_add(w, NF_SHORT, "The regimes side by side");
    regimes_table(st, in, ev, runs, in->nlr);
    for (int i = 0; i < in->nlr; i++)
        step_formula(st, NF_LR, "%slr = #: %s", i ? "\n" : "", in->lrs[i], runs[i].regime);
    step_result(st, NF_SIG3, "%d learning rates, %l steps each", in->nlr, in->steps);

    /* The schedules, evaluated by schedule_lr at the chosen t. */
    schedule sc[5];
    static const char *const names[] = {"step", "cosine", "linear", "inv sqrt", "warmup"};
    for (int k = 0; k < 5; k++)
        sc[k] = schedule_defaults();
    sc[0].kind = SCHED_STEP;
    sc[1].kind = SCHED_COSINE;
    sc[2].kind = SCHED_LINEAR;
    sc[3].kind = SCHED_INVSQRT;
    sc[4].kind = SCHED_CONSTANT;
    sc[4].warmup = in->nt > 2 ? in->ts[in->nt / 2] : 50;
    int mid = in->nt / 2, early = in->nt > 1 ? 1 : 0;
    for (int k = 0; k < 5; k++) {
        long t = k == 4 ? in->ts[early] : in->ts[mid];
        st = walk_add(w, NF_SHORT, "Schedule: %s", names[k]);
        if (!st)
            return;
        step_table(st, in->nt, 1, "t");
        step_col(st, 0, "lr_t");
        for (int i = 0; i < in->nt; i++) {
            char label[WALK_LABEL_MAX];
            snprintf(label, sizeof label, "%ld", in->ts[i]);
            step_row(st, i, label);
            step_cell(st, i, 0, schedule_lr(&sc[k], in->lr, in->ts[i]), NF_SIG4);
        }
        step_hl(st, k == 4 ? early : mid, 0);
        double v = schedule_lr(&sc[k], in->lr, t);
        sched_formula(st, &sc[k], in->lr, t, v);
        step_result(st, NF_G6, "lr_%l = #", t, v);
    }

    st = walk_add(w, NF_SHORT, "The schedules side by side");
    step_table(st, in->nt, 5, "t");
    for (int k = 0; k < 5; k++)
        step_col(st, k, names[k]);
    for (int i = 0; i < in->nt; i++) {
        char label[WALK_LABEL_MAX];
        snprintf(label, sizeof label, "%ld", in->ts[i]);
        step_row(st, i, label);
        for (int k = 0; k < 5; k++)
            step_cell(st, i, k, schedule_lr(&sc[k], in->lr, in->ts[i]), NF_SIG3);
    }
    step_formula(st, NF_G6, "base lr = #; step: every %l, gamma #\ncosine, linear: T = %l; "
                 "inv sqrt: tau = #; warmup: %l updates", in->lr, sc[0].every, sc[0].gamma, sc[1].T,
                 sc[3].tau, sc[4].warmup);
    step_result(st, NF_SHORT, "start large, end small");
}

const walk_def walk_def_learning_rate = {
    .name = "learning-rate",
    .summary = "the Booth regimes (lr 0.01 / 0.10 / 0.11 / 0.12) and the schedules",
    .keys = "lrs steps point lr t",
    .defaults = lr_defaults,
    .build = lr_build,
};
