/* The linear classifier f(x, W) = W x on mean-subtracted images with a
 * constant 1 appended (the bias trick): multiclass SVM or softmax loss and
 * gradient over whole minibatches with cblas_sgemm, evaluation of whole sets,
 * and a gradient check in double precision.
 *
 * W is C rows of D + 1 doubles (the last column is the bias), row-major: the
 * flat vector the optimizer core updates. Images stay uint8; each minibatch is
 * split over two threads, and each thread gathers, converts and
 * mean-subtracts its rows in one pass, a block of rows at a time, each block
 * used by both products (scores, gradient) while it is still in cache. The
 * passes over W (to float, the summed gradient, the regularization, a
 * training step's update) are split between the threads too, and a
 * training step makes them in as few passes as its arithmetic allows. */
#ifndef DESCENT_LINEAR_H
#define DESCENT_LINEAR_H

#include <stddef.h>
#include <stdint.h>

#include "gradcheck.h"
#include "loss.h"
#include "modeldata.h"
#include "optim.h"
#include "team.h"

#define LINEAR_CLASSES_MAX LOSS_CLASSES_MAX

typedef struct {
    linear_model model;
    int classes;  /* C */
    int dim;      /* D: bytes per image */
    reg_kind reg_kind;
    double reg;   /* lambda: L2 adds lambda * sum W^2 */
    int threads;  /* 1 or 2 */
} linear_config;

/* uint8 images or float rows (see modeldata.h). */
typedef model_data linear_data;
typedef model_loss linear_loss;

typedef struct linear_part linear_part;

/* What wf holds when the last training step left it: the floats of w after
 * optimizer o's step t (w NULL: nothing to reuse); with the L2 penalty also
 * the sums of squares of each part's rows of that w, the worker's part
 * from class row wmid (-1: no sums). */
typedef struct {
    const double *w;
    const optim *o;
    long t;
    double sq[2];
    int wmid;
} linear_fresh;

/* Workspace for one model size; not shared between threads. */
typedef struct {
    linear_config cfg;
    int dim1;       /* D + 1 */
    int ld;         /* row stride of the float matrices: D + 1 rounded up to 16
                       floats, so rows start on cache lines (OpenBLAS's kernels
                       run about twice as fast on such rows, measured) */
    int rows_max;   /* rows the buffers hold */
    float *mean;    /* D */
    float *wf;      /* C rows of ld: W as float */
    float *xb;      /* 2 blocks of rows of ld: each thread's converted rows */
    float *scores;  /* rows_max x C */
    float *dscores; /* rows_max x C */
    float *dw[2];   /* per-thread partial gradients, C rows of ld */
    float *xall;    /* rows_max rows of ld: a gathered minibatch (linear_init_shared) */
    const linear_data *gd; /* the gathered minibatch: idx[0..n) of d */
    const size_t *gidx;    /* or NULL: images gstart + r */
    size_t gstart;
    int gn;
    linear_part *parts;
    modeldata_convert_fn convert; /* the fastest this CPU has */
    long *conf[2];  /* per-thread confusion counts, C x C */
    team team;      /* the batch's rows split over two threads */
    int have_team;
    int split;      /* the last batch used both threads */
    linear_fresh fresh;
} linear;

static inline size_t linear_params(const linear_config *c)
{
    return (size_t)c->classes * ((size_t)c->dim + 1);
}

/* The mean image of n images (double, length dim). */
void linear_mean_image(const uint8_t *x, size_t n, int dim, double *mean);

/* Returns 0, or -1 when out of memory (or C above LINEAR_CLASSES_MAX). */
int linear_init(linear *l, const linear_config *cfg, const double *mean, int batch_max);
void linear_free(linear *l);

/* linear_init, with room for a whole minibatch converted once and used by
 * several models of cfg's size and mean (shared: not 0), a sweep's or a
 * race's: linear_gather, then linear_train_step_gathered for each. */
int linear_init_shared(linear *l, const linear_config *cfg, const double *mean, int batch_max,
                       int shared);

/* Loss of the minibatch idx[0..n) of d and, when grad is not NULL, its
 * gradient (length C x (D+1), overwritten), in single precision. */
linear_loss linear_loss_grad(linear *l, const double *w, const linear_data *d, const size_t *idx,
                             int n, double *grad);

/* The minibatch idx[0..n) of d gathered, converted and mean-subtracted once
 * (both threads), for the linear_train_step_gathered calls that follow; d
 * and idx must stay as they are until then. */
