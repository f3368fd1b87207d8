#include "loss.h"

#include <math.h>

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

double loss_softmax_row(const double *s, int C, int y, double *probs, double *dscores)
{
    double top = s[0];
    for (int j = 1; j < C; j++)
        top = fmax(top, s[j]);
    double sum = 0.0;
    for (int j = 0; j < C; j++)
        sum += exp(s[j] - top);
    double logsum = log(sum);
    for (int j = 0; j < C; j++) {
        double p = exp(s[j] - top - logsum);
        if (probs)
            probs[j] = p;
        if (dscores)
            dscores[j] = p - (j == y ? 1.0 : 0.0);
    }
    return logsum - (s[y] - top);
}

/* Elastic net here is the plain sum of the L2 and L1 penalties. */
double loss_reg(const double *w, size_t n, reg_kind kind, double lambda, double *grad)
{
    double r = 0.0;
    for (size_t i = 0; i < n; i++) {
        double l2 = w[i] * w[i], l1 = fabs(w[i]);
        double sign = (w[i] > 0) - (w[i] < 0);
        switch (kind) {
        case REG_L2:
            r += l2;
            if (grad)
                grad[i] += lambda * 2.0 * w[i];
            break;
        case REG_L1:
            r += l1;
            if (grad)
                grad[i] += lambda * sign;
            break;
        case REG_ELASTIC:
            r += l2 + l1;
            if (grad)
                grad[i] += lambda * (2.0 * w[i] + sign);
            break;
        }
    }
    return lambda * r;
}
