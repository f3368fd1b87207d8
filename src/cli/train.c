/* descent train: the linear classifier on CIFAR-10 (or Fashion-MNIST, or the
 * synthetic set), headless. Progress on stderr; the last stdout line is
 * key=value pairs for scripts. */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/hparams.h"
#include "../core/train.h"
#include "../data/checkpoint.h"
#include "../data/dataset.h"
#include "../data/outfile.h"
#include "../session/check.h"
#include "../session/save.h"
#include "../tui/trainview.h"
#include "commands.h"
#include "blas.h"
#include "config.h"
#include "trainfeatures.h"
#include "trainopts.h"
#include "trainpanel.h"
#include "options.h"
#include "output.h"

enum {
    O_DATA, O_DATASET, O_MODEL, O_LOSS, O_HIDDEN, O_ACT, O_INIT, O_OPT, O_REG, O_PENALTY, O_BATCH,
    O_ITERS, O_SEED, O_TRAIN, O_VAL, O_TEST, O_GRADCHECK, O_SAVE, O_LOAD, O_TUI, O_RACE, O_THEME,
    O_FEATURES, O_HOG_CELL, O_HOG_BINS, O_HUE_BINS, O_PACE, O_HELP
};

static const cli_option table[] = {
    [O_DATA] = {"data", "DIR", "CIFAR-10 (binary or python layout) or IDX files in DIR"},
    [O_DATASET] = {"dataset", "NAME", "cifar10, fashion-mnist or synthetic (default: search)"},
    [O_MODEL] = {"model", "M", "svm or softmax (linear), or mlp (two-layer net); default svm"},
    [O_LOSS] = {"loss", "L", "svm or softmax on the scores (default: see above)"},
    [O_HIDDEN] = {"hidden", "H", "mlp: hidden units (default: see above)"},
    [O_ACT] = {"act", "A", "mlp: relu, tanh or sigmoid (default: see above)"},
    [O_INIT] = {"init", "STD", "initial weights STD * randn (default: see above)"},
    [O_OPT] = {"opt", "SPEC", "optimizer, as in trace (default sgd; lr: see above); with --race repeat it", 1},
    [O_REG] = {"reg", "R", "regularization strength (default: see above)"},
    [O_PENALTY] = {"penalty", "P", "l2, l1 or elastic (default l2: reg * sum W^2)"},
    [O_BATCH] = {"batch", "B", "minibatch size"},
    [O_ITERS] = {"iters", "N", "iterations (0 reports the initial loss)"},
    [O_SEED] = {"seed", "S", "seed of W, the minibatches and synthetic data"},
    [O_TRAIN] = {"train", "N", "training images"},
    [O_VAL] = {"val", "N", "validation images, the last training ones"},
    [O_TEST] = {"test", "N", "test images"},
    [O_GRADCHECK] = {"gradcheck", "K", "check the gradient at K random parameters first (K <= 1000)"},
    [O_SAVE] = {"save", "FILE", "save the trained model"},
    [O_LOAD] = {"load", "FILE", "start from a saved model (its weights and mean image)"},
    [O_TUI] = {"tui", NULL, "train in the live panel (full screen); s saves to --save"},
    [O_RACE] = {"race", NULL, "with --tui: the --opt optimizers (default all six) on the same minibatches"},
    [O_THEME] = {"theme", "NAME", "with --tui: the panel's colours (see descent --help)"},
    [O_FEATURES] = {"features", "F", "pixels (default), hog, hue or hog+hue: what the model reads"},
    [O_HOG_CELL] = {"hog-cell", "C", "HOG cell side in pixels (default 8)"},
    [O_HOG_BINS] = {"hog-bins", "K", "HOG orientation bins over 0-180 degrees (default 9)"},
    [O_HUE_BINS] = {"hue-bins", "K", "hue histogram bins (default 10)"},
    [O_PACE] = {"pace", "N|max", "with --tui: iterations per second to start at (default 50)"},
    [O_HELP] = {"help", NULL, "show this help"},
    {0},
};

typedef struct {
    const char *data, *dataset, *save, *load;
    theme_id theme;
    train_config cfg;
    char opt_text[128];
    optim_params race_opt[OPTIM_COUNT]; /* each --opt, by kind */
    unsigned race_set;                  /* the kinds given with --opt */
    int n_opts;
    long n_train, n_val, n_test, gradcheck;
    int help, tui, race;
    int pace;             /* the panel's iterations per second (0: max); like --theme
                             it may come from the settings file, so headless ignores it */
    int iters_given;      /* the panel stops first at --iters; else it goes on */
    unsigned lr_given;       /* bit k: --opt gave optimizer k an lr */
    int reg_given;           /* else the dataset's defaults apply */
    int loss_given;          /* -1, or the --loss given */
    int linear_named;        /* --model svm or softmax */
    int hidden_given, act_given, init_given;
    const char *cmd;     /* the command, for messages: train, or tune on its options */
    double load_seconds; /* reading the dataset */
    size_t n_test_used;
    train_features feat;
    int feat_given;      /* --features */
} train_args;

