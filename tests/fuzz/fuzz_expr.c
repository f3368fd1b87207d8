/* libFuzzer harness: the formula parser, then evaluation with derivatives at
 * ordinary and absurd points. */
#include <math.h>

#include "fuzz.h"
#include "scene/expr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_text(data, size);
    char err[256];
    size_t pos = 0;
    expr *e = expr_parse(text, err, sizeof err, &pos);
    if (!e) {
        if (pos > size || !err[0])
            abort(); /* an error must say what and where */
        (void)expr_column(text, pos);
    } else {
        static const double pts[][2] = {{0, 0}, {1, -2}, {-3, 3}, {1e308, -1e308},
                                        {NAN, 0}, {-0.0, 1e-320}, {INFINITY, 2}};
        for (size_t k = 0; k < sizeof pts / sizeof pts[0]; k++) {
            double g[2], h[3];
            (void)expr_eval(e, pts[k][0], pts[k][1], g, h);
            (void)expr_eval(e, pts[k][0], pts[k][1], NULL, NULL);
        }
        surface s = expr_surface(e);
        double g[2], h[3];
        (void)surface_f(&s, s.start[0], s.start[1]);
        surface_grad(&s, s.start[0], s.start[1], g);
        surface_hess(&s, s.start[0], s.start[1], h);
        (void)expr_uses(e);
        (void)expr_text(e);
        expr_free(e);
    }
    free(text);
    return 0;
}
