/* cli.h: the subcommands of zonepolicy (table in main.c). */
#ifndef ZP_CLI_H
#define ZP_CLI_H

int cmd_build(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_link(int argc, char **argv);
int cmd_trial(int argc, char **argv);
int cmd_install(int argc, char **argv);
int cmd_uninstall(int argc, char **argv);
int cmd_package(int argc, char **argv);
int cmd_learn(int argc, char **argv);
int cmd_explain(int argc, char **argv);

/* exit statuses */
enum { EXIT_OK = 0, EXIT_ERRORS = 1, EXIT_USAGE = 2, EXIT_OPEN = 3 /* check: open in the base only */ };

#endif
