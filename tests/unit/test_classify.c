/* The 2-D playground's models: the four losses on a hand-sized set against
 * values worked out by hand below, every gradient against centered
 * differences, the feature transforms, the trainer's update and the
 * screen's nudge; the net against core/mlp on the same points and weights;
 * the parameter names the explorer's title uses. */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "core/classify.h"
#include "core/mlp.h"
#include "tui/classifyview.h"

/* The hand-sized set: the CS231n demo's start, W rows w0 = (1, 2),
 * w1 = (2, -4), w2 = (3, -1), b = (0, 0.5, -0.5), and two of its points.
 *
 *   A = (0.5, 0.4), class 0:  s0 = 0.5 + 0.8 + 0    =  1.3
 *                             s1 = 1.0 - 1.6 + 0.5  = -0.1
 *                             s2 = 1.5 - 0.4 - 0.5  =  0.6
 *   B = (-0.4, -0.5), class 2: s0 = -0.4 - 1.0 + 0   = -1.4
 *                             s1 = -0.8 + 2.0 + 0.5 =  1.7
 *                             s2 = -1.2 + 0.5 - 0.5 = -1.2
 *
 * Weston-Watkins, sum over j != y of max(0, s_j - s_y + 1):
 *   A: max(0, -0.1 - 1.3 + 1) + max(0, 0.6 - 1.3 + 1) = 0 + 0.3 = 0.3
 *   B: max(0, -1.4 + 1.2 + 1) + max(0, 1.7 + 1.2 + 1) = 0.8 + 3.9 = 4.7
 *   mean 2.5
 * One-vs-all, max(0, 1 - s_y) + sum over j != y of max(0, 1 + s_j):
 *   A: max(0, 1 - 1.3) + max(0, 1 - 0.1) + max(0, 1 + 0.6) = 0 + 0.9 + 1.6 = 2.5
 *   B: max(0, 1 + 1.2) + max(0, 1 - 1.4) + max(0, 1 + 1.7) = 2.2 + 0 + 2.7 = 4.9
 *   mean 3.7
 * Structured, max(0, max over j != y of s_j - s_y + 1):
 *   A: the worst other is s2 = 0.6: 0.6 - 1.3 + 1 = 0.3
 *   B: the worst other is s1 = 1.7: 1.7 + 1.2 + 1 = 3.9
 *   mean 2.1
 * Softmax, -log(e^{s_y} / sum e^{s_j}) = log(sum e^{s_j - s_y}):
 *   A: log(1 + e^{-1.4} + e^{-0.7}) = log(1 + 0.246597 + 0.496585) = log(1.743182) = 0.555712
 *   B: log(e^{-0.2} + e^{2.9} + 1) = log(0.818731 + 18.174145 + 1) = log(19.992876) = 2.995376
 *   mean 1.775544
 * L2 with reg 0.1 on W only: 0.1 * (1 + 4 + 4 + 16 + 9 + 1) = 0.1 * 35 = 3.5. */
static const double hand_x[2] = {0.5, -0.4}, hand_y[2] = {0.4, -0.5};
static const int hand_label[2] = {0, 2};
static const double demo_params[9] = {1, 2, 2, -4, 3, -1, 0, 0.5, -0.5};

static classify_points hand_points(void)
{
    return (classify_points){hand_x, hand_y, hand_label, 2};
}

static classify_model model(classify_loss l, classify_features f, int C, double reg)
{
    return (classify_model){.loss = l, .features = f, .classes = C, .reg = reg};
}

static void test_scores_by_hand(void **state)
{
    (void)state;
    classify_model m = model(CLASSIFY_SVM, FEATURES_RAW, 3, 0);
    double s[3];
    classify_scores(&m, demo_params, 0.5, 0.4, s);
    assert_near(s[0], 1.3, 1e-12);
    assert_near(s[1], -0.1, 1e-12);
    assert_near(s[2], 0.6, 1e-12);
    classify_scores(&m, demo_params, -0.4, -0.5, s);
    assert_near(s[0], -1.4, 1e-12);
    assert_near(s[1], 1.7, 1e-12);
    assert_near(s[2], -1.2, 1e-12);
    assert_int_equal(classify_predict(s, 3), 1);
}

