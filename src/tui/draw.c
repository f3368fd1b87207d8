/* Everything the explorer puts on the screen. The map is composed from
 * plain canvases and the contour raster; this file alone talks to curses
 * for drawing. */
#include <curses.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/analysis.h"
#include "../core/hparams.h"
#include "app.h"
#include "chart.h"
#include "paint.h"
#include "keys.h"
#include "palette.h"
#include "theme.h"

#define TICK_W 7 /* width of the y tick labels */

/* ---- paint (paint.c's helpers with the explorer's theme and width) ---- */

#define put_cp term_put_cp

/* The explorer's paint: its theme at its depth, in its own width (the
 * training panel may take the rest of the screen). */
static paint painter(const app *a)
{
    return (paint){.th = a->theme,
                   .depth = a->depth,
                   .utf8 = a->caps.utf8 && a->glyphs != CANVAS_ASCII,
                   .right = a->lay.cols};
}

static void put_str(const app *a, int y, int x, int n, const char *s, attr_t attr, int pair)
{
    paint p = painter(a);
    paint_str(&p, y, x, n, s, attr, pair);
}

static uint32_t glyph(const app *a, uint32_t utf, uint32_t ascii)
{
    paint p = painter(a);
    return paint_glyph(&p, utf, ascii);
}

static int colour_of(const app *a, rgb c, int basic)
{
    paint p = painter(a);
    return paint_colour(&p, c, basic);
}

/* Racer i's colour: its kind's, in another shade for a second of a kind
 * (worked out once a frame: every path cell asks for it). */
static int racer_colour(const draw_cache *dc, int i)
{
    return dc->racer_fg[i];
}

static void racer_colours(const app *a, draw_cache *dc)
{
    for (int i = 0; i < a->rc.n; i++)
        dc->racer_fg[i] =
            colour_of(a, theme_racer(a->theme, &a->rc, i), theme_racer_basic(a->theme, &a->rc, i));
}

/* Dots on and off of racer i's line: a second of a kind is dashed. */
static int racer_dash(const app *a, int i)
{
    static const int dashes[] = {0, 3, 1, 2}; /* canvas dash codes of the four styles */
    return dashes[theme_racer_style(&a->rc, i)];
}

static int mark_fg(const app *a)
{
    return colour_of(a, a->theme->mark, a->theme->basic_mark);
}

static int warn_fg(const app *a)
{
    return colour_of(a, a->theme->warn, a->theme->basic_warn);
}

static int ink_colour(const app *a, const draw_cache *dc, int ink)
{
    if (ink >= 1 && ink <= RACE_MAX)
        return racer_colour(dc, ink - 1);
    if (ink == INK_GHOST && a->ghost_of >= 0)
        return racer_colour(dc, a->ghost_of);
    return ink == INK_RED ? warn_fg(a) : mark_fg(a);
}

static int pair(const app *a, int fg, int bg)
{
    paint p = painter(a);
    return paint_pair(&p, fg, bg);
}

/* ---- coordinates ---- */

void draw_shown_view(const app *a, double v[4])
{
    memcpy(v, a->cfg.view, 4 * sizeof v[0]);
    if (a->stretch || a->lay.plot.w <= 0 || a->lay.plot.h <= 0)
        return;
    /* in column widths: a row is CELL_ASPECT of them tall */
    surface_view_equal(v, a->lay.plot.w, a->lay.plot.h * CELL_ASPECT);
}

void draw_cell_world(const app *a, int col, int row, double *x, double *y)
{
    double v[4];
    draw_shown_view(a, v);
    *x = v[0] + (col + 0.5) / a->lay.plot.w * (v[1] - v[0]);
    *y = v[3] - (row + 0.5) / a->lay.plot.h * (v[3] - v[2]);
}

int draw_world_cell(const app *a, double x, double y, int *col, int *row)
{
    double v[4];
    draw_shown_view(a, v);
    double u = (x - v[0]) / (v[1] - v[0]) * a->lay.plot.w;
    double w = (v[3] - y) / (v[3] - v[2]) * a->lay.plot.h;
    if (!(u >= 0 && u < a->lay.plot.w && w >= 0 && w < a->lay.plot.h))
        return 0;
    *col = (int)u;
    *row = (int)w;
    return 1;
}

/* World to fractional dot coordinates of a canvas covering the plot that
 * shows view v (draw_shown_view). */
static void world_dot(const double *v, const canvas *c, double x, double y, double *u, double *w)
{
    *u = (x - v[0]) / (v[1] - v[0]) * c->w - 0.5;
    *w = (v[3] - y) / (v[3] - v[2]) * c->h - 0.5;
}

/* ---- layout and raster ---- */

void draw_layout(const app *a, app_layout *out)
{
    app_layout l = {.cols = a->width > 0 ? a->width : getmaxx(stdscr), .rows = LINES};
    l.too_small = l.cols < MIN_COLS || l.rows < MIN_ROWS;
    if (l.too_small) {
        *out = l;
        return;
    }
    int panel = l.cols >= 120 ? 44 : 34;
    l.map = (rect){0, 1, l.cols - panel - 1, l.rows - 3};
    l.plot = (rect){TICK_W + 1, 1, l.map.w - TICK_W - 1, l.map.h - 2};
    l.legend_lines = l.rows >= 36 ? 3 : 2;
    l.legend = (rect){l.cols - panel, 1, panel, 1 + a->rc.n * l.legend_lines};
    /* The colour bar in three rows (heading, colours, values), or one
     * where the chart would not fit. */
    l.bar = (rect){l.legend.x, l.legend.y + l.legend.h + 1, panel, 3};
    if (l.rows - 2 - (l.bar.y + 4) < 6)
        l.bar = (rect){l.legend.x, l.legend.y + l.legend.h, panel, 1};
    int cy = l.bar.y + l.bar.h + 1;
    l.chart = (rect){l.legend.x, cy, panel, l.rows - 2 - cy};
    if (l.chart.h < 6)
        l.chart.h = 0;
    *out = l;
}

void draw_free(draw_cache *dc)
{
    contour_free(&dc->ct);
    canvas_free(&dc->lines);
    canvas_free(&dc->paths);
    canvas_free(&dc->chart_cv);
    free(dc->cell_bg);
    free(dc->cell_fg);
    free(dc->cell_shade);
    dc->cell_bg = dc->cell_fg = NULL;
    dc->cell_shade = NULL;
    dc->built = 0;
}

static const char shades[] = " .:-=";

