/* descent surfaces, descent optimizers: what exists, with formulas and defaults. */
#include <stdio.h>
#include <string.h>

#include "../core/hparams.h"
#include "../core/optim.h"
#include "../core/surface.h"
#include "commands.h"
#include "options.h"

/* Neither takes arguments; --help (what a new user tries first) says so.
 * Returns 1 when the command is done (status in *rc), else 0. */
static int no_arguments(int argc, char **argv, const char *what, int *rc)
{
    if (argc == 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
        printf("usage: descent %s    (no options; what it lists: see descent --help)\n", what);
        *rc = 0;
        return 1;
    }
    if (argc > 0) {
        char q[CLI_QUOTE_SIZE];
        *rc = cli_fail("takes no arguments (%s given)", cli_quote(argv[0], q, sizeof q));
        return 1;
    }
    return 0;
}

int surfaces_main(int argc, char **argv)
{
    int rc;
    if (no_arguments(argc, argv, "surfaces", &rc))
        return rc;
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

/* "defaults: lr=0.01 (torch.optim 0.001) eps=1e-08": each key the kind
 * reads, and torch.optim's value beside each one that differs. */
static void print_defaults(optim_kind k)
{
    static const char *const keys[] = {"lr", "momentum", "decay", "beta1", "beta2", "eps"};
    optim_params ours = optim_defaults(k), torch = optim_torch_defaults(k);
    printf("%-9s defaults:", "");
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        double a, b;
        if (!hparams_key_applies(keys[i], k, SCHED_CONSTANT) ||
            hparams_value(&ours, keys[i], &a) < 0 || hparams_value(&torch, keys[i], &b) < 0)
            continue;
        printf(" %s=%g", keys[i], a);
        if (a != b)
            printf(" (torch.optim %g)", b);
    }
    printf("\n");
}

int optimizers_main(int argc, char **argv)
{
    int rc;
    if (no_arguments(argc, argv, "optimizers", &rc))
        return rc;
    for (int k = 0; k < OPTIM_COUNT; k++) {
        printf("%-9s %s\n", optim_name((optim_kind)k), optim_formula((optim_kind)k));
        print_defaults((optim_kind)k);
    }
    printf("%-9s GSL's vector BFGS (bfgs2), one line search per step, exact gradients;\n"
           "%-9s surfaces only, a reference path. lr = first trial step (0.01).\n",
           "bfgs", "");
    printf("\nThe defaults are torch.optim's except where torch.optim's own value is shown\n"
           "beside one: those are chosen for the surfaces (lr 0.01 for every kind; momentum\n"
           "0.9, where torch.optim.SGD has 0). momentum is torch.optim.SGD(momentum=m),\n"
           "nesterov SGD(momentum=m, nesterov=True); torch's SGD lr default is 1e-3 since\n"
           "torch 2.2 (required before). descent train sets its own learning rates (see\n"
           "descent train --help).\n");
    printf("\nSchedules (key schedule=NAME, any optimizer): %s;\n", schedule_names_list());
    printf("keys: every, gamma (step); T, lr_min (cosine, linear); tau (invsqrt);\n"
           "warmup=N scales the first N updates by (t+1)/N.\n");
    return 0;
}
