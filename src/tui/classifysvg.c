#include "classifysvg.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "svg.h"

/* The page, in px: the plot left (square), the table right. */
enum { PAGE_W = 1000, PAGE_H = 720, PX = 70, PY = 76, PS = 580, LX = 690, GRID = 116 };

static rgb class_of(const theme *t, int j)
{
    return t->mono ? svg_ink(t) : theme_class(t, j);
}

/* The class colour mixed into the paper: more of it where the model is surer. */
rgb classify_region_colour(const theme *t, int j, double conf)
{
    rgb p = svg_paper(t), c = class_of(t, j);
    if (t->mono) {
        uint8_t g = (uint8_t)(235 - 18 * j);
        c = (rgb){g, g, g};
    }
    double k = 0.25 + 0.45 * fmax(0.0, fmin(1.0, conf));
    return (rgb){(uint8_t)lround(p.r + k * (c.r - p.r)), (uint8_t)lround(p.g + k * (c.g - p.g)),
                 (uint8_t)lround(p.b + k * (c.b - p.b))};
}

typedef struct {
    const classify_svg *pic;
    double view[4];
} page;

static double px_x(const page *g, double x)
{
    return PX + (x - g->view[0]) / (g->view[1] - g->view[0]) * PS;
}

static double px_y(const page *g, double y)
{
    return PY + (g->view[3] - y) / (g->view[3] - g->view[2]) * PS;
}

static void regions(FILE *f, const page *g)
{
    const classify_trainer *t = g->pic->t;
    double cell = (double)PS / GRID;
    char c[8];
    fputs("<g id=\"regions\" shape-rendering=\"crispEdges\">\n", f);
    int C = t->m.classes;
    double xs[GRID], ys[GRID], ss[GRID * CLASSIFY_CLASSES_MAX];
    for (int r = 0; r < GRID; r++) {
        for (int q = 0; q < GRID; q++) {
            xs[q] = g->view[0] + (q + 0.5) / GRID * (g->view[1] - g->view[0]);
            ys[q] = g->view[3] - (r + 0.5) / GRID * (g->view[3] - g->view[2]);
        }
        if (classify_scores_many(&t->m, t->params, xs, ys, GRID, ss) < 0)
            break; /* out of memory: the regions end there */
        for (int q = 0; q < GRID; q++) {
            const double *s = ss + q * C;
            int j = classify_predict(s, C);
            fprintf(f, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%s\"/>\n",
                    PX + q * cell, PY + r * cell, cell + 0.05, cell + 0.05,
                    svg_hex(classify_region_colour(g->pic->th, j, classify_confidence(&t->m, s)), c));
        }
    }
    fputs("</g>\n", f);
}

/* w . (x, y) + b = 0 clipped to the view: on raw inputs only, where it is a line. */
static void zero_lines(FILE *f, const page *g)
{
    const classify_trainer *t = g->pic->t;
    if (t->m.features != FEATURES_RAW || t->m.hidden)
        return;
    int C = t->m.classes;
    char c[8];
    fputs("<g id=\"zero-lines\" fill=\"none\" stroke-width=\"2\" stroke-dasharray=\"8 4\">\n", f);
    for (int j = 0; j < C; j++) {
        double a = t->params[j * 2], b = t->params[j * 2 + 1], k = t->params[C * 2 + j];
        double pts[4][2];
        int n = 0;
        const double *v = g->view;
        /* crossings of the four edges */
        if (fabs(b) > 1e-300)
            for (int e = 0; e < 2; e++) {
                double x = v[e], y = -(a * x + k) / b;
                if (y >= v[2] && y <= v[3] && n < 4)
                    pts[n][0] = x, pts[n][1] = y, n++;
            }
        if (fabs(a) > 1e-300)
            for (int e = 2; e < 4; e++) {
                double y = v[e], x = -(b * y + k) / a;
                if (x >= v[0] && x <= v[1] && n < 4)
                    pts[n][0] = x, pts[n][1] = y, n++;
            }
        if (n < 2)
            continue;
        fprintf(f, "<line class=\"zero-line\" data-class=\"%d\" x1=\"%.2f\" y1=\"%.2f\" "
                   "x2=\"%.2f\" y2=\"%.2f\" stroke=\"%s\"/>\n",
                j, px_x(g, pts[0][0]), px_y(g, pts[0][1]), px_x(g, pts[1][0]), px_y(g, pts[1][1]),
                svg_hex(class_of(g->pic->th, j), c));
    }
    fputs("</g>\n", f);
}

