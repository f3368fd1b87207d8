#include "mlp.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Evaluation runs this many rows at a time (at least). */
#define EVAL_ROWS 256

mlp_layout mlp_layout_of(const mlp_config *c)
{
    mlp_layout l;
    size_t d = (size_t)c->dim, h = (size_t)c->hidden, k = (size_t)c->classes;
    l.w1 = 0;
    l.b1 = h * d;
    l.w2 = l.b1 + h;
    l.b2 = l.w2 + k * h;
    l.total = l.b2 + k;
    return l;
}

const char *mlp_act_name(mlp_act a)
{
    static const char *const names[] = {"relu", "tanh", "sigmoid"};
    return a >= 0 && a < MLP_ACT_COUNT ? names[a] : "?";
}

const char *mlp_act_names_list(void)
{
    return "relu, tanh, sigmoid";
}

int mlp_act_from_name(const char *name)
{
    for (int a = 0; a < MLP_ACT_COUNT; a++)
        if (strcmp(name, mlp_act_name((mlp_act)a)) == 0)
            return a;
    return -1;
}

static double act_d(mlp_act a, double z)
{
    switch (a) {
    case MLP_RELU: return z > 0 ? z : 0;
    case MLP_TANH: return tanh(z);
    default: return 1 / (1 + exp(-z));
    }
}

/* d act / d z from the activation's output y (and z for the ReLU). */
static double act_grad_d(mlp_act a, double z, double y)
{
    switch (a) {
    case MLP_RELU: return z > 0 ? 1 : 0;
    case MLP_TANH: return 1 - y * y;
    default: return y * (1 - y);
    }
}

static float act_f(mlp_act a, float z)
{
    switch (a) {
    case MLP_RELU: return z > 0 ? z : 0;
    case MLP_TANH: return tanhf(z);
    default: return 1 / (1 + expf(-z));
    }
}

static float act_grad_f(mlp_act a, float z, float y)
{
    switch (a) {
    case MLP_RELU: return z > 0 ? 1.0f : 0.0f;
    case MLP_TANH: return 1 - y * y;
    default: return y * (1 - y);
    }
}

static float *floats(size_t n)
{
    return malloc((n ? n : 1) * sizeof(float));
}

int mlp_init(mlp *m, const mlp_config *c, const double *mean, int batch_max)
{
    memset(m, 0, sizeof *m);
    if (c->classes < 2 || c->dim < 1 || c->hidden < 1 || c->hidden > MLP_HIDDEN_MAX)
        return -1;
    m->cfg = *c;
    m->convert = modeldata_converter();
    m->rows_max = batch_max > EVAL_ROWS ? batch_max : EVAL_ROWS;
    size_t rows = (size_t)m->rows_max, d = (size_t)c->dim, h = (size_t)c->hidden,
           k = (size_t)c->classes, p = mlp_layout_of(c).total;
    m->mean = floats(d);
    m->w = floats(p);
    m->g = floats(p);
    m->x = floats(rows * d);
    m->z = floats(rows * h);
    m->a = floats(rows * h);
    m->dz = floats(rows * h);
    m->s = floats(rows * k);
    m->ds = floats(rows * k);
    if (!m->mean || !m->w || !m->g || !m->x || !m->z || !m->a || !m->dz || !m->s || !m->ds) {
        mlp_free(m);
        return -1;
    }
    for (size_t j = 0; j < d; j++)
        m->mean[j] = (float)mean[j];
    m->dead = NAN;
    /* whole-batch products, wide enough for OpenBLAS's own threads */
    int want = c->threads > 1 ? 2 : 1;
    if (openblas_get_num_threads() != want)
        openblas_set_num_threads(want);
    return 0;
}

void mlp_free(mlp *m)
{
    free(m->mean);
    free(m->w);
    free(m->g);
    free(m->x);
    free(m->z);
    free(m->a);
    free(m->dz);
    free(m->s);
    free(m->ds);
    memset(m, 0, sizeof *m);
}

/* Rows [0, n) of d (image idx[r], or start + r) into m->x, then the forward
 * pass into z, a and s. */
static void forward(mlp *m, const model_data *d, const size_t *idx, size_t start, int n)
{
    const mlp_config *c = &m->cfg;
    const int dim = c->dim, h = c->hidden, k = c->classes;
    mlp_layout l = mlp_layout_of(c);
    for (int r = 0; r < n; r++)
        modeldata_row(d, idx ? idx[r] : start + (size_t)r, m->mean, m->x + (size_t)r * (size_t)dim,
                      dim, m->convert);
    for (int r = 0; r < n; r++)
        memcpy(m->z + (size_t)r * (size_t)h, m->w + l.b1, (size_t)h * sizeof(float));
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, h, dim, 1.0f, m->x, dim, m->w + l.w1,
                dim, 1.0f, m->z, h);
    size_t cells = (size_t)n * (size_t)h;
    for (size_t i = 0; i < cells; i++)
        m->a[i] = act_f(c->act, m->z[i]);
    for (int r = 0; r < n; r++)
        memcpy(m->s + (size_t)r * (size_t)k, m->w + l.b2, (size_t)k * sizeof(float));
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, k, h, 1.0f, m->a, h, m->w + l.w2, h,
                1.0f, m->s, k);
}

