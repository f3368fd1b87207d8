/* The live panel's training worker: one thread runs the trainer (or, in race
 * mode, one trainer per optimizer on the very same minibatches) and
 * publishes what the screen shows as a plain snapshot, copied under a mutex.
 * The screen copies the last published snapshot whenever it draws and never
 * waits for a training step. Commands (pause, step, a new learning rate...)
 * go through a small queue and are applied between two steps; while paused
 * the thread sleeps on a condition variable. No curses here. */
#ifndef DESCENT_WORKER_H
#define DESCENT_WORKER_H

#include <stddef.h>
#include <stdint.h>

#include "../core/model.h"
#include "../core/train.h"
#include "../data/featureset.h"
#include "../data/dataset.h"

#define WORKER_RUNS OPTIM_COUNT
#define WORKER_HIST 1024 /* loss points kept per run (thinned by 2 when full) */
#define WORKER_EVALS 128 /* accuracy points kept per run */
#define WORKER_MARKS 32  /* command markers on the loss chart */
#define WORKER_CHECKS 8  /* gradient-check entries */
#define WORKER_SAMPLES 16 /* validation images shown with their predictions */
#define WORKER_MISTAKES 24 /* per predicted class, wrongly predicted validation images kept */

typedef enum { WORKER_RUNNING, WORKER_PAUSED, WORKER_DONE } worker_state;

typedef enum {
    WCMD_PAUSE,
    WCMD_RESUME,
    WCMD_STEP,      /* one iteration, then paused */
    WCMD_RESET,     /* new W from the seed, iteration 0 */
    WCMD_LR,        /* value: factor on every run's learning rate */
    WCMD_REG,       /* value: factor on the regularization strength */
    WCMD_BATCH,     /* value: factor on the batch size */
    WCMD_OPTIM,     /* value: optimizer kind (outside race mode) */
    WCMD_MODEL,     /* value: LINEAR_SVM or LINEAR_SOFTMAX */
    WCMD_RACE,      /* value: 1 race mode on, 0 off (both restart at 0) */
    WCMD_RACE_TOGGLE, /* value: optimizer kind in or out of the race (restarts it at 0) */
    WCMD_SHOW,      /* value: the run whose templates are shown */
    WCMD_GRADCHECK, /* relative errors at WORKER_CHECKS entries of W */
    WCMD_SAVE,      /* the shown run's model to the save path, atomically */
    WCMD_PACE,      /* value: iterations per second, 0 as fast as it goes */
    WCMD_MISTAKES,  /* value: 1 keeps the mistakes per predicted class, 0 stops */
} worker_cmd_kind;

typedef struct {
    worker_cmd_kind kind;
    double value;
} worker_cmd;

typedef struct {
    char label[16];    /* the optimizer's name */
    optim_params opt;
    long iter;
    model_loss last;
    long diverged_at;  /* 0, or the iteration whose loss was not finite */
    double images;     /* images trained on since iteration 0: the epochs, whatever
                          batches the past had */
    int n_hist;
    long hist_iter[WORKER_HIST];
    float loss[WORKER_HIST], data_loss[WORKER_HIST], reg_loss[WORKER_HIST];
    int n_evals;
    train_eval evals[WORKER_EVALS];
} worker_run;

typedef struct {
    long iter;
    char text[24];
} worker_mark;

