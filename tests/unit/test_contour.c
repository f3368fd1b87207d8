/* The contour raster: level spacing by hand, bands and lines on a surface
 * whose contours are known (Booth's are ellipses around (1, 3)). */
#include "check.h"

#include "core/surface.h"
#include "tui/contour.h"

static void test_linear_levels(void **state)
{
    (void)state;
    double lv[4];
    contour_levels(-2, 8, 5, 0, lv); /* bands of width 2 */
    assert_near(lv[0], 0, 1e-12);
    assert_near(lv[1], 2, 1e-12);
    assert_near(lv[2], 4, 1e-12);
    assert_near(lv[3], 6, 1e-12);
}

static void test_log_levels(void **state)
{
    (void)state;
    double lv[5];
    /* Six decades below hi - lo = 1e6 start at 1; six bands: one per decade. */
    contour_levels(0, 1e6, 6, 1, lv);
    assert_close(lv[0], 10, 1e-12);
    assert_close(lv[1], 100, 1e-12);
    assert_close(lv[2], 1000, 1e-12);
    assert_close(lv[3], 1e4, 1e-12);
    assert_close(lv[4], 1e5, 1e-12);
    /* Shifted by lo = 2: the scale is of f - lo. */
    contour_levels(2, 2 + 1e6, 3, 1, lv);
    assert_close(lv[0], 2 + 100, 1e-12);
    assert_close(lv[1], 2 + 1e4, 1e-12);
    /* Twelve bands over six decades: two per decade, 10^0.5 apart. */
    double l12[11];
    contour_levels(0, 1e6, 12, 1, l12);
    assert_close(l12[0], sqrt(10.0), 1e-12);
    assert_close(l12[1], 10, 1e-12);
    assert_close(l12[2], 10 * sqrt(10.0), 1e-12);
}

static void test_scale(void **state)
{
    (void)state;
    assert_near(contour_scale(0, 1e6, 1, 1e3), 0.5, 1e-12); /* 3 of 6 decades */
    assert_near(contour_scale(0, 1e6, 1, 0), 0, 1e-12);     /* below the floor */
    assert_near(contour_scale(0, 1e6, 1, 1e6), 1, 1e-12);
    assert_near(contour_scale(10, 20, 0, 12.5), 0.25, 1e-12);
    assert_near(contour_scale(10, 20, 0, NAN), -1, 0);
    assert_int_equal(contour_ramp(0.0, 8), 0);
    assert_int_equal(contour_ramp(0.99, 8), 7);
    assert_int_equal(contour_ramp(1.0, 8), 7);
    assert_int_equal(contour_ramp(0.5, 8), 4);
}

static void test_booth_raster(void **state)
{
    (void)state;
    const surface *s = surface_find("booth");
    contour ct = {0};
    canvas cv;
    /* 20 x 10 cells of 2 x 4 dots over [-4, 6] x [-2, 8]: 41 x 41 corners. */
    double view[4] = {-4, 6, -2, 8};
    assert_int_equal(contour_build(&ct, s, view, 20, 10, 2, 4, 8, 1), 0);
    assert_int_equal(ct.w, 41);
    assert_int_equal(ct.h, 41);
    /* Corner (20, 20) is the centre of the view, (1, 3): the minimum, f = 0. */
    assert_near(ct.f[20 * 41 + 20], 0, 1e-12);
    assert_near(ct.lo, 0, 1e-12);
    /* The top-left corner is (-4, 8): a = -4 + 16 - 7 = 5, b = -8 + 8 - 5 = -5. */
    assert_near(ct.f[0], 50, 1e-12);
    /* The largest value sits at a corner: (6, 8) or (-4, -2) give a = b = +-15. */
    assert_near(ct.hi, 450, 1e-12);
    assert_int_equal(ct.band[20 * 41 + 20], 0);
    assert_int_equal(ct.band[0], contour_ramp(contour_scale(0, 450, 1, 50), 8));

    assert_int_equal(canvas_init(&cv, 20, 10, CANVAS_BRAILLE), 0);
    contour_lines(&ct, &cv, 1);
    /* Lines separate bands: the minimum's own dot is inside band 0 ... */
    int lit = 0;
    for (int k = 0; k < 200; k++)
        lit += cv.bits[k] != 0;
    assert_true(lit > 0);
    /* ... and every lit dot has corners in different bands. */
    for (int j = 0; j < 40; j++)
        for (int i = 0; i < 40; i++) {
            signed char *b = ct.band;
            int mixed = b[j * 41 + i] != b[j * 41 + i + 1] || b[j * 41 + i] != b[(j + 1) * 41 + i] ||
                        b[j * 41 + i] != b[(j + 1) * 41 + i + 1];
            assert_int_equal(canvas_get(&cv, i, j), mixed);
        }
    /* The centre of cell (10, 5) is corner (21, 22): (1.25, 2.5), where
     * a = -0.75, b = 0, f = 0.5625; the floor is 450e-6, so the scale is
     * log10(0.5625 / 450e-6) / 6 = log10(1250) / 6. */
    assert_near(contour_cell(&ct, 10, 5), log10(1250.0) / 6, 1e-12);
    canvas_free(&cv);
    contour_free(&ct);
}

/* Ticks are counted: a range a few ULPs wide, or one where adding the step
 * leaves a tick as it was, ends (the old loop stepped t += step forever). */
static void test_ticks(void **state)
{
    (void)state;
    double first, step;
    /* [-2, 2], about 8: step 4/8 = 0.5 (a round 5), -2 .. 2 is 9 ticks */
    assert_int_equal(contour_ticks(-2, 2, 8, &first, &step), 9);
    assert_near(step, 0.5, 0);
    assert_near(first, -2, 0);
    /* [0.05, 1], about 7: raw 0.136, step 0.1, ticks 0.1 .. 1.0 (10) */
    assert_int_equal(contour_ticks(0.05, 1, 7, &first, &step), 10);
    assert_near(step, 0.1, 1e-17);
    assert_near(first + 9 * step, 1, 1e-15);
    /* 1e15 wide 0.25: step 0.02 is below the spacing of doubles there (0.125) */
    assert_int_equal(contour_ticks(1e15, 1e15 + 0.25, 8, &first, &step), 0);
    /* two doubles apart at 1: ends, with at most a few ticks */
    int n = contour_ticks(1, nextafter(nextafter(1, 2), 2), 8, &first, &step);
    assert_true(n >= 0 && n <= CONTOUR_TICKS_MAX);
    /* empty, reversed, non-finite */
    assert_int_equal(contour_ticks(1, 1, 8, &first, &step), 0);
    assert_int_equal(contour_ticks(2, 1, 8, &first, &step), 0);
    assert_int_equal(contour_ticks(NAN, 1, 8, &first, &step), 0);
    assert_int_equal(contour_ticks(0, INFINITY, 8, &first, &step), 0);
    /* a huge target is capped */
    assert_int_equal(contour_ticks(0, 1, 100000, &first, &step), CONTOUR_TICKS_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear_levels),
        cmocka_unit_test(test_log_levels),
        cmocka_unit_test(test_scale),
        cmocka_unit_test(test_booth_raster),
        cmocka_unit_test(test_ticks),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
