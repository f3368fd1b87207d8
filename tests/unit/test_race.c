/* Races: the lecture's Booth learning-rate regimes, the saddle, divergence,
 * reproducible noise, labels. */
#include <string.h>

#include "check.h"
#include "core/race.h"

static void sgd_race(race *rc, const char *surf, double x0, double y0, const double *lrs, int n,
                     double noise, long steps)
{
    race_config cfg;
    race_config_defaults(&cfg, surface_find(surf));
    cfg.start[0] = x0;
    cfg.start[1] = y0;
    cfg.noise = noise;
    cfg.nopt = n;
    for (int i = 0; i < n; i++) {
        cfg.opt[i].p = optim_defaults(OPTIM_SGD);
        cfg.opt[i].p.lr = lrs[i];
    }
    assert_int_equal(race_init(rc, &cfg), 0);
    race_run(rc, steps);
}

static double dist_to(const racer *r, double x, double y)
{
    return hypot(r->pos[0] - x, r->pos[1] - y);
}

/* Booth's Hessian has eigenvalues 18 and 2, so plain gradient descent
 * contracts by |1 - 18 lr| and |1 - 2 lr| per step: lr 0.01 is slow
 * (0.98^100 = 0.13 of the way left), 0.10 converges, 0.11 oscillates
 * (1 - 1.98 = -0.98), 0.12 diverges (|1 - 2.16| = 1.16 > 1). */
static void test_booth_regimes(void **state)
{
    (void)state;
    const double lrs[4] = {0.01, 0.10, 0.11, 0.12};
    race rc;
    sgd_race(&rc, "booth", 0, 0, lrs, 4, 0, 100);
    double d0 = hypot(1, 3);
    assert_true(dist_to(&rc.r[0], 1, 3) > 0.05 * d0);  /* falls short */
    assert_true(dist_to(&rc.r[1], 1, 3) < 1e-8);       /* converges */
    /* oscillates: the sign of x - 1 alternates along the stiff direction */
    int alternations = 0;
    for (long k = 50; k < 100; k++) {
        double a = rc.r[2].path[k].x - 1, b = rc.r[2].path[k + 1].x - 1;
        alternations += a * b < 0;
    }
    assert_int_equal(alternations, 50);
    assert_true(dist_to(&rc.r[2], 1, 3) < dist_to(&rc.r[0], 1, 3) + 1); /* still bounded */
    assert_true(rc.r[2].path[100].f < rc.r[2].path[0].f);
    /* diverges: the loss grows without bound */
    assert_true(rc.r[3].path[100].f > 1e6 * rc.r[3].path[0].f);
    assert_true(rc.r[3].path[100].f > rc.r[3].path[99].f);
    race_free(&rc);
}

static void test_divergence_stops_at_first_nonfinite(void **state)
{
    (void)state;
    const double lrs[1] = {0.12};
    race rc;
    sgd_race(&rc, "booth", 0, 0, lrs, 1, 0, 100000);
    const racer *r = &rc.r[0];
    assert_int_equal(r->status, RACER_DIVERGED);
    /* the path holds steps 0..k-1, all finite */
    assert_int_equal(r->len, r->diverged_at);
    for (long k = 0; k < r->len; k++)
        assert_true(isfinite(r->path[k].x) && isfinite(r->path[k].y) && isfinite(r->path[k].f));
    /* growth 1.16 per step from f = 74: overflow needs several thousand steps */
    assert_true(r->diverged_at > 1000 && r->diverged_at < 100000);
    race_free(&rc);
}

/* x^2 - y^2 from (-1, 0): the gradient (2x, -2y) has no y part on y = 0, so
 * SGD slides to the saddle point and stays on the ridge; noise pushes it off
 * and the -y^2 direction takes over. */
static void test_saddle(void **state)
{
    (void)state;
    const double lrs[1] = {0.1};
    race rc;
    sgd_race(&rc, "saddle", -1, 0, lrs, 1, 0, 200);
    for (long k = 0; k < rc.r[0].len; k++)
        assert_true(rc.r[0].path[k].y == 0);
    assert_true(fabs(rc.r[0].pos[0]) < 1e-9);
    race_free(&rc);

    sgd_race(&rc, "saddle", -1, 0, lrs, 1, 0.01, 200);
    assert_true(fabs(rc.r[0].pos[1]) > 1.0);
    race_free(&rc);
}

static void test_noise_is_reproducible_and_shared(void **state)
{
    (void)state;
    const double lrs[2] = {0.05, 0.05};
    race a, b;
    sgd_race(&a, "booth", 0, 0, lrs, 2, 0.5, 50);
    sgd_race(&b, "booth", 0, 0, lrs, 2, 0.5, 50);
    /* same seed: same run; and two identical optimizers see the same noise */
    assert_memory_equal(a.r[0].path, b.r[0].path, 51 * sizeof(race_point));
    assert_memory_equal(a.r[0].path, a.r[1].path, 51 * sizeof(race_point));
    /* reset replays it */
    race_point last = a.r[0].path[50];
    race_reset(&a);
    race_run(&a, 50);
    assert_memory_equal(&a.r[0].path[50], &last, sizeof last);
    race_free(&a);
    race_free(&b);
}

