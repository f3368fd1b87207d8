/* The walkthrough presenter: steps through a walk on the terminal. */
#ifndef DESCENT_WALKVIEW_H
#define DESCENT_WALKVIEW_H

#include "../walk/walk.h"
#include "theme.h"

/* Runs until the user quits. Returns 0, or -1 with a message in err when the
 * terminal cannot be used. */
int walkview_run(walk *w, const theme *th, char *err, size_t errlen);

#endif