void linear_gather(linear *l, const linear_data *d, const size_t *idx, int n);

/* A training step: linear_loss_grad, then, when the loss is finite, w
 * updated by optimizer o, bit for bit what optim_step(o, w, grad) after it
 * gives, in fewer passes over W: each thread updates its rows of W and
 * converts them to float while they are in cache, and the next step on the
 * same w and o uses those floats instead of converting W again. With the
 * L2 penalty the gradient is made a chunk at a time in that same pass, the
 * penalty from the last one's sum of squares: grad is then left as it was
 * (its contents after a step are unspecified, as model_train_step's). */
linear_loss linear_train_step(linear *l, double *w, const linear_data *d, const size_t *idx, int n,
                              double *grad, optim *o);
/* w was changed other than by linear_train_step: its floats are not reused. */
void linear_weights_changed(linear *l);

/* linear_train_step on the gathered minibatch for one model, with cfg's
 * loss and penalty (cfg->model, reg_kind, reg; its size the workspace's):
 * bit for bit what linear_train_step gives on it, the very same products,
 * without converting the rows again. One model after another keeps each
 * model's W and gradient in cache from its products to its update. */
linear_loss linear_train_step_gathered(linear *l, const linear_config *cfg, double *w,
                                       double *grad, optim *o);

/* linear_train_step_gathered of the minibatch gathered in `from`, made in
 * the calling thread alone with own's buffers (own: a workspace of the same
 * size and mean, not in use elsewhere, e.g. the model's own): the two halves
 * of the rows and of W that own's two threads would take, one after the
 * other, so bit for bit what linear_train_step(own, ...) gives on that
 * minibatch. Two such calls may run at once on different own workspaces
 * (two models of a sweep, one per thread). */
linear_loss linear_train_step_alone(linear *own, const linear *from, const linear_config *cfg,
                                    double *w, double *grad, optim *o);

/* Images [start, start + n) of d (n up to rows_max) gathered and converted
 * once, as linear_gather, for the linear_correct_alone calls that follow:
 * an evaluation chunk several models of a sweep or a race predict on. */
void linear_gather_images(linear *l, const linear_data *d, size_t start, int n);

/* How many of the images gathered in `from` (linear_gather_images) W
 * predicts right, made in the calling thread alone with own's buffers (as
 * linear_train_step_alone): the very products linear_evaluate makes with own
 * on a chunk of those images, when own's rows_max is the chunk's size or
 * more. Two such calls may run at once on different own workspaces. */
long linear_correct_alone(linear *own, const linear *from, const double *w);

/* One model of linear_train_step_group: its own workspace (as for
 * linear_train_step_alone), loss and penalty, W, gradient and optimizer;
 * out receives its loss. */
typedef struct {
    linear *own;
    const linear_config *cfg;
    double *w;
    double *grad;
    optim *o;
    linear_loss out;
} linear_member;

/* Most members of one linear_train_step_group call made together. */
#define LINEAR_GROUP_MAX 8

/* linear_train_step_alone for each of g[0..count), bit for bit, made
 * together in the calling thread: each block of the gathered rows goes
 * through every member's products while it is in cache, instead of the
 * whole minibatch coming back from memory for each model. The members'
 * workspaces must be alike (size, mean, threads). */
void linear_train_step_group(linear_member *g, int count, const linear *from);

/* Accuracy of W on all of d, in chunks. confusion (C x C, may be NULL)
 * receives counts: row = true class, column = predicted. */
double linear_evaluate(linear *l, const double *w, const linear_data *d, long *confusion);

/* The same loss and gradient in double precision with cblas_dgemm, for the
 * gradient check and tests. Returns 0, or -1 when out of memory. */
int linear_loss_grad_exact(const linear_config *cfg, const double *mean, const double *w,
                           const linear_data *d, const size_t *idx, int n, linear_loss *out,
                           double *grad);

/* Compares the analytic gradient with centered differences (step h) at k
 * entries of W drawn from rng, on the minibatch idx[0..n) of d, all in
 * double precision. For the SVM, when some hinge changes sides between
 * w - h and w + h the step is shrunk (by 100, up to 3 times) and the check
 * says so. Returns 0, or -1 when out of memory. */
int linear_gradcheck(const linear_config *cfg, const double *mean, const double *w,
                     const linear_data *d, const size_t *idx, int n, int k, double h,
                     void *gsl_rng, gradcheck_entry *out);

#endif
