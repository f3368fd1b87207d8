/* descent classify: the 2-D classification playground. With --plain it
 * prints the data, W and b, every point's scores and loss terms and the
 * totals (before and after --iters N steps), ending with a key=value line;
 * otherwise it opens the screen. */
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/classify.h"
#include "../core/hparams.h"
#include "../data/points.h"
#include "../scene/scene.h"
#include "../tui/classifysvg.h"
#include "../tui/classifyview.h"
#include "commands.h"
#include "config.h"
#include "options.h"

enum {
    O_DATA, O_CLASSES, O_POINTS, O_NOISE, O_SEED, O_MODEL, O_HIDDEN, O_ACT, O_FEATURES, O_REG,
    O_OPT, O_ITERS,
    O_WEIGHTS, O_SCENE, O_PLAIN, O_RACE, O_SVG, O_THEME, O_HELP
};

static const cli_option table[] = {
    [O_DATA] = {"data", "NAME|FILE", "a built-in set (see below) or a CSV of x,y,label rows (default demo)"},
    [O_CLASSES] = {"classes", "K", "classes of blobs, circles, spiral: 2 to 5 (default 3)"},
    [O_POINTS] = {"points", "N", "points of a built-in set (default 300)"},
    [O_NOISE] = {"noise", "S", "noise of a built-in set (default: its own)"},
    [O_SEED] = {"seed", "S", "seed of the data and the initial W (default 1)"},
    [O_MODEL] = {"model", "M", "svm, ova, structured, softmax, or mlp: the two-layer net, softmax (default svm)"},
    [O_HIDDEN] = {"hidden", "H", "the net's hidden units, 1 to 512 (default 100)"},
    [O_ACT] = {"act", "A", "the net's activation: relu, tanh or sigmoid (default relu)"},
    [O_FEATURES] = {"features", "F", "raw (x, y), polar (r, theta) or playground (default raw)"},
    [O_REG] = {"reg", "R", "L2 strength: reg * sum W^2, b not included (default 0.1; the net 0.001)"},
    [O_OPT] = {"opt", "SPEC", "optimizer, as in trace (default sgd:lr=0.1)"},
    [O_ITERS] = {"iters", "N", "full-batch training steps before printing again (default 0)"},
    [O_WEIGHTS] = {"weights", "FILE", "start from W and b: a CSV row per class, its weights then its bias"},
    [O_SCENE] = {"scene", "FILE", "a lesson: a scene with a [classify] section (a file or a name in scenes/)"},
    [O_PLAIN] = {"plain", NULL, "print the numbers instead of opening the screen"},
    [O_RACE] = {"race", NULL, "with --plain: also each of the six optimizers from the same start, a line each"},
    [O_SVG] = {"svg", "FILE", "write the picture (regions, zero-score lines, points) as SVG"},
    [O_THEME] = {"theme", "NAME", "colours of the screen and the SVG"},
    [O_HELP] = {"help", NULL, "show this help"},
    {0},
};

typedef struct {
    const char *data, *weights, *svg, *scene;
    unsigned given; /* bit i: option i was on the command line */
    char scene_path[1024];
    scene lesson;   /* when scene */
    int classes;
    long points, iters;
    double noise;
    unsigned long seed;
    classify_model m;
    optim_params opt;
    theme_id theme;
    int plain, race, help;
    int mlp, hidden; /* --model mlp, --hidden */
    int bench, bench_w, bench_h; /* --bench-frame WxH */
} classify_args;

static int set_choice(int v, int *out, const char *value, const char *list, char *err,
                      size_t errlen)
{
    if (v < 0) {
        snprintf(err, errlen, "'%s' is not one of %s", value, list);
        return -1;
    }
    *out = v;
    return 0;
}

static int set_opt(classify_args *a, const char *value, char *err, size_t errlen)
{
    hparams_spec spec;
    if (hparams_parse_trainer(value, &spec, err, errlen) < 0)
        return -1;
    a->opt = spec.p;
    return 0;
}

