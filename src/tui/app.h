/* The explorer's state, owned and written by its input side (explorer.c)
 * and read by its drawing side (draw.c), which writes only its own cache.
 * Not for other modules. */
#ifndef DESCENT_APP_H
#define DESCENT_APP_H

#include "../core/analysis.h"
#include "../core/race.h"
#include "../scene/scene.h"
#include "canvas.h"
#include "contour.h"
#include "landview.h"
#include "term.h"
#include "theme.h"

#define MIN_COLS 80
#define MIN_ROWS 24
/* From this width the training panel, when shown, goes beside the map and
 * takes TRAIN_SIDE_SHARE of the columns (at least MIN_COLS). */
#define TRAIN_SIDE_COLS 200
#define TRAIN_SIDE_SHARE (1.0 / 3)
#define FILL_LEVELS 32
/* Truecolour's field: fine enough to look continuous, few enough colour
 * pairs (cells x lines x paths) for term.c's table. */
#define FILL_LEVELS_TRUE 96
/* A terminal cell is about this many times as tall as it is wide. */
#define CELL_ASPECT 2.0

/* Inks of the path canvas besides the optimizers (1..RACE_MAX). */
enum { INK_WHITE = 40, INK_RED, INK_GHOST };

typedef struct {
    int x, y, w, h;
} rect;

typedef enum { PROMPT_NONE, PROMPT_EDIT, PROMPT_NOISE, PROMPT_SCENE } prompt_kind;

/* Where each part of the explorer goes on the screen (draw_layout). */
typedef struct {
    int cols, rows, too_small; /* cols: the explorer's width (the panel may take the rest) */
    rect map, plot, legend, bar, chart; /* bar: the field's colour bar */
    int legend_lines;                   /* per optimizer */
} app_layout;

/* Everything the raster, the cell colours and the canvases depend on: the
 * cache is rebuilt when this differs from what it was built for. Compared
 * bytewise (set it up with memset). */
typedef struct {
    const surface *surf;
    double view[4];
    int w, h;
    canvas_mode glyphs;
    int fill;
    const theme *theme;
    colour_depth depth;
    int rows;            /* a sampled surface's rows computed so far */
    int layer;           /* a landscape's: landview_layer */
    unsigned long plane; /* which of the landscape's planes */
} draw_key;

/* The cursor's point, evaluated once while it stays there and the surface
 * does not change: on a landscape one evaluation is a pass over its images,
 * the Hessian fourteen. */
typedef struct {
    const surface *surf;
    unsigned long plane;
    double x, y;
    int have_value, have_hessian;
    landscape_value value; /* a landscape's */
    point_info hessian;
} cursor_cache;

/* What drawing keeps between frames (draw.c alone writes it). */
typedef struct {
    draw_key built_for;
    int built;
    /* drawn once per view change */
    contour ct;
    canvas lines;
    int *cell_bg, *cell_fg; /* terminal colours per plot cell */
    char *cell_shade;
    /* drawn every frame */
    int racer_fg[RACE_MAX]; /* each racer's colour at this depth, this frame */
    canvas paths;
    canvas chart_cv;
    cursor_cache cur;
} draw_cache;

typedef struct {
    race_config cfg;   /* the race as it is set now */
    const scene *lesson; /* title and captions; NULL once the surface changes */
    scene *loaded;       /* the last scene loaded with L, owned */
    double home_view[4];
    race rc;
    long limit;
    int surface_index; /* -1: not a built-in */
    /* A real model's loss landscape (descent landscape): the surface is its
     * plane and the racers replay recorded runs (race_config.track). */
    struct landview *land;
    unsigned long plane; /* counts the planes it has shown */
    int land_busy;       /* the last frame showed rows or a plane still coming */
    landview_layer layer; /* the field: its loss, or its error rate */

    term_caps caps;
    const theme *theme;
    colour_depth depth; /* what the theme draws with: the terminal's, or none */
    canvas_mode glyphs;
    int fill, vectors, hessian, help;
    int stretch;       /* the view stretched to fill the plot, not equal aspect */
    int hint;          /* the first-run hint line, until the first key */
    int narrate;       /* pause at each caption until space */
    int hidden[RACE_MAX];
    /* The selected racer's path before the last what-if ({ } ( )), drawn
     * faint in its colour to compare with the rerun. */
    race_point *ghost;
    long ghost_len;
    int ghost_of; /* its racer, -1: none */
    int selected;
    int playing;
    int speed;         /* index into the speed table */

    app_layout lay; /* set by explorer.c from draw_layout */
    /* Drawing's own memory: explorer.c only hands it to draw.c, which takes
     * the state above read-only. */
    draw_cache cache;

    /* The training panel, shown on demand (F2, --panel, a scene's panel =
     * training): beside the map from TRAIN_SIDE_COLS columns (F3 gives it
     * the keys), else full screen in the map's place. Hidden, it pauses. */
    struct trainview *train;
    int train_shown, train_side, train_keys; /* shown; beside the map; has the keys */
    int width;                /* columns the explorer draws in */
    char no_train[256];       /* why there is no panel (F2 says it) */

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

/* Where every part goes on the current screen, in a->width columns (all of
 * them when 0). */
void draw_layout(const app *a, app_layout *out);
/* Rebuilds the cache when what it was built for (view, plot size, glyphs,
 * fill, theme, surface) differs from what a shows, or always when force.
 * Returns 0, or -1 out of memory (the cache left empty). */
int draw_raster(const app *a, draw_cache *c, int force);
/* The world rectangle the plot shows: cfg.view widened along one axis so
 * that a world unit is as long across as down (letterboxing the view
 * inside the plot with more of the surface), or as given when stretched. */
void draw_shown_view(const app *a, double v[4]);
/* Draws one full frame into curses' buffer (no refresh), with the cache
 * draw_raster built for a. */
void draw_frame(const app *a, draw_cache *c);
void draw_free(draw_cache *c);

/* World coordinates of the centre of plot cell (col, row). */
void draw_cell_world(const app *a, int col, int row, double *x, double *y);
/* Plot cell of world (x, y); returns 0 when outside. */
int draw_world_cell(const app *a, double x, double y, int *col, int *row);

#endif
