#include "checkpoint.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "infile.h"
#include "savefile.h"

static const char magic[8] = {'D', 'E', 'S', 'C', 'E', 'N', 'T', 'W'};

enum { HEADER = 8 + 4 * 7 }; /* magic, version, classes, dim, w, h, channels, hparams_len */
#define DIM_MAX (1u << 24)
/* No file is read past this (its header is checked against its size after):
 * a CIFAR-10 model of any sensible size is far below it. */
#define FILE_MAX ((size_t)2000000000)

typedef struct {
    uint8_t *p;
    size_t len, pos;
} bytes;

static void put_u32(bytes *b, uint32_t v)
{
    for (int k = 0; k < 4; k++)
        b->p[b->pos++] = (uint8_t)(v >> (8 * k));
}

static void put_f64(bytes *b, double d)
{
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    for (int k = 0; k < 8; k++)
        b->p[b->pos++] = (uint8_t)(v >> (8 * k));
}

static void put_raw(bytes *b, const void *src, size_t n)
{
    memcpy(b->p + b->pos, src, n);
    b->pos += n;
}

static uint32_t get_u32(bytes *b)
{
    uint32_t v = 0;
    for (int k = 0; k < 4; k++)
        v |= (uint32_t)b->p[b->pos++] << (8 * k);
    return v;
}

static double get_f64(bytes *b)
{
    uint64_t v = 0;
    for (int k = 0; k < 8; k++)
        v |= (uint64_t)b->p[b->pos++] << (8 * k);
    double d;
    memcpy(&d, &v, sizeof d);
    return d;
}

static size_t body_size(size_t classes, size_t dim, size_t hlen)
{
    return HEADER + DATASET_NAME_MAX + classes * DATASET_NAME_MAX + hlen +
           8 * (dim + classes * (dim + 1));
}

static void encode(const checkpoint *c, bytes *b, size_t hlen)
{
    put_raw(b, magic, sizeof magic);
    put_u32(b, CHECKPOINT_VERSION);
    put_u32(b, (uint32_t)c->classes);
    put_u32(b, (uint32_t)c->dim);
    put_u32(b, (uint32_t)c->width);
    put_u32(b, (uint32_t)c->height);
    put_u32(b, (uint32_t)c->channels);
    put_u32(b, (uint32_t)hlen);
    char name[DATASET_NAME_MAX] = {0};
    snprintf(name, sizeof name, "%s", c->dataset);
    put_raw(b, name, sizeof name);
    for (int k = 0; k < c->classes; k++) {
        memset(name, 0, sizeof name);
        snprintf(name, sizeof name, "%s", c->class_names[k]);
        put_raw(b, name, sizeof name);
    }
    put_raw(b, c->hparams, hlen);
    for (int j = 0; j < c->dim; j++)
        put_f64(b, c->mean[j]);
    size_t nw = (size_t)c->classes * ((size_t)c->dim + 1);
    for (size_t i = 0; i < nw; i++)
        put_f64(b, c->w[i]);
    put_u32(b, (uint32_t)crc32(0L, b->p, (uInt)b->pos));
}

/* A checksum proves the bytes are the ones written, not that they make a
 * model: a NaN or an infinity would give a NaN loss or a zero one. Checked
 * on saving and on loading. */
static int check_finite(const checkpoint *c, char *why, size_t wlen)
{
    for (int j = 0; j < c->dim; j++)
        if (!isfinite(c->mean[j])) {
            snprintf(why, wlen, "mean image value %d is %g, not a finite number", j, c->mean[j]);
            return -1;
        }
    size_t nw = (size_t)c->classes * ((size_t)c->dim + 1);
    for (size_t i = 0; i < nw; i++)
        if (!isfinite(c->w[i])) {
            snprintf(why, wlen, "weight %zu (class %zu) is %g, not a finite number", i,
                     i / ((size_t)c->dim + 1), c->w[i]);
            return -1;
        }
    return 0;
}

/* Writes b to a temporary file next to path, then renames it over path. */
static int write_atomic(const char *path, const bytes *b, char *err, size_t errlen)
{
    savefile f;
    if (savefile_open(&f, path, err, errlen) < 0)
        return -1;
    if (savefile_write(&f, b->p, b->pos) < 0) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        savefile_abandon(&f);
        return -1;
    }
    return savefile_commit(&f, path, err, errlen);
}

