#include "theme.h"

#include <stdio.h>
#include <string.h>

/* COLOR_* numbers, spelled out so this file needs no curses. */
enum { BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE };

/* One colour per kind, in the order of theme.h's kinds: sgd, momentum,
 * nesterov, adagrad, rmsprop, adam, bfgs, reference. Okabe & Ito's (2008)
 * eight colours: orange, sky blue, blue, bluish green, reddish purple,
 * vermillion; black (here white on dark paper) for the BFGS reference
 * path and yellow for references to come. The blue is lightened so that it
 * reads on dark paper. */
#define OKABE_ITO                                                                    \
    {{0xe6, 0x9f, 0x00}, {0x56, 0xb4, 0xe9}, {0x4a, 0x7d, 0xff}, {0x00, 0x9e, 0x73}, \
     {0xcc, 0x79, 0xa7}, {0xd5, 0x5e, 0x00}, {0xf0, 0xf0, 0xf0}, {0xf0, 0xe4, 0x42}}
#define BASIC_ON_DARK {YELLOW, CYAN, BLUE, GREEN, MAGENTA, RED, WHITE, WHITE}

/* On white paper yellow and sky blue vanish, so the light theme darkens
 * every colour until it stands out against the pale map, and draws BFGS
 * black and references grey. On 8 colours yellow stands for orange, and the two references
 * share white (black on light paper): their marks tell them apart. The
 * basic yellow and cyan cannot be darkened (about 1.3:1 on white), so they
 * become the cell under black ink (basic_faint), and the map's bands keep
 * out of them. */
static const theme themes[THEME_COUNT] = {
    [THEME_DARK] = {
        .name = "dark", .note = "the map in deep colours on the terminal's own background",
        .mark = {0xff, 0xff, 0xff}, .warn = {0xff, 0x40, 0x40}, .halo = {0x12, 0x12, 0x12},
        .fill_k = 0.6, .line_k = 1.3, .dark_ramp256 = 1,
        .optim = OKABE_ITO, .rank_k = 1.5,
        .basic_paper = -1, .basic_ink = -1, .basic_mark = WHITE, .basic_warn = RED,
        .basic_optim = BASIC_ON_DARK,
        .basic_ramp = {BLUE, CYAN, GREEN, YELLOW},
    },
    [THEME_LIGHT] = {
        .name = "light", .note = "projector: dark ink on a light map, lines two dots wide",
        .thick = 1, .paper_set = 1,
        .paper = {0xff, 0xff, 0xff}, .ink = {0x00, 0x00, 0x00},
        .mark = {0x00, 0x00, 0x00}, .warn = {0xc0, 0x00, 0x00}, .halo = {0xff, 0xff, 0xff},
        .fill_k = 1.75, .line_k = 0.55,
        .optim = {{0xb8, 0x78, 0x00}, {0x1a, 0x8c, 0xc8}, {0x00, 0x3c, 0x9a}, {0x00, 0x80, 0x5c},
                  {0xb0, 0x4a, 0x86}, {0xc8, 0x32, 0x00}, {0x00, 0x00, 0x00}, {0x6a, 0x6a, 0x6a}},
        .rank_k = 0.6,
        .basic_paper = WHITE, .basic_ink = BLACK, .basic_mark = BLACK, .basic_warn = RED,
        .basic_optim = {YELLOW, CYAN, BLUE, GREEN, MAGENTA, RED, BLACK, BLACK},
        .basic_ramp = {BLUE, GREEN, MAGENTA, BLACK},
        .basic_faint = 1u << YELLOW | 1u << CYAN,
    },
    [THEME_CONTRAST] = {
        .name = "high-contrast", .note = "bright lines and paths on a black, nearly unfilled map",
        .paper_set = 1,
        .paper = {0x00, 0x00, 0x00}, .ink = {0xff, 0xff, 0xff},
        .mark = {0xff, 0xff, 0xff}, .warn = {0xff, 0x40, 0x40}, .halo = {0x00, 0x00, 0x00},
        .fill_k = 0.25, .line_k = 1.5,
        .optim = OKABE_ITO, .rank_k = 1.5,
        .basic_paper = BLACK, .basic_ink = WHITE, .basic_mark = WHITE, .basic_warn = RED,
        .basic_optim = BASIC_ON_DARK,
        .basic_ramp = {BLUE, CYAN, GREEN, YELLOW},
    },
    [THEME_MONO] = {
        .name = "monochrome", .note = "no colour at all, as with NO_COLOR: shades and marks",
        .mono = 1, .fill_k = 1, .line_k = 1,
        .optim = OKABE_ITO, .rank_k = 1,
        .basic_paper = -1, .basic_ink = -1, .basic_mark = -1, .basic_warn = -1,
        .basic_optim = {-1, -1, -1, -1, -1, -1, -1, -1},
        .basic_ramp = {-1, -1, -1, -1},
    },
};

