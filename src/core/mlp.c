#include "mlp.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wide.h"

/* Evaluation runs this many rows at a time (at least). */
#define EVAL_ROWS 256
/* The training step's update pass goes over the weights in chunks of this
 * many: the summed gradient written and read back by the optimizer while
 * still in L1 (8 KB). A multiple of 8, the passes' vector width. */
#define UPDATE_CHUNK 1024

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

/* n floats on a cache line (OpenBLAS's kernels are fastest on such rows). */
static float *floats(size_t n)
{
    size_t bytes = (n * sizeof(float) + 63) / 64 * 64;
    return aligned_alloc(64, bytes ? bytes : 64);
}

/* The penalty on W1 and W2 (not the biases), its gradient added to grad. */
static double penalty(const mlp_config *c, const double *w, double *grad)
{
    mlp_layout l = mlp_layout_of(c);
    return loss_reg(w + l.w1, l.b1 - l.w1, c->reg_kind, c->reg, grad ? grad + l.w1 : NULL) +
           loss_reg(w + l.w2, l.b2 - l.w2, c->reg_kind, c->reg, grad ? grad + l.w2 : NULL);
}

int mlp_init(mlp *m, const mlp_config *c, const double *mean, int batch_max)
{
    memset(m, 0, sizeof *m);
    if (c->classes < 2 || c->classes > LOSS_CLASSES_MAX || c->dim < 1 || c->hidden < 1 ||
        c->hidden > MLP_HIDDEN_MAX)
        return -1;
    m->cfg = *c;
    m->convert = modeldata_converter();
    m->rows_max = batch_max > EVAL_ROWS ? batch_max : EVAL_ROWS;
    size_t rows = (size_t)m->rows_max, d = (size_t)c->dim, h = (size_t)c->hidden,
           k = (size_t)c->classes, p = mlp_layout_of(c).total;
    m->mean = floats(d);
    m->w = floats(p);
    m->g[0] = floats(p);
    m->g[1] = floats(p);
    m->x = floats(rows * d);
    m->z = floats(rows * h);
    m->a = floats(rows * h);
    m->dz = floats(rows * h);
    m->s = floats(rows * k);
    m->ds = floats(rows * k);
    m->conf = calloc(2 * k * k, sizeof *m->conf);
    if (!m->mean || !m->w || !m->g[0] || !m->g[1] || !m->x || !m->z || !m->a || !m->dz ||
        !m->s || !m->ds || !m->conf) {
        mlp_free(m);
        return -1;
    }
    for (size_t j = 0; j < d; j++)
        m->mean[j] = (float)mean[j];
    m->dead = NAN;
    /* The batch is split over two threads of ours; OpenBLAS's own threads
     * inside them would only fight for the same two cores. */
    if (openblas_get_num_threads() != 1)
        openblas_set_num_threads(1);
    team_init(&m->team, c->threads);
    m->have_team = 1;
    return 0;
}

void mlp_free(mlp *m)
{
    if (m->have_team)
        team_free(&m->team);
    free(m->mean);
    free(m->w);
    free(m->g[0]);
    free(m->g[1]);
    free(m->x);
    free(m->z);
    free(m->a);
    free(m->dz);
    free(m->s);
    free(m->ds);
    free(m->conf);
    memset(m, 0, sizeof *m);
}

/* One call's work, shared by the two parts: part k takes rows
 * [row[k], row[k+1]) of the batch forward and backward to dZ, and input
 * columns [col[k], col[k+1]) of W1 and X in dW1 = dZ^T X and in the passes
 * over W1 (every row of the batch: W1's gradient comes whole from one part,
 * with no halves to sum); part 0 also the small blocks b1, W2, b2. */
typedef struct {
    mlp *m;
    const double *w;
    const model_data *d;
    const size_t *idx; /* NULL: rows are examples start + r */
    size_t start;
    int n;
    double *grad;      /* the gradient, or NULL: loss only (or a training step) */
    int predict;       /* evaluation: count right predictions instead */
    optim *opt;        /* a training step: the update of x (= w) with the
                          summed gradient */
    double *x;
    int stepped;       /* the loss was finite and the update taken */
    int row[3], col[3];
    double loss[2], reg[2];
    double sq[2];      /* each part's sum of squares of its W1 and W2 entries */
    double sq_next[2]; /* the same after the update */
    int fresh;         /* m->w and sq already hold w's (the last step's update) */
    long correct[2];
} mlp_call;

