#include "contour.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The floor below which log levels stop: CONTOUR_DECADES under the span. */
static double log_floor(double span)
{
    return span * pow(10.0, -CONTOUR_DECADES);
}

double contour_scale(double lo, double hi, int log, double f)
{
    if (!isfinite(f))
        return -1.0;
    double span = hi - lo;
    if (!(span > 0))
        return 0.0;
    double t;
    if (log) {
        double fl = log_floor(span), g = f - lo;
        t = log10((g > fl ? g : fl) / fl) / CONTOUR_DECADES;
    } else {
        t = (f - lo) / span;
    }
    return t < 0 ? 0 : t > 1 ? 1 : t;
}

void contour_levels(double lo, double hi, int nbands, int log, double *out)
{
    double span = hi - lo;
    for (int k = 1; k < nbands; k++) {
        double t = (double)k / nbands;
        out[k - 1] = log ? lo + log_floor(span) * pow(10.0, t * CONTOUR_DECADES) : lo + t * span;
    }
}

double contour_unscale(double lo, double hi, int log, double t)
{
    double span = hi - lo;
    if (!(span > 0))
        return lo;
    if (log)
        return lo + log_floor(span) * pow(10.0, t * CONTOUR_DECADES);
    return lo + t * span;
}

int contour_ramp(double t, int n)
{
    int i = (int)(t * n);
    return i < 0 ? 0 : i >= n ? n - 1 : i;
}

void contour_free(contour *ct)
{
    free(ct->f);
    free(ct->band);
    memset(ct, 0, sizeof *ct);
}

int contour_build(contour *ct, const surface *s, const double view[4], int cols, int rows,
                  int cw, int ch, int nbands, int log)
{
    contour_free(ct);
    ct->cols = cols > 0 ? cols : 0;
    ct->rows = rows > 0 ? rows : 0;
    ct->cw = cw;
    ct->ch = ch;
    ct->w = ct->cols * cw + 1;
    ct->h = ct->rows * ch + 1;
    memcpy(ct->view, view, sizeof ct->view);
    ct->log = log;
    ct->nbands = nbands < 1 ? 1 : nbands > CONTOUR_BANDS_MAX ? CONTOUR_BANDS_MAX : nbands;
    size_t n = (size_t)ct->w * (size_t)ct->h;
    ct->f = malloc(n * sizeof *ct->f);
    ct->band = malloc(n);
    if (!ct->f || !ct->band) {
        contour_free(ct);
        return -1;
    }
    double lo = INFINITY, hi = -INFINITY;
    for (int j = 0; j < ct->h; j++) {
        double y = view[3] - (view[3] - view[2]) * j / (ct->h - 1 > 0 ? ct->h - 1 : 1);
        for (int i = 0; i < ct->w; i++) {
            double x = view[0] + (view[1] - view[0]) * i / (ct->w - 1 > 0 ? ct->w - 1 : 1);
            double f = surface_f(s, x, y);
            ct->f[(size_t)j * ct->w + i] = f;
            if (isfinite(f)) {
                lo = f < lo ? f : lo;
                hi = f > hi ? f : hi;
            }
        }
    }
    ct->lo = isfinite(lo) ? lo : 0;
    ct->hi = isfinite(hi) ? hi : 0;
    for (size_t k = 0; k < n; k++) {
        double t = contour_scale(ct->lo, ct->hi, log, ct->f[k]);
        ct->band[k] = (signed char)(t < 0 ? -1 : contour_ramp(t, ct->nbands));
    }
    return 0;
}

void contour_lines(const contour *ct, canvas *cv, int ink)
{
    int dw = ct->w - 1, dh = ct->h - 1;
    for (int j = 0; j < dh; j++) {
        const signed char *a = ct->band + (size_t)j * ct->w, *b = a + ct->w;
        for (int i = 0; i < dw; i++) {
            int c0 = a[i], c1 = a[i + 1], c2 = b[i], c3 = b[i + 1];
            if (c0 < 0 || c1 < 0 || c2 < 0 || c3 < 0)
                continue;
            if (c0 != c1 || c0 != c2 || c0 != c3)
                canvas_dot(cv, i, j, ink);
        }
    }
}

static size_t centre(const contour *ct, int col, int row)
{
    /* With an even number of dots per cell the centre is a corner; with one
     * dot per cell, the nearest corner. */
    int i = col * ct->cw + ct->cw / 2, j = row * ct->ch + ct->ch / 2;
    return (size_t)j * ct->w + i;
}

