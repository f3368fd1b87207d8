/* The surface explorer: the contour map with the optimizers racing on it. */
#ifndef DESCENT_EXPLORER_H
#define DESCENT_EXPLORER_H

#include <stddef.h>

#include "../core/race.h"
#include "theme.h"

/* Runs the explorer on the terminal until the user quits. `limit` is the
 * last step the race runs to. Returns 0, or -1 with a message in err. */
int explorer_run(const race_config *cfg, long limit, theme_id th, char *err, size_t errlen);

/* Times full frames at cols x rows, rendered into a terminal that writes to
 * /dev/null, with every trajectory run to `limit` steps. Prints the figures
 * on out. Returns 0 or -1 with a message in err. */
int explorer_bench(const race_config *cfg, long limit, int cols, int rows, char *err,
                   size_t errlen);

#endif
