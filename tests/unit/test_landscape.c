/* The loss landscape: the affine grid evaluation against the exact loss of
 * core/linear.c at W(a, b) built by hand, and the accuracy against argmax by
 * plain loops; filter normalization; PCA directions and projections; the
 * between plane; the refusals. */
#include "check.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

#include "core/landscape.h"
#include "core/loss.h"
#include "core/model.h"

#define D 20
#define C 5
#define N 40
#define P (C * (D + 1))
#define H 7 /* the net's hidden units */
#define PMAX (H * D + H + C * H + C)

typedef struct {
    uint8_t x[N * D], y[N];
    double mean[D];
    size_t idx[N];
    double w0[PMAX];
} toy;

static void make_toy(toy *t, unsigned long seed)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    for (int i = 0; i < N * D; i++)
        t->x[i] = (uint8_t)gsl_rng_uniform_int(r, 256);
    for (int i = 0; i < N; i++) {
        t->y[i] = (uint8_t)gsl_rng_uniform_int(r, C);
        t->idx[i] = (size_t)i;
    }
    linear_mean_image(t->x, N, D, t->mean);
    for (int k = 0; k < PMAX; k++)
        t->w0[k] = 1e-2 * gsl_ran_gaussian(r, 1.0);
    gsl_rng_free(r);
}

static model_config config(model_arch arch, linear_model m, reg_kind rk, double reg)
{
    return (model_config){.arch = arch, .loss = m, .classes = C, .dim = D, .hidden = H,
                          .act = MLP_RELU, .reg_kind = rk, .reg = reg, .threads = 1};
}

/* The class rows without their bias: what filter normalization rescales. */
static int row_blocks(landscape_block *b)
{
    for (int c = 0; c < C; c++)
        b[c] = (landscape_block){(size_t)c * (D + 1), D};
    return C;
}

static void check_affine(model_config cfg)
{
    toy t;
    make_toy(&t, 3);
    /* the net's weights larger, so that its ReLUs sit on both sides */
    for (int k = 0; cfg.arch == MODEL_MLP && k < PMAX; k++)
        t.w0[k] *= 10;
    const int np = (int)model_params(&cfg);
    model_data d = {.x = t.x, .y = t.y, .n = N};
    landscape_plane p;
    landscape_block blocks[H + C];
    char err[256];
    assert_int_equal(landscape_plane_init(&p, t.w0, (size_t)np), 0);
    int nb = landscape_blocks(&cfg, blocks, H + C);
    assert_int_equal(nb, cfg.arch == MODEL_MLP ? H + C : C);
    assert_int_equal(landscape_random(&p, blocks, nb, 7, err, sizeof err), 0);
    landscape_eval e;
    assert_int_equal(landscape_eval_init(&e, &cfg, t.mean, &d, N, &p), 0);
    landscape_work *work = landscape_work_new(&e);
    assert_non_null(work);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 5);
    double w[PMAX];
    for (int k = 0; k < 20; k++) {
        double a = gsl_ran_flat(r, -3, 3), b = gsl_ran_flat(r, -3, 3);
        for (int i = 0; i < np; i++)
            w[i] = t.w0[i] + a * p.d1[i] + b * p.d2[i];
        model_loss want;
        assert_int_equal(model_loss_grad_exact(&cfg, t.mean, w, &d, t.idx, N, &want, NULL), 0);
        landscape_value got = landscape_eval_point(&e, a, b, work);
        assert_close(got.loss, want.loss, 1e-9);
        assert_close(got.data_loss, want.data_loss, 1e-9);
        assert_close(got.reg_loss, want.reg_loss, 1e-9);
        /* accuracy: the model's own prediction, example by example */
        int correct = 0;
        for (size_t i = 0; i < N; i++)
            correct += model_predict(&cfg, t.mean, w, &d, i) == t.y[i];
        assert_near(got.acc, (double)correct / N, 1e-15);
    }
    /* a row equals its points one by one */
    landscape_value row[7], one;
    landscape_eval_row(&e, 0.4, -1.5, 0.5, 7, row, work);
    for (int k = 0; k < 7; k++) {
        one = landscape_eval_point(&e, -1.5 + 0.5 * k, 0.4, work);
        assert_near(row[k].loss, one.loss, 1e-12 * fmax(1, one.loss));
        assert_near(row[k].acc, one.acc, 0);
    }
    gsl_rng_free(r);
    landscape_work_free(work);
    landscape_eval_free(&e);
    landscape_plane_free(&p);
}