/* The fill (bg), contour line colour (fg) and shade character of a cell at
 * scale value t: the ramp as the theme shades it, or with few colours the
 * shade characters. */
static void cell_colour(const app *a, double t, int *bg, int *fg, char *sh)
{
    const theme *th = a->theme;
    /* Truecolour in FILL_LEVELS_TRUE steps; 256 colours the nearest of a
     * hand-picked dim ramp (the cube is too coarse in the dark). */
    int levels = a->depth == DEPTH_TRUE ? FILL_LEVELS_TRUE : FILL_LEVELS;
    double q = (contour_ramp(t, levels) + 0.5) / levels;
    rgb c = palette_field(q);
    switch (a->depth) {
    case DEPTH_256:
    case DEPTH_TRUE:
        if (a->fill)
            *bg = th->dark_ramp256 && a->depth == DEPTH_256
                      ? palette_ramp_xterm(q)
                      : palette_colour(palette_shade(c, th->fill_k), a->depth);
        *fg = palette_colour(palette_shade(c, th->line_k), a->depth);
        return;
    case DEPTH_8: *fg = th->basic_ramp[contour_ramp(t, 4)]; break;
    case DEPTH_NONE: break;
    }
    *sh = a->fill ? shades[contour_ramp(t, (int)sizeof shades - 1)] : ' ';
}

/* The colours and shade of each plot cell: they change only with the view. */
static void cell_colours(const app *a, draw_cache *dc)
{
    int n = a->lay.plot.w * a->lay.plot.h;
    for (int k = 0; k < n; k++) {
        double t = contour_cell(&dc->ct, k % a->lay.plot.w, k / a->lay.plot.w);
        int bg = -1, fg = -1;
        char sh = ' ';
        if (t >= 0)
            cell_colour(a, t, &bg, &fg, &sh);
        dc->cell_bg[k] = bg;
        dc->cell_fg[k] = fg;
        dc->cell_shade[k] = sh;
    }
}

int draw_raster(const app *a, draw_cache *dc, int force)
{
    if (a->lay.too_small)
        return 0;
    draw_key k;
    memset(&k, 0, sizeof k); /* padding too: the keys are compared bytewise */
    k.surf = a->cfg.surf;
    draw_shown_view(a, k.view);
    k.w = a->lay.plot.w;
    k.h = a->lay.plot.h;
    k.glyphs = a->glyphs;
    k.fill = a->fill;
    k.theme = a->theme;
    k.depth = a->depth;
    int cw, ch;
    canvas_cell_dots(a->glyphs, &cw, &ch);
    /* a landscape: rebuilt as its rows arrive from the background */
    if (a->land && (k.rows = landview_rows(a->land, k.view, k.w * cw + 1, k.h * ch + 1)) < 0)
        return -1;
    k.plane = a->plane;
    k.layer = (int)a->layer;
    if (!force && dc->built && memcmp(&dc->built_for, &k, sizeof k) == 0)
        return 0;
    draw_free(dc);
    size_t n = (size_t)a->lay.plot.w * (size_t)a->lay.plot.h;
    int built = a->land ? landview_contour(a->land, &dc->ct, k.view, k.w, k.h, cw, ch, CONTOUR_BANDS,
                                           a->layer)
                        : contour_build(&dc->ct, a->cfg.surf, k.view, k.w, k.h, cw, ch,
                                        CONTOUR_BANDS, a->cfg.surf->log_levels);
    if (built < 0 ||
        canvas_init(&dc->lines, a->lay.plot.w, a->lay.plot.h, a->glyphs) < 0 ||
        canvas_init(&dc->paths, a->lay.plot.w, a->lay.plot.h, a->glyphs) < 0 ||
        !(dc->cell_bg = malloc(n * sizeof(int) + 1)) ||
        !(dc->cell_fg = malloc(n * sizeof(int) + 1)) || !(dc->cell_shade = malloc(n + 1))) {
        draw_free(dc);
        return -1;
    }
    dc->lines.thick = dc->paths.thick = a->theme->thick;
    contour_lines(&dc->ct, &dc->lines, 1);
    cell_colours(a, dc);
    dc->built_for = k;
    dc->built = 1;
    return 0;
}

/* ---- the map ---- */

/* The last step a racer took: path[i] is step i * stride (the explorer
 * bounds its paths, see cfg.keep), and the head is r->pos, r->f. */
static long last_step(const app *a, const racer *r)
{
    if (r->stride <= 1)
        return r->len - 1;
    return r->status == RACER_DIVERGED ? r->diverged_at - 1 : a->rc.step;
}

static void draw_paths(const app *a, draw_cache *dc)
{
    canvas *c = &dc->paths;
    double v[4];
    draw_shown_view(a, v);
    canvas_clear(c);
    /* The ghost first: the live paths draw over it. */
    if (a->ghost_of >= 0 && a->ghost_of < a->rc.n && !a->hidden[a->ghost_of]) {
        double pu, pw, u, w;
        c->dash = 1;
        c->dash_at = 0;
        world_dot(v, c, a->ghost[0].x, a->ghost[0].y, &pu, &pw);
        for (long k = 1; k < a->ghost_len; k++) {
            world_dot(v, c, a->ghost[k].x, a->ghost[k].y, &u, &w);
            canvas_line(c, pu, pw, u, w, INK_GHOST);
            pu = u;
            pw = w;
        }
        c->dash = 0;
    }
    for (int i = 0; i < a->rc.n; i++) {
        const racer *r = &a->rc.r[i];
        if (a->hidden[i] || r->len == 0)
            continue;
        double pu, pw;
        c->dash = racer_dash(a, i);
        c->dash_at = 0;
        world_dot(v, c, r->path[0].x, r->path[0].y, &pu, &pw);
        canvas_dot(c, (int)lround(pu), (int)lround(pw), i + 1);
        for (long k = 1; k < r->len; k++) {
            double u, w;
            world_dot(v, c, r->path[k].x, r->path[k].y, &u, &w);
            canvas_line(c, pu, pw, u, w, i + 1);
            pu = u;
            pw = w;
        }
        double u, w; /* on to the head, past the last point kept */
        world_dot(v, c, r->pos[0], r->pos[1], &u, &w);
        canvas_line(c, pu, pw, u, w, i + 1);
    }
    c->dash = 0;
}

/* The tip of an arrow drawn into the path canvas: its head glyph goes on
 * top after the canvas is blitted. */
typedef struct {
    int col, row, ink;
    uint32_t cp;
} arrow_tip;

#define MAX_TIPS (3 * RACE_MAX + 4)

