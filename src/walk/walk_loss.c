/* The loss walkthroughs: svm, regularization, softmax, svm-vs-softmax. Every
 * loss and probability comes from core/loss; the formulas only spell out
 * the arithmetic those functions did. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/loss.h"
#include "walkpriv.h"

#define MAXC WALK_MAX_CLASSES

static void lecture_table(walk_inputs *in)
{
    static const char *const names[] = {"cat", "car", "frog"};
    static const double s[3][3] = {{3.2, 5.1, -1.7}, {1.3, 4.9, 2.0}, {2.2, 2.5, -3.1}};
    in->nclass = 3;
    for (int j = 0; j < 3; j++)
        snprintf(in->classes[j], sizeof in->classes[j], "%s", names[j]);
    in->nrow = 3;
    for (int i = 0; i < 3; i++) {
        memcpy(in->scores[i], s[i], sizeof s[i]);
        in->labels[i] = i;
    }
    in->margin = 1.0;
}

static const char *cls(const walk_inputs *in, int j)
{
    return in->classes[j];
}

/* "cat image": the column heading of score row i. */
static void image_label(const walk_inputs *in, int i, char *buf, size_t len)
{
    snprintf(buf, len, "%s image", cls(in, in->labels[i]));
}

/* Appends the slide form of one image's hinge loss,
 * max(0, 5.1 - 3.2 + 1) + ... = max(0, 2.9) + ... = 2.9 + ... = 2.9,
 * and returns the loss loss_svm_row computed. */
static double svm_expand(walk_step *st, const double *s, int C, int y, double margin, int whole)
{
    double m[MAXC];
    double loss = loss_svm_row(s, C, y, margin, m, NULL);
    const char *sep = "";
    for (int j = 0; j < C; j++)
        if (j != y) {
            step_formula(st, NF_SHORT, whole ? "%smax(0, # - $ + #)" : "%smax(0, @ - & + #)", sep,
                         s[j], s[y], margin);
            sep = " + ";
        }
    sep = " = ";
    for (int j = 0; j < C; j++)
        if (j != y) {
            step_formula(st, NF_SHORT, "%smax(0, #)", sep, s[j] - s[y] + margin);
            sep = " + ";
        }
    if (C > 2) {
        sep = " = ";
        for (int j = 0; j < C; j++)
            if (j != y) {
                step_formula(st, NF_SHORT, "%s#", sep, m[j]);
                sep = " + ";
            }
    }
    step_formula(st, NF_SHORT, " = #", loss);
    return loss;
}

/* Whole-number tables (10, -2, 3) print as such; otherwise scores keep a
 * decimal the way the slides write them (2.0). */
static int whole_scores(const walk_inputs *in)
{
    for (int i = 0; i < in->nrow; i++)
        for (int j = 0; j < in->nclass; j++)
            if (in->scores[i][j] != floor(in->scores[i][j]))
                return 0;
    return 1;
}

static numfmt score_fmt(const walk_inputs *in)
{
    return whole_scores(in) ? NF_SHORT : NF_SCORE;
}

/* The score table, classes down and images across, with a loss row filled
 * for the first `filled` images. */
static void svm_table(walk_step *st, const walk_inputs *in, const double *loss, int filled)
{
    int C = in->nclass;
    step_table(st, C + 1, in->nrow, "");
    for (int i = 0; i < in->nrow; i++) {
        char label[WALK_LABEL_MAX + 8];
        image_label(in, i, label, sizeof label);
        step_col(st, i, label);
        for (int j = 0; j < C; j++)
            step_input(st, j, i, in->scores[i][j], score_fmt(in), WF_SCORES, i * MAXC + j);
        if (i < filled)
            step_cell(st, C, i, loss[i], NF_SHORT);
    }
    for (int j = 0; j < C; j++)
        step_row(st, j, cls(in, j));
    step_row(st, C, "loss");
}

static double mean(const double *v, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += v[i];
    return n ? s / n : 0.0;
}

/* "(2.9 + 0 + 12.9) / 3 = 5.27" */
static void mean_formula(walk_step *st, numfmt nf, const double *v, int n)
{
    step_formula(st, nf, n > 1 ? "(" : "");
    for (int i = 0; i < n; i++)
        step_formula(st, nf, i ? " + #" : "#", v[i]);
    step_formula(st, nf, n > 1 ? ") / %d = #" : " / %d = #", n, mean(v, n));
}

/* --- svm ---------------------------------------------------------------- */

static void svm_defaults(walk_inputs *in)
{
    lecture_table(in);
}