static void test_affine_svm_l2(void **s) { (void)s; check_affine(config(MODEL_LINEAR, LINEAR_SVM, REG_L2, 0.3)); }
static void test_affine_svm_l1(void **s) { (void)s; check_affine(config(MODEL_LINEAR, LINEAR_SVM, REG_L1, 0.1)); }
static void test_affine_softmax_l2(void **s) { (void)s; check_affine(config(MODEL_LINEAR, LINEAR_SOFTMAX, REG_L2, 2.0)); }
static void test_affine_softmax_elastic(void **s)
{
    (void)s;
    check_affine(config(MODEL_LINEAR, LINEAR_SOFTMAX, REG_ELASTIC, 0.5));
}
/* the net: first-layer pre-activations affine, the rest per point */
static void test_affine_mlp_softmax(void **s) { (void)s; check_affine(config(MODEL_MLP, LINEAR_SOFTMAX, REG_L2, 0.2)); }
static void test_affine_mlp_svm_l1(void **s) { (void)s; check_affine(config(MODEL_MLP, LINEAR_SVM, REG_L1, 0.05)); }
static void test_affine_mlp_tanh(void **s)
{
    (void)s;
    model_config c = config(MODEL_MLP, LINEAR_SOFTMAX, REG_ELASTIC, 0.1);
    c.act = MLP_TANH;
    check_affine(c);
}

static double norm(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return sqrt(s);
}

/* The net's blocks: each hidden unit's row of W1, each class row of W2;
 * b1 and b2 zeroed. */
static void test_filter_normalization_mlp(void **state)
{
    (void)state;
    toy t;
    make_toy(&t, 2);
    model_config c = config(MODEL_MLP, LINEAR_SOFTMAX, REG_L2, 0.1);
    model_block bl[MODEL_BLOCKS_MAX];
    assert_int_equal(model_blocks(&c, bl), 4);
    landscape_block blocks[H + C];
    int nb = landscape_blocks(&c, blocks, H + C);
    assert_int_equal(nb, H + C);
    landscape_plane p;
    char err[256];
    assert_int_equal(landscape_plane_init(&p, t.w0, model_params(&c)), 0);
    assert_int_equal(landscape_random(&p, blocks, nb, 3, err, sizeof err), 0);
    for (int u = 0; u < H; u++) {
        const double *w1 = t.w0 + bl[0].offset + (size_t)u * D;
        assert_close(norm(p.d1 + bl[0].offset + (size_t)u * D, D), norm(w1, D), 1e-12);
        assert_close(norm(p.d2 + bl[0].offset + (size_t)u * D, D), norm(w1, D), 1e-12);
    }
    for (int k = 0; k < C; k++)
        assert_close(norm(p.d1 + bl[2].offset + (size_t)k * H, H),
                     norm(t.w0 + bl[2].offset + (size_t)k * H, H), 1e-12);
    for (int j = 0; j < H; j++)
        assert_true(p.d1[bl[1].offset + (size_t)j] == 0 && p.d2[bl[1].offset + (size_t)j] == 0);
    for (int k = 0; k < C; k++)
        assert_true(p.d1[bl[3].offset + (size_t)k] == 0 && p.d2[bl[3].offset + (size_t)k] == 0);
    landscape_plane_free(&p);
}

