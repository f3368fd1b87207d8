#include "raceopts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/analysis.h"
#include "../core/hparams.h"

#define MAX_STEPS 10000000L

/* In the order of RACEOPTS_TABLE's entries. */
enum { O_SURFACE, O_FORMULA, O_SCENE, O_VIEW, O_START, O_STEPS, O_NOISE, O_SEED, O_OPT, O_COUNT };
_Static_assert(O_COUNT == RACEOPTS_COUNT, "RACEOPTS_TABLE and its indices disagree");

void raceopts_init(raceopts *o)
{
    memset(o, 0, sizeof *o);
    race_config_defaults(&o->cfg, surface_builtin(0));
    o->cfg.nopt = 0;
}

void raceopts_free(raceopts *o)
{
    expr_free(o->formula);
    o->formula = NULL;
    if (o->scene) {
        scene_free(o->scene);
        free(o->scene);
        o->scene = NULL;
    }
}

/* The scene's surface (and with it its view and start points) is used
 * unless --surface or --formula replaces it. */
static const scene *scene_surface(const raceopts *o)
{
    return o->scene && !o->surface_set ? o->scene : NULL;
}

/* Racers are optimizers times start points; checked after every option so
 * that raceopts_finish cannot fail. */
static int check_racers(const raceopts *o, char *err, size_t errlen)
{
    const scene *sc = o->scene;
    int nopt = o->opt_set ? o->cfg.nopt : sc && sc->nopt ? sc->nopt : OPTIM_COUNT;
    int nstart = !o->start_set && scene_surface(o) ? scene_surface(o)->nstart : 1;
    if (nopt * nstart <= RACE_MAX)
        return 0;
    snprintf(err, errlen, "%d optimizers from %d start points make %d racers (at most %d)",
             nopt, nstart, nopt * nstart, RACE_MAX);
    return -1;
}

int raceopts_load_scene(raceopts *o, const char *path, char *err, size_t errlen)
{
    scene *sc = malloc(sizeof *sc);
    if (!sc) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    if (scene_load(path, sc, err, errlen) < 0) {
        free(sc);
        return -1;
    }
    scene *old = o->scene;
    o->scene = sc;
    if (check_racers(o, err, errlen) < 0) {
        o->scene = old;
        scene_free(sc);
        free(sc);
        return -1;
    }
    if (old) {
        scene_free(old);
        free(old);
    }
    snprintf(o->scene_path, sizeof o->scene_path, "%s", path);
    return 0;
}

static int set_formula(raceopts *o, const char *text, char *err, size_t errlen)
{
    char msg[256], q[CLI_QUOTE_SIZE];
    size_t pos;
    expr *e = expr_parse(text, msg, sizeof msg, &pos);
    if (!e) {
        snprintf(err, errlen, "%s: column %d: %s", cli_quote(text, q, sizeof q),
                 expr_column(text, pos), msg);
        return -1;
    }
    if (!expr_uses(e)) {
        expr_free(e);
        snprintf(err, errlen, "%s: the formula uses neither x nor y", cli_quote(text, q, sizeof q));
        return -1;
    }
    expr_free(o->formula);
    o->formula = e;
    o->formula_surf = expr_surface(e);
    return 0;
}

static int parse_view(const char *text, double v[4])
{
    char buf[256];
    if (strlen(text) >= sizeof buf)
        return -1;
    strcpy(buf, text);
    char *p = buf;
    for (int i = 0; i < 4; i++) {
        char *comma = strchr(p, ',');
        if ((comma == NULL) != (i == 3))
            return -1;
        if (comma)
            *comma = '\0';
        if (hparams_number(p, &v[i]) < 0)
            return -1;
        p = comma + 1;
    }
    return 0;
}

int raceopts_pair(const char *text, double out[2])
{
    char buf[128];
    if (strlen(text) >= sizeof buf)
        return -1;
    strcpy(buf, text);
    char *comma = strchr(buf, ',');
    if (!comma)
        return -1;
    *comma = '\0';
    return hparams_number(buf, &out[0]) < 0 || hparams_number(comma + 1, &out[1]) < 0 ? -1 : 0;
}

