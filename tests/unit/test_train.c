/* The training engine on the synthetic set, the random-search baseline, and
 * the checkpoint file. */
#include "check.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/train.h"
#include "data/checkpoint.h"
#include "data/synth.h"

static char err[1024];

static dataset make_data(void)
{
    dataset ds;
    assert_int_equal(synth_make(3, 2000, 500, &ds, err, sizeof err), 0);
    return ds;
}

static train_config small_config(void)
{
    train_config c = train_defaults();
    c.model = LINEAR_SOFTMAX;
    c.iters = 60;
    c.batch = 50;
    c.eval_every = 20;
    c.eval_train_n = 300;
    return c;
}

static void test_steps_record_and_learn(void **state)
{
    (void)state;
    dataset ds = make_data();
    linear_data tr = {ds.train.x, ds.train.y, 1500, NULL}, va = {ds.train.x + 1500 * (size_t)ds.dim,
                                                          ds.train.y + 1500, 500, NULL};
    train_config c = small_config();
    trainer t;
    assert_int_equal(trainer_init(&t, &c, ds.classes, ds.dim, &tr, &va, NULL, NULL, err,
                                  sizeof err), 0);
    double acc0 = trainer_evaluate(&t, &va, NULL);
    for (int k = 0; k < 60; k++)
        assert_int_equal(trainer_step(&t), 0);
    assert_int_equal(t.iter, 60);
    for (int k = 0; k < 60; k++)
        assert_near(t.loss[k], t.data_loss[k] + t.reg_loss[k], 1e-12);
    assert_int_equal(t.n_evals, 3);
    assert_int_equal(t.evals[2].iter, 60);
    assert_near(t.evals[2].val_acc, trainer_evaluate(&t, &va, NULL), 0);
    /* the patterns are learnable: far above chance after 60 steps */
    assert_true(t.evals[2].val_acc > acc0 + 0.2);
    long conf[100];
    double acc = trainer_evaluate(&t, &va, conf);
    long diag = 0, total = 0;
    for (int i = 0; i < 10; i++)
        for (int j = 0; j < 10; j++) {
            total += conf[i * 10 + j];
            diag += i == j ? conf[i * 10 + j] : 0;
        }
    assert_int_equal(total, 500);
    assert_near(acc, diag / 500.0, 1e-15);
    trainer_free(&t);
    dataset_free(&ds);
}

static void test_same_seed_same_weights(void **state)
{
    (void)state;
    dataset ds = make_data();
    linear_data tr = {ds.train.x, ds.train.y, ds.train.n, NULL}, va = {NULL, NULL, 0, NULL};
    train_config c = small_config();
    c.opt = optim_defaults(OPTIM_ADAM);
    c.opt.lr = 1e-4;
    trainer a, b;
    assert_int_equal(trainer_init(&a, &c, 10, ds.dim, &tr, &va, NULL, NULL, err, sizeof err), 0);
    assert_int_equal(trainer_init(&b, &c, 10, ds.dim, &tr, &va, NULL, NULL, err, sizeof err), 0);
    for (int k = 0; k < 10; k++) {
        assert_int_equal(trainer_step(&a), 0);
        assert_int_equal(trainer_step(&b), 0);
    }
    assert_memory_equal(a.w, b.w, a.n_params * sizeof *a.w);
    trainer_free(&b);
    c.seed = 2;
    assert_int_equal(trainer_init(&b, &c, 10, ds.dim, &tr, &va, NULL, NULL, err, sizeof err), 0);
    assert_true(memcmp(a.w, b.w, a.n_params * sizeof *a.w) != 0);
    trainer_free(&a);
    trainer_free(&b);
    dataset_free(&ds);
}

static void test_random_search(void **state)
{
    (void)state;
    dataset ds = make_data();
    linear_config lc = {.model = LINEAR_SVM, .classes = 10, .dim = ds.dim, .reg_kind = REG_L2,
                        .reg = 0, .threads = 1};
    double *mean = malloc((size_t)ds.dim * sizeof *mean);
    linear_mean_image(ds.train.x, ds.train.n, ds.dim, mean);
    size_t p = linear_params(&lc), sample[200];
    for (int i = 0; i < 200; i++)
        sample[i] = (size_t)i;
    double *w1 = malloc(p * sizeof *w1), *w20 = malloc(p * sizeof *w20);
    linear_data d = {ds.train.x, ds.train.y, ds.train.n, NULL};
    double one = train_random_search(&lc, mean, &d, sample, 200, 1, 1e-3, 9, w1);
    double best = train_random_search(&lc, mean, &d, sample, 200, 20, 1e-3, 9, w20);
    /* the first candidate is the same draw, so 20 tries can only do better */
    assert_true(best <= one);
    linear_loss check;
    assert_int_equal(linear_loss_grad_exact(&lc, mean, w20, &d, sample, 200, &check, NULL), 0);
    assert_close(check.loss, best, 1e-5);
    free(mean);
    free(w1);
    free(w20);
    dataset_free(&ds);
}

