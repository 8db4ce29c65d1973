/* naproof.c: the module's neverallows on a base that fails its own (see
 * naproof.h). */
#include "naproof.h"
#include "xalloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "out.h"
#include "run.h"
#include "strvec.h"

#define CIL_MAX (1u << 28)
#define FAILED_AT "neverallow check failed at "

/* The module name of a store CIL path (.../NAME/cil). */
static char *module_of(const char *cil)
{
	const char *end = strrchr(cil, '/');
	const char *s = end;
	while (s && s > cil && s[-1] != '/')
		s--;
	return end ? xstrndup(s, (size_t)(end - s)) : xstrdup(cil);
}

/* text with every boolean turned into a tunable (same lines, in place) */
static void booleans_to_tunables(char *t)
{
	for (char *p = t; (p = strstr(p, "(boolean")); p += 8)
		if (p[8] == ' ' || p[8] == 'i')
			memcpy(p + 1, "tunable", 7);
}

/* Comments out line `line` (1-based) of t, in place. */
static void comment_line(char *t, long line)
{
	char *p = t;
	for (long l = 1; l < line && p; l++)
		if ((p = strchr(p, '\n')))
			p++;
	if (p && *p && *p != '\n')
		*p = ';';
}

typedef struct Copy {
	StrVec names, texts;   /* module name, its (rewritten) CIL */
} Copy;

static void copy_free(Copy *c)
{
	sv_free(&c->names);
	sv_free(&c->texts);
}

static int write_copy(const Copy *c, const char *dir, StrVec *paths, char *err, size_t errlen)
{
	if (make_dirs(dir) != 0) {
		snprintf(err, errlen, "cannot create '%s': %s", dir, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < c->names.n; i++) {
		char name[300];
		snprintf(name, sizeof name, "%s.cil", c->names.v[i]);
		char *p = path_join(dir, name);
		FILE *f = fopen(p, "w");
		bool ok = f && fputs(c->texts.v[i], f) >= 0;
		if (f && fclose(f) != 0)
			ok = false;
		if (!ok) {
			snprintf(err, errlen, "cannot write '%s': %s", p, strerror(errno));
			free(p);
			return -1;
		}
		if (paths)
			sv_push(paths, p);
		else
			free(p);
	}
	return 0;
}

/* Runs secilc (neverallow on) over cils; its exit status, output in log. */
static int secilc_check(const char *tmp, const StrVec *cils, Buf *log, char *err, size_t errlen)
{
	char *pol = path_join(tmp, "proof.policy"), *fc = path_join(tmp, "proof.fc");
	buf_free(log);
	int rc = run_secilc(cils, pol, fc, 0, 0, log, err, errlen);
	remove(pol);
	remove(fc);
	free(pol);
	free(fc);
	return rc;
}

/* Each "neverallow check failed at PATH:LINE" of log, its path and line and
 * the rule's text (the next line). */
typedef struct Failure {
	char *path, *rule;
	long line;
} Failure;

static size_t failures(const char *log, Failure **out)
{
	size_t n = 0, cap = 0;
	*out = NULL;
	for (const char *p = log; (p = strstr(p, FAILED_AT)); ) {
		p += strlen(FAILED_AT);
		const char *eol = strchr(p, '\n');
		if (!eol)
			eol = p + strlen(p);
		const char *colon = eol;
		while (colon > p && colon[-1] != ':')
			colon--;
		if (colon <= p)
			continue;
		Failure f = { xstrndup(p, (size_t)(colon - 1 - p)), NULL, strtol(colon, NULL, 10) };
		const char *r = *eol ? eol + 1 : eol;
		while (*r == ' ')
			r++;
		const char *re = strchr(r, '\n');
		f.rule = xstrndup(r, re ? (size_t)(re - r) : strlen(r));
		if (n == cap)
			*out = xrealloc(*out, (cap = cap ? cap * 2 : 16) * sizeof **out);
		(*out)[n++] = f;
		p = eol;
	}
	return n;
}

static void failures_free(Failure *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].path);
		free(f[i].rule);
	}
	free(f);
}

/* The index in c of the copy file path names (DIR/NAME.cil), or -1. */
static long copy_index(const Copy *c, const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	for (size_t i = 0; i < c->names.n; i++) {
		size_t k = strlen(c->names.v[i]);
		if (strncmp(b, c->names.v[i], k) == 0 && strcmp(b + k, ".cil") == 0)
			return (long)i;
	}
	return -1;
}

