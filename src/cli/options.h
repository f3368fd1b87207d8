/* Command-line options from one table: parsing and the help text both come
 * from it, so they cannot disagree. */
#ifndef DESCENT_OPTIONS_H
#define DESCENT_OPTIONS_H

#include <stdio.h>

typedef struct {
    const char *name; /* without the leading "--" */
    const char *arg;  /* NULL for a flag */
    const char *help;
    int repeats; /* may be given more than once (--opt); any other option once */
} cli_option;

/* Called for each option found (index into the table; value NULL for flags)
 * and, with index -1, for each positional argument. Returns 0, or -1 after
 * writing a message into err. */
typedef int (*cli_handler)(void *ctx, int index, const char *value, char *err, size_t errlen);

/* The longest argument accepted (a path is at most PATH_MAX), and how much
 * of a value a message quotes. */
#define CLI_ARG_MAX 4096
#define CLI_TABLE_MAX 64
#define CLI_QUOTE_MAX 60
#define CLI_QUOTE_SIZE (CLI_QUOTE_MAX + 6)

/* Parses argv[0..argc). After "--" every argument is positional. An
 * argument longer than CLI_ARG_MAX is refused, and so is an option given
 * twice unless it repeats (the second would silently win). A table holds
 * at most CLI_TABLE_MAX options. Returns 0, or 2 after
 * printing "descent: ..." (cli_fail) to stderr. An unknown option
 * is reported with the option it most likely meant. */
int cli_parse(const cli_option *table, int argc, char **argv, cli_handler on, void *ctx);

/* value in quotes for a message: its first CLI_QUOTE_MAX bytes, then "..."
 * when there is more. out holds CLI_QUOTE_SIZE bytes. Returns out. */
const char *cli_quote(const char *value, char *out, size_t outlen);

/* The name in tables[0] or tables[1] (either may be NULL) a mistyped
 * name[0..len) most likely meant: the nearest within two edits (one for a
 * name of up to four letters), else the one it begins; NULL when none, or
 * when it begins several. */
const char *cli_nearest(const cli_option *const tables[2], const char *name, size_t len);

/* Whether the file an option names as output (--save, --svg) can be
 * written, checked before the work that fills it: 0 (also for a NULL path),
 * or 2 after "descent: COMMAND: --OPTION: cannot write PATH: why". */
int cli_check_outfile(const char *option, const char *path);

/* An option's whole number in [lo, hi] (hparams' one syntax). Returns 0,
 * or -1 with "'VALUE' is not an integer in [LO, HI]" in err. */
int cli_integer(const char *value, long lo, long hi, long *out, char *err, size_t errlen);

/* A positional argument the command takes none of (or no more of), for a
 * handler's err: "unexpected argument 'VALUE'". */
void cli_unexpected(const char *value, char *err, size_t errlen);

/* Why a screen cannot open here: "stdout is not a terminal" (or stdin's),
 * stdout named first (a redirected output is the usual cause); NULL when
 * both are terminals. */
const char *cli_no_terminal(void);
/* The same for a screen whose stdout may go elsewhere (tune --tui >
 * rows.csv: the screen on /dev/tty, term.c): stdin a terminal, and stdout
 * one or /dev/tty there. */
const char *cli_no_terminal_beside(void);

/* Help text fits 80 columns. */
#define CLI_HELP_COLS 80

/* Prints text from column indent (the cursor is there already) and a
 * newline, broken at spaces within CLI_HELP_COLS; continuation lines are
 * indented to the same column. */
void cli_print_wrapped(FILE *out, const char *text, int indent);

/* Prints "  --name ARG  help" lines, aligned, the help wrapped. */
void cli_print_options(FILE *out, const cli_option *table);

/* Every message has one shape, "descent: COMMAND: WHERE: WHAT": the command
 * that was running (none for the explorer or the settings file), then what
 * to fix (--option, FILE, FILE:LINE) and what is wrong with it. */

/* The command named in the messages from here on (NULL: none). */
void cli_set_command(const char *name);

/* A second table whose names an unknown option's suggestion also weighs
 * (NULL: none). */
void cli_also_suggest(const cli_option *table);

/* Reports a usage error on stderr as "descent: COMMAND: MESSAGE" (COMMAND as
 * cli_set_command named it) and returns 2. MESSAGE starts with where: the
 * option, the file or FILE:LINE. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
