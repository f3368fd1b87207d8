#include "model.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static linear_config linear_of(const model_config *c)
{
    return (linear_config){.model = c->loss, .classes = c->classes, .dim = c->dim,
                           .reg_kind = c->reg_kind, .reg = c->reg, .threads = c->threads};
}

static mlp_config mlp_of(const model_config *c)
{
    return (mlp_config){.loss = c->loss, .classes = c->classes, .dim = c->dim,
                        .hidden = c->hidden, .act = c->act, .reg_kind = c->reg_kind,
                        .reg = c->reg, .threads = c->threads};
}

size_t model_params(const model_config *c)
{
    if (c->arch == MODEL_MLP) {
        mlp_config mc = mlp_of(c);
        return mlp_layout_of(&mc).total;
    }
    linear_config lc = linear_of(c);
    return linear_params(&lc);
}

int model_blocks(const model_config *c, model_block *out)
{
    if (c->arch == MODEL_MLP) {
        mlp_config mc = mlp_of(c);
        mlp_layout l = mlp_layout_of(&mc);
        int d = c->dim, h = c->hidden, k = c->classes;
        out[0] = (model_block){"W1", l.w1, h, d, d, 1};
        out[1] = (model_block){"b1", l.b1, 1, h, h, 0};
        out[2] = (model_block){"W2", l.w2, k, h, h, 1};
        out[3] = (model_block){"b2", l.b2, 1, k, k, 0};
        return 4;
    }
    /* W and its bias column share rows: the bias trick, W x with a 1 appended.
     * The penalty covers the bias too, as it always has here. */
    int stride = c->dim + 1;
    out[0] = (model_block){"W", 0, c->classes, c->dim, stride, 1};
    out[1] = (model_block){"b", (size_t)c->dim, c->classes, 1, stride, 1};
    return 2;
}

int model_block_of(const model_config *c, size_t index, int *row, int *col)
{
    model_block b[MODEL_BLOCKS_MAX];
    int n = model_blocks(c, b);
    for (int k = n - 1; k >= 0; k--) {
        if (index < b[k].offset)
            continue;
        size_t rel = index - b[k].offset, r = rel / (size_t)b[k].stride,
               col_in = rel % (size_t)b[k].stride;
        if (r < (size_t)b[k].rows && col_in < (size_t)b[k].cols) {
            *row = (int)r;
            *col = (int)col_in;
            return k;
        }
    }
    *row = *col = 0;
    return 0;
}

void model_init_weights(const model_config *c, double *w, double std, void *rng)
{
    if (c->arch == MODEL_MLP) {
        model_block b[MODEL_BLOCKS_MAX];
        int n = model_blocks(c, b);
        for (int k = 0; k < n; k++) {
            size_t len = (size_t)b[k].rows * (size_t)b[k].cols;
            for (size_t i = 0; i < len; i++)
                w[b[k].offset + i] =
                    b[k].regularized ? std * gsl_ran_gaussian_ziggurat(rng, 1.0) : 0.0;
        }
        return;
    }
    size_t p = model_params(c);
    for (size_t i = 0; i < p; i++)
        w[i] = std * gsl_ran_gaussian_ziggurat(rng, 1.0);
}

int model_init(model *m, const model_config *c, const double *mean, int batch_max)
{
    memset(m, 0, sizeof *m);
    m->cfg = *c;
    if (c->arch == MODEL_MLP) {
        mlp_config mc = mlp_of(c);
        return mlp_init(&m->net, &mc, mean, batch_max);
    }
    linear_config lc = linear_of(c);
    return linear_init(&m->lin, &lc, mean, batch_max);
}

void model_free(model *m)
{
    if (m->lin.wf)
        linear_free(&m->lin);
    if (m->net.w)
        mlp_free(&m->net);
    memset(m, 0, sizeof *m);
}

int model_rows_max(const model *m)
{
    return m->cfg.arch == MODEL_MLP ? m->net.rows_max : m->lin.rows_max;
}

void model_set_loss(model *m, linear_model loss, reg_kind penalty, double reg)
{
    m->cfg.loss = loss;
    m->cfg.reg_kind = penalty;
    m->cfg.reg = reg;
    m->lin.cfg.model = loss;
    m->lin.cfg.reg_kind = penalty;
    m->lin.cfg.reg = reg;
    m->net.cfg.loss = loss;
    m->net.cfg.reg_kind = penalty;
    m->net.cfg.reg = reg;
}

