/* The shared pass against trainer_step one trainer at a time: after N
 * iterations every trainer's weights, losses and optimizer state are the
 * very same doubles (memcmp), whatever mix of losses, penalties, optimizers,
 * schedules, batch sizes and threads; a diverging trainer drops out at the
 * iteration it would alone and disturbs nobody; trainers that cannot share
 * (the net, another seed) still step exactly as alone. Evaluations made on
 * images converted once for several give trainer_evaluate's accuracies,
 * and happen as often as counted. */
#include "check.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/multitrain.h"

#define DIM 3072 /* a CIFAR image's values: OpenBLAS's kernels for that shape */
#define CLASSES 10
#define N_TRAIN 600
#define N_VAL 100
#define MAX_T 8

static uint8_t *xs, *ys;
static char err[512];
static int short_val = -1; /* the trainer given half the validation set, or -1 */

/* Images whose class shifts a band of values: learnable, not trivially. */
static int data_setup(void **state)
{
    (void)state;
    size_t n = N_TRAIN + N_VAL;
    xs = malloc(n * DIM);
    ys = malloc(n);
    if (!xs || !ys)
        return -1;
    unsigned long s = 12345;
    for (size_t i = 0; i < n; i++) {
        ys[i] = (uint8_t)(i % CLASSES);
        for (size_t j = 0; j < DIM; j++) {
            s = s * 6364136223846793005UL + 1442695040888963407UL;
            int v = (int)(s >> 57) + (j / 300 == ys[i] ? 90 : 60);
            xs[i * DIM + j] = (uint8_t)v;
        }
    }
    return 0;
}

static int data_teardown(void **state)
{
    (void)state;
    free(xs);
    free(ys);
    return 0;
}

static linear_data train_set(void)
{
    return (linear_data){xs, ys, N_TRAIN, NULL};
}

static linear_data val_set(void)
{
    return (linear_data){xs + (size_t)N_TRAIN * DIM, ys + N_TRAIN, N_VAL, NULL};
}

/* A mix a sweep or a race would hold: config i differs in lr, reg, loss,
 * penalty and optimizer. */
static train_config mixed(int i, int batch, int threads)
{
    static const optim_kind kinds[] = {OPTIM_SGD, OPTIM_MOMENTUM, OPTIM_ADAM, OPTIM_NESTEROV,
                                       OPTIM_RMSPROP, OPTIM_ADAGRAD, OPTIM_SGD, OPTIM_ADAM};
    train_config c = train_defaults();
    c.opt = optim_defaults(kinds[i % 8]);
    c.opt.lr = (kinds[i % 8] >= OPTIM_ADAGRAD ? 1e-4 : 1e-7) * (1 + i);
    c.reg = i % 3 == 0 ? 0 : 100.0 * i;
    c.reg_kind = i % 4 == 3 ? REG_L1 : REG_L2;
    c.model = i % 2 ? LINEAR_SOFTMAX : LINEAR_SVM;
    if (i == 6)
        c.opt.sched = (schedule){.kind = SCHED_STEP, .every = 7, .gamma = 0.5};
    c.batch = batch;
    c.iters = 40;
    c.eval_every = 10;
    c.eval_train_n = 200;
    c.threads = threads;
    return c;
}

static void init_all(trainer *t, const train_config *c, int k)
{
    linear_data tr = train_set(), va = val_set(), half = va;
    half.n = N_VAL / 2;
    for (int i = 0; i < k; i++)
        assert_int_equal(trainer_init(&t[i], &c[i], CLASSES, DIM, &tr, i == short_val ? &half : &va,
                                      NULL, NULL, err, sizeof err),
                         0);
}

static void free_all(trainer *t, int k)
{
    for (int i = 0; i < k; i++)
        trainer_free(&t[i]);
}

/* Whether a and b are the same training, bit for bit; says what differs. */
static int same_training(const trainer *a, const trainer *b)
{
    long hist = a->iter < a->cfg.iters ? a->iter : a->cfg.iters;
    size_t h = hist > 0 ? (size_t)hist * sizeof(double) : 0, p = a->n_params * sizeof(double);
    const char *what = a->iter != b->iter ? "iterations"
                     : memcmp(a->w, b->w, p) ? "weights"
                     : h && memcmp(a->loss, b->loss, h) ? "losses"
                     : h && memcmp(a->data_loss, b->data_loss, h) ? "data losses"
                     : h && memcmp(a->reg_loss, b->reg_loss, h) ? "reg losses"
                     : a->opt.t != b->opt.t || memcmp(&a->opt.lr_now, &b->opt.lr_now, sizeof a->opt.lr_now)
                         ? "optimizer steps"
                     : memcmp(a->opt.delta, b->opt.delta, p) ? "last updates"
                     : a->n_evals != b->n_evals ? "evaluations"
                     : NULL;
    for (size_t e = 0; !what && e < a->n_evals; e++)
        if (a->evals[e].iter != b->evals[e].iter ||
            memcmp(&a->evals[e].val_acc, &b->evals[e].val_acc, sizeof(double)) ||
            memcmp(&a->evals[e].train_acc, &b->evals[e].train_acc, sizeof(double)))
            what = "accuracies";
    if (what)
        print_error("shared and alone differ in their %s\n", what);
    return what == NULL;
}

