/* The surface explorer: the contour map with the optimizers racing on it. */
#ifndef DESCENT_EXPLORER_H
#define DESCENT_EXPLORER_H

#include <stddef.h>

#include "../core/race.h"
#include "../scene/scene.h"
#include "worker.h"

/* Runs the explorer on the terminal until the user quits. `limit` is the
 * last step the race runs to; `lesson` (may be NULL) gives the title and the
 * captions; `train` and `ds` (may be NULL) the training panel's data and
 * settings. Returns 0, or -1 with a message in err. */
int explorer_run(const race_config *cfg, const scene *lesson, long limit,
                 const worker_config *train, const dataset *ds, char *err, size_t errlen);

/* Times full frames at cols x rows, rendered into a terminal that writes to
 * /dev/null, with every trajectory run to `limit` steps. Prints the figures
 * on out. Returns 0 or -1 with a message in err. */
int explorer_bench(const race_config *cfg, long limit, int cols, int rows, char *err,
                   size_t errlen);

#endif
