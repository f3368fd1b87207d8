#include "gradcheck.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

double gradcheck_rel_error(double analytic, double numeric)
{
    double scale = fmax(fabs(analytic), fabs(numeric));
    return scale > 0 ? fabs(analytic - numeric) / scale : 0.0;
}

gradcheck_verdict gradcheck_judge(double rel_error)
{
    if (rel_error <= 1e-7)
        return GRADCHECK_GOOD;
    if (rel_error < 1e-4)
        return GRADCHECK_ACCEPTABLE;
    if (rel_error <= 1e-2)
        return GRADCHECK_SUSPICIOUS;
    return GRADCHECK_WRONG; /* also NaN: no comparison above holds */
}

const char *gradcheck_word(gradcheck_verdict v)
{
    static const char *const words[] = {"good", "acceptable", "suspicious", "wrong"};
    return words[v];
}

const char *gradcheck_text(gradcheck_verdict v)
{
    static const char *const texts[] = {"good (<= 1e-7)", "acceptable near a kink (< 1e-4)",
                                        "suspicious (1e-4 .. 1e-2)", "wrong (> 1e-2)"};
    return texts[v];
}

typedef struct {
    gradcheck_loss_fn loss;
    void *ctx;
    size_t cells;
    double *wp;          /* w with one entry moved */
    uint8_t *up, *down;  /* the kinks' sides at w + h and w - h */
} probe;

/* The centered difference at entry i with step h; *crossed says whether a
 * kink changed sides between w - h and w + h. */
static double centered(probe *pr, const double *w, size_t i, double h, int *crossed)
{
    int sides = pr->cells > 0;
    pr->wp[i] = w[i] + h;
    double up = pr->loss(pr->ctx, pr->wp, sides ? pr->up : NULL);
    pr->wp[i] = w[i] - h;
    double down = pr->loss(pr->ctx, pr->wp, sides ? pr->down : NULL);
    pr->wp[i] = w[i];
    *crossed = sides && memcmp(pr->up, pr->down, pr->cells) != 0;
    return (up - down) / (2 * h);
}

int gradcheck_run(gradcheck_loss_fn loss, void *ctx, size_t cells, const double *w,
                  const double *grad, size_t p, int k, double h, void *rng, gradcheck_entry *out)
{
    probe pr = {loss, ctx, cells, malloc((p ? p : 1) * sizeof *pr.wp), malloc(cells ? cells : 1),
                malloc(cells ? cells : 1)};
    int rc = -1;
    if (pr.wp && pr.up && pr.down && p > 0) {
        memcpy(pr.wp, w, p * sizeof *pr.wp);
        for (int t = 0; t < k; t++) {
            size_t i = gsl_rng_uniform_int(rng, p);
            gradcheck_entry c = {.index = i, .analytic = grad[i], .h = h};
            int crossed;
            c.numeric = centered(&pr, w, i, h, &crossed);
            /* a piecewise-linear loss: across a kink the difference is not
             * the derivative, so step again inside the linear piece */
            for (int tries = 0; crossed && tries < 3; tries++) {
                c.kinks = 1;
                c.h *= 1e-2;
                c.numeric = centered(&pr, w, i, c.h, &crossed);
            }
            c.kinks = c.kinks && crossed ? 2 : c.kinks;
            c.rel_error = gradcheck_rel_error(c.analytic, c.numeric);
            out[t] = c;
        }
        rc = 0;
    }
    free(pr.wp);
    free(pr.up);
    free(pr.down);
    return rc;
}
