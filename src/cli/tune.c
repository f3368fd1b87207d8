/* descent tune: a search over learning rate and regularization with train's
 * data and model options. Each configuration trains from the same seed and
 * is judged on validation (or cross-validation folds); the chosen one alone
 * meets the test set, once, at the end. Output: '#' lines naming the sweep,
 * one CSV row per configuration, and a closing key=value line. A sweep splits
 * into shards (--shard I/N) that --merge puts back together. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/hparams.h"
#include "../core/mlp.h"
#include "../core/sweep.h"
#include "../data/infile.h"
#include "../tui/trainview.h"
#include "../tui/tuneview.h"
#include "commands.h"
#include "output.h"
#include "trainpanel.h"

enum { T_LR, T_REG, T_HIDDEN, T_RANDOM, T_FOLDS, T_SHARD, T_MERGE, T_TUI, T_THEME, T_HELP };

static const cli_option table[] = {
    [T_LR] = {"lr", "LIST|RANGE", "learning rates: 1e-7,5e-7 or LO:HI:N log-spaced (default: train's)"},
    [T_REG] = {"reg", "LIST|RANGE", "regularization strengths, the same way (default: train's)"},
    [T_HIDDEN] = {"hidden", "LIST", "mlp: hidden sizes, e.g. 50,100,200, a third axis (default: train's)"},
    [T_RANDOM] = {"random", "K", "K configurations drawn log-uniformly within the --lr and --reg bounds"},
    [T_FOLDS] = {"folds", "K", "K-fold cross-validation over the training and validation images"},
    [T_SHARD] = {"shard", "I/N", "run configurations I, I+N, I+2N... (1 <= I <= N) of the sweep"},
    [T_MERGE] = {"merge", NULL, "merge the shard files given (their headers name the sweep)"},
    [T_TUI] = {"tui", NULL, "watch the search live: the heatmap fills in as runs finish"},
    [T_THEME] = {"theme", "NAME", "with --tui: the colours (see descent --help)"},
    [T_HELP] = {"help", NULL, "show this help"},
    {0},
};

#define TUNE_FILE_MAX (256u << 20) /* a merged shard file: 100000 rows fit many times */
#define TUNE_ROW_MAX 4096

typedef struct {
    const char *lr_text, *reg_text, *hidden_text;
    long random;
    long folds;
    long shard_i, shard_n;
    int merge, help, tui;
    theme_id theme;
    const char *files[1024];
    int n_files;
} tune_args;

static int on_option(void *ctx, int index, const char *value, char *err, size_t errlen)
{
    tune_args *a = ctx;
    switch (index) {
    case -1:
        if (!a->merge) {
            cli_unexpected(value, err, errlen);
            return -1;
        }
        if (a->n_files == (int)(sizeof a->files / sizeof a->files[0])) {
            snprintf(err, errlen, "more than %zu files", sizeof a->files / sizeof a->files[0]);
            return -1;
        }
        a->files[a->n_files++] = value;
        return 0;
    case T_LR: a->lr_text = value; return 0;
    case T_TUI: a->tui = 1; return 0;
    case T_THEME: return theme_parse(value, &a->theme, err, errlen);
    case T_REG: a->reg_text = value; return 0;
    case T_HIDDEN: a->hidden_text = value; return 0;
    case T_RANDOM:
        return cli_integer(value, 1, SWEEP_CONFIGS_MAX, &a->random, err, errlen);
    case T_FOLDS:
        return cli_integer(value, 2, SWEEP_FOLDS_MAX, &a->folds, err, errlen);
    case T_SHARD: {
        char i_s[16];
        const char *slash = strchr(value, '/');
        if (!slash || (size_t)(slash - value) >= sizeof i_s ||
            (snprintf(i_s, sizeof i_s, "%.*s", (int)(slash - value), value),
             hparams_integer(i_s, 1, SWEEP_CONFIGS_MAX, &a->shard_i) < 0) ||
            hparams_integer(slash + 1, 1, SWEEP_CONFIGS_MAX, &a->shard_n) < 0) {
            snprintf(err, errlen, "'%.60s' is not I/N (integers, 1 <= I <= N)", value);
            return -1;
        }
        if (a->shard_i > a->shard_n) {
            snprintf(err, errlen, "shard %ld of %ld: I goes from 1 to N", a->shard_i, a->shard_n);
            return -1;
        }
        return 0;
    }
    case T_MERGE: a->merge = 1; return 0;
    default: a->help = 1; return 0;
    }
}

