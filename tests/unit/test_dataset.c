/* The data loaders: the real CIFAR-10 subset in both layouts (which must
 * agree byte for byte), its README's label counts, hand-built pickles and IDX
 * files, and broken files made here, each of which must be refused with a
 * message naming what is wrong. */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "data/cifar.h"
#include "data/dataset.h"
#include "data/idx.h"
#include "data/infile.h"
#include "data/pickle.h"
#include "data/synth.h"

#define SUBSET "../shared/data/cifar-10-subset"
#define BIN_DIR SUBSET "/cifar-10-batches-bin"
#define PY_DIR SUBSET "/cifar-10-batches-py"
#define FASHION "/usr/share/datasets/fashion-mnist"

static char tmpdir[256];
static char err[1024];

CHECK_TMPDIR_GROUP(tmpdir)

static const char *tmpdir_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    return path;
}

static int have_subset(void)
{
    if (access(BIN_DIR "/data_batch_1.bin", R_OK) == 0 && access(PY_DIR "/data_batch_1", R_OK) == 0)
        return 1;
    printf("SKIP %s absent: CIFAR-10 subset tests not run\n", SUBSET);
    return 0;
}

static void write_file(const char *name, const void *data, size_t len, char *path, size_t plen)
{
    snprintf(path, plen, "%s", tmpdir_path(name));
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

/* --- the real subset --- */

static void test_layouts_agree(void **state)
{
    (void)state;
    if (!have_subset()) {
        skip();
        return;
    }
    dataset b, p;
    assert_int_equal(cifar_load_bin(BIN_DIR, &b, err, sizeof err), 0);
    assert_int_equal(cifar_load_py(PY_DIR, &p, err, sizeof err), 0);
    assert_int_equal(b.train.n, 5000);
    assert_int_equal(b.test.n, 1000);
    assert_int_equal(p.train.n, 5000);
    assert_int_equal(p.test.n, 1000);
    assert_memory_equal(b.train.x, p.train.x, 5000 * 3072);
    assert_memory_equal(b.train.y, p.train.y, 5000);
    assert_memory_equal(b.test.x, p.test.x, 1000 * 3072);
    assert_memory_equal(b.test.y, p.test.y, 1000);
    for (int c = 0; c < 10; c++)
        assert_string_equal(b.class_names[c], p.class_names[c]);
    assert_string_equal(b.class_names[0], "airplane");
    assert_string_equal(p.class_names[9], "truck");
    dataset_free(&b);
    dataset_free(&p);
}

/* The first record of data_batch_1.bin, read here with plain stdio. */
static void test_first_record(void **state)
{
    (void)state;
    if (!have_subset()) {
        skip();
        return;
    }
    uint8_t rec[3073];
    FILE *f = fopen(BIN_DIR "/data_batch_1.bin", "rb");
    assert_non_null(f);
    assert_int_equal(fread(rec, 1, sizeof rec, f), sizeof rec);
    fclose(f);
    dataset d;
    assert_int_equal(cifar_load_py(PY_DIR, &d, err, sizeof err), 0);
    assert_int_equal(d.train.y[0], rec[0]);
    assert_memory_equal(d.train.x, rec + 1, 3072);
    dataset_free(&d);
}

static void test_label_counts(void **state)
{
    (void)state;
    if (!have_subset()) {
        skip();
        return;
    }
    static const int want[10] = {103, 89, 100, 103, 90, 86, 112, 102, 106, 109};
    dataset d;
    assert_int_equal(cifar_load_bin(BIN_DIR, &d, err, sizeof err), 0);
    int count[10] = {0};
    for (size_t i = 0; i < d.test.n; i++)
        count[d.test.y[i]]++;
    for (int c = 0; c < 10; c++)
        assert_int_equal(count[c], want[c]);
    dataset_free(&d);
}

static void test_open_dir_finds_layout(void **state)
{
    (void)state;
    if (!have_subset()) {
        skip();
        return;
    }
    dataset d;
    /* the parent folder holds both layouts: the binary one is taken */
    assert_int_equal(dataset_open(SUBSET, NULL, 1, &d, err, sizeof err), 0);
    assert_string_equal(d.name, "cifar10");
    assert_non_null(strstr(d.source, "binary"));
    assert_int_equal(d.synthetic, 0);
    dataset_free(&d);
    assert_int_equal(dataset_open(PY_DIR, NULL, 1, &d, err, sizeof err), 0);
    assert_non_null(strstr(d.source, "python"));
    dataset_free(&d);
}

static void test_descent_data_env(void **state)
{
    (void)state;
    if (!have_subset()) {
        skip();
        return;
    }
    dataset d;
    setenv("DESCENT_DATA", PY_DIR, 1);
    int rc = dataset_open(NULL, NULL, 1, &d, err, sizeof err);
    unsetenv("DESCENT_DATA");
    assert_int_equal(rc, 0);
    assert_string_equal(d.name, "cifar10");
    assert_non_null(strstr(d.source, PY_DIR));
    dataset_free(&d);
}

/* --- splits --- */

static void test_split_clips(void **state)
{
    (void)state;
    dataset d;
    memset(&d, 0, sizeof d);
    d.dim = 4;
    assert_int_equal(dataset_part_alloc(&d.train, 50, 4), 0);
    assert_int_equal(dataset_part_alloc(&d.test, 7, 4), 0);
    dataset_splits s = dataset_split(&d, 49000, 1000, 1000);
    /* validation takes first: all 50 images, none left to train on */
    assert_int_equal(s.val.n, 50);
    assert_int_equal(s.train.n, 0);
    assert_int_equal(s.test.n, 7);
    s = dataset_split(&d, 30, 10, 5);
    assert_int_equal(s.train.n, 30);
    assert_int_equal(s.val.n, 10);
    assert_true(s.val.x == d.train.x + 40 * 4); /* the last 10 */
    assert_true(s.val.y == d.train.y + 40);
    assert_int_equal(s.test.n, 5);
    s = dataset_split(&d, 100, 10, 5);
    assert_int_equal(s.train.n, 40);
    dataset_free(&d);
}

/* --- broken CIFAR binaries --- */

static void make_bin_dir(const char *sub, size_t bytes_in_batch1, int bad_label_at)
{
    char dir[400], path[500];
    snprintf(dir, sizeof dir, "%s/%s", tmpdir, sub);
    assert_int_equal(mkdir(dir, 0700), 0);
    uint8_t *rec = calloc(1, 3 * 3073);
    assert_non_null(rec);
    for (int i = 0; i < 3; i++)
        rec[i * 3073] = (uint8_t)(i == bad_label_at ? 10 : i);
    const char *names[] = {"data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin",
                           "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"};
    for (int k = 0; k < 6; k++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[k]);
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        size_t n = k == 0 ? bytes_in_batch1 : 3 * 3073;
        assert_int_equal(fwrite(rec, 1, n, f), n);
        fclose(f);
    }
    free(rec);
}

