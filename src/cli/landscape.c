/* descent landscape: the real model's loss on a plane through its weights,
 * with the optimizers' paths projected onto it. Headless: the grid as CSV,
 * the plane's directions as CSV, the paths as CSV, the picture as SVG. */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/hparams.h"
#include "../core/landpath.h"
#include "../core/landscape.h"
#include "../core/train.h"
#include "../core/model.h"
#include "../data/checkpoint.h"
#include "../data/dataset.h"
#include "../data/outfile.h"
#include "../scene/scene.h"
#include "../tui/explorer.h"
#include "../tui/landview.h"
#include "../tui/svg.h"
#include "commands.h"
#include "config.h"
#include "options.h"
#include "trainopts.h"

/* Points recorded per racer's path (plus its start): plenty for a map,
 * and what pca sees of the trajectory. */
#define PATH_POINTS 50
/* Slots: one per optimizer kind (its colour), then L-BFGS. */
#define SLOT_LBFGS OPTIM_COUNT
#define SLOTS (OPTIM_COUNT + 1)

enum {
    O_DATA, O_DATASET, O_MODEL, O_LOAD, O_REG, O_PENALTY, O_SEED, O_TRAIN, O_VAL, O_IMAGES,
    O_PLANE, O_GRID, O_SPAN, O_CENTRE, O_OPT, O_ITERS, O_BATCH, O_LBFGS, O_CSV, O_SLICE,
    O_DIRECTIONS, O_PATHS, O_SVG, O_THEME, O_SCENE, O_HELP
};

static const cli_option table[] = {
    [O_DATA] = {"data", "DIR", "CIFAR-10 (binary or python layout) or IDX files in DIR"},
    [O_DATASET] = {"dataset", "NAME", "cifar10, fashion-mnist or synthetic (default: search)"},
    [O_MODEL] = {"model", "M", "svm or softmax (default: the --load file's, else svm)"},
    [O_LOAD] = {"load", "FILE", "centre W0: a saved model (default: train's W = 1e-4 randn)"},
    [O_REG] = {"reg", "R", "regularization strength (default: train's for the data)"},
    [O_PENALTY] = {"penalty", "P", "l2, l1 or elastic (default l2)"},
    [O_SEED] = {"seed", "S", "seed of W0, the minibatches and the random plane (default 1)"},
    [O_TRAIN] = {"train", "N", "training images (default 49000)"},
    [O_VAL] = {"val", "N", "validation images, the last training ones (default 1000)"},
    [O_IMAGES] = {"images", "N", "the objective over the first N training images (default all)"},
    [O_PLANE] = {"plane", "KIND", "random, pca or between A B (default random)"},
    [O_GRID] = {"grid", "N", "N x N points (default 21; at most 999)"},
    [O_SPAN] = {"span", "S", "the grid covers centre +- S on both axes (default: see above)"},
    [O_CENTRE] = {"centre", "A,B", "the grid's centre on the plane (default: see above)"},
    [O_OPT] = {"opt", "SPEC", "a racer, as in train (repeat it; default all six)", 1},
    [O_ITERS] = {"iters", "N", "the racers' iterations (default 100)"},
    [O_BATCH] = {"batch", "B", "the racers' minibatch size (default 200)"},
    [O_LBFGS] = {"lbfgs", "N", "add the full-batch L-BFGS reference path, at most N iterations"},
    [O_CSV] = {"csv", NULL, "print the grid: a,b,loss,data_loss,reg_loss,acc"},
    [O_SLICE] = {"slice", NULL, "print the 1-D slice W0 + t D1, t in -0.5..1.5: t,loss,..."},
    [O_DIRECTIONS] = {"directions", "FILE", "write W0, D1, D2 (and the mean image) as CSV"},
    [O_PATHS] = {"paths", "FILE", "write the racers' projected paths as CSV"},
    [O_SVG] = {"svg", "FILE", "write the map with the paths as SVG"},
    [O_THEME] = {"theme", "NAME", "colours of the SVG (see descent --help)"},
    [O_SCENE] = {"scene", "FILE", "a scene's [landscape] options and captions (a file or a name)"},
    [O_HELP] = {"help", NULL, "show this help"},
    {0},
};

typedef enum { PLANE_RANDOM, PLANE_PCA, PLANE_BETWEEN } plane_kind;

typedef struct {
    const char *data, *dataset, *load, *directions, *paths, *svg;
    theme_id theme;
    train_config cfg;
    int model_given, reg_given, help, csv, slice;
    plane_kind plane;
    const char *ends[2]; /* between: racer names or saved models */
    int n_ends;
    long grid, n_train, n_val, n_images, lbfgs;
    double span, centre[2];
    int span_given, centre_given;
    optim_params opt[OPTIM_COUNT];
    unsigned opt_set, lr_given;
    scene *lesson;           /* --scene's: its title and captions */
    char lesson_path[1024];
    char ends_buf[2][SCENE_TEXT_MAX]; /* a scene's between A B */
    int dataset_from_scene;  /* --data then replaces the scene's dataset */
} ls_args;

/* One racer: its recorded weights and where they fall on the plane. */
typedef struct {
    int used;
    char label[HPARAMS_LABEL_MAX];
    optim_params opt;
    size_t n, cap;
    long *iter;
    double *w;    /* n x params */
    landpath_end end;
    size_t params;
} track;

static int set_opt(ls_args *a, const char *value, char *err, size_t errlen)
{
    hparams_spec spec;
    if (hparams_parse(value, &spec, err, errlen) < 0)
        return -1;
    if (spec.p.kind == OPTIM_BFGS) {
        snprintf(err, errlen, "bfgs is a surface reference path; here --lbfgs N adds L-BFGS");
        return -1;
    }
    if (hparams_validate(&spec.p, err, errlen) < 0)
        return -1;
    if (a->opt_set & (1u << spec.p.kind)) {
        snprintf(err, errlen, "%s given twice: one racer per optimizer",
                 optim_name(spec.p.kind));
        return -1;
    }
    if (train_spec_sets_lr(value))
        a->lr_given |= 1u << spec.p.kind;
    a->opt_set |= 1u << spec.p.kind;
    a->opt[spec.p.kind] = spec.p;
    return 0;
}

static int on_plane(ls_args *a, const char *value, char *err, size_t errlen)
{
    if (strcmp(value, "random") == 0)
        a->plane = PLANE_RANDOM;
    else if (strcmp(value, "pca") == 0)
        a->plane = PLANE_PCA;
    else if (strcmp(value, "between") == 0)
        a->plane = PLANE_BETWEEN;
    else {
        snprintf(err, errlen, "'%s' is not random, pca or between", value);
        return -1;
    }
    return 0;
}

