#include "config.h"

#include "commands.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define LINE_MAX_LEN 1024
#define VALUE_MAX 1024

/* The keys: the option each gives a default for, and the options on the
 * command line that override it (a scene is overridden by a surface too). */
typedef struct {
    const char *key;
    const char *overridden_by[4];
    int (*check)(const char *value, char *err, size_t errlen); /* NULL: any text */
} setting;

static int check_theme(const char *value, char *err, size_t errlen)
{
    theme_id t;
    return explore_theme(value, &t, err, errlen);
}

static int check_speed(const char *value, char *err, size_t errlen)
{
    int s;
    return explore_speed(value, &s, err, errlen);
}

static const setting settings[] = {
    {"theme", {"theme"}, check_theme},
    {"scene", {"scene", "surface", "formula"}, NULL},
    {"speed", {"speed"}, check_speed},
    {"data", {"data", "dataset"}, NULL},
};
#define NSETTINGS (int)(sizeof settings / sizeof settings[0])

static struct {
    int loaded;
    char value[NSETTINGS][VALUE_MAX];
    int line[NSETTINGS]; /* 0: not set */
    char path[4096];
    char **built; /* the last vector config_argv made */
} cfg;

const char *config_path(void)
{
    const char *xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");
    /* The XDG spec ignores a relative XDG_CONFIG_HOME. */
    if (xdg && xdg[0] == '/')
        snprintf(cfg.path, sizeof cfg.path, "%s/descent/config", xdg);
    else if (home && home[0])
        snprintf(cfg.path, sizeof cfg.path, "%s/.config/descent/config", home);
    else
        cfg.path[0] = '\0';
    return cfg.path;
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n > 0 && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static int find_setting(const char *key)
{
    for (int i = 0; i < NSETTINGS; i++)
        if (strcmp(settings[i].key, key) == 0)
            return i;
    return -1;
}

const char *config_keys_list(void)
{
    static char buf[64];
    if (!buf[0])
        for (int i = 0; i < NSETTINGS; i++)
            snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", i ? ", " : "",
                     settings[i].key);
    return buf;
}

/* One line; blank lines and lines starting with # say nothing. */
static int parse_line(char *text, int lineno, char *err, size_t errlen)
{
    char *s = trim(text);
    if (!*s || *s == '#')
        return 0;
    char *eq = strchr(s, '=');
    if (!eq) {
        snprintf(err, errlen, "'%.60s' is not key = value", s);
        return -1;
    }
    *eq = '\0';
    char *key = trim(s), *value = trim(eq + 1);
    int k = find_setting(key);
    if (k < 0) {
        snprintf(err, errlen, "unknown key '%.60s' (valid: %s)", key, config_keys_list());
        return -1;
    }
    if (!*value) {
        snprintf(err, errlen, "%s: no value after '='", key);
        return -1;
    }
    if (strlen(value) >= VALUE_MAX) {
        snprintf(err, errlen, "%s: value longer than %d characters", key, VALUE_MAX - 1);
        return -1;
    }
    char why[512] = "";
    if (settings[k].check && settings[k].check(value, why, sizeof why) < 0) {
        snprintf(err, errlen, "%s: %s", key, why);
        return -1;
    }
    strcpy(cfg.value[k], value);
    cfg.line[k] = lineno;
    return 0;
}

/* Reads the file; a missing one is no error. Returns 0, or 2 after
 * reporting "FILE:LINE: message". */
static int load(void)
{
    const char *path = config_path();
    cfg.loaded = 1;
    if (!path[0])
        return 0;
    FILE *f = fopen(path, "r");
    if (!f)
        return errno == ENOENT || errno == ENOTDIR ? 0
                                                   : cli_fail("%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
        fclose(f);
        return cli_fail("%s: is a directory, not a settings file", path);
    }
    char line[LINE_MAX_LEN + 2], err[768];
    int lineno = 0, status = 0;
    while (status == 0 && fgets(line, sizeof line, f)) {
        lineno++;
        size_t n = strlen(line);
        if (n > LINE_MAX_LEN && line[n - 1] != '\n')
            status = cli_fail("%s:%d: line longer than %d characters", path, lineno, LINE_MAX_LEN);
        else if (parse_line(line, lineno, err, sizeof err) < 0)
            status = cli_fail("%s:%d: %s", path, lineno, err);
    }
    if (status == 0 && ferror(f))
        status = cli_fail("%s: read error", path);
    fclose(f);
    return status;
}

static int in_table(const cli_option *table, const char *name)
{
    for (int i = 0; table[i].name; i++)
        if (strcmp(table[i].name, name) == 0)
            return 1;
    return 0;
}

/* Whether argv names --name (as "--name", "--name=...") before any "--". */
static int on_command_line(int argc, char **argv, const char *name)
{
    size_t n = strlen(name);
    for (int i = 0; i < argc; i++)
        if (strncmp(argv[i], "--", 2) == 0 && strncmp(argv[i] + 2, name, n) == 0 &&
            (argv[i][2 + n] == '\0' || argv[i][2 + n] == '='))
            return 1;
    return 0;
}

static int overridden(const setting *s, int argc, char **argv)
{
    for (int j = 0; j < 4 && s->overridden_by[j]; j++)
        if (on_command_line(argc, argv, s->overridden_by[j]))
            return 1;
    return 0;
}

static void free_built(void)
{
    free(cfg.built);
    cfg.built = NULL;
}

int config_argv(const cli_option *table, int argc, char **argv, int *out_argc,
                char ***out_argv)
{
    if (!cfg.loaded) {
        int status = load();
        if (status)
            return status;
        atexit(free_built);
    }
    char *args[2 * NSETTINGS];
    static char flags[NSETTINGS][32];
    int n = 0;
    for (int k = 0; k < NSETTINGS; k++) {
        const setting *s = &settings[k];
        if (!cfg.line[k] || !in_table(table, s->key) || overridden(s, argc, argv))
            continue;
        snprintf(flags[k], sizeof flags[k], "--%s", s->key);
        args[n++] = flags[k];
        args[n++] = cfg.value[k];
    }
    if (n == 0) {
        *out_argc = argc;
        *out_argv = argv;
        return 0;
    }
    free_built();
    char **v = cfg.built = malloc((size_t)(n + argc + 1) * sizeof *v);
    if (!v)
        return cli_fail("out of memory");
    memcpy(v, args, (size_t)n * sizeof *v);
    memcpy(v + n, argv, (size_t)argc * sizeof *v);
    v[n + argc] = NULL;
    *out_argc = n + argc;
    *out_argv = v;
    return 0;
}

int config_parse(const cli_option *table, int argc, char **argv, cli_handler on, void *ctx)
{
    int rc = config_argv(table, argc, argv, &argc, &argv);
    return rc ? rc : cli_parse(table, argc, argv, on, ctx);
}
