#include "cifar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "infile.h"
#include "pickle.h"

#define CIFAR_CLASSES 10
#define TRAIN_BATCHES 5
/* The official batches hold 10000 images; no batch file may be larger than
 * one of those (the python one carries labels and file names besides, about
 * 31 bytes an image: 64 is generous). */
#define BATCH_IMAGES_MAX 10000
#define BIN_BATCH_MAX ((size_t)BATCH_IMAGES_MAX * CIFAR_RECORD)
#define PY_BATCH_MAX ((size_t)BATCH_IMAGES_MAX * (CIFAR_DIM + 64))
/* batches.meta.txt: ten short names; batches.meta: their pickle. */
#define META_MAX 65536

static const char *const default_names[CIFAR_CLASSES] = {
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};

/* Whether anything is at path, even a FIFO or a dangling link: what is
 * there but cannot be read is then reported by the reader, with its reason. */
static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

int cifar_is_bin(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/data_batch_1.bin", dir);
    return exists(path);
}

int cifar_is_py(const char *dir)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/data_batch_1", dir);
    return exists(path);
}

static void set_shape(dataset *ds, const char *layout, const char *dir)
{
    snprintf(ds->name, sizeof ds->name, "cifar10");
    snprintf(ds->source, sizeof ds->source, "CIFAR-10 (%s layout) in %s", layout, dir);
    ds->width = ds->height = 32;
    ds->channels = 3;
    ds->dim = CIFAR_DIM;
    ds->classes = CIFAR_CLASSES;
    for (int c = 0; c < CIFAR_CLASSES; c++)
        snprintf(ds->class_names[c], DATASET_NAME_MAX, "%s", default_names[c]);
}

/* Grows part by n images; returns where they go, or NULL. */
static int grow(dataset_part *p, size_t n, uint8_t **x, uint8_t **y)
{
    uint8_t *nx = realloc(p->x, (p->n + n) * CIFAR_DIM);
    if (!nx)
        return -1;
    p->x = nx;
    uint8_t *ny = realloc(p->y, p->n + n);
    if (!ny)
        return -1;
    p->y = ny;
    *x = p->x + p->n * CIFAR_DIM;
    *y = p->y + p->n;
    p->n += n;
    return 0;
}

/* Class names, one a line; names the file on any problem. */
static int read_meta_txt(const char *dir, dataset *ds, char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/batches.meta.txt", dir);
    if (!exists(path))
        return 0; /* the names are CIFAR-10's own anyway */
    char *text;
    size_t len;
    if (infile_read(path, META_MAX, &text, &len, err, errlen) < 0)
        return -1;
    int c = 0;
    const char *line = text, *end = text + len;
    while (c < CIFAR_CLASSES && line < end) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t n = nl ? (size_t)(nl - line) : (size_t)(end - line);
        const char *next = line + n + 1;
        if (n && line[n - 1] == '\r')
            n--;
        if (n == 0 || memchr(line, '\0', n))
            break; /* an empty line ends the names; a NUL is in no name */
        snprintf(ds->class_names[c++], DATASET_NAME_MAX, "%.*s", (int)(n < 31 ? n : 31), line);
        line = next;
    }
    free(text);
    if (c != CIFAR_CLASSES) {
        snprintf(err, errlen, "%s: %d class names, want %d", path, c, CIFAR_CLASSES);
        return -1;
    }
    return 0;
}

int cifar_bin_batch(const uint8_t *buf, size_t len, dataset_part *part, char *err, size_t errlen)
{
    if (len == 0 || len % CIFAR_RECORD != 0) {
        snprintf(err, errlen, "size %zu bytes is not a whole number of %d-byte records", len,
                 CIFAR_RECORD);
        return -1;
    }
    size_t n = len / CIFAR_RECORD;
    for (size_t i = 0; i < n; i++)
        if (buf[i * CIFAR_RECORD] >= CIFAR_CLASSES) {
            snprintf(err, errlen, "record %zu has label %d (want 0-9)", i, buf[i * CIFAR_RECORD]);
            return -1;
        }
    uint8_t *x, *y;
    if (grow(part, n, &x, &y) < 0) {
        snprintf(err, errlen, "out of memory");
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        y[i] = buf[i * CIFAR_RECORD];
        memcpy(x + i * CIFAR_DIM, buf + i * CIFAR_RECORD + 1, CIFAR_DIM);
    }
    return 0;
}