/* The cached copies of the store, dir/t (tunables) and dir/b (booleans),
 * and dir/unchecked, built now if missing.  0 or -1. */
static int prepare(const StrVec *base, const char *dir, char *err, size_t errlen)
{
	char *done = path_join(dir, "complete");
	int there = access(done, F_OK) == 0;
	free(done);
	if (there)
		return 0;
	fprintf(stderr, "zonepolicy: preparing the neverallow proof of this base in %s (once)\n", dir);
	Copy t = { 0 }, b = { 0 };
	int rc = -1;
	char *tmp = NULL, *tdir = NULL, *bdir = NULL;
	Buf log = { 0 }, unchecked = { 0 };
	StrVec paths = { 0 };
	for (size_t i = 0; i < base->n; i++) {
		size_t len;
		char *text = read_file(base->v[i], CIL_MAX, &len, err, errlen);
		if (!text)
			goto out;
		sv_push(&b.names, module_of(base->v[i]));
		sv_push(&t.names, module_of(base->v[i]));
		sv_push(&b.texts, xstrdup(text));
		booleans_to_tunables(text);
		sv_push(&t.texts, text);
	}
	char *parent = xstrdup(dir);
	char *slash = strrchr(parent, '/');
	if (slash)
		*slash = '\0';
	if (make_dirs(parent) != 0) {
		snprintf(err, errlen, "cannot create '%s': %s", parent, strerror(errno));
		free(parent);
		goto out;
	}
	free(parent);
	size_t tl = strlen(dir) + 16;
	tmp = xmalloc(tl);
	snprintf(tmp, tl, "%s.tmpXXXXXX", dir);
	if (!mkdtemp(tmp)) {
		snprintf(err, errlen, "cannot create '%s': %s", tmp, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	tdir = path_join(tmp, "t");
	bdir = path_join(tmp, "b");
	/* take out what the base itself violates, until the rest holds */
	for (int round = 0;; round++) {
		sv_free(&paths);
		if (write_copy(&t, tdir, &paths, err, errlen) != 0)
			goto out;
		char terr[256];
		int st = secilc_check(tmp, &paths, &log, terr, sizeof terr);
		if (st == 0)
			break;
		Failure *f;
		size_t n = failures(buf_str(&log), &f);
		if (st == 127 || n == 0 || round == 4) {
			snprintf(err, errlen, "the base does not compile for the neverallow proof: %s\n%.3000s",
				 terr, buf_str(&log));
			failures_free(f, n);
			goto out;
		}
		for (size_t i = 0; i < n; i++) {
			long k = copy_index(&t, f[i].path);
			if (k < 0)
				continue;
			comment_line(t.texts.v[k], f[i].line);
			comment_line(b.texts.v[k], f[i].line);
			buf_printf(&unchecked, "%s:%ld %s\n", t.names.v[k], f[i].line, f[i].rule);
		}
		failures_free(f, n);
	}
	if (write_copy(&b, bdir, NULL, err, errlen) != 0)
		goto out;
	OutSet o;
	if (out_begin(&o, tmp) != 0 || out_write(&o, "unchecked", unchecked.data ? unchecked.data : "", unchecked.len) != 0 ||
	    out_write(&o, "complete", "", 0) != 0 || out_commit(&o) != 0) {
		snprintf(err, errlen, "cannot finish '%s'", tmp);
		goto out;
	}
	if (rename(tmp, dir) == 0) {
		free(tmp);
		tmp = NULL;
	}
	rc = 0;
out:
	if (tmp) {
		remove_tree(tmp);
		free(tmp);
	}
	free(tdir);
	free(bdir);
	sv_free(&paths);
	buf_free(&log);
	buf_free(&unchecked);
	copy_free(&t);
	copy_free(&b);
	return rc;
}

/* The cache directory of a store's proof copies: named after every CIL's
 * path, size and modification time. */
static char *proof_dir(const char *cache, const StrVec *base)
{
	size_t h = hash_str("naproof 1");
	for (size_t i = 0; i < base->n; i++) {
		struct stat st;
		char rec[64];
		h ^= hash_str(base->v[i]) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
		if (stat(base->v[i], &st) == 0) {
			snprintf(rec, sizeof rec, "%lld:%lld", (long long)st.st_size, (long long)st.st_mtime);
			h ^= hash_str(rec) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
		}
	}
	char name[64];
	snprintf(name, sizeof name, "naproof-%016zx", h);
	return path_join(cache, name);
}

/* The copy's CIL paths (sorted as the store's) for the modules in base. */
static void copy_paths(const StrVec *base, const char *dir, StrVec *out)
{
	for (size_t i = 0; i < base->n; i++) {
		char *m = module_of(base->v[i]);
		char name[300];
		snprintf(name, sizeof name, "%s.cil", m);
		free(m);
		sv_push(out, path_join(dir, name));
	}
}

/* The modules of j as CIL texts in tmp (.pp converted), each twice:
 * tunables into t, as they are into b. */
static int module_cils(const LinkJob *j, const char *tmp, StrVec *t, StrVec *b, char *err, size_t errlen)
{
	for (int i = 0; i < j->nmodules; i++) {
		const char *m = j->modules[i];
		char name[64];
		snprintf(name, sizeof name, "zpmodule%d.cil", i);
		char *cil = path_join(tmp, name);
		size_t nl = strlen(m);
		if (nl < 4 || strcmp(m + nl - 4, ".cil") != 0) {
			char *pp[] = { "/usr/libexec/selinux/hll/pp", (char *)m, cil, NULL };
			Buf log = { 0 };
			if (run_tool(pp, &log, err, errlen) != 0) {
				buf_free(&log);
				free(cil);
				return -1;
			}
			buf_free(&log);
		}
		size_t len;
		char *text = read_file(nl >= 4 && strcmp(m + nl - 4, ".cil") == 0 ? m : cil, CIL_MAX, &len, err, errlen);
		free(cil);
		if (!text)
			return -1;
		Copy one = { 0 };
		snprintf(name, sizeof name, "zpmodule%d", i);
		sv_push(&one.names, xstrdup(name));
		sv_push(&one.texts, xstrdup(text));
		char *bd = path_join(tmp, "b"), *td = path_join(tmp, "t");
		int rc = write_copy(&one, bd, b, err, errlen);
		booleans_to_tunables(one.texts.v[0]);
		rc = rc ? rc : write_copy(&one, td, t, err, errlen);
		free(bd);
		free(td);
		copy_free(&one);
		free(text);
		if (rc)
			return -1;
	}
	return 0;
}

/* The line `line` of file path (malloc'ed, trimmed), or NULL. */
static char *line_of(const char *path, long line)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = NULL;
	size_t cap = 0;
	ssize_t n = 0;
	for (long l = 1; (n = getline(&buf, &cap, f)) >= 0 && l < line; l++)
		;
	fclose(f);
	if (n < 0) {
		free(buf);
		return NULL;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	return buf;
}

/* For each failure of the module's own neverallows in log: the conditional
 * base rules behind it, with the condition ("(booleanif NAME" from the
 * copy's line), each once. */
static void conditional_rules(const char *log, FILE *out)
{
	StrVec seen = { 0 };
	for (const char *p = log; (p = strstr(p, FAILED_AT)); ) {
		const char *end = strstr(p + 1, FAILED_AT);
		const char *eol = strchr(p, '\n');
		if (!end)
			end = p + strlen(p);
		if (!eol || eol > end || !memmem(p, (size_t)(eol - p), "/zpmodule", 9)) {
			p = end;
			continue;
		}
		char *cond = NULL;
		for (const char *l = eol + 1; l < end; ) {
			const char *le = memchr(l, '\n', (size_t)(end - l));
			if (!le)
				le = end;
			const char *s = l;
			while (s < le && *s == ' ')
				s++;
			if (strncmp(s, "booleanif at ", 13) == 0) {
				char *loc = xstrndup(s + 13, (size_t)(le - s - 13));
				char *colon = strrchr(loc, ':');
				free(cond);
				cond = NULL;
				if (colon) {
					*colon = '\0';
					cond = line_of(loc, strtol(colon + 1, NULL, 10));
				}
				free(loc);
			} else if (*s == '(' && cond) {
				char rec[2048];
				const char *bn = strstr(cond, "(booleanif");
				snprintf(rec, sizeof rec, "%s: %.*s", bn ? bn + 1 : cond, (int)(le - s), s);
				bool dup = false;
				for (size_t i = 0; i < seen.n && !dup; i++)
					dup = strcmp(seen.v[i], rec) == 0;
				if (!dup) {
					fprintf(out, "  base %s\n", rec);
					sv_push(&seen, xstrdup(rec));
				}
			} else if (strncmp(s, "<root>", 6) == 0) {
				free(cond);
				cond = NULL;
			}
			l = le + 1;
		}
		free(cond);
		p = end;
	}
	sv_free(&seen);
}

int naproof_run(const LinkJob *j, FILE *out, Buf *err)
{
	char msg[4096];
	int status = -1;
	StrVec base = { 0 }, t = { 0 }, b = { 0 };
	char *dir = NULL, *tmp = NULL, *unchecked = NULL;
	Buf log = { 0 };
	const char *root = j->store;
	if (!root || store_cils_named(root, j->store_name ? j->store_name : "default", &base, msg, sizeof msg) != 0) {
		buf_puts(err, root ? msg : "the neverallow proof needs a store");
		goto done;
	}
	dir = proof_dir(j->cache, &base);
	if (prepare(&base, dir, msg, sizeof msg) != 0) {
		buf_puts(err, msg);
		goto done;
	}
	if (!(tmp = make_tmpdir(msg, sizeof msg))) {
		buf_puts(err, msg);
		goto done;
	}
	char *td = path_join(dir, "t"), *bd = path_join(dir, "b");
	copy_paths(&base, td, &t);
	copy_paths(&base, bd, &b);
	free(td);
	free(bd);
	if (module_cils(j, tmp, &t, &b, msg, sizeof msg) != 0) {
		buf_puts(err, msg);
		goto done;
	}
	int rc = secilc_check(tmp, &t, &log, msg, sizeof msg);
	if (rc != 0) {
		buf_printf(err, "the module's neverallows do not hold on this base with its booleans at their defaults:\n%s%s",
			   rc == 127 ? msg : "", buf_str(&log));
		goto done;
	}
	size_t ulen;
	char *upath = path_join(dir, "unchecked");
	unchecked = read_file(upath, 1u << 24, &ulen, msg, sizeof msg);
	free(upath);
	size_t nun = 0;
	for (const char *p = unchecked; p && *p; p++)
		nun += *p == '\n';
	fprintf(out, "neverallow: the base fails its own neverallow rules (it installs with expand-check=0): "
		"proved every other neverallow, the module's included, with the base's booleans at their defaults\n");
	fprintf(out, "neverallow: %zu base rule%s not checked (the base itself violates %s):\n", nun,
		nun == 1 ? "" : "s", nun == 1 ? "it" : "them");
	for (char *save = NULL, *l = unchecked ? strtok_r(unchecked, "\n", &save) : NULL; l; l = strtok_r(NULL, "\n", &save))
		fprintf(out, "  unchecked %s\n", l);
	/* the same with booleans live: which base rules would break one if
	 * their boolean were switched on (the module's neverallows only) */
	rc = secilc_check(tmp, &b, &log, msg, sizeof msg);
	if (rc != 0) {
		Failure *f;
		size_t n = failures(buf_str(&log), &f);
		size_t mine = 0;
		for (size_t i = 0; i < n; i++)
			if (strstr(f[i].path, "/zpmodule"))
				mine++;
		fprintf(out, "neverallow: %zu of the module's rules hold only while the base's booleans keep their "
			"defaults (a conditional base rule breaks each when its boolean is switched on):\n", mine);
		for (size_t i = 0; i < n; i++)
			if (strstr(f[i].path, "/zpmodule"))
				fprintf(out, "  conditional %s\n", f[i].rule);
		conditional_rules(buf_str(&log), out);
		failures_free(f, n);
	} else {
		fprintf(out, "neverallow: the module's rules hold for every setting of the base's booleans\n");
	}
	status = 0;
done:
	if (tmp) {
		remove_tree(tmp);
		free(tmp);
	}
	free(unchecked);
	free(dir);
	buf_free(&log);
	sv_free(&base);
	sv_free(&t);
	sv_free(&b);
	return status;
}
