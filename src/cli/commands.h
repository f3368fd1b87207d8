/* The subcommands; each returns the process exit status. */
#ifndef DESCENT_COMMANDS_H
#define DESCENT_COMMANDS_H

#include <stddef.h>

#include "../tui/theme.h"
#include "options.h"

int trace_main(int argc, char **argv);
int surfaces_main(int argc, char **argv);
int optimizers_main(int argc, char **argv);
int explore_main(int argc, char **argv);
int train_main(int argc, char **argv);
int tune_main(int argc, char **argv);
int walk_main(int argc, char **argv);
int classify_main(int argc, char **argv);
int landscape_main(int argc, char **argv);

/* The option tables of trace and the explorer (the race options and their
 * own), for help, the man page and completion. */
const cli_option *trace_options(void);
/* The explorer's option table (the race options and its own), for help. */
const cli_option *explore_options(void);

#endif
