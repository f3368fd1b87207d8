/* The 2-D classification playground's models: a linear classifier on a
 * feature transform of points (x, y), with the CS231n demo's four losses
 * (Weston-Watkins SVM, one-vs-all SVM, structured SVM, softmax) and L2 on
 * the weights; or the two-layer net, which is core/model.h's (the same
 * core/mlp.c as descent train's) fed the features as double rows, its
 * scores going to the same four losses. Pure functions in double
 * precision, no terminal or files.
 *
 * The parameters are one flat vector, the one optim_step updates: W as C
 * rows of F weights, then the C biases. Only W is regularized (as in the
 * demo): loss = mean over points of L_i + reg * sum W^2. */
#ifndef DESCENT_CLASSIFY_H
#define DESCENT_CLASSIFY_H

#include <stddef.h>

#include "mlp.h"
#include "optim.h"
#include "surface.h"

#define CLASSIFY_CLASSES_MAX 5
#define CLASSIFY_FEATURES_MAX 7

typedef enum { CLASSIFY_SVM, CLASSIFY_OVA, CLASSIFY_STRUCTURED, CLASSIFY_SOFTMAX,
               CLASSIFY_LOSS_COUNT } classify_loss;

typedef enum { FEATURES_RAW, FEATURES_POLAR, FEATURES_PLAYGROUND, FEATURES_COUNT } classify_features;

#define CLASSIFY_HIDDEN_MAX 512

/* A linear classifier (hidden 0): s = W phi + b; or the two-layer net:
 * s = W2 act(W1 phi + b1) + b2, with H = hidden units. */
typedef struct {
    classify_loss loss;
    classify_features features;
    int classes; /* C, 2..CLASSIFY_CLASSES_MAX */
    double reg;  /* lambda */
    int hidden;  /* H: 0 for the linear classifier, else 1..CLASSIFY_HIDDEN_MAX */
    mlp_act act;
} classify_model;

/* Labelled points, as the data sets hand them over. */
typedef struct {
    const double *x, *y;
    const int *label;
    size_t n;
} classify_points;

typedef struct {
    double data_loss, reg_loss, loss;
    double accuracy; /* fraction of points whose top score is their class */
} classify_totals;

/* "svm", "ova", "structured", "softmax"; and back (-1: unknown). */
const char *classify_loss_name(classify_loss l);
int classify_loss_from_name(const char *name);
/* A line for the listing: "Weston-Watkins multiclass SVM". */
const char *classify_loss_note(classify_loss l);
const char *classify_loss_names_list(void);

/* "raw", "polar", "playground"; and back (-1: unknown). */
const char *classify_features_name(classify_features f);
int classify_features_from_name(const char *name);
const char *classify_features_names_list(void);
/* F, and the name of input i ("x", "theta", "sin y", ...). */
int classify_feature_count(classify_features f);
const char *classify_feature_label(classify_features f, int i);
/* phi(x, y) into out[F]: raw (x, y); polar (r, theta) with theta =
 * atan2(y, x) in (-pi, pi]; playground (x, y, x^2, y^2, xy, sin x, sin y),
 * TensorFlow Playground's inputs. */
void classify_features_of(classify_features f, double x, double y, double *out);

/* "mlp" for the net, else the loss's name ("svm", ...), as --model takes it. */
const char *classify_model_name(const classify_model *m);
/* A line: "Weston-Watkins multiclass SVM", or "two-layer net, 100 relu
 * units, softmax cross-entropy". */
void classify_model_note(const classify_model *m, char *buf, size_t len);

/* C * F + C for the linear classifier; H * F + H + C * H + C for the net,
 * laid out W1 (H rows of F), b1, W2 (C rows of H), b2. Only W (W1, W2) is
 * regularized. */
size_t classify_param_count(const classify_model *m);
/* Class j's row of the output layer (W's, or W2's) and its bias: the offset
 * of the row in the parameters, its length (F, or H) and the bias's offset. */
void classify_row(const classify_model *m, int j, size_t *row, int *len, size_t *bias);
/* Parameter k's name: "W[1][x]", "b[1]"; the net's "W1[3][y]", "b1[3]",
 * "W2[1][3]", "b2[1]". */