static void test_filter_normalization(void **state)
{
    (void)state;
    toy t;
    make_toy(&t, 9);
    /* rows of very different sizes, one of them zero */
    for (int j = 0; j < D; j++) {
        t.w0[1 * (D + 1) + j] *= 100;
        t.w0[3 * (D + 1) + j] = 0;
    }
    landscape_plane p;
    landscape_block blocks[C], from_model[C + 1];
    char err[256];
    /* the linear model's blocks are its class rows without the bias */
    model_config mc = config(MODEL_LINEAR, LINEAR_SVM, REG_L2, 1);
    assert_int_equal(landscape_blocks(&mc, from_model, C + 1), C);
    assert_int_equal(row_blocks(blocks), C);
    for (int c = 0; c < C; c++)
        assert_true(from_model[c].start == blocks[c].start && from_model[c].len == blocks[c].len);
    assert_int_equal(landscape_plane_init(&p, t.w0, P), 0);
    assert_int_equal(landscape_random(&p, blocks, C, 1, err, sizeof err), 0);
    for (int c = 0; c < C; c++) {
        double want = norm(t.w0 + c * (D + 1), D);
        assert_close(norm(p.d1 + c * (D + 1), D), want, 1e-12);
        assert_close(norm(p.d2 + c * (D + 1), D), want, 1e-12);
        assert_true(p.d1[c * (D + 1) + D] == 0 && p.d2[c * (D + 1) + D] == 0);
    }
    /* the same seed, the same plane; another seed, another */
    landscape_plane q;
    assert_int_equal(landscape_plane_init(&q, t.w0, P), 0);
    assert_int_equal(landscape_random(&q, blocks, C, 1, err, sizeof err), 0);
    assert_memory_equal(p.d1, q.d1, P * sizeof(double));
    assert_int_equal(landscape_random(&q, blocks, C, 2, err, sizeof err), 0);
    assert_true(memcmp(p.d1, q.d1, P * sizeof(double)) != 0);
    landscape_plane_free(&q);
    landscape_plane_free(&p);

    /* W0 drawn as the trainer draws it, from the same seed as the plane:
     * the directions are not along it (nor along each other) */
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 1);
    for (int k = 0; k < P; k++)
        t.w0[k] = 1e-4 * gsl_ran_gaussian_ziggurat(r, 1.0);
    gsl_rng_free(r);
    assert_int_equal(landscape_plane_init(&p, t.w0, P), 0);
    assert_int_equal(landscape_random(&p, blocks, C, 1, err, sizeof err), 0);
    double c1 = 0, c2 = 0, c12 = 0;
    for (int k = 0; k < P; k++) {
        c1 += p.d1[k] * t.w0[k];
        c2 += p.d2[k] * t.w0[k];
        c12 += p.d1[k] * p.d2[k];
    }
    /* independent directions in 100 dimensions: |cos| about 0.1, rarely 0.5 */
    assert_true(fabs(c1) / (norm(p.d1, P) * norm(t.w0, P)) < 0.5);
    assert_true(fabs(c2) / (norm(p.d2, P) * norm(t.w0, P)) < 0.5);
    assert_true(fabs(c12) / (norm(p.d1, P) * norm(p.d2, P)) < 0.5);
    landscape_plane_free(&p);

    /* W0 = 0: every row is zero, so is every direction */
    double zero[P] = {0};
    assert_int_equal(landscape_plane_init(&p, zero, P), 0);
    assert_int_equal(landscape_random(&p, blocks, C, 1, err, sizeof err), -1);
    assert_non_null(strstr(err, "zero"));
    landscape_plane_free(&p);
}

