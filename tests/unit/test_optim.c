/* The optimizers' first three steps on Booth from (0, 0), against values
 * derived by hand: Booth's gradient is (2a + 4b, 4a + 2b) with
 * a = x + 2y - 7 and b = 2x + y - 5, so at (0, 0) it is (-34, -38). */
#include "check.h"

#include <string.h>

#include "core/optim.h"
#include "core/surface.h"

#define TOL 1e-12

static void booth_grad_by_hand(const double x[2], double g[2])
{
    double a = x[0] + 2 * x[1] - 7, b = 2 * x[0] + x[1] - 5;
    g[0] = 2 * a + 4 * b;
    g[1] = 4 * a + 2 * b;
}

/* Runs three steps of `kind` (defaults) on Booth from (0, 0); path[k] is x_k. */
static void three_steps(optim_kind kind, double path[4][2], optim *o)
{
    optim_params p = optim_defaults(kind);
    assert_int_equal(optim_init(o, &p, 2), 0);
    double x[2] = {0, 0};
    path[0][0] = path[0][1] = 0;
    for (int k = 1; k <= 3; k++) {
        double g[2];
        surface_grad(surface_find("booth"), x[0], x[1], g);
        optim_step(o, x, g);
        path[k][0] = x[0];
        path[k][1] = x[1];
    }
}

static void expect_point(const double got[2], double x, double y)
{
    assert_near(got[0], x, TOL);
    assert_near(got[1], y, TOL);
}

static void test_sgd(void **state)
{
    (void)state;
    double path[4][2];
    optim o;
    three_steps(OPTIM_SGD, path, &o);
    /* x1 = -0.01 * (-34, -38); g(x1) = (-27.56, -31.48); g(x2) = (-22.2856, -26.1272) */
    expect_point(path[1], 0.34, 0.38);
    expect_point(path[2], 0.6156, 0.6948);
    expect_point(path[3], 0.838456, 0.956072);
    assert_near(o.delta[0], 0.222856, TOL);
    optim_free(&o);
}

static void test_momentum(void **state)
{
    (void)state;
    double path[4][2];
    optim o;
    three_steps(OPTIM_MOMENTUM, path, &o);
    /* v1 = (-34, -38); v2 = 0.9 v1 + (-27.56, -31.48) = (-58.16, -65.68);
     * g(x2) = (-16.4896, -20.2592); v3 = (-68.8336, -79.3712) */
    expect_point(path[1], 0.34, 0.38);
    expect_point(path[2], 0.9216, 1.0368);
    expect_point(path[3], 1.609936, 1.830512);
    assert_near(o.vel[0], -68.8336, TOL);
    assert_near(o.vel[1], -79.3712, TOL);
    optim_free(&o);
}

static void test_nesterov(void **state)
{
    (void)state;
    double path[4][2];
    optim o;
    three_steps(OPTIM_NESTEROV, path, &o);
    /* step 1: v = (-34, -38), d = g + 0.9 v = (-64.6, -72.2)
     * step 2: g = (-21.764, -25.612), v = (-52.364, -59.812), d = (-68.8916, -79.4428)
     * step 3: g = (-8.519416, -12.156392), v = (-55.647016, -65.987192),
     *         d = (-58.6017304, -71.5448648) */
    expect_point(path[1], 0.646, 0.722);
    expect_point(path[2], 1.334916, 1.516428);
    expect_point(path[3], 1.920933304, 2.231876648);
    assert_near(o.vel[1], -65.987192, TOL);
    optim_free(&o);
}

/* The lecture's look-ahead form: v = mu v - lr g(x); x += -mu v_prev + (1 + mu) v.
 * It must walk the same path as torch's form, on a surface that is not
 * quadratic, for many steps. */
