#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Links followed at most, as the kernel's own limit (ELOOP past it). */
enum { LINKS_MAX = 40 };

static int fail(char *err, size_t errlen, const char *path, const char *why)
{
    snprintf(err, errlen, "cannot write %s: %s", path, why);
    return -1;
}

/* The folder part of path ("." for a bare name), malloc'd. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return strdup(".");
    size_t n = slash == path ? 1 : (size_t)(slash - path);
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, path, n);
        d[n] = '\0';
    }
    return d;
}

/* A link's text resolved against the folder of the link, malloc'd. */
static char *link_target(const char *link, int *e)
{
    char buf[PATH_MAX];
    ssize_t n = readlink(link, buf, sizeof buf - 1);
    if (n < 0) {
        *e = errno;
        return NULL;
    }
    buf[n] = '\0';
    char *dir = buf[0] == '/' ? NULL : folder_of(link);
    size_t len = (dir ? strlen(dir) + 1 : 0) + (size_t)n + 1;
    char *t = malloc(len);
    if (t)
        snprintf(t, len, "%s%s%s", dir ? dir : "", dir ? "/" : "", buf);
    free(dir);
    *e = t ? 0 : ENOMEM;
    return t;
}

/* The name a new file at path would get: path itself, or at the end of its
 * chain of links when it is a link to nothing yet. malloc'd, or NULL with *e. */
static char *new_name(const char *path, int *e)
{
    char *p = strdup(path);
    struct stat st;
    for (int hops = 0; p && lstat(p, &st) == 0 && S_ISLNK(st.st_mode); hops++) {
        char *next = hops < LINKS_MAX ? link_target(p, e) : NULL;
        if (hops >= LINKS_MAX)
            *e = ELOOP;
        free(p);
        p = next;
    }
    if (!p && !*e)
        *e = ENOMEM;
    return p;
}

/* What is at path, links followed: 0 and *st, or -1 (ENOENT: nothing yet,
 * *dest then the name to create), with *e; *dest (malloc'd) is the file to
 * replace, NULL for a device or FIFO. */
static int look(const char *path, struct stat *st, char **dest, int *e)
{
    *dest = NULL;
    *e = 0;
    if (stat(path, st) == 0) {
        if (S_ISREG(st->st_mode)) {
            *dest = realpath(path, NULL);
            *e = *dest ? 0 : errno;
            return *dest ? 0 : -1;
        }
        return 0;
    }
    *e = errno;
    if (*e == ENOENT && (*dest = new_name(path, e)) != NULL)
        *e = ENOENT;
    return -1;
}

/* Why a non-regular file is refused, or NULL when it may be written. */
static const char *refused(mode_t m)
{
    if (S_ISCHR(m) || S_ISFIFO(m) || S_ISREG(m))
        return NULL;
    if (S_ISDIR(m))
        return "is a folder";
    if (S_ISBLK(m))
        return "is a block device, not a file";
    return "is not a regular file, a character device or a FIFO";
}

/* The folder a temporary goes in must exist and take new files. */
static int folder_ok(const char *dest, char *why, size_t whylen)
{
    char *dir = folder_of(dest);
    if (!dir) {
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    struct stat st;
    int rc = 0;
    if (stat(dir, &st) != 0) {
        snprintf(why, whylen, "%s (the folder %s)", strerror(errno), dir);
        rc = -1;
    } else if (!S_ISDIR(st.st_mode)) {
        snprintf(why, whylen, "%s is not a folder", dir);
        rc = -1;
    } else if (access(dir, W_OK | X_OK) != 0) {
        snprintf(why, whylen, "%s (the folder %s)", strerror(errno), dir);
        rc = -1;
    }
    free(dir);
    return rc;
}

int outfile_check(const char *path, char *err, size_t errlen)
{
    struct stat st;
    char *dest, why[PATH_MAX + 64];
    int e, there = look(path, &st, &dest, &e) == 0;
    int rc = 0;
    if (!there && e != ENOENT)
        rc = fail(err, errlen, path, strerror(e));
    else if (there && refused(st.st_mode))
        rc = fail(err, errlen, path, refused(st.st_mode));
    else if (!dest && access(path, W_OK) != 0) /* a device or FIFO */
        rc = fail(err, errlen, path, strerror(errno));
    else if (dest && folder_ok(dest, why, sizeof why) < 0)
        rc = fail(err, errlen, path, why);
    free(dest);
    return rc;
}

/* A device or FIFO, opened as it is. O_NONBLOCK first, so a FIFO without a
 * reader fails (ENXIO) instead of waiting; writes then block as usual. */
static int open_direct(outfile *o, char *err, size_t errlen)
{
    int fd = open(o->path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0)
        return fail(err, errlen, o->path,
                    errno == ENXIO ? "a FIFO that nobody is reading" : strerror(errno));
    int flags = fcntl(fd, F_GETFL);
    if (flags == -1 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == -1) {
        int e = errno;
        close(fd);
        return fail(err, errlen, o->path, strerror(e));
    }
    o->fd = fd;
    return 0;
}

/* A temporary beside dest (savefile: a name within NAME_MAX, the mode a new
 * file gets, removed if a signal ends the program before the rename). */
static int open_temporary(outfile *o, char *err, size_t errlen)
{
    char why[PATH_MAX + 64];
    if (folder_ok(o->dest, why, sizeof why) < 0)
        return fail(err, errlen, o->path, why);
    if (savefile_open(&o->tmp, o->dest, err, errlen) < 0)
        return -1;
    o->fd = o->tmp.fd;
    o->has_tmp = 1;
    return 0;
}

int outfile_open(outfile *o, const char *path, char *err, size_t errlen)
{
    memset(o, 0, sizeof *o);
    o->fd = -1;
    o->path = path;
    struct stat st;
    int e, there = look(path, &st, &o->dest, &e) == 0;
    int rc;
    if (!there && e != ENOENT)
        rc = fail(err, errlen, path, strerror(e));
    else if (there && refused(st.st_mode))
        rc = fail(err, errlen, path, refused(st.st_mode));
    else
        rc = o->dest ? open_temporary(o, err, errlen) : open_direct(o, err, errlen);
    if (rc < 0) {
        free(o->dest);
        o->dest = NULL;
    }
    return rc;
}

int outfile_write(outfile *o, const void *data, size_t len)
{
    const char *p = data;
    while (len > 0 && !o->err) {
        ssize_t w = write(o->fd, p, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            o->err = w < 0 ? errno : EIO;
            break;
        }
        p += w;
        len -= (size_t)w;
    }
    return o->err ? -1 : 0;
}

int outfile_close(outfile *o, char *err, size_t errlen)
{
    int e = o->err, rc = 0;
    if (o->has_tmp && !e)
        rc = savefile_commit(&o->tmp, o->dest, err, errlen);
    else if (o->has_tmp)
        savefile_abandon(&o->tmp);
    else if (close(o->fd) != 0 && !e)
        e = errno;
    o->fd = -1;
    o->has_tmp = 0;
    free(o->dest);
    o->dest = NULL;
    return e ? fail(err, errlen, o->path, strerror(e)) : rc;
}

void outfile_abandon(outfile *o)
{
    if (o->has_tmp)
        savefile_abandon(&o->tmp);
    else if (o->fd >= 0)
        close(o->fd);
    free(o->dest);
    o->fd = -1;
    o->has_tmp = 0;
    o->dest = NULL;
}
