/* cmd_build.c: `zonepolicy build FILE.zone [-o DIR]`.
 *
 * Compiles in memory (compile.c: every output, the .pp included) and
 * writes every output atomically: all of them, or none.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basemods.h"
#include "profile.h"
#include "xalloc.h"
#include "cli.h"
#include "compile.h"
#include "out.h"


static const char build_usage[] =
	"usage: zonepolicy build [OPTIONS] FILE.zone\n"
	"\n"
	"Writes M.te, M.if, M.fc, M.cil, M.pp and M.vectors for module M.\n"
	"\n"
	"  -o, --output DIR        where to write, created if missing (default: the current\n"
	"                          directory)\n"
	"      --no-pp             do not write M.pp\n"
	"      --pp-tool TOOL      how M.pp is made: 'libsepol' (default: in process, from\n"
	"                          the rules) or 'checkmodule' (checkmodule and\n"
	"                          semodule_package over M.te and M.fc)\n"
	"      --template-dir DIR  read templates from DIR instead of the built-in ones\n"
	"      --base-profile NAME the base policy: " PROFILE_NAMES " (default: the host's\n"
	"                          SELINUXTYPE, targeted: fedora, else debian); it gives the\n"
	"                          defaults of the five options below\n"
	"      --base-fc FILE      base file contexts (debian: " BASEFC_DEFAULT ")\n"
	"      --base-modules FILE base module list, or a store's module directory\n"
	"                          (debian: " DEFAULT_BASE_MODULES ")\n"
	"      --base-headers DIR  the base policy's interface headers, base layer included\n"
	"                          (debian: " DEFAULT_BASE_HEADERS ")\n"
	"      --perm-map FILE     setools permission map (default " PERMMAP_DEFAULT ")\n"
	"      --perm-map-override FILE\n"
	"                          directions for permissions the map lacks (default: the\n"
	"                          shipped permmap.override; 'none': the map alone)\n"
	"      --base POLICY       binary base policy for port labels (debian:\n"
	"                          " BASEPOL_DEFAULT ")\n"
	"      --units DIR         also write systemd units M.service, M-ZONE.service into DIR\n"
	"      --graph FILE.dot    also write a Graphviz picture of the module\n"
	"  -W no-NAME              do not print warning NAME\n"
	"  -W error=NAME           make warning NAME an error\n"
	"  -W error                make every warning an error\n"
	"      --diagnostics-format FORMAT\n"
	"                          'text' (default: FILE:LINE:COL lines on stderr) or\n"
	"                          'sarif' (one SARIF 2.1.0 log on stdout, none on stderr)\n"
	"      --list-checks       list every diagnostic: NAME SEVERITY PASS\n"
	"  -h, --help              this help\n";

#define MAX_SOURCE (64u << 20)

/* The output sets, in the order they are renamed into place: the units
 * (--units DIR), the graph (the directory of --graph FILE), the main
 * outputs (-o DIR).  Every temporary of every set is written before the
 * first rename (docs/outputs.md). */
enum { SET_UNITS, SET_GRAPH, SET_MAIN, SETS };

static int set_of(OutKind k)
{
	return k == OUT_UNITS ? SET_UNITS : k == OUT_GRAPH ? SET_GRAPH : SET_MAIN;
}

/* BuildOptions.spill_open: a file of the main output set, begun before the
 * compilation. */
static FILE *open_spill(void *ctx, const char *name, char *err, size_t errlen)
{
	OutSet *set = ctx;
	FILE *f = out_stream(set, name);
	if (!f)
		snprintf(err, errlen, "%s", set->err);
	return f;
}

/* Writes every output of c, all or nothing; -1 with a message in err.
 * main_set: the main set, already begun (its spilled files in it), or
 * NULL; either way it is committed or aborted here. */
