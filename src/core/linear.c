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
/* Entries of W updated and converted at a time by a training step: up to
 * Adam's 5 doubles each (x, g, delta, m, v) stay in L1 between
 * the update and the conversion. */
#define UPDATE_CHUNK 512

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
    int unwritten; /* dw not yet written */
    float *xb; /* BLOCK_ROWS rows of ld: this thread's converted rows */
    int k;     /* the thread: 0 the caller's, 1 the worker */
    /* loss and gradient calls only (w not NULL): this thread's share of the
     * passes over W, the classes' rows [wlo, whi) */
    const double *w;
    double *grad_out;
    int wlo, whi;
    double reg; /* the regularization of those rows */
    /* training steps only (opt not NULL): the optimizer, begun, whose update
     * the part applies to its rows of x (w, writable) when the call's loss is
     * finite; fresh: wf holds w already (the last step's update left it) */
    optim *opt;
    double *x;
    int fresh;
    /* a training step with the L2 penalty: its terms made in the update's
     * pass (update_l2); sq: the sum of squares of the part's rows of w */
    int l2;
    double sq;
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
    p->unwritten = 1;
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
                l->dscores + (size_t)r0 * (size_t)c, c, xb, ld, p->unwritten ? 0.0f : 1.0f,
                p->dw, ld);
    p->unwritten = 0;
}

