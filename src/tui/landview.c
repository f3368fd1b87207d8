#include "landview.h"

#include <curses.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "landsampler.h"
#include "contour.h"
#include "paint.h"
#include "palette.h"
#include "term.h"

#define LEGEND_W 30
#define MIN_COLS 80
#define MIN_ROWS 24
#define CAPTION_ROWS 2 /* a scene's caption: one at a time, n shows the next */

typedef struct {
    const landview_config *c;
    const theme *th;
    term_caps caps;
    canvas_mode glyphs;
    landsampler s;
    landview_surface cur;  /* the plane shown */
    landview_plan plan;    /* what made it */
    int sel;               /* the selected racer (pca, between, its head) */
    /* the planner's thread: one new plane at a time */
    pthread_mutex_t pmu;
    pthread_t pthread;
    int planning, planned, plan_rc;
    landview_plan want;
    landview_surface next;
    char progress[120], plan_err[200];
    int caption_rows, caption;
    int rows_shown, planning_shown; /* what the last frame showed as done */
    double view[4];
    int cols, rows, too_small;
    int px, py, pw, ph;   /* the plot, in cells */
    int cur_col, cur_row;
    int hessian, help;
    landscape_work *scratch; /* the cursor's evaluations */
    char message[320];
} view_state;

/* ---- coordinates and the Hessian ---- */

static void cell_world(const view_state *v, int col, int row, double *a, double *b)
{
    *a = v->view[0] + (col + 0.5) / v->pw * (v->view[1] - v->view[0]);
    *b = v->view[3] - (row + 0.5) / v->ph * (v->view[3] - v->view[2]);
}

static double loss_at(const landscape_eval *e, double a, double b, landscape_work *scratch)
{
    return landscape_eval_point(e, a, b, scratch).loss;
}

void landview_hessian(const landscape_eval *e, double a, double b, double h, landscape_work *scratch,
                      double h3[3], double eig[2], double *cond)
{
    double f0 = loss_at(e, a, b, scratch);
    double fa1 = loss_at(e, a + h, b, scratch), fa0 = loss_at(e, a - h, b, scratch);
    double fb1 = loss_at(e, a, b + h, scratch), fb0 = loss_at(e, a, b - h, scratch);
    double fpp = loss_at(e, a + h, b + h, scratch), fpm = loss_at(e, a + h, b - h, scratch);
    double fmp = loss_at(e, a - h, b + h, scratch), fmm = loss_at(e, a - h, b - h, scratch);
    h3[0] = (fa1 - 2 * f0 + fa0) / (h * h);
    h3[2] = (fb1 - 2 * f0 + fb0) / (h * h);
    h3[1] = (fpp - fpm - fmp + fmm) / (4 * h * h);
    /* the eigenvalues of [[p, q], [q, r]] */
    double m = (h3[0] + h3[2]) / 2, d = hypot((h3[0] - h3[2]) / 2, h3[1]);
    eig[0] = m - d;
    eig[1] = m + d;
    double lo = fmin(fabs(eig[0]), fabs(eig[1])), hi = fmax(fabs(eig[0]), fabs(eig[1]));
    *cond = lo > 0 ? hi / lo : INFINITY;
}

/* ---- drawing ---- */

/* The landscape view's paint: the theme at the terminal's depth. */
static paint painter(const view_state *v)
{
    return (paint){.th = v->th, .depth = v->caps.depth, .utf8 = v->caps.utf8, .right = v->cols};
}

static int colour(const view_state *v, rgb c, int basic)
{
    paint p = painter(v);
    return paint_colour(&p, c, basic);
}

static int racer_fg(const view_state *v, int k)
{
    int i = v->c->racers[k].colour;
    if (i < 0)
        return colour(v, v->th->mark, v->th->basic_mark);
    paint p = painter(v);
    return paint_optim(&p, i);
}

/* fg on the theme's paper. */
static int pair_of(const view_state *v, int fg)
{
    paint p = painter(v);
    return paint_pair(&p, fg, -1);
}

