/* The model interface over the linear classifier: its layout in named
 * blocks, prediction against scores summed by hand, float feature rows
 * giving the same numbers as the uint8 images they equal, the trainer
 * driving it on float rows; and the one gradient-check verdict and the
 * generic check on functions whose gradients are known; scores of double
 * rows and backpropagation of a loss the model does not know. */
#include "check.h"

#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

#include "core/gradcheck.h"
#include "core/model.h"
#include "core/train.h"
#include "data/synth.h"

static char err[1024];

static void test_verdict_bounds(void **state)
{
    (void)state;
    /* the lecture's bounds: <= 1e-7 good, < 1e-4 acceptable, > 1e-2 wrong */
    assert_int_equal(gradcheck_judge(0), GRADCHECK_GOOD);
    assert_int_equal(gradcheck_judge(1e-7), GRADCHECK_GOOD);
    assert_int_equal(gradcheck_judge(1.01e-7), GRADCHECK_ACCEPTABLE);
    assert_int_equal(gradcheck_judge(9.9e-5), GRADCHECK_ACCEPTABLE);
    assert_int_equal(gradcheck_judge(1e-4), GRADCHECK_SUSPICIOUS);
    assert_int_equal(gradcheck_judge(1e-2), GRADCHECK_SUSPICIOUS);
    assert_int_equal(gradcheck_judge(1.01e-2), GRADCHECK_WRONG);
    assert_int_equal(gradcheck_judge(NAN), GRADCHECK_WRONG);
    assert_string_equal(gradcheck_word(GRADCHECK_ACCEPTABLE), "acceptable");
    assert_string_equal(gradcheck_word(GRADCHECK_WRONG), "wrong");
    assert_string_equal(gradcheck_text(GRADCHECK_GOOD), "good (<= 1e-7)");
    assert_string_equal(gradcheck_text(GRADCHECK_ACCEPTABLE), "acceptable near a kink (< 1e-4)");
    assert_string_equal(gradcheck_text(GRADCHECK_SUSPICIOUS), "suspicious (1e-4 .. 1e-2)");
    assert_string_equal(gradcheck_text(GRADCHECK_WRONG), "wrong (> 1e-2)");
    assert_near(gradcheck_rel_error(2, 1), 0.5, 0);
    assert_near(gradcheck_rel_error(0, 0), 0, 0);
}

/* f(w) = sum (i + 1) w_i^2 + |w_0| over the *ctx entries of w: gradient
 * 2 (i + 1) w_i (+ sign(w_0)). */
static double quad(void *ctx, const double *w, uint8_t *sides)
{
    int n = *(const int *)ctx;
    double f = fabs(w[0]);
    for (int i = 0; i < n; i++)
        f += (i + 1) * w[i] * w[i];
    if (sides)
        sides[0] = w[0] > 0;
    return f;
}

static void test_gradcheck_run(void **state)
{
    (void)state;
    double w[3] = {0.3, -0.7, 1.1}, g[3] = {2 * 0.3 + 1, 4 * -0.7, 6 * 1.1};
    gradcheck_entry out[12];
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    int three = 3, one = 1;
    assert_int_equal(gradcheck_run(quad, &three, 1, w, g, 3, 12, 1e-5, r, out), 0);
    for (int k = 0; k < 12; k++) {
        assert_true(out[k].index < 3);
        assert_near(out[k].analytic, g[out[k].index], 0);
        assert_int_equal(gradcheck_judge(out[k].rel_error), GRADCHECK_GOOD);
        assert_int_equal(out[k].kinks, 0);
    }
    /* a wrong gradient is called wrong */
    double bad[3] = {g[0], g[1] * 1.5, g[2]};
    assert_int_equal(gradcheck_run(quad, &three, 1, w, bad, 3, 12, 1e-5, r, out), 0);
    int wrong = 0;
    for (int k = 0; k < 12; k++)
        wrong += out[k].index == 1 && gradcheck_judge(out[k].rel_error) == GRADCHECK_WRONG;
    assert_true(wrong > 0);
    /* astride the kink of |w_0| the step shrinks until it no longer crosses */
    double wk[3] = {3e-6, 0, 0}, gk[3] = {2 * 3e-6 + 1, 0, 0};
    gsl_rng_set(r, 1);
    assert_int_equal(gradcheck_run(quad, &one, 1, wk, gk, 1, 1, 1e-5, r, out), 0);
    assert_int_equal(out[0].kinks, 1);
    assert_near(out[0].h, 1e-7, 1e-20);
    assert_int_equal(gradcheck_judge(out[0].rel_error), GRADCHECK_GOOD);
    gsl_rng_free(r);
}

