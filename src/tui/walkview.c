/* The walkthrough presenter. One step at a time: title, formula with the
 * current term highlighted, the table with its highlighted cell, result and
 * note; `b` switches to large type: the formula, result and table scaled to
 * fit (normal type, saying so, when even the smallest does not). Tab picks an input
 * cell, typing a number and Enter sets it and everything recomputes. */
#define _XOPEN_SOURCE_EXTENDED 1
#include "walkview.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/hparams.h"
#include "bigtype.h"
#include "paint.h"
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
    attr_t big_hl, big_sel;       /* the same for large type: on the dots, not behind */
    int sel_r, sel_c; /* selected input cell, -1: none */
    char entry[ENTRY_MAX];
    int nentry;
    char status[128];
} view;

/* --- lines of text with a role per character --------------------------- */

/* What a character is, drawn in normal type or large type in the role's
 * attribute for that type. */
typedef enum { R_PLAIN, R_BOLD, R_HL, R_SEL, R_INPUT } role;

#define TEXT_WIDTH 240 /* characters in one line of a table or of large type */
#define TEXT_LINES 48

typedef struct {
    char t[TEXT_WIDTH];
    unsigned char r[TEXT_WIDTH];
    int n;
} line;

typedef struct {
    line l[TEXT_LINES];
    int n, width; /* lines, the longest line */
} lines;

/* A new blank line of n characters, or NULL when there is no room. */
static line *lines_add(lines *ls, int n)
{
    if (ls->n >= TEXT_LINES || n > TEXT_WIDTH)
        return NULL;
    line *l = &ls->l[ls->n++];
    memset(l->t, ' ', (size_t)n);
    memset(l->r, R_PLAIN, (size_t)n);
    l->n = n;
    if (n > ls->width)
        ls->width = n;
    return l;
}

/* Writes s into l from column at in role rl, clipped to the line. */
static void line_put(line *l, int at, const char *s, role rl)
{
    for (int k = 0; s[k] && at + k < l->n; k++)
        if (at + k >= 0)
            l->t[at + k] = s[k], l->r[at + k] = (unsigned char)rl;
}

static int editable(const walk_step *st, int r, int c)
{
    return st->cell[r][c].field != WF_NONE;
}

/* The step's table as lines: header, then one line per row, each cell right
 * aligned in its column with a blank either side in the cell's role. Returns
 * 0, or -1 when it is wider than TEXT_WIDTH. */
static int table_lines(const view *v, const walk_step *st, lines *out)
{
    int wd[WALK_TCOLS + 1];
    walk_table_widths(st, wd);
    int width = wd[0] + 2;
    for (int c = 0; c < st->ncols; c++)
        width += wd[1 + c] + 2;
    out->n = out->width = 0;
    line *h = lines_add(out, width);
    if (!h)
        return -1;
    line_put(h, 0, st->corner, R_BOLD);
    for (int c = 0, cx = wd[0] + 2; c < st->ncols; cx += wd[1 + c] + 2, c++)
        line_put(h, cx + wd[1 + c] - (int)strlen(st->col[c]), st->col[c], R_BOLD);
    for (int r = 0; r < st->nrows; r++) {
        line *l = lines_add(out, width);
        if (!l)
            return -1;
        line_put(l, 0, st->row[r], R_BOLD);
        for (int c = 0, cx = wd[0] + 2; c < st->ncols; cx += wd[1 + c] + 2, c++) {
            int is_sel = r == v->sel_r && c == v->sel_c;
            role rl = is_sel                                   ? R_SEL
                      : r == st->hl_row && c == st->hl_col ? R_HL
                      : editable(st, r, c)                 ? R_INPUT
                                                           : R_PLAIN;
            const char *t = is_sel && v->nentry ? v->entry : st->cell[r][c].text;
            char padded[WALK_CELL_MAX + ENTRY_MAX + 2];
            snprintf(padded, sizeof padded, " %s ", t);
            line_put(l, cx + wd[1 + c] - 1 - (int)strlen(t), padded, rl);
        }
    }
    return 0;
}

