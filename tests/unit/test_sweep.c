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
    assert_string_equal(err, "'0' is not > 0");
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

/* Sizes: integers in [1, max], ascending, once each. */
static void test_sizes(void **state)
{
    (void)state;
    char err[256];
    sweep_sizes h;
    assert_int_equal(sweep_sizes_parse("10,50,200", 4096, &h, err, sizeof err), 0);
    assert_int_equal(h.n, 3);
    assert_int_equal(h.v[0], 10);
    assert_int_equal(h.v[2], 200);
    assert_int_equal(sweep_sizes_parse("7", 4096, &h, err, sizeof err), 0);
    assert_int_equal(h.n, 1);
    const char *bad[] = {"", "0", "10,5", "10,10", "x", "10,", ",10", "1.5", "4097", "-3", "1e2"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        assert_int_equal(sweep_sizes_parse(bad[i], 4096, &h, err, sizeof err), -1);
        assert_true(err[0] != '\0');
    }
    sweep_sizes_parse("10,5", 4096, &h, err, sizeof err);
    assert_string_equal(err, "'5' after 10: list the values in ascending order, once each");
    sweep_sizes_parse("0", 4096, &h, err, sizeof err);
    assert_string_equal(err, "'0' is not an integer in [1, 4096]");
}

/* lr x reg x hidden, hidden fastest; the limit counts all three. */
static void test_grid_sizes(void **state)
{
    (void)state;
    char err[256];
    sweep_sizes h;
    sweep_axis_parse("1,2", 1, &ax, err, sizeof err);
    sweep_axis_parse("10,20,30", 0, &ax2, err, sizeof err);
    sweep_sizes_parse("5,50", 4096, &h, err, sizeof err);
    assert_int_equal(sweep_grid_sizes(&ax, &ax2, &h, pts, err, sizeof err), 12);
    const double want[12][3] = {{1, 10, 5}, {1, 10, 50}, {1, 20, 5}, {1, 20, 50}, {1, 30, 5},
                                {1, 30, 50}, {2, 10, 5}, {2, 10, 50}, {2, 20, 5}, {2, 20, 50},
                                {2, 30, 5}, {2, 30, 50}};
    for (int i = 0; i < 12; i++) {
        assert_near(pts[i].lr, want[i][0], 0);
        assert_near(pts[i].reg, want[i][1], 0);
        assert_int_equal(pts[i].hidden, (int)want[i][2]);
    }
    /* the two-axis grid leaves hidden 0: the configuration's own */
    assert_int_equal(sweep_grid(&ax, &ax2, pts, err, sizeof err), 6);
    for (int i = 0; i < 6; i++)
        assert_int_equal(pts[i].hidden, 0);
    /* 1000 x 100 = 100000 fits, x 2 does not */
    sweep_axis_parse("1:1000:1000", 1, &ax, err, sizeof err);
    sweep_axis_parse("1:100:100", 1, &ax2, err, sizeof err);
    assert_int_equal(sweep_grid(&ax, &ax2, pts, err, sizeof err), 100000);
    assert_int_equal(sweep_grid_sizes(&ax, &ax2, &h, pts, err, sizeof err), -1);
    assert_string_equal(err, "a grid of 1000 x 100 x 2 = 200000 configurations: at most 100000");
}

/* Random sizes: from the list only, each about as often, the same seed the
 * same draws; lr and reg within their bounds as without sizes. */
