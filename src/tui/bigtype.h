/* Large type for the lecture hall: printable ASCII in a 3x5 dot font, each
 * dot pw columns wide and ph half-rows tall (half-rows are drawn with the
 * half blocks, so odd ph needs UTF-8; in ASCII a dot is '#'). A glyph takes
 * 4 * pw columns and 3 * ph rows, its gap included. */
#ifndef DESCENT_BIGTYPE_H
#define DESCENT_BIGTYPE_H

typedef struct {
    int pw, ph;
} bigtype_scale;

/* The scales a presenter tries, largest first; returns how many (at most
 * max) are drawable with or without UTF-8. */
int bigtype_scales(bigtype_scale *out, int max, int utf8);
static inline int bigtype_cols(bigtype_scale s) { return 4 * s.pw; }
static inline int bigtype_rows(bigtype_scale s) { return 3 * s.ph; }
/* Draws character ch (other than printable ASCII: '?') at (y, x) in the
 * current attributes: its dots, and its blanks as blank (a string, for a
 * highlight without colour) or left alone (NULL). */
void bigtype_put(int y, int x, char ch, bigtype_scale s, int utf8, const char *blank);

#endif
