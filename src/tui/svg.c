#include "svg.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/hparams.h"
#include "../data/outfile.h"
#include "contour.h"

#ifndef DESCENT_VERSION
#define DESCENT_VERSION "0.0"
#endif

/* The page, in px: title above, the plot left, the legend right. */
enum { PAGE_W = 1000, PAGE_H = 720, PX = 70, PY = 76, PW = 640, PH = 580, LX = 740, CELL = 4 };
/* The legend's text, from beside its mark to the page's edge. */
#define LEGEND_W (PAGE_W - LX - 38 - 10)
/* Points further than this outside the page are pulled in along their
 * segment, so a diverging path stays a finite, correctly aimed line. */
#define FAR 1e5

static const char *star = "M0,-1L.235,-.324L.951,-.309L.38,.124L.588,.809L0,.4L-.588,.809L-.38,"
                          ".124L-.951,-.309L-.235,-.324Z";
static const char *diamond = "M0,-1L1,0L0,1L-1,0Z";
/* Without colour the paths differ by dash pattern too. */
static const char *mono_dash[] = {"none", "7 3", "2 3", "9 3 2 3", "1 2", "12 4"};
#define MONO_DASHES (int)(sizeof mono_dash / sizeof mono_dash[0])

/* ---- colours of a theme on paper ---- */

rgb svg_paper(const theme *t)
{
    return t->paper_set ? t->paper : t->mono ? (rgb){255, 255, 255} : (rgb){0x16, 0x16, 0x16};
}

rgb svg_ink(const theme *t)
{
    return t->paper_set ? t->ink : t->mono ? (rgb){0, 0, 0} : (rgb){0xe6, 0xe6, 0xe6};
}

static rgb mark_of(const theme *t)
{
    return t->mono ? svg_ink(t) : t->mark;
}

static rgb fill_of(const theme *t, double q)
{
    if (t->mono) {
        uint8_t g = (uint8_t)lround(250 - 70 * q);
        return (rgb){g, g, g};
    }
    return palette_shade(palette_field(q), t->fill_k);
}

static rgb line_of(const theme *t, double q)
{
    return t->mono ? (rgb){0x50, 0x50, 0x50} : palette_shade(palette_field(q), t->line_k);
}

/* Racer i's colour: its kind's (theme.h), shaded when a second of a kind. */
static rgb optim_of(const svg_map *m, int i)
{
    return m->th->mono ? svg_ink(m->th) : theme_racer(m->th, m->rc, i);
}

const char *svg_hex(rgb c, char buf[8])
{
    snprintf(buf, 8, "#%02x%02x%02x", c.r, c.g, c.b);
    return buf;
}

/* ---- text and coordinates ---- */

void svg_escaped(FILE *f, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default:
            /* XML has no way to hold a control character (an ESC in a
             * label): written as the text output writes it, \xHH. */
            if ((unsigned char)*s < 0x20 && *s != '\t' && *s != '\n')
                fprintf(f, "\\x%02x", (unsigned char)*s);
            else
                fputc(*s, f);
        }
    }
}

void svg_begin(FILE *f, int w, int h, const theme *th, const char *prefix, const char *title)
{
    char c[8];
    fprintf(f,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
            "viewBox=\"0 0 %d %d\" font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\" "
            "font-size=\"13\" fill=\"%s\">\n<title>",
            w, h, w, h, svg_hex(svg_ink(th), c));
    svg_escaped(f, prefix);
    svg_escaped(f, title);
    fputs("</title>\n", f);
}

void svg_paper_rect(FILE *f, int w, int h, const theme *th)
{
    char c[8];
    fprintf(f, "<rect id=\"paper\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n", w, h,
            svg_hex(svg_paper(th), c));
}

/* <text x y attrs>escaped</text> */
void svg_text(FILE *f, double x, double y, const char *attrs, const char *s)
{
    fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" %s>", x, y, attrs);
    svg_escaped(f, s);
    fputs("</text>\n", f);
}

/* Advances of printable ASCII (32 to 126) in thousandths of an em, from
 * DejaVu Sans and DejaVu Sans Bold's hmtx tables: the font the SVG asks for
 * first, and what Debian's viewers fall back to for "sans-serif" (Helvetica
 * and Arial are a little narrower, so text placed by these fits them too). */
