/* The sweep's axes, grid, random draw and folds, checked by hand. */
#include <string.h>

#include "check.h"
#include "core/sweep.h"
#include "data/synth.h"

static sweep_axis ax, ax2;

static void test_list_and_range(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(sweep_axis_parse("1e-7,5e-7,2e-6", 1, &ax, err, sizeof err), 0);
    assert_int_equal(ax.n, 3);
    assert_near(ax.v[1], 5e-7, 0);
    /* 1e-7:1e-5:5 is 1e-7, 1e-6.5, 1e-6, 1e-5.5, 1e-5, to 6 digits */
    assert_int_equal(sweep_axis_parse("1e-7:1e-5:5", 1, &ax, err, sizeof err), 0);
    assert_int_equal(ax.n, 5);
    assert_near(ax.v[0], 1e-7, 0);
    assert_near(ax.v[1], 3.16228e-7, 0);
    assert_near(ax.v[2], 1e-6, 0);
    assert_near(ax.v[4], 1e-5, 0);
    assert_int_equal(sweep_axis_parse("2:2:1", 1, &ax, err, sizeof err), 0);
    assert_int_equal(ax.n, 1);
    assert_int_equal(sweep_axis_parse("0,1000", 0, &ax, err, sizeof err), 0);
}

static void test_bad_axes(void **state)
{
    (void)state;
    char err[256];
    const char *bad[] = {"", "1e-5:1e-7:3", "0:1:3", "1e-7:1e-5:0", "2:2:3", "1:2:1", "5e-7,1e-7",
                         "1e-7,1e-7", "1e-7,", "x", "1:2", "1:2:3:4"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_int_equal(sweep_axis_parse(bad[i], 1, &ax, err, sizeof err), -1);
        assert_true(err[0] != '\0');
    }
    assert_int_equal(sweep_axis_parse("0,1e-7", 1, &ax, err, sizeof err), -1);
    assert_string_equal(err, "0 is not > 0");
}

static sweep_point pts[SWEEP_CONFIGS_MAX], pts2[SWEEP_CONFIGS_MAX];

static void test_grid(void **state)
{
    (void)state;
    char err[256];
    sweep_axis_parse("1,2", 1, &ax, err, sizeof err);
    sweep_axis_parse("10,20,30", 0, &ax2, err, sizeof err);
    assert_int_equal(sweep_grid(&ax, &ax2, pts, err, sizeof err), 6);
    assert_near(pts[0].lr, 1, 0);
    assert_near(pts[0].reg, 10, 0);
    assert_near(pts[2].reg, 30, 0);
    assert_near(pts[3].lr, 2, 0);
    assert_near(pts[3].reg, 10, 0);
    /* 1000 x 1000 is refused with the count and the limit */
    sweep_axis_parse("1:1000:1000", 1, &ax, err, sizeof err);
    sweep_axis_parse("1:1000:1000", 1, &ax2, err, sizeof err);
    assert_int_equal(sweep_grid(&ax, &ax2, pts, err, sizeof err), -1);
    assert_non_null(strstr(err, "1000000"));
    assert_non_null(strstr(err, "100000"));
}

static void test_random(void **state)
{
    (void)state;
    char err[256];
    sweep_axis_parse("1e-7:1e-5:3", 1, &ax, err, sizeof err);
    sweep_axis_parse("1e3,1e5", 0, &ax2, err, sizeof err);
    assert_int_equal(sweep_random(&ax, &ax2, 200, 7, pts, err, sizeof err), 200);
    assert_int_equal(sweep_random(&ax, &ax2, 200, 7, pts2, err, sizeof err), 200);
    assert_memory_equal(pts, pts2, 200 * sizeof pts[0]);
    int low = 0;
    for (int i = 0; i < 200; i++) {
        assert_true(pts[i].lr >= 1e-7 && pts[i].lr <= 1e-5);
        assert_true(pts[i].reg >= 1e3 && pts[i].reg <= 1e5);
        low += pts[i].lr < 1e-6; /* log-uniform: half below the geometric middle */
    }
    assert_true(low > 70 && low < 130);
    assert_int_equal(sweep_random(&ax, &ax2, 200, 8, pts2, err, sizeof err), 200);
    assert_true(memcmp(pts, pts2, 200 * sizeof pts[0]) != 0);
    sweep_axis_parse("0,1e5", 0, &ax2, err, sizeof err);
    assert_int_equal(sweep_random(&ax, &ax2, 10, 7, pts, err, sizeof err), -1);
}

/* Every pool image in exactly one validation fold, and in the training set
 * of every other fold; the ranges cover [0, n) in order. */
