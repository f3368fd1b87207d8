/* Contour lines as vector segments (for the SVG export): on a plane every
 * segment lies exactly on its level; on a cone the segments of one level
 * lie on a circle of the right radius. */
#include "check.h"

#include <math.h>
#include <string.h>

#include "tui/contour.h"

static double plane(const surface *s, double x, double y, double g[2], double h[3])
{
    (void)s;
    (void)y;
    if (g)
        g[0] = 1, g[1] = 0;
    if (h)
        h[0] = h[1] = h[2] = 0;
    return x;
}

static double cone(const surface *s, double x, double y, double g[2], double h[3])
{
    (void)s;
    (void)g;
    (void)h;
    return hypot(x, y);
}

typedef struct {
    const contour *ct;
    int n[CONTOUR_BANDS_MAX];
    double worst;        /* largest error against the expected place */
    double (*expect)(double x, double y);
    double levels[CONTOUR_BANDS_MAX];
} tally;

static double world_x(const contour *ct, double sx)
{
    return ct->view[0] + sx / (ct->w - 1) * (ct->view[1] - ct->view[0]);
}

static double world_y(const contour *ct, double sy)
{
    return ct->view[3] - sy / (ct->h - 1) * (ct->view[3] - ct->view[2]);
}

static void count(void *ctx, int level, double x0, double y0, double x1, double y1)
{
    tally *t = ctx;
    t->n[level]++;
    double e0 = fabs(t->expect(world_x(t->ct, x0), world_y(t->ct, y0)) - t->levels[level]);
    double e1 = fabs(t->expect(world_x(t->ct, x1), world_y(t->ct, y1)) - t->levels[level]);
    t->worst = fmax(t->worst, fmax(e0, e1));
}

static double f_plane(double x, double y)
{
    (void)y;
    return x;
}

static double f_cone(double x, double y)
{
    return hypot(x, y);
}

static void test_plane(void **state)
{
    (void)state;
    surface s = {.name = "plane", .eval = plane};
    double view[4] = {0, 10, 0, 1};
    contour ct;
    memset(&ct, 0, sizeof ct);
    /* 10 cells of 2x2 dots across: samples every 0.5 in x. Five linear
     * bands over [0, 10] put the levels at 2, 4, 6, 8. */
    assert_int_equal(contour_build(&ct, &s, view, 10, 3, 2, 2, 5, 0), 0);
    tally t = {.ct = &ct, .expect = f_plane, .levels = {2, 4, 6, 8}};
    contour_segments(&ct, count, &t);
    /* Each level is a vertical line crossing all 6 sample rows of squares;
     * a level lying on a sample column counts the squares on one side. */
    for (int k = 0; k < 4; k++)
        assert_int_equal(t.n[k], 6);
    assert_true(t.worst < 1e-12);
    contour_free(&ct);
}

static void test_cone(void **state)
{
    (void)state;
    surface s = {.name = "cone", .eval = cone};
    double view[4] = {-2, 2, -2, 2};
    contour ct;
    memset(&ct, 0, sizeof ct);
    assert_int_equal(contour_build(&ct, &s, view, 40, 40, 2, 2, 4, 0), 0);
    /* lo = 0 at the centre, hi = 2*sqrt(2) at the corners. */
    double span = 2 * sqrt(2.0);
    tally t = {.ct = &ct, .expect = f_cone, .levels = {span / 4, span / 2, 3 * span / 4}};
    contour_segments(&ct, count, &t);
    /* Linear interpolation of a cone along a square's edge is off by at
     * most a fraction of the sample spacing (0.05). */
    assert_true(t.worst < 0.01);
    /* A circle of radius r crosses at least its circumference over a
     * square's diagonal (0.05 * sqrt 2) squares: ask for half of that. */
    for (int k = 0; k < 3; k++)
        assert_true(t.n[k] >= 2 * M_PI * t.levels[k] / (0.1 * sqrt(2.0)));
    contour_free(&ct);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plane),
        cmocka_unit_test(test_cone),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
