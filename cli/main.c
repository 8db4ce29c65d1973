/* main.c: the command line, a table of subcommands. */
#include <malloc.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static int cmd_version(int argc, char **argv);
static int cmd_help(int argc, char **argv);

static const struct {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "build", cmd_build, "compile a .zone file to a policy module and its test vectors" },
	{ "check", cmd_check, "evaluate test vectors against a binary kernel policy" },
	{ "link", cmd_link, "link a module with the base policy offline (neverallow checks on)" },
	{ "trial", cmd_trial, "try the policy on real programs in a throwaway enforcing VM" },
	{ "install", cmd_install, "install a built module on this host (or --root), all or nothing" },
	{ "uninstall", cmd_uninstall, "remove what install put in place" },
	{ "package", cmd_package, "package a built module: a Debian package, an RPM spec, an Ansible playbook" },
	{ "learn", cmd_learn, "map AVC denials back to the .zone statements that would grant them" },
	{ "explain", cmd_explain, "the .zone statement behind a type, a rule, a path or a vector" },
	{ "version", cmd_version, "print the version" },
	{ "help", cmd_help, "print this help" },
};

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printf("zonepolicy %s\n", ZP_VERSION);
	return EXIT_OK;
}

static void usage(FILE *f)
{
	fputs("usage: zonepolicy COMMAND [ARGS]\n\ncommands:\n", f);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(f, "  %-9s %s\n", commands[i].name, commands[i].summary);
	fputs("\n'zonepolicy COMMAND --help' describes a command.\n", f);
}

static int cmd_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage(stdout);
	return EXIT_OK;
}

int main(int argc, char **argv)
{
#if defined(M_MMAP_THRESHOLD) && defined(M_TRIM_THRESHOLD)
	/* A run is short and its memory comes and goes in phases (the
	 * printers' text, then libsepol's module): what one phase frees, the
	 * next reuses, instead of glibc giving it back (munmap, heap trim) for
	 * the next to fault in again (10000 zones: 15% fewer page faults).
	 * Everything goes back at exit. */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
		return cmd_help(argc - 1, argv + 1);
	if (strcmp(argv[1], "--version") == 0)
		return cmd_version(argc - 1, argv + 1);
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "zonepolicy: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