static void test_nesterov_lookahead_form(void **state)
{
    (void)state;
    const surface *s = surface_find("rosenbrock");
    optim_params p = optim_defaults(OPTIM_NESTEROV);
    p.lr = 0.0005;
    optim o;
    assert_int_equal(optim_init(&o, &p, 2), 0);
    double x[2] = {-1.2, 1}, y[2] = {-1.2, 1}, v[2] = {0, 0};
    for (int k = 0; k < 300; k++) {
        double g[2];
        surface_grad(s, x[0], x[1], g);
        optim_step(&o, x, g);
        surface_grad(s, y[0], y[1], g);
        for (int i = 0; i < 2; i++) {
            double prev = v[i];
            v[i] = p.momentum * v[i] - p.lr * g[i];
            y[i] += -p.momentum * prev + (1 + p.momentum) * v[i];
        }
        assert_near(x[0], y[0], 1e-12);
        assert_near(x[1], y[1], 1e-12);
    }
    optim_free(&o);
}

static void test_adagrad(void **state)
{
    (void)state;
    double path[4][2];
    optim o;
    three_steps(OPTIM_ADAGRAD, path, &o);
    /* c1 = g0^2 = (1156, 1444): x1 = 0.01 * 34 / (34 + 1e-10), same with 38 */
    double x1[2] = {0.01 * 34 / (34 + 1e-10), 0.01 * 38 / (38 + 1e-10)};
    expect_point(path[1], x1[0], x1[1]);
    double g1[2], c[2] = {1156, 1444}, x2[2], g2[2], x3[2];
    booth_grad_by_hand(x1, g1);
    for (int i = 0; i < 2; i++) {
        c[i] += g1[i] * g1[i];
        x2[i] = x1[i] - 0.01 * g1[i] / (sqrt(c[i]) + 1e-10);
    }
    expect_point(path[2], x2[0], x2[1]);
    booth_grad_by_hand(x2, g2);
    for (int i = 0; i < 2; i++) {
        c[i] += g2[i] * g2[i];
        x3[i] = x2[i] - 0.01 * g2[i] / (sqrt(c[i]) + 1e-10);
    }
    expect_point(path[3], x3[0], x3[1]);
    assert_near(o.cache[0], c[0], 1e-9);
    optim_free(&o);
}

static void test_rmsprop(void **state)
{
    (void)state;
    double path[4][2];
    optim o;
    three_steps(OPTIM_RMSPROP, path, &o);
    /* c1 = 0.01 g0^2, sqrt(c1) = 0.1 |g0|: x1 = 0.01 * 34 / (3.4 + 1e-8) ~ 0.1 */
    double x1[2] = {0.01 * 34 / (3.4 + 1e-8), 0.01 * 38 / (3.8 + 1e-8)};
    expect_point(path[1], x1[0], x1[1]);
    double c[2] = {0.01 * 1156, 0.01 * 1444}, x = x1[0], y = x1[1];
    for (int k = 2; k <= 3; k++) {
        double g[2], p[2] = {x, y};
        booth_grad_by_hand(p, g);
        c[0] = 0.99 * c[0] + 0.01 * g[0] * g[0];
        c[1] = 0.99 * c[1] + 0.01 * g[1] * g[1];
        x -= 0.01 * g[0] / (sqrt(c[0]) + 1e-8);
        y -= 0.01 * g[1] / (sqrt(c[1]) + 1e-8);
        expect_point(path[k], x, y);
    }
    optim_free(&o);
}

static void test_adam(void **state)
{
    (void)state;
    double path[4][2];
    optim o;
    three_steps(OPTIM_ADAM, path, &o);
    /* t = 1: m_hat = g0, v_hat = g0^2, so the step is lr * g0 / (|g0| + eps) */
    double x1[2] = {0.01 * 34 / (34 + 1e-8), 0.01 * 38 / (38 + 1e-8)};
    expect_point(path[1], x1[0], x1[1]);
    double m[2] = {0.1 * -34, 0.1 * -38}, v[2] = {0.001 * 1156, 0.001 * 1444};
    double x[2] = {x1[0], x1[1]};
    for (int t = 2; t <= 3; t++) {
        double g[2];
        booth_grad_by_hand(x, g);
        for (int i = 0; i < 2; i++) {
            m[i] = 0.9 * m[i] + 0.1 * g[i];
            v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
            double mh = m[i] / (1 - pow(0.9, t)), vh = v[i] / (1 - pow(0.999, t));
            x[i] -= 0.01 * mh / (sqrt(vh) + 1e-8);
        }
        expect_point(path[t], x[0], x[1]);
    }
    /* what the screen shows: bias-corrected moments of the last step */
    double m_hat, v_hat;
    optim_adam_hat(&o, 0, &m_hat, &v_hat);
    assert_near(m_hat, m[0] / (1 - pow(0.9, 3)), 1e-12);
    optim_adam_hat(&o, 1, &m_hat, &v_hat);
    assert_near(v_hat, v[1] / (1 - pow(0.999, 3)), 1e-9);
    optim_free(&o);
}

