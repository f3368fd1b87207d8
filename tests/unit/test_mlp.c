/* The two-layer net: loss and gradient on a 2-2-2 net against values
 * derived by hand, the gradient check on every block of a small net for each
 * activation and loss, the single-precision path against the double one,
 * its layout, one thread against two, and the trainer driving it through
 * the model interface. */
#include "check.h"

#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

#include <stdio.h>
#include <unistd.h>
#include <zlib.h>

#include "core/model.h"
#include "core/train.h"
#include "data/checkpoint.h"
#include "data/synth.h"

static char err[1024];

/* x = (1, 2), W1 = [.5 -.3; .2 .4], b1 = (.2, -.1), W2 = [1 -1; .5 2],
 * b2 = (0, .1), class 0. By hand: z = (.5 - .6 + .2, .2 + .8 - .1) = (.1, .9),
 * both ReLUs on, a = z; s = (.1 - .9, .05 + 1.8 + .1) = (-.8, 1.95).
 * Softmax: p0 = 1 / (1 + e^2.75) = 1 / 16.642632 = 0.0600867, loss
 * ln 16.642632 = 2.8119676; ds = (p0 - 1, p1) = (-.9399133, .9399133);
 * dW2 = ds^T a; dA = ds W2 = (-.9399133 + .4699567, .9399133 + 1.8798267)
 * = (-.4699567, 2.8197400) = dz; dW1 = dz^T x; db = ds, dz.
 * L2 at 0.1: 0.1 (.25 + .09 + .04 + .16 + 1 + 1 + .25 + 4) = 0.679, and
 * 0.2 W added to dW1, dW2 (not the biases). */
static const double hand_w[12] = {0.5, -0.3, 0.2, 0.4, 0.2, -0.1, 1.0, -1.0, 0.5, 2.0, 0.0, 0.1};

static model_config tiny(linear_model loss, double reg)
{
    return (model_config){.arch = MODEL_MLP, .loss = loss, .classes = 2, .dim = 2, .hidden = 2,
                          .act = MLP_RELU, .reg_kind = REG_L2, .reg = reg, .threads = 1};
}

static void expect_grad(const double *g, const double *want, double tol)
{
    for (int i = 0; i < 12; i++)
        assert_near(g[i], want[i], tol);
}

static void test_hand_softmax(void **state)
{
    (void)state;
    const double p = 0.9399133498, dz0 = -0.4699566749, dz1 = 2.8197400495;
    const double want[12] = {dz0 + 0.2 * 0.5, 2 * dz0 - 0.2 * 0.3, dz1 + 0.2 * 0.2,
                             2 * dz1 + 0.2 * 0.4, dz0, dz1,
                             -p * 0.1 + 0.2, -p * 0.9 - 0.2, p * 0.1 + 0.1, p * 0.9 + 0.4, -p, p};
    const float xf[2] = {1, 2};
    const uint8_t y[1] = {0};
    const double mean[2] = {0, 0};
    model_data d = {NULL, y, 1, xf};
    size_t idx[1] = {0};
    model_config c = tiny(LINEAR_SOFTMAX, 0.1);
    assert_int_equal(model_params(&c), 12);
    double g[12];
    model_loss out;
    assert_int_equal(model_loss_grad_exact(&c, mean, hand_w, &d, idx, 1, &out, g), 0);
    assert_near(out.data_loss, 2.8119675890, 1e-9);
    assert_near(out.reg_loss, 0.679, 1e-12);
    expect_grad(g, want, 1e-9);
    /* the sgemm path, in single precision */
    model m;
    assert_int_equal(model_init(&m, &c, mean, 4), 0);
    out = model_loss_grad(&m, hand_w, &d, idx, 1, g);
    assert_near(out.data_loss, 2.8119675890, 1e-5);
    expect_grad(g, want, 1e-5);
    assert_near(model_dead_fraction(&m), 0, 0);
    assert_near(model_evaluate(&m, hand_w, &d, NULL), 0, 0); /* class 1 wins */
    model_free(&m);
    assert_int_equal(model_predict(&c, mean, hand_w, &d, 0), 1);
}

/* The SVM on the same net: margin s1 - s0 + 1 = 3.75, ds = (-1, 1),
 * dA = (-1 + .5, 1 + 2) = (-.5, 3), dW1 = dz^T x, dW2 = ds^T a. */