static void svm_terms(walk *w, const double *loss, int i)
{
    const walk_inputs *in = &w->in;
    int y = in->labels[i];
    const double *s = in->scores[i];
    double m[MAXC];
    loss_svm_row(s, in->nclass, y, in->margin, m, NULL);
    for (int j = 0; j < in->nclass; j++) {
        if (j == y)
            continue;
        walk_step *st = walk_add(w, NF_SHORT, "%s image: the %s term", cls(in, y), cls(in, j));
        if (!st)
            return;
        svm_table(st, in, loss, i);
        step_hl(st, j, i);
        step_formula(st, NF_SHORT, "max(0, s_%s - s_%s + #)\n", cls(in, j), cls(in, y),
                     in->margin);
        step_formula(st, NF_SHORT, whole_scores(in) ? "= max(0, {#} - $ + #) = max(0, #) = #"
                                                     : "= max(0, {@} - & + #) = max(0, #) = #",
                     s[j], s[y],
                     in->margin, s[j] - s[y] + in->margin, m[j]);
        step_result(st, NF_SHORT, "%s term = #", cls(in, j), m[j]);
        if (m[j] > 0)
            step_note(st, NF_SHORT, "The %s score is within # of the correct %s score "
                      "(or above it): the margin is violated by #.",
                      cls(in, j), in->margin, cls(in, y), m[j]);
        else
            step_note(st, NF_SHORT, "The correct %s score beats %s by at least the margin "
                      "#: this term adds nothing.", cls(in, y), cls(in, j), in->margin);
    }
}

static void svm_image(walk *w, const double *loss, int i)
{
    const walk_inputs *in = &w->in;
    walk_step *st = walk_add(w, NF_SHORT, "%s image: its loss", cls(in, in->labels[i]));
    if (!st)
        return;
    svm_table(st, in, loss, i + 1);
    step_hl(st, in->nclass, i);
    step_formula(st, NF_SHORT, "L_%s = ", cls(in, in->labels[i]));
    svm_expand(st, in->scores[i], in->nclass, in->labels[i], in->margin, whole_scores(in));
    step_result(st, NF_SHORT, "L_%s = #", cls(in, in->labels[i]), loss[i]);
}

static void svm_mean(walk *w, const double *loss)
{
    const walk_inputs *in = &w->in;
    walk_step *st = walk_add(w, NF_SHORT, "The loss over the data set: the mean");
    if (!st)
        return;
    svm_table(st, in, loss, in->nrow);
    step_formula(st, NF_SHORT, "L = (1/N) sum_i L_i = ");
    mean_formula(st, NF_SHORT, loss, in->nrow);
    step_result(st, NF_SHORT, "L = #", mean(loss, in->nrow));
}

/* The image with the smallest loss: the lecture's car image. */
static int easiest(const double *loss, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (loss[i] < loss[best])
            best = i;
    return best;
}

static void q_jiggle(walk *w, const double *loss)
{
    const walk_inputs *in = &w->in;
    int i = easiest(loss, in->nrow), y = in->labels[i];
    double s[MAXC];
    memcpy(s, in->scores[i], sizeof s);
    s[y] -= 0.5;
    walk_step *st = walk_add(w, NF_SHORT, "Q: what if the %s score of the %s image drops by 0.5?",
                             cls(in, y), cls(in, y));
    if (!st)
        return;
    svm_table(st, in, loss, in->nrow);
    step_hl(st, y, i);
    step_formula(st, NF_SHORT, "s_%s = @ - 0.5 = @\n", cls(in, y), in->scores[i][y], s[y]);
    step_formula(st, NF_SHORT, "L_%s = ", cls(in, y));
    double after = svm_expand(st, s, in->nclass, y, in->margin, whole_scores(in));
    step_result(st, NF_SHORT, "L_%s: # -> #", cls(in, y), loss[i], after);
    if (after == loss[i])
        step_note(st, NF_SHORT, "Unchanged: every margin was met with room to spare, and "
                  "the hinge is flat there.");
    else
        step_note(st, NF_SHORT, "It changes by #: a margin is (now) violated, where the "
                  "hinge has slope 1.", after - loss[i]);
}

static void q_minmax(walk *w, const double *loss)
{
    const walk_inputs *in = &w->in;
    int y = in->labels[0], C = in->nclass;
    double hi[MAXC], lo[MAXC];
    memcpy(hi, in->scores[0], sizeof hi);
    memcpy(lo, in->scores[0], sizeof lo);
    hi[y] += 100;
    lo[y] -= 100;
    double lmin = loss_svm_row(hi, C, y, in->margin, NULL, NULL);
    double lmax = loss_svm_row(lo, C, y, in->margin, NULL, NULL);
    walk_step *st = walk_add(w, NF_SHORT, "Q: what are the smallest and largest losses?");
    if (!st)
        return;
    step_table(st, 3, 2, "");
    step_col(st, 0, "s_y");
    step_col(st, 1, "loss");
    step_row(st, 0, "as given");
    step_row(st, 1, "s_y + 100");
    step_row(st, 2, "s_y - 100");
    step_cell(st, 0, 0, in->scores[0][y], NF_SHORT);
    step_cell(st, 0, 1, loss[0], NF_SHORT);
    step_cell(st, 1, 0, hi[y], NF_SHORT);
    step_cell(st, 1, 1, lmin, NF_SHORT);
    step_cell(st, 2, 0, lo[y], NF_SHORT);
    step_cell(st, 2, 1, lmax, NF_SHORT);
    step_hl(st, 2, 1);
    step_formula(st, NF_SHORT, "%s image, s_%s + 100: L = #\n", cls(in, y), cls(in, y), lmin);
    step_formula(st, NF_SHORT, "%s image, s_%s - 100: L = {#}", cls(in, y), cls(in, y), lmax);
    step_result(st, NF_SHORT, "min 0, max unbounded");
    step_note(st, NF_SHORT, "Each term is at least 0, so L >= 0, reached once the correct "
              "score wins by the margin; lowering the correct score raises L without limit.");
}

