/* The training worker's hand-off: snapshots are whole copies while it runs,
 * pausing stops it, commands land at the next step, race runs share their
 * minibatches, divergence is caught and cured, and save and the gradient check are
 * the headless command's. The expected weights come from
 * trainers driven by hand in the test, step by step. */
#include "check.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/train.h"
#include "data/checkpoint.h"
#include "data/synth.h"
#include "session/check.h"
#include "session/save.h"
#include "session/worker.h"

static char err[1024];

typedef struct {
    dataset ds;
    linear_data tr, va;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f || synth_make(5, 1500, 100, &f->ds, err, sizeof err) < 0)
        return -1;
    f->tr = (linear_data){f->ds.train.x, f->ds.train.y, 1200, NULL};
    f->va = (linear_data){f->ds.train.x + 1200 * (size_t)f->ds.dim, f->ds.train.y + 1200, 300, NULL};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    dataset_free(&f->ds);
    free(f);
    return 0;
}

static train_config small(void)
{
    train_config c = train_defaults();
    c.model = LINEAR_SOFTMAX;
    c.batch = 20;
    c.eval_every = 10;
    c.eval_train_n = 100;
    c.reg = 1e2;
    c.opt = optim_defaults(OPTIM_SGD);
    c.opt.lr = 1e-7;
    c.threads = 1;
    return c;
}

static worker_config config(fixture *f, int paused)
{
    worker_config c;
    memset(&c, 0, sizeof c);
    c.cfg = small();
    for (int k = 0; k < OPTIM_COUNT; k++) {
        c.race_opt[k] = optim_defaults((optim_kind)k);
        c.race_opt[k].lr = k < OPTIM_ADAGRAD ? 1e-7 : 1e-4;
    }
    c.classes = f->ds.classes;
    c.dim = f->ds.dim;
    c.train = f->tr;
    c.val = f->va;
    c.paused = paused;
    return c;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void snap(worker *w, worker_snapshot *s)
{
    worker_snapshot_get(w, s);
}

/* Waits (up to 10 s) until the shown run has done at least n iterations. */
static void wait_iter(worker *w, worker_snapshot *s, long n)
{
    for (int k = 0; k < 10000; k++) {
        snap(w, s);
        if (s->run[0].iter >= n)
            return;
        sleep_ms(1);
    }
    fail_msg("the worker did not reach iteration %ld", n);
}

static void test_snapshots_are_whole_copies_while_running(void **state)
{
    fixture *f = *state;
    worker_config c = config(f, 0);
    worker *w;
    worker_snapshot s;
    assert_int_equal(worker_start(&w, &c, err, sizeof err), 0);
    assert_int_equal(worker_snapshot_alloc(&s, (size_t)c.classes * ((size_t)c.dim + 1)), 0);
    long last_iter = -1;
    unsigned long last_version = 0;
    for (int k = 0; k < 200; k++) {
        snap(w, &s);
        const worker_run *r = &s.run[0];
        assert_true(s.version >= last_version);
        assert_true(r->iter >= last_iter);
        last_version = s.version;
        last_iter = r->iter;
        /* every point of the history is a whole record: the total loss is
         * the sum of its parts, iterations rise, and none is ahead of iter */
        for (int i = 0; i < r->n_hist; i++) {
            assert_near(r->loss[i], (double)r->data_loss[i] + r->reg_loss[i], 1e-4);
            assert_true(r->hist_iter[i] <= r->iter);
            if (i > 0)
                assert_true(r->hist_iter[i] > r->hist_iter[i - 1]);
        }
        if (r->n_hist > 0 && r->hist_iter[r->n_hist - 1] == r->iter)
            assert_near(r->last.loss, r->loss[r->n_hist - 1], 1e-4 * fabs(r->last.loss));
        for (int i = 1; i < r->n_evals; i++)
            assert_true(r->evals[i].iter > r->evals[i - 1].iter);
        sleep_ms(1);
    }
    assert_true(last_iter > 0);
    worker_snapshot_free(&s);
    worker_stop(w);
}

static void test_pause_stops_the_iterations(void **state)
{
    fixture *f = *state;
    worker_config c = config(f, 0);
    worker *w;
    worker_snapshot s;
    assert_int_equal(worker_start(&w, &c, err, sizeof err), 0);
    assert_int_equal(worker_snapshot_alloc(&s, (size_t)c.classes * ((size_t)c.dim + 1)), 0);
    wait_iter(w, &s, 5);
    worker_wait(w, worker_command(w, WCMD_PAUSE, 0));
    snap(w, &s);
    assert_int_equal(s.state, WORKER_PAUSED);
    long paused_at = s.run[0].iter;
    sleep_ms(150);
    snap(w, &s);
    assert_int_equal(s.run[0].iter, paused_at);
    worker_command(w, WCMD_RESUME, 0);
    wait_iter(w, &s, paused_at + 3);
    assert_int_equal(s.state, WORKER_RUNNING);
    worker_snapshot_free(&s);
    worker_stop(w);
}

/* The worker's W after step, lr x 0.5, step equals a trainer driven by hand
 * the same way, and differs from one that kept the old rate. */
static void test_a_command_lands_at_the_next_step(void **state)
{
    fixture *f = *state;
    worker_config c = config(f, 1);
    worker *w;
    worker_snapshot s;
    size_t n = (size_t)c.classes * ((size_t)c.dim + 1);
    assert_int_equal(worker_start(&w, &c, err, sizeof err), 0);
    assert_int_equal(worker_snapshot_alloc(&s, n), 0);
    worker_wait(w, worker_command(w, WCMD_STEP, 0));
    snap(w, &s);
    assert_int_equal(s.run[0].iter, 1);
    assert_int_equal(s.state, WORKER_PAUSED);
    worker_command(w, WCMD_LR, 0.5);
    worker_wait(w, worker_command(w, WCMD_STEP, 0));
    snap(w, &s);
    assert_int_equal(s.run[0].iter, 2);
    assert_near(s.run[0].opt.lr, 0.5e-7, 1e-20);
    assert_int_equal(s.n_marks, 1);
    assert_int_equal(s.marks[0].iter, 1);
    assert_non_null(strstr(s.marks[0].text, "lr"));

    train_config tc = c.cfg;
    tc.iters = 1;
    trainer changed, kept;
    assert_int_equal(trainer_init(&changed, &tc, c.classes, c.dim, &f->tr, &f->va, NULL, NULL,
                                  err, sizeof err), 0);
    assert_int_equal(trainer_init(&kept, &tc, c.classes, c.dim, &f->tr, &f->va, NULL, NULL, err,
                                  sizeof err), 0);
    assert_int_equal(trainer_step(&changed), 0);
    assert_int_equal(trainer_step(&kept), 0);
    tc.opt.lr = 0.5e-7;
    assert_int_equal(trainer_configure(&changed, &tc), 0);
    assert_int_equal(trainer_step(&changed), 0);
    assert_int_equal(trainer_step(&kept), 0);
    double same = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        same = fmax(same, fabs(s.w[i] - changed.w[i]));
        other = fmax(other, fabs(s.w[i] - kept.w[i]));
    }
    assert_near(same, 0, 0);
    assert_true(other > 0);
    trainer_free(&changed);
    trainer_free(&kept);
    worker_snapshot_free(&s);
    worker_stop(w);
}

