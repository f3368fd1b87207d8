/* The one input opener: regular files only, bounded, never a hang. */
#include "check.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/infile.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/descent-infile-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_reads_a_regular_file(void **state)
{
    (void)state;
    char path[128], err[256], *buf;
    size_t len;
    snprintf(path, sizeof path, "%s/a.txt", dir);
    write_file(path, "hello\n");
    assert_int_equal(infile_read(path, 100, &buf, &len, err, sizeof err), 0);
    assert_int_equal(len, 6);
    assert_string_equal(buf, "hello\n");
    free(buf);
}

static void test_refuses_a_fifo_without_blocking(void **state)
{
    (void)state;
    char path[128], err[256], *buf;
    size_t len;
    snprintf(path, sizeof path, "%s/fifo", dir);
    assert_int_equal(mkfifo(path, 0600), 0);
    /* Without a writer a blocking open would never return: this would hang. */
    assert_int_equal(infile_read(path, 100, &buf, &len, err, sizeof err), -1);
    assert_non_null(strstr(err, "is a FIFO, not a regular file"));
    assert_non_null(strstr(err, path));
}

static void test_refuses_devices_and_folders(void **state)
{
    (void)state;
    char err[256], *buf;
    size_t len;
    assert_int_equal(infile_read("/dev/zero", 100, &buf, &len, err, sizeof err), -1);
    assert_string_equal(err, "/dev/zero: is a device, not a regular file");
    assert_int_equal(infile_read(dir, 100, &buf, &len, err, sizeof err), -1);
    assert_non_null(strstr(err, "is a folder, not a regular file"));
}

static void test_refuses_a_file_over_the_limit_before_reading(void **state)
{
    (void)state;
    char path[128], err[256];
    snprintf(path, sizeof path, "%s/sparse", dir);
    int fd = open(path, O_WRONLY | O_CREAT, 0600);
    assert_true(fd >= 0);
    /* 9 GB, sparse: reading it would take minutes, refusing it takes none. */
    assert_int_equal(ftruncate(fd, (off_t)9000000000LL), 0);
    close(fd);
    size_t size = 0;
    FILE *f = infile_open(path, 4000000, &size, err, sizeof err);
    assert_null(f);
    assert_non_null(strstr(err, "too large (9 GB; at most 4 MB)"));
}

static void test_missing_file_names_the_cause(void **state)
{
    (void)state;
    char err[256];
    assert_int_equal(infile_open_fd("/nonexistent/x.scene", 10, NULL, err, sizeof err), -1);
    assert_string_equal(err, "/nonexistent/x.scene: No such file or directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reads_a_regular_file),
        cmocka_unit_test(test_refuses_a_fifo_without_blocking),
        cmocka_unit_test(test_refuses_devices_and_folders),
        cmocka_unit_test(test_refuses_a_file_over_the_limit_before_reading),
        cmocka_unit_test(test_missing_file_names_the_cause),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
