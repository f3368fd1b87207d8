/* output_safe, byte by byte: what a terminal would act on (C0 controls, DEL,
 * C1 controls as UTF-8 or as a raw byte) becomes \xHH text; every other
 * character, UTF-8 letters included, is kept; a cut never splits an escape
 * or a character. */
#include "check.h"

#include <string.h>

#include "cli/output.h"

static void test_controls_escaped(void **state)
{
    (void)state;
    char buf[128];
    assert_string_equal(output_safe("sgd lr=0.1", buf, sizeof buf), "sgd lr=0.1");
    assert_string_equal(output_safe("a\033[31mb", buf, sizeof buf), "a\\x1b[31mb");
    assert_string_equal(output_safe("t\ti\rn\n", buf, sizeof buf), "t\\x09i\\x0dn\\x0a");
    assert_string_equal(output_safe("del\177", buf, sizeof buf), "del\\x7f");
    /* U+009B (CSI) in UTF-8, and 0x9b alone as an 8-bit terminal reads it */
    assert_string_equal(output_safe("x\302\233y", buf, sizeof buf), "x\\xc2\\x9by");
    assert_string_equal(output_safe("x\233y", buf, sizeof buf), "x\\x9by");
    assert_string_equal(output_safe("", buf, sizeof buf), "");
}

static void test_letters_kept(void **state)
{
    (void)state;
    char buf[128];
    /* é (C3 A9), Ā (C4 80: a continuation byte in the C1 range), € (E2 82 AC),
     * a braille dot (E2 A3 BF), U+1F600 (F0 9F 98 80) */
    const char *s = "\303\251 \304\200 \342\202\254 \342\243\277 \360\237\230\200";
    assert_string_equal(output_safe(s, buf, sizeof buf), s);
    /* U+00A0 (C2 A0) is past the C1 range: kept */
    assert_string_equal(output_safe("\302\240", buf, sizeof buf), "\302\240");
    /* a lead byte without its continuation: the 0xc3 stays, being no control */
    assert_string_equal(output_safe("\303", buf, sizeof buf), "\303");
}

static void test_cut_whole(void **state)
{
    (void)state;
    char buf[8];
    /* "ab" fits, "\x1b" (4) would need 7 bytes + NUL: cut before it */
    assert_string_equal(output_safe("ab\033cd", buf, 6), "ab");
    assert_string_equal(output_safe("ab\033cd", buf, 7), "ab\\x1b");
    /* é is two bytes: with room for one, it goes whole */
    assert_string_equal(output_safe("a\303\251", buf, 3), "a");
    assert_string_equal(output_safe("abc", buf, 1), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_controls_escaped),
        cmocka_unit_test(test_letters_kept),
        cmocka_unit_test(test_cut_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
