/* Replacing a regular file whole (outfile.c decides when a path is one): the
 * new bytes go to a temporary file beside the target, which is renamed over
 * it once they are all on disk, so a reader sees the old file or the new one, never half of one. The temporary file
 * gets the mode any new file gets (0666 less the umask), its name stays
 * within NAME_MAX however long the target's is, and it is removed when a
 * signal that ends the program (Ctrl-C, SIGTERM, SIGHUP...) arrives while it
 * exists. One save at a time per process. */
#ifndef DESCENT_SAVEFILE_H
#define DESCENT_SAVEFILE_H

#include <stddef.h>

typedef struct {
    char *tmp; /* the temporary file's path */
    int fd;    /* open for writing */
} savefile;

/* Creates the temporary file for path. Returns 0, or -1 with "PATH: reason". */
int savefile_open(savefile *s, const char *path, char *err, size_t errlen);

/* Writes n bytes to it (retrying short writes). Returns 0, or -1 with errno set. */
int savefile_write(savefile *s, const void *buf, size_t n);

/* Flushes the bytes to disk and renames the file over path; on any failure
 * the temporary file is removed. Returns 0, or -1 with "PATH: reason". */
int savefile_commit(savefile *s, const char *path, char *err, size_t errlen);

/* Removes the temporary file without touching path. */
void savefile_abandon(savefile *s);

#endif
