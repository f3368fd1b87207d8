#include "check.h"

#include <gsl/gsl_rng.h>
#include <stdlib.h>

int check_run(const trainer *t, int k, gradcheck_entry *out)
{
    int n = t->cfg.batch < (int)t->train.n ? t->cfg.batch : (int)t->train.n;
    size_t *idx = malloc((size_t)(n > 0 ? n : 1) * sizeof *idx);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = -1;
    if (idx && r) {
        gsl_rng_set(r, t->cfg.seed + 1 + (unsigned long)t->iter);
        for (int b = 0; b < n; b++)
            idx[b] = gsl_rng_uniform_int(r, t->train.n);
        rc = model_gradcheck(&t->m.cfg, t->mean, t->w, &t->train, idx, n, k, CHECK_H, r, out);
    }
    free(idx);
    if (r)
        gsl_rng_free(r);
    return rc;
}

double check_worst(const gradcheck_entry *out, int k)
{
    double worst = 0;
    for (int i = 0; i < k; i++)
        worst = out[i].rel_error > worst ? out[i].rel_error : worst;
    return worst;
}
