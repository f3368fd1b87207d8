/* The features walkthrough: one image to the features a linear classifier
 * ran on before ConvNets. Its grey values, gradients, one cell's orientation
 * histogram, every cell's, its hue histogram and the feature vector. Every
 * number comes from core/features; the formulas spell out what it did. The
 * image is the first training image of real data, or a hand-made 16x16 one:
 * a red triangle above a blue one over a grey band. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/features.h"
#include "walkpriv.h"

#define SIDE_MAX 64 /* the walk's images, at most SIDE_MAX x SIDE_MAX */
#define NP_MAX (SIDE_MAX * SIDE_MAX)
#define TOY 16

typedef struct {
    const char *what;         /* where the image came from */
    char name[64];            /* "training image 1 (frog)" */
    uint8_t img[3 * NP_MAX];
    features_layout l;
    float grey[NP_MAX], gx[NP_MAX], gy[NP_MAX];
    float hog[1024];          /* 8x8 cells of 9 bins on SIDE_MAX: 576 */
    float hue[FEATURES_BINS_MAX];
    int cy, cx;               /* the cell shown: the one of most gradient */
    int pr, pc;               /* the pixel shown: its strongest gradient */
} fwalk;

static void toy_image(uint8_t *img)
{
    for (int r = 0; r < TOY; r++)
        for (int c = 0; c < TOY; c++) {
            /* red (220, 60, 40) right of the diagonal, blue (40, 80, 200)
             * left of it, grey 128 in the bottom four rows */
            int grey = r >= 12, red = c > r;
            img[r * TOY + c] = (uint8_t)(grey ? 128 : red ? 220 : 40);
            img[TOY * TOY + r * TOY + c] = (uint8_t)(grey ? 128 : red ? 60 : 80);
            img[2 * TOY * TOY + r * TOY + c] = (uint8_t)(grey ? 128 : red ? 40 : 200);
        }
}

/* The image and its layout; -1 when the data's images do not suit. */
static int fwalk_open(fwalk *f, const walk *w)
{
    features_config cfg = features_defaults();
    int width = TOY, height = TOY, channels = 3;
    const walk_data *d = w->data;
    if (d && d->width > 0 && d->width <= SIDE_MAX && d->height > 0 && d->height <= SIDE_MAX &&
        d->n > 0) {
        width = d->width;
        height = d->height;
        channels = d->channels;
        memcpy(f->img, d->x, (size_t)d->dim);
        f->what = d->what;
        snprintf(f->name, sizeof f->name, "training image 1 (%s)", d->class_names[d->y[0]]);
    } else {
        d = NULL;
        toy_image(f->img);
        f->what = NULL;
        snprintf(f->name, sizeof f->name, "a hand-made image");
    }
    if (channels != 3)
        cfg.kinds = FEATURES_HOG;
    char err[128];
    if (features_plan(&cfg, width, height, channels, &f->l, err, sizeof err) < 0 ||
        f->l.hog_dim > (int)(sizeof f->hog / sizeof f->hog[0]))
        return -1;
    features_grey(&f->l, f->img, f->grey);
    features_gradients(&f->l, f->grey, f->gx, f->gy);
    features_hog(&f->l, f->img, f->grey, f->hog);
    if (f->l.hue_dim)
        features_hue(&f->l, f->img, f->hue);
    /* the busiest cell, the first of equals */
    double best = -1;
    int bins = f->l.cfg.hog_bins;
    for (int cy = 0; cy < f->l.cells_y; cy++)
        for (int cx = 0; cx < f->l.cells_x; cx++) {
            double s = 0;
            for (int k = 0; k < bins; k++)
                s += f->hog[(cy * f->l.cells_x + cx) * bins + k];
            if (s > best) {
                best = s;
                f->cy = cy;
                f->cx = cx;
            }
        }
    int cell = f->l.cfg.hog_cell, r0 = f->l.off_y + f->cy * cell, c0 = f->l.off_x + f->cx * cell;
    best = -1;
    for (int r = r0; r < r0 + cell; r++)
        for (int c = c0; c < c0 + cell; c++) {
            int i = r * width + c;
            double m = hypot(f->gx[i], f->gy[i]);
            if (m > best) {
                best = m;
                f->pr = r;
                f->pc = c;
            }
        }
    return 0;
}

static double fmag(const fwalk *f, int i)
{
    return sqrt((double)f->gx[i] * f->gx[i] + (double)f->gy[i] * f->gy[i]);
}

