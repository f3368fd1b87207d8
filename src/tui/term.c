#include "term.h"

#include <curses.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

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
static int paper_pair; /* what pair 0 means: the theme's paper (term_set_paper) */

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

/* Every signal whose default action ends the process (POSIX's "T" and "A"
 * signals): the terminal is restored before it does. SIGPIPE is ignored in
 * a screen program: a write error is reported where it happens. */
static const int fatal_sigs[] = {
    SIGHUP,  SIGINT,  SIGQUIT, SIGILL,  SIGTRAP, SIGABRT,   SIGBUS,  SIGFPE,  SIGUSR1,
    SIGSEGV, SIGUSR2, SIGALRM, SIGTERM, SIGXCPU, SIGXFSZ,   SIGVTALRM, SIGPROF, SIGSYS,
#ifdef SIGPOLL
    SIGPOLL,
#endif
#ifdef SIGSTKFLT
    SIGSTKFLT,
#endif
#ifdef SIGPWR
    SIGPWR,
#endif
};
#define NFATAL (sizeof fatal_sigs / sizeof fatal_sigs[0])
#ifdef SIGRTMIN
#define NRT 64 /* SIGRTMIN..SIGRTMAX end the process too */
#else
#define NRT 0
#endif

static struct sigaction old_fatal[NFATAL], old_rt[NRT + 1], old_pipe;
static int handlers_on;
static int graceful; /* INT, TERM, HUP ask the screen to quit (term_quit_asked) */
static volatile sig_atomic_t quit_asked;

/* Restores the terminal, then lets the signal do what it would have done
 * (terminate, or dump core for a crash), so the exit status stays honest. */
static void on_fatal(int sig)
{
    if (graceful && (sig == SIGINT || sig == SIGTERM || sig == SIGHUP)) {
        quit_asked = 1;
        return;
    }
    if (curses_on)
        endwin();
    curses_on = 0;
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_handlers(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_fatal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < NFATAL; i++)
        sigaction(fatal_sigs[i], &sa, &old_fatal[i]);
#ifdef SIGRTMIN
    for (int i = 0; i <= SIGRTMAX - SIGRTMIN && i <= NRT; i++)
        sigaction(SIGRTMIN + i, &sa, &old_rt[i]);
#endif
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    sigaction(SIGPIPE, &ign, &old_pipe);
    handlers_on = 1;
}

/* Back to the handlers from before term_open, for what runs after. */
static void remove_handlers(void)
{
    if (!handlers_on)
        return;
    for (size_t i = 0; i < NFATAL; i++)
        sigaction(fatal_sigs[i], &old_fatal[i], NULL);
#ifdef SIGRTMIN
    for (int i = 0; i <= SIGRTMAX - SIGRTMIN && i <= NRT; i++)
        sigaction(SIGRTMIN + i, &old_rt[i], NULL);
#endif
    sigaction(SIGPIPE, &old_pipe, NULL);
    handlers_on = 0;
}

void term_set_graceful(int on)
{
    graceful = on;
    quit_asked = 0;
}

