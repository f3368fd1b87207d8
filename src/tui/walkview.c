#include "walkview.h"

#include <stdio.h>

int walkview_run(walk *w, char *err, size_t errlen)
{
    (void)w;
    snprintf(err, errlen, "the presenter is not built yet; use --plain");
    return -1;
}