static void test_four_losses_by_hand(void **state)
{
    (void)state;
    classify_points p = hand_points();
    const struct {
        classify_loss l;
        double a, b, mean;
    } want[] = {
        {CLASSIFY_SVM, 0.3, 4.7, 2.5},
        {CLASSIFY_OVA, 2.5, 4.9, 3.7},
        {CLASSIFY_STRUCTURED, 0.3, 3.9, 2.1},
        {CLASSIFY_SOFTMAX, 0.555712, 2.995376, 1.775544},
    };
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        classify_model m = model(want[k].l, FEATURES_RAW, 3, 0.1);
        double s[3], terms[3];
        double tol = want[k].l == CLASSIFY_SOFTMAX ? 2e-6 : 1e-12;
        classify_scores(&m, demo_params, hand_x[0], hand_y[0], s);
        assert_near(classify_point_loss(&m, s, 0, terms, NULL), want[k].a, tol);
        classify_scores(&m, demo_params, hand_x[1], hand_y[1], s);
        assert_near(classify_point_loss(&m, s, 2, terms, NULL), want[k].b, tol);
        classify_totals t = classify_evaluate(&m, demo_params, &p, NULL);
        assert_near(t.data_loss, want[k].mean, tol);
        assert_near(t.reg_loss, 3.5, 1e-12);
        assert_near(t.loss, want[k].mean + 3.5, tol);
        assert_near(t.accuracy, 0.5, 0); /* A right (s0 top), B wrong (s1 top) */
    }
}

static void test_terms_by_hand(void **state)
{
    (void)state;
    double s[3] = {-1.4, 1.7, -1.2}, t[3];
    classify_model ova = model(CLASSIFY_OVA, FEATURES_RAW, 3, 0);
    classify_point_loss(&ova, s, 2, t, NULL);
    assert_near(t[0], 0, 1e-12);
    assert_near(t[1], 2.7, 1e-12);
    assert_near(t[2], 2.2, 1e-12);
    classify_model st = model(CLASSIFY_STRUCTURED, FEATURES_RAW, 3, 0);
    classify_point_loss(&st, s, 2, t, NULL);
    assert_near(t[0], 0, 0);
    assert_near(t[1], 3.9, 1e-12);
    assert_near(t[2], 0, 0);
}

static void test_features(void **state)
{
    (void)state;
    double f[CLASSIFY_FEATURES_MAX];
    classify_features_of(FEATURES_POLAR, 0, 2, f);
    assert_near(f[0], 2, 1e-15);
    assert_near(f[1], M_PI / 2, 1e-15);
    classify_features_of(FEATURES_POLAR, -3, -4, f);
    assert_near(f[0], 5, 1e-15);
    assert_near(f[1], atan(4.0 / 3.0) - M_PI, 1e-15);
    classify_features_of(FEATURES_PLAYGROUND, 1, 2, f);
    const double want[7] = {1, 2, 1, 4, 2, sin(1.0), sin(2.0)};
    for (int i = 0; i < 7; i++)
        assert_near(f[i], want[i], 1e-15);
    assert_int_equal(classify_feature_count(FEATURES_PLAYGROUND), 7);
    assert_string_equal(classify_feature_label(FEATURES_POLAR, 1), "theta");
    classify_model m = model(CLASSIFY_SVM, FEATURES_PLAYGROUND, 4, 0);
    assert_int_equal(classify_param_count(&m), 4 * 7 + 4);
}

/* Points spread over the plane with all classes, off any symmetry. */
#define NP 23
static double px[NP], py[NP];
static int plab[NP];

static classify_points spread(int C)
{
    for (int i = 0; i < NP; i++) {
        px[i] = 1.3 * sin(1.7 * i + 0.3);
        py[i] = 1.1 * cos(2.3 * i + 0.1);
        plab[i] = i % C;
    }
    return (classify_points){px, py, plab, NP};
}

/* Every entry of the gradient at w against a centered difference (h = 1e-5):
 * relative error under rel, or both about 0. */
