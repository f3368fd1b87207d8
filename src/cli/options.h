/* Command-line options from one table: parsing and the help text both come
 * from it, so they cannot disagree. */
#ifndef DESCENT_OPTIONS_H
#define DESCENT_OPTIONS_H

#include <stdio.h>

typedef struct {
    const char *name; /* without the leading "--" */
    const char *arg;  /* NULL for a flag */
    const char *help;
} cli_option;

/* Called for each option found (index into the table; value NULL for flags)
 * and, with index -1, for each positional argument. Returns 0, or -1 after
 * writing a message into err. */
typedef int (*cli_handler)(void *ctx, int index, const char *value, char *err, size_t errlen);

/* The longest argument accepted (a path is at most PATH_MAX), and how much
 * of a value a message quotes. */
#define CLI_ARG_MAX 4096
#define CLI_QUOTE_MAX 60
#define CLI_QUOTE_SIZE (CLI_QUOTE_MAX + 6)

/* Parses argv[0..argc). After "--" every argument is positional. An
 * argument longer than CLI_ARG_MAX is refused. Returns 0, or 2 after
 * printing "descent: ..." to stderr. */
int cli_parse(const cli_option *table, int argc, char **argv, cli_handler on, void *ctx);

/* value in quotes for a message: its first CLI_QUOTE_MAX bytes, then "..."
 * when there is more. out holds CLI_QUOTE_SIZE bytes. Returns out. */
const char *cli_quote(const char *value, char *out, size_t outlen);

/* Help text fits 80 columns. */
#define CLI_HELP_COLS 80

/* Prints text from column indent (the cursor is there already) and a
 * newline, broken at spaces within CLI_HELP_COLS; continuation lines are
 * indented to the same column. */
void cli_print_wrapped(FILE *out, const char *text, int indent);

/* Prints "  --name ARG  help" lines, aligned, the help wrapped. */
void cli_print_options(FILE *out, const cli_option *table);

/* Reports a usage error on stderr as "descent: MESSAGE" and returns 2. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
