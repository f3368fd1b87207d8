/* The scene library: every scene loads, and the claim in its captions holds
 * when its race is run. Expected values come from the mathematics stated in
 * each test (eigenvalues, contraction factors), not from earlier runs. */
#include "check.h"

#include <stdio.h>
#include <string.h>

#include "core/race.h"
#include "scene/scene.h"

typedef struct {
    scene sc;
    race rc;
} run;

/* Loads scenes/NAME.scene (tests run from the repository root), optionally
 * overrides the noise, and runs the whole race. */
static void run_scene(run *r, const char *name, double noise)
{
    char path[256], err[1024];
    snprintf(path, sizeof path, "scenes/%s.scene", name);
    if (scene_load(path, &r->sc, err, sizeof err) < 0)
        fail_msg("%s", err);
    race_config cfg;
    assert_int_equal(scene_race_config(&r->sc, &cfg, err, sizeof err), 0);
    if (noise >= 0)
        cfg.noise = noise;
    assert_int_equal(race_init(&r->rc, &cfg), 0);
    race_run(&r->rc, cfg.steps);
}

static void run_free(run *r)
{
    race_free(&r->rc);
    scene_free(&r->sc);
}

static const racer *find(const run *r, const char *label)
{
    for (int i = 0; i < r->rc.n; i++)
        if (strcmp(r->rc.r[i].label, label) == 0)
            return &r->rc.r[i];
    fail_msg("no racer '%s'", label);
    return NULL;
}

static double dist(const race_point *p, double x, double y)
{
    return hypot(p->x - x, p->y - y);
}

static const race_point *at(const racer *r, long k)
{
    assert_true(k < r->len);
    return &r->path[k];
}

static const race_point *last(const racer *r)
{
    return &r->path[r->len - 1];
}

/* Booth's Hessian has eigenvalues 18 and 2: along the steep direction SGD
 * multiplies the error by 1 - 18 lr: -1.16 at 0.12 (grows, alternating),
 * -0.98 at 0.11 (alternates, shrinks), -0.8 at 0.10; along the flat one by
 * 1 - 2 lr (0.98 at 0.01: 0.98^100 = 0.13 of the way left). */
static void test_lr_regimes(void **state)
{
    (void)state;
    run r;
    run_scene(&r, "lr-regimes", -1);
    assert_int_equal(r.rc.n, 4);
    const racer *d12 = find(&r, "lr 0.12"), *d11 = find(&r, "lr 0.11");
    const racer *d10 = find(&r, "lr 0.10"), *d01 = find(&r, "lr 0.01");
    /* 0.12 grows without bound */
    assert_true(dist(at(d12, 50), 1, 3) > 10 * dist(at(d12, 0), 1, 3));
    assert_true(dist(last(d12), 1, 3) > 1000 * dist(at(d12, 50), 1, 3));
    /* 0.10 converges to (1, 3) */
    assert_true(dist(last(d10), 1, 3) < 1e-6);
    /* 0.11 alternates the sign of x - 1 at every step, while converging */
    for (long k = 20; k < 100; k++)
        assert_true((at(d11, k)->x - 1) * (at(d11, k + 1)->x - 1) < 0);
    assert_true(dist(last(d11), 1, 3) < 0.5 * dist(at(d11, 50), 1, 3));
    /* 0.01 falls short: 0.98^100 = 0.13 of the start's distance along the slow axis */
    assert_true(dist(last(d01), 1, 3) > 0.1);
    assert_true(dist(last(d01), 1, 3) < dist(at(d01, 0), 1, 3));
    /* captions are sorted and the start one exists */
    assert_int_equal(r.sc.captions[0].step, 0);
    assert_string_equal(scene_caption_at(&r.sc, 45)->text,
                        r.sc.captions[2].text); /* the step-40 caption */
    /* on screen, a caption kept past its step names the step it speaks of;
     * at its own step, and the start caption always, it stands as written */
    char said[SCENE_TEXT_MAX + 32], want[SCENE_TEXT_MAX + 32];
    assert_int_equal(r.sc.captions[2].step, 40);
    snprintf(want, sizeof want, "at step 40: %s", r.sc.captions[2].text);
    assert_string_equal(scene_caption_text(&r.sc, 45, said, sizeof said), want);
    assert_string_equal(scene_caption_text(&r.sc, 40, said, sizeof said), r.sc.captions[2].text);
    assert_string_equal(scene_caption_text(&r.sc, 0, said, sizeof said), r.sc.captions[0].text);
    assert_int_equal(r.sc.captions[1].step > 1, 1);
    assert_string_equal(scene_caption_text(&r.sc, 1, said, sizeof said), r.sc.captions[0].text);
    run_free(&r);
}

static void test_saddle(void **state)
{
    (void)state;
    run r;
    /* the caption's counterfactual: without noise all stop at the saddle */
    run_scene(&r, "saddle", 0);
    for (int i = 0; i < r.rc.n; i++) {
        assert_near(last(&r.rc.r[i])->y, 0, 0);
        assert_true(dist(last(&r.rc.r[i]), 0, 0) < 0.01);
    }
    run_free(&r);
    /* with the scene's noise everyone leaves the ridge; the adaptive ones first */
    run_scene(&r, "saddle", -1);
    for (int i = 0; i < r.rc.n; i++)
        assert_true(fabs(last(&r.rc.r[i])->y) > 1);
    double sgd50 = fabs(at(find(&r, "sgd"), 50)->y);
    double mom50 = fabs(at(find(&r, "momentum"), 50)->y);
    assert_true(fabs(at(find(&r, "rmsprop"), 50)->y) > fmax(sgd50, mom50));
    assert_true(fabs(at(find(&r, "adam"), 50)->y) > fmax(sgd50, mom50));
    run_free(&r);
}

