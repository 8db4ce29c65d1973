/* run.h: run an external tool (checkmodule, semodule_package, secilc ...)
 * with its output captured, and a clear message when it is missing. */
#ifndef ZP_RUN_H
#define ZP_RUN_H

#include <stddef.h>

#include "buf.h"

/* Runs argv (argv[0] looked up in PATH) with stdin from /dev/null and
 * stdout+stderr captured into out (may be NULL).  Returns the exit status,
 * 127 when the program cannot be run (message in err), or 128+signal. */
int run_tool(char *const argv[], Buf *out, char *err, size_t errlen);

/* A private temporary directory, and its recursive removal. */
char *make_tmpdir(char *err, size_t errlen);
void remove_tree(const char *dir);

#endif
