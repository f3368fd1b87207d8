#include "optim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[OPTIM_COUNT] = {
    [OPTIM_SGD] = "sgd",
    [OPTIM_MOMENTUM] = "momentum",
    [OPTIM_NESTEROV] = "nesterov",
    [OPTIM_ADAGRAD] = "adagrad",
    [OPTIM_RMSPROP] = "rmsprop",
    [OPTIM_ADAM] = "adam",
};

static const char *const formulas[OPTIM_COUNT] = {
    [OPTIM_SGD] = "x -= lr*g",
    [OPTIM_MOMENTUM] = "v = momentum*v + g; x -= lr*v",
    [OPTIM_NESTEROV] = "v = momentum*v + g; x -= lr*(g + momentum*v)",
    [OPTIM_ADAGRAD] = "c += g^2; x -= lr*g / (sqrt(c) + eps)",
    [OPTIM_RMSPROP] = "c = decay*c + (1-decay)*g^2; x -= lr*g / (sqrt(c) + eps)",
    [OPTIM_ADAM] = "m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g^2; "
                   "x -= lr*(m/(1-b1^t)) / (sqrt(v/(1-b2^t)) + eps)",
};

const char *optim_name(optim_kind k)
{
    if (k == OPTIM_BFGS)
        return "bfgs";
    return (unsigned)k < OPTIM_COUNT ? names[k] : "?";
}

int optim_kind_from_name(const char *name)
{
    for (int k = 0; k < OPTIM_COUNT; k++)
        if (strcmp(name, names[k]) == 0)
            return k;
    return -1;
}

const char *optim_names_list(void)
{
    return "sgd, momentum, nesterov, adagrad, rmsprop, adam";
}

const char *optim_formula(optim_kind k)
{
    return (unsigned)k < OPTIM_COUNT ? formulas[k] : "?";
}

optim_params optim_defaults(optim_kind k)
{
    return (optim_params){
        .kind = k,
        .lr = 0.01,
        .momentum = 0.9,
        .decay = 0.99,
        .beta1 = 0.9,
        .beta2 = 0.999,
        .eps = k == OPTIM_ADAGRAD ? 1e-10 : 1e-8,
        .sched = schedule_defaults(),
    };
}

optim_params optim_torch_defaults(optim_kind k)
{
    optim_params p = optim_defaults(k);
    p.momentum = 0;
    if (k == OPTIM_SGD || k == OPTIM_MOMENTUM || k == OPTIM_NESTEROV || k == OPTIM_ADAM)
        p.lr = 1e-3;
    return p;
}

int optim_init(optim *o, const optim_params *p, size_t n)
{
    memset(o, 0, sizeof *o);
    o->p = *p;
    o->n = n;
    /* One block for every buffer: 6 vectors of n. */
    double *block = calloc(6 * (n ? n : 1), sizeof *block);
    if (!block)
        return -1;
    o->vel = block;
    o->cache = block; /* the kinds never use vel and cache together */
    o->m = block + n;
    o->v = block + 2 * n;
    o->m_hat = block + 3 * n;
    o->v_hat = block + 4 * n;
    o->delta = block + 5 * n;
    o->lr_now = p->lr;
    return 0;
}

void optim_free(optim *o)
{
    free(o->vel);
    memset(o, 0, sizeof *o);
}

void optim_reset(optim *o)
{
    memset(o->vel, 0, 6 * (o->n ? o->n : 1) * sizeof *o->vel);
    o->t = 0;
    o->lr_now = o->p.lr;
}

static void step_sgd(optim *o, double *x, const double *g, double lr)
{
    for (size_t i = 0; i < o->n; i++) {
        o->delta[i] = -lr * g[i];
        x[i] += o->delta[i];
    }
}

/* Heavy ball and Nesterov as torch.optim.SGD(momentum, dampening=0): the
 * velocity accumulates raw gradients; Nesterov steps along g + momentum*v,
 * which is the lecture's look-ahead form rewritten in the current point. */
static void step_momentum(optim *o, double *x, const double *g, double lr, int nesterov)
{
    double mu = o->p.momentum;
    for (size_t i = 0; i < o->n; i++) {
        o->vel[i] = mu * o->vel[i] + g[i];
        double d = nesterov ? g[i] + mu * o->vel[i] : o->vel[i];
        o->delta[i] = -lr * d;
        x[i] += o->delta[i];
    }
}

static void step_adagrad(optim *o, double *x, const double *g, double lr)
{
    for (size_t i = 0; i < o->n; i++) {
        o->cache[i] += g[i] * g[i];
        o->delta[i] = -lr * g[i] / (sqrt(o->cache[i]) + o->p.eps);
        x[i] += o->delta[i];
    }
}

static void step_rmsprop(optim *o, double *x, const double *g, double lr)
{
    double a = o->p.decay;
    for (size_t i = 0; i < o->n; i++) {
        o->cache[i] = a * o->cache[i] + (1.0 - a) * g[i] * g[i];
        o->delta[i] = -lr * g[i] / (sqrt(o->cache[i]) + o->p.eps);
        x[i] += o->delta[i];
    }
}

static void step_adam(optim *o, double *x, const double *g, double lr)
{
    double b1 = o->p.beta1, b2 = o->p.beta2;
    double bc1 = 1.0 - pow(b1, (double)o->t);
    double bc2 = 1.0 - pow(b2, (double)o->t);
    for (size_t i = 0; i < o->n; i++) {
        o->m[i] = b1 * o->m[i] + (1.0 - b1) * g[i];
        o->v[i] = b2 * o->v[i] + (1.0 - b2) * g[i] * g[i];
        o->m_hat[i] = o->m[i] / bc1;
        o->v_hat[i] = o->v[i] / bc2;
        o->delta[i] = -lr * o->m_hat[i] / (sqrt(o->v_hat[i]) + o->p.eps);
        x[i] += o->delta[i];
    }
}

void optim_step(optim *o, double *x, const double *g)
{
    double lr = schedule_lr(&o->p.sched, o->p.lr, o->t);
    o->lr_now = lr;
    o->t++;
    switch (o->p.kind) {
    case OPTIM_SGD: step_sgd(o, x, g, lr); break;
    case OPTIM_MOMENTUM: step_momentum(o, x, g, lr, 0); break;
    case OPTIM_NESTEROV: step_momentum(o, x, g, lr, 1); break;
    case OPTIM_ADAGRAD: step_adagrad(o, x, g, lr); break;
    case OPTIM_RMSPROP: step_rmsprop(o, x, g, lr); break;
    case OPTIM_ADAM: step_adam(o, x, g, lr); break;
    case OPTIM_COUNT:
    case OPTIM_BFGS: break;
    }
}
