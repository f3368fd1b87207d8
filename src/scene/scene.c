#include "scene.h"

#include "../core/analysis.h"
#include "sceneread.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE_MAX_LEN SCENEREAD_LINE_MAX
#define MAX_STEPS 10000000L
#define SECTION_KEYS 32

/* A line kept for an error reported after it was read. */
typedef struct {
    long line;
    char text[LINE_MAX_LEN + 2];
} line_copy;

/* A key = value line of an [optimizer] section: applied at the section's
 * end, once its type is known (the type sets the defaults). */
typedef struct {
    line_copy where;
    size_t key_at, value_at; /* columns, as offsets into where.text */
    char key[32];
    char value[LINE_MAX_LEN + 1];
} entry;

/* SEC_OTHER: a [walkthrough NAME] section, walk/walkscene.c's to read. */
typedef enum {
    SEC_NONE,
    SEC_SCENE,
    SEC_SURFACE,
    SEC_RACE,
    SEC_OPTIMIZER,
    SEC_CAPTIONS,
    SEC_CLASSIFY,
    SEC_LANDSCAPE,
    SEC_OTHER
} section;

static const char *const section_names[] = {"", "scene", "surface", "race", "optimizer",
                                            "captions", "classify", "landscape", "walkthrough"};

typedef struct {
    const char *path;
    char *err;
    size_t errlen;
    scene *sc;
    /* the current line, from the reader */
    long lineno;
    char *line;       /* cut into key and value */
    const char *orig; /* as read, for messages */
    /* sections */
    section sec;
    long section_line[SEC_OTHER + 1];
    line_copy header; /* of the current section */
    struct {
        char key[32];
        long line;
    } seen[SECTION_KEYS];
    int nseen;
    /* the [optimizer] being read */
    entry opt_entries[SECTION_KEYS];
    int nopt_entries;
    /* facts checked at the end */
    int surface_given;
    line_copy surface_where;
    int view_given, nminima_given;
    double minima[SURFACE_MAX_MINIMA][2];
    line_copy last_start, last_opt, last_caption;
    line_copy caption_where[SCENE_MAX_CAPTIONS];
} loader;

/* ---- errors ----------------------------------------------------------- */

/* "PATH:LINE:COL: message", then the line and a caret under the column. */
static int fail_at(loader *L, long lineno, const char *text, size_t at, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static int fail_at(loader *L, long lineno, const char *text, size_t at, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    sceneread r = {.path = L->path, .err = L->err, .errlen = L->errlen};
    return sceneread_fail(&r, lineno, text == L->line ? L->orig : text, at, "%s", msg);
}

static void keep_line(const loader *L, line_copy *c)
{
    c->line = L->lineno;
    snprintf(c->text, sizeof c->text, "%s", L->orig);
}

static size_t offset(const loader *L, const char *p)
{
    return (size_t)(p - L->line);
}

/* ---- small parsers ---------------------------------------------------- */



/* "a, b, c": exactly n numbers. */
static int parse_numbers(loader *L, char *value, double *out, int n, const char *what)
{
    char *p = value;
    for (int i = 0; i < n; i++) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        char *item = sceneread_trim(p);
        if ((!comma && i < n - 1) || (comma && i == n - 1)) {
            if (comma)
                *comma = ',';
            return fail_at(L, L->lineno, L->line, offset(L, value), "%s needs %d numbers: %s",
                           what, n, n == 2 ? "X, Y" : "X0, X1, Y0, Y1");
        }
        if (hparams_number(item, &out[i]) < 0)
            return fail_at(L, L->lineno, L->line, offset(L, item), "'%s' is not a number", item);
        if (comma)
            p = comma + 1;
    }
    return 0;
}

/* ---- keys of each section --------------------------------------------- */

/* A key that is either `word` (1) or `none` (0). */
static int on_or_none(loader *L, const char *key, const char *value, const char *word, int *out)
{
    int on = strcmp(value, word) == 0;
    if (!on && strcmp(value, "none") != 0)
        return fail_at(L, L->lineno, L->line, offset(L, value), "%s: '%s' is not %s or none",
                       key, value, word);
    *out = on;
    return 0;
}

static int set_panel(loader *L, const char *key, char *value)
{
    return on_or_none(L, key, value, "training", &L->sc->panel);
}

static int set_pause(loader *L, const char *key, char *value)
{
    return on_or_none(L, key, value, "captions", &L->sc->narrate);
}

static int set_title(loader *L, const char *key, char *value)
{
    (void)key;
    if (strlen(value) >= sizeof L->sc->title)
        return fail_at(L, L->lineno, L->line, offset(L, value), "title longer than %d bytes (UTF-8)",
                       SCENE_TEXT_MAX - 1);
    strcpy(L->sc->title, value);
    return 0;
}

static int set_surface(loader *L, const char *key, char *value)
{
    scene *sc = L->sc;
    if (L->surface_given)
        return fail_at(L, L->lineno, L->line, offset(L, key),
                       "the surface is already given at line %ld (use either name or f)",
                       L->surface_where.line);
    if (strcmp(key, "name") == 0) {
        const surface *s = surface_find(value);
        if (!s)
            return fail_at(L, L->lineno, L->line, offset(L, value),
                           "unknown surface '%s' (valid: %s)", value, surface_names_list());
        sc->surf = *s;
    } else {
        char msg[256];
        size_t pos;
        expr *e = expr_parse(value, msg, sizeof msg, &pos);
        if (!e)
            return fail_at(L, L->lineno, L->line, offset(L, value) + pos, "%s", msg);
        if (!expr_uses(e)) {
            expr_free(e);
            return fail_at(L, L->lineno, L->line, offset(L, value),
                           "the formula uses neither x nor y");
        }
        sc->formula = e;
        sc->surf = expr_surface(e);
    }
    L->surface_given = 1;
    keep_line(L, &L->surface_where);
    return 0;
}

