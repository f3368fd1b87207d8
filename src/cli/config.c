#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../data/infile.h"
#include "../scene/scene.h"
#include "../tui/explorer.h"
#include "../session/worker.h"
#include "../tui/theme.h"

#define LINE_MAX_LEN 1024
#define VALUE_MAX 1024
#define FILE_MAX (64 * 1024)

/* The keys: the option each gives a default for, and the options on the
 * command line that override it (a scene is overridden by a surface too). */
typedef struct {
    const char *key;
    const char *overridden_by[4];
    int (*check)(const char *value, char *err, size_t errlen); /* NULL: any text */
} setting;

/* Each value is checked by the module that owns it: the themes, the
 * explorer's speeds, the scene reader. */
static int check_theme(const char *value, char *err, size_t errlen)
{
    theme_id t;
    return theme_parse(value, &t, err, errlen);
}

static int check_speed(const char *value, char *err, size_t errlen)
{
    int s;
    return explorer_speed_parse(value, &s, err, errlen);
}

static int check_scene(const char *value, char *err, size_t errlen)
{
    char path[1024];
    if (scene_find(value, path, sizeof path) < 0) {
        snprintf(err, errlen, "'%s' is not a scene (a file, or a name in %s)", value,
                 scene_dirs());
        return -1;
    }
    scene sc;
    if (scene_load(path, &sc, err, errlen) < 0)
        return -1;
    scene_free(&sc);
    return 0;
}

static int check_pace(const char *value, char *err, size_t errlen)
{
    int p;
    return worker_pace_parse(value, &p, err, errlen);
}

static const setting settings[] = {
    {"theme", {"theme"}, check_theme},
    {"scene", {"scene", "surface", "formula"}, check_scene},
    {"speed", {"speed"}, check_speed},
    {"data", {"data", "dataset"}, NULL},
    {"pace", {"pace"}, check_pace},
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

/* One line of the file (n bytes, its end removed). */
static int one_line(const char *path, int lineno, char *line, size_t n)
{
    const char *nul = memchr(line, '\0', n);
    if (nul) {
        int col = 1;
        for (const char *c = line; c < nul; c++)
            col += ((unsigned char)*c & 0xC0) != 0x80;
        return cli_fail("%s:%d: a NUL byte at column %d (this is not a text file)", path, lineno,
                        col);
    }
    if (n > LINE_MAX_LEN)
        return cli_fail("%s:%d: line longer than %d bytes", path, lineno, LINE_MAX_LEN);
    char err[1536];
    if (parse_line(line, lineno, err, sizeof err) < 0)
        return cli_fail("%s:%d: %s", path, lineno, err);
    return 0;
}

/* Reads the file; a missing one is no error, nor one that cannot be looked
 * for (a HOME that cannot be entered holds no settings we could read).
 * Returns 0, or 2 after reporting "FILE:LINE: message". */
static int load(void)
{
    const char *path = config_path();
    cfg.loaded = 1;
    struct stat st;
    if (!path[0] || (stat(path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR ||
                                              errno == EACCES)))
        return 0;
    char *text, err[1536];
    size_t len;
    if (infile_read(path, FILE_MAX, &text, &len, err, sizeof err) < 0)
        return cli_fail("%s", err);
    char *p = text, *end = text + len;
    /* a UTF-8 byte-order mark, as some editors write */
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    int lineno = 0, status = 0;
    while (status == 0 && p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        if (n > 0 && p[n - 1] == '\r')
            n--;
        p[n] = '\0';
        status = one_line(path, ++lineno, p, n);
        p = nl ? nl + 1 : end;
    }
    free(text);
    return status;
}

int config_check(void)
{
    return cfg.loaded ? 0 : load();
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
    int status = config_check();
    if (status)
        return status;
    static int registered;
    if (!registered++)
        atexit(free_built);
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