static void layout(view_state *v)
{
    getmaxyx(stdscr, v->rows, v->cols);
    v->too_small = v->cols < MIN_COLS || v->rows < MIN_ROWS;
    v->px = 7;
    v->py = 1;
    v->pw = v->cols - LEGEND_W - v->px - 1;
    v->caption_rows = v->c->ncaptions > 0 ? CAPTION_ROWS : 0;
    v->ph = v->rows - 5 - v->caption_rows;
    if (v->cur_col >= v->pw)
        v->cur_col = v->pw - 1;
    if (v->cur_row >= v->ph)
        v->cur_row = v->ph - 1;
    int cw, ch;
    canvas_cell_dots(v->glyphs, &cw, &ch);
    if (!v->too_small && landsampler_request(&v->s, v->view, v->pw * cw + 1, v->ph * ch + 1) < 0)
        snprintf(v->message, sizeof v->message, "out of memory for the view");
}

/* The map's paint: the theme at the terminal's depth, nothing past the map. */
static paint map_painter(const landview_map_spec *m)
{
    return (paint){.th = m->th, .depth = m->caps->depth, .utf8 = m->caps->utf8,
                   .right = m->x + m->w};
}

static int map_fg(const landview_map_spec *m, int colour)
{
    paint p = map_painter(m);
    return colour < 0 ? paint_colour(&p, m->th->mark, m->th->basic_mark) : paint_optim(&p, colour);
}

/* fg on the theme's paper. */
static int map_pair(const landview_map_spec *m, int fg)
{
    paint p = map_painter(m);
    return paint_pair(&p, fg, -1);
}

static void world_dot(const landview_map_spec *m, const canvas *c, double a, double b, double *x,
                      double *y)
{
    *x = (a - m->view[0]) / (m->view[1] - m->view[0]) * c->w - 0.5;
    *y = (m->view[3] - b) / (m->view[3] - m->view[2]) * c->h - 0.5;
}

static void draw_paths(const landview_map_spec *m, canvas *c)
{
    for (int k = 0; k < m->npaths; k++) {
        const landview_path *p = &m->paths[k];
        double x0 = 0, y0 = 0;
        for (size_t i = 0; i < p->n; i++) {
            double x, y;
            world_dot(m, c, p->pt[i].a, p->pt[i].b, &x, &y);
            if (i > 0)
                canvas_line(c, x0, y0, x, y, k + 1);
            x0 = x;
            y0 = y;
        }
    }
}

/* A mark at (a, b) when it falls on the map. */
static void map_mark(const landview_map_spec *m, const canvas *c, double a, double b,
                     uint32_t cp, unsigned attr, int pair)
{
    double x, y;
    world_dot(m, c, a, b, &x, &y);
    int col = (int)floor((x + 0.5) / c->cw), row = (int)floor((y + 0.5) / c->ch);
    if (col >= 0 && col < m->w && row >= 0 && row < m->h)
        term_put_cp(m->y + row, m->x + col, cp, attr, pair);
}