/* dst = src as float over n entries (a multiple of 8), their squares summed
 * into the 8 lanes q (the L2 penalty comes for free with the pass that
 * turns the weights into floats). */
WIDE static void to_float_lanes(float *restrict dst, const double *restrict src, size_t n,
                                double *restrict q)
{
    d8 acc, v;
    memcpy(&acc, q, sizeof acc);
    for (size_t i = 0; i + 8 <= n; i += 8) {
        memcpy(&v, src + i, sizeof v);
        f8 f = __builtin_convertvector(v, f8);
        memcpy(dst + i, &f, sizeof f);
        acc += v * v;
    }
    memcpy(q, &acc, sizeof acc);
}

/* The lanes' sum, then entries [from, n) converted and their squares added
 * one by one: the end of a conversion that to_float_lanes began. */
static double lanes_tail(const double *q, float *dst, const double *src, size_t from, size_t n)
{
    double r = ((q[0] + q[1]) + (q[2] + q[3])) + ((q[4] + q[5]) + (q[6] + q[7]));
    for (size_t i = from; i < n; i++) {
        dst[i] = (float)src[i];
        r += src[i] * src[i];
    }
    return r;
}

/* n entries to float; returns the sum of their squares. */
static double to_float_sq(float *dst, const double *src, size_t n)
{
    double q[8] = {0};
    size_t whole = n / 8 * 8;
    to_float_lanes(dst, src, whole, q);
    return lanes_tail(q, dst, src, whole, n);
}

/* The part's weights as float: W1's columns [c0, c1), a hidden unit's
 * row at a time, and with small the blocks b1, W2, b2; returns the sum of
 * squares of its share of W1 and W2 (the update's order: update_part). */
static double weights_part(mlp *m, const double *w, int c0, int c1, int small)
{
    mlp_layout l = mlp_layout_of(&m->cfg);
    size_t dim = (size_t)m->cfg.dim;
    double sq = 0;
    for (int u = 0; u < m->cfg.hidden; u++) {
        size_t lo = (size_t)u * dim + (size_t)c0;
        sq += to_float_sq(m->w + lo, w + lo, (size_t)(c1 - c0));
    }
    if (small) {
        to_float_sq(m->w + l.b1, w + l.b1, l.w2 - l.b1);
        sq += to_float_sq(m->w + l.w2, w + l.w2, l.b2 - l.w2);
        to_float_sq(m->w + l.b2, w + l.b2, l.total - l.b2);
    }
    return sq;
}

/* z += b, a = max(z, 0) over h entries. The ReLU's signs are a coin toss
 * per entry: as a branch (GCC's code for the plain loop) they cost more
 * than the rest of the forward pass after the products; as vector masks
 * nothing. */
WIDE static void relu_row(float *restrict z, float *restrict a, const float *restrict b, int h)
{
    const f8 zero = {0, 0, 0, 0, 0, 0, 0, 0};
    int j = 0;
    for (; j + 8 <= h; j += 8) {
        f8 v, bv;
        memcpy(&v, z + j, sizeof v);
        memcpy(&bv, b + j, sizeof bv);
        v += bv;
        memcpy(z + j, &v, sizeof v);
        f8 on = (f8)((i8)v & (v > zero));
        memcpy(a + j, &on, sizeof on);
    }
    for (; j < h; j++) {
        z[j] += b[j];
        a[j] = z[j] > 0 ? z[j] : 0.0f;
    }
}

/* dz = 0 where z <= 0 (the ReLU's gradient), n entries, as masks too. */
WIDE static void relu_mask(float *restrict dz, const float *restrict z, size_t n)
{
    const f8 zero = {0, 0, 0, 0, 0, 0, 0, 0};
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        f8 v, d;
        memcpy(&v, z + i, sizeof v);
        memcpy(&d, dz + i, sizeof d);
        d = (f8)((i8)d & (v > zero));
        memcpy(dz + i, &d, sizeof d);
    }
    for (; i < n; i++)
        dz[i] = z[i] > 0 ? dz[i] : 0.0f;
}

/* Rows [lo, hi) of d (image idx[r], or start + r) into x, converted. */
static void gather(mlp *m, const model_data *d, const size_t *idx, size_t start, int lo, int hi)
{
    const int dim = m->cfg.dim;
    for (int r = lo; r < hi; r++)
        modeldata_row(d, idx ? idx[r] : start + (size_t)r, m->mean,
                      m->x + (size_t)r * (size_t)dim, dim, m->convert);
}