int train_spec_sets_lr(const char *spec)
{
    const char *colon = strchr(spec, ':');
    for (const char *p = colon; p; p = strchr(p + 1, ','))
        if (strncmp(p + 1, "lr=", 3) == 0)
            return 1;
    return 0;
}

int train_parse_dataset(const char *value, const char **out, char *err, size_t errlen)
{
    if (strcmp(value, "cifar10") && strcmp(value, "fashion-mnist") && strcmp(value, "synthetic")) {
        snprintf(err, errlen, "'%s' is not one of cifar10, fashion-mnist, synthetic", value);
        return -1;
    }
    *out = value;
    return 0;
}

int train_parse_reg(const char *value, double *out, char *err, size_t errlen)
{
    if (hparams_number(value, out) < 0 || *out < 0) {
        snprintf(err, errlen, "'%s' is not a number >= 0", value);
        return -1;
    }
    return 0;
}

int train_parse_penalty(const char *value, reg_kind *out, char *err, size_t errlen)
{
    if (strcmp(value, "l2") == 0)
        *out = REG_L2;
    else if (strcmp(value, "l1") == 0)
        *out = REG_L1;
    else if (strcmp(value, "elastic") == 0)
        *out = REG_ELASTIC;
    else {
        snprintf(err, errlen, "'%s' is not l2, l1 or elastic", value);
        return -1;
    }
    return 0;
}

static int set_opt(train_args *a, const char *value, char *err, size_t errlen)
{
    hparams_spec spec;
    if (hparams_parse_trainer(value, &spec, err, errlen) < 0)
        return -1;
    if (train_spec_sets_lr(value))
        a->lr_given |= 1u << spec.p.kind;
    else
        spec.p.lr = train_default_lr(MODEL_LINEAR, spec.p.kind, NULL); /* the data set's, once known */
    if (a->race_set & (1u << spec.p.kind)) {
        snprintf(err, errlen, "%s given twice: a race has one run per optimizer",
                 optim_name(spec.p.kind));
        return -1;
    }
    a->race_set |= 1u << spec.p.kind;
    a->race_opt[spec.p.kind] = spec.p;
    if (a->n_opts++ == 0)
        a->cfg.opt = spec.p;
    return 0;
}

#define GRADCHECK_MAX 1000

static int on_option(void *ctx, int index, const char *value, char *err, size_t errlen)
{
    train_args *a = ctx;
    long v;
    switch (index) {
    case -1: cli_unexpected(value, err, errlen); return -1;
    case O_DATA: a->data = value; return 0;
    case O_DATASET: return train_parse_dataset(value, &a->dataset, err, errlen);
    case O_MODEL:
        if (strcmp(value, "mlp") == 0) {
            a->cfg.arch = MODEL_MLP;
            a->linear_named = 0;
        } else if (model_loss_from_name(value) >= 0) {
            a->cfg.arch = MODEL_LINEAR;
            a->cfg.model = (linear_model)model_loss_from_name(value);
            a->linear_named = 1;
        } else {
            snprintf(err, errlen, "'%s' is not svm, softmax or mlp", value);
            return -1;
        }
        return 0;
    case O_LOSS:
        if (model_loss_from_name(value) < 0) {
            snprintf(err, errlen, "'%s' is not svm or softmax", value);
            return -1;
        }
        a->loss_given = model_loss_from_name(value);
        return 0;
    case O_HIDDEN:
        if (cli_integer(value, 1, MLP_HIDDEN_MAX, &v, err, errlen) < 0)
            return -1;
        a->cfg.hidden = (int)v;
        a->hidden_given = 1;
        return 0;
    case O_ACT:
        if (mlp_act_from_name(value) < 0) {
            snprintf(err, errlen, "'%s' is not relu, tanh or sigmoid", value);
            return -1;
        }
        a->cfg.act = (mlp_act)mlp_act_from_name(value);
        a->act_given = 1;
        return 0;
    case O_INIT:
        if (hparams_number(value, &a->cfg.init_scale) < 0 || !(a->cfg.init_scale >= 0) ||
            a->cfg.init_scale > 10) {
            snprintf(err, errlen, "'%s' is not a number in [0, 10]", value);
            return -1;
        }
        a->init_given = 1;
        return 0;
    case O_OPT: return set_opt(a, value, err, errlen);
    case O_REG:
        a->reg_given = 1;
        return train_parse_reg(value, &a->cfg.reg, err, errlen);
    case O_PENALTY: return train_parse_penalty(value, &a->cfg.reg_kind, err, errlen);
    case O_SEED:
        if (cli_integer(value, 0, 2147483647L, &v, err, errlen) < 0)
            return -1;
        a->cfg.seed = (unsigned long)v;
        return 0;
    case O_SAVE: a->save = value; return 0;
    case O_LOAD: a->load = value; return 0;
    case O_TUI: a->tui = 1; return 0;
    case O_THEME: return theme_parse(value, &a->theme, err, errlen);
    case O_RACE: a->race = 1; return 0;
    case O_PACE:
        return worker_pace_parse(value, &a->pace, err, errlen);
    case O_HELP: a->help = 1; return 0;
    case O_FEATURES: a->feat_given = 1; return train_features_kinds(&a->feat, value, err, errlen);
    case O_HOG_CELL: return train_features_number(&a->feat, TF_HOG_CELL, value, err, errlen);
    case O_HOG_BINS: return train_features_number(&a->feat, TF_HOG_BINS, value, err, errlen);
    case O_HUE_BINS: return train_features_number(&a->feat, TF_HUE_BINS, value, err, errlen);
    default: break;
    }
    /* each gradient check costs 2 to 6 losses over a batch: about 10 ms on CIFAR-10 */
    long lo = index == O_BATCH || index == O_TRAIN ? 1 : 0;
    long hi = index == O_BATCH ? 100000 : index == O_GRADCHECK ? GRADCHECK_MAX : 100000000;
    if (cli_integer(value, lo, hi, &v, err, errlen) < 0)
        return -1;
    if (index == O_BATCH)
        a->cfg.batch = (int)v;
    else if (index == O_ITERS) {
        a->cfg.iters = v;
        a->iters_given = 1;
    }
    else if (index == O_TRAIN)
        a->n_train = v;
    else if (index == O_VAL)
        a->n_val = v;
    else if (index == O_TEST)
        a->n_test = v;
    else
        a->gradcheck = v;
    return 0;
}

