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
    /* One block for every buffer: OPTIM_VECTORS vectors of n. */
    double *block = calloc(OPTIM_VECTORS * (n ? n : 1), sizeof *block);
    if (!block)
        return -1;
    o->vel = block;
    o->cache = block; /* the kinds never use vel and cache together */
    o->m = block + n;
    o->v = block + 2 * n;
    o->delta = block + 3 * n;
    o->keep_delta = 1;
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
    memset(o->vel, 0, OPTIM_VECTORS * (o->n ? o->n : 1) * sizeof *o->vel);
    o->t = 0;
    o->delta_t = 0;
    o->lr_now = o->p.lr;
}

/* The update rules, each written once for 8 lanes: entries [i, i + k) of a
 * range (k <= 8), x and g pointing at the range's first entry and `at` the
 * range's offset in the state. Lanes past k are zeros, updated harmlessly
 * (no lane depends on another) and not stored. Every entry's new value
 * depends on its own entry alone, so ranges of one step may run on
 * different threads and give the bits of the whole vector's update, and
 * lanes give the scalar code's bits (the same operations per entry). */
#define INLINE static inline __attribute__((always_inline))

INLINE void load8(d8 *v, const double *p, size_t k)
{
    *v = (d8){0, 0, 0, 0, 0, 0, 0, 0};
    memcpy(v, p, k * sizeof *p);
}

INLINE void store8(double *p, const d8 *v, size_t k)
{
    memcpy(p, v, k * sizeof *p);
}

/* Square roots lane by lane (vectorized: optim.c is compiled without errno
 * for sqrt, whose arguments here are sums of squares, never negative). */
INLINE void sqrt8(d8 *v)
{
    for (int j = 0; j < 8; j++)
        (*v)[j] = sqrt((*v)[j]);
}

/* delta stored (when kept), x += delta: every rule's last move. */
INLINE void apply8(const optim *o, double *x, const d8 *d, size_t at, size_t i, size_t k)
{
    d8 xv;
    load8(&xv, x + i, k);
    xv += *d;
    if (o->keep_delta)
        store8(o->delta + at + i, d, k);
    store8(x + i, &xv, k);
}

INLINE void sgd8(const optim *o, double *x, const double *g, size_t at, size_t i, size_t k)
{
    d8 gv;
    load8(&gv, g + i, k);
    d8 d = -o->lr_now * gv;
    apply8(o, x, &d, at, i, k);
}

/* Heavy ball and Nesterov as torch.optim.SGD(momentum, dampening=0): the
 * velocity accumulates raw gradients; Nesterov steps along g + momentum*v,
 * which is the lecture's look-ahead form rewritten in the current point. */
INLINE void momentum8(const optim *o, double *x, const double *g, size_t at, size_t i, size_t k,
                      int nesterov)
{
    const double mu = o->p.momentum;
    d8 gv, v;
    load8(&gv, g + i, k);
    load8(&v, o->vel + at + i, k);
    v = mu * v + gv;
    store8(o->vel + at + i, &v, k);
    d8 d = -o->lr_now * (nesterov ? gv + mu * v : v);
    apply8(o, x, &d, at, i, k);
}

INLINE void adagrad8(const optim *o, double *x, const double *g, size_t at, size_t i, size_t k)
{
    d8 gv, c;
    load8(&gv, g + i, k);
    load8(&c, o->cache + at + i, k);
    c += gv * gv;
    store8(o->cache + at + i, &c, k);
    sqrt8(&c);
    d8 d = -o->lr_now * gv / (c + o->p.eps);
    apply8(o, x, &d, at, i, k);
}

INLINE void rmsprop8(const optim *o, double *x, const double *g, size_t at, size_t i, size_t k)
{
    const double a = o->p.decay;
    d8 gv, c;
    load8(&gv, g + i, k);
    load8(&c, o->cache + at + i, k);
    c = a * c + (1.0 - a) * gv * gv;
    store8(o->cache + at + i, &c, k);
    sqrt8(&c);
    d8 d = -o->lr_now * gv / (c + o->p.eps);
    apply8(o, x, &d, at, i, k);
}

INLINE void adam8(const optim *o, double *x, const double *g, size_t at, size_t i, size_t k)
{
    const double b1 = o->p.beta1, b2 = o->p.beta2;
    size_t e = at + i;
    d8 gv, m, v;
    load8(&gv, g + i, k);
    load8(&m, o->m + e, k);
    load8(&v, o->v + e, k);
    m = b1 * m + (1.0 - b1) * gv;
    v = b2 * v + (1.0 - b2) * gv * gv;
    d8 m_hat = m / o->bc1, v_hat = v / o->bc2; /* optim_adam_hat's */
    store8(o->m + e, &m, k);
    store8(o->v + e, &v, k);
    sqrt8(&v_hat);
    d8 d = -o->lr_now * m_hat / (v_hat + o->p.eps);
    apply8(o, x, &d, at, i, k);
}

/* n entries of one rule: whole lanes, then the rest. */
#define EACH_LANES(call)                                                                        \
    do {                                                                                        \
        size_t i = 0, k = 8;                                                                    \
        for (; i + 8 <= n; i += 8)                                                              \
            call;                                                                               \
        if ((k = n - i) > 0)                                                                    \
            call;                                                                               \
    } while (0)

WIDE static void step_lanes(const optim *o, double *x, const double *g, size_t at, size_t n)
{
    switch (o->p.kind) {
    case OPTIM_SGD: EACH_LANES(sgd8(o, x, g, at, i, k)); break;
    case OPTIM_MOMENTUM: EACH_LANES(momentum8(o, x, g, at, i, k, 0)); break;
    case OPTIM_NESTEROV: EACH_LANES(momentum8(o, x, g, at, i, k, 1)); break;
    case OPTIM_ADAGRAD: EACH_LANES(adagrad8(o, x, g, at, i, k)); break;
    case OPTIM_RMSPROP: EACH_LANES(rmsprop8(o, x, g, at, i, k)); break;
    case OPTIM_ADAM: EACH_LANES(adam8(o, x, g, at, i, k)); break;
    case OPTIM_COUNT:
    case OPTIM_BFGS: break;
    }
}

const double *optim_last_delta(const optim *o)
{
    return o->t > 0 && o->delta_t == o->t ? o->delta : NULL;
}

void optim_adam_hat(const optim *o, size_t i, double *m_hat, double *v_hat)
{
    *m_hat = o->m[i] / o->bc1;
    *v_hat = o->v[i] / o->bc2;
}

void optim_begin(optim *o)
{
    o->lr_now = schedule_lr(&o->p.sched, o->p.lr, o->t);
    o->t++;
    o->delta_t = o->keep_delta ? o->t : 0;
    o->bc1 = 1.0 - pow(o->p.beta1, (double)o->t);
    o->bc2 = 1.0 - pow(o->p.beta2, (double)o->t);
}

void optim_step_range(optim *o, double *x, const double *g, size_t lo, size_t hi)
{
    if (hi > o->n)
        hi = o->n;
    if (lo < hi)
        step_lanes(o, x, g, lo, hi - lo);
}

void optim_step(optim *o, double *x, const double *g)
{
    optim_begin(o);
    optim_step_range(o, x, g, 0, o->n);
}