static int set_view(loader *L, const char *key, char *value)
{
    (void)key;
    double *v = L->sc->view;
    if (parse_numbers(L, value, v, 4, "view") < 0)
        return -1;
    char why[256];
    if (surface_view_check(v, why, sizeof why) < 0)
        return fail_at(L, L->lineno, L->line, offset(L, value), "%s", why);
    L->view_given = 1;
    return 0;
}

static int set_minimum(loader *L, const char *key, char *value)
{
    if (L->nminima_given == SURFACE_MAX_MINIMA)
        return fail_at(L, L->lineno, L->line, offset(L, key), "at most %d minima",
                       SURFACE_MAX_MINIMA);
    return parse_numbers(L, value, L->minima[L->nminima_given++], 2, "minimum");
}

static int set_start(loader *L, const char *key, char *value)
{
    scene *sc = L->sc;
    if (sc->nstart == RACE_MAX)
        return fail_at(L, L->lineno, L->line, offset(L, key), "at most %d start points",
                       RACE_MAX);
    if (parse_numbers(L, value, sc->starts[sc->nstart], 2, "start") < 0)
        return -1;
    sc->nstart++;
    keep_line(L, &L->last_start);
    return 0;
}

static int set_steps(loader *L, const char *key, char *value)
{
    (void)key;
    if (hparams_integer(value, 0, MAX_STEPS, &L->sc->steps) < 0)
        return fail_at(L, L->lineno, L->line, offset(L, value),
                       "steps: '%s' is not a whole number from 0 to %ld", value, MAX_STEPS);
    return 0;
}

static int set_noise(loader *L, const char *key, char *value)
{
    (void)key;
    if (hparams_number(value, &L->sc->noise) < 0 || L->sc->noise < 0)
        return fail_at(L, L->lineno, L->line, offset(L, value),
                       "noise: '%s' is not a number >= 0", value);
    return 0;
}

static int set_seed(loader *L, const char *key, char *value)
{
    (void)key;
    long s;
    if (hparams_integer(value, 0, 4294967295L, &s) < 0)
        return fail_at(L, L->lineno, L->line, offset(L, value),
                       "seed: '%s' is not a whole number from 0 to 4294967295", value);
    L->sc->seed = (unsigned long)s;
    return 0;
}

static int key_optimizer(loader *L, const char *key, char *value)
{
    if (L->nopt_entries == SECTION_KEYS)
        return fail_at(L, L->lineno, L->line, offset(L, key), "too many keys in one section");
    entry *e = &L->opt_entries[L->nopt_entries++];
    keep_line(L, &e->where);
    e->key_at = offset(L, key);
    e->value_at = offset(L, value);
    snprintf(e->key, sizeof e->key, "%s", key);
    snprintf(e->value, sizeof e->value, "%s", value);
    return 0;
}

static int key_caption(loader *L, const char *key, char *value)
{
    scene *sc = L->sc;
    long step;
    if (strcmp(key, "start") == 0)
        step = 0;
    else if (hparams_integer(key, 0, MAX_STEPS, &step) < 0)
        return fail_at(L, L->lineno, L->line, offset(L, key),
                       "caption key '%s' is not a step number (or start)", key);
    for (int i = 0; i < sc->ncaptions; i++)
        if (sc->captions[i].step == step)
            return fail_at(L, L->lineno, L->line, offset(L, key),
                           "a caption for step %ld is already given at line %ld", step,
                           L->caption_where[i].line);
    if (sc->ncaptions == SCENE_MAX_CAPTIONS)
        return fail_at(L, L->lineno, L->line, offset(L, key), "at most %d captions",
                       SCENE_MAX_CAPTIONS);
    if (strlen(value) >= SCENE_TEXT_MAX)
        return fail_at(L, L->lineno, L->line, offset(L, value),
                       "caption longer than %d bytes (UTF-8)", SCENE_TEXT_MAX - 1);
    scene_caption *c = &sc->captions[sc->ncaptions];
    c->step = step;
    strcpy(c->text, value);
    keep_line(L, &L->caption_where[sc->ncaptions]);
    sc->ncaptions++;
    return 0;
}

/* [classify]: the playground's set-up. */
static int key_classify_choice(loader *L, const char *key, char *value)
{
    scene_classify *c = &L->sc->cls;
    int model = strcmp(key, "model") == 0;
    if (strcmp(key, "act") == 0) {
        int a = mlp_act_from_name(value);
        if (a < 0)
            return fail_at(L, L->lineno, L->line, offset(L, value), "unknown act '%s' (valid: %s)",
                           value, mlp_act_names_list());
        c->m.act = (mlp_act)a;
        c->hidden_given_act = 1;
        return 0;
    }
    if (model && strcmp(value, "mlp") == 0) {
        c->m.loss = CLASSIFY_SOFTMAX;
        c->mlp = 1;
        return 0;
    }
    int v = model ? classify_loss_from_name(value) : classify_features_from_name(value);
    if (v < 0)
        return fail_at(L, L->lineno, L->line, offset(L, value), "unknown %s '%s' (valid: %s)", key,
                       value, model ? classify_loss_names_list() : classify_features_names_list());
    if (model)
        c->m.loss = (classify_loss)v;
    else
        c->m.features = (classify_features)v;
    return 0;
}