/* Shapes that differ in outline, not only in colour: circle, square,
 * triangles up and down, cross, saltire; a ring for BFGS and a hollow
 * diamond for references. */
static const head_mark heads[THEME_KINDS] = {
    {0x25CF, 'o', "M1,0A1,1 0 1 1 -1,0A1,1 0 1 1 1,0Z", "circle"},
    {0x25A0, '#', "M-0.85,-0.85H0.85V0.85H-0.85Z", "square"},
    {0x25B2, '^', "M0,-1.1L1,0.75H-1Z", "triangle"},
    {0x25BC, 'v', "M0,1.1L1,-0.75H-1Z", "down triangle"},
    {0x271A, 'x', "M-0.35,-1H0.35V-0.35H1V0.35H0.35V1H-0.35V0.35H-1V-0.35H-0.35Z", "cross"},
    {0x2716, '@',
     "M-1,-0.5L-0.5,-1L0,-0.5L0.5,-1L1,-0.5L0.5,0L1,0.5L0.5,1L0,0.5L-0.5,1L-1,0.5L-0.5,0Z",
     "saltire"},
    {0x25CE, '%', "M1,0A1,1 0 1 1 -1,0A1,1 0 1 1 1,0ZM0.5,0A0.5,0.5 0 1 0 -0.5,0A0.5,0.5 0 1 0 0.5,0Z",
     "ring"},
    {0x25C7, '&', "M0,-1.1L1.1,0L0,1.1L-1.1,0ZM0,-0.55L-0.55,0L0,0.55L0.55,0Z", "hollow diamond"},
};

int theme_kind(int kind)
{
    if (kind >= 0 && kind < OPTIM_COUNT)
        return kind;
    return kind == OPTIM_BFGS ? THEME_KIND_BFGS : THEME_KIND_REFERENCE;
}

const theme *theme_get(theme_id id)
{
    return &themes[id >= 0 && id < THEME_COUNT ? id : THEME_DARK];
}

const theme *theme_find(const char *name)
{
    for (int i = 0; i < THEME_COUNT; i++)
        if (strcmp(themes[i].name, name) == 0)
            return &themes[i];
    return NULL;
}

int theme_parse(const char *name, theme_id *out, char *err, size_t errlen)
{
    const theme *t = theme_find(name);
    if (!t) {
        snprintf(err, errlen, "unknown theme '%s' (valid: %s)", name, theme_names_list());
        return -1;
    }
    *out = theme_id_of(t);
    return 0;
}

theme_id theme_id_of(const theme *t)
{
    return t >= themes && t < themes + THEME_COUNT ? (theme_id)(t - themes) : THEME_DARK;
}

const char *theme_names_list(void)
{
    static char buf[128];
    if (!buf[0])
        for (int i = 0; i < THEME_COUNT; i++) {
            if (i)
                strcat(buf, ", ");
            strcat(buf, themes[i].name);
        }
    return buf;
}

rgb theme_optim(const theme *t, int kind)
{
    return t->optim[theme_kind(kind)];
}

int theme_optim_basic(const theme *t, int kind)
{
    return t->basic_optim[theme_kind(kind)];
}

const head_mark *theme_head(int kind)
{
    return &heads[theme_kind(kind)];
}

int theme_racer_rank(const race *rc, int i)
{
    int rank = 0;
    for (int j = 0; j < i; j++)
        rank += rc->r[j].spec.p.kind == rc->r[i].spec.p.kind;
    return rank;
}

rgb theme_racer(const theme *t, const race *rc, int i)
{
    rgb c = theme_optim(t, rc->r[i].spec.p.kind);
    /* The second of a kind one step from the paper's contrast, the third one
     * step the other way, and so on: the kind's hue, another shade. */
    int rank = theme_racer_rank(rc, i);
    if (rank == 0 || t->rank_k == 1)
        return c;
    /* towards the paper only half as far: a shade that fades into it (an
     * olive 0.5 of orange on black) cannot be read */
    double k = rank % 2 ? t->rank_k : 1 - 0.5 * (t->rank_k - 1);
    for (int s = 2; s < rank; s += 2)
        k = 0.5 * (k + 1); /* further ones closer to the kind's own */
    return palette_shade(c, k);
}

int theme_racer_style(const race *rc, int i)
{
    int rank = theme_racer_rank(rc, i);
    return (rank + rank / 4) % 4;
}

int theme_racer_basic(const theme *t, const race *rc, int i)
{
    return theme_optim_basic(t, rc->r[i].spec.p.kind);
}

const head_mark *theme_racer_head(const race *rc, int i)
{
    return theme_head(rc->r[i].spec.p.kind);
}

rgb theme_class(const theme *t, int j)
{
    return theme_optim(t, j);
}

int theme_class_basic(const theme *t, int j)
{
    return theme_optim_basic(t, j);
}

const head_mark *theme_class_mark(int j)
{
    return theme_head(j);
}