static void points(FILE *f, const page *g)
{
    const classify_trainer *t = g->pic->t;
    char c1[8], c2[8];
    fputs("<g id=\"points\">\n", f);
    for (size_t i = 0; i < t->pts.n; i++) {
        int j = t->pts.label[i];
        fprintf(f,
                "<path class=\"point\" data-class=\"%d\" transform=\"translate(%.2f %.2f) "
                "scale(5)\" d=\"%s\" fill=\"%s\" stroke=\"%s\" stroke-width=\"0.2\"/>\n",
                j, px_x(g, t->pts.x[i]), px_y(g, t->pts.y[i]), theme_class_mark(j)->svg,
                svg_hex(class_of(g->pic->th, j), c1), svg_hex(svg_ink(g->pic->th), c2));
    }
    fputs("</g>\n", f);
}

/* "class J: b B, w W1 W2 ...": as many of the row's len weights as fit
 * beside the plot at 12 px, then "… (len)" for the rest (the net's W2 rows
 * have one per hidden unit). */
static void row_text(char *buf, size_t size, int j, double b, const double *w, int len)
{
    const double room = PAGE_W - LX - 20 - 10;
    char more[32];
    snprintf(more, sizeof more, " \xe2\x80\xa6 (%d)", len); /* an ellipsis */
    int n = snprintf(buf, size, "class %d: b %.3g, w", j, b);
    for (int k = 0; k < len && n < (int)size; k++) {
        char one[32];
        snprintf(one, sizeof one, " %.3g", w[k]);
        int last = k == len - 1;
        if ((size_t)n + strlen(one) + (last ? 0 : strlen(more)) >= size ||
            svg_text_width(buf, 12, 0) + svg_text_width(one, 12, 0) +
                    (last ? 0 : svg_text_width(more, 12, 0)) > room) {
            snprintf(buf + n, size - (size_t)n, "%s", more);
            return;
        }
        n += snprintf(buf + n, size - (size_t)n, "%s", one);
    }
}

static void table(FILE *f, const page *g)
{
    const classify_trainer *t = g->pic->t;
    int C = t->m.classes;
    char buf[256], c[8];
    fputs("<g id=\"table\">\n", f);
    svg_text(f, LX, PY + 4, "font-weight=\"bold\" font-size=\"15\"",
             t->m.hidden ? "W2 and b2 (the output layer)" : "W and b");
    double y = PY + 30;
    for (int j = 0; j < C; j++, y += 22) {
        fprintf(f, "<path transform=\"translate(%d %.1f) scale(5)\" d=\"%s\" fill=\"%s\"/>\n",
                LX + 6, y - 4, theme_class_mark(j)->svg, svg_hex(class_of(g->pic->th, j), c));
        size_t at, bias;
        int len;
        classify_row(&t->m, j, &at, &len, &bias);
        row_text(buf, sizeof buf, j, t->params[bias], t->params + at, len);
        svg_text(f, LX + 20, y, "font-size=\"12\"", buf);
    }
    y += 14;
    snprintf(buf, sizeof buf, "loss %.4g = data %.4g + reg %.4g", t->now.loss, t->now.data_loss,
             t->now.reg_loss);
    svg_text(f, LX, y, "font-size=\"13\"", buf);
    snprintf(buf, sizeof buf, "train accuracy %.1f%% (%zu points)", 100 * t->now.accuracy, t->pts.n);
    svg_text(f, LX, y + 20, "font-size=\"13\"", buf);
    fputs("</g>\n", f);
}

static int body(FILE *f, const void *ctx)
{
    const classify_svg *pic = ctx;
    const classify_trainer *t = pic->t;
    page g = {pic, {0, 0, 0, 0}};
    classify_bounds(&t->pts, g.view);
    char buf[256];
    svg_begin(f, PAGE_W, PAGE_H, pic->th, "descent classify: ", pic->data_name);
    svg_paper_rect(f, PAGE_W, PAGE_H, pic->th);
    char note[160];
    classify_model_note(&t->m, note, sizeof note);
    snprintf(buf, sizeof buf, "%s: %s on %s inputs, step %ld", pic->data_name, note,
             classify_features_name(t->m.features), t->iter);
    svg_text_fit(f, PX, 30, PAGE_W - PX - 10, 20, 1, "", buf);
    regions(f, &g);
    zero_lines(f, &g);
    points(f, &g);
    table(f, &g);
    fputs("</svg>\n", f);
    return 0;
}

int classify_svg_write(const char *path, const classify_svg *pic, char *err, size_t errlen)
{
    return svg_write_atomic(path, body, pic, err, errlen);
}
