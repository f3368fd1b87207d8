/* HOG and hue features on hand-made images, whose values follow by hand
 * from the definitions in core/features.h. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/features.h"

#define S 32
#define NP (S * S)

/* A 32x32 colour image with every channel equal to v(r, c). */
static void grey_image(uint8_t *img, int (*v)(int r, int c))
{
    for (int ch = 0; ch < 3; ch++)
        for (int r = 0; r < S; r++)
            for (int c = 0; c < S; c++)
                img[ch * NP + r * S + c] = (uint8_t)v(r, c);
}

static int vertical_edge(int r, int c) { (void)r; return c < 16 ? 0 : 255; }
static int horizontal_edge(int r, int c) { (void)c; return r < 16 ? 0 : 255; }
static int flat(int r, int c) { (void)r; (void)c; return 97; }
/* rises to the right and upwards: gradient (8, 8) inside, 45 degrees */
static int diagonal(int r, int c) { return 4 * c + 4 * (31 - r); }

static features_layout plan(unsigned kinds, int cell, int bins, int hue_bins, int w, int h,
                            int ch)
{
    features_config cfg = {kinds, cell, bins, hue_bins};
    features_layout l;
    char err[128];
    assert_int_equal(features_plan(&cfg, w, h, ch, &l, err, sizeof err), 0);
    return l;
}

static float hog_at(const float *f, const features_layout *l, int cy, int cx, int k)
{
    return f[(cy * l->cells_x + cx) * l->cfg.hog_bins + k];
}

/* Energy in (bin, cells whose column is cx0 or cx1) equal to want, zero
 * elsewhere; rows instead of columns when by_row. */
static void check_edge(const float *f, const features_layout *l, int bin, int a, int b,
                       int by_row, double want)
{
    for (int cy = 0; cy < l->cells_y; cy++)
        for (int cx = 0; cx < l->cells_x; cx++)
            for (int k = 0; k < l->cfg.hog_bins; k++) {
                int pos = by_row ? cy : cx;
                double expect = (k == bin && (pos == a || pos == b)) ? want : 0;
                assert_near(hog_at(f, l, cy, cx, k), expect, 1e-3);
            }
}

/* HOG with 8x8 cells and 9 bins of the image whose channels are v. */
static features_layout hog_of(int (*v)(int r, int c), float *f)
{
    uint8_t img[3 * NP];
    float grey[NP];
    grey_image(img, v);
    features_layout l = plan(FEATURES_HOG, 8, 9, 10, S, S, 3);
    features_hog(&l, img, grey, f);
    return l;
}

static void test_vertical_edge(void **state)
{
    (void)state;
    float f[144];
    features_layout l = hog_of(vertical_edge, f);
    /* gx = 255 on columns 15 and 16 (one in each of cell columns 1 and 2),
     * gy = 0: orientation 0, bin 0; per cell 8 pixels x 255 / 64 = 31.875 */
    check_edge(f, &l, 0, 1, 2, 0, 31.875);
}

static void test_horizontal_edge(void **state)
{
    (void)state;
    float f[144];
    features_layout l = hog_of(horizontal_edge, f);
    /* gy = -255 on rows 15 and 16, gx = 0: 90 degrees, bin floor(4.5) = 4 */
    check_edge(f, &l, 4, 1, 2, 1, 31.875);
}

static void test_flat_image_has_no_energy(void **state)
{
    (void)state;
    float f[144];
    hog_of(flat, f);
    for (int k = 0; k < 144; k++)
        assert_near(f[k], 0, 0);
}

