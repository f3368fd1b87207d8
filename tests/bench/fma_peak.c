/* This machine's fp32 peak, measured, for make bench (tests/bench/mlp.sh):
 * a loop of independent fused multiply-adds on the widest vectors the CPU
 * has (24 chains, enough to hide the FMA's latency on two units), on one
 * thread or on each of two at once. /proc/cpuinfo's clock is the nominal
 * one of a virtual CPU and the FMA units per core an assumption; this is
 * what the cores do.
 *
 * Usage: fma_peak THREADS; prints one line of key=value pairs. */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "benchlib.h"

#define CHAINS 24
#define ROUNDS 40000000L /* of CHAINS multiply-adds: about a second */

/* Each loop returns its flops; the sums go out so nothing is optimized away. */
__attribute__((target("avx512f"))) static double loop512(float *out)
{
    __m512 a[CHAINS], b = _mm512_set1_ps(0.999f), c = _mm512_set1_ps(1e-4f);
    for (int i = 0; i < CHAINS; i++)
        a[i] = _mm512_set1_ps((float)i * 1e-3f);
    for (long k = 0; k < ROUNDS; k++) {
#pragma GCC unroll 24
        for (int i = 0; i < CHAINS; i++)
            a[i] = _mm512_fmadd_ps(a[i], b, c);
        __asm__ volatile("" : "+v"(b));
    }
    for (int i = 0; i < CHAINS; i++)
        *out += _mm512_reduce_add_ps(a[i]);
    return (double)ROUNDS * CHAINS * 32;
}

__attribute__((target("avx2,fma"))) static double loop256(float *out)
{
    __m256 a[CHAINS], b = _mm256_set1_ps(0.999f), c = _mm256_set1_ps(1e-4f);
    for (int i = 0; i < CHAINS; i++)
        a[i] = _mm256_set1_ps((float)i * 1e-3f);
    for (long k = 0; k < ROUNDS; k++) {
#pragma GCC unroll 24
        for (int i = 0; i < CHAINS; i++)
            a[i] = _mm256_fmadd_ps(a[i], b, c);
        __asm__ volatile("" : "+x"(b));
    }
    float lanes[8];
    for (int i = 0; i < CHAINS; i++) {
        _mm256_storeu_ps(lanes, a[i]);
        for (int j = 0; j < 8; j++)
            *out += lanes[j];
    }
    return (double)ROUNDS * CHAINS * 16;
}

typedef struct {
    int wide; /* 512, 256 */
    double flops, seconds;
    float sum;
} run;

static void *one(void *arg)
{
    run *r = arg;
    double t0 = bench_now();
    r->flops = r->wide == 512 ? loop512(&r->sum) : loop256(&r->sum);
    r->seconds = bench_now() - t0;
    return NULL;
}

int main(int argc, char **argv)
{
    int threads = argc == 2 ? atoi(argv[1]) : 0;
    if (threads != 1 && threads != 2) {
        fprintf(stderr, "usage: fma_peak THREADS (1 or 2)\n");
        return 2;
    }
    __builtin_cpu_init();
    int wide = __builtin_cpu_supports("avx512f") ? 512
               : __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 256 : 0;
    if (!wide) {
        printf("threads=%d vector=none gflops=0\n", threads);
        return 0;
    }
    run r[2];
    pthread_t th[2];
    memset(r, 0, sizeof r);
    for (int i = 0; i < threads; i++) {
        r[i].wide = wide;
        if (pthread_create(&th[i], NULL, one, &r[i]) != 0) {
            fprintf(stderr, "fma_peak: cannot start a thread\n");
            return 1;
        }
    }
    double gflops = 0;
    for (int i = 0; i < threads; i++) {
        pthread_join(th[i], NULL);
        gflops += r[i].flops / r[i].seconds / 1e9;
    }
    printf("threads=%d vector=%d gflops=%.1f check=%g\n", threads, wide, gflops,
           (double)(r[0].sum + r[1].sum));
    return 0;
}
