/* zonein.h: a .zone file compiled in memory, with the base inputs a build
 * reads, for the commands that answer questions about it (learn, explain).
 * The options are build's own: --base-profile, --base-fc, --base,
 * --perm-map, --perm-map-override.  Nothing is written. */
#ifndef ZP_ZONEIN_H
#define ZP_ZONEIN_H

#include <stdbool.h>
#include <stddef.h>

#include "compile.h"
#include "profile.h"   /* the base profile: the defaults of the paths below */

typedef struct ZoneIn {
	const char *file;
	const char *profname;                             /* NULL: the host's */
	const char *fcpath, *polpath, *pmpath, *ovpath;   /* NULL: the profile's */
	BaseProfile prof;
	bool prof_open;
	char *text;
	size_t len;
	BuildOptions bo;
	BasePolicy *base;
	PermMap *pm;
	Compilation c;
	bool compiled;
} ZoneIn;

/* One of the base options (getopt's value ch, ZONEIN_LONGOPTS): true when
 * ch was one. */
bool zonein_option(ZoneIn *z, int ch, const char *arg);
/* The long options, to be appended to a command's own (ids 'A', 'F', 'B', 'm', 'R'). */
#define ZONEIN_LONGOPTS \
	{ "base-profile", required_argument, NULL, 'A' }, \
	{ "base-fc", required_argument, NULL, 'F' }, \
	{ "base", required_argument, NULL, 'B' }, \
	{ "perm-map", required_argument, NULL, 'm' }, \
	{ "perm-map-override", required_argument, NULL, 'R' }
#define ZONEIN_USAGE \
	"      --base-profile NAME the base policy: " PROFILE_NAMES " (default: the host's)\n" \
	"      --base-fc FILE      base file contexts (default: the profile's)\n" \
	"      --base POLICY       binary base policy (default: the profile's)\n" \
	"      --perm-map FILE     setools permission map (default " PERMMAP_DEFAULT ")\n" \
	"      --perm-map-override FILE  as for build\n"

void zonein_defaults(ZoneIn *z);
/* Reads and compiles file: 0, or the exit status (diagnostics or a
 * message printed). */
int zonein_compile(ZoneIn *z, const char *file);
void zonein_free(ZoneIn *z);

#endif