typedef struct {
    arrow_tip tip[MAX_TIPS];
    int n;
} arrow_tips;

static uint32_t arrow_glyph(const app *a, double sx, double sy)
{
    static const uint32_t utf[8] = {0x2192, 0x2198, 0x2193, 0x2199, 0x2190, 0x2196, 0x2191, 0x2197};
    static const char ascii[8] = {'>', '\\', ',', '/', '<', '\\', '\'', '/'};
    /* sy grows downwards: octant 0 points right, 2 down, 6 up */
    int o = (int)lround(atan2(sy * CELL_ASPECT, sx) / (M_PI / 4));
    o = ((o % 8) + 8) % 8;
    return glyph(a, utf[o], (uint32_t)ascii[o]);
}

/* An arrow `len` dots long from (x, y) along world direction (dx, dy),
 * dashed as `dash` (canvas.h), its head kept in tips. */
static void draw_ray(const app *a, draw_cache *dc, double x, double y, double dx, double dy, double len, int ink,
                     int dash, arrow_tips *tips)
{
    canvas *c = &dc->paths;
    double v[4];
    draw_shown_view(a, v);
    double sx = dx * c->w / (v[1] - v[0]), sy = -dy * c->h / (v[3] - v[2]);
    double n = hypot(sx, sy);
    if (!(n > 0) || !isfinite(n))
        return;
    double u, w;
    world_dot(v, c, x, y, &u, &w);
    double eu = u + sx / n * len, ew = w + sy / n * len;
    c->dash = dash;
    c->dash_at = 0;
    canvas_line(c, u, w, eu, ew, ink);
    c->dash = 0;
    int col = (int)floor((eu + 0.5) / c->cw), row = (int)floor((ew + 0.5) / c->ch);
    if (tips && tips->n < MAX_TIPS && col >= 0 && col < c->cols && row >= 0 && row < c->rows)
        tips->tip[tips->n++] = (arrow_tip){col, row, ink, arrow_glyph(a, sx, sy)};
}

/* Dots on and off of the three vectors: downhill gradient, update, velocity;
 * and of the Hessian's directions of negative curvature. */
enum { DASH_GRAD = 1, DASH_UPDATE = 0, DASH_VEL = 3, DASH_CURVE_DOWN = 2 };

static void draw_vectors(const app *a, draw_cache *dc, arrow_tips *tips, char *note, size_t len)
{
    if (a->land) {
        snprintf(note, len, "no vectors: the racers replay runs in all the model's weights, "
                 "their steps are not the plane's");
        return;
    }
    int dots = dc->paths.cw * 6; /* about six cells long */
    for (int i = 0; i < a->rc.n; i++) {
        const racer *r = &a->rc.r[i];
        if (a->hidden[i] || r->len < 2 || !isfinite(r->pos[0]) || !isfinite(r->pos[1]))
            continue;
        draw_ray(a, dc, r->pos[0], r->pos[1], -r->grad[0], -r->grad[1], dots, i + 1, DASH_GRAD, tips);
        draw_ray(a, dc, r->pos[0], r->pos[1], r->opt.delta[0], r->opt.delta[1], dots * 0.8, i + 1,
                 DASH_UPDATE, tips);
        /* momentum methods move along -v, which lags the gradient */
        optim_kind k = r->opt.p.kind;
        if (k == OPTIM_MOMENTUM || k == OPTIM_NESTEROV)
            draw_ray(a, dc, r->pos[0], r->pos[1], -r->opt.vel[0], -r->opt.vel[1], dots * 0.9, i + 1,
                     DASH_VEL, tips);
    }
    snprintf(note, len, "vectors in each optimizer's colour: dotted downhill gradient -g, "
             "solid last update, dashed velocity -v (momentum, nesterov)");
}

static void draw_tips(const app *a, const draw_cache *dc, const arrow_tips *tips)
{
    for (int k = 0; k < tips->n; k++) {
        const arrow_tip *t = &tips->tip[k];
        int bg = dc->cell_bg[t->row * a->lay.plot.w + t->col];
        put_cp(a->lay.plot.y + t->row, a->lay.plot.x + t->col, t->cp, A_BOLD, pair(a, ink_colour(a, dc, t->ink), bg));
    }
}

/* Racer r's step against its kind's limit where the largest curvature is
 * lambda_max: "lr*lambda_max 2.16 > 2 unstable", or that the step is
 * per-coordinate; "" for BFGS. */
static void stability_text(const racer *r, double lambda_max, char *buf, size_t len)
{
    stability st;
    analysis_stability(r->spec.p.kind, r->spec.p.momentum, racer_lr_next(r), lambda_max, &st);
    if (st.kind == STABILITY_PER_COORDINATE)
        snprintf(buf, len, "step per-coordinate");
    else if (st.kind == STABILITY_NONE)
        snprintf(buf, len, "%s", "");
    else
        snprintf(buf, len, "lr*lambda_max %.3g %s %.3g %s", st.lr_lambda,
                 st.kind == STABILITY_STABLE ? "<" : ">=", st.limit,
                 analysis_stability_name(st.kind));
}

/* The same at racer i's head (its Hessian there), shorter for the legend. */
static void head_stability(const app *a, const racer *r, char *buf, size_t len)
{
    buf[0] = '\0';
    if (r->track || r->len == 0 || !isfinite(r->pos[0]) || !isfinite(r->pos[1]))
        return;
    point_info p;
    analysis_point(a->cfg.surf, r->pos[0], r->pos[1], &p);
    if (p.kind == POINT_UNDEFINED)
        return;
    stability st;
    analysis_stability(r->spec.p.kind, r->spec.p.momentum, racer_lr_next(r), p.eig[1], &st);
    if (st.kind == STABILITY_PER_COORDINATE)
        snprintf(buf, len, "  per-coordinate");
    else if (st.kind != STABILITY_NONE)
        snprintf(buf, len, "  lr*l %.3g/%.3g %s", st.lr_lambda, st.limit,
                 analysis_stability_name(st.kind));
}

/* The Hessian's eigen-directions at the cursor, from core/analysis (GSL). */
/* The cache for the cursor at (x, y) of the surface shown, emptied when
 * either changed. */
static cursor_cache *cursor_at(const app *a, draw_cache *dc, double x, double y)
{
    cursor_cache *c = &dc->cur;
    if (c->surf != a->cfg.surf || c->plane != a->plane || c->x != x || c->y != y)
        *c = (cursor_cache){.surf = a->cfg.surf, .plane = a->plane, .x = x, .y = y};
    return c;
}

