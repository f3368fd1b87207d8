/* Standard output as the commands use it: every write checked, the loss of
 * any of it reported once, and text from users (labels, titles, class names)
 * made harmless to the terminal that shows it. */
#ifndef DESCENT_OUTPUT_H
#define DESCENT_OUTPUT_H

#include <stddef.h>

/* Makes sure descriptors 0, 1 and 2 are open before anything else opens a
 * file: a closed one gets /dev/null opened the wrong way round (stdout read
 * only), so writes to it fail as they would have, and no file the program
 * opens later (a model, an SVG) can land on it and receive the output. */
void output_guard_fds(void);

/* 1 once a write to stdout has failed (EPIPE, ENOSPC, EBADF...): a long
 * output stops there instead of computing what nobody will read. */
int output_failed(void);

/* Flushes and closes stdout. Returns status, or 2 after one line on stderr
 * ("descent: COMMAND: cannot write the output: REASON", cli_fail) when any of the output was
 * lost, whatever status was. */
int output_close(int status);

/* s with every control character (C0, DEL, and C1 in UTF-8 or as a raw byte)
 * written as \xHH, so an escape sequence in a label cannot act on the
 * terminal: the copy in buf (cut to fit, never mid-escape), returned. */
const char *output_safe(const char *s, char *buf, size_t len);

#endif