static void q_zero(walk *w)
{
    const walk_inputs *in = &w->in;
    double zero[MAXC] = {0};
    int C = in->nclass;
    walk_step *st = walk_add(w, NF_SHORT, "Q: all scores near 0 (a small random W)?");
    if (!st)
        return;
    step_formula(st, NF_SHORT, "L_i = ");
    double l = svm_expand(st, zero, C, 0, in->margin, 1);
    double l10 = loss_svm_row(zero, 10, 0, in->margin, NULL, NULL);
    step_formula(st, NF_SHORT, "\nwith 10 classes: 9 terms of max(0, 0 - 0 + #) = #", in->margin,
                 l10);
    step_table(st, 2, 2, "classes");
    step_col(st, 0, "C - 1");
    step_col(st, 1, "loss");
    step_row(st, 0, "");
    step_row(st, 1, "10");
    snprintf(st->row[0], sizeof st->row[0], "%d", C);
    step_cell(st, 0, 0, C - 1, NF_SHORT);
    step_cell(st, 0, 1, l, NF_SHORT);
    step_cell(st, 1, 0, 9, NF_SHORT);
    step_cell(st, 1, 1, l10, NF_SHORT);
    step_hl(st, 0, 1);
    step_result(st, NF_SHORT, "L = # = C - 1 (with margin 1)", l);
    step_note(st, NF_SHORT, "A sanity check for the first iteration: with tiny weights the "
              "SVM loss should be about C - 1.");
}

typedef enum { VAR_ALLJ, VAR_MEANJ, VAR_SQUARED } svm_variant;

static double variant_loss(const walk_inputs *in, int i, svm_variant v)
{
    double m[MAXC];
    int C = in->nclass, y = in->labels[i];
    double l = loss_svm_row(in->scores[i], C, y, in->margin, m, NULL);
    switch (v) {
    case VAR_ALLJ: return l + fmax(0.0, in->margin); /* the j = y term: max(0, s_y - s_y + 1) */
    case VAR_MEANJ: return l / (C - 1);
    case VAR_SQUARED: {
        double q = 0;
        for (int j = 0; j < C; j++)
            q += m[j] * m[j];
        return q;
    }
    }
    return l;
}

static void q_variant(walk *w, const double *loss, svm_variant v)
{
    static const char *const title[] = {
        "Q: what if the sum also ran over j = y_i?",
        "Q: what if we took the mean over j instead of the sum?",
        "Q: what about the squared hinge max(0, .)^2?",
    };
    static const char *const col[] = {"all j", "mean over j", "squared"};
    const walk_inputs *in = &w->in;
    double alt[WALK_MAX_ROWS];
    for (int i = 0; i < in->nrow; i++)
        alt[i] = variant_loss(in, i, v);
    walk_step *st = walk_add(w, NF_SHORT, "%s", title[v]);
    if (!st)
        return;
    step_table(st, in->nrow + 1, 2, "");
    step_col(st, 0, "loss");
    step_col(st, 1, col[v]);
    for (int i = 0; i < in->nrow; i++) {
        char label[WALK_LABEL_MAX + 8];
        image_label(in, i, label, sizeof label);
        step_row(st, i, label);
        step_cell(st, i, 0, loss[i], NF_SHORT);
        step_cell(st, i, 1, alt[i], NF_SHORT);
    }
    step_row(st, in->nrow, "mean");
    step_cell(st, in->nrow, 0, mean(loss, in->nrow), NF_SHORT);
    step_cell(st, in->nrow, 1, mean(alt, in->nrow), NF_SHORT);
    step_hl(st, in->nrow, 1);
    if (v == VAR_SQUARED) {
        double m[MAXC];
        int i = in->nrow - 1, y = in->labels[i];
        loss_svm_row(in->scores[i], in->nclass, y, in->margin, m, NULL);
        step_formula(st, NF_SHORT, "L_%s = ", cls(in, y));
        const char *sep = "";
        for (int j = 0; j < in->nclass; j++)
            if (j != y) {
                step_formula(st, NF_SHORT, "%s#^2", sep, m[j]);
                sep = " + ";
            }
        step_formula(st, NF_SHORT, " = #\n", alt[i]);
    } else if (v == VAR_ALLJ) {
        step_formula(st, NF_SHORT, "the j = y_i term: max(0, s_y - s_y + #) = #\n", in->margin,
                     fmax(0.0, in->margin));
    } else {
        step_formula(st, NF_SHORT, "L_i / (C - 1) = L_i / %d\n", in->nclass - 1);
    }
    step_formula(st, NF_SHORT, "L = {");
    mean_formula(st, NF_SHORT, alt, in->nrow);
    step_formula(st, NF_SHORT, "}");
    step_result(st, NF_SHORT, "L = # (was #)", mean(alt, in->nrow), mean(loss, in->nrow));
    static const char *const note[] = {
        "Every loss grows by the margin: a constant, so the best W is the same.",
        "Every loss is divided by C - 1: a rescaling, so the best W is the same.",
        "A different loss: big violations cost much more, small ones much less, and "
        "the best W can change.",
    };
    step_note(st, NF_SHORT, "%s", note[v]);
}

