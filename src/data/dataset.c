#include "dataset.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cifar.h"
#include "idx.h"
#include "infile.h"
#include "synth.h"

#define FASHION_DIR "/usr/share/datasets/fashion-mnist"

int dataset_part_alloc(dataset_part *p, size_t n, int dim)
{
    p->n = n;
    p->x = malloc(n * (size_t)dim + 1);
    p->y = malloc(n + 1);
    if (!p->x || !p->y) {
        dataset_part_free(p);
        return -1;
    }
    return 0;
}

void dataset_part_free(dataset_part *p)
{
    free(p->x);
    free(p->y);
    p->x = p->y = NULL;
    p->n = 0;
}

void dataset_free(dataset *ds)
{
    dataset_part_free(&ds->train);
    dataset_part_free(&ds->test);
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* 0 when path is a folder; else -1 with the true reason (no such file, a
 * symlink loop, a FIFO...) in err, "NAME: reason" with NAME as the user gave it. */
static int check_folder(const char *name, const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(err, errlen, "%s: %s", name, strerror(errno));
        return -1;
    }
    if (!S_ISDIR(st.st_mode)) {
        const char *kind = infile_kind(st.st_mode);
        snprintf(err, errlen, "%s: is %s, not a folder", name, kind ? kind : "not a folder");
        return -1;
    }
    return 0;
}

/* Loads whatever layout dir holds; 1 when it holds none (nothing reported). */
static int load_dir(const char *dir, dataset *ds, char *err, size_t errlen)
{
    if (cifar_is_bin(dir))
        return cifar_load_bin(dir, ds, err, errlen);
    if (cifar_is_py(dir))
        return cifar_load_py(dir, ds, err, errlen);
    if (idx_is_dir(dir))
        return idx_load(dir, ds, err, errlen);
    return 1;
}

/* A folder given by the user or $DESCENT_DATA: the files themselves, or the
 * official folders' names inside it. */
static int load_tree(const char *dir, dataset *ds, char *err, size_t errlen)
{
    static const char *const subdirs[] = {"cifar-10-batches-bin", "cifar-10-batches-py",
                                          "fashion-mnist"};
    int rc = load_dir(dir, ds, err, errlen);
    for (size_t k = 0; rc == 1 && k < sizeof subdirs / sizeof subdirs[0]; k++) {
        char sub[4096];
        snprintf(sub, sizeof sub, "%s/%s", dir, subdirs[k]);
        if (is_dir(sub))
            rc = load_dir(sub, ds, err, errlen);
    }
    return rc;
}

static void add_place(char *list, size_t len, const char *place)
{
    size_t used = strlen(list);
    snprintf(list + used, len - used, "%s%s", used ? ", " : "", place);
}

/* CIFAR-10 in its usual places; 1 when it is in none of them. */
static int find_cifar(dataset *ds, char *searched, size_t slen, char *err, size_t errlen)
{
    char place[4096];
    const char *env = getenv("DESCENT_DATA");
    int rc = 1;
    if (env && *env) {
        snprintf(place, sizeof place, "$DESCENT_DATA=%s", env);
        add_place(searched, slen, place);
        if (check_folder(place, env, err, errlen) < 0)
            return -1;
        rc = load_tree(env, ds, err, errlen);
    }
    const char *local[] = {"./data/cifar-10-batches-bin", "./data/cifar-10-batches-py"};
    for (int k = 0; rc == 1 && k < 2; k++) {
        add_place(searched, slen, local[k]);
        if (is_dir(local[k]))
            rc = load_dir(local[k], ds, err, errlen);
    }
    const char *home = getenv("HOME");
    if (rc == 1 && home && *home) {
        snprintf(place, sizeof place, "%s/.cache/descent", home);
        add_place(searched, slen, place);
        if (is_dir(place))
            rc = load_tree(place, ds, err, errlen);
    }
    /* $DESCENT_DATA may hold Fashion-MNIST: that is not CIFAR-10 but was asked for. */
    return rc;
}

static int open_kind(const char *kind, unsigned long seed, dataset *ds, char *err, size_t errlen)
{
    char searched[sizeof ds->searched] = "";
    if (strcmp(kind, "synthetic") == 0)
        return synth_make(seed, SYNTH_TRAIN, SYNTH_TEST, ds, err, errlen);
    if (strcmp(kind, "fashion-mnist") == 0 || strcmp(kind, "mnist") == 0) {
        if (!idx_is_dir(FASHION_DIR)) {
            snprintf(err, errlen, "no Fashion-MNIST in %s (Debian package dataset-fashion-mnist)",
                     FASHION_DIR);
            return -1;
        }
        return idx_load(FASHION_DIR, ds, err, errlen);
    }
    if (strcmp(kind, "cifar10") != 0) {
        snprintf(err, errlen, "unknown dataset '%s' (valid: cifar10, fashion-mnist, synthetic)",
                 kind);
        return -1;
    }
    int rc = find_cifar(ds, searched, sizeof searched, err, errlen);
    if (rc == 1) {
        snprintf(err, errlen, "CIFAR-10 not found; looked in %s (make cifar10 downloads it)",
                 searched);
        return -1;
    }
    return rc;
}

static int open_search(unsigned long seed, dataset *ds, char *err, size_t errlen)
{
    char searched[sizeof ds->searched] = "";
    int rc = find_cifar(ds, searched, sizeof searched, err, errlen);
    if (rc < 0)
        return -1;
    if (rc == 1 && idx_is_dir(FASHION_DIR))
        rc = idx_load(FASHION_DIR, ds, err, errlen);
    if (rc == 1)
        rc = synth_make(seed, SYNTH_TRAIN, SYNTH_TEST, ds, err, errlen);
    if (rc == 0 && strcmp(ds->name, "cifar10") != 0)
        snprintf(ds->searched, sizeof ds->searched, "%s", searched);
    return rc;
}

int dataset_open(const char *dir, const char *kind, unsigned long seed, dataset *ds, char *err,
                 size_t errlen)
{
    memset(ds, 0, sizeof *ds);
    if (dir) {
        if (check_folder(dir, dir, err, errlen) < 0)
            return -1;
        int rc = load_tree(dir, ds, err, errlen);
        if (rc == 1)
            snprintf(err, errlen,
                     "%s: no CIFAR-10 (data_batch_1.bin or data_batch_1) or IDX "
                     "(train-images-idx3-ubyte[.gz]) files here",
                     dir);
        return rc == 0 ? 0 : -1;
    }
    if (kind)
        return open_kind(kind, seed, ds, err, errlen);
    return open_search(seed, ds, err, errlen);
}

static size_t min_size(size_t a, size_t b)
{
    return a < b ? a : b;
}

dataset_splits dataset_split(const dataset *ds, size_t n_train, size_t n_val, size_t n_test)
{
    dataset_splits s;
    size_t total = ds->train.n, dim = (size_t)ds->dim;
    size_t val = min_size(n_val, total);
    size_t train = min_size(n_train, total - val);
    s.train = (dataset_part){ds->train.x, ds->train.y, train};
    s.val = (dataset_part){ds->train.x + (total - val) * dim, ds->train.y + (total - val), val};
    s.test = (dataset_part){ds->test.x, ds->test.y, min_size(n_test, ds->test.n)};
    return s;
}
