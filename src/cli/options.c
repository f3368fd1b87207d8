#include "options.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "../core/hparams.h"
#include "../data/outfile.h"
#include "output.h"

/* The command running ("tune"), named in every message after "descent: ";
 * NULL for the explorer and for the settings file, read before any command. */
static const char *command_name;
/* Another command's table whose options a command passes on (tune hands
 * train's to train's parser, and train's parser tune's names for a typo). */
static const cli_option *also_table;

void cli_set_command(const char *name)
{
    command_name = name;
}

void cli_also_suggest(const cli_option *table)
{
    also_table = table;
}

/* A message may quote what a user typed or a file held: each of its lines
 * goes out through output_safe. */
int cli_fail(const char *fmt, ...)
{
    char msg[4096], safe[4 * sizeof msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fputs("descent: ", stderr);
    if (command_name)
        fprintf(stderr, "%s: ", command_name);
    for (char *line = msg; line;) {
        char *nl = strchr(line, '\n');
        if (nl)
            *nl = '\0';
        fprintf(stderr, "%s\n", output_safe(line, safe, sizeof safe));
        line = nl ? nl + 1 : NULL;
    }
    return 2;
}

static int find(const cli_option *table, const char *name, size_t len)
{
    for (int i = 0; table[i].name; i++)
        if (strlen(table[i].name) == len && strncmp(table[i].name, name, len) == 0)
            return i;
    return -1;
}

/* Edits (insert, delete, replace, swap two neighbours) from a[0..n) to b,
 * at most CLI_NAME_MAX long; larger than any threshold when longer. */
#define CLI_NAME_MAX 32
static int distance(const char *a, size_t n, const char *b)
{
    size_t m = strlen(b);
    if (n > CLI_NAME_MAX || m > CLI_NAME_MAX)
        return CLI_NAME_MAX;
    int d[CLI_NAME_MAX + 1][CLI_NAME_MAX + 1];
    for (size_t i = 0; i <= n; i++)
        for (size_t j = 0; j <= m; j++) {
            if (i == 0 || j == 0) {
                d[i][j] = (int)(i + j);
                continue;
            }
            int best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[n][m];
}

const char *cli_nearest(const cli_option *const tables[2], const char *name, size_t len)
{
    const char *best = NULL, *begun = NULL;
    int best_d = len <= 4 ? 2 : 3, begins = 0;
    for (int t = 0; t < 2; t++)
        for (int i = 0; tables[t] && tables[t][i].name; i++) {
            const char *cand = tables[t][i].name;
            int d = distance(name, len, cand);
            if (d < best_d) {
                best_d = d;
                best = cand;
            }
            if (len >= 2 && strncmp(cand, name, len) == 0 && (!begun || strcmp(begun, cand))) {
                begun = cand;
                begins++;
            }
        }
    return best ? best : begins == 1 ? begun : NULL;
}

const char *cli_quote(const char *value, char *out, size_t outlen)
{
    size_t n = strlen(value);
    snprintf(out, outlen, "'%.*s%s'", CLI_QUOTE_MAX, value, n > CLI_QUOTE_MAX ? "..." : "");
    return out;
}

const char *cli_no_terminal(void)
{
    if (!isatty(STDOUT_FILENO))
        return "stdout is not a terminal";
    if (!isatty(STDIN_FILENO))
        return "stdin is not a terminal";
    return NULL;
}

const char *cli_no_terminal_beside(void)
{
    if (!isatty(STDIN_FILENO))
        return "stdin is not a terminal";
    if (isatty(STDOUT_FILENO))
        return NULL;
    int fd = open("/dev/tty", O_WRONLY | O_NOCTTY);
    if (fd < 0)
        return "stdout is not a terminal, and there is no /dev/tty";
    close(fd);
    return NULL;
}

int cli_check_outfile(const char *option, const char *path)
{
    char err[1024];
    if (!path || outfile_check(path, err, sizeof err) == 0)
        return 0;
    return cli_fail("--%s: %s", option, err);
}

int cli_integer(const char *value, long lo, long hi, long *out, char *err, size_t errlen)
{
    char q[CLI_QUOTE_SIZE];
    if (hparams_integer(value, lo, hi, out) == 0)
        return 0;
    snprintf(err, errlen, "%s is not an integer in [%ld, %ld]", cli_quote(value, q, sizeof q), lo, hi);
    return -1;
}

void cli_unexpected(const char *value, char *err, size_t errlen)
{
    char q[CLI_QUOTE_SIZE];
    snprintf(err, errlen, "unexpected argument %s", cli_quote(value, q, sizeof q));
}

int cli_parse(const cli_option *table, int argc, char **argv, cli_handler on, void *ctx)
{
    char err[512], q[CLI_QUOTE_SIZE];
    /* No option value or file name needs more; a message quotes the start. */
    for (int i = 0; i < argc; i++) {
        size_t n = strlen(argv[i]);
        if (n > CLI_ARG_MAX)
            return cli_fail("an argument of %zu bytes, %s: at most %d", n,
                            cli_quote(argv[i], q, sizeof q), CLI_ARG_MAX);
    }
    int positional_only = 0;
    const char *given[CLI_TABLE_MAX] = {0}; /* each option's first value ("" for a flag) */
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        err[0] = '\0';
        if (!positional_only && strcmp(a, "--") == 0) {
            positional_only = 1; /* what follows is not an option, whatever it looks like */
            continue;
        }
        if (positional_only || strncmp(a, "--", 2) != 0 || a[2] == '\0') {
            if (on(ctx, -1, a, err, sizeof err) < 0)
                return cli_fail("%s", err);
            continue;
        }
        const char *name = a + 2, *eq = strchr(name, '=');
        size_t len = eq ? (size_t)(eq - name) : strlen(name);
        int k = find(table, name, len);
        if (k < 0) {
            char key[32];
            snprintf(key, sizeof key, "%.*s", (int)len, name);
            if (len < sizeof key && hparams_is_key(key) && find(table, "opt", 3) >= 0)
                return cli_fail("unknown option '--%s' (an optimizer's %s goes in its --opt: "
                                "--opt NAME:%s=VALUE; see --help)", key, key, key);
            const cli_option *const tables[2] = {table, also_table};
            const char *near = cli_nearest(tables, name, len);
            return cli_fail("unknown option '--%.*s%s' (%s%s%ssee --help)", CLI_QUOTE_MAX < (int)len
                            ? CLI_QUOTE_MAX : (int)len, name, (int)len > CLI_QUOTE_MAX ? "..." : "",
                            near ? "did you mean --" : "", near ? near : "", near ? "? " : "");
        }
        const char *value = NULL;
        if (table[k].arg) {
            if (eq)
                value = eq + 1;
            else if (i + 1 < argc)
                value = argv[++i];
            else
                return cli_fail("--%s needs a value %s", table[k].name, table[k].arg);
        } else if (eq) {
            return cli_fail("--%s takes no value", table[k].name);
        }
        if (k >= CLI_TABLE_MAX)
            return cli_fail("internal: option table longer than %d", CLI_TABLE_MAX);
        if (given[k] && !table[k].repeats) {
            char q2[CLI_QUOTE_SIZE];
            if (!value)
                return cli_fail("--%s: given twice (once is enough)", table[k].name);
            return cli_fail("--%s: given twice, %s then %s: give it once", table[k].name,
                            cli_quote(given[k], q, sizeof q), cli_quote(value, q2, sizeof q2));
        }
        given[k] = value ? value : "";
        if (on(ctx, k, value, err, sizeof err) < 0)
            return cli_fail("--%s: %s", table[k].name, err);
    }
    return 0;
}

/* text from column indent, broken at spaces so no line passes CLI_HELP_COLS
 * (a word longer than the room left stays whole); continuation lines start
 * at indent too. */
void cli_print_wrapped(FILE *out, const char *text, int indent)
{
    int room = CLI_HELP_COLS - indent < 20 ? 20 : CLI_HELP_COLS - indent;
    if (!*text)
        fputc('\n', out);
    while (*text) {
        int len = (int)strlen(text);
        int cut = len;
        if (len > room) {
            cut = room;
            while (cut > 0 && text[cut] != ' ')
                cut--;
            if (cut == 0)
                for (cut = room; text[cut] && text[cut] != ' '; cut++)
                    ;
        }
        fprintf(out, "%.*s\n", cut, text);
        text += cut;
        while (*text == ' ')
            text++;
        if (*text)
            fprintf(out, "%*s", indent, "");
    }
}

void cli_print_options(FILE *out, const cli_option *table)
{
    int width = 0;
    for (int i = 0; table[i].name; i++) {
        int w = (int)strlen(table[i].name) + (table[i].arg ? 1 + (int)strlen(table[i].arg) : 0);
        if (w > width)
            width = w;
    }
    for (int i = 0; table[i].name; i++) {
        char left[128];
        snprintf(left, sizeof left, "%s%s%s", table[i].name, table[i].arg ? " " : "",
                 table[i].arg ? table[i].arg : "");
        fprintf(out, "  --%-*s  ", width, left);
        cli_print_wrapped(out, table[i].help, 2 + 2 + width + 2);
    }
}
