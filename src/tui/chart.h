/* The one chart drawer of every screen (the explorer's loss chart, the
 * training panel's loss, parts and accuracy charts, the playground's loss):
 * a title, a colour key naming each series in its colour and line, the
 * series against a step axis with its ends labelled, on a linear or log
 * scale. On a log scale the floor can sit a decade under the series that
 * set it, so that a reference path far below (BFGS at 1e-19) is drawn along
 * the bottom and named instead of flattening the others; the top can stop a
 * decade over the highest start, a diverging series marked where it left. */
#ifndef DESCENT_CHART_H
#define DESCENT_CHART_H

#include <stddef.h>
#include <stdint.h>

#include "canvas.h"
#include "paint.h"

#define CHART_TICK_W 7 /* the y labels' width */

typedef struct {
    const char *label;  /* its name in the key; NULL: not in the key */
    int n;              /* points */
    const double *yd;   /* y: n doubles `stride` bytes apart (a field of an array of structs) */
    size_t stride;
    const float *yf;    /* or n floats (when yd is NULL) */
    const long *x;      /* x of point i; NULL: i * x_step */
    long x_step;
    int fg;             /* terminal colour (paint_colour); -1: the ink */
    int dash;           /* the line: 0 solid, else canvas dashes */
    unsigned attr;      /* A_BOLD, or A_NORMAL for a faint curve */
    uint32_t ascii;     /* its mark in ASCII and in the key without colour */
    int reference;      /* does not set the floor */
    int diverged;       /* it left at diverged_at: an X on the top row there */
    long diverged_at;
} chart_series;

typedef struct {
    long x;
    const char *text;
} chart_mark;

typedef enum { CHART_LINEAR, CHART_LOG, CHART_LOG_IF_POSITIVE } chart_scale;

typedef struct {
    const char *title;
    chart_scale scale;
    int floor;                /* log: a decade under the lowest non-reference point */
    int cap;                  /* the top a decade (linear: a start-to-best span) over the highest start */
    long xmax;                /* 0: the largest x of the series */
    const chart_mark *marks;  /* dotted verticals with their text, in mark_fg */
    int nmarks, mark_fg;
} chart_opts;

/* Rows a chart needs at the least: title, key, two plot rows, x labels. */
#define CHART_MIN_ROWS 5

/* Draws the chart in the w x h cells at (x, y) with canvas cv (resized to
 * the plot as needed, in glyphs); pairs it could not have are noted in p. */
void chart_draw(paint *p, canvas *cv, canvas_mode glyphs, int x, int y, int w, int h,
                const chart_opts *o, const chart_series *s, int ns);

#endif