int checkpoint_save(const char *path, const checkpoint *c, char *err, size_t errlen)
{
    size_t hlen = strnlen(c->hparams, CHECKPOINT_HPARAMS_MAX - 1);
    if (c->classes < 1 || c->classes > DATASET_CLASSES_MAX || c->dim < 1) {
        snprintf(err, errlen, "%s: nothing sensible to save (%d classes, %d pixels)", path,
                 c->classes, c->dim);
        return -1;
    }
    char why[160];
    if (check_finite(c, why, sizeof why) < 0) { /* it could never be loaded */
        snprintf(err, errlen, "%s: not saved: %s", path, why);
        return -1;
    }
    size_t size = body_size((size_t)c->classes, (size_t)c->dim, hlen) + 4;
    bytes b = {malloc(size), size, 0};
    if (!b.p) {
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    encode(c, &b, hlen);
    int rc = write_atomic(path, &b, err, errlen);
    free(b.p);
    return rc;
}

static int decode(bytes *b, checkpoint *c, char *why, size_t wlen)
{
    if (b->len < HEADER + 4 || memcmp(b->p, magic, sizeof magic) != 0) {
        snprintf(why, wlen, "not a descent model (bad magic)");
        return -1;
    }
    b->pos = sizeof magic;
    uint32_t version = get_u32(b);
    if (version != CHECKPOINT_VERSION) {
        snprintf(why, wlen, "model format version %u, this program reads %d", version,
                 CHECKPOINT_VERSION);
        return -1;
    }
    uint32_t classes = get_u32(b), dim = get_u32(b);
    c->width = (int)get_u32(b);
    c->height = (int)get_u32(b);
    c->channels = (int)get_u32(b);
    uint32_t hlen = get_u32(b);
    if (classes < 1 || classes > DATASET_CLASSES_MAX || dim < 1 || dim > DIM_MAX ||
        hlen >= CHECKPOINT_HPARAMS_MAX) {
        snprintf(why, wlen, "implausible sizes (%u classes, %u pixels)", classes, dim);
        return -1;
    }
    size_t body = body_size(classes, dim, hlen);
    if (b->len != body + 4) {
        snprintf(why, wlen, "size %zu bytes, its header implies %zu (truncated?)", b->len,
                 body + 4);
        return -1;
    }
    uint32_t stored = (uint32_t)b->p[body] | (uint32_t)b->p[body + 1] << 8 |
                      (uint32_t)b->p[body + 2] << 16 | (uint32_t)b->p[body + 3] << 24;
    if (stored != (uint32_t)crc32(0L, b->p, (uInt)body)) {
        snprintf(why, wlen, "checksum mismatch: the file is damaged");
        return -1;
    }
    c->classes = (int)classes;
    c->dim = (int)dim;
    memcpy(c->dataset, b->p + b->pos, DATASET_NAME_MAX);
    c->dataset[DATASET_NAME_MAX - 1] = '\0';
    b->pos += DATASET_NAME_MAX;
    for (uint32_t k = 0; k < classes; k++) {
        memcpy(c->class_names[k], b->p + b->pos, DATASET_NAME_MAX);
        c->class_names[k][DATASET_NAME_MAX - 1] = '\0';
        b->pos += DATASET_NAME_MAX;
    }
    memcpy(c->hparams, b->p + b->pos, hlen);
    c->hparams[hlen] = '\0';
    b->pos += hlen;
    size_t nw = (size_t)classes * ((size_t)dim + 1);
    c->mean = malloc(dim * sizeof *c->mean);
    c->w = malloc(nw * sizeof *c->w);
    if (!c->mean || !c->w) {
        snprintf(why, wlen, "out of memory");
        return -1;
    }
    for (uint32_t j = 0; j < dim; j++)
        c->mean[j] = get_f64(b);
    for (size_t i = 0; i < nw; i++)
        c->w[i] = get_f64(b);
    return check_finite(c, why, wlen);
}

int checkpoint_decode(const uint8_t *buf, size_t len, checkpoint *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    bytes b = {(uint8_t *)buf, len, 0};
    int rc = decode(&b, c, err, errlen);
    if (rc < 0)
        checkpoint_free(c);
    return rc;
}

int checkpoint_load(const char *path, checkpoint *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    char *text;
    size_t len;
    if (infile_read(path, FILE_MAX, &text, &len, err, errlen) < 0)
        return -1;
    uint8_t *buf = (uint8_t *)text;
    char why[256];
    int rc = checkpoint_decode(buf, len, c, why, sizeof why);
    free(buf);
    if (rc < 0)
        snprintf(err, errlen, "%s: %s", path, why);
    return rc;
}

void checkpoint_free(checkpoint *c)
{
    free(c->mean);
    free(c->w);
    c->mean = c->w = NULL;
}
