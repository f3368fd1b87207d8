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
 * Usage: tune_floor THREADS MODELS BATCH ITERS [DIM CLASSES]; prints one
 * line of key=value pairs. */
#include <cblas.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "benchlib.h"
#include "core/team.h"

#define BLOCK_ROWS 32 /* core/linear.c's */
#define GROUP_MAX 4   /* core/multitrain.c's models per thread at a time */

typedef struct {
    int dim1, ld, classes, batch, models, take, halves;
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

/* team_fn: the next models not yet taken, until none is left. */
static void each_group(void *ctx, int part)
{
    floor_sweep *f = ctx;
    for (int first; (first = atomic_fetch_add(&f->next, f->take)) < f->models;)
        group_products(f, first, f->models - first < f->take ? f->models - first : f->take, part);
}

int main(int argc, char **argv)
{
    if (argc != 5 && argc != 7) {
        fprintf(stderr, "usage: tune_floor THREADS MODELS BATCH ITERS [DIM CLASSES]\n");
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
                     .batch = batch, .models = models};
    f.ld = (f.dim1 + 15) / 16 * 16;
    size_t ld = (size_t)f.ld, k = (size_t)f.classes, n = (size_t)batch;
    f.x = bench_floats(n * ld, 1);
    f.scores = bench_floats(2 * n * k, 2);
    f.dscores = bench_floats(2 * n * k, 3);
    f.wf = calloc((size_t)models, sizeof *f.wf);
    f.dw[0] = calloc((size_t)models, sizeof *f.dw[0]);
    f.dw[1] = calloc((size_t)models, sizeof *f.dw[1]);
    int ok = f.x && f.scores && f.dscores && f.wf && f.dw[0] && f.dw[1];
    for (int j = 0; ok && j < models; j++) {
        f.wf[j] = bench_floats(k * ld, 4 + (unsigned)j);
        f.dw[0][j] = bench_floats(k * ld, 5);
        f.dw[1][j] = bench_floats(k * ld, 6);
        ok = f.wf[j] && f.dw[0][j] && f.dw[1][j];
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
    f.take = (models + 1) / 2 < GROUP_MAX ? (models + 1) / 2 : GROUP_MAX;
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
    printf("threads=%d models=%d batch=%d dim=%d classes=%d iters=%d seconds=%.4f "
           "ms_per_iter=%.4f blas=%s\n",
           threads, models, batch, dim, f.classes, iters, secs, 1e3 * secs / iters,
           openblas_get_corename());
    for (int j = 0; j < models; j++) {
        free(f.wf[j]);
        free(f.dw[0][j]);
        free(f.dw[1][j]);
    }
    free(f.wf);
    free(f.dw[0]);
    free(f.dw[1]);
    free(f.x);
    free(f.scores);
    free(f.dscores);
    return 0;
}