static int on_option(void *ctx, int index, const char *value, char *err, size_t errlen)
{
    classify_args *a = ctx;
    long v;
    int choice;
    if (index >= 0)
        a->given |= 1u << index;
    switch (index) {
    case -1: cli_unexpected(value, err, errlen); return -1;
    case O_DATA: a->data = value; return 0;
    case O_WEIGHTS: a->weights = value; return 0;
    case O_SCENE: a->scene = value; return 0;
    case O_SVG: a->svg = value; return 0;
    case O_PLAIN: a->plain = 1; return 0;
    case O_RACE: a->race = 1; return 0;
    case O_HELP: a->help = 1; return 0;
    case O_THEME: return theme_parse(value, &a->theme, err, errlen);
    case O_OPT: return set_opt(a, value, err, errlen);
    case O_MODEL:
        a->mlp = strcmp(value, "mlp") == 0;
        if (a->mlp) {
            a->m.loss = CLASSIFY_SOFTMAX;
            return 0;
        }
        if (set_choice(classify_loss_from_name(value), &choice, value,
                       "svm, ova, structured, softmax, mlp", err, errlen) < 0)
            return -1;
        a->m.loss = (classify_loss)choice;
        return 0;
    case O_ACT:
        if (set_choice(mlp_act_from_name(value), &choice, value, mlp_act_names_list(),
                       err, errlen) < 0)
            return -1;
        a->m.act = (mlp_act)choice;
        return 0;
    case O_FEATURES:
        if (set_choice(classify_features_from_name(value), &choice, value,
                       classify_features_names_list(), err, errlen) < 0)
            return -1;
        a->m.features = (classify_features)choice;
        return 0;
    case O_REG:
    case O_NOISE: {
        double d;
        if (hparams_number(value, &d) < 0 || d < 0) {
            snprintf(err, errlen, "'%s' is not a number >= 0", value);
            return -1;
        }
        *(index == O_REG ? &a->m.reg : &a->noise) = d;
        return 0;
    }
    default: break;
    }
    long lo = index == O_CLASSES || index == O_POINTS ? 2 : index == O_HIDDEN ? 1 : 0;
    long hi = index == O_CLASSES ? CLASSIFY_CLASSES_MAX : index == O_POINTS ? POINTS_MAX
              : index == O_HIDDEN ? CLASSIFY_HIDDEN_MAX : index == O_ITERS ? 100000000L
              : 2147483647L;
    if (cli_integer(value, lo, hi, &v, err, errlen) < 0)
        return -1;
    if (index == O_CLASSES)
        a->classes = (int)v;
    else if (index == O_HIDDEN)
        a->hidden = (int)v;
    else if (index == O_POINTS)
        a->points = v;
    else if (index == O_ITERS)
        a->iters = v;
    else
        a->seed = (unsigned long)v;
    return 0;
}

static void usage(FILE *out)
{
    fputs("usage: descent classify [--data NAME|FILE.csv]\n"
          "                        [--model svm|ova|structured|softmax|mlp]\n"
          "                        [--features raw|polar|playground] [--reg R] [--opt SPEC]\n"
          "                        [--iters N] [--weights FILE] [--plain] [--svg FILE]\n"
          "Points in the plane and a linear classifier on them: the decision regions, each\n"
          "class's zero-score line, W and b, every point's scores and loss. On the screen,\n"
          "Tab picks a class, the arrows rotate its W row and shift its b, space trains.\n\n"
          "Data sets:\n",
          out);
    for (const points_builtin *b = points_builtins(); b->name; b++)
        fprintf(out, "  %-8s %s%s\n", b->name, b->note,
                b->classes_fixed ? (b->classes_fixed == 2 ? " (2 classes)" : " (3 classes)") : "");
    fputs("\nLosses (the CS231n demo's), mean over the points, plus reg * sum W^2:\n", out);
    for (int l = 0; l < CLASSIFY_LOSS_COUNT; l++)
        fprintf(out, "  %-10s %s\n", classify_loss_name((classify_loss)l),
                classify_loss_note((classify_loss)l));
    fputs("\nOptions:\n", out);
    cli_print_options(out, table);
    fputs("\nSPEC keys: ", out);
    cli_print_wrapped(out, hparams_keys_list(), 11);
}

/* The demo's own start (cs231n.github.io's linear-classification demo). */
static const double demo_w[3][2] = {{1, 2}, {2, -4}, {3, -1}};
static const double demo_b[3] = {0, 0.5, -0.5};

/* The net's start: W1 and W2 Gaussian with standard deviation 1 / sqrt(fan
 * in), from the seed; biases 0. */
