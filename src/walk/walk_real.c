/* The walk_model of real images: the classifier's own loss and gradient
 * (linear_loss_grad_exact in double precision for the gradient walkthrough,
 * linear_loss_grad in single precision where many losses are needed), its
 * gradient check, its evaluation and its trainer, on the first
 * WALK_DATA_LOSS_IMAGES training images of a walk_data, mean-subtracted by
 * the mean of all its training images. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "../core/linear.h"
#include "../core/train.h"
#include "walkpriv.h"

#define SGD_BATCH 200

typedef struct {
    linear_config cfg;
    const walk_data *d;
    double *mean;
    size_t *idx; /* 0 .. nloss - 1 */
    int nloss;
    linear_data train, test;
    linear lin;
    int have_lin;
} real_ctx;

static double real_loss(const walk_model *m, const double *w, double *grad)
{
    const real_ctx *c = m->ctx;
    linear_loss out;
    if (linear_loss_grad_exact(&c->cfg, c->mean, w, &c->train, c->idx, c->nloss, &out, grad) < 0)
        return NAN;
    return out.loss;
}

static double real_fast_loss(const walk_model *m, const double *w)
{
    real_ctx *c = (real_ctx *)m->ctx;
    return linear_loss_grad(&c->lin, w, &c->train, c->idx, c->nloss, NULL).loss;
}

static int real_correct(const walk_model *m, const double *w)
{
    real_ctx *c = (real_ctx *)m->ctx;
    if (c->test.n == 0)
        return 0;
    return (int)lround(linear_evaluate(&c->lin, w, &c->test, NULL) * (double)c->test.n);
}

/* "cat,17" or "cat,bias", the class name shortened so that the number
 * always fits. */
static void real_param_name(const walk_model *m, int k, char *buf, size_t len)
{
    const real_ctx *c = m->ctx;
    int cls = k / m->cols, j = k % m->cols;
    char tail[16];
    if (j == c->d->dim)
        snprintf(tail, sizeof tail, ",bias");
    else
        snprintf(tail, sizeof tail, ",%d", j + 1);
    int room = (int)len - 1 - (int)strlen(tail);
    snprintf(buf, len, "%.*s%s", room > 0 ? room : 0, c->d->class_names[cls], tail);
}

/* The classifier's gradient check (as `descent train --gradcheck`), at k
 * entries drawn with the inputs' seed. */
static int real_check(const walk_model *m, const walk_inputs *in, const double *w, int k,
                      gradcheck_entry *out)
{
    const real_ctx *c = m->ctx;
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r)
        return -1;
    gsl_rng_set(r, in->seed + 1);
    int rc = linear_gradcheck(&c->cfg, c->mean, w, &c->train, c->idx, c->nloss, k, 1e-5, r, out);
    gsl_rng_free(r);
    return rc;
}

/* The classifier's trainer: minibatches of SGD_BATCH drawn from every
 * training image, from W = 1e-4 randn; the loss and accuracy at the marks
 * are the walkthrough's (loss images, held-out images). */
static int real_descend(const walk_model *m, const walk_inputs *in, const long *marks,
                        int nmarks, double *loss, int *correct)
{
    real_ctx *c = (real_ctx *)m->ctx;
    train_config cfg = train_defaults();
    cfg.model = c->cfg.model;
    cfg.reg_kind = REG_L2;
    cfg.reg = in->lambda;
    cfg.opt = optim_defaults(OPTIM_SGD);
    cfg.opt.lr = in->lr;
    cfg.batch = SGD_BATCH;
    cfg.iters = in->steps;
    cfg.seed = in->seed;
    cfg.eval_every = 0;
    cfg.eval_train_n = 0;
    cfg.init_scale = m->scale;
    cfg.threads = 1;
    linear_data none = {NULL, NULL, 0, NULL};
    trainer t;
    char err[256];
    if (trainer_init(&t, &cfg, c->d->classes, c->d->dim, &c->train, &none, c->mean, NULL, err,
                     sizeof err) < 0)
        return -1;
    int rc = 0;
    for (int k = 0; k < nmarks && rc == 0; k++) {
        while (t.iter < marks[k] && rc == 0)
            rc = trainer_step(&t);
        loss[k] = trainer_loss(&t, &c->train, (size_t)c->nloss).loss;
        correct[k] = c->test.n ? (int)lround(trainer_evaluate(&t, &c->test, NULL) *
                                             (double)c->test.n)
                               : 0;
    }
    trainer_free(&t);
    return rc;
}

int walk_real_model(walk_model *m, const walk_inputs *in, const walk_data *d)
{
    memset(m, 0, sizeof *m);
    real_ctx *c = calloc(1, sizeof *c);
    if (!c || d->n == 0 || d->classes < 2 || d->classes > WALK_MAX_CLASSES) {
        free(c);
        return -1;
    }
    c->d = d;
    c->cfg = (linear_config){in->loss == WALK_LOSS_SVM ? LINEAR_SVM : LINEAR_SOFTMAX,
                             d->classes, d->dim, REG_L2, in->lambda, 1};
    c->nloss = d->n < WALK_DATA_LOSS_IMAGES ? (int)d->n : WALK_DATA_LOSS_IMAGES;
    c->train = (linear_data){d->x, d->y, d->n, NULL};
    c->test = (linear_data){d->tx, d->ty, d->tn < WALK_DATA_TEST_IMAGES ? d->tn
                                                                       : WALK_DATA_TEST_IMAGES, NULL};
    c->mean = malloc((size_t)d->dim * sizeof *c->mean);
    c->idx = malloc((size_t)c->nloss * sizeof *c->idx);
    if (!c->mean || !c->idx)
        goto fail;
    for (int i = 0; i < c->nloss; i++)
        c->idx[i] = (size_t)i;
    linear_mean_image(d->x, d->n, d->dim, c->mean);
    if (linear_init(&c->lin, &c->cfg, c->mean, c->nloss) < 0)
        goto fail;
    c->have_lin = 1;

    m->rows = d->classes;
    m->cols = d->dim + 1;
    m->nparam = m->rows * m->cols;
    m->ndata = (int)c->test.n;
    m->nloss = c->nloss;
    m->scale = 1e-4;
    m->what = d->what;
    m->loss = real_loss;
    m->fast_loss = real_fast_loss;
    m->correct = real_correct;
    m->param_name = real_param_name;
    m->check = real_check;
    m->descend = real_descend;
    m->ctx = c;
    /* The first entries of the first classes, as the toy set lists them. */
    int per = 4, classes = WALK_SHOWN / per;
    for (int k = 0; k < WALK_SHOWN && k / per < d->classes && k / per < classes; k++)
        m->shown[m->nshown++] = (k / per) * m->cols + k % per;
    return 0;
fail:
    free(c->mean);
    free(c->idx);
    free(c);
    return -1;
}

void walk_real_free(walk_model *m)
{
    real_ctx *c = (real_ctx *)m->ctx;
    if (!c)
        return;
    if (c->have_lin)
        linear_free(&c->lin);
    free(c->mean);
    free(c->idx);
    free(c);
    m->ctx = NULL;
}
