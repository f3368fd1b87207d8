#include "synth.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define SYNTH_CLASSES 10

/* splitmix64: small, good enough, and the same everywhere. */
static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double uniform(uint64_t *s)
{
    return (double)(next_u64(s) >> 11) * (1.0 / 9007199254740992.0);
}

static double normal(uint64_t *s)
{
    double u = uniform(s), v = uniform(s);
    return sqrt(-2.0 * log(u + 1e-300)) * cos(2.0 * M_PI * v);
}

static uint8_t clamp_byte(double v)
{
    return v < 0 ? 0 : v > 255 ? 255 : (uint8_t)lrint(v);
}

static void make_image(int c, uint64_t *s, uint8_t *x)
{
    const int side = SYNTH_SIDE, plane = SYNTH_SIDE * SYNTH_SIDE;
    double angle = c * M_PI / SYNTH_CLASSES, freq = 0.5 + 0.08 * c;
    double hue = 2.0 * M_PI * c / SYNTH_CLASSES;
    double tint[3] = {cos(hue), cos(hue - 2.0 * M_PI / 3), cos(hue + 2.0 * M_PI / 3)};
    double phase = 2.0 * M_PI * uniform(s), bright = 30.0 * normal(s);
    for (int i = 0; i < side; i++)
        for (int j = 0; j < side; j++) {
            double t = (i * sin(angle) + j * cos(angle)) * freq + phase;
            double stripe = cos(t);
            for (int ch = 0; ch < 3; ch++) {
                double v = 128 + bright + 40 * tint[ch] + 50 * stripe + 35 * normal(s);
                x[ch * plane + i * side + j] = clamp_byte(v);
            }
        }
}

static void fill(dataset_part *p, uint64_t *s, int dim)
{
    for (size_t i = 0; i < p->n; i++) {
        int c = (int)(next_u64(s) % SYNTH_CLASSES);
        p->y[i] = (uint8_t)c;
        make_image(c, s, p->x + i * (size_t)dim);
    }
}

int synth_make(unsigned long seed, size_t n_train, size_t n_test, dataset *ds, char *err,
               size_t errlen)
{
    memset(ds, 0, sizeof *ds);
    snprintf(ds->name, sizeof ds->name, "synthetic");
    snprintf(ds->source, sizeof ds->source,
             "synthetic: %zu + %zu generated %dx%d images (seed %lu), not real data", n_train,
             n_test, SYNTH_SIDE, SYNTH_SIDE, seed);
    ds->synthetic = 1;
    ds->width = ds->height = SYNTH_SIDE;
    ds->channels = 3;
    ds->dim = 3 * SYNTH_SIDE * SYNTH_SIDE;
    ds->classes = SYNTH_CLASSES;
    for (int c = 0; c < SYNTH_CLASSES; c++)
        snprintf(ds->class_names[c], DATASET_NAME_MAX, "pattern-%d", c);
    if (dataset_part_alloc(&ds->train, n_train, ds->dim) < 0 ||
        dataset_part_alloc(&ds->test, n_test, ds->dim) < 0) {
        dataset_free(ds);
        snprintf(err, errlen, "synthetic data: out of memory");
        return -1;
    }
    uint64_t s = seed;
    fill(&ds->train, &s, ds->dim);
    fill(&ds->test, &s, ds->dim);
    return 0;
}
