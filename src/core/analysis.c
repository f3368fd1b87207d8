#include "analysis.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>

#define FLAT_REL 1e-9

const char *analysis_kind_name(point_kind k)
{
    switch (k) {
    case POINT_MINIMUM: return "minimum";
    case POINT_MAXIMUM: return "maximum";
    case POINT_SADDLE: return "saddle";
    case POINT_FLAT: return "flat";
    case POINT_UNDEFINED: return "undefined";
    }
    return "?";
}

/* Eigenvalues ascending, with their unit eigenvectors. */
static int eigen2(const double h[3], double eig[2], double evec[2][2])
{
    double a[4] = {h[0], h[1], h[1], h[2]}, vecs[4];
    gsl_matrix_view m = gsl_matrix_view_array(a, 2, 2);
    gsl_matrix_view vm = gsl_matrix_view_array(vecs, 2, 2);
    gsl_vector_view v = gsl_vector_view_array(eig, 2);
    gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(2);
    if (!w)
        return -1;
    int rc = gsl_eigen_symmv(&m.matrix, &v.vector, &vm.matrix, w);
    gsl_eigen_symmv_free(w);
    if (rc == GSL_SUCCESS)
        rc = gsl_eigen_symmv_sort(&v.vector, &vm.matrix, GSL_EIGEN_SORT_VAL_ASC);
    for (int k = 0; k < 2; k++) { /* column k of the matrix */
        evec[k][0] = vecs[k];
        evec[k][1] = vecs[2 + k];
    }
    return rc == GSL_SUCCESS ? 0 : -1;
}

static point_kind classify(const double eig[2])
{
    double scale = fmax(fabs(eig[0]), fabs(eig[1]));
    double tol = FLAT_REL * scale;
    if (scale == 0 || fabs(eig[0]) <= tol || fabs(eig[1]) <= tol)
        return POINT_FLAT;
    if (eig[0] > 0)
        return POINT_MINIMUM;
    if (eig[1] < 0)
        return POINT_MAXIMUM;
    return POINT_SADDLE;
}

void analysis_point(const surface *s, double x, double y, point_info *out)
{
    memset(out, 0, sizeof *out);
    out->x = x;
    out->y = y;
    out->f = s->eval(s, x, y, out->g, out->h);
    out->eig[0] = out->eig[1] = out->cond = NAN;
    out->kind = POINT_UNDEFINED;
    for (int i = 0; i < 3; i++)
        if (!isfinite(out->h[i]))
            return;
    if (!isfinite(out->f) || !isfinite(out->g[0]) || !isfinite(out->g[1]))
        return;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    int rc = eigen2(out->h, out->eig, out->evec);
    gsl_set_error_handler(old);
    if (rc < 0)
        return;
    out->kind = classify(out->eig);
    double lo = fmin(fabs(out->eig[0]), fabs(out->eig[1]));
    double hi = fmax(fabs(out->eig[0]), fabs(out->eig[1]));
    out->cond = lo > 0 ? hi / lo : INFINITY;
}

/* ---- minima ------------------------------------------------------------ */

static double fn_f(const gsl_vector *v, void *p)
{
    const surface *s = p;
    double f = s->eval(s, gsl_vector_get(v, 0), gsl_vector_get(v, 1), NULL, NULL);
    return isfinite(f) ? f : GSL_POSINF;
}

static void fn_df(const gsl_vector *v, void *p, gsl_vector *df)
{
    const surface *s = p;
    double g[2];
    s->eval(s, gsl_vector_get(v, 0), gsl_vector_get(v, 1), g, NULL);
    gsl_vector_set(df, 0, g[0]);
    gsl_vector_set(df, 1, g[1]);
}

static void fn_fdf(const gsl_vector *v, void *p, double *f, gsl_vector *df)
{
    const surface *s = p;
    double g[2];
    *f = s->eval(s, gsl_vector_get(v, 0), gsl_vector_get(v, 1), g, NULL);
    if (!isfinite(*f))
        *f = GSL_POSINF;
    gsl_vector_set(df, 0, g[0]);
    gsl_vector_set(df, 1, g[1]);
}

