#include "linear.h"

#include <cblas.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Evaluation gathers this many images at a time (at least). */
#define EVAL_ROWS 512
/* Rows converted and multiplied at a time by each thread: 32 rows of a
 * CIFAR image are 393 KB of floats, which stay in a core's L2 between the
 * scores product and the gradient product. Measured on CIFAR with OpenBLAS
 * 0.3.21's SkylakeX kernels: 16 to 32 rows are best; at 48 the products
 * take twice as long (no longer OpenBLAS's unpacked small-matrix path). */
#define BLOCK_ROWS 32

/* One thread's share of a batch: rows [lo, hi). */
struct linear_part {
    linear *l;
    const linear_data *d;
    const size_t *idx; /* NULL: rows are images start + r */
    size_t start;
    int lo, hi, n;
    int grad, predict;
    int gather;    /* only convert the part's rows into xall */
    const float *rows; /* the minibatch gathered already (an xall), or NULL */
    const linear_config *cfg; /* the loss and penalty of this call */
    double loss;   /* summed over the part's rows */
    long correct;
    long *confusion; /* C x C, this part's own */
    float *dw;
    int fresh;     /* dw not yet written */
    float *xb; /* BLOCK_ROWS rows of ld: this thread's converted rows */
    int k;     /* the thread: 0 the caller's, 1 the worker */
    /* loss and gradient calls only (w not NULL): this thread's share of the
     * passes over W, the classes' rows [wlo, whi) */
    const double *w;
    double *grad_out;
    int wlo, whi;
    double reg; /* the regularization of those rows */
};

void linear_mean_image(const uint8_t *x, size_t n, int dim, double *mean)
{
    model_data d = {x, NULL, n, NULL};
    modeldata_mean(&d, dim, mean);
}

/* Gather + uint8 -> float + mean subtraction + bias column, in one pass,
 * for rows [r0, r1) into dst. */
static void gather_rows(const linear_part *p, int r0, int r1, float *dst)
{
    const linear *l = p->l;
    const int dim = l->cfg.dim, ld = l->ld;
    for (int r = r0; r < r1; r++, dst += ld) {
        size_t img = p->idx ? p->idx[r] : p->start + (size_t)r;
        modeldata_row(p->d, img, l->mean, dst, dim, l->convert);
        dst[dim] = 1.0f;
    }
}

/* Scores -> loss, dscores (or predictions) for rows [r0, r1). */
static void score_rows(linear_part *p, int r0, int r1)
{
    const linear *l = p->l;
    const int c = l->cfg.classes;
    double sd[LINEAR_CLASSES_MAX], dsd[LINEAR_CLASSES_MAX];
    for (int r = r0; r < r1; r++) {
        size_t img = p->idx ? p->idx[r] : p->start + (size_t)r;
        int y = p->d->y[img];
        const float *sr = l->scores + (size_t)r * (size_t)c;
        if (p->predict) {
            int k = modeldata_argmax(sr, c);
            p->correct += k == y;
            if (p->confusion)
                p->confusion[y * c + k]++;
            continue;
        }
        for (int j = 0; j < c; j++)
            sd[j] = sr[j];
        p->loss += loss_row(p->cfg->model, sd, c, y, dsd);
        float *ds = l->dscores + (size_t)r * (size_t)c;
        for (int j = 0; j < c; j++)
            ds[j] = (float)dsd[j];
    }
}

/* The part's rows go through in blocks of BLOCK_ROWS: each block is
 * converted into the thread's own small buffer and used by both products
 * while it is still in cache, instead of a whole converted batch making a
 * round trip through memory between the two. A gathered minibatch (for
 * several models) was converted once into an xall; its blocks are read from
 * there, and each model makes exactly the products it would alone. */
static void part_begin(linear_part *p)
{
    p->loss = 0;
    p->correct = 0;
    p->fresh = 1;
}

/* The block of rows from r0: its scores, their loss or predictions, and
 * its share of the gradient added to dw (written by the first block). */
