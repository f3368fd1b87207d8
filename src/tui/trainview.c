/* The training panel's drawing and keys. Everything on it comes from one
 * worker snapshot, copied at the start of each frame. */
#include "trainview.h"

#include <curses.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/hparams.h"
#include "canvas.h"
#include "chart.h"
#include "paint.h"
#include "palette.h"
#include "trainslice.h"

#define FRAME_MS 100 /* ten frames a second: the drawing must not eat the training */
#define TRAIN_MIN_COLS 80 /* full screen, as the explorer needs */
#define TRAIN_MIN_ROWS 24

/* Chart inks: 1..OPTIM_COUNT are the optimizers (the surface view's colours). */
enum { INK_WIGGLE = 20, INK_SMOOTH, INK_TRAIN, INK_VAL, INK_DATA, INK_REG, INK_MARK };

typedef enum {
    TK_PLAY, TK_STEP, TK_RESET, TK_LR_DOWN, TK_LR_UP, TK_REG_DOWN, TK_REG_UP, TK_BATCH_DOWN,
    TK_BATCH_UP, TK_SLOWER, TK_FASTER, TK_OPTIM, TK_MODEL, TK_RACE, TK_PICK, TK_SHOW, TK_LOG,
    TK_CHECK, TK_SAVE, TK_HELP, TK_MISTAKES, TK_MISTAKES_BACK, TK_QUIT, TK_SLICE, TK_NONE
} train_key;

typedef struct {
    int keys[4];
    const char *label, *help;
    train_key action;
} train_binding;

/* The panel's key table: the input handler and the help overlay both read it. */
static const train_binding keytab[] = {
    {{' '}, "space", "pause / resume training", TK_PLAY},
    {{'n', '.'}, "n .", "one iteration", TK_STEP},
    {{'r'}, "r", "reset: new W from the seed", TK_RESET},
    {{'<'}, "<", "halve the learning rate", TK_LR_DOWN},
    {{'>'}, ">", "double the learning rate", TK_LR_UP},
    {{'{'}, "{", "regularization / 10", TK_REG_DOWN},
    {{'}'}, "}", "regularization x 10", TK_REG_UP},
    {{'b'}, "b", "halve the batch", TK_BATCH_DOWN},
    {{'B'}, "B", "double the batch", TK_BATCH_UP},
    {{'['}, "[", "slower: fewer iterations a second", TK_SLOWER},
    {{']'}, "]", "faster (up to max: no pause)", TK_FASTER},
    {{'o'}, "o", "next optimizer", TK_OPTIM},
    {{'m'}, "m", "SVM / softmax", TK_MODEL},
    {{'R'}, "R", "race: the chosen optimizers", TK_RACE},
    {{'x'}, "x 1-6", "optimizer 1-6 in/out of the race", TK_PICK},
    {{'1', '2', '3', '4'}, "1-6", "race: whose templates", TK_SHOW},
    {{'5', '6'}, NULL, NULL, TK_SHOW},
    {{'L'}, "L", "loss axis log / linear", TK_LOG},
    {{'c'}, "c", "gradient check (again: hide)", TK_CHECK},
    {{'s'}, "s", "save the weights", TK_SAVE},
    {{'p'}, "p", "the loss slice under the run", TK_SLICE},
    {{'w'}, "w W", "mistakes: the next / last class", TK_MISTAKES},
    {{'W'}, NULL, NULL, TK_MISTAKES_BACK},
    {{'?', KEY_F(1)}, "? F1", "this help", TK_HELP},
    {{'q', 'Q', 3}, "q", "quit", TK_QUIT},
    {{0}, NULL, NULL, TK_NONE},
};

struct trainview {
    worker *w;
    worker_snapshot s;
    const dataset *ds;
    term_caps caps;
    const theme *th; /* the optimizer colours: the surface view's */
    canvas_mode glyphs;
    int logy, help, checks;
    int picking;            /* x was pressed: the next 1-6 toggles an optimizer */
    int pairs_full;
    int resume; /* hidden while training: it goes on when shown again */
    int pace;   /* the pace last asked for: keys pressed faster than the worker
                   publishes still climb the ladder one rung each */
    int mistakes; /* 0: confusion and images; c + 1: class c's mistakes */
    canvas cv;
    uint8_t *tmpl;          /* one rescaled template */
    const featureset *features; /* what the model reads; NULL: pixels */
    float *feat_grey, *feat_f;  /* one sample's features: scratch */
    double *feat_row;
    trainslice *slice;      /* p: shown instead of the templates */
    int slice_on;
    long xs[WORKER_HIST];   /* chart scratch */
    float ys[WORKER_HIST];
};

/* ---- the template picture ---- */

void trainview_template(const double *row, int dim, uint8_t *out)
{
    double lo = INFINITY, hi = -INFINITY;
    for (int i = 0; i < dim; i++) {
        lo = row[i] < lo ? row[i] : lo;
        hi = row[i] > hi ? row[i] : hi;
    }
    for (int i = 0; i < dim; i++) {
        double t = hi > lo ? (row[i] - lo) / (hi - lo) : 128.0 / 255.0;
        out[i] = (uint8_t)lround(255.0 * (isfinite(t) ? t : 0.5));
    }
}

/* ---- curses helpers ---- */

/* The panel's paint: the theme at the terminal's depth. */
static paint painter(const trainview *tv)
{
    return (paint){.th = tv->th,
                   .depth = tv->caps.depth,
                   .utf8 = tv->caps.utf8 && tv->glyphs != CANVAS_ASCII,
                   .right = COLS};
}

/* -1 is the theme's ink or paper: on the light theme no chart keeps the
 * terminal's own (dark) background. */
static int pair(trainview *tv, int fg, int bg)
{
    paint p = painter(tv);
    int pr = paint_pair(&p, fg, bg);
    tv->pairs_full |= p.pairs_full;
    return pr;
}

#define put_cp term_put_cp

static void put_str(int y, int x, int n, const char *s, attr_t attr, int pr)
{
    paint p = {.right = COLS};
    paint_str(&p, y, x, n, s, attr, pr);
}

