/* store.c: the cached base store and the link (see store.h). */
#include "store.h"
#include "fastlink.h"
#include "xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "out.h"
#include "run.h"


static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The CIL files of every module in a store root, priorities and names in
 * order (higher priority of one name wins, as in libsemanage). */
int store_cils(const char *root, StrVec *out, char *err, size_t errlen)
{
	return store_cils_named(root, "default", out, err, errlen);
}

int store_cils_named(const char *root, const char *name, StrVec *out, char *err, size_t errlen)
{
	char rel[256];
	snprintf(rel, sizeof rel, "var/lib/selinux/%s/active/modules", name);
	char *mods = path_join(root, rel);
	DIR *d = opendir(mods);
	if (!d) {
		snprintf(err, errlen, "no module store at '%s': %s", mods, strerror(errno));
		free(mods);
		return -1;
	}
	StrVec prios = { 0 };
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && e->d_name[0] >= '0' && e->d_name[0] <= '9')
			sv_push(&prios, xstrdup(e->d_name));
	closedir(d);
	/* name -> cil path; later (higher) priorities replace earlier ones */
	StrVec names = { 0 }, paths = { 0 };
	qsort(prios.v, prios.n, sizeof *prios.v, cmp_str);
	for (size_t p = 0; p < prios.n; p++) {
		char *pd = path_join(mods, prios.v[p]);
		DIR *m = opendir(pd);
		while (m && (e = readdir(m))) {
			if (e->d_name[0] == '.')
				continue;
			char *dir = path_join(pd, e->d_name);
			char *cil = path_join(dir, "cil");
			free(dir);
			if (access(cil, R_OK) != 0) {
				free(cil);
				continue;
			}
			size_t i;
			for (i = 0; i < names.n && strcmp(names.v[i], e->d_name) != 0; i++)
				;
			if (i < names.n) {
				free(paths.v[i]);
				paths.v[i] = cil;
			} else {
				sv_push(&names, xstrdup(e->d_name));
				sv_push(&paths, cil);
			}
		}
		if (m)
			closedir(m);
		free(pd);
	}
	free(mods);
	sv_free(&prios);
	/* sort by module name */
	for (size_t i = 1; i < names.n; i++)
		for (size_t j = i; j > 0 && strcmp(names.v[j - 1], names.v[j]) > 0; j--) {
			char *t = names.v[j]; names.v[j] = names.v[j - 1]; names.v[j - 1] = t;
			t = paths.v[j]; paths.v[j] = paths.v[j - 1]; paths.v[j - 1] = t;
		}
	for (size_t i = 0; i < paths.n; i++)
		sv_push(out, xstrdup(paths.v[i]));
	sv_free(&names);
	sv_free(&paths);
	if (!out->n) {
		snprintf(err, errlen, "no modules in the store at '%s'", root);
		return -1;
	}
	return 0;
}

/* A key for the base packages: their list and each file's size and mtime. */
static char *base_key(const char *base, StrVec *pkgs, char *err, size_t errlen)
{
	char *list = path_join(base, ".modules");
	size_t len;
	char *text = read_file(list, 1u << 20, &len, err, errlen);
	free(list);
	if (!text)
		return NULL;
	unsigned long long h = 1469598103934665603ull;
	for (char *save = NULL, *tok = strtok_r(text, " \t\r\n", &save); tok;
	     tok = strtok_r(NULL, " \t\r\n", &save)) {
		char name[512];
		snprintf(name, sizeof name, "%s.pp.bz2", tok);
		char *pp = path_join(base, name);
		struct stat st;
		if (stat(pp, &st) != 0) {
			snprintf(err, errlen, "base package '%s': %s", pp, strerror(errno));
			free(pp);
			free(text);
			return NULL;
		}
		char rec[1024];
		snprintf(rec, sizeof rec, "%s:%lld:%lld;", tok, (long long)st.st_size, (long long)st.st_mtime);
		for (const char *c = rec; *c; c++)
			h = (h ^ (unsigned char)*c) * 1099511628211ull;
		sv_push(pkgs, pp);
	}
	free(text);
	if (!pkgs->n) {
		snprintf(err, errlen, "no base packages listed in %s/.modules", base);
		return NULL;
	}
	char *key = xmalloc(32);
	snprintf(key, 32, "base-%016llx", h);
	return key;
}