void classify_param_name(const classify_model *m, size_t k, char *buf, size_t len);
/* The scores s_j = W_j . phi(x, y) + b_j (the net's: its output layer's)
 * into s[C]; all NaN if memory ran out. */
void classify_scores(const classify_model *m, const double *params, double x, double y, double *s);
/* The scores of n points (x[i], y[i]) into s (n x C, row-major), in one
 * call into the model: what the screen's regions use. Returns 0, or -1
 * when out of memory. */
int classify_scores_many(const classify_model *m, const double *params, const double *x,
                         const double *y, size_t n, double *s);
/* The loss of one point from its scores: terms[C] (may be NULL) receives
 * the per-class parts (hinge terms; for softmax the probabilities, with the
 * loss -log p_y returned), dscores[C] (may be NULL) dL/ds. */
double classify_point_loss(const classify_model *m, const double *s, int label, double *terms,
                           double *dscores);
/* The index of the top score (the lowest on a tie). */
int classify_predict(const double *s, int C);
/* How sure the model is at scores s, in [0, 1]: the top probability rescaled
 * from [1/C, 1] for softmax, the top score's lead over the second (capped at
 * the margin 1) for the SVMs. The screen shades the regions by it. */
double classify_confidence(const classify_model *m, const double *s);

/* Data loss, regularization loss, their sum and the accuracy over the
 * points; grad (may be NULL, length classify_param_count) receives the
 * gradient of the loss. The loss is NaN if memory ran out. */
classify_totals classify_evaluate(const classify_model *m, const double *params,
                                  const classify_points *p, double *grad);

/* The playground's default settings of optimizer k: torch's, with a
 * learning rate that trains the demo's points in a few hundred full-batch
 * steps (sgd 0.1, momentum and nesterov 0.01, adagrad 0.1, rmsprop 0.01,
 * adam 0.1). The one table the command, the screen and its race use. */
optim_params classify_optim_defaults(optim_kind k);

/* A square view [x0, x1, y0, y1] around the points, with a margin. */
void classify_bounds(const classify_points *p, double view[4]);

/* Training on the whole set (it is small): each step takes the gradient
 * over every point and hands it to optim_step. `now` is always the totals
 * at the current parameters. */
typedef struct {
    classify_model m;
    classify_points pts;
    size_t n;       /* parameters */
    double *params; /* W rows, then b */
    double *start;  /* where reset goes back to */
    double *grad;
    optim opt;
    long iter;
    classify_totals now;
} classify_trainer;

/* Copies params0 (n = classify_param_count) as the start. Returns 0 or -1
 * (out of memory). */
int classify_trainer_init(classify_trainer *t, const classify_model *m, const classify_points *p,
                          const double *params0, const optim_params *op);
void classify_trainer_free(classify_trainer *t);
/* One full-batch update. Returns 0, or -1 when the loss stopped being finite. */
int classify_trainer_step(classify_trainer *t);
/* Recomputes `now` after the parameters were changed by hand. */
void classify_trainer_refresh(classify_trainer *t);
/* Back to the start parameters, step 0, the optimizer's state cleared. */
void classify_trainer_reset(classify_trainer *t);
/* Another optimizer from the current parameters (its state starts empty). */
int classify_trainer_set_optim(classify_trainer *t, const optim_params *op);

/* The loss as a function of two of the parameters, the others held where
 * they are: a surface the explorer can race the optimizers on. */
typedef struct {
    classify_model m;
    classify_points pts;
    size_t n, i, j;   /* parameters; the two that vary */
    double *params;   /* scratch: the held values, i and j set per call */
    double *grad;     /* scratch */
    char name[64], formula[128];
} classify_slice;

/* Copies params. Returns 0 or -1 (out of memory). */
int classify_slice_init(classify_slice *s, const classify_model *m, const classify_points *p,
                        const double *params, size_t i, size_t j);
void classify_slice_free(classify_slice *s);
/* The surface of s (which must outlive it), named for its two parameters
 * ("svm loss over W[2][x], b[2]"): f(x, y) is the loss with parameter i at
 * x and j at y, its gradient the model's, its Hessian by
 * centered differences of that gradient. Starts at the held values; the
 * view is a square around them. */
surface classify_slice_surface(classify_slice *s);

#endif