static int write_outputs(const Compilation *c, OutSet *main_set, const char *outdir, const char *unitdir,
			 const char *graphfile, char *err, size_t errlen)
{
	const char *dir[SETS] = { unitdir, NULL, outdir }, *graph_name = NULL;
	static const char *const flag[SETS] = { "--units: ", "--graph: ", "" };
	char *graph_dir = NULL;
	int rc = 0;
	if (graphfile) {
		/* FILE.dot names the directory of its set and the file's name */
		const char *slash = strrchr(graphfile, '/');
		graph_name = slash ? slash + 1 : graphfile;
		graph_dir = !slash ? xstrdup(".") : slash == graphfile ? xstrdup("/")
			: xstrndup(graphfile, (size_t)(slash - graphfile));
		dir[SET_GRAPH] = graph_dir;
		if (!*graph_name || strcmp(graph_name, ".") == 0 || strcmp(graph_name, "..") == 0) {
			snprintf(err, errlen, "--graph: '%s' names no file", graphfile);
			rc = -1;
		}
	}
	OutSet set[SETS];
	bool begun[SETS] = { false };
	if (main_set) {
		set[SET_MAIN] = *main_set;
		begun[SET_MAIN] = true;
	}
	for (int d = 0; d < SETS && rc == 0; d++) {
		if (!dir[d])
			continue;
		/* -o DIR is created when missing (and removed again when the
		 * build then fails); --units and --graph name existing places */
		if (!begun[d] && (d == SET_MAIN ? out_begin_create : out_begin)(&set[d], dir[d]) != 0) {
			snprintf(err, errlen, "%s%s", flag[d], set[d].err);
			rc = -1;
			break;
		}
		begun[d] = true;
		for (int k = 0; k < OUT_KINDS && rc == 0; k++)
			for (size_t i = 0; set_of((OutKind)k) == d && i < c->out[k].n && rc == 0; i++) {
				const GenFile *f = &c->out[k].files[i];
				if (f->data.spill ? out_stream_end(&set[d], f->data.spill, f->data.data, f->data.len)
				    : out_write(&set[d], k == OUT_GRAPH ? graph_name : f->name, f->data.data,
						f->data.len) != 0) {
					snprintf(err, errlen, "%s", set[d].err);
					rc = -1;
				}
			}
	}
	for (int d = 0; d < SETS && rc == 0; d++)
		if (begun[d]) {
			begun[d] = false;
			if (out_commit(&set[d]) != 0) {
				snprintf(err, errlen, "%s", set[d].err);
				rc = -1;
			}
		}
	for (int d = 0; d < SETS; d++)
		if (begun[d])
			out_abort(&set[d]);
	free(graph_dir);
	return rc;
}

/* What the command line asks of a build. */
typedef struct BuildArgs {
	const char *file, *outdir, *tpl, *fcpath, *modpath, *pmpath, *hdrpath;
	const char *unitdir, *graphfile, *basepol, *ovpath, *profname;
	BaseProfile prof;
	bool no_pp, pp_tool, sarif;
	CheckSwitches sw;
} BuildArgs;

/* Reads the command line into a: -1 when a build follows, or the exit
 * status of what it asked instead (--help, --list-checks, a usage error). */
