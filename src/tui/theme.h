/* Themes as data: the colours of the paper, the ink, the map and the six
 * optimizers for a dark terminal, a light projector screen, high contrast
 * and no colour at all; and the head mark of each optimizer, so that no
 * path is told apart by colour alone. Plain data, no terminal: the explorer
 * and the SVG export read the same tables. */
#ifndef DESCENT_THEME_H
#define DESCENT_THEME_H

#include <stddef.h>

#include "../core/race.h"
#include "palette.h"

typedef enum { THEME_DARK, THEME_LIGHT, THEME_CONTRAST, THEME_MONO, THEME_COUNT } theme_id;

/* Identities: each optimizer kind (the six update rules of core/optim.h,
 * then BFGS, then a slot for reference paths to come) has ONE colour per
 * theme and ONE head mark, everywhere: map, legend, chart, SVG, training
 * panel. Several racers of one kind keep the kind's colour in another
 * shade (theme_racer) and, on the map, another line style. */
#define THEME_KINDS 8
enum { THEME_KIND_BFGS = 6, THEME_KIND_REFERENCE = 7 };

typedef struct {
    const char *name;
    const char *note;       /* one line for the help and the man page */
    int mono;               /* attributes only, as under NO_COLOR */
    int thick;              /* lines two dots wide */
    int paper_set;          /* 0: the terminal's own background and text */
    rgb paper, ink;         /* background and text */
    rgb mark, warn, halo;   /* minima and cursor; negative curvature; under a path */
    double fill_k, line_k;  /* palette_shade factors of the ramp: fill, contour lines */
    int dark_ramp256;       /* fill from palette_ramp_xterm's hand-picked dark ramp */
    rgb optim[THEME_KINDS];
    double rank_k;          /* palette_shade factor of a second racer of a kind */
    /* 8-colour stand-ins (COLOR_* numbers, -1: terminal default). */
    int basic_paper, basic_ink, basic_mark, basic_warn;
    int basic_optim[THEME_KINDS];
    int basic_ramp[4];
    /* 8-colour inks too faint to read on basic_paper (a bit per COLOR_*
     * number): text and marks in one of them are drawn in basic_ink on a
     * cell of that colour instead, so the colour still says who it is. */
    unsigned basic_faint;
} theme;

const theme *theme_get(theme_id id);
/* The theme called name, or NULL. */
const theme *theme_find(const char *name);
/* A theme named on the command line or in the settings file: sets *out, or
 * returns -1 with "unknown theme 'X' (valid: ...)" in err. */
int theme_parse(const char *name, theme_id *out, char *err, size_t errlen);
/* Its index in the table (for cycling). */
theme_id theme_id_of(const theme *t);
/* "dark, light, contrast, mono". */
const char *theme_names_list(void);
/* The identity index (0 .. THEME_KINDS - 1) of an optim_kind. */
int theme_kind(int kind);
/* A kind's colour and its 8-colour stand-in. */
rgb theme_optim(const theme *t, int kind);
int theme_optim_basic(const theme *t, int kind);
/* Racer i of a race: its kind's colour, shaded by its rank among the racers
 * of its kind (0: the first of its kind, drawn in the kind's own colour). */
int theme_racer_rank(const race *rc, int i);
/* Racer i's line style, 0 .. 3 (solid, then three dashes): by its rank,
 * turning once every four, so that no two of a kind share both style and
 * shade (a sixth of a kind is not the second's dash in the first's shade). */
int theme_racer_style(const race *rc, int i);
rgb theme_racer(const theme *t, const race *rc, int i);
int theme_racer_basic(const theme *t, const race *rc, int i);

/* A kind's head mark: a UTF-8-capable terminal's glyph, its ASCII
 * stand-in, and the same shape as an SVG path of radius 1 at the origin. */
typedef struct {
    unsigned utf;
    char ascii;
    const char *svg;
    const char *name;
} head_mark;

const head_mark *theme_head(int kind);
const head_mark *theme_racer_head(const race *rc, int i);

/* Class j's colour and mark in the classification playground: the
 * optimizers' colours and marks in order, so that each class differs in
 * both even without colour. */
rgb theme_class(const theme *t, int j);
int theme_class_basic(const theme *t, int j);
const head_mark *theme_class_mark(int j);

#endif
