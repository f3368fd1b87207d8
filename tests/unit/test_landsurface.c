/* The slice of a real model as the explorer's surface. Its Hessian: on a
 * linear SVM the data loss is piecewise linear in (a, b), so away from its
 * kinks the Hessian is the L2 penalty's alone, 2 lambda [|D1|^2, D1.D2;
 * D1.D2, |D2|^2], derived by hand; its eigenvalues and condition number
 * against the closed form. Its value is the exact objective, its gradient
 * the full gradient (model_loss_grad_exact) projected on D1 and D2. And a
 * race of recorded tracks replays them point by point. */
#include "check.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <string.h>

#include "core/landscape.h"
#include "core/race.h"

#define D 12
#define C 4
#define N 30
#define P (C * (D + 1))

typedef struct {
    uint8_t x[N * D], y[N];
    double mean[D], w0[P];
    model_config cfg;
    landscape_plane p;
    model_data d;
    landscape_eval e;
} slice_fix;

static const double lambda = 0.7;

static void slice_make(slice_fix *f, linear_model loss)
{
    memset(f, 0, sizeof *f);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 4);
    for (int i = 0; i < N * D; i++)
        f->x[i] = (uint8_t)gsl_rng_uniform_int(r, 256);
    for (int i = 0; i < N; i++)
        f->y[i] = (uint8_t)gsl_rng_uniform_int(r, C);
    for (int k = 0; k < P; k++)
        f->w0[k] = 0.1 * gsl_ran_gaussian(r, 1.0); /* the penalty's curvature well above rounding */
    gsl_rng_free(r);
    f->cfg = (model_config){.arch = MODEL_LINEAR, .loss = loss, .classes = C, .dim = D,
                            .reg_kind = REG_L2, .reg = lambda, .threads = 1};
    landscape_block blocks[C];
    char err[128];
    assert_int_equal(landscape_plane_init(&f->p, f->w0, P), 0);
    int nb = landscape_blocks(&f->cfg, blocks, C);
    assert_int_equal(landscape_random(&f->p, blocks, nb, 9, err, sizeof err), 0);
    f->d = (model_data){.x = f->x, .y = f->y, .n = N};
    assert_int_equal(landscape_eval_init(&f->e, &f->cfg, f->mean, &f->d, N, &f->p), 0);
}

static void slice_free(slice_fix *f)
{
    landscape_eval_free(&f->e);
    landscape_plane_free(&f->p);
}

static void test_hessian_of_the_penalty(void **state)
{
    (void)state;
    static slice_fix f;
    slice_make(&f, LINEAR_SVM);
    landscape_plane p = f.p;
    landscape_eval e = f.e;
    landscape_work *w = landscape_work_new(&e);
    double g11 = 0, g12 = 0, g22 = 0;
    for (int k = 0; k < P; k++) {
        g11 += p.d1[k] * p.d1[k];
        g12 += p.d1[k] * p.d2[k];
        g22 += p.d2[k] * p.d2[k];
    }
    double h3[3], eig[2], cond;
    landscape_hessian(&e, 0.3, -0.2, 1e-4, w, h3, eig, &cond);
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
    slice_free(&f);
}

/* f(a, b) is the objective at W0 + a D1 + b D2; its gradient D1 . grad L
 * and D2 . grad L, from the model's own double-precision gradient (softmax:
 * smooth, so central differences of step 0.01 are close; the SVM's kinks
 * would sit inside the step). */
static void test_surface_value_and_gradient(void **state)
{
    (void)state;
    static slice_fix f;
    slice_make(&f, LINEAR_SOFTMAX);
    const double view[4] = {-0.02, 0.02, -0.02, 0.02}; /* steps of 1e-4 */
    landscape_surface ls;
    assert_int_equal(landscape_surface_init(&ls, &f.e, view, "a test plane"), 0);
    assert_true(ls.s.sampled);
    assert_string_equal(ls.s.note, "a test plane");
    size_t idx[N];
    for (int i = 0; i < N; i++)
        idx[i] = (size_t)i;
    static double w[P], grad[P];
    const double pts[3][2] = {{0.3, -0.2}, {-0.7, 0.4}, {0.05, 0.9}};
    for (int k = 0; k < 3; k++) {
        double a = pts[k][0], b = pts[k][1], g[2];
        landscape_at(&f.p, a, b, w);
        model_loss l;
        assert_int_equal(model_loss_grad_exact(&f.cfg, f.mean, w, &f.d, idx, N, &l, grad), 0);
        double ga = 0, gb = 0;
        for (int j = 0; j < P; j++) {
            ga += f.p.d1[j] * grad[j];
            gb += f.p.d2[j] * grad[j];
        }
        double v = ls.s.eval(&ls.s, a, b, g, NULL);
        assert_close(v, l.loss, 1e-12);
        assert_near(g[0], ga, 1e-5 * (fabs(ga) + 1));
        assert_near(g[1], gb, 1e-5 * (fabs(gb) + 1));
    }
    landscape_surface_free(&ls);
    slice_free(&f);
}

/* A racer with a track replays it: point k at step k, its f the track's,
 * then stays at the last point; the run that diverged is marked at it. */
static void test_race_replays_tracks(void **state)
{
    (void)state;
    static slice_fix f;
    slice_make(&f, LINEAR_SOFTMAX);
    const double view[4] = {-1, 1, -1, 1};
    landscape_surface ls;
    assert_int_equal(landscape_surface_init(&ls, &f.e, view, "tracks"), 0);
    const race_point pa[3] = {{0, 0, 5}, {0.1, 0.2, 4}, {0.3, 0.1, 3}};
    const race_point pb[2] = {{0, 0, 5}, {-0.5, 0.5, 9}};
    const long ia[3] = {0, 10, 20}, ib[2] = {0, 1};
    const double da[3] = {0, 0.1, 0.2}, db[2] = {0, 1};
    race_track ta = {pa, 3, ia, da, 2.5, 0.4, 0}, tb = {pb, 2, ib, db, 1e9, 0.1, 1};
    race_config cfg;
    race_config_defaults(&cfg, &ls.s);
    cfg.nopt = 2;
    cfg.opt[0].p = optim_defaults(OPTIM_SGD);
    cfg.opt[1].p = optim_defaults(OPTIM_BFGS);
    cfg.track[0] = &ta;
    cfg.track[1] = &tb;
    race rc;
    assert_int_equal(race_init(&rc, &cfg), 0);
    assert_true(rc.r[0].f == 5);
    race_run(&rc, 4);
    const racer *a = &rc.r[0], *b = &rc.r[1];
    assert_int_equal(a->len, 3);
    for (int k = 0; k < 3; k++) {
        assert_true(a->path[k].x == pa[k].x);
        assert_true(a->path[k].y == pa[k].y);
        assert_true(a->path[k].f == pa[k].f);
    }
    assert_true(a->pos[0] == 0.3);
    assert_true(a->f == 3);
    assert_int_equal(a->status, RACER_RUNNING);
    assert_int_equal(b->status, RACER_DIVERGED);
    assert_int_equal(b->diverged_at, 1);
    assert_true(b->pos[0] == -0.5);
    race_free(&rc);
    landscape_surface_free(&ls);
    slice_free(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_hessian_of_the_penalty),
                                       cmocka_unit_test(test_surface_value_and_gradient),
                                       cmocka_unit_test(test_race_replays_tracks)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
