/* Opening a file the user named as input. Every reader goes through here, so
 * a FIFO, a device, a folder or /dev/stdin where a file is expected is
 * refused before a byte is read (never a hang), and no file is read past the
 * size its format allows. Errors are "PATH: reason" in err. */
#ifndef DESCENT_INFILE_H
#define DESCENT_INFILE_H

#include <stddef.h>
#include <stdio.h>

/* Opens path for reading when it is a regular file of at most max bytes;
 * *size (may be NULL) receives its size. Returns the stream, or NULL with a
 * message in err. The stream is an ordinary blocking FILE. */
FILE *infile_open(const char *path, size_t max, size_t *size, char *err, size_t errlen);

/* Opens as infile_open and returns the file descriptor (for gzdopen), or -1. */
int infile_open_fd(const char *path, size_t max, size_t *size, char *err, size_t errlen);

/* Reads a whole regular file of at most max bytes into *buf (NUL-terminated,
 * so text readers may use it; *len excludes the NUL). A file that grows past
 * max while being read is refused too. Returns 0, or -1 with a message. */
int infile_read(const char *path, size_t max, char **buf, size_t *len, char *err, size_t errlen);

/* "1.5 MB", "9 GB": a byte count for messages. */
void infile_format_size(size_t bytes, char *out, size_t outlen);

#endif
