/* descent train: the linear classifier on CIFAR-10 (or Fashion-MNIST, or the
 * synthetic set), headless. Progress on stderr; the last stdout line is
 * key=value pairs for scripts. */
#include <cblas.h>
#include <gsl/gsl_rng.h>
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
#include "../tui/trainview.h"
#include "commands.h"
#include "config.h"
#include "trainopts.h"
#include "trainpanel.h"
#include "options.h"

enum {
    O_DATA, O_DATASET, O_MODEL, O_OPT, O_REG, O_PENALTY, O_BATCH, O_ITERS, O_SEED, O_TRAIN, O_VAL,
    O_TEST, O_GRADCHECK, O_SAVE, O_LOAD, O_TUI, O_RACE, O_HELP
};

static const cli_option table[] = {
    [O_DATA] = {"data", "DIR", "CIFAR-10 (binary or python layout) or IDX files in DIR"},
    [O_DATASET] = {"dataset", "NAME", "cifar10, fashion-mnist or synthetic (default: search)"},
    [O_MODEL] = {"model", "M", "svm or softmax (default svm)"},
    [O_OPT] = {"opt", "SPEC", "optimizer, as in trace (default sgd; lr: see above); with --race repeat it"},
    [O_REG] = {"reg", "R", "regularization strength (default: see above)"},
    [O_PENALTY] = {"penalty", "P", "l2, l1 or elastic (default l2: reg * sum W^2)"},
    [O_BATCH] = {"batch", "B", "minibatch size (default 200)"},
    [O_ITERS] = {"iters", "N", "iterations (default 1500; 0 reports the initial loss)"},
    [O_SEED] = {"seed", "S", "seed of W, the minibatches and synthetic data (default 1)"},
    [O_TRAIN] = {"train", "N", "training images (default 49000)"},
    [O_VAL] = {"val", "N", "validation images, the last training ones (default 1000)"},
    [O_TEST] = {"test", "N", "test images (default 1000)"},
    [O_GRADCHECK] = {"gradcheck", "K", "check the gradient at K random entries of W first"},
    [O_SAVE] = {"save", "FILE", "save the trained model"},
    [O_LOAD] = {"load", "FILE", "start from a saved model (its weights and mean image)"},
    [O_TUI] = {"tui", NULL, "train in the live panel (full screen); s saves to --save"},
    [O_RACE] = {"race", NULL, "with --tui: the --opt optimizers (default all six) on the same minibatches"},
    [O_HELP] = {"help", NULL, "show this help"},
    {0},
};

typedef struct {
    const char *data, *dataset, *save, *load;
    train_config cfg;
    char opt_text[128];
    optim_params race_opt[OPTIM_COUNT]; /* each --opt, by kind */
    unsigned race_set;                  /* the kinds given with --opt */
    int n_opts;
    long n_train, n_val, n_test, gradcheck;
    int help, tui, race;
    unsigned lr_given;       /* bit k: --opt gave optimizer k an lr */
    int reg_given;           /* else the dataset's defaults apply */
    double load_seconds; /* reading the dataset */
    size_t n_test_used;
} train_args;

/* Train's own default learning rates: raw pixels make gradients large.
 * The SGD family's depends on the dataset (train_defaults_for); the
 * adaptive optimizers scale their steps themselves. */
double train_default_lr(optim_kind k, const char *data_name)
{
    if (k == OPTIM_SGD || k == OPTIM_MOMENTUM || k == OPTIM_NESTEROV)
        return train_defaults_for(data_name).opt.lr;
    return 1e-4;
}

int train_spec_sets_lr(const char *spec)
{
    const char *colon = strchr(spec, ':');
    for (const char *p = colon; p; p = strchr(p + 1, ','))
        if (strncmp(p + 1, "lr=", 3) == 0)
            return 1;
    return 0;
}

