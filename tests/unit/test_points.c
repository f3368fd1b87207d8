/* The playground's point sets: the built-ins (class counts, the seed, the
 * demo's points) and the CSV and weights readers, with bad files made here,
 * each of which must be refused with FILE:LINE and what is wrong. */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data/points.h"

static char tmpdir[256];
static char err[1024];

static int make_tmpdir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/descent-points-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int remove_tmpdir(void **state)
{
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Writes text to tmpdir/name; returns the path (static buffer). */
static const char *file(const char *name, const char *text)
{
    static char path[400];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void test_builtins(void **state)
{
    (void)state;
    for (const points_builtin *b = points_builtins(); b->name; b++) {
        point_set p;
        assert_int_equal(points_make(b->name, 0, 120, -1, 7, &p, err, sizeof err), 0);
        int want = b->classes_fixed ? b->classes_fixed : 3;
        assert_int_equal(p.classes, want);
        int count[CLASSIFY_CLASSES_MAX] = {0};
        for (size_t i = 0; i < p.n; i++) {
            assert_true(p.label[i] >= 0 && p.label[i] < want);
            assert_true(isfinite(p.x[i]) && isfinite(p.y[i]));
            count[p.label[i]]++;
        }
        for (int j = 0; j < want; j++)
            assert_true(count[j] >= (int)p.n / want);
        points_free(&p);
    }
}

static void test_seed_and_classes(void **state)
{
    (void)state;
    point_set a, b, c;
    assert_int_equal(points_make("spiral", 5, 100, -1, 3, &a, err, sizeof err), 0);
    assert_int_equal(points_make("spiral", 5, 100, -1, 3, &b, err, sizeof err), 0);
    assert_int_equal(points_make("spiral", 5, 100, -1, 4, &c, err, sizeof err), 0);
    assert_int_equal(a.classes, 5);
    assert_memory_equal(a.x, b.x, 100 * sizeof *a.x);
    assert_true(memcmp(a.x, c.x, 100 * sizeof *a.x) != 0);
    points_free(&a);
    points_free(&b);
    points_free(&c);
    assert_int_equal(points_make("xor", 3, 100, -1, 1, &a, err, sizeof err), -1);
    assert_string_equal(err, "xor has 2 classes, not 3");
    assert_int_equal(points_make("blobs", 6, 100, -1, 1, &a, err, sizeof err), -1);
    assert_string_equal(err, "classes must be 2 to 5, not 6");
    assert_int_equal(points_make("swirl", 0, 100, -1, 1, &a, err, sizeof err), -1);
    assert_non_null(strstr(err, "no data set 'swirl'"));
    /* circles: class j on the ring of radius 0.5 (j + 1), without noise exactly */
    assert_int_equal(points_make("circles", 2, 10, 0, 1, &a, err, sizeof err), 0);
    for (size_t i = 0; i < a.n; i++)
        assert_near(hypot(a.x[i], a.y[i]), 0.5 * (a.label[i] + 1), 1e-12);
    points_free(&a);
}

static void test_demo_points(void **state)
{
    (void)state;
    point_set p;
    assert_int_equal(points_make("demo", 0, 300, -1, 1, &p, err, sizeof err), 0);
    assert_int_equal(p.n, 9);
    assert_near(p.x[0], 0.5, 0);
    assert_near(p.y[0], 0.4, 0);
    assert_near(p.x[8], -0.4, 0);
    assert_near(p.y[8], -0.5, 0);
    assert_int_equal(p.label[3], 1);
    assert_int_equal(p.label[8], 2);
    points_free(&p);
}

static void test_csv_good(void **state)
{
    (void)state;
    point_set p;
    const char *path = file("good.csv", "x,y,label\r\n0.5, 1e-1 ,0\n\n-2,3,2\n  4 ,-0.25,1");
    assert_int_equal(points_load_csv(path, &p, err, sizeof err), 0);
    assert_int_equal(p.n, 3);
    assert_int_equal(p.classes, 3);
    assert_near(p.y[0], 0.1, 0);
    assert_near(p.x[1], -2, 0);
    assert_int_equal(p.label[2], 1);
    assert_near(p.y[2], -0.25, 0);
    assert_string_equal(p.name, "good.csv");
    points_free(&p);
    path = file("noheader.csv", "1,2,0\n3,4,1\n");
    assert_int_equal(points_load_csv(path, &p, err, sizeof err), 0);
    assert_int_equal(p.n, 2);
    points_free(&p);
}

/* A bad file must be refused with exactly this message after "PATH:". */
static void refused(const char *name, const char *text, const char *want)
{
    point_set p;
    const char *path = file(name, text);
    char expect[600];
    snprintf(expect, sizeof expect, "%s:%s", path, want);
    assert_int_equal(points_load_csv(path, &p, err, sizeof err), -1);
    assert_string_equal(err, expect);
}

static void test_csv_bad_rows(void **state)
{
    (void)state;
    refused("fields.csv", "x,y,label\n1,2,0\n1,2\n", "3: expected 3 fields x,y,label, found 2");
    refused("extra.csv", "1,2,0,4\n", "1: expected 3 fields x,y,label, found 4");
    refused("number.csv", "1,2,0\n1,abc,1\n", "2: y 'abc' is not a finite number");
    refused("nan.csv", "nan,2,0\n", "1: x 'nan' is not a finite number");
    refused("label.csv", "1,2,0\n1,2,7\n", "2: label '7' is not an integer in 0..4");
    refused("frac.csv", "1,2,0.5\n", "1: label '0.5' is not an integer in 0..4");
    refused("late-header.csv", "1,2,0\nx,y,label\n", "2: x 'x' is not a finite number");
    refused("empty.csv", "", " no points (rows x,y,label)");
    refused("header-only.csv", "x,y,label\n", " no points (rows x,y,label)");
    refused("one.csv", "1,2,1\n3,4,1\n",
            " all points have one label: a classifier needs at least two classes");
    char *line = malloc(POINTS_LINE_MAX + 20);
    memset(line, '1', POINTS_LINE_MAX + 10);
    strcpy(line + POINTS_LINE_MAX + 10, ",1,0\n");
    refused("long.csv", line, "1: line longer than 1024 characters");
    free(line);
    /* a NUL byte would end the text early: refused, not read as one row */
    point_set p;
    const char *path = file("nul.csv", "");
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite("1,2,0\n\0003,4,1\n", 1, 13, f);
    fclose(f);
    char want[600];
    snprintf(want, sizeof want, "%s: a NUL byte: not a text file", path);
    assert_int_equal(points_load_csv(path, &p, err, sizeof err), -1);
    assert_string_equal(err, want);
}

static void test_csv_not_a_file(void **state)
{
    (void)state;
    point_set p;
    assert_int_equal(points_load_csv(tmpdir, &p, err, sizeof err), -1);
    char want[400];
    snprintf(want, sizeof want, "%s: is a folder, not a regular file", tmpdir);
    assert_string_equal(err, want);
    assert_int_equal(points_load_csv("/dev/zero", &p, err, sizeof err), -1);
    assert_string_equal(err, "/dev/zero: is a device, not a regular file");
    assert_int_equal(points_load_csv("/nonexistent/p.csv", &p, err, sizeof err), -1);
    assert_string_equal(err, "/nonexistent/p.csv: No such file or directory");
}

static void test_weights(void **state)
{
    (void)state;
    double w[9];
    const char *path = file("w.csv", "1,2,0\n2,-4,0.5\n3,-1,-0.5\n");
    assert_int_equal(points_load_weights(path, 3, 2, w, err, sizeof err), 0);
    const double want[9] = {1, 2, 2, -4, 3, -1, 0, 0.5, -0.5};
    for (int k = 0; k < 9; k++)
        assert_near(w[k], want[k], 0);
    char expect[600];
    path = file("w2.csv", "1,2,0\n2,-4\n");
    assert_int_equal(points_load_weights(path, 3, 2, w, err, sizeof err), -1);
    snprintf(expect, sizeof expect, "%s:2: expected 3 values (2 weights, then the bias), found 2",
             path);
    assert_string_equal(err, expect);
    path = file("w3.csv", "1,2,0\n");
    assert_int_equal(points_load_weights(path, 3, 2, w, err, sizeof err), -1);
    snprintf(expect, sizeof expect, "%s: 1 rows, but the data has 3 classes (a row per class)",
             path);
    assert_string_equal(err, expect);
    path = file("w4.csv", "1,2,0\n1,2,0\n1,zz,0\n");
    assert_int_equal(points_load_weights(path, 3, 2, w, err, sizeof err), -1);
    snprintf(expect, sizeof expect, "%s:3: weight 2 'zz' is not a finite number", path);
    assert_string_equal(err, expect);
    path = file("w5.csv", "1,2,0\n1,2,0\n1,2,0\n1,2,0\n");
    assert_int_equal(points_load_weights(path, 3, 2, w, err, sizeof err), -1);
    snprintf(expect, sizeof expect, "%s:4: more rows than the 3 classes", path);
    assert_string_equal(err, expect);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_builtins),
        cmocka_unit_test(test_seed_and_classes),
        cmocka_unit_test(test_demo_points),
        cmocka_unit_test(test_csv_good),
        cmocka_unit_test(test_csv_bad_rows),
        cmocka_unit_test(test_csv_not_a_file),
        cmocka_unit_test(test_weights),
    };
    return cmocka_run_group_tests(tests, make_tmpdir, remove_tmpdir);
}
