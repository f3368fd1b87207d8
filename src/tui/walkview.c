/* The walkthrough presenter. One step at a time: title, formula with the
 * current term highlighted, the table with its highlighted cell, result and
 * note; `b` switches to large type for the key numbers. Tab picks an input
 * cell, typing a number and Enter sets it and everything recomputes. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "walkview.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/hparams.h"
#include "term.h"

#define MIN_COLS 60
#define MIN_LINES 20
#define ENTRY_MAX 24

typedef struct {
    walk *w;
    int cur;          /* step shown */
    int big;          /* large type */
    int utf8, color;
    attr_t hl, title, input, sel; /* the theme's colours as attributes */
    int sel_r, sel_c; /* selected input cell, -1: none */
    char entry[ENTRY_MAX];
    int nentry;
    char status[128];
} view;

/* --- large digits: 5 rows, 4 columns per glyph -------------------------- */

static const char *const glyph_chars = "0123456789.-+e";
static const char *const glyphs[][5] = {
    {"### ", "# # ", "# # ", "# # ", "### "}, /* 0 */
    {" #  ", "##  ", " #  ", " #  ", "### "}, /* 1 */
    {"### ", "  # ", "### ", "#   ", "### "}, /* 2 */
    {"### ", "  # ", "### ", "  # ", "### "}, /* 3 */
    {"# # ", "# # ", "### ", "  # ", "  # "}, /* 4 */
    {"### ", "#   ", "### ", "  # ", "### "}, /* 5 */
    {"### ", "#   ", "### ", "# # ", "### "}, /* 6 */
    {"### ", "  # ", "  # ", "  # ", "  # "}, /* 7 */
    {"### ", "# # ", "### ", "# # ", "### "}, /* 8 */
    {"### ", "# # ", "### ", "  # ", "### "}, /* 9 */
    {"  ", "  ", "  ", "  ", "# "},           /* . */
    {"    ", "    ", "### ", "    ", "    "}, /* - */
    {"    ", " #  ", "### ", " #  ", "    "}, /* + */
    {"    ", "### ", "##  ", "#   ", "### "}, /* e */
};

/* Draws text in large type at (y, x), each dot two cells wide so the digits
 * keep their shape; returns the width used. */
static int draw_big(const view *v, int y, int x, const char *text)
{
    int x0 = x;
    for (const char *p = text; *p; p++) {
        const char *k = strchr(glyph_chars, *p);
        if (!k || !*p)
            continue;
        const char *const *g = glyphs[k - glyph_chars];
        int wdt = (int)strlen(g[0]);
        if (x + 2 * wdt >= COLS)
            break;
        for (int r = 0; r < 5; r++)
            for (int c = 0; c < wdt; c++) {
                if (g[r][c] != '#')
                    continue;
                if (v->utf8)
                    mvaddstr(y + r, x + 2 * c, "\xe2\x96\x88\xe2\x96\x88"); /* full blocks */
                else
                    mvaddstr(y + r, x + 2 * c, "##");
            }
        x += 2 * wdt;
    }
    return x - x0;
}

/* --- text --------------------------------------------------------------- */

/* Draws text wrapped to width from row y, with [hs, hs + hl) in the highlight
 * attribute; a '\n' starts a new row. Returns the next free row. */
static int draw_wrapped(const view *v, int y, int x, int width, const char *text, int hs, int hl,
                        attr_t base)
{
    int n = (int)strlen(text), i = 0;
    attr_t hl_attr = v->hl;
    while (i < n && y < LINES - 2) {
        int end = i;
        while (end < n && text[end] != '\n')
            end++;
        int cut = end;
        if (end - i > width) {
            cut = i + width;
            while (cut > i && text[cut] != ' ')
                cut--;
            if (cut == i)
                cut = i + width;
        }
        move(y, x);
        for (int k = i; k < cut; k++) {
            attr_t a = base | (hl > 0 && k >= hs && k < hs + hl ? hl_attr : 0);
            attron(a);
            addch((unsigned char)text[k]);
            attroff(a);
        }
        y++;
        i = cut;
        while (i < n && (text[i] == ' ' || text[i] == '\n')) {
            if (text[i] == '\n') {
                i++;
                break;
            }
            i++;
        }
    }
    return y;
}

static int editable(const walk_step *st, int r, int c)
{
    return st->cell[r][c].field != WF_NONE;
}