static int set_opt(train_args *a, const char *value, char *err, size_t errlen)
{
    hparams_spec spec;
    if (hparams_parse(value, &spec, err, errlen) < 0)
        return -1;
    if (spec.p.kind == OPTIM_BFGS) {
        snprintf(err, errlen, "bfgs is a surface reference path; train with one of %s",
                 optim_names_list());
        return -1;
    }
    if (train_spec_sets_lr(value))
        a->lr_given |= 1u << spec.p.kind;
    else
        spec.p.lr = train_default_lr(spec.p.kind, NULL); /* the data set's, once known */
    if (hparams_validate(&spec.p, err, errlen) < 0)
        return -1;
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

static int on_option(void *ctx, int index, const char *value, char *err, size_t errlen)
{
    train_args *a = ctx;
    long v;
    switch (index) {
    case -1: snprintf(err, errlen, "train: unexpected argument '%s'", value); return -1;
    case O_DATA: a->data = value; return 0;
    case O_DATASET: return train_parse_dataset(value, &a->dataset, err, errlen);
    case O_MODEL: return train_parse_model(value, &a->cfg.model, err, errlen);
    case O_OPT: return set_opt(a, value, err, errlen);
    case O_REG:
        a->reg_given = 1;
        return train_parse_reg(value, &a->cfg.reg, err, errlen);
    case O_PENALTY: return train_parse_penalty(value, &a->cfg.reg_kind, err, errlen);
    case O_SEED:
        if (hparams_integer(value, 0, 2147483647L, &v) < 0) {
            snprintf(err, errlen, "'%s' is not an integer in [0, 2147483647]", value);
            return -1;
        }
        a->cfg.seed = (unsigned long)v;
        return 0;
    case O_SAVE: a->save = value; return 0;
    case O_LOAD: a->load = value; return 0;
    case O_TUI: a->tui = 1; return 0;
    case O_RACE: a->race = 1; return 0;
    case O_HELP: a->help = 1; return 0;
    default: break;
    }
    long lo = index == O_BATCH ? 1 : 0, hi = index == O_BATCH ? 100000 : 100000000;
    if (hparams_integer(value, lo, hi, &v) < 0) {
        snprintf(err, errlen, "'%s' is not an integer in [%ld, %ld]", value, lo, hi);
        return -1;
    }
    if (index == O_BATCH)
        a->cfg.batch = (int)v;
    else if (index == O_ITERS)
        a->cfg.iters = v;
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

static void usage(FILE *out)
{
    fputs("usage: descent train [--data DIR | --dataset cifar10|fashion-mnist|synthetic]\n"
          "                     [--model svm|softmax] [--opt SPEC] [--reg R] [--batch B]\n"
          "                     [--iters N] [--seed S] [--train N] [--val N] [--test N]\n"
          "                     [--gradcheck K] [--save F] [--load F] [--tui [--race]]\n"
          "Trains a linear classifier (CS231n defaults) and prints progress on stderr and a\n"
          "last line of key=value pairs on stdout. With no --data, looks for CIFAR-10 in\n"
          "$DESCENT_DATA, ./data/cifar-10-batches-bin, ./data/cifar-10-batches-py and\n"
          "~/.cache/descent/, then Fashion-MNIST in /usr/share/datasets/fashion-mnist, then\n"
          "uses a synthetic set.\n\n"
          "Defaults depend on the dataset, unless --reg or an lr= in --opt is given:\n"
          "  CIFAR-10, synthetic:    reg 2.5e4, lr 1e-7 (CS231n's)\n"
          "  Fashion-MNIST, MNIST:   reg 1e2,   lr 2e-6 (chosen by validation accuracy on\n"
          "                          Fashion-MNIST; CIFAR's stop near 0.69 there)\n"
          "  lr is for sgd, momentum and nesterov; adagrad, rmsprop and adam use 1e-4.\n\n"
          "The live panel (--tui) shows the time left: to --iters N at the current speed\n"
          "(N more after space once done), and beside the explorer, which trains without\n"
          "a limit, the time to the end of the epoch under way. --tui --race races the\n"
          "optimizers given with --opt (repeat it: --opt sgd --opt adam:lr=1e-3), all\n"
          "six when none is given; in the panel x then 1-6 takes one in or out of the race.\n\n",
          out);
    cli_print_options(out, table);
    fprintf(out, "\nSPEC keys: %s\n", hparams_keys_list());
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static linear_data view(const dataset_part *p)
{
    return (linear_data){p->x, p->y, p->n};
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

int train_parse_model(const char *value, linear_model *out, char *err, size_t errlen)
{
    if (strcmp(value, "svm") == 0)
        *out = LINEAR_SVM;
    else if (strcmp(value, "softmax") == 0)
        *out = LINEAR_SOFTMAX;
    else {
        snprintf(err, errlen, "'%s' is not svm or softmax", value);
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

const char *train_model_name(linear_model m)
{
    return m == LINEAR_SVM ? "svm" : "softmax";
}

const char *train_penalty_name(reg_kind k)
{
    return k == REG_L2 ? "l2" : k == REG_L1 ? "l1" : "elastic";
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
    linear_config lc = t->lin.cfg;
    int n = t->cfg.batch < (int)t->train.n ? t->cfg.batch : (int)t->train.n;
    size_t *idx = malloc((size_t)(n > 0 ? n : 1) * sizeof *idx);
    linear_check *out = malloc((size_t)k * sizeof *out);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = -1;
    if (idx && out && r) {
        gsl_rng_set(r, t->cfg.seed + 1);
        for (int b = 0; b < n; b++)
            idx[b] = gsl_rng_uniform_int(r, t->train.n);
        rc = linear_gradcheck(&lc, t->mean, t->w, &t->train, idx, n, (int)k, 1e-5, r, out);
    }
    *worst = 0;
    for (long i = 0; rc == 0 && i < k; i++) {
        const linear_check *c = &out[i];
        const char *verdict = c->rel_error <= 1e-7 ? "good"
                              : c->rel_error < 1e-4 ? "acceptable"
                              : c->rel_error > 1e-2 ? "WRONG" : "suspect";
        printf("gradcheck index=%zu class=%zu analytic=%.10g numeric=%.10g h=%g rel_error=%.3g "
               "%s%s\n",
               c->index, c->index / (size_t)(t->dim + 1), c->analytic, c->numeric, c->h,
               c->rel_error, verdict,
               c->kinks == 1 ? " (hinge crossed at the first step)"
               : c->kinks == 2 ? " (hinge crossed even at the smallest step)" : "");
        if (c->rel_error > *worst)
            *worst = c->rel_error;
    }
    free(idx);
    free(out);
    if (r)
        gsl_rng_free(r);
    return rc;
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

static int save_model(const train_args *a, const trainer *t, const dataset *ds, char *err,
                      size_t errlen)
{
    checkpoint c;
    memset(&c, 0, sizeof c);
    c.classes = t->classes;
    c.dim = t->dim;
    c.width = ds->width;
    c.height = ds->height;
    c.channels = ds->channels;
    snprintf(c.dataset, sizeof c.dataset, "%s", ds->name);
    memcpy(c.class_names, ds->class_names, sizeof c.class_names);
    char opt[200];
    hparams_format(&t->cfg.opt, opt, sizeof opt);
    snprintf(c.hparams, sizeof c.hparams,
             "model=%s opt=%s %s reg=%g penalty=%s batch=%d iters=%ld seed=%lu",
             train_model_name(t->cfg.model), optim_name(t->cfg.opt.kind), opt, t->cfg.reg,
             train_penalty_name(t->cfg.reg_kind), t->cfg.batch, t->iter, t->cfg.seed);
    c.mean = t->mean;
    c.w = t->w;
    return checkpoint_save(a->save, &c, err, errlen);
}

typedef struct {
    double loss, data_loss, reg_loss, train_acc, val_acc, test_acc, seconds, ips, grad_worst;
    double load_seconds, test_seconds;
    int gradchecked;
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
           ds->name, train_model_name(t->cfg.model), optim_name(t->cfg.opt.kind), opt, t->cfg.reg,
           train_penalty_name(t->cfg.reg_kind), t->cfg.batch, t->iter, s->loss, s->data_loss,
           s->reg_loss, s->train_acc, s->val_acc, s->test_acc, s->seconds, s->ips);
    if (s->gradchecked)
        printf(" gradcheck_max_rel_error=%.3g", s->grad_worst);
    printf(" load_seconds=%.3f test_images=%zu test_seconds=%.4f", a->load_seconds, a->n_test_used,
           s->test_seconds);
    printf("\n");
}

int train_load_checkpoint(const char *path, const dataset *ds, checkpoint *c, char *err,
                          size_t errlen)
{
    if (checkpoint_load(path, c, err, errlen) < 0)
        return -1;
    if (c->dim != ds->dim || c->classes != ds->classes) {
        snprintf(err, errlen,
                 "%s: model is for %d-value images in %d classes (%s), the data has %d in %d (%s)",
                 path, c->dim, c->classes, c->dataset, ds->dim, ds->classes, ds->name);
        checkpoint_free(c);
        return -1;
    }
    return 0;
}

static int train_run(train_args *a, dataset *ds)
{
    char err[1024];
    dataset_splits s = dataset_split(ds, (size_t)a->n_train, (size_t)a->n_val, (size_t)a->n_test);
    checkpoint ck = {0};
    if (a->load && train_load_checkpoint(a->load, ds, &ck, err, sizeof err) < 0)
        return cli_fail("%s", err);
    describe_data(ds, &s);
    a->n_test_used = s.test.n;
    linear_data tr = view(&s.train), va = view(&s.val), te = view(&s.test);
    trainer t;
    int rc = trainer_init(&t, &a->cfg, ds->classes, ds->dim, &tr, &va, ck.mean, ck.w, err,
                          sizeof err);
    checkpoint_free(&ck);
    if (rc < 0)
        return cli_fail("train: %s", err);
    /* the kernels decide the speed more than anything of ours: say which */
    fprintf(stderr, "blas: OpenBLAS %s kernels, %d thread(s) of its own; the batch split over %d\n",
            openblas_get_corename(), openblas_get_num_threads(), a->cfg.threads);
    summary sum = {0};
    if (a->gradcheck > 0) {
        if (run_gradcheck(&t, a->gradcheck, &sum.grad_worst) < 0) {
            trainer_free(&t);
            return cli_fail("train: out of memory in the gradient check");
        }
        sum.gradchecked = 1;
    }
    double t0 = now(), step_time = 0;
    int diverged = 0;
    while (t.iter < a->cfg.iters) {
        double s0 = now();
        if (trainer_step(&t) < 0) {
            diverged = 1;
            break;
        }
        step_time += now() - s0;
        if (t.iter % 100 == 0 || t.iter == a->cfg.iters)
            progress(&t, t0, step_time);
    }
    sum.seconds = now() - t0;
    sum.ips = step_time > 0 ? (double)t.iter * a->cfg.batch / step_time : 0;
    linear_loss last = t.iter > 0 ? t.last : trainer_loss(&t, &tr, tr.n);
    sum.loss = last.loss;
    sum.data_loss = last.data_loss;
    sum.reg_loss = last.reg_loss;
    sum.train_acc = tr.n ? trainer_evaluate(&t, &tr, NULL) : NAN;
    sum.val_acc = va.n ? trainer_evaluate(&t, &va, NULL) : NAN;
    long confusion[DATASET_CLASSES_MAX * DATASET_CLASSES_MAX];
    double e0 = now();
    sum.test_acc = te.n ? trainer_evaluate(&t, &te, confusion) : NAN;
    sum.test_seconds = now() - e0;
    if (diverged) {
        trainer_free(&t);
        return cli_fail("train: the loss is no longer finite at iteration %ld (learning rate "
                        "too large?)",
                        t.iter + 1);
    }
    if (te.n) {
        fprintf(stderr, "confusion (rows: true class, columns: predicted) on %zu test images:\n",
                te.n);
        for (int i = 0; i < ds->classes; i++) {
            fprintf(stderr, "%12.12s", ds->class_names[i]);
            for (int j = 0; j < ds->classes; j++)
                fprintf(stderr, " %5ld", confusion[i * ds->classes + j]);
            fputc('\n', stderr);
        }
    }
    if (a->save && save_model(a, &t, ds, err, sizeof err) < 0) {
        trainer_free(&t);
        return cli_fail("%s", err);
    }
    print_summary(a, &t, ds, &sum);
    trainer_free(&t);
    if (fflush(stdout) != 0 || ferror(stdout))
        return cli_fail("train: error writing output");
    return 0;
}

/* The panel's worker settings: the same splits and settings as a headless
 * run. Every optimizer gets train's default learning rate for it, and those
 * named by --opt their given settings; with --race those race (all six when
 * no --opt was given), as trace's --opt chooses its racers. */
static void panel_config(const train_args *a, const dataset *ds, const checkpoint *ck,
                         worker_config *wc)
{
    dataset_splits s = dataset_split(ds, (size_t)a->n_train, (size_t)a->n_val, (size_t)a->n_test);
    memset(wc, 0, sizeof *wc);
    wc->cfg = a->cfg;
    for (int k = 0; k < OPTIM_COUNT; k++) {
        wc->race_opt[k] = optim_defaults((optim_kind)k);
        wc->race_opt[k].lr = train_default_lr((optim_kind)k, ds->name);
    }
    for (int k = 0; k < OPTIM_COUNT; k++)
        if (a->race_set & (1u << k))
            wc->race_opt[k] = a->race_opt[k];
    wc->race = a->race;
    wc->race_set = a->race_set;
    wc->limit = a->cfg.iters;
    wc->paused = a->cfg.iters == 0;
    wc->classes = ds->classes;
    wc->dim = ds->dim;
    wc->train = view(&s.train);
    wc->val = view(&s.val);
    wc->mean = ck ? ck->mean : NULL;
    wc->w = ck ? ck->w : NULL;
    wc->ds = ds;
    wc->save_path = a->save;
}

/* The learning rate and regularization the data set calls for, where the
 * command line did not give them. */
static void apply_dataset_defaults(train_args *a, const dataset *ds)
{
    for (int k = 0; k < OPTIM_COUNT; k++)
        if (!(a->lr_given & (1u << k)))
            a->race_opt[k].lr = train_default_lr((optim_kind)k, ds->name);
    if (!(a->lr_given & (1u << a->cfg.opt.kind)))
        a->cfg.opt.lr = train_default_lr(a->cfg.opt.kind, ds->name);
    if (!a->reg_given)
        a->cfg.reg = train_defaults_for(ds->name).reg;
}

static void args_defaults(train_args *a)
{
    memset(a, 0, sizeof *a);
    a->cfg = train_defaults();
    const char *threads = getenv("DESCENT_THREADS");
    if (threads && (strcmp(threads, "1") == 0 || strcmp(threads, "2") == 0))
        a->cfg.threads = threads[0] - '0';
    a->n_train = 49000;
    a->n_val = 1000;
    a->n_test = 1000;
}

int train_panel_setup(dataset *ds, worker_config *wc, char *err, size_t errlen)
{
    train_args a;
    args_defaults(&a);
    if (dataset_open(NULL, NULL, a.cfg.seed, ds, err, errlen) < 0)
        return -1;
    apply_dataset_defaults(&a, ds);
    panel_config(&a, ds, NULL, wc);
    wc->limit = 0; /* beside the surfaces it trains on until paused */
    return 0;
}

static int train_tui(train_args *a, dataset *ds)
{
    char err[1024];
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        return cli_fail("train: --tui needs a terminal");
    checkpoint ck = {0};
    if (a->load && train_load_checkpoint(a->load, ds, &ck, err, sizeof err) < 0)
        return cli_fail("%s", err);
    worker_config wc;
    panel_config(a, ds, &ck, &wc);
    int rc = trainview_run(&wc, ds, err, sizeof err);
    checkpoint_free(&ck);
    if (rc < 0)
        return cli_fail("train: %s", err);
    return 0;
}

int train_main(int argc, char **argv)
{
    train_args a;
    args_defaults(&a);
    int rc = config_argv(table, argc, argv, &argc, &argv);
    if (rc == 0)
        rc = cli_parse(table, argc, argv, on_option, &a);
    if (rc)
        return rc;
    if (a.help) {
        usage(stdout);
        return 0;
    }
    if (a.data && a.dataset)
        return cli_fail("train: give --data DIR or --dataset NAME, not both");
    if (a.race && !a.tui)
        return cli_fail("train: --race is for the live panel: add --tui");
    if (a.n_opts > 1 && !a.race)
        return cli_fail("train: several --opt are for a race: add --tui --race");
    char err[1024];
    dataset ds;
    double l0 = now();
    if (dataset_open(a.data, a.dataset, a.cfg.seed, &ds, err, sizeof err) < 0)
        return cli_fail("%s", err);
    a.load_seconds = now() - l0;
    apply_dataset_defaults(&a, &ds);
    rc = a.tui ? train_tui(&a, &ds) : train_run(&a, &ds);
    dataset_free(&ds);
    return rc;
}