static int apply_scene(ls_args *a, const char *name, char *err, size_t errlen);

static int on_option(void *ctx, int index, const char *value, char *err, size_t errlen)
{
    ls_args *a = ctx;
    long v;
    char q[CLI_QUOTE_SIZE];
    switch (index) {
    case -1:
        if (a->plane == PLANE_BETWEEN && a->n_ends < 2) {
            a->ends[a->n_ends++] = value;
            return 0;
        }
        cli_unexpected(value, err, errlen);
        return -1;
    case O_DATA:
        a->data = value;
        if (a->dataset_from_scene)
            a->dataset = NULL;
        return 0;
    case O_DATASET:
        a->dataset_from_scene = 0;
        return train_parse_dataset(value, &a->dataset, err, errlen);
    case O_MODEL:
        a->model_given = 1;
        if (strcmp(value, "mlp") == 0) {
            a->cfg.arch = MODEL_MLP;
            a->cfg.model = train_defaults_table()->loss[MODEL_MLP];
        } else if (model_loss_from_name(value) >= 0) {
            a->cfg.arch = MODEL_LINEAR;
            a->cfg.model = (linear_model)model_loss_from_name(value);
        } else {
            snprintf(err, errlen, "%s is not svm, softmax or mlp", cli_quote(value, q, sizeof q));
            return -1;
        }
        return 0;
    case O_LOAD: a->load = value; return 0;
    case O_REG:
        a->reg_given = 1;
        return train_parse_reg(value, &a->cfg.reg, err, errlen);
    case O_PENALTY: return train_parse_penalty(value, &a->cfg.reg_kind, err, errlen);
    case O_SEED:
        if (cli_integer(value, 0, 2147483647L, &v, err, errlen) < 0)
            return -1;
        a->cfg.seed = (unsigned long)v;
        return 0;
    case O_TRAIN: return cli_integer(value, 0, 100000000, &a->n_train, err, errlen);
    case O_VAL: return cli_integer(value, 0, 100000000, &a->n_val, err, errlen);
    case O_IMAGES: return cli_integer(value, 1, 100000000, &a->n_images, err, errlen);
    case O_PLANE: return on_plane(a, value, err, errlen);
    case O_GRID:
        if (hparams_integer(value, 1, 100000000, &a->grid) < 0 ||
            a->grid * a->grid > LANDSCAPE_POINTS_MAX) {
            snprintf(err, errlen, "%s is not N from 1 to 999 (N x N points, under 10^6)",
                     cli_quote(value, q, sizeof q));
            return -1;
        }
        return 0;
    case O_SPAN:
        if (hparams_number(value, &a->span) < 0 || !(a->span > 0)) {
            snprintf(err, errlen, "%s is not a number > 0", cli_quote(value, q, sizeof q));
            return -1;
        }
        a->span_given = 1;
        return 0;
    case O_CENTRE: {
        char buf[64], *comma;
        snprintf(buf, sizeof buf, "%s", value);
        comma = strchr(buf, ',');
        if (comma)
            *comma = 0;
        if (!comma || hparams_number(buf, &a->centre[0]) < 0 ||
            hparams_number(comma + 1, &a->centre[1]) < 0) {
            snprintf(err, errlen, "%s is not A,B (two numbers)", cli_quote(value, q, sizeof q));
            return -1;
        }
        a->centre_given = 1;
        return 0;
    }
    case O_OPT: return set_opt(a, value, err, errlen);
    case O_ITERS: return cli_integer(value, 0, 1000000, &a->cfg.iters, err, errlen);
    case O_BATCH:
        if (cli_integer(value, 1, 100000, &v, err, errlen) < 0)
            return -1;
        a->cfg.batch = (int)v;
        return 0;
    case O_LBFGS: return cli_integer(value, 0, 10000, &a->lbfgs, err, errlen);
    case O_CSV: a->csv = 1; return 0;
    case O_SLICE: a->slice = 1; return 0;
    case O_DIRECTIONS: a->directions = value; return 0;
    case O_PATHS: a->paths = value; return 0;
    case O_SVG: a->svg = value; return 0;
    case O_THEME: return theme_parse(value, &a->theme, err, errlen);
    case O_SCENE: return apply_scene(a, value, err, errlen);
    case O_HELP: a->help = 1; return 0;
    }
    return 0;
}

/* --scene: the scene's [landscape] keys as the options they name, in order,
 * each error located at its line. */
static int apply_scene(ls_args *a, const char *name, char *err, size_t errlen)
{
    if (a->lesson) {
        snprintf(err, errlen, "one --scene at a time");
        return -1;
    }
    if (scene_locate(name, a->lesson_path, sizeof a->lesson_path, err, errlen) < 0)
        return -1;
    scene *sc = malloc(sizeof *sc);
    if (!sc) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    int rc = scene_load_landscape(a->lesson_path, sc, err, errlen);
    if (rc == 1)
        snprintf(err, errlen, "%s: not a landscape scene (it has no [landscape] section)",
                 a->lesson_path);
    if (rc != 0) {
        free(sc);
        return -1;
    }
    a->lesson = sc;
    const scene_landscape *d = &sc->land;
    char why[512];
    for (int k = 0; k < d->nkeys; k++) {
        int index = 0;
        while (table[index].name && strcmp(table[index].name, d->key[k]) != 0)
            index++;
        const char *value = d->value[k];
        int bad = !table[index].name;
        if (!bad && index == O_PLANE && strncmp(value, "between", 7) == 0 &&
            sscanf(value + 7, "%255s %255s", a->ends_buf[0], a->ends_buf[1]) == 2) {
            bad = on_option(a, O_PLANE, "between", why, sizeof why) < 0 ||
                  on_option(a, -1, a->ends_buf[0], why, sizeof why) < 0 ||
                  on_option(a, -1, a->ends_buf[1], why, sizeof why) < 0;
        } else if (!bad) {
            bad = on_option(a, index, value, why, sizeof why) < 0;
        } else {
            snprintf(why, sizeof why, "'%s' is no option of descent landscape", d->key[k]);
        }
        if (bad && table[index].name) /* the key named, as --KEY is on the command line */
            snprintf(err, errlen, "%s:%ld: %s: %s", a->lesson_path, d->line[k], d->key[k], why);
        else if (bad)
            snprintf(err, errlen, "%s:%ld: %s", a->lesson_path, d->line[k], why);
        if (bad) {
            return -1;
        }
        if (index == O_DATASET)
            a->dataset_from_scene = 1;
    }
    return 0;
}