typedef struct {
    int diverged_at[MAX_T]; /* alone: the iteration it diverged at, 0 never */
    int same;               /* every trainer the same, shared and alone */
    int dropped_right;      /* each shared one dropped out when it diverged alone */
    long together;          /* trainer steps the passes took together */
    long evaluated;         /* evaluations made on images converted once for several */
} outcome;

/* k trainers of configs c, iters steps: alone (trainer_step) and in
 * multitrain passes of at most `models`; every pair compared. Everything is
 * freed before the caller asserts, so that a failure leaves no thread
 * behind on a dead stack. */
static outcome compare(const train_config *c, int k, int models, int iters)
{
    trainer alone[MAX_T], shared[MAX_T], *ptr[MAX_T];
    int rc[MAX_T], live[MAX_T], done[MAX_T] = {0};
    outcome o = {.same = 1, .dropped_right = 1};
    init_all(alone, c, k);
    init_all(shared, c, k);
    for (int i = 0; i < k; i++)
        for (int it = 1; it <= iters && !o.diverged_at[i]; it++)
            if (trainer_step(&alone[i]) < 0)
                o.diverged_at[i] = it;
    multitrain m;
    if (multitrain_init(&m, models) < 0)
        o.same = 0;
    for (int it = 1; o.same && it <= iters; it++) {
        int n = 0;
        for (int i = 0; i < k; i++)
            if (!done[i]) {
                live[n] = i;
                ptr[n++] = &shared[i];
            }
        multitrain_step(&m, ptr, n, rc);
        for (int j = 0; j < n; j++)
            if (rc[j] < 0) {
                o.dropped_right &= o.diverged_at[live[j]] == it;
                done[live[j]] = 1;
            } else {
                o.dropped_right &= rc[j] == 0;
            }
    }
    o.together = m.together;
    o.evaluated = m.evaluated_together;
    multitrain_free(&m);
    for (int i = 0; i < k; i++) {
        o.dropped_right &= done[i] == (o.diverged_at[i] != 0);
        o.same &= same_training(&alone[i], &shared[i]);
    }
    free_all(alone, k);
    free_all(shared, k);
    return o;
}

static void assert_alike(const outcome *o, long together, long evaluated)
{
    assert_true(o->same);
    assert_true(o->dropped_right);
    assert_int_equal(o->together, together);
    assert_int_equal(o->evaluated, evaluated);
}

static void test_mix_two_threads(void **state)
{
    (void)state;
    train_config c[MAX_T];
    /* 200 rows: each thread's 100 in blocks of 32, 32, 32 and 4 */
    for (int i = 0; i < MAX_T; i++)
        c[i] = mixed(i, 200, 2);
    outcome o = compare(c, MAX_T, MAX_T, 25);
    /* evaluations at 10 and 20 */
    assert_alike(&o, MAX_T * 25, MAX_T * 2);
    for (int i = 0; i < MAX_T; i++)
        assert_int_equal(o.diverged_at[i], 0);
}

static void test_small_batch_one_thread(void **state)
{
    (void)state;
    train_config c[MAX_T];
    /* 10 rows go unsplit even with two threads; 45 are split unevenly */
    for (int i = 0; i < 4; i++)
        c[i] = mixed(i, 10, 2);
    outcome o = compare(c, 4, 4, 20);
    assert_alike(&o, 4 * 20, 4 * 2);
    for (int i = 0; i < 4; i++)
        c[i] = mixed(i, 45, 1);
    o = compare(c, 4, 4, 20);
    assert_alike(&o, 4 * 20, 4 * 2);
}

/* A pass of two or more with two threads takes half its models per thread
 * (here three and two), each model's two halves of the rows one after the
 * other: 45 rows are halves of 22 and 23, the 23 in blocks of 32 and
 * nothing, as the worker would take them. */
static void test_uneven_halves_two_threads(void **state)
{
    (void)state;
    train_config c[MAX_T];
    for (int i = 0; i < 5; i++)
        c[i] = mixed(i, 45, 2);
    outcome o = compare(c, 5, 5, 20);
    assert_alike(&o, 5 * 20, 5 * 2);
}

static void test_more_trainers_than_a_pass(void **state)
{
    (void)state;
    train_config c[MAX_T];
    for (int i = 0; i < 7; i++)
        c[i] = mixed(i, 64, 2);
    /* passes of 3, 3 and 1: the last alone, its evaluation at 10 too */
    outcome o = compare(c, 7, 3, 15);
    assert_alike(&o, 6 * 15, 6);
}