static void part_block(linear_part *p, int r0)
{
    linear *l = p->l;
    const int c = l->cfg.classes, dim1 = l->dim1, ld = l->ld;
    int r1 = p->hi - r0 < BLOCK_ROWS ? p->hi : r0 + BLOCK_ROWS, rows = r1 - r0;
    const float *xb = p->rows ? p->rows + (size_t)r0 * (size_t)ld : p->xb;
    if (!p->rows)
        gather_rows(p, r0, r1, p->xb);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, c, dim1, 1.0f, xb, ld, l->wf, ld,
                0.0f, l->scores + (size_t)r0 * (size_t)c, c);
    score_rows(p, r0, r1);
    if (!p->grad)
        return;
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, c, dim1, rows, 1.0f / (float)p->n,
                l->dscores + (size_t)r0 * (size_t)c, c, xb, ld, p->fresh ? 0.0f : 1.0f, p->dw,
                ld);
    p->fresh = 0;
}

static void part_end(linear_part *p)
{
    if (p->grad && p->fresh)
        memset(p->dw, 0, (size_t)p->l->cfg.classes * (size_t)p->l->ld * sizeof *p->dw);
}

static void run_part(linear_part *p)
{
    if (p->gather) {
        gather_rows(p, p->lo, p->hi, p->l->xall + (size_t)p->lo * (size_t)p->l->ld);
        return;
    }
    part_begin(p);
    for (int r0 = p->lo; r0 < p->hi; r0 += BLOCK_ROWS)
        part_block(p, r0);
    part_end(p);
}

/* Rows [r0, r1) of W as float, into wf's padded rows; 4 entries at a time
 * for vector code. */
static void weights_to_float(linear *l, const double *restrict w, int r0, int r1)
{
    const size_t dim1 = (size_t)l->dim1;
    for (int r = r0; r < r1; r++) {
        const double *restrict src = w + (size_t)r * dim1;
        float *restrict dst = l->wf + (size_t)r * (size_t)l->ld;
        size_t i = 0;
        for (; i + 4 <= dim1; i += 4)
            for (int k = 0; k < 4; k++)
                dst[i + k] = (float)src[i + k];
        for (; i < dim1; i++)
            dst[i] = (float)src[i];
    }
}

/* Rows [r0, r1) of grad = the threads' partial gradients summed, in double. */
static void sum_grad(const linear *l, double *restrict grad, int r0, int r1)
{
    const size_t dim1 = (size_t)l->dim1;
    for (int r = r0; r < r1; r++) {
        const float *restrict a = l->dw[0] + (size_t)r * (size_t)l->ld;
        const float *restrict b = l->dw[1] + (size_t)r * (size_t)l->ld;
        double *restrict g = grad + (size_t)r * dim1;
        size_t i = 0;
        if (!l->split) {
            for (; i < dim1; i++)
                g[i] = (double)a[i];
            continue;
        }
        for (; i + 4 <= dim1; i += 4)
            for (int k = 0; k < 4; k++)
                g[i + k] = (double)a[i + k] + (double)b[i + k];
        for (; i < dim1; i++)
            g[i] = (double)a[i] + (double)b[i];
    }
}

/* The part's share of the passes after the products: its rows of the
 * summed gradient, then their regularization. */
static void finish_part(linear_part *p)
{
    const linear *l = p->l;
    if (p->grad_out)
        sum_grad(l, p->grad_out, p->wlo, p->whi);
    size_t lo = (size_t)p->wlo * (size_t)l->dim1, hi = (size_t)p->whi * (size_t)l->dim1;
    p->reg = loss_reg(p->w + lo, hi - lo, p->cfg->reg_kind, p->cfg->reg,
                      p->grad_out ? p->grad_out + lo : NULL);
}

/* One thread's whole share of a call. For the loss and gradient, the passes
 * over W are split too (they run every iteration, and would otherwise leave
 * the other core idle): its half of W to float, then its rows, then its half
 * of the summed gradient and of the regularization. */
