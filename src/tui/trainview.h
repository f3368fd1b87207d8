/* The live training panel: draws the worker's snapshots (losses, accuracies,
 * the class templates, the confusion matrix, the race) into a rectangle of
 * the screen and turns keys into worker commands. Full screen for
 * `descent train --tui`, or beside the explorer's map. */
#ifndef DESCENT_TRAINVIEW_H
#define DESCENT_TRAINVIEW_H

#include <stddef.h>
#include <stdint.h>

#include "../data/dataset.h"
#include "term.h"
#include "theme.h"
#include "../session/worker.h"

typedef struct trainview trainview;

/* Starts the worker. ds (names, shapes, source) must outlive the view. */
int trainview_open(trainview **out, const worker_config *wc, const dataset *ds,
                   const term_caps *caps, char *err, size_t errlen);
void trainview_close(trainview *tv);
/* The theme whose optimizer colours the panel uses (dark until set). */
void trainview_set_theme(trainview *tv, const theme *t);

/* Draws the latest snapshot into the rectangle (curses' buffer, no refresh). */
void trainview_draw(trainview *tv, int x, int y, int w, int h);
/* A key for the panel: 0 not one of its keys, 1 taken, 2 quit. */
int trainview_key(trainview *tv, int ch);
/* The panel shown or hidden: hidden, it does not train (it pauses, and
 * goes on when shown again if it was training or was opened paused). */
void trainview_show(trainview *tv, int shown);

/* The panel full screen on a terminal already open, until q (the screen
 * that opened the panel then takes the terminal back). */
void trainview_loop(trainview *tv);
/* Runs the panel full screen until q. Returns 0, or -1 with err. */
int trainview_run(const worker_config *wc, const dataset *ds, const theme *th, char *err,
                  size_t errlen);

/* The panel's drawers for another screen showing a finished run the same
 * way (descent tune --tui's cell detail): a view with no worker, closed
 * with trainview_close. NULL when out of memory. */
trainview *trainview_painter(const dataset *ds, const term_caps *caps, const theme *th);
/* A loss chart over iterations 0..xmax (log axis when logy) in the w x h
 * rectangle at (x, y), titled, as the panel draws its own. */
void trainview_curve(trainview *tv, int x, int y, int w, int h, const char *title,
                     const long *iter, const float *loss, int n, long xmax, int logy);
/* One image of ds's shape (a template: trainview_template's output), iw x
 * rows cells at (x, y), as the panel draws them. */
void trainview_image(trainview *tv, const uint8_t *img, int x, int y, int iw, int rows);

/* One template per class, like CS231n's picture of W: the row's first dim
 * values (the bias left out) min-max rescaled to 0..255 on their own. A flat
 * row becomes mid grey (128). */
void trainview_template(const double *row, int dim, uint8_t *out);

#endif