static int set_classify_w(loader *L, const char *key, char *value)
{
    (void)key;
    scene_classify *c = &L->sc->cls;
    if (c->nw == CLASSIFY_CLASSES_MAX)
        return fail_at(L, L->lineno, L->line, offset(L, value), "at most %d rows of W",
                       CLASSIFY_CLASSES_MAX);
    int n = 1;
    for (const char *p = value; *p; p++)
        n += *p == ',';
    if (n < 3 || n > CLASSIFY_FEATURES_MAX + 1)
        return fail_at(L, L->lineno, L->line, offset(L, value),
                       "w: %d values; a row is its weights, then its bias (3 to %d values)", n,
                       CLASSIFY_FEATURES_MAX + 1);
    if (parse_numbers(L, value, c->w[c->nw], n, "w") < 0)
        return -1;
    c->w_len[c->nw] = n;
    c->w_line[c->nw++] = L->lineno;
    return 0;
}

static int key_classify(loader *L, const char *key, char *value)
{
    scene_classify *c = &L->sc->cls;
    size_t at = offset(L, value);
    long v;
    char msg[512];
    if (strcmp(key, "data") == 0) {
        if (strlen(value) >= sizeof c->data)
            return fail_at(L, L->lineno, L->line, at, "data: name too long");
        strcpy(c->data, value);
        return 0;
    }
    if (strcmp(key, "model") == 0 || strcmp(key, "features") == 0 || strcmp(key, "act") == 0)
        return key_classify_choice(L, key, value);
    if (strcmp(key, "opt") == 0) {
        hparams_spec spec;
        if (hparams_parse_trainer(value, &spec, msg, sizeof msg) < 0)
            return fail_at(L, L->lineno, L->line, at, "%s", msg);
        c->opt = spec.p;
        c->opt_given = 1;
        return 0;
    }
    if (strcmp(key, "reg") == 0 || strcmp(key, "noise") == 0) {
        double d;
        if (hparams_number(value, &d) < 0 || d < 0)
            return fail_at(L, L->lineno, L->line, at, "%s: '%s' is not a number >= 0", key, value);
        if (key[0] == 'r')
            c->m.reg = d, c->reg_given = 1;
        else
            c->noise = d;
        return 0;
    }
    if (strcmp(key, "hidden") == 0) {
        if (hparams_integer(value, 1, CLASSIFY_HIDDEN_MAX, &v) < 0)
            return fail_at(L, L->lineno, L->line, at, "hidden: '%s' is not a whole number from 1 "
                           "to %d", value, CLASSIFY_HIDDEN_MAX);
        c->m.hidden = (int)v;
        return 0;
    }
    if (strcmp(key, "classes") == 0 || strcmp(key, "points") == 0 || strcmp(key, "steps") == 0) {
        long lo = key[0] == 'c' ? 2 : key[0] == 'p' ? 2 : 0;
        long hi = key[0] == 'c' ? CLASSIFY_CLASSES_MAX : key[0] == 'p' ? 100000 : MAX_STEPS;
        if (hparams_integer(value, lo, hi, &v) < 0)
            return fail_at(L, L->lineno, L->line, at, "%s: '%s' is not a whole number from %ld "
                           "to %ld", key, value, lo, hi);
        if (key[0] == 'c')
            c->classes = (int)v;
        else if (key[0] == 'p')
            c->points = v;
        else
            L->sc->steps = v;
        return 0;
    }
    if (strcmp(key, "seed") == 0) {
        if (hparams_integer(value, 0, 4294967295L, &v) < 0)
            return fail_at(L, L->lineno, L->line, at,
                           "seed: '%s' is not a whole number from 0 to 4294967295", value);
        L->sc->seed = (unsigned long)v;
        return 0;
    }
    return fail_at(L, L->lineno, L->line, offset(L, key),
                   "unknown key '%s' in [classify] (valid: data, classes, points, noise, seed, "
                   "model, hidden, act, features, reg, opt, steps, w)", key);
}


/* [landscape]: descent landscape's options, each checked as the command
 * would (its ranges), so that a bad one points at its line. */
typedef enum { LK_TEXT, LK_INT, LK_NONNEG, LK_POSITIVE, LK_WORD, LK_PAIR, LK_PLANE, LK_OPT } lk_kind;

