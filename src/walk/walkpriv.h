/* What the walkthrough builders share: the registry entry and the helpers
 * that fill a step. Private to src/walk/. */
#ifndef DESCENT_WALKPRIV_H
#define DESCENT_WALKPRIV_H

#include "../core/linear.h"
#include "walk.h"

struct walk_def {
    const char *name;
    const char *summary;
    const char *keys; /* scene keys it reads, space separated */
    void (*defaults)(walk_inputs *in);
    void (*build)(walk *w);
    /* The inputs' defaults on real images; NULL: the walkthrough has none. */
    void (*data_defaults)(walk_inputs *in);
};

extern const walk_def walk_def_svm, walk_def_regularization, walk_def_softmax,
    walk_def_svm_vs_softmax, walk_def_gradient, walk_def_step, walk_def_learning_rate,
    walk_def_random_search, walk_def_backprop, walk_def_features;

/* How '#' and '$' print a number in the mini-formats below. */
typedef enum {
    NF_SHORT, /* <= 2 decimals, trailing zeros dropped: 2.9, 0, 5.27 */
    NF_FIX2,  /* 0.13, 0.00 */
    NF_FIX5,  /* 1.25347 */
    NF_EXP,   /* 1 decimal from 1 up, else 2: 24.5, 164.0, 0.18 */
    NF_SIG3,  /* %.3g */
    NF_SIG4,  /* %.4g */
    NF_G6,    /* %.6g */
    NF_SCORE, /* as NF_SHORT with at least one decimal: 2.0, -1.7 (the slides' scores) */
    NF_FIX7,  /* 0.5930836: losses that differ in the 5th decimal */
    NF_LR,    /* %.6g with at least two decimals: 0.01, 0.10, 0.11 */
} numfmt;

void walk_num(char *buf, size_t len, double v, numfmt nf);

/* The mini-format of formulas, results, notes and titles:
 *   #  a double in the given numfmt      $  the same, in parentheses if negative
 *   @  a double as NF_SCORE              &  the same, in parentheses if negative
 *   %s a string   %d an int   %l a long   %% a percent sign
 *   {  }  begin and end the highlighted term (formulas only)
 * Everything else is copied. */

/* Adds a step titled by the mini-format; NULL when the walkthrough is full. */
walk_step *walk_add(walk *w, numfmt nf, const char *fmt, ...);
/* Appends to the formula (a '\n' starts a new line). */
void step_formula(walk_step *st, numfmt nf, const char *fmt, ...);
void step_result(walk_step *st, numfmt nf, const char *fmt, ...);
void step_note(walk_step *st, numfmt nf, const char *fmt, ...);

void step_table(walk_step *st, int nrows, int ncols, const char *corner);
void step_col(walk_step *st, int c, const char *label);
void step_row(walk_step *st, int r, const char *label);
void step_cell(walk_step *st, int r, int c, double v, numfmt nf);
/* A cell that shows (and edits) an input. */
void step_input(walk_step *st, int r, int c, double v, numfmt nf, walk_field f, int index);
void step_text(walk_step *st, int r, int c, const char *text);
void step_hl(walk_step *st, int r, int c);

/* A loss over a flat parameter vector W (rows x cols, row-major), as the
 * gradient and random-search walkthroughs need it: the toy set in the inputs
 * (walk_toy_model) or real images through the classifier (walk_real_model). */
#define WALK_SHOWN 12 /* parameters listed in the tables */
typedef struct walk_model walk_model;
struct walk_model {
    int nparam, rows, cols;
    int ndata;         /* examples `correct` counts */
    int nloss;         /* examples the loss averages over */
    double scale;      /* a random W is scale x randn */
    const char *what;  /* the data's name; NULL for the toy set */
    /* L(w); grad (may be NULL) receives dL/dw. Double precision. */
    double (*loss)(const walk_model *m, const double *w, double *grad);
    /* The same loss where many are needed (may be single precision). */
    double (*fast_loss)(const walk_model *m, const double *w);
    /* Correct predictions on the ndata examples. */
    int (*correct)(const walk_model *m, const double *w);
    /* Names parameter k ("cat,1"). */
    void (*param_name)(const walk_model *m, int k, char *buf, size_t len);
    /* Gradient check at k entries of W. Returns 0 or -1. */
    int (*check)(const walk_model *m, const walk_inputs *in, const double *w, int k,
                 gradcheck_entry *out);
    /* Follows the slope with SGD for in->steps steps; loss and correct
     * predictions after marks[0..nmarks) steps (increasing). Returns 0 or -1. */
    int (*descend)(const walk_model *m, const walk_inputs *in, const long *marks, int nmarks,
                   double *loss, int *correct);
    int nshown;
    int shown[WALK_SHOWN]; /* the parameters the tables list */
    const void *ctx;
};

/* The model of walk w: real images when w->data is set, else the toy set.
 * Returns 0 or -1 (out of memory). */
int walk_model_open(walk_model *m, const walk *w);
void walk_model_close(walk_model *m);
int walk_real_model(walk_model *m, const walk_inputs *in, const walk_data *d);
void walk_real_free(walk_model *m);

/* The inputs' toy set (classes x dim weights over ndata examples). */
void walk_toy_model(walk_model *m, const walk_inputs *in);
void walk_toy_defaults(walk_inputs *in);
/* in->W as a flat class-major vector. */
void walk_toy_weights(const walk_inputs *in, double *w);

#endif
