/* Built-in surfaces: gradients and Hessians against finite differences of f
 * at many points, and known values checked by hand. */
#include <gsl/gsl_rng.h>
#include <string.h>

#include "check.h"
#include "core/surface.h"

/* Centered differences; the step scales with the point's size. */
static void fd_grad(const surface *s, double x, double y, double g[2])
{
    double hx = 1e-6 * fmax(1.0, fabs(x)), hy = 1e-6 * fmax(1.0, fabs(y));
    g[0] = (surface_f(s, x + hx, y) - surface_f(s, x - hx, y)) / (2 * hx);
    g[1] = (surface_f(s, x, y + hy) - surface_f(s, x, y - hy)) / (2 * hy);
}

/* The Hessian as centered differences of the analytic gradient, which the
 * gradient test has already checked against f itself. */
static void fd_hess(const surface *s, double x, double y, double h[3])
{
    double hx = 1e-6 * fmax(1.0, fabs(x)), hy = 1e-6 * fmax(1.0, fabs(y));
    double gp[2], gm[2];
    surface_grad(s, x + hx, y, gp);
    surface_grad(s, x - hx, y, gm);
    h[0] = (gp[0] - gm[0]) / (2 * hx);
    h[1] = (gp[1] - gm[1]) / (2 * hx);
    surface_grad(s, x, y + hy, gp);
    surface_grad(s, x, y - hy, gm);
    h[2] = (gp[1] - gm[1]) / (2 * hy);
}

static void test_derivatives_match_finite_differences(void **state)
{
    (void)state;
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 42);
    for (int i = 0; i < surface_count(); i++) {
        const surface *s = surface_builtin(i);
        for (int k = 0; k < 200; k++) {
            double x = s->view[0] + (s->view[1] - s->view[0]) * gsl_rng_uniform(rng);
            double y = s->view[2] + (s->view[3] - s->view[2]) * gsl_rng_uniform(rng);
            double g[2], gn[2], h[3], hn[3];
            surface_grad(s, x, y, g);
            surface_hess(s, x, y, h);
            fd_grad(s, x, y, gn);
            fd_hess(s, x, y, hn);
            double scale = 1.0 + fabs(surface_f(s, x, y));
            for (int j = 0; j < 2; j++)
                if (fabs(g[j] - gn[j]) > 1e-6 * scale)
                    fail_msg("%s at (%g, %g): g[%d] = %.12g, finite differences %.12g", s->name,
                             x, y, j, g[j], gn[j]);
            for (int j = 0; j < 3; j++)
                if (fabs(h[j] - hn[j]) > 1e-5 * (1.0 + fabs(hn[j])))
                    fail_msg("%s at (%g, %g): h[%d] = %.12g, finite differences %.12g", s->name,
                             x, y, j, h[j], hn[j]);
            /* the value-only path agrees with the full evaluation */
            assert_near(s->eval(s, x, y, g, h), surface_f(s, x, y), 0);
        }
    }
    gsl_rng_free(rng);
}

static void test_minima_are_stationary(void **state)
{
    (void)state;
    for (int i = 0; i < surface_count(); i++) {
        const surface *s = surface_builtin(i);
        for (int m = 0; m < s->nminima; m++) {
            double g[2], h[3];
            surface_grad(s, s->minima[m][0], s->minima[m][1], g);
            surface_hess(s, s->minima[m][0], s->minima[m][1], h);
            if (hypot(g[0], g[1]) > 1e-9)
                fail_msg("%s minimum %d: |grad| = %g", s->name, m, hypot(g[0], g[1]));
            /* positive definite: h_xx > 0 and det > 0 */
            assert_true(h[0] > 0 && h[0] * h[2] - h[1] * h[1] > 0);
        }
    }
}

static void test_known_values(void **state)
{
    (void)state;
    double g[2], h[3];
    /* Booth: (0+0-7)^2 + (0+0-5)^2 = 74; Hessian [[10, 8], [8, 10]]: eigenvalues 18, 2 */
    const surface *b = surface_find("booth");
    assert_near(surface_f(b, 0, 0), 74, 0);
    assert_near(surface_f(b, 1, 3), 0, 0);
    surface_hess(b, 0, 0, h);
    assert_near(h[0] + h[1], 18, 0);
    assert_near(h[0] - h[1], 2, 0);
    /* Rosenbrock at (-1.2, 1): 2.2^2 + 100 * (1 - 1.44)^2 = 4.84 + 19.36 = 24.2;
     * gx = -2 * 2.2 - 400 * -1.2 * -0.44 = -4.4 - 211.2 = -215.6; gy = 200 * -0.44 = -88 */
    const surface *r = surface_find("rosenbrock");
    assert_near(surface_f(r, -1.2, 1), 24.2, 1e-12);
    surface_grad(r, -1.2, 1, g);
    assert_near(g[0], -215.6, 1e-12);
    assert_near(g[1], -88, 1e-12);
    /* Beale at its minimum (3, 0.5): 1.5 - 3 + 1.5 = 0, 2.25 - 3 + 0.75 = 0, 2.625 - 3 + 0.375 = 0 */
    assert_near(surface_f(surface_find("beale"), 3, 0.5), 0, 1e-15);
    /* Himmelblau at (3, 2): (9 + 2 - 11)^2 + (3 + 4 - 7)^2 = 0 */
    assert_near(surface_f(surface_find("himmelblau"), 3, 2), 0, 0);
    /* Rastrigin and Ackley are 0 at the origin */
    assert_near(surface_f(surface_find("rastrigin"), 0, 0), 0, 1e-12);
    assert_near(surface_f(surface_find("ackley"), 0, 0), 0, 1e-12);
    /* Saddle: Hessian diag(2, -2); monkey saddle: zero Hessian at the origin */
    surface_hess(surface_find("saddle"), 0.3, -0.7, h);
    assert_true(h[0] == 2 && h[1] == 0 && h[2] == -2);
    surface_hess(surface_find("monkey"), 0, 0, h);
    assert_true(h[0] == 0 && h[1] == 0 && h[2] == 0);
    /* Valley x^2 + 64 y^2: eigenvalues 2 and 128, condition number 64 */
    surface_hess(surface_find("valley"), 5, 5, h);
    assert_near(h[2] / h[0], 64, 0);
}