int model_update_ratios(const model_config *c, const double *w, const double *delta,
                        const char **blocks, double *ratio)
{
    model_block b[MODEL_BLOCKS_MAX];
    int n = model_blocks(c, b), out = 0;
    for (int k = 0; k < n; k++) {
        if (!b[k].regularized || (c->arch == MODEL_LINEAR && k > 0))
            continue;
        double dw = 0, ww = 0;
        for (int r = 0; r < b[k].rows; r++)
            for (int j = 0; j < b[k].cols; j++) {
                size_t i = b[k].offset + (size_t)r * (size_t)b[k].stride + (size_t)j;
                dw += delta[i] * delta[i];
                ww += w[i] * w[i];
            }
        blocks[out] = b[k].name;
        ratio[out++] = ww > 0 ? sqrt(dw / ww) : NAN;
    }
    return out;
}

double model_dead_fraction(const model *m)
{
    return m->cfg.arch == MODEL_MLP && m->cfg.act == MLP_RELU ? m->net.dead : NAN;
}

model_loss model_loss_grad(model *m, const double *w, const model_data *d, const size_t *idx,
                           int n, double *grad)
{
    if (m->cfg.arch == MODEL_MLP)
        return mlp_loss_grad(&m->net, w, d, idx, n, grad);
    return linear_loss_grad(&m->lin, w, d, idx, n, grad);
}

model_loss model_train_step(model *m, double *w, const model_data *d, const size_t *idx, int n,
                            double *grad, optim *o)
{
    if (m->cfg.arch == MODEL_MLP)
        return mlp_train_step(&m->net, w, d, idx, n, grad, o);
    return linear_train_step(&m->lin, w, d, idx, n, grad, o);
}

void model_weights_changed(model *m)
{
    if (m->cfg.arch == MODEL_MLP)
        mlp_weights_changed(&m->net);
    else
        linear_weights_changed(&m->lin);
}

double model_evaluate(model *m, const double *w, const model_data *d, long *confusion)
{
    if (m->cfg.arch == MODEL_MLP)
        return mlp_evaluate(&m->net, w, d, confusion);
    return linear_evaluate(&m->lin, w, d, confusion);
}

int model_loss_grad_exact(const model_config *c, const double *mean, const double *w,
                          const model_data *d, const size_t *idx, int n, model_loss *out,
                          double *grad)
{
    if (c->arch == MODEL_MLP) {
        mlp_config mc = mlp_of(c);
        return mlp_loss_grad_exact(&mc, mean, w, d, idx, n, out, grad);
    }
    linear_config lc = linear_of(c);
    return linear_loss_grad_exact(&lc, mean, w, d, idx, n, out, grad);
}

/* The linear model's scores (dscores NULL) or the gradient from dscores
 * at rows x: W is C rows of D + 1, the bias last. */
static void linear_rows(const model_config *c, const double *w, const double *x, int n,
                        double *scores, const double *dscores, double *grad)
{
    const int C = c->classes, D = c->dim;
    const size_t dim1 = (size_t)D + 1;
    if (grad)
        memset(grad, 0, (size_t)C * dim1 * sizeof *grad);
    for (int r = 0; r < n; r++) {
        const double *xr = x + (size_t)r * (size_t)D;
        for (int k = 0; k < C; k++) {
            const double *row = w + (size_t)k * dim1;
            if (dscores) {
                double g = dscores[(size_t)r * (size_t)C + (size_t)k];
                double *gr = grad + (size_t)k * dim1;
                for (int j = 0; j < D; j++)
                    gr[j] += g * xr[j];
                gr[D] += g;
                continue;
            }
            double v = row[D];
            for (int j = 0; j < D; j++)
                v += row[j] * xr[j];
            scores[(size_t)r * (size_t)C + (size_t)k] = v;
        }
    }
}

int model_scores_rows(const model_config *c, const double *w, const double *x, int n,
                      double *scores)
{
    if (c->arch == MODEL_MLP) {
        mlp_config mc = mlp_of(c);
        return mlp_scores_rows(&mc, w, x, n, scores);
    }
    linear_rows(c, w, x, n, scores, NULL, NULL);
    return 0;
}

