/* The gradient walkthroughs: numerical vs analytic gradient and the gradient
 * check, and random search against following the slope. Both run on a
 * walk_model: real images through the classifier (walk_real.c) or a small toy
 * set in the inputs (3 classes, 4 pixels, 9 examples), built on the core's
 * per-row losses. */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "../core/loss.h"
#include "../core/optim.h"
#include "walkpriv.h"

#define MAXC WALK_MAX_CLASSES
#define MAXD WALK_MAX_DIM
#define MAXP (WALK_MAX_CLASSES * WALK_MAX_DIM)

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

/* Centered differences at the listed entries. */
static int toy_check(const walk_model *m, const walk_inputs *in, const double *w, int k,
                     gradcheck_entry *out)
{
    (void)in;
    const double hc = 1e-5;
    double x[MAXP], ana[MAXP];
    memcpy(x, w, (size_t)m->nparam * sizeof *x);
    m->loss(m, x, ana);
    for (int i = 0; i < k && i < m->nshown; i++) {
        int p = m->shown[i];
        x[p] = w[p] + hc;
        double up = m->loss(m, x, NULL);
        x[p] = w[p] - hc;
        double down = m->loss(m, x, NULL);
        x[p] = w[p];
        out[i] = (gradcheck_entry){(size_t)p, ana[p], (up - down) / (2 * hc), 0, hc, 0, 0};
        out[i].rel_error = gradcheck_rel_error(out[i].analytic, out[i].numeric);
    }
    return 0;
}

/* Full-batch gradient descent with the shared optimizer code, from W = 0. */
static int toy_descend(const walk_model *m, const walk_inputs *in, const long *marks, int nmarks,
                       double *loss, int *correct)
{
    optim o;
    optim_params p = optim_defaults(OPTIM_SGD);
    p.lr = in->lr;
    double x[MAXP] = {0}, grad[MAXP];
    if (optim_init(&o, &p, (size_t)m->nparam) < 0)
        return -1;
    for (long t = 0, k = 0; t <= in->steps && k < nmarks; t++) {
        double L = m->loss(m, x, grad);
        if (t == marks[k]) {
            loss[k] = L;
            correct[k++] = m->correct(m, x);
        }
        if (t < in->steps)
            optim_step(&o, x, grad);
    }
    optim_free(&o);
    return 0;
}

void walk_toy_model(walk_model *m, const walk_inputs *in)
{
    memset(m, 0, sizeof *m);
    m->rows = in->nclass;
    m->cols = in->dim;
    m->nparam = in->nclass * in->dim;
    m->ndata = in->ndata;
    m->nloss = in->ndata;
    m->scale = 1.0;
    m->loss = toy_loss;
    m->correct = toy_correct;
    m->param_name = toy_param_name;
    m->check = toy_check;
    m->descend = toy_descend;
    m->nshown = m->nparam < WALK_SHOWN ? m->nparam : WALK_SHOWN;
    for (int k = 0; k < m->nshown; k++)
        m->shown[k] = k;
    m->ctx = in;
}

int walk_model_open(walk_model *m, const walk *w)
{
    if (w->data)
        return walk_real_model(m, &w->in, w->data);
    walk_toy_model(m, &w->in);
    return 0;
}

void walk_model_close(walk_model *m)
{
    if (m->what)
        walk_real_free(m);
}

static double fast_loss(const walk_model *m, const double *w)
{
    return m->fast_loss ? m->fast_loss(m, w) : m->loss(m, w, NULL);
}

/* --- gradient ----------------------------------------------------------- */

static void grad_defaults(walk_inputs *in)
{
    walk_toy_defaults(in);
}

/* On real images: W = 1e-4 randn from the seed, as the trainer starts. */
static void grad_data_defaults(walk_inputs *in)
{
    in->seed = 1;
}

typedef struct {
    double *w, *ana, L;
    double fwd[WALK_SHOWN], Lh[WALK_SHOWN]; /* forward differences and L(W + h e_k) */
    gradcheck_entry chk[WALK_SHOWN];           /* the gradient check */
    int n, shown, nchk;
    double pass_seconds;                    /* one evaluation of L, measured */
} grad_run;

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void grad_start(const walk_model *m, const walk_inputs *in, double *w)
{
    if (!m->what) {
        walk_toy_weights(in, w);
        return;
    }
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (r)
        gsl_rng_set(r, in->seed);
    for (int k = 0; k < m->nparam; k++)
        w[k] = r ? m->scale * gsl_ran_gaussian(r, 1.0) : 0.0;
    if (r)
        gsl_rng_free(r);
}

