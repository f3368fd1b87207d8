/* The samples of a loss landscape's view, computed by a worker thread a
 * row at a time (the caller draws the rows done so far, under mu); a new
 * request drops the old one between two rows. Shared by the landscape view
 * and the training panel's slice. */
#ifndef DESCENT_LANDSAMPLER_H
#define DESCENT_LANDSAMPLER_H

#include <pthread.h>

#include "../core/landscape.h"

typedef struct {
    const landscape_eval *e;
    int running;
    pthread_t thread;
    pthread_mutex_t mu; /* guards what follows: lock it to read f and rows_done */
    pthread_cond_t cv;
    int quit;
    unsigned long gen;  /* of the request below */
    double view[4];
    int w, h;
    double *f;          /* w x h samples, row 0 at view[3] (the top), NaN until computed */
    double *err;        /* the same points' error rate, 1 - accuracy */
    int rows_done;
} landsampler;

/* The mutex and condition (once, before the first start). */
void landsampler_init(landsampler *s);
/* Frees the samples and the mutex (stopped first). */
void landsampler_free(landsampler *s);
/* Starts the worker on e (no samples asked for yet). Returns 0 or -1. */
int landsampler_start(landsampler *s, const landscape_eval *e);
/* Stops the worker: between rows, so e may go once this returns. */
void landsampler_stop(landsampler *s);
/* Asks for the samples of view at w x h. Returns 0 or -1 (memory). */
int landsampler_request(landsampler *s, const double view[4], int w, int h);

#endif
