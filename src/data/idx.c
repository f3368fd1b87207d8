#include "idx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "infile.h"

#define IDX_CLASSES 10

static const char *const fashion_names[IDX_CLASSES] = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"};

/* Sane limits, checked against the header before anything is inflated: the
 * largest IDX sets (EMNIST) hold under a million 28x28 images. */
#define IDX_ITEMS_MAX 4000000u
#define IDX_SIDE_MAX 1024u
#define IDX_BYTES_MAX ((size_t)1000000000)
/* A gzip member can exceed its data by a little (stored blocks, header). */
#define IDX_FILE_MAX (16 + IDX_BYTES_MAX + IDX_BYTES_MAX / 64 + 4096)

/* An open IDX file and what its header says. */
typedef struct {
    const char *path;
    gzFile f;
    int ndims;
    uint32_t dims[3];
    size_t total;     /* payload bytes the header promises */
    size_t file_size; /* on disk, compressed or not */
} idx_file;

/* The reason a read stopped: zlib's (a bad CRC, a length check, a cut
 * stream) when it has one, else what plainly was not there. */
static void read_failed(const idx_file *x, const char *missing, char *err, size_t errlen)
{
    int code = Z_OK;
    const char *why = gzerror(x->f, &code), *own = strstr(why, ">: ");
    why = own ? own + 3 : why; /* zlib names the file "<fd:4>" */
    if (code == Z_BUF_ERROR)
        snprintf(err, errlen, "%s: the gzip stream is cut short (truncated .gz)", x->path);
    else if (code != Z_OK)
        snprintf(err, errlen, "%s: damaged gzip data (%s)", x->path, why);
    else
        snprintf(err, errlen, "%s: %s", x->path, missing);
}

/* Reads exactly n bytes; 0, or -1 when they are not all there. */
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

