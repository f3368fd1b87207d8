/* The map as a standalone SVG for slides and handouts: filled contour bands
 * and lines from the contour raster, the trajectories in the theme's
 * optimizer colours with their head marks, legend, title and axes. */
#ifndef DESCENT_SVG_H
#define DESCENT_SVG_H

#include <stddef.h>
#include <stdio.h>

#include "../core/race.h"
#include "theme.h"

typedef struct {
    const race *rc;
    double view[4];     /* x0, x1, y0, y1 */
    const theme *th;
    const int *hidden;  /* per racer, or NULL: all shown */
    int stretch;        /* the view stretched to fill the plot (else widened
                           to equal aspect, as the explorer shows it) */
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

/* Writes a picture through body(f, ctx) the same way: whole or untouched.
 * body returns 0, or -1 when out of memory. */
typedef int (*svg_body)(FILE *f, const void *ctx);
int svg_write_atomic(const char *path, svg_body body, const void *ctx, char *err, size_t errlen);

/* The pieces every picture shares: a theme's paper and ink on paper,
 * "#rrggbb", text escaped for XML, and a <text> element. */
rgb svg_paper(const theme *t);
rgb svg_ink(const theme *t);
const char *svg_hex(rgb c, char buf[8]);
void svg_escaped(FILE *f, const char *s);
void svg_text(FILE *f, double x, double y, const char *attrs, const char *s);
/* Text in at most `width` px at font size `size` (bold or not; extra: more
 * attributes, or ""): a little smaller when it would run over, squeezed by
 * textLength when much longer, never cut (the width estimated from the
 * characters, an average glyph). */
void svg_text_fit(FILE *f, double x, double y, double width, double size, int bold,
                  const char *extra, const char *s);
/* The estimated width in px of s at font size `size`. */
double svg_text_width(const char *s, double size, int bold);
/* The document's start: the XML declaration, <svg> of w x h px in the
 * theme's ink, and <title>prefix title</title>; and the page's paper. */
void svg_begin(FILE *f, int w, int h, const theme *th, const char *prefix, const char *title);
void svg_paper_rect(FILE *f, int w, int h, const theme *th);

#endif
