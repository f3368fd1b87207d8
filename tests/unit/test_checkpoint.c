/* A model file whose checksum is right but whose numbers are not finite is
 * refused on loading, and such a model is not saved in the first place. */
#include "check.h"

#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "data/checkpoint.h"
#include "data/infile.h"

static char dir[64];
static char err[512];
CHECK_TMPDIR_GROUP(dir)

static double mean[4], w[15];

static checkpoint toy(void)
{
    checkpoint c;
    memset(&c, 0, sizeof c);
    c.classes = 3;
    c.dim = 4;
    c.width = c.height = 2;
    c.channels = 1;
    snprintf(c.dataset, sizeof c.dataset, "toy");
    for (int j = 0; j < 4; j++)
        mean[j] = 0.5 * j;
    for (int i = 0; i < 15; i++)
        w[i] = i * 0.25 - 1.0 / 3;
    c.mean = mean;
    c.w = w;
    return c;
}

/* The saved bytes of the toy model with the double at byte offset `at`
 * replaced by v and the CRC-32 made right again. */
static uint8_t *patched(size_t at, double v, size_t *len)
{
    char path[128];
    snprintf(path, sizeof path, "%s/good.model", dir);
    checkpoint c = toy();
    assert_int_equal(checkpoint_save(path, &c, err, sizeof err), 0);
    char *text;
    assert_int_equal(infile_read(path, 1 << 20, &text, len, err, sizeof err), 0);
    uint8_t *b = (uint8_t *)text;
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    for (int k = 0; k < 8; k++)
        b[at + (size_t)k] = (uint8_t)(bits >> (8 * k));
    uint32_t crc = (uint32_t)crc32(0L, b, (uInt)(*len - 4));
    for (int k = 0; k < 4; k++)
        b[*len - 4 + (size_t)k] = (uint8_t)(crc >> (8 * k));
    unlink(path);
    return b;
}

static void test_non_finite_weight_refused(void **state)
{
    (void)state;
    size_t len;
    /* the weights are the file's last 15 doubles before the CRC */
    uint8_t *b = patched(0, 0, &len);
    free(b);
    const double bad[] = {NAN, INFINITY, -INFINITY};
    for (int k = 0; k < 3; k++) {
        b = patched(len - 4 - 8 * 15 + 8 * 7, bad[k], &len);
        checkpoint r;
        assert_int_equal(checkpoint_decode(b, len, &r, err, sizeof err), -1);
        assert_non_null(strstr(err, "weight 7 (W row 1) is "));
        assert_non_null(strstr(err, "not a finite number"));
        free(b);
    }
    /* the same patch with a finite value loads: the offsets are right */
    b = patched(len - 4 - 8 * 15 + 8 * 7, 42.0, &len);
    checkpoint r;
    assert_int_equal(checkpoint_decode(b, len, &r, err, sizeof err), 0);
    assert_true(r.w[7] == 42.0);
    checkpoint_free(&r);
    free(b);
}

static void test_non_finite_mean_refused(void **state)
{
    (void)state;
    size_t len;
    uint8_t *b = patched(0, 0, &len);
    free(b);
    /* the mean's 4 doubles come just before the weights */
    b = patched(len - 4 - 8 * 15 - 8 * 4, -INFINITY, &len);
    checkpoint r;
    assert_int_equal(checkpoint_decode(b, len, &r, err, sizeof err), -1);
    assert_string_equal(err, "mean image value 0 is -inf, not a finite number");
    free(b);
}

static void test_non_finite_model_not_saved(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/nan.model", dir);
    checkpoint c = toy();
    w[3] = NAN;
    assert_int_equal(checkpoint_save(path, &c, err, sizeof err), -1);
    assert_non_null(strstr(err, "nan.model: not saved: weight 3 (W row 0) is nan"));
    struct stat st;
    assert_int_equal(stat(path, &st), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_non_finite_weight_refused),
        cmocka_unit_test(test_non_finite_mean_refused),
        cmocka_unit_test(test_non_finite_model_not_saved),
    };
    return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
