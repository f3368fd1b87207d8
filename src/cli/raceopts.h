/* The options that define a race, shared by `descent trace` and the explorer. */
#ifndef DESCENT_RACEOPTS_H
#define DESCENT_RACEOPTS_H

#include <stddef.h>

#include "../core/race.h"
#include "../scene/expr.h"
#include "../scene/scene.h"
#include "options.h"

/* The command line wins over a scene file whatever the order of the options:
 * raceopts_set records what was given, raceopts_finish merges. After
 * raceopts_finish, cfg.surf may point into this struct: do not move it. */
typedef struct {
    race_config cfg;
    int surface_set, start_set, opt_set, view_set, steps_set, noise_set, seed_set;
    expr *formula;        /* --formula, owned */
    surface formula_surf; /* its surface */
    scene *scene;         /* --scene or raceopts_load_scene, owned; NULL if none */
    char scene_path[1024];
} raceopts;

/* Where the optimizers' defaults come from, for --help. */
#define RACEOPTS_DEFAULTS_NOTE                                                                \
    "Optimizer defaults are torch.optim's except lr 0.01 (torch: 1e-3 for sgd,\n"           \
    "momentum, nesterov, adam) and momentum 0.9 (torch: 0), the surfaces' own:\n"           \
    "see descent optimizers.\n"

/* The race options: the first RACEOPTS_COUNT entries of the const option
 * table of each command that races (the explorer, trace), whose own options
 * follow from index RACEOPTS_COUNT on. */
#define RACEOPTS_TABLE \
    {"surface", "NAME", "the loss surface (see `descent surfaces`)", 0}, \
        {"formula", "EXPR", "a surface of your own, e.g. 'x^2 + 10*y^2'", 0}, \
        {"scene", "FILE", "a scene file (the options given here override it)", 0}, \
        {"view", "X0,X1,Y0,Y1", "the window shown (default: the surface's)", 0}, \
        {"start", "X,Y", "start point (default: the surface's)", 0}, \
        {"steps", "N", "number of updates (default 100; the explorer 1000)", 0}, \
        {"noise", "SIGMA", "Gaussian noise added to each gradient component (default 0)", 0}, \
        {"seed", "S", "seed of the noise generator (default 1)", 0}, \
        {"opt", "SPEC", "NAME[:key=value,...]; repeat for more (default: all six)", 1}
#define RACEOPTS_COUNT 9

void raceopts_init(raceopts *o);
void raceopts_free(raceopts *o);
/* Handles race option `index` (below RACEOPTS_COUNT). Returns 0 or -1 with err. */
int raceopts_set(raceopts *o, int index, const char *value, char *err, size_t errlen);
/* Loads a scene file (what --scene does; also the explorer's positional
 * argument). On failure err holds the located message and o keeps its
 * previous scene. Returns 0 or -1. */
int raceopts_load_scene(raceopts *o, const char *path, char *err, size_t errlen);
/* Fills what was not given: from the scene, else the surface's defaults. */
void raceopts_finish(raceopts *o);

/* Parses "X,Y" into two finite numbers. Returns 0 or -1. */
int raceopts_pair(const char *text, double out[2]);

#endif
