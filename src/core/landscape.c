#include "landscape.h"

#include <gsl/gsl_cblas.h> /* OpenBLAS provides them; gsl_eigen.h clashes with <cblas.h> */
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "loss.h"

/* Directions closer than this to parallel (|cos|) are refused: the plane's
 * coordinates would be ill-conditioned, (1 + cos) / (1 - cos) > 2e6. */
#define PARALLEL_COS (1.0 - 1e-6)

static double dot(const double *x, const double *y, size_t n)
{
    return cblas_ddot((int)n, x, 1, y, 1);
}

int landscape_plane_init(landscape_plane *p, const double *w0, size_t n)
{
    memset(p, 0, sizeof *p);
    p->n = n;
    p->w0 = malloc(n * sizeof *p->w0);
    p->d1 = calloc(n, sizeof *p->d1);
    p->d2 = calloc(n, sizeof *p->d2);
    if (!p->w0 || !p->d1 || !p->d2) {
        landscape_plane_free(p);
        return -1;
    }
    memcpy(p->w0, w0, n * sizeof *w0);
    return 0;
}

void landscape_plane_free(landscape_plane *p)
{
    free(p->w0);
    free(p->d1);
    free(p->d2);
    p->w0 = p->d1 = p->d2 = NULL;
}

int landscape_check(const landscape_plane *p, char *err, size_t errlen)
{
    double n1 = sqrt(dot(p->d1, p->d1, p->n)), n2 = sqrt(dot(p->d2, p->d2, p->n));
    if (!(n1 > 0) || !(n2 > 0) || !isfinite(n1) || !isfinite(n2)) {
        snprintf(err, errlen, "direction %d of the plane is zero (or not finite)",
                 !(n1 > 0) || !isfinite(n1) ? 1 : 2);
        return -1;
    }
    double c = dot(p->d1, p->d2, p->n) / (n1 * n2);
    if (fabs(c) > PARALLEL_COS) {
        snprintf(err, errlen, "the two directions of the plane are parallel (cos %.9f)", c);
        return -1;
    }
    return 0;
}

/* Each block of d rescaled to the norm of the same block of w0. */
static void filter_normalize(double *d, const double *w0, size_t n, const landscape_block *blocks,
                             int nblocks)
{
    unsigned char *kept = calloc(n, 1);
    for (int k = 0; k < nblocks; k++) {
        const landscape_block *b = &blocks[k];
        double nd = sqrt(dot(d + b->start, d + b->start, b->len));
        double nw = sqrt(dot(w0 + b->start, w0 + b->start, b->len));
        double s = nd > 0 ? nw / nd : 0.0;
        for (size_t i = b->start; i < b->start + b->len; i++) {
            d[i] *= s;
            if (kept)
                kept[i] = 1;
        }
    }
    /* biases (and anything else no block covers) stay at W0's values */
    for (size_t i = 0; kept && i < n; i++)
        if (!kept[i])
            d[i] = 0.0;
    free(kept);
}

int landscape_random(landscape_plane *p, const landscape_block *blocks, int nblocks,
                     unsigned long seed, char *err, size_t errlen)
{
    for (int k = 0; k < nblocks; k++)
        if (blocks[k].start > p->n || blocks[k].len > p->n - blocks[k].start) {
            snprintf(err, errlen, "block %d lies outside the %zu parameters", k, p->n);
            return -1;
        }
    /* taus2, not the mt19937 the trainer draws W0 = randn with: the same
     * seed must not give a direction along W0 itself */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    gsl_rng_set(r, seed);
    for (size_t i = 0; i < p->n; i++)
        p->d1[i] = gsl_ran_gaussian_ziggurat(r, 1.0);
    for (size_t i = 0; i < p->n; i++)
        p->d2[i] = gsl_ran_gaussian_ziggurat(r, 1.0);
    gsl_rng_free(r);
    filter_normalize(p->d1, p->w0, p->n, blocks, nblocks);
    filter_normalize(p->d2, p->w0, p->n, blocks, nblocks);
    p->explained[0] = p->explained[1] = 0;
    return landscape_check(p, err, errlen);
}

int landscape_between(landscape_plane *p, const double *a, const double *b, char *err,
                      size_t errlen)
{
    for (size_t i = 0; i < p->n; i++) {
        p->d1[i] = a[i] - p->w0[i];
        p->d2[i] = b[i] - p->w0[i];
    }
    p->explained[0] = p->explained[1] = 0;
    return landscape_check(p, err, errlen);
}

