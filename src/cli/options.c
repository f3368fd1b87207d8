#include "options.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "output.h"

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

const char *cli_quote(const char *value, char *out, size_t outlen)
{
    size_t n = strlen(value);
    snprintf(out, outlen, "'%.*s%s'", CLI_QUOTE_MAX, value, n > CLI_QUOTE_MAX ? "..." : "");
    return out;
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
        if (k < 0)
            return cli_fail("unknown option '--%.*s%s' (see --help)", CLI_QUOTE_MAX < (int)len
                            ? CLI_QUOTE_MAX : (int)len, name, (int)len > CLI_QUOTE_MAX ? "..." : "");
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