static int grad_compute(const walk_model *m, const walk_inputs *in, grad_run *g)
{
    g->n = m->nparam;
    g->shown = m->nshown;
    g->w = malloc((size_t)g->n * sizeof *g->w);
    g->ana = malloc((size_t)g->n * sizeof *g->ana);
    if (!g->w || !g->ana)
        return -1;
    grad_start(m, in, g->w);
    double t0 = seconds();
    g->L = m->loss(m, g->w, g->ana);
    double t1 = seconds();
    for (int s = 0; s < g->shown; s++) {
        int k = m->shown[s];
        double keep = g->w[k];
        g->w[k] = keep + in->h;
        g->Lh[s] = m->loss(m, g->w, NULL);
        g->fwd[s] = (g->Lh[s] - g->L) / in->h;
        g->w[k] = keep;
    }
    g->pass_seconds = g->shown ? (seconds() - t1) / g->shown : t1 - t0;
    g->nchk = g->shown;
    return m->check(m, in, g->w, g->nchk, g->chk);
}

/* Parameters down; W (inputs for the toy set), W + h and the
 * forward-difference slope across, the slope filled for the first `filled`
 * listed parameters. */
static void fd_table(walk_step *st, const walk_model *m, const walk_inputs *in,
                     const grad_run *g, int bumped, int filled)
{
    step_table(st, g->shown, 3, "entry");
    step_col(st, 0, "W");
    step_col(st, 1, "W + h");
    step_col(st, 2, "slope");
    for (int s = 0; s < g->shown; s++) {
        int k = m->shown[s];
        char name[WALK_LABEL_MAX];
        m->param_name(m, k, name, sizeof name);
        step_row(st, s, name);
        if (m->what)
            step_cell(st, s, 0, g->w[k], NF_SIG4);
        else
            step_input(st, s, 0, g->w[k], NF_SHORT, WF_W, (k / in->dim) * MAXD + k % in->dim);
        step_cell(st, s, 1, g->w[k] + (s == bumped ? in->h : 0.0), NF_G6);
        if (s < filled)
            step_cell(st, s, 2, g->fwd[s], NF_SIG4);
    }
}

static void analytic_table(walk_step *st, const walk_model *m, const grad_run *g)
{
    step_table(st, g->shown, 2, "entry");
    step_col(st, 0, "numerical");
    step_col(st, 1, "analytic");
    for (int s = 0; s < g->shown; s++) {
        char name[WALK_LABEL_MAX];
        m->param_name(m, m->shown[s], name, sizeof name);
        step_row(st, s, name);
        step_cell(st, s, 0, g->fwd[s], NF_SIG4);
        step_cell(st, s, 1, g->ana[m->shown[s]], NF_SIG4);
    }
}

static void check_table(walk_step *st, const walk_model *m, const grad_run *g)
{
    step_table(st, g->nchk, 3, "entry");
    step_col(st, 0, "numerical");
    step_col(st, 1, "analytic");
    step_col(st, 2, "rel. error");
    for (int r = 0; r < g->nchk; r++) {
        const gradcheck_entry *c = &g->chk[r];
        char name[WALK_LABEL_MAX];
        m->param_name(m, (int)c->index, name, sizeof name);
        step_row(st, r, name);
        step_cell(st, r, 0, c->numeric, NF_SIG4);
        step_cell(st, r, 1, c->analytic, NF_SIG4);
        step_cell(st, r, 2, c->rel_error, NF_SIG3);
    }
}

static const char *verdict(double rel)
{
    return gradcheck_text(gradcheck_judge(rel));
}

static void grad_steps_fd(walk *w, const walk_model *m, const grad_run *g)
{
    const walk_inputs *in = &w->in;
    int dims = g->shown < 3 ? g->shown : 3;
    for (int s = 0; s < dims; s++) {
        int k = m->shown[s];
        char name[WALK_LABEL_MAX];
        m->param_name(m, k, name, sizeof name);
        walk_step *st = walk_add(w, NF_SHORT, "Numerical gradient, dimension %d: W[%s] + h",
                                 k + 1, name);
        fd_table(st, m, in, g, s, s + 1);
        step_hl(st, s, 2);
        step_formula(st, NF_G6, "W[%s] + h = # + # = #\n", name, g->w[k], in->h,
                     g->w[k] + in->h);
        step_formula(st, NF_FIX7, "L(W + h) = #\n", g->Lh[s]);
        step_formula(st, NF_FIX7, "{dL/dW[%s] ~ (L(W + h) - L(W)) / h = (# - #) / ", name,
                     g->Lh[s], g->L);
        step_formula(st, NF_G6, "#", in->h);
        step_formula(st, NF_SIG4, " = #}", g->fwd[s]);
        step_result(st, NF_SIG4, "slope along W[%s]: #", name, g->fwd[s]);
    }
}