/* The path centred on its mean, steps x n. */
static double *centred_path(const double *path, size_t steps, size_t n)
{
    double *x = malloc(steps * n * sizeof *x), *mean = calloc(n, sizeof *mean);
    if (!x || !mean) {
        free(x);
        free(mean);
        return NULL;
    }
    for (size_t t = 0; t < steps; t++)
        for (size_t i = 0; i < n; i++)
            mean[i] += path[t * n + i] / (double)steps;
    for (size_t t = 0; t < steps; t++)
        for (size_t i = 0; i < n; i++)
            x[t * n + i] = path[t * n + i] - mean[i];
    free(mean);
    return x;
}

/* The two leading eigenpairs of the steps x steps Gram matrix X X^T: the
 * principal components are X^T v / sqrt(lambda), so a path of 30730
 * parameters and a few hundred points needs only a few hundred squared. */
static int gram_top2(const double *x, size_t steps, size_t n, double lambda[2], double *v,
                     double *trace)
{
    size_t m = steps;
    gsl_matrix *g = gsl_matrix_alloc(m, m), *evec = gsl_matrix_alloc(m, m);
    gsl_vector *eval = gsl_vector_alloc(m);
    gsl_eigen_symmv_workspace *ws = gsl_eigen_symmv_alloc(m);
    int rc = -1;
    if (g && evec && eval && ws) {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)m, (int)m, (int)n, 1.0, x,
                    (int)n, x, (int)n, 0.0, g->data, (int)g->tda);
        *trace = 0;
        for (size_t i = 0; i < m; i++)
            *trace += gsl_matrix_get(g, i, i);
        gsl_eigen_symmv(g, eval, evec, ws);
        gsl_eigen_symmv_sort(eval, evec, GSL_EIGEN_SORT_VAL_DESC);
        for (int k = 0; k < 2; k++) {
            lambda[k] = gsl_vector_get(eval, (size_t)k);
            for (size_t i = 0; i < m; i++)
                v[(size_t)k * m + i] = gsl_matrix_get(evec, i, (size_t)k);
        }
        rc = 0;
    }
    gsl_matrix_free(g);
    gsl_matrix_free(evec);
    gsl_vector_free(eval);
    gsl_eigen_symmv_free(ws);
    return rc;
}

int landscape_pca(landscape_plane *p, const double *path, size_t steps, char *err,
                  size_t errlen)
{
    const size_t n = p->n;
    if (steps < LANDSCAPE_PCA_MIN_STEPS) {
        snprintf(err, errlen, "a trajectory of %zu point(s) is too short for pca (it needs %d)",
                 steps, LANDSCAPE_PCA_MIN_STEPS);
        return -1;
    }
    double *x = centred_path(path, steps, n), *v = malloc(2 * steps * sizeof *v);
    double lambda[2], trace = 0;
    int rc = -1;
    if (!x || !v || gram_top2(x, steps, n, lambda, v, &trace) < 0)
        snprintf(err, errlen, "out of memory");
    else if (!(lambda[1] > 1e-12 * lambda[0]) || !(trace > 0))
        snprintf(err, errlen, "the trajectory lies on a line: pca finds no second direction");
    else {
        double *d[2] = {p->d1, p->d2};
        for (int k = 0; k < 2; k++) {
            cblas_dgemv(CblasRowMajor, CblasTrans, (int)steps, (int)n, 1.0 / sqrt(lambda[k]), x,
                        (int)n, v + (size_t)k * steps, 1, 0.0, d[k], 1);
            /* the path's last point on the positive side */
            if (dot(d[k], x + (steps - 1) * n, n) < 0)
                cblas_dscal((int)n, -1.0, d[k], 1);
            p->explained[k] = lambda[k] / trace;
        }
        rc = landscape_check(p, err, errlen);
    }
    free(x);
    free(v);
    return rc;
}

void landscape_at(const landscape_plane *p, double a, double b, double *w)
{
    for (size_t i = 0; i < p->n; i++)
        w[i] = p->w0[i] + a * p->d1[i] + b * p->d2[i];
}

