/* A dot canvas: a grid of terminal cells, each holding a small block of dots
 * (2x4 braille, 1x2 half blocks, or 1x1 for plain ASCII) and one ink (a
 * colour index; the last dot drawn in a cell decides it). Plain memory, no
 * terminal: the explorer blits it, the tests read it. */
#ifndef DESCENT_CANVAS_H
#define DESCENT_CANVAS_H

#include <stdint.h>

typedef enum { CANVAS_BRAILLE, CANVAS_HALF, CANVAS_ASCII } canvas_mode;

typedef struct {
    canvas_mode mode;
    int cols, rows; /* cells */
    int cw, ch;     /* dots per cell */
    int w, h;       /* dots */
    int thick;      /* braille: each dot drawn as a 2x2 block */
    int dash;       /* lines: 0 solid, else dash dots on, dash dots off */
    int dash_at;    /* dots drawn since the dashed line began */
    uint8_t *bits;  /* per cell: which dots are set */
    uint8_t *ink;   /* per cell: 0 = none */
} canvas;

/* Returns 0 or -1 (out of memory). A canvas of 0 cells is valid and empty. */
int canvas_init(canvas *c, int cols, int rows, canvas_mode mode);
void canvas_free(canvas *c);
void canvas_clear(canvas *c);

/* Dots per cell for a mode. */
void canvas_cell_dots(canvas_mode mode, int *cw, int *ch);

/* Sets dot (x, y), (0, 0) top left; dots outside the canvas are ignored. */
void canvas_dot(canvas *c, int x, int y, int ink);
int canvas_get(const canvas *c, int x, int y);
/* A straight line of dots between two dot positions (Bresenham), clipped to
 * the canvas first, so a line leaving it never wraps and far-away endpoints
 * (a diverging path) cost nothing. Coordinates are in dots, fractional. */
void canvas_line(canvas *c, double x0, double y0, double x1, double y1, int ink);

/* The bit that dot (dx, dy) of a braille cell sets: U+2800 + bits is the glyph. */
unsigned canvas_braille_bit(int dx, int dy);
/* The character of a cell: a braille pattern, a half block, or for ASCII
 * the given fallback; ' ' when the cell is empty. */
uint32_t canvas_glyph(const canvas *c, int col, int row, uint32_t ascii);

#endif