static void test_divergence_drops_out(void **state)
{
    (void)state;
    train_config c[MAX_T];
    for (int i = 0; i < 5; i++)
        c[i] = mixed(i, 100, 2);
    /* SGD with a huge step: the scores overflow within some iterations */
    c[2].opt = optim_defaults(OPTIM_SGD);
    c[2].opt.lr = 1e30;
    outcome o = compare(c, 5, 5, 20);
    int at = o.diverged_at[2];
    assert_true(at > 1);
    /* five together up to the iteration it diverged at (its step not
     * taken), four after; so are the evaluations at 10 and 20 */
    assert_alike(&o, 5 * at + 4 * (20 - at), (at > 10 ? 5 : 4) + 4);
    for (int i = 0; i < 5; i++)
        if (i != 2)
            assert_int_equal(o.diverged_at[i], 0);
}

static void test_unshareable_step_alone(void **state)
{
    (void)state;
    train_config c[MAX_T];
    for (int i = 0; i < 5; i++)
        c[i] = mixed(i, 50, 2);
    c[1].seed = 7; /* another minibatch sequence and start */
    c[3].arch = MODEL_MLP;
    c[3].hidden = 20;
    c[3].model = LINEAR_SOFTMAX;
    c[3].init_scale = 1e-3;
    c[3].opt.lr = 1e-4;
    c[4].batch = 30; /* another minibatch size */
    /* only 0 and 2 share a pass, and their evaluation at 10 */
    outcome o = compare(c, 5, 5, 12);
    assert_alike(&o, 2 * 12, 2);
    for (int i = 0; i < 5; i++)
        assert_int_equal(o.diverged_at[i], 0);
}

/* Evaluations due at the same step share their images when they are the
 * same images: the whole training set (600: chunks of 512 and 88, each
 * split in halves) and the validation set; a trainer evaluating every 20
 * iterations joins at 20 and 40 only, and one with another validation set
 * evaluates alone, all of them as they would alone. */
static void test_evaluations_shared(void **state)
{
    (void)state;
    train_config c[MAX_T];
    for (int i = 0; i < 4; i++) {
        c[i] = mixed(i, 64, 2);
        c[i].eval_train_n = N_TRAIN;
        c[i].eval_every = i < 2 ? 10 : 20;
    }
    short_val = 3;
    outcome o = compare(c, 4, 4, 40);
    short_val = -1;
    /* at 10 and 30: trainers 0 and 1; at 20 and 40: 0, 1 and 2 (3 alone) */
    assert_alike(&o, 4 * 40, 2 + 3 + 2 + 3);
}

/* multitrain_evaluate against trainer_evaluate, bit for bit, on the
 * training set (600: chunks of 512 and 88) and the validation set: seven
 * trained trainers in passes of at most three, the net (which cannot
 * share) and one with another chunk size (batch 600) among them. */
static void test_evaluate_many(void **state)
{
    (void)state;
    train_config c[MAX_T];
    trainer t[MAX_T], *ptr[MAX_T];
    double got[MAX_T];
    for (int i = 0; i < 7; i++)
        c[i] = mixed(i, 64, 2);
    c[2].arch = MODEL_MLP;
    c[2].hidden = 20;
    c[2].model = LINEAR_SOFTMAX;
    c[2].init_scale = 1e-3;
    c[2].opt.lr = 1e-4;
    c[5].batch = 600;
    init_all(t, c, 7);
    for (int i = 0; i < 7; i++) {
        for (int it = 0; it < 5; it++)
            assert_int_equal(trainer_step(&t[i]), 0);
        ptr[i] = &t[i];
    }
    multitrain m;
    assert_int_equal(multitrain_init(&m, 3), 0);
    linear_data sets[2] = {train_set(), val_set()};
    int same = 1;
    for (int set = 0; set < 2; set++) {
        multitrain_evaluate(&m, ptr, 7, &sets[set], got);
        for (int i = 0; i < 7; i++) {
            double want = trainer_evaluate(&t[i], &sets[set], NULL);
            same &= memcmp(&got[i], &want, sizeof want) == 0;
        }
    }
    long together = m.evaluated_together;
    multitrain_free(&m);
    free_all(t, 7);
    assert_true(same);
    /* in each set 0-1 together, 2 alone, 3-4 together, 5 and 6 alone */
    assert_int_equal(together, 2 * 4);
}

static void test_bad_sizes(void **state)
{
    (void)state;
    multitrain m;
    assert_int_equal(multitrain_init(&m, 0), -1);
    assert_int_equal(multitrain_init(&m, 1), 0);
    multitrain_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mix_two_threads),
        cmocka_unit_test(test_uneven_halves_two_threads),
        cmocka_unit_test(test_small_batch_one_thread),
        cmocka_unit_test(test_more_trainers_than_a_pass),
        cmocka_unit_test(test_divergence_drops_out),
        cmocka_unit_test(test_unshareable_step_alone),
        cmocka_unit_test(test_evaluations_shared),
        cmocka_unit_test(test_evaluate_many),
        cmocka_unit_test(test_bad_sizes),
    };
    return cmocka_run_group_tests(tests, data_setup, data_teardown);
}