landscape_point landscape_project(const landscape_plane *p, const double *w)
{
    const size_t n = p->n;
    /* normal equations of min |w - w0 - a d1 - b d2| */
    double g11 = dot(p->d1, p->d1, n), g12 = dot(p->d1, p->d2, n), g22 = dot(p->d2, p->d2, n);
    double r1 = 0, r2 = 0;
    for (size_t i = 0; i < n; i++) {
        double u = w[i] - p->w0[i];
        r1 += u * p->d1[i];
        r2 += u * p->d2[i];
    }
    double det = g11 * g22 - g12 * g12;
    landscape_point out = {0, 0, 0};
    if (det > 0) {
        out.a = (r1 * g22 - r2 * g12) / det;
        out.b = (r2 * g11 - r1 * g12) / det;
    }
    double res = 0;
    for (size_t i = 0; i < n; i++) {
        double u = w[i] - p->w0[i] - out.a * p->d1[i] - out.b * p->d2[i];
        res += u * u;
    }
    out.dist = sqrt(res);
    return out;
}

int landscape_blocks(const model_config *c, landscape_block *out, int max)
{
    model_block bl[MODEL_BLOCKS_MAX];
    int nb = model_blocks(c, bl), n = 0;
    for (int k = 0; k < nb; k++) {
        if (bl[k].rows < 2 || bl[k].cols < 2)
            continue;
        for (int r = 0; r < bl[k].rows && n < max; r++)
            out[n++] = (landscape_block){bl[k].offset + (size_t)r * (size_t)bl[k].stride,
                                         (size_t)bl[k].cols};
    }
    return n;
}

void landscape_eval_free(landscape_eval *e)
{
    modelplane_free(e->mp);
    free(e->penalized);
    e->mp = NULL;
    e->penalized = NULL;
}

/* Which entries the penalty covers: the model's regularized blocks. */
static unsigned char *penalized_mask(const model_config *c, size_t n)
{
    unsigned char *m = calloc(n ? n : 1, 1);
    model_block bl[MODEL_BLOCKS_MAX];
    int nb = model_blocks(c, bl);
    for (int k = 0; m && k < nb; k++)
        for (int r = 0; bl[k].regularized && r < bl[k].rows; r++)
            memset(m + bl[k].offset + (size_t)r * (size_t)bl[k].stride, 1, (size_t)bl[k].cols);
    return m;
}

int landscape_eval_init(landscape_eval *e, const model_config *cfg, const double *mean,
                        const model_data *d, size_t n, const landscape_plane *plane)
{
    memset(e, 0, sizeof *e);
    e->cfg = *cfg;
    e->plane = plane;
    if (plane->n != model_params(cfg))
        return -1;
    e->mp = modelplane_new(cfg, mean, d, n, plane->w0, plane->d1, plane->d2);
    e->penalized = penalized_mask(cfg, plane->n);
    if (!e->mp || !e->penalized) {
        landscape_eval_free(e);
        return -1;
    }
    e->n = modelplane_examples(e->mp);
    const double *v[3] = {plane->w0, plane->d1, plane->d2};
    static const int pairs[6][2] = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
    for (int k = 0; k < 6; k++) {
        double sum = 0;
        for (size_t i = 0; i < plane->n; i++)
            if (e->penalized[i])
                sum += v[pairs[k][0]][i] * v[pairs[k][1]][i];
        e->gram[k] = sum;
    }
    return 0;
}

struct landscape_work {
    double *w; /* W(a, b), for the penalties other than L2 */
    void *model;
};

landscape_work *landscape_work_new(const landscape_eval *e)
{
    landscape_work *w = calloc(1, sizeof *w);
    if (w) {
        w->w = malloc(e->plane->n * sizeof *w->w);
        w->model = modelplane_work(e->mp);
    }
    if (w && (!w->w || !w->model)) {
        landscape_work_free(w);
        w = NULL;
    }
    return w;
}

void landscape_work_free(landscape_work *w)
{
    if (!w)
        return;
    free(w->w);
    modelplane_work_free(w->model);
    free(w);
}

/* The penalty at W(a, b): for L2 from the quadratic form, a few flops
 * instead of a pass over every weight per point. */
static double reg_at(const landscape_eval *e, double a, double b, double *scratch)
{
    if (e->cfg.reg_kind == REG_L2) {
        const double *g = e->gram;
        double sq = g[0] + a * a * g[1] + b * b * g[2] + 2 * (a * g[3] + b * g[4] + a * b * g[5]);
        return e->cfg.reg * fmax(sq, 0.0);
    }
    landscape_at(e->plane, a, b, scratch);
    for (size_t i = 0; i < e->plane->n; i++)
        scratch[i] = e->penalized[i] ? scratch[i] : 0.0;
    return loss_reg(scratch, e->plane->n, e->cfg.reg_kind, e->cfg.reg, NULL);
}

