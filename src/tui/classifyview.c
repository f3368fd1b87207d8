#include "classifyview.h"

#include <curses.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/analysis.h"
#include "../core/hparams.h"
#include "canvas.h"
#include "chart.h"
#include "classifysvg.h"
#include "explorer.h"
#include "paint.h"
#include "term.h"

#define PANEL_W 44    /* the table's columns at the least */
#define CHART_ROWS 8 /* title, key, five rows, steps */
#define HISTORY_MAX 4096
#define CAPTION_LINES 3
#define ROTATE_DEG 5.0
#define SHIFT_B 0.1

static const int speeds[] = {1, 2, 5, 10, 20, 50, 100, 200, 500};
#define SPEED_COUNT ((int)(sizeof speeds / sizeof speeds[0]))

typedef enum {
    K_NONE, K_PLAY, K_STEP, K_FASTER, K_SLOWER, K_RESET, K_NEXT_CLASS, K_PREV_CLASS,
    K_ROT_LEFT, K_ROT_RIGHT, K_B_UP, K_B_DOWN, K_OPTIM, K_LOSS, K_EXPLORE, K_CUR_LEFT, K_CUR_RIGHT, K_PICK_1, K_PICK_2,
    K_RACE, K_HELP, K_QUIT
} view_action;

typedef struct {
    int keys[3];
    const char *label, *help;
    view_action act;
} view_key;

/* The explorer's keys where they mean the same (space, n, +, -, r, o, ?, q). */
static const view_key key_table[] = {
    {{' '}, "space", "play / pause training", K_PLAY},
    {{'n', '.'}, "n", "one training step", K_STEP},
    {{'+', '='}, "+", "faster (steps/second)", K_FASTER},
    {{'-', '_'}, "-", "slower", K_SLOWER},
    {{'r'}, "r", "back to the start: W, b and step 0", K_RESET},
    {{'\t', 'c'}, "Tab c", "select the next class", K_NEXT_CLASS},
    {{KEY_BTAB}, "S-Tab", "select the previous class", K_PREV_CLASS},
    {{KEY_LEFT, 'h'}, "Left h", "rotate its W row 5 degrees anticlockwise", K_ROT_LEFT},
    {{KEY_RIGHT, 'l'}, "Right l", "rotate its W row 5 degrees clockwise", K_ROT_RIGHT},
    {{KEY_UP, 'k'}, "Up k", "shift its b up by 0.1", K_B_UP},
    {{KEY_DOWN, 'j'}, "Down j", "shift its b down by 0.1", K_B_DOWN},
    {{'o'}, "o", "next optimizer (from the current W and b); in a race, the next racer", K_OPTIM},
    {{'R'}, "R", "race: the six optimizers from the current W and b, on the same points", K_RACE},
    {{'m'}, "m", "next loss: svm, ova, structured, softmax (same W and b)", K_LOSS},
    {{'x'}, "x", "the explorer on the two picked weights' loss, from here", K_EXPLORE},
    {{'['}, "[", "the weight cursor left along the class's row (W, b)", K_CUR_LEFT},
    {{']'}, "]", "the weight cursor right", K_CUR_RIGHT},
    {{'1'}, "1", "the entry under the cursor: the explorer's first weight", K_PICK_1},
    {{'2'}, "2", "the entry under the cursor: its second weight", K_PICK_2},
    {{'?', KEY_F(1)}, "?", "this help", K_HELP},
    {{'q', 27}, "q", "quit", K_QUIT},
    {{0}, NULL, NULL, K_NONE},
};

/* A loss history: every step and nudge, thinned to every other entry when full. */
typedef struct {
    double loss[HISTORY_MAX];
    int n;
} track;

typedef struct {
    const classifyview_config *cfg;
    classify_trainer *t;
    term_caps caps;
    colour_depth depth;
    canvas_mode glyphs;
    int selected, playing, speed, help;
    int col;          /* the weight cursor: entry col of the selected row, its bias last */
    long pick[2];     /* the explorer's two parameters; -1: the selected class's first two */
    int broken; /* the terminal could not be opened again after the explorer */
    char broken_why[256];
    double last_time, owed; /* steps owed to the speed since the last frame */
    track base;                       /* the loss of cfg->t */
    int racing, n_racers, sel_racer;  /* race mode: every optimizer from the same start */
    classify_trainer racers[OPTIM_COUNT];
    track race_tracks[OPTIM_COUNT];
    track *cur;                       /* the track of v->t */
    canvas plane, chart;
    char message[160];
} view;

