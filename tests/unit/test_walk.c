/* The walkthrough models against the lecture's numbers, worked out by hand
 * in the comments, and recomputation after an edit or a scene's table. */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "walk/walk.h"
#include "walk/walkscene.h"

#define TOL 1e-12

static walk *make(const char *name)
{
    walk *w = malloc(sizeof *w);
    assert_non_null(w);
    int i = walk_find(name);
    assert_true(i >= 0);
    walk_init(w, i);
    return w;
}

/* The step whose title starts with prefix. */
static const walk_step *find_step(const walk *w, const char *prefix)
{
    for (int s = 0; s < w->nsteps; s++)
        if (strncmp(w->step[s].title, prefix, strlen(prefix)) == 0)
            return &w->step[s];
    fail_msg("no step titled '%s...'", prefix);
    return NULL;
}

static int step_index(const walk *w, const walk_step *st)
{
    return (int)(st - w->step);
}

static void test_svm_lecture(void **state)
{
    (void)state;
    walk *w = make("svm");
    const walk_step *st = find_step(w, "The loss over the data set");
    /* loss row is row 3 (after cat, car, frog) */
    assert_string_equal(st->row[3], "loss");
    assert_near(st->cell[3][0].v, 2.9, TOL);  /* 5.1 - 3.2 + 1 */
    assert_near(st->cell[3][1].v, 0.0, TOL);  /* 1.3 - 4.9 + 1 < 0, 2.0 - 4.9 + 1 < 0 */
    assert_near(st->cell[3][2].v, 12.9, TOL); /* (2.2 + 3.1 + 1) + (2.5 + 3.1 + 1) */
    assert_string_equal(st->result, "L = 5.27"); /* 15.8 / 3 = 5.2667 */
    const walk_step *cat = find_step(w, "cat image: its loss");
    assert_string_equal(cat->formula,
                        "L_cat = max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1) = max(0, 2.9) + "
                        "max(0, -3.9) = 2.9 + 0 = 2.9");
    assert_int_equal(cat->hl_row, 3);
    assert_int_equal(cat->hl_col, 0);
    free(w);
}

static void test_svm_edit_recomputes(void **state)
{
    (void)state;
    walk *w = make("svm");
    /* Step 1's table: row car (1), column cat image (0) shows 5.1. Lower it to
     * 2.0: 2.0 - 3.2 + 1 = -0.2, so the cat image's loss becomes 0 and the
     * mean (0 + 0 + 12.9) / 3 = 4.3. */
    assert_near(w->step[0].cell[1][0].v, 5.1, TOL);
    assert_int_equal(walk_edit(w, 0, 1, 0, 2.0), 0);
    const walk_step *st = find_step(w, "The loss over the data set");
    assert_near(st->cell[3][0].v, 0.0, TOL);
    assert_string_equal(st->result, "L = 4.3");
    /* the loss row is derived: not editable */
    assert_int_equal(walk_edit(w, step_index(w, st), 3, 0, 1.0), -1);
    free(w);
}

static void test_softmax_lecture(void **state)
{
    (void)state;
    walk *w = make("softmax");
    const walk_step *st = find_step(w, "Normalize");
    double e0 = exp(3.2), e1 = exp(5.1), e2 = exp(-1.7), sum = e0 + e1 + e2;
    assert_near(st->cell[0][2].v, e0 / sum, 1e-12);
    assert_near(st->cell[1][2].v, e1 / sum, 1e-12);
    assert_string_equal(st->cell[0][1].text, "24.5");
    assert_string_equal(st->cell[1][1].text, "164.0");
    assert_string_equal(st->cell[2][1].text, "0.18");
    assert_string_equal(st->cell[0][2].text, "0.13");
    assert_string_equal(st->cell[1][2].text, "0.87");
    assert_string_equal(st->cell[2][2].text, "0.00");
    const walk_step *l = find_step(w, "The loss");
    assert_string_equal(l->formula, "L_cat = -log P(cat) = -log(0.13) = 2.04");
    assert_string_equal(l->result, "L_cat = 2.04"); /* what large type shows too */
    /* the highlighted term is the -log */
    assert_int_equal(strncmp(l->formula + l->hl_start, "-log(0.13)", (size_t)l->hl_len), 0);
    free(w);
}

static void test_scene_custom_table(void **state)
{
    (void)state;
    walk *w = make("svm");
    char err[256];
    const char *text = "[other]\nx = 1\n[walkthrough svm]\n"
                       "classes = dog, bird, fish\n"
                       "scores = 1.0 2.0 0.5 | 0.0 3.0 4.0\n"
                       "labels = dog, fish\n";
    assert_int_equal(walkscene_parse(w, text, "t.scene", err, sizeof err), 0);
    /* dog image: (2 - 1 + 1) + (0.5 - 1 + 1) = 2.5; fish image: (0 - 4 + 1)
     * and (3 - 4 + 1) are <= 0, so 0; mean 1.25 */
    const walk_step *st = find_step(w, "The loss over the data set");
    assert_near(st->cell[3][0].v, 2.5, TOL);
    assert_near(st->cell[3][1].v, 0.0, TOL);
    assert_string_equal(st->result, "L = 1.25");
    assert_string_equal(st->col[1], "fish image");
    free(w);
}