/* Steps a paused race five times; run i's losses must be those of a lone
 * trainer with its optimizer on the same seed, so every run saw the very
 * same minibatches. want lists the optimizers expected, in order. */
static void check_race(fixture *f, worker *w, const worker_config *c, const int *want, int n)
{
    worker_snapshot s;
    assert_int_equal(worker_snapshot_alloc(&s, (size_t)c->classes * ((size_t)c->dim + 1)), 0);
    for (int k = 0; k < 5; k++)
        worker_command(w, WCMD_STEP, 0);
    worker_wait(w, worker_command(w, WCMD_PAUSE, 0));
    snap(w, &s);
    assert_int_equal(s.n_runs, n);
    for (int k = 0; k < n; k++) {
        const worker_run *r = &s.run[k];
        assert_string_equal(r->label, optim_name((optim_kind)want[k]));
        assert_int_equal(r->iter, 5);
        assert_int_equal(r->n_hist, 5);
        train_config tc = c->cfg;
        tc.opt = c->race_opt[want[k]];
        tc.iters = 5;
        trainer t;
        assert_int_equal(trainer_init(&t, &tc, c->classes, c->dim, &f->tr, &f->va, NULL, NULL,
                                      err, sizeof err), 0);
        for (int i = 0; i < 5; i++) {
            assert_int_equal(trainer_step(&t), 0);
            assert_near(r->loss[i], (float)t.loss[i], 0);
        }
        trainer_free(&t);
    }
    worker_snapshot_free(&s);
}

