/* cmd_build.c: `zonepolicy build FILE.zone [-o DIR]`.
 *
 * Compiles in memory (compile.c), turns the .te and .fc into a .pp with
 * checkmodule and semodule_package in a private temporary directory, and
 * writes every output atomically: all of them, or none.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basemods.h"
#include "cli.h"
#include "compile.h"
#include "emit_extra.h"
#include "out.h"
#include "run.h"


static const char build_usage[] =
	"usage: zonepolicy build [OPTIONS] FILE.zone\n"
	"\n"
	"Writes M.te, M.if, M.fc, M.cil, M.pp and M.vectors for module M.\n"
	"\n"
	"  -o, --output DIR        where to write (default: the current directory)\n"
	"      --no-pp             do not run checkmodule (no M.pp)\n"
	"      --template-dir DIR  read templates from DIR instead of the built-in ones\n"
	"      --base-fc FILE      base file contexts (default " BASEFC_DEFAULT ")\n"
	"      --base-modules FILE base module list (default " DEFAULT_BASE_MODULES ")\n"
	"      --perm-map FILE     setools permission map (default " PERMMAP_DEFAULT ")\n"
	"      --perm-map-override FILE\n"
	"                          directions for permissions the map lacks (default: the\n"
	"                          shipped permmap.override; 'none': the map alone)\n"
	"      --base POLICY       binary base policy for port labels (default\n"
	"                          " BASEPOL_DEFAULT ")\n"
	"      --units DIR         also write systemd units M.service, M-ZONE.service into DIR\n"
	"      --graph FILE.dot    also write a Graphviz picture of the module\n"
	"  -h, --help              this help\n";

#define MAX_SOURCE (64u << 20)

/* M.te + M.fc -> M.pp, through checkmodule and semodule_package. */
static int make_pp(const Compilation *c, Buf *pp, char *err, size_t errlen)
{
	const char *mod = c->mod.name->name;
	const Buf *te = NULL, *fc = NULL;
	for (int i = 0; i < c->nout; i++) {
		size_t n = strlen(c->out[i].name);
		if (n > 3 && strcmp(c->out[i].name + n - 3, ".te") == 0)
			te = &c->out[i].data;
		if (n > 3 && strcmp(c->out[i].name + n - 3, ".fc") == 0)
			fc = &c->out[i].data;
	}
	char *dir = make_tmpdir(err, errlen);
	if (!dir)
		return -1;
	int rc = -1;
	char tep[4096], fcp[4096], modp[4096], ppp[4096];
	snprintf(tep, sizeof tep, "%s/%s.te", dir, mod);
	snprintf(fcp, sizeof fcp, "%s/%s.fc", dir, mod);
	snprintf(modp, sizeof modp, "%s/%s.mod", dir, mod);
	snprintf(ppp, sizeof ppp, "%s/%s.pp", dir, mod);
	OutSet o;
	if (out_begin(&o, dir) || out_write(&o, strrchr(tep, '/') + 1, te->data, te->len) ||
	    out_write(&o, strrchr(fcp, '/') + 1, fc->data, fc->len) || out_commit(&o)) {
		snprintf(err, errlen, "%s", o.err);
		out_abort(&o);
		goto done;
	}
	Buf log = { 0 };
	char *cm[] = { "checkmodule", "-M", "-m", "-o", modp, tep, NULL };
	char *sp[] = { "semodule_package", "-o", ppp, "-m", modp, "-f", fcp, NULL };
	char terr[512];
	if (run_tool(cm, &log, terr, sizeof terr) != 0 || run_tool(sp, &log, terr, sizeof terr) != 0) {
		snprintf(err, errlen, "%s%s%s", terr,
			 strstr(terr, "cannot run") ? " (install checkpolicy and semodule-utils)" : ":\n",
			 strstr(terr, "cannot run") ? "" : buf_str(&log));
		buf_free(&log);
		goto done;
	}
	buf_free(&log);
	size_t len;
	char *data = read_file(ppp, 1u << 30, &len, err, errlen);
	if (!data)
		goto done;
	buf_put(pp, data, len);
	free(data);
	rc = 0;
done:
	remove_tree(dir);
	free(dir);
	return rc;
}