static const short advance[2][95] = {
    {318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337,
     636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838, 531,
     1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787,
     603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390, 838, 500,
     500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612,
     635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337, 636, 838},
    {348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365,
     696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838, 580,
     1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850,
     733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457, 838, 500,
     500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687,
     716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365, 712, 838},
};
/* Any other character (a UTF-8 sequence counts once): a wide letter's. */
#define ADVANCE_OTHER 800

double svg_text_width(const char *s, double size, int bold)
{
    long em = 0;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        if (*c >= 32 && *c < 127)
            em += advance[bold != 0][*c - 32];
        else if ((*c & 0xc0) != 0x80)
            em += ADVANCE_OTHER;
    }
    return (double)em / 1000.0 * size;
}

void svg_text_fit(FILE *f, double x, double y, double width, double size, int bold,
                  const char *extra, const char *s)
{
    double w = svg_text_width(s, size, bold);
    char attrs[256];
    if (w > width && size * width / w >= 0.7 * size)
        size *= width / w; /* a little smaller still reads */
    int n = snprintf(attrs, sizeof attrs, "font-size=\"%.3g\"%s%s%s", size,
                     bold ? " font-weight=\"bold\"" : "", extra[0] ? " " : "", extra);
    if (svg_text_width(s, size, bold) > 1.001 * width) /* much longer: squeezed to fit, not cut */
        snprintf(attrs + n, sizeof attrs - (size_t)n,
                 " textLength=\"%.0f\" lengthAdjust=\"spacingAndGlyphs\"", width);
    svg_text(f, x, y, attrs, s);
}

static double px_x(const svg_map *m, double x)
{
    return PX + (x - m->view[0]) / (m->view[1] - m->view[0]) * PW;
}

static double px_y(const svg_map *m, double y)
{
    return PY + (m->view[3] - y) / (m->view[3] - m->view[2]) * PH;
}

static int inside(double x, double y)
{
    return x >= PX && x <= PX + PW && y >= PY && y <= PY + PH;
}

static int near_page(double x, double y)
{
    return fabs(x) <= FAR && fabs(y) <= FAR;
}

/* Moves (*x, *y) towards (x0, y0), which is near the page, until it is too. */
static void pull_in(double x0, double y0, double *x, double *y)
{
    double t = 1;
    double dx = *x - x0, dy = *y - y0;
    if (fabs(x0 + dx) > FAR)
        t = fmin(t, (copysign(FAR, dx) - x0) / dx);
    if (fabs(y0 + dy) > FAR)
        t = fmin(t, (copysign(FAR, dy) - y0) / dy);
    *x = x0 + t * dx;
    *y = y0 + t * dy;
}

/* ---- the map ---- */

static void bands(FILE *f, const svg_map *m, const contour *ct)
{
    char c[8];
    fputs("<g id=\"bands\" clip-path=\"url(#plot)\" shape-rendering=\"crispEdges\">\n", f);
    for (int row = 0; row < ct->rows; row++) {
        for (int col = 0; col < ct->cols;) {
            int b = contour_cell_band(ct, col, row), end = col + 1;
            while (end < ct->cols && contour_cell_band(ct, end, row) == b)
                end++;
            if (b >= 0)
                fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>\n",
                        PX + col * CELL, PY + row * CELL, (end - col) * CELL, CELL,
                        svg_hex(fill_of(m->th, (b + 0.5) / ct->nbands), c));
            col = end;
        }
    }
    fputs("</g>\n", f);
}

typedef struct {
    FILE *f;
    const contour *ct;
    int level;
} line_ctx;

static void emit_segment(void *vctx, int level, double x0, double y0, double x1, double y1)
{
    line_ctx *lc = vctx;
    if (level != lc->level)
        return;
    double sx = (double)PW / (lc->ct->w - 1), sy = (double)PH / (lc->ct->h - 1);
    fprintf(lc->f, "M%.1f %.1fL%.1f %.1f", PX + x0 * sx, PY + y0 * sy, PX + x1 * sx,
            PY + y1 * sy);
}

