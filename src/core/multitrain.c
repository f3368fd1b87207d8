#include "multitrain.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

int multitrain_init(multitrain *m, int models)
{
    memset(m, 0, sizeof *m);
    if (models < 1)
        return -1;
    m->models = models;
    m->group = malloc((size_t)models * sizeof *m->group);
    m->slot = malloc((size_t)models * sizeof *m->slot);
    if (!m->group || !m->slot) {
        multitrain_free(m);
        return -1;
    }
    return 0;
}

void multitrain_free(multitrain *m)
{
    if (m->ready)
        linear_free(&m->lin);
    free(m->mean);
    free(m->group);
    free(m->slot);
    memset(m, 0, sizeof *m);
}

/* t's model is the workspace's size, mean and threading: the same
 * arithmetic (one thread or two changes how the rows' sums are split). */
static int fits(const multitrain *m, const trainer *t)
{
    const linear *l = &m->lin;
    return m->ready && t->m.cfg.arch == MODEL_LINEAR && t->classes == l->cfg.classes &&
           t->dim == l->cfg.dim && t->cfg.batch <= l->rows_max &&
           team_pair(&t->m.lin.team) == team_pair(&l->team) &&
           memcmp(t->mean, m->mean, (size_t)t->dim * sizeof *t->mean) == 0;
}

/* A workspace t fits, built for it when the one there does not fit.
 * Returns 0, or -1 when t is no linear model or memory runs out. */
static int workspace_for(multitrain *m, const trainer *t)
{
    if (t->m.cfg.arch != MODEL_LINEAR)
        return -1;
    if (fits(m, t))
        return 0;
    if (m->ready)
        linear_free(&m->lin);
    m->ready = 0;
    double *mean = realloc(m->mean, (size_t)t->dim * sizeof *mean);
    if (!mean)
        return -1;
    m->mean = mean;
    memcpy(m->mean, t->mean, (size_t)t->dim * sizeof *mean);
    if (linear_init_shared(&m->lin, &t->m.lin.cfg, m->mean, t->cfg.batch, 1) < 0)
        return -1;
    m->ready = 1;
    /* the workspace may have been denied the thread the trainer has */
    return fits(m, t) ? 0 : -1;
}

/* t can join lead's pass: it fits and draws the very same minibatch of the
 * very same data. */
static int same_pass(const multitrain *m, const trainer *lead, const trainer *t)
{
    return fits(m, t) && t->cfg.batch == lead->cfg.batch && t->train.x == lead->train.x &&
           t->train.xf == lead->train.xf && t->train.y == lead->train.y &&
           t->train.n == lead->train.n &&
           memcmp(t->idx, lead->idx, (size_t)lead->cfg.batch * sizeof *t->idx) == 0;
}

enum { PENDING = 1, GROUPED = 2 }; /* rc before the step's own 0 or -1 */

/* The pass led by t[i]: every pending trainer from i on that can join it,
 * up to m->models. Returns how many (0 when t[i] steps alone). */
static int gather_pass(multitrain *m, trainer *const *t, int k, int i, int *rc)
{
    int n = 0;
    if (workspace_for(m, t[i]) < 0)
        return 0;
    for (int j = i; j < k && n < m->models; j++)
        if (rc[j] == PENDING && same_pass(m, t[i], t[j])) {
            m->group[n] = t[j];
            m->slot[n] = j;
            rc[j] = GROUPED;
            n++;
        }
    return n;
}

/* A pass's models shared out between the workspace's two threads, each
 * taking the next model not yet taken: the first thread to finish one
 * (an evaluation makes some steps longer) takes the next. */
typedef struct {
    multitrain *m;
    int n;
    int *rc;
    atomic_int next;
} models_job;

/* Models a thread takes at a time: their W, gradients and scores (about
 * 250 KB each on CIFAR-10) and a block of rows (400 KB) together stay in a
 * core's L2 (2 MB here), so each block of the gathered minibatch comes from
 * memory once for the group instead of once for every model. */
#define GROUP 4

/* team_fn: whole models, GROUP at a time, each from its products to its
 * update in this thread alone (linear_loss_grad_group, in the models' own
 * workspaces). */
static void step_models(void *ctx, int part)
{
    models_job *j = ctx;
    (void)part;
    linear_member g[GROUP];
    for (int first; (first = atomic_fetch_add(&j->next, GROUP)) < j->n;) {
        int count = j->n - first < GROUP ? j->n - first : GROUP;
        for (int i = 0; i < count; i++) {
            trainer *a = j->m->group[first + i];
            g[i] = (linear_member){&a->m.lin, &a->m.lin.cfg, a->w, a->grad, {0, 0, 0}};
        }
        linear_loss_grad_group(g, count, &j->m->lin);
        for (int i = 0; i < count; i++)
            j->rc[j->m->slot[first + i]] = trainer_apply(j->m->group[first + i], g[i].out);
    }
}

/* The pass's n models after the shared gather. Two or more and two
 * threads: a model per thread at a time, with no barrier between them and
 * both threads busy through the optimizer steps too (split by rows, the
 * steps ran in one thread while the other waited: a third of the worker's
 * time idle in the bench sweep's profile). Otherwise one model at a time
 * over both threads. The same arithmetic either way. */
static void step_pass(multitrain *m, int n, int *rc)
{
    if (n >= 2 && team_pair(&m->lin.team)) {
        models_job j = {.m = m, .n = n, .rc = rc};
        atomic_init(&j.next, 0);
        team_run(&m->lin.team, 1, step_models, &j);
        return;
    }
    for (int g = 0; g < n; g++) {
        trainer *a = m->group[g];
        rc[m->slot[g]] = trainer_apply(a, linear_loss_grad_gathered(&m->lin, &a->m.lin.cfg, a->w,
                                                                    a->grad));
    }
}

void multitrain_step(multitrain *m, trainer *const *t, int k, int *rc)
{
    for (int i = 0; i < k; i++) {
        trainer_sample(t[i]);
        rc[i] = PENDING;
    }
    for (int i = 0; i < k; i++) {
        if (rc[i] != PENDING)
            continue;
        int n = gather_pass(m, t, k, i, rc);
        if (n == 0) {
            trainer *a = t[i];
            rc[i] = trainer_apply(a, model_loss_grad(&a->m, a->w, &a->train, a->idx,
                                                     a->cfg.batch, a->grad));
            continue;
        }
        const trainer *lead = m->group[0];
        linear_gather(&m->lin, &lead->train, lead->idx, lead->cfg.batch);
        step_pass(m, n, rc);
        if (n > 1)
            m->together += n;
    }
}