static void run_job(linear_part *p)
{
    linear *l = p->l;
    if (!p->w) {
        run_part(p);
        return;
    }
    weights_to_float(l, p->w, p->wlo, p->whi);
    team_barrier(&l->team, p->k);
    run_part(p);
    if (p->grad_out)
        team_barrier(&l->team, p->k);
    finish_part(p);
}

/* Both parts of a loss and gradient call, one after the other in the
 * calling thread: each phase of run_job for part 0 then part 1, in the
 * order the barriers allow, so the very same operations on the very same
 * values as when the two threads run them. */
static void run_jobs_alone(linear *l)
{
    for (int k = 0; k < 2; k++)
        weights_to_float(l, l->parts[k].w, l->parts[k].wlo, l->parts[k].whi);
    for (int k = 0; k < 2; k++)
        run_part(&l->parts[k]);
    for (int k = 0; k < 2; k++)
        finish_part(&l->parts[k]);
}

/* team_fn: part k of the call set up in l->parts. */
static void part_job(void *ctx, int k)
{
    linear *l = ctx;
    run_job(&l->parts[k]);
}

/* Rows [0, n) split over the parts; the worker takes the second half (of
 * the rows, and of W). Returns whether both threads take part. */
static int set_parts(linear *l, linear_part proto, int n)
{
    int split = team_pair(&l->team) && n >= 16;
    int mid = split ? n / 2 : n;
    int p = l->cfg.classes, wmid = split ? p / 2 : p;
    l->split = split;
    for (int k = 0; k < 2; k++) {
        l->parts[k] = proto;
        l->parts[k].k = k;
        l->parts[k].wlo = k == 0 ? 0 : wmid;
        l->parts[k].whi = k == 0 ? wmid : p;
        l->parts[k].lo = k == 0 ? 0 : mid;
        l->parts[k].hi = k == 0 ? mid : n;
        l->parts[k].dw = l->dw[k];
        l->parts[k].confusion = l->conf[k];
        l->parts[k].xb = l->xb + (size_t)k * BLOCK_ROWS * (size_t)l->ld;
    }
    return split;
}

/* The second part of a call that used one thread: nothing of its own. */
static void clear_second(linear *l, int n)
{
    l->parts[1].lo = l->parts[1].hi = n;
    l->parts[1].loss = 0;
    l->parts[1].reg = 0;
    l->parts[1].correct = 0;
}

/* Runs rows [0, n) split over the parts (set_parts). alone (loss and
 * gradient calls only): both halves in the calling thread, as the two
 * threads would make them. */
static void run_parts(linear *l, linear_part proto, int n, int alone)
{
    int split = set_parts(l, proto, n);
    if (alone && split)
        run_jobs_alone(l);
    else
        team_run(&l->team, split, part_job, l);
    if (!split)
        clear_second(l, n);
}

/* n floats starting on a cache line, zeroed (the padding of each row is
 * never written after this). */
static float *floats_aligned(size_t n)
{
    size_t bytes = (n * sizeof(float) + 63) / 64 * 64;
    float *f = aligned_alloc(64, bytes ? bytes : 64);
    if (f)
        memset(f, 0, bytes);
    return f;
}

int linear_init(linear *l, const linear_config *cfg, const double *mean, int batch_max)
{
    return linear_init_shared(l, cfg, mean, batch_max, 0);
}