/* One path per level, in the colour of the band above it. */
static void contour_lines_svg(FILE *f, const svg_map *m, const contour *ct)
{
    char c[8];
    fputs("<g id=\"contours\" clip-path=\"url(#plot)\" fill=\"none\" stroke-linejoin=\"round\">\n",
          f);
    for (int k = 0; k + 1 < ct->nbands; k++) {
        line_ctx lc = {f, ct, k};
        fprintf(f, "<path stroke=\"%s\" stroke-width=\"%s\" d=\"",
                svg_hex(line_of(m->th, (k + 1.0) / ct->nbands), c), m->th->thick ? "1.6" : "0.9");
        contour_segments(ct, emit_segment, &lc);
        fputs("\"/>\n", f);
    }
    fputs("</g>\n", f);
}

static void axes(FILE *f, const svg_map *m)
{
    char buf[32], c[8];
    const double *v = m->view;
    fprintf(f, "<g id=\"axes\" stroke=\"%s\" fill=\"none\">\n", svg_hex(svg_ink(m->th), c));
    fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>\n", PX, PY, PW, PH);
    double x0, sx, y0, sy;
    int nx = contour_ticks(v[0], v[1], 8, &x0, &sx), ny = contour_ticks(v[2], v[3], 7, &y0, &sy);
    for (int k = 0; k < nx; k++)
        fprintf(f, "<path d=\"M%.1f %dv6\"/>\n", px_x(m, x0 + k * sx), PY + PH);
    for (int k = 0; k < ny; k++)
        fprintf(f, "<path d=\"M%d %.1fh-6\"/>\n", PX, px_y(m, y0 + k * sy));
    fputs("</g>\n<g id=\"ticks\" stroke=\"none\">\n", f);
    for (int k = 0; k < nx; k++) {
        contour_tick_label(buf, sizeof buf, x0 + k * sx, sx);
        svg_text(f, px_x(m, x0 + k * sx), PY + PH + 22, "text-anchor=\"middle\"", buf);
    }
    for (int k = 0; k < ny; k++) {
        contour_tick_label(buf, sizeof buf, y0 + k * sy, sy);
        svg_text(f, PX - 10, px_y(m, y0 + k * sy) + 4, "text-anchor=\"end\"", buf);
    }
    svg_text(f, PX + PW / 2.0, PY + PH + 44, "text-anchor=\"middle\" font-style=\"italic\"", "x");
    svg_text(f, PX - 50, PY + PH / 2.0, "text-anchor=\"middle\" font-style=\"italic\"", "y");
    fputs("</g>\n", f);
}

static int shown(const svg_map *m, int i)
{
    return !(m->hidden && m->hidden[i]) && m->rc->r[i].len > 0;
}

static void stroke_style(FILE *f, const svg_map *m, int i)
{
    char c[8];
    fprintf(f, "fill=\"none\" stroke=\"%s\" stroke-width=\"%s\" stroke-dasharray=\"%s\"",
            svg_hex(optim_of(m, i), c), m->th->thick ? "3.5" : "2",
            m->th->mono ? mono_dash[i % MONO_DASHES] : theme_racer_rank(m->rc, i) ? "7 3" : "none");
}

/* The path as one <path>, broken where a point is undefined. */
static void trajectory(FILE *f, const svg_map *m, int i)
{
    const racer *r = &m->rc->r[i];
    fprintf(f, "<path class=\"trajectory\" data-optimizer=\"");
    svg_escaped(f, r->label);
    fputs("\" ", f);
    stroke_style(f, m, i);
    fputs(" stroke-linejoin=\"round\" stroke-linecap=\"round\" d=\"", f);
    double px = 0, py = 0;
    int open = 0;
    for (long k = 0; k < r->len; k++) {
        double x = px_x(m, r->path[k].x), y = px_y(m, r->path[k].y);
        if (!isfinite(x) || !isfinite(y)) {
            open = 0;
            continue;
        }
        if (!near_page(x, y)) {
            if (!open)
                continue;
            pull_in(px, py, &x, &y);
            fprintf(f, "L%.2f %.2f", x, y);
            open = 0;
            continue;
        }
        fprintf(f, "%c%.2f %.2f", open ? 'L' : 'M', x, y);
        px = x;
        py = y;
        open = 1;
    }
    /* A thinned path may end before the current position. */
    double x = px_x(m, r->pos[0]), y = px_y(m, r->pos[1]);
    if (open && near_page(x, y) && (x != px || y != py))
        fprintf(f, "L%.2f %.2f", x, y);
    fputs("\"/>\n", f);
}

