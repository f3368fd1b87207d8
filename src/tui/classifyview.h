/* The classification playground's screen: the plane with the points (each
 * class its colour and mark), the decision regions as the background shaded
 * by the model's confidence, each class's zero-score line; beside it W and
 * b, the totals, the points worst first and the loss chart. Keys select a
 * class and nudge its W row and b, or train with the optimizer core. */
#ifndef DESCENT_CLASSIFYVIEW_H
#define DESCENT_CLASSIFYVIEW_H

#include <stddef.h>

#include "../core/classify.h"
#include "../scene/scene.h"
#include "theme.h"

#define CLASSIFY_MIN_COLS 80
#define CLASSIFY_MIN_ROWS 24

typedef struct {
    classify_trainer *t; /* trained and nudged in place */
    const char *data_name;
    const theme *th;
    const scene *lesson; /* title and captions by step, or NULL */
    long limit;          /* training pauses at this step (0: none) */
} classifyview_config;

/* Rotates class j's W row by `degrees` in the plane of its first two
 * weights, and shifts its bias by db. The keys call this; so can tests. */
void classifyview_nudge(classify_trainer *t, int j, double degrees, double db);

/* Times full frames at cols x rows drawn into a terminal writing to
 * /dev/null, and prints the figure. Returns 0 or -1 with a message. */
int classifyview_bench(const classifyview_config *cfg, int cols, int rows, char *err,
                       size_t errlen);

/* Runs the screen until q. Returns 0, or -1 with a message in err. */
int classifyview_run(const classifyview_config *cfg, char *err, size_t errlen);

#endif
