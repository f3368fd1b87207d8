/* Learning-rate schedules at chosen t, computed by hand. */
#include <string.h>

#include "check.h"
#include "core/hparams.h"
#include "core/schedule.h"

static schedule make(sched_kind k)
{
    schedule s = schedule_defaults();
    s.kind = k;
    return s;
}

static void test_constant(void **state)
{
    (void)state;
    schedule s = make(SCHED_CONSTANT);
    assert_near(schedule_lr(&s, 0.1, 0), 0.1, 0);
    assert_near(schedule_lr(&s, 0.1, 12345), 0.1, 0);
}

static void test_step(void **state)
{
    (void)state;
    schedule s = make(SCHED_STEP);
    s.every = 10;
    s.gamma = 0.5;
    assert_near(schedule_lr(&s, 0.8, 9), 0.8, 0);
    assert_near(schedule_lr(&s, 0.8, 10), 0.4, 1e-15);
    assert_near(schedule_lr(&s, 0.8, 25), 0.2, 1e-15);
}

static void test_cosine(void **state)
{
    (void)state;
    schedule s = make(SCHED_COSINE);
    s.T = 100;
    s.lr_min = 0.0;
    assert_near(schedule_lr(&s, 1.0, 0), 1.0, 1e-15);
    assert_near(schedule_lr(&s, 1.0, 50), 0.5, 1e-15);  /* (1 + cos(pi/2)) / 2 */
    assert_near(schedule_lr(&s, 1.0, 25), (1 + sqrt(0.5)) / 2, 1e-15);
    assert_near(schedule_lr(&s, 1.0, 100), 0.0, 1e-15);
    assert_near(schedule_lr(&s, 1.0, 500), 0.0, 1e-15); /* stays at the floor */
    s.lr_min = 0.1;
    assert_near(schedule_lr(&s, 1.0, 50), 0.55, 1e-15);
}

static void test_linear(void **state)
{
    (void)state;
    schedule s = make(SCHED_LINEAR);
    s.T = 40;
    assert_near(schedule_lr(&s, 0.2, 10), 0.15, 1e-15);
    assert_near(schedule_lr(&s, 0.2, 40), 0.0, 0);
    assert_near(schedule_lr(&s, 0.2, 41), 0.0, 0);
}

static void test_invsqrt(void **state)
{
    (void)state;
    schedule s = make(SCHED_INVSQRT);
    s.tau = 1;
    assert_near(schedule_lr(&s, 0.3, 0), 0.3, 0);
    assert_near(schedule_lr(&s, 0.3, 3), 0.15, 1e-15); /* 0.3 / sqrt(4) */
    s.tau = 2;
    assert_near(schedule_lr(&s, 0.3, 6), 0.15, 1e-15); /* 0.3 / sqrt(1 + 3) */
}

static void test_warmup(void **state)
{
    (void)state;
    schedule s = make(SCHED_CONSTANT);
    s.warmup = 4;
    assert_near(schedule_lr(&s, 1.0, 0), 0.25, 0);
    assert_near(schedule_lr(&s, 1.0, 2), 0.75, 0);
    assert_near(schedule_lr(&s, 1.0, 3), 1.0, 0);
    assert_near(schedule_lr(&s, 1.0, 4), 1.0, 0);
    s.kind = SCHED_STEP;
    s.every = 2;
    s.gamma = 0.1;
    assert_near(schedule_lr(&s, 1.0, 3), 0.1, 1e-15); /* 1 * 0.1^1 * 4/4 */
}

static void test_spec_sets_schedule(void **state)
{
    (void)state;
    hparams_spec h;
    char err[256];
    assert_int_equal(hparams_parse("sgd:lr=0.5,schedule=cosine,T=10,warmup=2", &h, err, sizeof err), 0);
    assert_int_equal(h.p.sched.kind, SCHED_COSINE);
    assert_int_equal(h.p.sched.T, 10);
    /* t = 0: warmup 1/2 of the cosine's 0.5 */
    assert_near(schedule_lr(&h.p.sched, h.p.lr, 0), 0.25, 1e-15);
    assert_int_equal(hparams_parse("sgd:schedule=wavy", &h, err, sizeof err), -1);
    assert_non_null(strstr(err, "unknown schedule 'wavy'"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_constant), cmocka_unit_test(test_step),
        cmocka_unit_test(test_cosine),   cmocka_unit_test(test_linear),
        cmocka_unit_test(test_invsqrt),  cmocka_unit_test(test_warmup),
        cmocka_unit_test(test_spec_sets_schedule),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
