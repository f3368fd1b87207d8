/* The gradient walkthroughs: numerical vs analytic gradient and the gradient
 * check, and random search against following the slope. Both run on a
 * walk_model; today that is a small toy set in the inputs (3 classes,
 * 4 pixels, 9 examples), built on the core's per-row losses. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "../core/loss.h"
#include "../core/optim.h"
#include "walkpriv.h"

#define MAXC WALK_MAX_CLASSES
#define MAXD WALK_MAX_DIM
#define MAXP (WALK_MAX_CLASSES * WALK_MAX_DIM)
#define SHOWN 12 /* parameters listed in the tables */

/* --- the toy set -------------------------------------------------------- */

void walk_toy_defaults(walk_inputs *in)
{
    static const char *const names[] = {"cat", "car", "frog"};
    /* The first entries are the lecture's W (0.34, -1.11, 0.78, ...). */
    static const double W[3][4] = {
        {0.34, -1.11, 0.78, 0.12}, {0.55, 2.81, -3.1, -1.5}, {0.33, -0.4, 0.9, 0.2}};
    static const double X[9][4] = {
        {0.9, 0.1, 0.6, 0.0}, {0.7, 0.3, 0.4, 0.2}, {1.0, 0.0, 0.2, 0.3},
        {0.1, 0.9, 0.2, 0.5}, {0.3, 0.8, 0.0, 0.6}, {0.2, 1.0, 0.3, 0.2},
        {0.4, 0.2, 0.9, 0.8}, {0.6, 0.0, 1.0, 1.0}, {0.5, 0.3, 0.7, 0.9},
    };
    in->nclass = 3;
    for (int j = 0; j < 3; j++)
        snprintf(in->classes[j], sizeof in->classes[j], "%s", names[j]);
    in->dim = 4;
    for (int c = 0; c < 3; c++)
        memcpy(in->W[c], W[c], sizeof W[c]);
    in->ndata = 9;
    for (int i = 0; i < 9; i++) {
        memcpy(in->data[i], X[i], sizeof X[i]);
        in->data_labels[i] = i / 3;
    }
    in->loss = WALK_LOSS_SOFTMAX;
    in->margin = 1.0;
    in->lambda = 0.0;
    in->h = 1e-4;
}

void walk_toy_weights(const walk_inputs *in, double *w)
{
    for (int c = 0; c < in->nclass; c++)
        for (int d = 0; d < in->dim; d++)
            w[c * in->dim + d] = in->W[c][d];
}

static void toy_scores(const walk_inputs *in, const double *w, int i, double *s)
{
    for (int c = 0; c < in->nclass; c++) {
        s[c] = 0;
        for (int d = 0; d < in->dim; d++)
            s[c] += w[c * in->dim + d] * in->data[i][d];
    }
}

/* Mean per-row loss plus lambda R(W) (L2); dW = mean of dscores x^T. */
static double toy_loss(const walk_model *m, const double *w, double *grad)
{
    const walk_inputs *in = m->ctx;
    int C = in->nclass, D = in->dim;
    double total = 0;
    if (grad)
        memset(grad, 0, (size_t)(C * D) * sizeof *grad);
    for (int i = 0; i < in->ndata; i++) {
        double s[MAXC], ds[MAXC];
        toy_scores(in, w, i, s);
        int y = in->data_labels[i];
        total += in->loss == WALK_LOSS_SVM ? loss_svm_row(s, C, y, in->margin, NULL, ds)
                                           : loss_softmax_row(s, C, y, NULL, ds);
        if (grad)
            for (int c = 0; c < C; c++)
                for (int d = 0; d < D; d++)
                    grad[c * D + d] += ds[c] * in->data[i][d] / in->ndata;
    }
    return total / in->ndata + loss_reg(w, (size_t)(C * D), REG_L2, in->lambda, grad);
}

static int toy_correct(const walk_model *m, const double *w)
{
    const walk_inputs *in = m->ctx;
    int n = 0;
    for (int i = 0; i < in->ndata; i++) {
        double s[MAXC];
        toy_scores(in, w, i, s);
        int best = 0;
        for (int c = 1; c < in->nclass; c++)
            if (s[c] > s[best])
                best = c;
        n += best == in->data_labels[i];
    }
    return n;
}

static void toy_param_name(const walk_model *m, int k, char *buf, size_t len)
{
    const walk_inputs *in = m->ctx;
    snprintf(buf, len, "%s,%d", in->classes[k / in->dim], k % in->dim + 1);
}