static int parse_args(int argc, char **argv, BuildArgs *a)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "no-pp", no_argument, NULL, 'P' },
		{ "pp-tool", required_argument, NULL, 'K' },
		{ "template-dir", required_argument, NULL, 'T' },
		{ "base-fc", required_argument, NULL, 'F' },
		{ "base-modules", required_argument, NULL, 'M' },
		{ "base-headers", required_argument, NULL, 'H' },
		{ "perm-map", required_argument, NULL, 'm' },
		{ "perm-map-override", required_argument, NULL, 'R' },
		{ "base", required_argument, NULL, 'B' },
		{ "base-profile", required_argument, NULL, 'X' },
		{ "units", required_argument, NULL, 'U' },
		{ "graph", required_argument, NULL, 'G' },
		{ "list-checks", no_argument, NULL, 'L' },
		{ "diagnostics-format", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	*a = (BuildArgs){ .outdir = "." };
	int list_checks = 0, ch;
	char err[1024];
	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:hW:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': a->outdir = optarg; break;
		case 'P': a->no_pp = true; break;
		case 'K':
			if (strcmp(optarg, "libsepol") != 0 && strcmp(optarg, "checkmodule") != 0) {
				fprintf(stderr, "zonepolicy: --pp-tool %s: expected 'libsepol' or 'checkmodule'\n",
					optarg);
				return EXIT_USAGE;
			}
			a->pp_tool = strcmp(optarg, "checkmodule") == 0;
			break;
		case 'T': a->tpl = optarg; break;
		case 'F': a->fcpath = optarg; break;
		case 'M': a->modpath = optarg; break;
		case 'H': a->hdrpath = optarg; break;
		case 'm': a->pmpath = optarg; break;
		case 'R': a->ovpath = optarg; break;
		case 'B': a->basepol = optarg; break;
		case 'X': a->profname = optarg; break;
		case 'U': a->unitdir = optarg; break;
		case 'G': a->graphfile = optarg; break;
		case 'L': list_checks = 1; break;
		case 'D':
			if (strcmp(optarg, "sarif") != 0 && strcmp(optarg, "text") != 0) {
				fprintf(stderr, "zonepolicy: --diagnostics-format %s: expected 'text' or 'sarif'\n",
					optarg);
				return EXIT_USAGE;
			}
			a->sarif = strcmp(optarg, "sarif") == 0;
			break;
		case 'W':
			if (check_switch(&a->sw, optarg, err, sizeof err) != 0) {
				fprintf(stderr, "zonepolicy: %s\n", err);
				return EXIT_USAGE;
			}
			break;
		case 'h': fputs(build_usage, stdout); return EXIT_OK;
		default: fputs(build_usage, stderr); return EXIT_USAGE;
		}
	}
	if (list_checks) {
		if (optind != argc) {
			fputs("zonepolicy: build --list-checks takes no FILE.zone\n", stderr);
			return EXIT_USAGE;
		}
		checks_list(stdout);
		return EXIT_OK;
	}
	if (optind != argc - 1) {
		fputs(build_usage, stderr);
		return EXIT_USAGE;
	}
	a->file = argv[optind];
	if (profile_open(&a->prof, a->profname, err, sizeof err) != 0) {
		fprintf(stderr, "zonepolicy: %s\n", err);
		return EXIT_USAGE;
	}
	if (!a->fcpath)
		a->fcpath = a->prof.fc;
	if (!a->modpath)
		a->modpath = a->prof.modules;
	if (!a->hdrpath)
		a->hdrpath = a->prof.headers;
	if (!a->pmpath)
		a->pmpath = a->prof.permmap;
	return -1;
}

/* What a build reads of the base: owned here, lent to zp_compile in
 * BuildOptions. */
typedef struct BaseInputs {
	BasePolicy *base;
	PermMap *pm;
	char *modtext, *hdrtext;     /* behind bo.sema.base_modules, base_headers */
} BaseInputs;

static void close_base(BuildOptions *bo, BaseInputs *in)
{
	permmap_free(in->pm);
	basepol_free(in->base);
	basefc_close(bo->fc);
	free((void *)bo->sema.base_modules);
	free(in->modtext);
	free((void *)bo->sema.base_headers);
	free(in->hdrtext);
}

/* Opens the base's inputs into bo and in.  -1, with the message printed and
 * nothing left open, when one the build cannot do without is missing: the
 * file contexts, or a binary policy named by --base.  A permission map that
 * does not open is not one: then err says why, for a file with asserts. */
