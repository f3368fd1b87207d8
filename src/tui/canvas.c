#include "canvas.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void canvas_cell_dots(canvas_mode mode, int *cw, int *ch)
{
    switch (mode) {
    case CANVAS_BRAILLE: *cw = 2; *ch = 4; return;
    case CANVAS_HALF: *cw = 1; *ch = 2; return;
    case CANVAS_ASCII: break;
    }
    *cw = 1;
    *ch = 1;
}

int canvas_init(canvas *c, int cols, int rows, canvas_mode mode)
{
    memset(c, 0, sizeof *c);
    if (cols < 0)
        cols = 0;
    if (rows < 0)
        rows = 0;
    c->mode = mode;
    c->cols = cols;
    c->rows = rows;
    canvas_cell_dots(mode, &c->cw, &c->ch);
    c->w = cols * c->cw;
    c->h = rows * c->ch;
    size_t n = (size_t)cols * (size_t)rows;
    c->bits = calloc(n ? n : 1, 1);
    c->ink = calloc(n ? n : 1, 1);
    if (!c->bits || !c->ink) {
        canvas_free(c);
        return -1;
    }
    return 0;
}

void canvas_free(canvas *c)
{
    free(c->bits);
    free(c->ink);
    memset(c, 0, sizeof *c);
}

void canvas_clear(canvas *c)
{
    size_t n = (size_t)c->cols * (size_t)c->rows;
    memset(c->bits, 0, n);
    memset(c->ink, 0, n);
}

/* Braille numbers its dots down the left column 1-2-3, down the right 4-5-6,
 * then the bottom row 7 (left) and 8 (right). */
unsigned canvas_braille_bit(int dx, int dy)
{
    static const uint8_t bit[4][2] = {{0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
    return bit[dy & 3][dx & 1];
}

static unsigned dot_bit(const canvas *c, int dx, int dy)
{
    switch (c->mode) {
    case CANVAS_BRAILLE: return canvas_braille_bit(dx, dy);
    case CANVAS_HALF: return dy ? 2u : 1u;
    case CANVAS_ASCII: break;
    }
    return 1u;
}

static void set_dot(canvas *c, int x, int y, int ink)
{
    if (x < 0 || y < 0 || x >= c->w || y >= c->h)
        return;
    size_t cell = (size_t)(y / c->ch) * (size_t)c->cols + (size_t)(x / c->cw);
    c->bits[cell] |= (uint8_t)dot_bit(c, x % c->cw, y % c->ch);
    c->ink[cell] = (uint8_t)ink;
}

/* Thick lines for a projector: a braille dot is too fine to see from the
 * back of a hall, so each becomes a 2x2 block. Half blocks and ASCII are a
 * full cell wide already. */
void canvas_dot(canvas *c, int x, int y, int ink)
{
    set_dot(c, x, y, ink);
    if (c->thick && c->mode == CANVAS_BRAILLE) {
        set_dot(c, x + 1, y, ink);
        set_dot(c, x, y + 1, ink);
        set_dot(c, x + 1, y + 1, ink);
    }
}

int canvas_get(const canvas *c, int x, int y)
{
    if (x < 0 || y < 0 || x >= c->w || y >= c->h)
        return 0;
    size_t cell = (size_t)(y / c->ch) * (size_t)c->cols + (size_t)(x / c->cw);
    return (c->bits[cell] & dot_bit(c, x % c->cw, y % c->ch)) != 0;
}

/* Liang-Barsky: shrinks the segment to the part inside [lo, hi] on both
 * axes. Returns 0 when nothing is left. */
static int clip(double *x0, double *y0, double *x1, double *y1, double lo_x, double hi_x,
                double lo_y, double hi_y)
{
    double dx = *x1 - *x0, dy = *y1 - *y0, t0 = 0.0, t1 = 1.0;
    double p[4] = {-dx, dx, -dy, dy};
    double q[4] = {*x0 - lo_x, hi_x - *x0, *y0 - lo_y, hi_y - *y0};
    for (int i = 0; i < 4; i++) {
        if (p[i] == 0.0) {
            if (q[i] < 0.0)
                return 0;
            continue;
        }
        double t = q[i] / p[i];
        if (p[i] < 0.0) {
            if (t > t1)
                return 0;
            if (t > t0)
                t0 = t;
        } else {
            if (t < t0)
                return 0;
            if (t < t1)
                t1 = t;
        }
    }
    double ax = *x0 + t0 * dx, ay = *y0 + t0 * dy;
    *x1 = *x0 + t1 * dx;
    *y1 = *y0 + t1 * dy;
    *x0 = ax;
    *y0 = ay;
    return 1;
}

void canvas_line(canvas *c, double x0, double y0, double x1, double y1, int ink)
{
    if (c->w == 0 || c->h == 0 || !isfinite(x0) || !isfinite(y0) || !isfinite(x1) ||
        !isfinite(y1))
        return;
    /* Dot k covers [k - 0.5, k + 0.5) once rounded. */
    if (!clip(&x0, &y0, &x1, &y1, -0.5, c->w - 0.5001, -0.5, c->h - 0.5001))
        return;
    /* Clipped to [-0.5, w - 0.5): x + 0.5 >= 0, so the cast rounds as lround
     * would, without a libm call per segment (paths have thousands). */
    int ax = (int)(x0 + 0.5), ay = (int)(y0 + 0.5);
    int bx = (int)(x1 + 0.5), by = (int)(y1 + 0.5);
    int dx = abs(bx - ax), sx = ax < bx ? 1 : -1;
    int dy = -abs(by - ay), sy = ay < by ? 1 : -1;
    int err = dx + dy;
    for (;;) {
        /* a dashed line keeps its rhythm from one segment to the next */
        if (!c->dash || (c->dash_at++ / c->dash) % 2 == 0)
            canvas_dot(c, ax, ay, ink);
        if (ax == bx && ay == by)
            break;
        int e2 = 2 * err;
        if (e2 >= dy) {
            err += dy;
            ax += sx;
        }
        if (e2 <= dx) {
            err += dx;
            ay += sy;
        }
    }
}

uint32_t canvas_glyph(const canvas *c, int col, int row, uint32_t ascii)
{
    unsigned b = c->bits[(size_t)row * (size_t)c->cols + (size_t)col];
    if (!b)
        return ' ';
    switch (c->mode) {
    case CANVAS_BRAILLE: return 0x2800u + b;
    case CANVAS_HALF: return b == 1 ? 0x2580u : b == 2 ? 0x2584u : 0x2588u;
    case CANVAS_ASCII: break;
    }
    return ascii;
}
