/* Loss surfaces f(x, y) with exact gradient and Hessian. The built-in ones
 * are analytic; other modules (formula surfaces) fill the same struct. */
#ifndef DESCENT_SURFACE_H
#define DESCENT_SURFACE_H

#include <stddef.h>

#define SURFACE_MAX_MINIMA 16

typedef struct surface surface;

/* Evaluates f at (x, y); fills g = (fx, fy) and h = (fxx, fxy, fyy) when not
 * NULL. Undefined points give non-finite values. */
typedef double (*surface_eval_fn)(const surface *s, double x, double y, double g[2], double h[3]);

struct surface {
    const char *name;
    const char *formula; /* as a person writes it */
    const char *note;    /* one line: what it teaches */
    surface_eval_fn eval;
    const void *ctx;     /* for surfaces defined by data (formulas) */
    double view[4];      /* x0, x1, y0, y1 */
    double start[2];
    int log_levels;      /* contour levels on a log scale */
    int sampled;         /* costly (a real model's loss): a view samples it in
                            the background, not while it draws a frame */
    int nminima;
    double minima[SURFACE_MAX_MINIMA][2];
};

int surface_count(void);
const surface *surface_builtin(int i);
const surface *surface_find(const char *name);
const char *surface_names_list(void);

double surface_f(const surface *s, double x, double y);
void surface_grad(const surface *s, double x, double y, double g[2]);
void surface_hess(const surface *s, double x, double y, double h[3]);
/* Distance from (x, y) to the nearest known minimum; -1 when none is known. */
double surface_min_distance(const surface *s, double x, double y);

/* The window of the plane a view may show: X0 < X1 and Y0 < Y1, each span
 * at most SURFACE_VIEW_SPAN_MAX and at least SURFACE_VIEW_REL_MIN times the
 * largest |coordinate| on its axis (and 1): narrower, doubles cannot tell
 * its samples apart (1e15 +- 1e-15 has equal edges). */
#define SURFACE_VIEW_SPAN_MAX 1e9
#define SURFACE_VIEW_REL_MIN 1e-9

/* The one check of a view (x0, x1, y0, y1), wherever one is given. Returns
 * 0, or -1 with the reason in err (which may be NULL). */
int surface_view_check(const double v[4], char *err, size_t errlen);

/* v widened along one axis so that one unit is as long across as down on
 * an area w x h long (any unit; w, h > 0), the view asked for whole and
 * centred: how the explorer's map and the SVG keep a valley's ellipses
 * their true shape. Left as it is when a span is not positive and finite. */
void surface_view_equal(double v[4], double w, double h);

#endif
