#include "schedule.h"

#include <math.h>
#include <string.h>

static const char *const names[SCHED_COUNT] = {
    [SCHED_CONSTANT] = "constant",
    [SCHED_STEP] = "step",
    [SCHED_COSINE] = "cosine",
    [SCHED_LINEAR] = "linear",
    [SCHED_INVSQRT] = "invsqrt",
};

schedule schedule_defaults(void)
{
    return (schedule){
        .kind = SCHED_CONSTANT,
        .every = 30,
        .gamma = 0.5,
        .T = 100,
        .lr_min = 0.0,
        .tau = 1.0,
        .warmup = 0,
    };
}

const char *schedule_name(sched_kind k)
{
    return (unsigned)k < SCHED_COUNT ? names[k] : "?";
}

int schedule_kind_from_name(const char *name)
{
    for (int k = 0; k < SCHED_COUNT; k++)
        if (strcmp(name, names[k]) == 0)
            return k;
    return -1;
}

const char *schedule_names_list(void)
{
    return "constant, step, cosine, linear, invsqrt";
}

static double scheduled(const schedule *s, double lr, long t)
{
    switch (s->kind) {
    case SCHED_STEP:
        return lr * pow(s->gamma, (double)(t / s->every));
    case SCHED_COSINE: {
        double u = t < s->T ? (double)t / (double)s->T : 1.0;
        return s->lr_min + (lr - s->lr_min) * (1.0 + cos(M_PI * u)) / 2.0;
    }
    case SCHED_LINEAR: {
        double u = t < s->T ? 1.0 - (double)t / (double)s->T : 0.0;
        return s->lr_min + (lr - s->lr_min) * u;
    }
    case SCHED_INVSQRT:
        return lr / sqrt(1.0 + (double)t / s->tau);
    case SCHED_CONSTANT:
    case SCHED_COUNT:
        break;
    }
    return lr;
}

double schedule_lr(const schedule *s, double base_lr, long t)
{
    double lr = scheduled(s, base_lr, t);
    if (s->warmup > 0 && t < s->warmup)
        lr *= (double)(t + 1) / (double)s->warmup;
    return lr;
}
