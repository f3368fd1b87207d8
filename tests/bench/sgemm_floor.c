/* The sgemm floor of the two-layer net's training step, for make bench
 * (tests/bench/mlp.sh): the five cblas_sgemm calls of one iteration of
 * core/mlp.c, at its shapes, layouts and leading dimensions, split over the
 * same two-thread team (core/team.c) the same way and OpenBLAS kept to one
 * thread of its own as mlp_init keeps it; nothing else (no gather, no
 * activation, no loss, no update). Its images/s is what an implementation
 * doing nothing but those products would reach on this OpenBLAS.
 *
 * Per part of r rows (D inputs, H hidden units, C classes):
 *   forward   Z = X W1^T    r x H, k = D   (NoTrans x Trans)
 *             S = A W2^T    r x C, k = H   (NoTrans x Trans)
 *   backward  dW2 = dS^T A  C x H, k = r   (Trans x NoTrans)
 *             dA = dS W2    r x H, k = C   (NoTrans x NoTrans)
 * then, both parts' dZ done, per part of D' input columns, over all n rows:
 *             dW1 = dZ^T X  H x D', k = n  (Trans x NoTrans)
 *
 * Usage: sgemm_floor THREADS HIDDEN BATCH ITERS [DIM CLASSES]; prints one
 * line of key=value pairs. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchlib.h"
#include "core/team.h"

typedef struct {
    int dim, hidden, classes, rows[3], cols[3];
    float *x, *w1, *w2, *z, *a, *s, *ds, *dz, *dw1, *dw2[2]; /* core/mlp.c's */
    team *t;
} floor_net;

/* One part's five products: four on its rows, into its own partial
 * gradient, and dW1's columns over all rows, as core/mlp.c's forward,
 * backward and first_grad (A and dS are whatever they hold: the products'
 * speed does not depend on the values). */
static void part_products(void *ctx, int part)
{
    floor_net *f = ctx;
    const int dim = f->dim, h = f->hidden, k = f->classes;
    const int lo = f->rows[part], rows = f->rows[part + 1] - lo;
    const int c0 = f->cols[part], cols = f->cols[part + 1] - c0;
    size_t rh = (size_t)lo * (size_t)h, rk = (size_t)lo * (size_t)k;
    float *x = f->x + (size_t)lo * (size_t)dim, *z = f->z + rh, *a = f->a + rh, *dz = f->dz + rh,
          *s = f->s + rk, *ds = f->ds + rk;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, h, dim, 1.0f, x, dim, f->w1, dim,
                0.0f, z, h);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, rows, k, h, 1.0f, a, h, f->w2, h, 0.0f,
                s, k);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, k, h, rows, 1.0f, ds, k, a, h, 0.0f,
                f->dw2[part], h);
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, rows, h, k, 1.0f, ds, k, f->w2, h,
                0.0f, dz, h);
    team_barrier(f->t, part);
    cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, h, cols, f->rows[2], 1.0f, f->dz, h,
                f->x + c0, dim, 0.0f, f->dw1 + c0, dim);
}

int main(int argc, char **argv)
{
    if (argc != 5 && argc != 7) {
        fprintf(stderr, "usage: sgemm_floor THREADS HIDDEN BATCH ITERS [DIM CLASSES]\n");
        return 2;
    }
    const char *me = "sgemm_floor";
    int threads = bench_arg(me, argv[1], 1, 2, "THREADS"),
        hidden = bench_arg(me, argv[2], 1, 4096, "HIDDEN");
    int batch = bench_arg(me, argv[3], 1, 100000, "BATCH"),
        iters = bench_arg(me, argv[4], 1, 1000000, "ITERS");
    floor_net f = {.dim = argc == 7 ? bench_arg(me, argv[5], 1, 1 << 20, "DIM") : 3072,
                   .classes = argc == 7 ? bench_arg(me, argv[6], 2, 1000, "CLASSES") : 10,
                   .hidden = hidden};
    size_t d = (size_t)f.dim, h = (size_t)hidden, k = (size_t)f.classes, n = (size_t)batch;
    f.x = bench_floats(n * d, 1);
    f.w1 = bench_floats(h * d, 2);
    f.w2 = bench_floats(k * h, 3);
    f.z = bench_floats(n * h, 4);
    f.a = bench_floats(n * h, 5);
    f.dz = bench_floats(n * h, 6);
    f.s = bench_floats(n * k, 7);
    f.ds = bench_floats(n * k, 8);
    f.dw1 = bench_floats(h * d, 9);
    for (int p = 0; p < 2; p++)
        f.dw2[p] = bench_floats(k * h, 10);
    if (!f.x || !f.w1 || !f.w2 || !f.z || !f.a || !f.dz || !f.s || !f.ds || !f.dw1 || !f.dw2[0] ||
        !f.dw2[1]) {
        fprintf(stderr, "sgemm_floor: out of memory\n");
        return 1;
    }
    if (openblas_get_num_threads() != 1)
        openblas_set_num_threads(1);
    team t;
    team_init(&t, threads);
    f.t = &t;
    /* the split mlp_loss_grad makes for a batch this size (core/mlp.c's share) */
    int split = team_pair(&t) && batch >= 16 && f.dim >= 2;
    int half = f.dim >= 64 ? f.dim / 2 / 16 * 16 : f.dim / 2;
    f.rows[0] = f.cols[0] = 0;
    f.rows[1] = split ? batch / 2 : batch;
    f.cols[1] = split ? half : f.dim;
    f.rows[2] = batch;
    f.cols[2] = f.dim;
    for (int i = 0; i < 5; i++) /* warm: pages touched, OpenBLAS's buffers made */
        team_run(&t, split, part_products, &f);
    double t0 = bench_now();
    for (int i = 0; i < iters; i++)
        team_run(&t, split, part_products, &f);
    double secs = bench_now() - t0;
    team_free(&t);
    printf("threads=%d split=%d hidden=%d batch=%d dim=%d classes=%d iters=%d seconds=%.4f "
           "ms_per_iter=%.4f images_per_s=%.0f blas=%s\n",
           threads, split, hidden, batch, f.dim, f.classes, iters, secs, 1e3 * secs / iters,
           secs > 0 ? (double)iters * batch / secs : 0, openblas_get_corename());
    free(f.x);
    free(f.w1);
    free(f.w2);
    free(f.z);
    free(f.a);
    free(f.dz);
    free(f.s);
    free(f.ds);
    free(f.dw1);
    for (int p = 0; p < 2; p++)
        free(f.dw2[p]);
    return 0;
}
