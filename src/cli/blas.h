/* OpenBLAS reads its kernel choice and thread count from the environment as
 * it loads; the commands that train call this first. */
#ifndef DESCENT_BLAS_H
#define DESCENT_BLAS_H

/* Runs the program again (argv as given to main) with OPENBLAS_CORETYPE
 * and OPENBLAS_NUM_THREADS set when they would make training faster and the
 * user set neither; returns when nothing needs changing. */
void blas_prefer_fast(int argc, char **argv);

#endif
