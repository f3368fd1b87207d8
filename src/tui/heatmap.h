/* A search's results drawn over two log axes: a grid of cells, each a
 * configuration's validation accuracy as colour and number (the best
 * marked), or the points of a random search as a scatter over the same
 * axes; and the colour bar that reads them. Drawing only: descent tune's
 * live view (tuneview.c) owns the sweep and the keys. */
#ifndef DESCENT_HEATMAP_H
#define DESCENT_HEATMAP_H

#include "palette.h"
#include "theme.h"

typedef enum { HEAT_WAITING, HEAT_RUNNING, HEAT_DONE, HEAT_DIVERGED } heat_state;

/* One configuration as the map shows it. */
typedef struct {
    heat_state state;
    double value; /* validation accuracy, when done */
    double x, y;  /* its lr and reg (the scatter's position) */
    int col, row; /* its grid cell: column along x, row along y (0 = lowest) */
} heat_point;

typedef struct {
    const theme *th;
    colour_depth depth; /* DEPTH_NONE: numbers and marks only */
    int utf8;
    int scatter;        /* points at their values, not cells */
    int cols, rows;     /* the grid's size */
    const double *x_vals, *y_vals; /* the grid's axis values, ascending */
    double x_lo, x_hi, y_lo, y_hi; /* the scatter's bounds (> 0) */
    const char *x_name, *y_name;
    int n;
    const heat_point *pt;
    int best;           /* index into pt, -1: none yet */
    int cursor;         /* index into pt, -1: none */
    double lo, hi;      /* the colour scale: the finished values' range */
} heatmap;

/* The finished points' range into h->lo, h->hi and the best (the first of
 * the highest values, as the headless choice) into h->best. */
void heatmap_scale(heatmap *h);

/* The map in the w x rows rectangle at (x, y): axis labels inside it. With
 * more cells than fit, the part around the cursor, and a line saying so.
 * Returns 0, or -1 when the rectangle is too small to draw anything. */
int heatmap_draw(const heatmap *h, int x, int y, int w, int rows);

/* The colour bar on one line at (x, y), w columns: the scale's ends and
 * what the marks mean. */
void heatmap_bar(const heatmap *h, int x, int y, int w);

/* The cell text of a value: "%.4f" without the leading 0 (".4120"). */
void heatmap_number(double v, char *buf, int len);

#endif
