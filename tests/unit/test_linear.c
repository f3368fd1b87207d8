/* The linear classifier against a naive reference written here: scores by
 * plain loops in double, the per-row losses of core/loss.h, finite
 * differences of that reference for the gradient; then the single-precision
 * path against the double one, threads against no threads, the gradient
 * check itself, and the fused training step against the loss and gradient
 * followed by the optimizer's step. */
#include "check.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/linear.h"
#include "core/loss.h"

#define D 12
#define C 4
#define N 9

typedef struct {
    uint8_t x[N * D];
    uint8_t y[N];
    double mean[D];
    size_t idx[N];
    double w[C * (D + 1)];
} toy;

static void make_toy(toy *t, unsigned long seed, double wscale)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    for (int i = 0; i < N * D; i++)
        t->x[i] = (uint8_t)gsl_rng_uniform_int(r, 256);
    for (int i = 0; i < N; i++)
        t->y[i] = (uint8_t)gsl_rng_uniform_int(r, C);
    for (int j = 0; j < D; j++) {
        double s = 0;
        for (int i = 0; i < N; i++)
            s += t->x[i * D + j];
        t->mean[j] = s / N;
    }
    /* a shuffled minibatch with a repeat, as sampling with replacement gives */
    for (int i = 0; i < N; i++)
        t->idx[i] = (size_t)((i * 5 + 2) % N);
    t->idx[3] = t->idx[7];
    for (int k = 0; k < C * (D + 1); k++)
        t->w[k] = wscale * gsl_ran_gaussian(r, 1.0);
    gsl_rng_free(r);
}

/* The reference: per-image scores by loops, per-row losses, mean, plus R(W). */
static double naive_loss(const toy *t, const double *w, linear_model m, reg_kind rk, double reg)
{
    double total = 0;
    for (int b = 0; b < N; b++) {
        const uint8_t *x = t->x + t->idx[b] * D;
        double s[C];
        for (int c = 0; c < C; c++) {
            s[c] = w[c * (D + 1) + D];
            for (int j = 0; j < D; j++)
                s[c] += w[c * (D + 1) + j] * (x[j] - t->mean[j]);
        }
        int y = t->y[t->idx[b]];
        total += m == LINEAR_SVM ? loss_svm_row(s, C, y, 1.0, NULL, NULL)
                                 : loss_softmax_row(s, C, y, NULL, NULL);
    }
    return total / N + loss_reg(w, C * (D + 1), rk, reg, NULL);
}

static linear_config config(linear_model m, reg_kind rk, double reg, int threads)
{
    return (linear_config){.model = m, .classes = C, .dim = D, .reg_kind = rk, .reg = reg,
                           .threads = threads};
}

static void check_against_naive(linear_model m, reg_kind rk, double reg)
{
    toy t;
    make_toy(&t, 11, 1e-3);
    linear_config cfg = config(m, rk, reg, 1);
    linear_data d = {t.x, t.y, N, NULL};
    double grad[C * (D + 1)], fd[C * (D + 1)], w2[C * (D + 1)];
    linear_loss got;
    assert_int_equal(linear_loss_grad_exact(&cfg, t.mean, t.w, &d, t.idx, N, &got, grad), 0);
    double want = naive_loss(&t, t.w, m, rk, reg);
    assert_close(got.loss, want, 1e-12);
    assert_close(got.reg_loss, loss_reg(t.w, C * (D + 1), rk, reg, NULL), 1e-12);
    /* every entry of the gradient against centered differences of the reference */
    memcpy(w2, t.w, sizeof w2);
    const double h = 1e-6;
    for (int k = 0; k < C * (D + 1); k++) {
        w2[k] = t.w[k] + h;
        double up = naive_loss(&t, w2, m, rk, reg);
        w2[k] = t.w[k] - h;
        double down = naive_loss(&t, w2, m, rk, reg);
        w2[k] = t.w[k];
        fd[k] = (up - down) / (2 * h);
        assert_near(grad[k], fd[k], 1e-5 * fmax(1.0, fabs(fd[k])));
    }

    /* the float path, with and without the second thread */
    for (int threads = 1; threads <= 2; threads++) {
        cfg.threads = threads;
        linear l;
        assert_int_equal(linear_init(&l, &cfg, t.mean, N), 0);
        double g2[C * (D + 1)];
        linear_loss fast = linear_loss_grad(&l, t.w, &d, t.idx, N, g2);
        assert_close(fast.loss, want, 1e-5);
        for (int k = 0; k < C * (D + 1); k++)
            assert_near(g2[k], grad[k], 1e-4 * fmax(1.0, fabs(grad[k])));
        linear_free(&l);
    }
}

