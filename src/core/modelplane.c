#include "modelplane.h"

#include <gsl/gsl_cblas.h> /* OpenBLAS provides them */
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Rows of examples converted to double at a time for the one product. */
#define BLOCK 256

struct modelplane {
    model_config cfg;
    size_t n;
    uint8_t *y;
    int width;   /* per example: 3C scores (linear), 3H pre-activations (net) */
    double *s;   /* n rows of width: the parts at W0, along D1, along D2 */
    /* the net's second layer and first bias: W2, b2, b1 at W0 and along D1, D2 */
    double *w2[3], *b2[3], *b1[3];
};

/* The products X M^T for the first n rows of d, M being k rows of the
 * input dimension (row stride ld), added to out (n x k, row stride ldo). */
static int affine_products(const model_data *d, const double *mean, int dim, size_t n,
                           const double *m, int k, int ld, double *out, int ldo)
{
    double *x = malloc((size_t)BLOCK * (size_t)dim * sizeof *x);
    if (!x)
        return -1;
    for (size_t r0 = 0; r0 < n; r0 += BLOCK) {
        size_t rows = n - r0 < BLOCK ? n - r0 : BLOCK;
        for (size_t r = 0; r < rows; r++)
            modeldata_row_exact(d, r0 + r, mean, x + r * (size_t)dim, dim);
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)rows, k, dim, 1.0, x, dim, m,
                    ld, 1.0, out + r0 * (size_t)ldo, ldo);
    }
    free(x);
    return 0;
}

void modelplane_free(modelplane *p)
{
    if (!p)
        return;
    free(p->y);
    free(p->s);
    for (int k = 0; k < 3; k++) {
        free(p->w2[k]);
        free(p->b2[k]);
        free(p->b1[k]);
    }
    free(p);
}

size_t modelplane_examples(const modelplane *p)
{
    return p->n;
}

/* Linear: [W0; D1; D2] as 3C rows of D + 1; the bias column enters as the
 * scores' constant. */
static int linear_setup(modelplane *p, const double *mean, const model_data *d,
                        const double *v[3])
{
    const int c = p->cfg.classes, dim = p->cfg.dim, dim1 = dim + 1;
    size_t per = (size_t)c * (size_t)dim1;
    double *m = malloc(3 * per * sizeof *m);
    if (!m)
        return -1;
    for (int k = 0; k < 3; k++)
        memcpy(m + (size_t)k * per, v[k], per * sizeof *m);
    for (size_t i = 0; i < p->n; i++)
        for (int k = 0; k < 3; k++)
            for (int j = 0; j < c; j++)
                p->s[i * (size_t)p->width + (size_t)(k * c + j)] = v[k][(size_t)j * dim1 + dim];
    int rc = affine_products(d, mean, dim, p->n, m, 3 * c, dim1, p->s, p->width);
    free(m);
    return rc;
}

/* The net: [W1_0; W1_D1; W1_D2] as 3H rows of D; b1 and the second layer
 * are kept per direction for the per-point work. */
static int mlp_setup(modelplane *p, const double *mean, const model_data *d, const double *v[3])
{
    model_block bl[MODEL_BLOCKS_MAX];
    model_blocks(&p->cfg, bl); /* W1, b1, W2, b2 */
    const int h = p->cfg.hidden, dim = p->cfg.dim, c = p->cfg.classes;
    size_t per = (size_t)h * (size_t)dim;
    double *m = malloc(3 * per * sizeof *m);
    if (!m)
        return -1;
    for (int k = 0; k < 3; k++) {
        memcpy(m + (size_t)k * per, v[k] + bl[0].offset, per * sizeof *m);
        p->b1[k] = malloc((size_t)h * sizeof(double));
        p->w2[k] = malloc((size_t)c * (size_t)h * sizeof(double));
        p->b2[k] = malloc((size_t)c * sizeof(double));
        if (!p->b1[k] || !p->w2[k] || !p->b2[k]) {
            free(m);
            return -1;
        }
        memcpy(p->b1[k], v[k] + bl[1].offset, (size_t)h * sizeof(double));
        memcpy(p->w2[k], v[k] + bl[2].offset, (size_t)c * (size_t)h * sizeof(double));
        memcpy(p->b2[k], v[k] + bl[3].offset, (size_t)c * sizeof(double));
    }
    memset(p->s, 0, p->n * (size_t)p->width * sizeof *p->s);
    int rc = affine_products(d, mean, dim, p->n, m, 3 * h, dim, p->s, p->width);
    free(m);
    return rc;
}

modelplane *modelplane_new(const model_config *c, const double *mean, const model_data *d,
                           size_t n, const double *w0, const double *d1, const double *d2)
{
    modelplane *p = calloc(1, sizeof *p);
    if (!p || (c->arch == MODEL_MLP && c->hidden < 1) || c->classes > LINEAR_CLASSES_MAX) {
        free(p);
        return NULL;
    }
    p->cfg = *c;
    p->n = n < d->n ? n : d->n;
    p->width = 3 * (c->arch == MODEL_MLP ? c->hidden : c->classes);
    size_t rows = p->n ? p->n : 1;
    p->y = malloc(rows);
    p->s = malloc(rows * (size_t)p->width * sizeof *p->s);
    const double *v[3] = {w0, d1, d2};
    if (!p->y || !p->s ||
        (c->arch == MODEL_MLP ? mlp_setup(p, mean, d, v) : linear_setup(p, mean, d, v)) < 0) {
        modelplane_free(p);
        return NULL;
    }
    memcpy(p->y, d->y, p->n);
    return p;
}

/* ---- per point ---- */

/* The linear model's loss and correct count of one example at the points
 * a[0..na): with its scores along the row s_j(a) = t_j + a u_j, each loop
 * runs over the points with the class fixed, which compiles to vector code. */
