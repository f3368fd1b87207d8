/* The class templates' rescaling (CS231n's picture of W, min-max per
 * template), with values worked out by hand. */
#include "check.h"

#include "tui/trainview.h"

static void test_min_max_per_template_bias_left_out(void **state)
{
    (void)state;
    /* min -2, max 2: (v + 2) / 4 * 255 -> 0, 127.5 (rounds to 128), 255,
     * 191.25 (191); the bias 99 is not part of the picture */
    const double row[5] = {-2, 0, 2, 1, 99};
    uint8_t out[4];
    trainview_template(row, 4, out);
    assert_int_equal(out[0], 0);
    assert_int_equal(out[1], 128);
    assert_int_equal(out[2], 255);
    assert_int_equal(out[3], 191);
}

static void test_each_template_on_its_own_scale(void **state)
{
    (void)state;
    /* a faint row and a strong one both span the whole range */
    const double faint[3] = {1e-4, 3e-4, 2e-4}, strong[3] = {-50, 50, 0};
    uint8_t a[3], b[3];
    trainview_template(faint, 3, a);
    trainview_template(strong, 3, b);
    assert_int_equal(a[0], 0);
    assert_int_equal(a[1], 255);
    assert_int_equal(a[2], 128); /* exactly half way: 127.5 */
    assert_int_equal(b[0], 0);
    assert_int_equal(b[1], 255);
    assert_int_equal(b[2], 128);
}

static void test_flat_template_is_mid_grey(void **state)
{
    (void)state;
    const double flat[3] = {3, 3, 3};
    uint8_t out[3];
    trainview_template(flat, 3, out);
    for (int i = 0; i < 3; i++)
        assert_int_equal(out[i], 128);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_min_max_per_template_bias_left_out),
        cmocka_unit_test(test_each_template_on_its_own_scale),
        cmocka_unit_test(test_flat_template_is_mid_grey),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