static const char *loss_name(const walk_inputs *in)
{
    return in->loss == WALK_LOSS_SVM ? "SVM" : "softmax";
}

static void grad_first(walk *w, const walk_model *m, const grad_run *g)
{
    const walk_inputs *in = &w->in;
    walk_step *st = walk_add(w, NF_SHORT, "The current W and its loss");
    fd_table(st, m, in, g, -1, 0);
    step_formula(st, NF_FIX7, "L(W) = (1/N) sum_i L_i(W x_i, y_i) + lambda R(W) = {#}", g->L);
    step_result(st, NF_FIX7, "L(W) = #", g->L);
    if (m->what)
        step_note(st, NF_SHORT, "Data: %s, the first %d training images (mean image "
                  "subtracted), %d classes, %s loss, lambda = #. W = 0.0001 x randn (seed %l) "
                  "has %d x %d = %d entries, the bias last in each row; %d are listed.",
                  m->what, m->nloss, m->rows, loss_name(in), in->lambda, (long)in->seed,
                  m->rows, m->cols, g->n, g->shown);
    else
        step_note(st, NF_SHORT, "A toy set: %d images of %d pixels, %d classes, %s loss, "
                  "lambda = #. W has %d entries (the first %d are listed).",
                  in->ndata, in->dim, in->nclass, loss_name(in), in->lambda, g->n, g->shown);
}

static void grad_every(walk *w, const walk_model *m, const grad_run *g)
{
    walk_step *st = walk_add(w, NF_SHORT, "Numerical gradient: every dimension");
    fd_table(st, m, &w->in, g, -1, g->shown);
    step_hl(st, g->shown - 1, 2);
    step_formula(st, NF_SHORT, "dW[k] ~ (L(W + h e_k) - L(W)) / h for k = 1 .. %d\n"
                 "%d + 1 = %d evaluations of L", g->n, g->n, g->n + 1);
    if (g->shown < g->n)
        step_formula(st, NF_SHORT, " (the %d listed here took %d)", g->shown, g->shown + 1);
    step_result(st, NF_SHORT, "one loss evaluation per parameter");
    step_note(st, NF_SHORT, "Approximate (it depends on h) and slow (one forward pass per "
              "dimension), but easy to write.");
}

static void grad_analytic(walk *w, const walk_model *m, const grad_run *g)
{
    walk_step *st = walk_add(w, NF_SHORT, "Analytic gradient: calculus");
    analytic_table(st, m, g);
    step_hl(st, 0, 1);
    step_formula(st, NF_SHORT, "%s\ndW = (1/N) sum_i (dL_i/ds) x_i^T + lambda dR/dW\n",
                 w->in.loss == WALK_LOSS_SVM
                     ? "dL_i/ds_j = 1 if margin j > 0 (j != y_i); dL_i/ds_y = -(number of such j)"
                     : "dL_i/ds = P - onehot(y_i)");
    int k0 = m->shown[0];
    char name0[WALK_LABEL_MAX];
    m->param_name(m, k0, name0, sizeof name0);
    step_formula(st, NF_SIG4, "{dW[%s] = #}, forward difference #", name0, g->ana[k0], g->fwd[0]);
    step_result(st, NF_SIG4, "dW[%s] = # (analytic) vs # (numerical, h = %s)", name0, g->ana[k0],
                g->fwd[0], "1e-4");
    step_note(st, NF_SHORT, "Exact and fast: one pass over the data gives every entry.");
}