/* 0..180 degrees, folded as features_orientation_bin folds them. */
static double fangle(const fwalk *f, int i)
{
    double deg = atan2(f->gy[i], f->gx[i]) * (180.0 / M_PI);
    if (deg < 0)
        deg += 180.0;
    return deg >= 180.0 ? deg - 180.0 : deg;
}

/* A table of one per-pixel quantity over the shown cell (at most 8 x 8 of
 * it), the shown pixel highlighted; whole numbers, so that eight columns fit
 * 80 (the formulas carry the decimals). */
static void cell_table(walk_step *st, const fwalk *f, const char *corner,
                       double (*value)(const fwalk *f, int i))
{
    int cell = f->l.cfg.hog_cell, shown = cell < WALK_TCOLS ? cell : WALK_TCOLS;
    int r0 = f->l.off_y + f->cy * cell, c0 = f->l.off_x + f->cx * cell;
    step_table(st, shown, shown, corner);
    char label[WALK_LABEL_MAX];
    for (int j = 0; j < shown; j++) {
        snprintf(label, sizeof label, "c%d", c0 + j);
        step_col(st, j, label);
        snprintf(label, sizeof label, "r%d", r0 + j);
        step_row(st, j, label);
        for (int k = 0; k < shown; k++)
            step_cell(st, j, k, round(value(f, (r0 + j) * f->l.width + c0 + k)), NF_SHORT);
    }
    if (f->pr - r0 < shown && f->pc - c0 < shown)
        step_hl(st, f->pr - r0, f->pc - c0);
}

static double v_grey(const fwalk *f, int i) { return f->grey[i]; }
static double v_gx(const fwalk *f, int i) { return f->gx[i]; }
static double v_gy(const fwalk *f, int i) { return f->gy[i]; }
static double v_angle(const fwalk *f, int i) { return fmag(f, i) > 0 ? fangle(f, i) : 0; }

/* The shown pixel's neighbours, as the gradients take them. */
static int clampi(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }

static void step_grey(walk *w, const fwalk *f)
{
    walk_step *st = walk_add(w, NF_SHORT, "Grey values of one %dx%d cell", f->l.cfg.hog_cell,
                             f->l.cfg.hog_cell);
    if (!st)
        return;
    int np = f->l.width * f->l.height, i = f->pr * f->l.width + f->pc;
    if (f->l.channels == 3)
        step_formula(st, NF_SHORT,
                     "grey = 0.299 R + 0.587 G + 0.114 B\n"
                     "     = 0.299 x %d + 0.587 x %d + 0.114 x %d = {#}",
                     f->img[i], f->img[np + i], f->img[2 * np + i], (double)f->grey[i]);
    else
        step_formula(st, NF_SHORT, "grey = the pixel's value = {#}", (double)f->grey[i]);
    cell_table(st, f, "grey", v_grey);
    step_result(st, NF_SHORT, "grey(%d, %d) = #", f->pr, f->pc, (double)f->grey[i]);
    step_note(st, NF_SHORT,
              "%s%s%s: %s, %dx%d pixels, cut into %d x %d cells of %dx%d. "
              "Shown: the cell with the most gradient (rows %d-%d, columns %d-%d), rounded, "
              "and, marked, its strongest-gradient pixel.",
              f->what ? "Data: " : "", f->what ? f->what : "", f->what ? "" : "No data", f->name,
              f->l.width, f->l.height, f->l.cells_y, f->l.cells_x, f->l.cfg.hog_cell,
              f->l.cfg.hog_cell, f->l.off_y + f->cy * f->l.cfg.hog_cell,
              f->l.off_y + (f->cy + 1) * f->l.cfg.hog_cell - 1,
              f->l.off_x + f->cx * f->l.cfg.hog_cell,
              f->l.off_x + (f->cx + 1) * f->l.cfg.hog_cell - 1);
}

static void step_gradient(walk *w, const fwalk *f, int across)
{
    int W = f->l.width, H = f->l.height, r = f->pr, c = f->pc, i = r * W + c;
    walk_step *st = walk_add(w, NF_SHORT, across ? "Gradient across: gx" : "Gradient up: gy");
    if (!st)
        return;
    if (across) {
        int cl = clampi(c - 1, 0, W - 1), cr = clampi(c + 1, 0, W - 1);
        step_formula(st, NF_SHORT, "gx(%d, %d) = grey(%d, %d) - grey(%d, %d) = # - # = {#}", r, c,
                     r, cr, r, cl, (double)f->grey[r * W + cr], (double)f->grey[r * W + cl],
                     (double)f->gx[i]);
    } else {
        int ru = clampi(r - 1, 0, H - 1), rd = clampi(r + 1, 0, H - 1);
        step_formula(st, NF_SHORT, "gy(%d, %d) = grey(%d, %d) - grey(%d, %d) = # - # = {#}", r, c,
                     ru, c, rd, c, (double)f->grey[ru * W + c], (double)f->grey[rd * W + c],
                     (double)f->gy[i]);
    }
    cell_table(st, f, across ? "gx" : "gy", across ? v_gx : v_gy);
    step_result(st, NF_SHORT, across ? "gx = #" : "gy = #", across ? f->gx[i] : f->gy[i]);
    step_note(st, NF_SHORT,
              across ? "The right neighbour minus the left: positive where the image gets "
                       "brighter to the right. At the border the missing neighbour is the "
                       "pixel itself."
                     : "The neighbour above minus the one below, so that y points up and "
                       "angles turn anticlockwise as on paper.");
}

