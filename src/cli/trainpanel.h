/* The explorer's training panel and descent tune get their data and
 * settings from train.c: the same options, dataset search and defaults as
 * `descent train`. */
#ifndef DESCENT_TRAINPANEL_H
#define DESCENT_TRAINPANEL_H

#include <stddef.h>

#include "../core/train.h"
#include "../data/dataset.h"
#include "../session/worker.h"
#include "trainfeatures.h"

/* Opens the data (the folder `data` when not NULL, else the settings
 * file's, else as descent train searches: CIFAR-10, Fashion-MNIST,
 * synthetic) and fills wc with train's defaults; wc's views point into ds.
 * Returns 0, or -1 with err. */
int train_panel_setup(const char *data, dataset *ds, worker_config *wc, char *err, size_t errlen);

/* What train's data and model options set up, for a command built on them. */
typedef struct {
    train_config cfg; /* the data set's defaults where the options gave none */
    dataset ds;
    dataset_splits splits;
    linear_data train, val, test; /* views into ds, as descent train splits it, or
                                     into fs after train_setup_features */
    train_features feat;          /* --features; feat.cfg.kinds 0: raw pixels */
    featureset fs;                /* the features, once computed */
    int dim;                      /* what the model reads: ds.dim, or fs.layout.dim */
} train_setup;

/* Parses train's options (argv after the command) as descent train does,
 * refusing those of a single run (--save, --load, --tui, --gradcheck) and an
 * lr= in --opt, and opens the data. cmd is the command (its rules differ).
 * Returns 0, or the exit status after one message. */
int train_setup_open(const char *cmd, int argc, char **argv, train_setup *s);
/* The data and its splits on stderr, as descent train describes them. */
void train_setup_describe(const train_setup *s);
/* With --features: computes them once, as descent train does (progress bar,
 * timing line), standardized with the training split's statistics, and
 * points train, val and test at them. Returns 0, or the exit status after
 * one message. */
int train_setup_features(train_setup *s);
void train_setup_free(train_setup *s);

#endif
