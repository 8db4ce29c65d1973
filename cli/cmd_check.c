/* cmd_check.c: `zonepolicy check --policy POLICY FILE.vectors`: options,
 * then check/ reads the vectors, judges them against the binary policy and
 * reports (check/check.h).  Every failure is printed with its file and line,
 * the vector, its origin comment and the reason; the last line is
 * `N passed, N failed`.  Exit 0 when none failed, 1 when some did, 2 on
 * usage errors or unreadable input.
 */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cli.h"
#include "check.h"
#include "permmap.h"
#include "profile.h"

static const char check_usage[] =
	"usage: zonepolicy check --policy POLICY [OPTIONS] FILE.vectors\n"
	"\n"
	"Evaluates test vectors (spec section 6) against a binary kernel policy,\n"
	"prints each failure and ends with 'N passed, N failed'.\n"
	"\n"
	"  --policy POLICY    the linked binary policy (zonepolicy link)\n"
	"  --json             a machine-readable report of every vector instead\n"
	"  --leaks            add the base-policy leak report (ambient grants)\n"
	"  --base-profile NAME  the base the policy was linked with (" PROFILE_NAMES "):\n"
	"                     gives the default permission map\n"
	"  --perm-map FILE    permission map (default: setools' perm_map)\n"
	"  --perm-map-override FILE\n"
	"                     directions for permissions the map lacks (default: the\n"
	"                     shipped permmap.override; 'none': the map alone)\n"
	"  -v, --verbose      print passing vectors too\n"
	"  --stats            timings and graph size on stderr\n"
	"  -h, --help         this help\n"
	"\n"
	"Exit status: 0 all passed, 1 some failed, 2 usage error or unreadable input,\n"
	"3 none failed but some are open in the base (base-wide grants, docs/checking.md).\n";

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "policy", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "leaks", no_argument, NULL, 'l' },
		{ "perm-map", required_argument, NULL, 'm' },
		{ "base-profile", required_argument, NULL, 'X' },
		{ "perm-map-override", required_argument, NULL, 'o' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "stats", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *policy = NULL, *pmpath = NULL, *ovpath = NULL, *profname = NULL;
	bool json = false, leaks = false, verbose = false, stats = false;
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p': policy = optarg; break;
		case 'j': json = true; break;
		case 'l': leaks = true; break;
		case 'm': pmpath = optarg; break;
		case 'X': profname = optarg; break;
		case 'o': ovpath = optarg; break;
		case 'v': verbose = true; break;
		case 's': stats = true; break;
		case 'h': fputs(check_usage, stdout); return EXIT_OK;
		default: fputs(check_usage, stderr); return EXIT_USAGE;
		}
	}
	if (!policy || optind != argc - 1) {
		fputs(check_usage, stderr);
		return EXIT_USAGE;
	}
	BaseProfile prof;
	char perr[256];
	if (profile_open(&prof, profname, perr, sizeof perr) != 0) {
		fprintf(stderr, "zonepolicy: check: %s\n", perr);
		return EXIT_USAGE;
	}
	if (!pmpath)
		pmpath = prof.permmap; /* static: outlives prof */
	profile_free(&prof);
	Check c = { 0 };
	c.vfile = argv[optind];
	char err[4096];
	PermMap *pm = NULL;
	int status = EXIT_USAGE;
	double t0 = now();
	if (check_read_vectors(&c, err, sizeof err) < 0) {
		fprintf(stderr, "zonepolicy: check: %s\n", err);
		goto out;
	}
	if (!(c.pol = policy_load(policy, err, sizeof err))) {
		fprintf(stderr, "zonepolicy: check: %s\n", err);
		goto out;
	}
	double t1 = now();
	check_prepare(&c);
	bool need_flow = leaks;
	for (size_t i = 0; i < c.n; i++)
		need_flow |= c.v[i].kind == V_NOFLOW;
	double t2 = t1;
	if (need_flow) {
		if (!c.hdr.present) {
			c.flow_err = "the vectors file has no '# zonepolicy: module NAME launcher TYPE|- trusted TYPE...' "
				     "header: the flow analysis needs the module, its launcher and its trusted zones";
		} else if (!(pm = permmap_open(pmpath, ovpath, err, sizeof err))) {
			fprintf(stderr, "zonepolicy: check: %s\n", err);
			goto out;
		} else {
			c.pm = pm;
			FlowCfg cfg = { c.hdr.module, c.hdr.launcher, (const char *const *)c.hdr.trusted, c.hdr.ntrusted };
			if (!(c.flow = flow_build(c.pol, pm, &cfg, err, sizeof err))) {
				fprintf(stderr, "zonepolicy: check: %s\n", err);
				goto out;
			}
		}
		t2 = now();
	}
	size_t pass = 0, failn = 0, nflow = 0;
	double tflow = 0;
	for (size_t i = 0; i < c.n; i++) {
		double a = now();
		check_evaluate(&c, &c.v[i]);
		if (c.v[i].kind == V_NOFLOW) {
			tflow += now() - a;
			nflow++;
		}
		if (c.v[i].pass)
			pass++;
		else if (!c.v[i].open)
			failn++;
	}
	double t3 = now();
	Buf out = { 0 };
	if (json) {
		check_report_json(&c, policy, &out, pass, failn, leaks);
	} else {
		check_report_text(&c, &out, pass, failn, verbose, leaks);
	}
	fputs(buf_str(&out), stdout);
	buf_free(&out);
	if (stats) {
		size_t nn = 0, ne = 0, na = 0, nu = 0;
		if (c.flow) {
			flow_stats(c.flow, &nn, &ne, &na);
			nu = flow_unmapped(c.flow, NULL, "");
		}
		fprintf(stderr,
			"check: load %.3f s; flow graph %.3f s (%zu types, %zu edges, %zu ambient, %zu unmapped perms); "
			"%zu vectors in %.3f s (%.0f/s), of which %zu noflow in %.4f s\n",
			t1 - t0, t2 - t1, nn, ne, na, nu, c.n, t3 - t2, (t3 - t2) > 0 ? (double)c.n / (t3 - t2) : 0.0,
			nflow, tflow);
	}
	status = failn ? EXIT_ERRORS : c.nopen ? EXIT_OPEN : EXIT_OK;
out:
	permmap_free(pm);
	check_free(&c);
	return status;
}