void landscape_eval_row(const landscape_eval *e, double b, double a0, double da, int na,
                        landscape_value *out, landscape_work *w)
{
    double a[MODELPLANE_ROW], loss[MODELPLANE_ROW], correct[MODELPLANE_ROW];
    for (int k0 = 0; k0 < na; k0 += MODELPLANE_ROW) {
        int m = na - k0 < MODELPLANE_ROW ? na - k0 : MODELPLANE_ROW;
        for (int k = 0; k < m; k++)
            a[k] = a0 + (k0 + k) * da;
        modelplane_row(e->mp, b, a, m, loss, correct, w->model);
        for (int k = 0; k < m; k++) {
            landscape_value *v = &out[k0 + k];
            v->data_loss = e->n ? loss[k] / (double)e->n : 0.0;
            v->acc = e->n ? correct[k] / (double)e->n : 0.0;
            v->reg_loss = reg_at(e, a[k], b, w->w);
            v->loss = v->data_loss + v->reg_loss;
        }
    }
}

landscape_value landscape_eval_point(const landscape_eval *e, double a, double b,
                                     landscape_work *w)
{
    landscape_value v;
    landscape_eval_row(e, b, a, 0.0, 1, &v, w);
    return v;
}

double landscape_coord(int k, int n, double span)
{
    if (n <= 1)
        return 0.0;
    return span * (double)(2 * k - (n - 1)) / (double)(n - 1);
}

void landscape_hessian(const landscape_eval *e, double a, double b, double h, landscape_work *w,
                       double h3[3], double eig[2], double *cond)
{
    double f0 = landscape_eval_point(e, a, b, w).loss;
    double fa1 = landscape_eval_point(e, a + h, b, w).loss;
    double fa0 = landscape_eval_point(e, a - h, b, w).loss;
    double fb1 = landscape_eval_point(e, a, b + h, w).loss;
    double fb0 = landscape_eval_point(e, a, b - h, w).loss;
    double fpp = landscape_eval_point(e, a + h, b + h, w).loss;
    double fpm = landscape_eval_point(e, a + h, b - h, w).loss;
    double fmp = landscape_eval_point(e, a - h, b + h, w).loss;
    double fmm = landscape_eval_point(e, a - h, b - h, w).loss;
    h3[0] = (fa1 - 2 * f0 + fa0) / (h * h);
    h3[2] = (fb1 - 2 * f0 + fb0) / (h * h);
    h3[1] = (fpp - fpm - fmp + fmm) / (4 * h * h);
    /* the eigenvalues of [[p, q], [q, r]] */
    double m = (h3[0] + h3[2]) / 2, d = hypot((h3[0] - h3[2]) / 2, h3[1]);
    eig[0] = m - d;
    eig[1] = m + d;
    double lo = fmin(fabs(eig[0]), fabs(eig[1])), hi = fmax(fabs(eig[0]), fabs(eig[1]));
    *cond = lo > 0 ? hi / lo : INFINITY;
}

static double surface_eval(const surface *s, double a, double b, double g[2], double h[3])
{
    const landscape_surface *ls = s->ctx;
    double f = landscape_eval_point(ls->e, a, b, ls->w).loss;
    double d = ls->h;
    if (g) {
        g[0] = (landscape_eval_point(ls->e, a + d, b, ls->w).loss -
                landscape_eval_point(ls->e, a - d, b, ls->w).loss) / (2 * d);
        g[1] = (landscape_eval_point(ls->e, a, b + d, ls->w).loss -
                landscape_eval_point(ls->e, a, b - d, ls->w).loss) / (2 * d);
    }
    if (h) {
        double eig[2], cond;
        landscape_hessian(ls->e, a, b, d, ls->w, h, eig, &cond);
    }
    return f;
}

int landscape_surface_init(landscape_surface *ls, const landscape_eval *e, const double view[4],
                           const char *note)
{
    memset(ls, 0, sizeof *ls);
    if (!(ls->w = landscape_work_new(e)))
        return -1;
    ls->e = e;
    /* a two-hundredth of the home view: well inside a map cell, well above
     * the rounding of the exact loss */
    ls->h = (view[1] - view[0]) / 200;
    snprintf(ls->note, sizeof ls->note, "%s", note);
    ls->s = (surface){.name = "landscape", .formula = "L(W0 + a D1 + b D2)", .note = ls->note,
                      .eval = surface_eval, .ctx = ls, .log_levels = 1, .sampled = 1};
    memcpy(ls->s.view, view, sizeof ls->s.view);
    return 0;
}

void landscape_surface_free(landscape_surface *ls)
{
    landscape_work_free(ls->w);
    memset(ls, 0, sizeof *ls);
}