static void test_hand_svm(void **state)
{
    (void)state;
    const double want[12] = {-0.5, -1, 3, 6, -0.5, 3, -0.1, -0.9, 0.1, 0.9, -1, 1};
    const float xf[2] = {1, 2};
    const uint8_t y[1] = {0};
    const double mean[2] = {0, 0};
    model_data d = {NULL, y, 1, xf};
    size_t idx[1] = {0};
    model_config c = tiny(LINEAR_SVM, 0);
    double g[12];
    model_loss out;
    assert_int_equal(model_loss_grad_exact(&c, mean, hand_w, &d, idx, 1, &out, g), 0);
    assert_near(out.loss, 3.75, 1e-12);
    expect_grad(g, want, 1e-12);
    /* a dead unit: b1[1] = -2 switches the second ReLU off */
    double w[12];
    memcpy(w, hand_w, sizeof w);
    w[5] = -2;
    model m;
    assert_int_equal(model_init(&m, &c, mean, 4), 0);
    model_loss_grad(&m, w, &d, idx, 1, g);
    assert_near(model_dead_fraction(&m), 0.5, 0);
    assert_near(g[2], 0, 0); /* no gradient through a dead unit */
    assert_near(g[3], 0, 0);
    model_free(&m);
}

static void test_layout(void **state)
{
    (void)state;
    model_config c = {.arch = MODEL_MLP, .loss = LINEAR_SOFTMAX, .classes = 10, .dim = 3072,
                      .hidden = 100, .act = MLP_TANH};
    assert_int_equal(model_params(&c), 3072 * 100 + 100 + 100 * 10 + 10);
    model_block b[MODEL_BLOCKS_MAX];
    assert_int_equal(model_blocks(&c, b), 4);
    assert_string_equal(b[0].name, "W1");
    assert_string_equal(b[3].name, "b2");
    assert_int_equal(b[2].offset, 307300);
    assert_int_equal(b[1].regularized, 0);
    assert_int_equal(b[2].regularized, 1);
    int row, col;
    assert_int_equal(model_block_of(&c, 3072 * 5 + 7, &row, &col), 0);
    assert_int_equal(row * 10000 + col, 50007);
    assert_int_equal(model_block_of(&c, 307200 + 42, &row, &col), 1);
    assert_int_equal(col, 42);
    assert_int_equal(model_block_of(&c, 307300 + 100 * 3 + 9, &row, &col), 2);
    assert_int_equal(row * 1000 + col, 3009);
    assert_int_equal(model_block_of(&c, 308309, &row, &col), 3);
    assert_int_equal(col, 9);
    char what[64];
    assert_string_equal(model_describe(&c, what, sizeof what), "a two-layer net (100 tanh, softmax)");
    assert_int_equal(model_arch_from_name("mlp"), MODEL_MLP);
    assert_int_equal(mlp_act_from_name("sigmoid"), MLP_SIGMOID);
    assert_int_equal(mlp_act_from_name("gelu"), -1);
    /* biases start at 0, weights at std * randn */
    c.dim = 6;
    c.hidden = 5;
    c.classes = 3;
    double w[6 * 5 + 5 + 15 + 3];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    model_init_weights(&c, w, 1e-2, r);
    gsl_rng_free(r);
    for (int i = 30; i < 35; i++)
        assert_near(w[i], 0, 0);
    for (int i = 50; i < 53; i++)
        assert_near(w[i], 0, 0);
    assert_true(w[0] != 0 && fabs(w[0]) < 0.1 && w[49] != 0);
}

/* Every block, every activation and loss of a 7-5-3 net on 6 examples:
 * relative error below 1e-7 (the ReLU's and hinge's kinks shrink the step). */
