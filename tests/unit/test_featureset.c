/* The features of a dataset's splits: standardized with the training
 * split's statistics (mean 0, std 1 there), the same statistics applied to
 * validation and test, or kept ones applied to all, and the options checked
 * against the images. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include "check.h"
#include "data/checkpoint.h"
#include "data/featureset.h"
#include "data/infile.h"

static void fill(dataset_part *p, size_t n, unsigned seed)
{
    assert_int_equal(dataset_part_alloc(p, n, 3072), 0);
    for (size_t i = 0; i < n * 3072; i++) {
        seed = seed * 1103515245u + 12345u;
        p->x[i] = (uint8_t)(seed >> 16);
    }
    for (size_t i = 0; i < n; i++)
        p->y[i] = (uint8_t)(i % 10);
}

static dataset *make(void)
{
    dataset *ds = calloc(1, sizeof *ds);
    assert_non_null(ds);
    ds->width = ds->height = 32;
    ds->channels = 3;
    ds->dim = 3072;
    ds->classes = 10;
    fill(&ds->train, 40, 7);
    fill(&ds->test, 6, 9);
    return ds;
}

static void drop(dataset *ds)
{
    dataset_part_free(&ds->train);
    dataset_part_free(&ds->test);
    free(ds);
}

static size_t calls, last_done, last_total;
static void progress(void *ctx, size_t done, size_t n)
{
    (void)ctx;
    calls++;
    assert_true(done >= last_done);
    last_done = done;
    last_total = n;
}

static void test_standardized_with_training_statistics(void **state)
{
    (void)state;
    dataset *ds = make();
    dataset_splits s = dataset_split(ds, 30, 10, 6);
    features_config cfg = features_defaults();
    featureset fs;
    char err[128];
    calls = last_done = 0;
    assert_int_equal(featureset_build(&fs, &cfg, ds, &s, NULL, NULL, 2, progress, NULL, err,
                                      sizeof err), 0);
    assert_true(calls > 0);
    assert_int_equal(last_done, 46);
    assert_int_equal(last_total, 46);
    assert_int_equal(fs.layout.dim, 154);
    assert_int_equal(fs.images, 46);
    for (int k = 0; k < 144; k++) { /* random images: every HOG value varies */
        double m = 0, v = 0;
        for (int i = 0; i < 30; i++)
            m += fs.train[i * 154 + k];
        m /= 30;
        for (int i = 0; i < 30; i++)
            v += (fs.train[i * 154 + k] - m) * (fs.train[i * 154 + k] - m);
        assert_near(m, 0, 1e-5);
        assert_near(sqrt(v / 30), 1, 1e-4);
    }
    /* a test image: its raw features, minus the training mean, over its std */
    features_layout l = fs.layout;
    float grey[1024], raw[154];
    features_hog(&l, s.test.x + 3 * 3072, grey, raw);
    features_hue(&l, s.test.x + 3 * 3072, raw + 144);
    for (int k = 0; k < 154; k++) {
        double want = fs.std[k] > 0 ? (raw[k] - fs.mean[k]) / fs.std[k] : raw[k] - fs.mean[k];
        assert_near(fs.test[3 * 154 + k], want, 1e-5);
    }
    /* kept statistics are used as given, on every split */
    float *mean = malloc(154 * sizeof *mean), *std = malloc(154 * sizeof *std);
    for (int k = 0; k < 154; k++) {
        mean[k] = 0.5f;
        std[k] = 2.0f;
    }
    featureset kept;
    assert_int_equal(featureset_build(&kept, &cfg, ds, &s, mean, std, 1, NULL, NULL, err,
                                      sizeof err), 0);
    features_hog(&l, s.train.x, grey, raw);
    features_hue(&l, s.train.x, raw + 144);
    for (int k = 0; k < 154; k++)
        assert_near(kept.train[k], (raw[k] - 0.5) / 2, 1e-5);
    free(mean);
    free(std);
    featureset_free(&kept);
    featureset_free(&fs);
    drop(ds);
}

static void test_options_checked_against_images(void **state)
{
    (void)state;
    dataset *ds = make();
    dataset_splits s = dataset_split(ds, 30, 10, 6);
    features_config cfg = {FEATURES_HOG, 40, 9, 10};
    featureset fs;
    char err[128];
    assert_int_equal(featureset_build(&fs, &cfg, ds, &s, NULL, NULL, 1, NULL, NULL, err,
                                      sizeof err), -1);
    assert_non_null(strstr(err, "HOG cell 40"));
    drop(ds);
}

/* A model on features keeps them and their standardization (version 3);
 * one on pixels is still written as version 2; a negative std is refused. */
static void test_checkpoint_keeps_features(void **state)
{
    (void)state;
    enum { D = 3, C = 2 };
    double mean[D] = {1, 2, 3}, w[C * (D + 1)] = {1, 2, 3, 4, 5, 6, 7, 8};
    double fmean[D] = {0.5, -1.25, 3}, fstd[D] = {2, 0, 0.125};
    checkpoint c;
    memset(&c, 0, sizeof c);
    c.classes = C;
    c.dim = D;
    c.mean = mean;
    c.w = w;
    snprintf(c.dataset, sizeof c.dataset, "cifar10");
    c.features = (features_config){FEATURES_HOG | FEATURES_HUE, 5, 7, 11};
    c.feat_mean = fmean;
    c.feat_std = fstd;
    char path[] = "/tmp/descent-test-featuresXXXXXX", err[256];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    assert_int_equal(checkpoint_save(path, &c, err, sizeof err), 0);
    char *text;
    size_t len;
    assert_int_equal(infile_read(path, 1 << 20, &text, &len, err, sizeof err), 0);
    uint8_t *buf = (uint8_t *)text;
    assert_int_equal(buf[8], 3);
    checkpoint r;
    assert_int_equal(checkpoint_decode(buf, len, &r, err, sizeof err), 0);
    assert_int_equal(r.features.kinds, FEATURES_HOG | FEATURES_HUE);
    assert_int_equal(r.features.hog_cell, 5);
    assert_int_equal(r.features.hog_bins, 7);
    assert_int_equal(r.features.hue_bins, 11);
    for (int j = 0; j < D; j++) {
        assert_near(r.feat_mean[j], fmean[j], 0);
        assert_near(r.feat_std[j], fstd[j], 0);
        assert_near(r.mean[j], mean[j], 0);
    }
    assert_near(r.w[7], 8, 0);
    checkpoint_free(&r);
    free(buf);
    fstd[1] = -1;
    assert_int_equal(checkpoint_save(path, &c, err, sizeof err), 0);
    assert_int_equal(checkpoint_load(path, &r, err, sizeof err), -1);
    assert_non_null(strstr(err, "feature 2's standardization"));
    c.features.kinds = 0;
    assert_int_equal(checkpoint_save(path, &c, err, sizeof err), 0);
    assert_int_equal(infile_read(path, 1 << 20, &text, &len, err, sizeof err), 0);
    buf = (uint8_t *)text;
    assert_int_equal(buf[8], 2);
    assert_int_equal(checkpoint_decode(buf, len, &r, err, sizeof err), 0);
    assert_int_equal(r.features.kinds, 0);
    assert_null(r.feat_mean);
    checkpoint_free(&r);
    free(buf);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_standardized_with_training_statistics),
        cmocka_unit_test(test_options_checked_against_images),
        cmocka_unit_test(test_checkpoint_keeps_features),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
