/* The chart drawer: ranges and scale first, then title and key, then the
 * series into a dot canvas blitted in each series' colour. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "chart.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define INK_MARK 250 /* the canvas ink of the marks; series k has ink k + 1 */

/* How a chart scales its series. */
typedef struct {
    int logy;
    double lo, hi;    /* the axis' bottom and top values */
    int below, above; /* something under the floor, over the cap */
    long xmax;
} chart_info;

/* y of point i of a series. */
static double chart_y(const chart_series *s, int i)
{
    if (s->yd)
        return *(const double *)((const char *)s->yd + (size_t)i * s->stride);
    return s->yf ? s->yf[i] : NAN;
}

static double x_of(const chart_series *s, int i)
{
    return s->x ? (double)s->x[i] : (double)i * (double)s->x_step;
}

/* Whether point v is drawn on this scale. */
static int shown(double v, int logy)
{
    return isfinite(v) && (!logy || v > 0);
}

/* The scale and the range of the series: log when asked (or when every
 * point is positive), the floor and the cap as o asks. */
static void scale_of(const chart_opts *o, const chart_series *s, int ns, chart_info *in,
                     const char **below)
{
    int logy = o->scale == CHART_LOG, any = 0;
    if (o->scale == CHART_LOG_IF_POSITIVE) { /* every point positive, and one at least */
        logy = 1;
        for (int k = 0; k < ns; k++)
            for (int i = 0; i < s[k].n; i++) {
                any = 1;
                if (!(chart_y(&s[k], i) > 0))
                    logy = 0;
            }
        logy = logy && any;
    }
    double lo = INFINITY, hi = -INFINITY, top = -INFINITY, rlo = INFINITY;
    long xmax = 1;
    for (int k = 0; k < ns; k++) {
        for (int i = 0; i < s[k].n; i++) {
            double v = chart_y(&s[k], i), x = x_of(&s[k], i);
            xmax = x > xmax ? (long)x : xmax;
            if (!shown(v, logy))
                continue;
            lo = fmin(lo, v);
            hi = fmax(hi, v);
            if (!s[k].reference)
                rlo = fmin(rlo, v);
        }
        if (s[k].n > 0 && shown(chart_y(&s[k], 0), logy))
            top = fmax(top, chart_y(&s[k], 0));
    }
    *below = NULL;
    in->below = in->above = 0;
    /* Under the floor (a log axis only: a linear one shows negative losses
     * as they are): drawn along the bottom row, and named. */
    double floor_f = logy && o->floor && isfinite(rlo) && rlo > 0 ? rlo / 10 : 0;
    if (floor_f > 0 && floor_f > lo && floor_f < hi) {
        lo = floor_f;
        in->below = 1;
        for (int k = 0; k < ns && !*below; k++)
            for (int i = 0; i < s[k].n && !*below; i++)
                if (s[k].reference && s[k].label && shown(chart_y(&s[k], i), logy) &&
                    chart_y(&s[k], i) < lo)
                    *below = s[k].label;
    }
    /* A diverging series would squash the others. */
    if (o->cap && isfinite(top) && isfinite(lo)) {
        double cap = logy ? top * 10 : top + (top - lo);
        in->above = hi > cap;
        hi = fmin(hi, cap);
    }
    in->logy = logy;
    in->lo = lo;
    in->hi = hi;
    in->xmax = o->xmax > 0 ? o->xmax : xmax;
}

/* The key's swatch of a series: its line style in its colour, or its
 * ASCII mark without colour or UTF-8. */
static uint32_t swatch(const paint *p, const chart_series *s)
{
    if (p->depth == DEPTH_NONE || !p->utf8)
        return s->ascii;
    if (!(s->attr & A_BOLD))
        return 0x2500; /* a faint curve: a thin line */
    switch (s->dash) {
    case 0: return 0x2501;
    case 3: return 0x254D;
    case 1: return 0x2505;
    default: return 0x2509;
    }
}