static void test_race_runs_share_minibatches(void **state)
{
    fixture *f = *state;
    worker_config c = config(f, 1);
    c.race = 1;
    worker *w;
    assert_int_equal(worker_start(&w, &c, err, sizeof err), 0);
    const int all[] = {OPTIM_SGD, OPTIM_MOMENTUM, OPTIM_NESTEROV, OPTIM_ADAGRAD, OPTIM_RMSPROP,
                       OPTIM_ADAM};
    check_race(f, w, &c, all, OPTIM_COUNT);
    worker_stop(w);
}

/* A chosen set races alone; toggling one in restarts the race at 0 with it. */
static void test_race_of_a_chosen_set(void **state)
{
    fixture *f = *state;
    worker_config c = config(f, 1);
    c.race = 1;
    c.race_set = 1u << OPTIM_SGD | 1u << OPTIM_MOMENTUM | 1u << OPTIM_ADAM;
    worker *w;
    assert_int_equal(worker_start(&w, &c, err, sizeof err), 0);
    const int three[] = {OPTIM_SGD, OPTIM_MOMENTUM, OPTIM_ADAM};
    check_race(f, w, &c, three, 3);
    worker_wait(w, worker_command(w, WCMD_RACE_TOGGLE, OPTIM_RMSPROP));
    const int four[] = {OPTIM_SGD, OPTIM_MOMENTUM, OPTIM_RMSPROP, OPTIM_ADAM};
    check_race(f, w, &c, four, 4);
    worker_wait(w, worker_command(w, WCMD_RACE_TOGGLE, OPTIM_SGD));
    worker_wait(w, worker_command(w, WCMD_RACE_TOGGLE, OPTIM_MOMENTUM));
    worker_wait(w, worker_command(w, WCMD_RACE_TOGGLE, OPTIM_ADAM));
    /* the last one stays: a race needs somebody */
    worker_wait(w, worker_command(w, WCMD_RACE_TOGGLE, OPTIM_RMSPROP));
    const int one[] = {OPTIM_RMSPROP};
    check_race(f, w, &c, one, 1);
    worker_stop(w);
}

/* The sample images' predictions are argmax of W x on the mean-subtracted
 * image with the bias, recomputed here from the published W and a mean
 * image summed by hand; the true labels are the validation labels. */
static int argmax_wx(const fixture *f, const worker_snapshot *s, const double *mean,
                     const uint8_t *x)
{
    int dim = f->ds.dim, classes = f->ds.classes, best = -1;
    double top = 0;
    for (int c = 0; c < classes; c++) {
        const double *row = s->w + (size_t)c * (size_t)(dim + 1);
        double v = row[dim];
        for (int d = 0; d < dim; d++)
            v += row[d] * (x[d] - mean[d]);
        if (best < 0 || v > top) {
            top = v;
            best = c;
        }
    }
    return best;
}

static void check_samples(fixture *f, const worker_snapshot *s, const double *mean)
{
    int dim = f->ds.dim;
    assert_int_equal(s->n_samples, WORKER_SAMPLES);
    assert_int_equal(s->samples_iter, s->run[s->shown].iter);
    for (int k = 0; k < s->n_samples; k++) {
        const uint8_t *x = f->va.x + (size_t)k * (size_t)dim;
        assert_ptr_equal(s->sample_x[k], x);
        assert_int_equal(s->sample_true[k], f->va.y[k]);
        assert_int_equal(s->sample_pred[k], argmax_wx(f, s, mean, x));
    }
}

/* The training images' mean, summed by hand. */
static double *mean_image(const fixture *f)
{
    int dim = f->ds.dim;
    double *mean = calloc((size_t)dim, sizeof *mean);
    assert_non_null(mean);
    for (size_t i = 0; i < f->tr.n; i++)
        for (int d = 0; d < dim; d++)
            mean[d] += f->tr.x[i * (size_t)dim + (size_t)d];
    for (int d = 0; d < dim; d++)
        mean[d] /= (double)f->tr.n;
    return mean;
}