void walk_toy_model(walk_model *m, const walk_inputs *in)
{
    m->nparam = in->nclass * in->dim;
    m->ndata = in->ndata;
    m->loss = toy_loss;
    m->correct = toy_correct;
    m->param_name = toy_param_name;
    m->ctx = in;
}

/* --- gradient ----------------------------------------------------------- */

static void grad_defaults(walk_inputs *in)
{
    walk_toy_defaults(in);
}

typedef struct {
    double w[MAXP], L;
    double fwd[MAXP], Lh[MAXP]; /* forward differences and L(W + h e_k) */
    double num[MAXP];           /* centered differences */
    double ana[MAXP];
    double rel[MAXP];
    int n, shown;
} grad_run;

static double rel_error(double a, double n)
{
    double den = fmax(fabs(a), fabs(n));
    return den > 0 ? fabs(a - n) / den : 0.0;
}

static void grad_compute(const walk_model *m, const walk_inputs *in, grad_run *g)
{
    g->n = m->nparam;
    g->shown = g->n < SHOWN ? g->n : SHOWN;
    walk_toy_weights(in, g->w);
    g->L = m->loss(m, g->w, g->ana);
    const double hc = 1e-5;
    for (int k = 0; k < g->n; k++) {
        double keep = g->w[k];
        g->w[k] = keep + in->h;
        g->Lh[k] = m->loss(m, g->w, NULL);
        g->fwd[k] = (g->Lh[k] - g->L) / in->h;
        g->w[k] = keep + hc;
        double up = m->loss(m, g->w, NULL);
        g->w[k] = keep - hc;
        double down = m->loss(m, g->w, NULL);
        g->w[k] = keep;
        g->num[k] = (up - down) / (2 * hc);
        g->rel[k] = rel_error(g->ana[k], g->num[k]);
    }
}

/* Parameters down; W (inputs), W + h and the forward-difference slope
 * across, the slope filled for the first `filled` parameters. */
static void fd_table(walk_step *st, const walk_model *m, const walk_inputs *in,
                     const grad_run *g, int bumped, int filled)
{
    step_table(st, g->shown, 3, "entry");
    step_col(st, 0, "W");
    step_col(st, 1, "W + h");
    step_col(st, 2, "slope");
    for (int k = 0; k < g->shown; k++) {
        char name[WALK_LABEL_MAX];
        m->param_name(m, k, name, sizeof name);
        step_row(st, k, name);
        step_input(st, k, 0, g->w[k], NF_SHORT, WF_W, (k / in->dim) * MAXD + k % in->dim);
        step_cell(st, k, 1, g->w[k] + (k == bumped ? in->h : 0.0), NF_G6);
        if (k < filled)
            step_cell(st, k, 2, g->fwd[k], NF_SIG4);
    }
}

static void check_table(walk_step *st, const walk_model *m, const grad_run *g, int with_rel)
{
    step_table(st, g->shown, with_rel ? 3 : 2, "entry");
    step_col(st, 0, "numerical");
    step_col(st, 1, "analytic");
    if (with_rel)
        step_col(st, 2, "rel. error");
    for (int k = 0; k < g->shown; k++) {
        char name[WALK_LABEL_MAX];
        m->param_name(m, k, name, sizeof name);
        step_row(st, k, name);
        step_cell(st, k, 0, with_rel ? g->num[k] : g->fwd[k], NF_SIG4);
        step_cell(st, k, 1, g->ana[k], NF_SIG4);
        if (with_rel)
            step_cell(st, k, 2, g->rel[k], NF_SIG3);
    }
}

static const char *verdict(double rel)
{
    if (rel <= 1e-7)
        return "good (<= 1e-7)";
    if (rel < 1e-4)
        return "acceptable near a kink (< 1e-4)";
    if (rel <= 1e-2)
        return "suspicious (1e-4 .. 1e-2)";
    return "wrong (> 1e-2)";
}

