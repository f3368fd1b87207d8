/* Writing a file the user named as output (--save, --svg): the one place
 * that decides what happens at that path. A regular file (or a new name) is
 * written to a temporary beside it, fsynced and renamed into place, so it is
 * either the old file or the whole new one; through a symbolic link, the
 * file the link points to is the one replaced, the link stays. A character
 * device or a FIFO (/dev/stdout, a pipe) is written directly, its write
 * errors reported ("No space left on device"); anything else (a folder, a
 * block device, a socket) is refused. Errors are "cannot write PATH: why". */
#ifndef DESCENT_OUTFILE_H
#define DESCENT_OUTFILE_H

#include <stddef.h>

#include "savefile.h"

typedef struct {
    int fd;           /* outfile_write writes here */
    int err;          /* the first write error (errno), 0 while none */
    char *dest;       /* what is written: the link's target; NULL for a device */
    savefile tmp;     /* the temporary beside dest, when has_tmp */
    int has_tmp;      /* 0: written directly (a device or FIFO) */
    const char *path; /* as given, for messages */
} outfile;

/* Whether outfile_open(path) could succeed, without touching anything: for a
 * file, its folder exists and is writable; for a device or FIFO, that it may
 * be opened for writing. For checking a target before long work (training).
 * Returns 0, or -1 with the reason in err. */
int outfile_check(const char *path, char *err, size_t errlen);

/* Opens path for writing as above. A FIFO nobody reads is refused at once,
 * not waited on. Returns 0, or -1 with err. */
int outfile_open(outfile *o, const char *path, char *err, size_t errlen);

/* Writes all of data, or records the first error for outfile_close (later
 * writes then do nothing). Returns 0 or -1. */
int outfile_write(outfile *o, const void *data, size_t len);

/* Fsyncs the temporary and renames it into place (or, written directly,
 * closes). Returns 0, or -1 with err, the temporary
 * removed and the old file untouched. */
int outfile_close(outfile *o, char *err, size_t errlen);

/* Gives up: closes, removes the temporary, leaves dest as it was. */
void outfile_abandon(outfile *o);

#endif