int cmd_build(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "no-pp", no_argument, NULL, 'P' },
		{ "template-dir", required_argument, NULL, 'T' },
		{ "base-fc", required_argument, NULL, 'F' },
		{ "base-modules", required_argument, NULL, 'M' },
		{ "perm-map", required_argument, NULL, 'm' },
		{ "perm-map-override", required_argument, NULL, 'R' },
		{ "base", required_argument, NULL, 'B' },
		{ "units", required_argument, NULL, 'U' },
		{ "graph", required_argument, NULL, 'G' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *outdir = ".", *tpl = NULL, *fcpath = BASEFC_DEFAULT;
	const char *modpath = DEFAULT_BASE_MODULES, *pmpath = PERMMAP_DEFAULT;
	const char *unitdir = NULL, *graphfile = NULL, *basepol = NULL, *ovpath = NULL;
	int no_pp = 0, ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': outdir = optarg; break;
		case 'P': no_pp = 1; break;
		case 'T': tpl = optarg; break;
		case 'F': fcpath = optarg; break;
		case 'M': modpath = optarg; break;
		case 'm': pmpath = optarg; break;
		case 'R': ovpath = optarg; break;
		case 'B': basepol = optarg; break;
		case 'U': unitdir = optarg; break;
		case 'G': graphfile = optarg; break;
		case 'h': fputs(build_usage, stdout); return EXIT_OK;
		default: fputs(build_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs(build_usage, stderr);
		return EXIT_USAGE;
	}
	const char *file = argv[optind];
	char err[1024];
	size_t len;
	char *text = read_file(file, MAX_SOURCE, &len, err, sizeof err);
	if (!text) {
		fprintf(stderr, "zonepolicy: %s\n", err);
		return EXIT_ERRORS;
	}

	int status = EXIT_ERRORS;
	char *modtext = NULL;
	BuildOptions bo = { .tpl_dir = tpl };
	BasePolicy *base = basepol_load(basepol ? basepol : BASEPOL_DEFAULT, err, sizeof err);
	if (!base && basepol) {
		fprintf(stderr, "zonepolicy: %s\n", err);
		free(text);
		return EXIT_ERRORS;
	}
	bo.base = base;
	bo.sema.base_source = basepol ? basepol : BASEPOL_DEFAULT;
	bo.sema.base_modules = base_modules_load(modpath, &modtext);
	bo.sema.base_modules_source = modpath;
	bo.fc = basefc_open(fcpath, err, sizeof err);
	PermMap *pm = NULL;
	Compilation c;
	Buf pp = { 0 };
	OutSet o = { 0 };
	Extras x = { 0 };
	if (!bo.fc) {
		fprintf(stderr, "zonepolicy: %s (use --base-fc)\n", err);
		free(text);
		basepol_free(base);
		free((void *)bo.sema.base_modules);
		free(modtext);
		return EXIT_ERRORS;
	}
	pm = permmap_open(pmpath, ovpath, err, sizeof err);
	bo.pm = pm;
	int rc = zp_compile(&c, &bo, file, text, len, stderr);
	if (rc == ZP_FAIL) {
		if (!pm && c.mod.asserts)
			fprintf(stderr, "zonepolicy: %s (install python3-setools, or see --perm-map and --perm-map-override)\n", err);
		else
			fprintf(stderr, "zonepolicy: %s\n", c.err);
		goto out;
	}
	if (rc != ZP_OK)
		goto out;
	if (!no_pp && make_pp(&c, &pp, err, sizeof err) != 0) {
		fprintf(stderr, "zonepolicy: building %s.pp: %s\n", c.mod.name->name, err);
		goto out;
	}
	if (extras_stage(&x, &c, file, tpl, unitdir, graphfile) != 0) {
		fprintf(stderr, "zonepolicy: %s; nothing was written\n", x.err);
		goto out;
	}
	if (out_begin(&o, outdir) != 0)
		goto write_failed;
	for (int i = 0; i < c.nout; i++)
		if (out_write(&o, c.out[i].name, c.out[i].data.data, c.out[i].data.len) != 0)
			goto write_failed;
	if (!no_pp) {
		char name[256];
		snprintf(name, sizeof name, "%s.pp", c.mod.name->name);
		if (out_write(&o, name, pp.data, pp.len) != 0)
			goto write_failed;
	}
	if (extras_commit(&x, o.err, sizeof o.err) != 0 || out_commit(&o) != 0)
		goto write_failed;
	status = EXIT_OK;
	goto out;
write_failed:
	fprintf(stderr, "zonepolicy: %s; nothing was written\n", o.err);
	out_abort(&o);
	extras_abort(&x);
out:
	buf_free(&pp);
	zp_compilation_free(&c);
	permmap_free(pm);
	basepol_free(base);
	basefc_close(bo.fc);
	free((void *)bo.sema.base_modules);
	free(modtext);
	free(text);
	return status;
}
