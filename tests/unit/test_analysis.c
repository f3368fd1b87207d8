/* Hessian analysis and the BFGS paths, against values derived by hand:
 * Booth's Hessian [[10, 8], [8, 10]] has eigenvalues 10 -+ 8 = 2 and 18;
 * x^2 - y^2 has 2 and -2; the monkey saddle's Hessian is 0 at the origin;
 * Himmelblau's four minima are listed in surface.c (from the literature). */
#include "check.h"

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_point_kinds),
        cmocka_unit_test(test_find_minima),
        cmocka_unit_test(test_bfgs_racer),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
