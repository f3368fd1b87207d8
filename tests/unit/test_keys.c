/* The key table: the input handler and the help screen read the same table,
 * so each key must lead to exactly one binding, and every binding the help
 * shows must be reachable. */
#include "check.h"

#include <curses.h>
#include <string.h>

#include "tui/keys.h"

static void test_no_key_bound_twice(void **state)
{
    (void)state;
    const key_binding *t = keys_table();
    for (int i = 0; t[i].action != ACT_NONE; i++)
        for (int k = 0; k < KEYS_PER_BINDING && t[i].keys[k]; k++)
            assert_ptr_equal(keys_find(t[i].keys[k]), &t[i]);
}

static void test_issue_keys(void **state)
{
    (void)state;
    /* The controls the issue names, and what they must do. */
    const struct {
        int key;
        key_action act;
    } want[] = {
        {' ', ACT_PLAY},          {'n', ACT_STEP},          {'.', ACT_STEP},
        {'+', ACT_FASTER},        {'-', ACT_SLOWER},        {'r', ACT_RESET},
        {'\t', ACT_NEXT_SURFACE}, {']', ACT_NEXT_SURFACE},  {'[', ACT_PREV_SURFACE},
        {KEY_LEFT, ACT_CURSOR_LEFT}, {KEY_UP, ACT_CURSOR_UP}, {'\r', ACT_SET_START},
        {'1', ACT_TOGGLE},        {'6', ACT_TOGGLE},        {'e', ACT_EDIT},
        {'N', ACT_NOISE},         {'z', ACT_ZOOM_IN},       {'Z', ACT_ZOOM_OUT},
        {'0', ACT_ZOOM_RESET},    {'h', ACT_PAN_LEFT},      {'j', ACT_PAN_DOWN},
        {'k', ACT_PAN_UP},        {'l', ACT_PAN_RIGHT},     {KEY_SLEFT, ACT_PAN_LEFT},
        {'v', ACT_VECTORS},       {'?', ACT_HELP},          {KEY_F(1), ACT_HELP},
        {'q', ACT_QUIT},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const key_binding *b = keys_find(want[i].key);
        assert_non_null(b);
        assert_int_equal(b->action, want[i].act);
    }
    assert_null(keys_find('@'));
    assert_null(keys_find(0));
}

static void test_help_lines(void **state)
{
    (void)state;
    /* every key the help names says what it does (term_help_box draws them) */
    const key_binding *t = keys_table();
    int shown = 0;
    for (int i = 0; t[i].action != ACT_NONE; i++) {
        if (!t[i].label)
            continue;
        assert_true(t[i].label[0] != '\0');
        assert_non_null(t[i].help);
        assert_true(t[i].help[0] != '\0');
        shown++;
    }
    assert_true(shown >= 25);
    assert_true(shown <= 64); /* draw_help's room */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_key_bound_twice),
        cmocka_unit_test(test_issue_keys),
        cmocka_unit_test(test_help_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
