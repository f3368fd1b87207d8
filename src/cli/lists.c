/* descent surfaces, descent optimizers: what exists, with formulas and defaults. */
#include <stdio.h>

#include "../core/hparams.h"
#include "../core/optim.h"
#include "../core/surface.h"
#include "commands.h"
#include "options.h"

int surfaces_main(int argc, char **argv)
{
    (void)argv;
    if (argc > 0)
        return cli_fail("surfaces: takes no arguments");
    for (int i = 0; i < surface_count(); i++) {
        const surface *s = surface_builtin(i);
        printf("%-11s f = %s\n", s->name, s->formula);
        printf("%-11s %s\n", "", s->note);
        printf("%-11s view [%g, %g] x [%g, %g], start (%g, %g)", "", s->view[0], s->view[1],
               s->view[2], s->view[3], s->start[0], s->start[1]);
        for (int m = 0; m < s->nminima; m++)
            printf("%s(%.6g, %.6g)", m ? ", " : ", minima ", s->minima[m][0], s->minima[m][1]);
        printf("\n");
    }
    return 0;
}

int optimizers_main(int argc, char **argv)
{
    (void)argv;
    if (argc > 0)
        return cli_fail("optimizers: takes no arguments");
    for (int k = 0; k < OPTIM_COUNT; k++) {
        optim_params p = optim_defaults((optim_kind)k);
        char hp[128];
        hparams_format(&p, hp, sizeof hp);
        printf("%-9s %s\n", optim_name((optim_kind)k), optim_formula((optim_kind)k));
        printf("%-9s defaults: %s eps=%g\n", "", hp, p.eps);
    }
    printf("%-9s GSL's vector BFGS (bfgs2), one line search per step, exact gradients;\n"
           "%-9s surfaces only, a reference path. lr = first trial step (0.01).\n",
           "bfgs", "");
    printf("\nSchedules (key schedule=NAME, any optimizer): %s;\n", schedule_names_list());
    printf("keys: every, gamma (step); T, lr_min (cosine, linear); tau (invsqrt);\n"
           "warmup=N scales the first N updates by (t+1)/N.\n");
    return 0;
}
