#include "landview.h"

#include <curses.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canvas.h"
#include "contour.h"
#include "paint.h"
#include "palette.h"
#include "term.h"

#define LEGEND_W 30
#define MIN_COLS 80
#define MIN_ROWS 24

/* The worker: computes the samples of one view, a row at a time; a new
 * request (a new generation) makes it drop the old one between rows. */
typedef struct {
    const landscape_eval *e;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int quit;
    unsigned long gen;  /* of the request below */
    double view[4];
    int w, h;
    double *f;          /* w x h samples, NaN until computed */
    int rows_done;
} sampler;

typedef struct {
    const landview_config *c;
    const theme *th;
    term_caps caps;
    canvas_mode glyphs;
    sampler s;
    double view[4];
    int cols, rows, too_small;
    int px, py, pw, ph;   /* the plot, in cells */
    int cur_col, cur_row;
    int hessian, help;
    landscape_work *scratch; /* the cursor's evaluations */
    char message[160];
} view_state;

/* ---- the worker ---- */

static void *sampler_main(void *arg)
{
    sampler *s = arg;
    landscape_work *scratch = landscape_work_new(s->e);
    landscape_value *row = NULL;
    int row_cap = 0;
    pthread_mutex_lock(&s->mu);
    while (!s->quit) {
        if (s->h == 0 || s->rows_done == s->h) {
            pthread_cond_wait(&s->cv, &s->mu);
            continue;
        }
        unsigned long gen = s->gen;
        double v[4];
        memcpy(v, s->view, sizeof v);
        int w = s->w, h = s->h, r = s->rows_done;
        if (w > row_cap) {
            landscape_value *nr = realloc(row, (size_t)w * sizeof *nr);
            if (!nr || !scratch)
                break;
            row = nr;
            row_cap = w;
        }
        pthread_mutex_unlock(&s->mu);
        /* the positions contour_build samples at */
        double b = v[3] - (v[3] - v[2]) * r / (h - 1 > 0 ? h - 1 : 1);
        double da = (v[1] - v[0]) / (w - 1 > 0 ? w - 1 : 1);
        landscape_eval_row(s->e, b, v[0], da, w, row, scratch);
        pthread_mutex_lock(&s->mu);
        if (s->gen == gen) { /* else the view changed meanwhile: dropped */
            for (int i = 0; i < w; i++)
                s->f[(size_t)r * (size_t)w + (size_t)i] = row[i].loss;
            s->rows_done = r + 1;
        }
    }
    pthread_mutex_unlock(&s->mu);
    free(row);
    landscape_work_free(scratch);
    return NULL;
}

/* Asks for the samples of view at w x h. Returns 0 or -1 (memory). */
static int sampler_request(sampler *s, const double view[4], int w, int h)
{
    double *f = malloc((size_t)w * (size_t)h * sizeof *f);
    if (!f)
        return -1;
    for (size_t k = 0; k < (size_t)w * (size_t)h; k++)
        f[k] = NAN;
    pthread_mutex_lock(&s->mu);
    free(s->f);
    s->f = f;
    memcpy(s->view, view, sizeof s->view);
    s->w = w;
    s->h = h;
    s->rows_done = 0;
    s->gen++;
    pthread_cond_signal(&s->cv);
    pthread_mutex_unlock(&s->mu);
    return 0;
}

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
    v->ph = v->rows - 5;
    if (v->cur_col >= v->pw)
        v->cur_col = v->pw - 1;
    if (v->cur_row >= v->ph)
        v->cur_row = v->ph - 1;
    int cw, ch;
    canvas_cell_dots(v->glyphs, &cw, &ch);
    if (!v->too_small && sampler_request(&v->s, v->view, v->pw * cw + 1, v->ph * ch + 1) < 0)
        snprintf(v->message, sizeof v->message, "out of memory for the view");
}

static void world_dot(const view_state *v, const canvas *c, double a, double b, double *x,
                      double *y)
{
    *x = (a - v->view[0]) / (v->view[1] - v->view[0]) * c->w - 0.5;
    *y = (v->view[3] - b) / (v->view[3] - v->view[2]) * c->h - 0.5;
}

static void draw_paths(const view_state *v, canvas *c)
{
    for (int k = 0; k < v->c->nracers; k++) {
        const landview_racer *r = &v->c->racers[k];
        double x0 = 0, y0 = 0;
        for (size_t i = 0; i < r->n; i++) {
            double x, y;
            world_dot(v, c, r->pt[i].a, r->pt[i].b, &x, &y);
            if (i > 0)
                canvas_line(c, x0, y0, x, y, k + 1);
            x0 = x;
            y0 = y;
        }
    }
}