static void test_bin_small_ok(void **state)
{
    (void)state;
    make_bin_dir("ok", 3 * 3073, -1);
    char dir[400];
    snprintf(dir, sizeof dir, "%s/ok", tmpdir);
    dataset d;
    assert_int_equal(cifar_load_bin(dir, &d, err, sizeof err), 0);
    assert_int_equal(d.train.n, 15);
    assert_int_equal(d.test.n, 3);
    assert_int_equal(d.train.y[4], 1);
    assert_string_equal(d.class_names[3], "cat"); /* no batches.meta.txt: CIFAR's names */
    dataset_free(&d);
}

static void test_bin_truncated(void **state)
{
    (void)state;
    make_bin_dir("trunc", 2 * 3073 + 100, -1);
    char dir[400];
    snprintf(dir, sizeof dir, "%s/trunc", tmpdir);
    dataset d;
    assert_int_equal(cifar_load_bin(dir, &d, err, sizeof err), -1);
    assert_non_null(strstr(err, "data_batch_1.bin"));
    assert_non_null(strstr(err, "not a whole number of 3073-byte records"));
    assert_null(d.train.x);
}

static void test_bin_bad_label(void **state)
{
    (void)state;
    make_bin_dir("label", 3 * 3073, 2);
    char dir[400];
    snprintf(dir, sizeof dir, "%s/label", tmpdir);
    dataset d;
    assert_int_equal(cifar_load_bin(dir, &d, err, sizeof err), -1);
    assert_non_null(strstr(err, "data_batch_1.bin: record 2 has label 10"));
}