static int set_one(raceopts *o, int index, const char *value, char *err, size_t errlen)
{
    race_config *c = &o->cfg;
    char q[CLI_QUOTE_SIZE];
    if (value)
        cli_quote(value, q, sizeof q); /* a long value is quoted by its start */
    switch (index) {
    case O_SURFACE:
    case O_FORMULA: {
        if (o->surface_set) {
            snprintf(err, errlen, "give one surface: --surface or --formula, once");
            return -1;
        }
        if (index == O_FORMULA) {
            if (set_formula(o, value, err, errlen) < 0)
                return -1;
        } else {
            const surface *s = surface_find(value);
            if (!s) {
                snprintf(err, errlen, "unknown surface %s (valid: %s)", q,
                         surface_names_list());
                return -1;
            }
            c->surf = s;
        }
        o->surface_set = 1;
        return 0;
    }
    case O_SCENE: return raceopts_load_scene(o, value, err, errlen);
    case O_VIEW:
        if (parse_view(value, c->view) < 0) {
            snprintf(err, errlen, "%s is not X0,X1,Y0,Y1 (four numbers, X0 < X1, Y0 < Y1)", q);
            return -1;
        }
        if (surface_view_check(c->view, err, errlen) < 0)
            return -1;
        o->view_set = 1;
        return 0;
    case O_START:
        if (raceopts_pair(value, c->start) < 0) {
            snprintf(err, errlen, "%s is not X,Y (two numbers)", q);
            return -1;
        }
        o->start_set = 1;
        return 0;
    case O_STEPS:
        if (hparams_integer(value, 0, MAX_STEPS, &c->steps) < 0) {
            snprintf(err, errlen, "%s is not a whole number from 0 to %ld", q, MAX_STEPS);
            return -1;
        }
        o->steps_set = 1;
        return 0;
    case O_NOISE:
        if (hparams_number(value, &c->noise) < 0 || c->noise < 0) {
            snprintf(err, errlen, "%s is not a number >= 0", q);
            return -1;
        }
        o->noise_set = 1;
        return 0;
    case O_SEED: {
        long s;
        if (hparams_integer(value, 0, 4294967295L, &s) < 0) {
            snprintf(err, errlen, "%s is not a whole number from 0 to 4294967295", q);
            return -1;
        }
        c->seed = (unsigned long)s;
        o->seed_set = 1;
        return 0;
    }
    case O_OPT:
        if (c->nopt == RACE_MAX) {
            snprintf(err, errlen, "at most %d optimizers", RACE_MAX);
            return -1;
        }
        if (hparams_parse(value, &c->opt[c->nopt], err, errlen) < 0)
            return -1;
        c->nopt++;
        if (race_config_check_labels(c, err, errlen) < 0)
            return -1;
        o->opt_set = 1;
        return 0;
    }
    snprintf(err, errlen, "internal: unknown race option %d", index);
    return -1;
}

int raceopts_set(raceopts *o, int index, const char *value, char *err, size_t errlen)
{
    if (set_one(o, index, value, err, errlen) < 0)
        return -1;
    return check_racers(o, err, errlen);
}

void raceopts_finish(raceopts *o)
{
    race_config *c = &o->cfg;
    const scene *sc = o->scene, *own = scene_surface(o);
    if (o->formula)
        c->surf = &o->formula_surf;
    else if (own)
        c->surf = &own->surf;
    if (!o->view_set)
        memcpy(c->view, own ? own->view : c->surf->view, sizeof c->view);
    if (sc && !o->steps_set)
        c->steps = sc->steps;
    if (sc && !o->noise_set)
        c->noise = sc->noise;
    if (sc && !o->seed_set)
        c->seed = sc->seed;
    if (!o->opt_set && sc && sc->nopt) {
        c->nopt = sc->nopt;
        memcpy(c->opt, sc->opt, sizeof c->opt);
    } else if (!o->opt_set) {
        c->nopt = OPTIM_COUNT;
        for (int k = 0; k < OPTIM_COUNT; k++) {
            memset(&c->opt[k], 0, sizeof c->opt[k]);
            c->opt[k].p = optim_defaults((optim_kind)k);
        }
    }
    if (o->formula)
        analysis_find_minima(&o->formula_surf, c->view, ANALYSIS_MINIMA_GRID);
    char err[256];
    if (o->start_set)
        scene_expand_starts(c, 1, (const double(*)[2])c->start, err, sizeof err);
    else if (own && scene_expand_starts(c, own->nstart, own->starts, err, sizeof err) == 0)
        return;
    else
        scene_expand_starts(c, 1, (const double(*)[2])c->surf->start, err, sizeof err);
}