static void usage(FILE *out)
{
    fputs("usage: descent tune [train's data and model options] [--lr LIST|RANGE]\n"
          "                    [--reg LIST|RANGE] [--hidden LIST] [--random K] [--folds K]\n"
          "                    [--shard I/N]\n"
          "       descent tune --merge FILES\n"
          "Trains one model per configuration (the grid of --lr x --reg, x --hidden for\n"
          "the net, or --random K drawn log-uniformly, sizes from the --hidden list),\n"
          "every one from the same initial weights and the same minibatch sequence\n"
          "(--seed), and judges it on the validation images (the last\n"
          "training ones, as descent train holds them out), or with --folds K on each of K\n"
          "folds of the training and validation images held out once (mean and spread).\n"
          "Prints '#' lines naming the sweep, one CSV row per configuration (columns named\n"
          "as descent train's keys), then the configuration with the best validation\n"
          "accuracy, trained again and evaluated once on the test set: the last line,\n"
          "key=value pairs. A configuration whose loss stops being finite is recorded\n"
          "(diverged=1) and the search goes on.\n\n"
          "--features NAME (--hog-cell, --hog-bins, --hue-bins): the features computed\n"
          "once before the search, standardized with the training images' statistics\n"
          "(with --folds, each fold with its own training part's); the feature models'\n"
          "defaults where --lr or --reg is not given; rows and last line say features=\n"
          "and dim=.\n\n"
          "Shards: --shard I/N runs every N-th configuration and writes only its rows;\n"
          "descent tune --merge FILES gives what one run would have printed.\n\n"
          "Live: --tui shows the heatmap of validation accuracy over lr x reg (a scatter\n"
          "for --random; [ ] pick the --hidden slice) filling in; arrows pick a cell (its\n"
          "numbers, loss curve and templates), Enter trains it in the panel (q there\n"
          "comes back), q quits and prints what headless prints for the configurations\n"
          "finished (the choice and its test only when all are).\n\n",
          out);
    cli_print_options(out, table);
    fputs("\nAll of descent train's data and model options apply (see descent train --help),\n"
          "but those of a single run (--save, --load, --gradcheck; --tui is tune's own);\n"
          "--opt gives the optimizer without lr=, and --hidden is tune's list (one size:\n"
          "--hidden 50).\n",
          out);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* tune's own options to targ, the rest (train's) to rest; "--" and what
 * follows stay train's. Both vectors hold argc entries. */
static void split_args(int argc, char **argv, char **targ, int *tn, char **rest, int *rn)
{
    *tn = *rn = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int k = -1;
        if (strncmp(a, "--", 2) == 0 && a[2]) {
            size_t len = strcspn(a + 2, "=");
            for (int j = 0; table[j].name && k < 0; j++)
                if (strlen(table[j].name) == len && strncmp(table[j].name, a + 2, len) == 0)
                    k = j;
        }
        if (strcmp(a, "--") == 0) {
            while (i < argc)
                rest[(*rn)++] = argv[i++];
            return;
        }
        if (k < 0) {
            rest[(*rn)++] = argv[i];
            continue;
        }
        targ[(*tn)++] = argv[i];
        if (table[k].arg && !strchr(a, '=') && i + 1 < argc)
            targ[(*tn)++] = argv[++i];
    }
}

/* The sweep: its settings, configurations and one row of text each. */
typedef struct {
    tune_args a;
    train_setup s;
    int opened;
    sweep_axis *lr, *reg;
    sweep_sizes hidden; /* with --hidden */
    sweep_point *points;
    long n;
    char **rows; /* per configuration, NULL until run or read */
    int argc;    /* the arguments naming the sweep (without --shard) */
    char **argv;
} sweep;

static void sweep_free(sweep *w)
{
    if (w->rows)
        for (long i = 0; i < w->n; i++)
            free(w->rows[i]);
    free(w->rows);
    free(w->points);
    free(w->lr);
    free(w->reg);
    free(w->argv);
    if (w->opened)
        train_setup_free(&w->s);
}

/* Parses the sweep's arguments and opens its data. Returns 0 or the exit status. */
static int sweep_open(sweep *w, int argc, char **argv)
{
    char **targ = calloc((size_t)argc + 1, sizeof *targ), **rest = calloc((size_t)argc + 1, sizeof *rest);
    w->argv = calloc((size_t)argc + 1, sizeof *w->argv);
    w->lr = malloc(sizeof *w->lr);
    w->reg = malloc(sizeof *w->reg);
    w->points = malloc(SWEEP_CONFIGS_MAX * sizeof *w->points);
    if (!targ || !rest || !w->argv || !w->lr || !w->reg || !w->points) {
        free(targ);
        free(rest);
        return cli_fail("out of memory");
    }
    int tn, rn, rc = 0;
    split_args(argc, argv, targ, &tn, rest, &rn);
    rc = cli_parse(table, tn, targ, on_option, &w->a);
    /* the settings a shard's header records: all but --shard */
    for (int i = 0; rc == 0 && i < argc; i++) {
        if (strncmp(argv[i], "--shard", 7) == 0 && (argv[i][7] == '\0' || argv[i][7] == '=')) {
            i += argv[i][7] == '\0';
            continue;
        }
        if (strchr(argv[i], '\n'))
            rc = cli_fail("an argument holding a line break cannot be recorded in the header");
        w->argv[w->argc++] = argv[i];
    }
    if (rc == 0 && !w->a.help && !w->a.merge) {
        cli_also_suggest(table); /* a typo of --folds reaches train's parser */
        rc = train_setup_open("tune", rn, rest, &w->s);
        w->opened = rc == 0;
    }
    free(targ);
    free(rest);
    return rc;
}

