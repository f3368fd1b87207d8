#include "term.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAIR_SLOTS 4096

typedef struct {
    int fg, bg, pair;
} pair_slot;

static pair_slot pairs[PAIR_SLOTS];
static int pairs_used;
static int curses_on;
static colour_depth depth_now;
static SCREEN *screen;
static int utf8_on; /* the ellipsis of a cut text: U+2026 or '~' */

int term_locale_utf8(void)
{
    setlocale(LC_ALL, "");
    const char *cs = nl_langinfo(CODESET);
    return cs && (strcmp(cs, "UTF-8") == 0 || strcmp(cs, "utf8") == 0);
}

colour_depth term_depth(void)
{
    const char *nc = getenv("NO_COLOR");
    if ((nc && nc[0]) || !has_colors())
        return DEPTH_NONE;
    if (COLORS >= 0x1000000)
        return DEPTH_TRUE;
    if (COLORS >= 256)
        return DEPTH_256;
    return COLORS >= 8 ? DEPTH_8 : DEPTH_NONE;
}

/* Restores the terminal, then lets the signal do what it would have done
 * (terminate, or dump core for a crash), so the exit status stays honest. */
static void on_fatal(int sig)
{
    if (curses_on)
        endwin();
    curses_on = 0;
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_handlers(void)
{
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGFPE,
                               SIGILL, SIGABRT};
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
        sigaction(sigs[i], &sa, NULL);
}

static void setup(term_caps *caps)
{
    cbreak();
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    curs_set(0);
    set_escdelay(25);
    const char *nc = getenv("NO_COLOR");
    depth_now = DEPTH_NONE;
    /* COLORS is known only after start_color(). */
    if (!(nc && nc[0]) && has_colors() && start_color() == OK) {
        use_default_colors();
        depth_now = term_depth();
    }
    caps->depth = depth_now;
    utf8_on = caps->utf8;
    term_pairs_reset();
    curses_on = 1;
}

int term_open(term_caps *caps, char *err, size_t errlen)
{
    memset(caps, 0, sizeof *caps);
    caps->utf8 = term_locale_utf8();
    /* newterm, unlike initscr, returns an error instead of exiting. */
    screen = newterm(NULL, stdout, stdin);
    if (!screen) {
        const char *t = getenv("TERM");
        snprintf(err, errlen, "cannot open the terminal (TERM=%s)", t ? t : "unset");
        return -1;
    }
    set_term(screen);
    setup(caps);
    install_handlers();
    caps->mouse = mousemask(BUTTON1_PRESSED | BUTTON1_CLICKED, NULL) != 0;
    mouseinterval(0);
    return 0;
}

int term_open_file(term_caps *caps, const char *termname, FILE *out, FILE *in, int cols,
                   int rows)
{
    memset(caps, 0, sizeof *caps);
    caps->utf8 = term_locale_utf8();
    screen = newterm(termname, out, in);
    if (!screen)
        return -1;
    set_term(screen);
    setup(caps);
    resize_term(rows, cols);
    return 0;
}

void term_close(void)
{
    if (curses_on)
        endwin();
    curses_on = 0;
    if (screen)
        delscreen(screen);
    screen = NULL;
}

void term_pairs_reset(void)
{
    memset(pairs, 0, sizeof pairs);
    pairs_used = 0;
}

int term_pair(int fg, int bg)
{
    if (!curses_on || depth_now == DEPTH_NONE)
        return 0;
    unsigned h = ((unsigned)fg * 2654435761u) ^ ((unsigned)bg * 40503u);
    for (int probe = 0; probe < PAIR_SLOTS; probe++) {
        pair_slot *s = &pairs[(h + (unsigned)probe) % PAIR_SLOTS];
        if (s->pair && s->fg == fg && s->bg == bg)
            return s->pair;
        if (!s->pair) {
            if (pairs_used + 1 >= COLOR_PAIRS || pairs_used + 1 >= PAIR_SLOTS / 2)
                return 0;
            int p = ++pairs_used;
            if (init_extended_pair(p, fg, bg) == ERR) {
                pairs_used--;
                return 0;
            }
            *s = (pair_slot){fg, bg, p};
            return p;
        }
    }
    return 0;
}

void term_put_cp(int y, int x, uint32_t cp, unsigned attr, int pair)
{
    cchar_t cc;
    wchar_t wc[2] = {(wchar_t)cp, 0};
    setcchar(&cc, wc, attr, 0, &pair);
    mvadd_wch(y, x, &cc);
}

void term_put_str(int y, int x, int n, int limit, const char *s, unsigned attr, int pair)
{
    if (x < 0) { /* what lies left of the screen is not drawn */
        int skip = -x < (int)strlen(s) ? -x : (int)strlen(s);
        s += skip;
        n -= -x;
        x = 0;
    }
    if (limit > COLS)
        limit = COLS;
    if (n > limit - x)
        n = limit - x;
    if (n <= 0 || y < 0 || y >= LINES)
        return;
    attr_set(attr, 0, &pair);
    /* A text cut short says so: its last column becomes an ellipsis. */
    size_t len = strlen(s);
    if (len > (size_t)n) {
        mvaddnstr(y, x, s, n - 1);
        term_put_cp(y, x + n - 1, utf8_on ? 0x2026 : '~', attr, pair);
    } else {
        mvaddnstr(y, x, s, n);
    }
    attr_set(A_NORMAL, 0, NULL);
}

int term_too_small(int need_w, int need_h)
{
    if (COLS >= need_w && LINES >= need_h)
        return 0;
    char buf[96];
    snprintf(buf, sizeof buf, "terminal too small (need %dx%d, have %dx%d)", need_w, need_h, COLS,
             LINES);
    int len = (int)strlen(buf);
    erase();
    term_put_str(LINES / 2, COLS > len ? (COLS - len) / 2 : 0, COLS, COLS, buf, A_BOLD, 0);
    return 1;
}