int linear_init_shared(linear *l, const linear_config *cfg, const double *mean, int batch_max,
                       int shared)
{
    memset(l, 0, sizeof *l);
    if (cfg->classes < 2 || cfg->classes > LINEAR_CLASSES_MAX || cfg->dim < 1)
        return -1;
    l->cfg = *cfg;
    l->convert = modeldata_converter();
    l->dim1 = cfg->dim + 1;
    l->ld = (l->dim1 + 15) / 16 * 16;
    l->rows_max = batch_max > EVAL_ROWS ? batch_max : EVAL_ROWS;
    size_t rows = (size_t)l->rows_max;
    l->mean = malloc((size_t)cfg->dim * sizeof *l->mean);
    size_t padded = (size_t)cfg->classes * (size_t)l->ld;
    l->wf = floats_aligned(padded);
    l->xb = floats_aligned(2 * BLOCK_ROWS * (size_t)l->ld);
    l->scores = malloc(rows * (size_t)cfg->classes * sizeof *l->scores);
    l->dscores = malloc(rows * (size_t)cfg->classes * sizeof *l->dscores);
    l->dw[0] = floats_aligned(padded);
    l->dw[1] = floats_aligned(padded);
    l->xall = shared ? floats_aligned(rows * (size_t)l->ld) : NULL;
    l->parts = calloc(2, sizeof *l->parts);
    l->conf[0] = calloc(2 * (size_t)cfg->classes * (size_t)cfg->classes, sizeof *l->conf[0]);
    l->conf[1] = l->conf[0] ? l->conf[0] + (size_t)cfg->classes * (size_t)cfg->classes : NULL;
    if (!l->conf[0] || !l->mean || !l->wf || !l->xb || !l->scores || !l->dscores || !l->dw[0] ||
        !l->dw[1] || !l->parts || (shared && !l->xall)) {
        linear_free(l);
        return -1;
    }
    for (int j = 0; j < cfg->dim; j++)
        l->mean[j] = (float)mean[j];
    /* OpenBLAS's own threads only slow these thin products down (measured),
     * and the batch is already split over two threads of ours. */
    if (openblas_get_num_threads() != 1)
        openblas_set_num_threads(1);
    team_init(&l->team, cfg->threads);
    l->have_team = 1;
    return 0;
}

void linear_free(linear *l)
{
    if (l->have_team)
        team_free(&l->team);
    free(l->mean);
    free(l->wf);
    free(l->xb);
    free(l->scores);
    free(l->dscores);
    free(l->dw[0]);
    free(l->dw[1]);
    free(l->parts);
    free(l->conf[0]);
    free(l->xall);
    memset(l, 0, sizeof *l);
}

/* The call's loss from its parts' sums (n rows). */
static linear_loss parts_loss(const linear *l, int n)
{
    linear_loss out;
    out.data_loss = (l->parts[0].loss + l->parts[1].loss) / n;
    out.reg_loss = l->parts[0].reg + l->parts[1].reg;
    out.loss = out.data_loss + out.reg_loss;
    return out;
}

/* The loss and gradient of the minibatch idx[0..n) of d with cfg's loss
 * and penalty; rows: that minibatch gathered already (or NULL); alone: in
 * the calling thread (run_parts). */
static linear_loss loss_grad(linear *l, const linear_config *cfg, const double *w,
                             const linear_data *d, const size_t *idx, int n, double *grad,
                             const float *rows, int alone)
{
    linear_loss out = {0, 0, 0};
    size_t p = linear_params(&l->cfg);
    if (n > l->rows_max)
        n = l->rows_max;
    if (n <= 0) {
        if (grad)
            memset(grad, 0, p * sizeof *grad);
        out.reg_loss = loss_reg(w, p, cfg->reg_kind, cfg->reg, grad);
        out.loss = out.reg_loss;
        return out;
    }
    linear_part proto = {.l = l, .d = d, .idx = idx, .n = n, .grad = grad != NULL, .w = w,
                         .grad_out = grad, .cfg = cfg, .rows = rows};
    run_parts(l, proto, n, alone);
    return parts_loss(l, n);
}

linear_loss linear_loss_grad(linear *l, const double *w, const linear_data *d, const size_t *idx,
                             int n, double *grad)
{
    return loss_grad(l, &l->cfg, w, d, idx, n, grad, NULL, 0);
}