static void svm_build(walk *w)
{
    const walk_inputs *in = &w->in;
    double loss[WALK_MAX_ROWS];
    for (int i = 0; i < in->nrow; i++)
        loss[i] = loss_svm_row(in->scores[i], in->nclass, in->labels[i], in->margin, NULL, NULL);

    walk_step *st = walk_add(w, NF_SHORT, "Multiclass SVM loss: the scores");
    svm_table(st, in, loss, 0);
    step_formula(st, NF_SHORT, "L_i = sum over j != y_i of max(0, s_j - s_y_i + #)", in->margin);
    step_note(st, NF_SHORT, "Each column holds one image's class scores s = f(x_i, W); the "
              "image's true class is y_i. The correct score should beat every other "
              "by the margin #.", in->margin);
    /* One step per term while that stays readable; the whole image otherwise. */
    int terms = in->nrow * (in->nclass - 1) <= 12;
    for (int i = 0; i < in->nrow; i++) {
        if (terms || i == 0)
            svm_terms(w, loss, i);
        svm_image(w, loss, i);
    }
    svm_mean(w, loss);
    q_jiggle(w, loss);
    q_minmax(w, loss);
    q_zero(w);
    q_variant(w, loss, VAR_ALLJ);
    q_variant(w, loss, VAR_MEANJ);
    q_variant(w, loss, VAR_SQUARED);
}

const walk_def walk_def_svm = {
    .name = "svm",
    .summary = "multiclass SVM (hinge) loss on the cat/car/frog scores",
    .keys = "classes scores labels margin",
    .defaults = svm_defaults,
    .build = svm_build,
};

/* --- regularization ----------------------------------------------------- */

static void reg_defaults(walk_inputs *in)
{
    lecture_table(in);
    in->nrow = 1;
    memcpy(in->scores[0], (double[]){1.3, 4.9, 2.0}, 3 * sizeof(double));
    in->labels[0] = 1;
    in->dim = 4;
    static const double x[] = {1, 1, 1, 1}, w1[] = {1, 0, 0, 0}, w2[] = {0.25, 0.25, 0.25, 0.25};
    memcpy(in->x, x, sizeof x);
    memcpy(in->w1, w1, sizeof w1);
    memcpy(in->w2, w2, sizeof w2);
    in->lambda = 0.1;
}

static void reg_scores_table(walk_step *st, const walk_inputs *in, const double *s2, int both)
{
    step_table(st, in->nclass, 2, "");
    step_col(st, 0, "W");
    step_col(st, 1, "2W");
    for (int j = 0; j < in->nclass; j++) {
        step_row(st, j, cls(in, j));
        step_input(st, j, 0, in->scores[0][j], score_fmt(in), WF_SCORES, j);
        if (both)
            step_cell(st, j, 1, s2[j], score_fmt(in));
    }
}

static double dot(const double *a, const double *b, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}

static void reg_vectors_table(walk_step *st, const walk_inputs *in)
{
    static const char *const names[] = {"x", "w1", "w2"};
    const double *v[] = {in->x, in->w1, in->w2};
    const walk_field f[] = {WF_X, WF_W1, WF_W2};
    step_table(st, 3, in->dim + 1, "");
    for (int d = 0; d < in->dim; d++) {
        char label[16];
        snprintf(label, sizeof label, "%d", d + 1);
        step_col(st, d, label);
    }
    step_col(st, in->dim, "w.x");
    for (int r = 0; r < 3; r++) {
        step_row(st, r, names[r]);
        for (int d = 0; d < in->dim; d++)
            step_input(st, r, d, v[r][d], NF_SHORT, f[r], d);
        if (r)
            step_cell(st, r, in->dim, dot(v[r], in->x, in->dim), NF_SHORT);
    }
}

/* "1^2 + 0^2 + 0^2 + 0^2" or "|1| + |0| + ..." or "(1^2 + |1|) + ..." */
static void reg_terms(walk_step *st, const double *w, int n, reg_kind k)
{
    for (int d = 0; d < n; d++) {
        const char *sep = d ? " + " : "";
        if (k == REG_L2)
            step_formula(st, NF_SHORT, "%s$^2", sep, w[d]);
        else if (k == REG_L1)
            step_formula(st, NF_SHORT, "%s|#|", sep, w[d]);
        else
            step_formula(st, NF_SHORT, "%s($^2 + |#|)", sep, w[d], w[d]);
    }
}

static const char *prefers(double r1, double r2)
{
    return r1 < r2 ? "prefers w1" : r2 < r1 ? "prefers w2" : "ties";
}