static void test_sample_predictions_are_argmax_of_w_x(void **state)
{
    fixture *f = *state;
    worker_config c = config(f, 1);
    c.cfg.opt = optim_defaults(OPTIM_ADAM);
    c.cfg.opt.lr = 1e-3;
    int dim = f->ds.dim;
    double *mean = mean_image(f);
    worker *w;
    worker_snapshot s;
    assert_int_equal(worker_start(&w, &c, err, sizeof err), 0);
    assert_int_equal(worker_snapshot_alloc(&s, (size_t)c.classes * ((size_t)dim + 1)), 0);
    snap(w, &s);
    check_samples(f, &s, mean); /* the initial W, at iteration 0 */
    /* eval_every is 10: the evaluation at iteration 20 predicts again */
    for (int k = 0; k < 20; k++)
        worker_command(w, WCMD_STEP, 0);
    worker_wait(w, worker_command(w, WCMD_PAUSE, 0));
    snap(w, &s);
    assert_int_equal(s.run[0].iter, 20);
    check_samples(f, &s, mean);
    int right = 0;
    for (int k = 0; k < s.n_samples; k++)
        right += s.sample_pred[k] == s.sample_true[k];
    /* trained 20 steps with Adam on the easy synthetic set: mostly right,
     * so the predictions are not one class for every image */
    assert_true(right >= WORKER_SAMPLES / 2);
    free(mean);
    worker_snapshot_free(&s);
    worker_stop(w);
}

/* The pace's ladder and its parser. */
static void test_pace_ladder(void **state)
{
    (void)state;
    assert_int_equal(worker_pace_step(50, 1), 100);
    assert_int_equal(worker_pace_step(50, -1), 20);
    assert_int_equal(worker_pace_step(1, -1), 1);       /* the slowest stays */
    assert_int_equal(worker_pace_step(5000, 1), 0);     /* then max */
    assert_int_equal(worker_pace_step(0, 1), 0);        /* max stays */
    assert_int_equal(worker_pace_step(0, -1), 5000);
    assert_int_equal(worker_pace_step(30, 1), 50);      /* between rungs: the next */
    assert_int_equal(worker_pace_step(30, -1), 20);
    int p = -1;
    char e[128];
    assert_int_equal(worker_pace_parse("max", &p, e, sizeof e), 0);
    assert_int_equal(p, 0);
    assert_int_equal(worker_pace_parse("7", &p, e, sizeof e), 0);
    assert_int_equal(p, 7);
    assert_int_equal(worker_pace_parse("0", &p, e, sizeof e), -1);
    assert_non_null(strstr(e, "'0' is not a pace"));
    assert_int_equal(worker_pace_parse("100001", &p, e, sizeof e), -1);
    assert_int_equal(worker_pace_parse("2x", &p, e, sizeof e), -1);
    char out[32];
    worker_pace_format(50, out, sizeof out);
    assert_string_equal(out, "50 it/s");
    worker_pace_format(0, out, sizeof out);
    assert_string_equal(out, "max");
}

/* At 20 iterations a second, one second of a running worker holds about 20
 * iterations, not the hundreds it does at max. */
static void test_pace_holds_the_rate(void **state)
{
    fixture *f = *state;
    worker_config c = config(f, 0);
    c.pace = 20;
    worker *w;
    worker_snapshot s;
    assert_int_equal(worker_start(&w, &c, err, sizeof err), 0);
    assert_int_equal(worker_snapshot_alloc(&s, (size_t)c.classes * ((size_t)c.dim + 1)), 0);
    sleep_ms(1000);
    snap(w, &s);
    assert_int_equal(s.pace, 20);
    assert_in_range(s.run[0].iter, 10, 30);
    worker_wait(w, worker_command(w, WCMD_PACE, 0));
    snap(w, &s);
    assert_int_equal(s.pace, 0);
    worker_snapshot_free(&s);
    worker_stop(w);
}

/* The mistakes, worked out again here as argmax W x over the whole
 * validation set, and their counts against the confusion matrix's columns. */