/* Rows [lo, hi) of x (gathered) forward: z = X W1^T + b1, a = act(z),
 * s = A W2^T + b2. The layouts of the two big products are the
 * fastest measured (OpenBLAS 0.3.21, SkylakeX kernels, one thread, 100
 * rows of CIFAR): X W1^T as NoTrans x Trans 0.64 ms, as W1 X^T the same;
 * dW1 = dZ^T X (backward) as Trans x NoTrans 0.56 ms, from a transposed dZ
 * the same; with W1 kept D x H instead, 20 to 40% slower. Fewer rows per
 * call (blocks of 50, to stay in cache) ran 30 to 60% slower per row. */
static void forward(mlp *m, int lo, int hi)
{
    const mlp_config *c = &m->cfg;
    const int dim = c->dim, h = c->hidden, k = c->classes, rows = hi - lo;
    mlp_layout l = mlp_layout_of(c);
    float *x = m->x + (size_t)lo * (size_t)dim, *z = m->z + (size_t)lo * (size_t)h,
          *a = m->a + (size_t)lo * (size_t)h, *s = m->s + (size_t)lo * (size_t)k;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, h, dim, 1.0f, x, dim,
                m->w + l.w1, dim, 0.0f, z, h);
    const float *b1 = m->w + l.b1;
    for (int r = 0; r < rows; r++) {
        float *zr = z + (size_t)r * (size_t)h, *ar = a + (size_t)r * (size_t)h;
        if (c->act == MLP_RELU) {
            relu_row(zr, ar, b1, h);
            continue;
        }
        for (int j = 0; j < h; j++) {
            zr[j] += b1[j];
            ar[j] = act_f(c->act, zr[j]);
        }
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, k, h, 1.0f, a, h, m->w + l.w2, h,
                0.0f, s, k);
    const float *b2 = m->w + l.b2;
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < k; j++)
            s[(size_t)r * (size_t)k + (size_t)j] += b2[j];
}

/* Rows [lo, hi) of the scores: the loss summed and d loss / d s (divided by
 * the batch size), or the predictions counted. */
static void score_rows(mlp_call *call, int part, int lo, int hi)
{
    mlp *m = call->m;
    const int k = m->cfg.classes;
    double sd[LOSS_CLASSES_MAX], dsd[LOSS_CLASSES_MAX];
    long *conf = m->conf + (size_t)part * (size_t)k * (size_t)k;
    for (int r = lo; r < hi; r++) {
        int y = call->d->y[call->idx ? call->idx[r] : call->start + (size_t)r];
        const float *sr = m->s + (size_t)r * (size_t)k;
        if (call->predict) {
            int p = modeldata_argmax(sr, k);
            call->correct[part] += p == y;
            conf[y * k + p]++;
            continue;
        }
        for (int j = 0; j < k; j++)
            sd[j] = sr[j];
        call->loss[part] += loss_row(m->cfg.loss, sd, k, y, dsd);
        float *ds = m->ds + (size_t)r * (size_t)k;
        for (int j = 0; j < k; j++)
            ds[j] = (float)(dsd[j] / call->n);
    }
}

/* sum[j] = column sums of rows x cols (row-major). */
static void column_sums(float *restrict sum, const float *restrict v, int rows, int cols)
{
    memset(sum, 0, (size_t)cols * sizeof *sum);
    for (int r = 0; r < rows; r++)
        for (int j = 0; j < cols; j++)
            sum[j] += v[(size_t)r * (size_t)cols + (size_t)j];
}

/* Rows [lo, hi)'s share of the gradient but dW1, into g (the float
 * layout): dZ for them, for first_grad. */
