/* What `descent train` and `descent landscape` read alike, defined once in
 * train.c: the model and penalty names, train's default learning rates and
 * a saved model checked against the data. */
#ifndef DESCENT_TRAINOPTS_H
#define DESCENT_TRAINOPTS_H

#include <stddef.h>

#include "../core/linear.h"
#include "../core/optim.h"
#include "../data/checkpoint.h"
#include "../data/dataset.h"

/* Train's default learning rate for optimizer k on the data set by name
 * (NULL: before the data is known). */
double train_default_lr(optim_kind k, const char *data_name);
/* Whether an optimizer spec sets lr= itself. */
int train_spec_sets_lr(const char *spec);
/* "cifar10", "fashion-mnist" or "synthetic" for --dataset. Returns 0, or -1 with err. */
int train_parse_dataset(const char *value, const char **out, char *err, size_t errlen);
/* A regularization strength >= 0. Returns 0, or -1 with err. */
int train_parse_reg(const char *value, double *out, char *err, size_t errlen);
/* "svm" or "softmax". Returns 0, or -1 with err. */
int train_parse_model(const char *value, linear_model *out, char *err, size_t errlen);
/* "l2", "l1" or "elastic". Returns 0, or -1 with err. */
int train_parse_penalty(const char *value, reg_kind *out, char *err, size_t errlen);
const char *train_model_name(linear_model m);
const char *train_penalty_name(reg_kind k);
/* Loads path and checks it fits ds (image size, classes). Returns 0, or -1
 * with err naming the file. */
int train_load_checkpoint(const char *path, const dataset *ds, checkpoint *c, char *err,
                          size_t errlen);

#endif
