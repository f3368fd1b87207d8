/* Scene files: a lesson as text. A scene names a surface (built-in or a
 * formula), a view, start points, the optimizers with their settings, and
 * captions. The format is documented in docs/scene-format.md. */
#ifndef DESCENT_SCENE_H
#define DESCENT_SCENE_H

#include <stddef.h>

#include "../core/classify.h"
#include "../core/race.h"
#include "../core/surface.h"
#include "expr.h"

#define SCENE_TEXT_MAX 256
#define SCENE_MAX_CAPTIONS 64

typedef struct {
    long step; /* 0: shown at the start */
    char text[SCENE_TEXT_MAX];
} scene_caption;

/* A [classify] section: the classification playground's set-up (a built-in
 * data set, the model, features, the optimizer, the start W and b). */
typedef struct {
    int on;               /* the scene is a classify scene (no surface) */
    char data[64];        /* a built-in set's name (checked where the sets live) */
    int classes;          /* 0: the set's default */
    long points;          /* 0: the default */
    double noise;         /* < 0: the set's default */
    classify_model m;     /* loss, features, reg, hidden, act (classes comes with the data) */
    int mlp;              /* model = mlp (hidden then defaults to 100) */
    int hidden_given_act; /* act = ... was given */
    int reg_given;
    optim_params opt;
    int opt_given;
    int nw;               /* rows of W given with w = ..., 0 = none */
    int w_len[CLASSIFY_CLASSES_MAX];
    double w[CLASSIFY_CLASSES_MAX][CLASSIFY_FEATURES_MAX + 1];
    long w_line[CLASSIFY_CLASSES_MAX];
} scene_classify;

/* A [landscape] section: descent landscape's options, key = value standing
 * for --key value (checked where read: a number's range, a word's list, an
 * optimizer's spec), applied by the command in order. */
#define SCENE_LANDSCAPE_KEYS 24
typedef struct {
    int on;            /* the scene is a landscape scene (no surface) */
    int nkeys;
    char key[SCENE_LANDSCAPE_KEYS][16];
    char value[SCENE_LANDSCAPE_KEYS][SCENE_TEXT_MAX];
    long line[SCENE_LANDSCAPE_KEYS];
} scene_landscape;

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
    scene_classify cls; /* cls.on: a classify scene; the surface fields are unused */
    scene_landscape land; /* land.on: a landscape scene; likewise */
} scene;

/* Loads path into *out. Returns 0, or -1 with err holding
 * "PATH:LINE:COL: message", then the offending line and a caret under the
 * column (three lines; one when no single line is at fault). On failure *out
 * is untouched. */
int scene_load(const char *path, scene *out, char *err, size_t errlen);
/* scene_load is for races: it refuses a classify scene (one with a
 * [classify] section) and a landscape scene, and this one, for descent classify, everything else. */
int scene_load_classify(const char *path, scene *out, char *err, size_t errlen);
/* For descent SCENE and descent landscape --scene: 0 with *out when path is
 * a landscape scene (one with a [landscape] section), 1 when it is a scene
 * of another kind (out untouched), -1 with err when it is not a scene. */
int scene_load_landscape(const char *path, scene *out, char *err, size_t errlen);
/* A scene named on the command line or at a prompt: a readable file, or a
 * name in ./scenes or the installed scene folder. Returns 0 with the path in
 * buf, or -1. */
int scene_find(const char *name, char *buf, size_t len);
/* scene_find, and on failure err says so: "NAME: no such file, nor a name
 * in DIRS". */
int scene_locate(const char *name, char *buf, size_t len, char *err, size_t errlen);
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

/* The words of the caption in force at `step` as the screen says them, into
 * buf: a caption of a later step than 0 that has stayed on past its own
 * step says which step it speaks of ("at step 50: ..."), since its numbers
 * are that step's, not the ones beside it now. Returns buf, or NULL when
 * no caption is in force. */
const char *scene_caption_text(const scene *sc, long step, char *buf, size_t len);

#endif