static const struct {
    const char *key;
    lk_kind kind;
    long lo, hi;       /* LK_INT */
    const char *words; /* LK_WORD: the valid values, space-separated */
} landscape_keys[] = {
    {"data", LK_TEXT, 0, 0, NULL},
    {"dataset", LK_WORD, 0, 0, "cifar10 fashion-mnist synthetic"},
    {"model", LK_WORD, 0, 0, "svm softmax mlp"},
    {"load", LK_TEXT, 0, 0, NULL},
    {"reg", LK_NONNEG, 0, 0, NULL},
    {"penalty", LK_WORD, 0, 0, "l2 l1 elastic"},
    {"seed", LK_INT, 0, 2147483647L, NULL},
    {"train", LK_INT, 0, 100000000L, NULL},
    {"val", LK_INT, 0, 100000000L, NULL},
    {"images", LK_INT, 1, 100000000L, NULL},
    {"plane", LK_PLANE, 0, 0, NULL},
    {"grid", LK_INT, 1, 999, NULL},
    {"span", LK_POSITIVE, 0, 0, NULL},
    {"centre", LK_PAIR, 0, 0, NULL},
    {"opt", LK_OPT, 0, 0, NULL},
    {"iters", LK_INT, 0, 1000000L, NULL},
    {"batch", LK_INT, 1, 100000L, NULL},
    {"lbfgs", LK_INT, 0, 10000, NULL},
};
#define NLANDSCAPE_KEYS (sizeof landscape_keys / sizeof landscape_keys[0])

/* Whether value is one of the space-separated words. */
static int one_of(const char *words, const char *value)
{
    size_t n = strlen(value);
    for (const char *w = words; *w;) {
        size_t k = strcspn(w, " ");
        if (k == n && strncmp(w, value, n) == 0)
            return 1;
        w += k + (w[k] == ' ');
    }
    return 0;
}

/* plane = random | pca | between A B (A, B: racers or saved models). */
static int check_plane(loader *L, char *value)
{
    char copy[SCENE_TEXT_MAX], *words[4];
    int n = 0;
    snprintf(copy, sizeof copy, "%s", value);
    for (char *t = strtok(copy, " \t"); t; t = strtok(NULL, " \t"))
        words[n < 4 ? n : 3] = t, n++;
    int ok = (n == 1 && (strcmp(words[0], "random") == 0 || strcmp(words[0], "pca") == 0)) ||
             (n == 3 && strcmp(words[0], "between") == 0);
    if (!ok)
        return fail_at(L, L->lineno, L->line, offset(L, value),
                       "plane: '%s' is not random, pca or between A B", value);
    return 0;
}

static int check_landscape_value(loader *L, const char *key, lk_kind kind, long lo, long hi,
                                 const char *words, char *value)
{
    long n;
    double x, pair[2];
    char msg[512];
    hparams_spec spec;
    switch (kind) {
    case LK_TEXT: return 0;
    case LK_INT:
        if (hparams_integer(value, lo, hi, &n) < 0)
            return fail_at(L, L->lineno, L->line, offset(L, value),
                           "%s: '%s' is not a whole number from %ld to %ld", key, value, lo, hi);
        return 0;
    case LK_NONNEG:
    case LK_POSITIVE:
        if (hparams_number(value, &x) < 0 || x < 0 || (kind == LK_POSITIVE && !(x > 0)))
            return fail_at(L, L->lineno, L->line, offset(L, value), "%s: '%s' is not a number %s",
                           key, value, kind == LK_POSITIVE ? "> 0" : ">= 0");
        return 0;
    case LK_WORD:
        if (!one_of(words, value))
            return fail_at(L, L->lineno, L->line, offset(L, value), "%s: '%s' is not one of: %s",
                           key, value, words);
        return 0;
    case LK_PAIR: {
        char copy[SCENE_TEXT_MAX];
        snprintf(copy, sizeof copy, "%s", value);
        if (parse_numbers(L, copy, pair, 2, key) < 0)
            return -1;
        return 0;
    }
    case LK_PLANE: return check_plane(L, value);
    case LK_OPT:
        if (hparams_parse(value, &spec, msg, sizeof msg) < 0 ||
            hparams_validate(&spec.p, msg, sizeof msg) < 0)
            return fail_at(L, L->lineno, L->line, offset(L, value), "opt: %s", msg);
        return 0;
    }
    return 0;
}

static int key_landscape(loader *L, const char *key, char *value)
{
    scene_landscape *d = &L->sc->land;
    size_t i = 0;
    while (i < NLANDSCAPE_KEYS && strcmp(landscape_keys[i].key, key) != 0)
        i++;
    if (i == NLANDSCAPE_KEYS) {
        char valid[256] = "";
        for (size_t k = 0; k < NLANDSCAPE_KEYS; k++)
            snprintf(valid + strlen(valid), sizeof valid - strlen(valid), "%s%s", k ? ", " : "",
                     landscape_keys[k].key);
        return fail_at(L, L->lineno, L->line, offset(L, key),
                       "unknown key '%s' in [landscape] (valid: %s)", key, valid);
    }
    if (strlen(value) >= sizeof d->value[0])
        return fail_at(L, L->lineno, L->line, offset(L, value), "%s: longer than %d bytes", key,
                       SCENE_TEXT_MAX - 1);
    if (d->nkeys == SCENE_LANDSCAPE_KEYS)
        return fail_at(L, L->lineno, L->line, offset(L, key), "too many keys in [landscape]");
    if (check_landscape_value(L, key, landscape_keys[i].kind, landscape_keys[i].lo,
                              landscape_keys[i].hi, landscape_keys[i].words, value) < 0)
        return -1;
    snprintf(d->key[d->nkeys], sizeof d->key[0], "%s", key);
    strcpy(d->value[d->nkeys], value);
    d->line[d->nkeys++] = L->lineno;
    return 0;
}

