/* Saving a training run: the one place a trainer becomes a checkpoint, for
 * `descent train --save` and the panel's s key alike. */
#ifndef DESCENT_SAVE_H
#define DESCENT_SAVE_H

#include <stddef.h>

#include "../core/train.h"
#include "../data/dataset.h"

/* The run's settings as the checkpoint records them: "model=svm opt=sgd
 * lr=1e-07 ... reg=25000 penalty=l2 batch=200 iters=1500 seed=1". */
void save_hparams(const trainer *t, char *buf, size_t len);

/* Writes t's model (parameters and mean image) to path, atomically, with
 * ds's names and shapes (ds may be NULL: "unknown"). Returns 0, or -1 with
 * err naming the file. */
int save_write(const char *path, const trainer *t, const dataset *ds, char *err, size_t errlen);

/* "l2", "l1", "elastic" */
const char *save_penalty_name(reg_kind k);

#endif
