/* cmd_trial.c: `zonepolicy trial FILE.zone FILE.trial [-o DIR]`.
 *
 * Tries the policy on real programs before it goes on a host
 * (docs/trial.md): the work is done by the trial kit, a shell script and the
 * static /init of the VM (trial/ in the sources), found in this order:
 * $ZONEPOLICY_TRIAL_DIR, `trial/` next to this binary (the build tree), then
 * the installed $(PREFIX)/libexec/zonepolicy.  This command checks its
 * arguments, finds the kit and runs it with this very binary for the build
 * and the link; the kit's status is the command's.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "profile.h"

#ifndef ZP_LIBEXEC
#define ZP_LIBEXEC "/usr/local/libexec/zonepolicy"
#endif

static const char trial_usage[] =
	"usage: zonepolicy trial [-o DIR] [--base-profile NAME] FILE.zone FILE.trial\n"
	"\n"
	"Builds and links the module, boots a throwaway VM (QEMU, Debian's kernel,\n"
	"SELinux enforcing) holding the programs the trial script names, runs its\n"
	"steps, then again in permissive mode as the control, and reports each step\n"
	"and every AVC record.  Ends with \"unexpected denials: N\" and\n"
	"\"trial: N passed, N failed\"; exit status 0 only when both are clean.\n"
	"\n"
	"  -o, --output DIR   the work directory (default: NAME-trial, NAME the\n"
	"                     trial file's name); it is emptied first\n"
	"      --base-profile NAME  the base policy the module is built and linked\n"
	"                     with: " PROFILE_NAMES " (default: the host's); the VM's\n"
	"                     programs are this host's, labelled by its file contexts\n"
	"  -h, --help         this help\n"
	"\n"
	"The kit: $ZONEPOLICY_TRIAL_DIR, else trial/ beside this binary, else\n"
	ZP_LIBEXEC ".\n";

static int is_kit(const char *dir)
{
	char p[PATH_MAX];
	struct stat st;
	snprintf(p, sizeof p, "%s/trial.sh", dir);
	if (stat(p, &st) || !S_ISREG(st.st_mode))
		return 0;
	snprintf(p, sizeof p, "%s/tinit", dir);
	return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* the kit's directory into `dir`, or 0 */
static int find_kit(const char *self, char *dir, size_t n)
{
	const char *env = getenv("ZONEPOLICY_TRIAL_DIR");
	if (env && *env) {
		snprintf(dir, n, "%s", env);
		return is_kit(dir);
	}
	const char *slash = strrchr(self, '/');
	if (slash) {
		snprintf(dir, n, "%.*s/trial", (int)(slash - self), self);
		if (is_kit(dir))
			return 1;
	}
	snprintf(dir, n, "%s", ZP_LIBEXEC);
	return is_kit(dir);
}

int cmd_trial(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "base-profile", required_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *outdir = NULL, *profname = NULL;
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': outdir = optarg; break;
		case 'X': profname = optarg; break;
		case 'h': fputs(trial_usage, stdout); return EXIT_OK;
		default: fputs(trial_usage, stderr); return EXIT_USAGE;
		}
	}
	if (argc - optind != 2) {
		fputs(trial_usage, stderr);
		return EXIT_USAGE;
	}
	const char *zone = argv[optind], *script = argv[optind + 1];
	for (int i = 0; i < 2; i++) {
		const char *f = argv[optind + i];
		if (access(f, R_OK)) {
			fprintf(stderr, "zonepolicy: trial: cannot read '%s'\n", f);
			return EXIT_USAGE;
		}
	}
	/* the kit builds and links with this profile and labels the VM's root
	 * with its file contexts' path substitutions (the profile knows where
	 * they are; the kit knows no distribution's paths) */
	BaseProfile prof;
	char perr[256];
	if (profile_open(&prof, profname, perr, sizeof perr) != 0) {
		fprintf(stderr, "zonepolicy: trial: %s\n", perr);
		return EXIT_USAGE;
	}
	int envfail = setenv("TRIAL_BASE_PROFILE", prof.name, 1) != 0 ||
		      (!getenv("TRIAL_BASE_FC") && setenv("TRIAL_BASE_FC", prof.fc, 1) != 0);
	profile_free(&prof);
	if (envfail) {
		perror("zonepolicy: trial: setenv");
		return EXIT_ERRORS;
	}
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
	if (n <= 0) {
		fprintf(stderr, "zonepolicy: trial: cannot find this program (/proc/self/exe)\n");
		return EXIT_ERRORS;
	}
	self[n] = 0;
	char kit[PATH_MAX];
	if (!find_kit(self, kit, sizeof kit)) {
		fprintf(stderr, "zonepolicy: trial: no trial kit (trial.sh and tinit) in %s\n", kit);
		return EXIT_ERRORS;
	}
	char defout[PATH_MAX];
	if (!outdir) {
		const char *base = strrchr(script, '/');
		base = base ? base + 1 : script;
		const char *dot = strrchr(base, '.');
		snprintf(defout, sizeof defout, "%.*s-trial", (int)(dot && dot != base ? dot - base : (long)strlen(base)), base);
		outdir = defout;
	}
	char sh[PATH_MAX + 16], tinit[PATH_MAX + 16];
	snprintf(sh, sizeof sh, "%s/trial.sh", kit);
	snprintf(tinit, sizeof tinit, "%s/tinit", kit);
	fflush(NULL);
	execl("/bin/sh", "sh", sh, self, tinit, zone, script, outdir, (char *)NULL);
	perror("zonepolicy: trial: /bin/sh");
	return EXIT_ERRORS;
}