/* The scene's keys, section by section: a NULL key takes any key (an
 * optimizer's, checked by hparams at the section's end; a caption's step).
 * A list key may repeat in its section; every other key appears once. */
typedef struct {
    section sec;
    const char *key;
    int (*set)(loader *L, const char *key, char *value);
    int list;
} scene_key;

static const scene_key scene_keys[] = {
    {SEC_SCENE, "title", set_title, 0},
    {SEC_SCENE, "panel", set_panel, 0},
    {SEC_SCENE, "pause", set_pause, 0},
    {SEC_SURFACE, "name", set_surface, 0},
    {SEC_SURFACE, "f", set_surface, 0},
    {SEC_SURFACE, "view", set_view, 0},
    {SEC_SURFACE, "minimum", set_minimum, 1},
    {SEC_RACE, "start", set_start, 1},
    {SEC_RACE, "steps", set_steps, 0},
    {SEC_RACE, "noise", set_noise, 0},
    {SEC_RACE, "seed", set_seed, 0},
    {SEC_OPTIMIZER, NULL, key_optimizer, 0},
    {SEC_CAPTIONS, NULL, key_caption, 1},
    {SEC_CLASSIFY, "w", set_classify_w, 1},
    {SEC_CLASSIFY, NULL, key_classify, 0}, /* its own message for an unknown key */
    {SEC_LANDSCAPE, "opt", key_landscape, 1},
    {SEC_LANDSCAPE, NULL, key_landscape, 0}, /* likewise */
};
#define NSCENE_KEYS (sizeof scene_keys / sizeof scene_keys[0])

static const scene_key *find_key(section sec, const char *key)
{
    for (size_t i = 0; i < NSCENE_KEYS; i++)
        if (scene_keys[i].sec == sec && (!scene_keys[i].key || strcmp(scene_keys[i].key, key) == 0))
            return &scene_keys[i];
    return NULL;
}

static int unknown_key(loader *L, const char *key)
{
    char valid[128] = "";
    for (size_t i = 0; i < NSCENE_KEYS; i++)
        if (scene_keys[i].sec == L->sec && scene_keys[i].key)
            snprintf(valid + strlen(valid), sizeof valid - strlen(valid), "%s%s",
                     valid[0] ? ", " : "", scene_keys[i].key);
    return fail_at(L, L->lineno, L->line, offset(L, key), "unknown key '%s' in [%s] (valid: %s)",
                   key, section_names[L->sec], valid);
}

/* ---- optimizer sections ----------------------------------------------- */

static int entry_fail(loader *L, const entry *e, size_t at, const char *msg)
{
    return fail_at(L, e->where.line, e->where.text, at, "%s", msg);
}

static int label_taken(const scene *sc, const char *label)
{
    for (int i = 0; i < sc->nopt; i++)
        if (strcmp(sc->opt[i].label, label) == 0)
            return 1;
    return 0;
}

/* Applies the buffered [optimizer] section: type first, then the keys in
 * order, then the range checks, each error pointing at its own line. */
static int finish_optimizer(loader *L)
{
    scene *sc = L->sc;
    const entry *type = NULL;
    for (int i = 0; i < L->nopt_entries; i++) {
        const entry *e = &L->opt_entries[i];
        if (strcmp(e->key, "type") != 0)
            continue;
        if (type)
            return entry_fail(L, e, e->key_at, "duplicate key 'type'");
        type = e;
    }
    if (!type)
        return fail_at(L, L->header.line, L->header.text, 0,
                       "[optimizer] without 'type = NAME' (valid: %s, bfgs)", optim_names_list());
    if (sc->nopt == RACE_MAX)
        return fail_at(L, L->header.line, L->header.text, 0, "at most %d optimizers", RACE_MAX);
    char msg[512];
    hparams_spec *spec = &sc->opt[sc->nopt];
    if (hparams_parse(type->value, spec, msg, sizeof msg) < 0)
        return entry_fail(L, type, type->value_at, msg);
    size_t line_of_key[SECTION_KEYS]; /* entry index per applied key, for range errors */
    int napplied = 0;
    for (int i = 0; i < L->nopt_entries; i++) {
        const entry *e = &L->opt_entries[i];
        const char *key = e->key, *value = e->value;
        if (e == type)
            continue;
        if (hparams_set(spec, key, value, msg, sizeof msg) < 0) {
            if (strncmp(msg, "unknown key", 11) == 0)
                snprintf(msg, sizeof msg, "unknown key '%s' in [optimizer] (valid: type, %s)",
                         key, hparams_keys_list());
            return entry_fail(L, e, strncmp(msg, "unknown key", 11) == 0 ? e->key_at
                                                                          : e->value_at, msg);
        }
        if (strcmp(key, "label") == 0 && label_taken(sc, spec->label))
            return entry_fail(L, e, e->value_at, "another optimizer already has this label");
        line_of_key[napplied++] = (size_t)i;
    }
    if (hparams_validate(&spec->p, msg, sizeof msg) < 0) {
        /* The message starts with the field's name: point at its line. */
        for (int k = napplied - 1; k >= 0; k--) {
            const entry *e = &L->opt_entries[line_of_key[k]];
            size_t n = strlen(e->key);
            if (strncmp(msg, e->key, n) == 0 && msg[n] == ' ')
                return entry_fail(L, e, e->value_at, msg);
        }
        return entry_fail(L, type, type->value_at, msg);
    }
    /* A key the optimizer does not read: point at it. */
    for (int k = 0; k < napplied; k++) {
        const entry *e = &L->opt_entries[line_of_key[k]];
        if (strcmp(e->key, "label") != 0 && strcmp(e->key, "schedule") != 0 &&
            !hparams_key_applies(e->key, spec->p.kind, spec->p.sched.kind)) {
            hparams_spec one = {.p = spec->p};
            hparams_set(&one, e->key, e->value, msg, sizeof msg);
            hparams_check_used(&one, msg, sizeof msg);
            return entry_fail(L, e, e->key_at, msg);
        }
    }
    if (hparams_check_used(spec, msg, sizeof msg) < 0)
        return entry_fail(L, type, type->value_at, msg);
    sc->nopt++;
    L->last_opt = L->header;
    return 0;
}

