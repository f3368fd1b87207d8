/* The settings file, $XDG_CONFIG_HOME/descent/config (or
 * ~/.config/descent/config): "key = value" lines giving defaults for
 * command-line options. Documented in docs/config.md. */
#ifndef DESCENT_CONFIG_H
#define DESCENT_CONFIG_H

#include <stddef.h>

#include "options.h"

/* The settings as default options for a command: reads the file (once),
 * and returns in *out_argv a new argument vector holding "--OPTION VALUE"
 * for every setting whose option is in `table` and not already on the
 * command line, followed by argv. Command-line options thus override the
 * file. Returns 0, or 2 after printing "descent: FILE:LINE: message".
 * The vector lives until the program exits. */
int config_argv(const cli_option *table, int argc, char **argv, int *out_argc,
                char ***out_argv);

/* Reads and checks the settings file once, whatever the command: returns 0,
 * or 2 after printing "descent: FILE:LINE: message". */
int config_check(void);

/* A command's options: the settings file's defaults (config_argv), then
 * argv, through the table's handler. Returns 0, or 2 after the message. */
int config_parse(const cli_option *table, int argc, char **argv, cli_handler on, void *ctx);

/* The keys, for docs and tests: "theme, scene, speed, data, pace". */
const char *config_keys_list(void);

/* Where the file is looked for (whether or not it exists). */
const char *config_path(void);

#endif