static void backward(mlp *m, float *g, int lo, int hi)
{
    const mlp_config *c = &m->cfg;
    const int h = c->hidden, k = c->classes, rows = hi - lo;
    mlp_layout l = mlp_layout_of(c);
    const float *z = m->z + (size_t)lo * (size_t)h, *a = m->a + (size_t)lo * (size_t)h,
                *ds = m->ds + (size_t)lo * (size_t)k;
    float *dz = m->dz + (size_t)lo * (size_t)h;
    /* dW2 = dS^T A, db2 = column sums of dS */
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, h, rows, 1.0f, ds, k, a, h, 0.0f,
                g + l.w2, h);
    column_sums(g + l.b2, ds, rows, k);
    /* dA = dS W2, dZ = dA * act'(Z) */
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, h, k, 1.0f, ds, k, m->w + l.w2,
                h, 0.0f, dz, h);
    size_t cells = (size_t)rows * (size_t)h;
    if (c->act == MLP_RELU)
        relu_mask(dz, z, cells);
    else
        for (size_t i = 0; i < cells; i++)
            dz[i] *= act_grad_f(c->act, z[i], a[i]);
    /* db1 = column sums of dZ */
    column_sums(g + l.b1, dz, rows, h);
}

/* dW1's columns [c0, c1) = dZ^T X over the n rows of the batch, into g[0]
 * (each part's own columns: the whole of its share, no halves). */
static void first_grad(mlp *m, int c0, int c1, int n)
{
    const int dim = m->cfg.dim, h = m->cfg.hidden;
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, h, c1 - c0, n, 1.0f, m->dz, h,
                m->x + c0, dim, 0.0f, m->g[0] + mlp_layout_of(&m->cfg).w1 + (size_t)c0, dim);
}

/* out[0, hi - lo) = entries [lo, hi) of the gradient in double (with both,
 * the parts' halves summed), plus l2 w (the L2 penalty's gradient, 0 where
 * there is none): one pass. */
WIDE static void sum_range(const mlp_call *call, size_t lo, size_t hi, int both, double l2,
                           double *restrict grad)
{
    const float *restrict a = call->m->g[0] + lo, *restrict b = call->m->g[1] + lo;
    const double *restrict w = call->w + lo;
    size_t n = hi - lo, i = 0;
    for (; i + 8 <= n; i += 8) {
        f8 fa, fb;
        d8 wv;
        memcpy(&fa, a + i, sizeof fa);
        memcpy(&wv, w + i, sizeof wv);
        d8 g = __builtin_convertvector(fa, d8);
        if (both) {
            memcpy(&fb, b + i, sizeof fb);
            g += __builtin_convertvector(fb, d8);
        }
        g += l2 * wv;
        memcpy(grad + i, &g, sizeof g);
    }
    for (; i < n; i++)
        grad[i] = ((double)a[i] + (both ? (double)b[i] : 0.0)) + l2 * w[i];
}

/* Whether the small blocks' gradients come in two halves (the rows split). */
static int halves(const mlp_call *call)
{
    return call->row[1] < call->row[2];
}

/* Where hidden unit u's share of W1 lies for part `part`: its row's
 * columns [col[part], col[part + 1]). */
static size_t w1_share(const mlp_call *call, int part, int u, size_t *hi)
{
    size_t lo = (size_t)u * (size_t)call->m->cfg.dim;
    *hi = lo + (size_t)call->col[part + 1];
    return lo + (size_t)call->col[part];
}

/* The part's share of the summed gradient and of the penalty (its W1
 * columns; part 0 also b1, W2, b2); returns the penalty of that share. sq:
 * the sum of squares of its W1 and W2 entries. */
static double finish_part(const mlp_call *call, int part, double sq)
{
    const mlp_config *c = &call->m->cfg;
    mlp_layout l = mlp_layout_of(c);
    int l2 = c->reg_kind == REG_L2, both = halves(call);
    double two = l2 ? 2.0 * c->reg : 0.0, r = 0, *g = call->grad;
    for (int u = 0; u < c->hidden; u++) {
        size_t hi, lo = w1_share(call, part, u, &hi);
        if (g)
            sum_range(call, lo, hi, 0, two, g + lo);
        if (!l2)
            r += loss_reg(call->w + lo, hi - lo, c->reg_kind, c->reg, g ? g + lo : NULL);
    }
    if (part == 0 && g) {
        sum_range(call, l.b1, l.w2, both, 0.0, g + l.b1);
        sum_range(call, l.w2, l.b2, both, two, g + l.w2);
        sum_range(call, l.b2, l.total, both, 0.0, g + l.b2);
    }
    if (l2)
        return c->reg * sq;
    if (part == 0)
        r += loss_reg(call->w + l.w2, l.b2 - l.w2, c->reg_kind, c->reg, g ? g + l.w2 : NULL);
    return r;
}

/* The loss of the call: both parts' data losses and penalties (L2: from the
 * sums of squares, which any part may read after the first barrier). */
