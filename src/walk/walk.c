#include "walk.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "walkpriv.h"

static const walk_def *const defs[] = {
    &walk_def_svm,      &walk_def_regularization, &walk_def_softmax,
    &walk_def_svm_vs_softmax, &walk_def_gradient, &walk_def_step,
    &walk_def_learning_rate, &walk_def_random_search, &walk_def_backprop, &walk_def_features,
};
#define NDEFS ((int)(sizeof defs / sizeof defs[0]))

int walk_count(void)
{
    return NDEFS;
}

const char *walk_name(int i)
{
    return i >= 0 && i < NDEFS ? defs[i]->name : "?";
}

const char *walk_summary(int i)
{
    return i >= 0 && i < NDEFS ? defs[i]->summary : "?";
}

const char *walk_keys(int i)
{
    return i >= 0 && i < NDEFS ? defs[i]->keys : "";
}

int walk_find(const char *name)
{
    for (int i = 0; i < NDEFS; i++)
        if (strcmp(name, defs[i]->name) == 0)
            return i;
    return -1;
}

int walk_index(const walk *w)
{
    for (int i = 0; i < NDEFS; i++)
        if (w->def == defs[i])
            return i;
    return -1;
}

const char *walk_names_list(void)
{
    return "svm, regularization, softmax, svm-vs-softmax, gradient, step, learning-rate, "
           "random-search, backprop, features";
}

void walk_init(walk *w, int i)
{
    memset(w, 0, sizeof *w);
    w->def = defs[i];
    w->def->defaults(&w->in);
    walk_build(w);
}

int walk_takes_data(int i)
{
    return i >= 0 && i < NDEFS && defs[i]->data_defaults != NULL;
}

void walk_use_data(walk *w, const walk_data *d)
{
    int i = walk_index(w);
    w->data = walk_takes_data(i) ? d : NULL;
    w->def->defaults(&w->in);
    if (w->data)
        w->def->data_defaults(&w->in);
}

void walk_build(walk *w)
{
    w->nsteps = 0;
    w->def->build(w);
}

double *walk_input(walk_inputs *in, walk_field f, int index)
{
    int i = index;
    switch (f) {
    case WF_SCORES:
        return i >= 0 && i < WALK_MAX_ROWS * WALK_MAX_CLASSES
                   ? &in->scores[i / WALK_MAX_CLASSES][i % WALK_MAX_CLASSES]
                   : NULL;
    case WF_X: return i >= 0 && i < WALK_MAX_DIM ? &in->x[i] : NULL;
    case WF_W1: return i >= 0 && i < WALK_MAX_DIM ? &in->w1[i] : NULL;
    case WF_W2: return i >= 0 && i < WALK_MAX_DIM ? &in->w2[i] : NULL;
    case WF_W:
        return i >= 0 && i < WALK_MAX_CLASSES * WALK_MAX_DIM
                   ? &in->W[i / WALK_MAX_DIM][i % WALK_MAX_DIM]
                   : NULL;
    case WF_DATA:
        return i >= 0 && i < WALK_MAX_DATA * WALK_MAX_DIM
                   ? &in->data[i / WALK_MAX_DIM][i % WALK_MAX_DIM]
                   : NULL;
    case WF_POINT: return i >= 0 && i < 2 ? &in->point[i] : NULL;
    case WF_GRAD: return i >= 0 && i < 2 ? &in->grad[i] : NULL;
    case WF_LRS: return i >= 0 && i < WALK_MAX_LRS ? &in->lrs[i] : NULL;
    case WF_GRAPH: return i >= 0 && i < 3 ? &in->graph[i] : NULL;
    case WF_INPUT: return i >= 0 && i < 2 ? &in->input[i] : NULL;
    case WF_NET: return i >= 0 && i < 12 ? &in->net[i] : NULL;
    case WF_NONE:
    case WF_COUNT: break;
    }
    return NULL;
}

int walk_edit(walk *w, int s, int r, int c, double value)
{
    if (s < 0 || s >= w->nsteps || !isfinite(value))
        return -1;
    const walk_step *st = &w->step[s];
    if (r < 0 || r >= st->nrows || c < 0 || c >= st->ncols)
        return -1;
    double *p = walk_input(&w->in, st->cell[r][c].field, st->cell[r][c].index);
    if (!p)
        return -1;
    *p = value;
    walk_build(w);
    return 0;
}