static void check_gradient(const classify_model *m, const classify_points *p, double *w, double rel)
{
    size_t n = classify_param_count(m);
    double g[128];
    assert_true(n <= 128);
    classify_evaluate(m, w, p, g);
    for (size_t k = 0; k < n; k++) {
        const double h = 1e-5;
        double keep = w[k];
        w[k] = keep + h;
        double up = classify_evaluate(m, w, p, NULL).loss;
        w[k] = keep - h;
        double down = classify_evaluate(m, w, p, NULL).loss;
        w[k] = keep;
        double num = (up - down) / (2 * h), diff = fabs(num - g[k]);
        if (diff > 1e-9 && diff / fmax(fabs(num), fabs(g[k])) > rel)
            fail_msg("%s on %s (%d hidden %s), parameter %zu: analytic %.10g, numeric %.10g",
                     classify_loss_name(m->loss), classify_features_name(m->features), m->hidden,
                     mlp_act_name(m->act), k, g[k], num);
    }
}

static void test_gradients_by_differences(void **state)
{
    (void)state;
    for (int l = 0; l < CLASSIFY_LOSS_COUNT; l++)
        for (int f = 0; f < FEATURES_COUNT; f++) {
            int C = 3 + (l + f) % 3;
            classify_model m = model((classify_loss)l, (classify_features)f, C, 0.05);
            classify_points p = spread(C);
            size_t n = classify_param_count(&m);
            double w[64];
            for (size_t k = 0; k < n; k++)
                w[k] = 0.7 * sin(3.1 * k + l + 0.5 * f);
            check_gradient(&m, &p, w, 1e-6);
        }
}

static void test_trainer_step_is_sgd(void **state)
{
    (void)state;
    classify_model m = model(CLASSIFY_SOFTMAX, FEATURES_RAW, 3, 0.1);
    classify_points p = hand_points();
    optim_params op = optim_defaults(OPTIM_SGD);
    op.lr = 0.5;
    classify_trainer t;
    assert_int_equal(classify_trainer_init(&t, &m, &p, demo_params, &op), 0);
    double g[9];
    classify_evaluate(&m, demo_params, &p, g);
    assert_int_equal(classify_trainer_step(&t), 0);
    for (int k = 0; k < 9; k++)
        assert_near(t.params[k], demo_params[k] - 0.5 * g[k], 1e-15);
    assert_int_equal(t.iter, 1);
    assert_near(t.now.loss, classify_evaluate(&m, t.params, &p, NULL).loss, 0);
    for (int i = 0; i < 200; i++)
        classify_trainer_step(&t);
    assert_true(t.now.loss < 1.775544 + 3.5);
    classify_trainer_reset(&t);
    assert_int_equal(t.iter, 0);
    for (int k = 0; k < 9; k++)
        assert_near(t.params[k], demo_params[k], 0);
    classify_trainer_free(&t);
}

static void test_nudge_rotates_and_shifts(void **state)
{
    (void)state;
    classify_model m = model(CLASSIFY_SVM, FEATURES_RAW, 3, 0.1);
    classify_points p = hand_points();
    optim_params op = optim_defaults(OPTIM_SGD);
    classify_trainer t;
    assert_int_equal(classify_trainer_init(&t, &m, &p, demo_params, &op), 0);
    /* w1 = (2, -4) turned 90 degrees anticlockwise is (4, 2); b1 0.5 -> 0.6 */
    classifyview_nudge(&t, 1, 90, 0.1);
    assert_near(t.params[2], 4, 1e-12);
    assert_near(t.params[3], 2, 1e-12);
    assert_near(t.params[7], 0.6, 1e-12);
    /* a rotation keeps |w|, so the L2 term stays 3.5 */
    assert_near(t.now.reg_loss, 3.5, 1e-12);
    /* A: s1 = 4 * 0.5 + 2 * 0.4 + 0.6 = 3.4, margin 3.4 - 1.3 + 1 = 3.1, plus 0.3 from s2 */
    double s[3];
    classify_scores(&m, t.params, 0.5, 0.4, s);
    assert_near(s[1], 3.4, 1e-12);
    assert_near(classify_point_loss(&m, s, 0, NULL, NULL), 3.4, 1e-12);
    assert_near(t.now.loss, classify_evaluate(&m, t.params, &p, NULL).loss, 0);
    classify_trainer_free(&t);
}

