/* Replays every fuzz seed (tests/fuzz/corpus/NAME/) and every input a fuzzer
 * once crashed on (tests/fuzz/regress/NAME/) through the very harness code of
 * tests/fuzz/fuzz_NAME.c, so `make check` (and its ASan+UBSan pass) keeps the
 * fixed bugs fixed. A harness aborts on a wrong answer; ASan on bad memory.
 * Also checks that the hand-made seeds are what they claim to be: a valid
 * CIFAR python batch and a valid model file decode to the values written. */
#include "check.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LLVMFuzzerTestOneInput fuzz_expr
#include "../fuzz/fuzz_expr.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_scene
#include "../fuzz/fuzz_scene.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_walkscene
#include "../fuzz/fuzz_walkscene.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_pickle
#include "../fuzz/fuzz_pickle.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_cifar
#include "../fuzz/fuzz_cifar.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_idx
#include "../fuzz/fuzz_idx.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_checkpoint
#include "../fuzz/fuzz_checkpoint.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_points
#include "../fuzz/fuzz_points.c"
#undef LLVMFuzzerTestOneInput

typedef int (*harness)(const uint8_t *, size_t);

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    size_t cap = 1 << 16, n = 0;
    uint8_t *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(f);
    assert_non_null(buf);
    *len = n;
    return buf;
}

/* Runs every file of dir through h; returns how many. */
static int replay_dir(const char *dir, harness h)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int count = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t len;
        uint8_t *buf = slurp(path, &len);
        h(buf, len);
        free(buf);
        count++;
    }
    closedir(d);
    return count;
}

static void replay(const char *name, harness h)
{
    char dir[256];
    snprintf(dir, sizeof dir, "tests/fuzz/corpus/%s", name);
    int seeds = replay_dir(dir, h);
    snprintf(dir, sizeof dir, "tests/fuzz/regress/%s", name);
    replay_dir(dir, h);
    if (seeds == 0)
        fail_msg("no seeds in tests/fuzz/corpus/%s (run from the repository root)", name);
}

static void test_replay_expr(void **state) { (void)state; replay("expr", fuzz_expr); }
static void test_replay_scene(void **state) { (void)state; replay("scene", fuzz_scene); }
static void test_replay_walkscene(void **state) { (void)state; replay("walkscene", fuzz_walkscene); }
static void test_replay_pickle(void **state) { (void)state; replay("pickle", fuzz_pickle); }
static void test_replay_cifar(void **state) { (void)state; replay("cifar", fuzz_cifar); }
static void test_replay_idx(void **state) { (void)state; replay("idx", fuzz_idx); }
static void test_replay_checkpoint(void **state) { (void)state; replay("checkpoint", fuzz_checkpoint); }
static void test_replay_points(void **state) { (void)state; replay("points", fuzz_points); }

/* The seed's generator wrote one image of label 6 with pixel k = k mod 256. */
static void test_seed_pickle_batch(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = slurp("tests/fuzz/corpus/pickle/batch1", &len);
    dataset_part part = {0};
    char err[256] = "";
    assert_int_equal(cifar_py_batch(buf, len, &part, err, sizeof err), 0);
    assert_int_equal(part.n, 1);
    assert_int_equal(part.y[0], 6);
    for (int k = 0; k < CIFAR_DIM; k++)
        assert_int_equal(part.x[k], k & 255);
    dataset_part_free(&part);
    free(buf);
}

/* 2 classes, 3 pixels; mean[j] = 0.5 j, w[i] = 0.25 - i, names class0/class1. */
static void test_seed_checkpoint(void **state)
{
    (void)state;
    size_t len;
    uint8_t *buf = slurp("tests/fuzz/corpus/checkpoint/small", &len);
    checkpoint c;
    char err[256] = "";
    assert_int_equal(checkpoint_decode(buf, len, &c, err, sizeof err), 0);
    assert_int_equal(c.classes, 2);
    assert_int_equal(c.dim, 3);
    assert_string_equal(c.class_names[1], "class1");
    assert_string_equal(c.hparams, "model=svm opt=sgd lr=0.1");
    assert_near(c.mean[2], 1.0, 0);
    assert_near(c.w[7], 0.25 - 7, 0);
    checkpoint_free(&c);
    buf[len - 1] ^= 1; /* the CRC no longer matches */
    assert_int_equal(checkpoint_decode(buf, len, &c, err, sizeof err), -1);
    assert_non_null(strstr(err, "checksum"));
    free(buf);
}

/* 100000 nested parentheses: a clear error, no stack overflow (the length
 * limit answers first; the depth limit is checked in badinput.sh). */
static void test_expr_deep_nesting(void **state)
{
    (void)state;
    enum { DEPTH = 100000 };
    char *text = malloc(2 * DEPTH + 2);
    assert_non_null(text);
    memset(text, '(', DEPTH);
    text[DEPTH] = 'x';
    memset(text + DEPTH + 1, ')', DEPTH);
    text[2 * DEPTH + 1] = '\0';
    char err[256];
    size_t pos;
    assert_null(expr_parse(text, err, sizeof err, &pos));
    assert_non_null(strstr(err, "longer than"));
    /* within the length limit, past the depth limit */
    text[400] = '\0';
    memset(text + 200, ')', 200);
    text[199] = 'x';
    assert_null(expr_parse(text, err, sizeof err, &pos));
    assert_non_null(strstr(err, "nested too deeply"));
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_replay_expr),       cmocka_unit_test(test_replay_scene),
        cmocka_unit_test(test_replay_walkscene),  cmocka_unit_test(test_replay_pickle),
        cmocka_unit_test(test_replay_cifar),      cmocka_unit_test(test_replay_idx),
        cmocka_unit_test(test_replay_checkpoint), cmocka_unit_test(test_replay_points),
        cmocka_unit_test(test_seed_pickle_batch), cmocka_unit_test(test_seed_checkpoint),
        cmocka_unit_test(test_expr_deep_nesting),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
