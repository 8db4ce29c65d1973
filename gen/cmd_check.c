/* cmd_check.c: placeholder until the vector checker lands (issue 3). */
#include <stdio.h>

#include "cli.h"

int cmd_check(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fputs("zonepolicy: check is not built yet\n", stderr);
	return EXIT_USAGE;
}