static void put(const view_state *v, int y, int x, const char *s, unsigned attr, int pair)
{
    paint p = painter(v);
    paint_str(&p, y, x, v->cols - x, s, attr, pair);
}

/* The contour lines coloured by level, the paths over them. */
static int draw_map(view_state *v, int *rows_done)
{
    int cw, ch;
    canvas_cell_dots(v->glyphs, &cw, &ch);
    contour ct = {0};
    canvas lines = {0}, paths = {0};
    pthread_mutex_lock(&v->s.mu);
    int ok = v->s.f && contour_build_samples(&ct, v->s.f, v->view, v->pw, v->ph, cw, ch,
                                             CONTOUR_BANDS, 1) == 0;
    *rows_done = v->s.rows_done;
    pthread_mutex_unlock(&v->s.mu);
    ok = ok && canvas_init(&lines, v->pw, v->ph, v->glyphs) == 0 &&
         canvas_init(&paths, v->pw, v->ph, v->glyphs) == 0;
    if (ok) {
        lines.thick = paths.thick = v->th->thick;
        contour_lines(&ct, &lines, 1);
        draw_paths(v, &paths);
        for (int row = 0; row < v->ph; row++)
            for (int col = 0; col < v->pw; col++) {
                int ink = paths.ink[row * paths.cols + col];
                const canvas *from = ink ? &paths : &lines;
                uint32_t g = canvas_glyph(from, col, row, ink ? '*' : '.');
                int fg = -1;
                if (ink)
                    fg = racer_fg(v, ink - 1);
                else if (g != ' ') {
                    double t = contour_cell(&ct, col, row);
                    fg = t < 0 ? -1 : colour(v, palette_ramp(t), v->th->basic_ramp[contour_ramp(t, 4)]);
                }
                term_put_cp(v->py + row, v->px + col, g, ink ? A_BOLD : A_NORMAL, pair_of(v, fg));
            }
        /* W0, the heads, the cursor */
        int col, row;
        double a, b;
        for (int k = 0; k < v->c->nracers; k++) {
            const landview_racer *r = &v->c->racers[k];
            if (r->n == 0)
                continue;
            world_dot(v, &paths, r->pt[r->n - 1].a, r->pt[r->n - 1].b, &a, &b);
            col = (int)floor((a + 0.5) / paths.cw);
            row = (int)floor((b + 0.5) / paths.ch);
            if (col >= 0 && col < v->pw && row >= 0 && row < v->ph) {
                const head_mark *m = theme_head(r->colour < 0 ? 5 : r->colour);
                uint32_t cp = r->colour < 0 ? (v->caps.utf8 ? 0x2605 : '*')
                                            : (v->caps.utf8 ? m->utf : (uint32_t)m->ascii);
                term_put_cp(v->py + row, v->px + col, cp, A_BOLD, pair_of(v, racer_fg(v, k)));
            }
        }
        world_dot(v, &paths, 0, 0, &a, &b);
        col = (int)floor((a + 0.5) / paths.cw);
        row = (int)floor((b + 0.5) / paths.ch);
        if (col >= 0 && col < v->pw && row >= 0 && row < v->ph)
            term_put_cp(v->py + row, v->px + col, v->caps.utf8 ? 0x25c6 : '+', A_BOLD, 0);
        term_put_cp(v->py + v->cur_row, v->px + v->cur_col, v->caps.utf8 ? 0x253c : '+',
                    A_REVERSE, 0);
        /* the axes' ends and the colour scale */
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
        snprintf(buf, sizeof buf, "loss %.4g .. %.4g (log levels)", ct.lo, ct.hi);
        put(v, v->py + v->ph, v->px + v->pw / 2 - 14, buf, 0, 0);
    }
    contour_free(&ct);
    canvas_free(&lines);
    canvas_free(&paths);
    return ok ? 0 : -1;
}

