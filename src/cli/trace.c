/* descent trace: the race as CSV, one row per optimizer and step. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "../core/analysis.h"
#include "../core/race.h"
#include "commands.h"
#include "options.h"
#include "raceopts.h"

#define MAX_OPTIONS 32

typedef struct {
    raceopts race;
    int help, analyze;
} trace_args;

static cli_option table[MAX_OPTIONS];
static int help_index, analyze_index;

static void build_table(void)
{
    int n = raceopts_count();
    memcpy(table, raceopts_table, (size_t)n * sizeof table[0]);
    analyze_index = n;
    table[n++] = (cli_option){"analyze", NULL,
                              "also print each end point's analysis as CSV on stderr"};
    help_index = n;
    table[n++] = (cli_option){"help", NULL, "show this help"};
    table[n] = (cli_option){0};
}

static int on_option(void *ctx, int index, const char *value, char *err, size_t errlen)
{
    trace_args *a = ctx;
    if (index < 0) {
        snprintf(err, errlen, "trace: unexpected argument '%s'", value);
        return -1;
    }
    if (index == help_index) {
        a->help = 1;
        return 0;
    }
    if (index == analyze_index) {
        a->analyze = 1;
        return 0;
    }
    return raceopts_set(&a->race, index, value, err, errlen);
}

static void usage(FILE *out)
{
    fputs("usage: descent trace (--surface NAME | --formula EXPR | --scene FILE)\n"
          "                     [--view X0,X1,Y0,Y1] [--start X,Y] [--steps N] [--noise SIGMA]\n"
          "                     [--seed S] [--opt SPEC]...\n"
          "Runs the optimizers on a surface and prints their paths as CSV:\n"
          "optimizer,step,x,y,loss from step 0 (the start) to N.\n"
          "Options given here override the scene file's settings. With --analyze,\n"
          "stderr gets one CSV row per optimizer: optimizer,status,step,x,y,loss,\n"
          "grad_norm,eig_min,eig_max,kind,cond,min_dist (the Hessian's eigenvalues and\n"
          "condition number at the end point; kind is minimum, maximum, saddle, flat or\n"
          "undefined; min_dist is the distance to the nearest known minimum, -1 if none).\n\n",
          out);
    cli_print_options(out, table);
    fprintf(out, "\nSPEC keys: %s\n", hparams_keys_list());
    fputs("Examples: descent trace --surface booth --start 0,0 --opt sgd:lr=0.1 --opt adam\n"
          "          descent trace --formula 'x^2 + 10*y^2' --start 4,1 --opt momentum\n"
          "          descent trace --scene scenes/lr-regimes.scene --steps 20\n",
          out);
}

static void print_rows(const racer *r)
{
    for (long k = 0; k < r->len; k++)
        printf("%s,%ld,%.17g,%.17g,%.17g\n", r->label, k, r->path[k].x, r->path[k].y,
               r->path[k].f);
}

static void print_analysis(const race *rc)
{
    const surface *s = rc->cfg.surf;
    fprintf(stderr, "optimizer,status,step,x,y,loss,grad_norm,eig_min,eig_max,kind,cond,"
                    "min_dist\n");
    for (int i = 0; i < rc->n; i++) {
        const racer *r = &rc->r[i];
        /* a diverged racer is analysed where it last was finite */
        long step = r->status == RACER_DIVERGED ? r->diverged_at - 1 : rc->step;
        if (r->len == 0) {
            fprintf(stderr, "%s,%s,0,,,,,,,undefined,,\n", r->label,
                    racer_status_name(r->status));
            continue;
        }
        const race_point *e = &r->path[r->len - 1];
        point_info p;
        analysis_point(s, e->x, e->y, &p);
        fprintf(stderr, "%s,%s,%ld,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%s,%.17g,%.17g\n",
                r->label, racer_status_name(r->status), step, e->x, e->y, e->f,
                hypot(p.g[0], p.g[1]), p.eig[0], p.eig[1], analysis_kind_name(p.kind), p.cond,
                surface_min_distance(s, e->x, e->y));
    }
}

static int run(raceopts *o, int analyze)
{
    raceopts_finish(o);
    race r;
    if (race_init(&r, &o->cfg) < 0)
        return cli_fail("trace: out of memory");
    race_run(&r, o->cfg.steps);
    printf("optimizer,step,x,y,loss\n");
    for (int i = 0; i < r.n; i++) {
        print_rows(&r.r[i]);
        if (r.r[i].status == RACER_DIVERGED && !analyze)
            fprintf(stderr, "%s: diverged at step %ld\n", r.r[i].label, r.r[i].diverged_at);
    }
    if (analyze)
        print_analysis(&r);
    race_free(&r);
    if (fflush(stdout) != 0 || ferror(stdout))
        return cli_fail("trace: error writing output");
    return 0;
}

int trace_main(int argc, char **argv)
{
    trace_args a;
    build_table();
    memset(&a, 0, sizeof a);
    raceopts_init(&a.race);
    int rc = cli_parse(table, argc, argv, on_option, &a);
    if (rc == 0 && a.help)
        usage(stdout);
    else if (rc == 0 && !a.race.surface_set && !a.race.scene)
        rc = cli_fail("trace: give --surface NAME (valid: %s), --formula EXPR or --scene FILE",
                      surface_names_list());
    else if (rc == 0)
        rc = run(&a.race, a.analyze);
    raceopts_free(&a.race);
    return rc;
}