static int net_params(const classify_model *m, unsigned long seed, double *params, char *err,
                      size_t errlen)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    gsl_rng_set(r, seed + 1);
    int F = classify_feature_count(m->features), H = m->hidden, C = m->classes;
    memset(params, 0, classify_param_count(m) * sizeof *params);
    for (int k = 0; k < H * F; k++)
        params[k] = gsl_ran_gaussian(r, 1.0 / sqrt((double)F));
    double *w2 = params + H * F + H;
    for (int k = 0; k < C * H; k++)
        w2[k] = gsl_ran_gaussian(r, 1.0 / sqrt((double)H));
    gsl_rng_free(r);
    return 0;
}

/* The start: --weights, the demo's W and b on its own points, else small
 * Gaussian weights from the seed and zero biases. */
static int initial_params(const classify_args *a, int demo, double *params, char *err,
                          size_t errlen)
{
    int C = a->m.classes, F = classify_feature_count(a->m.features);
    if (a->m.hidden)
        return net_params(&a->m, a->seed, params, err, errlen);
    if (a->weights)
        return points_load_weights(a->weights, C, F, params, err, errlen);
    memset(params, 0, classify_param_count(&a->m) * sizeof *params);
    const scene_classify *sc = a->scene && !(a->given & (1u << O_FEATURES)) ? &a->lesson.cls : NULL;
    if (sc && sc->nw) {
        if (sc->nw != C) {
            snprintf(err, errlen, "%.400s:%ld: %d rows of W (w = ...), but the data has %d classes",
                     a->scene_path, sc->w_line[sc->nw - 1], sc->nw, C);
            return -1;
        }
        for (int j = 0; j < C; j++) {
            memcpy(params + j * F, sc->w[j], (size_t)F * sizeof *params);
            params[C * F + j] = sc->w[j][F];
        }
        return 0;
    }
    if (demo && a->m.features == FEATURES_RAW) {
        for (int j = 0; j < 3; j++) {
            params[j * 2] = demo_w[j][0];
            params[j * 2 + 1] = demo_w[j][1];
            params[6 + j] = demo_b[j];
        }
        return 0;
    }
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    gsl_rng_set(r, a->seed + 1); /* not the data's stream */
    for (int k = 0; k < C * F; k++)
        params[k] = gsl_ran_gaussian(r, 0.5);
    gsl_rng_free(r);
    return 0;
}

/* The lesson's settings, where the command line gave none. */
static int apply_scene(classify_args *a, char *err, size_t errlen)
{
    if (scene_locate(a->scene, a->scene_path, sizeof a->scene_path, err, errlen) < 0)
        return -1;
    if (scene_load_classify(a->scene_path, &a->lesson, err, errlen) < 0)
        return -1;
    const scene_classify *c = &a->lesson.cls;
#define UNLESS(o) if (!(a->given & (1u << (o))))
    UNLESS(O_DATA) a->data = c->data;
    UNLESS(O_CLASSES) a->classes = c->classes;
    UNLESS(O_POINTS) a->points = c->points;
    UNLESS(O_NOISE) a->noise = c->noise;
    UNLESS(O_SEED) a->seed = a->lesson.seed;
    UNLESS(O_MODEL) {
        a->m.loss = c->m.loss;
        a->mlp = c->m.hidden > 0;
    }
    UNLESS(O_HIDDEN) a->hidden = c->m.hidden;
    UNLESS(O_ACT) a->m.act = c->m.act;
    UNLESS(O_FEATURES) a->m.features = c->m.features;
    UNLESS(O_ITERS) a->iters = a->lesson.steps;
    if (c->reg_given)
        UNLESS(O_REG) a->m.reg = c->m.reg;
    if (c->opt_given)
        UNLESS(O_OPT) a->opt = c->opt;
#undef UNLESS
    return 0;
}

/* The net's settings: only with --model mlp; its own default reg. */
static int settle_model(classify_args *a, char *err, size_t errlen)
{
    if (!a->mlp) {
        if (a->given & (1u << O_HIDDEN | 1u << O_ACT)) {
            snprintf(err, errlen, "--hidden and --act are for --model mlp");
            return -1;
        }
        return 0;
    }
    if (a->weights) {
        snprintf(err, errlen, "--weights is for the linear models (a row per class); the net "
                              "starts from its seed");
        return -1;
    }
    a->m.hidden = a->hidden ? a->hidden : 100;
    if (!(a->given & (1u << O_REG)) && !(a->scene && a->lesson.cls.reg_given))
        a->m.reg = 0.001;
    return 0;
}

