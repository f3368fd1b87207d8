/* The gradient check, the same for every model: centered differences at
 * sampled entries of the flat parameter vector against the analytic
 * gradient, in double precision, and the one verdict on a relative error
 * that the headless command, the panel and the walkthroughs all print. */
#ifndef DESCENT_GRADCHECK_H
#define DESCENT_GRADCHECK_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    size_t index;     /* into the flat parameter vector */
    double analytic;
    double numeric;   /* centered difference */
    double rel_error; /* |a - n| / max(|a|, |n|), 0 when both are 0 */
    double h;         /* the step used */
    int kinks;        /* 0: no kink (hinge, ReLU) crossed at step h; 1: crossed,
                         so the step was shrunk until none was; 2: still crossed */
    int block;        /* the model's parameter block holding the entry */
} gradcheck_entry;

typedef enum {
    GRADCHECK_GOOD,       /* <= 1e-7 */
    GRADCHECK_ACCEPTABLE, /* < 1e-4: acceptable near a kink */
    GRADCHECK_SUSPICIOUS, /* 1e-4 .. 1e-2 */
    GRADCHECK_WRONG       /* > 1e-2 */
} gradcheck_verdict;

/* |a - n| / max(|a|, |n|), 0 when both are 0. */
double gradcheck_rel_error(double analytic, double numeric);
gradcheck_verdict gradcheck_judge(double rel_error);
/* One word: "good", "acceptable", "suspicious", "wrong". */
const char *gradcheck_word(gradcheck_verdict v);
/* The word with its meaning and bounds: "good (<= 1e-7)",
 * "acceptable near a kink (< 1e-4)", "suspicious (1e-4 .. 1e-2)",
 * "wrong (> 1e-2)". */
const char *gradcheck_text(gradcheck_verdict v);

/* The loss at w (double precision, no gradient). sides (may be NULL)
 * receives one byte per kink of the model (which side of each hinge or ReLU
 * w sits on), gradcheck_run's `cells` of them. */
typedef double (*gradcheck_loss_fn)(void *ctx, const double *w, uint8_t *sides);

/* Checks k entries drawn from rng (a gsl_rng) of the p parameters w against
 * grad, the analytic gradient at w. When some kink changes sides between
 * w - h and w + h the step is shrunk (by 100, up to 3 times) and the entry
 * says so. out[i].block is left 0. Returns 0, or -1 when out of memory. */
int gradcheck_run(gradcheck_loss_fn loss, void *ctx, size_t cells, const double *w,
                  const double *grad, size_t p, int k, double h, void *rng, gradcheck_entry *out);

#endif