int model_backward_rows(const model_config *c, const double *w, const double *x, int n,
                        model_dscores_fn dscores, void *ctx, double *grad)
{
    if (c->arch == MODEL_MLP) {
        mlp_config mc = mlp_of(c);
        return mlp_backward_rows(&mc, w, x, n, dscores, ctx, grad);
    }
    size_t cells = (size_t)(n > 0 ? n : 1) * (size_t)c->classes;
    double *s = malloc(cells * sizeof *s), *ds = malloc(cells * sizeof *ds);
    int rc = s && ds ? 0 : -1;
    if (rc == 0) {
        linear_rows(c, w, x, n, s, NULL, NULL);
        if (n > 0)
            dscores(ctx, s, n, c->classes, ds);
        linear_rows(c, w, x, n, NULL, ds, grad);
    }
    free(s);
    free(ds);
    return rc;
}

int model_gradcheck(const model_config *c, const double *mean, const double *w,
                    const model_data *d, const size_t *idx, int n, int k, double h, void *rng,
                    gradcheck_entry *out)
{
    int rc;
    if (c->arch == MODEL_MLP) {
        mlp_config mc = mlp_of(c);
        rc = mlp_gradcheck(&mc, mean, w, d, idx, n, k, h, rng, out);
    } else {
        linear_config lc = linear_of(c);
        rc = linear_gradcheck(&lc, mean, w, d, idx, n, k, h, rng, out);
    }
    if (rc < 0)
        return -1;
    for (int i = 0; i < k; i++) {
        int r, col;
        out[i].block = model_block_of(c, out[i].index, &r, &col);
    }
    return 0;
}

static int linear_predict(const model_config *c, const double *mean, const double *w,
                          const model_data *d, size_t i)
{
    /* a block of the row at a time: no allocation, any dim; the sums in the
     * order W x + b was always summed here, bias first */
    enum { CHUNK = 256 };
    const size_t dim1 = (size_t)c->dim + 1;
    double x[CHUNK], score[LINEAR_CLASSES_MAX];
    if (c->classes < 1 || c->classes > LINEAR_CLASSES_MAX)
        return 0;
    for (int k = 0; k < c->classes; k++)
        score[k] = w[(size_t)k * dim1 + (size_t)c->dim];
    for (int j0 = 0; j0 < c->dim; j0 += CHUNK) {
        int len = c->dim - j0 < CHUNK ? c->dim - j0 : CHUNK;
        model_data part = *d;
        part.x = d->x ? d->x + i * (size_t)c->dim + (size_t)j0 : NULL;
        part.xf = d->xf ? d->xf + i * (size_t)c->dim + (size_t)j0 : NULL;
        modeldata_row_exact(&part, 0, mean + j0, x, len);
        for (int k = 0; k < c->classes; k++) {
            const double *row = w + (size_t)k * dim1 + (size_t)j0;
            for (int j = 0; j < len; j++)
                score[k] += row[j] * x[j];
        }
    }
    int best = 0;
    for (int k = 1; k < c->classes; k++)
        if (score[k] > score[best])
            best = k;
    return best;
}

int model_predict(const model_config *c, const double *mean, const double *w,
                  const model_data *d, size_t i)
{
    if (c->arch == MODEL_MLP) {
        mlp_config mc = mlp_of(c);
        return mlp_predict(&mc, mean, w, d, i);
    }
    return linear_predict(c, mean, w, d, i);
}

const char *model_loss_name(linear_model loss)
{
    return loss == LINEAR_SVM ? "svm" : "softmax";
}

int model_loss_from_name(const char *name)
{
    if (strcmp(name, "svm") == 0)
        return LINEAR_SVM;
    if (strcmp(name, "softmax") == 0)
        return LINEAR_SOFTMAX;
    return -1;
}

const char *model_arch_name(model_arch a)
{
    return a == MODEL_MLP ? "mlp" : "linear";
}

int model_arch_from_name(const char *name)
{
    for (int a = 0; a < MODEL_ARCH_COUNT; a++)
        if (strcmp(name, model_arch_name((model_arch)a)) == 0)
            return a;
    return -1;
}

const char *model_describe(const model_config *c, char *buf, size_t len)
{
    if (c->arch == MODEL_MLP)
        snprintf(buf, len, "a two-layer net (%d %s, %s)", c->hidden, mlp_act_name(c->act),
                 model_loss_name(c->loss));
    else
        snprintf(buf, len, "%s", c->loss == LINEAR_SVM ? "a linear SVM" : "a softmax classifier");
    return buf;
}