/* The configurations the options name. Returns 0 or the exit status. */
static int sweep_plan(sweep *w)
{
    char err[512], one[64];
    const train_config *c = &w->s.cfg;
    snprintf(one, sizeof one, "%g", c->opt.lr);
    if (sweep_axis_parse(w->a.lr_text ? w->a.lr_text : one, 1, w->lr, err, sizeof err) < 0)
        return cli_fail("--lr: %s", err);
    snprintf(one, sizeof one, "%g", c->reg);
    if (sweep_axis_parse(w->a.reg_text ? w->a.reg_text : one, 0, w->reg, err, sizeof err) < 0)
        return cli_fail("--reg: %s", err);
    const sweep_sizes *h = w->a.hidden_text ? &w->hidden : NULL;
    if (h && c->arch != MODEL_MLP)
        return cli_fail("--hidden is for the two-layer net: add --model mlp");
    if (h && sweep_sizes_parse(w->a.hidden_text, MLP_HIDDEN_MAX, &w->hidden, err, sizeof err) < 0)
        return cli_fail("--hidden: %s", err);
    if (w->a.random)
        w->n = h ? sweep_random_sizes(w->lr, w->reg, h, w->a.random, c->seed, w->points, err,
                                      sizeof err)
                 : sweep_random(w->lr, w->reg, w->a.random, c->seed, w->points, err, sizeof err);
    else
        w->n = h ? sweep_grid_sizes(w->lr, w->reg, h, w->points, err, sizeof err)
                 : sweep_grid(w->lr, w->reg, w->points, err, sizeof err);
    if (w->n < 0)
        return cli_fail("%s", err);
    size_t pool = w->s.train.n + w->s.val.n;
    if (w->a.folds && (size_t)w->a.folds > pool)
        return cli_fail("--folds %ld: more folds than the %zu training and validation images",
                        w->a.folds, pool);
    if (!w->a.folds && w->s.val.n == 0)
        return cli_fail("no validation images to judge by (--val 0): give --val N or --folds K");
    w->rows = calloc((size_t)w->n, sizeof *w->rows);
    if (!w->rows)
        return cli_fail("out of memory");
    return 0;
}

static int net(const sweep *w)
{
    return w->s.cfg.arch == MODEL_MLP;
}

/* The CSV column line: train's keys (hidden for the net), per-fold values. */
static void columns(const sweep *w, char *buf, size_t len)
{
    int n = snprintf(buf, len, "config,lr,reg%s,opt,loss,data_loss,reg_loss,train_acc,val_acc",
                     net(w) ? ",hidden" : "");
    if (w->a.folds) {
        n += snprintf(buf + n, len - (size_t)n, ",val_acc_sd");
        for (long f = 1; f <= w->a.folds; f++)
            n += snprintf(buf + n, len - (size_t)n, ",val_acc_%ld", f);
    }
    snprintf(buf + n, len - (size_t)n, ",features,dim,diverged,seconds");
}

/* The 0-based index of the column named name (one of columns'). */
static int column(const sweep *w, const char *name)
{
    char cols[TUNE_ROW_MAX];
    columns(w, cols, sizeof cols);
    int k = 0;
    size_t len = strlen(name);
    for (const char *p = cols; p; p = strchr(p, ','), p = p ? p + 1 : NULL, k++)
        if (strncmp(p, name, len) == 0 && (p[len] == ',' || p[len] == '\0'))
            return k;
    return -1;
}

static void print_header(const sweep *w, long shard_i, long shard_n)
{
    printf("# descent tune: every configuration starts from the same initial weights and sees "
           "the same minibatch sequence (seed %lu)\n",
           w->s.cfg.seed);
    for (int i = 0; i < w->argc; i++)
        printf("# arg: %s\n", w->argv[i]);
    char cols[TUNE_ROW_MAX];
    columns(w, cols, sizeof cols);
    printf("# configurations: %ld\n# shard: %ld/%ld\n%s\n", w->n, shard_i, shard_n, cols);
}

static train_config config_of(const sweep *w, long i)
{
    train_config c = w->s.cfg;
    c.opt.lr = w->points[i].lr;
    c.reg = w->points[i].reg;
    if (w->points[i].hidden)
        c.hidden = w->points[i].hidden;
    return c;
}

/* The field-th comma-separated value of row (0-based). */
/* Where field k of a row begins, or NULL. */
static const char *field_at(const char *row, int k)
{
    for (; k > 0 && row; k--)
        if ((row = strchr(row, ',')))
            row++;
    return row;
}

static double field(const char *row, int k)
{
    row = field_at(row, k);
    return row ? strtod(row, NULL) : 0;
}

/* What the live view shows of a run: its loss every iteration (thinned to
 * TUNEVIEW_CURVE points) and the rows of its first weight block as images
 * (only when the model reads the pixels: features are no picture). */
static void cell_keep(const sweep *w, const train_config *c, const trainer *t, long i,
                      tuneview_cell *cell)
{
    long n = t->iter < c->iters ? t->iter : c->iters;
    int m = n < TUNEVIEW_CURVE ? (int)n : TUNEVIEW_CURVE;
    for (int k = 0; k < m; k++) {
        long at = m > 1 ? (long)((double)k * (double)(n - 1) / (m - 1)) : 0;
        cell->curve_iter[k] = at + 1;
        cell->curve[k] = (float)t->loss[at];
    }
    cell->n_curve = m;
    cell->iters = t->iter;
    model_config mc = train_model_config(c, w->s.ds.classes, t->dim);
    model_block b[MODEL_BLOCKS_MAX];
    model_blocks(&mc, b);
    int rows = b[0].rows < TUNEVIEW_TEMPLATES ? b[0].rows : TUNEVIEW_TEMPLATES;
    cell->tmpl_of = mc.arch == MODEL_MLP ? "W1" : "W";
    if (i >= TUNEVIEW_KEEP_MAX || w->s.feat.cfg.kinds || t->dim != w->s.ds.dim ||
        b[0].cols < t->dim || !(cell->tmpl = malloc((size_t)rows * (size_t)t->dim)))
        return;
    for (int r = 0; r < rows; r++)
        trainview_template(t->w + b[0].offset + (size_t)r * (size_t)b[0].stride, t->dim,
                           cell->tmpl + (size_t)r * (size_t)t->dim);
    cell->n_tmpl = rows;
}