static void reg_kind_step(walk *w, reg_kind k, double r[3][2])
{
    static const char *const names[] = {"L2", "L1", "elastic net"};
    static const char *const defs[] = {"R(w) = sum_k w_k^2", "R(w) = sum_k |w_k|",
                                       "R(w) = sum_k (w_k^2 + |w_k|)"};
    const walk_inputs *in = &w->in;
    walk_step *st = walk_add(w, NF_SHORT, "%s regularization of w1 and w2", names[k]);
    if (!st)
        return;
    reg_vectors_table(st, in);
    double r1 = loss_reg(in->w1, (size_t)in->dim, k, 1.0, NULL);
    double r2 = loss_reg(in->w2, (size_t)in->dim, k, 1.0, NULL);
    r[k][0] = r1;
    r[k][1] = r2;
    step_formula(st, NF_SHORT, "%s\nR(w1) = ", defs[k]);
    reg_terms(st, in->w1, in->dim, k);
    step_formula(st, NF_SHORT, " = #\nR(w2) = ", r1);
    reg_terms(st, in->w2, in->dim, k);
    step_formula(st, NF_SHORT, " = {#}\n", r2);
    step_formula(st, NF_G6, "lambda R: # x # = # and # x # = #", in->lambda, r1,
                 loss_reg(in->w1, (size_t)in->dim, k, in->lambda, NULL), in->lambda, r2,
                 loss_reg(in->w2, (size_t)in->dim, k, in->lambda, NULL));
    step_result(st, NF_SHORT, "%s %s (R(w1) = #, R(w2) = #)", names[k], prefers(r1, r2), r1, r2);
    if (k == REG_L2)
        step_note(st, NF_SHORT, "Same scores, different penalty: L2 likes weights spread over "
                  "all the inputs.");
    else if (k == REG_L1)
        step_note(st, NF_SHORT, "L1 charges each unit of weight the same wherever it sits.");
    else
        step_note(st, NF_SHORT, "Elastic net adds the two penalties.");
}

static void reg_build(walk *w)
{
    const walk_inputs *in = &w->in;
    int C = in->nclass, y = in->labels[0];
    double s2[MAXC];
    for (int j = 0; j < C; j++)
        s2[j] = 2 * in->scores[0][j];

    walk_step *st = walk_add(w, NF_SHORT, "A W with zero loss on the %s image", cls(in, y));
    reg_scores_table(st, in, s2, 0);
    step_hl(st, y, 0);
    step_formula(st, NF_SHORT, "L_%s = ", cls(in, y));
    double l = svm_expand(st, in->scores[0], C, y, in->margin, whole_scores(in));
    step_result(st, NF_SHORT, "L = #", l);

    st = walk_add(w, NF_SHORT, "2W: every score doubles");
    reg_scores_table(st, in, s2, 1);
    step_hl(st, y, 1);
    step_formula(st, NF_SHORT, "L_%s = ", cls(in, y));
    double l2 = svm_expand(st, s2, C, y, in->margin, whole_scores(in));
    step_result(st, NF_SHORT, "L(W) = #, L(2W) = #", l, l2);
    step_note(st, NF_SHORT, "%s", l == 0 && l2 == 0
                  ? "Both have zero loss: the data alone cannot choose between W and 2W."
                  : "Scaling W scales every margin: the data loss changes with the scale.");

    st = walk_add(w, NF_SHORT, "Data loss plus regularization");
    step_formula(st, NF_SHORT, "L(W) = (1/N) sum_i L_i(f(x_i, W), y_i) + {lambda R(W)}\n"
                 "lambda = #", in->lambda);
    step_result(st, NF_SHORT, "lambda = # trades fitting the data against R(W)", in->lambda);
    step_note(st, NF_SHORT, "The data loss makes the model fit the training data; the "
              "regularization keeps it simple, and breaks ties like W versus 2W.");

    st = walk_add(w, NF_SHORT, "Two weight vectors with the same score");
    reg_vectors_table(st, in);
    step_hl(st, 2, in->dim);
    double d1 = dot(in->w1, in->x, in->dim), d2 = dot(in->w2, in->x, in->dim);
    step_formula(st, NF_SHORT, "w1.x = ");
    for (int d = 0; d < in->dim; d++)
        step_formula(st, NF_SHORT, d ? " + # x $" : "# x $", in->w1[d], in->x[d]);
    step_formula(st, NF_SHORT, " = #\nw2.x = ", d1);
    for (int d = 0; d < in->dim; d++)
        step_formula(st, NF_SHORT, d ? " + # x $" : "# x $", in->w2[d], in->x[d]);
    step_formula(st, NF_SHORT, " = {#}", d2);
    step_result(st, NF_SHORT, "w1.x = #, w2.x = #", d1, d2);
    step_note(st, NF_SHORT, "%s", d1 == d2 ? "Same score, so the same data loss: only R(W) "
                                             "can tell them apart."
                                           : "The scores differ here, so the data losses do too.");

    double r[3][2];
    reg_kind_step(w, REG_L2, r);
    reg_kind_step(w, REG_L1, r);
    reg_kind_step(w, REG_ELASTIC, r);

    static const char *const names[] = {"L2", "L1", "elastic"};
    st = walk_add(w, NF_SHORT, "L2 vs L1 vs elastic net");
    step_table(st, 3, 4, "R");
    step_col(st, 0, "R(w1)");
    step_col(st, 1, "R(w2)");
    step_col(st, 2, "lambda R(w1)");
    step_col(st, 3, "lambda R(w2)");
    for (int k = 0; k < 3; k++) {
        step_row(st, k, names[k]);
        step_cell(st, k, 0, r[k][0], NF_SHORT);
        step_cell(st, k, 1, r[k][1], NF_SHORT);
        step_cell(st, k, 2, in->lambda * r[k][0], NF_G6);
        step_cell(st, k, 3, in->lambda * r[k][1], NF_G6);
        step_formula(st, NF_SHORT, "%s%s: %s", k ? "\n" : "", names[k], prefers(r[k][0], r[k][1]));
    }
    step_hl(st, 0, 1);
    step_result(st, NF_SHORT, "L2 %s, L1 %s", prefers(r[0][0], r[0][1]), prefers(r[1][0], r[1][1]));
}

