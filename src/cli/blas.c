/* OpenBLAS set up for the classifier before it loads (see below). */
#include "blas.h"

#include <cblas.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Two things about OpenBLAS can only be set before it loads, through the
 * environment, so when either needs it we set it and run ourselves again
 * (a user's own settings are always left alone):
 * - Debian's OpenBLAS 0.3.21 picks its slowest (SSE3 "Prescott") kernels on
 *   CPUs it does not know, such as recent Xeons under a VM, which makes
 *   training 3 to 4 times slower. We ask for the best kernels the CPU can
 *   run: SkylakeX where it has AVX-512 (whose small-matrix sgemm needs no
 *   packing: twice as fast as Haswell's on our thin products, measured),
 *   Haswell where it has AVX2 and FMA.
 * - Its thread pool: we split each batch over two threads of our own and run
 *   OpenBLAS single-threaded, but a pool started at load time can keep a
 *   thread spinning in sched_yield for a while (measured: up to a tenth of
 *   a subset run's samples), taking a core from our second thread.
 *   OPENBLAS_NUM_THREADS=1 starts no pool. */
static const char *best_coretype(void)
{
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl"))
        return "SkylakeX";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return "Haswell";
#endif
    return NULL;
}

/* Under valgrind, executing /proc/self/exe runs valgrind's tool, which
 * refuses to start ("You cannot run 'descent' directly"): there we carry on
 * as we are. Valgrind preloads its vgpreload libraries into the program. */
static int under_valgrind(void)
{
    const char *pre = getenv("LD_PRELOAD");
    return pre && strstr(pre, "vgpreload") != NULL;
}

void blas_prefer_fast(int argc, char **argv)
{
    const char *core = openblas_get_corename(), *want = best_coretype();
    int fix_core = !getenv("OPENBLAS_CORETYPE") && core && strcmp(core, "Prescott") == 0 && want;
    int fix_pool = !getenv("OPENBLAS_NUM_THREADS") && !getenv("GOTO_NUM_THREADS") &&
                   !getenv("OMP_NUM_THREADS") && openblas_get_num_threads() > 1;
    if ((!fix_core && !fix_pool) || under_valgrind())
        return;
    char **args = calloc((size_t)argc + 1, sizeof *args);
    if (!args)
        return;
    for (int i = 0; i < argc; i++)
        args[i] = argv[i];
    if (fix_core)
        setenv("OPENBLAS_CORETYPE", want, 1);
    if (fix_pool)
        setenv("OPENBLAS_NUM_THREADS", "1", 1);
    execv("/proc/self/exe", args);
    /* no /proc: carry on as we are */
    if (fix_core)
        unsetenv("OPENBLAS_CORETYPE");
    if (fix_pool)
        unsetenv("OPENBLAS_NUM_THREADS");
    free(args);
}