/* Installs the base packages into a new store under cache; returns its root. */
char *store_base(const char *cache, const char *base, char *err, size_t errlen)
{
	StrVec pkgs = { 0 };
	char *key = base_key(base, &pkgs, err, errlen);
	if (!key)
		return NULL;
	char *root = path_join(cache, key);
	char *done = path_join(root, "complete");
	free(key);
	if (access(done, F_OK) == 0) {
		free(done);
		sv_free(&pkgs);
		return root;
	}
	free(done);
	if (make_dirs(cache) != 0) {
		snprintf(err, errlen, "cannot create cache directory '%s': %s", cache, strerror(errno));
		goto fail;
	}
	char tmpl[4096];
	snprintf(tmpl, sizeof tmpl, "%s.tmpXXXXXX", root);
	if (!mkdtemp(tmpl)) {
		snprintf(err, errlen, "cannot create '%.1000s': %s", tmpl, strerror(errno));
		goto fail;
	}
	fprintf(stderr, "zonepolicy: building the base policy store in %s (once; about 10 s)\n", root);
	char *etc = path_join(tmpl, "etc/selinux/default/contexts/files");
	char *var = path_join(tmpl, "var/lib/selinux/default");
	char *conf = path_join(tmpl, "etc/selinux/semanage.conf");
	int ok = make_dirs(etc) == 0 && make_dirs(var) == 0;
	static const char semanage_conf[] =
		"# private store for zonepolicy link: no host configuration\n"
		"module-store = direct\nexpand-check = 1\nbzip-blocksize = 0\n";
	OutSet o;
	char *confdir = path_join(tmpl, "etc/selinux");
	ok = ok && out_begin(&o, confdir) == 0 &&
	     out_write(&o, "semanage.conf", semanage_conf, sizeof semanage_conf - 1) == 0 &&
	     out_commit(&o) == 0;
	free(confdir);
	free(etc);
	free(var);
	free(conf);
	if (!ok) {
		snprintf(err, errlen, "cannot prepare the store in '%.1000s'", tmpl);
		remove_tree(tmpl);
		goto fail;
	}
	StrVec argv = { 0 };
	const char *fixed[] = { "semodule", "-p", tmpl, "-s", "default", "-N", "-X", "100" };
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		sv_push(&argv, xstrdup(fixed[i]));
	for (size_t i = 0; i < pkgs.n; i++) {
		sv_push(&argv, xstrdup("-i"));
		sv_push(&argv, xstrdup(pkgs.v[i]));
	}
	Buf log = { 0 };
	char terr[512];
	int rc = run_tool(argv.v, &log, terr, sizeof terr);
	sv_free(&argv);
	if (rc != 0) {
		snprintf(err, errlen, "%s%s\n%.2000s", terr,
			 rc == 127 ? " (install policycoreutils)" : "", buf_str(&log));
		buf_free(&log);
		remove_tree(tmpl);
		goto fail;
	}
	buf_free(&log);
	char *mark = path_join(tmpl, "complete");
	FILE *f = fopen(mark, "w");
	free(mark);
	if (!f || fclose(f) != 0 || rename(tmpl, root) != 0) {
		/* another link may have won the race: use its store */
		remove_tree(tmpl);
		char *d2 = path_join(root, "complete");
		int there = access(d2, F_OK) == 0;
		free(d2);
		if (!there) {
			snprintf(err, errlen, "cannot finish the base store '%s': %s", root, strerror(errno));
			goto fail;
		}
	}
	sv_free(&pkgs);
	return root;
fail:
	sv_free(&pkgs);
	free(root);
	return NULL;
}

static char *dir_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return !s ? xstrdup(".") : s == path ? xstrdup("/") : xstrndup(path, (size_t)(s - path));
}