static void test_labels(void **state)
{
    (void)state;
    race_config c;
    char err[256], buf[64];
    race_config_defaults(&c, surface_find("booth"));
    race_config_label(&c, 0, buf, sizeof buf);
    assert_string_equal(buf, "sgd");
    c.nopt = 3;
    assert_int_equal(hparams_parse("sgd:lr=0.1", &c.opt[0], err, sizeof err), 0);
    assert_int_equal(hparams_parse("sgd:lr=0.12", &c.opt[1], err, sizeof err), 0);
    assert_int_equal(hparams_parse("adam:label=fast adam", &c.opt[2], err, sizeof err), 0);
    race_config_label(&c, 0, buf, sizeof buf);
    assert_string_equal(buf, "sgd lr=0.1");
    race_config_label(&c, 1, buf, sizeof buf);
    assert_string_equal(buf, "sgd lr=0.12");
    race_config_label(&c, 2, buf, sizeof buf);
    assert_string_equal(buf, "fast adam");
}

static void test_converged_status(void **state)
{
    (void)state;
    const double lrs[1] = {0.10};
    race rc;
    sgd_race(&rc, "booth", 0, 0, lrs, 1, 0, 400);
    assert_int_equal(rc.r[0].status, RACER_CONVERGED);
    assert_true(rc.r[0].converged_at > 0 && rc.r[0].converged_at < 400);
    race_free(&rc);
}

/* A bounded path keeps at most `keep` points, each still the exact point of
 * step i * stride, however many steps run. */
static void test_bounded_path(void **state)
{
    (void)state;
    race_config cfg;
    race_config_defaults(&cfg, surface_find("rosenbrock"));
    cfg.nopt = 1;
    cfg.opt[0].p = optim_defaults(OPTIM_ADAM);
    race full, bounded;
    assert_int_equal(race_init(&full, &cfg), 0);
    cfg.keep = 64;
    assert_int_equal(race_init(&bounded, &cfg), 0);
    race_run(&full, 5000);
    race_run(&bounded, 5000);
    const racer *b = &bounded.r[0];
    assert_true(b->len <= 64 && b->len >= 32);
    assert_int_equal(b->stride, 128); /* 5000 steps in at most 64 points */
    for (long i = 0; i < b->len; i++)
        assert_memory_equal(&b->path[i], &full.r[0].path[i * b->stride], sizeof(race_point));
    assert_memory_equal(b->pos, full.r[0].pos, sizeof b->pos);
    race_free(&full);
    race_free(&bounded);
}

/* One optimizer of a race with several start points, taken out on its own
 * (what descent trace runs), starts at its own point and then matches its
 * racer in the whole race exactly, step by step, noise included. */
static void test_config_one(void **state)
{
    (void)state;
    race_config all;
    race_config_defaults(&all, surface_find("booth"));
    all.nopt = 2;
    all.opt[0].p = optim_defaults(OPTIM_SGD);
    all.opt[0].p.lr = 0.1;
    all.opt[1].p = optim_defaults(OPTIM_MOMENTUM);
    all.own_start = 1;
    all.starts[0][0] = -3, all.starts[0][1] = 2;
    all.starts[1][0] = 1, all.starts[1][1] = 0;
    race_config one;
    race_config_one(&all, 0, &one);
    assert_int_equal(one.nopt, 1);
    assert_int_equal(one.own_start, 0);
    assert_true(one.start[0] == -3 && one.start[1] == 2);
    /* Booth's gradient at (1, 0) is (2(-6) + 4(-3), 4(-6) + 2(-3)) = (-24, -30):
     * momentum's first step at lr 0.01 goes to (1.24, 0.3). */
    race_config_one(&all, 1, &one);
    race solo;
    assert_int_equal(race_init(&solo, &one), 0);
    race_step(&solo);
    assert_near(solo.r[0].pos[0], 1.24, 1e-15);
    assert_near(solo.r[0].pos[1], 0.3, 1e-15);
    race_free(&solo);

    all.noise = 0.5;
    race whole;
    assert_int_equal(race_init(&whole, &all), 0);
    for (int i = 0; i < all.nopt; i++) {
        race_config_one(&all, i, &one);
        assert_int_equal(race_init(&solo, &one), 0);
        assert_string_equal(solo.r[0].label, whole.r[i].label);
        for (int k = 0; k <= 50; k++) {
            assert_true(solo.r[0].pos[0] == whole.r[i].pos[0]);
            assert_true(solo.r[0].pos[1] == whole.r[i].pos[1]);
            race_step(&solo);
            race_step(&whole);
        }
        race_free(&solo);
        race_reset(&whole);
    }
    race_free(&whole);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_booth_regimes),
        cmocka_unit_test(test_divergence_stops_at_first_nonfinite),
        cmocka_unit_test(test_saddle),
        cmocka_unit_test(test_noise_is_reproducible_and_shared),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_converged_status),
        cmocka_unit_test(test_bounded_path),
        cmocka_unit_test(test_config_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
