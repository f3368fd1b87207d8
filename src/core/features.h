/* Engineered image features, the pre-2012 pipeline a linear classifier ran
 * on before ConvNets: histograms of oriented gradients (HOG) and a hue
 * histogram, computed from uint8 images (channel planes of rows, as the
 * datasets hold them), concatenated, standardized with the training set's
 * mean and standard deviation; the bias 1 is appended by the model, as for
 * pixels (W's last column). Pure computation.
 *
 * HOG: grey = 0.299 R + 0.587 G + 0.114 B (grey images: the value itself);
 * centred differences gx = g(r, c+1) - g(r, c-1), gy = g(r-1, c) - g(r+1, c)
 * (y points up; at the border the missing neighbour is the pixel itself);
 * magnitude sqrt(gx^2 + gy^2), unsigned orientation atan2(gy, gx) folded into
 * [0, 180) degrees and binned into hog_bins equal bins (bin 0 starts at 0:
 * a vertical edge, gradient along x, lands in bin 0; a horizontal edge, 90
 * degrees, in bin floor(90 bins / 180)). Each cell of hog_cell x hog_cell
 * pixels gets, per bin, the sum of its pixels' magnitudes in that bin over
 * the cell's pixel count (grey levels per pixel). The cells tile the image
 * centred; when hog_cell does not divide a side, the floor(side / cell)
 * cells leave the remainder split between both borders, uncounted.
 * Layout: cell row, cell column, bin.
 *
 * Hue: the HSV hue of each pixel in degrees (red 0, yellow 60, green 120,
 * cyan 180, blue 240, magenta 300) binned into hue_bins equal bins from 0;
 * value k is the fraction of the image's pixels in bin k. Grey pixels
 * (R = G = B) have no hue and count in no bin. Computed exactly in integers.
 *
 * Dimension: cells_y * cells_x * hog_bins + hue_bins (each when chosen), plus
 * the bias: CIFAR-10 with the defaults 4 * 4 * 9 + 10 = 154, 155 with it
 * (a linear model on them has 10 x 155 = 1550 weights). */
#ifndef DESCENT_FEATURES_H
#define DESCENT_FEATURES_H

#include <stddef.h>
#include <stdint.h>

#define FEATURES_HOG 1u
#define FEATURES_HUE 2u

/* Limits the options are checked against. */
#define FEATURES_BINS_MAX 360
#define FEATURES_DIM_MAX 4096 /* 60000 images of it: 1 GB of floats */

typedef struct {
    unsigned kinds; /* 0: raw pixels; FEATURES_HOG, FEATURES_HUE or both */
    int hog_cell;   /* pixels per cell side */
    int hog_bins;   /* orientation bins over [0, 180) degrees */
    int hue_bins;   /* hue bins over [0, 360) degrees */
} features_config;

/* The course's features: hog+hue, 8x8 cells, 9 orientation bins, 10 hue bins. */
features_config features_defaults(void);

/* "pixels", "hog", "hue", "hog+hue" (also "hue+hog") to kinds. Returns 0 or -1. */
int features_parse(const char *name, unsigned *kinds);
/* The name of kinds, as features_parse reads it. */
const char *features_name(unsigned kinds);

/* What a config gives on images of one size. */
typedef struct {
    features_config cfg;
    int width, height, channels;
    int cells_x, cells_y; /* HOG cells across and down */
    int off_x, off_y;     /* the top-left cell's first pixel */
    int hog_dim, hue_dim;
    int dim;              /* hog_dim + hue_dim, without the bias */
} features_layout;

/* Checks cfg against images of width x height x channels (1 or 3) and lays
 * the features out. Returns 0, or -1 with a message in err (a cell larger
 * than the image, no bins, hue of grey images, too many features). */
int features_plan(const features_config *cfg, int width, int height, int channels,
                  features_layout *out, char *err, size_t errlen);

/* Grey values of one image (width * height, row-major). */
void features_grey(const features_layout *l, const uint8_t *img, float *grey);
/* Gradients of grey values, as above (each width * height). */
void features_gradients(const features_layout *l, const float *grey, float *gx, float *gy);
/* Orientation bin of a gradient, as above. */
int features_orientation_bin(double gx, double gy, int bins);
/* Hue bin of one pixel, or -1 for a grey one. */
int features_hue_bin(int r, int g, int b, int bins);

/* HOG of one image (hog_dim values); grey is scratch of width * height. */
void features_hog(const features_layout *l, const uint8_t *img, float *grey, float *out);
/* Hue histogram of one image (hue_dim values); 0s for grey images. */
void features_hue(const features_layout *l, const uint8_t *img, float *out);

/* Called now and then from features_extract with the images done so far. */
typedef void (*features_progress)(void *ctx, size_t done, size_t n);

/* The features of n images, rows of dim floats. threads > 1 splits the
 * images between that many threads. progress may be NULL; it is called from the calling thread only.
 * Returns 0, or -1 when memory or a thread could not be had. */
int features_extract(const features_layout *l, const uint8_t *x, size_t n, float *out,
                     int threads, features_progress progress, void *ctx);

/* The mean and standard deviation of each feature over n rows of dim floats
 * (as features_extract writes them). */
void features_fit(const float *f, size_t n, int dim, float *mean, float *std);
/* f = (f - mean) / std per feature (a feature with std 0 only centred). */
void features_standardize(float *f, size_t n, int dim, const float *mean, const float *std);

#endif