const walk_def walk_def_regularization = {
    .name = "regularization",
    .summary = "W vs 2W, data loss + lambda R(W), L2 vs L1 vs elastic net",
    .keys = "classes scores labels margin x w1 w2 lambda",
    .defaults = reg_defaults,
    .build = reg_build,
};

/* --- softmax ------------------------------------------------------------ */

static void softmax_defaults(walk_inputs *in)
{
    lecture_table(in);
}

/* Classes down; scores (inputs), exp and probabilities across, the last two
 * filled once computed. */
static void softmax_table(walk_step *st, const walk_inputs *in, const double *e, const double *p,
                          int filled)
{
    step_table(st, in->nclass, 3, "");
    step_col(st, 0, "scores");
    step_col(st, 1, "exp");
    step_col(st, 2, "probability");
    for (int j = 0; j < in->nclass; j++) {
        step_row(st, j, cls(in, j));
        step_input(st, j, 0, in->scores[0][j], score_fmt(in), WF_SCORES, j);
        if (filled >= 1)
            step_cell(st, j, 1, e[j], NF_EXP);
        if (filled >= 2)
            step_cell(st, j, 2, p[j], NF_FIX2);
    }
}

static void softmax_build(walk *w)
{
    const walk_inputs *in = &w->in;
    int C = in->nclass, y = in->labels[0];
    const double *s = in->scores[0];
    double p[MAXC] = {0}, e[MAXC] = {0}, sum = 0;
    double loss = loss_softmax_row(s, C, y, p, NULL);
    /* The unnormalized probabilities the slide shows; the probabilities
     * themselves come from loss_softmax_row, which never forms e^s. */
    for (int j = 0; j < C; j++) {
        e[j] = exp(s[j]);
        sum += e[j];
    }

    walk_step *st = walk_add(w, NF_SHORT, "Softmax: scores are unnormalized log probabilities");
    softmax_table(st, in, e, p, 0);
    step_formula(st, NF_SHORT, "P(Y = k | X = x_i) = e^s_k / sum_j e^s_j\n"
                 "L_i = -log P(Y = y_i | X = x_i)");
    step_note(st, NF_SHORT, "The %s image (true class %s): exponentiate, normalize, then take "
              "minus the log of the correct class's probability.", cls(in, y), cls(in, y));

    st = walk_add(w, NF_SHORT, "Exponentiate: unnormalized probabilities");
    softmax_table(st, in, e, p, 1);
    step_hl(st, y, 1);
    for (int j = 0; j < C; j++) {
        step_formula(st, NF_SHORT, j ? (j % 3 ? ", " : ",\n") : "");
        step_formula(st, NF_SHORT, j == y ? "{exp(@) = " : "exp(@) = ", s[j]);
        step_formula(st, NF_EXP, j == y ? "#}" : "#", e[j]);
    }
    step_result(st, NF_EXP, "exp(s_%s) = #", cls(in, y), e[y]);

    st = walk_add(w, NF_SHORT, "Normalize: probabilities");
    softmax_table(st, in, e, p, 2);
    step_hl(st, y, 2);
    step_formula(st, NF_EXP, "sum = ");
    for (int j = 0; j < C; j++)
        step_formula(st, NF_EXP, j ? " + #" : "#", e[j]);
    step_formula(st, NF_EXP, " = #", sum);
    for (int j = 0; j < C; j++) {
        step_formula(st, NF_EXP, "\n");
        if (j == y)
            step_formula(st, NF_EXP, "{");
        step_formula(st, NF_EXP, "P(%s) = # / # = ", cls(in, j), e[j], sum);
        step_formula(st, NF_FIX2, j == y ? "#}" : "#", p[j]);
    }
    step_result(st, NF_FIX2, "P(%s) = #", cls(in, y), p[y]);
    step_note(st, NF_SHORT, "The probabilities are positive and sum to 1.");

    st = walk_add(w, NF_SHORT, "The loss: minus the log of the correct probability");
    softmax_table(st, in, e, p, 2);
    step_hl(st, y, 2);
    step_formula(st, NF_FIX2, "L_%s = -log P(%s) = {-log(#)} = #", cls(in, y), cls(in, y), p[y],
                 loss);
    step_result(st, NF_FIX2, "L_%s = #", cls(in, y), loss);

    double hi[MAXC], lo[MAXC];
    memcpy(hi, s, sizeof hi);
    memcpy(lo, s, sizeof lo);
    hi[y] += 10;
    lo[y] -= 10;
    double lhi = loss_softmax_row(hi, C, y, NULL, NULL), llo = loss_softmax_row(lo, C, y, NULL, NULL);
    st = walk_add(w, NF_SHORT, "Q: what are the smallest and largest losses?");
    step_table(st, 3, 2, "");
    step_col(st, 0, "s_y");
    step_col(st, 1, "loss");
    step_row(st, 0, "as given");
    step_row(st, 1, "s_y + 10");
    step_row(st, 2, "s_y - 10");
    step_cell(st, 0, 0, s[y], NF_SHORT);
    step_cell(st, 0, 1, loss, NF_SIG3);
    step_cell(st, 1, 0, hi[y], NF_SHORT);
    step_cell(st, 1, 1, lhi, NF_SIG3);
    step_cell(st, 2, 0, lo[y], NF_SHORT);
    step_cell(st, 2, 1, llo, NF_SIG3);
    step_hl(st, 1, 1);
    step_formula(st, NF_SIG3, "s_%s + 10: L = {#}\ns_%s - 10: L = #", cls(in, y), lhi, cls(in, y),
                 llo);
    step_result(st, NF_SHORT, "min 0 (P -> 1), max unbounded (P -> 0)");
    step_note(st, NF_SHORT, "The loss only reaches 0 for an infinite score gap.");

    double zero[MAXC] = {0};
    double l0 = loss_softmax_row(zero, C, 0, NULL, NULL);
    double l10 = loss_softmax_row(zero, 10, 0, NULL, NULL);
    st = walk_add(w, NF_SHORT, "Q: all scores equal (a small random W)?");
    step_table(st, 2, 2, "classes");
    step_col(st, 0, "log C");
    step_col(st, 1, "loss");
    step_row(st, 0, "");
    snprintf(st->row[0], sizeof st->row[0], "%d", C);
    step_row(st, 1, "10");
    step_cell(st, 0, 0, log(C), NF_FIX2);
    step_cell(st, 0, 1, l0, NF_FIX2);
    step_cell(st, 1, 0, log(10), NF_FIX2);
    step_cell(st, 1, 1, l10, NF_FIX2);
    step_hl(st, 1, 1);
    step_formula(st, NF_FIX2, "every P = 1/C: L = -log(1/%d) = log %d = #\n", C, C, l0);
    step_formula(st, NF_FIX2, "10 classes: {-log(1/10) = log 10 = #}", l10);
    step_result(st, NF_FIX2, "L = log C (# for 10 classes)", l10);
    step_note(st, NF_SHORT, "A sanity check for the first iteration.");

    if (in->nrow < 2)
        return;
    double l[WALK_MAX_ROWS];
    st = walk_add(w, NF_SHORT, "Every image");
    step_table(st, in->nrow + 1, 2, "");
    step_col(st, 0, "P(correct)");
    step_col(st, 1, "loss");
    for (int i = 0; i < in->nrow; i++) {
        double pi[MAXC];
        char label[WALK_LABEL_MAX + 8];
        l[i] = loss_softmax_row(in->scores[i], C, in->labels[i], pi, NULL);
        image_label(in, i, label, sizeof label);
        step_row(st, i, label);
        step_cell(st, i, 0, pi[in->labels[i]], NF_FIX2);
        step_cell(st, i, 1, l[i], NF_FIX2);
    }
    step_row(st, in->nrow, "mean");
    step_cell(st, in->nrow, 1, mean(l, in->nrow), NF_FIX2);
    step_hl(st, in->nrow, 1);
    step_formula(st, NF_FIX2, "L = ");
    mean_formula(st, NF_FIX2, l, in->nrow);
    step_result(st, NF_FIX2, "L = #", mean(l, in->nrow));
}

