#include "worker.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/hparams.h"
#include "../core/multitrain.h"
#include "check.h"
#include "save.h"

#define QUEUE 64
#define PUBLISH_S 0.02  /* at most 50 publications a second while running */
#define GOOD_EVERY 10   /* iterations between copies of a still-sane W */

typedef struct {
    trainer t;
    double *good_w;  /* the last W whose loss was still sane, for recovery */
    double loss0;    /* the first loss, the yardstick of "sane" */
    long stride;     /* history: one point every stride iterations */
    size_t evals_seen;
} run;

struct worker {
    worker_config cfg;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t wake;  /* a command arrived, or quit */
    pthread_cond_t published;
    /* shared, under mu */
    worker_cmd queue[QUEUE];
    unsigned long queued, taken;
    int quit;
    worker_snapshot pub;
    /* the thread's own */
    worker_snapshot cur;
    run runs[WORKER_RUNS];
    int n_runs;
    multitrain mt; /* the race's runs step in one shared pass */
    train_config base; /* model, reg, batch, seed shared by every run */
    int step_pending;
    double last_pub, rate_t0;
    long rate_images;
    double pace_t0; /* the pace's clock: pace_n iterations are due since pace_t0 */
    long pace_n;
    int mistakes_on; /* the screen shows the mistakes: keep them */
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void say(worker *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(worker *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->cur.message, sizeof w->cur.message, fmt, ap);
    va_end(ap);
}

static void mark(worker *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void mark(worker *w, const char *fmt, ...)
{
    worker_snapshot *s = &w->cur;
    if (s->n_marks == WORKER_MARKS) {
        memmove(s->marks, s->marks + 1, (WORKER_MARKS - 1) * sizeof s->marks[0]);
        s->n_marks--;
    }
    worker_mark *m = &s->marks[s->n_marks++];
    m->iter = s->run[s->shown].iter;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(m->text, sizeof m->text, fmt, ap);
    va_end(ap);
}

/* ---- runs ---- */

static void run_free(run *r)
{
    trainer_free(&r->t);
    free(r->good_w);
    memset(r, 0, sizeof *r);
}

static void run_clear_history(worker_run *s)
{
    s->iter = 0;
    s->images = 0;
    s->diverged_at = 0;
    s->n_hist = 0;
    s->n_evals = 0;
    memset(&s->last, 0, sizeof s->last);
}

static int run_init(worker *w, int i, const optim_params *p)
{
    run *r = &w->runs[i];
    char err[256];
    train_config c = w->base;
    c.opt = *p;
    c.iters = 1; /* the worker keeps the history; the trainer need not */
    memset(r, 0, sizeof *r);
    if (trainer_init(&r->t, &c, w->cfg.classes, w->cfg.dim, &w->cfg.train, &w->cfg.val,
                     w->cfg.mean, w->cfg.w, err, sizeof err) < 0)
        return -1;
    r->good_w = malloc(r->t.n_params * sizeof *r->good_w);
    if (!r->good_w) {
        trainer_free(&r->t);
        return -1;
    }
    memcpy(r->good_w, r->t.w, r->t.n_params * sizeof *r->good_w);
    r->stride = 1;
    worker_run *s = &w->cur.run[i];
    run_clear_history(s);
    snprintf(s->label, sizeof s->label, "%s", optim_name(p->kind));
    s->opt = *p;
    return 0;
}

static void runs_free(worker *w)
{
    for (int i = 0; i < w->n_runs; i++)
        run_free(&w->runs[i]);
    w->n_runs = 0;
}

/* Every validation image predicted once more, only while the screen shows
 * the mistakes (a net's prediction in double precision is not cheap). */
static void mistakes(worker *w, run *r)
{
    worker_snapshot *s = &w->cur;
    const linear_data *v = &w->cfg.val;
    s->mistakes_iter = -1;
    if (!w->mistakes_on || !v->x)
        return;
    memset(s->predicted, 0, sizeof s->predicted);
    memset(s->wrong, 0, sizeof s->wrong);
    memset(s->n_mistakes, 0, sizeof s->n_mistakes);
    size_t stride = w->cfg.features ? (size_t)w->cfg.ds->dim : (size_t)w->cfg.dim;
    for (size_t i = 0; i < v->n; i++) {
        int p = model_predict(&r->t.m.cfg, r->t.mean, r->t.w, &r->t.val, i), t = v->y[i];
        if (p < 0 || p >= s->classes)
            continue;
        s->predicted[p]++;
        if (p == t)
            continue;
        s->wrong[p]++;
        if (s->n_mistakes[p] < WORKER_MISTAKES) {
            int k = s->n_mistakes[p]++;
            s->mistake_index[p][k] = (long)i;
            s->mistake_true[p][k] = t;
            s->mistake_x[p][k] = v->x + i * stride;
        }
    }
    s->mistakes_iter = r->t.iter;
}

/* The shown run's evaluation on the validation set: the confusion matrix
 * and the predictions for the sample images, made here so the drawing
 * thread only copies them. */
static void confusion(worker *w)
{
    run *r = &w->runs[w->cur.shown];
    if (r->t.val.n == 0)
        return;
    trainer_evaluate(&r->t, &r->t.val, w->cur.confusion);
    w->cur.confusion_iter = r->t.iter;
    for (int k = 0; k < w->cur.n_samples; k++)
        w->cur.sample_pred[k] = model_predict(&r->t.m.cfg, r->t.mean, r->t.w, &r->t.val,
                                              (size_t)k);
    w->cur.samples_iter = r->t.iter;
    mistakes(w, r);
}

static void samples_pick(worker *w)
{
    const linear_data *v = &w->cfg.val;
    worker_snapshot *s = &w->cur;
    /* float feature rows are no pictures: none shown */
    s->n_samples = !v->x ? 0 : v->n < WORKER_SAMPLES ? (int)v->n : WORKER_SAMPLES;
    s->samples_iter = -1;
    /* with features the pictures are the images they came from */
    size_t stride = w->cfg.features ? (size_t)w->cfg.ds->dim : (size_t)w->cfg.dim;
    for (int k = 0; k < s->n_samples; k++) {
        s->sample_x[k] = v->x + (size_t)k * stride;
        s->sample_true[k] = v->y[k];
    }
}

/* Back at iteration 0: the first stop is --iters again, and a run that
 * was done is only paused (it has iterations ahead of it). */
static void restart_counters(worker *w)
{
    w->cur.limit = w->cfg.limit;
    if (w->cur.state == WORKER_DONE)
        w->cur.state = WORKER_PAUSED;
    w->pace_t0 = now_s();
    w->pace_n = 0;
}

/* Builds the runs: one with the configured optimizer, or one per optimizer
 * in the race set, in the optimizers' own order. */
static int runs_build(worker *w, int race)
{
    runs_free(w);
    w->cur.race = race;
    w->cur.shown = 0;
    for (int k = 0; k < (race ? OPTIM_COUNT : 1); k++) {
        if (race && !(w->cur.race_set & (1u << k)))
            continue;
        const optim_params *p = race ? &w->cfg.race_opt[k] : &w->base.opt;
        if (run_init(w, w->n_runs, p) < 0) {
            runs_free(w);
            return -1;
        }
        w->n_runs++;
    }
    w->cur.n_runs = w->n_runs;
    w->cur.n_marks = 0;
    w->cur.n_checks = 0;
    w->cur.seconds = 0;
    w->cur.images = 0;
    w->cur.dead = NAN;
    w->cur.n_ratios = 0;
    w->cur.confusion_iter = -1;
    w->cur.samples_iter = -1;
    restart_counters(w);
    confusion(w);
    return 0;
}

/* Thins the history by two once it is full: the chart keeps its whole span. */
static void record(run *r, worker_run *s, const model_loss *l)
{
    long it = r->t.iter; /* after the step: iteration `it` is done */
    if (it % r->stride != 0)
        return;
    if (s->n_hist == WORKER_HIST) {
        for (int k = 0; k < WORKER_HIST / 2; k++) {
            s->hist_iter[k] = s->hist_iter[2 * k + 1];
            s->loss[k] = s->loss[2 * k + 1];
            s->data_loss[k] = s->data_loss[2 * k + 1];
            s->reg_loss[k] = s->reg_loss[2 * k + 1];
        }
        s->n_hist = WORKER_HIST / 2;
        r->stride *= 2;
        if (it % r->stride != 0)
            return;
    }
    s->hist_iter[s->n_hist] = it;
    s->loss[s->n_hist] = (float)l->loss;
    s->data_loss[s->n_hist] = (float)l->data_loss;
    s->reg_loss[s->n_hist] = (float)l->reg_loss;
    s->n_hist++;
}

static void record_evals(run *r, worker_run *s)
{
    for (; r->evals_seen < r->t.n_evals; r->evals_seen++) {
        if (s->n_evals == WORKER_EVALS) {
            for (int k = 0; k < WORKER_EVALS / 2; k++)
                s->evals[k] = s->evals[2 * k + 1];
            s->n_evals = WORKER_EVALS / 2;
        }
        s->evals[s->n_evals++] = r->t.evals[r->evals_seen];
    }
}

/* Run i after its iteration (rc: trainer_step's); returns 1 when it
 * stepped. */
static int run_stepped(worker *w, int i, int rc)
{
    run *r = &w->runs[i];
    worker_run *s = &w->cur.run[i];
    if (rc < 0) {
        s->diverged_at = r->t.iter + 1;
        return 0;
    }
    const model_loss *l = &r->t.last;
    if (r->t.iter == 1)
        r->loss0 = l->loss;
    if (r->t.iter % GOOD_EVERY == 0 && l->loss <= 2 * r->loss0)
        memcpy(r->good_w, r->t.w, r->t.n_params * sizeof *r->good_w);
    s->iter = r->t.iter;
    s->images += r->t.cfg.batch;
    s->last = *l;
    record(r, s, l);
    size_t before = r->evals_seen;
    record_evals(r, s);
    if (i == w->cur.shown && r->evals_seen != before)
        confusion(w);
    return 1;
}

/* The shown run's dead units and update/parameter ratios. */
static void health(worker *w)
{
    const trainer *t = &w->runs[w->cur.shown].t;
    w->cur.dead = model_dead_fraction(&t->m);
    w->cur.n_ratios = trainer_update_ratios(t, w->cur.ratio_block, w->cur.ratio);
}

/* One iteration of every run that still can; 0 when none could. */
static int step_all(worker *w)
{
    double t0 = now_s();
    trainer *live[WORKER_RUNS];
    int slot[WORKER_RUNS], rc[WORKER_RUNS], n = 0, stepped = 0;
    for (int i = 0; i < w->n_runs; i++)
        if (!w->cur.run[i].diverged_at) {
            live[n] = &w->runs[i].t;
            slot[n++] = i;
            trainer_keep_update(live[n - 1], i == w->cur.shown); /* health's ratios */
        }
    /* the same minibatch for every run: gathered and converted once */
    multitrain_step(&w->mt, live, n, rc);
    for (int j = 0; j < n; j++)
        stepped += run_stepped(w, slot[j], rc[j]);
    if (stepped) {
        w->cur.seconds += now_s() - t0;
        w->rate_images += (long)stepped * w->base.batch;
        w->cur.images += (double)stepped * w->base.batch;
        health(w); /* after the clock: not training time */
    }
    return stepped;
}

static void diverged_message(worker *w)
{
    for (int i = 0; i < w->n_runs; i++)
        if (w->cur.run[i].diverged_at) {
            say(w, "%s diverged at iteration %ld: lower the learning rate (<) or reset (r)",
                w->cur.run[i].label, w->cur.run[i].diverged_at);
            return;
        }
}

/* A diverged run starts again from its last sane W with a fresh optimizer
 * state, once a setting that could cure it has changed. */
static void recover(worker *w)
{
    int cured = 0;
    for (int i = 0; i < w->n_runs; i++) {
        run *r = &w->runs[i];
        worker_run *s = &w->cur.run[i];
        if (!s->diverged_at)
            continue;
        memcpy(r->t.w, r->good_w, r->t.n_params * sizeof *r->good_w);
        optim_reset(&r->t.opt);
        s->diverged_at = 0;
        cured = 1;
    }
    /* The divergence paused training; the cure resumes it. */
    if (cured && w->cur.state == WORKER_PAUSED)
        w->cur.state = WORKER_RUNNING;
}

/* ---- commands ---- */

static int reconfigure(worker *w, int i, const optim_params *p)
{
    train_config c = w->runs[i].t.cfg;
    c.model = w->base.model;
    c.reg_kind = w->base.reg_kind;
    c.reg = w->base.reg;
    c.batch = w->base.batch;
    c.opt = *p;
    if (trainer_configure(&w->runs[i].t, &c) < 0)
        return -1;
    w->cur.run[i].opt = *p;
    snprintf(w->cur.run[i].label, sizeof w->cur.run[i].label, "%s", optim_name(p->kind));
    return 0;
}

static int reconfigure_all(worker *w)
{
    for (int i = 0; i < w->n_runs; i++)
        if (reconfigure(w, i, &w->cur.run[i].opt) < 0)
            return -1;
    return 0;
}

static void set_lr(worker *w, double factor)
{
    for (int i = 0; i < w->n_runs; i++) {
        optim_params p = w->cur.run[i].opt;
        p.lr *= factor;
        reconfigure(w, i, &p);
    }
    if (!w->cur.race)
        w->base.opt = w->cur.run[0].opt;
    recover(w);
    mark(w, "lr %.3g", w->cur.run[w->cur.shown].opt.lr);
    say(w, "learning rate %.3g from iteration %ld", w->cur.run[w->cur.shown].opt.lr,
        w->cur.run[w->cur.shown].iter);
}

static void set_reg(worker *w, double factor)
{
    double reg = w->base.reg * factor;
    if (reg == 0 && factor > 1)
        reg = 1;
    w->base.reg = reg < 1e-12 ? 0 : reg;
    reconfigure_all(w);
    w->cur.reg = w->base.reg;
    mark(w, "reg %.3g", w->base.reg);
    say(w, "regularization %.3g", w->base.reg);
}

static void set_batch(worker *w, double factor)
{
    long b = lround(w->base.batch * factor);
    long max = (long)w->cfg.train.n < 100000 ? (long)w->cfg.train.n : 100000;
    b = b < 1 ? 1 : b > max ? max : b;
    int old = w->base.batch;
    w->base.batch = (int)b;
    if (reconfigure_all(w) < 0) {
        w->base.batch = old;
        reconfigure_all(w);
        say(w, "out of memory for batch %ld", b);
        return;
    }
    w->cur.batch = w->base.batch;
    mark(w, "batch %d", w->base.batch);
    say(w, "batch %d", w->base.batch);
}

static void set_optim(worker *w, int kind)
{
    if (w->cur.race || kind < 0 || kind >= OPTIM_COUNT) {
        say(w, "race mode runs its chosen optimizers (x then 1-6); R leaves it");
        return;
    }
    w->base.opt = w->cfg.race_opt[kind];
    if (reconfigure(w, 0, &w->base.opt) < 0) {
        say(w, "out of memory");
        return;
    }
    recover(w);
    char hp[128];
    hparams_format(&w->base.opt, hp, sizeof hp);
    mark(w, "%s", optim_name((optim_kind)kind));
    say(w, "optimizer %s (%s) from iteration %ld", optim_name((optim_kind)kind), hp,
        w->cur.run[0].iter);
}

static void set_model(worker *w, int loss)
{
    w->base.model = loss == LINEAR_SOFTMAX ? LINEAR_SOFTMAX : LINEAR_SVM;
    reconfigure_all(w);
    w->cur.model = w->base.model;
    recover(w);
    const char *name = model_loss_name(w->base.model);
    mark(w, "%s", name);
    say(w, "model %s (the loss scale changes)", name);
}

static void reset(worker *w)
{
    for (int i = 0; i < w->n_runs; i++) {
        run *r = &w->runs[i];
        trainer_reset(&r->t);
        memcpy(r->good_w, r->t.w, r->t.n_params * sizeof *r->good_w);
        r->stride = 1;
        r->evals_seen = 0;
        run_clear_history(&w->cur.run[i]);
    }
    w->cur.n_marks = 0;
    w->cur.n_checks = 0;
    w->cur.seconds = 0;
    w->cur.images = 0;
    restart_counters(w);
    confusion(w);
    say(w, "reset: new W from seed %lu, iteration 0", w->base.seed);
}

static void gradcheck(worker *w)
{
    const trainer *t = &w->runs[w->cur.shown].t;
    if (check_run(t, WORKER_CHECKS, w->cur.checks) < 0) {
        say(w, "gradient check: out of memory");
        return;
    }
    w->cur.n_checks = WORKER_CHECKS;
    w->cur.checks_iter = t->iter;
    say(w, "gradient check at iteration %ld: worst relative error %.2g", t->iter,
        check_worst(w->cur.checks, WORKER_CHECKS));
}

static void save(worker *w)
{
    const trainer *t = &w->runs[w->cur.shown].t;
    char err[512];
    const char *path = w->cfg.save_path ? w->cfg.save_path : "descent-model.bin";
    if (save_write(path, t, w->cfg.ds, w->cfg.features, err, sizeof err) < 0)
        say(w, "not saved: %s", err);
    else
        say(w, "saved the %s weights of iteration %ld to %s", optim_name(t->cfg.opt.kind),
            t->iter, path);
}

static void race_toggle(worker *w, int kind)
{
    if (kind < 0 || kind >= OPTIM_COUNT)
        return;
    unsigned set = w->cur.race_set ^ (1u << kind);
    if (!set) {
        say(w, "%s is the last one in the race: add another first", optim_name((optim_kind)kind));
        return;
    }
    unsigned old = w->cur.race_set;
    w->cur.race_set = set;
    if (runs_build(w, 1) < 0) {
        w->cur.race_set = old;
        if (runs_build(w, 1) < 0)
            runs_build(w, 0);
        say(w, "out of memory for the race");
        return;
    }
    say(w, "race: %s %s; %d optimizers, same initial weights and minibatches, from iteration 0",
        optim_name((optim_kind)kind), set & (1u << kind) ? "joins" : "leaves", w->n_runs);
}

static const int paces[] = {1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 0};
#define N_PACES (int)(sizeof paces / sizeof paces[0])

int worker_pace_parse(const char *value, int *out, char *err, size_t errlen)
{
    long v;
    if (strcmp(value, "max") == 0) {
        *out = 0;
        return 0;
    }
    if (hparams_integer(value, 1, WORKER_PACE_MAX, &v) < 0) {
        snprintf(err, errlen, "'%s' is not a pace (iterations per second from 1 to %d, or max)",
                 value, WORKER_PACE_MAX);
        return -1;
    }
    *out = (int)v;
    return 0;
}

int worker_pace_step(int pace, int dir)
{
    /* max is above every rung; a pace between two rungs moves to the next */
    if (pace <= 0)
        return dir > 0 ? 0 : paces[N_PACES - 2];
    if (dir > 0) {
        for (int i = 0; i < N_PACES - 1; i++)
            if (paces[i] > pace)
                return paces[i];
        return 0;
    }
    for (int i = N_PACES - 2; i >= 0; i--)
        if (paces[i] < pace)
            return paces[i];
    return paces[0];
}

void worker_pace_format(int pace, char *out, size_t n)
{
    if (pace > 0)
        snprintf(out, n, "%d it/s", pace);
    else
        snprintf(out, n, "max");
}

static void set_pace(worker *w, int pace)
{
    w->cur.pace = pace < 0 ? 0 : pace > WORKER_PACE_MAX ? WORKER_PACE_MAX : pace;
    w->pace_t0 = now_s();
    w->pace_n = 0;
    char p[32];
    worker_pace_format(w->cur.pace, p, sizeof p);
    say(w, "pace %s%s", p, w->cur.pace ? " ([ slower, ] faster)" : ": as fast as it goes ([ slower)");
}

static void apply(worker *w, const worker_cmd *c)
{
    switch (c->kind) {
    case WCMD_PAUSE:
        if (w->cur.state == WORKER_RUNNING)
            w->cur.state = WORKER_PAUSED;
        break;
    case WCMD_RESUME:
        if (w->cur.state == WORKER_DONE && w->cfg.limit > 0)
            w->cur.limit += w->cfg.limit;
        w->cur.state = WORKER_RUNNING;
        w->cur.message[0] = '\0';
        w->pace_t0 = now_s();
        w->pace_n = 0;
        break;
    case WCMD_STEP:
        w->cur.state = WORKER_PAUSED;
        w->step_pending = 1;
        break;
    case WCMD_RESET: reset(w); break;
    case WCMD_LR: set_lr(w, c->value); break;
    case WCMD_REG: set_reg(w, c->value); break;
    case WCMD_BATCH: set_batch(w, c->value); break;
    case WCMD_OPTIM: set_optim(w, (int)c->value); break;
    case WCMD_MODEL: set_model(w, (int)c->value); break;
    case WCMD_RACE:
        if (runs_build(w, c->value != 0) < 0) {
            say(w, "out of memory for the race; one optimizer again");
            runs_build(w, 0);
        } else {
            say(w, w->cur.race ? "race: %d optimizers, same initial weights and minibatches, from iteration 0"
                               : "one optimizer (%d run), from iteration 0",
                w->n_runs);
        }
        break;
    case WCMD_RACE_TOGGLE: race_toggle(w, (int)c->value); break;
    case WCMD_SHOW:
        if ((int)c->value >= 0 && (int)c->value < w->n_runs) {
            w->cur.shown = (int)c->value;
            confusion(w);
        }
        break;
    case WCMD_GRADCHECK: gradcheck(w); break;
    case WCMD_SAVE: save(w); break;
    case WCMD_PACE: set_pace(w, (int)c->value); break;
    case WCMD_MISTAKES:
        w->mistakes_on = c->value != 0;
        confusion(w);
        break;
    }
}

/* ---- publication ---- */

static void snapshot_copy(worker_snapshot *dst, const worker_snapshot *src)
{
    double *keep = dst->w;
    size_t n = dst->n_params < src->n_params ? dst->n_params : src->n_params;
    memcpy(dst, src, sizeof *dst);
    dst->w = keep;
    dst->n_params = n;
    if (keep && src->w)
        memcpy(keep, src->w, n * sizeof *keep);
}

static void update_rate(worker *w, double t)
{
    double dt = t - w->rate_t0;
    if (dt >= 0.5 || (w->cur.ips == 0 && dt >= 0.1)) {
        if (w->rate_images > 0)
            w->cur.ips = w->rate_images / dt;
        w->rate_images = 0;
        w->rate_t0 = t;
    }
}

/* Called with mu held. */
static void publish(worker *w)
{
    const trainer *t = &w->runs[w->cur.shown].t;
    w->cur.version++;
    w->cur.w = t->w;
    w->cur.mcfg = t->m.cfg;
    snapshot_copy(&w->pub, &w->cur);
    w->cur.w = NULL;
    w->last_pub = now_s();
    pthread_cond_broadcast(&w->published);
}

static int runnable(worker *w)
{
    for (int i = 0; i < w->n_runs; i++)
        if (!w->cur.run[i].diverged_at)
            return 1;
    return 0;
}

/* Holds the pace: waits, with mu held, until the next iteration is due or a
 * command arrives. A run slower than its pace starts the clock again rather
 * than rushing to catch up. */
static void pace_wait(worker *w)
{
    if (w->cur.pace <= 0 || w->cur.state != WORKER_RUNNING)
        return;
    w->pace_n++;
    double due = w->pace_t0 + (double)w->pace_n / w->cur.pace, t = now_s();
    if (t > due + 0.25) {
        w->pace_t0 = t;
        w->pace_n = 0;
        return;
    }
    while (!w->quit && w->taken == w->queued && t < due) {
        struct timespec ts;
        ts.tv_sec = (time_t)due;
        ts.tv_nsec = (long)((due - (double)ts.tv_sec) * 1e9);
        pthread_cond_timedwait(&w->wake, &w->mu, &ts);
        t = now_s();
    }
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    pthread_mutex_lock(&w->mu);
    for (;;) {
        /* A step command is taken alone: the commands after it wait for it. */
        while (w->taken != w->queued && !w->step_pending) {
            worker_cmd c = w->queue[w->taken % QUEUE];
            pthread_mutex_unlock(&w->mu);
            apply(w, &c);
            pthread_mutex_lock(&w->mu);
            w->taken++;
            w->cur.applied = w->taken;
        }
        if (w->quit)
            break;
        int go = w->cur.state == WORKER_RUNNING || w->step_pending;
        if (go && !runnable(w)) {
            w->cur.state = WORKER_PAUSED;
            w->step_pending = 0;
            diverged_message(w);
            go = 0;
        }
        if (!go) {
            publish(w); /* ips stays: the last rate, which the screen says is the last */
            while (!w->quit && w->taken == w->queued && !w->step_pending)
                pthread_cond_wait(&w->wake, &w->mu);
            w->rate_t0 = w->pace_t0 = now_s();
            w->rate_images = 0;
            w->pace_n = 0;
            continue;
        }
        pthread_mutex_unlock(&w->mu);
        step_all(w);
        int one = w->step_pending;
        w->step_pending = 0;
        long it = w->cur.run[w->cur.shown].iter;
        if (w->cur.limit > 0 && it >= w->cur.limit && w->cur.state == WORKER_RUNNING) {
            w->cur.state = WORKER_DONE;
            say(w, "done: %ld iterations, %.0f images/s while stepping; space trains %ld more", it,
                w->cur.seconds > 0 ? w->cur.images / w->cur.seconds : 0, w->cfg.limit);
        }
        if (!runnable(w))
            diverged_message(w);
        double t = now_s();
        update_rate(w, t);
        pthread_mutex_lock(&w->mu);
        if (one || w->cur.state != WORKER_RUNNING || t - w->last_pub >= PUBLISH_S)
            publish(w);
        if (!one)
            pace_wait(w);
    }
    pthread_mutex_unlock(&w->mu);
    return NULL;
}

/* ---- the interface ---- */

int worker_time_left(const worker_snapshot *s, double *seconds, long *target)
{
    const worker_run *r = &s->run[s->shown];
    if (s->state != WORKER_RUNNING || !(s->ips > 0) || s->batch < 1 || s->train_n < 1)
        return -1;
    if (s->limit > 0) {
        *target = s->limit;
    } else {
        /* iterations per epoch need not be whole: the epoch ends at the
         * first iteration whose images reach the next multiple of train_n,
         * counted from the images trained on so far (past batches may have
         * been other sizes) at the batch of now */
        double epoch = floor(r->images / (double)s->train_n) + 1;
        *target = r->iter + (long)ceil((epoch * (double)s->train_n - r->images) / s->batch);
    }
    int active = 0;
    for (int i = 0; i < s->n_runs; i++)
        active += !s->run[i].diverged_at;
    long left = *target - r->iter;
    *seconds = left > 0 ? (double)left * s->batch * (active ? active : 1) / s->ips : 0;
    return 0;
}

int worker_snapshot_alloc(worker_snapshot *s, size_t n_params)
{
    memset(s, 0, sizeof *s);
    s->w = calloc(n_params ? n_params : 1, sizeof *s->w);
    s->n_params = n_params;
    s->confusion_iter = -1;
    s->samples_iter = -1;
    s->mistakes_iter = -1;
    return s->w ? 0 : -1;
}

void worker_snapshot_free(worker_snapshot *s)
{
    free(s->w);
    s->w = NULL;
    s->n_params = 0;
}

int worker_start(worker **out, const worker_config *c, char *err, size_t errlen)
{
    *out = NULL;
    if (c->train.n == 0) {
        snprintf(err, errlen, "no training images to train on");
        return -1;
    }
    worker *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    w->cfg = *c;
    w->base = c->cfg;
    model_config mc = train_model_config(&c->cfg, c->classes, c->dim);
    size_t n_params = model_params(&mc);
    worker_snapshot *s = &w->cur;
    s->classes = c->classes;
    s->dim = c->dim;
    s->n_params = n_params;
    s->model = w->base.model;
    s->mcfg = mc;
    s->reg_kind = w->base.reg_kind;
    s->reg = w->base.reg;
    s->batch = w->base.batch;
    s->limit = c->limit;
    s->pace = c->pace < 0 ? 0 : c->pace;
    s->train_n = (long)c->train.n;
    s->val_n = (long)c->val.n;
    s->state = c->paused ? WORKER_PAUSED : WORKER_RUNNING;
    s->race_set = c->race_set & ((1u << OPTIM_COUNT) - 1);
    if (!s->race_set)
        s->race_set = (1u << OPTIM_COUNT) - 1;
    samples_pick(w);
    if (multitrain_init(&w->mt, WORKER_RUNS) < 0 || worker_snapshot_alloc(&w->pub, n_params) < 0 ||
        runs_build(w, c->race) < 0) {
        snprintf(err, errlen, "out of memory setting up training (%zu weights x %d)", n_params,
                 c->race ? OPTIM_COUNT : 1);
        multitrain_free(&w->mt);
        worker_snapshot_free(&w->pub);
        free(w);
        return -1;
    }
    pthread_mutex_init(&w->mu, NULL);
    pthread_condattr_t ca; /* the pace's deadlines are on the monotonic clock */
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_cond_init(&w->wake, &ca);
    pthread_condattr_destroy(&ca);
    pthread_cond_init(&w->published, NULL);
    w->rate_t0 = now_s();
    pthread_mutex_lock(&w->mu);
    publish(w);
    pthread_mutex_unlock(&w->mu);
    if (pthread_create(&w->thread, NULL, worker_main, w) != 0) {
        snprintf(err, errlen, "cannot start the training thread");
        runs_free(w);
        multitrain_free(&w->mt);
        worker_snapshot_free(&w->pub);
        free(w);
        return -1;
    }
    *out = w;
    return 0;
}

void worker_stop(worker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->quit = 1;
    pthread_cond_broadcast(&w->wake);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    runs_free(w);
    multitrain_free(&w->mt);
    worker_snapshot_free(&w->pub);
    pthread_mutex_destroy(&w->mu);
    pthread_cond_destroy(&w->wake);
    pthread_cond_destroy(&w->published);
    free(w);
}

unsigned long worker_command(worker *w, worker_cmd_kind kind, double value)
{
    unsigned long seq = 0;
    pthread_mutex_lock(&w->mu);
    if (w->queued - w->taken < QUEUE) {
        w->queue[w->queued % QUEUE] = (worker_cmd){kind, value};
        seq = ++w->queued;
        pthread_cond_signal(&w->wake);
    }
    pthread_mutex_unlock(&w->mu);
    return seq;
}

void worker_wait(worker *w, unsigned long seq)
{
    pthread_mutex_lock(&w->mu);
    while (w->pub.applied < seq && !w->quit)
        pthread_cond_wait(&w->published, &w->mu);
    pthread_mutex_unlock(&w->mu);
}

void worker_snapshot_get(worker *w, worker_snapshot *s)
{
    pthread_mutex_lock(&w->mu);
    snapshot_copy(s, &w->pub);
    pthread_mutex_unlock(&w->mu);
}