static void test_gradcheck_all_blocks(void **state)
{
    (void)state;
    float xf[6 * 7];
    uint8_t y[6] = {0, 1, 2, 2, 1, 0};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    for (int i = 0; i < 6 * 7; i++)
        xf[i] = (float)(gsl_rng_uniform(r) * 4 - 2);
    double mean[7] = {0.1, -0.2, 0, 0.3, 0, 0, -0.1};
    model_data d = {NULL, y, 6, xf};
    size_t idx[6] = {0, 1, 2, 3, 4, 5};
    for (int act = 0; act < MLP_ACT_COUNT; act++)
        for (int loss = 0; loss < 2; loss++) {
            model_config c = {.arch = MODEL_MLP, .loss = (linear_model)loss, .classes = 3,
                              .dim = 7, .hidden = 5, .act = (mlp_act)act,
                              .reg_kind = REG_ELASTIC, .reg = 0.05, .threads = 1};
            size_t p = model_params(&c);
            double w[7 * 5 + 5 + 15 + 3];
            assert_int_equal(p, sizeof w / sizeof w[0]);
            for (size_t i = 0; i < p; i++)
                w[i] = gsl_rng_uniform(r) - 0.5;
            gradcheck_entry out[200];
            assert_int_equal(model_gradcheck(&c, mean, w, &d, idx, 6, 200, 1e-5, r, out), 0);
            int seen[4] = {0};
            for (int k = 0; k < 200; k++) {
                int row, col;
                assert_int_equal(out[k].block, model_block_of(&c, out[k].index, &row, &col));
                seen[out[k].block]++;
                /* an SVM's dscores are whole numbers that can cancel to an
                 * exact 0, where the centered difference leaves ~1e-11 of
                 * rounding and the relative error says 1: judged absolutely */
                int zero = out[k].analytic == 0 && fabs(out[k].numeric) < 1e-9;
                if (out[k].rel_error >= 1e-7 && !zero)
                    fail_msg("%s %s entry %zu: analytic %g numeric %g rel %g", mlp_act_name(act),
                             loss ? "softmax" : "svm", out[k].index, out[k].analytic,
                             out[k].numeric, out[k].rel_error);
            }
            for (int b = 0; b < 4; b++)
                assert_true(seen[b] > 0);
        }
    gsl_rng_free(r);
}

/* The sgemm path agrees with the double one on real-sized images. */
static void test_float_matches_double(void **state)
{
    (void)state;
    dataset ds;
    assert_int_equal(synth_make(2, 400, 10, &ds, err, sizeof err), 0);
    model_data d = {ds.train.x, ds.train.y, ds.train.n, NULL};
    model_config c = {.arch = MODEL_MLP, .loss = LINEAR_SOFTMAX, .classes = ds.classes,
                      .dim = ds.dim, .hidden = 30, .act = MLP_RELU, .reg_kind = REG_L2,
                      .reg = 1e-3, .threads = 2};
    double *mean = malloc((size_t)ds.dim * sizeof *mean);
    modeldata_mean(&d, ds.dim, mean);
    size_t p = model_params(&c);
    double *w = malloc(p * sizeof *w), *g1 = malloc(p * sizeof *g1), *g2 = malloc(p * sizeof *g2);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    model_init_weights(&c, w, 1e-2, r);
    size_t idx[100];
    for (int i = 0; i < 100; i++)
        idx[i] = (size_t)(i * 3);
    model m;
    assert_int_equal(model_init(&m, &c, mean, 100), 0);
    model_loss a = model_loss_grad(&m, w, &d, idx, 100, g1), b;
    assert_int_equal(model_loss_grad_exact(&c, mean, w, &d, idx, 100, &b, g2), 0);
    assert_close(a.loss, b.loss, 1e-5);
    double num = 0, den = 0;
    for (size_t i = 0; i < p; i++) {
        num += (g1[i] - g2[i]) * (g1[i] - g2[i]);
        den += g2[i] * g2[i];
    }
    assert_true(sqrt(num / den) < 1e-4);
    /* evaluation counts the predictions made one example at a time */
    long conf[100];
    double acc = model_evaluate(&m, w, &d, conf);
    long right = 0;
    for (size_t i = 0; i < d.n; i++)
        right += model_predict(&c, mean, w, &d, i) == d.y[i];
    assert_near(acc, right / (double)d.n, 1.5 / (double)d.n);
    model_free(&m);
    gsl_rng_free(r);
    free(mean);
    free(w);
    free(g1);
    free(g2);
    dataset_free(&ds);
}

/* A synthetic set of n images, its training part as model data, and that
 * part's mean (the caller frees it). */
static double *synth_mean(unsigned long seed, size_t n, dataset *ds, model_data *d)
{
    assert_int_equal(synth_make(seed, n, 10, ds, err, sizeof err), 0);
    *d = (model_data){ds->train.x, ds->train.y, ds->train.n, NULL};
    double *mean = malloc((size_t)ds->dim * sizeof *mean);
    modeldata_mean(d, ds->dim, mean);
    return mean;
}