static void test_diagonal_is_45_degrees_y_up(void **state)
{
    (void)state;
    float f[144];
    features_layout l = hog_of(diagonal, f);
    /* an inner cell: every pixel (8, 8), magnitude 8 sqrt 2, bin floor(2.25) */
    for (int k = 0; k < 9; k++)
        assert_near(hog_at(f, &l, 1, 1, k), k == 2 ? 8 * sqrt(2) : 0, 1e-4);
    /* the top-left cell: one-sided differences of 4 on the border; the
     * corner (4, 4) is 45 degrees, the rest of the top row (8, 4) is 26.6
     * (bin 1), the rest of the left column (4, 8) is 63.4 (bin 3) */
    assert_near(hog_at(f, &l, 0, 0, 2), (49 * 8 * sqrt(2) + 4 * sqrt(2)) / 64, 1e-4);
    assert_near(hog_at(f, &l, 0, 0, 1), 7 * sqrt(80) / 64, 1e-4);
    assert_near(hog_at(f, &l, 0, 0, 3), 7 * sqrt(80) / 64, 1e-4);
    assert_near(hog_at(f, &l, 0, 0, 0) + hog_at(f, &l, 0, 0, 4), 0, 0);
}

static void test_orientation_bins(void **state)
{
    (void)state;
    assert_int_equal(features_orientation_bin(1, 0, 9), 0);
    assert_int_equal(features_orientation_bin(-1, 0, 9), 0);  /* 180 folds to 0 */
    assert_int_equal(features_orientation_bin(0, 1, 9), 4);   /* 90 */
    assert_int_equal(features_orientation_bin(0, -1, 9), 4);
    assert_int_equal(features_orientation_bin(1, 1, 9), 2);   /* 45 */
    assert_int_equal(features_orientation_bin(-1, -1, 9), 2);
    assert_int_equal(features_orientation_bin(-1, 1, 9), 6);  /* 135 */
    assert_int_equal(features_orientation_bin(1, -1, 9), 6);
    assert_int_equal(features_orientation_bin(1, -1e-9, 9), 8); /* just under 180 */
    assert_int_equal(features_orientation_bin(1, 1, 1), 0);
}

static void test_hue_bins_of_pure_colours(void **state)
{
    (void)state;
    /* 10 bins of 36 degrees: red 0 -> 0, yellow 60 -> 1, green 120 -> 3,
     * cyan 180 -> 5, blue 240 -> 6, magenta 300 -> 8 */
    assert_int_equal(features_hue_bin(255, 0, 0, 10), 0);
    assert_int_equal(features_hue_bin(255, 255, 0, 10), 1);
    assert_int_equal(features_hue_bin(0, 255, 0, 10), 3);
    assert_int_equal(features_hue_bin(0, 255, 255, 10), 5);
    assert_int_equal(features_hue_bin(0, 0, 255, 10), 6);
    assert_int_equal(features_hue_bin(255, 0, 255, 10), 8);
    assert_int_equal(features_hue_bin(128, 128, 128, 10), -1);
    assert_int_equal(features_hue_bin(0, 0, 0, 10), -1);
    /* hue exactly on a bin's lower edge: 36 degrees = (g - b) / c = 0.6 */
    assert_int_equal(features_hue_bin(250, 150, 0, 10), 1);
    assert_int_equal(features_hue_bin(250, 149, 0, 10), 0);
    /* darker and paler red keeps its hue; a red just short of 360 is bin 9 */
    assert_int_equal(features_hue_bin(100, 20, 20, 10), 0);
    assert_int_equal(features_hue_bin(255, 0, 1, 10), 9);
}