static model_config linear3x4(linear_model loss)
{
    return (model_config){.arch = MODEL_LINEAR, .loss = loss, .classes = 3, .dim = 4,
                          .reg_kind = REG_L2, .reg = 0.1, .threads = 1};
}

static void test_linear_layout(void **state)
{
    (void)state;
    model_config c = linear3x4(LINEAR_SVM);
    assert_int_equal(model_params(&c), 15);
    model_block b[MODEL_BLOCKS_MAX];
    assert_int_equal(model_blocks(&c, b), 2);
    assert_string_equal(b[0].name, "W");
    assert_string_equal(b[1].name, "b");
    assert_int_equal(b[0].rows, 3);
    assert_int_equal(b[0].cols, 4);
    assert_int_equal(b[1].cols, 1);
    int row, col;
    /* row-major 3 x 5, the bias last in each row */
    assert_int_equal(model_block_of(&c, 0, &row, &col), 0);
    assert_int_equal(row * 10 + col, 0);
    assert_int_equal(model_block_of(&c, 4, &row, &col), 1);
    assert_int_equal(row * 10 + col, 0);
    assert_int_equal(model_block_of(&c, 7, &row, &col), 0);
    assert_int_equal(row * 10 + col, 12);
    assert_int_equal(model_block_of(&c, 14, &row, &col), 1);
    assert_int_equal(row * 10 + col, 20);
    char what[64];
    assert_string_equal(model_describe(&c, what, sizeof what), "a linear SVM");
    c.loss = LINEAR_SOFTMAX;
    assert_string_equal(model_describe(&c, what, sizeof what), "a softmax classifier");
    assert_int_equal(model_loss_from_name("softmax"), LINEAR_SOFTMAX);
    assert_int_equal(model_loss_from_name("mlp"), -1);
}

static void test_predict_by_hand(void **state)
{
    (void)state;
    model_config c = linear3x4(LINEAR_SVM);
    const uint8_t x[4] = {10, 0, 5, 1}, y[1] = {0};
    const double mean[4] = {2, 0, 1, 1};
    /* x - mean = (8, 0, 4, 0); scores: 8 - 4 + 0.5 = 4.5, 4 + 1 = 5, 8 * 0.5 = 4 */
    const double w[15] = {1, 9, -1, 9, 0.5, 0, 9, 1, 9, 1, 0.5, 9, 0, 9, 0};
    model_data d = {x, y, 1, NULL};
    assert_int_equal(model_predict(&c, mean, w, &d, 0), 1);
    const float xf[4] = {10, 0, 5, 1};
    model_data f = {NULL, y, 1, xf};
    assert_int_equal(model_predict(&c, mean, w, &f, 0), 1);
}

