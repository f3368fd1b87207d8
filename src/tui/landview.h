/* The loss landscape on screen: the exact objective on the plane as contour
 * lines, computed by a worker thread for the current view (rows shown as
 * they arrive, keys answered meanwhile), the racers' projected paths in
 * their optimizers' colours, a legend with each racer's loss, validation
 * accuracy and distance from the plane, the loss at the cursor and, on x,
 * the 2x2 Hessian of the slice there by finite differences with its
 * condition number. */
#ifndef DESCENT_LANDVIEW_H
#define DESCENT_LANDVIEW_H

#include <stddef.h>

#include "../core/landscape.h"
#include "theme.h"

#define LANDVIEW_RACERS 8

typedef struct {
    char label[32];
    int colour;           /* the optimizer's theme index; -1 for L-BFGS (the mark colour) */
    size_t n;
    const landscape_point *pt; /* n projected points, pt[0] at W0 */
    double loss, val_acc; /* at the end, off the plane */
} landview_racer;

typedef struct {
    const landscape_eval *e; /* read by the worker and the cursor alike */
    char title[160];
    double view[4];          /* a0, a1, b0, b1 */
    int nracers;
    landview_racer racers[LANDVIEW_RACERS];
    theme_id theme;
} landview_config;

/* Runs the view on the terminal until q. Returns 0, or -1 with err. */
int landview_run(const landview_config *c, char *err, size_t errlen);

/* The Hessian of the slice at (a, b) by central differences of step h (9
 * exact evaluations): h3 = (faa, fab, fbb), its eigenvalues ascending and
 * the condition number |lambda|max / |lambda|min (INFINITY when one is 0).
 * scratch: landscape_work_new(e)'s. */
void landview_hessian(const landscape_eval *e, double a, double b, double h, landscape_work *scratch,
                      double h3[3], double eig[2], double *cond);

#endif