static uint32_t be32(const uint8_t *b)
{
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

static const char *dims_kind(int ndims)
{
    return ndims == 1 ? "labels" : ndims == 3 ? "images" : "data";
}

static int check_magic(const idx_file *x, uint32_t magic, char *err, size_t errlen)
{
    uint32_t want = 0x0800u | (uint32_t)x->ndims;
    if (magic == want)
        return 0;
    if ((magic & 0xffffff00u) == 0x0800u && (magic & 0xffu) >= 1 && (magic & 0xffu) <= 3)
        snprintf(err, errlen, "%s: holds %s (IDX magic 0x%08x), want %s (0x%08x)", x->path,
                 dims_kind((int)(magic & 0xffu)), magic, dims_kind(x->ndims), want);
    else
        snprintf(err, errlen,
                 "%s: bad IDX magic 0x%08x (want 0x%08x: unsigned bytes, %d dims)", x->path,
                 magic, want, x->ndims);
    return -1;
}

/* The sizes against the limits, and an uncompressed file's size against them. */
static int check_dims(idx_file *x, char *err, size_t errlen)
{
    x->total = 1;
    for (int k = 0; k < x->ndims; k++) {
        uint32_t lim = k == 0 ? IDX_ITEMS_MAX : IDX_SIDE_MAX;
        if (x->dims[k] == 0 || x->dims[k] > lim) {
            snprintf(err, errlen, "%s: implausible IDX header: dimension %d is %u (1 to %u)",
                     x->path, k + 1, x->dims[k], lim);
            return -1;
        }
        x->total *= x->dims[k];
    }
    if (x->total > IDX_BYTES_MAX) {
        char have[32], lim[32];
        infile_format_size(x->total, have, sizeof have);
        infile_format_size(IDX_BYTES_MAX, lim, sizeof lim);
        snprintf(err, errlen, "%s: implausible IDX header: %s of data (at most %s)", x->path,
                 have, lim);
        return -1;
    }
    size_t head = 4 + 4 * (size_t)x->ndims;
    if (gzdirect(x->f) && x->file_size != head + x->total) {
        snprintf(err, errlen, "%s: size %zu bytes, its header implies %zu", x->path,
                 x->file_size, head + x->total);
        return -1;
    }
    return 0;
}

static void idx_close(idx_file *x)
{
    if (x->f)
        gzclose(x->f);
    x->f = NULL;
}

/* Reads and checks the header of the open file. */
static int read_header(idx_file *x, char *err, size_t errlen)
{
    uint8_t head[16];
    if (read_exact(x->f, head, 4) < 0) {
        read_failed(x, "truncated IDX header", err, errlen);
        return -1;
    }
    if (check_magic(x, be32(head), err, errlen) < 0)
        return -1;
    if (read_exact(x->f, head + 4, 4 * (size_t)x->ndims) < 0) {
        read_failed(x, "truncated IDX header", err, errlen);
        return -1;
    }
    for (int k = 0; k < x->ndims; k++)
        x->dims[k] = be32(head + 4 + 4 * k);
    return check_dims(x, err, errlen);
}

/* Opens path (a regular file, bounded) and reads and checks its header;
 * on failure nothing is left open. */
static int idx_open(idx_file *x, const char *path, int ndims, char *err, size_t errlen)
{
    memset(x, 0, sizeof *x);
    x->path = path;
    x->ndims = ndims;
    int fd = infile_open_fd(path, IDX_FILE_MAX, &x->file_size, err, errlen);
    if (fd < 0)
        return -1;
    x->f = gzdopen(fd, "rb");
    if (!x->f) {
        close(fd);
        snprintf(err, errlen, "%s: out of memory", path);
        return -1;
    }
    if (read_header(x, err, errlen) < 0) {
        idx_close(x);
        return -1;
    }
    return 0;
}

/* Reads exactly the promised payload into a buffer grown as it arrives (a
 * lying .gz costs only what it really holds), then makes sure nothing
 * follows and the gzip trailer checked out. */
static int idx_payload(idx_file *x, uint8_t **data, char *err, size_t errlen)
{
    size_t n = x->total, cap = n < (1u << 20) ? n : (1u << 20), have = 0;
    uint8_t *buf = malloc(cap);
    while (buf && have < n) {
        if (have == cap) {
            cap = n - cap < cap ? n : 2 * cap;
            uint8_t *grown = realloc(buf, cap);
            if (!grown) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = grown;
        }
        if (read_exact(x->f, buf + have, cap - have) < 0)
            break;
        have = cap;
    }
    char missing[80];
    snprintf(missing, sizeof missing, "truncated (want %zu data bytes)", n);
    if (!buf) {
        snprintf(err, errlen, "%s: out of memory", x->path);
        return -1;
    }
    if (have < n) {
        read_failed(x, missing, err, errlen);
        free(buf);
        return -1;
    }
    uint8_t extra;
    int more = gzread(x->f, &extra, 1), code = Z_OK;
    gzerror(x->f, &code);
    if (more > 0)
        snprintf(err, errlen, "%s: data after the %zu bytes its header gives", x->path, n);
    else if (code != Z_OK)
        read_failed(x, missing, err, errlen);
    if (more > 0 || code != Z_OK) {
        free(buf);
        return -1;
    }
    *data = buf;
    return 0;
}

int idx_read(const char *path, int ndims, uint32_t dims[3], uint8_t **data, char *err,
             size_t errlen)
{
    *data = NULL;
    idx_file x;
    int rc = idx_open(&x, path, ndims, err, errlen);
    if (rc == 0)
        rc = idx_payload(&x, data, err, errlen);
    if (rc == 0)
        memcpy(dims, x.dims, sizeof x.dims);
    idx_close(&x);
    return rc;
}

int idx_find(const char *dir, const char *name, char *out, size_t outlen)
{
    /* anything there, even a FIFO or a dangling link: the reader says why
     * it cannot be read */
    struct stat st;
    snprintf(out, outlen, "%s/%s", dir, name);
    if (lstat(out, &st) == 0)
        return 0;
    snprintf(out, outlen, "%s/%s.gz", dir, name);
    if (lstat(out, &st) == 0)
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
    idx_file im, lb;
    uint8_t *images = NULL, *labels = NULL;
    int rc = idx_open(&im, ipath, 3, err, errlen);
    if (rc == 0 && (rc = idx_open(&lb, lpath, 1, err, errlen)) < 0)
        idx_close(&im);
    if (rc < 0)
        return -1;
    /* the two headers against each other before either payload is read */
    const uint32_t *idims = im.dims, *ldims = lb.dims;
    rc = -1;
    if (ldims[0] != idims[0])
        snprintf(err, errlen, "%s: %u labels for %u images in %s", lpath, ldims[0], idims[0],
                 ipath);
    else if (ds->dim && (int)(idims[1] * idims[2]) != ds->dim)
        snprintf(err, errlen, "%s: images are %ux%u, the training images %dx%d", ipath, idims[1],
                 idims[2], ds->width, ds->height);
    else if (idx_payload(&lb, &labels, err, errlen) == 0 &&
             idx_payload(&im, &images, err, errlen) == 0)
        rc = 0;
    for (uint32_t i = 0; rc == 0 && i < ldims[0]; i++)
        if (labels[i] >= IDX_CLASSES) {
            snprintf(err, errlen, "%s: label %u is %d (want 0-9)", lpath, i, labels[i]);
            rc = -1;
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
    idx_close(&im);
    idx_close(&lb);
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
