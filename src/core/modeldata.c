#include "modeldata.h"

#include <stdlib.h>
#include <string.h>

/* The plain loop is the reference; on x86-64 the CPU's widest vectors do the
 * same arithmetic (zero-extend, convert, subtract: exact, so every path gives
 * the same floats). GCC's own vectorizer only manages 4 lanes here. */
static void convert_plain(const uint8_t *restrict src, const float *restrict mean,
                          float *restrict dst, int dim)
{
    for (int j = 0; j < dim; j++)
        dst[j] = (float)src[j] - mean[j];
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_X86_CONVERT 1

__attribute__((target("avx512f"))) static void convert_avx512(const uint8_t *restrict src,
                                                               const float *restrict mean,
                                                               float *restrict dst, int dim)
{
    int j = 0;
    for (; j + 16 <= dim; j += 16) {
        __m512i v = _mm512_cvtepu8_epi32(_mm_loadu_si128((const __m128i *)(src + j)));
        _mm512_storeu_ps(dst + j, _mm512_sub_ps(_mm512_cvtepi32_ps(v), _mm512_loadu_ps(mean + j)));
    }
    convert_plain(src + j, mean + j, dst + j, dim - j);
}

__attribute__((target("avx2"))) static void convert_avx2(const uint8_t *restrict src,
                                                         const float *restrict mean,
                                                         float *restrict dst, int dim)
{
    int j = 0;
    for (; j + 8 <= dim; j += 8) {
        __m256i v = _mm256_cvtepu8_epi32(_mm_loadl_epi64((const __m128i *)(src + j)));
        _mm256_storeu_ps(dst + j, _mm256_sub_ps(_mm256_cvtepi32_ps(v), _mm256_loadu_ps(mean + j)));
    }
    convert_plain(src + j, mean + j, dst + j, dim - j);
}
#endif

modeldata_convert_fn modeldata_converter(void)
{
#ifdef HAVE_X86_CONVERT
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
        return convert_avx512;
    if (__builtin_cpu_supports("avx2"))
        return convert_avx2;
#endif
    return convert_plain;
}

void modeldata_row_exact(const model_data *d, size_t i, const double *mean, double *dst, int dim)
{
    if (d->xf) {
        const float *src = d->xf + i * (size_t)dim;
        for (int j = 0; j < dim; j++)
            dst[j] = (double)src[j] - mean[j];
    } else {
        const uint8_t *src = d->x + i * (size_t)dim;
        for (int j = 0; j < dim; j++)
            dst[j] = src[j] - mean[j];
    }
}

void modeldata_mean(const model_data *d, int dim, double *mean)
{
    memset(mean, 0, (size_t)dim * sizeof *mean);
    if (d->n == 0)
        return;
    if (d->xf) {
        for (size_t i = 0; i < d->n; i++)
            for (int j = 0; j < dim; j++)
                mean[j] += d->xf[i * (size_t)dim + (size_t)j];
        for (int j = 0; j < dim; j++)
            mean[j] /= (double)d->n;
        return;
    }
    /* integer sums are exact; 2^64 / 255 images is more than enough */
    uint64_t *sum = calloc((size_t)dim, sizeof *sum);
    if (sum) {
        for (size_t i = 0; i < d->n; i++)
            for (int j = 0; j < dim; j++)
                sum[j] += d->x[i * (size_t)dim + (size_t)j];
        for (int j = 0; j < dim; j++)
            mean[j] = (double)sum[j] / (double)d->n;
        free(sum);
    } else {
        for (size_t i = 0; i < d->n; i++)
            for (int j = 0; j < dim; j++)
                mean[j] += d->x[i * (size_t)dim + (size_t)j] / (double)d->n;
    }
}