static void test_hue_histogram(void **state)
{
    (void)state;
    uint8_t img[3 * NP];
    float f[10];
    features_layout l = plan(FEATURES_HUE, 8, 9, 10, S, S, 3);
    /* top half pure red, bottom half grey */
    for (int i = 0; i < NP; i++) {
        int top = i < NP / 2;
        img[i] = top ? 255 : 90;
        img[NP + i] = top ? 0 : 90;
        img[2 * NP + i] = top ? 0 : 90;
    }
    features_hue(&l, img, f);
    for (int k = 0; k < 10; k++)
        assert_near(f[k], k == 0 ? 0.5 : 0, 0);
    /* a quarter each of green, blue and yellow, a quarter grey */
    for (int i = 0; i < NP; i++) {
        int q = i / (NP / 4);
        img[i] = (uint8_t)(q == 2 ? 200 : q == 3 ? 7 : 0);
        img[NP + i] = (uint8_t)(q == 0 || q == 2 ? 200 : q == 3 ? 7 : 0);
        img[2 * NP + i] = (uint8_t)(q == 1 ? 200 : q == 3 ? 7 : 0);
    }
    features_hue(&l, img, f);
    for (int k = 0; k < 10; k++)
        assert_near(f[k], k == 3 || k == 6 || k == 1 ? 0.25 : 0, 0);
}

static void test_dimensions(void **state)
{
    (void)state;
    features_config d = features_defaults();
    features_layout l;
    char err[128];
    assert_int_equal(features_plan(&d, 32, 32, 3, &l, err, sizeof err), 0);
    assert_int_equal(l.hog_dim, 144); /* 4 x 4 cells x 9 bins */
    assert_int_equal(l.hue_dim, 10);
    assert_int_equal(l.dim, 154);
    l = plan(FEATURES_HOG, 8, 9, 10, 28, 28, 1); /* Fashion-MNIST: 3 x 3 cells, 2 px border */
    assert_int_equal(l.cells_x, 3);
    assert_int_equal(l.off_x, 2);
    assert_int_equal(l.dim, 81);
    l = plan(FEATURES_HOG, 5, 6, 10, 32, 32, 3); /* 6 x 6 cells of 5, border 1 */
    assert_int_equal(l.cells_y, 6);
    assert_int_equal(l.off_y, 1);
    assert_int_equal(l.dim, 216);
    l = plan(FEATURES_HUE, 8, 9, 7, 32, 32, 3);
    assert_int_equal(l.dim, 7);
}

static void test_cell_not_dividing_is_centred(void **state)
{
    (void)state;
    uint8_t img[3 * NP];
    float grey[NP], f[6 * 6 * 9];
    grey_image(img, vertical_edge);
    features_layout l = plan(FEATURES_HOG, 5, 9, 10, S, S, 3);
    features_hog(&l, img, grey, f);
    /* cells start at pixel 1: column 15 in cell (15 - 1) / 5 = 2, column 16
     * in cell 3; 5 pixels x 255 / 25 = 51 */
    check_edge(f, &l, 0, 2, 3, 0, 51);
}

static void test_bad_options_refused(void **state)
{
    (void)state;
    features_layout l;
    char err[128];
    features_config c = {FEATURES_HOG, 33, 9, 10};
    assert_int_equal(features_plan(&c, 32, 32, 3, &l, err, sizeof err), -1);
    assert_non_null(strstr(err, "HOG cell 33"));
    c = (features_config){FEATURES_HOG, 0, 9, 10};
    assert_int_equal(features_plan(&c, 32, 32, 3, &l, err, sizeof err), -1);
    c = (features_config){FEATURES_HOG, 8, 0, 10};
    assert_int_equal(features_plan(&c, 32, 32, 3, &l, err, sizeof err), -1);
    assert_non_null(strstr(err, "HOG bins 0"));
    c = (features_config){FEATURES_HUE, 8, 9, 0};
    assert_int_equal(features_plan(&c, 32, 32, 3, &l, err, sizeof err), -1);
    assert_non_null(strstr(err, "hue bins 0"));
    c = (features_config){FEATURES_HUE, 8, 9, 10};
    assert_int_equal(features_plan(&c, 28, 28, 1, &l, err, sizeof err), -1);
    assert_non_null(strstr(err, "colour"));
    c = (features_config){FEATURES_HOG, 1, 180, 10}; /* 1024 x 180 features */
    assert_int_equal(features_plan(&c, 32, 32, 3, &l, err, sizeof err), -1);
    assert_non_null(strstr(err, "184320"));
    c = (features_config){0, 8, 9, 10};
    assert_int_equal(features_plan(&c, 32, 32, 3, &l, err, sizeof err), -1);
}