static void test_mistakes_are_the_wrong_predictions(void **state)
{
    fixture *f = *state;
    worker_config c = config(f, 1);
    worker *w;
    worker_snapshot s;
    assert_int_equal(worker_start(&w, &c, err, sizeof err), 0);
    assert_int_equal(worker_snapshot_alloc(&s, (size_t)c.classes * ((size_t)c.dim + 1)), 0);
    for (int k = 0; k < 30; k++)
        worker_command(w, WCMD_STEP, 0);
    worker_wait(w, worker_command(w, WCMD_MISTAKES, 1));
    snap(w, &s);
    assert_int_equal(s.mistakes_iter, 30);
    double *mean = mean_image(f);
    long predicted[DATASET_CLASSES_MAX] = {0}, wrong[DATASET_CLASSES_MAX] = {0};
    int seen[DATASET_CLASSES_MAX] = {0};
    for (size_t i = 0; i < c.val.n; i++) {
        int p = argmax_wx(f, &s, mean, c.val.x + i * (size_t)c.dim), t = c.val.y[i];
        predicted[p]++;
        if (p == t)
            continue;
        if (wrong[p] < WORKER_MISTAKES) {
            int k = seen[p]++;
            assert_int_equal(s.mistake_index[p][k], (long)i);
            assert_int_equal(s.mistake_true[p][k], t);
            assert_ptr_equal(s.mistake_x[p][k], c.val.x + i * (size_t)c.dim);
        }
        wrong[p]++;
    }
    for (int p = 0; p < c.classes; p++) {
        assert_int_equal(s.predicted[p], predicted[p]);
        assert_int_equal(s.wrong[p], wrong[p]);
        assert_int_equal(s.n_mistakes[p], seen[p]);
        long col = 0;
        for (int t = 0; t < c.classes; t++)
            col += s.confusion[t * c.classes + p];
        assert_int_equal(col, predicted[p]);
    }
    free(mean);
    /* off again: no more kept */
    worker_wait(w, worker_command(w, WCMD_MISTAKES, 0));
    snap(w, &s);
    assert_int_equal(s.mistakes_iter, -1);
    worker_snapshot_free(&s);
    worker_stop(w);
}

/* Time left, worked by hand: (target - iter) x batch x runs / images per s. */
static void test_time_left(void **state)
{
    (void)state;
    worker_snapshot *s = calloc(1, sizeof *s);
    assert_non_null(s);
    s->state = WORKER_RUNNING;
    s->n_runs = 1;
    s->batch = 200;
    s->train_n = 4000; /* 20 iterations an epoch */
    s->ips = 20000;
    s->run[0].iter = 500;
    s->run[0].images = 500 * 200;
    s->limit = 1500;
    double secs;
    long target;
    assert_int_equal(worker_time_left(s, &secs, &target), 0);
    assert_int_equal(target, 1500);
    assert_near(secs, 1000.0 * 200 / 20000, 1e-12);
    /* no limit: to the end of the current epoch, iteration 25 -> 40 */
    s->limit = 0;
    s->run[0].iter = 25;
    s->run[0].images = 25 * 200;
    assert_int_equal(worker_time_left(s, &secs, &target), 0);
    assert_int_equal(target, 40);
    assert_near(secs, 15.0 * 200 / 20000, 1e-12);
    /* exactly at an epoch's end, the next one: 40 -> 60 */
    s->run[0].iter = 40;
    s->run[0].images = 40 * 200;
    assert_int_equal(worker_time_left(s, &secs, &target), 0);
    assert_int_equal(target, 60);
    /* epochs that are not whole iterations: 4000 / 300 = 13.3, so epoch 1
     * ends at iteration 14 and epoch 2 at 27 */
    s->batch = 300;
    s->run[0].iter = 14;
    s->run[0].images = 14 * 300;
    assert_int_equal(worker_time_left(s, &secs, &target), 0);
    assert_int_equal(target, 27);
    /* the past's batches count as they were: 10 of 200 (2000 images, half
     * an epoch), then batch 400 for the rest, 2000 / 400 = 5 more to 4000 */
    s->batch = 400;
    s->run[0].iter = 10;
    s->run[0].images = 10 * 200;
    assert_int_equal(worker_time_left(s, &secs, &target), 0);
    assert_int_equal(target, 15);
    /* 3900 images: 100 left, one iteration of 400 */
    s->run[0].images = 3900;
    assert_int_equal(worker_time_left(s, &secs, &target), 0);
    assert_int_equal(target, 11);
    /* a race of three with one diverged: two runs share the speed */
    s->batch = 200;
    s->limit = 100;
    s->n_runs = 3;
    s->run[0].iter = 60;
    s->run[0].images = 60 * 200;
    s->run[2].diverged_at = 7;
    assert_int_equal(worker_time_left(s, &secs, &target), 0);
    assert_near(secs, 40.0 * 200 * 2 / 20000, 1e-12);
    /* nothing to say while paused or before any speed is known */
    s->state = WORKER_PAUSED;
    assert_int_equal(worker_time_left(s, &secs, &target), -1);
    s->state = WORKER_RUNNING;
    s->ips = 0;
    assert_int_equal(worker_time_left(s, &secs, &target), -1);
    free(s);
}