/* ---- lines ------------------------------------------------------------ */

static int end_section(loader *L)
{
    int rc = L->sec == SEC_OPTIMIZER ? finish_optimizer(L) : 0;
    L->nopt_entries = 0;
    L->nseen = 0;
    return rc;
}

/* The reader's line becomes the loader's current line. */
static loader *at_line(sceneread *r)
{
    loader *L = r->client;
    L->lineno = r->lineno;
    L->line = r->cut;
    L->orig = r->text;
    return L;
}

static int on_section(sceneread *r, char *name, char *arg)
{
    loader *L = at_line(r);
    section sec = SEC_NONE;
    for (int i = 1; i <= SEC_OTHER; i++)
        if (strcmp(name, section_names[i]) == 0)
            sec = (section)i;
    if (sec == SEC_OTHER && !*arg)
        return fail_at(L, L->lineno, L->line, offset(L, name),
                       "[walkthrough] needs the walkthrough's name: [walkthrough svm]");
    if (sec == SEC_NONE || (sec != SEC_OTHER && *arg))
        return fail_at(L, L->lineno, L->line, offset(L, name),
                       "unknown section [%s%s%s] (valid: scene, surface, race, optimizer, "
                       "captions, classify, landscape, walkthrough NAME)",
                       name, *arg ? " " : "", arg);
    if (end_section(L) < 0)
        return -1;
    if (sec != SEC_OPTIMIZER && sec != SEC_OTHER && L->section_line[sec])
        return fail_at(L, L->lineno, L->line, offset(L, name),
                       "duplicate section [%s] (first at line %ld)", section_names[sec],
                       L->section_line[sec]);
    L->sec = sec;
    L->section_line[sec] = L->lineno;
    keep_line(L, &L->header);
    return 0;
}

/* Each key once per section, except the lists. */
static int check_repeat(loader *L, const scene_key *k, const char *key)
{
    if (k->list)
        return 0;
    for (int i = 0; i < L->nseen; i++)
        if (strcmp(L->seen[i].key, key) == 0)
            return fail_at(L, L->lineno, L->line, offset(L, key),
                           "duplicate key '%s' (first at line %ld)", key, L->seen[i].line);
    if (L->nseen < SECTION_KEYS && strlen(key) < sizeof L->seen[0].key) {
        strcpy(L->seen[L->nseen].key, key);
        L->seen[L->nseen++].line = L->lineno;
    }
    return 0;
}

static int on_key(sceneread *r, char *key, char *value)
{
    loader *L = at_line(r);
    if (L->sec == SEC_OTHER)
        return 0; /* a walkthrough's: read by walk/walkscene.c */
    if (L->sec == SEC_NONE)
        return fail_at(L, L->lineno, L->line, offset(L, key),
                       "'%s' outside a section (start with [scene], [surface], ...)", key);
    const scene_key *k = find_key(L->sec, key);
    if (!k)
        return unknown_key(L, key);
    if (check_repeat(L, k, key) < 0)
        return -1;
    return k->set(L, key, value);
}

static const sceneread_client scene_client = {on_section, on_key};

/* ---- the whole file --------------------------------------------------- */

static int by_step(const void *a, const void *b)
{
    long x = ((const scene_caption *)a)->step, y = ((const scene_caption *)b)->step;
    return (x > y) - (x < y);
}

static int check_captions(loader *L)
{
    const scene *sc = L->sc;
    for (int i = 0; i < sc->ncaptions; i++)
        if (sc->captions[i].step > sc->steps)
            return fail_at(L, L->caption_where[i].line, L->caption_where[i].text, 0,
                           "caption at step %ld, after the last step (%ld)",
                           sc->captions[i].step, sc->steps);
    return 0;
}

/* A classify scene: no surface, race or optimizers; a data set; W rows of
 * the model's width, one per class at most. */
