/* The products floor of descent tune's shared pass, for make bench
 * (tests/bench/tune.sh): the two cblas_sgemm calls per model and per block of
 * rows that core/linear.c's grouped training step makes, at its shapes,
 * layouts and leading dimensions, the models handed out to the two-thread
 * team (core/team.c) as core/multitrain.c hands them out, OpenBLAS kept to
 * one thread of its own; nothing else (no gather, no loss, no update, no
 * evaluation). Its seconds are the least any pass making these very
 * products (the ones that keep each cell bit for bit what descent train
 * gives alone) could take.
 *
 * Per model, per half of the gathered minibatch (the halves descent train's
 * two threads take; in the sweep one thread takes both, one after the
 * other, each into its own partial gradient), per block of up to 32 rows of
 * it (D + 1 columns with the bias, C classes, leading dimension ld):
 *   scores  S = X W^T       r x C, k = D + 1   (NoTrans x Trans)
 *   grad    dW += dS^T X    C x (D + 1), k = r (Trans x NoTrans, beta 0 on
 *                                              the half's first block)
 *
 * With `wide` last, the products a shared pass could make instead: each
 * thread's models side by side (their rows of W one after another), two
 * calls per half for all of them at once:
 *   scores  S = X [W_1; ...; W_m]^T      half x mC
 *   grad    [dW_1; ...; dW_m] = dS^T X   mC x (D + 1), k = half
 * On OpenBLAS 0.3.21's SkylakeX kernels these agree bit for bit with one
 * model's products over the same whole half, but not with the 32-row blocks
 * above: a product that small (M N K up to 100^3) takes OpenBLAS's
 * small-matrix kernel, which sums in another order (and is twice as fast
 * for one thin model).
 *
 * Usage: tune_floor THREADS MODELS BATCH ITERS [DIM CLASSES] [wide]; prints
 * one line of key=value pairs. */
#include <cblas.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchlib.h"
#include "core/team.h"

#define BLOCK_ROWS 32 /* core/linear.c's */
#define GROUP_MAX 4   /* core/multitrain.c's models per thread at a time */

typedef struct {
    int dim1, ld, classes, batch, models, take, halves, wide;
    float *x, **wf, **dw[2], *scores, *dscores;
    atomic_int next;
} floor_sweep;

/* Models [first, first + count): every block of each half of the rows
 * through all of them (core/linear.c's linear_train_step_group). */
static void group_products(floor_sweep *f, int first, int count, int part)
{
    const int c = f->classes, dim1 = f->dim1, ld = f->ld;
    const int mid = f->halves == 2 ? f->batch / 2 : f->batch;
    size_t own = (size_t)part * (size_t)f->batch * (size_t)c;
    for (int k = 0; k < f->halves; k++) {
        int lo = k ? mid : 0, hi = k ? f->batch : mid;
        for (int r0 = lo; r0 < hi; r0 += BLOCK_ROWS) {
            int rows = hi - r0 < BLOCK_ROWS ? hi - r0 : BLOCK_ROWS;
            const float *xb = f->x + (size_t)r0 * (size_t)ld;
            float *s = f->scores + own + (size_t)r0 * (size_t)c,
                  *ds = f->dscores + own + (size_t)r0 * (size_t)c;
            for (int j = first; j < first + count; j++) {
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, c, dim1, 1.0f, xb,
                            ld, f->wf[j], ld, 0.0f, s, c);
                cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, c, dim1, rows,
                            1.0f / (float)f->batch, ds, c, xb, ld, r0 > lo ? 1.0f : 0.0f,
                            f->dw[k][j], ld);
            }
        }
    }
}

/* Models [first, first + count) side by side: per half of the rows, one
 * product for all their scores and one for all their gradients. */
static void wide_products(floor_sweep *f, int first, int count, int part)
{
    const int c = f->classes * count, dim1 = f->dim1, ld = f->ld;
    const int mid = f->halves == 2 ? f->batch / 2 : f->batch;
    size_t own = (size_t)part * (size_t)f->batch * (size_t)f->classes * (size_t)f->models;
    for (int k = 0; k < f->halves; k++) {
        int lo = k ? mid : 0, rows = (k ? f->batch : mid) - lo;
        const float *xb = f->x + (size_t)lo * (size_t)ld;
        float *s = f->scores + own, *ds = f->dscores + own;
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, c, dim1, 1.0f, xb, ld,
                    f->wf[first], ld, 0.0f, s, c);
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, c, dim1, rows,
                    1.0f / (float)f->batch, ds, c, xb, ld, 0.0f, f->dw[k][first], ld);
    }
}