static void usage(FILE *out)
{
    fputs("usage: descent landscape [--data DIR | --dataset NAME] [--model svm|softmax]\n"
          "                         [--load FILE] [--plane random|pca|between A B]\n"
          "                         [--grid N] [--span S] [--centre A,B] [--opt SPEC]...\n"
          "                         [--iters N] [--lbfgs N] [--csv | --slice]\n"
          "                         [--directions FILE] [--paths FILE] [--svg FILE]\n"
          "The exact training objective (data loss + regularization over the training\n"
          "images, or the first --images N) on the plane W0 + a D1 + b D2 through the\n"
          "centre W0, and the racers (the optimizers from W0 on the same minibatches)\n"
          "projected onto it with their distance from it. Planes:\n"
          "  random   two Gaussian directions from --seed, filter-normalized: each class\n"
          "           row rescaled to that row's norm in W0, the biases zeroed;\n"
          "           default grid centre 0,0 and span 1\n"
          "  pca      the first two principal components of the first racer's path (the\n"
          "           variance they explain on stderr); the grid frames the paths\n"
          "  between A B  D1 = A - W0, D2 = B - W0, so (1,0) is A and (0,1) is B; A and B\n"
          "           are racers (sgd, adam, ..., lbfgs) or saved models (--save of train);\n"
          "           default centre 0.5,0.5 and span 1: -0.5..1.5 on both axes\n"
          "--csv prints a,b,loss,data_loss,reg_loss,acc rows (b outer, a inner, %.17g).\n"
          "--directions writes index,block,row,col,w0,d1,d2,mean: one row per parameter in\n"
          "the model's flat order, naming its block (W, b: the linear model's entry\n"
          "class * (D + 1) + feature, its bias at feature D; W1, b1, W2, b2: the net's,\n"
          "each row-major) and mean, for the first block, the mean image's value\n"
          "subtracted from feature col (0 elsewhere). --paths writes\n"
          "racer,iter,a,b,distance,plane_loss (plane_loss: the objective at the projected\n"
          "point). Without --csv, --slice, --directions, --paths or --svg it opens the\n"
          "landscape in the explorer.\n\n",
          out);
    cli_print_options(out, table);
    fputs("\nSPEC keys: ", out);
    cli_print_wrapped(out, hparams_keys_list(), 11);
}

/* ---- the racers ---- */

static void track_free(track *t)
{
    free(t->iter);
    free(t->w);
    memset(t, 0, sizeof *t);
}

static int record(void *ctx, long iter, const double *w)
{
    track *t = ctx;
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : PATH_POINTS + 2;
        long *it = realloc(t->iter, cap * sizeof *it);
        if (it)
            t->iter = it;
        double *ws = realloc(t->w, cap * t->params * sizeof *ws);
        if (!it || !ws)
            return -1;
        t->w = ws;
        t->cap = cap;
    }
    t->iter[t->n] = iter;
    memcpy(t->w + t->n * t->params, w, t->params * sizeof *w);
    t->n++;
    return 0;
}

typedef struct {
    const ls_args *a;
    const dataset *ds;
    model_data train, val;
    size_t n_images;
    model_config mc;
    double *mean, *w0;
    size_t params;
    track tr[SLOTS];
} run_state;

static int run_racers(run_state *s, char *err, size_t errlen)
{
    const ls_args *a = s->a;
    long every = a->cfg.iters / PATH_POINTS > 0 ? a->cfg.iters / PATH_POINTS : 1;
    for (int k = 0; k < OPTIM_COUNT; k++) {
        if (!(a->opt_set & (1u << k)))
            continue;
        track *t = &s->tr[k];
        t->used = 1;
        t->params = s->params;
        t->opt = a->opt[k];
        snprintf(t->label, sizeof t->label, "%s", optim_name((optim_kind)k));
        train_config c = a->cfg;
        c.opt = a->opt[k];
        if (landpath_train(&c, s->ds->classes, s->ds->dim, &s->train, &s->val, s->n_images,
                           s->mean, s->w0, every, record, t, &t->end, err, errlen) < 0)
            return -1;
    }
    if (a->lbfgs > 0) {
        track *t = &s->tr[SLOT_LBFGS];
        t->used = 1;
        t->params = s->params;
        t->opt = optim_defaults(OPTIM_BFGS);
        snprintf(t->label, sizeof t->label, "lbfgs");
        if (landpath_lbfgs(&s->mc, &s->train, &s->val, s->n_images, s->mean, s->w0,
                           (int)a->lbfgs, record, t, &t->end, err, errlen) < 0)
            return -1;
    }
    return 0;
}

static const track *first_track(const run_state *s)
{
    for (int k = 0; k < SLOTS; k++)
        if (s->tr[k].used)
            return &s->tr[k];
    return NULL;
}

/* A saved model for these data and this model (kind, size, loss). */
static int load_checkpoint(const ls_args *a, const char *path, const dataset *ds, checkpoint *c,
                           char *err, size_t errlen)
{
    if (checkpoint_load(path, c, err, errlen) < 0)
        return -1;
    char have[96], want[96];
    checkpoint_describe(c, have, sizeof have);
    model_config mc = train_model_config(&a->cfg, ds->classes, ds->dim);
    if (c->dim != ds->dim || c->classes != ds->classes)
        snprintf(err, errlen,
                 "%s: model is for %d-value images in %d classes (%s), the data has %d in %d (%s)",
                 path, c->dim, c->classes, c->dataset, ds->dim, ds->classes, ds->name);
    else if (c->arch != a->cfg.arch || (c->arch == MODEL_MLP &&
                                        (c->hidden != a->cfg.hidden || c->act != a->cfg.act)))
        snprintf(err, errlen, "%s: holds %s, not %s", path, have,
                 model_describe(&mc, want, sizeof want));
    else
        return 0;
    checkpoint_free(c);
    return -1;
}

/* A between end: a racer's last point, or a saved model. */
static int end_point(run_state *s, const char *name, double *w, char *err, size_t errlen)
{
    for (int k = 0; k < SLOTS; k++) {
        const track *t = &s->tr[k];
        if (t->used && strcmp(t->label, name) == 0) {
            memcpy(w, t->w + (t->n - 1) * s->params, s->params * sizeof *w);
            return 0;
        }
    }
    if (access(name, F_OK) != 0) {
        char q[CLI_QUOTE_SIZE];
        snprintf(err, errlen, "--plane between: %s is neither a racer (--opt) nor a file",
                 cli_quote(name, q, sizeof q));
        return -1;
    }
    checkpoint c;
    if (load_checkpoint(s->a, name, s->ds, &c, err, errlen) < 0)
        return -1;
    memcpy(w, c.w, s->params * sizeof *w);
    checkpoint_free(&c);
    return 0;
}