/* The defaults, from the one table that sets them. */
static void print_defaults(FILE *out)
{
    const train_table *t = train_defaults_table();
    fprintf(out, "Defaults (the data set's reg and lr unless --reg or an lr= in --opt is given):\n"
                 "  model %s, penalty %s, batch %d, iters %ld, seed %lu\n"
                 "  train %ld, val %ld, test %ld images\n",
            model_loss_name(t->loss[MODEL_LINEAR]), save_penalty_name(t->reg_kind), t->batch,
            t->iters, t->seed, t->n_train, t->n_val, t->n_test);
    fprintf(out, "  linear model: initial weights %g * randn\n", t->init_scale[MODEL_LINEAR]);
    fprintf(out, "  mlp: %d hidden %s units, %s loss, weights %g * randn, biases 0\n"
                 "    (%s)\n",
            t->hidden, mlp_act_name(t->act), model_loss_name(t->loss[MODEL_MLP]),
            t->init_scale[MODEL_MLP], t->net_why);
    for (int d = 0; d < TRAIN_DATASETS && t->data[d].label; d++) {
        const train_data_defaults *r = &t->data[d];
        fprintf(out, "  %s (%s):\n", r->label, r->why);
        for (int m = 0; m < MODEL_ARCH_COUNT; m++) {
            int col = fprintf(out, "    %s: reg %g,", model_arch_name((model_arch)m), r->reg[m]);
            /* the optimizers that share a learning rate together: sgd/momentum 1e-07,
             * the line broken before 80 columns */
            for (int k = 0; k < OPTIM_COUNT; k++) {
                if (k > 0 && r->lr[m][k] == r->lr[m][k - 1])
                    continue;
                char group[96];
                int n = 0, j = k;
                for (; j < OPTIM_COUNT && r->lr[m][j] == r->lr[m][k]; j++)
                    n += snprintf(group + n, sizeof group - (size_t)n, "%s%s", j > k ? "/" : "",
                                  optim_name((optim_kind)j));
                snprintf(group + n, sizeof group - (size_t)n, " %g", r->lr[m][k]);
                /* a group with another after it needs a column for its comma */
                if (k && col + 2 + (int)strlen(group) + (j < OPTIM_COUNT) > 80) {
                    fputs(",\n      ", out);
                    col = 6;
                } else {
                    col += fprintf(out, "%s ", k ? "," : "");
                }
                col += fprintf(out, "%s", group);
            }
            fputc('\n', out);
        }
    }
}

