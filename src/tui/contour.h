/* The contour raster of a surface over a view window: values sampled once
 * per view change at the corners of every canvas dot, bands on a linear or
 * log scale, the fill of each cell and contour lines by marching squares at
 * dot resolution. Plain memory, no terminal. */
#ifndef DESCENT_CONTOUR_H
#define DESCENT_CONTOUR_H

#include <stddef.h>

#include "../core/surface.h"
#include "canvas.h"

#define CONTOUR_BANDS_MAX 64
/* The bands the explorer and the SVG export draw. */
#define CONTOUR_BANDS 14
/* Log levels span this many decades below the highest value in view. */
#define CONTOUR_DECADES 6

typedef struct {
    int cols, rows, cw, ch;
    int w, h;        /* corner samples: cols*cw + 1 by rows*ch + 1 */
    double view[4];  /* x0, x1, y0, y1 */
    double *f;       /* row-major, row 0 at the top (y1) */
    signed char *band; /* per corner; -1 where f is not finite */
    double lo, hi;   /* finite range in view */
    int log;
    int nbands;
} contour;

/* The nbands - 1 boundaries between nbands bands spanning [lo, hi]: evenly
 * spaced, or on a log scale of f - lo over CONTOUR_DECADES decades below
 * hi - lo (so lo = 0, hi = 1e6, 6 bands gives 10, 100, ..., 1e5). */
void contour_levels(double lo, double hi, int nbands, int log, double *out);
/* Where f sits on that scale, from 0 (lo) to 1 (hi); -1 when not finite. */
double contour_scale(double lo, double hi, int log, double f);
/* Its inverse: the value at scale position t (the colour bar's labels). */
double contour_unscale(double lo, double hi, int log, double t);

/* Samples s over view for a canvas of cols x rows cells of cw x ch dots.
 * Returns 0 or -1 (out of memory). */
int contour_build(contour *ct, const surface *s, const double view[4], int cols, int rows,
                  int cw, int ch, int nbands, int log);
void contour_free(contour *ct);

/* Sets every dot whose square of four corners straddles a band boundary
 * (marching squares: any case but all-above and all-below). */
void contour_lines(const contour *ct, canvas *cv, int ink);
/* The scale value (0..1) at the centre of a cell, -1 when undefined. */
double contour_cell(const contour *ct, int col, int row);
/* The band (0..nbands-1) at the centre of a cell, -1 when undefined. */
int contour_cell_band(const contour *ct, int col, int row);
/* Index into a ramp of n colours for scale value t (0..1). */
int contour_ramp(double t, int n);

/* The contour lines as vector segments, for export: marching squares with
 * linear interpolation over the samples, at the same nbands - 1 level
 * boundaries as the bands (contour_levels). Points are in samples, x from
 * 0 to w - 1, y from 0 (top) to h - 1; squares with an undefined corner
 * are skipped. */
typedef void (*contour_emit)(void *ctx, int level, double x0, double y0, double x1, double y1);
void contour_segments(const contour *ct, contour_emit emit, void *ctx);

/* A round step (1, 2 or 5 times a power of ten) giving about `target`
 * ticks over span, and a tick's label (exact zero shown as 0). */
double contour_tick_step(double span, int target);
void contour_tick_label(char *buf, size_t len, double v, double step);

/* The ticks over [lo, hi] at contour_tick_step(hi - lo, target): tick k is
 * first + k * step, for k below the count returned (0 for an empty or
 * unresolvable range, at most CONTOUR_TICKS_MAX). Counted, not stepped, so
 * a loop over them ends even where adding step to a tick leaves it as it
 * was (a view a few ULPs wide). */
#define CONTOUR_TICKS_MAX 256
int contour_ticks(double lo, double hi, int target, double *first, double *step);

#endif
