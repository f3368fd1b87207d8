/* Colours as data: the viridis-like ramp for the surface, the Okabe-Ito
 * colours for the optimizers (distinguishable with colour-blindness and on a
 * projector), and their nearest xterm-256 and 8-colour stand-ins. */
#ifndef DESCENT_PALETTE_H
#define DESCENT_PALETTE_H

#include <stdint.h>

typedef struct {
    uint8_t r, g, b;
} rgb;

typedef enum { DEPTH_NONE, DEPTH_8, DEPTH_256, DEPTH_TRUE } colour_depth;

#define PALETTE_OPTIM 8

/* The ramp at t in [0, 1]: dark purple through teal to yellow. */
rgb palette_ramp(double t);
/* Scales towards black (k < 1) or towards white (k > 1, by k - 1). */
rgb palette_shade(rgb c, double k);
/* Optimizer i's colour (cycling after PALETTE_OPTIM). */
rgb palette_optim(int i);
/* Its 8-colour stand-in (COLOR_* numbers 0-7). */
int palette_optim_basic(int i);
/* The nearest colour of the xterm 256-colour cube and grey ramp (16-255). */
int palette_xterm(rgb c);
/* A dark 256-colour background for ramp position t. */
int palette_ramp_xterm(double t);
/* A terminal colour number for c at this depth (24-bit packed for DEPTH_TRUE). */
int palette_colour(rgb c, colour_depth d);

#endif