static model_loss call_loss(const mlp_call *call, int from_sq)
{
    model_loss out;
    double reg = call->m->cfg.reg;
    out.data_loss = (call->loss[0] + call->loss[1]) / call->n;
    out.reg_loss = from_sq ? reg * call->sq[0] + reg * call->sq[1] : call->reg[0] + call->reg[1];
    out.loss = out.data_loss + out.reg_loss;
    return out;
}

/* [lo, hi) of a training step's update, one pass over it, a chunk at a
 * time: the parts' gradients summed with the L2 term (into a buffer that
 * stays in L1: no one needs the whole gradient after), the optimizer's
 * update of x, and the new x to float for the next step's products (as
 * to_float_sq would convert it, the same lanes: the same sum of squares,
 * returned). */
static double update_range(const mlp_call *call, size_t lo, size_t hi, int both, double l2)
{
    float *wf = call->m->w;
    double q[8] = {0}, g[UPDATE_CHUNK];
    size_t whole = lo + (hi - lo) / 8 * 8;
    for (size_t c = lo; c < hi; c += UPDATE_CHUNK) {
        size_t e = hi - c > UPDATE_CHUNK ? c + UPDATE_CHUNK : hi;
        sum_range(call, c, e, both, l2, g);
        optim_step_range(call->opt, call->x + c, g, c, e);
        to_float_lanes(wf + c, call->x + c, (e < whole ? e : whole) - c, q);
    }
    return lanes_tail(q, wf, call->x, whole, hi);
}

/* A training step's end in part `part` (L2 penalty): when the loss both
 * parts see is finite, its share of the gradient summed and the update of
 * its share of the weights (finish_part's ranges, weights_part's order);
 * otherwise nothing, w left as it was. */
static void update_part(mlp_call *call, int part)
{
    const mlp_config *c = &call->m->cfg;
    call->reg[part] = c->reg * call->sq[part];
    int finite = isfinite(call_loss(call, 1).loss);
    if (part == 0)
        call->stepped = finite;
    if (!finite)
        return;
    mlp_layout l = mlp_layout_of(c);
    int both = halves(call);
    double two = 2.0 * c->reg, sq = 0;
    for (int u = 0; u < c->hidden; u++) {
        size_t hi, lo = w1_share(call, part, u, &hi);
        sq += update_range(call, lo, hi, 0, two);
    }
    if (part == 0) {
        update_range(call, l.b1, l.w2, both, 0.0);
        sq += update_range(call, l.w2, l.b2, both, two);
        update_range(call, l.b2, l.total, both, 0.0);
    }
    call->sq_next[part] = sq;
}

/* One part of a minibatch step: its rows gathered, its weights to float
 * (unless the last step's update left them), (wait for the other part's)
 * its rows forward, scored and backward to dZ, (wait) its columns of dW1
 * over all rows, its share of the gradient summed, or in a training step
 * its share of the weights updated. */
static void step_part(void *ctx, int part)
{
    mlp_call *call = ctx;
    mlp *m = call->m;
    int lo = call->row[part], hi = call->row[part + 1], grad = call->grad || call->opt;
    /* the rows first: they need no weights, so a part that is late here
     * costs the other less at the barrier */
    gather(m, call->d, call->idx, 0, lo, hi);
    double sq = call->fresh ? call->sq[part]
                            : weights_part(m, call->w, call->col[part], call->col[part + 1],
                                           part == 0);
    call->sq[part] = sq;
    team_barrier(&m->team, part);
    call->loss[part] = 0;
    if (lo < hi) {
        forward(m, lo, hi);
        score_rows(call, part, lo, hi);
        if (grad)
            backward(m, m->g[part], lo, hi);
    }
    if (grad) {
        team_barrier(&m->team, part);
        first_grad(m, call->col[part], call->col[part + 1], call->n);
    }
    if (call->opt)
        update_part(call, part);
    else
        call->reg[part] = finish_part(call, part, sq);
}

/* The batch's rows and W1's input columns halved between the parts (or all
 * to part 0); the columns at a multiple of 16 when there are enough, so
 * that both halves start on a cache line. */