static const char *name_of(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

int run_secilc(const StrVec *cils, const char *pol, const char *fc, int no_neverallow, int no_dontaudit,
	       Buf *log, char *err, size_t errlen)
{
	StrVec args = { 0 };
	const char *fixed[] = { "secilc", "-o", pol, "-f", fc };
	for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
		sv_push(&args, xstrdup(fixed[i]));
	if (no_neverallow)
		sv_push(&args, xstrdup("-N"));
	if (no_dontaudit)
		sv_push(&args, xstrdup("-D"));
	for (size_t i = 0; i < cils->n; i++)
		sv_push(&args, xstrdup(cils->v[i]));
	int rc = run_tool(args.v, log, err, errlen);
	sv_free(&args);
	return rc;
}

int link_write(const LinkJob *j, const char *pol, size_t plen, const char *fc, size_t fclen, Buf *err)
{
	/* OutSet works per directory; policy and fc may differ */
	char *pdir = dir_of(j->output), *fdir = dir_of(j->fc_output);
	OutSet o1, o2;
	int status = -1;
	int ok = out_begin(&o1, pdir) == 0 && out_write(&o1, name_of(j->output), pol, plen) == 0;
	int ok2 = ok && out_begin(&o2, fdir) == 0 && out_write(&o2, name_of(j->fc_output), fc, fclen) == 0;
	if (ok && ok2 && out_commit(&o1) == 0 && out_commit(&o2) == 0) {
		status = 0;
	} else {
		buf_puts(err, !ok ? o1.err : o2.err);
		if (ok)
			out_abort(&o1);
		if (ok2)
			out_abort(&o2);
	}
	free(pdir);
	free(fdir);
	return status;
}

int link_policy(const LinkJob *j, Buf *err)
{
	char msg[4096];
	int status = -1;
	char *root = NULL, *tmp = NULL, *pol = NULL, *fcs = NULL;
	char *pol_tmp = NULL, *fc_tmp = NULL;
	StrVec cils = { 0 };
	Buf log = { 0 };
	root = j->store ? xstrdup(j->store) : store_base(j->cache, j->base_dir, msg, sizeof msg);
	if (!root || store_cils_named(root, j->store_name ? j->store_name : "default", &cils, msg, sizeof msg) != 0) {
		buf_puts(err, msg);
		goto out;
	}
	if (!j->full) {
		Buf why = { 0 };
		int r = fastlink(j, &cils, &why, err);
		if (r == 1 && j->notes)
			fprintf(j->notes, "zonepolicy: link: secilc links the whole base: %s\n", buf_str(&why));
		buf_free(&why);
		if (r != 1) {
			status = r;
			goto out;
		}
	}
	if (!(tmp = make_tmpdir(msg, sizeof msg))) {
		buf_puts(err, msg);
		goto out;
	}
	for (int i = 0; i < j->nmodules; i++) {
		const char *m = j->modules[i];
		if (access(m, R_OK) != 0) {
			buf_printf(err, "cannot read '%s': %s", m, strerror(errno));
			goto out;
		}
		if (ends_with(m, ".cil")) {
			sv_push(&cils, xstrdup(m));
			continue;
		}
		char name[64];
		snprintf(name, sizeof name, "module%d.cil", i);
		char *cil = path_join(tmp, name);
		char *pp[] = { "/usr/libexec/selinux/hll/pp", (char *)m, cil, NULL };
		if (run_tool(pp, &log, msg, sizeof msg) != 0) {
			buf_printf(err, "converting '%s' to CIL: %s\n%s", m, msg, buf_str(&log));
			free(cil);
			goto out;
		}
		sv_push(&cils, cil);
	}
	pol_tmp = path_join(tmp, "policy");
	fc_tmp = path_join(tmp, "file_contexts");
	buf_free(&log);
	int rc = run_secilc(&cils, pol_tmp, fc_tmp, j->no_neverallow, j->no_dontaudit, &log, msg, sizeof msg);
	if (rc != 0) {
		buf_printf(err, "%s%s\n%s", msg, rc == 127 ? " (install secilc)" : "", buf_str(&log));
		goto out;
	}
	/* move both into place */
	size_t plen, flen;
	pol = read_file(pol_tmp, 1u << 30, &plen, msg, sizeof msg);
	fcs = pol ? read_file(fc_tmp, 1u << 30, &flen, msg, sizeof msg) : NULL;
	if (!pol || !fcs) {
		buf_puts(err, msg);
		goto out;
	}
	status = link_write(j, pol, plen, fcs, flen, err);
out:
	free(pol);
	free(fcs);
	free(pol_tmp);
	free(fc_tmp);
	buf_free(&log);
	sv_free(&cils);
	if (tmp)
		remove_tree(tmp);
	free(tmp);
	free(root);
	return status;
}
