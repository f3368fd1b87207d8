/* The per-row losses on the lecture's numbers, and their gradients against
 * finite differences; the L2 sum of squares in pieces. */
#include "check.h"
#include "core/loss.h"

/* cat, car, frog scores for the cat, car and frog images */
static const double S[3][3] = {{3.2, 5.1, -1.7}, {1.3, 4.9, 2.0}, {2.2, 2.5, -3.1}};

static void test_svm_lecture_table(void **state)
{
    (void)state;
    double m[3];
    /* cat image: max(0, 5.1 - 3.2 + 1) + max(0, -1.7 - 3.2 + 1) = 2.9 + 0 */
    assert_near(loss_svm_row(S[0], 3, 0, 1.0, m, NULL), 2.9, 1e-12);
    assert_near(m[1], 2.9, 1e-12);
    assert_near(m[2], 0, 0);
    /* car image: max(0, 1.3 - 4.9 + 1) + max(0, 2.0 - 4.9 + 1) = 0 */
    assert_near(loss_svm_row(S[1], 3, 1, 1.0, NULL, NULL), 0, 0);
    /* frog image: max(0, 2.2 + 3.1 + 1) + max(0, 2.5 + 3.1 + 1) = 6.3 + 6.6 */
    assert_near(loss_svm_row(S[2], 3, 2, 1.0, NULL, NULL), 12.9, 1e-12);
    double mean = (2.9 + 0 + 12.9) / 3;
    assert_near(mean, 5.2666666666666666, 1e-12);
}

static void test_softmax_lecture_example(void **state)
{
    (void)state;
    double p[3];
    double l = loss_softmax_row(S[0], 3, 0, p, NULL);
    double z = exp(3.2) + exp(5.1) + exp(-1.7); /* 24.53 + 164.02 + 0.18 */
    assert_near(p[0], exp(3.2) / z, 1e-15);
    assert_near(p[0], 0.13, 0.005);
    assert_near(p[1], 0.87, 0.005);
    assert_near(l, -log(exp(3.2) / z), 1e-12);
    assert_near(l, 2.04, 0.005);
    /* all scores equal: log C */
    double zero[10] = {0};
    assert_near(loss_softmax_row(zero, 10, 3, NULL, NULL), log(10), 1e-15);
    /* stable for huge scores */
    double big[3] = {1000, 1001, 999};
    assert_near(loss_softmax_row(big, 3, 1, NULL, NULL), log(1 + exp(-1) + exp(-2)), 1e-12);
}

typedef double (*row_loss)(const double *s, int C, int y);
static double svm(const double *s, int C, int y) { return loss_svm_row(s, C, y, 1.0, NULL, NULL); }
static double softmax(const double *s, int C, int y) { return loss_softmax_row(s, C, y, NULL, NULL); }

static void check_fd(row_loss f, const double *s0, int C, int y, const double *analytic)
{
    double s[8];
    for (int j = 0; j < C; j++) {
        for (int k = 0; k < C; k++)
            s[k] = s0[k];
        s[j] = s0[j] + 1e-6;
        double up = f(s, C, y);
        s[j] = s0[j] - 1e-6;
        double down = f(s, C, y);
        assert_near(analytic[j], (up - down) / 2e-6, 1e-6);
    }
}

static void test_gradients(void **state)
{
    (void)state;
    double d[3];
    for (int i = 0; i < 3; i++) {
        loss_svm_row(S[i], 3, i, 1.0, NULL, d);
        check_fd(svm, S[i], 3, i, d);
        loss_softmax_row(S[i], 3, i, NULL, d);
        check_fd(softmax, S[i], 3, i, d);
    }
    /* by hand: the cat image has one positive margin (car), so ds = (-1, 1, 0) */
    loss_svm_row(S[0], 3, 0, 1.0, NULL, d);
    assert_true(d[0] == -1 && d[1] == 1 && d[2] == 0);
}

/* The L2 sum of squares in 4 lanes (entry i into lane i % 4, the entries
 * past the last whole four into lane 0), summed (l0 + l1) + (l2 + l3):
 * the order descent's L2 penalty has always summed in, so that saved
 * results stay the same bits. */
static double squares_by_lanes(const double *w, size_t n)
{
    double r[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (int k = 0; k < 4; k++)
            r[k] += w[i + k] * w[i + k];
    for (; i < n; i++)
        r[0] += w[i] * w[i];
    return (r[0] + r[1]) + (r[2] + r[3]);
}

/* loss_squares fed in pieces of awkward sizes (1, 3, 512, 7, 2, 3073: any
 * phase of the lanes at a piece's start) gives the lanes' sum bit for bit,
 * and so does loss_reg's L2 penalty, over ranges of 0 to 15367 entries
 * (two parts of a CIFAR model's W, 15365 entries each, are not a whole
 * number of fours). */
static void test_squares_in_pieces(void **state)
{
    (void)state;
    enum { MAXN = 15367 };
    static double w[MAXN];
    static const size_t pieces[] = {1, 3, 512, 7, 2, 3073};
    static const size_t sizes[] = {0,   1,    3,    4,    5,    6,     7,     10,    11,
                                    15,  512,  1023, 3073, 3074, 3075, 15365, 15366, 15367};
    /* magnitudes from 1e-4 to 10: every lane's sum rounds differently
     * in any other order */
    static const double scale[] = {1e-4, 1e-3, 1e-2, 0.1, 1, 10};
    unsigned long x = 99;
    for (size_t i = 0; i < MAXN; i++) {
        x = x * 6364136223846793005UL + 1442695040888963407UL;
        w[i] = ((double)(x >> 11) / 9007199254740992.0 - 0.5) * scale[(x >> 3) % 6];
    }
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        double want = squares_by_lanes(w, n);
        loss_squares q;
        loss_squares_begin(&q, n);
        for (size_t at = 0, k = 0; at < n; k++) {
            size_t len = pieces[k % 6] < n - at ? pieces[k % 6] : n - at;
            loss_squares_add(&q, w + at, len);
            at += len;
        }
        double got = loss_squares_sum(&q), reg = loss_reg(w, n, REG_L2, 0.7, NULL);
        double lam = 0.7 * want;
        assert_memory_equal(&got, &want, sizeof want);
        assert_memory_equal(&reg, &lam, sizeof lam);
    }
}

static void test_regularization(void **state)
{
    (void)state;
    /* the lecture's w1 = [1,0,0,0] and w2 = [0.25,...]: same score on x = [1,1,1,1] */
    double w1[4] = {1, 0, 0, 0}, w2[4] = {0.25, 0.25, 0.25, 0.25};
    assert_near(loss_reg(w1, 4, REG_L2, 1.0, NULL), 1.0, 0);
    assert_near(loss_reg(w2, 4, REG_L2, 1.0, NULL), 0.25, 0); /* L2 prefers w2 */
    assert_near(loss_reg(w1, 4, REG_L1, 1.0, NULL), 1.0, 0);
    assert_near(loss_reg(w2, 4, REG_L1, 1.0, NULL), 1.0, 0);  /* L1 ties */
    assert_near(loss_reg(w2, 4, REG_ELASTIC, 2.0, NULL), 2.5, 0);
    double g[4] = {0, 0, 0, 0};
    loss_reg(w2, 4, REG_L2, 0.5, g); /* 0.5 * 2 w */
    assert_near(g[0], 0.25, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_svm_lecture_table),
        cmocka_unit_test(test_softmax_lecture_example),
        cmocka_unit_test(test_gradients),
        cmocka_unit_test(test_regularization),
        cmocka_unit_test(test_squares_in_pieces),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
