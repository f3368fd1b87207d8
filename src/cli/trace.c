/* descent trace: the race as CSV, one row per optimizer and step. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/analysis.h"
#include "../core/race.h"
#include "../tui/svg.h"
#include "commands.h"
#include "config.h"
#include "options.h"
#include "output.h"
#include "raceopts.h"

/* Points kept per path for the SVG: plenty for its 640 px, flat in memory
 * however many steps. */
#define SVG_KEEP 4096

typedef struct {
    raceopts race;
    int help, analyze;
    const char *svg;
    theme_id theme;
} trace_args;

/* The race options, then trace's own. */
enum { X_ANALYZE = RACEOPTS_COUNT, X_SVG, X_THEME, X_HELP };
static const cli_option table[] = {
    RACEOPTS_TABLE,
    [X_ANALYZE] = {"analyze", NULL, "also print each end point's analysis as CSV on stderr"},
    [X_SVG] = {"svg", "FILE", "write the map and paths as SVG, not CSV"},
    [X_THEME] = {"theme", "NAME", "colours of the SVG (see descent --help)"},
    [X_HELP] = {"help", NULL, "show this help"},
    {0},
};

const cli_option *trace_options(void)
{
    return table;
}

static int on_option(void *ctx, int index, const char *value, char *err, size_t errlen)
{
    trace_args *a = ctx;
    if (index < 0) {
        cli_unexpected(value, err, errlen);
        return -1;
    }
    switch (index) {
    case X_SVG: a->svg = value; return 0;
    case X_THEME: return theme_parse(value, &a->theme, err, errlen);
    case X_HELP: a->help = 1; return 0;
    case X_ANALYZE: a->analyze = 1; return 0;
    }
    return raceopts_set(&a->race, index, value, err, errlen);
}

static void usage(FILE *out)
{
    fputs("usage: descent trace (--surface NAME | --formula EXPR | --scene FILE)\n"
          "                     [--view X0,X1,Y0,Y1] [--start X,Y] [--steps N]\n"
          "                     [--noise SIGMA] [--seed S] [--opt SPEC]... [--analyze]\n"
          "                     [--svg FILE [--theme NAME]]\n"
          "Runs the optimizers on a surface and prints their paths as CSV:\n"
          "optimizer,step,x,y,loss from step 0 (the start) to N.\n"
          "Options given here override the scene file's settings. With --analyze,\n"
          "stderr gets one CSV row per optimizer: optimizer,status,step,x,y,loss,\n"
          "grad_norm,eig_min,eig_max,kind,cond,min_dist (the Hessian's eigenvalues and\n"
          "condition number at the end point; kind is minimum, maximum, saddle, flat or\n"
          "undefined; min_dist is the distance to the nearest known minimum, -1 if none),\n"
          "lr_lambda_max,lr_limit,stability (the scheduled lr times eig_max against the\n"
          "kind's limit on a quadratic: sgd 2, momentum 2(1+mu), nesterov 2(1+mu)/(1+2mu);\n"
          "stable, unstable, or per-coordinate for adagrad, rmsprop and adam).\n\n",
          out);
    cli_print_options(out, table);
    fputs("\nSPEC keys: ", out);
    cli_print_wrapped(out, hparams_keys_list(), 11);
    fputs(RACEOPTS_DEFAULTS_NOTE, out);
    fputs("Examples: descent trace --surface booth --start 0,0 --opt sgd:lr=0.1 --opt adam\n"
          "          descent trace --formula 'x^2 + 10*y^2' --start 4,1 --opt momentum\n"
          "          descent trace --scene scenes/lr-regimes.scene --steps 20\n"
          "          descent trace --surface rosenbrock --svg race.svg --theme light\n",
          out);
}

/* name: the racer's label made safe for a terminal (output_safe). */
static void print_row(const char *name, const racer *r, long step)
{
    printf("%s,%ld,%.17g,%.17g,%.17g\n", name, step, r->pos[0], r->pos[1], r->f);
}

