#include "scene.h"

#include "../core/analysis.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE_MAX_LEN 1000
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

typedef enum {
    SEC_NONE, SEC_SCENE, SEC_SURFACE, SEC_RACE, SEC_OPTIMIZER, SEC_CAPTIONS, SEC_CLASSIFY
} section;

static const char *const section_names[] = {"", "scene", "surface", "race", "optimizer",
                                            "captions", "classify"};

typedef struct {
    const char *path;
    char *err;
    size_t errlen;
    scene *sc;
    /* the current line */
    long lineno;
    char line[LINE_MAX_LEN + 2]; /* cut into key and value while parsing */
    char orig[LINE_MAX_LEN + 2]; /* as read, for messages */
    /* sections */
    section sec;
    long section_line[7];
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
    if (text == L->line)
        text = L->orig;
    if (!text) {
        snprintf(L->err, L->errlen, "%s:%ld: %s", L->path, lineno, msg);
        return -1;
    }
    int col = expr_column(text, at);
    char shown[LINE_MAX_LEN + 1];
    size_t n = 0;
    for (; text[n] && n < LINE_MAX_LEN; n++)
        shown[n] = text[n] == '\t' ? ' ' : text[n]; /* so the caret lines up */
    shown[n] = '\0';
    snprintf(L->err, L->errlen, "%s:%ld:%d: %s\n  %s\n  %*s^", L->path, lineno, col, msg, shown,
             col - 1, "");
    return -1;
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

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

/* "a, b, c": exactly n numbers. */
static int parse_numbers(loader *L, char *value, double *out, int n, const char *what)
{
    char *p = value;
    for (int i = 0; i < n; i++) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        char *item = trim(p);
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

static int key_scene(loader *L, const char *key, char *value)
{
    if (strcmp(key, "title") != 0)
        return fail_at(L, L->lineno, L->line, offset(L, key),
                       "unknown key '%s' in [scene] (valid: title)", key);
    if (strlen(value) >= sizeof L->sc->title)
        return fail_at(L, L->lineno, L->line, offset(L, value), "title longer than %d characters",
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

static int key_surface(loader *L, const char *key, char *value)
{
    if (strcmp(key, "name") == 0 || strcmp(key, "f") == 0)
        return set_surface(L, key, value);
    if (strcmp(key, "view") == 0) {
        double *v = L->sc->view;
        if (parse_numbers(L, value, v, 4, "view") < 0)
            return -1;
        if (!(v[0] < v[1] && v[2] < v[3]))
            return fail_at(L, L->lineno, L->line, offset(L, value),
                           "view needs X0 < X1 and Y0 < Y1");
        L->view_given = 1;
        return 0;
    }
    if (strcmp(key, "minimum") == 0) {
        if (L->nminima_given == SURFACE_MAX_MINIMA)
            return fail_at(L, L->lineno, L->line, offset(L, key), "at most %d minima",
                           SURFACE_MAX_MINIMA);
        return parse_numbers(L, value, L->minima[L->nminima_given++], 2, "minimum");
    }
    return fail_at(L, L->lineno, L->line, offset(L, key),
                   "unknown key '%s' in [surface] (valid: name, f, view, minimum)", key);
}

static int key_race(loader *L, const char *key, char *value)
{
    scene *sc = L->sc;
    const char *v = value;
    size_t at = offset(L, value);
    if (strcmp(key, "start") == 0) {
        if (sc->nstart == RACE_MAX)
            return fail_at(L, L->lineno, L->line, offset(L, key), "at most %d start points",
                           RACE_MAX);
        if (parse_numbers(L, value, sc->starts[sc->nstart], 2, "start") < 0)
            return -1;
        sc->nstart++;
        keep_line(L, &L->last_start);
        return 0;
    }
    if (strcmp(key, "steps") == 0) {
        if (hparams_integer(v, 0, MAX_STEPS, &sc->steps) < 0)
            return fail_at(L, L->lineno, L->line, at, "steps: '%s' is not a whole number from 0 "
                           "to %ld", v, MAX_STEPS);
        return 0;
    }
    if (strcmp(key, "noise") == 0) {
        if (hparams_number(v, &sc->noise) < 0 || sc->noise < 0)
            return fail_at(L, L->lineno, L->line, at, "noise: '%s' is not a number >= 0", v);
        return 0;
    }
    if (strcmp(key, "seed") == 0) {
        long s;
        if (hparams_integer(v, 0, 4294967295L, &s) < 0)
            return fail_at(L, L->lineno, L->line, at,
                           "seed: '%s' is not a whole number from 0 to 4294967295", v);
        sc->seed = (unsigned long)s;
        return 0;
    }
    return fail_at(L, L->lineno, L->line, offset(L, key),
                   "unknown key '%s' in [race] (valid: start, steps, noise, seed)", key);
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
                       "caption longer than %d characters", SCENE_TEXT_MAX - 1);
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
        int a = classify_act_from_name(value);
        if (a < 0)
            return fail_at(L, L->lineno, L->line, offset(L, value), "unknown act '%s' (valid: %s)",
                           value, classify_act_names_list());
        c->m.act = (classify_act)a;
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

static int key_classify_w(loader *L, char *value)
{
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
    if (strcmp(key, "w") == 0)
        return key_classify_w(L, value);
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

static int header_line(loader *L, char *s)
{
    char *close = strchr(s, ']');
    if (!close)
        return fail_at(L, L->lineno, L->line, offset(L, s) + strlen(s), "expected ']'");
    if (*trim(close + 1))
        return fail_at(L, L->lineno, L->line, offset(L, close + 1),
                       "unexpected text after the section name");
    *close = '\0';
    char *name = trim(s + 1);
    section sec = SEC_NONE;
    for (int i = 1; i <= SEC_CLASSIFY; i++)
        if (strcmp(name, section_names[i]) == 0)
            sec = (section)i;
    if (sec == SEC_NONE)
        return fail_at(L, L->lineno, L->line, offset(L, name),
                       "unknown section [%s] (valid: scene, surface, race, optimizer, captions, "
                       "classify)",
                       name);
    if (end_section(L) < 0)
        return -1;
    if (sec != SEC_OPTIMIZER && L->section_line[sec])
        return fail_at(L, L->lineno, L->line, offset(L, name),
                       "duplicate section [%s] (first at line %ld)", section_names[sec],
                       L->section_line[sec]);
    L->sec = sec;
    L->section_line[sec] = L->lineno;
    keep_line(L, &L->header);
    return 0;
}

/* Each key once per section, except the lists. */
static int check_repeat(loader *L, const char *key)
{
    if ((L->sec == SEC_RACE && strcmp(key, "start") == 0) ||
        (L->sec == SEC_SURFACE && strcmp(key, "minimum") == 0) || L->sec == SEC_CAPTIONS ||
        (L->sec == SEC_CLASSIFY && strcmp(key, "w") == 0))
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

static int key_line(loader *L, char *s)
{
    char *eq = strchr(s, '=');
    if (!eq)
        return fail_at(L, L->lineno, L->line, offset(L, s),
                       "expected 'key = value' or a [section]");
    *eq = '\0';
    char *key = trim(s), *value = trim(eq + 1);
    if (!*key)
        return fail_at(L, L->lineno, L->line, offset(L, eq), "missing key before '='");
    if (!*value)
        return fail_at(L, L->lineno, L->line, offset(L, eq) + 1, "missing value after '='");
    if (L->sec == SEC_NONE)
        return fail_at(L, L->lineno, L->line, offset(L, key),
                       "'%s' outside a section (start with [scene], [surface], ...)", key);
    if (check_repeat(L, key) < 0)
        return -1;
    switch (L->sec) {
    case SEC_SCENE: return key_scene(L, key, value);
    case SEC_SURFACE: return key_surface(L, key, value);
    case SEC_RACE: return key_race(L, key, value);
    case SEC_OPTIMIZER: return key_optimizer(L, key, value);
    case SEC_CAPTIONS: return key_caption(L, key, value);
    case SEC_CLASSIFY: return key_classify(L, key, value);
    case SEC_NONE: break;
    }
    return -1;
}

static int one_line(loader *L)
{
    char *s = L->line;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    memcpy(L->orig, L->line, n + 1);
    s = trim(s);
    if (*s == '\0' || *s == '#' || *s == ';')
        return 0;
    return *s == '[' ? header_line(L, s) : key_line(L, s);
}

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

static int check_whole(loader *L)
{
    scene *sc = L->sc;
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
    qsort(sc->captions, (size_t)sc->ncaptions, sizeof sc->captions[0], by_step);
    return 0;
}

static int read_lines(loader *L, FILE *f)
{
    while (fgets(L->line, sizeof L->line, f)) {
        L->lineno++;
        size_t n = strlen(L->line);
        if (n == sizeof L->line - 1 && L->line[n - 1] != '\n') {
            L->line[LINE_MAX_LEN] = '\0';
            memcpy(L->orig, L->line, LINE_MAX_LEN + 1); /* the message quotes this line */
            return fail_at(L, L->lineno, L->line, LINE_MAX_LEN,
                           "line longer than %d characters", LINE_MAX_LEN);
        }
        if (one_line(L) < 0)
            return -1;
    }
    if (ferror(f))
        return fail_at(L, L->lineno + 1, NULL, 0, "read error");
    return end_section(L);
}

static int load(const char *path, scene *out, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
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
        rc = read_lines(L, f) < 0 || check_whole(L) < 0 ? -1 : 0;
    }
    fclose(f);
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
    if (!out->cls.on)
        return 0;
    snprintf(err, errlen, "%s: a classify scene: open it with descent classify --scene %s", path,
             path);
    scene_free(out);
    return -1;
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
    if (access(name, R_OK) == 0) {
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

const char *scene_dirs(void)
{
    return "./scenes, " DESCENT_DATADIR "/scenes or the program's ../scenes";
}
