/* What the bench programs (sgemm_floor.c, tune_floor.c, fma_peak.c) share:
 * a clock, filled buffers laid out as the models lay out theirs, and their
 * whole-number arguments. */
#ifndef DESCENT_BENCHLIB_H
#define DESCENT_BENCHLIB_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static inline double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* n floats on a cache line, as core/mlp.c and core/linear.c allocate them,
 * filled with small values of both signs (no zeros, no denormals: the
 * kernels' speed does not depend on them, but be safe). */
static inline float *bench_floats(size_t n, unsigned seed)
{
    size_t bytes = (n * sizeof(float) + 63) / 64 * 64;
    float *p = aligned_alloc(64, bytes ? bytes : 64);
    if (!p)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1103515245u + 12345u;
        p[i] = ((float)(seed >> 8 & 0xffff) - 32768.0f) / 65536.0f + 1e-3f;
    }
    return p;
}

/* Argument s as a whole number in [lo, hi]; otherwise one line naming the
 * program and the argument, and exit status 2. */
static inline int bench_arg(const char *prog, const char *s, int lo, int hi, const char *what)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < lo || v > hi) {
        fprintf(stderr, "%s: %s must be %d to %d, not '%s'\n", prog, what, lo, hi, s);
        exit(2);
    }
    return (int)v;
}

#endif