/* The view's numbers, read back from the row it printed: the CSV's, to the digit. */
static void cell_from_row(const sweep *w, const char *row, tuneview_cell *cell)
{
    int folds = (int)w->a.folds;
    const char *loss = field_at(row, column(w, "loss"));
    snprintf(cell->loss, sizeof cell->loss, "%.*s", loss ? (int)strcspn(loss, ",") : 0,
             loss ? loss : "");
    cell->train_acc = field(row, column(w, "train_acc"));
    cell->val_acc = field(row, column(w, "val_acc"));
    cell->val_sd = folds ? field(row, column(w, "val_acc_sd")) : NAN;
    cell->folds = folds;
    for (int f = 0; f < folds; f++) {
        char name[32];
        snprintf(name, sizeof name, "val_acc_%d", f + 1);
        cell->fold_acc[f] = field(row, column(w, name));
    }
    cell->diverged = field(row, column(w, "diverged")) != 0;
    cell->seconds = field(row, column(w, "seconds"));
}

/* A loss for the CSV: six decimals, as descent train prints it, or in
 * exponent form once that would run to many digits (a diverged run's last
 * finite loss can be 1e73). */
static void csv_loss(char *buf, size_t len, double x)
{
    snprintf(buf, len, fabs(x) < 1e9 ? "%.6f" : "%.6e", x);
}

/* Keeps configuration i's row: its result on each of the runs (the folds,
 * or the one validation split) and its seconds; with cell, the live view's
 * numbers read back from it, and nothing on stderr. Returns 0 or the exit
 * status (-1 with cell). */
static int keep_row(sweep *w, long i, const sweep_result *r, int runs, double seconds,
                    tuneview_cell *cell)
{
    char row[TUNE_ROW_MAX];
    train_config c = config_of(w, i);
    int folds = (int)w->a.folds, diverged = 0;
    double sum[5] = {0};
    for (int f = 0; f < runs; f++) {
        double v[5] = {r[f].loss, r[f].data_loss, r[f].reg_loss, r[f].train_acc, r[f].val_acc};
        for (int k = 0; k < 5; k++)
            sum[k] += v[k] / runs;
        diverged |= r[f].diverged;
    }
    char hidden[32] = "";
    if (net(w))
        snprintf(hidden, sizeof hidden, ",%d", c.hidden);
    char losses[3][32];
    for (int k = 0; k < 3; k++)
        csv_loss(losses[k], sizeof losses[k], sum[k]);
    int len = snprintf(row, sizeof row, "%ld,%g,%g%s,%s,%s,%s,%s,%.4f,%.4f", i, c.opt.lr, c.reg,
                       hidden, optim_name(c.opt.kind), losses[0], losses[1], losses[2], sum[3],
                       sum[4]);
    if (folds) {
        double ss = 0;
        for (int f = 0; f < folds; f++)
            ss += (r[f].val_acc - sum[4]) * (r[f].val_acc - sum[4]);
        len += snprintf(row + len, sizeof row - (size_t)len, ",%.4f", sqrt(ss / (folds - 1)));
        for (int f = 0; f < folds; f++)
            len += snprintf(row + len, sizeof row - (size_t)len, ",%.4f", r[f].val_acc);
    }
    snprintf(row + len, sizeof row - (size_t)len, ",%s,%d,%d,%.3f",
             features_name(w->s.feat.cfg.kinds), w->s.dim, diverged, seconds);
    if (!(w->rows[i] = strdup(row)))
        return cell ? -1 : cli_fail("out of memory");
    if (cell) {
        cell_from_row(w, row, cell);
        return 0;
    }
    fprintf(stderr, "tune: configuration %ld (%ld of %ld) lr %g reg %g%s%s val_acc %.4f%s\n", i,
            i + 1, w->n, c.opt.lr, c.reg, hidden[0] ? " hidden " : "", hidden[0] ? hidden + 1 : "",
            sum[4], diverged ? " (diverged)" : "");
    return 0;
}

/* What fold f of folds trains and validates on (without folds: the train
 * and val split), into fd's copies; with features, standardized with the
 * fold's training part's statistics. Returns 0, or -1 when out of memory
 * (fd freed). */
static int fold_data(sweep *w, int folds, int f, sweep_fold_data *fd, const linear_data **tr,
                     const linear_data **va)
{
    *tr = &w->s.train;
    *va = &w->s.val;
    if (!folds)
        return 0;
    if (sweep_fold_make(&w->s.train, &w->s.val, w->s.dim, folds, f, fd) < 0 ||
        (w->s.feat.cfg.kinds && sweep_fold_standardize(fd, w->s.dim) < 0)) {
        sweep_fold_free(fd);
        return -1;
    }
    *tr = &fd->train;
    *va = &fd->val;
    return 0;
}

