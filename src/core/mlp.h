/* The two-layer net f = W2 act(W1 x + b1) + b2 on mean-subtracted inputs,
 * with the SVM or softmax loss on its scores: forward and backward over
 * whole minibatches with cblas_sgemm (the inputs converted to float a row at
 * a time as they are gathered; the rows split over two threads up to dZ,
 * each with its own partial gradient of the small blocks, then W1's input
 * columns split between them for dW1 and the passes over the weights),
 * evaluation of whole sets in chunks, and the
 * same loss and gradient in double precision with cblas_dgemm for the
 * gradient check.
 *
 * The flat parameter vector is [W1 | b1 | W2 | b2]: W1 is H rows of D, b1
 * H, W2 C rows of H, b2 C, each row-major. The penalty covers W1 and W2,
 * not the biases. */
#ifndef DESCENT_MLP_H
#define DESCENT_MLP_H

#include <stddef.h>
#include <stdint.h>

#include "gradcheck.h"
#include "loss.h"
#include "modeldata.h"
#include "optim.h"
#include "team.h"

typedef enum { MLP_RELU, MLP_TANH, MLP_SIGMOID, MLP_ACT_COUNT } mlp_act;

/* A loss on the scores (n x C) of n rows: fills ds (n x C) with its
 * gradient d loss / d scores, keeping what else it wants in ctx. */
typedef void (*model_dscores_fn)(void *ctx, const double *scores, int n, int C, double *ds);

#define MLP_HIDDEN_MAX 4096

typedef struct {
    linear_model loss;
    int classes; /* C */
    int dim;     /* D */
    int hidden;  /* H */
    mlp_act act;
    reg_kind reg_kind;
    double reg;
    int threads; /* 1 or 2: the minibatch's rows split over two threads */
} mlp_config;

/* What a training step's update pass left in the float weights: the floats
 * of w as optimizer opt left it at step t, with the sums of squares of each
 * part's share (the split at input column `col`). The next step finding
 * the same w, opt, t and split skips converting w again; any other call
 * converts and clears it, and so does mlp_weights_changed, for a caller
 * that writes w itself between steps (optim_reset, t back to 0, is enough
 * too). */
typedef struct {
    const double *w;
    const optim *opt;
    long t;
    int col;
    double sq[2];
} mlp_fresh;

typedef struct {
    mlp_config cfg;
    int rows_max;
    modeldata_convert_fn convert;
    float *mean;           /* D */
    float *w;              /* the parameters as float, the same layout */
    float *x;              /* rows_max x D: the converted batch */
    float *z, *a;          /* rows_max x H: pre-activations, activations */
    float *s, *ds;         /* rows_max x C: scores, d loss / d scores */
    float *dz;             /* rows_max x H */
    float *g[2];           /* the gradient as float, the same layout: dW1
                              whole in g[0], the small blocks' halves in each */
    long *conf;            /* 2 x C x C: each thread's confusion counts */
    team team;             /* the step split over two threads */
    int have_team;
    mlp_fresh fresh;
    double dead;           /* ReLU: fraction of hidden units 0 on every row of
                              the last minibatch; NaN for the other activations */
} mlp;

/* Offsets of the four blocks in the flat vector, and the total. */
typedef struct {
    size_t w1, b1, w2, b2, total;
} mlp_layout;

mlp_layout mlp_layout_of(const mlp_config *c);

/* "relu", "tanh", "sigmoid"; mlp_act_from_name returns -1 for others. */
const char *mlp_act_name(mlp_act a);
int mlp_act_from_name(const char *name);
/* "relu, tanh, sigmoid", for messages. */
const char *mlp_act_names_list(void);

/* Returns 0, or -1 when out of memory (or the sizes are impossible). */
int mlp_init(mlp *m, const mlp_config *c, const double *mean, int batch_max);
void mlp_free(mlp *m);

/* Loss of the minibatch idx[0..n) of d and, when grad is not NULL, its
 * gradient (overwritten), in single precision. */
model_loss mlp_loss_grad(mlp *m, const double *w, const model_data *d, const size_t *idx, int n,
                         double *grad);
/* A training step: mlp_loss_grad and, when that loss is finite, the
 * optimizer's update of w with its gradient, optim_step's bits. With the L2
 * penalty the update is split over the two threads like the rest and fused
 * with the summing of their gradients, a chunk at a time, so that the
 * whole gradient is never written: grad (the parameters' size) is
 * workspace for the other penalties, its contents after unspecified.
 * Returns the loss of w before the update. */
model_loss mlp_train_step(mlp *m, double *w, const model_data *d, const size_t *idx, int n,
                          double *grad, optim *o);
/* w was written by someone else since the last mlp_train_step: the next
 * one converts it again. */
void mlp_weights_changed(mlp *m);
/* Accuracy on all of d; confusion (C x C, may be NULL) as linear_evaluate. */
double mlp_evaluate(mlp *m, const double *w, const model_data *d, long *confusion);

/* The same in double precision. Returns 0, or -1 when out of memory. */
int mlp_loss_grad_exact(const mlp_config *c, const double *mean, const double *w,
                        const model_data *d, const size_t *idx, int n, model_loss *out,
                        double *grad);
/* The gradient check (gradcheck.h); its kinks are the ReLUs' and the SVM
 * hinges' sides. Returns 0, or -1 when out of memory. */
int mlp_gradcheck(const mlp_config *c, const double *mean, const double *w, const model_data *d,
                  const size_t *idx, int n, int k, double h, void *rng, gradcheck_entry *out);
/* The scores (n x C, row-major) of n input rows x (n x D doubles, used as
 * given: no mean), in double precision. Returns 0, or -1 when out of
 * memory. */
int mlp_scores_rows(const mlp_config *c, const double *w, const double *x, int n, double *scores);
/* Backpropagation of a loss the net does not know: one forward pass over
 * the rows x, dscores(ctx, scores, n, C, ds) fills d loss / d scores (n x
 * C) from the scores, and grad (overwritten) receives sum over rows of
 * ds . d scores / d w, the data part only (no penalty). Returns 0, or -1
 * when out of memory. */
int mlp_backward_rows(const mlp_config *c, const double *w, const double *x, int n,
                      model_dscores_fn dscores, void *ctx, double *grad);
/* The predicted class of row i of d, in double precision. */
int mlp_predict(const mlp_config *c, const double *mean, const double *w, const model_data *d,
                size_t i);

#endif