/* A batch decoder of either layout (cifar_bin_batch, cifar_py_batch). */
typedef int (*batch_decoder)(const uint8_t *buf, size_t len, dataset_part *part, char *err,
                             size_t errlen);

/* Reads one batch file of at most max bytes and decodes it; a message
 * names the file. */
static int load_file(const char *path, size_t max, batch_decoder decode, dataset_part *part,
                     char *err, size_t errlen)
{
    char *text;
    size_t len;
    if (infile_read(path, max, &text, &len, err, errlen) < 0)
        return -1;
    uint8_t *buf = (uint8_t *)text;
    char why[400];
    int rc = decode(buf, len, part, why, sizeof why);
    if (rc < 0)
        snprintf(err, errlen, "%s: %s", path, why);
    free(buf);
    return rc;
}

static int load_all(const char *dir, const char *suffix, size_t max, batch_decoder decode,
                    dataset *ds, char *err, size_t errlen)
{
    char path[4096];
    for (int b = 1; b <= TRAIN_BATCHES; b++) {
        snprintf(path, sizeof path, "%s/data_batch_%d%s", dir, b, suffix);
        if (load_file(path, max, decode, &ds->train, err, errlen) < 0)
            return -1;
    }
    snprintf(path, sizeof path, "%s/test_batch%s", dir, suffix);
    return load_file(path, max, decode, &ds->test, err, errlen);
}

int cifar_load_bin(const char *dir, dataset *ds, char *err, size_t errlen)
{
    memset(ds, 0, sizeof *ds);
    set_shape(ds, "binary", dir);
    if (read_meta_txt(dir, ds, err, errlen) < 0 ||
        load_all(dir, ".bin", BIN_BATCH_MAX, cifar_bin_batch, ds, err, errlen) < 0) {
        dataset_free(ds);
        return -1;
    }
    return 0;
}

/* --- python layout --- */

static int labels_ok(const pv *labels, char *err, size_t errlen)
{
    if (!labels || labels->kind != PV_LIST) {
        snprintf(err, errlen, "'labels' is not a list");
        return -1;
    }
    for (size_t i = 0; i < labels->n; i++) {
        const pv *v = labels->items[i];
        if (v->kind != PV_INT || v->i < 0 || v->i >= CIFAR_CLASSES) {
            snprintf(err, errlen, "label %zu is %s%lld (want 0-9)", i,
                     v->kind == PV_INT ? "" : "not an int: ", v->kind == PV_INT ? v->i : 0);
            return -1;
        }
    }
    return 0;
}

static int is_int(const pv *v, long long want)
{
    return v && (v->kind == PV_INT || v->kind == PV_BOOL) && v->i == want;
}

/* numpy.dtype('u1', False/0, True/1) with state (3, '|', None, None, None, -1, -1[, 0]). */
static int dtype_is_u1(const pv *d)
{
    if (!d || d->kind != PV_OBJECT || !pickle_global_is(d->callable, "numpy", "dtype"))
        return 0;
    if (d->args->n != 3 || !pickle_str_is(d->args->items[0], "u1"))
        return 0;
    const pv *s = d->state;
    return s && s->kind == PV_TUPLE && s->n >= 2 && pickle_str_is(s->items[1], "|");
}

static int is_reconstruct(const pv *g)
{
    return pickle_global_is(g, "numpy.core.multiarray", "_reconstruct") ||
           pickle_global_is(g, "numpy._core.multiarray", "_reconstruct");
}

/* The ndarray: _reconstruct(ndarray, (0,), 'b') built with
 * (version, (n, 3072), dtype u1, fortran False, payload). */