int landview_map(const landview_map_spec *m, landsampler *s, double *lo, double *hi)
{
    int cw, ch;
    canvas_cell_dots(m->glyphs, &cw, &ch);
    contour ct = {0};
    canvas lines = {0}, paths = {0};
    pthread_mutex_lock(&s->mu);
    int ok = s->f && contour_build_samples(&ct, s->f, m->view, m->w, m->h, cw, ch,
                                           CONTOUR_BANDS, 1) == 0;
    int rows_done = s->rows_done;
    pthread_mutex_unlock(&s->mu);
    ok = ok && canvas_init(&lines, m->w, m->h, m->glyphs) == 0 &&
         canvas_init(&paths, m->w, m->h, m->glyphs) == 0;
    if (ok) {
        lines.thick = paths.thick = m->th->thick;
        contour_lines(&ct, &lines, 1);
        draw_paths(m, &paths);
        for (int row = 0; row < m->h; row++)
            for (int col = 0; col < m->w; col++) {
                int ink = paths.ink[row * paths.cols + col];
                const canvas *from = ink ? &paths : &lines;
                uint32_t g = canvas_glyph(from, col, row, ink ? '*' : '.');
                int fg = -1;
                if (ink)
                    fg = map_fg(m, m->paths[ink - 1].colour);
                else if (g != ' ') {
                    double t = contour_cell(&ct, col, row);
                    paint p = map_painter(m);
                    fg = t < 0 ? -1
                               : paint_colour(&p, palette_ramp(t),
                                              m->th->basic_ramp[contour_ramp(t, 4)]);
                }
                term_put_cp(m->y + row, m->x + col, g, ink ? A_BOLD : A_NORMAL, map_pair(m, fg));
            }
        /* the heads, W0, the cursor */
        for (int k = 0; k < m->npaths; k++) {
            const landview_path *p = &m->paths[k];
            if (p->n == 0)
                continue;
            const head_mark *hm = theme_head(p->colour < 0 ? 5 : p->colour);
            uint32_t cp = p->colour < 0 ? (m->caps->utf8 ? 0x2605 : '*')
                                        : (m->caps->utf8 ? hm->utf : (uint32_t)hm->ascii);
            map_mark(m, &paths, p->pt[p->n - 1].a, p->pt[p->n - 1].b, cp, A_BOLD,
                     map_pair(m, map_fg(m, p->colour)));
        }
        map_mark(m, &paths, 0, 0, m->caps->utf8 ? 0x25c6 : '+', A_BOLD, 0);
        if (m->cur_col >= 0)
            term_put_cp(m->y + m->cur_row, m->x + m->cur_col, m->caps->utf8 ? 0x253c : '+',
                        A_REVERSE, 0);
        *lo = ct.lo;
        *hi = ct.hi;
    }
    contour_free(&ct);
    canvas_free(&lines);
    canvas_free(&paths);
    return ok ? rows_done : -1;
}

static void put(const view_state *v, int y, int x, const char *s, unsigned attr, int pair)
{
    paint p = painter(v);
    paint_str(&p, y, x, v->cols - x, s, attr, pair);
}

/* The map with the racers, then the axes' ends and the colour scale. */
static int draw_map(view_state *v, int *rows_done)
{
    landview_path paths[LANDVIEW_RACERS];
    for (int k = 0; k < v->c->nracers; k++)
        paths[k] = (landview_path){v->cur.pt[k], v->c->racers[k].n, v->c->racers[k].colour};
    landview_map_spec m = {v->th,  &v->caps, v->glyphs, v->px,       v->py,      v->pw,
                           v->ph,  v->view,  v->c->nracers, paths, v->cur_col, v->cur_row};
    double lo = 0, hi = 0;
    *rows_done = landview_map(&m, &v->s, &lo, &hi);
    if (*rows_done < 0)
        return -1;
    char buf[64];
    snprintf(buf, sizeof buf, "%.3g", v->view[3]);
    put(v, v->py, 0, buf, 0, 0);
    put(v, v->py + v->ph / 2, 0, "b", A_BOLD, 0);
    snprintf(buf, sizeof buf, "%.3g", v->view[2]);
    put(v, v->py + v->ph - 1, 0, buf, 0, 0);
    snprintf(buf, sizeof buf, "%.3g", v->view[0]);
    put(v, v->py + v->ph, v->px, buf, 0, 0);
    snprintf(buf, sizeof buf, "a %.3g", v->view[1]);
    put(v, v->py + v->ph, v->px + v->pw - (int)strlen(buf), buf, 0, 0);
    snprintf(buf, sizeof buf, "loss %.4g .. %.4g (log levels)", lo, hi);
    put(v, v->py + v->ph, v->px + v->pw / 2 - 14, buf, 0, 0);
    return 0;
}

/* The keys, one a row, where the legend goes (? shows them). */
static void draw_keys(const view_state *v)
{
    static const char *const view_keys[] = {
        "arrows  the cursor", "h j k l  pan", "z Z     zoom in, out", "c       view centred on it",
        "0       the plane's home view", "x       Hessian at the cursor", "n       next caption",
        "q       quit"};
    static const char *const plane_keys[] = {
        "Tab     select a racer", "r       random plane (again:", "        the next seed)",
        "p       pca of its path", "b       between its end and", "        the next racer's",
        "C       centre: the cursor", "H       centre: its head", "W       centre: W0"};
    int x = v->cols - LEGEND_W, y = 1;
    put(v, y++, x, "keys", A_BOLD, 0);
    for (size_t k = 0; k < sizeof view_keys / sizeof view_keys[0] && y < v->rows - 3; k++)
        put(v, y++, x, view_keys[k], 0, 0);
    for (size_t k = 0; v->c->planner && k < sizeof plane_keys / sizeof plane_keys[0] &&
                       y < v->rows - 3; k++)
        put(v, y++, x, plane_keys[k], 0, 0);
}

