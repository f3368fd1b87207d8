/* The explorer's training panel gets its data and settings from train.c:
 * the same dataset search and defaults as `descent train`. */
#ifndef DESCENT_TRAINPANEL_H
#define DESCENT_TRAINPANEL_H

#include <stddef.h>

#include "../data/dataset.h"
#include "../session/worker.h"

/* Opens the data (CIFAR-10, else Fashion-MNIST, else synthetic) and fills
 * wc with train's defaults; wc's views point into ds. Returns 0, or -1 with
 * err. */
int train_panel_setup(dataset *ds, worker_config *wc, char *err, size_t errlen);

#endif
