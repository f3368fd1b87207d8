/* descent: make optimization visible. Dispatches to the subcommands. */
#include <stdio.h>
#include <string.h>

#include "../scene/scene.h"
#include "blas.h"
#include "commands.h"
#include "config.h"
#include "options.h"
#include "output.h"
#include "raceopts.h"

#ifndef DESCENT_VERSION
#define DESCENT_VERSION "0.0"
#endif

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *help;
    /* Runs the classifier, or a race the explorer also runs: wants OpenBLAS
     * set up (blas.h). GSL's BFGS steps go through OpenBLAS's dot products,
     * whose kernels round differently: trace must use the explorer's. */
    int blas;
} command;

static const command commands[] = {
    {"trace", trace_main, "print optimizer paths on a surface as CSV", 1},
    {"surfaces", surfaces_main, "list the built-in surfaces", 0},
    {"optimizers", optimizers_main, "list the optimizers and schedules", 0},
    {"train", train_main, "train a linear classifier or a two-layer net on image data", 1},
    {"classify", classify_main, "a linear classifier on points in the plane: regions, W, losses", 0},
    {"landscape", landscape_main, "a classifier's loss on a plane through its weights, racers on it", 1},
    {"tune", tune_main, "search lr x regularization on validation, then test once", 1},
    {"walk", walk_main, "step through the lecture's loss calculations", 1},
    {0},
};

static void usage(FILE *out)
{
    fputs("usage: descent [SCENE] [OPTIONS]    open the surface explorer (default: tour)\n"
          "       descent COMMAND [OPTIONS]    (descent COMMAND --help for its options)\n\n"
          "Commands:\n",
          out);
    for (int i = 0; commands[i].name; i++)
        fprintf(out, "  %-11s %s\n", commands[i].name, commands[i].help);
    fputs("\nExplorer options:\n", out);
    cli_print_options(out, explore_options());
    fputs("\n" RACEOPTS_DEFAULTS_NOTE, out);
}

/* --help or --version anywhere among the explorer's options. */
static int asks(int argc, char **argv, const char *what)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], what) == 0)
            return 1;
    return 0;
}

/* A first argument that is no command and no scene but close to a command's
 * name (descent tarin) is that command mistyped: said so at once, rather
 * than as the explorer's complaint about train's options. Returns 0 or 2. */
static int mistyped_command(int argc, char **argv)
{
    char path[1024];
    if (argc < 2 || argv[1][0] == '-' || scene_find(argv[1], path, sizeof path) == 0)
        return 0;
    cli_option names[sizeof commands / sizeof commands[0]];
    size_t n = 0;
    for (; commands[n].name; n++)
        names[n] = (cli_option){commands[n].name, NULL, commands[n].help, 0};
    names[n] = (cli_option){0};
    const cli_option *const tables[2] = {names, NULL};
    const char *near = cli_nearest(tables, argv[1], strlen(argv[1]));
    if (!near)
        return 0;
    char q[CLI_QUOTE_SIZE];
    return cli_fail("%s is not a command: did you mean %s? (see descent --help)",
                    cli_quote(argv[1], q, sizeof q), near);
}

static int dispatch(int argc, char **argv)
{
    /* A mistake in the settings file stops every command, as docs/config.md says. */
    int status = config_check();
    if (status)
        return status;
    if (argc > 1) {
        for (int i = 0; commands[i].name; i++) {
            if (strcmp(argv[1], commands[i].name) != 0)
                continue;
            cli_set_command(commands[i].name);
            if (commands[i].blas)
                blas_prefer_fast(argc, argv);
            return commands[i].run(argc - 2, argv + 2);
        }
    }
    int status_typo = mistyped_command(argc, argv);
    if (status_typo)
        return status_typo;
    if (asks(argc, argv, "--help") || asks(argc, argv, "-h")) {
        usage(stdout);
        return 0;
    }
    if (asks(argc, argv, "--version")) {
        printf("descent %s\n", DESCENT_VERSION);
        return 0;
    }
    blas_prefer_fast(argc, argv); /* the explorer's training panel */
    return explore_main(argc - 1, argv + 1);
}

/* Every command's output is checked at the end, here, in one place. */
int main(int argc, char **argv)
{
    output_guard_fds();
    return output_close(dispatch(argc, argv));
}
