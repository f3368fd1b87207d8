#include "heatmap.h"

#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "contour.h"
#include "term.h"

#define LABEL_W 9   /* the y labels: "%.3g" takes at most 8 columns here */
#define NUMBER_W 7  /* a cell shows its number from this width: " *.4120" */
#define CELL_W_MAX 40 /* the grid grows with the screen, a lecture hall's picture */
#define CELL_H_MAX 16

/* The scatter's (and a narrow mono cell's) shades of a value, low to high. */
static const char shades[] = ".:-=+*#%@";

void heatmap_number(double v, char *buf, int len)
{
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%.4f", v);
    const char *s = strncmp(tmp, "0.", 2) == 0 ? tmp + 1 : tmp;
    size_t n = strlen(s) < (size_t)len ? strlen(s) : (size_t)len - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
}

void heatmap_scale(heatmap *h)
{
    h->lo = INFINITY;
    h->hi = -INFINITY;
    h->best = -1;
    for (int i = 0; i < h->n; i++) {
        if (h->pt[i].state != HEAT_DONE)
            continue;
        double v = h->pt[i].value;
        h->lo = v < h->lo ? v : h->lo;
        if (v > h->hi) {
            h->hi = v;
            h->best = i;
        }
    }
}

/* The value's place on the scale, 0..1 (0.5 when the scale is one value). */
static double scale_at(const heatmap *h, double v)
{
    if (!(h->hi > h->lo))
        return 0.5;
    double t = (v - h->lo) / (h->hi - h->lo);
    return t < 0 ? 0 : t > 1 ? 1 : t;
}

static int pair(const heatmap *h, int fg, int bg)
{
    return h->depth == DEPTH_NONE ? 0 : term_theme_pair(h->th, h->depth, fg, bg);
}

static int ramp_colour(const heatmap *h, double t)
{
    return palette_pick(palette_ramp(t), h->th->basic_ramp[contour_ramp(t, 4)], h->depth);
}

/* Text that reads on the ramp at t: dark on its bright end, light on its
 * dark. On 8 colours the cell is the theme's stand-in, not the ramp. */
static int text_on(const heatmap *h, double t)
{
    rgb c = palette_ramp(t);
    int dark = 0.299 * c.r + 0.587 * c.g + 0.114 * c.b > 140;
    if (h->depth == DEPTH_8) {
        int basic = h->th->basic_ramp[contour_ramp(t, 4)];
        dark = basic == COLOR_GREEN || basic == COLOR_YELLOW || basic == COLOR_CYAN ||
               basic == COLOR_WHITE;
    }
    rgb ink = dark ? (rgb){0, 0, 0} : (rgb){0xff, 0xff, 0xff};
    return palette_pick(ink, dark ? COLOR_BLACK : COLOR_WHITE, h->depth);
}

static char shade(double t)
{
    int k = (int)(t * (double)(sizeof shades - 1));
    return shades[k < 0 ? 0 : k > (int)sizeof shades - 2 ? (int)sizeof shades - 2 : k];
}

static void put(int y, int x, int n, const char *s, unsigned attr, int pr)
{
    term_put_str(y, x, n, x + n, s, attr, pr);
}

/* One cell: its colour over cw x ch, its number (or mark) in the middle row. */
static void draw_cell(const heatmap *h, int k, int x, int y, int cw, int ch)
{
    const heat_point *p = &h->pt[k];
    double t = scale_at(h, p->value);
    int fg = -1, bg = -1;
    char text[32] = "";
    unsigned attr = k == h->cursor ? A_REVERSE | A_BOLD : A_NORMAL;
    int wide = cw >= NUMBER_W;
    switch (p->state) {
    case HEAT_WAITING: snprintf(text, sizeof text, "."); attr |= A_DIM; break;
    case HEAT_RUNNING: snprintf(text, sizeof text, "%s", wide ? "run" : "~"); break;
    case HEAT_DIVERGED:
        bg = palette_pick(h->th->warn, h->th->basic_warn, h->depth);
        snprintf(text, sizeof text, "%s", wide ? "div" : "!");
        break;
    case HEAT_DONE:
        bg = ramp_colour(h, t);
        fg = text_on(h, t);
        if (wide) {
            char num[16];
            heatmap_number(p->value, num, sizeof num);
            snprintf(text, sizeof text, "%s%s", k == h->best ? "*" : " ", num);
        } else {
            snprintf(text, sizeof text, "%c", k == h->best ? '*' : h->depth == DEPTH_NONE ? shade(t) : ' ');
        }
        if (k == h->best)
            attr |= A_BOLD;
        break;
    }
    int pr = pair(h, fg, bg);
    for (int r = 0; r < ch; r++)
        for (int c = 0; c < cw - (wide && cw > 1); c++) /* a gap column between numbers */
            term_put_cp(y + r, x + c, ' ', attr, pr);
    int len = (int)strlen(text), tx = x + (cw - 1 - len + 1) / 2;
    if (len)
        put(y + ch / 2, tx < x ? x : tx, len, text, attr, pr);
}