static void draw_hessian(const app *a, draw_cache *dc, char *note, size_t len)
{
    double x, y;
    draw_cell_world(a, a->cur_col, a->cur_row, &x, &y);
    cursor_cache *c = cursor_at(a, dc, x, y);
    if (!c->have_hessian)
        analysis_point(a->cfg.surf, x, y, &c->hessian);
    c->have_hessian = 1;
    const point_info p = c->hessian;
    if (p.kind == POINT_UNDEFINED) {
        snprintf(note, len, "Hessian undefined here");
        return;
    }
    /* Curving down is dashed as well as in the warning colour: the note
     * says solid for a positive eigenvalue, dashed for a negative, true on
     * every theme and without colour (it said white up, red down: the light
     * theme's mark is black), in no more room (the stability after it). */
    for (int k = 0; k < 2; k++) {
        int down = p.eig[k] < 0;
        int ink = down ? INK_RED : INK_WHITE, dash = down ? DASH_CURVE_DOWN : 0;
        draw_ray(a, dc, x, y, p.evec[k][0], p.evec[k][1], 12, ink, dash, NULL);
        draw_ray(a, dc, x, y, -p.evec[k][0], -p.evec[k][1], 12, ink, dash, NULL);
    }
    char st[96];
    stability_text(&a->rc.r[a->selected], p.eig[1], st, sizeof st);
    snprintf(note, len,
             "Hessian eigenvalues %.4g, %.4g: a %s, condition %.3g (solid +, dashed -); %s: %s",
             p.eig[0], p.eig[1], analysis_kind_name(p.kind), p.cond, a->rc.r[a->selected].label,
             st);
}

/* Paths as their racers' digits: in ASCII, and without colour, where the
 * dots of six paths would look all alike (the legend's swatches say so). */
static int path_digits(const app *a)
{
    return a->depth == DEPTH_NONE || a->glyphs == CANVAS_ASCII;
}

static void blit_plot(const app *a, const draw_cache *dc)
{
    const canvas *p = &dc->paths, *l = &dc->lines;
    for (int row = 0; row < a->lay.plot.h; row++) {
        for (int col = 0; col < a->lay.plot.w; col++) {
            int k = row * a->lay.plot.w + col;
            uint32_t cp;
            int fg, bg = dc->cell_bg[k];
            attr_t at = A_NORMAL;
            if (p->bits[k]) {
                int ink = p->ink[k];
                uint32_t digit = ink <= RACE_MAX ? (uint32_t)('0' + ink % 10) : '+';
                cp = path_digits(a) && ink <= RACE_MAX ? digit : canvas_glyph(p, col, row, digit);
                /* In its own colour over the field itself: the field is
                 * muted so that every optimizer colour reads on it. */
                fg = ink_colour(a, dc, ink);
                at = ink == INK_GHOST ? A_DIM : A_BOLD;
            } else if (l->bits[k]) {
                cp = canvas_glyph(l, col, row, '.');
                fg = dc->cell_fg[k];
            } else {
                cp = (uint32_t)(unsigned char)dc->cell_shade[k];
                fg = dc->cell_fg[k];
            }
            put_cp(a->lay.plot.y + row, a->lay.plot.x + col, cp, at, pair(a, fg, bg));
        }
    }
}

static void mark(const app *a, const draw_cache *dc, double x, double y, uint32_t cp, int fg, attr_t at)
{
    int col, row;
    if (!draw_world_cell(a, x, y, &col, &row))
        return;
    int bg = dc->cell_bg[row * a->lay.plot.w + col];
    put_cp(a->lay.plot.y + row, a->lay.plot.x + col, cp, at, pair(a, fg, bg));
}

typedef struct {
    int row, x0, x1;
} label_box;

static int overlaps(const label_box *b, int n, int row, int x0, int x1)
{
    for (int i = 0; i < n; i++)
        if (b[i].row == row && x0 <= b[i].x1 && b[i].x0 <= x1)
            return 1;
    return 0;
}

/* Where racer r's head is drawn: its cell (returns 0); or, for a head off
 * the map or not finite (diverged), the edge cell towards its last finite
 * point, with an arrow pointing out (returns 1); -1 when nothing is. */
static int head_cell(const app *a, const racer *r, int *col, int *row, uint32_t *cp)
{
    double x = r->pos[0], y = r->pos[1];
    for (long k = r->len - 1; !(isfinite(x) && isfinite(y)) && k >= 0; k--) {
        x = r->path[k].x;
        y = r->path[k].y;
    }
    if (!(isfinite(x) && isfinite(y)))
        return -1;
    if (draw_world_cell(a, x, y, col, row) && isfinite(r->pos[0]) && isfinite(r->pos[1]))
        return 0;
    if (draw_world_cell(a, x, y, col, row)) { /* diverged here: the last finite point */
        *cp = glyph(a, 0x2717, 'X');
        return 1;
    }
    double v[4];
    draw_shown_view(a, v);
    /* From the centre towards (x, y), stopped at the plot's edge. */
    double cx = 0.5 * (v[0] + v[1]), cy = 0.5 * (v[2] + v[3]);
    double dx = (x - cx) / (v[1] - v[0]), dy = (y - cy) / (v[3] - v[2]);
    double t = 0.4999 / (fabs(dx) > fabs(dy) ? fabs(dx) : fabs(dy));
    *col = (int)((0.5 + dx * t) * a->lay.plot.w);
    *row = (int)((0.5 - dy * t) * a->lay.plot.h);
    *col = *col < 0 ? 0 : *col >= a->lay.plot.w ? a->lay.plot.w - 1 : *col;
    *row = *row < 0 ? 0 : *row >= a->lay.plot.h ? a->lay.plot.h - 1 : *row;
    if (fabs(dx) > fabs(dy))
        *cp = dx > 0 ? glyph(a, 0x2192, '!') : glyph(a, 0x2190, '!');
    else
        *cp = dy > 0 ? glyph(a, 0x2191, '!') : glyph(a, 0x2193, '!');
    return 1;
}

/* Head markers, then their names: a name moves up or down a row rather
 * than cover another name or another racer's head (all heads are drawn
 * first, so none covers a name either). */