static void test_svm_l2(void **s) { (void)s; check_against_naive(LINEAR_SVM, REG_L2, 0.7); }
static void test_svm_l1(void **s) { (void)s; check_against_naive(LINEAR_SVM, REG_L1, 0.3); }
static void test_softmax_l2(void **s) { (void)s; check_against_naive(LINEAR_SOFTMAX, REG_L2, 0.7); }
static void test_softmax_elastic(void **s)
{
    (void)s;
    check_against_naive(LINEAR_SOFTMAX, REG_ELASTIC, 0.2);
}

/* A hand example: one image, D = 1, mean 0, C = 3. x = 2: scores are
 * w_c0 * 2 + w_c1 = (1*2+0, 0*2+1, -1*2+3) = (2, 1, 1), y = 1:
 * SVM: max(0, 2-1+1) + 0 + max(0, 1-1+1) = 2 + 1 = 3. */
static void test_hand_example(void **state)
{
    (void)state;
    uint8_t x[1] = {2}, y[1] = {1};
    double mean[1] = {0}, w[6] = {1, 0, 0, 1, -1, 3}, grad[6];
    size_t idx[1] = {0};
    linear_data d = {x, y, 1, NULL};
    linear_config cfg = {.model = LINEAR_SVM, .classes = 3, .dim = 1, .reg_kind = REG_L2};
    linear_loss got;
    assert_int_equal(linear_loss_grad_exact(&cfg, mean, w, &d, idx, 1, &got, grad), 0);
    assert_near(got.loss, 3.0, 1e-15);
    /* dscores (1, -2, 1); dW = dscores outer (2, 1) */
    double want[6] = {2, 1, -4, -2, 2, 1};
    for (int k = 0; k < 6; k++)
        assert_near(grad[k], want[k], 1e-15);
    /* softmax: -log(e^1 / (e^2 + e^1 + e^1)) = log(e + 2) */
    cfg.model = LINEAR_SOFTMAX;
    assert_int_equal(linear_loss_grad_exact(&cfg, mean, w, &d, idx, 1, &got, NULL), 0);
    assert_near(got.loss, log(exp(1.0) + 2.0), 1e-14);
}

static void test_gradcheck_passes(void **state)
{
    (void)state;
    toy t;
    make_toy(&t, 5, 1e-3);
    linear_data d = {t.x, t.y, N, NULL};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gradcheck_entry out[20];
    for (int m = 0; m < 2; m++) {
        linear_config cfg = config(m ? LINEAR_SOFTMAX : LINEAR_SVM, REG_L2, 0.5, 1);
        assert_int_equal(linear_gradcheck(&cfg, t.mean, t.w, &d, t.idx, N, 20, 1e-5, r, out), 0);
        /* at W ~ 1e-3 the worst of these is about 2e-7 (centered-difference
         * truncation with pixel-sized inputs); a wrong gradient is off by > 1e-2 */
        for (int k = 0; k < 20; k++) {
            if (out[k].rel_error >= 1e-6)
                fail_msg("model %d entry %zu: analytic %.10g numeric %.10g rel %.3g", m,
                         out[k].index, out[k].analytic, out[k].numeric, out[k].rel_error);
        }
    }
    gsl_rng_free(r);
}

/* Accuracy and confusion against argmax by hand, in chunks larger and
 * smaller than the evaluation buffer, with both thread counts. */