static void test_checkpoint_roundtrip(void **state)
{
    (void)state;
    char path[] = "/tmp/descent-ckpt-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    close(fd);
    checkpoint c;
    memset(&c, 0, sizeof c);
    c.classes = 3;
    c.dim = 4;
    c.width = 2;
    c.height = 2;
    c.channels = 1;
    snprintf(c.dataset, sizeof c.dataset, "toy");
    snprintf(c.class_names[2], sizeof c.class_names[2], "frog");
    snprintf(c.hparams, sizeof c.hparams, "model=svm lr=1e-07");
    double mean[4] = {1.5, -2, 1e300, 0.1}, w[15];
    for (int i = 0; i < 15; i++)
        w[i] = i * 0.25 - 1.0 / 3;
    c.mean = mean;
    c.w = w;
    assert_int_equal(checkpoint_save(path, &c, err, sizeof err), 0);
    checkpoint r;
    assert_int_equal(checkpoint_load(path, &r, err, sizeof err), 0);
    assert_int_equal(r.classes, 3);
    assert_int_equal(r.dim, 4);
    assert_string_equal(r.dataset, "toy");
    assert_string_equal(r.class_names[2], "frog");
    assert_string_equal(r.hparams, "model=svm lr=1e-07");
    assert_memory_equal(r.mean, mean, sizeof mean);
    assert_memory_equal(r.w, w, sizeof w);
    checkpoint_free(&r);

    /* flip one bit of a weight: the checksum catches it */
    FILE *f = fopen(path, "r+b");
    assert_non_null(f);
    fseek(f, -20, SEEK_END);
    int byte = fgetc(f);
    fseek(f, -20, SEEK_END);
    fputc(byte ^ 1, f);
    fclose(f);
    assert_int_equal(checkpoint_load(path, &r, err, sizeof err), -1);
    assert_non_null(strstr(err, "checksum mismatch"));
    /* not a model at all */
    f = fopen(path, "wb");
    fputs("hello, this is not a model file at all....", f);
    fclose(f);
    assert_int_equal(checkpoint_load(path, &r, err, sizeof err), -1);
    assert_non_null(strstr(err, "bad magic"));
    /* saving into a missing folder fails and creates nothing */
    assert_int_equal(checkpoint_save("/nonexistent/dir/m.bin", &c, err, sizeof err), -1);
    assert_non_null(strstr(err, "/nonexistent/dir/m.bin"));
    unlink(path);
}

/* The update ratios of a step whose update was kept are ||w_after -
 * w_before|| / ||w_after|| per block, from two copies of w (not from the
 * optimizer's delta); a step not kept gives none (no stale ratio); and
 * keeping or not changes no weight: the same bits after every step. For the
 * linear model and the net, SGD and Adam. */
static void test_kept_update_ratios(void **state)
{
    (void)state;
    dataset ds = make_data();
    linear_data tr = {ds.train.x, ds.train.y, ds.train.n, NULL}, va = {NULL, NULL, 0, NULL};
    for (int arch = 0; arch < 2; arch++)
        for (int adam = 0; adam < 2; adam++) {
            train_config c = small_config();
            c.arch = arch ? MODEL_MLP : MODEL_LINEAR;
            c.hidden = 8;
            c.opt = optim_defaults(adam ? OPTIM_ADAM : OPTIM_SGD);
            c.opt.lr = 1e-3;
            trainer kept, plain;
            assert_int_equal(trainer_init(&kept, &c, 10, ds.dim, &tr, &va, NULL, NULL, err,
                                          sizeof err), 0);
            assert_int_equal(trainer_init(&plain, &c, 10, ds.dim, &tr, &va, NULL, NULL, err,
                                          sizeof err), 0);
            size_t p = kept.n_params;
            double *before = malloc(p * sizeof *before);
            const char *names[MODEL_BLOCKS_MAX];
            double ratio[MODEL_BLOCKS_MAX];
            assert_int_equal(trainer_update_ratios(&kept, names, ratio), 0); /* no step yet */
            for (int k = 0; k < 4; k++) {
                int keep = k % 2;
                trainer_keep_update(&kept, keep);
                memcpy(before, kept.w, p * sizeof *before);
                assert_int_equal(trainer_step(&kept), 0);
                assert_int_equal(trainer_step(&plain), 0);
                assert_memory_equal(kept.w, plain.w, p * sizeof *kept.w);
                int n = trainer_update_ratios(&kept, names, ratio);
                assert_int_equal(n, keep ? (arch ? 2 : 1) : 0);
                model_block b[MODEL_BLOCKS_MAX];
                int nb = model_blocks(&kept.m.cfg, b);
                for (int j = 0; j < n; j++) {
                    int q = 0;
                    while (q < nb && strcmp(b[q].name, names[j]) != 0)
                        q++;
                    assert_true(q < nb);
                    double dd = 0, ww = 0;
                    for (int r = 0; r < b[q].rows; r++)
                        for (int col = 0; col < b[q].cols; col++) {
                            size_t i = b[q].offset + (size_t)r * (size_t)b[q].stride + (size_t)col;
                            dd += (kept.w[i] - before[i]) * (kept.w[i] - before[i]);
                            ww += kept.w[i] * kept.w[i];
                        }
                    assert_true(ratio[j] > 0);
                    assert_near(ratio[j], sqrt(dd / ww), 1e-9 * ratio[j]);
                }
            }
            free(before);
            trainer_free(&kept);
            trainer_free(&plain);
        }
    dataset_free(&ds);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_steps_record_and_learn),
        cmocka_unit_test(test_same_seed_same_weights),
        cmocka_unit_test(test_random_search),
        cmocka_unit_test(test_checkpoint_roundtrip),
        cmocka_unit_test(test_kept_update_ratios),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