/* ---- numbers ---- */

void classifyview_nudge(classify_trainer *t, int j, double degrees, double db)
{
    size_t row, bias;
    int len;
    classify_row(&t->m, j, &row, &len, &bias);
    double *w = t->params + row, a = degrees * 3.14159265358979323846 / 180.0;
    double x = w[0], y = len > 1 ? w[1] : 0;
    w[0] = cos(a) * x - sin(a) * y;
    if (len > 1)
        w[1] = sin(a) * x + cos(a) * y;
    t->params[bias] += db;
    classify_trainer_refresh(t);
}

/* The parameter under the cursor: entry col of the selected class's row,
 * the row's length meaning its bias. */
static size_t cursor_param(const view *v)
{
    size_t row, bias;
    int len;
    classify_row(&v->t->m, v->selected, &row, &len, &bias);
    int col = v->col < len ? v->col : len;
    return col == len ? bias : row + (size_t)col;
}

/* The explorer's two parameters: the picked ones, or the selected class's
 * first two (its first weight and its bias when the row has one weight). */
static void explore_pair(const view *v, size_t *i, size_t *j)
{
    size_t row, bias;
    int len;
    classify_row(&v->t->m, v->selected, &row, &len, &bias);
    if (v->pick[0] >= 0 && v->pick[1] >= 0) {
        *i = (size_t)v->pick[0];
        *j = (size_t)v->pick[1];
        return;
    }
    *i = row;
    *j = len > 1 ? row + 1 : bias;
}

static void track_add(track *k, double loss)
{
    if (k->n == HISTORY_MAX) {
        for (int i = 0; i < HISTORY_MAX / 2; i++)
            k->loss[i] = k->loss[2 * i];
        k->n = HISTORY_MAX / 2;
    }
    k->loss[k->n++] = loss;
}