gsl_multimin_function_fdf analysis_fdf(const surface *s)
{
    return (gsl_multimin_function_fdf){fn_f, fn_df, fn_fdf, 2, (void *)s};
}

/* A flat point (x^4 + y^4 at 0) is a minimum when nothing around is lower. */
static int lowest_around(const surface *s, const double p[2], double f, double r)
{
    for (int k = 0; k < 8; k++) {
        double a = k * M_PI / 4;
        if (surface_f(s, p[0] + r * cos(a), p[1] + r * sin(a)) < f)
            return 0;
    }
    return 1;
}

/* 1 when p is outside the view grown by k times its width and height on
 * each side. */
static int out_by(const double view[4], double k, double x, double y)
{
    double w = k * (view[1] - view[0]), h = k * (view[3] - view[2]);
    return !(x >= view[0] - w && x <= view[1] + w && y >= view[2] - h && y <= view[3] + h);
}

/* Beyond this a descent is given up: it will not come back to a minimum in
 * the view (and on an unbounded f it would take all its iterations). */
static int far_out(const double view[4], double x, double y)
{
    return out_by(view, 1.0, x, y);
}

/* The objective of the search for minima: f, fenced at +inf far outside
 * the view, so that on an unbounded f (x^3 + y) the line searches stop at
 * the fence instead of chasing -inf through hundreds of evaluations. */
typedef struct {
    const surface *s;
    const double *view;
} fenced;

static double fenced_f(const gsl_vector *v, void *p)
{
    const fenced *c = p;
    if (far_out(c->view, gsl_vector_get(v, 0), gsl_vector_get(v, 1)))
        return GSL_POSINF;
    return fn_f(v, (void *)c->s);
}

static void fenced_df(const gsl_vector *v, void *p, gsl_vector *df)
{
    fn_df(v, (void *)((const fenced *)p)->s, df);
}

static void fenced_fdf(const gsl_vector *v, void *p, double *f, gsl_vector *df)
{
    const fenced *c = p;
    fn_fdf(v, (void *)c->s, f, df);
    if (far_out(c->view, gsl_vector_get(v, 0), gsl_vector_get(v, 1)))
        *f = GSL_POSINF;
}

/* BFGS from (x, y). Returns 0 with the point when the gradient vanished. */
static int descend(gsl_multimin_fdfminimizer *m, gsl_multimin_function_fdf *fdf, double x,
                   double y, const double view[4], double out[2])
{
    double start[2] = {x, y};
    gsl_vector_view v = gsl_vector_view_array(start, 2);
    if (gsl_multimin_fdfminimizer_set(m, fdf, &v.vector, 0.01, 0.1) != GSL_SUCCESS)
        return -1;
    for (int it = 0; it < 500; it++) {
        double was[2] = {gsl_vector_get(m->x, 0), gsl_vector_get(m->x, 1)};
        int st = gsl_multimin_fdfminimizer_iterate(m);
        const gsl_vector *g = gsl_multimin_fdfminimizer_gradient(m);
        if (gsl_multimin_test_gradient(g, 1e-9) == GSL_SUCCESS)
            break;
        if (st != GSL_SUCCESS)
            break;
        double now[2] = {gsl_vector_get(m->x, 0), gsl_vector_get(m->x, 1)};
        /* stalled (BFGS reports success without moving, e.g. at the fence) */
        if (now[0] == was[0] && now[1] == was[1])
            break;
        if (out_by(view, 0.5, now[0], now[1]))
            return -1;
    }
    out[0] = gsl_vector_get(m->x, 0);
    out[1] = gsl_vector_get(m->x, 1);
    const gsl_vector *g = gsl_multimin_fdfminimizer_gradient(m);
    double gn = hypot(gsl_vector_get(g, 0), gsl_vector_get(g, 1));
    return isfinite(out[0]) && isfinite(out[1]) && gn < 1e-6 ? 0 : -1;
}

