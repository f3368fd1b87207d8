#include "landpath.h"

#include <lbfgs.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int landpath_train(const train_config *cfg, int classes, int dim, const model_data *train,
                   const model_data *val, size_t n, const double *mean, const double *w0,
                   long every, landpath_record rec, void *ctx, landpath_end *end, char *err,
                   size_t errlen)
{
    memset(end, 0, sizeof *end);
    train_config c = *cfg;
    c.eval_every = 0; /* no accuracies on the way: they would draw nothing, but cost */
    trainer t;
    if (trainer_init(&t, &c, classes, dim, train, val, mean, w0, err, errlen) < 0)
        return -1;
    if (every < 1)
        every = 1;
    int rc = rec(ctx, 0, t.w);
    while (rc == 0 && t.iter < c.iters) {
        if (trainer_step(&t) < 0) {
            end->diverged = 1;
            break;
        }
        if (t.iter % every == 0 || t.iter == c.iters)
            rc = rec(ctx, t.iter, t.w);
    }
    /* a diverged racer's path ends at its last finite point, recorded here */
    if (rc == 0 && end->diverged && t.iter % every != 0)
        rc = rec(ctx, t.iter, t.w);
    end->iters = t.iter;
    end->loss = trainer_loss(&t, train, n);
    end->val_acc = val->n ? trainer_evaluate(&t, val, NULL) : NAN;
    trainer_free(&t);
    if (rc < 0)
        snprintf(err, errlen, "out of memory recording the path");
    return rc;
}

typedef struct {
    model m;
    const model_data *d;
    size_t *idx;
    int n;
    landpath_record rec;
    void *ctx;
    int failed;
    long iters; /* the last iteration reported */
} lbfgs_ctx;

static lbfgsfloatval_t objective(void *inst, const lbfgsfloatval_t *x, lbfgsfloatval_t *g,
                                 const int n, const lbfgsfloatval_t step)
{
    (void)n;
    (void)step;
    lbfgs_ctx *c = inst;
    return model_loss_grad(&c->m, x, c->d, c->idx, c->n, g).loss;
}

static int progress(void *inst, const lbfgsfloatval_t *x, const lbfgsfloatval_t *g,
                    const lbfgsfloatval_t fx, const lbfgsfloatval_t xnorm,
                    const lbfgsfloatval_t gnorm, const lbfgsfloatval_t step, int n, int k, int ls)
{
    (void)g, (void)fx, (void)xnorm, (void)gnorm, (void)step, (void)n, (void)ls;
    lbfgs_ctx *c = inst;
    c->iters = k;
    if (c->rec(c->ctx, k, x) < 0) {
        c->failed = 1;
        return 1;
    }
    return 0;
}

static const char *stop_reason(int status)
{
    switch (status) {
    case LBFGS_SUCCESS: return "converged (gradient norm)";
    case LBFGS_STOP: return "converged (no more decrease)";
    case LBFGS_ALREADY_MINIMIZED: return "already at a minimum";
    case LBFGSERR_MAXIMUMITERATION: return "iteration limit";
    case LBFGSERR_ROUNDING_ERROR: return "rounding limits the line search";
    case LBFGSERR_MAXIMUMLINESEARCH: return "line search limit";
    case LBFGSERR_CANCELED: return "canceled";
    default: return "line search failed";
    }
}

int landpath_lbfgs(const model_config *cfg, const model_data *train, const model_data *val,
                   size_t n, const double *mean, const double *w0, int max_iters,
                   landpath_record rec, void *ctx, landpath_end *end, char *err, size_t errlen)
{
    memset(end, 0, sizeof *end);
    size_t p = model_params(cfg);
    if (n > train->n)
        n = train->n;
    if (n == 0 || n > 100000000) {
        snprintf(err, errlen, "L-BFGS needs training images");
        return -1;
    }
    lbfgs_ctx c = {.d = train, .n = (int)n, .rec = rec, .ctx = ctx};
    c.idx = malloc(n * sizeof *c.idx);
    lbfgsfloatval_t *x = lbfgs_malloc((int)p);
    if (!c.idx || !x || model_init(&c.m, cfg, mean, (int)n) < 0) {
        free(c.idx);
        lbfgs_free(x);
        snprintf(err, errlen, "out of memory setting up L-BFGS (%zu weights)", p);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        c.idx[i] = i;
    memcpy(x, w0, p * sizeof *x);
    lbfgs_parameter_t param;
    lbfgs_parameter_init(&param);
    param.max_iterations = max_iters;
    int rc = rec(ctx, 0, x) < 0 ? -1 : 0;
    lbfgsfloatval_t fx = 0;
    int status = rc == 0 && max_iters > 0
                     ? lbfgs((int)p, x, &fx, objective, progress, &c, &param)
                     : LBFGSERR_MAXIMUMITERATION;
    end->stop = stop_reason(status);
    end->iters = c.iters;
    if (rc == 0 && !c.failed) {
        end->loss = model_loss_grad(&c.m, x, train, c.idx, c.n, NULL);
        end->val_acc = val->n ? model_evaluate(&c.m, x, val, NULL) : NAN;
    } else {
        rc = -1;
        snprintf(err, errlen, "out of memory recording the L-BFGS path");
    }
    model_free(&c.m);
    free(c.idx);
    lbfgs_free(x);
    return rc;
}
