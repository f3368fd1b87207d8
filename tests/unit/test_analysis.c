/* Hessian analysis and the BFGS paths, against values derived by hand:
 * Booth's Hessian [[10, 8], [8, 10]] has eigenvalues 10 -+ 8 = 2 and 18;
 * x^2 - y^2 has 2 and -2; the monkey saddle's Hessian is 0 at the origin;
 * Himmelblau's four minima are listed in surface.c (from the literature). */
#include "check.h"

#include <math.h>

#include "core/analysis.h"
#include "core/race.h"
#include "scene/expr.h"

static void test_point_kinds(void **state)
{
    (void)state;
    point_info p;
    analysis_point(surface_find("booth"), 0.3, -2, &p);
    assert_near(p.eig[0], 2, 1e-12);
    assert_near(p.eig[1], 18, 1e-12);
    assert_near(p.cond, 9, 1e-12);
    assert_int_equal(p.kind, POINT_MINIMUM);
    /* eigenvectors: (1, -1)/sqrt 2 for 2 and (1, 1)/sqrt 2 for 18, up to sign */
    assert_near(fabs(p.evec[0][0]), sqrt(0.5), 1e-12);
    assert_near(p.evec[0][0] * p.evec[0][1], -0.5, 1e-12);
    assert_near(p.evec[1][0] * p.evec[1][1], 0.5, 1e-12);
    analysis_point(surface_find("saddle"), 0, 0, &p);
    assert_int_equal(p.kind, POINT_SADDLE);
    assert_near(p.cond, 1, 1e-12);
    analysis_point(surface_find("monkey"), 0, 0, &p);
    assert_int_equal(p.kind, POINT_FLAT);
    assert_true(isinf(p.cond));
    analysis_point(surface_find("valley"), 5, 5, &p);
    assert_near(p.cond, 64, 1e-12);

    expr *e = expr_parse("-(x^2) - 3*y^2", NULL, 0, NULL);
    surface s = expr_surface(e);
    analysis_point(&s, 1, 1, &p);
    assert_int_equal(p.kind, POINT_MAXIMUM);
    assert_near(p.eig[0], -6, 1e-12);
    assert_near(p.eig[1], -2, 1e-12);
    expr_free(e);
    e = expr_parse("log(x) + y", NULL, 0, NULL);
    s = expr_surface(e);
    analysis_point(&s, -1, 1, &p);
    assert_int_equal(p.kind, POINT_UNDEFINED);
    expr_free(e);
}

static void test_find_minima(void **state)
{
    (void)state;
    const surface *h = surface_find("himmelblau");
    expr *e = expr_parse(h->formula, NULL, 0, NULL);
    surface s = expr_surface(e);
    assert_int_equal(analysis_find_minima(&s, h->view, 8), 4);
    for (int i = 0; i < 4; i++)
        assert_true(surface_min_distance(&s, h->minima[i][0], h->minima[i][1]) < 1e-6);
    expr_free(e);
    /* a flat minimum: x^4 + y^4 at the origin; no minimum at all on a saddle */
    e = expr_parse("x^4 + y^4", NULL, 0, NULL);
    s = expr_surface(e);
    double view[4] = {-2, 2, -2, 2};
    assert_int_equal(analysis_find_minima(&s, view, 4), 1);
    assert_true(hypot(s.minima[0][0], s.minima[0][1]) < 0.05);
    expr_free(e);
    surface sad = *surface_find("saddle");
    assert_int_equal(analysis_find_minima(&sad, view, 4), 0);
}

/* On a quadratic, BFGS with exact line searches reaches the minimum in two
 * iterations (n = 2); GSL's inexact search needs a few more. */