static void draw_heads(const app *a, const draw_cache *dc)
{
    label_box boxes[2 * RACE_MAX];
    int nb = 0, col[RACE_MAX], row[RACE_MAX], off[RACE_MAX];
    for (int i = 0; i < a->rc.n; i++) {
        const racer *r = &a->rc.r[i];
        uint32_t cp;
        off[i] = a->hidden[i] || r->len == 0 ? -1 : head_cell(a, r, &col[i], &row[i], &cp);
        if (off[i] < 0)
            continue;
        const head_mark *m = theme_racer_head(&a->rc, i);
        if (!off[i])
            cp = glyph(a, m->utf, (uint32_t)m->ascii);
        int bg = dc->cell_bg[row[i] * a->lay.plot.w + col[i]];
        put_cp(a->lay.plot.y + row[i], a->lay.plot.x + col[i], cp, A_BOLD,
               pair(a, racer_colour(dc, i), bg));
        boxes[nb++] = (label_box){row[i], col[i], col[i]};
    }
    for (int i = 0; i < a->rc.n; i++) {
        const racer *r = &a->rc.r[i];
        if (off[i] < 0)
            continue;
        char text[HPARAMS_LABEL_MAX + 24];
        snprintf(text, sizeof text, "%s%s", r->label,
                 r->status == RACER_DIVERGED ? " diverged" : off[i] ? " off the map" : "");
        int fg = racer_colour(dc, i), len = (int)strlen(text);
        int x0 = col[i] + 2;
        if (x0 + len > a->lay.plot.w)
            x0 = col[i] - 1 - len;
        if (x0 < 0)
            x0 = 0;
        static const int tries[] = {0, -1, 1, -2, 2, -3, 3};
        for (size_t t = 0; t < sizeof tries / sizeof tries[0]; t++) {
            int ry = row[i] + tries[t];
            if (ry < 0 || ry >= a->lay.plot.h || overlaps(boxes, nb, ry, x0 - 1, x0 + len))
                continue;
            boxes[nb++] = (label_box){ry, x0, x0 + len - 1};
            int n = len < a->lay.plot.w - x0 ? len : a->lay.plot.w - x0;
            /* A backing of the paper's colour under the name's letters only. */
            int lbg = dc->cell_bg[ry * a->lay.plot.w + x0] >= 0 ? colour_of(a, a->theme->halo, -1) : -1;
            put_str(a, a->lay.plot.y + ry, a->lay.plot.x + x0, n, text, A_BOLD, pair(a, fg, lbg));
            break;
        }
    }
}

static void draw_axes(const app *a)
{
    double v[4];
    draw_shown_view(a, v);
    char buf[32];
    int axis_y = a->lay.plot.y + a->lay.plot.h;
    uint32_t hline = glyph(a, 0x2500, '-'), vline = glyph(a, 0x2502, '|');
    for (int c = 0; c < a->lay.plot.w; c++)
        put_cp(axis_y, a->lay.plot.x + c, hline, A_NORMAL, 0);
    for (int r = 0; r < a->lay.plot.h; r++)
        put_cp(a->lay.plot.y + r, a->lay.plot.x - 1, vline, A_NORMAL, 0);
    put_cp(axis_y, a->lay.plot.x - 1, glyph(a, 0x2514, '+'), A_NORMAL, 0);

    double sx, tx0;
    int nx = contour_ticks(v[0], v[1], a->lay.plot.w / 12, &tx0, &sx);
    for (int k = 0; k < nx; k++) {
        double t = tx0 + k * sx;
        int col = (int)((t - v[0]) / (v[1] - v[0]) * a->lay.plot.w);
        if (col == a->lay.plot.w)
            col--;
        if (col < 0 || col >= a->lay.plot.w)
            continue;
        put_cp(axis_y, a->lay.plot.x + col, glyph(a, 0x252C, '+'), A_NORMAL, 0);
        contour_tick_label(buf, sizeof buf, t, sx);
        int len = (int)strlen(buf), x = a->lay.plot.x + col - len / 2;
        if (x + len > a->lay.plot.x + a->lay.plot.w)
            x = a->lay.plot.x + a->lay.plot.w - len;
        put_str(a, axis_y + 1, x, len, buf, A_NORMAL, 0);
    }
    double sy, ty0;
    int ny = contour_ticks(v[2], v[3], a->lay.plot.h / 4, &ty0, &sy);
    for (int k = 0; k < ny; k++) {
        double t = ty0 + k * sy;
        int row = (int)((v[3] - t) / (v[3] - v[2]) * a->lay.plot.h);
        if (row == a->lay.plot.h)
            row--;
        if (row < 0 || row >= a->lay.plot.h)
            continue;
        put_cp(a->lay.plot.y + row, a->lay.plot.x - 1, glyph(a, 0x2524, '+'), A_NORMAL, 0);
        contour_tick_label(buf, sizeof buf, t, sy);
        char pad[16];
        snprintf(pad, sizeof pad, "%*.*s", TICK_W, TICK_W, buf);
        put_str(a, a->lay.plot.y + row, 0, TICK_W, pad, A_NORMAL, 0);
    }
}

static void draw_map(const app *a, draw_cache *dc, char *note, size_t len)
{
    note[0] = '\0';
    arrow_tips tips = {.n = 0};
    draw_paths(a, dc);
    if (a->vectors)
        draw_vectors(a, dc, &tips, note, len);
    if (a->hessian)
        draw_hessian(a, dc, note, len);
    blit_plot(a, dc);
    draw_tips(a, dc, &tips);
    const surface *s = a->cfg.surf;
    for (int i = 0; i < s->nminima; i++)
        mark(a, dc, s->minima[i][0], s->minima[i][1], glyph(a, 0x2605, '*'), mark_fg(a), A_BOLD);
    mark(a, dc, a->cfg.start[0], a->cfg.start[1], glyph(a, 0x25C6, 'S'), mark_fg(a), A_BOLD);
    draw_heads(a, dc);
    int k = a->cur_row * a->lay.plot.w + a->cur_col;
    put_cp(a->lay.plot.y + a->cur_row, a->lay.plot.x + a->cur_col, glyph(a, 0x253C, '+'), A_BOLD,
           pair(a, mark_fg(a), dc->cell_bg[k]));
    draw_axes(a);
}

/* ---- legend, chart, status ---- */

static void racer_status_text(const racer *r, char *buf, size_t len)
{
    if (r->status == RACER_DIVERGED)
        snprintf(buf, len, "diverged at step %ld", r->diverged_at);
    else if (r->status == RACER_CONVERGED)
        snprintf(buf, len, "converged at step %ld", r->converged_at);
    else
        snprintf(buf, len, "running");
}

/* A replayed run under its legend line: its iteration, the loss under it
 * on the plane, and at its end the run's own loss and validation accuracy
 * (off the plane); how far off the plane it is. */
