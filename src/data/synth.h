/* A generated 10-class image set, so the program always has data: 16x16 RGB
 * images, each class a tinted stripe pattern of its own angle and frequency,
 * with a random phase, brightness and pixel noise per image. Reproducible
 * from the seed; always named "synthetic". */
#ifndef DESCENT_SYNTH_H
#define DESCENT_SYNTH_H

#include <stddef.h>

#include "dataset.h"

#define SYNTH_SIDE 16
#define SYNTH_TRAIN 5000
#define SYNTH_TEST 1000

/* Returns 0, or -1 with err (out of memory). */
int synth_make(unsigned long seed, size_t n_train, size_t n_test, dataset *ds, char *err,
               size_t errlen);

#endif