static int is_file(const char *data)
{
    size_t n = strlen(data);
    return strchr(data, '/') || (n > 4 && strcmp(data + n - 4, ".csv") == 0);
}

static int open_data(const classify_args *a, point_set *ps, char *err, size_t errlen)
{
    const char *data = a->data ? a->data : "demo";
    if (is_file(data)) {
        if (a->classes || a->points || a->noise >= 0) {
            snprintf(err, errlen, "--classes, --points and --noise are for the built-in sets, "
                                  "not a file");
            return -1;
        }
        return points_load_csv(data, ps, err, errlen);
    }
    return points_make(data, a->classes, a->points ? (size_t)a->points : 300, a->noise, a->seed,
                       ps, err, errlen);
}

/* ---- the plain report ---- */

static void print_header(const classify_args *a, const point_set *ps, const classify_trainer *t)
{
    printf("data: %s, %zu points in %d classes", ps->name, ps->n, ps->classes);
    if (!is_file(a->data ? a->data : "demo"))
        printf(", noise %g, seed %lu", ps->noise, a->seed);
    char note[160];
    classify_model_note(&t->m, note, sizeof note);
    printf("\nmodel: %s (%s) on %s inputs", classify_model_name(&t->m), note,
           classify_features_name(t->m.features));
    for (int k = 0; k < classify_feature_count(t->m.features); k++)
        printf(" %s%s", k ? "| " : "", classify_feature_label(t->m.features, k));
    printf("\nloss: mean over the points of L_i, plus reg * sum W^2 with reg %g (b not "
           "regularized)\n",
           t->m.reg);
    char opt[200];
    hparams_format(&t->opt.p, opt, sizeof opt);
    printf("optimizer: %s %s, full batch\n", optim_name(t->opt.p.kind), opt);
}

/* rows x cols of p, one line each: "  NAME i  VALUES" */
static void print_matrix(const char *name, const double *p, int rows, int cols)
{
    for (int r = 0; r < rows; r++) {
        printf("  %s %d ", name, r);
        for (int k = 0; k < cols; k++)
            printf(" %.6g", p[r * cols + k]);
        printf("\n");
    }
}

static void print_weights(const classify_trainer *t)
{
    int C = t->m.classes, F = classify_feature_count(t->m.features), H = t->m.hidden;
    if (H) {
        printf("W1 (a row per hidden unit), b1, W2 (a row per class) and b2 at step %ld:\n",
               t->iter);
        print_matrix("W1 row", t->params, H, F);
        print_matrix("b1", t->params + H * F, 1, H);
        print_matrix("W2 row", t->params + H * F + H, C, H);
        print_matrix("b2", t->params + H * F + H + C * H, 1, C);
        return;
    }
    printf("W and b at step %ld:\n", t->iter);
    for (int j = 0; j < C; j++) {
        printf("  class %d  w", j);
        for (int k = 0; k < F; k++)
            printf(" %.6g", t->params[j * F + k]);
        printf("  b %.6g\n", t->params[C * F + j]);
    }
}

static const char *terms_name(classify_loss l)
{
    switch (l) {
    case CLASSIFY_SVM: return "max(0, s_j - s_y + 1) per class";
    case CLASSIFY_OVA: return "max(0, 1 - s_y) for its class, max(0, 1 + s_j) for the others";
    case CLASSIFY_STRUCTURED: return "max(0, s_j - s_y + 1) for the highest other class only";
    default: return "the probabilities p_j; L_i = -log p_y";
    }
}

static void print_points(const classify_trainer *t)
{
    int C = t->m.classes;
    printf("points at step %ld (terms: %s):\n", t->iter, terms_name(t->m.loss));
    for (size_t i = 0; i < t->pts.n; i++) {
        double s[CLASSIFY_CLASSES_MAX], terms[CLASSIFY_CLASSES_MAX];
        classify_scores(&t->m, t->params, t->pts.x[i], t->pts.y[i], s);
        double l = classify_point_loss(&t->m, s, t->pts.label[i], terms, NULL);
        printf("  point %zu (%.6g, %.6g) class %d  scores", i + 1, t->pts.x[i], t->pts.y[i],
               t->pts.label[i]);
        for (int j = 0; j < C; j++)
            printf(" %.6g", s[j]);
        printf("  predicted %d  loss %.6g  terms", classify_predict(s, C), l);
        for (int j = 0; j < C; j++)
            printf(" %.6g", terms[j]);
        printf("\n");
    }
}