static void grad_steps_fd(walk *w, const walk_model *m, const grad_run *g)
{
    const walk_inputs *in = &w->in;
    int dims = g->n < 3 ? g->n : 3;
    for (int k = 0; k < dims; k++) {
        char name[WALK_LABEL_MAX];
        m->param_name(m, k, name, sizeof name);
        walk_step *st = walk_add(w, NF_SHORT, "Numerical gradient, dimension %d: W[%s] + h",
                                 k + 1, name);
        fd_table(st, m, in, g, k, k + 1);
        step_hl(st, k, 2);
        step_formula(st, NF_G6, "W[%s] + h = # + # = #\n", name, g->w[k], in->h,
                     g->w[k] + in->h);
        step_formula(st, NF_FIX7, "L(W + h) = #\n", g->Lh[k]);
        step_formula(st, NF_FIX7, "{dL/dW[%s] ~ (L(W + h) - L(W)) / h = (# - #) / ", name,
                     g->Lh[k], g->L);
        step_formula(st, NF_G6, "#", in->h);
        step_formula(st, NF_SIG4, " = #}", g->fwd[k]);
        step_result(st, NF_SIG4, "slope along W[%s]: #", name, g->fwd[k]);
        step_key(st, "L(W+h)", g->Lh[k], NF_FIX7);
        step_key(st, "slope", g->fwd[k], NF_SIG4);
    }
}

static void grad_build(walk *w)
{
    const walk_inputs *in = &w->in;
    walk_model m;
    walk_toy_model(&m, in);
    grad_run g;
    grad_compute(&m, in, &g);

    walk_step *st = walk_add(w, NF_SHORT, "The current W and its loss");
    fd_table(st, &m, in, &g, -1, 0);
    step_formula(st, NF_FIX7, "L(W) = (1/N) sum_i L_i(W x_i, y_i) + lambda R(W) = {#}", g.L);
    step_result(st, NF_FIX7, "L(W) = #", g.L);
    step_note(st, NF_SHORT, "A toy set: %d images of %d pixels, %d classes, %s loss, "
              "lambda = #. W has %d entries (the first %d are listed).",
              in->ndata, in->dim, in->nclass, in->loss == WALK_LOSS_SVM ? "SVM" : "softmax",
              in->lambda, g.n, g.shown);
    step_key(st, "L(W)", g.L, NF_FIX5);

    grad_steps_fd(w, &m, &g);

    st = walk_add(w, NF_SHORT, "Numerical gradient: every dimension");
    fd_table(st, &m, in, &g, -1, g.n);
    step_hl(st, g.shown - 1, 2);
    step_formula(st, NF_SHORT, "dW[k] ~ (L(W + h e_k) - L(W)) / h for k = 1 .. %d\n"
                 "%d + 1 = %d evaluations of L", g.n, g.n, g.n + 1);
    step_result(st, NF_SHORT, "one loss evaluation per parameter");
    step_note(st, NF_SHORT, "Approximate (it depends on h) and slow (one forward pass per "
              "dimension), but easy to write.");

    st = walk_add(w, NF_SHORT, "Analytic gradient: calculus");
    check_table(st, &m, &g, 0);
    step_hl(st, 0, 1);
    step_formula(st, NF_SHORT, "%s\ndW = (1/N) sum_i (dL_i/ds) x_i^T + lambda dR/dW\n",
                 in->loss == WALK_LOSS_SVM
                     ? "dL_i/ds_j = 1 if margin j > 0 (j != y_i); dL_i/ds_y = -(number of such j)"
                     : "dL_i/ds = P - onehot(y_i)");
    char name0[WALK_LABEL_MAX];
    m.param_name(&m, 0, name0, sizeof name0);
    step_formula(st, NF_SIG4, "{dW[%s] = #}, forward difference #", name0, g.ana[0], g.fwd[0]);
    step_result(st, NF_SIG4, "dW[%s] = # (analytic) vs # (numerical, h = %s)", name0, g.ana[0],
                g.fwd[0], "1e-4");
    step_note(st, NF_SHORT, "Exact and fast: one pass over the data gives every entry.");
    step_key(st, "analytic", g.ana[0], NF_SIG4);
    step_key(st, "numerical", g.fwd[0], NF_SIG4);

    int worst = 0;
    for (int k = 1; k < g.n; k++)
        if (g.rel[k] > g.rel[worst])
            worst = k;
    char wname[WALK_LABEL_MAX];
    m.param_name(&m, worst, wname, sizeof wname);
    st = walk_add(w, NF_SHORT, "Gradient check");
    check_table(st, &m, &g, 1);
    if (worst < g.shown)
        step_hl(st, worst, 2);
    step_formula(st, NF_SHORT, "numerical: centered difference (L(W + h) - L(W - h)) / 2h, "
                 "h = 1e-5\nrelative error |a - n| / max(|a|, |n|), worst at W[%s]:\n", wname);
    step_formula(st, NF_SIG4, "{|# - $| / max(|#|, |#|)", g.ana[worst], g.num[worst],
                 g.ana[worst], g.num[worst]);
    step_formula(st, NF_SIG3, " = #}", g.rel[worst]);
    step_result(st, NF_SIG3, "max relative error #: %s", g.rel[worst], verdict(g.rel[worst]));
    step_note(st, NF_SHORT, "Always use the analytic gradient, but check it with the "
              "numerical one.");
    step_key(st, "rel err", g.rel[worst], NF_SIG3);

    const double cifar = 10.0 * 3073.0;
    st = walk_add(w, NF_SHORT, "Why not use the numerical gradient?");
    step_table(st, 3, 2, "model");
    step_col(st, 0, "parameters");
    step_col(st, 1, "passes/step");
    step_row(st, 0, "this toy W");
    step_row(st, 1, "CIFAR-10 W");
    step_row(st, 2, "1M params");
    step_cell(st, 0, 0, g.n, NF_SHORT);
    step_cell(st, 0, 1, 2.0 * g.n, NF_SHORT);
    step_cell(st, 1, 0, cifar, NF_SHORT);
    step_cell(st, 1, 1, 2 * cifar, NF_SHORT);
    step_cell(st, 2, 0, 1e6, NF_SHORT);
    step_cell(st, 2, 1, 2e6, NF_SHORT);
    step_hl(st, 1, 1);
    step_formula(st, NF_G6, "centered differences need 2D forward passes for D parameters\n"
                 "CIFAR-10: D = 10 x 3073 = #: {2D = #} passes over the data per step\n"
                 "a million parameters: 2 million passes per step", cifar, 2 * cifar);
    step_result(st, NF_SHORT, "numerical for checking, analytic for training");
}

