/* Optimizer specs as text: "NAME[:key=value,...]", shared by the command
 * line and scene files. Parsing only; errors come back as messages. */
#ifndef DESCENT_HPARAMS_H
#define DESCENT_HPARAMS_H

#include <stddef.h>

#include "optim.h"

#define HPARAMS_LABEL_MAX 48

typedef struct {
    optim_params p;
    char label[HPARAMS_LABEL_MAX]; /* empty: none given */
    unsigned given;                /* the keys set by hparams_set (private bits) */
} hparams_spec;

/* Strict number parsing, the one syntax of every option, scene key and
 * setting: decimal ([+-]digits[.digits][e[+-]N]), finite, blanks around it
 * ignored (leading and trailing alike); no hex, inf or nan. Returns 0 or -1. */
int hparams_number(const char *text, double *out);
/* Strict integer parsing, the same syntax without point or exponent, within
 * [lo, hi]. Returns 0 or -1. */
int hparams_integer(const char *text, long lo, long hi, long *out);

/* Sets one key once (a second time is refused) (lr, momentum, decay, beta1, beta2, eps, schedule, every,
 * gamma, T, lr_min, tau, warmup, label). Returns 0, or -1 with a message in err. */
int hparams_set(hparams_spec *s, const char *key, const char *value, char *err, size_t errlen);

/* Refuses a key given that the optimizer does not read (momentum= on sgd,
 * every= without schedule=step), with the reason. Returns 0 or -1. */
int hparams_check_used(const hparams_spec *s, char *err, size_t errlen);
/* Whether key is one of the spec's keys (lr, momentum, ..., label). */
int hparams_is_key(const char *key);
/* Whether an optimizer of kind k with schedule s reads key. */
int hparams_key_applies(const char *key, optim_kind k, sched_kind s);
/* The value of a numeric key in p. Returns 0, or -1 for an unknown key. */
int hparams_value(const optim_params *p, const char *key, double *out);

/* Parses a whole spec: each key at most once, each one the optimizer reads.
 * Returns 0, or -1 with a message in err. The name may
 * also be "bfgs" (OPTIM_BFGS: the GSL reference path, for races only; lr is
 * its first trial step). */
int hparams_parse(const char *spec, hparams_spec *out, char *err, size_t errlen);

/* A spec for training a model: parsed, not bfgs (a surface reference path
 * only), ranges checked. Returns 0, or -1 with a message in err. */
int hparams_parse_trainer(const char *spec, hparams_spec *out, char *err, size_t errlen);

/* Checks ranges (lr > 0, 0 <= momentum < 1, 0 <= decay < 1, ...). Returns 0
 * or -1 with a message naming the field. */
int hparams_validate(const optim_params *p, char *err, size_t errlen);

/* "lr=0.01 momentum=0.9": the parameters that matter for this kind. */
void hparams_format(const optim_params *p, char *buf, size_t len);

/* The list of keys, for help and error messages. */
const char *hparams_keys_list(void);

#endif