static double rel_diff(const double *a, const double *b, size_t p)
{
    double num = 0, den = 0;
    for (size_t i = 0; i < p; i++) {
        num += (a[i] - b[i]) * (a[i] - b[i]);
        den += b[i] * b[i];
    }
    return sqrt(num / den);
}

/* One thread and two (the batch's rows split, each with its own partial
 * gradient, the passes over W shared) give the double path's loss and
 * gradient, and each other's, for every activation and penalty kind, on
 * batches too small to split, odd ones and full ones; so do their
 * evaluations. */
static void test_threads_agree(void **state)
{
    (void)state;
    dataset ds;
    model_data d;
    double *mean = synth_mean(4, 600, &ds, &d);
    const struct {
        linear_model loss;
        mlp_act act;
        reg_kind reg;
    } kinds[] = {{LINEAR_SOFTMAX, MLP_RELU, REG_L2},
                 {LINEAR_SVM, MLP_TANH, REG_ELASTIC},
                 {LINEAR_SOFTMAX, MLP_SIGMOID, REG_L1}};
    const int sizes[] = {10, 37, 200};
    size_t idx[200];
    for (int i = 0; i < 200; i++)
        idx[i] = (size_t)(i * 7 % 600);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        model_config c = {.arch = MODEL_MLP, .loss = kinds[k].loss, .classes = ds.classes,
                          .dim = ds.dim, .hidden = 25, .act = kinds[k].act,
                          .reg_kind = kinds[k].reg, .reg = 0.05, .threads = 1};
        size_t p = model_params(&c);
        double *w = malloc(p * sizeof *w), *g[3];
        for (int t = 0; t < 3; t++)
            g[t] = malloc(p * sizeof *g[t]);
        model_init_weights(&c, w, 1e-2, r);
        for (size_t i = mlp_layout_of(&(mlp_config){.classes = c.classes, .dim = c.dim,
                                                    .hidden = c.hidden}).b1;
             i < p; i++)
            w[i] += 0.01 * (double)(i % 7); /* biases not all 0 */
        model one, two;
        assert_int_equal(model_init(&one, &c, mean, 200), 0);
        c.threads = 2;
        assert_int_equal(model_init(&two, &c, mean, 200), 0);
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            int n = sizes[s];
            model_loss a = model_loss_grad(&one, w, &d, idx, n, g[0]);
            model_loss b = model_loss_grad(&two, w, &d, idx, n, g[1]), e;
            assert_int_equal(model_loss_grad_exact(&c, mean, w, &d, idx, n, &e, g[2]), 0);
            assert_close(a.loss, e.loss, 1e-5);
            assert_close(b.loss, e.loss, 1e-5);
            assert_close(a.reg_loss, e.reg_loss, 1e-12);
            assert_close(b.reg_loss, e.reg_loss, 1e-12);
            assert_true(rel_diff(g[0], g[2], p) < 1e-4);
            assert_true(rel_diff(g[1], g[2], p) < 1e-4);
            assert_true(rel_diff(g[1], g[0], p) < 1e-5);
            /* the loss alone is the same loss */
            model_loss b2 = model_loss_grad(&two, w, &d, idx, n, NULL);
            assert_close(b2.loss, b.loss, 1e-12);
        }
        long conf1[100], conf2[100];
        double acc1 = model_evaluate(&one, w, &d, conf1), acc2 = model_evaluate(&two, w, &d, conf2);
        assert_near(acc1, acc2, 1.5 / (double)d.n);
        long total = 0;
        for (int i = 0; i < c.classes * c.classes; i++)
            total += conf2[i];
        assert_int_equal(total, (long)d.n);
        model_free(&one);
        model_free(&two);
        free(w);
        for (int t = 0; t < 3; t++)
            free(g[t]);
    }
    gsl_rng_free(r);
    free(mean);
    dataset_free(&ds);
}

/* Two threads split W1's input columns for dW1 and the update (a multiple
 * of 16 of them to the first from 64 on, half of them below): on float
 * feature rows of a few dimensions, odd ones among them, the net on two
 * threads gives the double path's loss and gradient and one thread's, and
 * its training step is model_loss_grad then optim_step, bit for bit. */