static void linear_example(linear_model loss, int c, int y, const double *t, const double *u,
                           const double *a, int na, double *sum, double *correct, double *top,
                           int *arg, double *esum)
{
    for (int k = 0; k < na; k++) {
        top[k] = t[0] + a[k] * u[0];
        arg[k] = 0;
    }
    for (int j = 1; j < c; j++)
        for (int k = 0; k < na; k++) {
            double v = t[j] + a[k] * u[j];
            arg[k] = v > top[k] ? j : arg[k];
            top[k] = v > top[k] ? v : top[k];
        }
    for (int k = 0; k < na; k++)
        correct[k] += arg[k] == y;
    if (loss == LINEAR_SVM) {
        /* sum over j != y of max(0, s_j - s_y + 1) */
        for (int j = 0; j < c; j++) {
            if (j == y)
                continue;
            double c0 = t[j] - t[y] + 1.0, c1 = u[j] - u[y];
            for (int k = 0; k < na; k++)
                sum[k] += c0 + a[k] * c1 > 0 ? c0 + a[k] * c1 : 0.0;
        }
        return;
    }
    /* softmax: log sum_j e^(s_j - top) - (s_y - top) */
    for (int k = 0; k < na; k++)
        esum[k] = 0;
    for (int j = 0; j < c; j++)
        for (int k = 0; k < na; k++)
            esum[k] += exp(t[j] + a[k] * u[j] - top[k]);
    for (int k = 0; k < na; k++)
        sum[k] += log(esum[k]) - (t[y] + a[k] * u[y] - top[k]);
}

typedef struct {
    double top[MODELPLANE_ROW], esum[MODELPLANE_ROW];
    int arg[MODELPLANE_ROW];
    double *hid;         /* the net: n x H activations at the point */
    double *scores;      /* and n x C scores */
    double *w2, *b2, *b1; /* the net's second layer and b1 at the point */
} plane_work;

void *modelplane_work(const modelplane *p)
{
    plane_work *w = calloc(1, sizeof *w);
    if (!w || p->cfg.arch != MODEL_MLP)
        return w;
    size_t h = (size_t)p->cfg.hidden, c = (size_t)p->cfg.classes;
    size_t rows = p->n ? p->n : 1;
    w->hid = malloc(rows * h * sizeof(double));
    w->scores = malloc(rows * c * sizeof(double));
    w->b1 = malloc(h * sizeof(double));
    w->w2 = malloc(c * h * sizeof(double));
    w->b2 = malloc(c * sizeof(double));
    if (!w->hid || !w->scores || !w->b1 || !w->w2 || !w->b2) {
        modelplane_work_free(w);
        return NULL;
    }
    return w;
}

void modelplane_work_free(void *work)
{
    plane_work *w = work;
    if (!w)
        return;
    free(w->hid);
    free(w->scores);
    free(w->b1);
    free(w->w2);
    free(w->b2);
    free(w);
}

static double activate(mlp_act act, double z)
{
    switch (act) {
    case MLP_TANH: return tanh(z);
    case MLP_SIGMOID: return 1.0 / (1.0 + exp(-z));
    default: return z > 0 ? z : 0.0;
    }
}

/* The net at one point: W1 x + b1 from the three parts, then act, for all
 * examples; then the second layer at the point as one product. */
static void mlp_point(const modelplane *p, double a, double b, double *sum, double *correct,
                      plane_work *w)
{
    const int h = p->cfg.hidden, c = p->cfg.classes;
    for (int j = 0; j < h; j++)
        w->b1[j] = p->b1[0][j] + a * p->b1[1][j] + b * p->b1[2][j];
    for (int k = 0; k < c * h; k++)
        w->w2[k] = p->w2[0][k] + a * p->w2[1][k] + b * p->w2[2][k];
    for (int k = 0; k < c; k++)
        w->b2[k] = p->b2[0][k] + a * p->b2[1][k] + b * p->b2[2][k];
    for (size_t i = 0; i < p->n; i++) {
        const double *z = p->s + i * (size_t)p->width;
        double *hid = w->hid + i * (size_t)h;
        for (int j = 0; j < h; j++)
            hid[j] = activate(p->cfg.act, z[j] + a * z[h + j] + b * z[2 * h + j] + w->b1[j]);
    }
    *sum = *correct = 0;
    if (p->n == 0)
        return;
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, (int)p->n, c, h, 1.0, w->hid, h, w->w2, h,
                0.0, w->scores, c);
    for (size_t i = 0; i < p->n; i++) {
        double *s = w->scores + i * (size_t)c;
        int best = 0;
        for (int k = 0; k < c; k++) {
            s[k] += w->b2[k];
            best = s[k] > s[best] ? k : best;
        }
        *correct += best == p->y[i];
        *sum += loss_row(p->cfg.loss, s, c, p->y[i], NULL);
    }
}

void modelplane_row(const modelplane *p, double b, const double *a, int na, double *loss,
                    double *correct, void *work)
{
    plane_work *w = work;
    if (p->cfg.arch == MODEL_MLP) {
        for (int k = 0; k < na; k++)
            mlp_point(p, a[k], b, &loss[k], &correct[k], w);
        return;
    }
    const int c = p->cfg.classes;
    double t[LINEAR_CLASSES_MAX];
    for (int k = 0; k < na; k++)
        loss[k] = correct[k] = 0;
    for (size_t i = 0; i < p->n; i++) {
        const double *row = p->s + i * (size_t)p->width;
        for (int j = 0; j < c; j++)
            t[j] = row[j] + b * row[2 * c + j];
        linear_example(p->cfg.loss, c, p->y[i], t, row + c, a, na, loss, correct, w->top, w->arg,
                       w->esum);
    }
}
