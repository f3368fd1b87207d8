/* The paint helpers, over term.c's pairs and text. */
#include "paint.h"

#include "term.h"

int paint_colour(const paint *p, rgb c, int basic)
{
    return palette_pick(c, basic, p->depth);
}

int paint_optim(const paint *p, int kind)
{
    return paint_colour(p, theme_optim(p->th, kind), theme_optim_basic(p->th, kind));
}

int paint_pair(paint *p, int fg, int bg)
{
    if (p->depth == DEPTH_NONE)
        return 0;
    int pr = term_theme_pair(p->th, p->depth, fg, bg);
    /* 0 for a real colour means term.c's table is full: the screen says so */
    if (pr == 0 && (fg >= 0 || bg >= 0 || p->th->paper_set))
        p->pairs_full = 1;
    return pr;
}

uint32_t paint_glyph(const paint *p, uint32_t utf, uint32_t ascii)
{
    return p->utf8 ? utf : ascii;
}

void paint_str(const paint *p, int y, int x, int n, const char *s, unsigned attr, int pair)
{
    term_put_str(y, x, n, p->right, s, attr, pair);
}

void paint_cp(const paint *p, int y, int x, uint32_t cp, unsigned attr, int pair)
{
    if (x < p->right)
        term_put_cp(y, x, cp, attr, pair);
}