static void test_divergence_is_caught_and_cured(void **state)
{
    fixture *f = *state;
    worker_config c = config(f, 0);
    c.cfg.opt.lr = 1e3;
    c.cfg.reg = 2.5e4;
    c.cfg.model = LINEAR_SVM;
    worker *w;
    worker_snapshot s;
    assert_int_equal(worker_start(&w, &c, err, sizeof err), 0);
    assert_int_equal(worker_snapshot_alloc(&s, (size_t)c.classes * ((size_t)c.dim + 1)), 0);
    for (int k = 0; k < 10000; k++) {
        snap(w, &s);
        if (s.run[0].diverged_at)
            break;
        sleep_ms(1);
    }
    assert_true(s.run[0].diverged_at > 0);
    assert_int_equal(s.run[0].iter, s.run[0].diverged_at - 1);
    worker_wait(w, worker_command(w, WCMD_PAUSE, 0)); /* let it settle */
    snap(w, &s);
    assert_int_equal(s.state, WORKER_PAUSED);
    assert_non_null(strstr(s.message, "diverged at iteration"));
    long stuck = s.run[0].iter;
    /* 1e3 x 1e-10 = 1e-7: the usual rate, from the last sane W */
    worker_wait(w, worker_command(w, WCMD_LR, 1e-10));
    wait_iter(w, &s, stuck + 20);
    assert_int_equal(s.run[0].diverged_at, 0);
    assert_true(isfinite(s.run[0].last.loss));
    worker_snapshot_free(&s);
    worker_stop(w);
}

/* ---- the session's one home for save and gradient check: the panel's
 * worker and the headless command write the same settings (penalty= too)
 * and check the same entries on the same minibatch ---- */

static train_config session_small(void)
{
    train_config c = train_defaults();
    c.model = LINEAR_SVM;
    c.reg_kind = REG_L1;
    c.reg = 100;
    c.batch = 20;
    c.eval_every = 0;
    c.threads = 1;
    c.seed = 3;
    return c;
}

static worker_config session_config(fixture *f, const char *path)
{
    worker_config c;
    memset(&c, 0, sizeof c);
    c.cfg = session_small();
    for (int k = 0; k < OPTIM_COUNT; k++)
        c.race_opt[k] = optim_defaults((optim_kind)k);
    c.classes = f->ds.classes;
    c.dim = f->ds.dim;
    c.train = f->tr;
    c.val = f->va;
    c.paused = 1;
    c.ds = &f->ds;
    c.save_path = path;
    return c;
}

static void temp_path(char *path)
{
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
}

static void test_panel_save_names_penalty(void **state)
{
    fixture *f = *state;
    char path[] = "/tmp/descent-session-XXXXXX";
    temp_path(path);
    worker_config c = session_config(f, path);
    worker *w;
    assert_int_equal(worker_start(&w, &c, err, sizeof err), 0);
    worker_command(w, WCMD_STEP, 0);
    worker_wait(w, worker_command(w, WCMD_SAVE, 0));
    worker_snapshot s;
    assert_int_equal(worker_snapshot_alloc(&s, f->ds.classes * (size_t)(f->ds.dim + 1)), 0);
    worker_snapshot_get(w, &s);
    worker_stop(w);
    checkpoint k;
    assert_int_equal(checkpoint_load(path, &k, err, sizeof err), 0);
    unlink(path);
    /* the settings the headless command writes, penalty included */
    assert_true(strncmp(k.hparams, "model=svm opt=sgd ", 18) == 0);
    assert_non_null(strstr(k.hparams, " reg=100 penalty=l1 batch=20 iters=1 seed=3"));
    assert_int_equal(k.classes, f->ds.classes);
    assert_memory_equal(k.w, s.w, s.n_params * sizeof *s.w);
    checkpoint_free(&k);
    worker_snapshot_free(&s);
}