static void test_confidence(void **state)
{
    (void)state;
    classify_model sm = model(CLASSIFY_SOFTMAX, FEATURES_RAW, 2, 0);
    double even[2] = {0.3, 0.3}, sure[2] = {50, 0};
    assert_near(classify_confidence(&sm, even), 0, 1e-15);
    assert_near(classify_confidence(&sm, sure), 1, 1e-15);
    classify_model svm = model(CLASSIFY_SVM, FEATURES_RAW, 3, 0);
    double lead[3] = {0.1, 0.35, -2};
    assert_near(classify_confidence(&svm, lead), 0.25, 1e-15);
    double far[3] = {5, 0, 0};
    assert_near(classify_confidence(&svm, far), 1, 0);
}

/* The explorer link: the loss over two parameters as a surface. At the held
 * point it is the model's loss; its gradient is the model's two entries and
 * agrees with differences of f; the Hessian of an L2-only direction is 2 reg. */
static void test_slice_surface(void **state)
{
    (void)state;
    classify_model m = model(CLASSIFY_SOFTMAX, FEATURES_RAW, 3, 0.1);
    classify_points p = hand_points();
    classify_slice sl;
    assert_int_equal(classify_slice_init(&sl, &m, &p, demo_params, 2, 3), 0);
    surface sf = classify_slice_surface(&sl);
    assert_near(sf.start[0], 2, 0);
    assert_near(sf.start[1], -4, 0);
    assert_true(sf.view[0] < 2 && sf.view[1] > 2 && sf.view[2] < -4 && sf.view[3] > -4);
    double g[2], h[3];
    double f = sf.eval(&sf, 2, -4, g, h);
    assert_near(f, 1.775544 + 3.5, 2e-6);
    double full[9];
    classify_evaluate(&m, demo_params, &p, full);
    assert_near(g[0], full[2], 1e-15);
    assert_near(g[1], full[3], 1e-15);
    const double d = 1e-5;
    double fx = (sf.eval(&sf, 2 + d, -4, NULL, NULL) - sf.eval(&sf, 2 - d, -4, NULL, NULL)) / (2 * d);
    double fy = (sf.eval(&sf, 2, -4 + d, NULL, NULL) - sf.eval(&sf, 2, -4 - d, NULL, NULL)) / (2 * d);
    assert_near(fx, g[0], 1e-7);
    assert_near(fy, g[1], 1e-7);
    assert_true(h[0] >= 0.2 - 1e-6 && h[2] >= 0.2 - 1e-6); /* softmax is convex, plus 2 reg */
    assert_string_equal(sf.formula, "loss(x = W[1][x], y = W[1][y]), the rest held");
    classify_slice_free(&sl);
    /* the SVM is piecewise linear in W: only the regularization curves it */
    classify_model svm = model(CLASSIFY_SVM, FEATURES_RAW, 3, 0.1);
    assert_int_equal(classify_slice_init(&sl, &svm, &p, demo_params, 6, 0), 0);
    sf = classify_slice_surface(&sl);
    sf.eval(&sf, 0.0, 1.0, g, h);
    assert_near(h[0], 0, 1e-6);     /* b[0] is not regularized */
    assert_near(h[2], 0.2, 1e-6);   /* W[0][x]: 2 * 0.1 */
    assert_string_equal(sf.formula, "loss(x = b[0], y = W[0][x]), the rest held");
    classify_slice_free(&sl);
}

/* The smallest net by hand: 2 inputs, 1 hidden unit, 2 classes.
 * W1 = (1, -1), b1 = 0.5, W2 = (2 | -1), b2 = (0, 1); the point (1, 0.5), class 0.
 *   z = 1 * 1 - 1 * 0.5 + 0.5 = 1
 *   relu: h = 1;          s = (2 * 1 + 0, -1 * 1 + 1) = (2, 0)
 *         softmax loss = log(1 + e^(0 - 2)) = log(1 + e^-2)
 *   tanh: h = tanh 1;     s = (2 tanh 1, 1 - tanh 1)
 *         loss = log(1 + e^(1 - 3 tanh 1))
 *   sigmoid: h = 1 / (1 + e^-1); s = (2h, 1 - h); loss = log(1 + e^(1 - 3h))
 * L2 with reg 0.5 on W1 and W2 only: 0.5 * (1 + 1 + 4 + 1) = 3.5. */
