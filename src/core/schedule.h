/* Learning-rate schedules, usable with any optimizer.
 * t counts updates from 0 (the first update uses t = 0). */
#ifndef DESCENT_SCHEDULE_H
#define DESCENT_SCHEDULE_H

typedef enum {
    SCHED_CONSTANT,
    SCHED_STEP,    /* lr * gamma^floor(t / every) */
    SCHED_COSINE,  /* lr_min + (lr - lr_min) * (1 + cos(pi * min(t,T) / T)) / 2 */
    SCHED_LINEAR,  /* lr_min + (lr - lr_min) * max(0, 1 - t / T) */
    SCHED_INVSQRT, /* lr / sqrt(1 + t / tau) */
    SCHED_COUNT
} sched_kind;

typedef struct {
    sched_kind kind;
    long every;    /* step: decay period */
    double gamma;  /* step: factor */
    long T;        /* cosine, linear: horizon */
    double lr_min; /* cosine, linear: floor */
    double tau;    /* invsqrt: time scale */
    long warmup;   /* all: linear warmup over this many first updates, 0 = none */
} schedule;

schedule schedule_defaults(void);
const char *schedule_name(sched_kind k);
int schedule_kind_from_name(const char *name);
const char *schedule_names_list(void);
/* The learning rate for update t, given the base rate. During warmup the
 * scheduled rate is scaled by (t + 1) / warmup. */
double schedule_lr(const schedule *s, double base_lr, long t);

#endif