/* One analysis row on stderr: the Hessian at the racer's last finite point. */
static void print_analysis(const char *name, const surface *s, const racer *r, long steps)
{
    if (r->status == RACER_DIVERGED && r->diverged_at == 0) {
        fprintf(stderr, "%s,%s,0,,,,,,,undefined,,,,,-\n", name, racer_status_name(r->status));
        return;
    }
    long step = r->status == RACER_DIVERGED ? r->diverged_at - 1 : steps;
    point_info p;
    analysis_point(s, r->pos[0], r->pos[1], &p);
    stability st;
    analysis_stability(r->spec.p.kind, r->spec.p.momentum, racer_lr_next(r), p.eig[1], &st);
    fprintf(stderr, "%s,%s,%ld,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%s,%.17g,%.17g,%.17g,%.17g,%s\n",
            name, racer_status_name(r->status), step, r->pos[0], r->pos[1], r->f,
            hypot(p.g[0], p.g[1]), p.eig[0], p.eig[1], analysis_kind_name(p.kind), p.cond,
            surface_min_distance(s, r->pos[0], r->pos[1]), st.lr_lambda, st.limit,
            analysis_stability_name(st.kind));
}

/* One optimizer at a time, printed as it runs: memory stays flat however
 * many steps are asked for. Each runs alone but draws the same noise as in
 * the full race, since every racer seeds its own generator alike. */
static int trace_one(const race_config *all, int i, int analyze)
{
    race_config one;
    race_config_one(all, i, &one);
    char name[4 * HPARAMS_LABEL_MAX];
    output_safe(one.opt[0].label, name, sizeof name);
    one.keep = 2;
    race rc;
    if (race_init(&rc, &one) < 0)
        return -1;
    const racer *r = &rc.r[0];
    if (r->status != RACER_DIVERGED)
        print_row(name, r, 0);
    /* A lost row (a closed pipe, a full disk) ends the trace: main reports it. */
    for (long k = 1; k <= one.steps && r->status != RACER_DIVERGED && !output_failed(); k++) {
        race_step(&rc);
        if (r->status != RACER_DIVERGED)
            print_row(name, r, k);
    }
    if (analyze)
        print_analysis(name, one.surf, r, one.steps);
    else if (r->status == RACER_DIVERGED)
        fprintf(stderr, "%s: diverged at step %ld\n", name, r->diverged_at);
    race_free(&rc);
    return 0;
}

static int run(raceopts *o, int analyze)
{
    printf("optimizer,step,x,y,loss\n");
    if (analyze)
        fprintf(stderr, "optimizer,status,step,x,y,loss,grad_norm,eig_min,eig_max,kind,cond,"
                        "min_dist,lr_lambda_max,lr_limit,stability\n");
    for (int i = 0; i < o->cfg.nopt && !output_failed(); i++)
        if (trace_one(&o->cfg, i, analyze) < 0)
            return cli_fail("out of memory");
    return 0;
}

/* The whole race at once, its paths bounded, drawn into the SVG file. */
static int trace_svg(const trace_args *a)
{
    race_config cfg = a->race.cfg;
    cfg.keep = SVG_KEEP;
    race rc;
    if (race_init(&rc, &cfg) < 0)
        return cli_fail("out of memory");
    race_run(&rc, cfg.steps);
    svg_map m = {&rc, {0}, theme_get(a->theme), NULL, 0};
    memcpy(m.view, cfg.view, sizeof m.view);
    char err[512];
    int status = svg_write(a->svg, &m, err, sizeof err) < 0 ? cli_fail("%s", err) : 0;
    race_free(&rc);
    return status;
}

int trace_main(int argc, char **argv)
{
    trace_args a;
    memset(&a, 0, sizeof a);
    raceopts_init(&a.race);
    a.theme = THEME_DARK;
    int rc = config_parse(trace_options(), argc, argv, on_option, &a);
    if (rc == 0 && a.help)
        usage(stdout);
    else if (rc == 0 && !a.race.surface_set && !a.race.scene)
        rc = cli_fail("give --surface NAME (valid: %s), --formula EXPR or --scene FILE",
                      surface_names_list());
    else if (rc == 0 && (rc = cli_check_outfile("svg", a.svg)) == 0) {
        raceopts_finish(&a.race);
        rc = a.svg ? trace_svg(&a) : run(&a.race, a.analyze);
    }
    raceopts_free(&a.race);
    return rc;
}
