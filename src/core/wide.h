/* The passes over all the weights (to float, the summed gradient, the
 * optimizer's update) run every step over 300 000 entries: compiled for the
 * CPU's widest vectors too, the best chosen when the program starts (the
 * same operations in the same order in each, -std=c11 contracting no
 * multiply-add: the same results on every CPU, and the scalar loop's). */
#ifndef DESCENT_WIDE_H
#define DESCENT_WIDE_H

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define WIDE __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define WIDE
#endif

/* 8 lanes in GCC's and clang's vector notation (GCC's vectorizer at -O2
 * leaves these loops scalar); each target above gets its own widths. */
typedef float f8 __attribute__((vector_size(32)));
typedef double d8 __attribute__((vector_size(64)));
typedef int i8 __attribute__((vector_size(32)));

#endif
