/* The landscape view's Hessian of the slice: on a linear SVM the data loss
 * is piecewise linear in (a, b), so away from its kinks the Hessian is the
 * L2 penalty's alone, 2 lambda [|D1|^2, D1.D2; D1.D2, |D2|^2], derived by
 * hand; its eigenvalues and condition number against the closed form. */
#include "check.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "core/landscape.h"
#include "tui/landview.h"

#define D 12
#define C 4
#define N 30
#define P (C * (D + 1))

static void test_hessian_of_the_penalty(void **state)
{
    (void)state;
    uint8_t x[N * D], y[N];
    double mean[D] = {0}, w0[P];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 4);
    for (int i = 0; i < N * D; i++)
        x[i] = (uint8_t)gsl_rng_uniform_int(r, 256);
    for (int i = 0; i < N; i++)
        y[i] = (uint8_t)gsl_rng_uniform_int(r, C);
    for (int k = 0; k < P; k++)
        w0[k] = 0.1 * gsl_ran_gaussian(r, 1.0); /* the penalty's curvature well above rounding */
    gsl_rng_free(r);
    const double lambda = 0.7;
    model_config cfg = {.arch = MODEL_LINEAR, .loss = LINEAR_SVM, .classes = C, .dim = D,
                        .reg_kind = REG_L2, .reg = lambda, .threads = 1};
    landscape_plane p;
    landscape_block blocks[C];
    char err[128];
    assert_int_equal(landscape_plane_init(&p, w0, P), 0);
    int nb = landscape_blocks(&cfg, blocks, C);
    assert_int_equal(landscape_random(&p, blocks, nb, 9, err, sizeof err), 0);
    model_data d = {.x = x, .y = y, .n = N};
    landscape_eval e;
    assert_int_equal(landscape_eval_init(&e, &cfg, mean, &d, N, &p), 0);
    landscape_work *w = landscape_work_new(&e);
    double g11 = 0, g12 = 0, g22 = 0;
    for (int k = 0; k < P; k++) {
        g11 += p.d1[k] * p.d1[k];
        g12 += p.d1[k] * p.d2[k];
        g22 += p.d2[k] * p.d2[k];
    }
    double h3[3], eig[2], cond;
    landview_hessian(&e, 0.3, -0.2, 1e-4, w, h3, eig, &cond);
    double scale = 2 * lambda * (g11 + g22);
    assert_near(h3[0], 2 * lambda * g11, 1e-4 * scale);
    assert_near(h3[1], 2 * lambda * g12, 1e-4 * scale);
    assert_near(h3[2], 2 * lambda * g22, 1e-4 * scale);
    /* eigenvalues of [[p, q], [q, r]]: (p + r)/2 -+ sqrt(((p - r)/2)^2 + q^2) */
    double pp = 2 * lambda * g11, q = 2 * lambda * g12, rr = 2 * lambda * g22;
    double m = (pp + rr) / 2, dd = sqrt((pp - rr) * (pp - rr) / 4 + q * q);
    assert_near(eig[0], m - dd, 1e-4 * scale);
    assert_near(eig[1], m + dd, 1e-4 * scale);
    assert_close(cond, (m + dd) / (m - dd), 1e-3);
    landscape_work_free(w);
    landscape_eval_free(&e);
    landscape_plane_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_hessian_of_the_penalty)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
