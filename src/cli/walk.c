/* descent walk: lists the walkthroughs, prints one as plain text (--plain),
 * or presents it on the terminal. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../data/dataset.h"
#include "../tui/walkview.h"
#include "../walk/walk.h"
#include "../walk/walkscene.h"
#include "commands.h"
#include "blas.h"
#include "config.h"
#include "options.h"
#include "output.h"

#define WIDTH 80
#define ROW_MAX 512 /* a table row as built, before escaping */

enum { OPT_PLAIN, OPT_SCENE, OPT_DATA, OPT_DATASET, OPT_THEME, OPT_HELP };

static const cli_option table[] = {
    [OPT_PLAIN] = {"plain", NULL, "print every step as plain text"},
    [OPT_SCENE] = {"scene", "FILE", "take the inputs from FILE's [walkthrough NAME] section"},
    [OPT_DATA] = {"data", "DIR", "gradient, random-search, features: CIFAR-10 or IDX files in DIR"},
    [OPT_DATASET] = {"dataset", "NAME", "gradient, random-search, features: cifar10, "
                                        "fashion-mnist, synthetic or toy"},
    [OPT_THEME] = {"theme", "NAME", "the presenter's colours (see descent --help)"},
    [OPT_HELP] = {"help", NULL, "show this help"},
    {0},
};

typedef struct {
    const char *name;
    const char *scene;
    const char *data, *dataset;
    int plain, help;
    theme_id theme;
} walk_args;

static int on_option(void *ctx, int index, const char *value, char *err, size_t errlen)
{
    walk_args *a = ctx;
    switch (index) {
    case -1:
        if (a->name) {
            cli_unexpected(value, err, errlen);
            return -1;
        }
        a->name = value;
        return 0;
    case OPT_PLAIN: a->plain = 1; return 0;
    case OPT_SCENE: a->scene = value; return 0;
    case OPT_DATA: a->data = value; return 0;
    case OPT_THEME: return theme_parse(value, &a->theme, err, errlen);
    case OPT_DATASET:
        if (strcmp(value, "cifar10") && strcmp(value, "fashion-mnist") &&
            strcmp(value, "synthetic") && strcmp(value, "toy")) {
            snprintf(err, errlen, "'%s' is not one of cifar10, fashion-mnist, synthetic, toy",
                     value);
            return -1;
        }
        a->dataset = value;
        return 0;
    default: a->help = 1; return 0;
    }
}

static void usage(FILE *out)
{
    fputs("usage: descent walk                       list the walkthroughs\n"
          "       descent walk NAME [--scene FILE]   present one, step by step\n"
          "       descent walk NAME --plain          print every step as text\n\n",
          out);
    cli_print_options(out, table);
    fputs("\nData: gradient and random-search run on real images through the classifier's\n"
          "own loss, gradient check and trainer: with --data DIR or --dataset NAME that\n"
          "data, else the first found as in `descent train` (CIFAR-10 in $DESCENT_DATA,\n"
          "./data, ~/.cache/descent/, then Fashion-MNIST, then a synthetic set). The loss\n"
          "averages over the first 500 training images, accuracies use up to 1000 test\n"
          "images, W and sampling come from the seed: the same data gives the same text\n"
          "(but for the measured time of a forward pass). --dataset toy, or --scene\n"
          "without a data option, uses the lecture's toy set (3 classes, 4 pixels,\n"
          "9 images) instead, whose numbers never change. features shows the first\n"
          "training image (--dataset toy: a hand-made 16x16 one).\n",
          out);
    fputs("\nKeys: right/space/PgDn next, left/Backspace/PgUp previous, Home/End,\n"
          "tab/arrows with e: choose an input, Enter: set it, b: large type, q: quit.\n",
          out);
}

static void list(void)
{
    for (int i = 0; i < walk_count(); i++)
        printf("  %-15s %s\n", walk_name(i), walk_summary(i));
}

/* --- plain text --------------------------------------------------------- */

/* Prints text (one logical line) wrapped to WIDTH: breaks before " = "
 * where it can, else at a space; continuation lines are indented further. */