static int draw_table(const view *v, const walk_step *st, int y, int x)
{
    int wd[WALK_TCOLS + 1];
    walk_table_widths(st, wd);
    attr_t hl = v->hl, sel = v->sel, in = v->input;
    int cx = x + wd[0] + 2;
    attron(A_BOLD);
    mvprintw(y, x, "%s", st->corner);
    for (int c = 0; c < st->ncols; c++) {
        mvprintw(y, cx, "%*s", wd[1 + c], st->col[c]);
        cx += wd[1 + c] + 2;
    }
    attroff(A_BOLD);
    for (int r = 0; r < st->nrows && y + 1 + r < LINES - 2; r++) {
        int row = y + 1 + r;
        attron(A_BOLD);
        mvprintw(row, x, "%s", st->row[r]);
        attroff(A_BOLD);
        cx = x + wd[0] + 2;
        for (int c = 0; c < st->ncols; c++) {
            const char *t = st->cell[r][c].text;
            int is_sel = r == v->sel_r && c == v->sel_c;
            attr_t a = is_sel ? sel
                       : r == st->hl_row && c == st->hl_col ? hl
                       : editable(st, r, c) ? in
                                            : 0;
            if (is_sel && v->nentry)
                t = v->entry;
            int tl = (int)strlen(t);
            move(row, cx + wd[1 + c] - 1 - tl);
            attron(a);
            printw(" %s ", t);
            attroff(a);
            cx += wd[1 + c] + 2;
        }
    }
    return y + 1 + st->nrows;
}

static void draw_header(const view *v)
{
    int i = walk_index(v->w);
    attron(v->title);
    mvprintw(0, 1, "descent walk %s", walk_name(i));
    attroff(v->title);
    mvprintw(0, COLS - 16, "step %d/%d", v->cur + 1, v->w->nsteps);
}

static void draw_footer(const view *v)
{
    const char *keys = v->utf8 ? "\xe2\x86\x92/space next  \xe2\x86\x90/bksp prev  Home/End  "
                                 "Tab input  b big  q quit"
                               : "->/space next  <-/bksp prev  Home/End  Tab input  b big  q quit";
    attron(A_DIM);
    mvaddnstr(LINES - 1, 1, keys, COLS - 2);
    attroff(A_DIM);
    if (v->status[0])
        mvaddnstr(LINES - 2, 1, v->status, COLS - 2);
}

static void draw_big_step(const view *v, const walk_step *st, int y)
{
    if (st->nkeys == 0) {
        draw_wrapped(v, y, 2, COLS - 4, st->result, 0, 0, A_BOLD);
        return;
    }
    for (int k = 0; k < st->nkeys && y + 6 < LINES - 1; k++) {
        attron(A_BOLD);
        mvprintw(y, 2, "%s", st->key_label[k]);
        attroff(A_BOLD);
        draw_big(v, y + 1, 4, st->key[k]);
        y += 7;
    }
}

static void draw(const view *v)
{
    erase();
    if (term_too_small(MIN_COLS, MIN_LINES)) { /* the one message every screen shows */
        refresh();
        return;
    }
    const walk_step *st = &v->w->step[v->cur];
    draw_header(v);
    attron(A_BOLD);
    mvaddnstr(2, 1, st->title, COLS - 2);
    attroff(A_BOLD);
    if (v->big) {
        draw_big_step(v, st, 4);
    } else {
        int y = draw_wrapped(v, 4, 2, COLS - 4, st->formula, st->hl_start, st->hl_len, 0);
        if (st->nrows && st->ncols)
            y = draw_table(v, st, y + 1, 2);
        if (st->result[0]) {
            char buf[WALK_RESULT_MAX + 16];
            snprintf(buf, sizeof buf, "Result: %s", st->result);
            y = draw_wrapped(v, y + 1, 2, COLS - 4, buf, 0, 0, A_BOLD);
        }
        if (st->note[0])
            draw_wrapped(v, y + 1, 2, COLS - 4, st->note, 0, 0, 0);
    }
    draw_footer(v);
    refresh();
}

/* --- input -------------------------------------------------------------- */

/* Moves the selection to the next (dir 1) or previous input cell of the step,
 * row by row; none when the step has none. */
static void select_next(view *v, int dir)
{
    const walk_step *st = &v->w->step[v->cur];
    int n = st->nrows * st->ncols;
    int at = v->sel_r < 0 ? (dir > 0 ? -1 : n) : v->sel_r * st->ncols + v->sel_c;
    for (int k = 0; k < n; k++) {
        at = (at + dir + n) % n;
        if (editable(st, at / st->ncols, at % st->ncols)) {
            v->sel_r = at / st->ncols;
            v->sel_c = at % st->ncols;
            v->nentry = 0;
            snprintf(v->status, sizeof v->status, "%s",
                     "type a number, Enter to set it, Esc to cancel");
            return;
        }
    }
    snprintf(v->status, sizeof v->status, "no inputs on this step");
}

static void clear_selection(view *v)
{
    v->sel_r = v->sel_c = -1;
    v->nentry = 0;
    v->entry[0] = '\0';
}

static void go(view *v, int step)
{
    if (step < 0)
        step = 0;
    if (step >= v->w->nsteps)
        step = v->w->nsteps - 1;
    if (step != v->cur)
        clear_selection(v), v->status[0] = '\0';
    v->cur = step;
}