/* One plane with what lies on it: the objective along it, each racer's
 * recorded points projected (with the objective there) and the grid's
 * view. The command's outputs read the first; the view's keys make more. */
typedef struct {
    plane_kind kind;
    landscape_plane p;
    landscape_eval e;
    landscape_point *pt[SLOTS];
    double *loss[SLOTS]; /* the objective at each projected point */
    double view[4];
    char centre[64];     /* where W0 of the plane is: "W0", "adam's head", ... */
    char what[200];
} slice;

static void slice_free(slice *sl)
{
    landscape_eval_free(&sl->e);
    landscape_plane_free(&sl->p);
    for (int k = 0; k < SLOTS; k++) {
        free(sl->pt[k]);
        free(sl->loss[k]);
    }
    memset(sl, 0, sizeof *sl);
}

/* The directions of kind on p (initialized at its centre): random from
 * seed, pca of track t's path, between wa and wb. */
static int plane_directions(const run_state *s, landscape_plane *p, plane_kind kind,
                            unsigned long seed, const track *t, const double *wa,
                            const double *wb, char *err, size_t errlen)
{
    if (kind == PLANE_RANDOM) {
        int max = MLP_HIDDEN_MAX + LINEAR_CLASSES_MAX;
        landscape_block *blocks = malloc((size_t)max * sizeof *blocks);
        if (!blocks) {
            snprintf(err, errlen, "out of memory");
            return -1;
        }
        int n = landscape_blocks(&s->mc, blocks, max);
        int rc = landscape_random(p, blocks, n, seed, err, errlen);
        free(blocks);
        return rc;
    }
    if (kind == PLANE_PCA) {
        if (!t) {
            snprintf(err, errlen, "pca needs a racer's path: give --opt or --lbfgs");
            return -1;
        }
        char why[200];
        if (landscape_pca(p, t->w, t->n, why, sizeof why) < 0) {
            snprintf(err, errlen, "pca of %s's path: %s", t->label, why);
            return -1;
        }
        return 0;
    }
    return landscape_between(p, wa, wb, err, errlen);
}

