#include "infile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void infile_format_size(size_t bytes, char *out, size_t outlen)
{
    static const char *const unit[] = {"bytes", "KB", "MB", "GB", "TB"};
    double v = (double)bytes;
    int u = 0;
    while (v >= 1000 && u < 4) {
        v /= 1000;
        u++;
    }
    if (u == 0)
        snprintf(out, outlen, "%zu bytes", bytes);
    else
        snprintf(out, outlen, "%.3g %s", v, unit[u]);
}

static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m))
        return "a folder";
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "a device";
    if (S_ISSOCK(m))
        return "a socket";
    return NULL;
}

int infile_open_fd(const char *path, size_t max, size_t *size, char *err, size_t errlen)
{
    /* O_NONBLOCK so that opening a FIFO without a writer returns at once;
     * it is cleared again once the file is known to be regular. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        const char *k = kind_of(st.st_mode);
        if (k)
            snprintf(err, errlen, "%s: is %s, not a regular file", path, k);
        else
            snprintf(err, errlen, "%s: not a regular file", path);
        close(fd);
        return -1;
    }
    if ((unsigned long long)st.st_size > (unsigned long long)max) {
        char have[32], lim[32];
        infile_format_size((size_t)st.st_size, have, sizeof have);
        infile_format_size(max, lim, sizeof lim);
        snprintf(err, errlen, "%s: too large (%s; at most %s)", path, have, lim);
        close(fd);
        return -1;
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (size)
        *size = (size_t)st.st_size;
    return fd;
}

FILE *infile_open(const char *path, size_t max, size_t *size, char *err, size_t errlen)
{
    int fd = infile_open_fd(path, max, size, err, errlen);
    if (fd < 0)
        return NULL;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        close(fd);
    }
    return f;
}

int infile_read(const char *path, size_t max, char **buf, size_t *len, char *err, size_t errlen)
{
    *buf = NULL;
    *len = 0;
    size_t size;
    FILE *f = infile_open(path, max, &size, err, errlen);
    if (!f)
        return -1;
    /* One byte more than the file's size: a file that grew shows as such. */
    char *b = malloc(size + 2);
    size_t n = b ? fread(b, 1, size + 1, f) : 0;
    int bad = ferror(f);
    fclose(f);
    if (!b || bad || n > size) {
        snprintf(err, errlen, "%s: %s", path,
                 !b ? "out of memory" : bad ? "read error" : "changed while being read");
        free(b);
        return -1;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return 0;
}