static void print_wrapped(const char *text, size_t n, int indent, int more, int at_eq)
{
    int first = 1;
    while (n > 0) {
        int pad = first ? indent : indent + more;
        size_t room = (size_t)(WIDTH - pad);
        size_t cut = n;
        if (n > room) {
            cut = 0;
            for (size_t i = room; at_eq && i > room / 3 && !cut; i--)
                if (text[i] == ' ' && i + 2 < n && text[i + 1] == '=' && text[i + 2] == ' ')
                    cut = i;
            for (size_t i = room; i > 0 && !cut; i--)
                if (text[i] == ' ')
                    cut = i;
            if (!cut)
                cut = room;
        }
        char chunk[WIDTH + 1], safe[4 * WIDTH + 1];
        snprintf(chunk, sizeof chunk, "%.*s", (int)cut, text);
        printf("%*s%s\n", pad, "", output_safe(chunk, safe, sizeof safe));
        text += cut;
        n -= cut;
        while (n > 0 && *text == ' ')
            text++, n--;
        first = 0;
    }
}

static void print_lines(const char *text, int indent, int more, int at_eq)
{
    while (*text) {
        const char *nl = strchr(text, '\n');
        size_t n = nl ? (size_t)(nl - text) : strlen(text);
        print_wrapped(text, n, indent, more, at_eq);
        text += n + (nl != NULL);
    }
}

/* Prints a row built in buf without its trailing blanks. */
static void put_row(char *buf)
{
    size_t n = strlen(buf);
    while (n > 0 && buf[n - 1] == ' ')
        buf[--n] = '\0';
    char safe[4 * ROW_MAX];
    puts(output_safe(buf, safe, sizeof safe));
}

/* Numbers right-aligned so their last digits line up; the highlighted cell
 * is wrapped in [ ], its brackets standing just outside the column. */
static void print_table(const walk_step *st)
{
    int w[WALK_TCOLS + 1];
    char line[ROW_MAX];
    size_t n;
    walk_table_widths(st, w);
    n = (size_t)snprintf(line, sizeof line, "  %-*s", w[0], st->corner);
    for (int c = 0; c < st->ncols && n < sizeof line; c++)
        n += (size_t)snprintf(line + n, sizeof line - n, "  %*s ", w[1 + c] - 1, st->col[c]);
    put_row(line);
    for (int r = 0; r < st->nrows; r++) {
        n = (size_t)snprintf(line, sizeof line, "  %-*s", w[0], st->row[r]);
        for (int c = 0; c < st->ncols && n < sizeof line; c++) {
            const char *t = st->cell[r][c].text;
            if (r == st->hl_row && c == st->hl_col)
                n += (size_t)snprintf(line + n, sizeof line - n, " %*s[%s]",
                                      w[1 + c] - 2 - (int)strlen(t), "", t);
            else
                n += (size_t)snprintf(line + n, sizeof line - n, "  %*s ", w[1 + c] - 1, t);
        }
        put_row(line);
    }
}

static void print_step(const walk_step *st, int k, int n)
{
    char title[WALK_TITLE_MAX + 32];
    snprintf(title, sizeof title, "== Step %d/%d: %s", k + 1, n, st->title);
    printf("\n");
    print_lines(title, 0, 3, 0);
    printf("\n");
    if (st->formula[0]) {
        print_lines(st->formula, 2, 4, 1);
        printf("\n");
    }
    if (st->nrows > 0 && st->ncols > 0) {
        print_table(st);
        printf("\n");
    }
    if (st->result[0]) {
        char buf[WALK_RESULT_MAX + 16];
        snprintf(buf, sizeof buf, "Result: %s", st->result);
        print_lines(buf, 2, 4, 0);
    }
    if (st->note[0])
        print_lines(st->note, 2, 0, 0);
}

static void print_walk(const walk *w)
{
    int i = walk_index(w);
    char head[256];
    snprintf(head, sizeof head, "descent walk %s: %s", walk_name(i), walk_summary(i));
    print_lines(head, 0, 4, 0);
    for (int k = 0; k < w->nsteps; k++)
        print_step(&w->step[k], k, w->nsteps);
}

/* --- data --------------------------------------------------------------- */