static void test_net_by_hand(void **state)
{
    (void)state;
    const double w[6] = {1, -1, 0.5, 2, -1, 0}; /* W1 (1 x 2), b1, W2 (2 x 1), then b2 below */
    double params[7];
    memcpy(params, w, sizeof w);
    params[5] = 0;
    params[6] = 1;
    const double x = 1, y = 0.5;
    const int label = 0;
    classify_points p = {&x, &y, &label, 1};
    const double hs = 1 / (1 + exp(-1.0));
    const double want[3] = {log(1 + exp(-2.0)), log(1 + exp(1 - 3 * tanh(1.0))), log(1 + exp(1 - 3 * hs))};
    for (int a = 0; a < MLP_ACT_COUNT; a++) {
        classify_model m = {.loss = CLASSIFY_SOFTMAX, .features = FEATURES_RAW, .classes = 2,
                            .reg = 0.5, .hidden = 1, .act = (mlp_act)a};
        assert_int_equal(classify_param_count(&m), 7);
        classify_totals t = classify_evaluate(&m, params, &p, NULL);
        assert_near(t.data_loss, want[a], 1e-15);
        assert_near(t.reg_loss, 3.5, 1e-15);
        size_t row, bias;
        int len;
        classify_row(&m, 1, &row, &len, &bias);
        assert_int_equal(row, 4); /* W2's second row */
        assert_int_equal(len, 1);
        assert_int_equal(bias, 6);
    }
    classify_model lin = model(CLASSIFY_SVM, FEATURES_PLAYGROUND, 3, 0);
    size_t row, bias;
    int len;
    classify_row(&lin, 2, &row, &len, &bias);
    assert_int_equal(row, 14);
    assert_int_equal(len, 7);
    assert_int_equal(bias, 23);
}

/* The net's gradient, every activation and loss, against centered differences. */
static void test_net_gradients_by_differences(void **state)
{
    (void)state;
    for (int a = 0; a < MLP_ACT_COUNT; a++)
        for (int l = 0; l < CLASSIFY_LOSS_COUNT; l++) {
            classify_model m = {.loss = (classify_loss)l, .features = (classify_features)(a % 3),
                                .classes = 3, .reg = 0.05, .hidden = 4, .act = (mlp_act)a};
            classify_points p = spread(3);
            size_t n = classify_param_count(&m);
            double w[128];
            assert_true(n <= 128);
            for (size_t k = 0; k < n; k++)
                w[k] = 0.8 * sin(2.3 * k + a + 0.7 * l);
            check_gradient(&m, &p, w, 1e-5);
        }
}

/* The playground's net is core/mlp's: on the same points (eighths, exact in
 * float) and weights, descent train's net in double precision
 * (mlp_loss_grad_exact, its softmax and Weston-Watkins SVM with L2 on W1
 * and W2) gives the loss and gradient the playground does, to rounding;
 * and its single-precision sgemm path to float's precision. */
