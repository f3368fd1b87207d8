/* The loss landscape on screen: the exact objective on the plane as contour
 * lines, computed by a worker thread for the current view (rows shown as
 * they arrive, keys answered meanwhile), the racers' projected paths in
 * their optimizers' colours, a legend with each racer's loss, validation
 * accuracy and distance from the plane, the loss at the cursor and, on x,
 * the 2x2 Hessian of the slice there by finite differences with its
 * condition number. Keys make other planes in the background (random, pca
 * of the selected racer's path, between the selected racer's end and the
 * next one's) and move the centre (to the cursor, to the selected racer's
 * head, back to W0); a refused plane is a message and the old one stays. */
#ifndef DESCENT_LANDVIEW_H
#define DESCENT_LANDVIEW_H

#include <stddef.h>

#include "../core/landscape.h"
#include "canvas.h"
#include "landsampler.h"
#include "term.h"
#include "theme.h"

#define LANDVIEW_RACERS 8
#define LANDVIEW_CAPTIONS 8
#define LANDVIEW_CAPTION_MAX 256

typedef struct {
    char label[32];
    int colour;           /* the optimizer's theme index; -1 for L-BFGS (the mark colour) */
    size_t n;             /* recorded points (the surface's pt[k] has them on its plane) */
    double loss, val_acc; /* at the end, off the plane */
} landview_racer;

/* What a re-plane asks for: a plane kind through a centre. */
typedef enum { LANDVIEW_RANDOM, LANDVIEW_PCA, LANDVIEW_BETWEEN } landview_kind;
typedef enum {
    LANDVIEW_AT_W0,    /* the racers' common start */
    LANDVIEW_AT_POINT, /* W(a, b) of the plane shown now */
    LANDVIEW_AT_HEAD   /* the end of racer `racer`'s path */
} landview_at;

typedef struct {
    landview_kind kind;
    int racer, other;   /* pca: racer's path; between: racer's and other's ends */
    landview_at at;
    double a, b;        /* LANDVIEW_AT_POINT */
    unsigned long seed; /* random */
} landview_plan;

/* One plane as the view shows it: its objective, where each racer's
 * recorded points fall on it (pt[k]: racers[k].n of them) and its home
 * view. The planner that made it frees it (owner is the planner's). */
typedef struct {
    const landscape_eval *e; /* read by the worker and the cursor alike */
    const landscape_point *pt[LANDVIEW_RACERS];
    double view[4];          /* a0, a1, b0, b1 */
    char what[200];          /* the plane, for the title: "random plane (seed 1) at W0" */
    void *owner;
} landview_surface;

/* Makes other planes (the keys r, p, b and C, H, W), in a background
 * thread: make reads only what it was given and its own state, and may call
 * progress(view, "what it is doing") as it goes. Returns 0 with *out, or -1
 * with err saying why the plane is refused (zero or parallel directions, a
 * path too short for pca); the view then keeps the surface it has. */
typedef struct {
    int (*make)(void *ctx, const landview_plan *want, const landview_surface *now,
                void (*progress)(void *view, const char *what), void *view,
                landview_surface *out, char *err, size_t errlen);
    void (*drop)(void *ctx, landview_surface *s);
    void *ctx;
} landview_planner;

typedef struct {
    landview_surface first;  /* the plane it opens on (not dropped) */
    landview_plan first_plan;
    char title[320];         /* the data and model; the plane's `what` follows */
    int nracers;
    landview_racer racers[LANDVIEW_RACERS];
    theme_id theme;
    const landview_planner *planner; /* NULL: the plane is fixed */
    int ncaptions;           /* a scene's captions, shown under the map */
    const char *captions[LANDVIEW_CAPTIONS];
} landview_config;

/* One path on a map: n projected points, in a theme optimizer's colour and
 * mark (-1: the mark colour and a star, L-BFGS's). */
typedef struct {
    const landscape_point *pt;
    size_t n;
    int colour;
} landview_path;

/* A map of a landscape on the screen: the view's samples as contour lines
 * coloured by level, the paths over them with their heads, W0's mark and
 * the cursor. Drawn by the view and by the training panel's slice. */
typedef struct {
    const theme *th;
    const term_caps *caps;
    canvas_mode glyphs;
    int x, y, w, h;       /* the map's cells */
    const double *view;   /* a0, a1, b0, b1 */
    int npaths;
    const landview_path *paths;
    int cur_col, cur_row; /* the cursor's cell; cur_col -1: none */
} landview_map_spec;

/* Draws m from the samples s holds (requested at w * dots + 1 across, h *
 * dots + 1 down, for m's glyphs); the levels' range in lo, hi. Returns the
 * rows s has done, or -1 (out of memory). */
int landview_map(const landview_map_spec *m, landsampler *s, double *lo, double *hi);

/* Runs the view on the terminal until q. Returns 0, or -1 with err. */
int landview_run(const landview_config *c, char *err, size_t errlen);

/* The Hessian of the slice at (a, b) by central differences of step h (9
 * exact evaluations): h3 = (faa, fab, fbb), its eigenvalues ascending and
 * the condition number |lambda|max / |lambda|min (INFINITY when one is 0).
 * scratch: landscape_work_new(e)'s. */
void landview_hessian(const landscape_eval *e, double a, double b, double h, landscape_work *scratch,
                      double h3[3], double eig[2], double *cond);

#endif
