/* descent trace: the race as CSV, one row per optimizer and step. */
#include <stdio.h>
#include <string.h>

#include "../core/race.h"
#include "commands.h"
#include "options.h"
#include "raceopts.h"

#define MAX_OPTIONS 32

typedef struct {
    raceopts race;
    int help;
} trace_args;

static cli_option table[MAX_OPTIONS];
static int help_index;

static void build_table(void)
{
    int n = raceopts_count();
    memcpy(table, raceopts_table, (size_t)n * sizeof table[0]);
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
    return raceopts_set(&a->race, index, value, err, errlen);
}

static void usage(FILE *out)
{
    fputs("usage: descent trace (--surface NAME | --formula EXPR | --scene FILE)\n"
          "                     [--view X0,X1,Y0,Y1] [--start X,Y] [--steps N] [--noise SIGMA]\n"
          "                     [--seed S] [--opt SPEC]...\n"
          "Runs the optimizers on a surface and prints their paths as CSV:\n"
          "optimizer,step,x,y,loss from step 0 (the start) to N.\n"
          "Options given here override the scene file's settings.\n\n",
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

static int run(raceopts *o)
{
    raceopts_finish(o);
    race r;
    if (race_init(&r, &o->cfg) < 0)
        return cli_fail("trace: out of memory");
    race_run(&r, o->cfg.steps);
    printf("optimizer,step,x,y,loss\n");
    for (int i = 0; i < r.n; i++) {
        print_rows(&r.r[i]);
        if (r.r[i].status == RACER_DIVERGED)
            fprintf(stderr, "%s: diverged at step %ld\n", r.r[i].label, r.r[i].diverged_at);
    }
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
        rc = run(&a.race);
    raceopts_free(&a.race);
    return rc;
}