static void draw_legend(view_state *v)
{
    if (v->help) {
        draw_keys(v);
        return;
    }
    int x = v->cols - LEGEND_W, y = 1;
    char buf[96];
    /* the plane's own centre (0, 0): W0, or where C and H put it */
    snprintf(buf, sizeof buf, "racers  centre loss %.6g",
             landscape_eval_point(v->cur.e, 0, 0, v->scratch).loss);
    put(v, y, x, buf, 0, 0);
    put(v, y++, x, "racers", A_BOLD, 0);
    /* three rows a racer down to the map's last; when they do not all fit,
     * the last row says how many are left out */
    int room = v->rows - 3 - v->caption_rows - y, fit = room / 3;
    if (fit < v->c->nracers)
        fit = (room - 1) / 3;
    for (int k = 0; k < v->c->nracers && k < fit; k++) {
        const landview_racer *r = &v->c->racers[k];
        /* the selected one, which p, b and H act on */
        snprintf(buf, sizeof buf, "%s%s", k == v->sel ? "> " : "  ", r->label);
        put(v, y++, x, buf, A_BOLD, pair_of(v, racer_fg(v, k)));
        snprintf(buf, sizeof buf, "  loss %.5g val %.3f", r->loss, r->val_acc);
        put(v, y++, x, buf, 0, 0);
        if (r->n)
            snprintf(buf, sizeof buf, "  off the plane %.3g", v->cur.pt[k][r->n - 1].dist);
        put(v, y++, x, buf, 0, 0);
    }
    if (fit < v->c->nracers) {
        snprintf(buf, sizeof buf, "... %d more (a taller terminal)", v->c->nracers - fit);
        put(v, y, x, buf, A_DIM, 0);
    }
}

/* The caption shown, under the map: broken at spaces into CAPTION_ROWS
 * rows, the last cut with an ellipsis when it still does not fit. */
static void draw_captions(const view_state *v)
{
    if (!v->caption_rows)
        return;
    char text[LANDVIEW_CAPTION_MAX + 16];
    snprintf(text, sizeof text, "(%d/%d) %s", v->caption + 1, v->c->ncaptions,
             v->c->captions[v->caption]);
    const char *t = text;
    int w = v->cols - 2;
    for (int row = 0; row < v->caption_rows && *t; row++) {
        char line[LANDVIEW_CAPTION_MAX + 16];
        int len = (int)strlen(t), cut = len;
        if (len > w) {
            cut = w;
            while (cut > w / 2 && t[cut] != ' ')
                cut--;
            if (t[cut] != ' ')
                cut = w;
        }
        if (row == v->caption_rows - 1 && len > w) /* the last row: an ellipsis */
            snprintf(line, sizeof line, "%.*s...", w - 3, t);
        else
            snprintf(line, sizeof line, "%.*s", cut, t);
        put(v, v->py + v->ph + 1 + row, 1, line, A_BOLD, 0);
        t += cut;
        while (*t == ' ')
            t++;
    }
}

