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
        for (int i = 0; i < THEME_KINDS; i++)
            for (int j = i + 1; j < THEME_KINDS; j++) {
                rgb a = t->optim[i], b = t->optim[j];
                double d = sqrt((a.r - b.r) * (a.r - b.r) + (a.g - b.g) * (a.g - b.g) +
                                (a.b - b.b) * (a.b - b.b));
                if (d < 60)
                    fail_msg("%s: optimizers %d and %d too alike (%.0f)", t->name, i, j, d);
                /* the two references may share a stand-in: marks tell them apart */
                if (t->basic_optim[i] == t->basic_optim[j] && j != THEME_KIND_REFERENCE)
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
    for (int i = 0; i < THEME_KINDS; i++)
        if (contrast(t->optim[i], white) < 3)
            fail_msg("light: optimizer %d contrast %.2f on white", i, contrast(t->optim[i], white));
    assert_true(contrast(theme_get(THEME_CONTRAST)->ink, theme_get(THEME_CONTRAST)->paper) >= 20);
}

static void test_head_marks_distinct(void **state)
{
    (void)state;
    int kinds[THEME_KINDS] = {OPTIM_SGD,     OPTIM_MOMENTUM, OPTIM_NESTEROV, OPTIM_ADAGRAD,
                              OPTIM_RMSPROP, OPTIM_ADAM,     OPTIM_BFGS,     -1};
    for (int i = 0; i < THEME_KINDS; i++)
        for (int j = i + 1; j < THEME_KINDS; j++) {
            const head_mark *a = theme_head(kinds[i]), *b = theme_head(kinds[j]);
            assert_true(a->utf != b->utf);
            assert_true(a->ascii != b->ascii);
            assert_true(strcmp(a->svg, b->svg) != 0);
        }
    /* no mark is the start's (U+25C6, S) or a minimum's (U+2605, *) */
    for (int i = 0; i < THEME_KINDS; i++) {
        const head_mark *m = theme_head(kinds[i]);
        assert_true(m->utf != 0x25C6 && m->utf != 0x2605 && m->ascii != 'S' && m->ascii != '*');
    }
    assert_int_equal(theme_kind(OPTIM_BFGS), THEME_KIND_BFGS);
    assert_int_equal(theme_kind(-1), THEME_KIND_REFERENCE);
}

/* A race of sgd, adam, sgd, sgd: each sgd in sgd's hue, the first in its own
 * colour, the others in other shades, none in adam's colour; marks by kind. */
static void test_racer_identity(void **state)
{
    (void)state;
    race rc;
    memset(&rc, 0, sizeof rc);
    optim_kind k[4] = {OPTIM_SGD, OPTIM_ADAM, OPTIM_SGD, OPTIM_SGD};
    rc.n = 4;
    for (int i = 0; i < 4; i++)
        rc.r[i].spec.p.kind = k[i];
    for (int id = 0; id < THEME_COUNT; id++) {
        const theme *t = theme_get((theme_id)id);
        rgb sgd = theme_optim(t, OPTIM_SGD), adam = theme_optim(t, OPTIM_ADAM);
        rgb r0 = theme_racer(t, &rc, 0), r1 = theme_racer(t, &rc, 1);
        rgb r2 = theme_racer(t, &rc, 2), r3 = theme_racer(t, &rc, 3);
        assert_memory_equal(&r0, &sgd, sizeof sgd);
        assert_memory_equal(&r1, &adam, sizeof adam);
        assert_int_equal(theme_racer_rank(&rc, 3), 2);
        assert_ptr_equal(theme_racer_head(&rc, 3), theme_head(OPTIM_SGD));
        assert_int_equal(theme_racer_basic(t, &rc, 2), theme_optim_basic(t, OPTIM_SGD));
        if (t->mono)
            continue;
        assert_true(memcmp(&r2, &sgd, sizeof sgd) != 0 && memcmp(&r3, &sgd, sizeof sgd) != 0 &&
                    memcmp(&r2, &r3, sizeof sgd) != 0);
        for (int j = 0; j < THEME_KINDS; j++) {
            if (j == THEME_KIND_BFGS && id != THEME_LIGHT)
                continue; /* white: lighter shades of anything near it */
            rgb o = t->optim[j];
            if (j != OPTIM_SGD && memcmp(&r2, &o, sizeof o) == 0)
                fail_msg("%s: the second sgd wears kind %d's colour", t->name, j);
        }
    }
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
        cmocka_unit_test(test_racer_identity),
        cmocka_unit_test(test_thick_braille),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