static int inside(const double view[4], const double p[2])
{
    return p[0] >= view[0] && p[0] <= view[1] && p[1] >= view[2] && p[1] <= view[3];
}

/* Adds p unless known (within a small fraction of the view); keeps the list
 * sorted by f and at most SURFACE_MAX_MINIMA long. */
static void add_minimum(double list[][2], double fs[], int *n, const double p[2], double f,
                        double near)
{
    for (int i = 0; i < *n; i++)
        if (hypot(list[i][0] - p[0], list[i][1] - p[1]) < near)
            return;
    int at = *n;
    while (at > 0 && fs[at - 1] > f)
        at--;
    if (at == SURFACE_MAX_MINIMA)
        return;
    int last = *n < SURFACE_MAX_MINIMA ? *n : SURFACE_MAX_MINIMA - 1;
    for (int i = last; i > at; i--) {
        list[i][0] = list[i - 1][0];
        list[i][1] = list[i - 1][1];
        fs[i] = fs[i - 1];
    }
    list[at][0] = p[0];
    list[at][1] = p[1];
    fs[at] = f;
    if (*n < SURFACE_MAX_MINIMA)
        (*n)++;
}

int analysis_find_minima(surface *s, const double view[4], int n)
{
    fenced ctx = {s, view};
    gsl_multimin_function_fdf fdf = {fenced_f, fenced_df, fenced_fdf, 2, &ctx};
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    gsl_multimin_fdfminimizer *m =
        gsl_multimin_fdfminimizer_alloc(gsl_multimin_fdfminimizer_vector_bfgs2, 2);
    double list[SURFACE_MAX_MINIMA][2], fs[SURFACE_MAX_MINIMA];
    int count = 0;
    /* flat minima (x^4) stop BFGS anywhere in a small disc: one minimum per 1% of the view */
    double near = 1e-2 * hypot(view[1] - view[0], view[3] - view[2]);
    for (int i = 0; m && i < n; i++)
        for (int j = 0; j < n; j++) {
            /* cell centres, so that no start sits on a symmetry line of the view */
            double x = view[0] + (view[1] - view[0]) * (i + 0.5) / n;
            double y = view[2] + (view[3] - view[2]) * (j + 0.5) / n;
            double p[2];
            if (descend(m, &fdf, x, y, view, p) < 0 || !inside(view, p))
                continue;
            point_info info;
            analysis_point(s, p[0], p[1], &info);
            if (info.kind == POINT_MINIMUM ||
                (info.kind == POINT_FLAT && lowest_around(s, p, info.f, near)))
                add_minimum(list, fs, &count, p, info.f, near);
        }
    if (m)
        gsl_multimin_fdfminimizer_free(m);
    gsl_set_error_handler(old);
    s->nminima = count;
    memcpy(s->minima, list, (size_t)count * sizeof list[0]);
    return count;
}

void analysis_stability(optim_kind k, double mu, double lr, double lambda_max, stability *out)
{
    out->lr_lambda = lr * lambda_max;
    out->limit = NAN;
    switch (k) {
    case OPTIM_SGD: out->limit = 2.0; break;
    case OPTIM_MOMENTUM: out->limit = 2.0 * (1.0 + mu); break;
    case OPTIM_NESTEROV: out->limit = 2.0 * (1.0 + mu) / (1.0 + 2.0 * mu); break;
    case OPTIM_ADAGRAD:
    case OPTIM_RMSPROP:
    case OPTIM_ADAM: out->kind = STABILITY_PER_COORDINATE; return;
    default: out->kind = STABILITY_NONE; return;
    }
    if (!isfinite(out->lr_lambda)) {
        out->kind = STABILITY_NONE;
        return;
    }
    out->kind = out->lr_lambda < out->limit ? STABILITY_STABLE : STABILITY_UNSTABLE;
}

const char *analysis_stability_name(stability_kind k)
{
    switch (k) {
    case STABILITY_STABLE: return "stable";
    case STABILITY_UNSTABLE: return "unstable";
    case STABILITY_PER_COORDINATE: return "per-coordinate";
    case STABILITY_NONE: break;
    }
    return "-";
}