static void draw_status(view_state *v, int rows_done)
{
    char buf[560], state[160];
    int h = v->s.h;
    pthread_mutex_lock(&v->pmu);
    if (v->planning)
        snprintf(state, sizeof state, "  new plane: %s", v->progress);
    else if (rows_done < h)
        snprintf(state, sizeof state, "  computing row %d/%d", rows_done, h);
    else
        snprintf(state, sizeof state, "  %d x %d points", v->s.w, h);
    pthread_mutex_unlock(&v->pmu);
    int room = v->cols - (int)strlen(state) - 1;
    snprintf(buf, sizeof buf, "%s, %s", v->c->title, v->cur.what);
    if ((int)strlen(buf) > room && room > 3) /* the title gives way, with an ellipsis */
        memcpy(buf + room - 3, "...", 4);
    put(v, 0, 0, buf, A_BOLD, 0);
    put(v, 0, room, state, A_BOLD, 0);
    double a, b;
    cell_world(v, v->cur_col, v->cur_row, &a, &b);
    landscape_value x = landscape_eval_point(v->cur.e, a, b, v->scratch);
    snprintf(buf, sizeof buf, "cursor (%.6g, %.6g)  loss %.6g = data %.6g + reg %.6g  acc %.4f", a,
             b, x.loss, x.data_loss, x.reg_loss, x.acc);
    put(v, v->rows - 3, 0, buf, 0, 0);
    if (v->hessian) {
        double h3[3], eig[2], cond;
        double step = (v->view[1] - v->view[0]) / 200;
        landview_hessian(v->cur.e, a, b, step, v->scratch, h3, eig, &cond);
        snprintf(buf, sizeof buf,
                 "Hessian of the slice [%.4g %.4g; %.4g %.4g] (h %.2g)  eigenvalues %.4g, %.4g  "
                 "condition %.4g",
                 h3[0], h3[1], h3[1], h3[2], step, eig[0], eig[1], cond);
        put(v, v->rows - 2, 0, buf, 0, 0);
    }
    if (v->help)
        put(v, v->rows - 1, 0, "? hides the keys", 0, 0);
    else if (v->message[0])
        put(v, v->rows - 1, 0, v->message, 0, 0);
    else
        put(v, v->rows - 1, 0, "? keys", 0, 0);
}

static void frame(view_state *v)
{
    term_set_paper(v->th, v->caps.depth); /* the theme's paper under everything */
    erase();
    if (term_too_small(MIN_COLS, MIN_ROWS)) {
        refresh();
        return;
    }
    int rows_done = 0;
    if (draw_map(v, &rows_done) < 0)
        snprintf(v->message, sizeof v->message, "out of memory drawing the map");
    draw_legend(v);
    draw_captions(v);
    draw_status(v, rows_done);
    v->rows_shown = rows_done;
    v->planning_shown = v->planning;
    refresh();
}

/* ---- keys ---- */

static void set_view(view_state *v, double a0, double a1, double b0, double b1)
{
    v->view[0] = a0;
    v->view[1] = a1;
    v->view[2] = b0;
    v->view[3] = b1;
    layout(v);
}

static void zoom(view_state *v, double k)
{
    double ca = (v->view[0] + v->view[1]) / 2, cb = (v->view[2] + v->view[3]) / 2;
    double ha = (v->view[1] - v->view[0]) / 2 * k, hb = (v->view[3] - v->view[2]) / 2 * k;
    if (!(ha > 1e-12) || !(hb > 1e-12) || !(ha < 1e12)) {
        snprintf(v->message, sizeof v->message, "zoom limit");
        return;
    }
    set_view(v, ca - ha, ca + ha, cb - hb, cb + hb);
}

static void pan(view_state *v, double da, double db)
{
    double wa = v->view[1] - v->view[0], wb = v->view[3] - v->view[2];
    set_view(v, v->view[0] + da * wa, v->view[1] + da * wa, v->view[2] + db * wb,
             v->view[3] + db * wb);
}

/* ---- other planes, made in the background ---- */

static void plan_progress(void *view, const char *what)
{
    view_state *v = view;
    pthread_mutex_lock(&v->pmu);
    snprintf(v->progress, sizeof v->progress, "%s", what);
    pthread_mutex_unlock(&v->pmu);
}

static void *planner_main(void *arg)
{
    view_state *v = arg;
    const landview_planner *p = v->c->planner;
    landview_surface out = {0};
    char err[sizeof v->plan_err];
    err[0] = 0;
    int rc = p->make(p->ctx, &v->want, &v->cur, plan_progress, v, &out, err, sizeof err);
    pthread_mutex_lock(&v->pmu);
    v->plan_rc = rc;
    v->next = out;
    snprintf(v->plan_err, sizeof v->plan_err, "%s", err);
    v->planned = 1;
    pthread_mutex_unlock(&v->pmu);
    return NULL;
}