const walk_def walk_def_softmax = {
    .name = "softmax",
    .summary = "softmax cross-entropy: exp, normalize, -log",
    .keys = "classes scores labels",
    .defaults = softmax_defaults,
    .build = softmax_build,
};

/* --- svm vs softmax ----------------------------------------------------- */

static void vs_defaults(walk_inputs *in)
{
    static const double s[3][3] = {{10, -2, 3}, {10, 9, 9}, {10, -100, -100}};
    in->nclass = 3;
    for (int j = 0; j < 3; j++)
        snprintf(in->classes[j], sizeof in->classes[j], "%d", j);
    in->nrow = 3;
    for (int i = 0; i < 3; i++) {
        memcpy(in->scores[i], s[i], sizeof s[i]);
        in->labels[i] = 0;
    }
    in->margin = 1.0;
}

/* Cross-entropy from the core's probabilities. When it rounds to 0 in
 * log(sum), -log1p(-(1 - P_y)) recovers the tiny positive value from the
 * other classes' probabilities, which double precision still holds. */
static double ce(const double *s, int C, int y)
{
    double p[MAXC];
    double l = loss_softmax_row(s, C, y, p, NULL);
    if (l > 1e-12)
        return l;
    double rest = 0;
    for (int j = 0; j < C; j++)
        if (j != y)
            rest += p[j];
    return -log1p(-rest);
}

typedef struct {
    double hinge[WALK_MAX_ROWS], ce[WALK_MAX_ROWS];
} vs_losses;

static void vs_losses_of(const walk_inputs *in, double (*s)[MAXC], vs_losses *o)
{
    for (int i = 0; i < in->nrow; i++) {
        o->hinge[i] = loss_svm_row(s[i], in->nclass, in->labels[i], in->margin, NULL, NULL);
        o->ce[i] = ce(s[i], in->nclass, in->labels[i]);
    }
}