static void print_totals(const classify_trainer *t)
{
    printf("totals at step %ld: data_loss %.6g + reg_loss %.6g = loss %.6g, train_acc %.4f\n",
           t->iter, t->now.data_loss, t->now.reg_loss, t->now.loss, t->now.accuracy);
}

static void print_state(const classify_trainer *t)
{
    print_weights(t);
    print_points(t);
    print_totals(t);
}

/* A lesson's caption that starts at this step, and the numbers it speaks
 * of (at step 0 and the last step they follow anyway). */
static void print_caption(const classify_args *a, const classify_trainer *t)
{
    if (!a->scene)
        return;
    const scene_caption *c = scene_caption_at(&a->lesson, t->iter);
    if (!c || c->step != t->iter)
        return;
    printf("caption at step %ld: %s\n", t->iter, c->text);
    if (t->iter > 0 && t->iter < a->iters)
        print_state(t);
}

/* "lr=0.1,momentum=0.9": the hyperparameters as one key=value field. */
static void hparams_field(const optim_params *p, char *buf, size_t len)
{
    hparams_format(p, buf, len);
    for (char *q = buf; *q; q++)
        if (*q == ' ')
            *q = ',';
}

/* The screen's race, headless: every optimizer (the playground's defaults)
 * from the same start for --iters steps, a line each. */
static int print_race(const classify_args *a, const classify_trainer *t, const double *start)
{
    for (int k = 0; k < OPTIM_COUNT; k++) {
        optim_params p = classify_optim_defaults((optim_kind)k);
        classify_trainer r;
        if (classify_trainer_init(&r, &t->m, &t->pts, start, &p) < 0)
            return cli_fail("out of memory");
        while (r.iter < a->iters && classify_trainer_step(&r) == 0)
            ;
        char hp[200];
        hparams_field(&p, hp, sizeof hp);
        printf("race opt=%s hparams=%s iters=%ld loss=%.6f data_loss=%.6f reg_loss=%.6f "
               "train_acc=%.4f\n",
               optim_name((optim_kind)k), hp, r.iter, r.now.loss, r.now.data_loss, r.now.reg_loss,
               r.now.accuracy);
        classify_trainer_free(&r);
    }
    return 0;
}

static int run_plain(const classify_args *a, const point_set *ps, classify_trainer *t)
{
    if (a->scene && a->lesson.title[0])
        printf("lesson: %s\n", a->lesson.title);
    print_header(a, ps, t);
    print_caption(a, t);
    print_state(t);
    while (t->iter < a->iters) {
        if (classify_trainer_step(t) < 0)
            return cli_fail("the loss is no longer finite at step %ld (learning rate "
                            "too large?)",
                            t->iter);
        print_caption(a, t);
    }
    if (a->iters > 0) {
        printf("trained: %ld steps\n", t->iter);
        print_state(t);
    }
    if (a->race && print_race(a, t, t->start) != 0)
        return 2;
    char opt[200];
    hparams_field(&t->opt.p, opt, sizeof opt);
    printf("data=%s classes=%d points=%zu model=%s features=%s opt=%s hparams=%s reg=%g iters=%ld "
           "loss=%.6f data_loss=%.6f reg_loss=%.6f train_acc=%.4f\n",
           ps->name, ps->classes, ps->n, classify_model_name(&t->m),
           classify_features_name(t->m.features), optim_name(t->opt.p.kind), opt, t->m.reg,
           t->iter, t->now.loss, t->now.data_loss, t->now.reg_loss, t->now.accuracy);
    if (fflush(stdout) != 0 || ferror(stdout))
        return cli_fail("error writing output");
    return 0;
}

static void args_defaults(classify_args *a)
{
    memset(a, 0, sizeof *a);
    a->seed = 1;
    a->noise = -1;
    a->m.loss = CLASSIFY_SVM;
    a->m.features = FEATURES_RAW;
    a->m.reg = 0.1;
    a->opt = classify_optim_defaults(OPTIM_SGD);
    a->theme = THEME_DARK;
}

