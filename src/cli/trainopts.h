/* What `descent train` and `descent landscape` read alike, defined once in
 * train.c: an optimizer spec's own lr, the data set, penalty and
 * regularization options. */
#ifndef DESCENT_TRAINOPTS_H
#define DESCENT_TRAINOPTS_H

#include <stddef.h>

#include "../core/loss.h"

/* Whether an optimizer spec sets lr= itself. */
int train_spec_sets_lr(const char *spec);
/* "cifar10", "fashion-mnist" or "synthetic" for --dataset. Returns 0, or -1 with err. */
int train_parse_dataset(const char *value, const char **out, char *err, size_t errlen);
/* A regularization strength >= 0. Returns 0, or -1 with err. */
int train_parse_reg(const char *value, double *out, char *err, size_t errlen);
/* "l2", "l1" or "elastic". Returns 0, or -1 with err. */
int train_parse_penalty(const char *value, reg_kind *out, char *err, size_t errlen);

#endif