static void remember(view *v)
{
    track_add(v->cur, v->t->now.loss);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void say(view *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(view *v, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->message, sizeof v->message, fmt, ap);
    va_end(ap);
}

static int step_one(classify_trainer *t, track *k)
{
    int rc = classify_trainer_step(t);
    track_add(k, t->now.loss);
    return rc;
}

/* One step of the trainer shown, or in a race of every racer. */
static void step(view *v)
{
    int bad = 0;
    if (v->racing)
        for (int r = 0; r < v->n_racers; r++)
            bad |= step_one(&v->racers[r], &v->race_tracks[r]) < 0 && r == v->sel_racer;
    else
        bad = step_one(v->t, v->cur) < 0;
    if (bad) {
        v->playing = 0;
        say(v, "the loss is no longer finite at step %ld: r goes back, o tries another optimizer",
            v->t->iter);
    }
}

/* ---- curses helpers ---- */

static void putf(int y, int x, int n, attr_t at, int pr, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void putf(int y, int x, int n, attr_t at, int pr, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    paint p = {.right = COLS}; /* nothing cut without an ellipsis */
    paint_str(&p, y, x, n, buf, at, pr);
}

/* The playground's paint: the theme at its depth. */
static paint painter(const view *v)
{
    return (paint){.th = v->cfg->th, .depth = v->depth, .utf8 = v->caps.utf8, .right = COLS};
}

/* On the theme's paper: -1 is its ink or paper. */
static int pair(const view *v, int fg, int bg)
{
    paint p = painter(v);
    return paint_pair(&p, fg, bg);
}

static int class_fg(const view *v, int j)
{
    paint p = painter(v);
    return paint_colour(&p, theme_class(v->cfg->th, j), theme_class_basic(v->cfg->th, j));
}

/* The theme's mark colour: the single run's line. */
static int mark_fg(const view *v)
{
    paint p = painter(v);
    return paint_colour(&p, v->cfg->th->mark, v->cfg->th->basic_mark);
}

static int optim_fg(const view *v, int k)
{
    paint p = painter(v);
    return paint_optim(&p, k);
}

static uint32_t class_glyph(const view *v, int j)
{
    const head_mark *m = theme_class_mark(j);
    return v->caps.utf8 ? m->utf : (uint32_t)(unsigned char)m->ascii;
}

/* ---- the plane ---- */

typedef struct {
    int x, y, w, h;
} area;

static void cell_world(const double *vw, const canvas *c, double u, double w, double *x,
                       double *y)
{
    *x = vw[0] + u / c->w * (vw[1] - vw[0]);
    *y = vw[3] - w / c->h * (vw[3] - vw[2]);
}

/* Each class's zero-score set, at dot resolution: a dot where s_j changes
 * sign towards its right or lower neighbour. A line for raw inputs. */
static void zero_dots(view *v, const double *vw)
{
    const classify_trainer *t = v->t;
    canvas *c = &v->plane;
    int C = t->m.classes;
    size_t wide = (size_t)c->w + 1;
    double *row = malloc(wide * (size_t)C * sizeof *row);
    double *next = malloc(wide * (size_t)C * sizeof *next);
    double *xs = malloc(wide * sizeof *xs), *ys = malloc(wide * sizeof *ys);
    for (int w = 0; row && next && xs && ys && w <= c->h; w++) {
        for (int u = 0; u <= c->w; u++)
            cell_world(vw, c, u + 0.5, w + 0.5, &xs[u], &ys[u]);
        /* a line of dots in one call: the net scores them as one batch */
        if (classify_scores_many(&t->m, t->params, xs, ys, wide, next) < 0)
            break;
        for (int u = 0; w > 0 && u < c->w; u++)
            for (int j = 0; j < C; j++) {
                double s = row[u * C + j];
                double right = row[(u + 1) * C + j];
                double below = next[u * C + j];
                if ((s > 0) != (right > 0) || (s > 0) != (below > 0))
                    canvas_dot(c, u, w - 1, j + 1);
            }
        double *tmp = row;
        row = next;
        next = tmp;
    }
    free(row);
    free(next);
    free(xs);
    free(ys);
}

static const char textures[CLASSIFY_CLASSES_MAX] = {'.', ':', '-', '~', '\''};

static void draw_plane(view *v, area b)
{
    const classify_trainer *t = v->t;
    if (v->plane.cols != b.w || v->plane.rows != b.h) {
        canvas_free(&v->plane);
        if (canvas_init(&v->plane, b.w, b.h, v->glyphs) < 0)
            return;
    }
    canvas_clear(&v->plane);
    double vw[4];
    classify_bounds(&t->pts, vw);
    zero_dots(v, vw);
    int C = t->m.classes;
    double *xs = malloc((size_t)b.w * sizeof *xs), *ys = malloc((size_t)b.w * sizeof *ys);
    double *ss = malloc((size_t)b.w * (size_t)C * sizeof *ss);
    for (int r = 0; xs && ys && ss && r < b.h; r++) {
        for (int q = 0; q < b.w; q++)
            cell_world(vw, &v->plane, (q + 0.5) * v->plane.cw, (r + 0.5) * v->plane.ch, &xs[q],
                       &ys[q]);
        if (classify_scores_many(&t->m, t->params, xs, ys, (size_t)b.w, ss) < 0)
            break;
        for (int q = 0; q < b.w; q++) {
            const double *s = ss + (size_t)q * (size_t)C;
            int j = classify_predict(s, C);
            double conf = classify_confidence(&t->m, s);
            int k = r * b.w + q, bg = -1, fg = -1;
            uint32_t cp = ' ';
            if (v->depth >= DEPTH_256)
                bg = palette_colour(classify_region_colour(v->cfg->th, j, conf), v->depth);
            else if (conf > 0.3) /* few colours: a texture per class, blank at the margin */
                cp = (uint32_t)(unsigned char)textures[j], fg = class_fg(v, j);
            if (v->plane.bits[k]) {
                int ink = v->plane.ink[k];
                cp = canvas_glyph(&v->plane, q, r, '*');
                fg = class_fg(v, ink - 1);
            }
            term_put_cp(b.y + r, b.x + q, cp, A_NORMAL, pair(v, fg, bg));
        }
    }
    free(xs);
    free(ys);
    free(ss);
    /* The points over everything, bold in their class's colour and mark, each
     * on the paper: a point sits on its own class's region, tinted up to 70%
     * with that very colour (contrast under 2 on every theme), and the paper
     * is what the theme's class colours are chosen to stand out on. The SVG
     * outlines its points in ink for the same reason. */
    for (size_t i = 0; i < t->pts.n; i++) {
        double u = (t->pts.x[i] - vw[0]) / (vw[1] - vw[0]) * b.w;
        double w = (vw[3] - t->pts.y[i]) / (vw[3] - vw[2]) * b.h;
        if (!(u >= 0 && u < b.w && w >= 0 && w < b.h))
            continue;
        int j = t->pts.label[i];
        term_put_cp(b.y + (int)w, b.x + (int)u, class_glyph(v, j), A_BOLD, pair(v, class_fg(v, j), -1));
    }
}

/* ---- the panel ---- */

static int draw_table(view *v, area b)
{
    const classify_trainer *t = v->t;
    int C = t->m.classes, F = classify_feature_count(t->m.features), y = b.y;
    char note[160], head[160];
    classify_model_note(&t->m, note, sizeof note);
    putf(y++, b.x, b.w, A_BOLD, 0, "%s", note);
    int n = t->m.hidden ? snprintf(head, sizeof head, "W2 and b2 (over the %d units; %s inputs:",
                                   t->m.hidden, classify_features_name(t->m.features))
                        : snprintf(head, sizeof head, "W and b (%s inputs:",
                                   classify_features_name(t->m.features));
    for (int k = 0; k < F && n < (int)sizeof head; k++)
        n += snprintf(head + n, sizeof head - (size_t)n, " %s", classify_feature_label(t->m.features, k));
    putf(y++, b.x, b.w, A_BOLD, 0, "%s)", head);
    for (int j = 0; j < C; j++, y++) {
        size_t at, bias;
        int len;
        classify_row(&t->m, j, &at, &len, &bias);
        /* the net's bias first, so that its long row of W2 loses its tail, not b */
        char row[256];
        int cur = -1; /* where the weight cursor's entry starts in row */
        int col = v->col < len ? v->col : len;
        int m = t->m.hidden ? snprintf(row, sizeof row, " class %d  b ", j) : 0;
        if (t->m.hidden) {
            cur = col == len ? m : cur;
            m += snprintf(row + m, sizeof row - (size_t)m, "%7.3f  w", t->params[bias]);
        } else {
            m = snprintf(row, sizeof row, " class %d  w", j);
        }
        for (int k = 0; k < len && m < (int)sizeof row - 20; k++) {
            cur = k == col ? m + 1 : cur;
            m += snprintf(row + m, sizeof row - (size_t)m, " %7.3f", t->params[at + k]);
        }
        if (!t->m.hidden) {
            cur = col == len ? m + 4 : cur;
            snprintf(row + m, sizeof row - (size_t)m, "  b %7.3f", t->params[bias]);
        }
        term_put_cp(y, b.x, class_glyph(v, j), A_BOLD, pair(v, class_fg(v, j), -1));
        putf(y, b.x + 1, b.w - 1, j == v->selected ? A_REVERSE : A_NORMAL, 0, "%s", row);
        /* the cursor's entry underlined, where the row is not cut */
        int shown = (int)strlen(row) > b.w - 1 ? b.w - 4 : b.w - 1;
        if (j == v->selected && cur >= 0 && cur + 7 <= shown)
            putf(y, b.x + 1 + cur, 7, A_REVERSE | A_UNDERLINE, 0, "%.7s", row + cur);
    }
    char pa[24], pb[24], pc[24];
    size_t ei, ej;
    explore_pair(v, &ei, &ej);
    classify_param_name(&t->m, ei, pa, sizeof pa);
    classify_param_name(&t->m, ej, pb, sizeof pb);
    classify_param_name(&t->m, cursor_param(v), pc, sizeof pc);
    putf(y++, b.x, b.w, A_NORMAL, 0, "x: %s, %s  cursor %s", pa, pb, pc);
    y++;
    putf(y++, b.x, b.w, A_BOLD, 0, "loss %.4f = data %.4f + reg %.4f", t->now.loss,
         t->now.data_loss, t->now.reg_loss);
    long right = lround(t->now.accuracy * (double)t->pts.n);
    putf(y++, b.x, b.w, A_NORMAL, 0, "accuracy %.1f%% (%ld of %zu points)", 100 * t->now.accuracy,
         right, t->pts.n);
    char hp[160];
    if (!v->racing) {
        hparams_format(&t->opt.p, hp, sizeof hp);
        putf(y++, b.x, b.w, A_NORMAL, 0, "%s %s, reg %g", optim_name(t->opt.p.kind), hp, t->m.reg);
        return y + 1;
    }
    putf(y++, b.x, b.w, A_BOLD, 0, "race from the same start (o selects, R ends):");
    for (int r = 0; r < v->n_racers; r++, y++) {
        const classify_trainer *q = &v->racers[r];
        int k = (int)q->opt.p.kind;
        const head_mark *hm = theme_head(k);
        term_put_cp(y, b.x, v->caps.utf8 ? hm->utf : (uint32_t)(unsigned char)hm->ascii, A_BOLD,
                    pair(v, optim_fg(v, k), -1));
        hparams_format(&q->opt.p, hp, sizeof hp);
        putf(y, b.x + 1, b.w - 1, r == v->sel_racer ? A_REVERSE : A_NORMAL, 0,
             " %-8s loss %.4f  acc %5.1f%%  %s", optim_name(q->opt.p.kind), q->now.loss,
             100 * q->now.accuracy, hp);
    }
    return y + 1;
}

typedef struct {
    double loss;
    size_t i;
} ranked;

static int worse_first(const void *a, const void *b)
{
    const ranked *p = a, *q = b;
    return p->loss < q->loss ? 1 : p->loss > q->loss ? -1 : (p->i > q->i) - (p->i < q->i);
}

static void draw_points(view *v, area b)
{
    const classify_trainer *t = v->t;
    int C = t->m.classes;
    if (b.h < 2)
        return;
    ranked *r = malloc((t->pts.n ? t->pts.n : 1) * sizeof *r);
    if (!r)
        return;
    for (size_t i = 0; i < t->pts.n; i++) {
        double s[CLASSIFY_CLASSES_MAX];
        classify_scores(&t->m, t->params, t->pts.x[i], t->pts.y[i], s);
        r[i] = (ranked){classify_point_loss(&t->m, s, t->pts.label[i], NULL, NULL), i};
    }
    qsort(r, t->pts.n, sizeof *r, worse_first);
    putf(b.y, b.x, b.w, A_BOLD, 0, "points, worst first: (x, y)  scores  loss");
    for (int k = 0; k < b.h - 1 && (size_t)k < t->pts.n; k++) {
        size_t i = r[k].i;
        double s[CLASSIFY_CLASSES_MAX];
        classify_scores(&t->m, t->params, t->pts.x[i], t->pts.y[i], s);
        char buf[256];
        int m = snprintf(buf, sizeof buf, " (%5.2f,%5.2f) ", t->pts.x[i], t->pts.y[i]);
        for (int j = 0; j < C && m < (int)sizeof buf; j++)
            m += snprintf(buf + m, sizeof buf - (size_t)m, "%6.2f", s[j]);
        if (m < (int)sizeof buf)
            snprintf(buf + m, sizeof buf - (size_t)m, "  %.3f", r[k].loss);
        int j = t->pts.label[i];
        term_put_cp(b.y + 1 + k, b.x, class_glyph(v, j), A_BOLD, pair(v, class_fg(v, j), -1));
        putf(b.y + 1 + k, b.x + 1, b.w - 1, A_NORMAL, 0, "%s", buf);
    }
    free(r);
}

/* The loss chart: the trainer's, or every racer's in its optimizer's colour,
 * through the one chart drawer. */
static void draw_chart(view *v, area b)
{
    chart_series ss[OPTIM_COUNT];
    int n = v->racing ? v->n_racers : 1;
    /* the selected racer last, so it stays on top */
    for (int r = 0; r < n; r++) {
        int k = v->racing ? (v->sel_racer + 1 + r) % n : 0;
        const track *t = v->racing ? &v->race_tracks[k] : v->cur;
        optim_kind kind = v->racing ? v->racers[k].opt.p.kind : OPTIM_SGD;
        ss[r] = (chart_series){
            .label = v->racing ? optim_name(kind) : "loss",
            .n = t->n,
            .yd = t->loss,
            .stride = sizeof t->loss[0],
            .x_step = 1,
            .fg = v->racing ? optim_fg(v, (int)kind)
                            : mark_fg(v),
            .attr = A_BOLD,
            .ascii = v->racing ? (uint32_t)theme_head(kind)->ascii : '*',
        };
    }
    char title[96];
    snprintf(title, sizeof title, v->racing ? "loss of every racer, every step (%d kept)"
                                            : "loss at every step and nudge (%d kept)",
             v->cur->n);
    chart_opts o = {.title = title, .scale = CHART_LINEAR};
    paint p = painter(v);
    chart_draw(&p, &v->chart, v->glyphs, b.x, b.y, b.w, b.h, &o, ss, n);
}

static void draw_help(void)
{
    term_key_line lines[sizeof key_table / sizeof key_table[0]];
    int n = 0;
    for (const view_key *k = key_table; k->label; k++)
        lines[n++] = (term_key_line){k->label, k->help};
    term_help_box(0, 0, COLS, LINES, "keys (any key closes this help)", lines, n);
}

/* Writes text from row y in lines of at most w columns, broken at spaces,
 * at most max lines (the last cut with "..." if it must be); or, with draw
 * 0, only counts them. Returns the lines used. */
static int wrap_lines(int y, const char *text, int w, int max, int draw)
{
    int n = 0;
    const char *p = text;
    while (*p && n < max) {
        int len = (int)strlen(p);
        int take = len;
        if (len > w) {
            take = w;
            while (take > 0 && p[take] != ' ')
                take--;
            if (take == 0)
                take = w;
        }
        if (draw) {
            int last = n == max - 1 && take < len;
            putf(y + n, 0, w, A_NORMAL, 0, "%.*s", last ? len : take, p);
        }
        p += take;
        while (*p == ' ')
            p++;
        n++;
    }
    return n;
}

static void draw(view *v)
{
    const classify_trainer *t = v->t;
    term_set_paper(v->cfg->th, v->depth); /* the theme's paper under everything */
    erase();
    if (term_too_small(CLASSIFY_MIN_COLS, CLASSIFY_MIN_ROWS))
        return;
    const scene *lesson = v->cfg->lesson;
    char said[SCENE_TEXT_MAX + 32];
    const char *cap = lesson ? scene_caption_text(lesson, t->iter, said, sizeof said) : NULL;
    int top = 1 + (cap ? wrap_lines(1, cap, COLS, CAPTION_LINES, 0) : lesson ? 1 : 0);
    char state[64];
    snprintf(state, sizeof state, "  %s  step %ld", v->playing ? "playing" : "paused", t->iter);
    if (v->cfg->limit > 0)
        snprintf(state + strlen(state), sizeof state - strlen(state), "/%ld", v->cfg->limit);
    int sw = (int)strlen(state);
    putf(0, 0, COLS - sw, A_BOLD, 0, "descent classify  %s%s%s", lesson && lesson->title[0] ? lesson->title : "",
         lesson && lesson->title[0] ? ", " : "", v->cfg->data_name);
    putf(0, COLS - sw, sw, A_BOLD, 0, "%s", state);
    if (cap)
        wrap_lines(1, cap, COLS, CAPTION_LINES, 1);
    int rows = LINES - top - 1;
    int pw = COLS - PANEL_W - 1;
    if (pw > 2 * rows)
        pw = 2 * rows; /* about square: cells are twice as tall as wide */
    draw_plane(v, (area){0, top, pw, rows});
    area panel = {pw + 1, top, COLS - pw - 1, rows};
    int y = draw_table(v, panel);
    int chart_h = CHART_ROWS;
    draw_points(v, (area){panel.x, y, panel.w, panel.y + panel.h - chart_h - y});
    draw_chart(v, (area){panel.x, panel.y + panel.h - chart_h, panel.w, chart_h});
    if (v->message[0])
        putf(LINES - 1, 0, COLS, A_BOLD, 0, "%s", v->message);
    else
        putf(LINES - 1, 0, COLS, A_NORMAL, 0,
             "class %d selected: Tab class, arrows rotate/shift, space train, n step, "
             "+/- speed (%d/s), o optimizer, m loss, x explore, r reset, ? help, q quit",
             v->selected, speeds[v->speed]);
    if (v->help)
        draw_help();
}

/* ---- keys ---- */

static view_action action_of(int ch)
{
    for (const view_key *k = key_table; k->label; k++)
        for (int i = 0; i < 3; i++)
            if (k->keys[i] && k->keys[i] == ch)
                return k->act;
    return K_NONE;
}

/* Nudges and a new loss would make the race unfair: not during one. */
static int refused_in_race(view *v)
{
    if (v->racing)
        say(v, "not during a race: every racer keeps the same start (R ends the race)");
    return v->racing;
}

static void nudge(view *v, double deg, double db)
{
    if (refused_in_race(v))
        return;
    classifyview_nudge(v->t, v->selected, deg, db);
    remember(v);
}

/* The entry under the cursor becomes the explorer's weight k (0: x, 1: y);
 * the other, until picked, is the selected class's default one. */
static void pick(view *v, int k)
{
    size_t i, j, p = cursor_param(v);
    explore_pair(v, &i, &j);
    if ((k == 0 ? j : i) == p) {
        say(v, "the explorer's two weights must differ");
        return;
    }
    v->pick[0] = (long)(k == 0 ? p : i);
    v->pick[1] = (long)(k == 0 ? j : p);
}

/* The explorer on the loss over the two chosen weights, starting from
 * their current values, the others held, the six optimizers racing; back
 * here when it quits. */
static void explore(view *v)
{
    classify_trainer *t = v->t;
    size_t i, j;
    explore_pair(v, &i, &j);
    classify_slice sl;
    if (classify_slice_init(&sl, &t->m, &t->pts, t->params, i, j) < 0) {
        say(v, "out of memory");
        return;
    }
    surface sf = classify_slice_surface(&sl);
    analysis_find_minima(&sf, sf.view, ANALYSIS_MINIMA_GRID);
    race_config rc;
    race_config_defaults(&rc, &sf);
    rc.steps = 500;
    explorer_opts eo = {.limit = rc.steps, .theme = theme_id_of(v->cfg->th), .speed = 20};
    char err[512];
    term_close();
    int ok = explorer_run(&rc, &eo, err, sizeof err) == 0;
    classify_slice_free(&sl);
    if (term_open(&v->caps, v->broken_why, sizeof v->broken_why) < 0) {
        v->broken = 1;
        return;
    }
    if (!ok)
        say(v, "explorer: %.200s", err);
}

static void race_end(view *v)
{
    for (int r = 0; r < v->n_racers; r++)
        classify_trainer_free(&v->racers[r]);
    v->n_racers = 0;
    v->racing = 0;
    v->t = v->cfg->t;
    v->cur = &v->base;
}

/* Every optimizer, from the shown trainer's current parameters: the same
 * start, the same points, the same (full) batch. */
static void race_start(view *v)
{
    const classify_trainer *t = v->cfg->t;
    for (int k = 0; k < OPTIM_COUNT; k++) {
        optim_params p = classify_optim_defaults((optim_kind)k);
        if (classify_trainer_init(&v->racers[k], &t->m, &t->pts, t->params, &p) < 0) {
            race_end(v);
            say(v, "out of memory");
            return;
        }
        v->n_racers = k + 1;
        v->race_tracks[k].n = 0;
        track_add(&v->race_tracks[k], v->racers[k].now.loss);
        if (k == (int)t->opt.p.kind)
            v->sel_racer = k;
    }
    v->racing = 1;
    v->t = &v->racers[v->sel_racer];
    v->cur = &v->race_tracks[v->sel_racer];
}

static void reset(view *v)
{
    if (v->racing) {
        for (int r = 0; r < v->n_racers; r++) {
            classify_trainer_reset(&v->racers[r]);
            v->race_tracks[r].n = 0;
            track_add(&v->race_tracks[r], v->racers[r].now.loss);
        }
        return;
    }
    classify_trainer_reset(v->t);
    v->cur->n = 0;
    remember(v);
}

/* Returns 1 to quit. */
static int on_key(view *v, int ch)
{
    if (v->help) {
        v->help = 0;
        return 0;
    }
    v->message[0] = '\0';
    int C = v->t->m.classes;
    switch (action_of(ch)) {
    case K_PLAY:
        if (v->cfg->limit > 0 && v->t->iter >= v->cfg->limit && !v->playing) {
            say(v, "the lesson ends at step %ld: r goes back to the start", v->cfg->limit);
            break;
        }
        v->playing = !v->playing;
        v->last_time = now_s();
        v->owed = 0;
        break;
    case K_STEP: v->playing = 0; step(v); break;
    case K_FASTER: v->speed += v->speed + 1 < SPEED_COUNT; break;
    case K_SLOWER: v->speed -= v->speed > 0; break;
    case K_RESET: reset(v); break;
    case K_RACE:
        if (v->racing)
            race_end(v);
        else
            race_start(v);
        break;
    case K_NEXT_CLASS: v->selected = (v->selected + 1) % C; break;
    case K_PREV_CLASS: v->selected = (v->selected + C - 1) % C; break;
    case K_ROT_LEFT: nudge(v, ROTATE_DEG, 0); break;
    case K_ROT_RIGHT: nudge(v, -ROTATE_DEG, 0); break;
    case K_B_UP: nudge(v, 0, SHIFT_B); break;
    case K_B_DOWN: nudge(v, 0, -SHIFT_B); break;
    case K_OPTIM: {
        if (v->racing) {
            v->sel_racer = (v->sel_racer + 1) % v->n_racers;
            v->t = &v->racers[v->sel_racer];
            v->cur = &v->race_tracks[v->sel_racer];
            break;
        }
        optim_params p = classify_optim_defaults((optim_kind)((v->t->opt.p.kind + 1) % OPTIM_COUNT));
        if (classify_trainer_set_optim(v->t, &p) < 0)
            say(v, "out of memory");
        break;
    }
    case K_LOSS:
        if (refused_in_race(v))
            break;
        v->t->m.loss = (classify_loss)((v->t->m.loss + 1) % CLASSIFY_LOSS_COUNT);
        classify_trainer_refresh(v->t);
        remember(v);
        break;
    case K_EXPLORE: explore(v); break;
    case K_CUR_LEFT: v->col -= v->col > 0; break;
    case K_CUR_RIGHT: {
        size_t row, bias;
        int len;
        classify_row(&v->t->m, v->selected, &row, &len, &bias);
        v->col = v->col < len ? v->col + 1 : len;
        break;
    }
    case K_PICK_1:
    case K_PICK_2: pick(v, action_of(ch) == K_PICK_2); break;
    case K_HELP: v->help = 1; break;
    case K_QUIT: return 1;
    case K_NONE: break;
    }
    return 0;
}

/* The steps the speed owes since the last frame, at most a frame's worth. */
static void play(view *v)
{
    double t = now_s();
    v->owed += (t - v->last_time) * speeds[v->speed];
    v->last_time = t;
    int n = 0;
    while (v->playing && v->owed >= 1 && n++ < 500) {
        step(v);
        v->owed -= 1;
        if (v->cfg->limit > 0 && v->t->iter >= v->cfg->limit)
            v->playing = 0;
    }
    if (v->owed > 1)
        v->owed = 1;
}

/* After the terminal is open: what the view draws and how. */
static void view_setup(view *v, const classifyview_config *cfg)
{
    v->cfg = cfg;
    v->t = cfg->t;
    v->cur = &v->base;
    v->pick[0] = v->pick[1] = -1;
    v->depth = cfg->th->mono ? DEPTH_NONE : v->caps.depth;
    v->glyphs = v->caps.utf8 ? CANVAS_BRAILLE : CANVAS_ASCII;
}

int classifyview_run(const classifyview_config *cfg, char *err, size_t errlen)
{
    view *v = calloc(1, sizeof *v);
    if (!v) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (term_open(&v->caps, err, errlen) < 0) {
        free(v);
        return -1;
    }
    view_setup(v, cfg);
    v->speed = 3;
    remember(v);
    for (;;) {
        if (v->playing)
            play(v);
        draw(v);
        refresh();
        timeout(v->playing ? 30 : 250);
        int ch = getch();
        if (ch == ERR || ch == KEY_RESIZE)
            continue;
        if (on_key(v, ch) || v->broken)
            break;
    }
    race_end(v);
    canvas_free(&v->plane);
    canvas_free(&v->chart);
    term_close();
    int rc = v->broken ? -1 : 0;
    if (v->broken)
        snprintf(err, errlen, "%s", v->broken_why);
    free(v);
    return rc;
}

int classifyview_bench(const classifyview_config *cfg, int cols, int rows, char *err,
                       size_t errlen)
{
    FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
    view *v = calloc(1, sizeof *v);
    const char *termname = getenv("TERM");
    if (!out || !in || !v ||
        (term_open_file(&v->caps, termname && termname[0] ? termname : "xterm-256color", out, in,
                        cols, rows) < 0 &&
         term_open_file(&v->caps, "xterm-256color", out, in, cols, rows) < 0)) {
        snprintf(err, errlen, "bench: cannot set up (out of memory, no /dev/null or terminfo)");
        if (out)
            fclose(out);
        if (in)
            fclose(in);
        free(v);
        return -1;
    }
    view_setup(v, cfg);
    remember(v);
    int nf = 50;
    double t0 = now_s();
    for (int i = 0; i < nf; i++) {
        draw(v);
        touchwin(stdscr); /* defeat curses' diffing: a real frame changes */
        refresh();
    }
    double per = (now_s() - t0) / nf;
    static const char *depth_names[] = {"no colour", "8 colours", "256 colours", "truecolour"};
    printf("classify frame %dx%d, %zu points, %s on %s inputs: %.3f ms per frame (%s, %s)\n",
           cols, rows, cfg->t->pts.n, classify_model_name(&cfg->t->m),
           classify_features_name(cfg->t->m.features), per * 1e3, depth_names[v->caps.depth],
           v->glyphs == CANVAS_BRAILLE ? "braille" : "ASCII");
    canvas_free(&v->plane);
    canvas_free(&v->chart);
    term_close();
    fclose(out);
    fclose(in);
    free(v);
    return 0;
}