static void test_bfgs_racer(void **state)
{
    (void)state;
    race_config c;
    race_config_defaults(&c, surface_find("booth"));
    c.nopt = 2;
    c.opt[0].p = optim_defaults(OPTIM_BFGS);
    c.opt[1].p = optim_defaults(OPTIM_SGD);
    c.noise = 1.0; /* bfgs ignores it */
    race rc;
    assert_int_equal(race_init(&rc, &c), 0);
    assert_string_equal(rc.r[0].label, "bfgs");
    race_run(&rc, 10);
    const race_point *end = &rc.r[0].path[rc.r[0].len - 1];
    assert_near(end->x, 1, 1e-8);
    assert_near(end->y, 3, 1e-8);
    assert_int_equal(rc.r[0].len, 11);
    assert_int_equal(rc.r[0].status, RACER_CONVERGED);
    /* reset replays the same path */
    double x5 = rc.r[0].path[5].x;
    race_reset(&rc);
    race_run(&rc, 5);
    assert_true(rc.r[0].path[5].x == x5);
    race_free(&rc);
}

/* Booth's Hessian eigenvalues are 18 and 2 (design notes): plain gradient
 * descent at lr 0.12 is unstable (2.16 > 2), at 0.10 stable (1.8). */
static void test_stability_booth(void **state)
{
    (void)state;
    point_info p;
    analysis_point(surface_find("booth"), 0, 0, &p);
    assert_float_equal(p.eig[1], 18, 1e-9);
    stability st;
    analysis_stability(OPTIM_SGD, 0, 0.12, p.eig[1], &st);
    assert_float_equal(st.lr_lambda, 2.16, 1e-12);
    assert_float_equal(st.limit, 2, 0);
    assert_string_equal(analysis_stability_name(st.kind), "unstable");
    analysis_stability(OPTIM_SGD, 0, 0.10, p.eig[1], &st);
    assert_string_equal(analysis_stability_name(st.kind), "stable");
    analysis_stability(OPTIM_NESTEROV, 0.9, 0.01, 18, &st);
    assert_float_equal(st.limit, 3.8 / 2.8, 1e-12); /* 1.36, the design notes' figure */
    analysis_stability(OPTIM_ADAM, 0, 0.5, 18, &st);
    assert_string_equal(analysis_stability_name(st.kind), "per-coordinate");
    analysis_stability(OPTIM_BFGS, 0, 0.5, 18, &st);
    assert_string_equal(analysis_stability_name(st.kind), "-");
}

/* |x| after n updates of the kind on f = lambda x^2 / 2 from x = 1. */
static double run_quadratic(optim_kind k, double mu, double h, int n)
{
    optim_params p = optim_defaults(k);
    double lambda = 4.0;
    p.lr = h / lambda;
    p.momentum = mu;
    optim o;
    assert_int_equal(optim_init(&o, &p, 1), 0);
    double x = 1;
    for (int i = 0; i < n && fabs(x) < 1e12; i++) {
        double g = lambda * x;
        optim_step(&o, &x, &g);
    }
    optim_free(&o);
    return fabs(x);
}

/* The limits, checked against the update rules themselves: 2% under the
 * limit the iterate shrinks, 2% over it grows. */
static void test_stability_limits_by_simulation(void **state)
{
    (void)state;
    struct {
        optim_kind k;
        double mu;
    } cases[] = {{OPTIM_SGD, 0}, {OPTIM_MOMENTUM, 0.5}, {OPTIM_MOMENTUM, 0.9},
                 {OPTIM_NESTEROV, 0.5}, {OPTIM_NESTEROV, 0.9}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        stability st;
        analysis_stability(cases[i].k, cases[i].mu, 1, 1, &st);
        double below = run_quadratic(cases[i].k, cases[i].mu, st.limit * 0.98, 20000);
        double above = run_quadratic(cases[i].k, cases[i].mu, st.limit * 1.02, 20000);
        if (!(below < 1e-3) || !(above > 1e3))
            fail_msg("%s mu %g: limit %g, |x| %g below and %g above", optim_name(cases[i].k),
                     cases[i].mu, st.limit, below, above);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_point_kinds),
        cmocka_unit_test(test_find_minima),
        cmocka_unit_test(test_bfgs_racer),
        cmocka_unit_test(test_stability_booth),
        cmocka_unit_test(test_stability_limits_by_simulation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
