#include "output.h"

#include "options.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../data/utf8.h"

/* The first write error seen, for the message: later calls may change errno. */
static int lost_errno;

void output_guard_fds(void)
{
    /* Each descriptor is opened so that using it as intended fails. */
    static const int wrong_way[3] = {O_WRONLY, O_RDONLY, O_RDONLY};
    for (int fd = 0; fd < 3; fd++) {
        if (fcntl(fd, F_GETFD) != -1 || errno != EBADF)
            continue;
        int got = open("/dev/null", wrong_way[fd]);
        if (got >= 0 && got != fd) {
            dup2(got, fd);
            close(got);
        }
    }
}

int output_failed(void)
{
    if (!ferror(stdout))
        return 0;
    if (!lost_errno)
        lost_errno = errno ? errno : EIO;
    return 1;
}

int output_close(int status)
{
    int failed = output_failed();
    if (fflush(stdout) != 0) {
        if (!lost_errno)
            lost_errno = errno;
        failed = 1;
    }
    failed = output_failed() || failed;
    if (fclose(stdout) != 0 && !failed) {
        lost_errno = errno;
        failed = 1;
    }
    if (!failed)
        return status;
    return cli_fail("cannot write the output: %s", strerror(lost_errno ? lost_errno : EIO));
}

/* How many bytes at p form one character to escape (C0, DEL, a C1 control
 * as UTF-8 C2 80..C2 9F or as a stray byte 80..9F), or 0 for none. When
 * not, *keep is the length of the character to copy as it is. */
static int control_len(const unsigned char *p, int *keep)
{
    int u = (int)utf8_char(p, 4); /* p is a string: its NUL ends a sequence */
    *keep = u ? u : 1;
    if (u == 2 && p[0] == 0xc2 && p[1] <= 0x9f)
        return 2;
    if (u <= 1 && (p[0] < 0x20 || (p[0] >= 0x7f && p[0] <= 0x9f)))
        return 1;
    return 0;
}

const char *output_safe(const char *s, char *buf, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    size_t n = 0;
    if (len == 0)
        return "";
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int keep, esc = control_len(p, &keep);
        size_t need = esc ? 4 * (size_t)esc : (size_t)keep;
        if (n + need >= len)
            break;
        if (!esc)
            memcpy(buf + n, p, (size_t)keep);
        n += esc ? 0 : (size_t)keep;
        for (int k = 0; k < esc; k++) {
            buf[n++] = '\\';
            buf[n++] = 'x';
            buf[n++] = digits[p[k] >> 4];
            buf[n++] = digits[p[k] & 15];
        }
        p += esc ? esc : keep;
    }
    buf[n] = '\0';
    return buf;
}