static void commit(view *v)
{
    double x;
    v->entry[v->nentry] = '\0';
    if (hparams_number(v->entry, &x) < 0) {
        snprintf(v->status, sizeof v->status, "'%s' is not a number", v->entry);
    } else {
        char prev[WALK_CELL_MAX];
        snprintf(prev, sizeof prev, "%s", v->w->step[v->cur].cell[v->sel_r][v->sel_c].text);
        if (walk_edit(v->w, v->cur, v->sel_r, v->sel_c, x) == 0)
            snprintf(v->status, sizeof v->status, "%s -> %s: every step recomputed", prev,
                     v->entry);
        if (v->cur >= v->w->nsteps)
            v->cur = v->w->nsteps - 1;
    }
    v->nentry = 0;
}

/* Returns 1 to quit. */
static int on_key(view *v, int ch)
{
    int typing = v->sel_r >= 0;
    if (typing && ((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == 'e')) {
        if (v->nentry + 1 < ENTRY_MAX)
            v->entry[v->nentry++] = (char)ch, v->entry[v->nentry] = '\0';
        return 0;
    }
    switch (ch) {
    case 'q': case 'Q': return 1;
    case KEY_RIGHT: case ' ': case KEY_NPAGE: case 'n': go(v, v->cur + 1); break;
    case KEY_LEFT: case KEY_BACKSPACE: case 127: case 8: case KEY_PPAGE: case 'p':
        if (typing && v->nentry && (ch == KEY_BACKSPACE || ch == 127 || ch == 8))
            v->entry[--v->nentry] = '\0';
        else
            go(v, v->cur - 1);
        break;
    case KEY_HOME: case 'g': go(v, 0); break;
    case KEY_END: case 'G': go(v, v->w->nsteps - 1); break;
    case 'b': case 'B': v->big = !v->big; break;
    case '\t': select_next(v, 1); break;
    case KEY_BTAB: select_next(v, -1); break;
    case '\n': case '\r': case KEY_ENTER:
        if (typing && v->nentry)
            commit(v);
        break;
    case 27:
        clear_selection(v);
        v->status[0] = '\0';
        break;
    default: break;
    }
    return 0;
}

/* The presenter's colours from the theme (term.c's pairs): highlight and
 * selection on the first two optimizer colours, titles in the second,
 * inputs in adagrad's green; attributes only without colour. */
static void setup_colours(view *v, const theme *th, colour_depth depth)
{
    v->color = depth != DEPTH_NONE && !th->mono;
    v->hl = A_REVERSE;
    v->title = A_BOLD;
    v->input = 0;
    v->sel = A_BOLD | A_UNDERLINE;
    if (!v->color)
        return;
    int paper = th->paper_set ? palette_pick(th->paper, th->basic_paper, depth) : COLOR_BLACK;
    int bg_paper = th->paper_set ? paper : -1;
    int hl = palette_pick(theme_optim(th, OPTIM_SGD), theme_optim_basic(th, OPTIM_SGD), depth);
    int blue = palette_pick(theme_optim(th, OPTIM_MOMENTUM), theme_optim_basic(th, OPTIM_MOMENTUM),
                            depth);
    int green = palette_pick(theme_optim(th, OPTIM_ADAGRAD), theme_optim_basic(th, OPTIM_ADAGRAD),
                             depth);
    term_set_paper(th, depth); /* everything else on the theme's paper, in its ink */
    v->hl = COLOR_PAIR(term_pair(paper, hl)) | A_BOLD;
    v->title = COLOR_PAIR(term_pair(blue, bg_paper)) | A_BOLD;
    v->input = COLOR_PAIR(term_pair(green, bg_paper));
    v->sel = COLOR_PAIR(term_pair(paper, blue)) | A_BOLD | A_UNDERLINE;
}

int walkview_run(walk *w, const theme *th, char *err, size_t errlen)
{
    view v = {.w = w, .sel_r = -1, .sel_c = -1};
    if (w->nsteps == 0) {
        snprintf(err, errlen, "the walkthrough has no steps");
        return -1;
    }
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
        snprintf(err, errlen, "not a terminal (use --plain for text)");
        return -1;
    }
    term_caps caps;
    if (term_open(&caps, err, errlen) < 0)
        return -1;
    /* INT, TERM and HUP end the presentation: its loop ends, exit 0. */
    term_set_graceful(1);
    v.utf8 = caps.utf8;
    timeout(100); /* wake up to notice a signal */
    setup_colours(&v, th, caps.depth);
    draw(&v);
    while (!term_quit_asked()) {
        int ch = getch();
        if (ch == ERR)
            continue;
        if (ch != KEY_RESIZE && on_key(&v, ch))
            break;
        draw(&v);
    }
    term_close();
    return 0;
}