static void vs_table(walk_step *st, const walk_inputs *in, double (*s)[MAXC], const vs_losses *l,
                     int filled, int inputs)
{
    int C = in->nclass < WALK_TCOLS - 2 ? in->nclass : WALK_TCOLS - 2;
    step_table(st, in->nrow, C + 2, "");
    for (int j = 0; j < C; j++) {
        char label[WALK_LABEL_MAX];
        snprintf(label, sizeof label, "s_%s", cls(in, j));
        step_col(st, j, label);
    }
    step_col(st, C, "hinge");
    step_col(st, C + 1, "cross-entropy");
    for (int i = 0; i < in->nrow; i++) {
        char label[WALK_LABEL_MAX + 8];
        snprintf(label, sizeof label, "example %d", i + 1);
        step_row(st, i, label);
        for (int j = 0; j < C; j++)
            step_input(st, i, j, s[i][j], NF_SHORT, inputs ? WF_SCORES : WF_NONE, i * MAXC + j);
        if (i < filled) {
            step_cell(st, i, C, l->hinge[i], NF_SHORT);
            step_cell(st, i, C + 1, l->ce[i], NF_SIG3);
        }
    }
}

/* "-log(e^10 / (e^10 + e^-2 + e^3))" */
static void ce_formula(walk_step *st, const double *s, int C, int y)
{
    step_formula(st, NF_SHORT, "-log(e^# / (", s[y]);
    for (int j = 0; j < C; j++)
        step_formula(st, NF_SHORT, j ? " + e^#" : "e^#", s[j]);
    step_formula(st, NF_SHORT, "))");
}

static void vs_variant(walk *w, const char *title, double (*alt)[MAXC], const vs_losses *base,
                       const char *note)
{
    const walk_inputs *in = &w->in;
    vs_losses l;
    vs_losses_of(in, alt, &l);
    walk_step *st = walk_add(w, NF_SHORT, "%s", title);
    if (!st)
        return;
    vs_table(st, in, alt, &l, in->nrow, 0);
    int C = st->ncols - 2;
    step_hl(st, in->nrow - 1, C + 1);
    for (int i = 0; i < in->nrow; i++) {
        step_formula(st, NF_SIG3, i ? "\n" : "");
        step_formula(st, NF_SIG3, i == in->nrow - 1 ? "{example %d}: hinge # -> #, "
                                                      "cross-entropy # -> #"
                                                    : "example %d: hinge # -> #, "
                                                      "cross-entropy # -> #",
                     i + 1, base->hinge[i], l.hinge[i], base->ce[i], l.ce[i]);
    }
    step_result(st, NF_SIG3, "hinge # -> #, cross-entropy # -> # (example %d)",
                base->hinge[in->nrow - 1], l.hinge[in->nrow - 1], base->ce[in->nrow - 1],
                l.ce[in->nrow - 1], in->nrow);
    step_note(st, NF_SHORT, "%s", note);
}

static void vs_build(walk *w)
{
    const walk_inputs *in = &w->in;
    int C = in->nclass;
    double s[WALK_MAX_ROWS][MAXC];
    memcpy(s, in->scores, sizeof s);
    vs_losses base;
    vs_losses_of(in, s, &base);

    walk_step *st = walk_add(w, NF_SHORT, "Hinge loss vs cross-entropy: three score vectors");
    vs_table(st, in, s, &base, 0, 1);
    step_formula(st, NF_SHORT, "hinge:         L_i = sum over j != y_i of max(0, s_j - s_y_i + #)\n"
                 "cross-entropy: L_i = -log(e^s_y_i / sum_j e^s_j)", in->margin);
    step_note(st, NF_SHORT, "Each example's true class is y = %s.", cls(in, in->labels[0]));

    for (int i = 0; i < in->nrow; i++) {
        int y = in->labels[i];
        st = walk_add(w, NF_SHORT, "Example %d", i + 1);
        if (!st)
            return;
        vs_table(st, in, s, &base, i + 1, 1);
        step_hl(st, i, st->ncols - 1);
        step_formula(st, NF_SHORT, "hinge: ");
        svm_expand(st, s[i], C, y, in->margin, whole_scores(in));
        step_formula(st, NF_SHORT, "\ncross-entropy: {");
        ce_formula(st, s[i], C, y);
        step_formula(st, NF_SIG3, " = #}", base.ce[i]);
        step_result(st, NF_SIG3, "hinge #, cross-entropy #", base.hinge[i], base.ce[i]);
    }

    /* Jiggle: move the runner-up scores a little; the hinge ignores it. */
    double alt[WALK_MAX_ROWS][MAXC];
    memcpy(alt, s, sizeof alt);
    for (int i = 0; i < in->nrow; i++)
        for (int j = 0; j < C; j++)
            if (j != in->labels[i])
                alt[i][j] += 0.5;
    vs_variant(w, "Q: jiggle the scores: every wrong score + 0.5", alt, &base,
               "The hinge loss stays 0 while the margins hold; the cross-entropy moves "
               "with every score.");

    memcpy(alt, s, sizeof alt);
    for (int i = 0; i < in->nrow; i++)
        alt[i][in->labels[i]] *= 2;
    vs_variant(w, "Q: double the correct score", alt, &base,
               "Once the margins are met the SVM is satisfied; softmax always wants the "
               "correct class pushed further.");
}

const walk_def walk_def_svm_vs_softmax = {
    .name = "svm-vs-softmax",
    .summary = "hinge loss and cross-entropy on the same scores",
    .keys = "classes scores labels margin",
    .defaults = vs_defaults,
    .build = vs_build,
};
