/* The two-thread team: both parts run when a call is split, only part 0
 * otherwise; what one part writes before a barrier the other reads after
 * it, call after call; a team of one runs everything in the caller. */
#include "check.h"

#include <pthread.h>
#include <string.h>

#include "core/team.h"

#define ROUNDS 2000

typedef struct {
    team *t;
    int ran[2];
    pthread_t who[2];
    long slot[2]; /* each part's value for this round */
    long seen[2]; /* what each part read of the other's after the barrier */
    long round;
} job;

static void exchange(void *ctx, int part)
{
    job *j = ctx;
    j->ran[part]++;
    j->who[part] = pthread_self();
    j->slot[part] = j->round * 2 + part;
    team_barrier(j->t, part);
    j->seen[part] = j->slot[1 - part];
    team_barrier(j->t, part); /* nobody overwrites a slot before it was read */
}

static void job_start(job *j, team *t)
{
    memset(j, 0, sizeof *j);
    j->t = t;
}

static void test_split_calls_meet(void **state)
{
    (void)state;
    team t;
    team_init(&t, 2);
    assert_true(team_pair(&t));
    job j;
    job_start(&j, &t);
    for (j.round = 0; j.round < ROUNDS; j.round++) {
        team_run(&t, 1, exchange, &j);
        assert_int_equal(j.seen[0], j.round * 2 + 1);
        assert_int_equal(j.seen[1], j.round * 2);
    }
    assert_int_equal(j.ran[0], ROUNDS);
    assert_int_equal(j.ran[1], ROUNDS);
    assert_true(pthread_equal(j.who[0], pthread_self()));
    assert_false(pthread_equal(j.who[1], pthread_self()));
    /* a call not split runs part 0 alone; its barriers do not wait */
    j.slot[1] = -1;
    team_run(&t, 0, exchange, &j);
    assert_int_equal(j.ran[0], ROUNDS + 1);
    assert_int_equal(j.ran[1], ROUNDS);
    assert_int_equal(j.seen[0], -1);
    /* and split calls still meet after it */
    team_run(&t, 1, exchange, &j);
    assert_int_equal(j.seen[0], j.round * 2 + 1);
    assert_int_equal(j.ran[1], ROUNDS + 1);
    team_free(&t);
}

static void test_one_thread(void **state)
{
    (void)state;
    team t;
    team_init(&t, 1);
    assert_false(team_pair(&t));
    job j;
    job_start(&j, &t);
    team_run(&t, 1, exchange, &j);
    assert_int_equal(j.ran[0], 1);
    assert_int_equal(j.ran[1], 0);
    team_free(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split_calls_meet),
        cmocka_unit_test(test_one_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
