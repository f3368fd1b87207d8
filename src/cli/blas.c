/* OpenBLAS set up for the classifier before it loads (see below). */
#include "blas.h"

#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

/* OpenBLAS's thread pool starts when the library loads, before main. Under
 * an address-space limit (ulimit -v, as on some shared teaching servers)
 * the pool retries a failing 128 MB mmap forever: `descent surfaces` hung.
 * OPENBLAS_NUM_THREADS=1 starts no pool, but it must be in the environment
 * before OpenBLAS's constructor reads it. The executable's .preinit_array
 * runs before any shared library's constructor (ELF gABI), yet a setenv
 * there is lost: libc's own constructor, which runs later, sets environ
 * back to the original array (measured). So under a limit, when the user
 * chose no thread count, the program starts itself again at once with the
 * variable added, before any library has started: a command that does no
 * linear algebra never waits on a pool. Without a limit the pool is
 * harmless and the exec (about 20 ms) is not worth it. Under valgrind,
 * executing /proc/self/exe runs valgrind's tool, which refuses ("You cannot
 * run 'descent' directly"): there, and without /proc, we carry on. */
#define ENV_MAX 4096

static int starts_with(const char *s, const char *prefix)
{
    while (*prefix && *s == *prefix)
        s++, prefix++;
    return *prefix == '\0';
}

static int contains(const char *s, const char *part)
{
    for (; *s; s++)
        if (starts_with(s, part))
            return 1;
    return 0;
}

/* Libraries are not initialized yet: only plain loops and system calls. */
static void one_blas_thread(int argc, char **argv, char **envp)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return;
    static const char *const chosen[] = {"OPENBLAS_NUM_THREADS=", "GOTO_NUM_THREADS=",
                                         "OMP_NUM_THREADS="};
    static char one[] = "OPENBLAS_NUM_THREADS=1";
    static char *env[ENV_MAX + 2];
    (void)argc;
    size_t n = 0;
    for (; envp && envp[n]; n++) {
        for (size_t k = 0; k < sizeof chosen / sizeof chosen[0]; k++)
            if (starts_with(envp[n], chosen[k]))
                return;
        if (starts_with(envp[n], "LD_PRELOAD=") && contains(envp[n], "vgpreload"))
            return;
        if (n >= ENV_MAX)
            return;
        env[n] = envp[n];
    }
    env[n] = one;
    env[n + 1] = NULL;
    execve("/proc/self/exe", argv, env);
}
__attribute__((section(".preinit_array"), used)) static void (*const before_libraries)(
    int, char **, char **) = one_blas_thread;

/* OpenBLAS's work buffers: each thread in a BLAS call at once takes one of
 * 128 MB (BUFFER_SIZE in Debian's build: strace shows the 134217728-byte
 * mmap), made at its first call and reused after. When it cannot be mapped
 * OpenBLAS tries again forever. These two are exported by libopenblas (not
 * in its headers): taking the buffers while there is room and giving them
 * back leaves them mapped in OpenBLAS's table for the calls to come. */
void *blas_memory_alloc(int procpos);
void blas_memory_free(void *buffer);
#define BUFFER_BYTES ((size_t)129 << 20) /* the buffer and its alignment slack */
#define HEADROOM_BYTES ((size_t)32 << 20)
#define BUFFERS_MAX 16

static size_t mapped_now(void)
{
    unsigned long pages = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%lu", &pages) != 1)
            pages = 0;
        fclose(f);
    }
    return (size_t)pages * (size_t)sysconf(_SC_PAGESIZE);
}

int blas_reserve(int buffers, char *err, size_t errlen)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return 0; /* no limit: OpenBLAS maps its buffers when it wants them */
    if (buffers < 1)
        buffers = 1;
    if (buffers > BUFFERS_MAX)
        buffers = BUFFERS_MAX;
    size_t need = (size_t)buffers * BUFFER_BYTES + HEADROOM_BYTES;
    /* PROT_NONE costs no memory but counts against the limit like any map */
    void *probe = mmap(NULL, need, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (probe == MAP_FAILED) {
        size_t lim = (size_t)rl.rlim_cur, used = mapped_now();
        snprintf(err, errlen,
                 "not enough memory for OpenBLAS: it needs %d work buffer%s of 128 MiB, and the "
                 "address-space limit (ulimit -v %zu) leaves %zu MiB",
                 buffers, buffers == 1 ? "" : "s", lim >> 10, used < lim ? (lim - used) >> 20 : 0);
        return -1;
    }
    munmap(probe, need);
    void *held[BUFFERS_MAX];
    for (int i = 0; i < buffers; i++)
        held[i] = blas_memory_alloc(0);
    for (int i = 0; i < buffers; i++)
        blas_memory_free(held[i]);
    return 0;
}

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
 *   OPENBLAS_NUM_THREADS=1 starts no pool (and under an address-space
 *   limit one_blas_thread has set it for every command already). */
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