static void test_panel_check_is_the_commands(void **state)
{
    fixture *f = *state;
    worker_config c = session_config(f, NULL);
    worker *w;
    assert_int_equal(worker_start(&w, &c, err, sizeof err), 0);
    worker_wait(w, worker_command(w, WCMD_GRADCHECK, 0));
    worker_snapshot s;
    assert_int_equal(worker_snapshot_alloc(&s, f->ds.classes * (size_t)(f->ds.dim + 1)), 0);
    worker_snapshot_get(w, &s);
    worker_stop(w);
    assert_int_equal(s.n_checks, WORKER_CHECKS);
    assert_int_equal(s.checks_iter, 0);
    /* descent train --gradcheck on the same settings, at iteration 0 */
    trainer t;
    train_config tc = session_small();
    assert_int_equal(trainer_init(&t, &tc, f->ds.classes, f->ds.dim, &f->tr, &f->va, NULL, NULL,
                                  err, sizeof err), 0);
    gradcheck_entry out[WORKER_CHECKS];
    assert_int_equal(check_run(&t, WORKER_CHECKS, out), 0);
    for (int k = 0; k < WORKER_CHECKS; k++) {
        assert_int_equal(out[k].index, s.checks[k].index);
        assert_near(out[k].analytic, s.checks[k].analytic, 0);
        assert_near(out[k].numeric, s.checks[k].numeric, 0);
        assert_true(out[k].rel_error < 1e-4);
    }
    /* a later iteration draws another minibatch: the check follows the run,
     * in the panel as in a trainer stepped as far */
    assert_int_equal(trainer_step(&t), 0);
    assert_int_equal(trainer_step(&t), 0);
    gradcheck_entry later[WORKER_CHECKS];
    assert_int_equal(check_run(&t, WORKER_CHECKS, later), 0);
    int same = 0;
    for (int k = 0; k < WORKER_CHECKS; k++)
        same += later[k].index == out[k].index;
    assert_true(same < WORKER_CHECKS);
    assert_int_equal(worker_start(&w, &c, err, sizeof err), 0);
    worker_command(w, WCMD_STEP, 0);
    worker_command(w, WCMD_STEP, 0);
    worker_wait(w, worker_command(w, WCMD_GRADCHECK, 0));
    worker_snapshot_get(w, &s);
    worker_stop(w);
    assert_int_equal(s.checks_iter, 2);
    for (int k = 0; k < WORKER_CHECKS; k++) {
        assert_int_equal(later[k].index, s.checks[k].index);
        assert_near(later[k].numeric, s.checks[k].numeric, 0);
    }
    trainer_free(&t);
    worker_snapshot_free(&s);
}

static void test_save_write_roundtrip(void **state)
{
    fixture *f = *state;
    char path[] = "/tmp/descent-session-XXXXXX";
    temp_path(path);
    trainer t;
    train_config tc = session_small();
    tc.reg_kind = REG_ELASTIC;
    assert_int_equal(trainer_init(&t, &tc, f->ds.classes, f->ds.dim, &f->tr, &f->va, NULL, NULL,
                                  err, sizeof err), 0);
    assert_int_equal(save_write(path, &t, &f->ds, NULL, err, sizeof err), 0);
    checkpoint k;
    assert_int_equal(checkpoint_load(path, &k, err, sizeof err), 0);
    unlink(path);
    assert_non_null(strstr(k.hparams, " penalty=elastic "));
    assert_string_equal(k.dataset, f->ds.name);
    assert_int_equal(checkpoint_params(&k), t.n_params);
    assert_memory_equal(k.w, t.w, t.n_params * sizeof *t.w);
    assert_memory_equal(k.mean, t.mean, (size_t)f->ds.dim * sizeof *t.mean);
    checkpoint_free(&k);
    trainer_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_snapshots_are_whole_copies_while_running),
        cmocka_unit_test(test_pause_stops_the_iterations),
        cmocka_unit_test(test_a_command_lands_at_the_next_step),
        cmocka_unit_test(test_race_runs_share_minibatches),
        cmocka_unit_test(test_race_of_a_chosen_set),
        cmocka_unit_test(test_sample_predictions_are_argmax_of_w_x),
        cmocka_unit_test(test_time_left),
        cmocka_unit_test(test_pace_ladder),
        cmocka_unit_test(test_pace_holds_the_rate),
        cmocka_unit_test(test_mistakes_are_the_wrong_predictions),
        cmocka_unit_test(test_divergence_is_caught_and_cured),
        cmocka_unit_test(test_panel_save_names_penalty),
        cmocka_unit_test(test_panel_check_is_the_commands),
        cmocka_unit_test(test_save_write_roundtrip),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
