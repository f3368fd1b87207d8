/* descent tune --tui: the search live. A background thread trains the
 * configurations one after another (through the command's own function, so
 * every number is the headless row's) while the screen shows the heatmap
 * filling in (heatmap.c), the progress, and for the cell under the cursor
 * its numbers, loss curve and class templates; Enter opens the training
 * panel with that cell's settings, and q there comes back to the map. */
#ifndef DESCENT_TUNEVIEW_H
#define DESCENT_TUNEVIEW_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/sweep.h"
#include "../data/dataset.h"
#include "../session/worker.h"
#include "theme.h"

#define TUNEVIEW_CURVE 256     /* loss points kept per configuration */
#define TUNEVIEW_TEMPLATES 10  /* template images kept per configuration */
#define TUNEVIEW_KEEP_MAX 2048 /* configurations whose templates are kept */

/* One finished configuration, as its CSV row says (the run function fills
 * it from the row it printed) and the first fold's run shows it. */
typedef struct {
    double val_acc, val_sd; /* val_sd: NAN without folds */
    double train_acc, seconds;
    char loss[32]; /* the row's text: six decimals, or exponent form (csv_loss) */
    int diverged;
    int folds;
    double fold_acc[SWEEP_FOLDS_MAX];
    long iters; /* iterations the first run did */
    int n_curve;
    long curve_iter[TUNEVIEW_CURVE];
    float curve[TUNEVIEW_CURVE];
    int n_tmpl;           /* images of the view's dim bytes in tmpl (0: none kept) */
    const char *tmpl_of;  /* what they are: "W" rows or "W1" rows */
    uint8_t *tmpl;
} tuneview_cell;

/* The run under way, written by the run function, read by the screen. */
typedef struct {
    atomic_int stop;  /* set by the screen: the run ends at its next iteration */
    atomic_long iter; /* iterations done in the current fold */
    atomic_int fold;  /* 0-based */
} tuneview_live;

/* A sweep_watch for sweep_train_watched: records the iteration, answers stop. */
int tuneview_watch(void *live, long iter);

/* Trains configuration i and fills out (the cell's tmpl malloc'd; the view
 * frees it). Returns 0, 1 when live->stop ended it, -1 with a message. */
typedef int (*tuneview_run_fn)(void *ctx, long i, tuneview_live *live, tuneview_cell *out,
                               char *err, size_t errlen);
/* The training panel's settings for configuration i. */
typedef void (*tuneview_panel_fn)(void *ctx, long i, worker_config *wc);

typedef struct {
    const char *title;
    long n;                       /* configurations */
    const sweep_point *points;
    const sweep_axis *lr, *reg;   /* the grid's axes; a random search's bounds */
    int random;                   /* a scatter rather than a grid */
    int folds;                    /* 0: one validation set */
    long iters;
    /* A third axis (say --hidden): configuration i is in slice slice_of[i]
     * (NULL: one slice), named slice_name[...]; [ and ] pick the slice. */
    int n_slices;
    const int *slice_of;
    const char *const *slice_name;
    const dataset *ds;            /* the class names and the image shape */
    int dim;                      /* the images' size (templates are dim bytes) */
    const char *no_templates;     /* why there are none (features), or NULL */
    theme_id theme;
    tuneview_run_fn run;
    tuneview_panel_fn panel;
    void *ctx;
} tuneview_config;

/* Runs the screen until q (the sweep stopped where it was). *done receives
 * the configurations finished, 0..done-1 in order. Returns 0, or -1 with a
 * message (the terminal, or the run function's error). */
int tuneview_run(const tuneview_config *c, long *done, char *err, size_t errlen);

#endif