/* The first of n items to show so that `at` is visible among `fit`. */
static int window(int n, int fit, int at)
{
    if (n <= fit || at < 0)
        return 0;
    int o = at - fit / 2;
    return o < 0 ? 0 : o > n - fit ? n - fit : o;
}

static int draw_grid(const heatmap *h, int x, int y, int w, int rows)
{
    int gx = x + LABEL_W, gw = w - LABEL_W, gh = rows - 3;
    if (gw < 1 || gh < 1 || h->cols < 1 || h->rows < 1)
        return -1;
    int cw = gw / h->cols, ch = gh / h->rows;
    cw = cw < 1 ? 1 : cw > CELL_W_MAX ? CELL_W_MAX : cw;
    ch = ch < 1 ? 1 : ch > CELL_H_MAX ? CELL_H_MAX : ch;
    /* about square (a character is twice as tall as wide), as far as the
     * room allows, and never made too narrow for its number */
    int square = 2 * ch + 2, narrowest = cw < NUMBER_W ? cw : NUMBER_W;
    if (cw > square)
        cw = square > narrowest ? square : narrowest;
    if (ch > cw / 2 + 1)
        ch = cw / 2 + 1;
    int vc = gw / cw < h->cols ? gw / cw : h->cols, vr = gh / ch < h->rows ? gh / ch : h->rows;
    const heat_point *cur = h->cursor >= 0 ? &h->pt[h->cursor] : NULL;
    int c0 = window(h->cols, vc, cur ? cur->col : 0), r0 = window(h->rows, vr, cur ? cur->row : 0);
    char buf[160];
    put(y, x, w, h->y_name, A_BOLD, 0);
    for (int k = 0; k < h->n; k++) {
        const heat_point *p = &h->pt[k];
        if (p->col < c0 || p->col >= c0 + vc || p->row < r0 || p->row >= r0 + vr)
            continue;
        draw_cell(h, k, gx + (p->col - c0) * cw, y + 1 + (vr - 1 - (p->row - r0)) * ch, cw, ch);
    }
    for (int r = r0; r < r0 + vr; r++) {
        snprintf(buf, sizeof buf, "%8.3g", h->y_vals[r]);
        put(y + 1 + (vr - 1 - (r - r0)) * ch + ch / 2, x, LABEL_W - 1, buf, 0, 0);
    }
    /* every step-th column labelled, so that no label is cut */
    int widest = 1;
    for (int c = c0; c < c0 + vc; c++) {
        int len = snprintf(buf, sizeof buf, "%.3g", h->x_vals[c]);
        widest = len > widest ? len : widest;
    }
    int step = (widest + 1 + cw - 1) / cw;
    for (int c = c0; c < c0 + vc; c += step) {
        snprintf(buf, sizeof buf, "%.3g", h->x_vals[c]);
        if (gx + (c - c0) * cw + widest <= x + w)
            put(y + 1 + vr * ch, gx + (c - c0) * cw, widest, buf, 0, 0);
    }
    snprintf(buf, sizeof buf, "%s across, %s up (log)%s", h->x_name, h->y_name,
             cw < NUMBER_W ? "; no room for numbers" : "");
    put(y + 2 + vr * ch, x, w, buf, 0, 0);
    if (vc < h->cols || vr < h->rows) { /* the part shown follows the cursor */
        snprintf(buf, sizeof buf, "shown: %s %d-%d/%d, %s %d-%d/%d", h->x_name, c0 + 1, c0 + vc,
                 h->cols, h->y_name, r0 + 1, r0 + vr, h->rows);
        put(y, x + LABEL_W - 3, w - LABEL_W + 3, buf, 0, 0);
    }
    return 0;
}

static double log_at(double v, double lo, double hi)
{
    return hi > lo ? (log(v) - log(lo)) / (log(hi) - log(lo)) : 0.5;
}