static void track_lines(const app *a, const racer *r, int y, attr_t dim)
{
    const rect *L = &a->lay.legend;
    const race_track *t = r->track;
    long k = a->rc.step < t->n ? a->rc.step : t->n - 1;
    char buf[160];
    /* at its end the run's own numbers, else the map's under it */
    if (k == t->n - 1)
        snprintf(buf, sizeof buf, "     it %ld  loss %.5g val %.3f", t->iter ? t->iter[k] : k,
                 t->loss, t->val_acc);
    else
        snprintf(buf, sizeof buf, "     it %ld  on the plane %.5g", t->iter ? t->iter[k] : k, r->f);
    put_str(a, y + 1, L->x, L->w, buf, dim, 0);
    if (a->lay.legend_lines >= 3) {
        snprintf(buf, sizeof buf, "     off the plane %.3g%s", t->dist[k],
                 r->status == RACER_DIVERGED ? "  diverged" : "");
        put_str(a, y + 2, L->x, L->w, buf, dim, 0);
    }
}

static void draw_legend(const app *a, const draw_cache *dc)
{
    const rect *L = &a->lay.legend;
    char buf[256], hp[128], st[64], dist[32];
    snprintf(buf, sizeof buf, "optimizers (1-%d hide, o select)", a->rc.n < 9 ? a->rc.n : 9);
    put_str(a, L->y, L->x, L->w, buf, A_BOLD, 0);
    for (int i = 0; i < a->rc.n; i++) {
        const racer *r = &a->rc.r[i];
        int y = L->y + 1 + i * a->lay.legend_lines;
        attr_t dim = a->hidden[i] ? A_DIM : A_NORMAL;
        int op = pair(a, racer_colour(dc, i), -1);
        snprintf(buf, sizeof buf, "%d", (i + 1) % 10);
        put_str(a, y, L->x, 1, buf, dim, 0);
        /* the line's style: solid for the first of a kind, then dashed */
        static const uint32_t swatch_utf[] = {0x2501, 0x254D, 0x2505, 0x2509};
        static const char swatch_ascii[] = "=-:.";
        int style = theme_racer_style(&a->rc, i);
        uint32_t sw = path_digits(a) ? (uint32_t)('0' + (i + 1) % 10)
                                     : glyph(a, swatch_utf[style], (uint32_t)swatch_ascii[style]);
        put_cp(y, L->x + 2, sw, A_BOLD | dim, op);
        put_cp(y, L->x + 3, sw, A_BOLD | dim, op);
        int len = (int)strlen(r->label);
        put_str(a, y, L->x + 5, L->w - 5, r->label,
                A_BOLD | dim | (i == a->selected ? A_REVERSE : A_NORMAL), op);
        const head_mark *m = theme_racer_head(&a->rc, i);
        if (5 + len + 1 < L->w)
            put_cp(y, L->x + 5 + len + 1, glyph(a, m->utf, (uint32_t)m->ascii), A_BOLD | dim, op);
        /* the kind, where the label does not already say it */
        const char *kind = optim_name(r->spec.p.kind);
        size_t kl = strlen(kind);
        int says = strncmp(r->label, kind, kl) == 0 && (r->label[kl] == ' ' || !r->label[kl]);
        int n = says ? 0 : snprintf(hp, sizeof hp, "%s ", kind);
        if (r->track && r->spec.p.kind == OPTIM_BFGS) /* the reference run */
            snprintf(hp, sizeof hp, "full batch, L-BFGS");
        else
            hparams_format(&r->spec.p, hp + n, sizeof hp - (size_t)n);
        racer_status_text(r, st, sizeof st);
        int lx = 5 + len + 3;
        /* Short of room, the status takes the hyperparameters' place once
         * it says more than "running". */
        int short_of_room = a->lay.legend_lines < 3 && r->status != RACER_RUNNING;
        snprintf(buf, sizeof buf, "%s%s", a->hidden[i] ? "(hidden) " : "",
                 short_of_room ? st : hp);
        put_str(a, y, L->x + lx, L->w - lx, buf, dim, 0);

        if (r->track) {
            track_lines(a, r, y, dim);
            continue;
        }
        long step = r->len > 0 ? last_step(a, r) : 0;
        double f = r->len > 0 ? r->f : NAN;
        double d = r->len > 0 ? surface_min_distance(a->cfg.surf, r->pos[0], r->pos[1]) : -1;
        if (d < 0)
            snprintf(dist, sizeof dist, "-");
        else
            snprintf(dist, sizeof dist, "%.3g", d);
        /* A scheduled rate: the one the next update uses. */
        char lrt[32] = "";
        const schedule *sc = &r->spec.p.sched;
        if (r->spec.p.kind != OPTIM_BFGS && (sc->kind != SCHED_CONSTANT || sc->warmup > 0))
            snprintf(lrt, sizeof lrt, "  lr_t %.3g", racer_lr_next(r));
        if (a->lay.legend_lines >= 3) {
            snprintf(buf, sizeof buf, "     step %ld  loss %.6g%s", step, f, lrt);
            put_str(a, y + 1, L->x, L->w, buf, dim, 0);
            char hs[64];
            head_stability(a, r, hs, sizeof hs);
            snprintf(buf, sizeof buf, "     d %s  %s%s", dist, st, hs);
            put_str(a, y + 2, L->x, L->w, buf, dim, 0);
        } else {
            if (lrt[0])
                snprintf(buf, sizeof buf, "  step %ld loss %.6g%s", step, f, lrt);
            else
                snprintf(buf, sizeof buf, "  step %ld loss %.6g d %s", step, f, dist);
            put_str(a, y + 1, L->x, L->w, buf, dim, 0);
        }
    }
}

/* The field's colour bar: the colours of the map from its lowest loss in
 * view to its highest, with values under it (on the log scale the map's
 * bands use when the range spans decades). */