static int check_classify(loader *L)
{
    scene *sc = L->sc;
    scene_classify *c = &sc->cls;
    static const section others[] = {SEC_SURFACE, SEC_RACE, SEC_OPTIMIZER};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        if (L->section_line[others[i]])
            return fail_at(L, L->section_line[others[i]], NULL, 0,
                           "[%s] in a [classify] scene (line %ld): a scene is one or the other",
                           section_names[others[i]], L->section_line[SEC_CLASSIFY]);
    if (!c->data[0])
        return fail_at(L, L->section_line[SEC_CLASSIFY], NULL, 0,
                       "[classify] needs 'data = NAME' (a built-in set)");
    if ((c->m.hidden || c->hidden_given_act) && !c->mlp)
        return fail_at(L, L->section_line[SEC_CLASSIFY], NULL, 0,
                       "[classify] hidden and act are for model = mlp");
    if (c->mlp && !c->m.hidden)
        c->m.hidden = 100;
    if (c->mlp && c->nw)
        return fail_at(L, c->w_line[0], NULL, 0, "w: rows of W are for the linear models, not mlp");
    int F = classify_feature_count(c->m.features);
    for (int j = 0; j < c->nw; j++)
        if (c->w_len[j] != F + 1)
            return fail_at(L, c->w_line[j], NULL, 0,
                           "w: %d values, but %s inputs need %d weights and a bias", c->w_len[j],
                           classify_features_name(c->m.features), F);
    if (check_captions(L) < 0)
        return -1;
    qsort(sc->captions, (size_t)sc->ncaptions, sizeof sc->captions[0], by_step);
    return 0;
}

/* A landscape scene: no surface, race, optimizers or playground; its
 * captions are shown one at a time in the order of their keys. */
static int check_landscape(loader *L)
{
    scene *sc = L->sc;
    static const section others[] = {SEC_SURFACE, SEC_RACE, SEC_OPTIMIZER, SEC_CLASSIFY};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        if (L->section_line[others[i]])
            return fail_at(L, L->section_line[others[i]], NULL, 0,
                           "[%s] in a [landscape] scene (line %ld): a scene is one or the other",
                           section_names[others[i]], L->section_line[SEC_LANDSCAPE]);
    qsort(sc->captions, (size_t)sc->ncaptions, sizeof sc->captions[0], by_step);
    return 0;
}

static int check_whole(loader *L)
{
    scene *sc = L->sc;
    if (L->section_line[SEC_LANDSCAPE]) {
        sc->land.on = 1;
        return check_landscape(L);
    }
    if (L->section_line[SEC_CLASSIFY]) {
        sc->cls.on = 1;
        return check_classify(L);
    }
    if (!L->surface_given) {
        if (L->section_line[SEC_SURFACE])
            return fail_at(L, L->section_line[SEC_SURFACE], NULL, 0,
                           "[surface] needs 'name = BUILTIN' or 'f = FORMULA'");
        return fail_at(L, L->lineno ? L->lineno : 1, NULL, 0,
                       "no surface: add a [surface] section with 'name = BUILTIN' or "
                       "'f = FORMULA'");
    }
    if (!L->view_given)
        memcpy(sc->view, sc->surf.view, sizeof sc->view);
    if (sc->nstart == 0) {
        sc->nstart = 1;
        memcpy(sc->starts[0], sc->surf.start, sizeof sc->starts[0]);
    }
    if (L->nminima_given) {
        sc->surf.nminima = L->nminima_given;
        memcpy(sc->surf.minima, L->minima, sizeof L->minima);
    } else if (sc->formula) {
        analysis_find_minima(&sc->surf, sc->view, ANALYSIS_MINIMA_GRID);
    }
    if (check_captions(L) < 0)
        return -1;
    int nopt = sc->nopt ? sc->nopt : OPTIM_COUNT;
    if (nopt * sc->nstart > RACE_MAX) {
        const line_copy *w = L->last_start.line > L->last_opt.line ? &L->last_start : &L->last_opt;
        return fail_at(L, w->line, w->text, 0,
                       "%d optimizers from %d start points make %d racers (at most %d)", nopt,
                       sc->nstart, nopt * sc->nstart, RACE_MAX);
    }
    race_config rc;
    char msg[512];
    if (scene_race_config(sc, &rc, msg, sizeof msg) < 0 ||
        race_config_check_labels(&rc, msg, sizeof msg) < 0) {
        const line_copy *w = L->last_start.line > L->last_opt.line ? &L->last_start : &L->last_opt;
        return fail_at(L, w->line, w->text, 0, "%s", msg);
    }
    qsort(sc->captions, (size_t)sc->ncaptions, sizeof sc->captions[0], by_step);
    return 0;
}

static int load(const char *path, scene *out, char *err, size_t errlen)
{
    loader *L = calloc(1, sizeof *L);
    scene *sc = calloc(1, sizeof *sc);
    int rc = -1;
    if (!L || !sc) {
        snprintf(err, errlen, "%s: out of memory", path);
    } else {
        *L = (loader){.path = path, .err = err, .errlen = errlen, .sc = sc};
        sc->steps = 100;
        sc->seed = 1;
        sc->cls.noise = -1;
        sc->cls.m.reg = 0.1;
        rc = sceneread_file(path, &scene_client, L, err, errlen) < 0 || end_section(L) < 0 ||
                     check_whole(L) < 0
                 ? -1
                 : 0;
    }
    if (rc == 0)
        *out = *sc;
    else if (sc)
        scene_free(sc);
    free(sc);
    free(L);
    return rc;
}

int scene_load(const char *path, scene *out, char *err, size_t errlen)
{
    if (load(path, out, err, errlen) < 0)
        return -1;
    if (out->land.on) {
        snprintf(err, errlen, "%s: a landscape scene: open it with descent %s (or descent "
                              "landscape --scene %s)", path, path, path);
        scene_free(out);
        return -1;
    }
    if (!out->cls.on)
        return 0;
    snprintf(err, errlen, "%s: a classify scene: open it with descent classify --scene %s", path,
             path);
    scene_free(out);
    return -1;
}