static void test_scene_errors(void **state)
{
    (void)state;
    walk *w = make("svm");
    char err[256];
    assert_int_equal(walkscene_parse(w, "[walkthrough svm]\nscores = 1 2\n", "a", err, sizeof err),
                     -1);
    assert_string_equal(err, "a:2: scores: row 1 has 2 numbers, but there are 3 classes");
    assert_int_equal(walkscene_parse(w, "[walkthrough svm]\nmargin = abc\n", "b", err, sizeof err),
                     -1);
    /* located as the scene reader locates a scene's mistakes: column, line, caret */
    assert_string_equal(err, "b:2:10: margin: 'abc' is not a number\n  margin = abc\n           ^");
    assert_int_equal(walkscene_parse(w, "[walkthrough svm\n", "c", err, sizeof err), -1);
    assert_string_equal(err, "c:1:17: expected ']'\n  [walkthrough svm\n                  ^");
    assert_int_equal(walkscene_parse(w, "[walkthrough svm]\njust text\n", "d", err, sizeof err), -1);
    assert_string_equal(err, "d:2:1: expected 'key = value' or a [section]\n  just text\n  ^");
    assert_int_equal(walkscene_parse(w, "[walkthrough svm]\nclasess = a, b\n", "e", err, sizeof err),
                     -1);
    assert_string_equal(err, "e:2:1: walkthrough svm has no key 'clasess' (keys: classes scores "
                             "labels margin)\n  clasess = a, b\n  ^");
    /* w unchanged after the errors */
    assert_string_equal(find_step(w, "The loss over the data set")->result, "L = 5.27");
    /* a byte-order mark and CRLF lines are read like plain lines */
    assert_int_equal(walkscene_parse(w, "\xEF\xBB\xBF[walkthrough svm]\r\nmargin = 2\r\n", "f", err,
                                     sizeof err),
                     0);
    free(w);
}

static void test_step_values(void **state)
{
    (void)state;
    walk *w = make("step");
    /* Booth at (0, 0): g = (-34, -38), lr 0.01. Adam's first step: m_hat = g,
     * v_hat = g^2, so the step is lr * g / |g| = 0.01 per coordinate.
     * Nesterov: lr * (g + 0.9 g) = 0.01 * 1.9 * 34 = 0.646. */
    const walk_step *st = find_step(w, "The effective steps");
    assert_near(st->cell[5][0].v, 0.01, 1e-9);
    assert_near(st->cell[5][1].v, 0.01, 1e-9);
    assert_near(st->cell[2][0].v, 0.646, 1e-12);
    assert_near(st->cell[0][1].v, 0.38, 1e-12);
    /* edit the gradient in step 1 (row 1, column 0): sgd's step follows */
    assert_int_equal(walk_edit(w, 0, 1, 0, -10.0), 0);
    st = find_step(w, "The effective steps");
    assert_near(st->cell[0][0].v, 0.1, 1e-12);
    free(w);
}

static void test_learning_rate_regimes(void **state)
{
    (void)state;
    walk *w = make("learning-rate");
    const walk_step *st = find_step(w, "The regimes side by side");
    assert_string_equal(st->cell[0][2].text, "falls short");
    assert_string_equal(st->cell[1][2].text, "converges");
    assert_string_equal(st->cell[2][2].text, "oscillates");
    assert_string_equal(st->cell[3][2].text, "diverges");
    /* 1 - lr * 18 for lr 0.11 is -0.98 */
    assert_near(st->cell[2][0].v, -0.98, 1e-12);
    free(w);
}

static void test_every_walk_builds(void **state)
{
    (void)state;
    for (int i = 0; i < walk_count(); i++) {
        walk *w = malloc(sizeof *w);
        assert_non_null(w);
        walk_init(w, i);
        assert_true(w->nsteps >= 3);
        assert_true(w->nsteps < WALK_MAX_STEPS); /* never silently truncated */
        for (int s = 0; s < w->nsteps; s++) {
            assert_true(w->step[s].title[0] != '\0');
            const walk_step *st = &w->step[s];
            if (st->hl_len)
                assert_true(st->hl_start + st->hl_len <= (int)strlen(st->formula));
        }
        free(w);
    }
}

static void test_gradient_check(void **state)
{
    (void)state;
    walk *w = make("gradient");
    const walk_step *st = find_step(w, "Gradient check");
    for (int r = 0; r < st->nrows; r++) {
        /* analytic and centered numerical agree to the check's "good" level */
        assert_true(st->cell[r][2].v <= 1e-7);
        assert_near(st->cell[r][0].v, st->cell[r][1].v, 1e-7);
    }
    free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svm_lecture),
        cmocka_unit_test(test_svm_edit_recomputes),
        cmocka_unit_test(test_softmax_lecture),
        cmocka_unit_test(test_scene_custom_table),
        cmocka_unit_test(test_scene_errors),
        cmocka_unit_test(test_step_values),
        cmocka_unit_test(test_learning_rate_regimes),
        cmocka_unit_test(test_every_walk_builds),
        cmocka_unit_test(test_gradient_check),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