void linear_gather(linear *l, const linear_data *d, const size_t *idx, int n)
{
    l->gd = d;
    l->gidx = idx;
    l->gn = n > l->rows_max ? l->rows_max : n;
    if (!l->xall || l->gn <= 0)
        return;
    linear_part proto = {.l = l, .d = d, .idx = idx, .n = l->gn, .gather = 1, .cfg = &l->cfg};
    run_parts(l, proto, l->gn, 0);
}

linear_loss linear_loss_grad_gathered(linear *l, const linear_config *cfg, const double *w,
                                      double *grad)
{
    return loss_grad(l, cfg, w, l->gd, l->gidx, l->gn, grad, l->xall, 0);
}

linear_loss linear_loss_grad_alone(linear *own, const linear *from, const linear_config *cfg,
                                   const double *w, double *grad)
{
    return loss_grad(own, cfg, w, from->gd, from->gidx, from->gn, grad, from->xall, 1);
}

void linear_loss_grad_group(linear_member *g, int count, const linear *from)
{
    int n = from->gn;
    if (n <= 0 || n > g[0].own->rows_max) {
        for (int i = 0; i < count; i++)
            g[i].out = linear_loss_grad_alone(g[i].own, from, g[i].cfg, g[i].w, g[i].grad);
        return;
    }
    for (int i = 0; i < count; i++) {
        linear *l = g[i].own;
        linear_part proto = {.l = l, .d = from->gd, .idx = from->gidx, .n = n,
                             .grad = g[i].grad != NULL, .w = g[i].w, .grad_out = g[i].grad,
                             .cfg = g[i].cfg, .rows = from->xall};
        int split = set_parts(l, proto, n);
        for (int k = 0; k < 1 + split; k++)
            weights_to_float(l, g[i].w, l->parts[k].wlo, l->parts[k].whi);
    }
    /* the members' workspaces are alike (fits, in multitrain): the same
     * halves of the same rows */
    for (int k = 0; k < 1 + g[0].own->split; k++) {
        const linear_part *rows = &g[0].own->parts[k];
        for (int i = 0; i < count; i++)
            part_begin(&g[i].own->parts[k]);
        for (int r0 = rows->lo; r0 < rows->hi; r0 += BLOCK_ROWS)
            for (int i = 0; i < count; i++)
                part_block(&g[i].own->parts[k], r0);
        for (int i = 0; i < count; i++)
            part_end(&g[i].own->parts[k]);
    }
    for (int i = 0; i < count; i++) {
        linear *l = g[i].own;
        for (int k = 0; k < 1 + l->split; k++)
            finish_part(&l->parts[k]);
        if (!l->split)
            clear_second(l, n);
        g[i].out = parts_loss(l, n);
    }
}

double linear_evaluate(linear *l, const double *w, const linear_data *d, long *confusion)
{
    const int c = l->cfg.classes;
    size_t cells = (size_t)c * (size_t)c;
    memset(l->conf[0], 0, 2 * cells * sizeof *l->conf[0]);
    weights_to_float(l, w, 0, c);
    long correct = 0;
    for (size_t start = 0; start < d->n; start += (size_t)l->rows_max) {
        size_t left = d->n - start;
        int n = left < (size_t)l->rows_max ? (int)left : l->rows_max;
        linear_part proto = {.l = l, .d = d, .start = start, .n = n, .predict = 1, .cfg = &l->cfg};
        run_parts(l, proto, n, 0);
        correct += l->parts[0].correct + l->parts[1].correct;
    }
    if (confusion)
        for (size_t k = 0; k < cells; k++)
            confusion[k] = l->conf[0][k] + l->conf[1][k];
    return d->n ? (double)correct / (double)d->n : 0.0;
}

/* --- double precision --- */

typedef struct {
    const linear_config *cfg;
    int n, dim1;
    double *x;  /* n x (D+1) */
    int *y;
    double *s, *ds;
} exact_batch;

static void exact_free(exact_batch *b)
{
    free(b->x);
    free(b->y);
    free(b->s);
    free(b->ds);
}