const walk_def walk_def_gradient = {
    .name = "gradient",
    .summary = "numerical vs analytic gradient, the gradient check",
    .keys = "classes W data labels loss margin lambda h",
    .defaults = grad_defaults,
    .build = grad_build,
};

/* --- random search ------------------------------------------------------ */

static void rs_defaults(walk_inputs *in)
{
    walk_toy_defaults(in);
    in->tries = 1000;
    in->steps = 300;
    in->lr = 0.5;
    in->seed = 1;
}

static double pct(int correct, int n)
{
    return n ? 100.0 * correct / n : 0.0;
}

static void rs_build(walk *w)
{
    const walk_inputs *in = &w->in;
    walk_model m;
    walk_toy_model(&m, in);
    int n = m.nparam;
    double cand[MAXP], best[MAXP];
    double bestloss = INFINITY;
    long improved_at[WALK_TROWS];
    double improved_loss[WALK_TROWS];
    int improved_acc[WALK_TROWS], nimp = 0;

    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng)
        return;
    gsl_rng_set(rng, in->seed);
    for (long t = 1; t <= in->tries; t++) {
        for (int k = 0; k < n; k++)
            cand[k] = gsl_ran_gaussian(rng, 1.0);
        double L = m.loss(&m, cand, NULL);
        if (L < bestloss) {
            bestloss = L;
            memcpy(best, cand, sizeof best);
            int slot = nimp < WALK_TROWS ? nimp++ : WALK_TROWS - 1;
            improved_at[slot] = t;
            improved_loss[slot] = L;
            improved_acc[slot] = m.correct(&m, cand);
        }
    }
    gsl_rng_free(rng);
    int best_ok = m.correct(&m, best);

    walk_step *st = walk_add(w, NF_SHORT, "Strategy 1: random search");
    step_table(st, nimp, 2, "try");
    step_col(st, 0, "best loss");
    step_col(st, 1, "accuracy %");
    for (int i = 0; i < nimp; i++) {
        char label[WALK_LABEL_MAX];
        snprintf(label, sizeof label, "%ld", improved_at[i]);
        step_row(st, i, label);
        step_cell(st, i, 0, improved_loss[i], NF_SIG4);
        step_cell(st, i, 1, pct(improved_acc[i], m.ndata), NF_SHORT);
    }
    step_hl(st, nimp - 1, 0);
    step_formula(st, NF_SHORT, "repeat %l times: W = randn(%d, %d); keep W if L(W) < best\n",
                 in->tries, in->nclass, in->dim);
    step_formula(st, NF_SIG4, "{best loss #}", bestloss);
    step_formula(st, NF_SHORT, ", accuracy %d/%d = #%%", best_ok, m.ndata, pct(best_ok, m.ndata));
    step_result(st, NF_SIG4, "best of %l random W: loss #", in->tries, bestloss);
    step_note(st, NF_SHORT, "Each row is a try that beat every earlier one (seed %l). The "
              "lecture's CIFAR-10 run reached 15.5%% this way.",
              (long)in->seed);
    step_key(st, "loss", bestloss, NF_SIG4);
    step_key(st, "acc %", pct(best_ok, m.ndata), NF_SHORT);

    /* Strategy #2 with the shared optimizer code, from W = 0. */
    optim o;
    optim_params p = optim_defaults(OPTIM_SGD);
    p.lr = in->lr;
    double x[MAXP] = {0}, grad[MAXP];
    if (optim_init(&o, &p, (size_t)n) < 0)
        return;
    /* The steps listed: a roughly logarithmic ladder ending at the last one. */
    static const long ladder[] = {0, 1, 10, 30, 100, 300, 1000, 3000};
    long marks[9];
    int nmarks = 0;
    for (int i = 0; i < 8 && ladder[i] < in->steps; i++)
        marks[nmarks++] = ladder[i];
    marks[nmarks++] = in->steps;
    double mloss[9];
    int macc[9];
    for (long t = 0, k = 0; t <= in->steps; t++) {
        double L = m.loss(&m, x, grad);
        if (t == marks[k]) {
            mloss[k] = L;
            macc[k++] = m.correct(&m, x);
        }
        if (t < in->steps)
            optim_step(&o, x, grad);
    }
    optim_free(&o);
    double sgdloss = m.loss(&m, x, NULL);
    int sgd_ok = m.correct(&m, x);

    st = walk_add(w, NF_SHORT, "Strategy 2: follow the slope");
    step_table(st, nmarks, 2, "step");
    step_col(st, 0, "loss");
    step_col(st, 1, "accuracy %");
    for (int i = 0; i < nmarks; i++) {
        char label[WALK_LABEL_MAX];
        snprintf(label, sizeof label, "%ld", marks[i]);
        step_row(st, i, label);
        step_cell(st, i, 0, mloss[i], NF_SIG4);
        step_cell(st, i, 1, pct(macc[i], m.ndata), NF_SHORT);
    }
    step_hl(st, nmarks - 1, 0);
    step_formula(st, NF_SHORT, "W = 0; repeat %l times: W = W - # x dL/dW\n", in->steps, in->lr);
    step_formula(st, NF_SIG4, "{loss #}", sgdloss);
    step_formula(st, NF_SHORT, ", accuracy %d/%d = #%%", sgd_ok, m.ndata, pct(sgd_ok, m.ndata));
    step_result(st, NF_SIG4, "after %l SGD steps: loss #", in->steps, sgdloss);
    step_note(st, NF_SHORT, "The same optimizer code as the surfaces, with the analytic "
              "gradient of the whole toy set.");
    step_key(st, "loss", sgdloss, NF_SIG4);
    step_key(st, "acc %", pct(sgd_ok, m.ndata), NF_SHORT);

    st = walk_add(w, NF_SHORT, "Random search vs following the slope");
    step_table(st, 2, 3, "strategy");
    step_col(st, 0, "loss");
    step_col(st, 1, "accuracy %");
    step_col(st, 2, "loss evals");
    step_row(st, 0, "random");
    step_row(st, 1, "slope");
    step_cell(st, 0, 0, bestloss, NF_SIG4);
    step_cell(st, 0, 1, pct(best_ok, m.ndata), NF_SHORT);
    step_cell(st, 0, 2, (double)in->tries, NF_G6);
    step_cell(st, 1, 0, sgdloss, NF_SIG4);
    step_cell(st, 1, 1, pct(sgd_ok, m.ndata), NF_SHORT);
    step_cell(st, 1, 2, (double)in->steps, NF_G6);
    step_hl(st, 1, 0);
    step_formula(st, NF_SIG4, "random search: loss #, ", bestloss);
    step_formula(st, NF_SHORT, "accuracy #%%\n", pct(best_ok, m.ndata));
    step_formula(st, NF_SIG4, "{follow the slope: loss #}, ", sgdloss);
    step_formula(st, NF_SHORT, "accuracy #%%", pct(sgd_ok, m.ndata));
    step_result(st, NF_SHORT, "%s", sgdloss < bestloss ? "following the slope wins"
                                                       : "random search wins here");
    step_note(st, NF_SHORT, "Random search guesses blindly; the gradient says which way is "
              "down, and its advantage grows with the number of parameters.");
}

const walk_def walk_def_random_search = {
    .name = "random-search",
    .summary = "best of N random W vs following the slope",
    .keys = "classes W data labels loss margin lambda tries steps lr seed",
    .defaults = rs_defaults,
    .build = rs_build,
};