static void bin_label(char *buf, size_t len, int k, int bins, int full)
{
    double lo = (double)full * k / bins, hi = (double)full * (k + 1) / bins;
    char a[8], b[8]; /* at most 360.00 */
    walk_num(a, sizeof a, lo, NF_SHORT);
    walk_num(b, sizeof b, hi, NF_SHORT);
    snprintf(buf, len, "%.7s-%.7s", a, b);
}

/* A histogram's table: per bin of [0, full) degrees the pixels in it, the
 * sum of their magnitudes (sum may be NULL) and its value. */
static void histogram_table(walk_step *st, int bins, int full, const int *count,
                            const double *sum, const float *value, numfmt nf)
{
    int v = sum ? 2 : 1;
    step_table(st, bins, v + 1, "degrees");
    step_col(st, 0, "pixels");
    if (sum)
        step_col(st, 1, "sum |g|");
    step_col(st, v, "value");
    for (int k = 0; k < bins; k++) {
        char label[WALK_LABEL_MAX];
        bin_label(label, sizeof label, k, bins, full);
        step_row(st, k, label);
        step_cell(st, k, 0, count[k], NF_SHORT);
        if (sum)
            step_cell(st, k, 1, sum[k], NF_SHORT);
        step_cell(st, k, v, value[k], nf);
    }
}

static void step_orientation(walk *w, const fwalk *f)
{
    int i = f->pr * f->l.width + f->pc, bins = f->l.cfg.hog_bins;
    walk_step *st = walk_add(w, NF_SHORT, "Magnitude and orientation");
    if (!st)
        return;
    double m = fmag(f, i), raw = atan2(f->gy[i], f->gx[i]) * (180.0 / M_PI);
    int k = features_orientation_bin(f->gx[i], f->gy[i], bins);
    step_formula(st, NF_SHORT, "|g| = sqrt(gx^2 + gy^2) = sqrt($^2 + $^2) = {#}\n",
                 (double)f->gx[i], (double)f->gy[i], m);
    step_formula(st, NF_SHORT, "angle = atan2(gy, gx) = # degrees", raw);
    if (raw < 0)
        step_formula(st, NF_SHORT, " -> # (+ 180: a gradient and its opposite are one edge)",
                     fangle(f, i));
    char label[WALK_LABEL_MAX];
    bin_label(label, sizeof label, k, bins, 180);
    step_formula(st, NF_SHORT, "\nbin = floor(angle x %d / 180) = %d (%s degrees)", bins, k,
                 label);
    cell_table(st, f, "angle", v_angle);
    step_result(st, NF_SHORT, "|g| = #, angle #, bin %d", m, fangle(f, i), k);
    step_note(st, NF_SHORT,
              "Orientations are unsigned, 0 to 180 degrees, in %d bins of # degrees. An edge "
              "running up and down has its gradient across (0 degrees); a level edge, 90. "
              "Pixels without gradient show 0 and add nothing.",
              bins, 180.0 / bins);
}

static void step_cell_histogram(walk *w, const fwalk *f)
{
    int bins = f->l.cfg.hog_bins, cell = f->l.cfg.hog_cell;
    int r0 = f->l.off_y + f->cy * cell, c0 = f->l.off_x + f->cx * cell;
    const float *h = f->hog + (f->cy * f->l.cells_x + f->cx) * bins;
    walk_step *st = walk_add(w, NF_SHORT, "The cell's orientation histogram");
    if (!st)
        return;
    double sum[FEATURES_BINS_MAX] = {0};
    int count[FEATURES_BINS_MAX] = {0};
    for (int r = r0; r < r0 + cell; r++)
        for (int c = c0; c < c0 + cell; c++) {
            int i = r * f->l.width + c;
            if (fmag(f, i) > 0) {
                int k = features_orientation_bin(f->gx[i], f->gy[i], bins);
                sum[k] += fmag(f, i);
                count[k]++;
            }
        }
    int top = 0;
    for (int k = 1; k < bins; k++)
        if (h[k] > h[top])
            top = k;
    histogram_table(st, bins, 180, count, sum, h, NF_SHORT);
    step_hl(st, top, 2);
    step_formula(st, NF_SHORT, "value(bin) = (sum of |g| of the cell's pixels in the bin) / %d\n",
                 cell * cell);
    step_formula(st, NF_SHORT, "value(%d) = # / %d = {#}", top, sum[top], cell * cell,
                 (double)h[top]);
    step_result(st, NF_SHORT, "the cell's strongest bin: %d, #", top, (double)h[top]);
    step_note(st, NF_SHORT,
              "%d numbers describe the cell: how much edge it holds in each direction, "
              "whatever its colour or brightness.",
              bins);
}

