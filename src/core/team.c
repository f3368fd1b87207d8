#include "team.h"

/* Checks of the other part's arrival before sleeping: some microseconds. */
#define BARRIER_SPINS 4000

static void *worker_main(void *arg)
{
    team *t = arg;
    unsigned long seen = 0;
    pthread_mutex_lock(&t->mu);
    for (;;) {
        while (t->job == seen && !t->quit)
            pthread_cond_wait(&t->cv, &t->mu);
        if (t->quit)
            break;
        seen = t->job;
        pthread_mutex_unlock(&t->mu);
        t->fn(t->ctx, 1);
        pthread_mutex_lock(&t->mu);
        t->done = seen;
        pthread_cond_broadcast(&t->cv);
    }
    pthread_mutex_unlock(&t->mu);
    return NULL;
}

void team_init(team *t, int threads)
{
    t->have_worker = 0;
    t->split = 0;
    t->fn = NULL;
    t->ctx = NULL;
    t->job = t->done = 0;
    t->quit = 0;
    t->passed[0] = t->passed[1] = 0;
    atomic_init(&t->arrived, 0);
    pthread_mutex_init(&t->mu, NULL);
    pthread_cond_init(&t->cv, NULL);
    pthread_cond_init(&t->met, NULL);
    if (threads > 1 && pthread_create(&t->worker, NULL, worker_main, t) == 0)
        t->have_worker = 1;
}

void team_free(team *t)
{
    if (t->have_worker) {
        pthread_mutex_lock(&t->mu);
        t->quit = 1;
        pthread_cond_broadcast(&t->cv);
        pthread_mutex_unlock(&t->mu);
        pthread_join(t->worker, NULL);
        t->have_worker = 0;
    }
    pthread_mutex_destroy(&t->mu);
    pthread_cond_destroy(&t->cv);
    pthread_cond_destroy(&t->met);
}

int team_pair(const team *t)
{
    return t->have_worker;
}

void team_run(team *t, int split, team_fn fn, void *ctx)
{
    t->split = split && t->have_worker;
    t->fn = fn;
    t->ctx = ctx;
    if (!t->split) {
        fn(ctx, 0);
        return;
    }
    pthread_mutex_lock(&t->mu);
    unsigned long job = ++t->job;
    pthread_cond_broadcast(&t->cv);
    pthread_mutex_unlock(&t->mu);
    fn(ctx, 0);
    pthread_mutex_lock(&t->mu);
    while (t->done != job)
        pthread_cond_wait(&t->cv, &t->mu);
    pthread_mutex_unlock(&t->mu);
}

/* Each part counts the barriers it has passed; both pass the same ones in a
 * split call, so the shared arrival count tells when the other came. The
 * first to arrive spins a little (the other is usually microseconds
 * behind), then sleeps: on a busy machine the other may have lost its core,
 * and spinning would only keep it off longer. */
void team_barrier(team *t, int part)
{
    if (!t->split)
        return;
    unsigned long goal = 2 * ++t->passed[part];
    if (atomic_fetch_add_explicit(&t->arrived, 1, memory_order_acq_rel) + 1 == goal) {
        pthread_mutex_lock(&t->mu);
        pthread_cond_broadcast(&t->met);
        pthread_mutex_unlock(&t->mu);
        return;
    }
    for (int spins = 0; spins < BARRIER_SPINS; spins++)
        if (atomic_load_explicit(&t->arrived, memory_order_acquire) >= goal)
            return;
    pthread_mutex_lock(&t->mu);
    while (atomic_load_explicit(&t->arrived, memory_order_acquire) < goal)
        pthread_cond_wait(&t->met, &t->mu);
    pthread_mutex_unlock(&t->mu);
}