static attr_t role_attr(const view *v, role rl, int big)
{
    switch (rl) {
    case R_BOLD: return A_BOLD;
    case R_HL: return big ? v->big_hl : v->hl;
    case R_SEL: return big ? v->big_sel : v->sel;
    case R_INPUT: return v->input;
    default: return 0;
    }
}

/* Draws lines in normal type from row y; returns the next free row. */
static int draw_lines(const view *v, const lines *ls, int y, int x)
{
    for (int i = 0; i < ls->n && y < LINES - 2; i++, y++)
        for (int k = 0; k < ls->l[i].n && x + k < COLS; k++) {
            attr_t a = role_attr(v, (role)ls->l[i].r[k], 0);
            attron(a);
            mvaddch(y, x + k, (unsigned char)ls->l[i].t[k]);
            attroff(a);
        }
    return y;
}

/* --- large type --------------------------------------------------------- */

/* Appends text to out wrapped at spaces to width characters a line, a '\n'
 * starting a new line, [hs, hs + hl) in the highlight role and the rest in
 * rl. A word wider than width is cut when hard, else (large type: a number
 * is never split) -1 is returned; -1 too when the lines run out. */
static int wrap_lines(lines *out, const char *text, int width, int hs, int hl, role rl, int hard)
{
    int n = (int)strlen(text), i = 0;
    while (i < n) {
        int end = i;
        while (end < n && text[end] != '\n')
            end++;
        int cut = end;
        if (end - i > width) {
            cut = i + width;
            while (cut > i && text[cut] != ' ')
                cut--;
            if (cut == i && !hard)
                return -1;
            if (cut == i)
                cut = i + width;
        }
        line *l = lines_add(out, cut - i);
        if (!l)
            return -1;
        for (int k = i; k < cut; k++) {
            l->t[k - i] = text[k];
            l->r[k - i] = (unsigned char)(hl > 0 && k >= hs && k < hs + hl ? R_HL : rl);
        }
        i = cut;
        while (i < n && text[i] == ' ')
            i++;
        if (i < n && text[i] == '\n')
            i++;
    }
    return 0;
}

/* Draws text wrapped to width from row y in normal type, [hs, hs + hl) in
 * the highlight, the rest in rl; returns the next free row. */
static int draw_wrapped(const view *v, int y, int x, int width, const char *text, int hs, int hl,
                        role rl)
{
    lines ls = {.n = 0};
    wrap_lines(&ls, text, width < TEXT_WIDTH ? width : TEXT_WIDTH, hs, hl, rl, 1);
    return draw_lines(v, &ls, y, x); /* what did not fit in the lines is not drawn */
}

/* The formula and the result as lines of at most width characters. */
static int step_text(const walk_step *st, int width, lines *out)
{
    out->n = out->width = 0;
    if (wrap_lines(out, st->formula, width, st->hl_start, st->hl_len, R_PLAIN, 0) < 0)
        return -1;
    return wrap_lines(out, st->result, width, 0, 0, R_BOLD, 0);
}

/* Draws lines in large type from row y; returns the next free row. */
static int draw_big_lines(const view *v, const lines *ls, int y, int x, bigtype_scale s)
{
    for (int i = 0; i < ls->n; i++, y += bigtype_rows(s))
        for (int k = 0; k < ls->l[i].n; k++) {
            role rl = (role)ls->l[i].r[k];
            attr_t a = role_attr(v, rl, 1);
            attron(a);
            bigtype_put(y, x + k * bigtype_cols(s), ls->l[i].t[k], s, v->utf8,
                        (rl == R_HL || rl == R_SEL) && !v->color ? (v->utf8 ? "\xe2\x96\x91" : ".")
                                                                 : NULL);
            attroff(a);
        }
    return y;
}