static void test_evaluate(void **state)
{
    (void)state;
    enum { M = 1300, DD = 5, CC = 3 };
    uint8_t *x = malloc(M * DD), *y = malloc(M);
    double mean[DD] = {100, 110, 120, 130, 140}, w[CC * (DD + 1)];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    for (int i = 0; i < M * DD; i++)
        x[i] = (uint8_t)gsl_rng_uniform_int(r, 256);
    for (int i = 0; i < M; i++)
        y[i] = (uint8_t)gsl_rng_uniform_int(r, CC);
    for (int k = 0; k < CC * (DD + 1); k++)
        w[k] = gsl_ran_gaussian(r, 1.0);
    long want[CC * CC] = {0}, correct = 0;
    for (int i = 0; i < M; i++) {
        double best = -1e300;
        int arg = 0;
        for (int c = 0; c < CC; c++) {
            double s = w[c * (DD + 1) + DD];
            for (int j = 0; j < DD; j++)
                s += w[c * (DD + 1) + j] * (x[i * DD + j] - mean[j]);
            if (s > best) {
                best = s;
                arg = c;
            }
        }
        want[y[i] * CC + arg]++;
        correct += arg == y[i];
    }
    linear_data d = {x, y, M, NULL};
    for (int threads = 1; threads <= 2; threads++) {
        linear_config cfg = {.model = LINEAR_SVM, .classes = CC, .dim = DD, .threads = threads};
        linear l;
        assert_int_equal(linear_init(&l, &cfg, mean, 200), 0);
        long conf[CC * CC];
        double acc = linear_evaluate(&l, w, &d, conf);
        assert_near(acc, (double)correct / M, 1e-15);
        for (int k = 0; k < CC * CC; k++)
            assert_int_equal(conf[k], want[k]);
        linear_free(&l);
    }
    gsl_rng_free(r);
    free(x);
    free(y);
}

/* A batch large enough to be split over both threads and to run in several
 * row blocks per thread (the last one short), with rows whose length is not
 * a multiple of the float padding and an odd number of classes (W's rows
 * split unevenly): the float path against the double one, which the tests
 * above check against the naive reference and finite differences. */
static void test_split_batch(void **state)
{
    (void)state;
    enum { M = 400, DD = 37, CC = 5, B = 150 };
    uint8_t *x = malloc(M * DD), *y = malloc(M);
    double mean[DD], w[CC * (DD + 1)], exact[CC * (DD + 1)], fast[CC * (DD + 1)];
    size_t idx[B];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 3);
    for (int i = 0; i < M * DD; i++)
        x[i] = (uint8_t)gsl_rng_uniform_int(r, 256);
    for (int i = 0; i < M; i++)
        y[i] = (uint8_t)gsl_rng_uniform_int(r, CC);
    linear_mean_image(x, M, DD, mean);
    for (int k = 0; k < CC * (DD + 1); k++)
        w[k] = 1e-3 * gsl_ran_gaussian(r, 1.0);
    for (int b = 0; b < B; b++)
        idx[b] = gsl_rng_uniform_int(r, M);
    linear_data d = {x, y, M, NULL};
    const reg_kind kinds[3] = {REG_L2, REG_L1, REG_ELASTIC};
    for (int m = 0; m < 2; m++)
        for (int k = 0; k < 3; k++) {
            linear_config cfg = {.model = m ? LINEAR_SOFTMAX : LINEAR_SVM, .classes = CC,
                                 .dim = DD, .reg_kind = kinds[k], .reg = 0.3};
            linear_loss want, got;
            assert_int_equal(linear_loss_grad_exact(&cfg, mean, w, &d, idx, B, &want, exact), 0);
            for (int threads = 1; threads <= 2; threads++) {
                cfg.threads = threads;
                linear l;
                assert_int_equal(linear_init(&l, &cfg, mean, B), 0);
                for (int again = 0; again < 2; again++) { /* the buffers are reused */
                    got = linear_loss_grad(&l, w, &d, idx, B, fast);
                    assert_int_equal(l.split, threads == 2);
                    assert_close(got.data_loss, want.data_loss, 1e-5);
                    assert_close(got.reg_loss, want.reg_loss, 1e-12);
                    for (int i = 0; i < CC * (DD + 1); i++)
                        assert_near(fast[i], exact[i], 1e-4 * fmax(1.0, fabs(exact[i])));
                }
                got = linear_loss_grad(&l, w, &d, idx, B, NULL); /* loss only */
                assert_close(got.loss, want.loss, 1e-5);
                linear_free(&l);
            }
        }
    gsl_rng_free(r);
    free(x);
    free(y);
}

/* One training run two ways, compared bit for bit at every step: the fused
 * linear_train_step against linear_loss_grad then optim_step (each in its
 * own workspace), for every optimizer, both penalties' paths, split and
 * unsplit batches, rows longer than an update chunk (701 entries) and
 * classes split unevenly (5: rows 0-1 and 2-4). Between steps the fused
 * workspace evaluates another W (its floats overwritten: not to be reused)
 * and W is changed by hand (linear_weights_changed); an SGD step so large
 * that the loss overflows is not taken by either. */
