#include "idx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define IDX_CLASSES 10

static const char *const fashion_names[IDX_CLASSES] = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

static int read_exact(gzFile f, void *buf, size_t n)
{
    uint8_t *p = buf;
    while (n > 0) {
        unsigned chunk = n > (1u << 30) ? (1u << 30) : (unsigned)n;
        int got = gzread(f, p, chunk);
        if (got <= 0)
            return -1;
        p += got;
        n -= (size_t)got;
    }
    return 0;
}

/* Reads exactly n bytes into a buffer grown as they arrive, so a header
 * claiming gigabytes costs memory only for the bytes really there. Returns
 * the buffer, or NULL (with *oom set when memory ran out). */
static uint8_t *read_payload(gzFile f, size_t n, int *oom)
{
    size_t cap = n < (1u << 20) ? n : (1u << 20), have = 0;
    uint8_t *buf = malloc(cap);
    *oom = buf == NULL;
    while (buf && have < n) {
        if (have == cap) {
            cap = n - cap < cap ? n : 2 * cap;
            uint8_t *grown = realloc(buf, cap);
            if (!grown) {
                *oom = 1;
                break;
            }
            buf = grown;
        }
        if (read_exact(f, buf + have, cap - have) < 0)
            break;
        have = cap;
    }
    if (have < n) {
        free(buf);
        return NULL;
    }
    return buf;
}

static uint32_t be32(const uint8_t *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

int idx_read(const char *path, int ndims, uint32_t dims[3], uint8_t **data, char *err,
             size_t errlen)
{
    *data = NULL;
    gzFile f = gzopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open", path);
        return -1;
    }
    uint8_t head[16];
    size_t head_len = 4 + 4 * (size_t)ndims;
    uint32_t want = 0x0800u | (uint32_t)ndims;
    int rc = -1, oom = 0;
    if (read_exact(f, head, head_len) < 0) {
        snprintf(err, errlen, "%s: truncated IDX header", path);
    } else if (be32(head) != want) {
        snprintf(err, errlen, "%s: bad IDX magic 0x%08x (want 0x%08x: unsigned bytes, %d dims)",
                 path, be32(head), want, ndims);
    } else {
        size_t total = 1;
        for (int k = 0; k < ndims; k++) {
            dims[k] = be32(head + 4 + 4 * k);
            total *= dims[k];
        }
        if (total == 0 || total > ((size_t)1 << 32)) {
            snprintf(err, errlen, "%s: implausible IDX size", path);
        } else if (!(*data = read_payload(f, total, &oom))) {
            if (oom)
                snprintf(err, errlen, "%s: out of memory", path);
            else
                snprintf(err, errlen, "%s: truncated (want %zu data bytes)", path, total);
        } else {
            uint8_t extra;
            if (gzread(f, &extra, 1) != 0)
                snprintf(err, errlen, "%s: data after the %zu bytes its header gives", path, total);
            else
                rc = 0;
        }
    }
    if (rc < 0) {
        free(*data);
        *data = NULL;
    }
    gzclose(f);
    return rc;
}

int idx_find(const char *dir, const char *name, char *out, size_t outlen)
{
    struct stat st;
    snprintf(out, outlen, "%s/%s", dir, name);
    if (stat(out, &st) == 0 && S_ISREG(st.st_mode))
        return 0;
    snprintf(out, outlen, "%s/%s.gz", dir, name);
    if (stat(out, &st) == 0 && S_ISREG(st.st_mode))
        return 0;
    return -1;
}

int idx_is_dir(const char *dir)
{
    char path[4096];
    return idx_find(dir, "train-images-idx3-ubyte", path, sizeof path) == 0;
}

/* One images + labels pair into part; checks counts, shape and labels. */
static int load_pair(const char *dir, const char *prefix, dataset *ds, dataset_part *part,
                     char *err, size_t errlen)
{
    char ipath[4096], lpath[4096], name[64];
    snprintf(name, sizeof name, "%s-images-idx3-ubyte", prefix);
    if (idx_find(dir, name, ipath, sizeof ipath) < 0) {
        snprintf(err, errlen, "%s: no %s or %s.gz", dir, name, name);
        return -1;
    }
    snprintf(name, sizeof name, "%s-labels-idx1-ubyte", prefix);
    if (idx_find(dir, name, lpath, sizeof lpath) < 0) {
        snprintf(err, errlen, "%s: no %s or %s.gz", dir, name, name);
        return -1;
    }
    uint32_t idims[3], ldims[3];
    uint8_t *images, *labels;
    if (idx_read(ipath, 3, idims, &images, err, errlen) < 0)
        return -1;
    if (idx_read(lpath, 1, ldims, &labels, err, errlen) < 0) {
        free(images);
        return -1;
    }
    int rc = -1;
    if (ldims[0] != idims[0]) {
        snprintf(err, errlen, "%s: %u labels for %u images in %s", lpath, ldims[0], idims[0], ipath);
    } else if (ds->dim && (int)(idims[1] * idims[2]) != ds->dim) {
        snprintf(err, errlen, "%s: images are %ux%u, the training images %dx%d", ipath, idims[1],
                 idims[2], ds->width, ds->height);
    } else {
        rc = 0;
        for (uint32_t i = 0; i < ldims[0] && rc == 0; i++)
            if (labels[i] >= IDX_CLASSES) {
                snprintf(err, errlen, "%s: label %u is %d (want 0-9)", lpath, i, labels[i]);
                rc = -1;
            }
    }
    if (rc == 0) {
        ds->width = (int)idims[2];
        ds->height = (int)idims[1];
        ds->dim = ds->width * ds->height;
        part->x = images;
        part->y = labels;
        part->n = idims[0];
    } else {
        free(images);
        free(labels);
    }
    return rc;
}

int idx_load(const char *dir, dataset *ds, char *err, size_t errlen)
{
    memset(ds, 0, sizeof *ds);
    int fashion = strstr(dir, "fashion") != NULL;
    snprintf(ds->name, sizeof ds->name, fashion ? "fashion-mnist" : "mnist");
    snprintf(ds->source, sizeof ds->source, "%s (IDX files) in %s",
             fashion ? "Fashion-MNIST" : "MNIST", dir);
    ds->channels = 1;
    ds->classes = IDX_CLASSES;
    for (int c = 0; c < IDX_CLASSES; c++) {
        if (fashion)
            snprintf(ds->class_names[c], DATASET_NAME_MAX, "%s", fashion_names[c]);
        else
            snprintf(ds->class_names[c], DATASET_NAME_MAX, "%d", c);
    }
    if (load_pair(dir, "train", ds, &ds->train, err, errlen) < 0 ||
        load_pair(dir, "t10k", ds, &ds->test, err, errlen) < 0) {
        dataset_free(ds);
        return -1;
    }
    return 0;
}
