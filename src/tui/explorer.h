/* The surface explorer: the contour map with the optimizers racing on it. */
#ifndef DESCENT_EXPLORER_H
#define DESCENT_EXPLORER_H

#include <stddef.h>

#include "../core/race.h"
#include "../scene/scene.h"
#include "landview.h"
#include "theme.h"
#include "../session/worker.h"

typedef struct {
    long limit;     /* the last step the race runs to */
    const scene *lesson; /* title and captions; may be NULL */
    theme_id theme;
    int speed;      /* steps per second to start with; 0: as fast as drawing allows */
    const worker_config *train; /* the training panel's settings and data; */
    const dataset *ds;          /* both NULL for no panel */
    int panel;                  /* open with the panel shown (else F2 shows it) */
    const char *no_panel;       /* without train: why (F2 says it), or NULL */
    int narrate;                /* pause at each caption until space */
    /* A real model's loss landscape instead of cfg's surface and racers
     * (descent landscape): its plane, its recorded racers, its planner. */
    const landview_config *land;
} explorer_opts;

/* Whether the explorer offers this speed (steps per second, 0 for as fast
 * as drawing allows), and the list of them ("1, 2, 5, ..., max"). */
int explorer_speed_ok(int per_second);
const char *explorer_speeds_list(void);
/* A speed named on the command line or in the settings file ("20", "max"):
 * sets *out (0 for max), or returns -1 with the valid speeds in err. */
int explorer_speed_parse(const char *value, int *out, char *err, size_t errlen);

/* Runs the explorer on the terminal until the user quits (cfg: the race;
 * NULL with o->land, whose plane and racers make it). Returns 0, or -1 with
 * a message in err. */
int explorer_run(const race_config *cfg, const explorer_opts *o, char *err, size_t errlen);

/* Times full frames at cols x rows, rendered into a terminal that writes to
 * /dev/null, with every trajectory run to `limit` steps. Prints the figures
 * on out. Returns 0 or -1 with a message in err. */
int explorer_bench(const race_config *cfg, long limit, int cols, int rows, char *err,
                   size_t errlen);

#endif