static void usage(FILE *out)
{
    fputs("usage: descent train [--data DIR | --dataset cifar10|fashion-mnist|synthetic]\n"
          "                     [--model svm|softmax|mlp] [--loss L] [--hidden H] [--act A]\n"
          "                     [--init STD] [--opt SPEC] [--reg R] [--batch B]\n"
          "                     [--iters N] [--seed S] [--train N] [--val N] [--test N]\n"
          "                     [--gradcheck K] [--save F] [--load F] [--tui [--race]]\n"
          "                     [--features pixels|hog|hue|hog+hue [--hog-cell C]\n"
          "                      [--hog-bins K] [--hue-bins K]]\n"
          "Trains a linear classifier or a two-layer net (--model mlp: affine, activation,\n"
          "affine, then the loss) and prints progress on stderr and a\n"
          "last line of key=value pairs on stdout. With no --data, looks for CIFAR-10 in\n"
          "$DESCENT_DATA, ./data/cifar-10-batches-bin, ./data/cifar-10-batches-py and\n"
          "~/.cache/descent/, then Fashion-MNIST in /usr/share/datasets/fashion-mnist, then\n"
          "uses a synthetic set.\n\n"
          "--features: instead of the pixels, engineered features computed once per image\n"
          "after loading: HOG (gradient orientations in K bins per CxC cell; CIFAR-10: 4x4\n"
          "cells x 9 = 144 values) and a hue histogram (10 values), standardized with the\n"
          "training images' mean and std; --save keeps them, --load reproduces them.\n\n",
          out);
    print_defaults(out);
    fputs("\nThe live panel (--tui) trains at --pace iterations a second ([ and ] change\n"
          "it, max: as fast as it goes) until paused; with --iters N it stops first at N\n"
          "(N more after space once done). It shows the time left: to N at the current\n"
          "speed, without a limit to the end of the epoch under way. --tui --race races the\n"
          "optimizers given with --opt (repeat it: --opt sgd --opt adam:lr=1e-3), all\n"
          "six when none is given; in the panel x then 1-6 takes one in or out of the race.\n\n",
          out);
    cli_print_options(out, table);
    fputs("\nSPEC keys: ", out);
    cli_print_wrapped(out, hparams_keys_list(), 11);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static linear_data view(const dataset_part *p)
{
    return (linear_data){p->x, p->y, p->n, NULL};
}

static void describe_data(const dataset *ds, const dataset_splits *s)
{
    fprintf(stderr, "data: %s\n", ds->source);
    if (ds->searched[0])
        fprintf(stderr, "data: CIFAR-10 not found; looked in %s\n", ds->searched);
    if (ds->synthetic)
        fprintf(stderr, "data: SYNTHETIC images, not a real dataset\n");
    fprintf(stderr, "data: %zu train / %zu val / %zu test images, %dx%dx%d, %d classes\n",
            s->train.n, s->val.n, s->test.n, ds->width, ds->height, ds->channels, ds->classes);
}

/* Prints K gradient-check lines on stdout; returns the worst relative error. */
static int run_gradcheck(trainer *t, long k, double *worst)
{
    gradcheck_entry *out = malloc((size_t)k * sizeof *out);
    if (!out || check_run(t, (int)k, out) < 0) {
        free(out);
        return -1;
    }
    model_block blocks[MODEL_BLOCKS_MAX];
    model_blocks(&t->m.cfg, blocks);
    int net = t->m.cfg.arch == MODEL_MLP;
    const char *kink_first = net ? " (a ReLU or hinge kink crossed at the first step)"
                                 : " (hinge crossed at the first step)";
    const char *kink_last = net ? " (a ReLU or hinge kink crossed even at the smallest step)"
                                : " (hinge crossed even at the smallest step)";
    for (long i = 0; i < k; i++) {
        const gradcheck_entry *c = &out[i];
        int row, col;
        model_block_of(&t->m.cfg, c->index, &row, &col);
        printf("gradcheck index=%zu block=%s row=%d col=%d analytic=%.10g numeric=%.10g h=%g "
               "rel_error=%.3g %s%s\n",
               c->index, blocks[c->block].name, row, col, c->analytic, c->numeric, c->h,
               c->rel_error, gradcheck_word(gradcheck_judge(c->rel_error)),
               c->kinks == 1 ? kink_first : c->kinks == 2 ? kink_last : "");
    }
    *worst = check_worst(out, (int)k);
    free(out);
    return 0;
}

static void progress(trainer *t, double t0, double step_time)
{
    long it = t->iter, total = t->cfg.iters;
    double ips = step_time > 0 ? (double)it * t->cfg.batch / step_time : 0;
    double eta = it > 0 ? (now() - t0) / (double)it * (double)(total - it) : 0;
    fprintf(stderr, "iter %ld/%ld loss %.4f (data %.4f reg %.4f)", it, total, t->last.loss,
            t->last.data_loss, t->last.reg_loss);
    if (t->n_evals && t->evals[t->n_evals - 1].iter == it)
        fprintf(stderr, " train_acc %.3f val_acc %.3f", t->evals[t->n_evals - 1].train_acc,
                t->evals[t->n_evals - 1].val_acc);
    fprintf(stderr, " %.0f img/s eta %.1fs\n", ips, eta);
}

typedef struct {
    double loss, data_loss, reg_loss, train_acc, val_acc, test_acc, seconds, ips, grad_worst;
    double load_seconds, test_seconds;
    int gradchecked;
    const featureset *fs; /* NULL: raw pixels */
} summary;

static void print_summary(const train_args *a, const trainer *t, const dataset *ds,
                          const summary *s)
{
    char opt[200];
    hparams_format(&t->cfg.opt, opt, sizeof opt);
    for (char *p = opt; *p; p++)
        if (*p == ' ')
            *p = ',';
    printf("dataset=%s model=%s opt=%s hparams=%s reg=%g penalty=%s batch=%d iters=%ld "
           "loss=%.6f data_loss=%.6f reg_loss=%.6f train_acc=%.4f val_acc=%.4f test_acc=%.4f "
           "seconds=%.3f images_per_s=%.0f",
           ds->name, model_loss_name(t->cfg.model), optim_name(t->cfg.opt.kind), opt, t->cfg.reg,
           save_penalty_name(t->cfg.reg_kind), t->cfg.batch, t->iter, s->loss, s->data_loss,
           s->reg_loss, s->train_acc, s->val_acc, s->test_acc, s->seconds, s->ips);
    if (s->gradchecked)
        printf(" gradcheck_max_rel_error=%.3g", s->grad_worst);
    printf(" load_seconds=%.3f test_images=%zu test_seconds=%.4f", a->load_seconds, a->n_test_used,
           s->test_seconds);
    printf(" arch=%s", model_arch_name(t->cfg.arch));
    if (t->cfg.arch == MODEL_MLP) {
        printf(" hidden=%d act=%s init=%g", t->cfg.hidden, mlp_act_name(t->cfg.act),
               t->cfg.init_scale);
        /* the panel's health meters, after the last step */
        const char *blocks[MODEL_BLOCKS_MAX];
        double ratio[MODEL_BLOCKS_MAX];
        int n = trainer_update_ratios(t, blocks, ratio);
        if (t->cfg.act == MLP_RELU && t->iter > 0)
            printf(" dead_relu=%.4f", model_dead_fraction(&t->m));
        for (int k = 0; k < n; k++)
            printf(" update_ratio_%s=%.3e", blocks[k], ratio[k]);
    }
    printf(" features=%s dim=%d", features_name(s->fs ? s->fs->layout.cfg.kinds : 0), t->dim);
    if (s->fs)
        printf(" features_seconds=%.3f features_images=%zu features_threads=%d", s->fs->seconds,
               s->fs->images, s->fs->threads);
    printf("\n");
}

static void apply_dataset_defaults(train_args *a, const dataset *ds);

/* The row of the defaults table that applies: standardized features have
 * gradients of another scale than any dataset's pixels. */
static const char *defaults_name(const train_args *a, const dataset *ds)
{
    return a->feat.cfg.kinds ? "features" : ds->name;
}

/* The saved model must be the one asked for: a net's size and activation
 * come from the file unless given. */
static int load_model(train_args *a, const dataset *ds, checkpoint *c, char *err, size_t errlen)
{
    if (checkpoint_load(a->load, c, err, errlen) < 0)
        return -1;
    if (train_features_adopt(&a->feat, a->feat_given, c, a->load, err, errlen) < 0) {
        checkpoint_free(c);
        return -1;
    }
    apply_dataset_defaults(a, ds); /* the model's features may call for others */
    char have[96];
    checkpoint_describe(c, have, sizeof have);
    /* a features model's dim is checked against the features computed */
    if ((!c->features.kinds && c->dim != ds->dim) || c->classes != ds->classes) {
        snprintf(err, errlen,
                 "%s: model is for %d-value images in %d classes (%s), the data has %d in %d (%s)",
                 a->load, c->dim, c->classes, c->dataset, ds->dim, ds->classes, ds->name);
    } else if (c->arch != a->cfg.arch) {
        snprintf(err, errlen, "%s: holds %s, not %s (--model %s)", a->load, have,
                 a->cfg.arch == MODEL_MLP ? "a two-layer net" : "the linear classifier",
                 a->cfg.arch == MODEL_MLP ? "mlp" : model_loss_name(a->cfg.model));
    } else if (c->arch == MODEL_MLP && ((a->hidden_given && a->cfg.hidden != c->hidden) ||
                                        (a->act_given && a->cfg.act != c->act))) {
        char h[32] = "", act[32] = "";
        if (a->hidden_given)
            snprintf(h, sizeof h, " --hidden %d", a->cfg.hidden);
        if (a->act_given)
            snprintf(act, sizeof act, " --act %s", mlp_act_name(a->cfg.act));
        snprintf(err, errlen, "%s: holds %s, not the%s%s asked for", a->load, have, h, act);
    } else {
        a->cfg.hidden = c->hidden;
        a->cfg.act = c->act;
        return 0;
    }
    checkpoint_free(c);
    return -1;
}

static int train_finish(train_args *a, const dataset *ds, trainer *t, const linear_data *tr,
                        const linear_data *va, const linear_data *te, summary *sum);

static int train_run(train_args *a, dataset *ds)
{
    char err[1024];
    dataset_splits s = dataset_split(ds, (size_t)a->n_train, (size_t)a->n_val, (size_t)a->n_test);
    checkpoint ck = {0};
    if (a->load && load_model(a, ds, &ck, err, sizeof err) < 0)
        return cli_fail("--load: %s", err);
    if (train_features_fit(&a->feat, ds, err, sizeof err) < 0) {
        checkpoint_free(&ck);
        return cli_fail("%s", err);
    }
    describe_data(ds, &s);
    a->n_test_used = s.test.n;
    linear_data tr = view(&s.train), va = view(&s.val), te = view(&s.test);
    featureset fs;
    int dim = ds->dim;
    if (a->feat.cfg.kinds) {
        if (train_features_build(&a->feat, ds, &s, &ck, &fs, err, sizeof err) < 0) {
            checkpoint_free(&ck);
            return cli_fail("%s%s%s", a->load ? a->load : "", a->load ? ": " : "", err);
        }
        tr.xf = fs.train;
        va.xf = fs.val;
        te.xf = fs.test;
        dim = fs.layout.dim;
    }
    summary sum = {0};
    sum.fs = a->feat.cfg.kinds ? &fs : NULL;
    trainer t;
    int rc = trainer_init(&t, &a->cfg, ds->classes, dim, &tr, &va, ck.mean, ck.w, err,
                          sizeof err);
    checkpoint_free(&ck);
    if (rc < 0) {
        if (sum.fs)
            featureset_free(&fs);
        return cli_fail("%s", err);
    }
    rc = train_finish(a, ds, &t, &tr, &va, &te, &sum);
    trainer_free(&t);
    if (sum.fs)
        featureset_free(&fs);
    return rc;
}

/* Gradient check, training, evaluation, saving and the closing line. */
static int train_finish(train_args *a, const dataset *ds, trainer *t, const linear_data *tr,
                        const linear_data *va, const linear_data *te, summary *sum)
{
    char err[1024];
    /* the kernels decide the speed more than anything of ours: say which */
    fprintf(stderr, "blas: OpenBLAS %s kernels, %d thread(s) of its own; the batch split over %d\n",
            openblas_get_corename(), openblas_get_num_threads(), a->cfg.threads);
    if (a->gradcheck > 0) {
        if (run_gradcheck(t, a->gradcheck, &sum->grad_worst) < 0)
            return cli_fail("out of memory in the gradient check");
        sum->gradchecked = 1;
    }
    double t0 = now(), step_time = 0;
    int diverged = 0;
    while (t->iter < a->cfg.iters) {
        double s0 = now();
        trainer_keep_update(t, t->iter + 1 == a->cfg.iters); /* for the closing line's ratios */
        if (trainer_step(t) < 0) {
            diverged = 1;
            break;
        }
        step_time += now() - s0;
        if (t->iter % 100 == 0 || t->iter == a->cfg.iters)
            progress(t, t0, step_time);
    }
    sum->seconds = now() - t0;
    sum->ips = step_time > 0 ? (double)t->iter * a->cfg.batch / step_time : 0;
    model_loss last = t->iter > 0 ? t->last : trainer_loss(t, tr, tr->n);
    sum->loss = last.loss;
    sum->data_loss = last.data_loss;
    sum->reg_loss = last.reg_loss;
    sum->train_acc = tr->n ? trainer_evaluate(t, tr, NULL) : NAN;
    sum->val_acc = va->n ? trainer_evaluate(t, va, NULL) : NAN;
    long confusion[DATASET_CLASSES_MAX * DATASET_CLASSES_MAX];
    double e0 = now();
    sum->test_acc = te->n ? trainer_evaluate(t, te, confusion) : NAN;
    sum->test_seconds = now() - e0;
    if (diverged)
        return cli_fail("the loss is no longer finite at iteration %ld (learning rate "
                        "too large?)",
                        t->iter + 1);
    if (te->n) {
        fprintf(stderr, "confusion (rows: true class, columns: predicted) on %zu test images:\n",
                te->n);
        for (int i = 0; i < ds->classes; i++) {
            char safe[4 * DATASET_NAME_MAX];
            fprintf(stderr, "%12.12s", output_safe(ds->class_names[i], safe, sizeof safe));
            for (int j = 0; j < ds->classes; j++)
                fprintf(stderr, " %5ld", confusion[i * ds->classes + j]);
            fputc('\n', stderr);
        }
    }
    if (a->save && save_write(a->save, t, ds, sum->fs, err, sizeof err) < 0)
        return cli_fail("%s", err);
    print_summary(a, t, ds, sum);
    return 0; /* main checks that the output was written */
}

/* The panel's worker settings: the same splits and settings as a headless
 * run. Every optimizer gets train's default learning rate for it, and those
 * named by --opt their given settings; with --race those race (all six when
 * no --opt was given), as trace's --opt chooses its racers. */
static void panel_config(const train_args *a, const dataset *ds, const checkpoint *ck,
                         const featureset *fs, worker_config *wc)
{
    dataset_splits s = dataset_split(ds, (size_t)a->n_train, (size_t)a->n_val, (size_t)a->n_test);
    memset(wc, 0, sizeof *wc);
    wc->cfg = a->cfg;
    for (int k = 0; k < OPTIM_COUNT; k++) {
        wc->race_opt[k] = optim_defaults((optim_kind)k);
        wc->race_opt[k].lr = train_default_lr(a->cfg.arch, (optim_kind)k, defaults_name(a, ds));
    }
    for (int k = 0; k < OPTIM_COUNT; k++)
        if (a->race_set & (1u << k))
            wc->race_opt[k] = a->race_opt[k];
    wc->race = a->race;
    wc->race_set = a->race_set;
    /* in the panel --iters is the first stop (space then trains as many
     * more); without it training goes on until paused */
    wc->limit = a->iters_given ? a->cfg.iters : 0;
    wc->paused = a->iters_given && a->cfg.iters == 0;
    wc->pace = a->pace;
    wc->classes = ds->classes;
    wc->dim = ds->dim;
    wc->train = view(&s.train);
    wc->val = view(&s.val);
    wc->mean = ck ? ck->mean : NULL;
    wc->w = ck ? ck->w : NULL;
    wc->ds = ds;
    wc->save_path = a->save;
    if (fs) {
        wc->dim = fs->layout.dim;
        wc->train.xf = fs->train;
        wc->val.xf = fs->val;
        wc->features = fs;
    }
}

/* The learning rate and regularization the data set calls for, where the
 * command line did not give them. */
static void apply_dataset_defaults(train_args *a, const dataset *ds)
{
    const char *name = defaults_name(a, ds);
    model_arch m = a->cfg.arch;
    train_config d = train_defaults_model(name, m);
    for (int k = 0; k < OPTIM_COUNT; k++)
        if (!(a->lr_given & (1u << k)))
            a->race_opt[k].lr = train_default_lr(m, (optim_kind)k, name);
    if (!(a->lr_given & (1u << a->cfg.opt.kind)))
        a->cfg.opt.lr = train_default_lr(m, a->cfg.opt.kind, name);
    if (!a->reg_given)
        a->cfg.reg = d.reg;
    if (!a->init_given)
        a->cfg.init_scale = d.init_scale;
}

/* The model the options describe; -1 with a message when they disagree. */
static int settle_model(train_args *a, char *err, size_t errlen)
{
    if (a->cfg.arch != MODEL_MLP && (a->hidden_given || a->act_given)) {
        snprintf(err, errlen, "--%s is for the two-layer net: add --model mlp",
                 a->hidden_given ? "hidden" : "act");
        return -1;
    }
    if (a->loss_given >= 0) {
        if (a->linear_named && a->loss_given != (int)a->cfg.model) {
            snprintf(err, errlen, "--model %s and --loss %s disagree: give one",
                     model_loss_name(a->cfg.model), model_loss_name(a->loss_given));
            return -1;
        }
        a->cfg.model = (linear_model)a->loss_given;
    } else if (a->cfg.arch == MODEL_MLP) {
        a->cfg.model = train_defaults_table()->loss[MODEL_MLP];
    }
    return 0;
}

static void args_defaults(train_args *a)
{
    memset(a, 0, sizeof *a);
    a->cmd = "train";
    a->cfg = train_defaults();
    train_features_defaults(&a->feat);
    const char *threads = getenv("DESCENT_THREADS");
    if (threads && (strcmp(threads, "1") == 0 || strcmp(threads, "2") == 0))
        a->cfg.threads = threads[0] - '0';
    const train_table *d = train_defaults_table();
    a->loss_given = -1;
    a->pace = WORKER_PACE_DEFAULT;
    a->n_train = d->n_train;
    a->n_val = d->n_val;
    a->n_test = d->n_test;
}

static int train_parse(train_args *a, const char *cmd, int argc, char **argv);

int train_panel_setup(const char *data, dataset *ds, worker_config *wc, char *err, size_t errlen)
{
    train_args a;
    char *none[] = {NULL};
    /* the settings file's data and pace, as descent train takes them */
    if (train_parse(&a, "train", 0, none) != 0) {
        snprintf(err, errlen, "the settings file's training settings");
        return -1;
    }
    if (data)
        a.data = data;
    /* no room for OpenBLAS's buffers (ulimit -v): no panel, rather than a hang in it */
    if (blas_reserve(a.cfg.threads, err, errlen) < 0 ||
        dataset_open(a.data, a.dataset, a.cfg.seed, ds, err, errlen) < 0)
        return -1;
    apply_dataset_defaults(&a, ds);
    panel_config(&a, ds, NULL, NULL, wc);
    wc->limit = 0; /* beside the surfaces it trains on until paused */
    return 0;
}

static int train_tui(train_args *a, dataset *ds)
{
    char err[1024];
    const char *why = cli_no_terminal();
    if (why)
        return cli_fail("--tui needs a terminal (%s): without --tui it trains headless", why);
    checkpoint ck = {0};
    if (a->load && load_model(a, ds, &ck, err, sizeof err) < 0)
        return cli_fail("--load: %s", err);
    if (train_features_fit(&a->feat, ds, err, sizeof err) < 0) {
        checkpoint_free(&ck);
        return cli_fail("%s", err);
    }
    featureset fs;
    if (a->feat.cfg.kinds) {
        dataset_splits s = dataset_split(ds, (size_t)a->n_train, (size_t)a->n_val,
                                         (size_t)a->n_test);
        s.test.n = 0; /* the panel never tests */
        if (train_features_build(&a->feat, ds, &s, &ck, &fs, err, sizeof err) < 0) {
            checkpoint_free(&ck);
            return cli_fail("%s%s%s", a->load ? a->load : "", a->load ? ": " : "", err);
        }
    }
    worker_config wc;
    panel_config(a, ds, &ck, a->feat.cfg.kinds ? &fs : NULL, &wc);
    int rc = trainview_run(&wc, ds, theme_get(a->theme), err, sizeof err);
    checkpoint_free(&ck);
    if (a->feat.cfg.kinds)
        featureset_free(&fs);
    if (rc < 0)
        return cli_fail("%s", err);
    return 0;
}

/* Parses train's options and checks that they agree: what descent train and
 * every command built on its options (tune) share. Returns 0 or the exit
 * status after one message. */
static int train_parse(train_args *a, const char *cmd, int argc, char **argv)
{
    args_defaults(a);
    a->cmd = cmd;
    int rc = config_parse(table, argc, argv, on_option, a);
    if (rc || a->help)
        return rc;
    if (a->data && a->dataset)
        return cli_fail("give --data DIR or --dataset NAME, not both");
    if (a->race && !a->tui)
        return cli_fail("--race is for the live panel: add --tui");
    if (a->n_opts > 1 && !a->race)
        return cli_fail("several --opt are for a race%s",
                        strcmp(a->cmd, "train") ? ": give one" : ": add --tui --race");
    char err[1024];
    if (settle_model(a, err, sizeof err) < 0)
        return cli_fail("%s", err);
    if (train_features_check(&a->feat, err, sizeof err) < 0)
        return cli_fail("%s", err);
    return 0;
}

/* Opens the data the options name and applies its defaults. Returns 0 or the
 * exit status after one message. */
static int train_open(train_args *a, dataset *ds)
{
    char err[1024];
    /* before the data takes the room OpenBLAS's buffers need */
    if (blas_reserve(a->cfg.threads, err, sizeof err) < 0)
        return cli_fail("%s%s", err,
                        a->cfg.threads > 1 ? " (DESCENT_THREADS=1 trains with one)" : "");
    double l0 = now();
    if (dataset_open(a->data, a->dataset, a->cfg.seed, ds, err, sizeof err) < 0)
        return cli_fail("%s", err);
    a->load_seconds = now() - l0;
    apply_dataset_defaults(a, ds);
    return 0;
}

int train_setup_open(const char *cmd, int argc, char **argv, train_setup *s)
{
    train_args a;
    memset(s, 0, sizeof *s);
    int rc = train_parse(&a, cmd, argc, argv);
    if (rc)
        return rc;
    const char *single = a.save ? "save" : a.load ? "load" : a.tui ? "tui" : a.gradcheck ? "gradcheck" : NULL;
    if (single)
        return cli_fail("--%s is for one run: use descent train", single);
    if (a.lr_given & (1u << a.cfg.opt.kind))
        return cli_fail("the learning rates come from --lr, not lr= in --opt");
    if ((rc = train_open(&a, &s->ds)) != 0)
        return rc;
    char err[1024];
    if (train_features_fit(&a.feat, &s->ds, err, sizeof err) < 0) {
        dataset_free(&s->ds);
        return cli_fail("%s", err);
    }
    s->feat = a.feat;
    s->dim = s->ds.dim;
    dataset_splits sp = dataset_split(&s->ds, (size_t)a.n_train, (size_t)a.n_val,
                                      (size_t)a.n_test);
    s->cfg = a.cfg;
    s->splits = sp;
    s->train = view(&sp.train);
    s->val = view(&sp.val);
    s->test = view(&sp.test);
    return 0;
}

void train_setup_describe(const train_setup *s)
{
    describe_data(&s->ds, &s->splits);
}

int train_setup_features(train_setup *s)
{
    char err[1024];
    if (!s->feat.cfg.kinds || s->fs.layout.dim)
        return 0;
    if (train_features_build(&s->feat, &s->ds, &s->splits, NULL, &s->fs, err, sizeof err) < 0)
        return cli_fail("%s", err);
    s->train.xf = s->fs.train;
    s->val.xf = s->fs.val;
    s->test.xf = s->fs.test;
    s->dim = s->fs.layout.dim;
    return 0;
}

void train_setup_free(train_setup *s)
{
    if (s->fs.layout.dim)
        featureset_free(&s->fs);
    dataset_free(&s->ds);
}

int train_main(int argc, char **argv)
{
    train_args a;
    int rc = train_parse(&a, "train", argc, argv);
    if (rc)
        return rc;
    if (a.help) {
        usage(stdout);
        return 0;
    }
    /* Before the data loads and the training runs, not after. */
    if ((rc = cli_check_outfile("save", a.save)) != 0)
        return rc;
    dataset ds;
    if ((rc = train_open(&a, &ds)) != 0)
        return rc;
    rc = a.tui ? train_tui(&a, &ds) : train_run(&a, &ds);
    dataset_free(&ds);
    return rc;
}