/* The first plane, as the options ask. */
static int make_plane(run_state *s, landscape_plane *p, char *err, size_t errlen)
{
    const ls_args *a = s->a;
    if (landscape_plane_init(p, s->w0, s->params) < 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    if (a->plane != PLANE_BETWEEN)
        return plane_directions(s, p, a->plane, a->cfg.seed, first_track(s), NULL, NULL, err,
                                errlen);
    double *wa = malloc(s->params * sizeof *wa), *wb = malloc(s->params * sizeof *wb);
    int rc = -1;
    if (!wa || !wb)
        snprintf(err, errlen, "out of memory");
    else if (end_point(s, a->ends[0], wa, err, errlen) == 0 &&
             end_point(s, a->ends[1], wb, err, errlen) == 0)
        rc = plane_directions(s, p, PLANE_BETWEEN, 0, NULL, wa, wb, err, errlen);
    free(wa);
    free(wb);
    return rc;
}

/* ---- the grid, two threads over its rows ---- */

typedef struct {
    const landscape_eval *e;
    const double *view; /* a0, a1, then b of the first row and of the last */
    int w, h, lo, hi;   /* w x h points; rows [lo, hi) */
    landscape_value *out;
    int failed;
} grid_part;

/* The coordinate k of n spread over [lo, hi] (the middle when n is 1). */
static double spread(double lo, double hi, int k, int n)
{
    return n > 1 ? lo + (hi - lo) * k / (n - 1) : (lo + hi) / 2;
}

static void *grid_rows(void *arg)
{
    grid_part *g = arg;
    landscape_work *work = landscape_work_new(g->e);
    if (!work) {
        g->failed = 1;
        return NULL;
    }
    double da = g->w > 1 ? (g->view[1] - g->view[0]) / (g->w - 1) : 0;
    for (int r = g->lo; r < g->hi; r++)
        landscape_eval_row(g->e, spread(g->view[2], g->view[3], r, g->h),
                           spread(g->view[0], g->view[1], 0, g->w), da, g->w,
                           g->out + (size_t)r * (size_t)g->w, work);
    landscape_work_free(work);
    return NULL;
}

/* w x h points, two threads over the rows. */
static int compute_grid(const landscape_eval *e, const double view[4], int w, int h,
                        landscape_value *out)
{
    grid_part parts[2] = {{e, view, w, h, 0, h / 2, out, 0}, {e, view, w, h, h / 2, h, out, 0}};
    pthread_t th;
    int threaded = h > 1 && pthread_create(&th, NULL, grid_rows, &parts[1]) == 0;
    if (!threaded)
        parts[0].hi = h;
    grid_rows(&parts[0]);
    if (threaded)
        pthread_join(th, NULL);
    return parts[0].failed || parts[1].failed ? -1 : 0;
}

/* ---- outputs ---- */

/* The text goes to memory first, then through outfile (the one place that
 * decides how a path is written: whole or not at all). */
typedef struct {
    FILE *f;
    char *buf;
    size_t len;
} text_file;

static FILE *start_file(text_file *t)
{
    t->buf = NULL;
    t->len = 0;
    t->f = open_memstream(&t->buf, &t->len);
    return t->f;
}

static int finish_file(text_file *t, const char *path, char *err, size_t errlen)
{
    int bad = !t->f || ferror(t->f);
    if (t->f && fclose(t->f) != 0)
        bad = 1;
    outfile o;
    int rc = -1;
    if (bad)
        snprintf(err, errlen, "cannot write %s: out of memory", path);
    else if (outfile_open(&o, path, err, errlen) == 0) {
        outfile_write(&o, t->buf, t->len);
        rc = outfile_close(&o, err, errlen);
    }
    free(t->buf);
    return rc;
}

static int write_directions(const run_state *s, const landscape_plane *p, char *err,
                            size_t errlen)
{
    text_file t;
    FILE *f = start_file(&t);
    if (f) {
        model_block bl[MODEL_BLOCKS_MAX];
        model_blocks(&s->mc, bl);
        fputs("index,block,row,col,w0,d1,d2,mean\n", f);
        for (size_t i = 0; i < p->n; i++) {
            int row, col, k = model_block_of(&s->mc, i, &row, &col);
            /* the first block is the one applied to the images */
            fprintf(f, "%zu,%s,%d,%d,%.17g,%.17g,%.17g,%.17g\n", i, bl[k].name, row, col,
                    p->w0[i], p->d1[i], p->d2[i], k == 0 ? s->mean[col] : 0.0);
        }
    }
    return finish_file(&t, s->a->directions, err, errlen);
}

static int write_paths(const run_state *s, const slice *sl, char *err, size_t errlen)
{
    text_file tf;
    FILE *f = start_file(&tf);
    if (f) {
        fputs("racer,iter,a,b,distance,plane_loss\n", f);
        for (int k = 0; k < SLOTS; k++) {
            const track *t = &s->tr[k];
            for (size_t i = 0; t->used && i < t->n; i++)
                fprintf(f, "%s,%ld,%.17g,%.17g,%.17g,%.17g\n", t->label, t->iter[i],
                        sl->pt[k][i].a, sl->pt[k][i].b, sl->pt[k][i].dist, sl->loss[k][i]);
        }
    }
    return finish_file(&tf, s->a->paths, err, errlen);
}

static int project_tracks(const run_state *s, slice *sl)
{
    landscape_work *work = landscape_work_new(&sl->e);
    if (!work)
        return -1;
    for (int k = 0; k < SLOTS; k++) {
        const track *t = &s->tr[k];
        if (!t->used)
            continue;
        sl->pt[k] = malloc(t->n * sizeof *sl->pt[k]);
        sl->loss[k] = malloc(t->n * sizeof *sl->loss[k]);
        if (!sl->pt[k] || !sl->loss[k]) {
            landscape_work_free(work);
            return -1;
        }
        for (size_t i = 0; i < t->n; i++) {
            sl->pt[k][i] = landscape_project(&sl->p, t->w + i * s->params);
            sl->loss[k][i] = landscape_eval_point(&sl->e, sl->pt[k][i].a, sl->pt[k][i].b,
                                                  work).loss;
        }
    }
    landscape_work_free(work);
    return 0;
}

/* The view [a0, a1, b0, b1]: as asked (--centre only for the first
 * plane), or framing the paths (pca). */
static void grid_view(const run_state *s, slice *sl, int first)
{
    const ls_args *a = s->a;
    int centre_given = first && a->centre_given;
    double c[2] = {a->centre[0], a->centre[1]}, span = a->span_given ? a->span : 1.0;
    if (!centre_given)
        c[0] = c[1] = sl->kind == PLANE_BETWEEN ? 0.5 : 0.0;
    if (sl->kind == PLANE_PCA && (!centre_given || !a->span_given)) {
        double lo[2] = {0, 0}, hi[2] = {0, 0};
        for (int k = 0; k < SLOTS; k++)
            for (size_t i = 0; s->tr[k].used && i < s->tr[k].n; i++) {
                double v[2] = {sl->pt[k][i].a, sl->pt[k][i].b};
                for (int d = 0; d < 2; d++) {
                    lo[d] = fmin(lo[d], v[d]);
                    hi[d] = fmax(hi[d], v[d]);
                }
            }
        if (!centre_given)
            for (int d = 0; d < 2; d++)
                c[d] = (lo[d] + hi[d]) / 2;
        double half = fmax(hi[0] - lo[0], hi[1] - lo[1]) / 2;
        if (!a->span_given)
            span = half > 0 ? 1.2 * half : 1.0;
    }
    sl->view[0] = c[0] - span;
    sl->view[1] = c[0] + span;
    sl->view[2] = c[1] - span;
    sl->view[3] = c[1] + span;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int print_grid(const landscape_eval *e, const double view[4], int n, double setup)
{
    landscape_value *v = malloc((size_t)n * (size_t)n * sizeof *v);
    double t0 = now();
    if (!v || compute_grid(e, view, n, n, v) < 0) {
        free(v);
        return cli_fail("out of memory");
    }
    /* the figures make bench reports */
    fprintf(stderr, "grid: %d x %d points over %zu images in %.3f s, after %.3f s for the scores "
                    "S0, S1, S2\n",
            n, n, e->n, now() - t0, setup);
    printf("a,b,loss,data_loss,reg_loss,acc\n");
    for (int r = 0; r < n; r++)
        for (int k = 0; k < n; k++) {
            /* the coordinates the rows were computed at */
            const landscape_value *x = &v[(size_t)r * (size_t)n + (size_t)k];
            printf("%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", spread(view[0], view[1], k, n),
                   spread(view[2], view[3], r, n), x->loss, x->data_loss, x->reg_loss, x->acc);
        }
    free(v);
    return 0;
}

static int print_slice(const landscape_eval *e, int n)
{
    landscape_work *work = landscape_work_new(e);
    if (!work)
        return cli_fail("out of memory");
    printf("t,loss,data_loss,reg_loss,acc\n");
    for (int k = 0; k < n; k++) {
        double t = n > 1 ? -0.5 + 2.0 * k / (n - 1) : 0.0;
        landscape_value x = landscape_eval_point(e, t, 0.0, work);
        printf("%.17g,%.17g,%.17g,%.17g,%.17g\n", t, x.loss, x.data_loss, x.reg_loss, x.acc);
    }
    landscape_work_free(work);
    return 0;
}

/* The SVG's raster: the exact objective at its samples, row 0 at the top,
 * computed as the grid is. */
static int svg_samples(void *ctx, const double view[4], int w, int h, double *f)
{
    const landscape_eval *e = ctx;
    landscape_value *v = malloc((size_t)w * (size_t)h * sizeof *v);
    double top_down[4] = {view[0], view[1], view[3], view[2]};
    if (!v || compute_grid(e, top_down, w, h, v) < 0) {
        free(v);
        return -1;
    }
    for (size_t k = 0; k < (size_t)w * (size_t)h; k++)
        f[k] = v[k].loss;
    free(v);
    return 0;
}

/* The surface the SVG names; its values come from svg_samples. */
static double svg_eval(const surface *s, double x, double y, double g[2], double h[3])
{
    (void)s, (void)x, (void)y;
    if (g)
        g[0] = g[1] = NAN;
    if (h)
        h[0] = h[1] = h[2] = NAN;
    return NAN;
}

static const char *plane_name(plane_kind k)
{
    return k == PLANE_RANDOM ? "random" : k == PLANE_PCA ? "pca" : "between";
}

static int write_svg(const run_state *s, const slice *sl, char *err, size_t errlen)
{
    const landscape_eval *e = &sl->e;
    const double *view = sl->view;
    char name[96], formula[160], note[200];
    snprintf(name, sizeof name, "%s loss landscape", s->ds->name);
    char what[96];
    snprintf(formula, sizeof formula, "L(W0 + x D1 + y D2), %s, %s plane",
             model_describe(&s->mc, what, sizeof what), plane_name(s->a->plane));
    snprintf(note, sizeof note, "The objective over %zu training images, reg %g",
             e->n, s->a->cfg.reg);
    surface surf = {.name = name, .formula = formula, .note = note, .eval = svg_eval,
                    .log_levels = 1};
    memcpy(surf.view, view, sizeof surf.view);
    race *rc = calloc(1, sizeof *rc);
    int ok = rc != NULL;
    if (ok) {
        rc->cfg.surf = &surf;
        memcpy(rc->cfg.view, view, sizeof rc->cfg.view);
        rc->cfg.seed = s->a->cfg.seed;
        rc->n = SLOTS;
        for (int k = 0; k < SLOTS && ok; k++) {
            const track *t = &s->tr[k];
            racer *r = &rc->r[k];
            if (!t->used)
                continue;
            snprintf(r->label, sizeof r->label, "%s", t->label);
            r->spec.p = t->opt;
            r->status = t->end.diverged ? RACER_DIVERGED : RACER_RUNNING;
            r->diverged_at = t->end.iters + 1;
            r->f = t->end.loss.loss;
            r->path = malloc(t->n * sizeof *r->path);
            ok = r->path != NULL;
            for (size_t i = 0; ok && i < t->n; i++)
                r->path[i] = (race_point){sl->pt[k][i].a, sl->pt[k][i].b, sl->loss[k][i]};
            r->len = ok ? (long)t->n : 0;
            if (r->len > 0) {
                r->pos[0] = sl->pt[k][t->n - 1].a;
                r->pos[1] = sl->pt[k][t->n - 1].b;
                rc->step = t->end.iters > rc->step ? t->end.iters : rc->step;
            }
        }
    }
    int rcode = -1;
    if (ok) {
        int hidden[RACE_MAX] = {0};
        for (int k = 0; k < SLOTS; k++)
            hidden[k] = !s->tr[k].used;
        svg_map m = {rc, {view[0], view[1], view[2], view[3]}, theme_get(s->a->theme), hidden, 0};
        rcode = svg_write_samples(s->a->svg, &m, svg_samples, (void *)e, err, errlen);
    } else {
        snprintf(err, errlen, "out of memory");
    }
    for (int k = 0; rc && k < SLOTS; k++)
        free(rc->r[k].path);
    free(rc);
    return rcode;
}

/* Says what sl is: its kind and its centre (sl->centre). */
static void slice_name(const run_state *s, slice *sl, unsigned long seed, const track *t,
                       const char *end_a, const char *end_b)
{
    if (sl->kind == PLANE_RANDOM)
        snprintf(sl->what, sizeof sl->what, "random plane (seed %lu) at %s", seed, sl->centre);
    else if (sl->kind == PLANE_PCA)
        snprintf(sl->what, sizeof sl->what, "pca plane of %s's path (%.1f%% + %.1f%%) at %s",
                 t ? t->label : "?", 100 * sl->p.explained[0], 100 * sl->p.explained[1],
                 sl->centre);
    else
        snprintf(sl->what, sizeof sl->what, "plane between %s and %s at %s", end_a, end_b,
                 sl->centre);
    (void)s;
}

/* The objective along sl->p (its directions made), the racers on it, its
 * view; *setup: the seconds the scores S0, S1, S2 took. */
static int slice_finish(const run_state *s, slice *sl, int first, double *setup, char *err,
                        size_t errlen)
{
    double t0 = now();
    int made = landscape_eval_init(&sl->e, &s->mc, s->mean, &s->train, s->n_images, &sl->p);
    if (setup)
        *setup = now() - t0;
    if (made < 0 || project_tracks(s, sl) < 0) {
        snprintf(err, errlen, "out of memory computing the landscape");
        return -1;
    }
    grid_view(s, sl, first);
    return 0;
}

/* The view's planner: makes the planes its keys ask for from the racers'
 * recorded weights (only read, so safe beside the view's worker). */
typedef struct {
    const run_state *s;
    const slice *first;
    int slot[LANDVIEW_RACERS]; /* the view's racer k is track slot[k] */
} planner_ctx;

static const double *track_end(const run_state *s, const track *t)
{
    return t->w + (t->n - 1) * s->params;
}

static void surface_of(const run_state *s, const planner_ctx *pc, slice *sl,
                       landview_surface *out)
{
    (void)s;
    memset(out, 0, sizeof *out);
    out->e = &sl->e;
    for (int k = 0; k < LANDVIEW_RACERS; k++) {
        out->pt[k] = sl->pt[pc->slot[k]];
        out->loss[k] = sl->loss[pc->slot[k]];
    }
    memcpy(out->view, sl->view, sizeof out->view);
    snprintf(out->what, sizeof out->what, "%s", sl->what);
    out->owner = sl;
}

static int plan_make(void *ctx, const landview_plan *want, const landview_surface *now,
                     void (*progress)(void *view, const char *what), void *view,
                     landview_surface *out, char *err, size_t errlen)
{
    const planner_ctx *pc = ctx;
    const run_state *s = pc->s;
    const slice *was = now->owner ? now->owner : pc->first;
    slice *sl = calloc(1, sizeof *sl);
    double *centre = malloc(s->params * sizeof *centre);
    const track *t = &s->tr[pc->slot[want->racer]], *o = &s->tr[pc->slot[want->other]];
    int rc = -1;
    if (!sl || !centre || landscape_plane_init(&sl->p, s->w0, s->params) < 0) {
        snprintf(err, errlen, "out of memory");
        goto out;
    }
    progress(view, "its centre and directions");
    if (want->at == LANDVIEW_AT_W0) {
        memcpy(centre, s->w0, s->params * sizeof *centre);
        snprintf(sl->centre, sizeof sl->centre, "W0");
    } else if (want->at == LANDVIEW_AT_HEAD) {
        memcpy(centre, track_end(s, t), s->params * sizeof *centre);
        snprintf(sl->centre, sizeof sl->centre, "%s's head", t->label);
    } else {
        landscape_at(&was->p, want->a, want->b, centre);
        if (want->a == 0 && want->b == 0)
            snprintf(sl->centre, sizeof sl->centre, "%s", was->centre);
        else
            snprintf(sl->centre, sizeof sl->centre, "(%.4g, %.4g) of the last plane", want->a,
                     want->b);
    }
    memcpy(sl->p.w0, centre, s->params * sizeof *centre);
    sl->kind = want->kind == LANDVIEW_RANDOM ? PLANE_RANDOM
               : want->kind == LANDVIEW_PCA  ? PLANE_PCA
                                             : PLANE_BETWEEN;
    if (plane_directions(s, &sl->p, sl->kind, want->seed, t, track_end(s, t), track_end(s, o),
                         err, errlen) < 0)
        goto out;
    char what[96];
    snprintf(what, sizeof what, "the scores S0, S1, S2 over %zu images", s->n_images);
    progress(view, what);
    if (slice_finish(s, sl, 0, NULL, err, errlen) < 0)
        goto out;
    slice_name(s, sl, want->seed, t, t->label, o->label);
    surface_of(s, pc, sl, out);
    rc = 0;
out:
    free(centre);
    if (rc < 0 && sl) {
        slice_free(sl);
        free(sl);
    }
    return rc;
}

static void plan_drop(void *ctx, landview_surface *out)
{
    (void)ctx;
    slice *sl = out->owner;
    slice_free(sl);
    free(sl);
}

/* The view's racer showing the track named name, or 0. */
static int view_racer(const planner_ctx *pc, const run_state *s, int n, const char *name)
{
    for (int k = 0; k < n; k++)
        if (name && strcmp(s->tr[pc->slot[k]].label, name) == 0)
            return k;
    return 0;
}

static int open_view(const run_state *s, slice *first)
{
    landview_config *c = calloc(1, sizeof *c);
    planner_ctx pc = {s, first, {0}};
    if (!c)
        return cli_fail("out of memory");
    char what[96];
    snprintf(c->title, sizeof c->title, "%s, %s, %zu images", s->ds->name,
             model_describe(&s->mc, what, sizeof what), first->e.n);
    for (int k = 0; k < SLOTS && c->nracers < LANDVIEW_RACERS; k++) {
        const track *t = &s->tr[k];
        if (!t->used)
            continue;
        pc.slot[c->nracers] = k;
        landview_racer *r = &c->racers[c->nracers++];
        snprintf(r->label, sizeof r->label, "%s", t->label);
        r->opt = k == SLOT_LBFGS ? optim_defaults(OPTIM_BFGS) : t->opt;
        r->n = t->n;
        r->iter = t->iter;
        r->loss = t->end.loss.loss;
        r->val_acc = t->end.val_acc;
        r->diverged = t->end.diverged;
    }
    surface_of(s, &pc, first, &c->first);
    c->first.owner = NULL;
    const ls_args *a = s->a;
    c->first_plan = (landview_plan){
        .kind = a->plane == PLANE_RANDOM ? LANDVIEW_RANDOM
                : a->plane == PLANE_PCA  ? LANDVIEW_PCA
                                         : LANDVIEW_BETWEEN,
        .racer = view_racer(&pc, s, c->nracers, a->plane == PLANE_BETWEEN ? a->ends[0] : NULL),
        .other = view_racer(&pc, s, c->nracers, a->plane == PLANE_BETWEEN ? a->ends[1] : NULL),
        .at = LANDVIEW_AT_W0,
        .seed = a->cfg.seed};
    landview_planner planner = {plan_make, plan_drop, &pc};
    /* the planner needs the racers' weights: none, no other planes */
    c->planner = c->nracers > 0 ? &planner : NULL;
    char err[256];
    /* the replay at 20 steps a second: 50 recorded points in 2.5 s */
    explorer_opts eo = {.lesson = a->lesson, .theme = a->theme, .speed = 20, .land = c};
    int rc = explorer_run(NULL, &eo, err, sizeof err) < 0 ? cli_fail("%s", err) : 0;
    free(c);
    return rc;
}

/* On stderr, once everything is made (a failure is one line alone). */
static void report(const run_state *s, const slice *sl)
{
    const landscape_plane *p = &sl->p;
    const landscape_eval *e = &sl->e;
    for (int k = 0; k < SLOTS; k++) {
        const track *t = &s->tr[k];
        if (!t->used)
            continue;
        const landscape_point *end = &sl->pt[k][t->n - 1];
        fprintf(stderr, "racer %s: %ld iterations", t->label, t->end.iters);
        if (k == SLOT_LBFGS)
            fprintf(stderr, " (%s)", t->end.stop);
        fprintf(stderr, "%s, loss %.9g, val_acc %.4f, at a %.4g b %.4g, %.4g from the plane\n",
                t->end.diverged ? " (diverged)" : "", t->end.loss.loss, t->end.val_acc, end->a,
                end->b, end->dist);
    }
    if (s->a->plane == PLANE_PCA)
        fprintf(stderr, "pca of %s's path (%zu points): variance explained %.4f + %.4f\n",
                first_track(s)->label, first_track(s)->n, p->explained[0], p->explained[1]);
    fprintf(stderr, "landscape: %s plane, %zu training images, %zu parameters\n",
            plane_name(s->a->plane), e->n, s->params);
}

/* ---- the command ---- */

static int check_args(ls_args *a, char *err, size_t errlen)
{
    if (a->data && a->dataset)
        snprintf(err, errlen, "give --data DIR or --dataset NAME, not both");
    else if (a->plane == PLANE_BETWEEN && a->n_ends != 2)
        snprintf(err, errlen, "--plane between needs two end points: --plane between A B");
    else if (a->csv && a->slice)
        snprintf(err, errlen, "--csv prints the grid and --slice the 1-D slice: give one");
    else
        return 0;
    return -1;
}

/* W0 and the mean image: the saved model's, or train's (W = 1e-4 randn
 * from --seed, the training images' mean), so that the grid's centre is
 * `descent train --iters 0`'s loss. */
static int centre_point(run_state *s, char *err, size_t errlen)
{
    checkpoint ck = {0};
    if (s->a->load && load_checkpoint(s->a, s->a->load, s->ds, &ck, err, errlen) < 0)
        return -1;
    trainer t;
    train_config c = s->a->cfg;
    c.iters = 0;
    int rc = trainer_init(&t, &c, s->ds->classes, s->ds->dim, &s->train, &s->val, ck.mean, ck.w,
                          err, errlen);
    checkpoint_free(&ck);
    if (rc < 0)
        return -1;
    s->params = t.n_params;
    s->mean = malloc((size_t)s->ds->dim * sizeof *s->mean);
    s->w0 = malloc(s->params * sizeof *s->w0);
    if (s->mean && s->w0) {
        memcpy(s->mean, t.mean, (size_t)s->ds->dim * sizeof *s->mean);
        memcpy(s->w0, t.w, s->params * sizeof *s->w0);
    } else {
        snprintf(err, errlen, "out of memory");
        rc = -1;
    }
    trainer_free(&t);
    return rc;
}

/* The model of --load: its kind, size and loss (from its hparams), which
 * --model, when given, must agree with. */
static int resolve_model(ls_args *a, const dataset *ds, char *err, size_t errlen)
{
    if (!a->load)
        return 0;
    checkpoint c;
    if (checkpoint_load(a->load, &c, err, errlen) < 0)
        return -1;
    char have[96];
    checkpoint_describe(&c, have, sizeof have);
    linear_model loss = a->cfg.model;
    const char *m = strstr(c.hparams, "model=");
    if (m) {
        char name[16];
        size_t k = 0;
        for (m += 6; *m && *m != ' ' && k + 1 < sizeof name; m++)
            name[k++] = *m;
        name[k] = 0;
        if (model_loss_from_name(name) >= 0)
            loss = (linear_model)model_loss_from_name(name);
    }
    int rc = 0;
    if (a->model_given && (c.arch != a->cfg.arch || (c.arch == MODEL_LINEAR && loss != a->cfg.model))) {
        snprintf(err, errlen, "%s: holds %s with the %s loss, not the --model %s", a->load, have,
                 model_loss_name(loss),
                 a->cfg.arch == MODEL_MLP ? "mlp" : model_loss_name(a->cfg.model));
        rc = -1;
    } else {
        a->cfg.arch = c.arch;
        a->cfg.hidden = c.hidden;
        a->cfg.act = c.act;
        a->cfg.model = loss;
    }
    checkpoint_free(&c);
    (void)ds;
    return rc;
}

static int landscape_run(ls_args *a, dataset *ds)
{
    char err[1024];
    run_state s;
    memset(&s, 0, sizeof s);
    s.a = a;
    s.ds = ds;
    dataset_splits sp = dataset_split(ds, (size_t)a->n_train, (size_t)a->n_val, 0);
    s.train = (model_data){.x = sp.train.x, .y = sp.train.y, .n = sp.train.n};
    s.val = (model_data){.x = sp.val.x, .y = sp.val.y, .n = sp.val.n};
    s.n_images = a->n_images > 0 && (size_t)a->n_images < s.train.n ? (size_t)a->n_images
                                                                     : s.train.n;
    s.mc = train_model_config(&a->cfg, ds->classes, ds->dim);
    slice sl;
    memset(&sl, 0, sizeof sl);
    sl.kind = a->plane;
    snprintf(sl.centre, sizeof sl.centre, "W0");
    int rc = 2;
    if (s.train.n == 0) {
        snprintf(err, sizeof err, "no training images");
        goto out;
    }
    /* the racers run when something shows them or the plane is made from them */
    int screen = !a->csv && !a->slice && !a->directions && !a->paths && !a->svg;
    int racers = screen || a->paths || a->svg || a->plane != PLANE_RANDOM;
    if (centre_point(&s, err, sizeof err) < 0 || (racers && run_racers(&s, err, sizeof err) < 0) ||
        make_plane(&s, &sl.p, err, sizeof err) < 0)
        goto out;
    double setup = 0;
    if (slice_finish(&s, &sl, 1, &setup, err, sizeof err) < 0)
        goto out;
    slice_name(&s, &sl, a->cfg.seed, first_track(&s), a->ends[0], a->ends[1]);
    if ((a->directions && write_directions(&s, &sl.p, err, sizeof err) < 0) ||
        (a->paths && write_paths(&s, &sl, err, sizeof err) < 0) ||
        (a->svg && write_svg(&s, &sl, err, sizeof err) < 0))
        goto out;
    report(&s, &sl);
    rc = 0;
    if (screen)
        rc = open_view(&s, &sl);
    else if (a->csv)
        rc = print_grid(&sl.e, sl.view, (int)a->grid, setup);
    else if (a->slice)
        rc = print_slice(&sl.e, (int)a->grid);
    if (rc == 0 && (fflush(stdout) != 0 || ferror(stdout)))
        rc = cli_fail("error writing output");
    err[0] = 0;
out:
    if (rc == 2 && err[0])
        rc = cli_fail("%s", err);
    slice_free(&sl);
    for (int k = 0; k < SLOTS; k++)
        track_free(&s.tr[k]);
    free(s.mean);
    free(s.w0);
    return rc;
}

static void args_defaults(ls_args *a)
{
    memset(a, 0, sizeof *a);
    a->cfg = train_defaults();
    a->cfg.iters = 100;
    a->cfg.hidden = train_defaults_table()->hidden;
    a->cfg.act = train_defaults_table()->act;
    a->grid = 21;
    a->span = 1.0;
    a->n_train = 49000;
    a->n_val = 1000;
}

/* The data set's learning rates and regularization where none was given;
 * all six racers when no --opt named any. */
static void apply_defaults(ls_args *a, const dataset *ds)
{
    if (!a->opt_set) {
        for (int k = 0; k < OPTIM_COUNT; k++)
            a->opt[k] = optim_defaults((optim_kind)k);
        a->opt_set = (1u << OPTIM_COUNT) - 1;
    }
    for (int k = 0; k < OPTIM_COUNT; k++)
        if (!(a->lr_given & (1u << k)))
            a->opt[k].lr = train_default_lr(a->cfg.arch, (optim_kind)k, ds->name);
    train_config d = train_defaults_model(ds->name, a->cfg.arch);
    if (!a->reg_given)
        a->cfg.reg = d.reg;
    a->cfg.init_scale = d.init_scale;
}

static int landscape_args(ls_args *a, int argc, char **argv)
{
    int rc = config_parse(table, argc, argv, on_option, a);
    if (rc)
        return rc;
    if (a->help) {
        usage(stdout);
        return 0;
    }
    char err[1024];
    if (check_args(a, err, sizeof err) < 0)
        return cli_fail("%s", err);
    const char *why = cli_no_terminal();
    if (!a->csv && !a->slice && !a->directions && !a->paths && !a->svg && why)
        return cli_fail("the view needs a terminal (%s): give --csv, --slice, "
                        "--directions, --paths or --svg for files", why);
    /* before the grid and the racers, minutes for CIFAR-10 */
    if ((rc = cli_check_outfile("directions", a->directions)) != 0 ||
        (rc = cli_check_outfile("paths", a->paths)) != 0 || (rc = cli_check_outfile("svg", a->svg)) != 0)
        return rc;
    dataset ds;
    if (dataset_open(a->data, a->dataset, a->cfg.seed, &ds, err, sizeof err) < 0) {
        /* a scene on a machine without its data says so, and which scene */
        if (a->lesson)
            return cli_fail("%s needs its data: %s", a->lesson_path, err);
        return cli_fail("%s", err);
    }
    if (resolve_model(a, &ds, err, sizeof err) < 0) {
        dataset_free(&ds);
        return cli_fail("%s", err);
    }
    apply_defaults(a, &ds);
    rc = landscape_run(a, &ds);
    dataset_free(&ds);
    return rc;
}

int landscape_main(int argc, char **argv)
{
    ls_args a;
    args_defaults(&a);
    int rc = landscape_args(&a, argc, argv);
    if (a.lesson) {
        scene_free(a.lesson);
        free(a.lesson);
    }
    return rc;
}
