#include "raceopts.h"

#include <stdio.h>
#include <string.h>

#include "../core/hparams.h"

#define MAX_STEPS 10000000L

enum { O_SURFACE, O_START, O_STEPS, O_NOISE, O_SEED, O_OPT, O_COUNT };

const cli_option raceopts_table[] = {
    [O_SURFACE] = {"surface", "NAME", "the loss surface (see `descent surfaces`)"},
    [O_START] = {"start", "X,Y", "start point (default: the surface's)"},
    [O_STEPS] = {"steps", "N", "number of updates (default 100)"},
    [O_NOISE] = {"noise", "SIGMA", "Gaussian noise added to each gradient component (default 0)"},
    [O_SEED] = {"seed", "S", "seed of the noise generator (default 1)"},
    [O_OPT] = {"opt", "SPEC", "NAME[:key=value,...]; repeat for more (default: all six)"},
    [O_COUNT] = {0},
};

int raceopts_count(void)
{
    return O_COUNT;
}

void raceopts_init(raceopts *o)
{
    memset(o, 0, sizeof *o);
    race_config_defaults(&o->cfg, surface_builtin(0));
    o->cfg.nopt = 0;
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

int raceopts_set(raceopts *o, int index, const char *value, char *err, size_t errlen)
{
    race_config *c = &o->cfg;
    switch (index) {
    case O_SURFACE: {
        const surface *s = surface_find(value);
        if (!s) {
            snprintf(err, errlen, "unknown surface '%s' (valid: %s)", value,
                     surface_names_list());
            return -1;
        }
        c->surf = s;
        o->surface_set = 1;
        return 0;
    }
    case O_START:
        if (raceopts_pair(value, c->start) < 0) {
            snprintf(err, errlen, "'%s' is not X,Y (two numbers)", value);
            return -1;
        }
        o->start_set = 1;
        return 0;
    case O_STEPS:
        if (hparams_integer(value, 0, MAX_STEPS, &c->steps) < 0) {
            snprintf(err, errlen, "'%s' is not a whole number from 0 to %ld", value, MAX_STEPS);
            return -1;
        }
        return 0;
    case O_NOISE:
        if (hparams_number(value, &c->noise) < 0 || c->noise < 0) {
            snprintf(err, errlen, "'%s' is not a number >= 0", value);
            return -1;
        }
        return 0;
    case O_SEED: {
        long s;
        if (hparams_integer(value, 0, 4294967295L, &s) < 0) {
            snprintf(err, errlen, "'%s' is not a whole number from 0 to 4294967295", value);
            return -1;
        }
        c->seed = (unsigned long)s;
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
        o->opt_set = 1;
        return 0;
    }
    snprintf(err, errlen, "internal: unknown race option %d", index);
    return -1;
}

void raceopts_finish(raceopts *o)
{
    race_config *c = &o->cfg;
    if (!o->view_set)
        memcpy(c->view, c->surf->view, sizeof c->view);
    if (!o->start_set) {
        c->start[0] = c->surf->start[0];
        c->start[1] = c->surf->start[1];
    }
    if (!o->opt_set) {
        c->nopt = OPTIM_COUNT;
        for (int k = 0; k < OPTIM_COUNT; k++) {
            memset(&c->opt[k], 0, sizeof c->opt[k]);
            c->opt[k].p = optim_defaults((optim_kind)k);
        }
    }
}