/* Large type: the formula, the result and the table (every number the result
 * depends on) at the largest scale that fits the screen; else the formula and
 * result large over the table in normal type; else 0 (nothing drawn). */
static int draw_big_step(const view *v, const walk_step *st, int y)
{
    bigtype_scale sc[8];
    int ns = bigtype_scales(sc, 8, v->utf8);
    int rows = LINES - 2 - y, width = COLS - 4;
    lines text, table;
    if (table_lines(v, st, &table) < 0)
        table.n = 0;
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < ns; i++) {
            int per = width / bigtype_cols(sc[i]), h = bigtype_rows(sc[i]);
            if (per < 1 || step_text(st, per, &text) < 0)
                continue;
            int big_table = pass == 0 && table.width <= per;
            if (pass == 0 && !big_table && table.n)
                continue;
            int need = text.n * h + (table.n ? 1 + table.n * (big_table ? h : 1) : 0);
            if (need > rows)
                continue;
            y = draw_big_lines(v, &text, y, 2, sc[i]);
            if (table.n && big_table)
                y = draw_big_lines(v, &table, y + 1, 2, sc[i]);
            else if (table.n)
                y = draw_lines(v, &table, y + 1, 2);
            if (st->note[0] && y + 2 < LINES - 2)
                draw_wrapped(v, y + 1, 2, COLS - 4, st->note, 0, 0, R_PLAIN);
            return 1;
        }
    return 0;
}

/* --- the screen --------------------------------------------------------- */

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

static void draw_step(const view *v, const walk_step *st, int y)
{
    y = draw_wrapped(v, y, 2, COLS - 4, st->formula, st->hl_start, st->hl_len, R_PLAIN);
    if (st->nrows && st->ncols) {
        lines table;
        if (table_lines(v, st, &table) == 0)
            y = draw_lines(v, &table, y + 1, 2);
    }
    if (st->result[0]) {
        char buf[WALK_RESULT_MAX + 16];
        snprintf(buf, sizeof buf, "Result: %s", st->result);
        y = draw_wrapped(v, y + 1, 2, COLS - 4, buf, 0, 0, R_BOLD);
    }
    if (st->note[0])
        draw_wrapped(v, y + 1, 2, COLS - 4, st->note, 0, 0, R_PLAIN);
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
    int fell_back = v->big && !draw_big_step(v, st, 4);
    if (!v->big || fell_back)
        draw_step(v, st, 4);
    draw_footer(v);
    if (fell_back && !v->status[0]) {
        char msg[96];
        snprintf(msg, sizeof msg, "large type does not fit %dx%d: normal type", COLS, LINES);
        mvaddnstr(LINES - 2, 1, msg, COLS - 2);
    }
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
    v->big_hl = v->big_sel = A_BOLD; /* and their blanks shaded (draw_big_lines) */
    if (!v->color)
        return;
    paint p = {.th = th, .depth = depth};
    int black = paint_colour(&p, (rgb){0, 0, 0}, COLOR_BLACK); /* reads on the highlight */
    int hl = paint_optim(&p, OPTIM_SGD);
    int blue = paint_optim(&p, OPTIM_MOMENTUM);
    int green = paint_optim(&p, OPTIM_ADAGRAD);
    term_set_paper(th, depth); /* everything else on the theme's paper, in its ink */
    v->hl = COLOR_PAIR(term_pair(black, hl)) | A_BOLD;
    v->title = COLOR_PAIR(term_theme_pair(th, depth, blue, -1)) | A_BOLD;
    v->input = COLOR_PAIR(term_theme_pair(th, depth, green, -1));
    v->sel = COLOR_PAIR(term_pair(black, blue)) | A_BOLD | A_UNDERLINE;
    v->big_hl = COLOR_PAIR(term_theme_pair(th, depth, hl, -1)) | A_BOLD;
    v->big_sel = COLOR_PAIR(term_theme_pair(th, depth, blue, -1)) | A_BOLD;
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