static int open_base(const BuildArgs *a, BuildOptions *bo, BaseInputs *in, char *err, size_t errlen)
{
	in->base = basepol_load(a->basepol ? a->basepol : a->prof.policy, err, errlen);
	if (!in->base && a->basepol) {
		fprintf(stderr, "zonepolicy: %s\n", err);
		return -1;
	}
	bo->base = in->base;
	bo->sema.base_source = a->basepol ? a->basepol : a->prof.policy;
	bo->sema.base_modules = base_modules_load(a->modpath, &in->modtext);
	bo->sema.base_modules_source = a->modpath;
	bo->sema.base_headers = base_headers_load(a->hdrpath, &in->hdrtext);
	bo->sema.base_headers_source = a->hdrpath;
	bo->fc = basefc_open(a->fcpath, err, errlen);
	if (!bo->fc) {
		fprintf(stderr, "zonepolicy: %s (use --base-fc)\n", err);
		close_base(bo, in);
		return -1;
	}
	in->pm = permmap_open(a->pmpath, a->ovpath, err, errlen);
	bo->pm = in->pm;
	return 0;
}

/* With --diagnostics-format sarif, a build that stops before compiling
 * still writes its log: no results, the invocation failed, and why. */
static void sarif_failure(const BuildArgs *a, const char *why)
{
	if (!a->sarif)
		return;
	Diag d;
	diag_init(&d, a->file, NULL, 0, stderr);
	d.sarif = true;
	diag_sarif(&d, stdout, ZP_VERSION, why);
	diag_free(&d);
}

int cmd_build(int argc, char **argv)
{
	BuildArgs a;
	int status = parse_args(argc, argv, &a);
	if (status >= 0)
		return status;
	char err[1024];
	size_t len;
	char *text = read_file(a.file, MAX_SOURCE, &len, err, sizeof err);
	if (!text) {
		fprintf(stderr, "zonepolicy: %s\n", err);
		sarif_failure(&a, err);
		profile_free(&a.prof);
		return EXIT_ERRORS;
	}
	BuildOptions bo = { .tpl_dir = a.tpl, .checks = a.sw, .pp = !a.no_pp, .pp_tool = a.pp_tool, .units = a.unitdir != NULL,
			    .graph = a.graphfile != NULL, .sarif = a.sarif };
	BaseInputs in = { 0 };
	if (open_base(&a, &bo, &in, err, sizeof err) != 0) {
		sarif_failure(&a, "the base policy's inputs did not open (see the message on stderr)");
		free(text);
		profile_free(&a.prof);
		return EXIT_ERRORS;
	}
	status = EXIT_ERRORS;
	/* the main files are printed straight into the output directory's
	 * temporary files (a directory that cannot be used now is reported
	 * after the compilation, as before) */
	OutSet mainset;
	bool spill = out_begin_create(&mainset, a.outdir) == 0;
	if (spill) {
		bo.spill_open = open_spill;
		bo.spill_ctx = &mainset;
		bo.spill_dir = a.outdir;
	}
	Compilation c;
	const char *failure = NULL;
	char msg[sizeof err + sizeof c.err + 64];
	int rc = zp_compile(&c, &bo, a.file, text, len, stderr);
	if (rc == ZP_FAIL) {
		if (!in.pm && c.mod.asserts)
			snprintf(msg, sizeof msg, "%s (install python3-setools, or see --perm-map and --perm-map-override)", err);
		else
			snprintf(msg, sizeof msg, "%s", c.err);
		failure = msg;
	} else if (rc == ZP_OK) {
		spill = false;
		if (write_outputs(&c, bo.spill_open ? &mainset : NULL, a.outdir, a.unitdir, a.graphfile, err,
				  sizeof err) != 0) {
			snprintf(msg, sizeof msg, "%s; nothing was written", err);
			failure = msg;
		} else {
			status = EXIT_OK;
		}
	}
	if (spill)
		out_abort(&mainset);   /* the build failed: nothing of it stays */
	if (failure)
		fprintf(stderr, "zonepolicy: %s\n", failure);
	if (a.sarif)
		diag_sarif(&c.diag, stdout, ZP_VERSION, failure);
	zp_compilation_free(&c);
	close_base(&bo, &in);
	profile_free(&a.prof);
	free(text);
	return status;
}