static void test_folds_partition(void **state)
{
    (void)state;
    enum { NT = 23, NV = 6, DIM = 3 };
    uint8_t x[(NT + NV) * DIM], y[NT + NV];
    for (int i = 0; i < NT + NV; i++) {
        y[i] = (uint8_t)(i % 10);
        for (int j = 0; j < DIM; j++)
            x[i * DIM + j] = (uint8_t)(i + 100 * (j == 0)); /* row i is known by x[1] */
    }
    linear_data tr = {x, y, NT, NULL}, va = {x + NT * DIM, y + NT, NV, NULL};
    for (int k = 2; k <= 7; k++) {
        int in_val[NT + NV] = {0}, in_train[NT + NV] = {0};
        size_t prev = 0;
        for (int f = 0; f < k; f++) {
            size_t lo, hi;
            sweep_fold(NT + NV, k, f, &lo, &hi);
            assert_int_equal(lo, prev);
            assert_true(hi - lo == (size_t)((NT + NV) / k) || hi - lo == (size_t)((NT + NV) / k + 1));
            prev = hi;
            sweep_fold_data d;
            assert_int_equal(sweep_fold_make(&tr, &va, DIM, k, f, &d), 0);
            assert_int_equal(d.val.n + d.train.n, NT + NV);
            assert_int_equal(d.val.n, hi - lo);
            for (size_t i = 0; i < d.val.n; i++) {
                int r = d.val.x[i * DIM + 1];
                assert_true((size_t)r >= lo && (size_t)r < hi);
                assert_int_equal(d.val.y[i], r % 10);
                in_val[r]++;
            }
            for (size_t i = 0; i < d.train.n; i++) {
                int r = d.train.x[i * DIM + 1];
                assert_int_equal(d.train.x[i * DIM], r + 100);
                assert_int_equal(d.train.y[i], r % 10);
                in_train[r]++;
            }
            sweep_fold_free(&d);
        }
        assert_int_equal(prev, NT + NV);
        for (int i = 0; i < NT + NV; i++) {
            assert_int_equal(in_val[i], 1);
            assert_int_equal(in_train[i], k - 1);
        }
    }
    sweep_fold_data d;
    assert_int_equal(sweep_fold_make(&tr, &va, DIM, NT + NV + 1, 0, &d), -1);
    assert_int_equal(sweep_fold_make(&tr, &va, DIM, 1, 0, &d), -1);
}

/* A grid trained in shared passes gives each cell exactly (memcmp) what
 * sweep_train gives it alone: 18 cells make a pass of 16 and one of 2; one
 * cell diverges and the others do not notice; the net trains alone. */
static void test_shared_equals_one_at_a_time(void **state)
{
    (void)state;
    enum { K = 18 };
    char err[256];
    dataset ds;
    assert_int_equal(synth_make(3, 700, 10, &ds, err, sizeof err), 0);
    linear_data tr = {ds.train.x, ds.train.y, 500, NULL},
                va = {ds.train.x + 500 * (size_t)ds.dim, ds.train.y + 500, 200, NULL};
    train_config c[K];
    for (int i = 0; i < K; i++) {
        c[i] = train_defaults();
        c[i].iters = 30;
        c[i].batch = 64;
        c[i].opt.lr = 1e-7 * (1 + i % 6);
        c[i].reg = 1e3 * (i / 6);
        c[i].model = i % 2 ? LINEAR_SOFTMAX : LINEAR_SVM;
    }
    c[4].opt.lr = 1e30; /* the penalty's step overshoots: |W| grows to inf */
    c[4].reg = 2.5e4;
    c[9].arch = MODEL_MLP;
    c[9].hidden = 16;
    c[9].model = LINEAR_SOFTMAX;
    c[9].reg = 1;
    c[9].opt.lr = 1e-4;
    c[9].init_scale = 1e-3;
    sweep_result shared[K], alone;
    assert_int_equal(sweep_train_shared(c, K, ds.classes, ds.dim, &tr, &va, shared, err,
                                        sizeof err), 0);
    int same = 0;
    for (int i = 0; i < K; i++) {
        assert_int_equal(sweep_train(&c[i], ds.classes, ds.dim, &tr, &va, &alone, NULL, err,
                                     sizeof err), 0);
        same += memcmp(&alone, &shared[i], sizeof alone) == 0;
        assert_int_equal(shared[i].diverged, i == 4);
        assert_int_equal(shared[i].iters, i == 4 ? alone.iters : 30);
    }
    assert_int_equal(same, K);
    assert_true(shared[4].iters < 30);
    dataset_free(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_list_and_range), cmocka_unit_test(test_bad_axes),
        cmocka_unit_test(test_grid), cmocka_unit_test(test_random),
        cmocka_unit_test(test_folds_partition), cmocka_unit_test(test_shared_equals_one_at_a_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
