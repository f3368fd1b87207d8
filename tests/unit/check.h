/* cmocka plus what its 1.1 release lacks: double comparisons that print both
 * values in full. Every unit test includes this. */
#ifndef DESCENT_TEST_CHECK_H
#define DESCENT_TEST_CHECK_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

/* A fresh folder under /tmp for one test binary's files, and its removal
 * (cmocka group setup and teardown call these). Return 0 or -1. */
static inline int check_tmpdir_make(char *dir, size_t len)
{
    snprintf(dir, len, "/tmp/descent-test-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static inline int check_tmpdir_remove(const char *dir)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* tmpdir_setup and tmpdir_teardown for cmocka_run_group_tests, making and
 * removing the char array dir. */
#define CHECK_TMPDIR_GROUP(dir)                                                              \
    static int tmpdir_setup(void **state)                                                    \
    {                                                                                        \
        (void)state;                                                                         \
        return check_tmpdir_make(dir, sizeof dir);                                           \
    }                                                                                        \
    static int tmpdir_teardown(void **state)                                                 \
    {                                                                                        \
        (void)state;                                                                         \
        return check_tmpdir_remove(dir);                                                     \
    }

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
