/* cmd_link.c: `zonepolicy link M.pp|M.cil... -o POLICY`.
 *
 * Links modules with the base policy offline, with neverallow checking on,
 * and writes a binary kernel policy plus its file_contexts (base/store.h:
 * the base is installed once into a cached semodule store and compiled
 * once; a link adds the modules to that compile, base/fastlink.h, or with
 * --full runs secilc over the whole store).  --base-store DIR uses an
 * existing store root instead.
 *
 * A module's M_netcheck.cil beside it (the policy capability of a module
 * that labels packets, docs/network.md) is linked with it, as install puts
 * both in one transaction; --no-netcheck leaves it out.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "xalloc.h"
#include "cli.h"
#include "store.h"
#include "naproof.h"
#include "profile.h"

static const char link_usage[] =
	"usage: zonepolicy link [OPTIONS] MODULE.pp|MODULE.cil...\n"
	"\n"
	"Links the modules with the base policy (neverallow checks on) into a\n"
	"binary kernel policy.\n"
	"\n"
	"  -o, --output FILE       the kernel policy (default: policy.33)\n"
	"      --fc FILE           its file contexts (default: OUTPUT.file_contexts)\n"
	"      --base-profile NAME the base policy: " PROFILE_NAMES " (default: the host's\n"
	"                          SELINUXTYPE, targeted: fedora, else debian)\n"
	"      --no-dontaudit      leave out the dontaudit rules: every denial is logged\n"
	"      --no-netcheck       do not link a module's M_netcheck.cil found beside it\n"
	"      --full              secilc over the whole base, not the cached compile\n"
	"      --base-dir DIR      base policy packages (debian: " STORE_BASE_DIR ")\n"
	"      --base-store DIR    use this semodule store root as the base instead\n"
	"      --cache DIR         where the base store is cached (default:\n"
	"                          $ZONEPOLICY_CACHE, $XDG_CACHE_HOME/zonepolicy or ~/.cache/zonepolicy)\n"
	"  -h, --help              this help\n";

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The modules and, after them, each one's M_netcheck.cil that exists beside
 * it and is not named already.  Returns the count and sets *out (NULL and
 * 0 when there is none to add); the added names are allocated. */
static int with_netchecks(char **mods, int n, char ***out)
{
	*out = NULL;
	int total = n;
	for (int i = 0; i < n; i++) {
		const char *m = mods[i];
		size_t stem = strlen(m) - (ends_with(m, ".pp") ? 3 : 4);
		if (stem >= 9 && !strncmp(m + stem - 9, "_netcheck", 9))
			continue;
		char *nc = xmalloc(stem + 16);
		snprintf(nc, stem + 16, "%.*s_netcheck.cil", (int)stem, m);
		bool skip = access(nc, R_OK) != 0;     /* none beside it */
		for (int k = 0; k < total && !skip; k++)
			skip = !strcmp(k < n ? mods[k] : (*out)[k], nc);   /* named already */
		if (skip) {
			free(nc);
			continue;
		}
		if (!*out) {
			*out = xmalloc((size_t)(n + n) * sizeof **out);
			memcpy(*out, mods, (size_t)n * sizeof *mods);
		}
		(*out)[total++] = nc;
	}
	return *out ? total : 0;
}

int cmd_link(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "fc", required_argument, NULL, 'f' },
		{ "base-dir", required_argument, NULL, 'B' },
		{ "base-store", required_argument, NULL, 'S' },
		{ "cache", required_argument, NULL, 'C' },
		{ "base-profile", required_argument, NULL, 'X' },
		{ "no-dontaudit", no_argument, NULL, 'D' },
		{ "no-netcheck", no_argument, NULL, 'N' },
		{ "full", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	LinkJob j = { .output = "policy.33", .notes = stderr };
	const char *cache_opt = NULL, *profname = NULL;
	bool netcheck = true;
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': j.output = optarg; break;
		case 'f': j.fc_output = optarg; break;
		case 'B': j.base_dir = optarg; break;
		case 'S': j.store = optarg; break;
		case 'C': cache_opt = optarg; break;
		case 'X': profname = optarg; break;
		case 'D': j.no_dontaudit = 1; break;
		case 'N': netcheck = false; break;
		case 'F': j.full = 1; break;
		case 'h': fputs(link_usage, stdout); return EXIT_OK;
		default: fputs(link_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		fputs(link_usage, stderr);
		return EXIT_USAGE;
	}
	for (int i = optind; i < argc; i++)
		if (!ends_with(argv[i], ".pp") && !ends_with(argv[i], ".cil")) {
			fprintf(stderr, "zonepolicy: link: '%s' is neither a .pp nor a .cil module\n", argv[i]);
			return EXIT_USAGE;
		}
	BaseProfile prof;
	char perr[256];
	if (profile_open(&prof, profname, perr, sizeof perr) != 0) {
		fprintf(stderr, "zonepolicy: link: %s\n", perr);
		return EXIT_USAGE;
	}
	if (!j.base_dir)
		j.base_dir = prof.packages;
	if (!j.store)
		j.store = prof.store;
	j.store_name = prof.store_name;
	/* a base that fails its own neverallows: link without, then prove the
	 * module's (base/naproof.h) */
	j.no_neverallow = !prof.base_neverallows;
	char *cache = cache_opt ? xstrdup(cache_opt) : cache_dir();
	char *fcdefault = NULL;
	if (!j.fc_output) {
		size_t n = strlen(j.output) + 16;
		fcdefault = xmalloc(n);
		snprintf(fcdefault, n, "%s.file_contexts", j.output);
		j.fc_output = fcdefault;
	}
	j.cache = cache;
	char **mods = NULL;
	int nmods = netcheck ? with_netchecks(argv + optind, argc - optind, &mods) : 0;
	j.modules = mods ? mods : argv + optind;
	j.nmodules = mods ? nmods : argc - optind;
	Buf err = { 0 };
	int status = EXIT_OK;
	if (link_policy(&j, &err) != 0 || (j.no_neverallow && naproof_run(&j, stdout, &err) != 0)) {
		const char *e = buf_str(&err);
		fprintf(stderr, "zonepolicy: link: %s%s", e, *e && e[strlen(e) - 1] == '\n' ? "" : "\n");
		status = EXIT_ERRORS;
		if (j.no_neverallow)
			remove(j.output), remove(j.fc_output);
	}
	buf_free(&err);
	free(cache);
	free(fcdefault);
	for (int i = argc - optind; mods && i < nmods; i++)
		free(mods[i]);
	free(mods);
	profile_free(&prof);
	return status;
}