static int array_payload(const pv *a, size_t n, const uint8_t **bytes, char *err, size_t errlen)
{
    if (!a || a->kind != PV_OBJECT || !is_reconstruct(a->callable) || a->args->n != 3 ||
        !pickle_global_is(a->args->items[0], "numpy", "ndarray")) {
        snprintf(err, errlen, "'data' is not a numpy array made by _reconstruct");
        return -1;
    }
    const pv *s = a->state;
    if (!s || s->kind != PV_TUPLE || s->n != 5) {
        snprintf(err, errlen, "'data' array has no 5-item state");
        return -1;
    }
    const pv *shape = s->items[1];
    if (shape->kind != PV_TUPLE || shape->n != 2 || !is_int(shape->items[0], (long long)n) ||
        !is_int(shape->items[1], CIFAR_DIM)) {
        snprintf(err, errlen, "'data' array shape is not (%zu, %d) for %zu labels", n, CIFAR_DIM,
                 n);
        return -1;
    }
    if (!dtype_is_u1(s->items[2])) {
        snprintf(err, errlen, "'data' array dtype is not uint8 ('u1')");
        return -1;
    }
    if (!is_int(s->items[3], 0)) {
        snprintf(err, errlen, "'data' array is in Fortran order");
        return -1;
    }
    const pv *raw = s->items[4];
    if (raw->kind != PV_STR || raw->len != n * CIFAR_DIM) {
        snprintf(err, errlen, "'data' payload is %zu bytes, want %zu", raw->len, n * CIFAR_DIM);
        return -1;
    }
    *bytes = raw->str;
    return 0;
}

int cifar_py_batch(const uint8_t *buf, size_t len, dataset_part *part, char *err, size_t errlen)
{
    pickle p;
    if (pickle_parse(buf, len, &p, err, errlen) < 0)
        return -1;
    int rc = -1;
    const pv *labels = pickle_dict_get(p.root, "labels");
    const uint8_t *pixels;
    uint8_t *x, *y;
    if (!p.root || p.root->kind != PV_DICT)
        snprintf(err, errlen, "pickle is not a dict");
    else if (labels_ok(labels, err, errlen) == 0 &&
             array_payload(pickle_dict_get(p.root, "data"), labels->n, &pixels, err, errlen) == 0) {
        if (grow(part, labels->n, &x, &y) < 0) {
            snprintf(err, errlen, "out of memory");
        } else {
            memcpy(x, pixels, labels->n * CIFAR_DIM);
            for (size_t i = 0; i < labels->n; i++)
                y[i] = (uint8_t)labels->items[i]->i;
            rc = 0;
        }
    }
    pickle_free(&p);
    return rc;
}

static int read_meta_py(const char *dir, dataset *ds, char *err, size_t errlen)
{
    char path[4096], why[400];
    snprintf(path, sizeof path, "%s/batches.meta", dir);
    if (!exists(path))
        return 0;
    char *text;
    size_t len;
    if (infile_read(path, META_MAX, &text, &len, err, errlen) < 0)
        return -1;
    uint8_t *buf = (uint8_t *)text;
    pickle p;
    int rc = pickle_parse(buf, len, &p, why, sizeof why);
    if (rc == 0) {
        const pv *names = pickle_dict_get(p.root, "label_names");
        if (!names || names->kind != PV_LIST || names->n != CIFAR_CLASSES) {
            snprintf(why, sizeof why, "'label_names' is not a list of %d names", CIFAR_CLASSES);
            rc = -1;
        }
        for (int c = 0; rc == 0 && c < CIFAR_CLASSES; c++) {
            const pv *s = names->items[c];
            if (s->kind != PV_STR || s->len == 0 || s->len >= DATASET_NAME_MAX) {
                snprintf(why, sizeof why, "class name %d is not a short string", c);
                rc = -1;
            } else {
                memcpy(ds->class_names[c], s->str, s->len);
                ds->class_names[c][s->len] = '\0';
            }
        }
        pickle_free(&p);
    }
    if (rc < 0)
        snprintf(err, errlen, "%s: %s", path, why);
    free(buf);
    return rc;
}

int cifar_load_py(const char *dir, dataset *ds, char *err, size_t errlen)
{
    memset(ds, 0, sizeof *ds);
    set_shape(ds, "python", dir);
    if (read_meta_py(dir, ds, err, errlen) < 0 || load_all(dir, "", PY_BATCH_MAX, cifar_py_batch, ds, err, errlen) < 0) {
        dataset_free(ds);
        return -1;
    }
    return 0;
}
