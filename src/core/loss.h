/* Per-example losses from one row of class scores, and regularization: the
 * pieces the classifier's batch loss is built from and the walkthroughs show. */
#ifndef DESCENT_LOSS_H
#define DESCENT_LOSS_H

#include <stddef.h>

typedef enum { REG_L2, REG_L1, REG_ELASTIC } reg_kind;

/* The loss on a row of class scores (named for the linear classifier, the
 * first model to use it; every model's scores take one of these). */
typedef enum { LINEAR_SVM, LINEAR_SOFTMAX } linear_model;

#define LOSS_CLASSES_MAX 64

/* A model's loss over a batch. */
typedef struct {
    double data_loss; /* mean over the batch */
    double reg_loss;
    double loss;      /* their sum */
} model_loss;

/* Multiclass SVM (Weston-Watkins): sum over j != y of max(0, s_j - s_y + margin).
 * margins (length C, may be NULL) receives each term, 0 at j = y.
 * dscores (may be NULL) receives d loss / d s. */
double loss_svm_row(const double *s, int C, int y, double margin, double *margins,
                    double *dscores);

/* One-vs-all SVM: a binary hinge per class, the true class wanting s_y >= 1
 * and every other s_j <= -1: max(0, 1 - s_y) + sum over j != y of
 * max(0, 1 + s_j). terms and dscores (each may be NULL) as above, terms[y]
 * holding the true class's own hinge. */
double loss_ova_row(const double *s, int C, int y, double *terms, double *dscores);

/* Structured SVM (Crammer-Singer): only the worst offender counts,
 * max(0, max over j != y of s_j - s_y + 1). terms (may be NULL) is 0 but for
 * that class (the lowest index on a tie); dscores as above. */
double loss_structured_row(const double *s, int C, int y, double *terms, double *dscores);

/* Softmax cross-entropy -log(e^{s_y} / sum_j e^{s_j}), computed with the
 * maximum score subtracted. probs (may be NULL) receives the probabilities;
 * dscores (may be NULL) receives probs - onehot(y). */
double loss_softmax_row(const double *s, int C, int y, double *probs, double *dscores);

/* The SVM (margin 1) or softmax loss of one row; dscores (may be NULL). */
double loss_row(linear_model kind, const double *s, int C, int y, double *dscores);

/* R(W): L2 sum w^2, L1 sum |w|, elastic net sum (w^2 + |w|).
 * Returns lambda * R(W); grad (may be NULL) receives lambda * dR/dW added in. */
double loss_reg(const double *w, size_t n, reg_kind kind, double lambda, double *grad);

/* The L2 sum of squares of a range of n entries taken a piece at a time,
 * the pieces in order: loss_squares_begin(n), loss_squares_add for
 * consecutive pieces, then loss_squares_sum is bit for bit the R(W) loss_reg
 * computes over the whole range (the same lanes, each in the same order),
 * so that a pass doing other work over W can make it too. */
typedef struct {
    double r[4];
    size_t at, whole;
} loss_squares;
void loss_squares_begin(loss_squares *q, size_t n);
void loss_squares_add(loss_squares *q, const double *v, size_t n);
double loss_squares_sum(const loss_squares *q);

#endif