static void grad_check(walk *w, const walk_model *m, const grad_run *g)
{
    int worst = 0, kinks = 0;
    for (int r = 0; r < g->nchk; r++) {
        if (g->chk[r].rel_error > g->chk[worst].rel_error)
            worst = r;
        kinks += g->chk[r].kinks != 0;
    }
    const gradcheck_entry *c = &g->chk[worst];
    char wname[WALK_LABEL_MAX];
    m->param_name(m, (int)c->index, wname, sizeof wname);
    walk_step *st = walk_add(w, NF_SHORT, "Gradient check");
    check_table(st, m, g);
    step_hl(st, worst, 2);
    step_formula(st, NF_SHORT, "numerical: centered difference (L(W + h) - L(W - h)) / 2h, "
                 "h = 1e-5\nrelative error |a - n| / max(|a|, |n|), worst at W[%s]:\n", wname);
    step_formula(st, NF_SIG4, "{|# - $| / max(|#|, |#|)", c->analytic, c->numeric, c->analytic,
                 c->numeric);
    step_formula(st, NF_SIG3, " = #}", c->rel_error);
    step_result(st, NF_SIG3, "max relative error #: %s", c->rel_error, verdict(c->rel_error));
    if (m->what && kinks)
        step_note(st, NF_SHORT, "%d of these entries moved an SVM hinge across its kink "
                  "between W - h and W + h, so the check shrank h there (kink). ", kinks);
    if (m->what)
        step_note(st, NF_SHORT, "The classifier's own check (descent train --gradcheck) at %d "
                  "entries drawn with seed %l + 1. ", g->nchk, (long)w->in.seed);
    step_note(st, NF_SHORT, "Always use the analytic gradient, but check it with the "
              "numerical one.");
}

/* The lecture's argument with this W's size; on real images, with the
 * measured time of one forward pass (the only line that varies by run). */
