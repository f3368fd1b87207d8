/* The classification playground as a standalone SVG: the decision regions
 * (each cell in its winning class's colour, paler where the model is less
 * sure), each class's zero-score line on raw inputs, the points with their
 * class's colour and mark, W and b and the totals beside. */
#ifndef DESCENT_CLASSIFYSVG_H
#define DESCENT_CLASSIFYSVG_H

#include <stddef.h>

#include "../core/classify.h"
#include "theme.h"

typedef struct {
    const classify_trainer *t;
    const char *data_name;
    const theme *th;
} classify_svg;

/* Written aside and renamed into place (svg_write_atomic). Returns 0, or
 * -1 with a message naming path in err. */
/* The colour of a region of class j where the model's confidence is conf
 * (classify_confidence), on the theme's paper: the screen and the picture
 * shade alike. */
rgb classify_region_colour(const theme *th, int j, double conf);

int classify_svg_write(const char *path, const classify_svg *pic, char *err, size_t errlen);

#endif
