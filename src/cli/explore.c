/* descent [OPTIONS]: the surface explorer. When stdout is not a terminal it
 * prints the race's outcome as a table instead, for scripts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/hparams.h"
#include "../core/race.h"
#include "../tui/explorer.h"
#include "commands.h"
#include "config.h"
#include "options.h"
#include "output.h"
#include "raceopts.h"
#include "trainpanel.h"

/* Without --steps (or a scene's steps) the explorer runs longer than
 * `descent trace`'s 100: a race on screen should have time to finish. */
#define EXPLORER_STEPS 1000
#define DEFAULT_SCENE "tour"

typedef struct {
    raceopts race;
    const char *scene_arg; /* the positional SCENE argument */
    theme_id theme;
    int speed;
    int panel; /* --panel: open with the training panel shown */
    const char *data; /* --data: the panel's */
    int narrate; /* --pause-at-captions */
    int landscape_ran, landscape_rc; /* SCENE was a landscape scene: what it returned */
} explore_args;

/* The race options, then the explorer's own. --help and --version are
 * answered by main before any parsing. */
enum { X_THEME = RACEOPTS_COUNT, X_SPEED, X_PANEL, X_DATA, X_NARRATE, X_HELP, X_VERSION };
static const cli_option table[] = {
    RACEOPTS_TABLE,
    [X_THEME] = {"theme", "NAME", "colours: dark (default), light (projector), high-contrast, "
                                  "monochrome"},
    [X_SPEED] = {"speed", "N", "steps per second at the start: 1, 2, 5, 10, 20 (default) ... "
                               "5000, or max"},
    [X_PANEL] = {"panel", NULL, "open with the training panel shown (beside the map from 200 "
                                "columns; F2)"},
    [X_DATA] = {"data", "DIR", "the training panel's data, as descent train --data (default: "
                               "the settings file's, else the search)"},
    [X_NARRATE] = {"pause-at-captions", NULL, "pause at each caption of a scene until space"},
    [X_HELP] = {"help", NULL, "show this help"},
    [X_VERSION] = {"version", NULL, "show the version"},
    {0},
};

const cli_option *explore_options(void)
{
    return table;
}

static int on_option(void *ctx, int index, const char *value, char *err, size_t errlen)
{
    explore_args *a = ctx;
    if (index < 0) {
        if (a->scene_arg) {
            char q[CLI_QUOTE_SIZE];
            snprintf(err, errlen, "unexpected argument %s (one scene at a time)",
                     cli_quote(value, q, sizeof q));
            return -1;
        }
        a->scene_arg = value;
        return 0;
    }
    switch (index) {
    case X_THEME: return theme_parse(value, &a->theme, err, errlen);
    case X_SPEED: return explorer_speed_parse(value, &a->speed, err, errlen);
    case X_PANEL: a->panel = 1; return 0;
    case X_DATA: a->data = value; return 0;
    case X_NARRATE: a->narrate = 1; return 0;
    }
    return raceopts_set(&a->race, index, value, err, errlen);
}

/* The positional scene, or the default lesson when nothing chose a surface. */
static int load_scene(explore_args *a)
{
    raceopts *o = &a->race;
    char path[1024], err[1024];
    if (!a->scene_arg) {
        int chosen = o->surface_set || o->formula || o->scene;
        if (!chosen && scene_find(DEFAULT_SCENE, path, sizeof path) == 0 &&
            raceopts_load_scene(o, path, err, sizeof err) < 0)
            return cli_fail("%s", err);
        return 0;
    }
    if (scene_find(a->scene_arg, path, sizeof path) < 0)
        return cli_fail("'%s' is neither a command (see descent --help) nor a scene (a file, "
                        "or a name in %s)",
                        a->scene_arg, scene_dirs());
    /* a landscape scene opens the landscape (descent landscape --scene) */
    scene *land = malloc(sizeof *land);
    int kind = land ? scene_load_landscape(path, land, err, sizeof err) : -1;
    if (!land)
        snprintf(err, sizeof err, "out of memory");
    if (kind == 0) {
        scene_free(land);
        char *args[] = {"--scene", path, NULL};
        cli_set_command("landscape"); /* its messages say who speaks */
        a->landscape_rc = landscape_main(2, args);
        a->landscape_ran = 1;
    }
    free(land);
    if (kind == 0)
        return 0;
    if (kind < 0 || raceopts_load_scene(o, path, err, sizeof err) < 0)
        return cli_fail("%s", err);
    return 0;
}