static void test_column_split_any_dim(void **state)
{
    (void)state;
    const int dims[] = {2, 5, 37, 64, 100};
    enum { N = 48 };
    size_t idx[N];
    for (int i = 0; i < N; i++)
        idx[i] = (size_t)(i * 5 % N);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    for (size_t k = 0; k < sizeof dims / sizeof dims[0]; k++) {
        int dim = dims[k];
        float *xf = malloc((size_t)N * (size_t)dim * sizeof *xf);
        uint8_t y[N];
        double *mean = calloc((size_t)dim, sizeof *mean);
        for (int i = 0; i < N * dim; i++)
            xf[i] = (float)(gsl_rng_uniform(r) * 2 - 1);
        for (int i = 0; i < N; i++)
            y[i] = (uint8_t)(i % 3);
        model_data d = {NULL, y, N, xf};
        model_config c = {.arch = MODEL_MLP, .loss = LINEAR_SOFTMAX, .classes = 3, .dim = dim,
                          .hidden = 7, .act = MLP_RELU, .reg_kind = REG_L2, .reg = 0.01,
                          .threads = 1};
        size_t p = model_params(&c);
        double *w = malloc(p * sizeof *w), *w2 = malloc(p * sizeof *w2), *g[3];
        for (int t = 0; t < 3; t++)
            g[t] = malloc(p * sizeof *g[t]);
        model_init_weights(&c, w, 0.3, r);
        model one, two, step;
        assert_int_equal(model_init(&one, &c, mean, N), 0);
        c.threads = 2;
        assert_int_equal(model_init(&two, &c, mean, N), 0);
        assert_int_equal(model_init(&step, &c, mean, N), 0);
        model_loss a = model_loss_grad(&one, w, &d, idx, N, g[0]);
        model_loss b = model_loss_grad(&two, w, &d, idx, N, g[1]), e;
        assert_int_equal(model_loss_grad_exact(&c, mean, w, &d, idx, N, &e, g[2]), 0);
        assert_close(a.loss, e.loss, 1e-5);
        assert_close(b.loss, e.loss, 1e-5);
        assert_true(rel_diff(g[1], g[2], p) < 1e-4);
        assert_true(rel_diff(g[1], g[0], p) < 1e-5);
        /* the fused, split step against the plain one */
        optim_params op = optim_defaults(OPTIM_MOMENTUM);
        op.lr = 1e-2;
        optim oa, ob;
        assert_int_equal(optim_init(&oa, &op, p), 0);
        assert_int_equal(optim_init(&ob, &op, p), 0);
        memcpy(w2, w, p * sizeof *w);
        for (int t = 0; t < 3; t++) {
            model_loss la = model_loss_grad(&two, w, &d, idx, N, g[0]);
            optim_step(&oa, w, g[0]);
            model_loss lb = model_train_step(&step, w2, &d, idx, N, g[1], &ob);
            assert_memory_equal(&la, &lb, sizeof la);
            assert_memory_equal(w, w2, p * sizeof *w);
            assert_memory_equal(oa.vel, ob.vel, OPTIM_VECTORS * p * sizeof *oa.vel);
        }
        optim_free(&oa);
        optim_free(&ob);
        model_free(&one);
        model_free(&two);
        model_free(&step);
        free(w);
        free(w2);
        for (int t = 0; t < 3; t++)
            free(g[t]);
        free(mean);
        free(xf);
    }
    gsl_rng_free(r);
}

/* The training step (the update split over the threads and fused with
 * the summing of their gradients) is model_loss_grad then optim_step, bit
 * for bit: weights, every optimizer's state (delta too) and the loss, for
 * each kind, on one thread and two, step after step; the L1 penalty too
 * (not fused). The floats of w the update leaves for the next step are
 * w's: the next step's loss and gradient say so. A loss that is not finite
 * takes no step. */