static int exact_gather(exact_batch *b, const linear_config *cfg, const double *mean,
                        const linear_data *d, const size_t *idx, int n)
{
    memset(b, 0, sizeof *b);
    b->cfg = cfg;
    b->n = n;
    b->dim1 = cfg->dim + 1;
    size_t rows = n > 0 ? (size_t)n : 1;
    b->x = malloc(rows * (size_t)b->dim1 * sizeof *b->x);
    b->y = malloc(rows * sizeof *b->y);
    b->s = malloc(rows * (size_t)cfg->classes * sizeof *b->s);
    b->ds = malloc(rows * (size_t)cfg->classes * sizeof *b->ds);
    if (!b->x || !b->y || !b->s || !b->ds) {
        exact_free(b);
        return -1;
    }
    for (int r = 0; r < n; r++) {
        double *dst = b->x + (size_t)r * (size_t)b->dim1;
        modeldata_row_exact(d, idx[r], mean, dst, cfg->dim);
        dst[cfg->dim] = 1.0;
        b->y[r] = d->y[idx[r]];
    }
    return 0;
}

/* kinks (n x C, may be NULL) receives which SVM margins are positive: the
 * side of each hinge W sits on. */
static linear_loss exact_eval(exact_batch *b, const double *w, double *grad, uint8_t *kinks)
{
    const int c = b->cfg->classes, n = b->n, dim1 = b->dim1;
    linear_loss out = {0, 0, 0};
    size_t p = linear_params(b->cfg);
    if (n > 0) {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, n, c, dim1, 1.0, b->x, dim1, w, dim1,
                    0.0, b->s, c);
        for (int r = 0; r < n; r++) {
            double *s = b->s + (size_t)r * (size_t)c;
            out.data_loss += loss_row(b->cfg->model, s, c, b->y[r], b->ds + (size_t)r * (size_t)c);
            for (int j = 0; kinks && j < c; j++)
                kinks[(size_t)r * (size_t)c + (size_t)j] = s[j] - s[b->y[r]] + 1.0 > 0;
        }
        out.data_loss /= n;
    }
    if (grad) {
        if (n > 0)
            cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, c, dim1, n, 1.0 / n, b->ds, c,
                        b->x, dim1, 0.0, grad, dim1);
        else
            memset(grad, 0, p * sizeof *grad);
    }
    out.reg_loss = loss_reg(w, p, b->cfg->reg_kind, b->cfg->reg, grad);
    out.loss = out.data_loss + out.reg_loss;
    return out;
}

int linear_loss_grad_exact(const linear_config *cfg, const double *mean, const double *w,
                           const linear_data *d, const size_t *idx, int n, linear_loss *out,
                           double *grad)
{
    exact_batch b;
    if (exact_gather(&b, cfg, mean, d, idx, n) < 0)
        return -1;
    *out = exact_eval(&b, w, grad, NULL);
    exact_free(&b);
    return 0;
}

static double exact_probe(void *ctx, const double *w, uint8_t *sides)
{
    exact_batch *b = ctx;
    return exact_eval(b, w, NULL, b->cfg->model == LINEAR_SVM ? sides : NULL).loss;
}

int linear_gradcheck(const linear_config *cfg, const double *mean, const double *w,
                     const linear_data *d, const size_t *idx, int n, int k, double h, void *rng,
                     gradcheck_entry *out)
{
    size_t p = linear_params(cfg);
    /* the SVM's kinks: which side of each hinge, per image and class */
    size_t cells = cfg->model == LINEAR_SVM ? (size_t)(n > 0 ? n : 0) * (size_t)cfg->classes : 0;
    exact_batch b;
    double *grad = malloc(p * sizeof *grad);
    int rc = -1;
    if (grad && exact_gather(&b, cfg, mean, d, idx, n) == 0) {
        exact_eval(&b, w, grad, NULL);
        rc = gradcheck_run(exact_probe, &b, cells, w, grad, p, k, h, rng, out);
        exact_free(&b);
    }
    free(grad);
    return rc;
}
