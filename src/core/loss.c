#include "loss.h"

#include <math.h>
#include <string.h>

double loss_svm_row(const double *s, int C, int y, double margin, double *margins,
                    double *dscores)
{
    double loss = 0.0;
    int positive = 0;
    for (int j = 0; j < C; j++) {
        double m = j == y ? 0.0 : fmax(0.0, s[j] - s[y] + margin);
        if (margins)
            margins[j] = m;
        if (dscores)
            dscores[j] = m > 0 ? 1.0 : 0.0;
        positive += m > 0;
        loss += m;
    }
    if (dscores)
        dscores[y] = -(double)positive;
    return loss;
}

double loss_ova_row(const double *s, int C, int y, double *terms, double *dscores)
{
    double loss = 0.0;
    for (int j = 0; j < C; j++) {
        double t = j == y ? 1.0 : -1.0; /* the binary target of class j */
        double m = fmax(0.0, 1.0 - t * s[j]);
        if (terms)
            terms[j] = m;
        if (dscores)
            dscores[j] = m > 0 ? -t : 0.0;
        loss += m;
    }
    return loss;
}

double loss_structured_row(const double *s, int C, int y, double *terms, double *dscores)
{
    int worst = -1;
    for (int j = 0; j < C; j++)
        if (j != y && (worst < 0 || s[j] > s[worst]))
            worst = j;
    double m = worst < 0 ? 0.0 : fmax(0.0, s[worst] - s[y] + 1.0);
    for (int j = 0; j < C; j++) {
        if (terms)
            terms[j] = j == worst ? m : 0.0;
        if (dscores)
            dscores[j] = m > 0 && j == worst ? 1.0 : m > 0 && j == y ? -1.0 : 0.0;
    }
    return m;
}

/* Each exponential is taken once (the training loop calls this for every
 * image): kept in probs or dscores when the caller gave one, then scaled. */
double loss_softmax_row(const double *s, int C, int y, double *probs, double *dscores)
{
    double top = s[0];
    for (int j = 1; j < C; j++)
        top = fmax(top, s[j]);
    double *keep = probs ? probs : dscores;
    double sum = 0.0;
    for (int j = 0; j < C; j++) {
        double e = exp(s[j] - top);
        if (keep)
            keep[j] = e;
        sum += e;
    }
    for (int j = 0; keep && j < C; j++) {
        double p = keep[j] / sum;
        if (probs)
            probs[j] = p;
        if (dscores)
            dscores[j] = p - (j == y ? 1.0 : 0.0);
    }
    return log(sum) - (s[y] - top);
}

/* Elastic net here is the plain sum of the L2 and L1 penalties. One loop
 * per kind with no branch inside, 4 entries at a time with 4 partial sums,
 * so that each compiles to vector code: this runs over all 30730 CIFAR
 * weights every training iteration. */
void loss_squares_begin(loss_squares *q, size_t n)
{
    *q = (loss_squares){.r = {0, 0, 0, 0}, .at = 0, .whole = n / 4 * 4};
}

void loss_squares_add(loss_squares *restrict q, const double *restrict v, size_t n)
{
    double r[4] = {q->r[0], q->r[1], q->r[2], q->r[3]};
    size_t i = 0, at = q->at;
    for (; i < n && (at & 3) && at < q->whole; i++, at++)
        r[at & 3] += v[i] * v[i];
    for (; i + 4 <= n && at + 4 <= q->whole; i += 4, at += 4)
        for (int k = 0; k < 4; k++)
            r[k] += v[i + k] * v[i + k];
    for (; i < n; i++, at++)
        r[at < q->whole ? at & 3 : 0] += v[i] * v[i];
    memcpy(q->r, r, sizeof r);
    q->at = at;
}

double loss_squares_sum(const loss_squares *q)
{
    return (q->r[0] + q->r[1]) + (q->r[2] + q->r[3]);
}

static double reg_l2(const double *restrict w, size_t n, double lambda, double *restrict grad)
{
    loss_squares q;
    loss_squares_begin(&q, n);
    loss_squares_add(&q, w, n);
    if (grad) {
        double g = 2.0 * lambda;
        size_t i = 0;
        for (; i + 4 <= n; i += 4)
            for (int k = 0; k < 4; k++)
                grad[i + k] += g * w[i + k];
        for (; i < n; i++)
            grad[i] += g * w[i];
    }
    return loss_squares_sum(&q);
}

static double sign(double x)
{
    return (double)((x > 0) - (x < 0));
}

static double reg_l1(const double *restrict w, size_t n, double lambda, double *restrict grad)
{
    double r[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (int k = 0; k < 4; k++)
            r[k] += fabs(w[i + k]);
    for (; i < n; i++)
        r[0] += fabs(w[i]);
    if (grad)
        for (i = 0; i < n; i++)
            grad[i] += lambda * sign(w[i]);
    return (r[0] + r[1]) + (r[2] + r[3]);
}

double loss_row(linear_model kind, const double *s, int C, int y, double *dscores)
{
    if (kind == LINEAR_SVM)
        return loss_svm_row(s, C, y, 1.0, NULL, dscores);
    return loss_softmax_row(s, C, y, NULL, dscores);
}

double loss_reg(const double *w, size_t n, reg_kind kind, double lambda, double *grad)
{
    double r = 0.0;
    switch (kind) {
    case REG_L2: r = reg_l2(w, n, lambda, grad); break;
    case REG_L1: r = reg_l1(w, n, lambda, grad); break;
    case REG_ELASTIC: r = reg_l2(w, n, lambda, grad) + reg_l1(w, n, lambda, grad); break;
    }
    return lambda * r;
}
