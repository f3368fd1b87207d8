/* The model interface: what the trainer, the live panel's worker, the
 * gradient check, the checkpoint and the screens know of a classifier. A
 * model is a kind (the linear classifier; room for the two-layer net) and a
 * loss on its class scores (multiclass SVM or softmax), over one flat vector
 * of doubles that the optimizer core updates. The model knows how many
 * parameters it has and how they are laid out in named blocks (W, b; W1,
 * b1, W2, b2), computes loss and gradient over a minibatch in single
 * precision with cblas_sgemm and exactly in double precision, evaluates a
 * set and predicts one example. Inputs are model_data: uint8 images or
 * float rows. No model is known by name above this file. */
#ifndef DESCENT_MODEL_H
#define DESCENT_MODEL_H

#include <stddef.h>

#include "gradcheck.h"
#include "linear.h"
#include "loss.h"
#include "mlp.h"
#include "modeldata.h"

typedef enum { MODEL_LINEAR, MODEL_MLP, MODEL_ARCH_COUNT } model_arch;

typedef struct {
    model_arch arch;
    linear_model loss; /* LINEAR_SVM or LINEAR_SOFTMAX, on the class scores */
    int classes;       /* C */
    int dim;           /* D: values per example */
    int hidden;        /* H: the net's hidden units (MODEL_MLP) */
    mlp_act act;       /* its activation */
    reg_kind reg_kind;
    double reg;
    int threads;       /* 1 or 2 */
} model_config;

#define MODEL_BLOCKS_MAX 4

/* A named block of the flat vector: entry (r, c) is at offset + r * stride + c. */
typedef struct {
    const char *name;
    size_t offset;
    int rows, cols, stride;
    int regularized; /* the penalty applies to it */
} model_block;

typedef struct {
    model_config cfg;
    linear lin; /* MODEL_LINEAR */
    mlp net;    /* MODEL_MLP */
} model;

size_t model_params(const model_config *c);
/* Fills out (MODEL_BLOCKS_MAX entries); returns how many blocks. */
int model_blocks(const model_config *c, model_block *out);
/* The block holding entry `index`, and its row and column there. */
int model_block_of(const model_config *c, size_t index, int *row, int *col);

/* The initial parameters: std * randn drawn from rng (a gsl_rng); the
 * net's biases start at 0 (CS231n's TwoLayerNet), the linear model's bias
 * column is drawn with W as it always was here. */
void model_init_weights(const model_config *c, double *w, double std, void *rng);

/* The workspace for minibatches of up to batch_max rows, with the mean row
 * (D doubles) subtracted from every input. Returns 0, or -1 when out of
 * memory or the sizes are impossible. */
int model_init(model *m, const model_config *c, const double *mean, int batch_max);
void model_free(model *m);
/* The most rows one model_loss_grad call takes. */
int model_rows_max(const model *m);
/* A new loss or penalty between two calls (the same parameter layout). */
void model_set_loss(model *m, linear_model loss, reg_kind penalty, double reg);
/* Per weight block (W; W1, W2): norm of the last update over norm of the
 * weights, CS231n's health meter (about 1e-3 is right). blocks and ratio
 * receive up to MODEL_BLOCKS_MAX; returns how many. */
int model_update_ratios(const model_config *c, const double *w, const double *delta,
                        const char **blocks, double *ratio);

/* The fraction of hidden ReLU units no example of the last minibatch
 * switched on; NaN where the model has none. */
double model_dead_fraction(const model *m);

/* Loss of the minibatch idx[0..n) of d and, when grad is not NULL, its
 * gradient (model_params entries, overwritten), in single precision. */
model_loss model_loss_grad(model *m, const double *w, const model_data *d, const size_t *idx,
                           int n, double *grad);
/* A training step: model_loss_grad and, when that loss is finite,
 * optim_step(o, w, with its gradient) (both models split and fuse it: the
 * same bits). grad: workspace of model_params entries, its contents after
 * unspecified. Returns the loss of w before the update. Both keep w's floats
 * from the update for the next step: a caller that writes w itself between
 * steps says so with model_weights_changed (or resets o). */
model_loss model_train_step(model *m, double *w, const model_data *d, const size_t *idx, int n,
                            double *grad, optim *o);
void model_weights_changed(model *m);
/* Accuracy on all of d; confusion (C x C, may be NULL) receives counts,
 * row = true class, column = predicted. */
double model_evaluate(model *m, const double *w, const model_data *d, long *confusion);

/* The same loss and gradient in double precision. Returns 0, or -1 when out
 * of memory. */
int model_loss_grad_exact(const model_config *c, const double *mean, const double *w,
                          const model_data *d, const size_t *idx, int n, model_loss *out,
                          double *grad);
/* The scores (n x C, row-major) of n input rows x (n x D doubles, used as
 * given: no mean), in double precision. Returns 0, or -1 when out of
 * memory. */
int model_scores_rows(const model_config *c, const double *w, const double *x, int n,
                      double *scores);
/* Backpropagation of a loss the model does not know (the playground's
 * four): one forward pass over the rows x, dscores(ctx, scores, n, C, ds)
 * fills d loss / d scores (n x C) from the scores, and grad (model_params
 * entries, overwritten) receives sum over rows of ds . d scores / d w, the
 * data part only (no penalty). Returns 0, or -1 when out of memory. */
int model_backward_rows(const model_config *c, const double *w, const double *x, int n,
                        model_dscores_fn dscores, void *ctx, double *grad);
/* The gradient check (gradcheck.h) at k entries drawn from rng, on the
 * minibatch idx[0..n) of d, each entry naming its block. Returns 0, or -1
 * when out of memory. */
int model_gradcheck(const model_config *c, const double *mean, const double *w,
                    const model_data *d, const size_t *idx, int n, int k, double h, void *rng,
                    gradcheck_entry *out);
/* The predicted class of row i of d, in double precision. */
int model_predict(const model_config *c, const double *mean, const double *w,
                  const model_data *d, size_t i);

/* "svm", "softmax"; model_loss_from_name returns -1 for other names. */
const char *model_loss_name(linear_model loss);
int model_loss_from_name(const char *name);
/* "linear", "mlp"; model_arch_from_name returns -1 for other names. */
const char *model_arch_name(model_arch a);
int model_arch_from_name(const char *name);
/* What the panel's banner says: "a linear SVM", "a softmax classifier",
 * "a two-layer net (100 relu, softmax)". */
const char *model_describe(const model_config *c, char *buf, size_t len);

#endif
