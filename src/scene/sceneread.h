/* The one reader of the scene file format (docs/scene-format.md): lines,
 * comments, [section] headers and key = value pairs, with located errors.
 * What the sections and keys mean is up to its clients, each with its own
 * key table: the scene (scene.c) and the walkthroughs (walk/walkscene.c),
 * which read the same file and skip each other's sections. */
#ifndef DESCENT_SCENEREAD_H
#define DESCENT_SCENEREAD_H

#include <stddef.h>

/* A line is at most this many bytes (every byte counts, the line end not). */
#define SCENEREAD_LINE_MAX 4096
/* A file is at most this many bytes. */
#define SCENEREAD_FILE_MAX (1 << 20)

/* The reader's state, as a client sees it during a callback. */
typedef struct {
    const char *path;
    long lineno;
    const char *text; /* the current line as read, without its line end */
    char *cut;        /* a copy of it that the reader cut at '=' and ']' */
    char *err;
    size_t errlen;
    void *client;     /* the client's own state */
} sceneread;

typedef struct {
    /* "[name]" or "[name arg]": name and arg ("" when none) point into r->cut. */
    int (*section)(sceneread *r, char *name, char *arg);
    /* "key = value", both trimmed and not empty, pointing into r->cut. */
    int (*key)(sceneread *r, char *key, char *value);
} sceneread_client;

/* Reads path (a regular file of at most SCENEREAD_FILE_MAX bytes, through
 * infile_read) and hands each header and key to the client, in order. A
 * UTF-8 byte-order mark at the start is skipped; CRLF line ends are accepted;
 * lines whose first non-blank is '#' or ';' are comments (no trailing
 * comments: a value runs to the end of its line); a NUL byte, an overlong
 * line or a line that is neither a header nor key = value is an error at its
 * line and column. Returns 0, or -1 with the located message in err (a
 * client's callback returning -1 stops the reading with its message). */
int sceneread_file(const char *path, const sceneread_client *c, void *client, char *err,
                   size_t errlen);
/* The same over text of len bytes (may hold NUL bytes), named path in messages. */
int sceneread_text(const char *text, size_t len, const char *path, const sceneread_client *c,
                   void *client, char *err, size_t errlen);

/* Writes "PATH:LINE:COL: message", then the line and a caret under the
 * column (at is a byte offset into text; the column counts characters), to
 * r->err; with text NULL just "PATH:LINE: message" (LINE 0: "PATH: message").
 * Returns -1. */
int sceneread_fail(const sceneread *r, long lineno, const char *text, size_t at, const char *fmt,
                   ...) __attribute__((format(printf, 5, 6)));
/* sceneread_fail at the current line, at a pointer into r->cut or r->text. */
int sceneread_fail_here(const sceneread *r, const char *at, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The byte offset of p (into r->cut or r->text) in the line. */
size_t sceneread_offset(const sceneread *r, const char *p);

/* s without the blanks around it (cut in place). */
char *sceneread_trim(char *s);

#endif