static void to_float(float *dst, const double *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = (float)src[i];
}

/* The fraction of hidden units that no row of the batch switched on. */
static double dead_fraction(const mlp *m, int n)
{
    const int h = m->cfg.hidden;
    int dead = 0;
    for (int j = 0; j < h; j++) {
        int on = 0;
        for (int r = 0; r < n && !on; r++)
            on = m->z[(size_t)r * (size_t)h + (size_t)j] > 0;
        dead += !on;
    }
    return (double)dead / h;
}

/* The penalty on W1 and W2 (not the biases), its gradient added to grad. */
static double penalty(const mlp_config *c, const double *w, double *grad)
{
    mlp_layout l = mlp_layout_of(c);
    return loss_reg(w + l.w1, l.b1 - l.w1, c->reg_kind, c->reg, grad ? grad + l.w1 : NULL) +
           loss_reg(w + l.w2, l.b2 - l.w2, c->reg_kind, c->reg, grad ? grad + l.w2 : NULL);
}

model_loss mlp_loss_grad(mlp *m, const double *w, const model_data *d, const size_t *idx, int n,
                         double *grad)
{
    const mlp_config *c = &m->cfg;
    const int dim = c->dim, h = c->hidden, k = c->classes;
    mlp_layout l = mlp_layout_of(c);
    model_loss out = {0, 0, 0};
    if (n > m->rows_max)
        n = m->rows_max;
    if (grad && n <= 0) /* else every entry is written below */
        memset(grad, 0, l.total * sizeof *grad);
    if (n > 0) {
        to_float(m->w, w, l.total);
        forward(m, d, idx, 0, n);
        if (c->act == MLP_RELU)
            m->dead = dead_fraction(m, n);
        double sd[LOSS_CLASSES_MAX], dsd[LOSS_CLASSES_MAX];
        for (int r = 0; r < n; r++) {
            const float *sr = m->s + (size_t)r * (size_t)k;
            for (int j = 0; j < k; j++)
                sd[j] = sr[j];
            out.data_loss += loss_row(c->loss, sd, k, d->y[idx[r]], dsd);
            float *ds = m->ds + (size_t)r * (size_t)k;
            for (int j = 0; j < k; j++)
                ds[j] = (float)(dsd[j] / n);
        }
        out.data_loss /= n;
    }
    if (grad && n > 0) {
        float *g = m->g;
        /* dW2 = dS^T A, db2 = column sums of dS */
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, h, n, 1.0f, m->ds, k, m->a, h,
                    0.0f, g + l.w2, h);
        memset(g + l.b2, 0, (size_t)k * sizeof *g);
        for (int r = 0; r < n; r++)
            for (int j = 0; j < k; j++)
                g[l.b2 + (size_t)j] += m->ds[(size_t)r * (size_t)k + (size_t)j];
        /* dA = dS W2, dZ = dA * act'(Z) */
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, h, k, 1.0f, m->ds, k,
                    m->w + l.w2, h, 0.0f, m->dz, h);
        size_t cells = (size_t)n * (size_t)h;
        for (size_t i = 0; i < cells; i++)
            m->dz[i] *= act_grad_f(c->act, m->z[i], m->a[i]);
        /* dW1 = dZ^T X, db1 = column sums of dZ */
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, h, dim, n, 1.0f, m->dz, h, m->x, dim,
                    0.0f, g + l.w1, dim);
        memset(g + l.b1, 0, (size_t)h * sizeof *g);
        for (int r = 0; r < n; r++)
            for (int j = 0; j < h; j++)
                g[l.b1 + (size_t)j] += m->dz[(size_t)r * (size_t)h + (size_t)j];
        for (size_t i = 0; i < l.total; i++)
            grad[i] = g[i];
    }
    out.reg_loss = penalty(c, w, grad);
    out.loss = out.data_loss + out.reg_loss;
    return out;
}

static int argmax_f(const float *s, int k)
{
    int best = 0;
    for (int j = 1; j < k; j++)
        if (s[j] > s[best])
            best = j;
    return best;
}