static void step_all_cells(walk *w, const fwalk *f)
{
    int bins = f->l.cfg.hog_bins, n = f->l.cells_y * f->l.cells_x;
    walk_step *st = walk_add(w, NF_SHORT, "Every cell: %d x %d x %d = %d HOG values",
                             f->l.cells_y, f->l.cells_x, bins, f->l.hog_dim);
    if (!st)
        return;
    step_table(st, n, 3, "cell");
    step_col(st, 0, "top bin");
    step_col(st, 1, "its value");
    step_col(st, 2, "all bins");
    for (int j = 0; j < n && j < WALK_TROWS; j++) {
        const float *h = f->hog + j * bins;
        int top = 0;
        double total = 0;
        for (int k = 0; k < bins; k++) {
            total += h[k];
            if (h[k] > h[top])
                top = k;
        }
        char label[32]; /* step_row keeps what fits */
        snprintf(label, sizeof label, "(%d, %d)", j / f->l.cells_x, j % f->l.cells_x);
        step_row(st, j, label);
        bin_label(label, sizeof label, top, bins, 180);
        if (total > 0)
            step_text(st, j, 0, label);
        else
            step_text(st, j, 0, "none");
        step_cell(st, j, 1, h[top], NF_SHORT);
        step_cell(st, j, 2, total, NF_SHORT);
    }
    int shown = f->cy * f->l.cells_x + f->cx;
    if (shown < WALK_TROWS)
        step_hl(st, shown, 1);
    step_formula(st, NF_SHORT, "HOG = cells (row, column) x bins, one after another: %d values",
                 f->l.hog_dim);
    step_result(st, NF_SHORT, "%d HOG values", f->l.hog_dim);
    step_note(st, NF_SHORT,
              "Each cell's %d-bin histogram, cell row by cell row; listed here is each cell's "
              "strongest direction. The marked one is the cell above.%s",
              bins, n > WALK_TROWS ? " (The first 16 cells are listed.)" : "");
}

static void step_pixel_hue(walk *w, const fwalk *f)
{
    int np = f->l.width * f->l.height, i = f->pr * f->l.width + f->pc;
    int r = f->img[i], g = f->img[np + i], b = f->img[2 * np + i], bins = f->l.cfg.hue_bins;
    walk_step *st = walk_add(w, NF_SHORT, "Hue of one pixel");
    if (!st)
        return;
    int max = r > g ? (r > b ? r : b) : (g > b ? g : b);
    int min = r < g ? (r < b ? r : b) : (g < b ? g : b), chroma = max - min;
    int k = features_hue_bin(r, g, b, bins);
    step_formula(st, NF_SHORT, "(R, G, B) = (%d, %d, %d): max %d, min %d, chroma %d\n", r, g, b,
                 max, min, chroma);
    double hue = 0;
    if (chroma == 0) {
        step_formula(st, NF_SHORT, "R = G = B: grey, {no hue}: it counts in no bin");
        step_result(st, NF_SHORT, "no hue");
    } else {
        if (max == r) {
            hue = 60.0 * (g - b) / chroma;
            step_formula(st, NF_SHORT, "R is largest: hue = 60 x (G - B) / chroma = 60 x $ / %d",
                         (double)(g - b), chroma);
        } else if (max == g) {
            hue = 60.0 * (b - r) / chroma + 120;
            step_formula(st, NF_SHORT,
                         "G is largest: hue = 120 + 60 x (B - R) / chroma = 120 + 60 x $ / %d",
                         (double)(b - r), chroma);
        } else {
            hue = 60.0 * (r - g) / chroma + 240;
            step_formula(st, NF_SHORT,
                         "B is largest: hue = 240 + 60 x (R - G) / chroma = 240 + 60 x $ / %d",
                         (double)(r - g), chroma);
        }
        if (hue < 0) {
            step_formula(st, NF_SHORT, " = # -> + 360", hue);
            hue += 360;
        }
        step_formula(st, NF_SHORT, " = # degrees\n", hue);
        char label[WALK_LABEL_MAX];
        bin_label(label, sizeof label, k, bins, 360);
        step_formula(st, NF_SHORT, "bin = floor(hue x %d / 360) = {%d} (%s degrees)", bins, k,
                     label);
        step_result(st, NF_SHORT, "hue #, bin %d", hue, k);
    }
    step_note(st, NF_SHORT,
              "Hue is the colour's place on the wheel, red 0, yellow 60, green 120, cyan 180, "
              "blue 240, magenta 300, whatever its brightness. The same pixel as above.");
}

