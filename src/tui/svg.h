/* The map as a standalone SVG for slides and handouts: filled contour bands
 * and lines from the contour raster, the trajectories in the theme's
 * optimizer colours with their head marks, legend, title and axes. */
#ifndef DESCENT_SVG_H
#define DESCENT_SVG_H

#include <stddef.h>

#include "../core/race.h"
#include "theme.h"

typedef struct {
    const race *rc;
    double view[4];     /* x0, x1, y0, y1 */
    const theme *th;
    const int *hidden;  /* per racer, or NULL: all shown */
} svg_map;

/* Where the map's values come from when the surface is costly to evaluate
 * point by point (the loss landscape): all w x h samples of view at once,
 * row 0 at the top, as contour_build places them. Returns 0 or -1 (memory). */
typedef int (*svg_samples_fn)(void *ctx, const double view[4], int w, int h, double *f);

/* Writes the SVG to a temporary file beside path and renames it into
 * place, so path is either the whole picture or untouched. Returns 0, or
 * -1 with a message naming path in err. */
int svg_write(const char *path, const svg_map *m, char *err, size_t errlen);
/* The same with the map's values from samples(ctx, ...) instead of the surface. */
int svg_write_samples(const char *path, const svg_map *m, svg_samples_fn samples, void *ctx,
                      char *err, size_t errlen);

#endif
