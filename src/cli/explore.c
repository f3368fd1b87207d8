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
#include "raceopts.h"
#include "trainpanel.h"

/* Without --steps (or a scene's steps) the explorer runs longer than
 * `descent trace`'s 100: a race on screen should have time to finish. */
#define EXPLORER_STEPS 1000
#define DEFAULT_SCENE "tour"
#define MAX_OPTIONS 32

typedef struct {
    raceopts race;
    const char *scene_arg; /* the positional SCENE argument */
    theme_id theme;
    int speed;
} explore_args;

/* The race options, then the explorer's own. */
static cli_option table[MAX_OPTIONS];
/* --help and --version are answered by main before any parsing. */
enum { X_THEME, X_SPEED, X_HELP, X_VERSION, X_COUNT };
static int first_own;

const cli_option *explore_options(void)
{
    int n = raceopts_count();
    memcpy(table, raceopts_table, (size_t)n * sizeof table[0]);
    first_own = n;
    table[n + X_THEME] = (cli_option){"theme", "NAME", "colours: dark (default), light "
                                                       "(projector), high-contrast, monochrome"};
    table[n + X_SPEED] = (cli_option){"speed", "N", "steps per second at the start: 1, 2, 5, "
                                                    "10, 20 (default) ... 5000, or max"};
    table[n + X_HELP] = (cli_option){"help", NULL, "show this help"};
    table[n + X_VERSION] = (cli_option){"version", NULL, "show the version"};
    table[n + X_COUNT] = (cli_option){0};
    return table;
}

int explore_speed(const char *value, int *out, char *err, size_t errlen)
{
    long v;
    if (strcmp(value, "max") == 0) {
        *out = 0;
        return 0;
    }
    if (hparams_integer(value, 1, 1000000, &v) < 0 || !explorer_speed_ok((int)v)) {
        snprintf(err, errlen, "'%s' is not a speed (valid: %s)", value, explorer_speeds_list());
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* Sets *out to the theme called name, or writes the valid names into err. */
int explore_theme(const char *name, theme_id *out, char *err, size_t errlen)
{
    const theme *t = theme_find(name);
    if (!t) {
        snprintf(err, errlen, "unknown theme '%s' (valid: %s)", name, theme_names_list());
        return -1;
    }
    *out = theme_id_of(t);
    return 0;
}

static int on_option(void *ctx, int index, const char *value, char *err, size_t errlen)
{
    explore_args *a = ctx;
    if (index < 0) {
        if (a->scene_arg) {
            snprintf(err, errlen, "unexpected argument '%s' (one scene at a time)", value);
            return -1;
        }
        a->scene_arg = value;
        return 0;
    }
    switch (index - first_own) {
    case X_THEME: return explore_theme(value, &a->theme, err, errlen);
    case X_SPEED: return explore_speed(value, &a->speed, err, errlen);
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
    if (raceopts_load_scene(o, path, err, sizeof err) < 0)
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
    printf("%s: f = %s\nstart (%g, %g), %ld steps\n\n", s->name, s->formula, cfg->start[0],
           cfg->start[1], cfg->steps);
    printf("%-10s %14s %14s %14s  %s\n", "optimizer", "x", "y", "loss", "status");
    for (int i = 0; i < r.n; i++) {
        const racer *p = &r.r[i];
        if (p->status == RACER_DIVERGED && p->diverged_at == 0) {
            printf("%-10s undefined at the start\n", p->label);
            continue;
        }
        printf("%-10s %14.6g %14.6g %14.6g  %s", p->label, p->pos[0], p->pos[1], p->f,
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
    if (rc)
        return rc;
    raceopts *o = &a->race;
    raceopts_finish(o);
    if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO))
        return print_table(&o->cfg);
    char err[1024];
    /* Without data of any kind (never: the synthetic set is always there)
     * the explorer simply has no training panel. */
    dataset ds;
    worker_config wc;
    int have = train_panel_setup(&ds, &wc, err, sizeof err) == 0;
    explorer_opts eo = {step_limit(o), o->scene, a->theme, a->speed, have ? &wc : NULL,
                        have ? &ds : NULL};
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