static void test_train_step_is_the_step(void **state)
{
    (void)state;
    dataset ds;
    model_data d;
    double *mean = synth_mean(5, 300, &ds, &d);
    size_t idx[40];
    for (int i = 0; i < 40; i++)
        idx[i] = (size_t)(i * 11 % 300);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    const reg_kind regs[] = {REG_L2, REG_L1};
    for (int threads = 1; threads <= 2; threads++)
        for (int k = 0; k < OPTIM_COUNT; k++)
            for (int q = 0; q < 2; q++) {
                model_config c = {.arch = MODEL_MLP, .loss = LINEAR_SOFTMAX,
                                  .classes = ds.classes, .dim = ds.dim, .hidden = 13,
                                  .act = MLP_RELU, .reg_kind = regs[q], .reg = 0.01,
                                  .threads = threads};
                size_t p = model_params(&c);
                double *wa = malloc(p * sizeof *wa), *wb = malloc(p * sizeof *wb),
                       *ga = malloc(p * sizeof *ga), *gb = malloc(p * sizeof *gb),
                       *other = malloc(p * sizeof *other);
                model_init_weights(&c, wa, 1e-2, r);
                memcpy(wb, wa, p * sizeof *wa);
                optim_params op = optim_defaults((optim_kind)k);
                op.lr = 1e-3;
                optim oa, ob;
                model ma, mb;
                assert_int_equal(optim_init(&oa, &op, p), 0);
                assert_int_equal(optim_init(&ob, &op, p), 0);
                assert_int_equal(model_init(&ma, &c, mean, 40), 0);
                assert_int_equal(model_init(&mb, &c, mean, 40), 0);
                for (int step = 0; step < 4; step++) {
                    int n = step == 3 ? 9 : 40; /* the last too small to split */
                    model_loss la = model_loss_grad(&ma, wa, &d, idx, n, ga);
                    optim_step(&oa, wa, ga);
                    if (step == 2) { /* another w's floats in the workspace */
                        for (size_t i = 0; i < p; i++)
                            other[i] = 2 * wb[i];
                        assert_true(model_evaluate(&mb, other, &d, NULL) >= 0);
                    }
                    model_loss lb = model_train_step(&mb, wb, &d, idx, n, gb, &ob);
                    assert_memory_equal(&la, &lb, sizeof la);
                    assert_memory_equal(wa, wb, p * sizeof *wa);
                    assert_memory_equal(oa.vel, ob.vel, OPTIM_VECTORS * p * sizeof *oa.vel);
                    assert_int_equal(oa.t, ob.t);
                }
                /* a weight gone to infinity (written here: said so): the loss
                 * is not finite, w and the optimizer stay as they were */
                wb[1] = INFINITY;
                model_weights_changed(&mb);
                memcpy(wa, wb, p * sizeof *wa);
                model_loss lb = model_train_step(&mb, wb, &d, idx, 40, gb, &ob);
                assert_false(isfinite(lb.loss));
                assert_memory_equal(wa, wb, p * sizeof *wa);
                assert_memory_equal(oa.vel, ob.vel, OPTIM_VECTORS * p * sizeof *oa.vel);
                assert_int_equal(ob.t, 4);
                assert_memory_equal(&oa.lr_now, &ob.lr_now, sizeof oa.lr_now);
                model_free(&ma);
                model_free(&mb);
                optim_free(&oa);
                optim_free(&ob);
                free(wa);
                free(wb);
                free(ga);
                free(gb);
                free(other);
            }
    gsl_rng_free(r);
    free(mean);
    dataset_free(&ds);
}

static void test_trainer_drives_the_net(void **state)
{
    (void)state;
    dataset ds;
    assert_int_equal(synth_make(3, 2000, 10, &ds, err, sizeof err), 0);
    model_data tr = {ds.train.x, ds.train.y, 1500, NULL},
               va = {ds.train.x + 1500 * (size_t)ds.dim, ds.train.y + 1500, 500, NULL};
    train_config c = train_defaults();
    c.arch = MODEL_MLP;
    c.hidden = 20;
    c.act = MLP_RELU;
    c.model = LINEAR_SOFTMAX;
    c.init_scale = 1e-3;
    c.reg = 1e-3;
    c.opt = optim_defaults(OPTIM_ADAM);
    c.opt.lr = 1e-3;
    c.iters = 100;
    c.batch = 50;
    c.eval_every = 0;
    trainer a, b;
    assert_int_equal(trainer_init(&a, &c, ds.classes, ds.dim, &tr, &va, NULL, NULL, err,
                                  sizeof err), 0);
    assert_int_equal(a.n_params, (size_t)ds.dim * 20 + 20 + 20 * 10 + 10);
    double acc0 = trainer_evaluate(&a, &va, NULL);
    for (int k = 0; k < 100; k++)
        assert_int_equal(trainer_step(&a), 0);
    assert_true(trainer_evaluate(&a, &va, NULL) > acc0 + 0.3);
    assert_true(a.loss[99] < a.loss[0]);
    /* the same seed, the same net */
    assert_int_equal(trainer_init(&b, &c, ds.classes, ds.dim, &tr, &va, NULL, NULL, err,
                                  sizeof err), 0);
    for (int k = 0; k < 100; k++)
        assert_int_equal(trainer_step(&b), 0);
    assert_memory_equal(a.w, b.w, a.n_params * sizeof *a.w);
    trainer_free(&a);
    trainer_free(&b);
    dataset_free(&ds);
}