double mlp_evaluate(mlp *m, const double *w, const model_data *d, long *confusion)
{
    const int k = m->cfg.classes;
    if (confusion)
        memset(confusion, 0, (size_t)k * (size_t)k * sizeof *confusion);
    to_float(m->w, w, mlp_layout_of(&m->cfg).total);
    long correct = 0;
    for (size_t start = 0; start < d->n; start += (size_t)m->rows_max) {
        size_t left = d->n - start;
        int n = left < (size_t)m->rows_max ? (int)left : m->rows_max;
        forward(m, d, NULL, start, n);
        for (int r = 0; r < n; r++) {
            int y = d->y[start + (size_t)r], p = argmax_f(m->s + (size_t)r * (size_t)k, k);
            correct += p == y;
            if (confusion)
                confusion[y * k + p]++;
        }
    }
    return d->n ? (double)correct / (double)d->n : 0.0;
}

/* --- double precision --- */

typedef struct {
    const mlp_config *c;
    int n;
    double *x, *z, *a, *s, *ds, *dz; /* as in mlp, in double */
    int *y;
} exact_batch;

static void exact_free(exact_batch *b)
{
    free(b->x);
    free(b->z);
    free(b->a);
    free(b->s);
    free(b->ds);
    free(b->dz);
    free(b->y);
}

static double *doubles(size_t n)
{
    return malloc((n ? n : 1) * sizeof(double));
}

/* The batch's buffers for n rows, the inputs b->x not yet filled. */
static int exact_alloc(exact_batch *b, const mlp_config *c, int n)
{
    memset(b, 0, sizeof *b);
    b->c = c;
    b->n = n;
    size_t rows = (size_t)(n > 0 ? n : 1), h = (size_t)c->hidden, k = (size_t)c->classes;
    b->x = doubles(rows * (size_t)c->dim);
    b->z = doubles(rows * h);
    b->a = doubles(rows * h);
    b->dz = doubles(rows * h);
    b->s = doubles(rows * k);
    b->ds = doubles(rows * k);
    b->y = calloc(rows, sizeof *b->y);
    if (!b->x || !b->z || !b->a || !b->dz || !b->s || !b->ds || !b->y) {
        exact_free(b);
        return -1;
    }
    return 0;
}

static int exact_gather(exact_batch *b, const mlp_config *c, const double *mean,
                        const model_data *d, const size_t *idx, int n)
{
    if (exact_alloc(b, c, n) < 0)
        return -1;
    for (int r = 0; r < n; r++) {
        modeldata_row_exact(d, idx[r], mean, b->x + (size_t)r * (size_t)c->dim, c->dim);
        b->y[r] = d->y[idx[r]];
    }
    return 0;
}

/* The scores of the batch into b->s; sides (may be NULL) receives the n x H
 * ReLU signs (ReLU only). Returns where the sides written end. */
static uint8_t *exact_forward(exact_batch *b, const double *w, uint8_t *sides)
{
    const mlp_config *c = b->c;
    const int n = b->n, dim = c->dim, h = c->hidden, k = c->classes;
    mlp_layout l = mlp_layout_of(c);
    for (int r = 0; r < n; r++)
        memcpy(b->z + (size_t)r * (size_t)h, w + l.b1, (size_t)h * sizeof *w);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, h, dim, 1.0, b->x, dim, w + l.w1, dim,
                1.0, b->z, h);
    size_t cells = (size_t)n * (size_t)h;
    for (size_t i = 0; i < cells; i++)
        b->a[i] = act_d(c->act, b->z[i]);
    if (sides && c->act == MLP_RELU) {
        for (size_t i = 0; i < cells; i++)
            sides[i] = b->z[i] > 0;
        sides += cells;
    }
    for (int r = 0; r < n; r++)
        memcpy(b->s + (size_t)r * (size_t)k, w + l.b2, (size_t)k * sizeof *w);
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, k, h, 1.0, b->a, h, w + l.w2, h, 1.0,
                b->s, k);
    return sides;
}

/* grad (overwritten) = d/dw of sum over rows of b->ds . scores, the forward
 * pass's values in b: the data part, no penalty. */
static void exact_backward(exact_batch *b, const double *w, double *grad)
{
    const mlp_config *c = b->c;
    const int n = b->n, dim = c->dim, h = c->hidden, k = c->classes;
    mlp_layout l = mlp_layout_of(c);
    memset(grad, 0, l.total * sizeof *grad);
    if (n <= 0)
        return;
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, h, n, 1.0, b->ds, k, b->a, h, 0.0,
                grad + l.w2, h);
    for (int r = 0; r < n; r++)
        for (int j = 0; j < k; j++)
            grad[l.b2 + (size_t)j] += b->ds[(size_t)r * (size_t)k + (size_t)j];
    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, n, h, k, 1.0, b->ds, k, w + l.w2, h,
                0.0, b->dz, h);
    size_t cells = (size_t)n * (size_t)h;
    for (size_t i = 0; i < cells; i++)
        b->dz[i] *= act_grad_d(c->act, b->z[i], b->a[i]);
    cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, h, dim, n, 1.0, b->dz, h, b->x, dim, 0.0,
                grad + l.w1, dim);
    for (int r = 0; r < n; r++)
        for (int j = 0; j < h; j++)
            grad[l.b1 + (size_t)j] += b->dz[(size_t)r * (size_t)h + (size_t)j];
}