static void part_end(linear_part *p)
{
    if (p->grad && p->unwritten)
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

/* n entries of W to float, 4 at a time for vector code. */
static void entries_to_float(float *restrict dst, const double *restrict src, size_t n)
{
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (int k = 0; k < 4; k++)
            dst[i + k] = (float)src[i + k];
    for (; i < n; i++)
        dst[i] = (float)src[i];
}

/* Rows [r0, r1) of W as float, into wf's padded rows. */
static void weights_to_float(linear *l, const double *restrict w, int r0, int r1)
{
    const size_t dim1 = (size_t)l->dim1;
    for (int r = r0; r < r1; r++)
        entries_to_float(l->wf + (size_t)r * (size_t)l->ld, w + (size_t)r * dim1, dim1);
}

/* n entries of the gradient: the threads' partial ones a and b summed in
 * double (b NULL: the batch was not split, a is all of it). */
static void sum_halves(double *restrict g, const float *restrict a, const float *restrict b,
                       size_t n)
{
    size_t i = 0;
    if (!b) {
        for (; i < n; i++)
            g[i] = (double)a[i];
        return;
    }
    for (; i + 4 <= n; i += 4)
        for (int k = 0; k < 4; k++)
            g[i + k] = (double)a[i + k] + (double)b[i + k];
    for (; i < n; i++)
        g[i] = (double)a[i] + (double)b[i];
}

/* Rows [r0, r1) of grad = the threads' partial gradients summed, in double. */
static void sum_grad(const linear *l, double *grad, int r0, int r1)
{
    const size_t dim1 = (size_t)l->dim1;
    for (int r = r0; r < r1; r++) {
        size_t at = (size_t)r * (size_t)l->ld;
        sum_halves(grad + (size_t)r * dim1, l->dw[0] + at, l->split ? l->dw[1] + at : NULL, dim1);
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

/* The loss of the call the parts have made (its data loss over n rows). */
static linear_loss parts_loss(const linear *l, int n)
{
    linear_loss out;
    out.data_loss = (l->parts[0].loss + l->parts[1].loss) / n;
    out.reg_loss = l->parts[0].reg + l->parts[1].reg;
    out.loss = out.data_loss + out.reg_loss;
    return out;
}

/* A training step's end in the part, once both parts' losses are in:
 * when the call's loss is finite (both parts decide alike), the
 * optimizer's update of its rows of W, a chunk at a time, each chunk
 * converted to float for the next step's products while it is in cache
 * (optim_step_range: the bits of optim_step on the whole vector). */
static void update_part(linear_part *p)
{
    linear *l = p->l;
    const size_t dim1 = (size_t)l->dim1;
    if (!isfinite(parts_loss(l, p->n).loss))
        return;
    for (int r = p->wlo; r < p->whi; r++)
        for (size_t c = 0; c < dim1; c += UPDATE_CHUNK) {
            size_t lo = (size_t)r * dim1 + c, len = dim1 - c < UPDATE_CHUNK ? dim1 - c : UPDATE_CHUNK;
            optim_step_range(p->opt, p->x + lo, p->grad_out + lo, lo, lo + len);
            entries_to_float(l->wf + (size_t)r * (size_t)l->ld + c, p->x + lo, len);
        }
}

/* The part's rows of W to float and, in a fused L2 step, their sum of
 * squares as loss_reg makes it. */
static void part_to_float(linear_part *p)
{
    linear *l = p->l;
    size_t lo = (size_t)p->wlo * (size_t)l->dim1, n = (size_t)(p->whi - p->wlo) * (size_t)l->dim1;
    weights_to_float(l, p->w, p->wlo, p->whi);
    if (p->l2) {
        loss_squares q;
        loss_squares_begin(&q, n);
        loss_squares_add(&q, p->w + lo, n);
        p->sq = loss_squares_sum(&q);
    }
}

/* A fused L2 training step's end in the part, once both parts' losses are
 * in: when the call's loss is finite, one pass over its rows of W, a chunk
 * at a time: the gradient (the halves summed, then the penalty's term, as
 * sum_grad and loss_reg make them) into a buffer that stays in L1 (no one
 * reads the whole gradient after a training step: grad is left alone), the
 * optimizer's update, the new W to float for the next step's products and
 * its sum of squares for the next step's penalty. */
static void update_l2(linear_part *p)
{
    linear *l = p->l;
    const size_t dim1 = (size_t)l->dim1;
    const double two = 2.0 * p->cfg->reg; /* loss_reg's factor */
    double g[UPDATE_CHUNK];
    if (!isfinite(parts_loss(l, p->n).loss))
        return;
    loss_squares q;
    loss_squares_begin(&q, (size_t)(p->whi - p->wlo) * dim1);
    for (int r = p->wlo; r < p->whi; r++)
        for (size_t c = 0; c < dim1; c += UPDATE_CHUNK) {
            size_t lo = (size_t)r * dim1 + c, len = dim1 - c < UPDATE_CHUNK ? dim1 - c : UPDATE_CHUNK;
            size_t at = (size_t)r * (size_t)l->ld + c;
            const double *x = p->x + lo;
            sum_halves(g, l->dw[0] + at, l->split ? l->dw[1] + at : NULL, len);
            for (size_t i = 0; i < len; i++)
                g[i] += two * x[i];
            optim_step_range(p->opt, p->x + lo, g, lo, lo + len);
            entries_to_float(l->wf + at, x, len);
            loss_squares_add(&q, x, len);
        }
    p->sq = loss_squares_sum(&q);
}

/* One thread's whole share of a call. For the loss and gradient, the passes
 * over W are split too (they run every iteration, and would otherwise leave
 * the other core idle): its half of W to float (unless the last step left
 * it), then its rows, then its half of the summed gradient and of the
 * regularization, then in a training step its half of the update. */
static void run_job(linear_part *p)
{
    linear *l = p->l;
    if (!p->w) {
        run_part(p);
        return;
    }
    if (!p->fresh) {
        part_to_float(p);
        team_barrier(&l->team, p->k);
    }
    if (p->l2)
        p->reg = p->cfg->reg * p->sq; /* loss_reg's lambda * R(W) */
    run_part(p);
    if (p->grad_out)
        team_barrier(&l->team, p->k);
    if (p->l2) {
        update_l2(p);
        return;
    }
    finish_part(p);
    if (p->opt) {
        team_barrier(&l->team, p->k);
        update_part(p);
    }
}

/* Both parts of a loss and gradient call, one after the other in the
 * calling thread: each phase of run_job for part 0 then part 1, in the
 * order the barriers allow, so the very same operations on the very same
 * values as when the two threads run them. passes_before: the passes over
 * W before the products of the first `parts` parts. */
static void passes_before(linear *l, int parts)
{
    const linear_part *p = &l->parts[0];
    int passes = p->w != NULL; /* predictions have none */
    for (int k = 0; passes && !p->fresh && k < parts; k++)
        part_to_float(&l->parts[k]);
    for (int k = 0; p->l2 && k < parts; k++)
        l->parts[k].reg = p->cfg->reg * l->parts[k].sq;
}

/* The passes over W after the products of the first `parts` parts, in the
 * calling thread: run_job's for each, in the order its barriers allow. */
static void passes_after(linear *l, int parts)
{
    const linear_part *p = &l->parts[0];
    int passes = p->w != NULL;
    for (int k = 0; p->l2 && k < parts; k++)
        update_l2(&l->parts[k]);
    for (int k = 0; passes && !p->l2 && k < parts; k++)
        finish_part(&l->parts[k]);
    for (int k = 0; p->opt && !p->l2 && k < parts; k++)
        update_part(&l->parts[k]);
}

static void run_jobs_alone(linear *l)
{
    passes_before(l, 2);
    for (int k = 0; k < 2; k++)
        run_part(&l->parts[k]);
    passes_after(l, 2);
}

/* team_fn: part k of the call set up in l->parts. */
static void part_job(void *ctx, int k)
{
    linear *l = ctx;
    run_job(&l->parts[k]);
}

/* Whether a call on n rows splits them between the threads. */
static int splits(const linear *l, int n)
{
    return team_pair(&l->team) && n >= 16;
}

/* The first class row of W the worker's part takes in a call on n rows
 * (C: none). */
static int worker_rows(const linear *l, int n)
{
    return splits(l, n) ? l->cfg.classes / 2 : l->cfg.classes;
}

/* Rows [0, n) split over the parts; the worker takes the second half (of
 * the rows, and of W). A fused L2 step's sums of squares: the last step's
 * (l->fresh) when wf is fresh. Returns whether both threads take part. */
static int set_parts(linear *l, linear_part proto, int n)
{
    int split = splits(l, n);
    int mid = split ? n / 2 : n;
    int p = l->cfg.classes, wmid = worker_rows(l, n);
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
        l->parts[k].sq = l->fresh.sq[k];
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

/* Runs rows [0, n) split over the parts (set_parts). alone: both halves
 * in the calling thread, as the two threads would make them. */
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

/* A call's minibatch: idx[0..n) of d; rows: gathered already (or NULL);
 * alone: made in the calling thread (run_parts). */
typedef struct {
    const linear_data *d;
    const size_t *idx;
    int n;
    const float *rows;
    int alone;
} batch;

/* A training step's update: x (the w of the call, writable) moved by o,
 * begun already; fresh: wf holds x already. */
typedef struct {
    optim *o;
    double *x;
    int fresh;
} update;

/* The loss and gradient of b with cfg's loss and penalty; up (a training
 * step, or NULL): w updated in the same call when the loss is finite. */
static linear_loss loss_grad(linear *l, const linear_config *cfg, const double *w,
                             const batch *b, double *grad, const update *up)
{
    linear_loss out = {0, 0, 0};
    size_t p = linear_params(&l->cfg);
    int n = b->n > l->rows_max ? l->rows_max : b->n;
    l->fresh.w = NULL; /* wf rewritten, or left for w alone */
    if (n <= 0) {
        if (grad)
            memset(grad, 0, p * sizeof *grad);
        out.reg_loss = loss_reg(w, p, cfg->reg_kind, cfg->reg, grad);
        out.loss = out.reg_loss;
        if (up && isfinite(out.loss))
            optim_step_range(up->o, up->x, grad, 0, p);
        return out;
    }
    linear_part proto = {.l = l, .d = b->d, .idx = b->idx, .n = n, .grad = grad != NULL, .w = w,
                         .grad_out = grad, .cfg = cfg, .rows = b->rows};
    if (up) {
        proto.opt = up->o;
        proto.x = up->x;
        proto.fresh = up->fresh;
        proto.l2 = cfg->reg_kind == REG_L2;
    }
    run_parts(l, proto, n, b->alone);
    return parts_loss(l, n);
}

linear_loss linear_loss_grad(linear *l, const double *w, const linear_data *d, const size_t *idx,
                             int n, double *grad)
{
    batch b = {d, idx, n, NULL, 0};
    return loss_grad(l, &l->cfg, w, &b, grad, NULL);
}

/* A training step's start on n rows: whether the floats and sums the last
 * step left are w's (the update's fresh), o begun (before: o as it was). */
static update step_begin(const linear *l, const linear_config *cfg, double *w, optim *o, int n,
                         optim *before)
{
    const linear_fresh *f = &l->fresh;
    int l2 = cfg->reg_kind == REG_L2;
    update up = {o, w,
                 f->w == w && f->o == o && f->t == o->t && (!l2 || f->wmid == worker_rows(l, n))};
    *before = *o;
    optim_begin(o);
    return up;
}

/* A training step's end with its loss: o's step taken back when the loss
 * is not finite, else what wf and the parts' sums now hold recorded. */
static void step_end(linear *l, const linear_config *cfg, const update *up, const optim *before,
                     linear_loss out, int n)
{
    if (!isfinite(out.loss))
        *up->o = *before;
    else if (n > 0)
        l->fresh = (linear_fresh){up->x, up->o, up->o->t, {l->parts[0].sq, l->parts[1].sq},
                                  cfg->reg_kind == REG_L2 ? worker_rows(l, n) : -1};
}

/* loss_grad and the update of w by o, as optim_step after it would make
 * it when the loss is finite; the step's scalars are taken back when it is
 * not. The floats of the new w are left in wf for the next step. */
static linear_loss train_step(linear *l, const linear_config *cfg, double *w, const batch *b,
                              double *grad, optim *o)
{
    int n = b->n > l->rows_max ? l->rows_max : b->n;
    optim before;
    update up = step_begin(l, cfg, w, o, n, &before);
    linear_loss out = loss_grad(l, cfg, w, b, grad, &up);
    step_end(l, cfg, &up, &before, out, n);
    return out;
}

linear_loss linear_train_step(linear *l, double *w, const linear_data *d, const size_t *idx, int n,
                              double *grad, optim *o)
{
    batch b = {d, idx, n, NULL, 0};
    return train_step(l, &l->cfg, w, &b, grad, o);
}

void linear_weights_changed(linear *l)
{
    l->fresh.w = NULL;
}

/* Rows idx[0..n) of d, or (idx NULL) images start + r, into xall. */
static void gather(linear *l, const linear_data *d, const size_t *idx, size_t start, int n)
{
    l->gd = d;
    l->gidx = idx;
    l->gstart = start;
    l->gn = n > l->rows_max ? l->rows_max : n;
    if (!l->xall || l->gn <= 0)
        return;
    linear_part proto = {.l = l, .d = d, .idx = idx, .start = start, .n = l->gn, .gather = 1,
                         .cfg = &l->cfg};
    run_parts(l, proto, l->gn, 0);
}

void linear_gather(linear *l, const linear_data *d, const size_t *idx, int n)
{
    gather(l, d, idx, 0, n);
}

void linear_gather_images(linear *l, const linear_data *d, size_t start, int n)
{
    gather(l, d, NULL, start, n);
}

linear_loss linear_train_step_gathered(linear *l, const linear_config *cfg, double *w,
                                       double *grad, optim *o)
{
    batch b = {l->gd, l->gidx, l->gn, l->xall, 0};
    return train_step(l, cfg, w, &b, grad, o);
}

linear_loss linear_train_step_alone(linear *own, const linear *from, const linear_config *cfg,
                                    double *w, double *grad, optim *o)
{
    batch b = {from->gd, from->gidx, from->gn, from->xall, 1};
    return train_step(own, cfg, w, &b, grad, o);
}

/* The proto of member g's call on the n rows gathered in from (up: its
 * step). */
static linear_part member_part(const linear_member *g, const linear *from, int n,
                               const update *up)
{
    return (linear_part){.l = g->own, .d = from->gd, .idx = from->gidx, .n = n, .grad = 1,
                         .w = g->w, .grad_out = g->grad, .cfg = g->cfg, .rows = from->xall,
                         .opt = up->o, .x = up->x, .fresh = up->fresh,
                         .l2 = g->cfg->reg_kind == REG_L2};
}

void linear_train_step_group(linear_member *g, int count, const linear *from)
{
    int n = from->gn;
    optim before[LINEAR_GROUP_MAX];
    update up[LINEAR_GROUP_MAX];
    if (n <= 0 || n > g[0].own->rows_max || count > LINEAR_GROUP_MAX) {
        for (int i = 0; i < count; i++)
            g[i].out = linear_train_step_alone(g[i].own, from, g[i].cfg, g[i].w, g[i].grad, g[i].o);
        return;
    }
    for (int i = 0; i < count; i++) {
        linear *l = g[i].own;
        up[i] = step_begin(l, g[i].cfg, g[i].w, g[i].o, n, &before[i]);
        l->fresh.w = NULL;
        passes_before(l, 1 + set_parts(l, member_part(&g[i], from, n, &up[i]), n));
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
        passes_after(l, 1 + l->split);
        if (!l->split)
            clear_second(l, n);
        g[i].out = parts_loss(l, n);
        step_end(l, g[i].cfg, &up[i], &before[i], g[i].out, n);
    }
}

long linear_correct_alone(linear *own, const linear *from, const double *w)
{
    const int n = from->gn;
    if (n <= 0)
        return 0;
    own->fresh.w = NULL;
    weights_to_float(own, w, 0, own->cfg.classes);
    linear_part proto = {.l = own, .d = from->gd, .start = from->gstart, .n = n, .predict = 1,
                         .rows = from->xall, .cfg = &own->cfg};
    run_parts(own, proto, n, 1);
    return own->parts[0].correct + own->parts[1].correct;
}

double linear_evaluate(linear *l, const double *w, const linear_data *d, long *confusion)
{
    const int c = l->cfg.classes;
    size_t cells = (size_t)c * (size_t)c;
    memset(l->conf[0], 0, 2 * cells * sizeof *l->conf[0]);
    l->fresh.w = NULL;
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
