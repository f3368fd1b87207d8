#include "theme.h"

#include <string.h>

/* COLOR_* numbers, spelled out so this file needs no curses. */
enum { BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE };

#define OKABE_ITO                                                                    \
    {{0xe6, 0x9f, 0x00}, {0x56, 0xb4, 0xe9}, {0x00, 0x9e, 0x73}, {0xf0, 0xe4, 0x42}, \
     {0xcc, 0x79, 0xa7}, {0xd5, 0x5e, 0x00}}

/* Okabe & Ito (2008) in the order orange, sky blue, bluish green, yellow,
 * reddish purple, vermillion. On white paper yellow and sky blue vanish, so
 * the light theme takes the set's black and blue in their place and darkens
 * the rest until each stands out against the pale map. On 8 colours yellow
 * stands for both orange and yellow, so the fourth gets white (dark paper)
 * or black (light paper). */
static const theme themes[THEME_COUNT] = {
    [THEME_DARK] = {
        .name = "dark", .note = "the map in deep colours on the terminal's own background",
        .mark = {0xff, 0xff, 0xff}, .warn = {0xff, 0x40, 0x40}, .halo = {0x12, 0x12, 0x12},
        .fill_k = 0.6, .line_k = 1.3, .dark_ramp256 = 1,
        .optim = OKABE_ITO,
        .basic_paper = -1, .basic_ink = -1, .basic_mark = WHITE, .basic_warn = RED,
        .basic_optim = {YELLOW, CYAN, GREEN, WHITE, MAGENTA, RED},
        .basic_ramp = {BLUE, CYAN, GREEN, YELLOW},
    },
    [THEME_LIGHT] = {
        .name = "light", .note = "projector: dark ink on a light map, lines two dots wide",
        .thick = 1, .paper_set = 1,
        .paper = {0xff, 0xff, 0xff}, .ink = {0x00, 0x00, 0x00},
        .mark = {0x00, 0x00, 0x00}, .warn = {0xc0, 0x00, 0x00}, .halo = {0xff, 0xff, 0xff},
        .fill_k = 1.75, .line_k = 0.55,
        .optim = {{0xb8, 0x78, 0x00}, {0x00, 0x72, 0xb2}, {0x00, 0x80, 0x5c},
                  {0x00, 0x00, 0x00}, {0xb0, 0x4a, 0x86}, {0xc8, 0x32, 0x00}},
        .basic_paper = WHITE, .basic_ink = BLACK, .basic_mark = BLACK, .basic_warn = RED,
        .basic_optim = {YELLOW, BLUE, GREEN, BLACK, MAGENTA, RED},
        .basic_ramp = {BLUE, CYAN, GREEN, BLACK},
    },
    [THEME_CONTRAST] = {
        .name = "high-contrast", .note = "bright lines and paths on a black, nearly unfilled map",
        .paper_set = 1,
        .paper = {0x00, 0x00, 0x00}, .ink = {0xff, 0xff, 0xff},
        .mark = {0xff, 0xff, 0xff}, .warn = {0xff, 0x40, 0x40}, .halo = {0x00, 0x00, 0x00},
        .fill_k = 0.25, .line_k = 1.5,
        .optim = OKABE_ITO,
        .basic_paper = BLACK, .basic_ink = WHITE, .basic_mark = WHITE, .basic_warn = RED,
        .basic_optim = {YELLOW, CYAN, GREEN, WHITE, MAGENTA, RED},
        .basic_ramp = {BLUE, CYAN, GREEN, YELLOW},
    },
    [THEME_MONO] = {
        .name = "monochrome", .note = "no colour at all, as with NO_COLOR: shades and marks",
        .mono = 1, .fill_k = 1, .line_k = 1,
        .optim = OKABE_ITO,
        .basic_paper = -1, .basic_ink = -1, .basic_mark = -1, .basic_warn = -1,
        .basic_optim = {-1, -1, -1, -1, -1, -1},
        .basic_ramp = {-1, -1, -1, -1},
    },
};

/* Shapes that differ in outline, not only in colour: circle, square,
 * triangles up and down, cross, saltire. */
static const head_mark heads[THEME_OPTIM] = {
    {0x25CF, 'o', "M1,0A1,1 0 1 1 -1,0A1,1 0 1 1 1,0Z", "circle"},
    {0x25A0, '#', "M-0.85,-0.85H0.85V0.85H-0.85Z", "square"},
    {0x25B2, '^', "M0,-1.1L1,0.75H-1Z", "triangle"},
    {0x25BC, 'v', "M0,1.1L1,-0.75H-1Z", "down triangle"},
    {0x271A, 'x', "M-0.35,-1H0.35V-0.35H1V0.35H0.35V1H-0.35V0.35H-1V-0.35H-0.35Z", "cross"},
    {0x2716, '@',
     "M-1,-0.5L-0.5,-1L0,-0.5L0.5,-1L1,-0.5L0.5,0L1,0.5L0.5,1L0,0.5L-0.5,1L-1,0.5L-0.5,0Z",
     "saltire"},
};

static int wrap(int i)
{
    return ((i % THEME_OPTIM) + THEME_OPTIM) % THEME_OPTIM;
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

rgb theme_optim(const theme *t, int i)
{
    return t->optim[wrap(i)];
}

int theme_optim_basic(const theme *t, int i)
{
    return t->basic_optim[wrap(i)];
}

const head_mark *theme_head(int i)
{
    return &heads[wrap(i)];
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