int scene_load_landscape(const char *path, scene *out, char *err, size_t errlen)
{
    scene *sc = malloc(sizeof *sc);
    if (!sc) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    int rc = load(path, sc, err, errlen) < 0 ? -1 : sc->land.on ? 0 : 1;
    if (rc == 0)
        *out = *sc;
    else if (rc == 1)
        scene_free(sc);
    free(sc);
    return rc;
}

int scene_load_classify(const char *path, scene *out, char *err, size_t errlen)
{
    if (load(path, out, err, errlen) < 0)
        return -1;
    if (out->cls.on)
        return 0;
    snprintf(err, errlen, "%s: not a classify scene (it has no [classify] section)", path);
    scene_free(out);
    return -1;
}

void scene_free(scene *sc)
{
    expr_free(sc->formula);
    sc->formula = NULL;
}

/* ---- races ------------------------------------------------------------ */

int scene_expand_starts(race_config *c, int nstart, const double starts[][2], char *err,
                        size_t errlen)
{
    c->own_start = 0;
    memmove(c->start, starts[0], sizeof c->start);
    if (nstart <= 1)
        return 0;
    if (c->nopt * nstart > RACE_MAX) {
        snprintf(err, errlen, "%d optimizers from %d start points make %d racers (at most %d)",
                 c->nopt, nstart, c->nopt * nstart, RACE_MAX);
        return -1;
    }
    race_config in = *c;
    char label[HPARAMS_LABEL_MAX];
    c->nopt = 0;
    c->own_start = 1;
    for (int s = 0; s < nstart; s++)
        for (int i = 0; i < in.nopt; i++) {
            race_config_label(&in, i, label, sizeof label);
            hparams_spec *o = &c->opt[c->nopt];
            *o = in.opt[i];
            /* the base label shortened so that the start point always shows */
            char suffix[HPARAMS_LABEL_MAX];
            snprintf(suffix, sizeof suffix, " @(%.4g %.4g)", starts[s][0], starts[s][1]);
            size_t ns = strlen(suffix), nl = strlen(label), room = sizeof o->label - 1;
            if (nl + ns > room)
                nl = ns < room ? room - ns : 0;
            memcpy(o->label, label, nl);
            memcpy(o->label + nl, suffix, room - nl < ns ? room - nl : ns);
            o->label[nl + (room - nl < ns ? room - nl : ns)] = '\0';
            memcpy(c->starts[c->nopt], starts[s], sizeof c->starts[0]);
            c->nopt++;
        }
    return 0;
}

int scene_race_config(const scene *sc, race_config *out, char *err, size_t errlen)
{
    race_config_defaults(out, &sc->surf);
    memcpy(out->view, sc->view, sizeof out->view);
    out->steps = sc->steps;
    out->noise = sc->noise;
    out->seed = sc->seed;
    if (sc->nopt) {
        out->nopt = sc->nopt;
        memcpy(out->opt, sc->opt, sizeof out->opt);
    }
    return scene_expand_starts(out, sc->nstart, sc->starts, err, errlen);
}

const scene_caption *scene_caption_at(const scene *sc, long step)
{
    const scene_caption *c = NULL;
    for (int i = 0; i < sc->ncaptions && sc->captions[i].step <= step; i++)
        c = &sc->captions[i];
    return c;
}

const char *scene_caption_text(const scene *sc, long step, char *buf, size_t len)
{
    const scene_caption *c = scene_caption_at(sc, step);
    if (!c)
        return NULL;
    if (c->step > 0 && c->step < step)
        snprintf(buf, len, "at step %ld: %s", c->step, c->text);
    else
        snprintf(buf, len, "%s", c->text);
    return buf;
}

#ifndef DESCENT_DATADIR
#define DESCENT_DATADIR "/usr/local/share/descent"
#endif

/* The source tree's scenes/ beside the program's build folder, so that
 * build/descent finds them from anywhere: "" when unknown. */
static void beside_program(char *dir, size_t len)
{
    char exe[1024];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    dir[0] = '\0';
    if (n <= 0)
        return;
    exe[n] = '\0';
    char *slash = strrchr(exe, '/');
    if (slash) {
        *slash = '\0';
        snprintf(dir, len, "%s/../scenes", exe);
    }
}

int scene_find(const char *name, char *buf, size_t len)
{
    char beside[1100];
    beside_program(beside, sizeof beside);
    const char *dirs[] = {"scenes", DESCENT_DATADIR "/scenes", beside};
    /* a file that is there but cannot be read is its loader's to explain */
    if (access(name, F_OK) == 0) {
        snprintf(buf, len, "%s", name);
        return 0;
    }
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        if (!dirs[i][0])
            continue;
        snprintf(buf, len, "%s/%s.scene", dirs[i], name);
        if (access(buf, R_OK) == 0)
            return 0;
    }
    return -1;
}

int scene_locate(const char *name, char *buf, size_t len, char *err, size_t errlen)
{
    if (scene_find(name, buf, len) == 0)
        return 0;
    snprintf(err, errlen, "%s: no such file, nor a name in %s", name, scene_dirs());
    return -1;
}

const char *scene_dirs(void)
{
    return "./scenes, " DESCENT_DATADIR "/scenes or the program's ../scenes";
}