static void test_net_is_core_mlp(void **state)
{
    (void)state;
    enum { N = 12, C = 3, H = 5 };
    double x[N], y[N];
    int label[N];
    float rows[N * 2];
    uint8_t y8[N];
    size_t idx[N];
    for (int i = 0; i < N; i++) {
        x[i] = (double)((i * 7) % 17 - 8) / 8;
        y[i] = (double)((i * 5) % 13 - 6) / 8;
        label[i] = i % C;
        rows[2 * i] = (float)x[i];
        rows[2 * i + 1] = (float)y[i];
        y8[i] = (uint8_t)label[i];
        idx[i] = (size_t)i;
    }
    classify_points p = {x, y, label, N};
    model_data d = {NULL, y8, N, rows};
    const double mean[2] = {0, 0};
    const classify_loss losses[2] = {CLASSIFY_SOFTMAX, CLASSIFY_SVM};
    const linear_model kinds[2] = {LINEAR_SOFTMAX, LINEAR_SVM};
    for (int a = 0; a < MLP_ACT_COUNT; a++)
        for (int l = 0; l < 2; l++) {
            classify_model m = {.loss = losses[l], .features = FEATURES_RAW, .classes = C,
                                .reg = 0.03, .hidden = H, .act = (mlp_act)a};
            mlp_config mc = {.loss = kinds[l], .classes = C, .dim = 2, .hidden = H,
                             .act = (mlp_act)a, .reg_kind = REG_L2, .reg = 0.03, .threads = 1};
            size_t n = classify_param_count(&m);
            assert_int_equal(n, mlp_layout_of(&mc).total);
            double w[64], g1[64], g2[64], g3[64];
            for (size_t k = 0; k < n; k++)
                w[k] = 0.9 * sin(1.9 * k + a + l);
            classify_totals t = classify_evaluate(&m, w, &p, g1);
            model_loss ml;
            assert_int_equal(mlp_loss_grad_exact(&mc, mean, w, &d, idx, N, &ml, g2), 0);
            assert_near(t.data_loss, ml.data_loss, 1e-13);
            assert_near(t.reg_loss, ml.reg_loss, 1e-13);
            assert_near(t.loss, ml.loss, 1e-13);
            for (size_t k = 0; k < n; k++)
                assert_near(g1[k], g2[k], 1e-13);
            mlp net;
            assert_int_equal(mlp_init(&net, &mc, mean, N), 0);
            model_loss mf = mlp_loss_grad(&net, w, &d, idx, N, g3);
            mlp_free(&net);
            assert_near(t.loss, mf.loss, 1e-5 * (1 + t.loss));
            for (size_t k = 0; k < n; k++)
                assert_near(g1[k], g3[k], 1e-5);
        }
}

/* Parameter names for the explorer's title, counted out by hand: the net
 * (2 inputs, 2 units, 3 classes) is W1 0..3, b1 4..5, W2 6..11, b2 12..14;
 * the linear classifier W 0..5, b 6..8. */
static void test_param_names(void **state)
{
    (void)state;
    classify_model net = {.loss = CLASSIFY_SVM, .features = FEATURES_RAW, .classes = 3,
                          .reg = 0.1, .hidden = 2, .act = MLP_RELU};
    classify_model lin = model(CLASSIFY_SVM, FEATURES_RAW, 3, 0.1);
    const size_t at[] = {0, 3, 5, 9, 14};
    const char *want[] = {"W1[0][x]", "W1[1][y]", "b1[1]", "W2[1][1]", "b2[2]"};
    char buf[32];
    for (int k = 0; k < 5; k++) {
        classify_param_name(&net, at[k], buf, sizeof buf);
        assert_string_equal(buf, want[k]);
    }
    classify_param_name(&lin, 3, buf, sizeof buf);
    assert_string_equal(buf, "W[1][y]");
    classify_param_name(&lin, 7, buf, sizeof buf);
    assert_string_equal(buf, "b[1]");
    double w[9] = {1, 2, 2, -4, 3, -1, 0, 0.5, -0.5};
    classify_points p = spread(3);
    classify_slice sl;
    assert_int_equal(classify_slice_init(&sl, &lin, &p, w, 5, 8), 0);
    surface sf = classify_slice_surface(&sl);
    assert_string_equal(sf.name, "svm loss over W[2][y], b[2]");
    assert_near(sf.start[0], -1, 0);
    assert_near(sf.start[1], -0.5, 0);
    classify_slice_free(&sl);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scores_by_hand),
        cmocka_unit_test(test_four_losses_by_hand),
        cmocka_unit_test(test_terms_by_hand),
        cmocka_unit_test(test_features),
        cmocka_unit_test(test_gradients_by_differences),
        cmocka_unit_test(test_trainer_step_is_sgd),
        cmocka_unit_test(test_nudge_rotates_and_shifts),
        cmocka_unit_test(test_confidence),
        cmocka_unit_test(test_slice_surface),
        cmocka_unit_test(test_net_by_hand),
        cmocka_unit_test(test_net_gradients_by_differences),
        cmocka_unit_test(test_net_is_core_mlp),
        cmocka_unit_test(test_param_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
