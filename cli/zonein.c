/* zonein.c: a .zone file compiled in memory for learn and explain (see
 * zonein.h). */
#include "zonein.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "out.h"

void zonein_defaults(ZoneIn *z)
{
	memset(z, 0, sizeof *z);
}

bool zonein_option(ZoneIn *z, int ch, const char *arg)
{
	switch (ch) {
	case 'A': z->profname = arg; return true;
	case 'F': z->fcpath = arg; return true;
	case 'B': z->polpath = arg; return true;
	case 'm': z->pmpath = arg; return true;
	case 'R': z->ovpath = arg; return true;
	default: return false;
	}
}

int zonein_compile(ZoneIn *z, const char *file)
{
	char err[1024];
	z->file = file;
	z->text = read_file(file, 64u << 20, &z->len, err, sizeof err);
	if (!z->text) {
		fprintf(stderr, "zonepolicy: %s\n", err);
		return EXIT_ERRORS;
	}
	if (profile_open(&z->prof, z->profname, err, sizeof err) != 0) {
		fprintf(stderr, "zonepolicy: %s\n", err);
		return EXIT_USAGE;
	}
	z->prof_open = true;
	bool pol_given = z->polpath != NULL;
	if (!z->polpath)
		z->polpath = z->prof.policy;
	if (!z->fcpath)
		z->fcpath = z->prof.fc;
	if (!z->pmpath)
		z->pmpath = z->prof.permmap;
	z->base = basepol_load(z->polpath, err, sizeof err);
	if (!z->base && pol_given) {
		fprintf(stderr, "zonepolicy: %s\n", err);
		return EXIT_ERRORS;
	}
	z->bo.base = z->base;
	z->bo.sema.base_source = z->polpath;
	z->bo.fc = basefc_open(z->fcpath, err, sizeof err);
	if (!z->bo.fc) {
		fprintf(stderr, "zonepolicy: %s (use --base-fc)\n", err);
		return EXIT_ERRORS;
	}
	z->pm = permmap_open(z->pmpath, z->ovpath, err, sizeof err);
	z->bo.pm = z->pm;
	int rc = zp_compile(&z->c, &z->bo, file, z->text, z->len, stderr);
	z->compiled = true;
	if (rc == ZP_FAIL) {
		fprintf(stderr, "zonepolicy: %s\n", z->c.err);
		return EXIT_ERRORS;
	}
	return rc == ZP_OK ? 0 : EXIT_ERRORS;
}

void zonein_free(ZoneIn *z)
{
	if (z->compiled)
		zp_compilation_free(&z->c);
	permmap_free(z->pm);
	basepol_free(z->base);
	basefc_close(z->bo.fc);
	free(z->text);
	if (z->prof_open)
		profile_free(&z->prof);
}