/* Real images unless the toy set is asked for, or a scene brings its own
 * numbers and no data option overrides it. */
static int use_data(const walk_args *a, int i)
{
    if (!walk_takes_data(i) || (a->dataset && strcmp(a->dataset, "toy") == 0))
        return 0;
    return a->data || a->dataset || !a->scene;
}

/* The walk's view of a loaded dataset: "CIFAR-10 (binary layout)" from the
 * source "CIFAR-10 (binary layout) in DIR". */
static void walk_data_from(walk_data *wd, const dataset *ds)
{
    memset(wd, 0, sizeof *wd);
    if (ds->synthetic) {
        snprintf(wd->what, sizeof wd->what, "a SYNTHETIC set (not real images)");
    } else {
        const char *in = strstr(ds->source, " in ");
        int len = in ? (int)(in - ds->source) : (int)strlen(ds->source);
        snprintf(wd->what, sizeof wd->what, "%.*s", len, ds->source);
    }
    wd->classes = ds->classes;
    wd->dim = ds->dim;
    wd->width = ds->width;
    wd->height = ds->height;
    wd->channels = ds->channels;
    for (int c = 0; c < ds->classes && c < WALK_MAX_CLASSES; c++)
        snprintf(wd->class_names[c], sizeof wd->class_names[c], "%s", ds->class_names[c]);
    wd->x = ds->train.x;
    wd->y = ds->train.y;
    wd->n = ds->train.n;
    wd->tx = ds->test.x;
    wd->ty = ds->test.y;
    wd->tn = ds->test.n;
}

/* Of the settings file only the theme applies here: its scene and data
 * keys mean the explorer's and the panel's. */
static const cli_option settings_here[] = {{"theme", "NAME", "", 0}, {0}};

int walk_main(int argc, char **argv)
{
    walk_args a = {0};
    a.theme = THEME_DARK;
    int rc = config_argv(settings_here, argc, argv, &argc, &argv);
    if (rc == 0)
        rc = cli_parse(table, argc, argv, on_option, &a);
    if (rc)
        return rc;
    if (a.help) {
        usage(stdout);
        return 0;
    }
    if (!a.name) {
        if (a.plain || a.scene)
            return cli_fail("name a walkthrough (valid: %s)", walk_names_list());
        list();
        return 0;
    }
    int i = walk_find(a.name);
    if (i < 0)
        return cli_fail("unknown walkthrough '%s' (valid: %s)", a.name, walk_names_list());
    if ((a.data || a.dataset) && !walk_takes_data(i))
        return cli_fail("--data and --dataset apply to gradient, random-search and "
                        "features, not %s",
                        a.name);
    if (a.data && a.dataset)
        return cli_fail("give --data DIR or --dataset NAME, not both");
    walk *w = malloc(sizeof *w);
    if (!w)
        return cli_fail("out of memory");
    walk_init(w, i);
    char err[1024];
    dataset ds;
    walk_data wd;
    int have_ds = 0;
    if (use_data(&a, i)) {
        /* before the data takes the room OpenBLAS's buffer needs */
        if (blas_reserve(1, err, sizeof err) < 0) {
            free(w);
            return cli_fail("%s", err);
        }
        if (dataset_open(a.data, a.dataset, 1, &ds, err, sizeof err) < 0) {
            free(w);
            return cli_fail("%s", err);
        }
        have_ds = 1;
        if (ds.searched[0])
            fprintf(stderr, "descent: walk: CIFAR-10 not found (looked in %s); using %s\n",
                    ds.searched, ds.source);
        walk_data_from(&wd, &ds);
        walk_use_data(w, &wd);
    }
    if (a.scene && walkscene_load(w, a.scene, err, sizeof err) < 0) {
        if (have_ds)
            dataset_free(&ds);
        free(w);
        return cli_fail("%s", err);
    }
    if (have_ds && !a.scene)
        walk_build(w);
    rc = 0;
    if (a.plain)
        print_walk(w);
    else if (walkview_run(w, theme_get(a.theme), err, sizeof err) < 0)
        rc = cli_fail("%s", err);
    if (have_ds)
        dataset_free(&ds);
    free(w);
    return rc;
}
