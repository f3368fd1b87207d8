/* The terminal: ncurses set up and torn down, what it can show (colour
 * depth, UTF-8), and signal handlers that restore it on the way out. */
#ifndef DESCENT_TERM_H
#define DESCENT_TERM_H

#include <stdint.h>
#include <stdio.h>

#include "palette.h"
#include "theme.h"

typedef struct {
    colour_depth depth;
    int utf8;
    int mouse;
} term_caps;

/* Reads the locale (setlocale(LC_ALL, "") + nl_langinfo(CODESET)); returns
 * 1 when it is UTF-8. */
int term_locale_utf8(void);
/* The largest terminal a screen takes (far beyond any real one). */
#define TERM_MAX_COLS 4000
#define TERM_MAX_ROWS 2000

/* Starts curses on the terminal and installs the signal handlers: every
 * signal whose default ends the process restores the terminal first, and
 * SIGPIPE is ignored. Refuses a terminal without cursor addressing or any
 * highlight (TERM=dumb, vt52) and one larger than TERM_MAX_COLS x
 * TERM_MAX_ROWS. Returns 0 or -1 with a message in err. */
int term_open(term_caps *caps, char *err, size_t errlen);
/* With graceful on, SIGINT, SIGTERM and SIGHUP do not end the process:
 * term_quit_asked() turns 1 and the screen's loop ends (the presenter). */
void term_set_graceful(int on);
int term_quit_asked(void);
/* Starts curses on an arbitrary output (the frame bench writes to /dev/null). */
int term_open_file(term_caps *caps, const char *termname, FILE *out, FILE *in, int cols,
                   int rows);
void term_close(void);
/* Colour depth from has_colors(), COLORS and NO_COLOR. */
colour_depth term_depth(void);

/* A colour pair for (fg, bg) terminal colour numbers (-1: default),
 * allocated on first use; 0 when colours are off or pairs ran out. */
int term_pair(int fg, int bg);
/* The same with the theme's paper and ink: -1 means them (the terminal's
 * own for a theme without paper). On 8 colours a faint ink on the paper
 * (theme.h's basic_faint) becomes the cell's colour under the theme's ink.
 * 0 at DEPTH_NONE. */
int term_theme_pair(const theme *t, colour_depth d, int fg, int bg);
/* Everything drawn with pair 0 takes the theme's paper (every screen's
 * background, light theme included). */
void term_set_paper(const theme *t, colour_depth d);
/* Forgets every pair (after the palette changes). */
void term_pairs_reset(void);

/* One character (a Unicode code point) at (y, x). */
void term_put_cp(int y, int x, uint32_t cp, unsigned attr, int pair);
/* At most n columns of s (ASCII text) from (y, x), nothing past column
 * limit; nothing at all off the screen. */
void term_put_str(int y, int x, int n, int limit, const char *s, unsigned attr, int pair);

/* The one "terminal too small (need WxH, have WxH)" screen: when the
 * terminal is smaller than need_w x need_h, draws it centred (after an
 * erase) and returns 1; else draws nothing and returns 0. */
int term_too_small(int need_w, int need_h);

/* One line of a keys overlay: the key(s) and what they do. */
typedef struct {
    const char *label, *help;
} term_key_line;
/* The one keys overlay (? on every screen): the title, then the n lines
 * (label, two spaces, help), in a reverse-video box centred in the w x h
 * area at (x, y) that blanks what it covers, so nothing under it shows
 * through. As many columns as the area's rows need, each as wide as its
 * longest line; a line wider than the area is cut with an ellipsis. */
void term_help_box(int x, int y, int w, int h, const char *title, const term_key_line *lines,
                   int n);

#endif