static void share(mlp_call *call, int split)
{
    int n = call->n, dim = call->m->cfg.dim;
    int half = dim >= 64 ? dim / 2 / 16 * 16 : dim / 2;
    call->row[0] = call->col[0] = 0;
    call->row[1] = split ? n / 2 : n;
    call->col[1] = split ? half : dim;
    call->row[2] = n;
    call->col[2] = dim;
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

/* A minibatch step of call (n rows, 1 or more) over both parts when each
 * gets enough rows to pay for the meeting; in a training step (before: the
 * optimizer as it was before optim_begin) the floats the last step's update
 * left are used when they are w's. */
static model_loss run_step(mlp *m, mlp_call *call, const optim *before)
{
    const mlp_config *c = &m->cfg;
    int split = team_pair(&m->team) && call->n >= 16 && c->dim >= 2;
    share(call, split);
    const mlp_fresh *f = &m->fresh;
    if (before && f->w == call->w && f->opt == call->opt && f->t == before->t &&
        f->col == call->col[1]) {
        call->fresh = 1;
        call->sq[0] = f->sq[0];
        call->sq[1] = f->sq[1];
    }
    m->fresh.w = NULL;
    team_run(&m->team, split, step_part, call);
    if (c->act == MLP_RELU)
        m->dead = dead_fraction(m, call->n);
    return call_loss(call, 0);
}

model_loss mlp_loss_grad(mlp *m, const double *w, const model_data *d, const size_t *idx, int n,
                         double *grad)
{
    const mlp_config *c = &m->cfg;
    model_loss out = {0, 0, 0};
    if (n > m->rows_max)
        n = m->rows_max;
    if (n <= 0) {
        if (grad)
            memset(grad, 0, mlp_layout_of(c).total * sizeof *grad);
        out.reg_loss = penalty(c, w, grad);
        out.loss = out.reg_loss;
        return out;
    }
    mlp_call call = {.m = m, .w = w, .d = d, .idx = idx, .n = n, .grad = grad};
    return run_step(m, &call, NULL);
}

model_loss mlp_train_step(mlp *m, double *w, const model_data *d, const size_t *idx, int n,
                          double *grad, optim *o)
{
    const mlp_config *c = &m->cfg;
    if (n > m->rows_max)
        n = m->rows_max;
    if (n <= 0 || c->reg_kind != REG_L2) {
        /* the other penalties' terms are loss_reg's, in a pass of their own */
        model_loss l = mlp_loss_grad(m, w, d, idx, n, grad);
        if (isfinite(l.loss))
            optim_step(o, w, grad);
        return l;
    }
    mlp_call call = {.m = m, .w = w, .d = d, .idx = idx, .n = n, .opt = o, .x = w};
    /* the step's scalars before the parts split the update; taken back
     * when the loss turns out not finite */
    optim before = *o;
    optim_begin(o);
    model_loss l = run_step(m, &call, &before);
    if (!call.stepped)
        *o = before;
    else
        m->fresh = (mlp_fresh){.w = w, .opt = o, .t = o->t, .col = call.col[1],
                               .sq = {call.sq_next[0], call.sq_next[1]}};
    return l;
}

void mlp_weights_changed(mlp *m)
{
    m->fresh.w = NULL;
}

/* One part of an evaluation chunk: its rows forward and predicted. */
static void eval_part(void *ctx, int part)
{
    mlp_call *call = ctx;
    int lo = call->row[part], hi = call->row[part + 1];
    if (lo < hi) {
        gather(call->m, call->d, NULL, call->start, lo, hi);
        forward(call->m, lo, hi);
        score_rows(call, part, lo, hi);
    }
}

double mlp_evaluate(mlp *m, const double *w, const model_data *d, long *confusion)
{
    const int k = m->cfg.classes;
    size_t cells = (size_t)k * (size_t)k;
    memset(m->conf, 0, 2 * cells * sizeof *m->conf);
    m->fresh.w = NULL;
    weights_part(m, w, 0, m->cfg.dim, 1);
    long correct = 0;
    for (size_t start = 0; start < d->n; start += (size_t)m->rows_max) {
        size_t left = d->n - start;
        int n = left < (size_t)m->rows_max ? (int)left : m->rows_max;
        mlp_call call = {.m = m, .w = w, .d = d, .start = start, .n = n, .predict = 1};
        int split = team_pair(&m->team) && n >= 16;
        share(&call, split);
        team_run(&m->team, split, eval_part, &call);
        correct += call.correct[0] + call.correct[1];
    }
    if (confusion)
        for (size_t i = 0; i < cells; i++)
            confusion[i] = m->conf[i] + m->conf[cells + i];
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