/* --bench-frame WxH (first, not in the help): the frame and training speed. */
static int bench(classify_trainer *t, const char *name, const classify_args *a)
{
    char err[512];
    classifyview_config vc = {t, name, theme_get(a->theme), NULL, 0};
    if (classifyview_bench(&vc, a->bench_w, a->bench_h, err, sizeof err) < 0)
        return cli_fail("%s", err);
    struct timespec t0, t1;
    long n = 2000;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (long i = 0; i < n; i++)
        classify_trainer_step(t);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) * 1e-9;
    printf("classify training, %zu points, %s on %s inputs: %.0f full-batch steps/s\n", t->pts.n,
           classify_model_name(&t->m), classify_features_name(t->m.features), (double)n / s);
    return 0;
}

int classify_main(int argc, char **argv)
{
    classify_args a;
    args_defaults(&a);
    if (argc > 1 && strcmp(argv[0], "--bench-frame") == 0) {
        if (sscanf(argv[1], "%dx%d", &a.bench_w, &a.bench_h) != 2 || a.bench_w < 80 ||
            a.bench_h < 24 || a.bench_w > 1000 || a.bench_h > 1000)
            return cli_fail("--bench-frame needs WxH, 80x24 to 1000x1000");
        a.plain = 1; /* no terminal wanted */
        argc -= 2;
        argv += 2;
        a.bench = 1;
    }
    int rc = config_parse(table, argc, argv, on_option, &a);
    if (rc)
        return rc;
    if (a.help) {
        usage(stdout);
        return 0;
    }
    if (a.race && !a.plain)
        return cli_fail("--race is for --plain (on the screen, R races)");
    const char *why = cli_no_terminal();
    if (!a.plain && !a.svg && why)
        return cli_fail("the screen needs a terminal (%s): give --plain or --svg", why);
    /* before --plain prints anything */
    if ((rc = cli_check_outfile("svg", a.svg)) != 0)
        return rc;
    char err[1024];
    if (a.scene && apply_scene(&a, err, sizeof err) < 0)
        return cli_fail("--scene: %s", err); /* as trace and landscape say it */
    if (settle_model(&a, err, sizeof err) < 0) {
        if (a.scene)
            scene_free(&a.lesson);
        return cli_fail("%s", err);
    }
    point_set ps;
    if (open_data(&a, &ps, err, sizeof err) < 0) {
        if (a.scene)
            scene_free(&a.lesson);
        return cli_fail("%s", err);
    }
    a.m.classes = ps.classes;
    double *p0 = malloc(classify_param_count(&a.m) * sizeof *p0);
    classify_points view = points_view(&ps);
    classify_trainer t;
    int demo = strcmp(ps.name, "demo") == 0 && !is_file(a.data ? a.data : "demo");
    if (!p0 || initial_params(&a, demo, p0, err, sizeof err) < 0 ||
        classify_trainer_init(&t, &a.m, &view, p0, &a.opt) < 0) {
        free(p0);
        points_free(&ps);
        if (a.scene)
            scene_free(&a.lesson);
        return cli_fail("%s", p0 ? err : "out of memory");
    }
    free(p0);
    if (a.bench) {
        rc = bench(&t, ps.name, &a);
    } else if (a.plain) {
        rc = run_plain(&a, &ps, &t);
    } else if (a.svg) {
        while (t.iter < a.iters && classify_trainer_step(&t) == 0)
            ;
        rc = 0;
    } else {
        classifyview_config vc = {&t, ps.name, theme_get(a.theme), a.scene ? &a.lesson : NULL,
                                  a.scene ? a.iters : 0};
        rc = classifyview_run(&vc, err, sizeof err) < 0 ? cli_fail("%s", err) : 0;
    }
    if (rc == 0 && a.svg) {
        classify_svg pic = {&t, ps.name, theme_get(a.theme)};
        if (classify_svg_write(a.svg, &pic, err, sizeof err) < 0)
            rc = cli_fail("%s", err);
    }
    classify_trainer_free(&t);
    points_free(&ps);
    if (a.scene)
        scene_free(&a.lesson);
    return rc;
}