static void draw_point(const heatmap *h, int k, int gx, int gy, int gw, int gh)
{
    const heat_point *p = &h->pt[k];
    int col = (int)lround(log_at(p->x, h->x_lo, h->x_hi) * (gw - 1));
    int row = (int)lround((1 - log_at(p->y, h->y_lo, h->y_hi)) * (gh - 1));
    double t = scale_at(h, p->value);
    uint32_t cp = '.';
    int fg = -1;
    unsigned attr = k == h->cursor ? A_REVERSE | A_BOLD : A_NORMAL;
    switch (p->state) {
    case HEAT_WAITING: cp = '.'; attr |= A_DIM; break;
    case HEAT_RUNNING: cp = '~'; break;
    case HEAT_DIVERGED:
        cp = '!';
        fg = palette_pick(h->th->warn, h->th->basic_warn, h->depth);
        break;
    case HEAT_DONE:
        fg = ramp_colour(h, t);
        cp = h->depth == DEPTH_NONE ? (uint32_t)shade(t) : h->utf8 ? 0x25cf : 'o';
        break;
    }
    if (k == h->best) {
        cp = '*';
        attr |= A_BOLD;
    }
    term_put_cp(gy + row, gx + col, cp, attr, pair(h, fg, -1));
}

static int draw_scatter(const heatmap *h, int x, int y, int w, int rows)
{
    int gx = x + LABEL_W, gw = w - LABEL_W, gh = rows - 3;
    if (gw < 2 || gh < 2)
        return -1;
    char buf[160];
    put(y, x, w, h->y_name, A_BOLD, 0);
    for (int r = 0; r < gh; r++)
        term_put_cp(y + 1 + r, gx - 1, h->utf8 ? 0x2502 : '|', A_NORMAL, 0);
    /* the others first, then the best and the cursor over them */
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < h->n; k++)
            if ((k == h->best || k == h->cursor) == pass)
                draw_point(h, k, gx, y + 1, gw, gh);
    snprintf(buf, sizeof buf, "%8.3g", h->y_hi);
    put(y + 1, x, LABEL_W - 1, buf, 0, 0);
    snprintf(buf, sizeof buf, "%8.3g", h->y_lo);
    put(y + gh, x, LABEL_W - 1, buf, 0, 0);
    int len = snprintf(buf, sizeof buf, "%.3g", h->x_lo);
    put(y + 1 + gh, gx, len, buf, 0, 0);
    len = snprintf(buf, sizeof buf, "%.3g", h->x_hi);
    if (gw > 2 * len + 1)
        put(y + 1 + gh, gx + gw - len, len, buf, 0, 0);
    snprintf(buf, sizeof buf, "%s across, %s up (log): %d random configurations", h->x_name,
             h->y_name, h->n);
    put(y + 2 + gh, gx, gw, buf, 0, 0);
    return 0;
}

int heatmap_draw(const heatmap *h, int x, int y, int w, int rows)
{
    if (w < LABEL_W + 2 || rows < 5)
        return -1;
    return h->scatter ? draw_scatter(h, x, y, w, rows) : draw_grid(h, x, y, w, rows);
}

void heatmap_bar(const heatmap *h, int x, int y, int w)
{
    char lo[16], hi[16], keys[96];
    if (!(h->hi >= h->lo)) {
        put(y, x, w, "val_acc: no configuration finished yet", 0, 0);
        return;
    }
    heatmap_number(h->lo, lo, sizeof lo);
    heatmap_number(h->hi, hi, sizeof hi);
    snprintf(keys, sizeof keys, " %s  * best  . waiting  %s diverged", hi,
             h->scatter ? "!" : "div");
    int len = snprintf(NULL, 0, "val_acc %s ", lo);
    int klen = (int)strlen(keys);
    int n = w - len - klen;
    if (n > 24)
        n = 24;
    if (n < 4) {
        char buf[160];
        snprintf(buf, sizeof buf, "val_acc %s .. %s  * best", lo, hi);
        put(y, x, w, buf, 0, 0);
        return;
    }
    char head[32];
    snprintf(head, sizeof head, "val_acc %s ", lo);
    put(y, x, len, head, 0, 0);
    for (int i = 0; i < n; i++) {
        double t = (double)i / (n - 1);
        if (h->depth == DEPTH_NONE)
            term_put_cp(y, x + len + i, (uint32_t)shade(t), A_NORMAL, 0);
        else
            term_put_cp(y, x + len + i, ' ', A_NORMAL, pair(h, -1, ramp_colour(h, t)));
    }
    put(y, x + len + n, w - len - n, keys, 0, 0);
}
