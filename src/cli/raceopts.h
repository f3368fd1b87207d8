/* The options that define a race, shared by `descent trace` and the explorer. */
#ifndef DESCENT_RACEOPTS_H
#define DESCENT_RACEOPTS_H

#include <stddef.h>

#include "../core/race.h"
#include "options.h"

typedef struct {
    race_config cfg;
    int surface_set, start_set, opt_set, view_set;
} raceopts;

/* The race options, terminated by a zeroed entry. */
extern const cli_option raceopts_table[];
int raceopts_count(void);

void raceopts_init(raceopts *o);
/* Handles race option `index` of raceopts_table. Returns 0 or -1 with err. */
int raceopts_set(raceopts *o, int index, const char *value, char *err, size_t errlen);
/* Fills what was not given from the surface's defaults. */
void raceopts_finish(raceopts *o);

/* Parses "X,Y" into two finite numbers. Returns 0 or -1. */
int raceopts_pair(const char *text, double out[2]);

#endif