static void mark(FILE *f, double x, double y, const char *d, double size, rgb fill, rgb edge,
                 const char *id)
{
    char c1[8], c2[8];
    /* the edge 1.2 px wide whatever the scale, in the path's own units:
     * vector-effect="non-scaling-stroke" is not honoured by every viewer
     * (librsvg 2.54 drew the light theme's star as a blot of its edge) */
    fprintf(f,
            "<path class=\"%s\" transform=\"translate(%.2f %.2f) scale(%g)\" d=\"%s\" "
            "fill=\"%s\" stroke=\"%s\" stroke-width=\"%.3g\"/>\n",
            id, x, y, size, d, svg_hex(fill, c1), svg_hex(edge, c2), 1.2 / size);
}

typedef struct {
    double x0, y0, x1, y1;
} box;

/* The names' size, and the room between two of them: their halos (3 px
 * strokes) and a gap, so that two names never read as one. */
#define LABEL_SIZE 13
#define LABEL_GAP 6
#define HEAD_HALF 8 /* half a head mark's box */

static int overlap(const box *a, const box *b, double gap)
{
    return a->x0 < b->x1 + gap && b->x0 < a->x1 + gap && a->y0 < b->y1 + gap &&
           b->y0 < a->y1 + gap;
}

/* Whether b comes within LABEL_GAP of an earlier name or covers another
 * racer's head (heads: n_heads boxes, own: b's own head). */
static int label_clash(const box *b, const box *taken, int n, const box *heads, int n_heads,
                       int own)
{
    for (int i = 0; i < n; i++)
        if (overlap(b, &taken[i], LABEL_GAP))
            return 1;
    for (int i = 0; i < n_heads; i++)
        if (i != own && overlap(b, &heads[i], 0))
            return 1;
    return 0;
}

/* Where head `own`'s name goes: the first of a few places beside its mark
 * that clashes with no earlier name and no other head, as the terminal
 * does. The box is the text's own (x0 where it starts, y1 - 3 its
 * baseline). */
static box place_label(double x, double y, const char *label, const box *taken, int n,
                       const box *heads, int n_heads, int own)
{
    /* right or left of the mark, level with it first, then a line further
     * up or down each time (a cluster of heads at one minimum) */
    static const double tries[][2] = {{11, -9},  {11, 18},  {-11, -9}, {-11, 18}, {11, -26},
                                      {11, 35},  {-11, -26}, {-11, 35}, {11, -43}, {11, 52},
                                      {-11, -43}, {-11, 52}, {11, -60}, {11, 69},  {-11, -60},
                                      {-11, 69}};
    double w = svg_text_width(label, LABEL_SIZE, 1), h = 15;
    box first = {0};
    for (size_t t = 0; t < sizeof tries / sizeof tries[0]; t++) {
        double bx = tries[t][0] > 0 ? x + tries[t][0] : x + tries[t][0] - w;
        box b = {bx, y + tries[t][1] - h + 3, bx + w, y + tries[t][1] + 3};
        if (t == 0)
            first = b;
        if (!label_clash(&b, taken, n, heads, n_heads, own))
            return b;
    }
    return first;
}

/* Every shown head on the map, its mark, then its name placed clear of the
 * names before it and of every other head. */
static void heads(FILE *f, const svg_map *m)
{
    char c[8], c2[8], attrs[160];
    rgb paper = svg_paper(m->th);
    box taken[RACE_MAX], at[RACE_MAX];
    int who[RACE_MAX], n = 0, nt = 0;
    for (int i = 0; i < m->rc->n; i++) {
        const racer *r = &m->rc->r[i];
        double x = px_x(m, r->pos[0]), y = px_y(m, r->pos[1]);
        if (shown(m, i) && inside(x, y)) {
            at[n] = (box){x - HEAD_HALF, y - HEAD_HALF, x + HEAD_HALF, y + HEAD_HALF};
            who[n++] = i;
        }
    }
    for (int k = 0; k < n; k++) {
        int i = who[k];
        double x = at[k].x0 + HEAD_HALF, y = at[k].y0 + HEAD_HALF;
        mark(f, x, y, theme_racer_head(m->rc, i)->svg, 7, optim_of(m, i), paper, "head");
    }
    for (int k = 0; k < n; k++) {
        const racer *r = &m->rc->r[who[k]];
        /* A halo of paper keeps the name readable on any band. */
        snprintf(attrs, sizeof attrs,
                 "class=\"label\" font-size=\"%d\" font-weight=\"bold\" fill=\"%s\" "
                 "stroke=\"%s\" stroke-width=\"3\" paint-order=\"stroke\"",
                 LABEL_SIZE, svg_hex(optim_of(m, who[k]), c), svg_hex(paper, c2));
        box b = place_label(at[k].x0 + HEAD_HALF, at[k].y0 + HEAD_HALF, r->label, taken, nt, at,
                            n, k);
        taken[nt++] = b;
        svg_text(f, b.x0, b.y1 - 3, attrs, r->label);
    }
}