/* "━━ sgd  ╍╍ momentum ...": every labelled series, on as many rows as
 * they need up to max_rows, then an ellipsis. Draws only when draw; returns
 * the rows used. */
static int draw_key(paint *p, int x, int y, int w, int max_rows, const chart_series *s, int ns,
                    int draw)
{
    int at = x, end = x + w, row = 0, any = 0;
    for (int k = 0; k < ns; k++) {
        if (!s[k].label)
            continue;
        int len = (int)strlen(s[k].label);
        if (at + 3 + len > end && at > x) { /* the next row */
            if (row + 1 >= max_rows) {
                if (draw)
                    paint_cp(p, y + row, at < end ? at : end - 1, paint_glyph(p, 0x2026, '~'),
                             A_NORMAL, 0);
                return row + 1;
            }
            row++;
            at = x;
        }
        any = 1;
        if (draw) {
            int pr = paint_pair(p, s[k].fg, -1);
            uint32_t sw = swatch(p, &s[k]);
            paint_cp(p, y + row, at, sw, A_BOLD, pr);
            paint_cp(p, y + row, at + 1, sw, A_BOLD, pr);
            paint_str(p, y + row, at + 3, end - at - 3, s[k].label, A_NORMAL, pr);
        }
        at += 3 + len + 2;
    }
    return any ? row + 1 : 0;
}

/* A y label in CHART_TICK_W columns, with `digits` or as many as fit. */
static void tick_label(char *buf, size_t len, double v, int digits)
{
    for (; digits >= 1; digits--) {
        snprintf(buf, len, "%*.*g", CHART_TICK_W, digits, v);
        if ((int)strlen(buf) <= CHART_TICK_W)
            return;
    }
}

/* The top and bottom labels: three digits, more (while they fit) when a
 * narrow range would print the same number at both ends (16.6 and 16.6). */
static void tick_labels(char *top, char *bottom, size_t len, double hi, double lo)
{
    for (int digits = 3; digits <= 6; digits++) {
        tick_label(top, len, hi, digits);
        tick_label(bottom, len, lo, digits);
        if (strcmp(top, bottom) != 0)
            return;
    }
    tick_label(top, len, hi, 3);
    tick_label(bottom, len, lo, 3);
}

static void plot_series(canvas *c, const chart_series *s, int ink, const chart_info *in,
                        double l0, double l1)
{
    double pu = 0, pw = 0;
    int have = 0;
    c->dash = s->dash;
    c->dash_at = 0;
    for (int i = 0; i < s->n; i++) {
        double v = chart_y(s, i);
        if (!shown(v, in->logy)) {
            have = 0;
            continue;
        }
        double f = in->logy ? log10(v) : v;
        f = f < l0 ? l0 : f; /* under the floor: along the bottom */
        double u = x_of(s, i) / (double)in->xmax * (c->w - 1);
        double w = (l1 - f) / (l1 - l0) * (c->h - 1);
        if (have)
            canvas_line(c, pu, pw, u, w, ink);
        else
            canvas_dot(c, (int)lround(u), (int)lround(w), ink);
        pu = u;
        pw = w;
        have = 1;
    }
    c->dash = 0;
}