/* Float rows holding the images' values give the very numbers the images do. */
static void test_float_rows_match_images(void **state)
{
    (void)state;
    dataset ds;
    assert_int_equal(synth_make(4, 300, 10, &ds, err, sizeof err), 0);
    size_t cells = ds.train.n * (size_t)ds.dim;
    float *xf = malloc(cells * sizeof *xf);
    assert_non_null(xf);
    for (size_t i = 0; i < cells; i++)
        xf[i] = ds.train.x[i];
    model_data img = {ds.train.x, ds.train.y, ds.train.n, NULL};
    model_data flt = {NULL, ds.train.y, ds.train.n, xf};
    model_config c = {.arch = MODEL_LINEAR, .loss = LINEAR_SOFTMAX, .classes = ds.classes,
                      .dim = ds.dim, .reg_kind = REG_L2, .reg = 1e2, .threads = 2};
    double *mean = malloc((size_t)ds.dim * sizeof *mean), *mf = malloc((size_t)ds.dim * sizeof *mf);
    size_t p = model_params(&c);
    double *w = malloc(p * sizeof *w), *g1 = malloc(p * sizeof *g1), *g2 = malloc(p * sizeof *g2);
    assert_true(mean && mf && w && g1 && g2);
    modeldata_mean(&img, ds.dim, mean);
    modeldata_mean(&flt, ds.dim, mf);
    for (int j = 0; j < ds.dim; j++)
        assert_near(mf[j], mean[j], 1e-9 * (1 + mean[j]));
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    model_init_weights(&c, w, 1e-3, r);
    size_t idx[64];
    for (int i = 0; i < 64; i++)
        idx[i] = (size_t)(i * 7 % 300);
    model m;
    assert_int_equal(model_init(&m, &c, mean, 64), 0);
    model_loss a = model_loss_grad(&m, w, &img, idx, 64, g1);
    model_loss b = model_loss_grad(&m, w, &flt, idx, 64, g2);
    assert_near(a.loss, b.loss, 0);
    assert_memory_equal(g1, g2, p * sizeof *g1);
    assert_near(model_evaluate(&m, w, &img, NULL), model_evaluate(&m, w, &flt, NULL), 0);
    model_free(&m);
    model_loss ea, eb;
    assert_int_equal(model_loss_grad_exact(&c, mean, w, &img, idx, 64, &ea, g1), 0);
    assert_int_equal(model_loss_grad_exact(&c, mean, w, &flt, idx, 64, &eb, g2), 0);
    assert_near(ea.loss, eb.loss, 0);
    assert_close(a.loss, ea.loss, 1e-5);
    /* the gradient check names the block of every entry */
    gradcheck_entry out[10];
    assert_int_equal(model_gradcheck(&c, mean, w, &flt, idx, 64, 10, 1e-5, r, out), 0);
    for (int k = 0; k < 10; k++) {
        int row, col;
        assert_int_equal(out[k].block, (int)(out[k].index % (size_t)(ds.dim + 1)) == ds.dim);
        assert_int_equal(out[k].block, model_block_of(&c, out[k].index, &row, &col));
        assert_true(out[k].rel_error < 1e-6);
    }
    /* and the trainer learns from float rows as from images */
    train_config tc = train_defaults();
    tc.model = LINEAR_SOFTMAX;
    tc.iters = 40;
    tc.batch = 50;
    tc.eval_every = 0;
    model_data none = {NULL, NULL, 0, NULL};
    trainer t1, t2;
    assert_int_equal(trainer_init(&t1, &tc, ds.classes, ds.dim, &img, &none, NULL, NULL, err,
                                  sizeof err), 0);
    assert_int_equal(trainer_init(&t2, &tc, ds.classes, ds.dim, &flt, &none, NULL, NULL, err,
                                  sizeof err), 0);
    double acc0 = trainer_evaluate(&t2, &flt, NULL);
    for (int k = 0; k < 40; k++) {
        assert_int_equal(trainer_step(&t1), 0);
        assert_int_equal(trainer_step(&t2), 0);
    }
    assert_memory_equal(t1.w, t2.w, t1.n_params * sizeof *t1.w);
    assert_true(trainer_evaluate(&t2, &flt, NULL) > acc0 + 0.2);
    trainer_free(&t1);
    trainer_free(&t2);
    gsl_rng_free(r);
    free(mean);
    free(mf);
    free(w);
    free(g1);
    free(g2);
    free(xf);
    dataset_free(&ds);
}

static void test_defaults_table(void **state)
{
    (void)state;
    const train_table *t = train_defaults_table();
    train_config c = train_defaults(), f = train_defaults_for("fashion-mnist");
    /* CS231n's settings, and the Fashion-MNIST ones the README states */
    assert_int_equal(c.batch, 200);
    assert_int_equal(c.iters, 1500);
    assert_near(c.reg, 2.5e4, 0);
    assert_near(c.opt.lr, 1e-7, 0);
    assert_near(c.init_scale, 1e-4, 0);
    assert_near(f.reg, 1e2, 0);
    assert_near(f.opt.lr, 2e-6, 0);
    assert_near(train_default_lr(MODEL_LINEAR, OPTIM_ADAM, "mnist"), 1e-4, 0);
    assert_near(train_default_lr(MODEL_LINEAR, OPTIM_NESTEROV, "mnist"), 2e-6, 0);
    assert_near(train_default_lr(MODEL_LINEAR, OPTIM_MOMENTUM, "nonesuch"), 1e-7, 0);
    assert_int_equal(t->n_train, 49000);
    assert_int_equal(t->n_val, 1000);
    assert_int_equal(t->n_test, 1000);
}