static void test_names(void **state)
{
    (void)state;
    unsigned k;
    assert_int_equal(features_parse("hog+hue", &k), 0);
    assert_int_equal(k, FEATURES_HOG | FEATURES_HUE);
    assert_int_equal(features_parse("pixels", &k), 0);
    assert_int_equal(k, 0);
    assert_int_equal(features_parse("hogs", &k), -1);
    assert_string_equal(features_name(FEATURES_HUE), "hue");
    assert_string_equal(features_name(FEATURES_HOG | FEATURES_HUE), "hog+hue");
}

static size_t progress_last;
static void progress(void *ctx, size_t done, size_t n)
{
    (void)ctx;
    assert_true(done >= progress_last && done <= n);
    progress_last = done;
}

/* Images of varied content: the batch extraction on 1 to 3 threads equals
 * each image's own features, rows of 154. */
static void test_extract_matches_single_images(void **state)
{
    (void)state;
    enum { N = 37 };
    features_layout l = plan(FEATURES_HOG | FEATURES_HUE, 8, 9, 10, S, S, 3);
    uint8_t *x = malloc((size_t)N * 3 * NP);
    float *f = malloc((size_t)N * 154 * sizeof *f), grey[NP], one[154];
    assert_non_null(x);
    assert_non_null(f);
    unsigned s = 12345;
    for (size_t i = 0; i < (size_t)N * 3 * NP; i++) {
        s = s * 1103515245u + 12345u;
        x[i] = (uint8_t)(s >> 16);
    }
    for (int threads = 1; threads <= 3; threads++) {
        progress_last = 0;
        assert_int_equal(features_extract(&l, x, N, f, threads, threads == 2 ? progress : NULL,
                                          NULL), 0);
        if (threads == 2)
            assert_int_equal(progress_last, N);
        for (int i = 0; i < N; i++) {
            features_hog(&l, x + (size_t)i * 3 * NP, grey, one);
            features_hue(&l, x + (size_t)i * 3 * NP, one + 144);
            for (int k = 0; k < 154; k++)
                assert_near(f[i * 154 + k], one[k], 0);
        }
    }
    free(x);
    free(f);
}

static void test_standardize(void **state)
{
    (void)state;
    /* two features: (1, 5), (3, 5), (5, 5) */
    float f[6] = {1, 5, 3, 5, 5, 5}, mean[2], std[2];
    features_fit(f, 3, 2, mean, std);
    assert_near(mean[0], 3, 1e-6);
    assert_near(std[0], sqrt(8.0 / 3), 1e-6);
    assert_near(mean[1], 5, 1e-6);
    assert_near(std[1], 0, 0);
    features_standardize(f, 3, 2, mean, std);
    assert_near(f[0], -2 / sqrt(8.0 / 3), 1e-6);
    assert_near(f[2], 0, 1e-6);
    assert_near(f[4], 2 / sqrt(8.0 / 3), 1e-6);
    assert_near(f[1], 0, 0); /* constant: centred only */
    assert_near(f[5], 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vertical_edge),
        cmocka_unit_test(test_horizontal_edge),
        cmocka_unit_test(test_flat_image_has_no_energy),
        cmocka_unit_test(test_diagonal_is_45_degrees_y_up),
        cmocka_unit_test(test_orientation_bins),
        cmocka_unit_test(test_hue_bins_of_pure_colours),
        cmocka_unit_test(test_hue_histogram),
        cmocka_unit_test(test_dimensions),
        cmocka_unit_test(test_cell_not_dividing_is_centred),
        cmocka_unit_test(test_bad_options_refused),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_extract_matches_single_images),
        cmocka_unit_test(test_standardize),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