static void test_pca(void **state)
{
    (void)state;
    toy t;
    make_toy(&t, 4);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 8);
    double u[P], v[P];
    for (int i = 0; i < P; i++) {
        u[i] = gsl_ran_gaussian(r, 1.0);
        v[i] = gsl_ran_gaussian(r, 1.0);
    }
    /* a curved path from W0 lying in the plane W0 + span(u, v) */
    enum { T = 30 };
    double *path = malloc(T * P * sizeof *path);
    for (int s = 0; s < T; s++) {
        double a = 0.1 * s, b = 0.5 * sin(0.3 * s);
        for (int i = 0; i < P; i++)
            path[s * P + i] = t.w0[i] + a * u[i] + b * v[i];
    }
    landscape_plane p;
    char err[256];
    assert_int_equal(landscape_plane_init(&p, t.w0, P), 0);
    assert_int_equal(landscape_pca(&p, path, T, err, sizeof err), 0);
    assert_close(norm(p.d1, P), 1.0, 1e-12);
    assert_close(norm(p.d2, P), 1.0, 1e-12);
    double d12 = 0;
    for (int i = 0; i < P; i++)
        d12 += p.d1[i] * p.d2[i];
    assert_near(d12, 0.0, 1e-12);
    /* all the variance lies in the plane, the first component most of it */
    assert_close(p.explained[0] + p.explained[1], 1.0, 1e-10);
    assert_true(p.explained[0] > p.explained[1]);
    double scale = norm(u, P);
    for (int s = 0; s < T; s++) {
        landscape_point q = landscape_project(&p, path + s * P);
        assert_near(q.dist, 0.0, 1e-10 * scale);
        /* and the projection gives the point back */
        double w[P];
        landscape_at(&p, q.a, q.b, w);
        for (int i = 0; i < P; i++)
            assert_near(w[i], path[s * P + i], 1e-10 * scale);
    }
    /* a point off the plane: its distance is its offset along a normal */
    double off[P], nrm[P];
    for (int i = 0; i < P; i++)
        nrm[i] = gsl_ran_gaussian(r, 1.0);
    double c1 = 0, c2 = 0;
    for (int i = 0; i < P; i++) {
        c1 += nrm[i] * p.d1[i];
        c2 += nrm[i] * p.d2[i];
    }
    for (int i = 0; i < P; i++)
        nrm[i] -= c1 * p.d1[i] + c2 * p.d2[i];
    double nn = norm(nrm, P);
    for (int i = 0; i < P; i++)
        off[i] = path[5 * P + i] + 0.75 * nrm[i] / nn;
    assert_near(landscape_project(&p, off).dist, 0.75, 1e-10);

    /* too short; and a straight line has no second direction */
    assert_int_equal(landscape_pca(&p, path, 2, err, sizeof err), -1);
    assert_non_null(strstr(err, "too short"));
    for (int s = 0; s < T; s++)
        for (int i = 0; i < P; i++)
            path[s * P + i] = t.w0[i] + 0.1 * s * u[i];
    assert_int_equal(landscape_pca(&p, path, T, err, sizeof err), -1);
    assert_non_null(strstr(err, "line"));
    free(path);
    gsl_rng_free(r);
    landscape_plane_free(&p);
}

static void test_between(void **state)
{
    (void)state;
    toy t;
    make_toy(&t, 6);
    double a[P], b[P];
    for (int i = 0; i < P; i++) {
        a[i] = t.w0[i] + 0.01 * sin(i);
        b[i] = t.w0[i] - 0.02 * cos(3 * i);
    }
    landscape_plane p;
    char err[256];
    assert_int_equal(landscape_plane_init(&p, t.w0, P), 0);
    assert_int_equal(landscape_between(&p, a, b, err, sizeof err), 0);
    landscape_point pa = landscape_project(&p, a), pb = landscape_project(&p, b),
                    p0 = landscape_project(&p, t.w0);
    assert_near(pa.a, 1, 1e-12);
    assert_near(pa.b, 0, 1e-12);
    assert_near(pa.dist, 0, 1e-14);
    assert_near(pb.a, 0, 1e-12);
    assert_near(pb.b, 1, 1e-12);
    assert_near(pb.dist, 0, 1e-14);
    assert_near(p0.a, 0, 1e-12);
    assert_near(p0.b, 0, 1e-12);

    /* zero: A is W0; parallel: B - W0 = -2 (A - W0) */
    assert_int_equal(landscape_between(&p, t.w0, b, err, sizeof err), -1);
    assert_non_null(strstr(err, "direction 1 of the plane is zero"));
    for (int i = 0; i < P; i++)
        b[i] = t.w0[i] - 2 * (a[i] - t.w0[i]);
    assert_int_equal(landscape_between(&p, a, b, err, sizeof err), -1);
    assert_non_null(strstr(err, "parallel"));
    landscape_plane_free(&p);
}

static void test_coords(void **state)
{
    (void)state;
    assert_true(landscape_coord(25, 51, 0.7) == 0.0);
    assert_near(landscape_coord(0, 51, 0.7), -0.7, 0);
    assert_near(landscape_coord(50, 51, 0.7), 0.7, 0);
    assert_true(landscape_coord(0, 1, 3) == 0.0);
    assert_near(landscape_coord(1, 5, 1), -0.5, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_affine_svm_l2),       cmocka_unit_test(test_affine_svm_l1),
        cmocka_unit_test(test_affine_softmax_l2),   cmocka_unit_test(test_affine_softmax_elastic),
        cmocka_unit_test(test_affine_mlp_softmax),  cmocka_unit_test(test_affine_mlp_svm_l1),
        cmocka_unit_test(test_affine_mlp_tanh),     cmocka_unit_test(test_filter_normalization_mlp),
        cmocka_unit_test(test_filter_normalization), cmocka_unit_test(test_pca),
        cmocka_unit_test(test_between),             cmocka_unit_test(test_coords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
