/* Walkthroughs of the lecture's loss calculations, as data: a walkthrough is
 * a list of steps, each with a title, a formula with the numbers substituted,
 * its result and a table of labelled numbers with one cell highlighted. The
 * numbers come from the core functions applied to the walkthrough's inputs;
 * changing an input and calling walk_build recomputes every step. No I/O. */
#ifndef DESCENT_WALK_H
#define DESCENT_WALK_H

#include <stddef.h>
#include <stdint.h>

#define WALK_MAX_CLASSES 10
#define WALK_MAX_ROWS 10   /* rows of the score table */
#define WALK_MAX_DIM 8     /* length of x, w1, w2 and of a data example */
#define WALK_MAX_DATA 24   /* examples of the toy data set */
#define WALK_MAX_LRS 6
#define WALK_MAX_TS 6
#define WALK_NAME_MAX 16

#define WALK_MAX_STEPS 48
#define WALK_TROWS 16
#define WALK_TCOLS 8
#define WALK_LABEL_MAX 16
#define WALK_CELL_MAX 16
#define WALK_TITLE_MAX 80
#define WALK_FORMULA_MAX 768
#define WALK_RESULT_MAX 160
#define WALK_NOTE_MAX 400

/* The editable inputs. Each walkthrough uses some of them (walk_keys). */
typedef enum {
    WF_NONE,
    WF_SCORES, /* scores[row][class] */
    WF_X,
    WF_W1,
    WF_W2,
    WF_W,      /* W[class][dim] */
    WF_DATA,   /* data[example][dim] */
    WF_POINT,
    WF_GRAD,
    WF_LRS,
    WF_GRAPH,  /* backprop: the graph's x, y, z */
    WF_INPUT,  /* backprop: the net's input */
    WF_NET,    /* backprop: the net's W1, b1, W2, b2 */
    WF_COUNT
} walk_field;

typedef enum { WALK_LOSS_SVM, WALK_LOSS_SOFTMAX } walk_loss;

typedef struct {
    int nclass;
    char classes[WALK_MAX_CLASSES][WALK_NAME_MAX];
    int nrow;
    double scores[WALK_MAX_ROWS][WALK_MAX_CLASSES];
    int labels[WALK_MAX_ROWS];
    double margin;            /* SVM delta */
    double lambda;            /* regularization strength */
    int dim;                  /* length of x, w1, w2 and of each example */
    double x[WALK_MAX_DIM], w1[WALK_MAX_DIM], w2[WALK_MAX_DIM];
    double W[WALK_MAX_CLASSES][WALK_MAX_DIM];
    int ndata;
    double data[WALK_MAX_DATA][WALK_MAX_DIM];
    int data_labels[WALK_MAX_DATA];
    walk_loss loss;
    double h;                 /* finite-difference step */
    double point[2], grad[2]; /* step: where and with what gradient */
    double lr;                /* base learning rate (step, schedules, sgd) */
    int nlr;
    double lrs[WALK_MAX_LRS]; /* learning-rate: the Booth regimes */
    long steps;               /* learning-rate: Booth steps; random-search: SGD steps */
    int nt;
    long ts[WALK_MAX_TS];     /* learning-rate: where the schedules are evaluated */
    long tries;               /* random-search: random W drawn */
    unsigned long seed;
    double graph[3];          /* backprop: x, y, z of f = (x + y) z */
    double input[2];          /* backprop: the 2-2-2 net's input */
    double net[12];           /* backprop: W1 (2x2), b1, W2 (2x2), b2, row-major */
} walk_inputs;

typedef struct {
    double v;
    char text[WALK_CELL_MAX]; /* empty: a blank cell */
    walk_field field;         /* the input this cell shows, WF_NONE if derived */
    int index;                /* flat index into that input */
} walk_cell;

typedef struct {
    char title[WALK_TITLE_MAX];
    char formula[WALK_FORMULA_MAX]; /* lines separated by '\n' */
    int hl_start, hl_len;           /* the highlighted term in formula; len 0: none */
    char result[WALK_RESULT_MAX];
    char note[WALK_NOTE_MAX];
    int nrows, ncols;
    char corner[WALK_LABEL_MAX];
    char col[WALK_TCOLS][WALK_LABEL_MAX];
    char row[WALK_TROWS][WALK_LABEL_MAX];
    walk_cell cell[WALK_TROWS][WALK_TCOLS];
    int hl_row, hl_col;             /* -1: none */
} walk_step;

typedef struct walk_def walk_def;

/* Real images for the gradient and random-search walkthroughs (the cli loads
 * them; the walk only reads them). Images are n x dim bytes, as the
 * classifier takes them. */
typedef struct {
    char what[64];           /* "CIFAR-10 (binary layout)" */
    int classes, dim;
    int width, height, channels; /* dim = width x height x channels */
    char class_names[WALK_MAX_CLASSES][WALK_NAME_MAX];
    const uint8_t *x, *y;    /* training images: the mean image, the loss, SGD */
    size_t n;
    const uint8_t *tx, *ty;  /* held-out images: the accuracies */
    size_t tn;
} walk_data;

/* Training images the loss of the gradient and random-search walkthroughs
 * averages over (the first ones of walk_data). */
#define WALK_DATA_LOSS_IMAGES 500
/* Held-out images their accuracies are measured on, at most. */
#define WALK_DATA_TEST_IMAGES 1000

typedef struct {
    const walk_def *def;
    const walk_data *data;   /* NULL: the toy set in the inputs */
    walk_inputs in;
    int nsteps;
    walk_step step[WALK_MAX_STEPS];
} walk;

int walk_count(void);
const char *walk_name(int i);
const char *walk_summary(int i);
/* Index of a walkthrough by name, or -1. */
int walk_find(const char *name);
/* Index of the walkthrough w shows. */
int walk_index(const walk *w);
/* "svm, regularization, ...", for error messages. */
const char *walk_names_list(void);
/* The scene-file keys walkthrough i reads, e.g. "classes scores labels margin". */
const char *walk_keys(int i);

/* Sets the lecture's inputs of walkthrough i and builds its steps. */
void walk_init(walk *w, int i);
/* Whether walkthrough i can run on real images (walk_use_data). */
int walk_takes_data(int i);
/* Runs w on d (NULL: back to the toy set) with the defaults that suit it
 * (learning rate, tries); call walk_build (or load a scene) next. */
void walk_use_data(walk *w, const walk_data *d);
/* Recomputes every step from w->in. */
void walk_build(walk *w);
/* Points to the input a cell shows, or NULL when the cell is derived. */
double *walk_input(walk_inputs *in, walk_field f, int index);
/* Sets the input behind cell (r, c) of step s and recomputes. Returns 0, or
 * -1 when that cell is derived, not an input. */
int walk_edit(walk *w, int s, int r, int c, double value);
/* Checks inputs after editing (counts, labels in range). Returns 0 or -1
 * with a message. */
int walk_validate(const walk_inputs *in, char *err, size_t errlen);

/* Column widths for drawing a step's table: widths[0] is the row labels,
 * widths[1 + j] column j; each includes room for a highlight mark. */
void walk_table_widths(const walk_step *st, int widths[WALK_TCOLS + 1]);

#endif
