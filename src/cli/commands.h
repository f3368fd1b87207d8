/* The subcommands; each returns the process exit status. */
#ifndef DESCENT_COMMANDS_H
#define DESCENT_COMMANDS_H

int trace_main(int argc, char **argv);
int surfaces_main(int argc, char **argv);
int optimizers_main(int argc, char **argv);
int explore_main(int argc, char **argv);
int train_main(int argc, char **argv);
int walk_main(int argc, char **argv);

#endif