/* Asks the planner for want; the view goes on meanwhile. */
static void plan_start(view_state *v, const landview_plan *want)
{
    if (!v->c->planner) {
        snprintf(v->message, sizeof v->message, "this view's plane is fixed");
        return;
    }
    if (v->planning) {
        snprintf(v->message, sizeof v->message, "still making the last plane asked for");
        return;
    }
    v->want = *want;
    snprintf(v->progress, sizeof v->progress, "starting");
    v->planned = 0;
    v->planning = pthread_create(&v->pthread, NULL, planner_main, v) == 0;
    if (!v->planning)
        snprintf(v->message, sizeof v->message, "cannot start the planner's thread");
}

/* Drops a surface the planner made (not the one the view opened on). */
static void surface_drop(view_state *v, landview_surface *s)
{
    if (s->owner && v->c->planner)
        v->c->planner->drop(v->c->planner->ctx, s);
    memset(s, 0, sizeof *s);
}

/* When the planner is done: its plane replaces the one shown, or its
 * message says why not and the old one stays. */
static void plan_finish(view_state *v)
{
    pthread_mutex_lock(&v->pmu);
    int done = v->planning && v->planned;
    pthread_mutex_unlock(&v->pmu);
    if (!done)
        return;
    pthread_join(v->pthread, NULL);
    v->planning = 0;
    if (v->plan_rc < 0) {
        snprintf(v->message, sizeof v->message, "plane refused: %s (the last one stays)",
                 v->plan_err);
        return;
    }
    landscape_work *scratch = landscape_work_new(v->next.e);
    if (!scratch) {
        surface_drop(v, &v->next);
        snprintf(v->message, sizeof v->message, "out of memory for the new plane");
        return;
    }
    landsampler_stop(&v->s);
    landscape_work_free(v->scratch);
    surface_drop(v, &v->cur);
    v->cur = v->next;
    memset(&v->next, 0, sizeof v->next);
    v->plan = v->want;
    v->scratch = scratch;
    if (landsampler_start(&v->s, v->cur.e) < 0)
        snprintf(v->message, sizeof v->message, "cannot restart the worker thread");
    else
        snprintf(v->message, sizeof v->message, "now: %s", v->cur.what);
    memcpy(v->view, v->cur.view, sizeof v->view);
    layout(v);
    v->cur_col = v->pw / 2;
    v->cur_row = v->ph / 2;
}

/* The plane keys: a kind through the centre shown now, or a new centre
 * for the kind shown now. Returns 1 when ch was one. */
static int plane_key(view_state *v, int ch)
{
    landview_plan w = v->plan;
    int n = v->c->nracers;
    /* a new kind keeps the centre: the point (0, 0) of the plane shown */
    if (ch == 'r' || ch == 'p' || ch == 'b') {
        w.at = LANDVIEW_AT_POINT;
        w.a = w.b = 0;
    }
    switch (ch) {
    case 'r':
        w.seed += w.kind == LANDVIEW_RANDOM; /* again: another random plane */
        w.kind = LANDVIEW_RANDOM;
        break;
    case 'p':
        w.kind = LANDVIEW_PCA;
        w.racer = v->sel;
        break;
    case 'b':
        if (n < 2) {
            snprintf(v->message, sizeof v->message, "between needs two racers");
            return 1;
        }
        w.kind = LANDVIEW_BETWEEN;
        w.racer = v->sel;
        w.other = (v->sel + 1) % n;
        break;
    case 'C':
        w.at = LANDVIEW_AT_POINT;
        cell_world(v, v->cur_col, v->cur_row, &w.a, &w.b);
        break;
    case 'H':
        w.at = LANDVIEW_AT_HEAD;
        w.racer = v->sel;
        break;
    case 'W': w.at = LANDVIEW_AT_W0; break;
    default: return 0;
    }
    if (n == 0 && (ch == 'p' || ch == 'H')) {
        snprintf(v->message, sizeof v->message, "no racers");
        return 1;
    }
    plan_start(v, &w);
    return 1;
}