void chart_draw(paint *p, canvas *cv, canvas_mode glyphs, int x, int y, int w, int h,
                const chart_opts *o, const chart_series *s, int ns)
{
    chart_info in = {0};
    const char *below;
    scale_of(o, s, ns, &in, &below);
    char title[256];
    snprintf(title, sizeof title, "%s%s%s%s%s", o->title, in.logy ? " (log scale" : "",
             in.logy && below ? "; " : "", in.logy && below ? below : "",
             in.logy ? (below ? " below)" : ")") : "");
    paint_str(p, y, x, w, title, A_BOLD, 0);
    int cols = w - CHART_TICK_W - 1;
    if (h < CHART_MIN_ROWS || cols < 4)
        return;
    /* the key takes the rows it needs while two remain to plot in */
    int krows = draw_key(p, x, y + 1, w, h - 4, s, ns, 0);
    draw_key(p, x, y + 1, w, krows, s, ns, 1);
    int rows = h - 2 - krows;
    if (!isfinite(in.lo) || !isfinite(in.hi))
        return;
    double l0 = in.logy ? log10(in.lo) : in.lo, l1 = in.logy ? log10(in.hi) : in.hi;
    if (l1 - l0 < 1e-12) {
        l0 -= 0.5;
        l1 += 0.5;
    }
    if (cv->cols != cols || cv->rows != rows || cv->mode != glyphs || !cv->bits) {
        int thick = cv->thick;
        canvas_free(cv);
        if (canvas_init(cv, cols, rows, glyphs) < 0)
            return;
        cv->thick = thick;
    }
    canvas_clear(cv);
    for (int m = 0; m < o->nmarks; m++) {
        double u = (double)o->marks[m].x / (double)in.xmax * (cv->w - 1);
        for (int d = 0; d < cv->h; d += 2)
            canvas_dot(cv, (int)lround(u), d, INK_MARK);
    }
    for (int k = 0; k < ns; k++)
        plot_series(cv, &s[k], k + 1, &in, l0, l1);
    int x0 = x + CHART_TICK_W + 1, y0 = y + 1 + krows;
    for (int row = 0; row < rows; row++) {
        paint_cp(p, y0 + row, x0 - 1, paint_glyph(p, 0x2502, '|'), A_NORMAL, 0);
        for (int col = 0; col < cols; col++) {
            int k = row * cols + col;
            if (!cv->bits[k])
                continue;
            int ink = cv->ink[k];
            const chart_series *sk = ink == INK_MARK ? NULL : &s[ink - 1];
            /* without colour a series' mark (its key's) is all that tells it apart */
            uint32_t g = sk && p->depth == DEPTH_NONE ? sk->ascii
                                                      : canvas_glyph(cv, col, row, sk ? sk->ascii : '|');
            paint_cp(p, y0 + row, x0 + col, g, sk ? sk->attr : A_NORMAL,
                     paint_pair(p, sk ? sk->fg : o->mark_fg, -1));
        }
    }
    for (int m = 0; m < o->nmarks; m++) {
        int col = (int)lround((double)o->marks[m].x / (double)in.xmax * (cv->w - 1)) / cv->cw;
        int room = cols - col - 1, len = (int)strlen(o->marks[m].text);
        if (room > 0)
            paint_str(p, y0 + (m % rows), x0 + col + 1, room < len ? room : len, o->marks[m].text,
                      A_NORMAL, paint_pair(p, o->mark_fg, -1));
    }
    char buf[32], low[sizeof buf];
    tick_labels(buf, low, sizeof buf, in.logy ? pow(10, l1) : l1, in.logy ? pow(10, l0) : l0);
    paint_str(p, y0, x, CHART_TICK_W, buf, A_NORMAL, 0);
    paint_str(p, y0 + rows - 1, x, CHART_TICK_W, low, A_NORMAL, 0);
    paint_str(p, y0 + rows, x0, 1, "0", A_NORMAL, 0);
    snprintf(buf, sizeof buf, "%ld", in.xmax);
    int len = (int)strlen(buf);
    paint_str(p, y0 + rows, x0 + cols - len, len, buf, A_NORMAL, 0);
    /* Off the chart: where a series diverged, on the top row; arrows on the
     * axis for the cap above and the floor below. */
    for (int k = 0; k < ns; k++) {
        if (!s[k].diverged)
            continue;
        int col = (int)((double)s[k].diverged_at / (double)in.xmax * (cols - 1));
        col = col < cols ? col : cols - 1;
        paint_cp(p, y0, x0 + col, paint_glyph(p, 0x2717, 'X'), A_BOLD, paint_pair(p, s[k].fg, -1));
    }
    if (in.above)
        paint_cp(p, y0, x0 - 1, paint_glyph(p, 0x2191, '^'), A_BOLD, 0);
    if (in.below)
        paint_cp(p, y0 + rows - 1, x0 - 1, paint_glyph(p, 0x2193, 'v'), A_BOLD, 0);
}