int walk_validate(const walk_inputs *in, char *err, size_t errlen)
{
    if (in->nclass != 0 && (in->nclass < 2 || in->nclass > WALK_MAX_CLASSES)) { /* 0: unused */
        snprintf(err, errlen, "need 2 to %d classes", WALK_MAX_CLASSES);
        return -1;
    }
    for (int i = 0; i < in->nrow; i++)
        if (in->labels[i] < 0 || in->labels[i] >= in->nclass) {
            snprintf(err, errlen, "label %d of row %d is not a class", in->labels[i], i + 1);
            return -1;
        }
    for (int i = 0; i < in->ndata; i++)
        if (in->data_labels[i] < 0 || in->data_labels[i] >= in->nclass) {
            snprintf(err, errlen, "label of example %d is not a class", i + 1);
            return -1;
        }
    return 0;
}

void walk_table_widths(const walk_step *st, int widths[WALK_TCOLS + 1])
{
    widths[0] = (int)strlen(st->corner);
    for (int r = 0; r < st->nrows; r++)
        if ((int)strlen(st->row[r]) > widths[0])
            widths[0] = (int)strlen(st->row[r]);
    for (int c = 0; c < st->ncols; c++) {
        int w = (int)strlen(st->col[c]);
        for (int r = 0; r < st->nrows; r++) {
            int t = (int)strlen(st->cell[r][c].text) + 2; /* room for [ ] */
            if (t > w)
                w = t;
        }
        widths[1 + c] = w;
    }
}

/* --- numbers ------------------------------------------------------------ */

static void drop_negative_zero(char *buf)
{
    if (buf[0] != '-')
        return;
    for (const char *p = buf + 1; *p; p++)
        if (*p != '0' && *p != '.')
            return;
    memmove(buf, buf + 1, strlen(buf));
}

static void strip_zeros(char *buf)
{
    if (!strchr(buf, '.') || strchr(buf, 'e'))
        return;
    char *end = buf + strlen(buf) - 1;
    while (*end == '0')
        *end-- = '\0';
    if (*end == '.')
        *end = '\0';
}

void walk_num(char *buf, size_t len, double v, numfmt nf)
{
    if (!isfinite(v)) {
        snprintf(buf, len, "%s", isnan(v) ? "nan" : v > 0 ? "inf" : "-inf");
        return;
    }
    switch (nf) {
    case NF_SHORT:
        if (fabs(v) >= 1e7 || (v != 0 && fabs(v) < 0.005))
            snprintf(buf, len, "%.3g", v);
        else
            snprintf(buf, len, "%.2f", v);
        strip_zeros(buf);
        break;
    case NF_FIX2: snprintf(buf, len, "%.2f", v); break;
    case NF_FIX5: snprintf(buf, len, "%.5f", v); break;
    case NF_EXP: snprintf(buf, len, fabs(v) >= 1 ? "%.1f" : "%.2f", v); break;
    case NF_SIG3: snprintf(buf, len, "%.3g", v); break;
    case NF_SIG4: snprintf(buf, len, "%.4g", v); break;
    case NF_G6: snprintf(buf, len, "%.6g", v); break;
    case NF_FIX7: snprintf(buf, len, "%.7f", v); break;
    case NF_LR:
        snprintf(buf, len, "%.6g", v);
        if (!strchr(buf, 'e')) {
            const char *dot = strchr(buf, '.');
            size_t have = dot ? strlen(dot + 1) : 0;
            if (!dot && strlen(buf) + 1 < len)
                strcat(buf, ".");
            for (; have < 2 && strlen(buf) + 1 < len; have++)
                strcat(buf, "0");
        }
        break;
    case NF_SCORE:
        walk_num(buf, len, v, NF_SHORT);
        if (!strpbrk(buf, ".e") && strlen(buf) + 3 <= len)
            strcat(buf, ".0");
        break;
    }
    drop_negative_zero(buf);
}

/* --- the mini-format ---------------------------------------------------- */

typedef struct {
    char *buf;
    size_t cap, len;
    int *hl_start, *hl_len;
} sbuf;

static void sb_put(sbuf *b, const char *s)
{
    for (; *s && b->len + 1 < b->cap; s++)
        b->buf[b->len++] = *s;
    b->buf[b->len] = '\0';
}