/* sides (may be NULL): n x H ReLU signs (ReLU only), then n x C SVM margins
 * (SVM only). */
static model_loss exact_eval(exact_batch *b, const double *w, double *grad, uint8_t *sides)
{
    const mlp_config *c = b->c;
    const int n = b->n, k = c->classes;
    model_loss out = {0, 0, 0};
    if (n > 0) {
        sides = exact_forward(b, w, sides);
        for (int r = 0; r < n; r++) {
            double *s = b->s + (size_t)r * (size_t)k, *ds = b->ds + (size_t)r * (size_t)k;
            out.data_loss += loss_row(c->loss, s, k, b->y[r], ds);
            for (int j = 0; j < k; j++) {
                ds[j] /= n;
                if (sides && c->loss == LINEAR_SVM)
                    sides[(size_t)r * (size_t)k + (size_t)j] = s[j] - s[b->y[r]] + 1.0 > 0;
            }
        }
        out.data_loss /= n;
    }
    if (grad)
        exact_backward(b, w, grad);
    out.reg_loss = penalty(c, w, grad);
    out.loss = out.data_loss + out.reg_loss;
    return out;
}

int mlp_loss_grad_exact(const mlp_config *c, const double *mean, const double *w,
                        const model_data *d, const size_t *idx, int n, model_loss *out,
                        double *grad)
{
    exact_batch b;
    if (exact_gather(&b, c, mean, d, idx, n) < 0)
        return -1;
    *out = exact_eval(&b, w, grad, NULL);
    exact_free(&b);
    return 0;
}

static double exact_probe(void *ctx, const double *w, uint8_t *sides)
{
    return exact_eval(ctx, w, NULL, sides).loss;
}

int mlp_gradcheck(const mlp_config *c, const double *mean, const double *w, const model_data *d,
                  const size_t *idx, int n, int k, double h, void *rng, gradcheck_entry *out)
{
    size_t rows = (size_t)(n > 0 ? n : 0);
    size_t cells = (c->act == MLP_RELU ? rows * (size_t)c->hidden : 0) +
                   (c->loss == LINEAR_SVM ? rows * (size_t)c->classes : 0);
    size_t p = mlp_layout_of(c).total;
    exact_batch b;
    double *grad = doubles(p);
    int rc = -1;
    if (grad && exact_gather(&b, c, mean, d, idx, n) == 0) {
        exact_eval(&b, w, grad, NULL);
        rc = gradcheck_run(exact_probe, &b, cells, w, grad, p, k, h, rng, out);
        exact_free(&b);
    }
    free(grad);
    return rc;
}

int mlp_predict(const mlp_config *c, const double *mean, const double *w, const model_data *d,
                size_t i)
{
    size_t one = i;
    exact_batch b;
    if (exact_gather(&b, c, mean, d, &one, 1) < 0)
        return 0;
    exact_eval(&b, w, NULL, NULL);
    int best = 0;
    for (int j = 1; j < c->classes; j++)
        if (b.s[j] > b.s[best])
            best = j;
    exact_free(&b);
    return best;
}

/* The batch of n rows x given as they are (labels unused). */
static int exact_rows(exact_batch *b, const mlp_config *c, const double *x, int n)
{
    if (exact_alloc(b, c, n) < 0)
        return -1;
    if (n > 0)
        memcpy(b->x, x, (size_t)n * (size_t)c->dim * sizeof *x);
    return 0;
}

int mlp_scores_rows(const mlp_config *c, const double *w, const double *x, int n, double *scores)
{
    exact_batch b;
    if (exact_rows(&b, c, x, n) < 0)
        return -1;
    if (n > 0) {
        exact_forward(&b, w, NULL);
        memcpy(scores, b.s, (size_t)n * (size_t)c->classes * sizeof *scores);
    }
    exact_free(&b);
    return 0;
}

int mlp_backward_rows(const mlp_config *c, const double *w, const double *x, int n,
                      model_dscores_fn dscores, void *ctx, double *grad)
{
    exact_batch b;
    if (exact_rows(&b, c, x, n) < 0)
        return -1;
    if (n > 0) {
        exact_forward(&b, w, NULL);
        dscores(ctx, b.s, n, c->classes, b.ds);
    }
    exact_backward(&b, w, grad);
    exact_free(&b);
    return 0;
}