static void draw_bar(const app *a, const draw_cache *dc)
{
    const rect *B = &a->lay.bar;
    const contour *ct = &dc->ct;
    if (B->h < 1 || !(ct->hi >= ct->lo))
        return;
    char lo[24], mid[24], hi[24];
    /* as few digits as tell the three apart (a narrow range: 16.5 .. 17.1) */
    for (int d = 2; d <= 6; d++) {
        snprintf(lo, sizeof lo, "%.*g", d, contour_unscale(ct->lo, ct->hi, ct->log, 0));
        snprintf(mid, sizeof mid, "%.*g", d, contour_unscale(ct->lo, ct->hi, ct->log, 0.5));
        snprintf(hi, sizeof hi, "%.*g", d, contour_unscale(ct->lo, ct->hi, ct->log, 1));
        if (strcmp(lo, mid) != 0 && strcmp(mid, hi) != 0)
            break;
    }
    int ll = (int)strlen(lo), ml = (int)strlen(mid), hl = (int)strlen(hi);
    int x = B->x + 1, y = B->y + 1, n = B->w - 2;
    if (B->h == 1) { /* one row: "lo [colours] hi" */
        y = B->y;
        put_str(a, y, B->x, ll, lo, A_NORMAL, 0);
        put_str(a, y, B->x + B->w - hl, hl, hi, A_NORMAL, 0);
        x = B->x + ll + 1;
        n = B->w - ll - hl - 2;
    } else {
        /* the log scale is of the loss above the lowest in view (a landscape's
         * lowest is 16.55: its bar reads 16.55, 16.57, 33.55) */
        const char *what = a->land && a->layer == LANDVIEW_ERROR ? "error (1 - accuracy) colours"
                           : ct->log ? "loss colours (log scale above the lowest)"
                                     : "loss colours";
        put_str(a, B->y, B->x, B->w, what, A_BOLD, 0);
        put_str(a, B->y + 2, x, ll, lo, A_NORMAL, 0);
        put_str(a, B->y + 2, x + n / 2 - ml / 2, ml, mid, A_NORMAL, 0);
        put_str(a, B->y + 2, x + n - hl, hl, hi, A_NORMAL, 0);
    }
    for (int j = 0; j < n; j++) {
        double t = (j + 0.5) / n;
        int bg = -1, fg = -1;
        char sh = ' ';
        cell_colour(a, t, &bg, &fg, &sh);
        uint32_t cp = (uint32_t)(unsigned char)sh;
        if (a->depth == DEPTH_8 || (a->depth == DEPTH_NONE && sh == ' ')) {
            /* no backgrounds to show: the shade or a block in the line colour */
            cp = a->depth == DEPTH_8 ? glyph(a, 0x2588, '#') : (uint32_t)shades[contour_ramp(t, (int)sizeof shades - 1)];
            bg = -1;
        }
        put_cp(y, x + j, cp, A_NORMAL, pair(a, fg, bg));
    }
}

/* The loss chart: every shown racer in its colour and line, BFGS as the
 * reference path that does not set the floor. */
static void draw_chart(const app *a, draw_cache *dc)
{
    const rect *C = &a->lay.chart;
    if (C->h == 0)
        return;
    chart_series ss[RACE_MAX];
    int ns = 0;
    for (int i = 0; i < a->rc.n; i++) {
        const racer *r = &a->rc.r[i];
        if (a->hidden[i])
            continue;
        ss[ns++] = (chart_series){
            .label = r->label,
            .n = (int)r->len,
            .yd = r->len ? &r->path[0].f : NULL,
            .stride = sizeof r->path[0],
            .x_step = r->stride,
            .fg = racer_colour(dc, i),
            .dash = racer_dash(a, i),
            .attr = A_BOLD,
            .ascii = (uint32_t)theme_head(r->spec.p.kind)->ascii,
            .reference = r->spec.p.kind == OPTIM_BFGS,
            .diverged = r->status == RACER_DIVERGED,
            .diverged_at = r->diverged_at,
        };
    }
    /* a landscape's racers are off the plane: the chart is the map's loss under them */
    chart_opts o = {.title = a->land ? "the plane's loss under each" : "loss vs step",
                    .scale = CHART_LOG_IF_POSITIVE, .floor = 1, .cap = 1};
    paint p = painter(a);
    dc->chart_cv.thick = a->theme->thick;
    chart_draw(&p, &dc->chart_cv, a->glyphs, C->x, C->y, C->w, C->h, &o, ss, ns);
}

static void draw_title(const app *a)
{
    char left[640], right[320], noise[48] = "";
    const surface *s = a->cfg.surf;
    if (a->land) /* the data and model are on the formula line */
        snprintf(left, sizeof left, " descent  %s%s%s", a->lesson ? a->lesson->title : "",
                 a->lesson ? ": " : "", landview_plane(a->land));
    else if (a->lesson && a->lesson->title[0])
        snprintf(left, sizeof left, " descent  %s", a->lesson->title);
    else
        snprintf(left, sizeof left, " descent  %s: %s", s->name, s->note);
    int sp = app_speed_value(a->speed);
    char speed[32];
    if (sp)
        snprintf(speed, sizeof speed, "%d/s", sp);
    else
        snprintf(speed, sizeof speed, "max");
    if (a->cfg.noise > 0)
        snprintf(noise, sizeof noise, "noise sigma %g  ", a->cfg.noise);
    /* Without colour the theme's colours are not what is drawn. */
    const char *look = a->depth == DEPTH_NONE && !a->theme->mono ? "no colour" : a->theme->name;
    const char *state = a->playing ? "playing" : a->rc.step >= a->limit ? "end" : "paused";
    char busy[160] = "";
    if (a->land) {
        landview_progress(a->land, busy, sizeof busy - 2);
        if (busy[0])
            strcat(busy, "  ");
    }
    snprintf(right, sizeof right, "%s%s%s  %s %s  step %ld/%ld ", busy, noise, look, state,
             speed, a->rc.step, a->limit);
    int rl = (int)strlen(right);
    put_str(a, 0, 0, a->lay.cols - rl - 1, left, A_BOLD, 0);
    put_str(a, 0, a->lay.cols - rl, rl, right, A_BOLD, 0);
}

/* Text in up to two rows from (y, 0), broken at a space when it does not
 * fit one; returns the rows used. A text too long for both ends in an
 * ellipsis. */
static int put_wrapped(const app *a, int y, int rows, const char *text, attr_t at)
{
    int len = (int)strlen(text), w = a->lay.cols - 1;
    if (len <= w || rows < 2) {
        put_str(a, y + rows - 1, 1, w, text, at, 0);
        return 1;
    }
    int cut = w;
    while (cut > w / 2 && text[cut] != ' ')
        cut--;
    if (text[cut] != ' ')
        cut = w;
    char first[512];
    snprintf(first, sizeof first, "%.*s", cut, text);
    put_str(a, y, 1, w, first, at, 0);
    put_str(a, y + 1, 1, w, text + cut + (text[cut] == ' '), at, 0);
    return 2;
}