static void step_hue_histogram(walk *w, const fwalk *f)
{
    int np = f->l.width * f->l.height, bins = f->l.cfg.hue_bins;
    walk_step *st = walk_add(w, NF_SHORT, "The hue histogram: %d values", bins);
    if (!st)
        return;
    int count[FEATURES_BINS_MAX] = {0}, grey = 0;
    for (int i = 0; i < np; i++) {
        int k = features_hue_bin(f->img[i], f->img[np + i], f->img[2 * np + i], bins);
        if (k < 0)
            grey++;
        else
            count[k]++;
    }
    int top = 0;
    for (int k = 1; k < bins; k++)
        if (f->hue[k] > f->hue[top])
            top = k;
    histogram_table(st, bins, 360, count, NULL, f->hue, NF_FIX5);
    step_hl(st, top, 1);
    step_formula(st, NF_SHORT, "value(bin) = (pixels whose hue is in the bin) / %d\n", np);
    step_formula(st, NF_FIX5, "value(%d) = %d / %d = {#}", top, count[top], np,
                 (double)f->hue[top]);
    step_result(st, NF_FIX5, "the most common hue: bin %d, #", top, (double)f->hue[top]);
    step_note(st, NF_SHORT, "%d of the %d pixels are grey and count in no bin.", grey, np);
}

static void step_vector(walk *w, const fwalk *f)
{
    walk_step *st = walk_add(w, NF_SHORT, "The feature vector");
    if (!st)
        return;
    if (f->l.hue_dim)
        step_formula(st, NF_SHORT, "x = [HOG %d | hue %d | 1] : %d + %d + 1 = {%d} numbers\n",
                     f->l.hog_dim, f->l.hue_dim, f->l.hog_dim, f->l.hue_dim, f->l.dim + 1);
    else
        step_formula(st, NF_SHORT, "x = [HOG %d | 1] : %d + 1 = {%d} numbers\n", f->l.hog_dim,
                     f->l.hog_dim, f->l.dim + 1);
    step_formula(st, NF_SHORT, "each feature standardized: x_k -> (x_k - mean_k) / std_k");
    step_result(st, NF_SHORT, "%d numbers per image instead of %d pixel values", f->l.dim + 1,
                f->l.width * f->l.height * f->l.channels);
    step_note(st, NF_SHORT,
              "mean_k and std_k are the training set's, computed once and kept with the model; "
              "the bias 1 is appended after. A linear classifier on these features (descent "
              "train --features hog+hue) weighs edges and colours, not single pixels.%s",
              f->l.hue_dim ? "" : " These images are grey: no hue histogram.");
}

static void features_build(walk *w)
{
    fwalk *f = malloc(sizeof *f);
    if (!f || fwalk_open(f, w) < 0) {
        walk_step *st = walk_add(w, NF_SHORT, f ? "Images too large for this walkthrough"
                                                : "Out of memory");
        if (st && f)
            step_note(st, NF_SHORT, "It shows images of up to %d x %d pixels.", SIDE_MAX,
                      SIDE_MAX);
        free(f);
        return;
    }
    step_grey(w, f);
    step_gradient(w, f, 1);
    step_gradient(w, f, 0);
    step_orientation(w, f);
    step_cell_histogram(w, f);
    step_all_cells(w, f);
    if (f->l.hue_dim) {
        step_pixel_hue(w, f);
        step_hue_histogram(w, f);
    }
    step_vector(w, f);
    free(f);
}

static void features_defaults_in(walk_inputs *in)
{
    memset(in, 0, sizeof *in);
}

static void features_data_defaults(walk_inputs *in)
{
    (void)in;
}

const walk_def walk_def_features = {
    .name = "features",
    .summary = "one image to its HOG and hue features",
    .keys = "",
    .defaults = features_defaults_in,
    .build = features_build,
    .data_defaults = features_data_defaults,
};
