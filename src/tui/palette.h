/* Colours as data: the viridis-like ramp for the surface and the nearest
 * xterm-256 stand-ins of any colour. The optimizers' colours are the
 * themes' (theme.h). */
#ifndef DESCENT_PALETTE_H
#define DESCENT_PALETTE_H

#include <stdint.h>

typedef struct {
    uint8_t r, g, b;
} rgb;

typedef enum { DEPTH_NONE, DEPTH_8, DEPTH_256, DEPTH_TRUE } colour_depth;

/* The ramp at t in [0, 1]: dark purple through teal to yellow. */
rgb palette_ramp(double t);
/* The map's field at t in [0, 1]: the ramp, muted (see palette.c). */
rgb palette_field(double t);
/* Scales towards black (k < 1) or towards white (k > 1, by k - 1). */
rgb palette_shade(rgb c, double k);
/* The nearest colour of the xterm 256-colour cube and grey ramp (16-255). */
int palette_xterm(rgb c);
/* A dark 256-colour background for ramp position t. */
int palette_ramp_xterm(double t);
/* A terminal colour number for c at this depth (24-bit packed for DEPTH_TRUE). */
int palette_colour(rgb c, colour_depth d);
/* The same, with `basic` as the 8-colour stand-in and -1 (the terminal's
 * default) without colour. */
int palette_pick(rgb c, int basic, colour_depth d);

#endif