static void draw_formula_line(const app *a, draw_cache *dc, int y)
{
    char buf[512], cur[224];
    double x, wy;
    draw_cell_world(a, a->cur_col, a->cur_row, &x, &wy);
    if (a->land) {
        cursor_cache *c = cursor_at(a, dc, x, wy);
        if (!c->have_value)
            c->value = landview_value(a->land, x, wy);
        c->have_value = 1;
        landscape_value v = c->value;
        snprintf(cur, sizeof cur, "  cursor (%.6g, %.6g)  loss %.6g = data %.6g + reg %.6g  acc %.4f",
                 x, wy, v.loss, v.data_loss, v.reg_loss, v.acc);
    } else {
        snprintf(cur, sizeof cur, "  cursor (%.4g, %.4g)  f = %.6g", x, wy,
                 surface_f(a->cfg.surf, x, wy));
    }
    int cl = (int)strlen(cur);
    if (cl >= a->lay.cols) { /* the cursor's numbers first, cut with an ellipsis */
        put_str(a, y, 0, a->lay.cols, cur + 1, A_NORMAL, 0);
        return;
    }
    if (a->land)
        snprintf(buf, sizeof buf, " f(a,b) = %s, %s", a->cfg.surf->formula, a->cfg.surf->note);
    else
        snprintf(buf, sizeof buf, " f(x,y) = %s", a->cfg.surf->formula);
    put_str(a, y, 0, a->lay.cols - cl, buf, A_NORMAL, 0);
    put_str(a, y, a->lay.cols - cl, cl, cur, A_NORMAL, 0);
}

/* The two bottom rows: the lesson's caption first (two rows when it needs
 * them), a message, the first-run hint, the formula and the cursor. */
/* The prompt: its label and what is typed on the bottom row. When the two do
 * not fit (a scene's search path, an optimizer's settings at 80 columns), the
 * label takes the row above, cut with an ellipsis, and the bottom row the
 * input alone, its end kept: what is typed is always seen. */
static void draw_prompt(const app *a, draw_cache *dc, const char *cap)
{
    int y = LINES - 2, cols = a->lay.cols;
    const char *in = a->prompt_buf;
    int n = (int)strlen(in);
    char buf[512];
    if (1 + (int)strlen(a->prompt_label) + n < cols) {
        if (cap)
            put_str(a, y, 1, cols - 1, cap, A_BOLD, 0);
        else
            draw_formula_line(a, dc, y);
        snprintf(buf, sizeof buf, " %s%s", a->prompt_label, in);
        put_str(a, LINES - 1, 0, cols, buf, A_REVERSE, 0);
        return;
    }
    snprintf(buf, sizeof buf, " %s", a->prompt_label);
    put_str(a, y, 0, cols, buf, A_REVERSE, 0);
    int room = cols - 4; /* " > ", the cursor after the input */
    if (n > room) {
        snprintf(buf, sizeof buf, " > ~%s", in + n - (room - 1));
        put_str(a, LINES - 1, 0, cols, buf, A_REVERSE, 0);
        put_cp(LINES - 1, 3, glyph(a, 0x2026, '~'), A_REVERSE, 0);
    } else {
        snprintf(buf, sizeof buf, " > %s", in);
        put_str(a, LINES - 1, 0, cols, buf, A_REVERSE, 0);
    }
}

static void draw_status(const app *a, draw_cache *dc, const char *note)
{
    char buf[512];
    int y = LINES - 2;
    char said[SCENE_TEXT_MAX + 32];
    const char *cap = a->lesson ? scene_caption_text(a->lesson, a->rc.step, said, sizeof said)
                                : NULL;
    const char *msg = a->message[0] ? a->message : note[0] ? note : NULL;
    const char *hint = a->hint ? "space plays, n steps, ? lists the keys, q quits" : NULL;
    if (a->prompt != PROMPT_NONE) {
        draw_prompt(a, dc, cap);
        return;
    }
    /* a message (a refusal, why there is no panel) before the first-run hint */
    const char *top = msg ? msg : hint;
    attr_t top_at = msg ? A_BOLD : A_REVERSE | A_BOLD;
    if (cap) {
        /* The caption keeps the bottom row, both when it needs them; above
         * it what is said now (over the axis's numbers for a caption of two
         * rows: a hint lasts until the first key, a message a moment). */
        if (top) {
            int two = (int)strlen(cap) > a->lay.cols - 1;
            put_str(a, two ? y - 1 : y, 1, a->lay.cols - 1, top, top_at, 0);
            put_wrapped(a, two ? y : LINES - 1, two ? 2 : 1, cap, A_BOLD);
        } else if (put_wrapped(a, y, 2, cap, A_BOLD) == 1) {
            draw_formula_line(a, dc, y);
        }
        return;
    }
    draw_formula_line(a, dc, y);
    if (top) {
        put_str(a, LINES - 1, 1, a->lay.cols - 1, top, top_at, 0);
        return;
    }
    snprintf(buf, sizeof buf,
             " space %s  n step  +/- speed  r reset  Tab surface  arrows+Enter start  "
             "z/Z/0 zoom  hjkl pan  ? help  q quit",
             a->playing ? "pause" : "play");
    put_str(a, LINES - 1, 0, a->lay.cols, buf, A_DIM, 0);
}

static void draw_help(const app *a)
{
    const key_binding *t = keys_table();
    term_key_line lines[64]; /* room for the table's 40 labelled bindings and more */
    char toggle[16];
    int n = 0;
    for (int i = 0; t[i].action != ACT_NONE && n < 64; i++) {
        if (!t[i].label)
            continue;
        lines[n] = (term_key_line){t[i].label, t[i].help};
        if (t[i].action == ACT_TOGGLE) { /* the real number of racers */
            int nr = a->rc.n < 9 ? a->rc.n : 9;
            snprintf(toggle, sizeof toggle, nr > 1 ? "1-%d" : "1", nr);
            lines[n].label = toggle;
        }
        n++;
    }
    term_help_box(0, 0, a->lay.cols, LINES, "keys (any key closes this help)", lines, n);
}

void draw_frame(const app *a, draw_cache *dc)
{
    term_set_paper(a->theme, a->depth);
    racer_colours(a, dc);
    erase();
    if (a->lay.too_small) {
        term_too_small(MIN_COLS, MIN_ROWS);
        return;
    }
    char note[512];
    draw_title(a);
    draw_map(a, dc, note, sizeof note);
    draw_legend(a, dc);
    draw_bar(a, dc);
    draw_chart(a, dc);
    draw_status(a, dc, note);
    if (a->help)
        draw_help(a);
}
