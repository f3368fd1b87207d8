/* UTF-8, as the text descent reads (scene files) and writes (messages)
 * checks it: one place that knows a well-formed character. */
#ifndef DESCENT_UTF8_H
#define DESCENT_UTF8_H

#include <stddef.h>

/* The bytes of the well-formed UTF-8 character at p (1 for ASCII, 2 to 4
 * for the rest), looking at no more than n bytes; 0 when the bytes there
 * are not one (a stray or overlong byte, a sequence cut short). A NUL ends
 * a sequence early, so n may exceed what remains of a string. */
size_t utf8_char(const unsigned char *p, size_t n);

#endif
