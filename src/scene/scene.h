/* Scene files: a lesson as text. A scene names a surface (built-in or a
 * formula), a view, start points, the optimizers with their settings, and
 * captions. The format is documented in docs/scene-format.md. */
#ifndef DESCENT_SCENE_H
#define DESCENT_SCENE_H

#include <stddef.h>

#include "../core/race.h"
#include "../core/surface.h"
#include "expr.h"

#define SCENE_TEXT_MAX 256
#define SCENE_MAX_CAPTIONS 64

typedef struct {
    long step; /* 0: shown at the start */
    char text[SCENE_TEXT_MAX];
} scene_caption;

/* Plain data except `formula`, which the scene owns (surf.ctx points to it):
 * a scene may be moved or copied by value, and is freed once. */
typedef struct {
    char title[SCENE_TEXT_MAX];
    int panel;      /* 1: the explorer opens with the training panel shown */
    int narrate;    /* 1: the explorer pauses at each caption until space */
    surface surf;   /* a copy of the built-in, or the formula's surface */
    expr *formula;  /* NULL for a built-in */
    double view[4]; /* the given view, or the surface's */
    int nstart;     /* >= 1; the surface's start when none is given */
    double starts[RACE_MAX][2];
    long steps;
    double noise;
    unsigned long seed;
    int nopt;       /* 0: none given (the race uses all six) */
    hparams_spec opt[RACE_MAX];
    int ncaptions;  /* sorted by step */
    scene_caption captions[SCENE_MAX_CAPTIONS];
} scene;

/* Loads path into *out. Returns 0, or -1 with err holding
 * "PATH:LINE:COL: message", then the offending line and a caret under the
 * column (three lines; one when no single line is at fault). On failure *out
 * is untouched. */
int scene_load(const char *path, scene *out, char *err, size_t errlen);
/* A scene named on the command line or at a prompt: a readable file, or a
 * name in ./scenes or the installed scene folder. Returns 0 with the path in
 * buf, or -1. */
int scene_find(const char *name, char *buf, size_t len);
/* Where scene_find looks for names, for messages. */
const char *scene_dirs(void);
void scene_free(scene *sc);

/* The race the scene describes; out->surf points into sc. Returns 0, or -1
 * with err when the optimizers times the start points exceed RACE_MAX. */
int scene_race_config(const scene *sc, race_config *out, char *err, size_t errlen);

/* Gives each of c's optimizers one racer per start point (start-major:
 * every optimizer from the first start, then from the second...), labelled
 * "LABEL @(X Y)". With one start point this only sets c->start. Returns 0,
 * or -1 with err when there would be more than RACE_MAX racers. */
int scene_expand_starts(race_config *c, int nstart, const double starts[][2], char *err,
                        size_t errlen);

/* The caption in force at `step` (the last one at or before it), or NULL. */
const scene_caption *scene_caption_at(const scene *sc, long step);

#endif
