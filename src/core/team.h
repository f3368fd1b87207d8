/* Two threads sharing one job: the caller's and one worker, started once
 * and reused for every call (a minibatch step is a millisecond; starting a
 * thread per step would cost a noticeable part of it). A job is a function
 * run as part 0 in the caller and part 1 in the worker; inside it the two
 * parts may wait for each other at team_barrier. With one thread, or when a
 * call is not split, part 0 runs alone and the barriers return at once. */
#ifndef DESCENT_TEAM_H
#define DESCENT_TEAM_H

#include <pthread.h>
#include <stdatomic.h>

typedef void (*team_fn)(void *ctx, int part);

typedef struct {
    pthread_t worker;
    int have_worker;
    int split;                 /* the running call uses both threads */
    team_fn fn;
    void *ctx;
    pthread_mutex_t mu;
    pthread_cond_t cv;         /* a job posted, or finished */
    pthread_cond_t met;        /* a barrier passed */
    unsigned long job, done;
    int quit;
    atomic_ulong arrived;      /* arrivals at barriers, both parts */
    unsigned long passed[2];   /* barriers each part has passed */
} team;

/* threads: 1 (no worker) or 2. Always returns a usable team: when the
 * worker cannot start, the jobs run in the caller alone. */
void team_init(team *t, int threads);
void team_free(team *t);
/* Whether calls can be split (a worker is running). */
int team_pair(const team *t);
/* Runs fn(ctx, 0) here and, when split and a worker runs, fn(ctx, 1) in
 * the worker; returns when both are done. */
void team_run(team *t, int split, team_fn fn, void *ctx);
/* Part `part` waits until the other part has come here too. */
void team_barrier(team *t, int part);

#endif
