/* The training panel's slice under the run (issue 14): the exact objective
 * on a plane fixed at the start, through the run's initial weights W0 (as
 * the worker makes them: the same seed, the same trainer_init) spanned by
 * two random filter-normalized directions (landscape.h), with the run's
 * path projected onto it frame by frame and its distance from the plane.
 * The plane is made, and the map's rows computed, in background threads;
 * the view grows (and is computed again) as the path leaves it. */
#ifndef DESCENT_TRAINSLICE_H
#define DESCENT_TRAINSLICE_H

#include <stddef.h>

#include "../session/worker.h"
#include "canvas.h"
#include "term.h"
#include "theme.h"

/* The objective is over at most this many training images (the first). */
#define TRAINSLICE_IMAGES 5000

typedef struct trainslice trainslice;

/* Keeps a copy of wc (whose data must outlive the slice); no thread yet.
 * NULL when out of memory. */
trainslice *trainslice_new(const worker_config *wc);
void trainslice_free(trainslice *t);

/* The run as the panel shows it now: its n weights after iter iterations,
 * its optimizer kind (the colour and mark of its path). */
typedef struct {
    const double *w;
    size_t n;
    long iter;
    int kind;
    double loss; /* the run's own last loss, for comparison */
} trainslice_run;

/* Each frame, shown or not: the first call starts the plane's making; once
 * it is made, the run's point joins the path when its iteration is new (an
 * earlier one: the run was reset, the path starts again at W0). */
void trainslice_observe(trainslice *t, const trainslice_run *run);

/* Draws the slice into the rectangle (observing the run first). Returns the
 * rows used. */
int trainslice_draw(trainslice *t, const trainslice_run *run, const theme *th,
                    const term_caps *caps, canvas_mode glyphs, int x, int y, int w, int h);

#endif
