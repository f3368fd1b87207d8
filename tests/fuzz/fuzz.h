/* Helpers shared by the libFuzzer harnesses (tests/fuzz/fuzz_*.c), which are
 * also compiled into tests/unit/test_fuzzregress.c to replay the corpus and
 * every crash found in `make check`. */
#ifndef DESCENT_FUZZ_H
#define DESCENT_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* The input as a NUL-terminated string (malloc'd; aborts without memory). */
static inline char *fuzz_text(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* A path whose file holds exactly the input: a memory-backed file reused
 * between runs, for readers that only take a path. */
static inline const char *fuzz_path(const uint8_t *data, size_t size)
{
    static int fd = -1;
    static char path[64];
    if (fd < 0) {
        fd = (int)syscall(SYS_memfd_create, "descent-fuzz", 0);
        if (fd < 0)
            abort();
        snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    }
    if (ftruncate(fd, 0) != 0 || pwrite(fd, data, size, 0) != (ssize_t)size)
        abort();
    return path;
}

#endif