/* Trains the configurations ids[0..n) together (sweep_train_shared), on
 * each fold in turn, and keeps their rows; each row's seconds are its share
 * of the time. Returns 0 or the exit status. */
static int run_pass(sweep *w, const long *ids, int n)
{
    char err[512];
    int folds = (int)w->a.folds, runs = folds ? folds : 1;
    train_config cfgs[SWEEP_PASS_MODELS];
    sweep_result res[SWEEP_PASS_MODELS][SWEEP_FOLDS_MAX], r[SWEEP_PASS_MODELS];
    double t0 = now();
    for (int j = 0; j < n; j++)
        cfgs[j] = config_of(w, ids[j]);
    for (int f = 0; f < runs; f++) {
        sweep_fold_data fd = {0};
        const linear_data *tr, *va;
        if (fold_data(w, folds, f, &fd, &tr, &va) < 0)
            return cli_fail("out of memory for the folds");
        int rc = sweep_train_shared(cfgs, n, w->s.ds.classes, w->s.dim, tr, va, r, err,
                                    sizeof err);
        sweep_fold_free(&fd);
        if (rc < 0)
            return cli_fail("%s", err);
        for (int j = 0; j < n; j++)
            res[j][f] = r[j];
    }
    double share = (now() - t0) / n;
    for (int j = 0; j < n; j++) {
        int rc = keep_row(w, ids[j], res[j], runs, share, NULL);
        if (rc)
            return rc;
    }
    return 0;
}

/* Trains configuration i alone for the live view, on each fold: its
 * progress and stop through live, the first fold's curve and templates and
 * the row's numbers into cell. The same numbers as a shared pass (bit for
 * bit, sweep_train_shared says; the screen test compares them). Returns 0,
 * 1 when stopped, or -1 with a message. */