static void sb_vformat(sbuf *b, numfmt nf, const char *fmt, va_list ap)
{
    char tmp[64];
    for (const char *p = fmt; *p; p++) {
        if (*p == '#' || *p == '$' || *p == '@' || *p == '&') {
            double v = va_arg(ap, double);
            walk_num(tmp, sizeof tmp, v, *p == '@' || *p == '&' ? NF_SCORE : nf);
            if ((*p == '$' || *p == '&') && tmp[0] == '-') {
                sb_put(b, "(");
                sb_put(b, tmp);
                sb_put(b, ")");
            } else {
                sb_put(b, tmp);
            }
        } else if (*p == '%' && p[1]) {
            p++;
            if (*p == 's')
                sb_put(b, va_arg(ap, const char *));
            else if (*p == 'd')
                snprintf(tmp, sizeof tmp, "%d", va_arg(ap, int)), sb_put(b, tmp);
            else if (*p == 'l')
                snprintf(tmp, sizeof tmp, "%ld", va_arg(ap, long)), sb_put(b, tmp);
            else
                sb_put(b, "%");
        } else if ((*p == '{' || *p == '}') && b->hl_start) {
            if (*p == '{')
                *b->hl_start = (int)b->len;
            else
                *b->hl_len = (int)b->len - *b->hl_start;
        } else {
            tmp[0] = *p;
            tmp[1] = '\0';
            sb_put(b, tmp);
        }
    }
}

static void append(char *buf, size_t cap, int *hs, int *hl, numfmt nf, const char *fmt,
                   va_list ap)
{
    sbuf b = {buf, cap, strlen(buf), hs, hl};
    sb_vformat(&b, nf, fmt, ap);
}

walk_step *walk_add(walk *w, numfmt nf, const char *fmt, ...)
{
    if (w->nsteps >= WALK_MAX_STEPS)
        return NULL;
    walk_step *st = &w->step[w->nsteps++];
    memset(st, 0, sizeof *st);
    st->hl_row = st->hl_col = -1;
    va_list ap;
    va_start(ap, fmt);
    append(st->title, sizeof st->title, NULL, NULL, nf, fmt, ap);
    va_end(ap);
    return st;
}

void step_formula(walk_step *st, numfmt nf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    append(st->formula, sizeof st->formula, &st->hl_start, &st->hl_len, nf, fmt, ap);
    va_end(ap);
}

void step_result(walk_step *st, numfmt nf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    append(st->result, sizeof st->result, NULL, NULL, nf, fmt, ap);
    va_end(ap);
}

void step_note(walk_step *st, numfmt nf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    append(st->note, sizeof st->note, NULL, NULL, nf, fmt, ap);
    va_end(ap);
}

/* --- tables ------------------------------------------------------------- */

void step_table(walk_step *st, int nrows, int ncols, const char *corner)
{
    st->nrows = nrows < WALK_TROWS ? nrows : WALK_TROWS;
    st->ncols = ncols < WALK_TCOLS ? ncols : WALK_TCOLS;
    snprintf(st->corner, sizeof st->corner, "%s", corner);
}

static int in_table(const walk_step *st, int r, int c)
{
    return r >= 0 && r < st->nrows && c >= 0 && c < st->ncols;
}

void step_col(walk_step *st, int c, const char *label)
{
    if (c >= 0 && c < st->ncols)
        snprintf(st->col[c], sizeof st->col[c], "%s", label);
}

void step_row(walk_step *st, int r, const char *label)
{
    if (r >= 0 && r < st->nrows)
        snprintf(st->row[r], sizeof st->row[r], "%s", label);
}

void step_input(walk_step *st, int r, int c, double v, numfmt nf, walk_field f, int index)
{
    if (!in_table(st, r, c))
        return;
    walk_cell *cell = &st->cell[r][c];
    cell->v = v;
    walk_num(cell->text, sizeof cell->text, v, nf);
    cell->field = f;
    cell->index = index;
}

void step_cell(walk_step *st, int r, int c, double v, numfmt nf)
{
    step_input(st, r, c, v, nf, WF_NONE, 0);
}

void step_text(walk_step *st, int r, int c, const char *text)
{
    if (in_table(st, r, c))
        snprintf(st->cell[r][c].text, sizeof st->cell[r][c].text, "%s", text);
}

void step_hl(walk_step *st, int r, int c)
{
    st->hl_row = r;
    st->hl_col = c;
}