static void test_random_sizes(void **state)
{
    (void)state;
    char err[256];
    sweep_sizes h;
    sweep_axis_parse("1e-3:1e-1:2", 1, &ax, err, sizeof err);
    sweep_axis_parse("1e-4,1e-2", 0, &ax2, err, sizeof err);
    sweep_sizes_parse("10,20,40", 4096, &h, err, sizeof err);
    assert_int_equal(sweep_random_sizes(&ax, &ax2, &h, 300, 3, pts, err, sizeof err), 300);
    assert_int_equal(sweep_random_sizes(&ax, &ax2, &h, 300, 3, pts2, err, sizeof err), 300);
    assert_memory_equal(pts, pts2, 300 * sizeof pts[0]);
    int count[3] = {0};
    for (int i = 0; i < 300; i++) {
        int k = pts[i].hidden == 10 ? 0 : pts[i].hidden == 20 ? 1 : pts[i].hidden == 40 ? 2 : -1;
        assert_true(k >= 0);
        count[k]++;
        assert_true(pts[i].lr >= 1e-3 && pts[i].lr <= 1e-1);
        assert_true(pts[i].reg >= 1e-4 && pts[i].reg <= 1e-2);
    }
    for (int k = 0; k < 3; k++) /* 100 expected each; 60 is over 5 sd away */
        assert_true(count[k] > 60 && count[k] < 140);
    assert_int_equal(sweep_random_sizes(&ax, &ax2, &h, 300, 4, pts2, err, sizeof err), 300);
    assert_true(memcmp(pts, pts2, 300 * sizeof pts[0]) != 0);
}

/* A fold of features standardized with its training part's statistics:
 * pool column 0 is 10, 20 | 1, 3, 5, 7 (fold 0 of 3 holds out the first
 * two): mean 4, population variance (9 + 1 + 1 + 9) / 4 = 5. Column 1 is
 * 2 on the training part (std 0: centred, not scaled). */
static void test_fold_standardize(void **state)
{
    (void)state;
    enum { NT = 4, NV = 2, DIM = 2 };
    const float col0[6] = {10, 20, 1, 3, 5, 7}, col1[6] = {4, 0, 2, 2, 2, 2};
    float xf[6 * DIM];
    uint8_t y[6] = {0, 1, 2, 3, 4, 5};
    for (int i = 0; i < 6; i++) {
        xf[i * DIM] = col0[i];
        xf[i * DIM + 1] = col1[i];
    }
    linear_data tr = {NULL, y, NT, xf}, va = {NULL, y + NT, NV, xf + NT * DIM};
    sweep_fold_data d;
    assert_int_equal(sweep_fold_make(&tr, &va, DIM, 3, 0, &d), 0);
    assert_int_equal(sweep_fold_standardize(&d, DIM), 0);
    double r5 = sqrt(5.0);
    const double want_train[4] = {-3 / r5, -1 / r5, 1 / r5, 3 / r5};
    for (int i = 0; i < 4; i++) {
        assert_near(d.train.xf[i * DIM], want_train[i], 1e-6);
        assert_near(d.train.xf[i * DIM + 1], 0, 0);
    }
    assert_near(d.val.xf[0], 6 / r5, 1e-6);
    assert_near(d.val.xf[DIM], 16 / r5, 1e-6);
    assert_near(d.val.xf[1], 2, 0);
    assert_near(d.val.xf[DIM + 1], -2, 0);
    sweep_fold_free(&d);
    /* rows standardized beforehand with other statistics (x * 3 + 1): the same */
    for (int i = 0; i < 6; i++)
        xf[i * DIM] = col0[i] * 3 + 1;
    assert_int_equal(sweep_fold_make(&tr, &va, DIM, 3, 0, &d), 0);
    assert_int_equal(sweep_fold_standardize(&d, DIM), 0);
    for (int i = 0; i < 4; i++)
        assert_near(d.train.xf[i * DIM], want_train[i], 1e-6);
    assert_near(d.val.xf[DIM], 16 / r5, 1e-6);
    sweep_fold_free(&d);
    /* bytes are not features */
    uint8_t x[6 * DIM] = {0};
    linear_data btr = {x, y, NT, NULL}, bva = {x + NT * DIM, y + NT, NV, NULL};
    assert_int_equal(sweep_fold_make(&btr, &bva, DIM, 3, 0, &d), 0);
    assert_int_equal(sweep_fold_standardize(&d, DIM), -1);
    sweep_fold_free(&d);
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
        cmocka_unit_test(test_folds_partition), cmocka_unit_test(test_sizes),
        cmocka_unit_test(test_grid_sizes), cmocka_unit_test(test_random_sizes),
        cmocka_unit_test(test_fold_standardize), cmocka_unit_test(test_shared_equals_one_at_a_time),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
