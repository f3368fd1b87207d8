/* OpenBLAS reads its kernel choice and thread count from the environment as
 * it loads; the commands that train call this first. */
#ifndef DESCENT_BLAS_H
#define DESCENT_BLAS_H

#include <stddef.h>

/* Runs the program again (argv as given to main) with OPENBLAS_CORETYPE
 * and OPENBLAS_NUM_THREADS set when they would make training faster and the
 * user set neither; returns when nothing needs changing. */
void blas_prefer_fast(int argc, char **argv);

/* Before the first BLAS call of a command that does linear algebra: under
 * an address-space limit, makes sure OpenBLAS has its work buffers for
 * `buffers` threads calling it at once (taking them now), or returns -1
 * with a message about memory in err, where OpenBLAS would retry a failing
 * mmap forever. Without a limit it does nothing. */
int blas_reserve(int buffers, char *err, size_t errlen);

#endif