static uint8_t *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static uint8_t buf[4096];
    *len = fread(buf, 1, sizeof buf, f);
    fclose(f);
    return buf;
}

/* A net's checkpoint keeps its shape; a version 1 file (no model part)
 * still reads, as the linear classifier. */
static void test_checkpoint_names_the_model(void **state)
{
    (void)state;
    char path[] = "/tmp/descent-net-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    checkpoint c;
    memset(&c, 0, sizeof c);
    c.arch = MODEL_MLP;
    c.hidden = 3;
    c.act = MLP_SIGMOID;
    c.classes = 2;
    c.dim = 4;
    snprintf(c.dataset, sizeof c.dataset, "toy");
    double mean[4] = {1, 2, 3, 4}, w[3 * 4 + 3 + 2 * 3 + 2];
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++)
        w[i] = (double)i / 7;
    c.mean = mean;
    c.w = w;
    assert_int_equal(checkpoint_params(&c), 23);
    assert_int_equal(checkpoint_save(path, &c, err, sizeof err), 0);
    checkpoint r;
    assert_int_equal(checkpoint_load(path, &r, err, sizeof err), 0);
    assert_int_equal(r.arch, MODEL_MLP);
    assert_int_equal(r.hidden, 3);
    assert_int_equal(r.act, MLP_SIGMOID);
    assert_memory_equal(r.w, w, sizeof w);
    checkpoint_free(&r);
    /* the linear layout written as version 1: the 24-byte model part cut */
    c.arch = MODEL_LINEAR;
    double lw[2 * 5];
    memcpy(lw, w, sizeof lw);
    c.w = lw;
    assert_int_equal(checkpoint_save(path, &c, err, sizeof err), 0);
    size_t len;
    uint8_t *b = slurp(path, &len);
    unlink(path);
    assert_memory_equal(b + 36, "linear", 6);
    uint8_t v1[4096];
    memcpy(v1, b, 36);
    memcpy(v1 + 36, b + 60, len - 60 - 4);
    size_t body = len - 24 - 4;
    v1[8] = 1;
    uLong crc = crc32(0L, v1, (uInt)body);
    for (int k = 0; k < 4; k++)
        v1[body + (size_t)k] = (uint8_t)(crc >> (8 * k));
    assert_int_equal(checkpoint_decode(v1, body + 4, &r, err, sizeof err), 0);
    assert_int_equal(r.arch, MODEL_LINEAR);
    assert_string_equal(r.dataset, "toy");
    assert_memory_equal(r.w, lw, sizeof lw);
    checkpoint_free(&r);
    /* an unknown model name is refused by name */
    memcpy(b + 36, "tree\0\0", 6);
    crc = crc32(0L, b, (uInt)(len - 4));
    for (int k = 0; k < 4; k++)
        b[len - 4 + (size_t)k] = (uint8_t)(crc >> (8 * k));
    assert_int_equal(checkpoint_decode(b, len, &r, err, sizeof err), -1);
    assert_non_null(strstr(err, "unknown model 'tree'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hand_softmax),         cmocka_unit_test(test_hand_svm),
        cmocka_unit_test(test_layout),               cmocka_unit_test(test_gradcheck_all_blocks),
        cmocka_unit_test(test_float_matches_double), cmocka_unit_test(test_trainer_drives_the_net),
        cmocka_unit_test(test_checkpoint_names_the_model), cmocka_unit_test(test_threads_agree),
        cmocka_unit_test(test_train_step_is_the_step),
        cmocka_unit_test(test_column_split_any_dim),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
