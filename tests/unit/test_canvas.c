/* The dot canvas: the braille bit layout against the Unicode chart (dot
 * numbers 1-8 are bits 0-7; the left column is dots 1, 2, 3, 7 and the right
 * 4, 5, 6, 8), line endpoints, and clipping at the edges. */
#include "check.h"

#include "tui/canvas.h"

static int count_dots(const canvas *c)
{
    int n = 0;
    for (int y = 0; y < c->h; y++)
        for (int x = 0; x < c->w; x++)
            n += canvas_get(c, x, y);
    return n;
}

static uint32_t glyph_of_dot(int x, int y)
{
    canvas c;
    assert_int_equal(canvas_init(&c, 1, 1, CANVAS_BRAILLE), 0);
    canvas_dot(&c, x, y, 1);
    uint32_t g = canvas_glyph(&c, 0, 0, '?');
    canvas_free(&c);
    return g;
}

static void test_braille_layout(void **state)
{
    (void)state;
    assert_int_equal(glyph_of_dot(0, 0), 0x2801); /* dot 1 */
    assert_int_equal(glyph_of_dot(0, 1), 0x2802); /* dot 2 */
    assert_int_equal(glyph_of_dot(0, 2), 0x2804); /* dot 3 */
    assert_int_equal(glyph_of_dot(1, 0), 0x2808); /* dot 4 */
    assert_int_equal(glyph_of_dot(1, 1), 0x2810); /* dot 5 */
    assert_int_equal(glyph_of_dot(1, 2), 0x2820); /* dot 6 */
    assert_int_equal(glyph_of_dot(0, 3), 0x2840); /* dot 7 */
    assert_int_equal(glyph_of_dot(1, 3), 0x2880); /* dot 8 */
}

static void test_full_cell_and_cells(void **state)
{
    (void)state;
    canvas c;
    assert_int_equal(canvas_init(&c, 3, 2, CANVAS_BRAILLE), 0);
    assert_int_equal(c.w, 6);
    assert_int_equal(c.h, 8);
    for (int y = 4; y < 8; y++)
        for (int x = 2; x < 4; x++)
            canvas_dot(&c, x, y, 3);
    assert_int_equal(canvas_glyph(&c, 1, 1, '?'), 0x28FF);
    assert_int_equal(canvas_glyph(&c, 0, 0, '?'), ' ');
    assert_int_equal(c.ink[1 * 3 + 1], 3);
    assert_int_equal(count_dots(&c), 8);
    canvas_free(&c);
}

static void test_half_and_ascii(void **state)
{
    (void)state;
    canvas h, a;
    assert_int_equal(canvas_init(&h, 2, 1, CANVAS_HALF), 0);
    canvas_dot(&h, 0, 0, 1);
    canvas_dot(&h, 1, 1, 1);
    assert_int_equal(canvas_glyph(&h, 0, 0, '?'), 0x2580); /* upper half */
    assert_int_equal(canvas_glyph(&h, 1, 0, '?'), 0x2584); /* lower half */
    canvas_dot(&h, 1, 0, 1);
    assert_int_equal(canvas_glyph(&h, 1, 0, '?'), 0x2588); /* full block */
    assert_int_equal(canvas_init(&a, 2, 2, CANVAS_ASCII), 0);
    canvas_dot(&a, 1, 1, 1);
    assert_int_equal(canvas_glyph(&a, 1, 1, '*'), '*');
    assert_int_equal(canvas_glyph(&a, 0, 1, '*'), ' ');
    canvas_free(&h);
    canvas_free(&a);
}

static void test_line_endpoints(void **state)
{
    (void)state;
    canvas c;
    assert_int_equal(canvas_init(&c, 10, 5, CANVAS_BRAILLE), 0); /* 20 x 20 dots */
    canvas_line(&c, 2, 3, 17, 11, 1);
    assert_true(canvas_get(&c, 2, 3));
    assert_true(canvas_get(&c, 17, 11));
    /* A Bresenham line sets one dot per step along its longer axis. */
    assert_int_equal(count_dots(&c), 16);
    canvas_clear(&c);
    canvas_line(&c, 5, 0, 5, 19, 1); /* vertical, every row */
    assert_int_equal(count_dots(&c), 20);
    for (int y = 0; y < 20; y++)
        assert_true(canvas_get(&c, 5, y));
    canvas_clear(&c);
    canvas_line(&c, 4, 4, 4, 4, 1);
    assert_int_equal(count_dots(&c), 1);
    canvas_free(&c);
}

static void test_clipping_does_not_wrap(void **state)
{
    (void)state;
    canvas c;
    assert_int_equal(canvas_init(&c, 4, 2, CANVAS_BRAILLE), 0); /* 8 x 8 dots */
    /* Leaves through the right edge: only x = 6, 7 on row 2, and nothing on
     * row 3 at the left, where a wrapped index would land. */
    canvas_line(&c, 6, 2, 20, 2, 1);
    assert_int_equal(count_dots(&c), 2);
    assert_true(canvas_get(&c, 6, 2));
    assert_true(canvas_get(&c, 7, 2));
    for (int x = 0; x < 6; x++) {
        assert_false(canvas_get(&c, x, 2));
        assert_false(canvas_get(&c, x, 3));
    }
    canvas_clear(&c);
    /* Entirely outside, and a diverged path's astronomically far endpoint. */
    canvas_line(&c, -5, -5, -1, 20, 1);
    canvas_line(&c, 9, 0, 30, 7, 1);
    assert_int_equal(count_dots(&c), 0);
    canvas_line(&c, 0, 0, 1e300, 1e300, 1);
    assert_true(canvas_get(&c, 0, 0));
    assert_true(canvas_get(&c, 7, 7));
    assert_int_equal(count_dots(&c), 8); /* the diagonal, clipped */
    canvas_line(&c, 0, 0, NAN, 3, 1);
    assert_int_equal(count_dots(&c), 8);
    /* Crossing the canvas from outside to outside keeps the inside part. */
    canvas_clear(&c);
    canvas_line(&c, -10, 4, 20, 4, 1);
    assert_int_equal(count_dots(&c), 8);
    canvas_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_braille_layout),
        cmocka_unit_test(test_full_cell_and_cells),
        cmocka_unit_test(test_half_and_ascii),
        cmocka_unit_test(test_line_endpoints),
        cmocka_unit_test(test_clipping_does_not_wrap),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
