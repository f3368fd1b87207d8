/* Trajectories against PyTorch's torch.optim (tests/ref/torch_paths.csv, made
 * by tests/ref/torch_reference.py with autograd and torch.optim): every
 * optimizer on six surfaces, 60 steps, to 1e-12. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core/race.h"

#define REF "tests/ref/torch_paths.csv"
#define MAXROWS 4000

typedef struct {
    char surface[32], optimizer[32];
    double lr;
    long step;
    double x, y;
} ref_row;

static ref_row rows[MAXROWS];
static int nrows;

static int load(void **state)
{
    (void)state;
    FILE *f = fopen(REF, "r");
    if (!f)
        return -1;
    char line[256];
    if (!fgets(line, sizeof line, f)) {
        fclose(f);
        return -1;
    }
    while (nrows < MAXROWS && fgets(line, sizeof line, f)) {
        ref_row *r = &rows[nrows];
        if (sscanf(line, "%31[^,],%31[^,],%lf,%ld,%lf,%lf", r->surface, r->optimizer, &r->lr,
                   &r->step, &r->x, &r->y) == 6)
            nrows++;
    }
    fclose(f);
    return nrows > 0 ? 0 : -1;
}

/* Runs the race the reference row block describes and compares every step. */
static int check_block(int first)
{
    const ref_row *r0 = &rows[first];
    const surface *s = surface_find(r0->surface);
    assert_non_null(s);
    race_config cfg;
    race_config_defaults(&cfg, s);
    cfg.nopt = 1;
    cfg.opt[0].p = optim_defaults((optim_kind)optim_kind_from_name(r0->optimizer));
    cfg.opt[0].p.lr = r0->lr;
    int n = 0;
    while (first + n < nrows && strcmp(rows[first + n].surface, r0->surface) == 0 &&
           strcmp(rows[first + n].optimizer, r0->optimizer) == 0)
        n++;
    race rc;
    assert_int_equal(race_init(&rc, &cfg), 0);
    race_run(&rc, n - 1);
    assert_int_equal(rc.r[0].len, n);
    for (int k = 0; k < n; k++) {
        const ref_row *r = &rows[first + k];
        if (fabs(rc.r[0].path[k].x - r->x) > 1e-12 || fabs(rc.r[0].path[k].y - r->y) > 1e-12)
            fail_msg("%s/%s step %ld: (%.17g, %.17g), torch (%.17g, %.17g)", r->surface,
                     r->optimizer, r->step, rc.r[0].path[k].x, rc.r[0].path[k].y, r->x, r->y);
    }
    race_free(&rc);
    return n;
}

static void test_all_paths_match_torch(void **state)
{
    (void)state;
    int blocks = 0;
    for (int i = 0; i < nrows; i += check_block(i))
        blocks++;
    assert_int_equal(blocks, 6 * 6);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_all_paths_match_torch),
    };
    return cmocka_run_group_tests(tests, load, NULL);
}