/* loss_row's loss over the rows, its dscores averaged; checks that the
 * scores handed over are model_scores_rows's. */
typedef struct {
    linear_model loss;
    const uint8_t *y;
    double data;
    const double *want; /* the scores model_scores_rows gave */
} rows_loss;

static void rows_softmax_or_svm(void *ctx, const double *s, int n, int C, double *ds)
{
    rows_loss *r = ctx;
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < C; j++)
            assert_near(s[i * C + j], r->want[i * C + j], 1e-15);
        r->data += loss_row(r->loss, s + i * C, C, r->y[i], ds + i * C);
        for (int j = 0; j < C; j++)
            ds[i * C + j] /= n;
    }
}

/* Scores of double rows and backpropagation from given dscores, for both
 * kinds: fed loss_row's dscores they give model_loss_grad_exact's data loss
 * and gradient on the same rows (as floats, exact here: small integers and
 * halves), and the linear scores are the ones summed by hand. */
static void test_rows_exact(void **state)
{
    (void)state;
    enum { N = 5, D = 4, C = 3 };
    double x[N * D], s[N * C], g1[64], g2[64];
    float xf[N * D];
    uint8_t y[N];
    size_t idx[N];
    for (int i = 0; i < N * D; i++)
        xf[i] = (float)(x[i] = (double)((i * 7) % 9 - 4) / 2);
    for (int i = 0; i < N; i++)
        y[i] = (uint8_t)(i % C), idx[i] = (size_t)i;
    const double mean[D] = {0};
    model_data d = {NULL, y, N, xf};
    model_config lin = linear3x4(LINEAR_SVM);
    model_config net = {.arch = MODEL_MLP, .loss = LINEAR_SOFTMAX, .classes = C, .dim = D,
                        .hidden = 3, .act = MLP_TANH, .reg_kind = REG_L2, .reg = 0, .threads = 1};
    const double w15[15] = {1, 0, -1, 0, 0.5, 0, 0, 1, 0, 1, 0.5, 0, 0, 0, 0};
    /* row 0 is (-2, 1.5, 0.5, -0.5); W's rows (bias last) (1, 0, -1, 0 | 0.5),
     * (0, 0, 1, 0 | 1), (0.5, 0, 0, 0 | 0): scores -2 - 0.5 + 0.5 = -2,
     * 0.5 + 1 = 1.5, -1 */
    assert_int_equal(model_scores_rows(&lin, w15, x, N, s), 0);
    assert_near(s[0], -2, 1e-15);
    assert_near(s[1], 1.5, 1e-15);
    assert_near(s[2], -1, 1e-15);
    model_config cs[2] = {lin, net};
    for (int m = 0; m < 2; m++) {
        size_t n = model_params(&cs[m]);
        double w[64];
        for (size_t k = 0; k < n; k++)
            w[k] = 0.7 * cos(1.3 * k + m);
        assert_int_equal(model_scores_rows(&cs[m], w, x, N, s), 0);
        rows_loss rl = {cs[m].loss, y, 0, s};
        assert_int_equal(model_backward_rows(&cs[m], w, x, N, rows_softmax_or_svm, &rl, g1), 0);
        cs[m].reg = 0;
        model_loss ml;
        assert_int_equal(model_loss_grad_exact(&cs[m], mean, w, &d, idx, N, &ml, g2), 0);
        assert_near(rl.data / N, ml.data_loss, 1e-14);
        for (size_t k = 0; k < n; k++)
            assert_near(g1[k], g2[k], 1e-14);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_verdict_bounds),      cmocka_unit_test(test_gradcheck_run),
        cmocka_unit_test(test_rows_exact),
        cmocka_unit_test(test_linear_layout),       cmocka_unit_test(test_predict_by_hand),
        cmocka_unit_test(test_float_rows_match_images), cmocka_unit_test(test_defaults_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
