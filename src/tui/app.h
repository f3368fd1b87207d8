/* The explorer's state, shared by its input side (explorer.c) and its
 * drawing side (draw.c). Not for other modules. */
#ifndef DESCENT_APP_H
#define DESCENT_APP_H

#include "../core/race.h"
#include "../scene/scene.h"
#include "canvas.h"
#include "contour.h"
#include "term.h"

#define MIN_COLS 80
#define MIN_ROWS 24
#define CONTOUR_BANDS 14
#define FILL_LEVELS 32

/* Inks of the path canvas besides the optimizers (1..RACE_MAX). */
enum { INK_WHITE = 40, INK_RED, INK_GREY };

typedef struct {
    int x, y, w, h;
} rect;

typedef enum { PROMPT_NONE, PROMPT_EDIT, PROMPT_NOISE } prompt_kind;

typedef struct {
    race_config cfg;   /* the race as it is set now */
    const scene *lesson; /* title and captions; NULL once the surface changes */
    double home_view[4];
    race rc;
    long limit;
    int surface_index; /* -1: not a built-in */

    term_caps caps;
    canvas_mode glyphs;
    int fill, vectors, hessian, help;
    int hidden[RACE_MAX];
    int selected;
    int playing;
    int speed;         /* index into the speed table */

    /* layout */
    int cols, rows, too_small;
    rect map, plot, legend, chart;
    int legend_lines;  /* per optimizer */

    /* drawn once per view change */
    int raster_valid;
    contour ct;
    canvas lines;
    int *cell_bg, *cell_fg; /* terminal colours per plot cell */
    char *cell_shade;
    /* drawn every frame */
    canvas paths;
    canvas chart_cv;

    int cur_col, cur_row;
    double cur_x, cur_y; /* the cursor's point: where it goes back to after a resize */
    char message[160];
    prompt_kind prompt;
    char prompt_label[256];
    char prompt_buf[128];
} app;

/* Steps per second at a speed index; 0 means as fast as drawing allows. */
int app_speed_value(int index);
int app_speed_count(void);

/* Sizes every panel for the current screen; invalidates the raster. */
void draw_layout(app *a);
/* Recomputes the contour raster when the view or the plot size changed. */
int draw_raster(app *a);
/* Draws one full frame into curses' buffer (no refresh). */
void draw_frame(app *a);
void draw_free(app *a);

/* World coordinates of the centre of plot cell (col, row). */
void draw_cell_world(const app *a, int col, int row, double *x, double *y);
/* Plot cell of world (x, y); returns 0 when outside. */
int draw_world_cell(const app *a, double x, double y, int *col, int *row);

#endif
