/* Themes: every theme keeps the six optimizers apart by colour (on its own
 * paper) and by head mark; the light theme's inks are readable on white. */
#include "check.h"

#include <math.h>
#include <string.h>

#include "tui/canvas.h"
#include "tui/theme.h"

/* WCAG 2 relative luminance and contrast ratio. */
static double channel(int v)
{
    double c = v / 255.0;
    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

static double luminance(rgb c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

static double contrast(rgb a, rgb b)
{
    double la = luminance(a), lb = luminance(b);
    return la > lb ? (la + 0.05) / (lb + 0.05) : (lb + 0.05) / (la + 0.05);
}

static void test_names(void **state)
{
    (void)state;
    const char *want[] = {"dark", "light", "high-contrast", "monochrome"};
    for (int i = 0; i < THEME_COUNT; i++) {
        const theme *t = theme_find(want[i]);
        assert_non_null(t);
        assert_int_equal(theme_id_of(t), i);
        assert_ptr_equal(theme_get((theme_id)i), t);
    }
    assert_null(theme_find("Dark"));
    assert_string_equal(theme_names_list(), "dark, light, high-contrast, monochrome");
}

static void test_optimizer_colours_distinct(void **state)
{
    (void)state;
    for (int id = 0; id < THEME_COUNT; id++) {
        const theme *t = theme_get((theme_id)id);
        if (t->mono)
            continue;
        for (int i = 0; i < THEME_OPTIM; i++)
            for (int j = i + 1; j < THEME_OPTIM; j++) {
                rgb a = theme_optim(t, i), b = theme_optim(t, j);
                double d = sqrt((a.r - b.r) * (a.r - b.r) + (a.g - b.g) * (a.g - b.g) +
                                (a.b - b.b) * (a.b - b.b));
                if (d < 60)
                    fail_msg("%s: optimizers %d and %d too alike (%.0f)", t->name, i, j, d);
                if (t->basic_optim[i] == t->basic_optim[j])
                    fail_msg("%s: 8-colour stand-ins %d and %d equal", t->name, i, j);
            }
    }
}

static void test_light_inks_readable(void **state)
{
    (void)state;
    const theme *t = theme_get(THEME_LIGHT);
    rgb white = {255, 255, 255};
    assert_true(luminance(t->paper) > 0.8);
    assert_true(contrast(t->ink, t->paper) >= 7);
    for (int i = 0; i < THEME_OPTIM; i++)
        if (contrast(theme_optim(t, i), white) < 3)
            fail_msg("light: optimizer %d contrast %.2f on white", i,
                     contrast(theme_optim(t, i), white));
    assert_true(contrast(theme_get(THEME_CONTRAST)->ink, theme_get(THEME_CONTRAST)->paper) >= 20);
}

static void test_head_marks_distinct(void **state)
{
    (void)state;
    for (int i = 0; i < THEME_OPTIM; i++)
        for (int j = i + 1; j < THEME_OPTIM; j++) {
            assert_true(theme_head(i)->utf != theme_head(j)->utf);
            assert_true(theme_head(i)->ascii != theme_head(j)->ascii);
            assert_true(strcmp(theme_head(i)->svg, theme_head(j)->svg) != 0);
        }
    assert_ptr_equal(theme_head(THEME_OPTIM), theme_head(0));
}

static void test_thick_braille(void **state)
{
    (void)state;
    canvas c;
    assert_int_equal(canvas_init(&c, 4, 2, CANVAS_BRAILLE), 0);
    c.thick = 1;
    canvas_dot(&c, 1, 3, 1);
    /* (1,3) and its right, lower and diagonal neighbours: four dots in
     * four different cells' corners. */
    assert_true(canvas_get(&c, 1, 3) && canvas_get(&c, 2, 3) && canvas_get(&c, 1, 4) &&
                canvas_get(&c, 2, 4));
    assert_false(canvas_get(&c, 0, 3) || canvas_get(&c, 1, 2) || canvas_get(&c, 3, 3));
    canvas_free(&c);
    assert_int_equal(canvas_init(&c, 4, 2, CANVAS_HALF), 0);
    c.thick = 1;
    canvas_dot(&c, 1, 1, 1);
    assert_true(canvas_get(&c, 1, 1));
    assert_false(canvas_get(&c, 2, 1) || canvas_get(&c, 1, 2));
    canvas_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_optimizer_colours_distinct),
        cmocka_unit_test(test_light_inks_readable),
        cmocka_unit_test(test_head_marks_distinct),
        cmocka_unit_test(test_thick_braille),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