int term_quit_asked(void)
{
    return quit_asked;
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

/* The size the terminal says it has (0 when it says nothing). */
static void tty_size(int fd, int *cols, int *rows)
{
    struct winsize ws;
    *cols = *rows = 0;
    if (ioctl(fd, TIOCGWINSZ, &ws) == 0) {
        *cols = ws.ws_col;
        *rows = ws.ws_row;
    }
    const char *c = getenv("COLUMNS"), *l = getenv("LINES");
    if (c && atoi(c) > 0)
        *cols = atoi(c);
    if (l && atoi(l) > 0)
        *rows = atoi(l);
}

/* COLORTERM=truecolor (or 24bit) says the terminal takes 24-bit colours
 * even where TERM's terminfo entry has 256: its direct-colour sibling
 * ("xterm-direct" for xterm-256color, from ncurses-term) draws them. NULL
 * when there is nothing to change. */
static const char *direct_name(char *buf, size_t len)
{
    const char *ct = getenv("COLORTERM"), *t = getenv("TERM");
    if (!ct || !t || !t[0] || (strcmp(ct, "truecolor") != 0 && strcmp(ct, "24bit") != 0) ||
        strstr(t, "direct"))
        return NULL;
    snprintf(buf, len, "%.*s-direct", (int)strcspn(t, "-"), t);
    return buf;
}

/* What a screen needs of the terminal: moving the cursor anywhere, and a
 * way to highlight (reverse video, standout or bold). */
static int capable(const char *name, char *err, size_t errlen)
{
    const char *cup = tigetstr("cup");
    if (!cup || cup == (char *)-1) {
        snprintf(err, errlen, "TERM=%s cannot move the cursor (its terminfo entry has no cursor "
                 "addressing); use a terminal such as xterm, or descent trace / walk --plain",
                 name);
        return 0;
    }
    const char *hl[] = {"rev", "smso", "bold"};
    for (size_t i = 0; i < sizeof hl / sizeof hl[0]; i++) {
        const char *c = tigetstr(hl[i]);
        if (c && c != (char *)-1)
            return 1;
    }
    snprintf(err, errlen, "TERM=%s has no reverse video, standout or bold (its terminfo entry "
             "lacks rev, smso and bold); use a terminal such as xterm, or descent trace / walk "
             "--plain", name);
    return 0;
}

static FILE *tty_out; /* /dev/tty, when stdout is not the terminal */

static void close_tty_out(void)
{
    if (tty_out)
        fclose(tty_out);
    tty_out = NULL;
}

int term_open(term_caps *caps, char *err, size_t errlen)
{
    memset(caps, 0, sizeof *caps);
    caps->utf8 = term_locale_utf8();
    const char *t = getenv("TERM");
    const char *name = t && t[0] ? t : "unset";
    /* stdout sent elsewhere (tune --tui > rows.csv): the screen on the
     * terminal itself */
    FILE *out = stdout;
    if (!isatty(STDOUT_FILENO)) {
        if (!(tty_out = fopen("/dev/tty", "w"))) {
            snprintf(err, errlen, "stdout is not a terminal and /dev/tty cannot be opened");
            return -1;
        }
        out = tty_out;
    }
    int cols, rows;
    tty_size(fileno(out), &cols, &rows);
    if (cols > TERM_MAX_COLS || rows > TERM_MAX_ROWS) {
        snprintf(err, errlen, "terminal too large (%dx%d; at most %dx%d)", cols, rows,
                 TERM_MAX_COLS, TERM_MAX_ROWS);
        close_tty_out();
        return -1;
    }
    /* newterm, unlike initscr, returns an error instead of exiting. */
    char direct[64];
    screen = direct_name(direct, sizeof direct) ? newterm(direct, out, stdin) : NULL;
    if (!screen)
        screen = newterm(NULL, out, stdin);
    if (!screen) {
        snprintf(err, errlen, "cannot open the terminal (TERM=%s: no terminfo entry)", name);
        close_tty_out();
        return -1;
    }
    set_term(screen);
    if (!capable(name, err, errlen)) {
        endwin();
        delscreen(screen);
        screen = NULL;
        close_tty_out();
        return -1;
    }
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
    close_tty_out();
    remove_handlers();
    graceful = 0;
}

void term_pairs_reset(void)
{
    memset(pairs, 0, sizeof pairs);
    pairs_used = 0;
    paper_pair = 0;
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

int term_theme_pair(const theme *t, colour_depth d, int fg, int bg)
{
    if (d == DEPTH_NONE)
        return 0;
    if (d == DEPTH_8 && bg < 0 && fg >= 0 && fg < 8 && (t->basic_faint >> fg & 1)) {
        bg = fg; /* the colour as the cell, the text in ink */
        fg = -1;
    }
    if (fg < 0 && t->paper_set)
        fg = palette_pick(t->ink, t->basic_ink, d);
    if (bg < 0 && t->paper_set)
        bg = palette_pick(t->paper, t->basic_paper, d);
    return fg < 0 && bg < 0 ? 0 : term_pair(fg, bg);
}

void term_set_paper(const theme *t, colour_depth d)
{
    cchar_t cc;
    int p = t->paper_set ? term_theme_pair(t, d, -1, -1) : 0;
    setcchar(&cc, L" ", A_NORMAL, 0, &p);
    bkgrndset(&cc);
    paper_pair = p; /* text drawn with pair 0 goes on the paper too */
}

void term_put_cp(int y, int x, uint32_t cp, unsigned attr, int pair)
{
    cchar_t cc;
    wchar_t wc[2] = {(wchar_t)cp, 0};
    pair = pair ? pair : paper_pair;
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
    pair = pair ? pair : paper_pair;
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

void term_help_box(int x, int y, int w, int h, const char *title, const term_key_line *lines,
                   int n)
{
    int lw = 0, hw = 0;
    for (int i = 0; i < n; i++) {
        int l = (int)strlen(lines[i].label), m = (int)strlen(lines[i].help);
        lw = l > lw ? l : lw;
        hw = m > hw ? m : hw;
    }
    /* the title row above the lines (and a blank row under them where it fits) */
    int avail = h - 1 > 1 ? h - 1 : 1;
    int ncol = n > 0 ? (n + avail - 1) / avail : 1;
    int per = n > 0 ? (n + ncol - 1) / ncol : 0;
    int title_w = (int)strlen(title) + 2;
    int colw = lw + 2 + hw + 2;
    if (colw * ncol < title_w)
        colw = (title_w + ncol - 1) / ncol;
    if (colw > (w - 2) / ncol)
        colw = (w - 2) / ncol;
    int bw = colw * ncol + 2, bh = per + 2 < h ? per + 2 : h;
    int x0 = x + (w - bw) / 2, y0 = y + (h - bh) / 2;
    for (int r = 0; r < bh; r++)
        for (int q = 0; q < bw && x0 + q < x + w; q++)
            term_put_cp(y0 + r, x0 + q, ' ', A_REVERSE, 0);
    term_put_str(y0, x0 + 1, bw - 2, x + w, title, A_REVERSE | A_BOLD, 0);
    char buf[256];
    for (int i = 0; i < n; i++) {
        if (1 + i % per >= bh) /* an area lower than three rows: what fits */
            continue;
        snprintf(buf, sizeof buf, "%-*s  %s", lw, lines[i].label, lines[i].help);
        term_put_str(y0 + 1 + i % per, x0 + 1 + (i / per) * colw, colw - 1, x + w, buf, A_REVERSE, 0);
    }
}