static void marks(FILE *f, const svg_map *m)
{
    const surface *s = m->rc->cfg.surf;
    rgb paper = svg_paper(m->th), mk = mark_of(m->th);
    for (int i = 0; i < s->nminima; i++) {
        double x = px_x(m, s->minima[i][0]), y = px_y(m, s->minima[i][1]);
        if (inside(x, y))
            mark(f, x, y, star, 8, mk, paper, "minimum");
    }
    double x = px_x(m, m->rc->cfg.start[0]), y = px_y(m, m->rc->cfg.start[1]);
    if (inside(x, y))
        mark(f, x, y, diamond, 6, paper, mk, "start");
}

/* ---- legend and title ---- */

static void status_text(const race *rc, const racer *r, char *buf, size_t len)
{
    if (r->status == RACER_DIVERGED)
        snprintf(buf, len, "diverged at step %ld", r->diverged_at);
    else
        snprintf(buf, len, "step %ld  loss %.6g  %s", rc->step, r->f, racer_status_name(r->status));
}

static void legend(FILE *f, const svg_map *m)
{
    char buf[160], hp[128], c[8], attrs[96];
    rgb ink = svg_ink(m->th);
    fprintf(f, "<g id=\"legend\" fill=\"%s\">\n", svg_hex(ink, c));
    svg_text(f, LX, PY + 4, "font-weight=\"bold\" font-size=\"15\"", "optimizers");
    double y = PY + 32;
    for (int i = 0; i < m->rc->n; i++) {
        const racer *r = &m->rc->r[i];
        int hidden = m->hidden && m->hidden[i];
        if (hidden && r->len == 0)
            continue; /* a slot without a racer (the landscape keeps one per kind) */
        fprintf(f, "<g class=\"entry\"%s>\n<path d=\"M%d %.1fh30\" ", hidden ? " opacity=\"0.4\"" : "",
                LX, y - 4);
        stroke_style(f, m, i);
        fputs("/>\n", f);
        mark(f, LX + 15, y - 4, theme_racer_head(m->rc, i)->svg, 6, optim_of(m, i), svg_paper(m->th), "key");
        snprintf(attrs, sizeof attrs, "fill=\"%s\"", svg_hex(m->th->mono ? ink : optim_of(m, i), c));
        snprintf(buf, sizeof buf, "%s%s", r->label, hidden ? " (hidden)" : "");
        svg_text_fit(f, LX + 38, y, LEGEND_W, 14, 1, attrs, buf);
        hparams_format(&r->spec.p, hp, sizeof hp);
        svg_text_fit(f, LX + 38, y + 17, LEGEND_W, 11, 0, "", hp);
        status_text(m->rc, r, buf, sizeof buf);
        svg_text_fit(f, LX + 38, y + 32, LEGEND_W, 11, 0, "", buf);
        fputs("</g>\n", f);
        y += 58;
    }
    y += 6;
    if (m->rc->cfg.surf->nminima > 0) { /* a real model's loss has none known */
        mark(f, LX + 15, y - 4, star, 8, mark_of(m->th), svg_paper(m->th), "key");
        svg_text(f, LX + 38, y, "font-size=\"12\"", "known minimum");
        y += 24;
    }
    mark(f, LX + 15, y - 4, diamond, 6, svg_paper(m->th), mark_of(m->th), "key");
    svg_text(f, LX + 38, y, "font-size=\"12\"", "start");
    fputs("</g>\n", f);
}

