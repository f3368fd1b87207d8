#include "checkpoint.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "infile.h"
#include "outfile.h"

static const char magic[8] = {'D', 'E', 'S', 'C', 'E', 'N', 'T', 'W'};

enum { HEADER = 8 + 4 * 7 }; /* magic, version, classes, dim, w, h, channels, hparams_len */
#define DIM_MAX (1u << 24)
/* No file is read past this (its header is checked against its size after):
 * a CIFAR-10 model of any sensible size is far below it. */
#define FILE_MAX ((size_t)2000000000)
enum { MODEL_NAME = 16, MODEL_PART = MODEL_NAME + 4 * 2 }; /* version 2: name, hidden, act */

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

static model_config config_of(const checkpoint *c)
{
    return (model_config){.arch = c->arch, .classes = c->classes, .dim = c->dim,
                          .hidden = c->hidden, .act = c->act};
}

size_t checkpoint_params(const checkpoint *c)
{
    model_config mc = config_of(c);
    return model_params(&mc);
}

const char *checkpoint_describe(const checkpoint *c, char *buf, size_t len)
{
    if (c->arch == MODEL_MLP)
        snprintf(buf, len, "a two-layer net of %d %s units", c->hidden, mlp_act_name(c->act));
    else
        snprintf(buf, len, "the linear classifier");
    return buf;
}

static size_t body_size(const checkpoint *c, size_t hlen, uint32_t version)
{
    return HEADER + (version >= 2 ? MODEL_PART : 0) + DATASET_NAME_MAX +
           (size_t)c->classes * DATASET_NAME_MAX + hlen +
           8 * ((size_t)c->dim + checkpoint_params(c));
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
    char mname[MODEL_NAME] = {0};
    snprintf(mname, sizeof mname, "%s", model_arch_name(c->arch));
    put_raw(b, mname, sizeof mname);
    put_u32(b, (uint32_t)(c->arch == MODEL_MLP ? c->hidden : 0));
    put_u32(b, (uint32_t)(c->arch == MODEL_MLP ? c->act : 0));
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
    size_t nw = checkpoint_params(c);
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
    model_config mc = config_of(c);
    model_block blocks[MODEL_BLOCKS_MAX];
    model_blocks(&mc, blocks);
    size_t nw = model_params(&mc);
    for (size_t i = 0; i < nw; i++)
        if (!isfinite(c->w[i])) {
            int row = 0, col, k = model_block_of(&mc, i, &row, &col);
            snprintf(why, wlen, "weight %zu (%s row %d) is %g, not a finite number", i,
                     k >= 0 ? blocks[k].name : "?", row, c->w[i]);
            return -1;
        }
    return 0;
}

/* Writes b as path (outfile: atomically for a file, directly to a device). */
static int write_atomic(const char *path, const bytes *b, char *err, size_t errlen)
{
    outfile o;
    if (outfile_open(&o, path, err, errlen) < 0)
        return -1;
    outfile_write(&o, b->p, b->pos);
    return outfile_close(&o, err, errlen);
}

int checkpoint_save(const char *path, const checkpoint *c, char *err, size_t errlen)
{
    size_t hlen = strnlen(c->hparams, CHECKPOINT_HPARAMS_MAX - 1);
    if (c->classes < 1 || c->classes > DATASET_CLASSES_MAX || c->dim < 1) {
        snprintf(err, errlen, "%s: nothing sensible to save (%d classes, %d pixels)", path,
                 c->classes, c->dim);
        return -1;
    }
    if (c->arch == MODEL_MLP && (c->hidden < 1 || c->hidden > MLP_HIDDEN_MAX)) {
        snprintf(err, errlen, "%s: nothing sensible to save (%d hidden units)", path, c->hidden);
        return -1;
    }
    char why[160];
    if (check_finite(c, why, sizeof why) < 0) { /* it could never be loaded */
        snprintf(err, errlen, "%s: not saved: %s", path, why);
        return -1;
    }
    size_t size = body_size(c, hlen, CHECKPOINT_VERSION) + 4;
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

/* Version 2's model part: its name, hidden units and activation. */
static int decode_model(bytes *b, checkpoint *c, char *why, size_t wlen)
{
    if (b->len < HEADER + MODEL_PART + 4) {
        snprintf(why, wlen, "size %zu bytes: too short for a version 2 header (truncated?)",
                 b->len);
        return -1;
    }
    char name[MODEL_NAME + 1];
    memcpy(name, b->p + b->pos, MODEL_NAME);
    name[MODEL_NAME] = '\0';
    b->pos += MODEL_NAME;
    uint32_t hidden = get_u32(b), act = get_u32(b);
    int arch = model_arch_from_name(name);
    if (arch < 0) {
        snprintf(why, wlen, "unknown model '%.16s' (this program knows linear and mlp)", name);
        return -1;
    }
    c->arch = (model_arch)arch;
    if (arch == MODEL_MLP && (hidden < 1 || hidden > MLP_HIDDEN_MAX || act >= MLP_ACT_COUNT)) {
        snprintf(why, wlen, "implausible net (%u hidden units, activation %u)", hidden, act);
        return -1;
    }
    c->hidden = arch == MODEL_MLP ? (int)hidden : 0;
    c->act = arch == MODEL_MLP ? (mlp_act)act : MLP_RELU;
    return 0;
}

static int decode(bytes *b, checkpoint *c, char *why, size_t wlen)
{
    if (b->len < HEADER + 4 || memcmp(b->p, magic, sizeof magic) != 0) {
        snprintf(why, wlen, "not a descent model (bad magic)");
        return -1;
    }
    b->pos = sizeof magic;
    uint32_t version = get_u32(b);
    if (version < 1 || version > CHECKPOINT_VERSION) {
        snprintf(why, wlen, "model format version %u, this program reads 1 to %d", version,
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
    c->arch = MODEL_LINEAR;
    c->classes = (int)classes;
    c->dim = (int)dim;
    if (version >= 2 && decode_model(b, c, why, wlen) < 0)
        return -1;
    size_t body = body_size(c, hlen, version);
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
    size_t nw = checkpoint_params(c);
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