/* Returns 1 to quit. */
static int on_key(view_state *v, int ch)
{
    v->message[0] = 0;
    if (plane_key(v, ch))
        return 0;
    switch (ch) {
    case 'q': case 'Q': return 1;
    case KEY_RESIZE: layout(v); break;
    case KEY_LEFT: v->cur_col -= v->cur_col > 0; break;
    case KEY_RIGHT: v->cur_col += v->cur_col < v->pw - 1; break;
    case KEY_UP: v->cur_row -= v->cur_row > 0; break;
    case KEY_DOWN: v->cur_row += v->cur_row < v->ph - 1; break;
    case 'h': pan(v, -0.25, 0); break;
    case 'l': pan(v, 0.25, 0); break;
    case 'k': pan(v, 0, 0.25); break;
    case 'j': pan(v, 0, -0.25); break;
    case 'z': zoom(v, 0.5); break;
    case 'Z': zoom(v, 2.0); break;
    case '0':
        set_view(v, v->cur.view[0], v->cur.view[1], v->cur.view[2], v->cur.view[3]);
        break;
    case '\t':
        if (v->c->nracers > 0)
            v->sel = (v->sel + 1) % v->c->nracers;
        break;
    case 'c': { /* re-centre the view on the cursor */
        double a, b, ha = (v->view[1] - v->view[0]) / 2, hb = (v->view[3] - v->view[2]) / 2;
        cell_world(v, v->cur_col, v->cur_row, &a, &b);
        set_view(v, a - ha, a + ha, b - hb, b + hb);
        v->cur_col = v->pw / 2;
        v->cur_row = v->ph / 2;
        break;
    }
    case 'x': v->hessian = !v->hessian; break;
    case 'n':
        if (v->c->ncaptions > 0)
            v->caption = (v->caption + 1) % v->c->ncaptions;
        break;
    case '?': v->help = !v->help; break;
    default: break;
    }
    return 0;
}

int landview_run(const landview_config *c, char *err, size_t errlen)
{
    view_state *v = calloc(1, sizeof *v);
    if (!v || !(v->scratch = landscape_work_new(c->first.e))) {
        free(v);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    v->c = c;
    v->th = theme_get(c->theme);
    v->cur = c->first;
    v->cur.owner = NULL; /* the caller's: never dropped here */
    v->plan = c->first_plan;
    memcpy(v->view, v->cur.view, sizeof v->view);
    landsampler_init(&v->s);
    pthread_mutex_init(&v->pmu, NULL);
    int rc = -1;
    if (landsampler_start(&v->s, v->cur.e) < 0)
        snprintf(err, errlen, "cannot start the worker thread");
    else if (term_open(&v->caps, err, errlen) == 0) {
        v->glyphs = v->caps.utf8 ? CANVAS_BRAILLE : CANVAS_ASCII;
        v->cur_col = 1 << 20;
        v->cur_row = 1 << 20;
        layout(v);
        v->cur_col = v->pw / 2;
        v->cur_row = v->ph / 2;
        for (;;) {
            plan_finish(v);
            frame(v);
            /* only what the frame showed counts: a row done since it was
             * drawn must still be drawn before waiting for a key */
            pthread_mutex_lock(&v->s.mu);
            int done = v->rows_shown == v->s.h && !v->planning_shown && !v->planning;
            pthread_mutex_unlock(&v->s.mu);
            /* rows (or a plane) arrive in the background: look again soon while they do */
            timeout(done ? -1 : 100);
            int ch = getch();
            if (ch != ERR && on_key(v, ch))
                break;
        }
        term_close();
        rc = 0;
    }
    landsampler_stop(&v->s);
    if (v->planning) /* a plane still being made: wait for it, then drop it */
        pthread_join(v->pthread, NULL);
    if (v->planning && v->plan_rc == 0)
        surface_drop(v, &v->next);
    surface_drop(v, &v->cur);
    landsampler_free(&v->s);
    landscape_work_free(v->scratch);
    pthread_mutex_destroy(&v->pmu);
    free(v);
    return rc;
}