/* team_fn: the next models not yet taken, until none is left. */
static void each_group(void *ctx, int part)
{
    floor_sweep *f = ctx;
    for (int first; (first = atomic_fetch_add(&f->next, f->take)) < f->models;) {
        int count = f->models - first < f->take ? f->models - first : f->take;
        (f->wide ? wide_products : group_products)(f, first, count, part);
    }
}

int main(int argc, char **argv)
{
    int wide = argc > 1 && strcmp(argv[argc - 1], "wide") == 0;
    argc -= wide;
    if (argc != 5 && argc != 7) {
        fprintf(stderr, "usage: tune_floor THREADS MODELS BATCH ITERS [DIM CLASSES] [wide]\n");
        return 2;
    }
    const char *me = "tune_floor";
    int threads = bench_arg(me, argv[1], 1, 2, "THREADS"),
        models = bench_arg(me, argv[2], 1, 4096, "MODELS");
    int batch = bench_arg(me, argv[3], 1, 100000, "BATCH"),
        iters = bench_arg(me, argv[4], 1, 1000000, "ITERS");
    int dim = argc == 7 ? bench_arg(me, argv[5], 1, 1 << 20, "DIM") : 3072;
    floor_sweep f = {.dim1 = dim + 1,
                     .classes = argc == 7 ? bench_arg(me, argv[6], 2, 1000, "CLASSES") : 10,
                     .batch = batch, .models = models, .wide = wide};
    f.ld = (f.dim1 + 15) / 16 * 16;
    size_t ld = (size_t)f.ld, k = (size_t)f.classes, n = (size_t)batch;
    f.x = bench_floats(n * ld, 1);
    size_t each = k * ld, all = (size_t)models * each, m = (size_t)models;
    /* every model's scores in the wide layout; the thin one uses the first */
    f.scores = bench_floats(2 * n * k * m, 2);
    f.dscores = bench_floats(2 * n * k * m, 3);
    float *w_all = bench_floats(all, 4), *dw_all[2] = {bench_floats(all, 5), bench_floats(all, 6)};
    f.wf = calloc(m, sizeof *f.wf);
    f.dw[0] = calloc(m, sizeof *f.dw[0]);
    f.dw[1] = calloc(m, sizeof *f.dw[1]);
    int ok = f.x && f.scores && f.dscores && w_all && dw_all[0] && dw_all[1] && f.wf && f.dw[0] &&
             f.dw[1];
    for (size_t j = 0; ok && j < m; j++) { /* side by side, as the wide products need */
        f.wf[j] = w_all + j * each;
        f.dw[0][j] = dw_all[0] + j * each;
        f.dw[1][j] = dw_all[1] + j * each;
    }
    if (!ok) {
        fprintf(stderr, "tune_floor: out of memory\n");
        return 1;
    }
    if (openblas_get_num_threads() != 1)
        openblas_set_num_threads(1);
    team t;
    team_init(&t, threads);
    /* the halves a descent train of this batch makes (core/linear.c's splits) */
    f.halves = team_pair(&t) && batch >= 16 ? 2 : 1;
    /* core/multitrain.c's share: half the models each, at most GROUP_MAX at a time */
    f.take = (models + 1) / 2 < GROUP_MAX || wide ? (models + 1) / 2 : GROUP_MAX;
    int split = models > f.take && team_pair(&t);
    double t0 = 0;
    for (int i = -5; i < iters; i++) { /* 5 to warm: pages touched, buffers made */
        if (i == 0)
            t0 = bench_now();
        atomic_store(&f.next, 0);
        team_run(&t, split, each_group, &f);
    }
    double secs = bench_now() - t0;
    team_free(&t);
    printf("threads=%d models=%d batch=%d dim=%d classes=%d iters=%d products=%s seconds=%.4f "
           "ms_per_iter=%.4f blas=%s\n",
           threads, models, batch, dim, f.classes, iters, wide ? "wide" : "blocks", secs,
           1e3 * secs / iters, openblas_get_corename());
    free(w_all);
    free(dw_all[0]);
    free(dw_all[1]);
    free(f.wf);
    free(f.dw[0]);
    free(f.dw[1]);
    free(f.x);
    free(f.scores);
    free(f.dscores);
    return 0;
}