static void grad_why(walk *w, const walk_model *m, const grad_run *g)
{
    const double cifar = 10.0 * 3073.0;
    double n = g->n;
    walk_step *st = walk_add(w, NF_SHORT, "Why not use the numerical gradient?");
    step_table(st, 3, 2, "model");
    step_col(st, 0, "parameters");
    step_col(st, 1, "passes/step");
    step_row(st, 0, m->what ? "this W" : "this toy W");
    step_row(st, 1, m->what ? "1M params" : "CIFAR-10 W");
    step_cell(st, 0, 0, n, NF_SHORT);
    step_cell(st, 0, 1, 2.0 * n, NF_SHORT);
    if (m->what) {
        st->nrows = 2;
        step_cell(st, 1, 0, 1e6, NF_SHORT);
        step_cell(st, 1, 1, 2e6, NF_SHORT);
        step_hl(st, 0, 1);
        step_formula(st, NF_G6, "centered differences need 2D forward passes for D parameters\n"
                     "here: D = %d x %d = #: {2D = #} passes over the data per step\n",
                     m->rows, m->cols, n, 2 * n);
        step_formula(st, NF_SIG3, "measured: one pass over %d images takes # ms, so 2D "
                     "passes take # s\n", m->nloss, 1e3 * g->pass_seconds,
                     2 * n * g->pass_seconds);
        step_formula(st, NF_SIG3, "a million parameters: 2 million passes, # hours per step",
                     2e6 * g->pass_seconds / 3600);
        step_result(st, NF_SHORT, "numerical for checking, analytic for training");
        return;
    }
    step_row(st, 2, "1M params");
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

static void walk_failed(walk *w, const char *what)
{
    walk_step *st = walk_add(w, NF_SHORT, "Could not run");
    step_result(st, NF_SHORT, "%s failed (out of memory?)", what);
}

static void grad_build(walk *w)
{
    walk_model m;
    if (walk_model_open(&m, w) < 0) {
        walk_failed(w, "loading the model");
        return;
    }
    grad_run g;
    memset(&g, 0, sizeof g);
    if (grad_compute(&m, &w->in, &g) == 0) {
        grad_first(w, &m, &g);
        grad_steps_fd(w, &m, &g);
        grad_every(w, &m, &g);
        grad_analytic(w, &m, &g);
        grad_check(w, &m, &g);
        grad_why(w, &m, &g);
    } else {
        walk_failed(w, "the gradient");
    }
    free(g.w);
    free(g.ana);
    walk_model_close(&m);
}

const walk_def walk_def_gradient = {
    .name = "gradient",
    .summary = "numerical vs analytic gradient, the gradient check",
    .keys = "classes W data labels loss margin lambda h",
    .defaults = grad_defaults,
    .build = grad_build,
    .data_defaults = grad_data_defaults,
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

/* On raw pixels: the trainer's learning rate and a W of 1e-4 randn. */
static void rs_data_defaults(walk_inputs *in)
{
    in->lr = 1e-7;
}

static double pct(int correct, int n)
{
    return n ? 100.0 * correct / n : 0.0;
}

typedef struct {
    long tries;
    double best_loss;
    int best_ok, nimp;
    long at[WALK_TROWS];
    double loss[WALK_TROWS];
    int ok[WALK_TROWS];
} rs_search;

/* The lecture's strategy #1: keep the best of in->tries random W. */
static int rs_random(const walk_model *m, const walk_inputs *in, rs_search *r)
{
    double *cand = malloc((size_t)m->nparam * sizeof *cand);
    double *best = malloc((size_t)m->nparam * sizeof *best);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = cand && best && rng ? 0 : -1;
    r->best_loss = INFINITY;
    r->nimp = 0;
    if (rc == 0)
        gsl_rng_set(rng, in->seed);
    for (long t = 1; rc == 0 && t <= in->tries; t++) {
        for (int k = 0; k < m->nparam; k++)
            cand[k] = m->scale * gsl_ran_gaussian(rng, 1.0);
        double L = fast_loss(m, cand);
        if (L < r->best_loss) {
            r->best_loss = L;
            memcpy(best, cand, (size_t)m->nparam * sizeof *best);
            int slot = r->nimp < WALK_TROWS ? r->nimp++ : WALK_TROWS - 1;
            r->at[slot] = t;
            r->loss[slot] = L;
            r->ok[slot] = m->correct(m, cand);
        }
    }
    if (rc == 0)
        r->best_ok = r->nimp ? m->correct(m, best) : 0;
    free(cand);
    free(best);
    if (rng)
        gsl_rng_free(rng);
    return rc;
}

/* Both strategies' tables: a row per listed try or step, with its loss and
 * accuracy, the last one highlighted. */
static void progress_table(walk_step *st, const char *rows, const char *loss_col, int n,
                           const long *at, const double *loss, const int *ok, int ndata)
{
    step_table(st, n, 2, rows);
    step_col(st, 0, loss_col);
    step_col(st, 1, "accuracy %");
    for (int i = 0; i < n; i++) {
        char label[WALK_LABEL_MAX];
        snprintf(label, sizeof label, "%ld", at[i]);
        step_row(st, i, label);
        step_cell(st, i, 0, loss[i], NF_SIG4);
        step_cell(st, i, 1, pct(ok[i], ndata), NF_SHORT);
    }
    step_hl(st, n - 1, 0);
}

static void rs_step_random(walk *w, const walk_model *m, const rs_search *r)
{
    const walk_inputs *in = &w->in;
    walk_step *st = walk_add(w, NF_SHORT, "Strategy 1: random search");
    progress_table(st, "try", "best loss", r->nimp, r->at, r->loss, r->ok, m->ndata);
    if (m->what)
        step_formula(st, NF_SHORT, "repeat %l times: W = # x randn(%d, %d); keep W if "
                     "L(W) < best\n", in->tries, m->scale, m->rows, m->cols);
    else
        step_formula(st, NF_SHORT, "repeat %l times: W = randn(%d, %d); keep W if L(W) < best\n",
                     in->tries, m->rows, m->cols);
    step_formula(st, NF_SIG4, "{best loss #}", r->best_loss);
    step_formula(st, NF_SHORT, ", %saccuracy %d/%d = #%%", m->what ? "test " : "", r->best_ok,
                 m->ndata, pct(r->best_ok, m->ndata));
    step_result(st, NF_SIG4, "best of %l random W: loss #", in->tries, r->best_loss);
    if (m->what)
        step_note(st, NF_SHORT, "Each row is a try that beat every earlier one (seed %l). "
                  "Loss on the first %d training images of %s, accuracy on %d test images. "
                  "The lecture's CIFAR-10 run reached 15.5%% this way.",
                  (long)in->seed, m->nloss, m->what, m->ndata);
    else
        step_note(st, NF_SHORT, "Each row is a try that beat every earlier one (seed %l). The "
                  "lecture's CIFAR-10 run reached 15.5%% this way.",
                  (long)in->seed);
}

typedef struct {
    long marks[9];
    double loss[9];
    int ok[9], n;
} rs_slope;

/* Strategy #2 with the shared optimizer code, at a roughly logarithmic
 * ladder of steps ending at the last one. */
static int rs_follow(const walk_model *m, const walk_inputs *in, rs_slope *s)
{
    static const long ladder[] = {0, 1, 10, 30, 100, 300, 1000, 3000};
    s->n = 0;
    for (int i = 0; i < 8 && ladder[i] < in->steps; i++)
        s->marks[s->n++] = ladder[i];
    s->marks[s->n++] = in->steps;
    return m->descend(m, in, s->marks, s->n, s->loss, s->ok);
}

static void rs_step_slope(walk *w, const walk_model *m, const rs_slope *s)
{
    const walk_inputs *in = &w->in;
    double L = s->loss[s->n - 1];
    int ok = s->ok[s->n - 1];
    walk_step *st = walk_add(w, NF_SHORT, "Strategy 2: follow the slope");
    progress_table(st, "step", "loss", s->n, s->marks, s->loss, s->ok, m->ndata);
    if (m->what)
        step_formula(st, NF_SHORT, "W = # x randn; repeat %l times: W = W - # x dL/dW "
                     "(minibatch)\n", m->scale, in->steps, in->lr);
    else
        step_formula(st, NF_SHORT, "W = 0; repeat %l times: W = W - # x dL/dW\n", in->steps,
                     in->lr);
    step_formula(st, NF_SIG4, "{loss #}", L);
    step_formula(st, NF_SHORT, ", %saccuracy %d/%d = #%%", m->what ? "test " : "", ok, m->ndata,
                 pct(ok, m->ndata));
    step_result(st, NF_SIG4, "after %l SGD steps: loss #", in->steps, L);
    if (m->what)
        step_note(st, NF_SHORT, "The classifier's trainer (descent train): SGD on minibatches "
                  "of 200 drawn from all %d training images (seed %l). Loss on the same %d "
                  "images as strategy 1, accuracy on the same %d test images.",
                  (int)w->data->n, (long)in->seed, m->nloss, m->ndata);
    else
        step_note(st, NF_SHORT, "The same optimizer code as the surfaces, with the analytic "
                  "gradient of the whole toy set.");
}

static void rs_step_compare(walk *w, const walk_model *m, const rs_search *r, const rs_slope *s)
{
    const walk_inputs *in = &w->in;
    double L = s->loss[s->n - 1];
    int ok = s->ok[s->n - 1];
    walk_step *st = walk_add(w, NF_SHORT, "Random search vs following the slope");
    step_table(st, 2, 3, "strategy");
    step_col(st, 0, "loss");
    step_col(st, 1, "accuracy %");
    step_col(st, 2, "loss evals");
    step_row(st, 0, "random");
    step_row(st, 1, "slope");
    step_cell(st, 0, 0, r->best_loss, NF_SIG4);
    step_cell(st, 0, 1, pct(r->best_ok, m->ndata), NF_SHORT);
    step_cell(st, 0, 2, (double)in->tries, NF_G6);
    step_cell(st, 1, 0, L, NF_SIG4);
    step_cell(st, 1, 1, pct(ok, m->ndata), NF_SHORT);
    step_cell(st, 1, 2, (double)in->steps, NF_G6);
    step_hl(st, 1, 0);
    step_formula(st, NF_SIG4, "random search: loss #, ", r->best_loss);
    step_formula(st, NF_SHORT, "accuracy #%%\n", pct(r->best_ok, m->ndata));
    step_formula(st, NF_SIG4, "{follow the slope: loss #}, ", L);
    step_formula(st, NF_SHORT, "accuracy #%%", pct(ok, m->ndata));
    step_result(st, NF_SHORT, "%s", L < r->best_loss ? "following the slope wins"
                                                     : "random search wins here");
    step_note(st, NF_SHORT, "Random search guesses blindly; the gradient says which way is "
              "down, and its advantage grows with the number of parameters.");
    if (m->what)
        step_note(st, NF_SHORT, " Here W has %d parameters.", m->nparam);
}

static void rs_build(walk *w)
{
    walk_model m;
    if (walk_model_open(&m, w) < 0) {
        walk_failed(w, "loading the model");
        return;
    }
    rs_search r;
    rs_slope s;
    if (rs_random(&m, &w->in, &r) < 0)
        walk_failed(w, "random search");
    else if (rs_follow(&m, &w->in, &s) < 0)
        walk_failed(w, "following the slope");
    else {
        rs_step_random(w, &m, &r);
        rs_step_slope(w, &m, &s);
        rs_step_compare(w, &m, &r, &s);
    }
    walk_model_close(&m);
}

const walk_def walk_def_random_search = {
    .name = "random-search",
    .summary = "best of N random W vs following the slope",
    .keys = "classes W data labels loss margin lambda tries steps lr seed",
    .defaults = rs_defaults,
    .build = rs_build,
    .data_defaults = rs_data_defaults,
};