static void test_train_step_fused(void **state)
{
    (void)state;
    enum { M = 300, DD = 700, CC = 5, P = CC * (DD + 1), STEPS = 12 };
    uint8_t *x = malloc(M * DD), *y = malloc(M);
    double mean[DD], *w0 = malloc(P * sizeof *w0), *wa = malloc(P * sizeof *wa),
                     *wb = malloc(P * sizeof *wb), *ga = malloc(P * sizeof *ga),
                     *gb = malloc(P * sizeof *gb);
    size_t idx[150];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 5);
    for (int i = 0; i < M * DD; i++)
        x[i] = (uint8_t)gsl_rng_uniform_int(r, 256);
    for (int i = 0; i < M; i++)
        y[i] = (uint8_t)gsl_rng_uniform_int(r, CC);
    linear_mean_image(x, M, DD, mean);
    for (int k = 0; k < P; k++)
        w0[k] = 1e-3 * gsl_ran_gaussian(r, 1.0);
    linear_data d = {x, y, M, NULL};
    int steps = 0, untaken = 0;
    for (int kind = 0; kind <= OPTIM_COUNT; kind++) /* OPTIM_COUNT: the overflowing SGD */
        for (int v = 0; v < 4; v++) {
            int threads = v % 2 ? 2 : 1, n = v < 2 ? 150 : 10;
            linear_config cfg = {.model = v % 2 ? LINEAR_SOFTMAX : LINEAR_SVM, .classes = CC,
                                 .dim = DD, .reg_kind = v == 2 ? REG_L1 : REG_L2,
                                 .reg = 0.3, .threads = threads};
            optim_params op = optim_defaults(kind < OPTIM_COUNT ? (optim_kind)kind : OPTIM_SGD);
            op.lr = kind == OPTIM_COUNT ? 1e250 : kind >= OPTIM_ADAGRAD ? 1e-3 : 1e-6;
            linear la, lb;
            optim oa, ob;
            assert_int_equal(linear_init(&la, &cfg, mean, 150), 0);
            assert_int_equal(linear_init(&lb, &cfg, mean, 150), 0);
            assert_int_equal(optim_init(&oa, &op, P), 0);
            assert_int_equal(optim_init(&ob, &op, P), 0);
            memcpy(wa, w0, P * sizeof *wa);
            memcpy(wb, w0, P * sizeof *wb);
            for (int s = 0; s < STEPS; s++) {
                for (int b = 0; b < n; b++)
                    idx[b] = gsl_rng_uniform_int(r, M);
                linear_loss want = linear_loss_grad(&la, wa, &d, idx, n, ga);
                if (isfinite(want.loss))
                    optim_step(&oa, wa, ga);
                else
                    untaken++;
                linear_loss got = linear_train_step(&lb, wb, &d, idx, n, gb, &ob);
                assert_memory_equal(&got, &want, sizeof got);
                assert_memory_equal(wb, wa, P * sizeof *wa);
                assert_memory_equal(ob.delta, oa.delta, P * sizeof *oa.delta);
                assert_int_equal(ob.t, oa.t);
                assert_memory_equal(&ob.lr_now, &oa.lr_now, sizeof oa.lr_now);
                if (s == 4)
                    (void)linear_evaluate(&lb, w0, &d, NULL);
                if (s == 7) {
                    wa[3] = wb[3] = 2e-3;
                    linear_weights_changed(&lb);
                }
                steps++;
            }
            linear_free(&la);
            linear_free(&lb);
            optim_free(&oa);
            optim_free(&ob);
        }
    assert_int_equal(steps, (OPTIM_COUNT + 1) * 4 * STEPS);
    assert_true(untaken > 0);
    gsl_rng_free(r);
    free(x);
    free(y);
    free(w0);
    free(wa);
    free(wb);
    free(ga);
    free(gb);
}

static void test_mean_image(void **state)
{
    (void)state;
    uint8_t x[6] = {0, 255, 10, 1, 254, 11};
    double mean[3];
    linear_mean_image(x, 2, 3, mean);
    assert_near(mean[0], 0.5, 0);
    assert_near(mean[1], 254.5, 0);
    assert_near(mean[2], 10.5, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svm_l2),         cmocka_unit_test(test_svm_l1),
        cmocka_unit_test(test_softmax_l2),     cmocka_unit_test(test_softmax_elastic),
        cmocka_unit_test(test_hand_example),   cmocka_unit_test(test_gradcheck_passes),
        cmocka_unit_test(test_evaluate),       cmocka_unit_test(test_mean_image),
        cmocka_unit_test(test_split_batch),    cmocka_unit_test(test_train_step_fused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