static void test_reset_repeats_path(void **state)
{
    (void)state;
    optim_params p = optim_defaults(OPTIM_ADAM);
    optim o;
    assert_int_equal(optim_init(&o, &p, 3), 0);
    double x[3] = {1, -2, 3}, g[3] = {0.5, -1, 2}, first;
    optim_step(&o, x, g);
    first = x[0];
    optim_reset(&o);
    x[0] = 1;
    optim_step(&o, x, g);
    assert_near(x[0], first, 0);
    assert_int_equal(o.t, 1);
    optim_free(&o);
}

/* The update split into ranges (taken in any order, as two threads would)
 * gives optim_step's bits, state and scalars included, step after step:
 * Adam's bias correction and the schedule's rate are the step's, once. */
static void test_ranges_are_the_step(void **state)
{
    (void)state;
    enum { N = 37 };
    for (int k = 0; k < OPTIM_COUNT; k++) {
        optim_params p = optim_defaults((optim_kind)k);
        p.sched.kind = SCHED_STEP;
        p.sched.every = 2;
        p.sched.gamma = 0.5;
        optim whole, split;
        assert_int_equal(optim_init(&whole, &p, N), 0);
        assert_int_equal(optim_init(&split, &p, N), 0);
        double x[N], y[N], g[N];
        for (int i = 0; i < N; i++)
            x[i] = y[i] = sin(i + 1.0);
        for (int step = 0; step < 5; step++) {
            for (int i = 0; i < N; i++)
                g[i] = cos(3.0 * i + step) * (1 + i % 4) + x[i];
            optim_step(&whole, x, g);
            optim_begin(&split);
            double g7[13]; /* the middle range's gradient in a buffer of its own */
            memcpy(g7, g + 7, sizeof g7);
            optim_step_range(&split, y + 20, g + 20, 20, N);
            optim_step_range(&split, y, g, 0, 7);
            optim_step_range(&split, y + 7, g7, 7, 20);
            assert_memory_equal(x, y, sizeof x);
            assert_memory_equal(whole.vel, split.vel, OPTIM_VECTORS * N * sizeof *whole.vel);
            assert_int_equal(whole.t, split.t);
            assert_memory_equal(&whole.lr_now, &split.lr_now, sizeof whole.lr_now);
        }
        /* the last of the 5 updates (t = 4) at the step schedule's lr / 4 */
        assert_int_equal(whole.t, 5);
        assert_near(whole.lr_now, p.lr * 0.25, 0);
        optim_free(&whole);
        optim_free(&split);
    }
}

static void test_names(void **state)
{
    (void)state;
    for (int k = 0; k < OPTIM_COUNT; k++)
        assert_int_equal(optim_kind_from_name(optim_name((optim_kind)k)), k);
    assert_int_equal(optim_kind_from_name("sgdd"), -1);
    assert_near(optim_defaults(OPTIM_ADAGRAD).eps, 1e-10, 0);
    assert_near(optim_defaults(OPTIM_RMSPROP).eps, 1e-8, 0);
    assert_near(optim_defaults(OPTIM_RMSPROP).decay, 0.99, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sgd),
        cmocka_unit_test(test_momentum),
        cmocka_unit_test(test_nesterov),
        cmocka_unit_test(test_nesterov_lookahead_form),
        cmocka_unit_test(test_adagrad),
        cmocka_unit_test(test_rmsprop),
        cmocka_unit_test(test_adam),
        cmocka_unit_test(test_reset_repeats_path),
        cmocka_unit_test(test_ranges_are_the_step),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