static void test_valley(void **state)
{
    (void)state;
    run r;
    run_scene(&r, "valley", -1);
    const racer *sgd = find(&r, "sgd");
    /* 1 - 128 * 0.015 = -0.92: y flips sign at every step */
    for (long k = 0; k < 30; k++)
        assert_true(at(sgd, k)->y * at(sgd, k + 1)->y < 0);
    /* along x: 0.97^100 * 9 = 0.43 */
    assert_true(fabs(last(sgd)->x) > 0.3);
    assert_true(dist(last(find(&r, "momentum")), 0, 0) < 0.05);
    assert_true(dist(last(find(&r, "adam")), 0, 0) < 0.05);
    run_free(&r);
}

static int loss_rises(const racer *r)
{
    for (long k = 1; k < r->len; k++)
        if (r->path[k].f > r->path[k - 1].f)
            return 1;
    return 0;
}

static double max_x(const racer *r)
{
    double m = -INFINITY;
    for (long k = 0; k < r->len; k++)
        m = fmax(m, r->path[k].x);
    return m;
}

static void test_overshoot(void **state)
{
    (void)state;
    run r;
    run_scene(&r, "overshoot", -1);
    const racer *sgd = find(&r, "sgd"), *mom = find(&r, "momentum"), *nes = find(&r, "nesterov");
    assert_true(max_x(mom) > 1.2); /* past the minimum's x = 1 */
    assert_true(loss_rises(mom));
    /* lr 0.002 times the largest curvature at (1, 1), 1001.6, is 2.0: above
     * torch-form Nesterov's limit 2(1 + 0.9)/(1 + 1.8) = 1.36, so near the
     * minimum its loss blows up again and again and it ends far from it */
    assert_true(at(nes, 220)->f < 0.01 && at(nes, 233)->f > 40);
    assert_true(dist(last(nes), 1, 1) > 10 * dist(last(mom), 1, 1));
    assert_true(max_x(sgd) < 0.4);
    assert_true(dist(last(mom), 1, 1) < 0.05);
    run_free(&r);
}

static void test_local_minima(void **state)
{
    (void)state;
    run r;
    run_scene(&r, "local-minima", -1);
    assert_int_equal(r.rc.n, 8);
    const surface *s = &r.sc.surf;
    int hit[SURFACE_MAX_MINIMA] = {0};
    for (int i = 0; i < r.rc.n; i++) {
        const racer *p = &r.rc.r[i];
        if (strncmp(p->label, "sgd @", 5) != 0)
            continue;
        /* each ends on a minimum: zero loss, and one of the four known points */
        assert_true(last(p)->f < 1e-12);
        for (int m = 0; m < s->nminima; m++)
            if (dist(last(p), s->minima[m][0], s->minima[m][1]) < 1e-6)
                hit[m]++;
    }
    assert_int_equal(s->nminima, 4);
    for (int m = 0; m < 4; m++)
        assert_int_equal(hit[m], 1); /* four starts, four different minima */
    run_free(&r);
}

static double mean_dist_last(const racer *p, int n, double x, double y)
{
    double sum = 0;
    for (long k = p->len - n; k < p->len; k++)
        sum += dist(&p->path[k], x, y);
    return sum / n;
}

static void test_noisy(void **state)
{
    (void)state;
    run r;
    run_scene(&r, "noisy", 0);
    assert_true(dist(last(find(&r, "sgd constant")), 1, 3) < 1e-9);
    run_free(&r);
    run_scene(&r, "noisy", -1);
    double constant = mean_dist_last(find(&r, "sgd constant"), 50, 1, 3);
    double decay = mean_dist_last(find(&r, "sgd step decay"), 50, 1, 3);
    assert_true(constant > 0.2);
    assert_true(decay < constant);
    run_free(&r);
}

static void test_schedules(void **state)
{
    (void)state;
    run r;
    run_scene(&r, "schedules", -1);
    const racer *c = find(&r, "constant"), *w = find(&r, "cosine + warmup");
    /* warmup scales the first update by (0 + 1) / 20; both see the same gradient */
    double first_c = dist(at(c, 1), 0, 0), first_w = dist(at(w, 1), 0, 0);
    assert_near(first_w / first_c, 1.0 / 20, 1e-12);
    double base = mean_dist_last(c, 50, 1, 3);
    const char *decaying[] = {"step", "cosine", "linear", "inverse sqrt", "cosine + warmup"};
    for (int i = 0; i < 5; i++)
        assert_true(mean_dist_last(find(&r, decaying[i]), 50, 1, 3) < base);
    run_free(&r);
}

static void test_tour(void **state)
{
    (void)state;
    run r;
    run_scene(&r, "tour", -1);
    assert_int_equal(r.rc.n, 7);
    const racer *b = find(&r, "bfgs");
    assert_true(at(b, 30)->f < 1e-12);
    assert_true(dist(at(b, 30), 1, 1) < 1e-6);
    assert_true(dist(last(find(&r, "sgd")), 1, 1) > 1);
    assert_true(dist(last(find(&r, "momentum")), 1, 1) < 0.2);
    assert_true(dist(last(find(&r, "nesterov")), 1, 1) < 0.2);
    for (int i = 0; i < r.rc.n; i++)
        assert_int_not_equal(r.rc.r[i].status, RACER_DIVERGED);
    run_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lr_regimes), cmocka_unit_test(test_saddle),
        cmocka_unit_test(test_valley),     cmocka_unit_test(test_overshoot),
        cmocka_unit_test(test_local_minima), cmocka_unit_test(test_noisy),
        cmocka_unit_test(test_schedules),  cmocka_unit_test(test_tour),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