double contour_cell(const contour *ct, int col, int row)
{
    return contour_scale(ct->lo, ct->hi, ct->log, ct->f[centre(ct, col, row)]);
}

int contour_cell_band(const contour *ct, int col, int row)
{
    return ct->band[centre(ct, col, row)];
}

/* The corners of a square, clockwise from the top left, and its edges:
 * edge e runs from corner e to corner e + 1. */
enum { TOP, RIGHT, BOTTOM, LEFT };

typedef struct {
    double f[4], x[4], y[4];
} square;

static void edge_point(const square *q, int e, double level, double *x, double *y)
{
    int a = e, b = (e + 1) % 4;
    double t = (level - q->f[a]) / (q->f[b] - q->f[a]);
    *x = q->x[a] + t * (q->x[b] - q->x[a]);
    *y = q->y[a] + t * (q->y[b] - q->y[a]);
}

/* Edge pairs per case: bit 3 top left, 2 top right, 1 bottom right, 0
 * bottom left set when that corner is at or above the level. The two
 * saddles (5, 10) are split by the value at the centre. */
static const signed char cases[16][4] = {
    {-1, -1, -1, -1}, {LEFT, BOTTOM, -1, -1}, {BOTTOM, RIGHT, -1, -1}, {LEFT, RIGHT, -1, -1},
    {TOP, RIGHT, -1, -1}, {TOP, LEFT, BOTTOM, RIGHT}, {TOP, BOTTOM, -1, -1}, {TOP, LEFT, -1, -1},
    {TOP, LEFT, -1, -1}, {TOP, BOTTOM, -1, -1}, {TOP, RIGHT, LEFT, BOTTOM}, {TOP, RIGHT, -1, -1},
    {LEFT, RIGHT, -1, -1}, {RIGHT, BOTTOM, -1, -1}, {LEFT, BOTTOM, -1, -1}, {-1, -1, -1, -1},
};

static void square_level(const square *q, int k, double level, contour_emit emit, void *ctx)
{
    int c = (q->f[0] >= level) << 3 | (q->f[1] >= level) << 2 | (q->f[2] >= level) << 1 |
            (q->f[3] >= level);
    /* A saddle whose centre sides with the corners above joins them: the
     * other split of the same four edges. */
    double centre = 0.25 * (q->f[0] + q->f[1] + q->f[2] + q->f[3]);
    if ((c == 5 && centre < level) || (c == 10 && centre >= level))
        c ^= 15;
    const signed char *e = cases[c];
    for (int s = 0; s < 4 && e[s] >= 0; s += 2) {
        double x0, y0, x1, y1;
        edge_point(q, e[s], level, &x0, &y0);
        edge_point(q, e[s + 1], level, &x1, &y1);
        emit(ctx, k, x0, y0, x1, y1);
    }
}

void contour_segments(const contour *ct, contour_emit emit, void *ctx)
{
    double levels[CONTOUR_BANDS_MAX];
    int nl = ct->nbands - 1;
    contour_levels(ct->lo, ct->hi, ct->nbands, ct->log, levels);
    for (int j = 0; j + 1 < ct->h; j++) {
        for (int i = 0; i + 1 < ct->w; i++) {
            const double *top = ct->f + (size_t)j * ct->w + i, *bot = top + ct->w;
            square q = {{top[0], top[1], bot[1], bot[0]},
                        {i, i + 1, i + 1, i},
                        {j, j, j + 1, j + 1}};
            if (!isfinite(q.f[0]) || !isfinite(q.f[1]) || !isfinite(q.f[2]) || !isfinite(q.f[3]))
                continue;
            for (int k = 0; k < nl; k++)
                square_level(&q, k, levels[k], emit, ctx);
        }
    }
}

double contour_tick_step(double span, int target)
{
    double raw = span / (target > 0 ? target : 1);
    double p = pow(10.0, floor(log10(raw)));
    double m = raw / p;
    return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

int contour_ticks(double lo, double hi, int target, double *first, double *step)
{
    *step = contour_tick_step(hi - lo, target);
    *first = ceil(lo / *step) * *step;
    double n = floor((hi + *step * 1e-9 - *first) / *step) + 1;
    if (!(n >= 1) || !isfinite(*first) || *first + *step == *first)
        return 0;
    return n > CONTOUR_TICKS_MAX ? CONTOUR_TICKS_MAX : (int)n;
}

void contour_tick_label(char *buf, size_t len, double v, double step)
{
    if (fabs(v) < step * 1e-9)
        v = 0;
    snprintf(buf, len, "%.4g", v);
}
