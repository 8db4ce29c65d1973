/* cmd_learn.c: `zonepolicy learn FILE.zone [LOG...]`.
 *
 * Reads AVC denials (the named logs, else standard input), compiles the
 * file in memory and prints, for each group of denials, the statement that
 * would grant it, or why the file forbids it or no statement can
 * (gen/learn.c).  Exit status 0 when it could answer, 1 when the file does
 * not build or a log cannot be read, 2 for a usage error.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "learn.h"
#include "out.h"
#include "zonein.h"

static const char learn_usage[] =
	"usage: zonepolicy learn [OPTIONS] FILE.zone [LOG...]\n"
	"\n"
	"Reads AVC denials from the LOGs (standard input when none is named):\n"
	"audit.log lines (type=AVC, with their PATH records), or the kernel's\n"
	"`audit: type=1400` lines of dmesg or the journal.  Groups them by domain,\n"
	"target type and class and says for each group the .zone statement that\n"
	"would grant it (checked by building the file with it), or that the file\n"
	"forbids it and why (another zone's types, a kind's limit, an assert), or\n"
	"that no statement can express it.  It never prints allow rules.\n"
	"\n"
	"      --json              the report as one JSON object, a member a group\n"
	ZONEIN_USAGE
	"  -h, --help              this help\n";

#define MAX_LOG (256u << 20)

/* Appends the whole of f to b. */
static int slurp(FILE *f, Buf *b)
{
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_put(b, chunk, n);
		if (b->len > MAX_LOG)
			return -1;
	}
	return ferror(f) ? -1 : 0;
}

int cmd_learn(int argc, char **argv)
{
	static const struct option longopts[] = {
		ZONEIN_LONGOPTS,
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	ZoneIn z;
	zonein_defaults(&z);
	int ch;
	bool json = false;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (zonein_option(&z, ch, optarg))
			continue;
		if (ch == 'J') {
			json = true;
			continue;
		}
		if (ch == 'h') {
			fputs(learn_usage, stdout);
			return EXIT_OK;
		}
		fputs(learn_usage, stderr);
		return EXIT_USAGE;
	}
	if (optind >= argc) {
		fputs(learn_usage, stderr);
		return EXIT_USAGE;
	}
	const char *file = argv[optind++];
	Buf log = { 0 };
	int status = EXIT_OK;
	if (optind == argc) {
		if (slurp(stdin, &log) != 0) {
			fputs("zonepolicy: cannot read the denials from standard input\n", stderr);
			status = EXIT_ERRORS;
		}
	}
	for (int i = optind; i < argc && status == EXIT_OK; i++) {
		FILE *f = fopen(argv[i], "r");
		if (!f || slurp(f, &log) != 0) {
			fprintf(stderr, "zonepolicy: cannot read %s\n", argv[i]);
			status = EXIT_ERRORS;
		}
		if (f)
			fclose(f);
	}
	if (status == EXIT_OK)
		status = zonein_compile(&z, file);
	if (status == EXIT_OK) {
		char err[1024] = "";
		Buf out = { 0 };
		if (learn_report(&z.c, &z.bo, file, z.text, z.len, log.len ? buf_str(&log) : "", log.len, json, &out, err,
				 sizeof err) != 0) {
			fprintf(stderr, "zonepolicy: %s\n", err);
			status = EXIT_ERRORS;
		} else {
			fwrite(buf_str(&out), 1, out.len, stdout);
		}
		buf_free(&out);
	}
	buf_free(&log);
	zonein_free(&z);
	return status;
}
