#include "optim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "wide.h"

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

/* The update rules over entries [lo, hi) of the vector, x and g pointing at
 * entry lo: each entry's new value depends on its own entry alone, so
 * ranges of one step may run on different threads and give the bits of the
 * whole vector's update. The two plain ones run 8 lanes at a time (the same
 * operations per entry, so the same bits). */
WIDE static void step_sgd(optim *o, double *restrict x, const double *restrict g, size_t lo,
                          size_t hi)
{
    const double lr = o->lr_now;
    double *restrict delta = o->delta + lo;
    size_t i = 0, n = hi - lo;
    for (; i + 8 <= n; i += 8) {
        d8 gv, xv;
        memcpy(&gv, g + i, sizeof gv);
        memcpy(&xv, x + i, sizeof xv);
        d8 d = -lr * gv;
        xv += d;
        memcpy(delta + i, &d, sizeof d);
        memcpy(x + i, &xv, sizeof xv);
    }
    for (; i < n; i++) {
        delta[i] = -lr * g[i];
        x[i] += delta[i];
    }
}

/* Heavy ball and Nesterov as torch.optim.SGD(momentum, dampening=0): the
 * velocity accumulates raw gradients; Nesterov steps along g + momentum*v,
 * which is the lecture's look-ahead form rewritten in the current point. */
WIDE static void step_momentum(optim *o, double *restrict x, const double *restrict g,
                               size_t lo, size_t hi, int nesterov)
{
    const double lr = o->lr_now, mu = o->p.momentum;
    double *restrict vel = o->vel + lo, *restrict delta = o->delta + lo;
    size_t i = 0, n = hi - lo;
    for (; i + 8 <= n; i += 8) {
        d8 gv, xv, v;
        memcpy(&gv, g + i, sizeof gv);
        memcpy(&xv, x + i, sizeof xv);
        memcpy(&v, vel + i, sizeof v);
        v = mu * v + gv;
        d8 d = -lr * (nesterov ? gv + mu * v : v);
        xv += d;
        memcpy(vel + i, &v, sizeof v);
        memcpy(delta + i, &d, sizeof d);
        memcpy(x + i, &xv, sizeof xv);
    }
    for (; i < n; i++) {
        vel[i] = mu * vel[i] + g[i];
        double d = nesterov ? g[i] + mu * vel[i] : vel[i];
        delta[i] = -lr * d;
        x[i] += delta[i];
    }
}

static void step_adagrad(optim *o, double *restrict x, const double *restrict g, size_t lo,
                         size_t hi)
{
    const double lr = o->lr_now, eps = o->p.eps;
    double *restrict cache = o->cache + lo, *restrict delta = o->delta + lo;
    for (size_t i = 0; i < hi - lo; i++) {
        cache[i] += g[i] * g[i];
        delta[i] = -lr * g[i] / (sqrt(cache[i]) + eps);
        x[i] += delta[i];
    }
}

static void step_rmsprop(optim *o, double *restrict x, const double *restrict g, size_t lo,
                         size_t hi)
{
    const double lr = o->lr_now, a = o->p.decay, eps = o->p.eps;
    double *restrict cache = o->cache + lo, *restrict delta = o->delta + lo;
    for (size_t i = 0; i < hi - lo; i++) {
        cache[i] = a * cache[i] + (1.0 - a) * g[i] * g[i];
        delta[i] = -lr * g[i] / (sqrt(cache[i]) + eps);
        x[i] += delta[i];
    }
}

static void step_adam(optim *o, double *restrict x, const double *restrict g, size_t lo,
                      size_t hi)
{
    const double lr = o->lr_now, b1 = o->p.beta1, b2 = o->p.beta2, eps = o->p.eps;
    const double bc1 = o->bc1, bc2 = o->bc2;
    double *restrict m = o->m + lo, *restrict v = o->v + lo, *restrict m_hat = o->m_hat + lo,
                     *restrict v_hat = o->v_hat + lo, *restrict delta = o->delta + lo;
    for (size_t i = 0; i < hi - lo; i++) {
        m[i] = b1 * m[i] + (1.0 - b1) * g[i];
        v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
        m_hat[i] = m[i] / bc1;
        v_hat[i] = v[i] / bc2;
        delta[i] = -lr * m_hat[i] / (sqrt(v_hat[i]) + eps);
        x[i] += delta[i];
    }
}

void optim_begin(optim *o)
{
    o->lr_now = schedule_lr(&o->p.sched, o->p.lr, o->t);
    o->t++;
    o->bc1 = 1.0 - pow(o->p.beta1, (double)o->t);
    o->bc2 = 1.0 - pow(o->p.beta2, (double)o->t);
}

void optim_step_range(optim *o, double *x, const double *g, size_t lo, size_t hi)
{
    if (hi > o->n)
        hi = o->n;
    if (lo >= hi)
        return;
    switch (o->p.kind) {
    case OPTIM_SGD: step_sgd(o, x, g, lo, hi); break;
    case OPTIM_MOMENTUM: step_momentum(o, x, g, lo, hi, 0); break;
    case OPTIM_NESTEROV: step_momentum(o, x, g, lo, hi, 1); break;
    case OPTIM_ADAGRAD: step_adagrad(o, x, g, lo, hi); break;
    case OPTIM_RMSPROP: step_rmsprop(o, x, g, lo, hi); break;
    case OPTIM_ADAM: step_adam(o, x, g, lo, hi); break;
    case OPTIM_COUNT:
    case OPTIM_BFGS: break;
    }
}

void optim_step(optim *o, double *x, const double *g)
{
    optim_begin(o);
    optim_step_range(o, x, g, 0, o->n);
}