static void draw_legend(const view_state *v)
{
    int x = v->cols - LEGEND_W, y = 1;
    put(v, y++, x, "racers from W0 (0, 0)", A_BOLD, 0);
    char buf[96];
    for (int k = 0; k < v->c->nracers && y + 2 < v->rows - 3; k++) {
        const landview_racer *r = &v->c->racers[k];
        put(v, y++, x, r->label, A_BOLD, pair_of(v, racer_fg(v, k)));
        snprintf(buf, sizeof buf, " loss %.5g val %.3f", r->loss, r->val_acc);
        put(v, y++, x, buf, 0, 0);
        if (r->n)
            snprintf(buf, sizeof buf, " off the plane %.3g", r->pt[r->n - 1].dist);
        put(v, y++, x, buf, 0, 0);
    }
}

static void draw_status(view_state *v, int rows_done)
{
    char buf[320];
    int h = v->s.h;
    put(v, 0, 0, v->c->title, A_BOLD, 0);
    if (rows_done < h)
        snprintf(buf, sizeof buf, "computing row %d/%d", rows_done, h);
    else
        snprintf(buf, sizeof buf, "%d x %d points", v->s.w, h);
    put(v, 0, v->cols - (int)strlen(buf) - 1, buf, 0, 0);
    double a, b;
    cell_world(v, v->cur_col, v->cur_row, &a, &b);
    landscape_value x = landscape_eval_point(v->c->e, a, b, v->scratch);
    snprintf(buf, sizeof buf, "cursor (%.6g, %.6g)  loss %.6g = data %.6g + reg %.6g  acc %.4f", a,
             b, x.loss, x.data_loss, x.reg_loss, x.acc);
    put(v, v->rows - 3, 0, buf, 0, 0);
    if (v->hessian) {
        double h3[3], eig[2], cond;
        double step = (v->view[1] - v->view[0]) / 200;
        landview_hessian(v->c->e, a, b, step, v->scratch, h3, eig, &cond);
        snprintf(buf, sizeof buf,
                 "Hessian of the slice [%.4g %.4g; %.4g %.4g] (h %.2g)  eigenvalues %.4g, %.4g  "
                 "condition %.4g",
                 h3[0], h3[1], h3[1], h3[2], step, eig[0], eig[1], cond);
        put(v, v->rows - 2, 0, buf, 0, 0);
    }
    if (v->help)
        put(v, v->rows - 1, 0,
            "arrows cursor  h j k l pan  z/Z zoom in/out  c centre on the cursor  0 home  x Hessian  q quit", 0, 0);
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
    draw_status(v, rows_done);
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

/* Returns 1 to quit. */
static int on_key(view_state *v, int ch)
{
    v->message[0] = 0;
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
        set_view(v, v->c->view[0], v->c->view[1], v->c->view[2], v->c->view[3]);
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
    case '?': v->help = !v->help; break;
    default: break;
    }
    return 0;
}

int landview_run(const landview_config *c, char *err, size_t errlen)
{
    view_state *v = calloc(1, sizeof *v);
    if (!v || !(v->scratch = landscape_work_new(c->e))) {
        free(v);
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    v->c = c;
    v->th = theme_get(c->theme);
    memcpy(v->view, c->view, sizeof v->view);
    v->s.e = c->e;
    pthread_mutex_init(&v->s.mu, NULL);
    pthread_cond_init(&v->s.cv, NULL);
    int rc = -1, started = pthread_create(&v->s.thread, NULL, sampler_main, &v->s) == 0;
    if (!started)
        snprintf(err, errlen, "cannot start the worker thread");
    else if (term_open(&v->caps, err, errlen) == 0) {
        v->glyphs = v->caps.utf8 ? CANVAS_BRAILLE : CANVAS_ASCII;
        v->cur_col = 1 << 20;
        v->cur_row = 1 << 20;
        layout(v);
        v->cur_col = v->pw / 2;
        v->cur_row = v->ph / 2;
        for (;;) {
            frame(v);
            pthread_mutex_lock(&v->s.mu);
            int done = v->s.rows_done == v->s.h;
            pthread_mutex_unlock(&v->s.mu);
            /* rows arrive in the background: look again soon while they do */
            timeout(done ? -1 : 100);
            int ch = getch();
            if (ch != ERR && on_key(v, ch))
                break;
        }
        term_close();
        rc = 0;
    }
    pthread_mutex_lock(&v->s.mu);
    v->s.quit = 1;
    v->s.gen++;
    pthread_cond_signal(&v->s.cv);
    pthread_mutex_unlock(&v->s.mu);
    if (started)
        pthread_join(v->s.thread, NULL);
    free(v->s.f);
    landscape_work_free(v->scratch);
    free(v);
    return rc;
}
