/* What descent tune --tui adds: a watched run is the same run and stops
 * where asked; the heatmap's scale, best cell and cell text. */
#include <string.h>

#include "check.h"
#include "core/sweep.h"
#include "tui/heatmap.h"
#include "tui/tuneview.h"

enum { N = 40, DIM = 6, CLASSES = 3 };
static uint8_t x[N * DIM], y[N];

static train_config small_config(void)
{
    train_config c = train_defaults();
    c.opt.lr = 1e-4;
    c.batch = 8;
    c.iters = 30;
    c.eval_every = 0;
    c.eval_train_n = 10;
    return c;
}

static void make_data(linear_data *tr, linear_data *va)
{
    for (int i = 0; i < N; i++) {
        y[i] = (uint8_t)(i % CLASSES);
        for (int j = 0; j < DIM; j++)
            x[i * DIM + j] = (uint8_t)((i * 37 + j * 11 + 40 * y[i] * (j == y[i])) % 256);
    }
    *tr = (linear_data){x, y, 30, NULL};
    *va = (linear_data){x + 30 * DIM, y + 30, N - 30, NULL};
}

typedef struct {
    long seen[64];
    int n;
    long stop_at; /* 0: never */
} watcher;

static int watch(void *ctx, long iter)
{
    watcher *w = ctx;
    w->seen[w->n++] = iter;
    return w->stop_at && iter >= w->stop_at;
}

/* Watched and not stopped: the very numbers of the plain run, every
 * iteration seen once, in order. */
static void test_watched_is_the_same_run(void **state)
{
    (void)state;
    linear_data tr, va;
    make_data(&tr, &va);
    train_config c = small_config();
    sweep_result a, b;
    char err[256];
    watcher w = {{0}, 0, 0};
    assert_int_equal(sweep_train(&c, CLASSES, DIM, &tr, &va, &a, NULL, err, sizeof err), 0);
    assert_int_equal(sweep_train_watched(&c, CLASSES, DIM, &tr, &va, &b, NULL, watch, &w, err,
                                         sizeof err), 0);
    assert_memory_equal(&a, &b, sizeof a);
    assert_int_equal(w.n, 30);
    for (int i = 0; i < w.n; i++)
        assert_int_equal(w.seen[i], i + 1);
}

/* A nonzero answer stops the run after that iteration: 1, and a kept
 * trainer is left at that iteration for the caller to free. */
static void test_watch_stops(void **state)
{
    (void)state;
    linear_data tr, va;
    make_data(&tr, &va);
    train_config c = small_config();
    sweep_result r;
    trainer t;
    char err[256];
    watcher w = {{0}, 0, 7};
    assert_int_equal(sweep_train_watched(&c, CLASSES, DIM, &tr, &va, &r, &t, watch, &w, err,
                                         sizeof err), 1);
    assert_int_equal(w.n, 7);
    assert_int_equal(t.iter, 7);
    trainer_free(&t);
}

static void test_tuneview_watch(void **state)
{
    (void)state;
    tuneview_live live;
    atomic_init(&live.stop, 0);
    atomic_init(&live.iter, 0);
    atomic_init(&live.fold, 0);
    assert_int_equal(tuneview_watch(&live, 12), 0);
    assert_int_equal(atomic_load(&live.iter), 12);
    atomic_store(&live.stop, 1);
    assert_int_not_equal(tuneview_watch(&live, 13), 0);
    assert_int_equal(atomic_load(&live.iter), 13);
}

/* The scale spans the finished cells only; the best is the first of the
 * highest (as the headless choice), never a diverged or unfinished one. */
static void test_scale_and_best(void **state)
{
    (void)state;
    heat_point p[6] = {
        {HEAT_DONE, 0.31, 1, 1, 0, 0},    {HEAT_DIVERGED, 0.90, 1, 1, 1, 0},
        {HEAT_DONE, 0.352, 1, 1, 2, 0},   {HEAT_WAITING, NAN, 1, 1, 0, 1},
        {HEAT_DONE, 0.352, 1, 1, 1, 1},   {HEAT_RUNNING, NAN, 1, 1, 2, 1},
    };
    heatmap h = {0};
    h.n = 6;
    h.pt = p;
    heatmap_scale(&h);
    assert_int_equal(h.best, 2);
    assert_true(h.lo == 0.31);
    assert_true(h.hi == 0.352);
    h.n = 1;
    p[0].state = HEAT_WAITING;
    heatmap_scale(&h);
    assert_int_equal(h.best, -1);
}

/* The cell text is the CSV's %.4f less its leading 0. */
static void test_number(void **state)
{
    (void)state;
    char buf[16];
    heatmap_number(0.412, buf, sizeof buf);
    assert_string_equal(buf, ".4120");
    heatmap_number(1.0, buf, sizeof buf);
    assert_string_equal(buf, "1.0000");
    heatmap_number(0.5, buf, 4);
    assert_string_equal(buf, ".50");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_watched_is_the_same_run), cmocka_unit_test(test_watch_stops),
        cmocka_unit_test(test_tuneview_watch), cmocka_unit_test(test_scale_and_best),
        cmocka_unit_test(test_number),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