static void title(FILE *f, const svg_map *m)
{
    const race_config *cfg = &m->rc->cfg;
    const surface *s = cfg->surf;
    char buf[512];
    snprintf(buf, sizeof buf, "%s: f(x, y) = %s", s->name, s->formula);
    svg_text_fit(f, PX, 30, PAGE_W - PX - 10, 20, 1, "", buf);
    snprintf(buf, sizeof buf, "%s. Start (%g, %g), noise %g, seed %lu, step %ld; descent %s",
             s->note, cfg->start[0], cfg->start[1], cfg->noise, cfg->seed, m->rc->step,
             DESCENT_VERSION);
    svg_text_fit(f, PX, 52, PAGE_W - PX - 10, 12, 0, "", buf);
}

static int write_svg(FILE *f, const svg_map *m, svg_samples_fn samples, void *ctx)
{
    contour ct;
    memset(&ct, 0, sizeof ct);
    const surface *s = m->rc->cfg.surf;
    if (samples) {
        int w = PW / CELL * 2 + 1, h = PH / CELL * 2 + 1;
        double *vals = malloc((size_t)w * (size_t)h * sizeof *vals);
        int bad = !vals || samples(ctx, m->view, w, h, vals) < 0 ||
                  contour_build_samples(&ct, vals, m->view, PW / CELL, PH / CELL, 2, 2,
                                        CONTOUR_BANDS, s->log_levels) < 0;
        free(vals);
        if (bad)
            return -1;
    } else if (contour_build(&ct, s, m->view, PW / CELL, PH / CELL, 2, 2, CONTOUR_BANDS,
                             s->log_levels) < 0)
        return -1;
    svg_begin(f, PAGE_W, PAGE_H, m->th, "descent: ", s->name);
    fprintf(f, "<defs><clipPath id=\"plot\"><rect x=\"%d\" y=\"%d\" width=\"%d\" "
               "height=\"%d\"/></clipPath></defs>\n",
            PX, PY, PW, PH);
    svg_paper_rect(f, PAGE_W, PAGE_H, m->th);
    title(f, m);
    bands(f, m, &ct);
    contour_lines_svg(f, m, &ct);
    axes(f, m);
    fputs("<g id=\"trajectories\" clip-path=\"url(#plot)\">\n", f);
    for (int i = 0; i < m->rc->n; i++)
        if (shown(m, i))
            trajectory(f, m, i);
    fputs("</g>\n<g id=\"marks\">\n", f);
    marks(f, m);
    heads(f, m);
    fputs("</g>\n", f);
    legend(f, m);
    fputs("</svg>\n", f);
    contour_free(&ct);
    return 0;
}

/* ---- the file (outfile: atomic for a file, direct for a device) ---- */


int svg_write_atomic(const char *path, svg_body body, const void *ctx, char *err, size_t errlen)
{
    /* Drawn in memory first: outfile writes what is whole, and reports its
     * write errors exactly (stdio's are lost in its buffering). */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int drawn = f && body(f, ctx) == 0;
    if (f && fclose(f) != 0)
        drawn = 0;
    outfile o;
    int rc = -1;
    if (!drawn)
        snprintf(err, errlen, "cannot write %s: out of memory", path);
    else if (outfile_open(&o, path, err, errlen) == 0) {
        outfile_write(&o, buf, len);
        rc = outfile_close(&o, err, errlen);
    }
    free(buf);
    return rc;
}

int svg_write(const char *path, const svg_map *m, char *err, size_t errlen)
{
    return svg_write_samples(path, m, NULL, NULL, err, errlen);
}

typedef struct {
    const svg_map *m;
    svg_samples_fn samples;
    void *ctx;
} map_job;

static int map_body(FILE *f, const void *ctx)
{
    const map_job *j = ctx;
    return write_svg(f, j->m, j->samples, j->ctx);
}

int svg_write_samples(const char *path, const svg_map *m, svg_samples_fn samples, void *ctx,
                      char *err, size_t errlen)
{
    svg_map shown = *m;
    if (!m->stretch)
        surface_view_equal(shown.view, PW, PH);
    map_job j = {&shown, samples, ctx};
    return svg_write_atomic(path, map_body, &j, err, errlen);
}