static void test_lookup_and_distance(void **state)
{
    (void)state;
    assert_null(surface_find("rosenbrok"));
    for (int i = 0; i < surface_count(); i++) {
        const surface *s = surface_builtin(i);
        assert_ptr_equal(surface_find(s->name), s);
        assert_true(s->view[0] < s->view[1] && s->view[2] < s->view[3]);
        assert_true(s->start[0] >= s->view[0] && s->start[0] <= s->view[1]);
        assert_true(s->start[1] >= s->view[2] && s->start[1] <= s->view[3]);
    }
    const surface *h = surface_find("himmelblau");
    assert_near(surface_min_distance(h, 3, 5), 3, 1e-12); /* nearest is (3, 2) */
    assert_near(surface_min_distance(surface_find("saddle"), 0, 0), -1, 0);
}

/* The one view check: ordered, finite, no wider than 1e9, and wide enough
 * for doubles to tell its edges and samples apart. */
static void test_view_check(void **state)
{
    (void)state;
    char err[256];
    const double ok1[4] = {-2, 2, -1, 3}, ok2[4] = {1e6, 1e6 + 0.01, 0, 1e-9};
    assert_int_equal(surface_view_check(ok1, err, sizeof err), 0);
    assert_int_equal(surface_view_check(ok2, err, sizeof err), 0);
    for (int i = 0; i < surface_count(); i++)
        assert_int_equal(surface_view_check(surface_builtin(i)->view, err, sizeof err), 0);
    /* issue 18's view: 1 to 1 + 1e-15 (about 5 doubles) */
    const double ulps[4] = {1, 1.000000000000001, 0, 1};
    assert_int_equal(surface_view_check(ulps, err, sizeof err), -1);
    assert_non_null(strstr(err, "x range [1, 1.0000000000000011] is too narrow"));
    /* 1e15 +- 1e-15: both edges the same double */
    const double same[4] = {0, 1, 1e15 - 1e-15, 1e15 + 1e-15};
    assert_int_equal(surface_view_check(same, err, sizeof err), -1);
    assert_non_null(strstr(err, "y range [1000000000000000, 1000000000000000] is empty"));
    /* at 1e6 a width of 1e-4 is 1e-10 of |x|: too narrow; near 0, 1e-10 too */
    const double rel[4] = {1e6, 1e6 + 1e-4, 0, 1}, abs0[4] = {0, 1e-10, 0, 1};
    assert_int_equal(surface_view_check(rel, NULL, 0), -1);
    assert_int_equal(surface_view_check(abs0, NULL, 0), -1);
    const double wide[4] = {-1e10, 1e10, 0, 1}, inf[4] = {0, INFINITY, 0, 1},
                 nan[4] = {0, 1, NAN, 1}, back[4] = {0, 1, 3, 2};
    assert_int_equal(surface_view_check(wide, err, sizeof err), -1);
    assert_non_null(strstr(err, "wider than 1e+09"));
    assert_int_equal(surface_view_check(inf, err, sizeof err), -1);
    assert_non_null(strstr(err, "not finite"));
    assert_int_equal(surface_view_check(nan, NULL, 0), -1);
    assert_int_equal(surface_view_check(back, err, sizeof err), -1);
    assert_non_null(strstr(err, "y range [3, 2] is empty"));
}

/* valley's view, 20 x 5 units, on a 640 x 580 area: 20 / 640 = 1/32 unit
 * per px across sets the scale, so the height shows 580 / 32 = 18.125
 * units about y = 0; a tall view widens across instead; a degenerate one
 * stays as it is. */
static void test_view_equal(void **state)
{
    (void)state;
    double v[4] = {-10, 10, -2.5, 2.5};
    surface_view_equal(v, 640, 580);
    assert_true(v[0] == -10 && v[1] == 10);
    assert_true(fabs(v[2] + 9.0625) < 1e-12 && fabs(v[3] - 9.0625) < 1e-12);
    double t[4] = {0, 1, 10, 30};
    surface_view_equal(t, 100, 50);
    assert_true(t[2] == 10 && t[3] == 30);
    assert_true(fabs(t[0] + 19.5) < 1e-12 && fabs(t[1] - 20.5) < 1e-12);
    double d[4] = {1, 1, 0, 2};
    surface_view_equal(d, 10, 10);
    assert_true(d[0] == 1 && d[1] == 1 && d[2] == 0 && d[3] == 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_derivatives_match_finite_differences),
        cmocka_unit_test(test_minima_are_stationary),
        cmocka_unit_test(test_known_values),
        cmocka_unit_test(test_lookup_and_distance),
        cmocka_unit_test(test_view_check),
        cmocka_unit_test(test_view_equal),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