static int train_one(sweep *w, long i, tuneview_live *live, tuneview_cell *cell, char *err,
                     size_t errlen)
{
    train_config c = config_of(w, i);
    int folds = (int)w->a.folds, runs = folds ? folds : 1;
    sweep_result r[SWEEP_FOLDS_MAX];
    double t0 = now();
    for (int f = 0; f < runs; f++) {
        sweep_fold_data fd = {0};
        const linear_data *tr, *va;
        if (fold_data(w, folds, f, &fd, &tr, &va) < 0) {
            snprintf(err, errlen, "out of memory for the folds");
            return -1;
        }
        atomic_store(&live->fold, f);
        trainer t;
        int rc = sweep_train_watched(&c, w->s.ds.classes, w->s.dim, tr, va, &r[f],
                                     f == 0 ? &t : NULL, tuneview_watch, live, err, errlen);
        if (f == 0 && rc >= 0) {
            if (rc == 0)
                cell_keep(w, &c, &t, i, cell);
            trainer_free(&t);
        }
        sweep_fold_free(&fd);
        if (rc != 0)
            return rc;
    }
    if (keep_row(w, i, r, runs, now() - t0, cell) != 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    return 0;
}

/* The best row by its printed val_acc, not diverged; the first of equals. -1: none. */
static long choose(const sweep *w)
{
    long best = -1;
    int acc_col = column(w, "val_acc"), diverged_col = column(w, "diverged");
    double best_acc = -1;
    for (long i = 0; i < w->n; i++) {
        double acc = field(w->rows[i], acc_col);
        if (field(w->rows[i], diverged_col) == 0 && acc > best_acc) {
            best = i;
            best_acc = acc;
        }
    }
    return best;
}

/* The closing lines: the choice, trained again on the training images, and
 * its single look at the test set. Returns 0 or the exit status. */
static int finish(sweep *w)
{
    long best = choose(w);
    if (best < 0) {
        printf("# every configuration diverged: none chosen, the test set not used\n"
               "chosen=none configurations=%ld\n", w->n);
        return 0;
    }
    char err[512];
    train_config c = config_of(w, best);
    trainer t;
    sweep_result r;
    if (sweep_train(&c, w->s.ds.classes, w->s.dim, &w->s.train, &w->s.val, &r, &t, err,
                    sizeof err) < 0)
        return cli_fail("%s", err);
    double test_acc = w->s.test.n ? trainer_evaluate(&t, &w->s.test, NULL) : NAN;
    trainer_free(&t);
    printf("# chosen by validation, evaluated once on test\n");
    printf("config=%ld lr=%g reg=%g opt=%s val_acc=%.4f test_acc=%.4f test_images=%zu "
           "configurations=%ld",
           best, c.opt.lr, c.reg, optim_name(c.opt.kind),
           field(w->rows[best], column(w, "val_acc")), test_acc, w->s.test.n, w->n);
    if (net(w))
        printf(" hidden=%d", c.hidden);
    printf(" features=%s dim=%d\n", features_name(w->s.feat.cfg.kinds), w->s.dim);
    return 0;
}

/* ---- descent tune --tui ---- */

static int tui_run(void *ctx, long i, tuneview_live *live, tuneview_cell *cell, char *err,
                   size_t errlen)
{
    return train_one(ctx, i, live, cell, err, errlen);
}

/* The training panel's settings for configuration i: its lr and reg, the
 * rest as the sweep's (the panel trains on the train / validation split). */
static void tui_panel(void *ctx, long i, worker_config *wc)
{
    sweep *w = ctx;
    memset(wc, 0, sizeof *wc);
    wc->cfg = config_of(w, i);
    for (int k = 0; k < OPTIM_COUNT; k++) {
        wc->race_opt[k] = optim_defaults((optim_kind)k);
        wc->race_opt[k].lr = train_default_lr(wc->cfg.arch, (optim_kind)k, w->s.ds.name);
    }
    wc->race_opt[wc->cfg.opt.kind] = wc->cfg.opt;
    wc->limit = wc->cfg.iters;
    wc->paused = wc->cfg.iters == 0;
    wc->classes = w->s.ds.classes;
    wc->dim = w->s.dim;
    wc->train = w->s.train;
    wc->val = w->s.val;
    wc->ds = &w->s.ds;
    wc->features = w->s.feat.cfg.kinds ? &w->s.fs : NULL;
}

/* What --tui refuses, before any data is computed. Returns 0 or the exit status. */
static int tui_check(const sweep *w)
{
    if (w->a.shard_n)
        return cli_fail("--tui shows the whole sweep: run shards headless (no --shard)");
    const char *why = cli_no_terminal_beside();
    if (why)
        return cli_fail("--tui needs a terminal (%s): without --tui the rows go to stdout", why);
    return 0;
}

/* With --hidden, each size is a slice of the map: configuration i's, and the names. */
typedef struct {
    int *of;
    char names[SWEEP_SIZES_MAX][24];
    const char *name[SWEEP_SIZES_MAX];
} tui_slices;

static int tui_slices_make(const sweep *w, tui_slices *sl)
{
    int n = w->a.hidden_text ? w->hidden.n : 1;
    if (!(sl->of = calloc((size_t)w->n, sizeof *sl->of)))
        return -1;
    for (int k = 0; k < n; k++) {
        if (w->a.hidden_text)
            snprintf(sl->names[k], sizeof sl->names[k], "hidden %d", w->hidden.v[k]);
        sl->name[k] = sl->names[k];
    }
    for (long i = 0; i < w->n && w->a.hidden_text; i++)
        for (int k = 0; k < n; k++)
            if (w->points[i].hidden == w->hidden.v[k])
                sl->of[i] = k;
    return n;
}

/* The sweep on screen; on q, what headless prints for the configurations
 * finished (the closing choice only when all are). Returns 0 or the exit status. */
static int tune_tui(sweep *w)
{
    tui_slices sl;
    int n_slices = tui_slices_make(w, &sl);
    if (n_slices < 0)
        return cli_fail("out of memory");
    char title[256], err[512], on[48] = "", why[96] = "";
    if (w->s.feat.cfg.kinds)
        snprintf(why, sizeof why, "templates: none, the model reads %s features",
                 features_name(w->s.feat.cfg.kinds));
    const train_config *c = &w->s.cfg;
    if (!w->a.folds)
        snprintf(on, sizeof on, "%zu images", w->s.val.n);
    int len = w->a.random ? snprintf(title, sizeof title, "descent tune: %ld random configurations", w->n)
              : n_slices > 1 ? snprintf(title, sizeof title, "descent tune: %d x %d x %d grid",
                                        w->lr->n, w->reg->n, n_slices)
                             : snprintf(title, sizeof title, "descent tune: %d x %d grid", w->lr->n,
                                        w->reg->n);
    snprintf(title + len, sizeof title - (size_t)len,
             " of lr x reg%s, %s, %ld iterations, validation accuracy%s%s (seed %lu: one W0, "
             "one minibatch order)",
             n_slices > 1 ? " x hidden" : "", optim_name(c->opt.kind), c->iters,
             w->a.folds ? " over folds" : " on ", on, c->seed);
    tuneview_config tc = {
        .title = title, .n = w->n, .points = w->points, .lr = w->lr, .reg = w->reg,
        .random = w->a.random > 0, .folds = (int)w->a.folds, .iters = c->iters,
        .n_slices = n_slices, .slice_of = sl.of, .slice_name = sl.name,
        .no_templates = why[0] ? why : NULL,
        .ds = &w->s.ds, .dim = w->s.ds.dim, .theme = w->a.theme, .run = tui_run,
        .panel = tui_panel, .ctx = w,
    };
    long done = 0;
    int failed = tuneview_run(&tc, &done, err, sizeof err) < 0;
    free(sl.of);
    print_header(w, 1, 1);
    for (long i = 0; i < done; i++)
        printf("%s\n", w->rows[i]);
    if (failed)
        return cli_fail("%s", err);
    if (done == w->n)
        return finish(w);
    printf("# stopped at q: %ld of %ld configurations done; none chosen, the test set not used\n"
           "chosen=none configurations=%ld done=%ld\n",
           done, w->n, w->n, done);
    return 0;
}

static int tune_run(int argc, char **argv)
{
    sweep w = {0};
    int rc = sweep_open(&w, argc, argv);
    if (rc == 0 && w.a.help)
        usage(stdout);
    if (rc || w.a.help || (rc = sweep_plan(&w)) != 0) {
        sweep_free(&w);
        return rc;
    }
    if (w.a.tui && (rc = tui_check(&w)) != 0) {
        sweep_free(&w);
        return rc;
    }
    train_setup_describe(&w.s);
    if ((rc = train_setup_features(&w.s)) != 0) {
        sweep_free(&w);
        return rc;
    }
    if (w.a.tui) {
        rc = tune_tui(&w);
        sweep_free(&w);
        return rc;
    }
    long si = w.a.shard_n ? w.a.shard_i : 1, sn = w.a.shard_n ? w.a.shard_n : 1;
    print_header(&w, si, sn);
    fflush(stdout);
    /* this shard's configurations, SWEEP_PASS_MODELS at a time in one pass */
    for (long i = si - 1; rc == 0 && i < w.n && !output_failed();) {
        long ids[SWEEP_PASS_MODELS];
        int n = 0;
        for (; n < SWEEP_PASS_MODELS && i < w.n; i += sn)
            ids[n++] = i;
        rc = run_pass(&w, ids, n);
        for (int j = 0; rc == 0 && j < n; j++)
            printf("%s\n", w.rows[ids[j]]);
        fflush(stdout);
    }
    if (rc == 0 && sn == 1)
        rc = finish(&w);
    sweep_free(&w);
    return rc;
}

/* One shard file as read: its header and its rows' lines. */
typedef struct {
    const char *path;
    char *text;
    char **args;
    int nargs;
    long configs, si, sn;
    const char *columns; /* the CSV header line */
} shard_file;

/* Reads a file's header: NUL-terminates its lines in place. Returns 0 or the exit status. */
static int shard_read(shard_file *f)
{
    char err[1024];
    size_t len;
    if (infile_read(f->path, TUNE_FILE_MAX, &f->text, &len, err, sizeof err) < 0)
        return cli_fail("%s", err);
    if (strlen(f->text) != len)
        return cli_fail("%s: a NUL byte: not a descent tune output", f->path);
    f->args = calloc(len / 8 + 1, sizeof *f->args);
    if (!f->args)
        return cli_fail("out of memory");
    long line = 0;
    for (char *p = f->text; *p && !f->columns;) {
        char *nl = strchr(p, '\n');
        line++;
        if (!nl)
            return cli_fail("%s:%ld: the header ends without its column line", f->path, line);
        *nl = '\0';
        if (strncmp(p, "# arg: ", 7) == 0)
            f->args[f->nargs++] = p + 7;
        else if (sscanf(p, "# configurations: %ld", &f->configs) == 1 ||
                 sscanf(p, "# shard: %ld/%ld", &f->si, &f->sn) == 2 || strncmp(p, "# ", 2) == 0)
            ;
        else if (strncmp(p, "config,", 7) == 0)
            f->columns = p;
        else
            return cli_fail("%s:%ld: not a descent tune header line", f->path, line);
        p = nl + 1;
    }
    if (!f->columns || f->configs < 1 || f->sn < 1 || f->si < 1 || f->si > f->sn)
        return cli_fail("%s: not a descent tune output (no complete header)", f->path);
    return 0;
}

static int same_sweep(const shard_file *a, const shard_file *b)
{
    if (a->nargs != b->nargs || a->configs != b->configs || a->sn != b->sn ||
        strcmp(a->columns, b->columns))
        return 0;
    for (int i = 0; i < a->nargs; i++)
        if (strcmp(a->args[i], b->args[i]))
            return 0;
    return 1;
}

static int fields(const char *line)
{
    int n = 1;
    for (; *line; line++)
        n += *line == ',';
    return n;
}

/* Whether row (configuration i's, as many fields as columns) is one tune
 * wrote for this sweep: it starts with i's lr, reg (hidden) and optimizer,
 * and every field but opt and features is a number. Returns 0, or -1 with
 * what is wrong in err. */
static int row_check(const sweep *w, long i, const char *row, const char *columns, char *err,
                     size_t errlen)
{
    train_config c = config_of(w, i);
    char want[256], hidden[32] = "";
    if (net(w))
        snprintf(hidden, sizeof hidden, ",%d", c.hidden);
    int n = snprintf(want, sizeof want, "%ld,%g,%g%s,%s,", i, c.opt.lr, c.reg, hidden,
                     optim_name(c.opt.kind));
    if (strncmp(row, want, (size_t)n) != 0) {
        snprintf(err, errlen, "configuration %ld is not the one the header's settings make "
                 "(they make '%.*s')", i, n - 1, want);
        return -1;
    }
    for (const char *col = columns; row;) {
        size_t len = strcspn(row, ","), clen = strcspn(col, ",");
        int text = (clen == 3 && strncmp(col, "opt", 3) == 0) ||
                   (clen == 8 && strncmp(col, "features", 8) == 0);
        char *end = NULL;
        if (!text && (len == 0 || (strtod(row, &end), end != row + len))) {
            snprintf(err, errlen, "%.*s '%.*s' is not a number", (int)clen, col,
                     len > 40 ? 40 : (int)len, row);
            return -1;
        }
        row = row[len] ? row + len + 1 : NULL;
        col += clen + (col[clen] != '\0');
    }
    return 0;
}

/* The rows of f into w. Returns 0 or the exit status. */
static int shard_rows(sweep *w, const shard_file *f)
{
    long line = 0;
    char *p = (char *)f->columns + strlen(f->columns) + 1;
    for (const char *q = f->text; q < f->columns; q++)
        line += *q == '\0';
    line++;
    while (*p) {
        char *nl = strchr(p, '\n'), *end;
        line++;
        if (nl)
            *nl = '\0';
        /* a whole sweep's output ends with its choice: not rows */
        if (*p == '#' || strncmp(p, "config=", 7) == 0 || strncmp(p, "chosen=", 7) == 0) {
            if (!nl)
                break;
            p = nl + 1;
            continue;
        }
        long i = strtol(p, &end, 10);
        if (end == p || *end != ',' || i < 0 || i >= w->n || strlen(p) >= TUNE_ROW_MAX)
            return cli_fail("%s:%ld: not a configuration's row", f->path, line);
        /* every row is written whole with its line break: one cut short is not merged */
        if (fields(p) != fields(f->columns))
            return cli_fail("%s:%ld: a row of %d fields, the header has %d (a truncated file?)",
                            f->path, line, fields(p), fields(f->columns));
        if (!nl)
            return cli_fail("%s:%ld: the row ends without its line break (a truncated file?)",
                            f->path, line);
        char why[256];
        if (row_check(w, i, p, f->columns, why, sizeof why) < 0)
            return cli_fail("%s:%ld: %s", f->path, line, why);
        if (i % f->sn != f->si - 1)
            return cli_fail("%s:%ld: configuration %ld is not shard %ld/%ld's", f->path,
                            line, i, f->si, f->sn);
        if (w->rows[i])
            return cli_fail("%s:%ld: configuration %ld twice", f->path, line, i);
        if (!(w->rows[i] = strdup(p)))
            return cli_fail("out of memory");
        if (!nl)
            break;
        p = nl + 1;
    }
    for (long i = f->si - 1; i < w->n; i += f->sn)
        if (!w->rows[i])
            return cli_fail("%s: shard %ld/%ld lacks configuration %ld (an unfinished run?)",
                            f->path, f->si, f->sn, i);
    return 0;
}

static int tune_merge(const tune_args *a)
{
    if (a->n_files == 0)
        return cli_fail("--merge needs the shard files");
    shard_file *f = calloc((size_t)a->n_files, sizeof *f);
    sweep w = {0};
    int rc = f ? 0 : cli_fail("out of memory");
    for (int k = 0; rc == 0 && k < a->n_files; k++) {
        f[k].path = a->files[k];
        rc = shard_read(&f[k]);
        if (rc == 0 && !same_sweep(&f[0], &f[k]))
            rc = cli_fail("%s: a shard of another sweep than %s (its header names other "
                          "settings)", f[k].path, f[0].path);
        for (int j = 0; rc == 0 && j < k; j++)
            if (f[j].si == f[k].si)
                rc = cli_fail("%s: shard %ld/%ld again (also %s)", f[k].path, f[k].si,
                              f[k].sn, f[j].path);
    }
    if (rc == 0 && a->n_files != f[0].sn)
        rc = cli_fail("%d of the %ld shards given: a merge needs them all", a->n_files,
                      f[0].sn);
    if (rc == 0)
        rc = sweep_open(&w, f[0].nargs, f[0].args);
    if (rc == 0 && (w.a.merge || w.a.shard_n))
        rc = cli_fail("%s: its header records --merge or --shard", f[0].path);
    if (rc == 0)
        rc = sweep_plan(&w);
    if (rc == 0 && w.n != f[0].configs)
        rc = cli_fail("%s: %ld configurations in its header, its settings make %ld",
                      f[0].path, f[0].configs, w.n);
    char cols[TUNE_ROW_MAX];
    if (rc == 0 && (columns(&w, cols, sizeof cols), strcmp(cols, f[0].columns)))
        rc = cli_fail("%s: its columns are not those its settings make (another "
                      "version's output?)", f[0].path);
    for (int k = 0; rc == 0 && k < a->n_files; k++)
        rc = shard_rows(&w, &f[k]);
    if (rc == 0) {
        train_setup_describe(&w.s);
        rc = train_setup_features(&w.s);
    }
    if (rc == 0) {
        print_header(&w, 1, 1);
        for (long i = 0; i < w.n; i++)
            printf("%s\n", w.rows[i]);
        rc = finish(&w);
    }
    sweep_free(&w);
    for (int k = 0; f && k < a->n_files; k++) {
        free(f[k].text);
        free(f[k].args);
    }
    free(f);
    return rc;
}

int tune_main(int argc, char **argv)
{
    tune_args a = {0};
    for (int i = 0; i < argc && strcmp(argv[i], "--"); i++)
        a.merge |= strcmp(argv[i], "--merge") == 0;
    if (!a.merge)
        return tune_run(argc, argv);
    int rc = cli_parse(table, argc, argv, on_option, &a);
    if (rc)
        return rc;
    if (a.help) {
        usage(stdout);
        return 0;
    }
    if (a.lr_text || a.reg_text || a.hidden_text || a.random || a.folds || a.shard_n || a.tui)
        return cli_fail("--merge takes the settings from the files' headers: give only the files");
    return tune_merge(&a);
}
