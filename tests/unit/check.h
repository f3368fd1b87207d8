/* cmocka plus what its 1.1 release lacks: double comparisons that print both
 * values in full. Every unit test includes this. */
#ifndef DESCENT_TEST_CHECK_H
#define DESCENT_TEST_CHECK_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* |got - want| <= tol, and both finite (or both the same infinity). */
#define assert_near(got, want, tol)                                                          \
    do {                                                                                     \
        double got_ = (got), want_ = (want), tol_ = (tol);                                   \
        if (!(fabs(got_ - want_) <= tol_) && !(got_ == want_))                               \
            fail_msg("%s = %.17g, want %.17g (tolerance %g, off by %.3g)", #got, got_, want_, \
                     tol_, fabs(got_ - want_));                                              \
    } while (0)

/* Relative closeness, for values whose size varies. */
#define assert_close(got, want, rel)                                                         \
    do {                                                                                     \
        double g2_ = (got), w2_ = (want);                                                    \
        assert_near(g2_, w2_, (rel) * fmax(1.0, fmax(fabs(g2_), fabs(w2_))));               \
    } while (0)

#endif
