/* The paint helpers every screen draws with: theme colours as terminal
 * colours at the screen's depth, colour pairs on the theme's paper, glyphs
 * with their ASCII stand-ins, and text clipped to the screen's own width
 * (with an ellipsis when cut). One set, so that every screen behaves alike. */
#ifndef DESCENT_PAINT_H
#define DESCENT_PAINT_H

#include <stdint.h>

#include "palette.h"
#include "theme.h"

typedef struct {
    const theme *th;
    colour_depth depth; /* what is drawn with: DEPTH_NONE for no colour */
    int utf8;           /* UTF-8 glyphs may be drawn */
    int right;          /* nothing is drawn at or past this column */
    int pairs_full;     /* set when a colour pair was asked for and none was left */
} paint;

/* A theme colour as a terminal colour number: the 8-colour stand-in, or -1
 * (the terminal's default) without colour. */
int paint_colour(const paint *p, rgb c, int basic);
/* Optimizer kind k's identity colour. */
int paint_optim(const paint *p, int kind);
/* The pair for (fg, bg), -1 meaning the theme's ink or paper (the
 * terminal's own for a theme without paper); 0 without colour. */
int paint_pair(paint *p, int fg, int bg);
uint32_t paint_glyph(const paint *p, uint32_t utf, uint32_t ascii);
/* At most n columns of s from (y, x), never at or past p->right. */
void paint_str(const paint *p, int y, int x, int n, const char *s, unsigned attr, int pair);
/* One code point at (y, x), nothing at or past p->right. */
void paint_cp(const paint *p, int y, int x, uint32_t cp, unsigned attr, int pair);

#endif