static void putf(int y, int x, int n, attr_t attr, int pr, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
static void putf(int y, int x, int n, attr_t attr, int pr, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    put_str(y, x, n, buf, attr, pr);
}

static int colour(const trainview *tv, rgb c, int basic)
{
    paint p = painter(tv);
    return paint_colour(&p, c, basic);
}

static int optim_fg(const trainview *tv, int kind)
{
    paint p = painter(tv);
    return paint_optim(&p, kind);
}

void trainview_set_theme(trainview *tv, const theme *t)
{
    tv->th = t;
}

static int ink_fg(const trainview *tv, int ink)
{
    if (ink >= 1 && ink <= OPTIM_COUNT)
        return optim_fg(tv, ink - 1);
    switch (ink) {
    case INK_WIGGLE: return colour(tv, (rgb){0x70, 0x70, 0x70}, COLOR_WHITE);
    case INK_SMOOTH: return colour(tv, tv->th->mark, tv->th->basic_mark); /* the theme's ink */
    case INK_TRAIN: return optim_fg(tv, 1);
    case INK_VAL: return optim_fg(tv, 0);
    case INK_DATA: return optim_fg(tv, 2);
    case INK_REG: return optim_fg(tv, 4);
    default: break;
    }
    return colour(tv, tv->th->warn, tv->th->basic_warn);
}

static uint32_t glyph(const trainview *tv, uint32_t utf, uint32_t ascii)
{
    paint p = painter(tv);
    return paint_glyph(&p, utf, ascii);
}

/* ---- charts ---- */

typedef struct {
    int x, y, w, h;
} area;

/* An exponential moving average, the "smoothed" curve over the wiggle. */
static void smooth(const float *in, int n, float *out)
{
    double a = 2.0 / ((n / 25 > 8 ? n / 25 : 8) + 1), s = n ? in[0] : 0;
    for (int i = 0; i < n; i++) {
        if (isfinite(in[i]))
            s += a * (in[i] - s);
        out[i] = (float)s;
    }
}

static long xmax_of(const worker_snapshot *s);

/* A series of floats at iterations x in ink's colour, named label. */
static chart_series series_of(const trainview *tv, const long *x, const float *y, int n, int ink,
                              const char *label)
{
    return (chart_series){.label = label,
                          .n = n,
                          .yf = y,
                          .x = x,
                          .fg = ink_fg(tv, ink),
                          .attr = ink == INK_WIGGLE ? A_NORMAL : A_BOLD,
                          .ascii = ink <= OPTIM_COUNT  ? (uint32_t)theme_head(ink - 1)->ascii
                                   : ink == INK_WIGGLE ? '.'
                                                       : '*'};
}

/* One of the panel's charts through the one chart drawer; the loss chart
 * carries the command marks and stops a decade over the highest start. */
static void draw_chart(trainview *tv, area b, const char *title, const chart_series *ss, int ns,
                       int logy, int loss)
{
    chart_mark m[WORKER_MARKS];
    int nm = loss ? tv->s.n_marks : 0;
    for (int k = 0; k < nm; k++)
        m[k] = (chart_mark){tv->s.marks[k].iter, tv->s.marks[k].text};
    chart_opts o = {.title = title,
                    .scale = logy ? CHART_LOG : CHART_LINEAR,
                    .floor = logy,
                    .cap = loss,
                    .xmax = xmax_of(&tv->s),
                    .marks = m,
                    .nmarks = nm,
                    .mark_fg = ink_fg(tv, INK_MARK)};
    paint p = painter(tv);
    chart_draw(&p, &tv->cv, tv->glyphs, b.x, b.y, b.w, b.h, &o, ss, ns);
    tv->pairs_full |= p.pairs_full;
}

void trainview_curve(trainview *tv, int x, int y, int w, int h, const char *title,
                     const long *iter, const float *loss, int n, long xmax, int logy)
{
    chart_series ss = series_of(tv, iter, loss, n, INK_SMOOTH, NULL);
    chart_opts o = {.title = title, .scale = logy ? CHART_LOG : CHART_LINEAR, .xmax = xmax};
    paint p = painter(tv);
    chart_draw(&p, &tv->cv, tv->glyphs, x, y, w, h, &o, &ss, 1);
    tv->pairs_full |= p.pairs_full;
}

static long xmax_of(const worker_snapshot *s)
{
    long m = 1;
    for (int i = 0; i < s->n_runs; i++)
        m = s->run[i].iter > m ? s->run[i].iter : m;
    return m;
}

static void loss_chart(trainview *tv, area b)
{
    const worker_snapshot *s = &tv->s;
    chart_series ss[WORKER_RUNS + 1];
    static float sm[WORKER_RUNS][WORKER_HIST];
    int ns = 0;
    if (s->race) {
        for (int i = 0; i < s->n_runs; i++) {
            const worker_run *r = &s->run[i];
            smooth(r->loss, r->n_hist, sm[i]);
            ss[ns++] = series_of(tv, r->hist_iter, sm[i], r->n_hist, (int)r->opt.kind + 1, r->label);
        }
    } else {
        const worker_run *r = &s->run[0];
        smooth(r->loss, r->n_hist, sm[0]);
        ss[ns++] = series_of(tv, r->hist_iter, r->loss, r->n_hist, INK_WIGGLE, "every iteration");
        ss[ns++] = series_of(tv, r->hist_iter, sm[0], r->n_hist, INK_SMOOTH, "smoothed");
    }
    draw_chart(tv, b, s->race ? "loss per optimizer, smoothed" : "loss", ss, ns,
               tv->logy, 1);
}

static void parts_chart(trainview *tv, area b)
{
    const worker_run *r = &tv->s.run[tv->s.shown];
    static float d[WORKER_HIST], g[WORKER_HIST];
    smooth(r->data_loss, r->n_hist, d);
    for (int i = 0; i < r->n_hist; i++)
        g[i] = r->reg_loss[i];
    chart_series ss[2] = {series_of(tv, r->hist_iter, d, r->n_hist, INK_DATA, "data (smoothed)"),
                          series_of(tv, r->hist_iter, g, r->n_hist, INK_REG, "reg")};
    char title[128];
    snprintf(title, sizeof title, "data loss %.4g (smoothed) + reg loss %.4g", r->last.data_loss,
             r->last.reg_loss);
    draw_chart(tv, b, title, ss, 2, 0, 0);
}

static void acc_chart(trainview *tv, area b)
{
    const worker_snapshot *s = &tv->s;
    static long xs[WORKER_RUNS + 1][WORKER_EVALS];
    static float ys[WORKER_RUNS + 1][WORKER_EVALS];
    chart_series ss[WORKER_RUNS + 1];
    int ns = 0;
    char title[160], train_label[48];
    if (s->race) {
        for (int i = 0; i < s->n_runs; i++) {
            const worker_run *r = &s->run[i];
            for (int k = 0; k < r->n_evals; k++) {
                xs[i][k] = r->evals[k].iter;
                ys[i][k] = (float)r->evals[k].val_acc;
            }
            ss[ns++] = series_of(tv, xs[i], ys[i], r->n_evals, (int)r->opt.kind + 1, r->label);
        }
        snprintf(title, sizeof title, "validation accuracy per optimizer");
    } else {
        const worker_run *r = &s->run[0];
        for (int k = 0; k < r->n_evals; k++) {
            xs[0][k] = xs[1][k] = r->evals[k].iter;
            ys[0][k] = (float)r->evals[k].train_acc;
            ys[1][k] = (float)r->evals[k].val_acc;
        }
        /* the train sample's size said in the key: descent train's last line
         * gives the whole training set's train_acc, its progress lines this
         * sample's, the panel's number */
        snprintf(train_label, sizeof train_label, "train (%ld sampled)", s->eval_train_n);
        ss[ns++] = series_of(tv, xs[0], ys[0], r->n_evals, INK_TRAIN, train_label);
        ss[ns++] = series_of(tv, xs[1], ys[1], r->n_evals, INK_VAL, "val");
        if (r->n_evals)
            snprintf(title, sizeof title, "accuracy: train %.3f, val %.3f (iteration %ld)",
                     r->evals[r->n_evals - 1].train_acc, r->evals[r->n_evals - 1].val_acc,
                     r->evals[r->n_evals - 1].iter);
        else
            snprintf(title, sizeof title, "accuracy: train and val (every 100 iterations)");
    }
    draw_chart(tv, b, title, ss, ns, 0, 0);
}

/* ---- templates ---- */

/* The mean over a area of source pixels of channel ch. */
static int sample(const uint8_t *img, int sw, int sh, int ch, int x0, int x1, int y0, int y1)
{
    x1 = x1 > x0 ? x1 : x0 + 1;
    y1 = y1 > y0 ? y1 : y0 + 1;
    long sum = 0, n = 0;
    for (int y = y0; y < y1 && y < sh; y++)
        for (int x = x0; x < x1 && x < sw; x++) {
            sum += img[(size_t)ch * (size_t)(sw * sh) + (size_t)y * (size_t)sw + (size_t)x];
            n++;
        }
    return n ? (int)(sum / n) : 0;
}

static rgb pixel(const trainview *tv, const uint8_t *img, int px, int py, int iw, int ih)
{
    const dataset *ds = tv->ds;
    int sw = ds->width, sh = ds->height;
    int x0 = px * sw / iw, x1 = (px + 1) * sw / iw, y0 = py * sh / ih, y1 = (py + 1) * sh / ih;
    int r = sample(img, sw, sh, 0, x0, x1, y0, y1);
    if (ds->channels < 3)
        return (rgb){(uint8_t)r, (uint8_t)r, (uint8_t)r};
    return (rgb){(uint8_t)r, (uint8_t)sample(img, sw, sh, 1, x0, x1, y0, y1),
                 (uint8_t)sample(img, sw, sh, 2, x0, x1, y0, y1)};
}

/* Fewer distinct colours keep the number of colour pairs in bounds. */
static int pixel_colour(const trainview *tv, rgb c)
{
    if (tv->caps.depth == DEPTH_TRUE) {
        c.r = (uint8_t)(c.r & 0xf0);
        c.g = (uint8_t)(c.g & 0xf0);
        c.b = (uint8_t)(c.b & 0xf0);
    }
    return palette_colour(c, tv->caps.depth);
}

static int half_blocks(const trainview *tv)
{
    return tv->caps.utf8 && tv->glyphs != CANVAS_ASCII && tv->caps.depth >= DEPTH_256;
}

/* The one image drawer (templates and validation images): an image of the
 * dataset's shape, iw x rows cells at (x, y), as colour half blocks, a grey
 * ramp of shade blocks, or ASCII shades, whatever the terminal allows. */
static void draw_image(trainview *tv, const uint8_t *img, int x, int y, int iw, int rows)
{
    static const char ascii[] = " .:-=+*#%@";
    static const uint32_t blocks[] = {' ', 0x2591, 0x2592, 0x2593, 0x2588};
    for (int row = 0; row < rows; row++)
        for (int col = 0; col < iw; col++) {
            if (half_blocks(tv)) {
                rgb top = pixel(tv, img, col, 2 * row, iw, 2 * rows);
                rgb bot = pixel(tv, img, col, 2 * row + 1, iw, 2 * rows);
                put_cp(y + row, x + col, 0x2580, A_NORMAL,
                       pair(tv, pixel_colour(tv, top), pixel_colour(tv, bot)));
            } else {
                rgb p = pixel(tv, img, col, row, iw, rows);
                int v = (p.r + p.g + p.b) / 3;
                uint32_t cp = tv->caps.utf8 && tv->glyphs != CANVAS_ASCII
                                  ? blocks[v * 5 / 256]
                                  : (uint32_t)ascii[v * 10 / 256];
                put_cp(y + row, x + col, cp, A_NORMAL, 0);
            }
        }
}

static void draw_template(trainview *tv, int cls, int x, int y, int iw, int rows)
{
    const worker_snapshot *s = &tv->s;
    /* the first block's rows are images: W's class templates */
    model_block b[MODEL_BLOCKS_MAX];
    model_blocks(&s->mcfg, b);
    trainview_template(s->w + b[0].offset + (size_t)cls * (size_t)b[0].stride, s->dim, tv->tmpl);
    draw_image(tv, tv->tmpl, x, y, iw, rows);
}

/* The net's hidden units: the rows of W1 as images, two rows of as many as
 * fit; returns the rows used. */
static int hidden_units(trainview *tv, area b)
{
    const worker_snapshot *s = &tv->s;
    int h = s->mcfg.hidden, side = tv->ds->width;
    int iw = side < 10 ? side : 10, rows = (iw + 1) / 2;
    int max_rows = (b.h - 1) / 2 - 1;
    if (rows > max_rows) {
        rows = max_rows;
        iw = 2 * rows < iw ? 2 * rows : iw;
    }
    int tw = iw + 1, per_row = b.w / tw;
    if (rows < 1 || per_row < 1)
        return 0;
    int n = 2 * per_row < h ? 2 * per_row : h;
    putf(b.y, b.x, b.w, A_BOLD, 0, "hidden units: rows of W1, %d of %d%s%s (each rescaled)", n, h,
         s->race ? " of " : "", s->race ? s->run[s->shown].label : "");
    for (int u = 0; u < n; u++) {
        int gx = b.x + (u % per_row) * tw, gy = b.y + 1 + (u / per_row) * (rows + 1);
        draw_template(tv, u, gx, gy, iw, rows);
        putf(gy + rows, gx, tw - 1, A_DIM, 0, "%d", u + 1);
    }
    return 1 + 2 * (rows + 1);
}

/* CS231n's rule of thumb: updates about 1e-3 of the weights. */
#define RATIO_LO 3e-4
#define RATIO_HI 3e-3

/* Dead ReLUs and, per layer, the update/parameter ratio on a log meter
 * from 1e-6 to 1 with the band marked; returns the rows used. */
static int net_health(trainview *tv, area b)
{
    const worker_snapshot *s = &tv->s;
    if (b.h < 1 + s->n_ratios)
        return 0;
    if (isnan(s->dead))
        putf(b.y, b.x, b.w, A_NORMAL, 0, "%s units: no dead-unit count", mlp_act_name(s->mcfg.act));
    else
        putf(b.y, b.x, b.w, A_NORMAL, 0, "dead ReLUs: %.0f%% of %d (off for the whole last batch)",
             100 * s->dead, s->mcfg.hidden);
    int mw = b.w - 22;
    for (int k = 0; k < s->n_ratios; k++) {
        char bar[128];
        int len = mw < (int)sizeof bar - 1 ? mw : (int)sizeof bar - 1;
        double r = s->ratio[k];
        int at = isfinite(r) && r > 0 ? (int)lround((log10(r) + 6) / 6 * (len - 1)) : -1;
        for (int i = 0; i < len; i++) {
            double v = pow(10, -6 + 6.0 * i / (len > 1 ? len - 1 : 1));
            bar[i] = v >= RATIO_LO && v <= RATIO_HI ? '=' : '-';
        }
        if (at >= 0 && at < len)
            bar[at] = '*';
        else if (at >= len && len > 0)
            bar[len - 1] = '>';
        bar[len > 0 ? len : 0] = '\0';
        putf(b.y + 1 + k, b.x, b.w, A_NORMAL, 0, "%-2s upd/w %8.2e %s", s->ratio_block[k], r,
             len >= 8 ? bar : "");
    }
    if (b.h > 1 + s->n_ratios && s->n_ratios)
        putf(b.y + 1 + s->n_ratios, b.x, b.w, A_DIM, 0,
             "meter 1e-6..1, band = %.0e..%.0e (about 1e-3 is healthy)", RATIO_LO, RATIO_HI);
    return 1 + s->n_ratios + (s->n_ratios > 0);
}

/* Two rows of five templates; returns the rows used. */
static int templates(trainview *tv, area b)
{
    const worker_snapshot *s = &tv->s;
    if (s->mcfg.arch == MODEL_MLP)
        return hidden_units(tv, b);
    int per_row = (s->classes + 1) / 2;
    int tw = b.w / per_row;
    if (tw < 4)
        return 0;
    int side = tv->ds->width;
    int iw = tw - 1 < side ? tw - 1 : side;
    int rows = half_blocks(tv) ? (iw + 1) / 2 : (iw + 1) / 2;
    int max_rows = (b.h - 1) / 2 - 1;
    if (rows > max_rows) {
        rows = max_rows;
        iw = 2 * rows < iw ? 2 * rows : iw;
    }
    if (rows < 1)
        return 0;
    const char *who = s->race ? s->run[s->shown].label : "";
    putf(b.y, b.x, b.w, A_BOLD, 0, "templates: the rows of W%s%s (each rescaled)",
         s->race ? " of " : "", who);
    for (int c = 0; c < s->classes; c++) {
        int gx = b.x + (c % per_row) * tw, gy = b.y + 1 + (c / per_row) * (rows + 1);
        draw_template(tv, c, gx, gy, iw, rows);
        put_str(gy + rows, gx, tw - 1, tv->ds->class_names[c], A_NORMAL, 0);
    }
    return 1 + 2 * (rows + 1);
}

void trainview_image(trainview *tv, const uint8_t *img, int x, int y, int iw, int rows)
{
    draw_image(tv, img, x, y, iw, rows);
}

/* ---- feature weights (--features) ---- */

/* A fully saturated colour of hue h degrees, and the basic colour nearest. */
static int hue_colour(const trainview *tv, double h)
{
    static const int basic[6] = {COLOR_RED, COLOR_YELLOW, COLOR_GREEN, COLOR_CYAN, COLOR_BLUE,
                                 COLOR_MAGENTA};
    double x = fmod(h, 360.0) / 60.0, f = x - floor(x);
    int sector = (int)x % 6;
    uint8_t up = (uint8_t)lround(255 * f), down = (uint8_t)lround(255 * (1 - f));
    rgb c = sector == 0   ? (rgb){255, up, 0}
            : sector == 1 ? (rgb){down, 255, 0}
            : sector == 2 ? (rgb){0, 255, up}
            : sector == 3 ? (rgb){0, down, 255}
            : sector == 4 ? (rgb){up, 0, 255}
                          : (rgb){255, 0, down};
    return colour(tv, c, basic[(int)((fmod(h, 360.0) + 30) / 60) % 6]);
}

/* The edge a HOG bin stands for: perpendicular to its gradient direction. */
static uint32_t stroke(const trainview *tv, int bin, int bins)
{
    double edge = fmod((bin + 0.5) * 180.0 / bins + 90.0, 180.0);
    if (edge < 22.5 || edge >= 157.5)
        return glyph(tv, 0x2500, '-');
    if (edge < 67.5)
        return glyph(tv, 0x2571, '/');
    if (edge < 112.5)
        return glyph(tv, 0x2502, '|');
    return glyph(tv, 0x2572, '\\');
}

/* One class's weights at (x, y): per HOG cell the edge of its strongest
 * positive weight, brighter the larger it is (blank when none is positive),
 * then the hue weights as coloured bars, lowest to highest. */
static void draw_feature_weights(trainview *tv, const double *row, const features_layout *l, int x,
                                 int y)
{
    int bins = l->cfg.hog_bins;
    double top = 0;
    for (int i = 0; i < l->hog_dim; i++)
        top = row[i] > top ? row[i] : top;
    for (int cy = 0; cy < l->cells_y; cy++)
        for (int cx = 0; cx < l->cells_x; cx++) {
            const double *h = row + (cy * l->cells_x + cx) * bins;
            int best = 0;
            for (int k = 1; k < bins; k++)
                best = h[k] > h[best] ? k : best;
            double t = top > 0 ? h[best] / top : 0;
            if (t <= 0.1)
                continue;
            uint8_t v = (uint8_t)lround(80 + 175 * t);
            int pr = tv->caps.depth >= DEPTH_256 ? pair(tv, pixel_colour(tv, (rgb){v, v, v}), -1)
                                                 : 0;
            attr_t at = tv->caps.depth >= DEPTH_256 ? A_NORMAL : t > 0.5 ? A_BOLD : A_DIM;
            uint32_t cp = stroke(tv, best, bins);
            put_cp(y + cy, x + 2 * cx, cp, at, pr);
            if (cp == glyph(tv, 0x2500, '-'))
                put_cp(y + cy, x + 2 * cx + 1, cp, at, pr);
        }
    if (!l->hue_dim)
        return;
    const double *hue = row + l->hog_dim;
    double lo = INFINITY, hi = -INFINITY;
    for (int k = 0; k < l->hue_dim; k++) {
        lo = hue[k] < lo ? hue[k] : lo;
        hi = hue[k] > hi ? hue[k] : hi;
    }
    static const char ascii[] = "_.:-=+*#";
    for (int k = 0; k < l->hue_dim; k++) {
        int level = hi > lo ? (int)lround(7 * (hue[k] - lo) / (hi - lo)) : 3;
        uint32_t cp = glyph(tv, 0x2581 + (uint32_t)level, (uint32_t)ascii[level]);
        double centre = (k + 0.5) * 360.0 / l->hue_dim;
        put_cp(y + l->cells_y, x + k, cp, A_NORMAL, pair(tv, hue_colour(tv, centre), -1));
    }
}

/* Instead of templates when the model reads features: what each class's
 * weights favour in feature space (the net: its first hidden units', rows
 * of W1). Returns the rows used. */
static int feature_weights(trainview *tv, area b)
{
    const worker_snapshot *s = &tv->s;
    const features_layout *l = &tv->features->layout;
    int net = s->mcfg.arch == MODEL_MLP;
    int n = net ? (s->mcfg.hidden < 10 ? s->mcfg.hidden : 10) : s->classes;
    int per_row = (n + 1) / 2;
    int need_w = 2 * l->cells_x > l->hue_dim ? 2 * l->cells_x : l->hue_dim;
    int tw = b.w / per_row, bh = l->cells_y + (l->hue_dim > 0) + 1;
    if (tw < need_w + 1 || b.h < 1 + 2 * bh) {
        putf(b.y, b.x, b.w, A_BOLD, 0, "feature weights: too small to draw");
        return 1;
    }
    char what[64];
    if (net)
        snprintf(what, sizeof what, "W1 rows 1-%d of %d", n, s->mcfg.hidden);
    else
        snprintf(what, sizeof what, "weights");
    putf(b.y, b.x, b.w, A_BOLD, 0, "%s%s%s on %s: %s%s%s", what, s->race ? " of " : "",
         s->race ? s->run[s->shown].label : "", features_name(l->cfg.kinds),
         l->hog_dim ? (net ? "strongest edges" : "each cell's strongest edge") : "",
         l->hog_dim && l->hue_dim ? ", " : "",
         l->hue_dim ? "hue bars" : "");
    model_block blk[MODEL_BLOCKS_MAX];
    model_blocks(&s->mcfg, blk);
    for (int c = 0; c < n; c++) {
        int gx = b.x + (c % per_row) * tw, gy = b.y + 1 + (c / per_row) * bh;
        draw_feature_weights(tv, s->w + blk[0].offset + (size_t)c * (size_t)blk[0].stride, l, gx,
                             gy);
        if (net)
            putf(gy + bh - 1, gx, tw - 1, A_DIM, 0, "%d", c + 1);
        else
            put_str(gy + bh - 1, gx, tw - 1, tv->ds->class_names[c], A_NORMAL, 0);
    }
    return 1 + 2 * bh;
}

/* Returns the rows used. */
static int confusion(trainview *tv, area b)
{
    const worker_snapshot *s = &tv->s;
    int c = s->classes, cw = b.w >= 8 + 5 * c ? 5 : 4, nw = b.w - cw * c - 1;
    if (nw < 3 || b.h < c + 2 || s->confusion_iter < 0)
        return 0;
    nw = nw > 10 ? 10 : nw;
    putf(b.y, b.x, b.w, A_BOLD, 0, "confusion on %ld val images (iteration %ld): rows true",
         s->val_n, s->confusion_iter);
    for (int j = 0; j < c; j++)
        putf(b.y + 1, b.x + nw + 1 + j * cw, cw, A_DIM, 0, "%*.*s", cw, cw - 1,
             tv->ds->class_names[j]);
    for (int i = 0; i < c; i++) {
        put_str(b.y + 2 + i, b.x, nw, tv->ds->class_names[i], A_NORMAL, 0);
        for (int j = 0; j < c; j++) {
            long v = s->confusion[i * c + j];
            putf(b.y + 2 + i, b.x + nw + 1 + j * cw, cw, i == j ? A_BOLD : v ? A_NORMAL : A_DIM,
                 0, "%*ld", cw, v);
        }
    }
    return c + 2;
}

/* The first validation images as pictures, each with its predicted and true
 * class beside it, a mark when they differ: as many as fit in b. */
/* With features, beside a validation image: its own HOG as strokes and its
 * hue histogram as bars (raw, before standardization), drawn as the weights
 * are; the width used, 0 when it does not fit in rows. */
static int sample_features(trainview *tv, const uint8_t *img, int x, int y, int rows, int draw)
{
    const features_layout *l = tv->features ? &tv->features->layout : NULL;
    if (!l || l->cells_y + (l->hue_dim > 0) > rows || !tv->feat_row)
        return 0;
    int w = 2 * l->cells_x > l->hue_dim ? 2 * l->cells_x : l->hue_dim;
    if (draw) {
        if (l->hog_dim)
            features_hog(l, img, tv->feat_grey, tv->feat_f);
        if (l->hue_dim)
            features_hue(l, img, tv->feat_f + l->hog_dim);
        for (int j = 0; j < l->dim; j++)
            tv->feat_row[j] = tv->feat_f[j];
        draw_feature_weights(tv, tv->feat_row, l, x, y);
    }
    return w + 1;
}

static void samples(trainview *tv, area b)
{
    const worker_snapshot *s = &tv->s;
    const int text = 18; /* "pred: automobile x" */
    int rows = b.h >= 1 + 2 * 4 ? 4 : 3, iw = 2 * rows;
    int fw = s->n_samples ? sample_features(tv, s->sample_x[0], 0, 0, rows + 1, 0) : 0;
    int cw = iw + 1 + fw + text + 1;
    rows += fw > 0; /* the hue bars under the strokes */
    int per_row = b.w / cw;
    int fit = per_row * ((b.h - 1) / rows);
    int n = s->n_samples < fit ? s->n_samples : fit;
    if (n < 1 || s->samples_iter < 0)
        return;
    putf(b.y, b.x, b.w, A_BOLD, 0, "validation images: predicted / true%s (iteration %ld)",
         fw ? ", edges, hues" : "", s->samples_iter);
    int bad = pair(tv, ink_fg(tv, INK_MARK), -1);
    for (int k = 0; k < n; k++) {
        int x = b.x + (k % per_row) * cw, y = b.y + 1 + (k / per_row) * rows;
        draw_image(tv, s->sample_x[k], x, y, iw, rows - (fw > 0));
        if (fw)
            sample_features(tv, s->sample_x[k], x + iw + 1, y, rows, 1);
        x += fw;
        int p = s->sample_pred[k], t = s->sample_true[k];
        int wrong = p != t;
        putf(y, x + iw + 1, text, wrong ? A_BOLD : A_NORMAL, wrong ? bad : 0, "pred: %s",
             tv->ds->class_names[p]);
        putf(y + 1, x + iw + 1, text, A_NORMAL, 0, "true: %s", tv->ds->class_names[t]);
        if (wrong) {
            put_cp(y + 2, x + iw + 1, glyph(tv, 0x2717, 'x'), A_BOLD, bad);
            put_str(y + 2, x + iw + 3, text - 2, "wrong", A_BOLD, bad);
        } else {
            put_str(y + 2, x + iw + 3, text - 2, "right", A_DIM, 0);
        }
    }
}

/* ---- big images: validation images as tiles, labels under them ---- */

typedef struct {
    const uint8_t *img;
    int pred, truth;
    long index; /* the validation index, -1: not shown */
} tile;

#define TILE_LABELS 2

/* How many tiles of side px pixels (px columns, px / 2 rows of half blocks)
 * fit in b under its heading line. */
static int tiles_fit(area b, int px, int *per_row)
{
    *per_row = b.w / (px + 1);
    return *per_row * ((b.h - 1) / (px / 2 + TILE_LABELS));
}

/* The side for n tiles in b: 32 pixels when at least `want` of them fit
 * (or all n), else 16 when at least two do; 0 when not even that. */
static int tile_side(area b, int n, int want)
{
    int per_row;
    int f32 = tiles_fit(b, 32, &per_row), f16 = tiles_fit(b, 16, &per_row);
    if (f32 >= want || (f32 >= n && n > 0))
        return 32;
    return f16 >= 2 || (f16 >= n && n > 0) ? 16 : 0;
}

/* The tiles under a heading already drawn on b's first line: each image, then
 * its predicted class (bold in the warning colour when wrong) or its
 * validation index, then its true class. Returns how many were drawn. */
static int tiles(trainview *tv, area b, const tile *t, int n, int px)
{
    int per_row, fit = tiles_fit(b, px, &per_row), rows = px / 2;
    int bad = pair(tv, ink_fg(tv, INK_MARK), -1);
    n = n < fit ? n : fit;
    for (int k = 0; k < n; k++) {
        int x = b.x + (k % per_row) * (px + 1), y = b.y + 1 + (k / per_row) * (rows + TILE_LABELS);
        draw_image(tv, t[k].img, x, y, px, rows);
        int wrong = t[k].pred != t[k].truth;
        if (t[k].index >= 0)
            putf(y + rows, x, px, A_DIM, 0, "#%ld", t[k].index);
        else /* wrong: bold and underlined, in colour where there is colour */
            putf(y + rows, x, px, wrong ? A_BOLD | A_UNDERLINE : A_NORMAL, wrong ? bad : 0,
                 "pred: %s", tv->ds->class_names[t[k].pred]);
        putf(y + rows + 1, x, px, A_NORMAL, 0, "true: %s", tv->ds->class_names[t[k].truth]);
    }
    return n;
}

/* The first validation images, big: returns 0 when even 16 pixels do not
 * fit twice (the small layout then draws them). */
static int samples_big(trainview *tv, area b)
{
    const worker_snapshot *s = &tv->s;
    if (tv->features || s->n_samples < 1 || s->samples_iter < 0)
        return 0;
    int px = tile_side(b, s->n_samples, 3);
    if (!px)
        return 0;
    tile t[WORKER_SAMPLES];
    for (int k = 0; k < s->n_samples; k++)
        t[k] = (tile){s->sample_x[k], s->sample_pred[k], s->sample_true[k], -1};
    putf(b.y, b.x, b.w, A_BOLD, 0,
         "validation images %dx%d: predicted (underlined: wrong), true (iteration %ld)", px, px,
         s->samples_iter);
    tiles(tv, b, t, s->n_samples, px);
    return 1;
}

/* For one predicted class, validation images it got wrong with their true
 * class, as the course's features notebook shows them. */
static void mistakes_view(trainview *tv, area b)
{
    const worker_snapshot *s = &tv->s;
    int c = tv->mistakes - 1;
    const char *name = tv->ds->class_names[c];
    if (s->mistakes_iter < 0) {
        putf(b.y, b.x, b.w, A_BOLD, 0, "%s predicted: %s", name,
             s->n_samples ? "the mistakes come at the next evaluation"
                          : "no pictures of these features");
        return;
    }
    int n = s->n_mistakes[c];
    tile t[WORKER_MISTAKES];
    for (int k = 0; k < n; k++)
        t[k] = (tile){s->mistake_x[c][k], c, s->mistake_true[c][k], s->mistake_index[c][k]};
    area g = {b.x, b.y + 1, b.w, b.h - 1};
    int px = tile_side(g, n, 3), per_row;
    px = px ? px : 8; /* small, rather than none */
    int fit = tiles_fit(g, px, &per_row), shown = n < fit ? n : fit;
    putf(b.y, b.x, b.w, A_BOLD, 0, "%s predicted: %ld of %ld wrong (iteration %ld%s%s)", name,
         s->wrong[c], s->predicted[c], s->mistakes_iter, s->race ? ", " : "",
         s->race ? s->run[s->shown].label : "");
    if (shown > 0)
        putf(b.y + 1, b.x, b.w, A_DIM, 0, "the first %d by validation index; w W: class", shown);
    else if (n > 0)
        putf(b.y + 1, b.x, b.w, A_DIM, 0, "no room to show them: a larger terminal");
    tiles(tv, g, t, n, px);
}

static void checks(trainview *tv, area b)
{
    const worker_snapshot *s = &tv->s;
    putf(b.y, b.x, b.w, A_BOLD, 0, "gradient check at iteration %ld (c hides)", s->checks_iter);
    /* narrow enough that the verdict, the word that matters, fits beside
     * the panel's other half at 120 columns */
    putf(b.y + 1, b.x, b.w, A_DIM, 0, "%6s %-10s %9s %9s %7s %s", "entry", "block[r,c]",
         "analytic", "numeric", "rel.err", "verdict");
    model_block blocks[MODEL_BLOCKS_MAX];
    model_blocks(&s->mcfg, blocks);
    for (int k = 0; k < s->n_checks && k + 2 < b.h; k++) {
        const gradcheck_entry *c = &s->checks[k];
        int row, col;
        model_block_of(&s->mcfg, c->index, &row, &col);
        char where[32];
        snprintf(where, sizeof where, "%s[%d,%d]", blocks[c->block].name, row, col);
        putf(b.y + 2 + k, b.x, b.w, A_NORMAL, 0, "%6zu %-10s %9.5g %9.5g %7.2g %s%s", c->index,
             where, c->analytic, c->numeric, c->rel_error,
             gradcheck_word(gradcheck_judge(c->rel_error)), c->kinks ? " kink" : "");
    }
}

/* ---- text lines ---- */

static const char *data_label(const dataset *ds)
{
    if (strcmp(ds->name, "cifar10") == 0)
        return strstr(ds->source, "python") ? "CIFAR-10 (python layout)" : "CIFAR-10 (binary layout)";
    if (strcmp(ds->name, "fashion-mnist") == 0)
        return "Fashion-MNIST";
    if (strcmp(ds->name, "mnist") == 0)
        return "MNIST";
    return "synthetic images";
}

static void banner(trainview *tv, area b)
{
    const worker_snapshot *s = &tv->s;
    const dataset *ds = tv->ds;
    char hint[96] = "", what[64];
    if (ds->synthetic || ds->searched[0])
        snprintf(hint, sizeof hint, "  (CIFAR-10 not found: run make cifar10)");
    putf(b.y, b.x, b.w, A_BOLD, 0, "training %s on %s, %ld train / %ld val, %dx%dx%d%s",
         model_describe(&s->mcfg, what, sizeof what), data_label(ds),
         s->train_n, s->val_n, ds->width, ds->height, ds->channels, hint);
}

static const char *reg_word(reg_kind k)
{
    return k == REG_L2 ? "L2" : k == REG_L1 ? "L1" : "elastic";
}

static void status(trainview *tv, area b)
{
    const worker_snapshot *s = &tv->s;
    const worker_run *r = &s->run[s->shown];
    const char *st = s->state == WORKER_RUNNING ? "running" : s->state == WORKER_DONE ? "done"
                                                                                      : "paused";
    char left[160] = "";
    double secs;
    long target;
    if (worker_time_left(s, &secs, &target) == 0) {
        int prec = secs < 10 ? 1 : 0;
        if (s->limit > 0)
            snprintf(left, sizeof left, "  %.*fs left", prec, secs);
        else /* no limit: the end of the epoch under way */
            snprintf(left, sizeof left, "  %.*fs to epoch %.0f", prec, secs,
                     floor((double)target * s->batch / (double)s->train_n));
    }
    char iters[48];
    if (s->limit > 0)
        snprintf(iters, sizeof iters, "%ld/%ld", r->iter, s->limit);
    else
        snprintf(iters, sizeof iters, "%ld", r->iter);
    /* cut, not rounded: 1.996 epochs are not yet "2.00" beside "to epoch 2";
     * from the images trained on, whatever batches the past had */
    double epoch = s->train_n ? floor(r->images / (double)s->train_n * 100) / 100 : 0;
    /* stopped, the rate is the last one measured, and says so */
    char rate[48] = "";
    if (s->state == WORKER_RUNNING && s->ips > 0) /* none yet: nothing, not 0 */
        snprintf(rate, sizeof rate, "  %.0f images/s", s->ips);
    else if (s->ips > 0)
        snprintf(rate, sizeof rate, "  last %.0f images/s", s->ips);
    char pace[32];
    worker_pace_format(s->pace, pace, sizeof pace);
    attr_t at = s->state == WORKER_RUNNING ? A_BOLD : A_REVERSE;
    putf(b.y, b.x, b.w, at, 0, "%s  pace %s  iteration %s  epoch %.2f%s%s", st, pace, iters, epoch,
         rate, left);
    char hp[128];
    hparams_format(&r->opt, hp, sizeof hp);
    if (r->diverged_at)
        putf(b.y + 1, b.x, b.w, A_BOLD, pair(tv, ink_fg(tv, INK_MARK), -1),
             "%s DIVERGED at iteration %ld (lr %.3g): < lowers the rate, r resets", r->label,
             r->diverged_at, r->opt.lr);
    else if (r->iter == 0) /* no loss measured yet: none shown */
        putf(b.y + 1, b.x, b.w, A_NORMAL, 0, "%s %s  reg %.3g %s  batch %d  loss: no step yet",
             r->label, hp, s->reg, reg_word(s->reg_kind), s->batch);
    else
        putf(b.y + 1, b.x, b.w, A_NORMAL, 0,
             "%s %s  reg %.3g %s  batch %d  loss %.5g = data %.5g + reg %.5g", r->label, hp,
             s->reg, reg_word(s->reg_kind), s->batch, r->last.loss, r->last.data_loss,
             r->last.reg_loss);
}

/* A title line (what the racers share), then one line per racer. */
static void race_legend(trainview *tv, area b)
{
    const worker_snapshot *s = &tv->s;
    putf(b.y, b.x, b.w, A_DIM, 0, "race: the same initial weights, the same minibatches");
    b.y++;
    b.h--;
    for (int i = 0; i < s->n_runs && i < b.h; i++) {
        const worker_run *r = &s->run[i];
        int fg = optim_fg(tv, (int)r->opt.kind);
        attr_t sel = i == s->shown ? A_REVERSE : A_NORMAL;
        putf(b.y + i, b.x, 2, A_NORMAL, 0, "%d", i + 1);
        put_cp(b.y + i, b.x + 2, glyph(tv, 0x2501, '='), A_BOLD, pair(tv, fg, -1));
        put_cp(b.y + i, b.x + 3, glyph(tv, 0x2501, '='), A_BOLD, pair(tv, fg, -1));
        putf(b.y + i, b.x + 5, 9, A_BOLD | sel, pair(tv, fg, -1), "%-8s", r->label);
        /* before the first step and the first evaluation there is no
         * number yet: a dash, not a zero loss or a NaN accuracy */
        char loss[24] = "-", val[16] = "-";
        if (r->iter > 0)
            snprintf(loss, sizeof loss, "%.5g", r->last.loss);
        if (r->n_evals)
            snprintf(val, sizeof val, "%.3f", r->evals[r->n_evals - 1].val_acc);
        if (r->diverged_at)
            putf(b.y + i, b.x + 14, b.w - 14, A_BOLD, 0, "diverged at iteration %ld (lr %.3g)",
                 r->diverged_at, r->opt.lr);
        else
            putf(b.y + i, b.x + 14, b.w - 14, A_NORMAL, 0, "loss %9s  val %5s  lr %.3g", loss, val,
                 r->opt.lr);
    }
}

static void bottom(trainview *tv, area b)
{
    if (tv->picking) {
        char buf[160];
        int n = snprintf(buf, sizeof buf, "in / out of the race:");
        for (int k = 0; k < OPTIM_COUNT && n < (int)sizeof buf; k++)
            n += snprintf(buf + n, sizeof buf - (size_t)n, "  %d %s%s", k + 1,
                          optim_name((optim_kind)k), tv->s.race_set & (1u << k) ? "*" : "");
        if (n < (int)sizeof buf)
            snprintf(buf + n, sizeof buf - (size_t)n, "   (* racing; other key: cancel)");
        put_str(b.y, b.x, b.w, buf, A_BOLD, 0);
    } else if (tv->s.message[0])
        putf(b.y, b.x, b.w, A_BOLD, 0, "%s", tv->s.message);
    else
        put_str(b.y, b.x, b.w,
                /* help and quit first: a narrow panel cuts the end */
                "? help  q quit  space pause  [/] pace  n step  r reset  </> lr  {/} reg  b/B batch  "
                "o optimizer  m svm/softmax  R race  x race set  c check  s save  p slice  w mistakes",
                A_DIM, 0);
}

static void help_overlay(area b)
{
    term_key_line lines[sizeof keytab / sizeof keytab[0]];
    int n = 0;
    for (int i = 0; keytab[i].action != TK_NONE; i++)
        if (keytab[i].label)
            lines[n++] = (term_key_line){keytab[i].label, keytab[i].help};
    term_help_box(b.x, b.y, b.w, b.h, "training panel keys (any key closes)", lines, n);
}

/* ---- the panel ---- */

/* The shown run, as the slice under it sees it. */
static trainslice_run slice_run(const trainview *tv)
{
    const worker_snapshot *s = &tv->s;
    const worker_run *r = &s->run[s->shown];
    return (trainslice_run){s->w, s->n_params, r->iter, (int)r->opt.kind, r->last.loss};
}

/* The slice under the shown run (p), where the templates go. */
static int slice(trainview *tv, area b)
{
    trainslice_run run = slice_run(tv);
    return trainslice_draw(tv->slice, &run, tv->th, &tv->caps, tv->glyphs, b.x, b.y, b.w, b.h);
}

/* The rows of the loss, accuracy and parts charts in lh rows: 9:6:5 while
 * each gets the rows a chart needs to plot; else no parts chart (the status
 * line has its data and reg), then no accuracy chart, so that no chart is
 * left a title over nothing (a race's six legend rows at 80x24 left the
 * accuracy chart three). */
static void chart_rows(int lh, int l[3])
{
    l[0] = lh * 9 / 20, l[1] = lh * 6 / 20, l[2] = lh - l[0] - l[1];
    if (l[1] >= CHART_MIN_ROWS && l[2] >= CHART_MIN_ROWS)
        return;
    l[0] = lh * 3 / 5, l[1] = lh - l[0], l[2] = 0;
    if (l[1] >= CHART_MIN_ROWS)
        return;
    l[0] = lh, l[1] = 0;
}

void trainview_draw(trainview *tv, int x, int y, int w, int h)
{
    if (tv->pairs_full) {
        term_pairs_reset();
        tv->pairs_full = 0;
    }
    worker_snapshot_get(tv->w, &tv->s);
    const worker_snapshot *s = &tv->s;
    if (tv->slice) { /* its path grows whether it is shown or not */
        trainslice_run run = slice_run(tv);
        trainslice_observe(tv->slice, &run);
    }
    if (w < 40 || h < 16) {
        putf(y, x, w, A_BOLD, 0, "training panel: too small (need 40x16)");
        return;
    }
    banner(tv, (area){x, y, w, 1});
    status(tv, (area){x, y + 1, w, 2});
    int top = y + 3, body = h - 4;
    int lw = w >= 100 ? w / 2 : w * 11 / 20, rw = w - lw - 1;
    int ly = top;
    if (s->race) {
        race_legend(tv, (area){x, ly, lw, s->n_runs + 1});
        ly += s->n_runs + 1;
    }
    int l[3];
    chart_rows(top + body - ly, l);
    loss_chart(tv, (area){x, ly, lw, l[0]});
    if (l[1])
        acc_chart(tv, (area){x, ly + l[0], lw, l[1]});
    if (l[2])
        parts_chart(tv, (area){x, ly + l[0] + l[1], lw, l[2]});
    area right = {x + lw + 1, top, rw, body};
    area pics = {right.x, right.y, right.w, body * 11 / 20 + 1};
    int used = tv->slice_on ? slice(tv, pics)
               : tv->features ? feature_weights(tv, pics)
                              : templates(tv, pics);
    area rest = {right.x, right.y + used + (used > 0), right.w, body - used - (used > 0)};
    if (s->mcfg.arch == MODEL_MLP) {
        int hu = net_health(tv, rest);
        rest.y += hu;
        rest.h -= hu;
    }
    int below = 0;
    if (tv->mistakes > 0 && tv->mistakes <= s->classes) {
        mistakes_view(tv, rest);
    } else {
        if (tv->checks && s->n_checks) {
            checks(tv, rest);
            below = 2 + s->n_checks;
        } else {
            below = confusion(tv, rest);
        }
        area pics2 = {rest.x, rest.y + below + 1, rest.w, rest.h - below - 1};
        if (below > 0 && pics2.h > 2 && !samples_big(tv, pics2))
            samples(tv, pics2);
    }
    bottom(tv, (area){x, y + h - 1, w, 1});
    if (tv->help)
        help_overlay((area){x, y, w, h});
}

static const train_binding *find_key(int ch)
{
    for (const train_binding *b = keytab; b->action != TK_NONE; b++)
        for (int i = 0; i < 4; i++)
            if (b->keys[i] && b->keys[i] == ch)
                return b;
    return NULL;
}

int trainview_key(trainview *tv, int ch)
{
    if (tv->help) {
        tv->help = 0;
        return ch == 'q' ? 2 : 1;
    }
    worker *w = tv->w;
    if (tv->picking) {
        tv->picking = 0;
        if (ch >= '1' && ch < '1' + OPTIM_COUNT)
            worker_command(w, WCMD_RACE_TOGGLE, ch - '1');
        return 1;
    }
    const train_binding *b = find_key(ch);
    if (!b)
        return 0;
    const worker_snapshot *s = &tv->s;
    switch (b->action) {
    case TK_PLAY:
        worker_command(w, s->state == WORKER_RUNNING ? WCMD_PAUSE : WCMD_RESUME, 0);
        break;
    case TK_STEP: worker_command(w, WCMD_STEP, 0); break;
    case TK_RESET: worker_command(w, WCMD_RESET, 0); break;
    case TK_LR_DOWN: worker_command(w, WCMD_LR, 0.5); break;
    case TK_LR_UP: worker_command(w, WCMD_LR, 2.0); break;
    case TK_REG_DOWN: worker_command(w, WCMD_REG, 0.1); break;
    case TK_REG_UP: worker_command(w, WCMD_REG, 10.0); break;
    case TK_BATCH_DOWN: worker_command(w, WCMD_BATCH, 0.5); break;
    case TK_BATCH_UP: worker_command(w, WCMD_BATCH, 2.0); break;
    case TK_SLOWER:
    case TK_FASTER:
        tv->pace = worker_pace_step(tv->pace, b->action == TK_FASTER ? 1 : -1);
        worker_command(w, WCMD_PACE, tv->pace);
        break;
    case TK_OPTIM:
        worker_command(w, WCMD_OPTIM, (double)(((int)s->run[0].opt.kind + 1) % OPTIM_COUNT));
        break;
    case TK_MODEL:
        worker_command(w, WCMD_MODEL, s->model == LINEAR_SVM ? LINEAR_SOFTMAX : LINEAR_SVM);
        break;
    case TK_RACE: worker_command(w, WCMD_RACE, !s->race); break;
    case TK_PICK: tv->picking = 1; break;
    case TK_SHOW: worker_command(w, WCMD_SHOW, ch - '1'); break;
    case TK_LOG: tv->logy = !tv->logy; break;
    case TK_CHECK:
        if (tv->checks && s->n_checks) {
            tv->checks = 0;
        } else {
            tv->checks = 1;
            worker_command(w, WCMD_GRADCHECK, 0);
        }
        break;
    case TK_SAVE: worker_command(w, WCMD_SAVE, 0); break;
    case TK_SLICE: tv->slice_on = !tv->slice_on && tv->slice; break;
    case TK_MISTAKES:
    case TK_MISTAKES_BACK: {
        /* off, then each class in turn, then off again */
        int n = s->classes + 1;
        tv->mistakes = (tv->mistakes + (b->action == TK_MISTAKES ? 1 : n - 1)) % n;
        worker_command(w, WCMD_MISTAKES, tv->mistakes > 0);
        break;
    }
    case TK_HELP: tv->help = 1; break;
    case TK_QUIT: return 2;
    case TK_NONE: break;
    }
    return 1;
}

void trainview_show(trainview *tv, int shown)
{
    if (shown) {
        if (tv->resume)
            worker_command(tv->w, WCMD_RESUME, 0);
        tv->resume = 0;
        return;
    }
    worker_snapshot_get(tv->w, &tv->s);
    tv->resume = tv->resume || tv->s.state == WORKER_RUNNING;
    worker_command(tv->w, WCMD_PAUSE, 0);
}

static void scratch_free(trainview *tv)
{
    free(tv->feat_grey);
    free(tv->feat_f);
    free(tv->feat_row);
    tv->feat_grey = tv->feat_f = NULL;
    tv->feat_row = NULL;
}

int trainview_open(trainview **out, const worker_config *wc, const dataset *ds,
                   const term_caps *caps, char *err, size_t errlen)
{
    *out = NULL;
    trainview *tv = calloc(1, sizeof *tv);
    model_config mc = train_model_config(&wc->cfg, wc->classes, wc->dim);
    size_t n = model_params(&mc);
    if (!tv || worker_snapshot_alloc(&tv->s, n) < 0 ||
        !(tv->tmpl = malloc((size_t)wc->dim + 1))) {
        if (tv) {
            worker_snapshot_free(&tv->s);
            free(tv);
        }
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    tv->ds = ds;
    tv->features = wc->features;
    if (tv->features) {
        const features_layout *l = &tv->features->layout;
        tv->feat_grey = malloc((size_t)l->width * (size_t)l->height * sizeof *tv->feat_grey);
        tv->feat_f = malloc((size_t)l->dim * sizeof *tv->feat_f);
        tv->feat_row = malloc((size_t)l->dim * sizeof *tv->feat_row);
        if (!tv->feat_grey || !tv->feat_f || !tv->feat_row)
            scratch_free(tv); /* the samples go without their features */
    }
    tv->caps = *caps;
    tv->th = theme_get(THEME_DARK);
    tv->glyphs = caps->utf8 ? CANVAS_BRAILLE : CANVAS_ASCII;
    tv->logy = 1;
    tv->pace = wc->pace;
    tv->resume = wc->paused; /* opened paused behind the map: trains once shown */
    if (worker_start(&tv->w, wc, err, errlen) < 0) {
        worker_snapshot_free(&tv->s);
        free(tv->tmpl);
        scratch_free(tv);
        free(tv);
        return -1;
    }
    tv->slice = trainslice_new(wc); /* NULL: p does nothing */
    *out = tv;
    return 0;
}

trainview *trainview_painter(const dataset *ds, const term_caps *caps, const theme *th)
{
    trainview *tv = calloc(1, sizeof *tv);
    if (!tv)
        return NULL;
    tv->ds = ds;
    tv->caps = *caps;
    tv->th = th;
    tv->glyphs = caps->utf8 ? CANVAS_BRAILLE : CANVAS_ASCII;
    return tv;
}

void trainview_close(trainview *tv)
{
    if (!tv)
        return;
    if (tv->w)
        worker_stop(tv->w);
    trainslice_free(tv->slice);
    worker_snapshot_free(&tv->s);
    canvas_free(&tv->cv);
    free(tv->tmpl);
    scratch_free(tv);
    free(tv);
}

void trainview_loop(trainview *tv)
{
    for (;;) {
        term_set_paper(tv->th, tv->caps.depth);
        erase();
        /* the explorer's minimum and message, so both screens agree */
        if (!term_too_small(TRAIN_MIN_COLS, TRAIN_MIN_ROWS))
            trainview_draw(tv, 0, 0, COLS, LINES);
        refresh();
        /* Input stays responsive: the wait ends at a key or at the next frame. */
        timeout(FRAME_MS);
        int ch = getch();
        if (ch == ERR || ch == KEY_RESIZE)
            continue;
        if (trainview_key(tv, ch) == 2)
            break;
    }
}

int trainview_run(const worker_config *wc, const dataset *ds, const theme *th, char *err,
                  size_t errlen)
{
    term_caps caps;
    if (term_open(&caps, err, errlen) < 0)
        return -1;
    trainview *tv;
    if (trainview_open(&tv, wc, ds, &caps, err, errlen) < 0) {
        term_close();
        return -1;
    }
    trainview_set_theme(tv, th);
    trainview_loop(tv);
    trainview_close(tv);
    term_close();
    return 0;
}