static int print_table(const race_config *cfg)
{
    race r;
    if (race_init(&r, cfg) < 0)
        return cli_fail("out of memory");
    race_run(&r, cfg->steps);
    const surface *s = cfg->surf;
    /* Room for every byte escaped: a formula is one line of at most 1000. */
    char name[1024], formula[4096 + 1], label[4 * HPARAMS_LABEL_MAX];
    printf("%s: f = %s\n", output_safe(s->name, name, sizeof name),
           output_safe(s->formula, formula, sizeof formula));
    if (cfg->own_start)
        printf("each optimizer from the start point in its name, %ld steps\n\n", cfg->steps);
    else
        printf("start (%g, %g), %ld steps\n\n", cfg->start[0], cfg->start[1], cfg->steps);
    printf("%-10s %14s %14s %14s  %s\n", "optimizer", "x", "y", "loss", "status");
    for (int i = 0; i < r.n; i++) {
        const racer *p = &r.r[i];
        output_safe(p->label, label, sizeof label);
        if (p->status == RACER_DIVERGED && p->diverged_at == 0) {
            printf("%-10s undefined at the start\n", label);
            continue;
        }
        printf("%-10s %14.6g %14.6g %14.6g  %s", label, p->pos[0], p->pos[1], p->f,
               racer_status_name(p->status));
        if (p->status == RACER_DIVERGED)
            printf(" at step %ld", p->diverged_at);
        printf("\n");
    }
    race_free(&r);
    return 0;
}

static long step_limit(const raceopts *o)
{
    return o->steps_set || o->scene ? o->cfg.steps : EXPLORER_STEPS;
}

/* --bench-frame WxH (first argument, not in the help): times one frame. */
static int bench(int argc, char **argv, explore_args *a)
{
    int w, h;
    char tail;
    if (argc < 2 || sscanf(argv[1], "%dx%d%c", &w, &h, &tail) != 2 || w < 80 || h < 24 ||
        w > 1000 || h > 500)
        return cli_fail("--bench-frame needs WxH, at least 80x24");
    int rc = cli_parse(explore_options(), argc - 2, argv + 2, on_option, a);
    if (rc)
        return rc;
    raceopts_finish(&a->race);
    char err[256];
    if (explorer_bench(&a->race.cfg, step_limit(&a->race), w, h, err, sizeof err) < 0)
        return cli_fail("%s", err);
    return 0;
}

static int explore(explore_args *a, int argc, char **argv)
{
    int rc = config_parse(explore_options(), argc, argv, on_option, a);
    if (rc == 0)
        rc = load_scene(a);
    if (rc == 0 && a->landscape_ran)
        return a->landscape_rc;
    if (rc)
        return rc;
    raceopts *o = &a->race;
    raceopts_finish(o);
    const char *why = cli_no_terminal();
    if (why) {
        fprintf(stderr, "descent: no screen (%s): printed the race's outcome as a table "
                        "instead\n", why);
        return print_table(&o->cfg);
    }
    char err[1024];
    /* Without data (--data's or the settings file's not there; the
     * synthetic set is always there otherwise) the explorer opens without
     * its training panel and says why, at once with --panel and on F2. */
    dataset ds;
    worker_config wc;
    int have = train_panel_setup(a->data, &ds, &wc, err, sizeof err) == 0;
    explorer_opts eo = {step_limit(o), o->scene, a->theme, a->speed, have ? &wc : NULL,
                        have ? &ds : NULL, a->panel || (o->scene && o->scene->panel),
                        have ? NULL : err, a->narrate, NULL};
    rc = explorer_run(&o->cfg, &eo, err, sizeof err);
    if (have)
        dataset_free(&ds);
    if (rc < 0)
        return cli_fail("%s", err);
    return 0;
}

int explore_main(int argc, char **argv)
{
    explore_args a;
    memset(&a, 0, sizeof a);
    raceopts_init(&a.race);
    a.theme = THEME_DARK;
    a.speed = -1;
    int rc = argc > 0 && strcmp(argv[0], "--bench-frame") == 0 ? bench(argc, argv, &a)
                                                                : explore(&a, argc, argv);
    raceopts_free(&a.race);
    return rc;
}
