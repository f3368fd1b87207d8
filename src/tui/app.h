/* The explorer's state, shared by its input side (explorer.c) and its
 * drawing side (draw.c). Not for other modules. */
#ifndef DESCENT_APP_H
#define DESCENT_APP_H

#include "../core/race.h"
#include "../scene/scene.h"
#include "canvas.h"
#include "contour.h"
#include "term.h"
#include "theme.h"

#define MIN_COLS 80
#define MIN_ROWS 24
#define TRAIN_SIDE_COLS 160
#define FILL_LEVELS 32

/* Inks of the path canvas besides the optimizers (1..RACE_MAX). */
enum { INK_WHITE = 40, INK_RED };

typedef struct {
    int x, y, w, h;
} rect;

typedef enum { PROMPT_NONE, PROMPT_EDIT, PROMPT_NOISE, PROMPT_SCENE } prompt_kind;

typedef struct {
    race_config cfg;   /* the race as it is set now */
    const scene *lesson; /* title and captions; NULL once the surface changes */
    scene *loaded;       /* the last scene loaded with L, owned */
    double home_view[4];
    race rc;
    long limit;
    int surface_index; /* -1: not a built-in */

    term_caps caps;
    const theme *theme;
    colour_depth depth; /* what the theme draws with: the terminal's, or none */
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

    /* The training panel: beside the map from TRAIN_SIDE_COLS columns
     * (F2 gives it the keys), else a second view that F2 switches to. */
    struct trainview *train;
    int train_side, train_on; /* side by side; panel shown (narrow) or has the keys (wide) */
    int width;                /* columns the explorer draws in */

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
