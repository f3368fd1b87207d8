#include "multitrain.h"

#include <math.h>
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
    m->due = malloc((size_t)models * sizeof *m->due);
    m->correct = malloc((size_t)models * sizeof *m->correct);
    m->with = malloc((size_t)models * sizeof *m->with);
    m->acc = malloc(2 * (size_t)models * sizeof *m->acc);
    if (!m->group || !m->slot || !m->due || !m->correct || !m->with || !m->acc) {
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
    free(m->due);
    free(m->correct);
    free(m->with);
    free(m->acc);
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
 * taking the next `take` models not yet taken: the first thread to finish
 * (an evaluation makes some steps longer) takes the next. one(j, first,
 * count) is what is done to models [first, first + count), in one thread
 * alone. */
typedef struct models_job models_job;
struct models_job {
    multitrain *m;
    trainer *const *t; /* the models */
    int n, take;
    void (*one)(models_job *j, int first, int count);
    atomic_int next;
};

/* team_fn: the next models not yet taken, until none is left. */
static void each_model(void *ctx, int part)
{
    models_job *j = ctx;
    (void)part;
    for (int first; (first = atomic_fetch_add(&j->next, j->take)) < j->n;)
        j->one(j, first, j->n - first < j->take ? j->n - first : j->take);
}

/* j's models, `take` per thread at a time. */
static void run_models(multitrain *m, models_job *j)
{
    atomic_init(&j->next, 0);
    team_run(&m->lin.team, j->n > j->take && team_pair(&m->lin.team), each_model, j);
}

/* Models a thread takes at a time: their W, gradients and scores (about
 * 250 KB each on CIFAR-10) and a block of rows (400 KB) together stay in a
 * core's L2 (2 MB here), so each block of the gathered minibatch comes from
 * memory once for the group instead of once for every model. */
#define GROUP 4

/* Models [first, first + count) from their products to their updates in
 * this thread alone (linear_train_step_group, in the models' own
 * workspaces). */
static void step_models(models_job *j, int first, int count)
{
    linear_member g[GROUP];
    for (int i = 0; i < count; i++) {
        trainer *a = j->t[first + i];
        g[i] = (linear_member){&a->m.lin, &a->m.lin.cfg, a->w, a->grad, &a->opt, {0, 0, 0}};
    }
    linear_train_step_group(g, count, &j->m->lin);
    for (int i = 0; i < count; i++)
        j->m->due[first + i] = trainer_took(j->t[first + i], g[i].out);
}

/* The pass's n models after the shared gather. Two or more and two
 * threads: up to GROUP models per thread at a time, with no barrier
 * between them and both threads busy through the optimizer steps too
 * (split by rows, the steps ran in one thread while the other waited: a
 * third of the worker's time idle in the bench sweep's profile). Otherwise
 * one model at a time over both threads. The same arithmetic either way.
 * due[g]: the step's rc, or 1 when it took its update and an evaluation is
 * due. */
static void step_pass(multitrain *m, int n)
{
    if (n >= 2 && team_pair(&m->lin.team)) {
        /* both threads get models: a race of six takes three each, not
         * four and two (and four models would all go to one thread) */
        int take = (n + 1) / 2 < GROUP ? (n + 1) / 2 : GROUP;
        models_job j = {.m = m, .t = m->group, .n = n, .take = take, .one = step_models};
        run_models(m, &j);
        return;
    }
    for (int g = 0; g < n; g++) {
        trainer *a = m->group[g];
        m->due[g] = trainer_took(
            a, linear_train_step_gathered(&m->lin, &a->m.lin.cfg, a->w, a->grad, &a->opt));
    }
}

/* How many images of the chunk gathered in the workspace models [first,
 * first + count) predict right, added to their counts. */
static void count_models(models_job *j, int first, int count)
{
    for (int g = first; g < first + count; g++) {
        trainer *a = j->t[g];
        j->m->correct[g] += linear_correct_alone(&a->m.lin, &j->m->lin, a->w);
    }
}

/* The accuracies of t[0..n) on d, trainer_evaluate's: each chunk of d
 * (their evaluation's chunk, rows) gathered and converted once, then every
 * model's own products on it. */
static void evaluate_together(multitrain *m, trainer *const *t, int n, int rows,
                              const linear_data *d, double *acc)
{
    memset(m->correct, 0, (size_t)n * sizeof *m->correct);
    for (size_t start = 0; start < d->n; start += (size_t)rows) {
        size_t left = d->n - start;
        linear_gather_images(&m->lin, d, start, left < (size_t)rows ? (int)left : rows);
        models_job j = {.m = m, .t = t, .n = n, .take = 1, .one = count_models};
        run_models(m, &j);
    }
    for (int g = 0; g < n; g++)
        acc[g] = d->n ? (double)m->correct[g] / (double)d->n : 0.0;
}

/* b can evaluate with a on the workspace's conversion of the same images:
 * evaluation chunks of the same size, which the workspace holds. */
static int chunks_alike(const multitrain *m, const trainer *a, const trainer *b)
{
    int rows = model_rows_max(&a->m);
    return fits(m, b) && model_rows_max(&b->m) == rows && rows <= m->lin.rows_max;
}

/* b's evaluation due can share a's images: the same images, alike chunks. */
static int evaluate_with(const multitrain *m, const trainer *a, const trainer *b)
{
    return chunks_alike(m, a, b) && trainer_evals_alike(a, b);
}

/* The evaluations due in the pass of n models: those that evaluate on the
 * first one's images together, the others alone. */
static void evaluate_due(multitrain *m, int n)
{
    trainer **with = m->with;
    double *train_acc = m->acc, *val_acc = m->acc + m->models;
    int k = 0;
    for (int g = 0; g < n; g++) {
        trainer *a = m->group[g];
        if (m->due[g] <= 0)
            continue;
        if (k == 0 || evaluate_with(m, with[0], a))
            with[k++] = a;
        else
            trainer_eval(a);
    }
    if (k == 1)
        trainer_eval(with[0]);
    if (k < 2)
        return;
    int rows = model_rows_max(&with[0]->m);
    evaluate_together(m, with, k, rows, &with[0]->eval_train, train_acc);
    if (with[0]->val.n)
        evaluate_together(m, with, k, rows, &with[0]->val, val_acc);
    for (int g = 0; g < k; g++)
        trainer_record_eval(with[g], train_acc[g], with[0]->val.n ? val_acc[g] : NAN);
    m->evaluated_together += k;
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
            rc[i] = trainer_step_sampled(t[i]);
            continue;
        }
        const trainer *lead = m->group[0];
        linear_gather(&m->lin, &lead->train, lead->idx, lead->cfg.batch);
        step_pass(m, n);
        for (int g = 0; g < n; g++)
            rc[m->slot[g]] = m->due[g] < 0 ? -1 : 0;
        evaluate_due(m, n);
        if (n > 1)
            m->together += n;
    }
}

void multitrain_evaluate(multitrain *m, trainer *const *t, int k, const linear_data *d,
                         double *acc)
{
    for (int i = 0; i < k;) {
        int n = 0;
        if (workspace_for(m, t[i]) == 0)
            for (int j = i; j < k && n < m->models && chunks_alike(m, t[i], t[j]); j++)
                m->with[n++] = t[j];
        if (n < 2) {
            acc[i] = trainer_evaluate(t[i], d, NULL);
            i++;
            continue;
        }
        evaluate_together(m, m->with, n, model_rows_max(&t[i]->m), d, acc + i);
        m->evaluated_together += n;
        i += n;
    }
}