typedef struct {
    unsigned long version; /* publications so far */
    unsigned long applied; /* commands applied so far */
    worker_state state;
    int race, n_runs, shown;
    unsigned race_set;     /* the optimizers in the race: bit k = optimizer kind k */
    linear_model model;
    model_config mcfg;     /* the shown run's model: its blocks name the entries */
    reg_kind reg_kind;
    double reg;
    int batch;
    long limit;            /* pause as done at this iteration (0: never) */
    int pace;              /* iterations per second (0: as fast as it goes) */
    long train_n, val_n;
    long eval_train_n;     /* the train accuracy's images: a sample of train_n, drawn once */
    double ips;            /* images per second, recent; once stopped, the last rate */
    double seconds;        /* spent training */
    double images;         /* images trained on over those seconds, every run */
    worker_run run[WORKER_RUNS];
    int classes, dim;
    size_t n_params;
    double *w;             /* the shown run's parameters (mcfg's layout) */
    long confusion[DATASET_CLASSES_MAX * DATASET_CLASSES_MAX]; /* validation */
    long confusion_iter;   /* -1: none yet */
    int n_marks;
    worker_mark marks[WORKER_MARKS];
    int n_checks;
    gradcheck_entry checks[WORKER_CHECKS];
    long checks_iter;
    /* The first validation images, with the shown run's predictions made
     * at the last evaluation (samples_iter). The pixels point into the
     * validation set, which never changes while the worker runs. */
    int n_samples;
    long samples_iter;      /* -1: none yet */
    /* the shown run's health at its last step: dead ReLU units (NaN: none
     * to count), and per weight block the update/parameter ratio */
    double dead;
    int n_ratios;
    const char *ratio_block[MODEL_BLOCKS_MAX];
    double ratio[MODEL_BLOCKS_MAX];
    const uint8_t *sample_x[WORKER_SAMPLES];
    int sample_true[WORKER_SAMPLES], sample_pred[WORKER_SAMPLES];
    /* Asked for (WCMD_MISTAKES), at each evaluation of the shown run: per
     * predicted class c, how many validation images were predicted c, how
     * many of those wrongly, and the first WORKER_MISTAKES wrong ones (their
     * validation index and true class), predicted as the sample images are. */
    long mistakes_iter;     /* -1: none */
    long predicted[DATASET_CLASSES_MAX], wrong[DATASET_CLASSES_MAX];
    int n_mistakes[DATASET_CLASSES_MAX];
    long mistake_index[DATASET_CLASSES_MAX][WORKER_MISTAKES];
    int mistake_true[DATASET_CLASSES_MAX][WORKER_MISTAKES];
    const uint8_t *mistake_x[DATASET_CLASSES_MAX][WORKER_MISTAKES];
    char message[200];
} worker_snapshot;

typedef struct {
    train_config cfg;      /* the single run's settings; seed, batch, model, reg */
    optim_params race_opt[OPTIM_COUNT]; /* each optimizer's settings, for race mode
                                           and for switching optimizer */
    int race;              /* start in race mode */
    unsigned race_set;     /* who races: bit k = optimizer kind k; 0: all six */
    long limit;            /* 0: train until paused */
    int pace;              /* iterations per second (0: as fast as it goes) */
    int paused;            /* start paused */
    int classes, dim;
    linear_data train, val; /* views, not owned; must outlive the worker */
    const double *mean, *w; /* may be NULL (as for trainer_init) */
    const dataset *ds;     /* names and shapes for saving; may be NULL */
    const featureset *features; /* what train and val's float rows are (saved with
                                   the model); NULL: raw pixels */
    const char *save_path;
} worker_config;

typedef struct worker worker;

/* Sets up the trainers and starts the thread. Returns 0, or -1 with a
 * message in err. */
int worker_start(worker **out, const worker_config *c, char *err, size_t errlen);
/* Stops the thread (between two steps) and frees everything. */
void worker_stop(worker *w);

/* Queues a command for the next step; returns its sequence number (1, 2,
 * ...), or 0 when the queue is full. */
unsigned long worker_command(worker *w, worker_cmd_kind kind, double value);
/* Waits until command `seq` has been applied and published (for tests and
 * for an orderly save on the way out). */
void worker_wait(worker *w, unsigned long seq);

/* Seconds of training left at the current speed, and the iteration they
 * lead to: the limit when there is one, else the end of the current epoch
 * (the next whole pass over the training images). Returns 0, or -1 when
 * there is nothing to estimate (not running, no speed measured yet). */
int worker_time_left(const worker_snapshot *s, double *seconds, long *target);

/* The pace the panel starts at: iterations per second a lecture can
 * follow (1500 iterations in 30 s, an accuracy point every 2 s). */
#define WORKER_PACE_DEFAULT 50
#define WORKER_PACE_MAX 100000
/* A pace from the command line or the settings file: an integer from 1 to
 * WORKER_PACE_MAX iterations per second, or "max" (0). Returns 0, or -1 with
 * err. */
int worker_pace_parse(const char *value, int *out, char *err, size_t errlen);
/* The next pace up (dir > 0) or down the ladder 1, 2, 5, 10 ... 5000, max. */
int worker_pace_step(int pace, int dir);
/* The pace as people read it: "50 it/s" or "max". */
void worker_pace_format(int pace, char *out, size_t n);

/* A snapshot to copy into: worker_snapshot_alloc sizes its W. */
int worker_snapshot_alloc(worker_snapshot *s, size_t n_params);
void worker_snapshot_free(worker_snapshot *s);
/* Copies the last published snapshot into s (under the mutex, a memcpy). */
void worker_snapshot_get(worker *w, worker_snapshot *s);

#endif