static void test_missing_folder(void **state)
{
    (void)state;
    dataset d;
    assert_int_equal(dataset_open("/nonexistent/descent", NULL, 1, &d, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/descent"));
    assert_int_equal(dataset_open(tmpdir, NULL, 1, &d, err, sizeof err), -1);
    assert_non_null(strstr(err, "no CIFAR-10"));
}

/* --- the pickle reader --- */

/* {'a': [1, 300, -2, 70000, -1 (LONG1)], 'b': ('x', None, True), 'c': <memo of the list>} */
static const uint8_t small_pickle[] = {
    0x80, 2, '}', 'q', 1, '(',
    'U', 1, 'a', ']', 'q', 2, '(', 'K', 1, 'M', 0x2c, 0x01, 'J', 0xfe, 0xff, 0xff, 0xff,
    'J', 0x70, 0x11, 0x01, 0x00, 0x8a, 1, 0xff, 'e',
    'X', 1, 0, 0, 0, 'b', 'U', 1, 'x', 'N', 0x88, 0x87,
    'U', 1, 'c', 'h', 2,
    'u', '.'};

static void test_pickle_small(void **state)
{
    (void)state;
    pickle p;
    assert_int_equal(pickle_parse(small_pickle, sizeof small_pickle, &p, err, sizeof err), 0);
    const pv *a = pickle_dict_get(p.root, "a");
    assert_non_null(a);
    assert_int_equal(a->kind, PV_LIST);
    assert_int_equal(a->n, 5);
    long long want[5] = {1, 300, -2, 70000, -1};
    for (int k = 0; k < 5; k++)
        assert_true(a->items[k]->i == want[k]);
    const pv *b = pickle_dict_get(p.root, "b");
    assert_int_equal(b->kind, PV_TUPLE);
    assert_true(pickle_str_is(b->items[0], "x"));
    assert_int_equal(b->items[1]->kind, PV_NONE);
    assert_int_equal(b->items[2]->kind, PV_BOOL);
    assert_true(pickle_dict_get(p.root, "c") == a);
    pickle_free(&p);
}

static void test_pickle_errors(void **state)
{
    (void)state;
    pickle p;
    uint8_t buf[sizeof small_pickle];
    /* an opcode these files never use: FLOAT ('G') in place of the first BININT1 */
    memcpy(buf, small_pickle, sizeof buf);
    buf[13] = 'G';
    assert_int_equal(pickle_parse(buf, sizeof buf, &p, err, sizeof err), -1);
    assert_string_equal(err, "unexpected pickle opcode 0x47 'G' at offset 13");
    /* cut inside the BININT2 */
    assert_int_equal(pickle_parse(small_pickle, 17, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "truncated"));
    /* no STOP */
    assert_int_equal(pickle_parse(small_pickle, sizeof small_pickle - 1, &p, err, sizeof err),
                     -1);
    assert_non_null(strstr(err, "no STOP"));
    /* a memo never stored */
    memcpy(buf, small_pickle, sizeof buf);
    buf[sizeof buf - 3] = 9;
    assert_int_equal(pickle_parse(buf, sizeof buf, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "memo 9"));
    /* protocol 4 */
    memcpy(buf, small_pickle, sizeof buf);
    buf[1] = 4;
    assert_int_equal(pickle_parse(buf, sizeof buf, &p, err, sizeof err), -1);
    assert_non_null(strstr(err, "protocol 4"));
}

/* A real batch whose pickle is damaged: cut short, or with a foreign opcode. */
static void test_py_batch_damaged(void **state)
{
    (void)state;
    if (!have_subset()) {
        skip();
        return;
    }
    char *text;
    size_t len;
    assert_int_equal(infile_read(PY_DIR "/test_batch", 1u << 26, &text, &len, err, sizeof err), 0);
    uint8_t *buf = (uint8_t *)text;
    dataset_part part = {0};
    assert_int_equal(cifar_py_batch(buf, len, &part, err, sizeof err), 0);
    assert_int_equal(part.n, 1000);
    dataset_part_free(&part);
    assert_int_equal(cifar_py_batch(buf, len / 2, &part, err, sizeof err), -1);
    assert_non_null(strstr(err, "truncated"));
    /* offset 2068 is GLOBAL 'numpy.core.multiarray _reconstruct' (pickletools) */
    assert_int_equal(buf[2068], 'c');
    buf[2068] = 'i'; /* INST */
    assert_int_equal(cifar_py_batch(buf, len, &part, err, sizeof err), -1);
    assert_string_equal(err, "unexpected pickle opcode 0x69 'i' at offset 2068");
    assert_int_equal(part.n, 0);

    /* a whole folder in which data_batch_3 is cut short: the error names it */
    buf[2068] = 'c';
    assert_int_equal(mkdir(tmpdir_path("py"), 0700), 0);
    const char *names[] = {"data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4",
                           "data_batch_5", "test_batch"};
    char name[64], path[1024], dir[512];
    for (int k = 0; k < 6; k++) {
        snprintf(name, sizeof name, "py/%s", names[k]);
        write_file(name, buf, k == 2 ? len - 1 : len, path, sizeof path);
    }
    snprintf(dir, sizeof dir, "%s/py", tmpdir);
    dataset d;
    assert_int_equal(cifar_load_py(dir, &d, err, sizeof err), -1);
    assert_non_null(strstr(err, "data_batch_3: "));
    free(buf);
}

/* --- IDX --- */

static void write_idx(const char *name, int gz, uint32_t magic, const uint32_t *dims, int nd,
                      const uint8_t *data, size_t n)
{
    char path[500];
    snprintf(path, sizeof path, "%s/%s%s", tmpdir, name, gz ? ".gz" : "");
    uint8_t head[16];
    uint32_t words[4] = {magic, dims[0], nd > 1 ? dims[1] : 0, nd > 2 ? dims[2] : 0};
    for (int k = 0; k < 4; k++)
        for (int b = 0; b < 4; b++)
            head[4 * k + b] = (uint8_t)(words[k] >> (24 - 8 * b));
    gzFile f = gzopen(path, gz ? "wb" : "wbT");
    assert_non_null(f);
    assert_int_equal(gzwrite(f, head, (unsigned)(4 + 4 * nd)), 4 + 4 * nd);
    if (n)
        assert_int_equal(gzwrite(f, data, (unsigned)n), (int)n);
    gzclose(f);
}

static void test_idx_roundtrip(void **state)
{
    (void)state;
    uint8_t pix[2 * 3 * 2] = {0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255};
    uint32_t dims[3] = {2, 3, 2}, got[3];
    for (int gz = 0; gz < 2; gz++) {
        write_idx("imgs", gz, 0x803, dims, 3, pix, sizeof pix);
        char path[500];
        snprintf(path, sizeof path, "%s/imgs%s", tmpdir, gz ? ".gz" : "");
        uint8_t *data;
        assert_int_equal(idx_read(path, 3, got, &data, err, sizeof err), 0);
        assert_int_equal(got[0], 2);
        assert_int_equal(got[1], 3);
        assert_int_equal(got[2], 2);
        assert_memory_equal(data, pix, sizeof pix);
        free(data);
        unlink(path);
    }
}

static void test_idx_errors(void **state)
{
    (void)state;
    uint8_t pix[12] = {0};
    uint32_t dims[3] = {2, 3, 2}, got[3];
    uint8_t *data;
    char path[500];
    write_idx("magic", 1, 0x801, dims, 3, pix, sizeof pix);
    snprintf(path, sizeof path, "%s/magic.gz", tmpdir);
    assert_int_equal(idx_read(path, 3, got, &data, err, sizeof err), -1);
    assert_non_null(strstr(err, "holds labels (IDX magic 0x00000801), want images (0x00000803)"));
    assert_non_null(strstr(err, "magic.gz"));
    write_idx("short", 0, 0x803, dims, 3, pix, sizeof pix - 1);
    snprintf(path, sizeof path, "%s/short", tmpdir);
    assert_int_equal(idx_read(path, 3, got, &data, err, sizeof err), -1);
    assert_non_null(strstr(err, "short: size 27 bytes, its header implies 28"));
}

static void test_idx_bad_label(void **state)
{
    (void)state;
    char dir[400];
    snprintf(dir, sizeof dir, "%s/mnist", tmpdir);
    assert_int_equal(mkdir(dir, 0700), 0);
    uint8_t pix[3 * 4] = {0}, lab[3] = {0, 9, 0}, bad[3] = {1, 2, 12};
    uint32_t idims[3] = {3, 2, 2}, ldims[1] = {3};
    write_idx("mnist/train-images-idx3-ubyte", 1, 0x803, idims, 3, pix, sizeof pix);
    write_idx("mnist/train-labels-idx1-ubyte", 1, 0x801, ldims, 1, lab, sizeof lab);
    write_idx("mnist/t10k-images-idx3-ubyte", 0, 0x803, idims, 3, pix, sizeof pix);
    write_idx("mnist/t10k-labels-idx1-ubyte", 0, 0x801, ldims, 1, bad, sizeof bad);
    dataset d;
    assert_int_equal(dataset_open(dir, NULL, 1, &d, err, sizeof err), -1);
    assert_non_null(strstr(err, "t10k-labels-idx1-ubyte: label 2 is 12"));
    write_idx("mnist/t10k-labels-idx1-ubyte", 0, 0x801, ldims, 1, lab, sizeof lab);
    assert_int_equal(dataset_open(dir, NULL, 1, &d, err, sizeof err), 0);
    assert_string_equal(d.name, "mnist");
    assert_int_equal(d.dim, 4);
    assert_int_equal(d.train.y[1], 9);
    assert_string_equal(d.class_names[7], "7");
    dataset_free(&d);
}

static void test_fashion_mnist(void **state)
{
    (void)state;
    if (access(FASHION "/train-images-idx3-ubyte.gz", R_OK) != 0) {
        printf("SKIP %s absent\n", FASHION);
        skip();
        return;
    }
    dataset d;
    assert_int_equal(dataset_open(NULL, "fashion-mnist", 1, &d, err, sizeof err), 0);
    assert_int_equal(d.train.n, 60000);
    assert_int_equal(d.test.n, 10000);
    assert_int_equal(d.width, 28);
    assert_int_equal(d.channels, 1);
    assert_string_equal(d.class_names[9], "Ankle boot");
    int count[10] = {0}; /* Fashion-MNIST is balanced: 1000 test images per class */
    for (size_t i = 0; i < d.test.n; i++)
        count[d.test.y[i]]++;
    for (int c = 0; c < 10; c++)
        assert_int_equal(count[c], 1000);
    dataset_free(&d);
}

/* --- synthetic --- */

static void test_synthetic(void **state)
{
    (void)state;
    dataset a, b, c;
    assert_int_equal(synth_make(7, 200, 50, &a, err, sizeof err), 0);
    assert_int_equal(synth_make(7, 200, 50, &b, err, sizeof err), 0);
    assert_int_equal(synth_make(8, 200, 50, &c, err, sizeof err), 0);
    assert_true(a.synthetic);
    assert_string_equal(a.name, "synthetic");
    assert_non_null(strstr(a.source, "synthetic"));
    assert_memory_equal(a.train.x, b.train.x, 200 * (size_t)a.dim);
    assert_true(memcmp(a.train.x, c.train.x, 200 * (size_t)a.dim) != 0);
    int seen[10] = {0};
    for (size_t i = 0; i < a.train.n; i++) {
        assert_true(a.train.y[i] < 10);
        seen[a.train.y[i]] = 1;
    }
    for (int k = 0; k < 10; k++)
        assert_true(seen[k]);
    dataset_free(&a);
    dataset_free(&b);
    dataset_free(&c);
    assert_int_equal(dataset_open(NULL, "synthetic", 3, &a, err, sizeof err), 0);
    assert_int_equal(a.train.n, SYNTH_TRAIN);
    dataset_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layouts_agree),
        cmocka_unit_test(test_first_record),
        cmocka_unit_test(test_label_counts),
        cmocka_unit_test(test_open_dir_finds_layout),
        cmocka_unit_test(test_descent_data_env),
        cmocka_unit_test(test_split_clips),
        cmocka_unit_test(test_bin_small_ok),
        cmocka_unit_test(test_bin_truncated),
        cmocka_unit_test(test_bin_bad_label),
        cmocka_unit_test(test_missing_folder),
        cmocka_unit_test(test_pickle_small),
        cmocka_unit_test(test_pickle_errors),
        cmocka_unit_test(test_py_batch_damaged),
        cmocka_unit_test(test_idx_roundtrip),
        cmocka_unit_test(test_idx_errors),
        cmocka_unit_test(test_idx_bad_label),
        cmocka_unit_test(test_fashion_mnist),
        cmocka_unit_test(test_synthetic),
    };
    return cmocka_run_group_tests(tests, tmpdir_setup, tmpdir_teardown);
}
