/* fastlink.c: modules added to a cached compiled base (fastlink.h).
 *
 * What secilc does that this file reproduces, from libsepol 3.4's CIL
 * compiler (read, not copied): which attributes reach the binary policy
 * (an attribute is kept when a rule names it, other than as the source of
 * a rule on `self`, and it has members, or when a neverallow or a
 * constraint names it; a generated `_typeattr_` attribute only used by
 * neverallows is dropped and the attributes it names count as used by
 * neverallows), `self` rules expanded to each type, type rules to each
 * pair of types, dontaudit stored as the permissions still audited,
 * object_r's role types ignored, and the order of file contexts and port
 * labels.  Everything else steps aside (fastlink.h).
 */
#include "fastlink.h"

#include <errno.h>
#include <stdarg.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sepol/debug.h>
#include <sepol/module.h>
#include <sepol/module_to_cil.h>
#include <sepol/policydb/avtab.h>
#include <sepol/policydb/conditional.h>
#include <sepol/policydb/constraint.h>
#include <sepol/policydb/ebitmap.h>
#include <sepol/policydb/hashtab.h>
#include <sepol/policydb/polcaps.h>
#include <sepol/policydb/policydb.h>

#include "basepol.h"
#include "cache.h"
#include "cilread.h"
#include "hash.h"
#include "out.h"
#include "run.h"
#include "strmap.h"
#include "xalloc.h"

/* The facts file's format; a change makes a new cache directory. */
#define FACTS_VERSION "zpfacts-6"
/* The facts file's last statement: a file cut short is no facts file. */
#define FACTS_END "zpfacts-end"
/* The type of the probe compile's rules (cache_make). */
#define PROBE_TYPE "zonepolicy_probe_t"

/* CIL's use flags of an attribute (cil_internal.h's CIL_ATTR_*). */
enum { U_AVRULE = 1, U_NEVERALLOW = 2, U_CONSTRAINT = 4, U_EXPAND = 8 };

/* ---- the cache: the base compiled alone, and its facts ------------------ */

static void node_print(Buf *b, const CilNode *n)
{
	if (n->atom) {
		if (n->quoted)
			buf_printf(b, "\"%s\"", n->atom);
		else
			buf_puts(b, n->atom);
		return;
	}
	buf_puts(b, "(");
	for (int i = 0; i < n->n; i++) {
		if (i)
			buf_puts(b, " ");
		node_print(b, n->kid[i]);
	}
	buf_puts(b, ")");
}

static void mark_used(StrMap *used, const char *name, int flag)
{
	bool added;
	size_t i = strmap_add(used, name, strlen(name), &added);
	used->v[i].val = (void *)((uintptr_t)used->v[i].val | (uintptr_t)flag);
}

static void mark_atoms(StrMap *used, const CilNode *n, int flag)
{
	if (n->atom) {
		mark_used(used, n->atom, flag);
		return;
	}
	for (int i = 0; i < n->n; i++)
		mark_atoms(used, n->kid[i], flag);
}

typedef struct Facts {
	StrMap attrs;            /* declared type attributes */
	StrMap used;             /* name -> use flags */
	StrMap roleattrs;
	StrVec sets;             /* every typeattributeset, as text */
	StrVec selfrules;        /* allow/auditallow/dontaudit on self */
	StrVec typerules;        /* typetransition/typechange/typemember */
	StrVec roletypes;
	StrVec condrules;        /* self and type rules under a boolean, with it */
	StrVec condmarks;        /* rangetransitions, xperm rules on self */
	Buf nevers;              /* the neverallows, as text */
	Buf unsupported;
	/* the optional blocks, numbered in the order they open */
	int nopt, ncopy;
	const bool *enabled;     /* by number: kept by secilc (NULL: all, the first pass) */
} Facts;

static void push_text(StrVec *v, const CilNode *s)
{
	Buf b = { 0 };
	node_print(&b, s);
	sv_push(v, xstrdup(buf_str(&b)));
	buf_free(&b);
}

/* A rule under a boolean, with its condition and branch:
 * (condrule EXPR true|false STMT). */
static void push_cond(StrVec *v, const CilNode *cond, bool branch, const CilNode *s)
{
	Buf b = { 0 };
	buf_puts(&b, "(condrule ");
	node_print(&b, cond);
	buf_puts(&b, branch ? " true " : " false ");
	node_print(&b, s);
	buf_puts(&b, ")");
	sv_push(v, xstrdup(buf_str(&b)));
	buf_free(&b);
}

/* One statement list of the base: its facts, from the statements of
 * enabled blocks only (on); cond is the condition of the boolean it is
 * under (NULL: none), branch its branch. */
static void facts_walk(Facts *f, const CilNode *list, int from, bool on, const CilNode *cond, bool branch)
{
	for (int i = from; i < list->n; i++) {
		const CilNode *s = list->kid[i];
		const char *k = cil_atom(s, 0);
		if (!k)
			continue;
		if (!strcmp(k, "optional")) {
			int no = f->nopt++;
			facts_walk(f, s, 2, on && (!f->enabled || f->enabled[no]), cond, branch);
			continue;
		}
		if (!strcmp(k, "booleanif") || !strcmp(k, "tunableif")) {
			if (!strcmp(k, "tunableif") && on)
				buf_puts(&f->unsupported, "(unsupported tunableif)\n");
			for (int j = 2; j < s->n && s->n > 1; j++)
				if (!s->kid[j]->atom)
					facts_walk(f, s->kid[j], 1, on, s->kid[1],
						   cil_atom(s->kid[j], 0) && !strcmp(cil_atom(s->kid[j], 0), "true"));
			continue;
		}
		if (!on)
			continue;
		if (!strcmp(k, "typeattribute") && cil_atom(s, 1)) {
			strmap_put(&f->attrs, cil_atom(s, 1), NULL);
		} else if (!strcmp(k, "roleattribute") && cil_atom(s, 1)) {
			strmap_put(&f->roleattrs, cil_atom(s, 1), NULL);
		} else if (!strcmp(k, "typeattributeset")) {
			push_text(&f->sets, s);
		} else if (!strcmp(k, "roletype")) {
			push_text(&f->roletypes, s);
		} else if (!strcmp(k, "typetransition") || !strcmp(k, "typechange") || !strcmp(k, "typemember")) {
			if (cond)
				push_cond(&f->condrules, cond, branch, s);
			else
				push_text(&f->typerules, s);
		} else if (!strcmp(k, "rangetransition")) {
			push_text(&f->condmarks, s);
		} else if (!strcmp(k, "allow") || !strcmp(k, "auditallow") || !strcmp(k, "dontaudit") ||
			   !strcmp(k, "allowx") || !strcmp(k, "auditallowx") || !strcmp(k, "dontauditx") ||
			   !strcmp(k, "neverallow") || !strcmp(k, "neverallowx")) {
			int flag = !strncmp(k, "neverallow", 10) ? U_NEVERALLOW : U_AVRULE;
			const char *src = cil_atom(s, 1), *tgt = cil_atom(s, 2);
			if (src && tgt && strcmp(tgt, "self")) {
				mark_used(&f->used, src, flag);
				mark_used(&f->used, tgt, flag);
			}
			if (!strcmp(k, "neverallow")) {
				node_print(&f->nevers, s);
				buf_puts(&f->nevers, "\n");
			} else if (!strcmp(k, "neverallowx")) {
				buf_puts(&f->unsupported, "(unsupported neverallowx)\n");
			} else if (tgt && !strcmp(tgt, "self")) {
				/* secilc writes these for each type of the source */
				if (k[strlen(k) - 1] == 'x')
					push_text(&f->condmarks, s);
				else if (cond)
					push_cond(&f->condrules, cond, branch, s);
				else
					push_text(&f->selfrules, s);
			}
		} else if (!strcmp(k, "constrain") || !strcmp(k, "mlsconstrain") ||
			   !strcmp(k, "validatetrans") || !strcmp(k, "mlsvalidatetrans")) {
			mark_atoms(&f->used, s, U_CONSTRAINT);
		} else if (!strcmp(k, "expandtypeattribute")) {
			if (s->n > 1)
				mark_atoms(&f->used, s->kid[1], U_EXPAND);
		} else if (!strcmp(k, "block") || !strcmp(k, "macro") || !strcmp(k, "in") ||
			   !strcmp(k, "call") || !strcmp(k, "blockinherit") || !strcmp(k, "blockabstract")) {
			buf_printf(&f->unsupported, "(unsupported %s)\n", k);
		}
	}
}

/* The first pass's copy: the statements again, each optional block with
 * a statement that gives the probe type its marker attribute, so the probe
 * compile shows which blocks secilc enabled. */
static void copy_marked(Facts *f, Buf *b, const CilNode *n)
{
	if (n->atom) {
		node_print(b, n);
		return;
	}
	const char *k = cil_atom(n, 0);
	buf_puts(b, "(");
	for (int i = 0; i < n->n; i++) {
		if (i)
			buf_puts(b, " ");
		copy_marked(f, b, n->kid[i]);
		if (i == 1 && k && !strcmp(k, "optional"))
			buf_printf(b, " (typeattributeset zonepolicy_opt_%d (" PROBE_TYPE "))", f->ncopy++);
	}
	buf_puts(b, ")");
}

static bool mentions_attr(const Facts *f, const CilNode *n)
{
	if (n->atom)
		return !strcmp(n->atom, "all") || strmap_find(&f->attrs, n->atom, strlen(n->atom)) != STRMAP_NONE;
	for (int i = 0; i < n->n; i++)
		if (mentions_attr(f, n->kid[i]))
			return true;
	return false;
}

static bool is_attr(const Facts *f, const char *name)
{
	return name && strmap_find(&f->attrs, name, strlen(name)) != STRMAP_NONE;
}

static void facts_free(Facts *f)
{
	strmap_free(&f->attrs);
	strmap_free(&f->used);
	strmap_free(&f->roleattrs);
	sv_free(&f->sets);
	sv_free(&f->selfrules);
	sv_free(&f->typerules);
	sv_free(&f->roletypes);
	sv_free(&f->condrules);
	sv_free(&f->condmarks);
	buf_free(&f->nevers);
	buf_free(&f->unsupported);
}

static int write_text(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");
	if (!f)
		return -1;
	size_t w = fwrite(text, 1, len, f);
	return fclose(f) != 0 || w != len ? -1 : 0;
}

/* Reads the base's CIL files into f; with copy, the first pass, writes the
 * marked copy of each file into dir. */
static int facts_read(Facts *f, const StrVec *cils, const char *dir, StrVec *copies, char *err, size_t errlen)
{
	f->nopt = 0;
	for (size_t i = 0; i < cils->n; i++) {
		size_t len;
		char *text = read_file(cils->v[i], 1u << 30, &len, err, errlen);
		if (!text)
			return -1;
		CilDoc d;
		char e[256];
		int r = cil_read(&d, text, len, e, sizeof e);
		free(text);
		if (r != 0) {
			snprintf(err, errlen, "%s: %s", cils->v[i], e);
			return -1;
		}
		facts_walk(f, d.top, 0, true, NULL, false);
		if (dir) {
			Buf b = { 0 };
			for (int k = 0; k < d.top->n; k++) {
				copy_marked(f, &b, d.top->kid[k]);
				buf_puts(&b, "\n");
			}
			char name[32];
			snprintf(name, sizeof name, "base%zu.cil", i);
			char *path = path_join(dir, name);
			int bad = write_text(path, buf_str(&b), buf_total(&b));
			buf_free(&b);
			if (bad) {
				snprintf(err, errlen, "cannot write '%s': %s", path, strerror(errno));
				free(path);
				cil_free(&d);
				return -1;
			}
			sv_push(copies, path);
		}
		cil_free(&d);
	}
	return 0;
}

static int read_policy(policydb_t *p, const char *path, Buf *err);

/* The facts file: the attributes with their use flags, the sets a new
 * type can join (those naming an attribute), the neverallows, and the
 * members of every attribute secilc dropped from the base, as the probe
 * compile (every attribute named by a rule) shows them. */
static int facts_text(const Facts *f, const char *polpath, const char *probepath, Buf *out, Buf *err)
{
	policydb_t pol, probe;
	if (read_policy(&pol, polpath, err) != 0)
		return -1;
	if (read_policy(&probe, probepath, err) != 0) {
		policydb_destroy(&pol);
		return -1;
	}
	buf_puts(out, "(" FACTS_VERSION ")\n");
	for (size_t i = 0; i < f->attrs.n; i++) {
		const char *a = f->attrs.v[i].key;
		uintptr_t u = (uintptr_t)strmap_get(&f->used, a);
		buf_printf(out, "(attr %s %u)\n", a, (unsigned)u);
	}
	for (size_t i = 0; i < f->roleattrs.n; i++)
		buf_printf(out, "(roleattr %s)\n", f->roleattrs.v[i].key);
	for (size_t i = 0; i < f->sets.n; i++) {
		CilDoc d;
		char e[64];
		if (cil_read(&d, f->sets.v[i], strlen(f->sets.v[i]), e, sizeof e) != 0)
			continue;
		const CilNode *s = d.top->kid[0];
		if (s->n == 3 && mentions_attr(f, s->kid[2]))
			buf_printf(out, "%s\n", f->sets.v[i]);
		cil_free(&d);
	}
	for (size_t i = 0; i < f->attrs.n; i++) {
		const char *a = f->attrs.v[i].key;
		type_datum_t *in = hashtab_search(pol.p_types.table, (hashtab_key_t)a);
		type_datum_t *pr = hashtab_search(probe.p_types.table, (hashtab_key_t)a);
		/* a generated attribute is its one expression, kept above */
		if ((in && in->flavor == TYPE_ATTRIB) || !strcmp(a, "cil_gen_require") || strstr(a, "_typeattr_"))
			continue;
		/* absent from the probe too: no members */
		buf_printf(out, "(members %s (", a);
		const char *sep = "";
		if (pr && pr->flavor == TYPE_ATTRIB) {
			ebitmap_node_t *n;
			unsigned int bit;
			ebitmap_for_each_positive_bit(&probe.attr_type_map[pr->s.value - 1], n, bit) {
				if (!strcmp(probe.p_type_val_to_name[bit], PROBE_TYPE))
					continue;
				buf_printf(out, "%s%s", sep, probe.p_type_val_to_name[bit]);
				sep = " ";
			}
		}
		buf_puts(out, "))\n");
	}
	/* the rules secilc writes for each type of an attribute */
	const StrVec *lists[] = { &f->selfrules, &f->typerules, &f->roletypes, &f->condmarks, &f->condrules };
	for (int li = 0; li < 5; li++)
		for (size_t i = 0; i < lists[li]->n; i++) {
			CilDoc d;
			char e[64];
			if (cil_read(&d, lists[li]->v[i], strlen(lists[li]->v[i]), e, sizeof e) != 0)
				continue;
			const CilNode *r = d.top->kid[0];
			if (li == 4)
				r = r->n == 4 ? r->kid[3] : r;
			const char *a1 = cil_atom(r, 1), *a2 = cil_atom(r, 2);
			bool self = a2 && !strcmp(a2, "self");
			bool x1 = li != 2 && is_attr(f, a1), x2 = !self && li != 0 && is_attr(f, a2);
			if (li == 3) {
				if (x1)
					buf_printf(out, "(condexpand %s)\n", a1);
				if (x2)
					buf_printf(out, "(condexpand %s)\n", a2);
			} else if (li == 4) {
				if (x1 || x2)
					buf_printf(out, "%s\n", lists[li]->v[i]);
			} else if (x1 || x2) {
				buf_printf(out, "(expand %s)\n", lists[li]->v[i]);
			}
			cil_free(&d);
		}
	buf_puts(out, buf_str((Buf *)&f->nevers));
	buf_puts(out, buf_str((Buf *)&f->unsupported));
	buf_puts(out, "(" FACTS_END ")\n");
	policydb_destroy(&pol);
	policydb_destroy(&probe);
	return 0;
}

/* The cache directory of this base and these link options. */
static char *cache_path(const LinkJob *j, const StrVec *cils)
{
	size_t h = cache_sources_hash((const char *const *)cils->v, cils->n, hash_str(FACTS_VERSION));
	char name[128];
	snprintf(name, sizeof name, "fastlink-%016zx%s%s", h, j->no_neverallow ? "-N" : "",
		 j->no_dontaudit ? "-D" : "");
	return path_join(j->cache, name);
}

static int secilc(const StrVec *cils, const char *pol, const char *fc, bool no_never, bool no_dontaudit, Buf *err)
{
	char msg[512];
	Buf log = { 0 };
	int r = run_secilc(cils, pol, fc, no_never, no_dontaudit, &log, msg, sizeof msg);
	if (r != 0)
		buf_printf(err, "compiling the base for the fast link: %s%s\n%s", msg,
			   r == 127 ? " (install secilc)" : "", buf_str(&log));
	buf_free(&log);
	return r == 0 ? 0 : -1;
}

/* Compiles the base alone with secilc into dir (made whole, then renamed
 * into place), with its facts: the CIL read once, and a second compile in
 * which a probe rule names every attribute, so that secilc keeps them all
 * and their members can be read. */
static int cache_make(const LinkJob *j, const StrVec *cils, const char *dir, Buf *err)
{
	char msg[4096];
	if (make_dirs(j->cache) != 0) {
		buf_printf(err, "cannot make the cache directory '%s': %s", j->cache, strerror(errno));
		return -1;
	}
	size_t n = strlen(dir) + 32;
	char *tmp = xmalloc(n);
	snprintf(tmp, n, "%s.tmp%ld", dir, (long)getpid());
	remove_tree(tmp);
	int rc = -1;
	char *pol = path_join(tmp, "policy"), *fc = path_join(tmp, "file_contexts");
	char *facts = path_join(tmp, "facts"), *mark = path_join(tmp, "complete");
	char *probe = path_join(tmp, "probe.cil"), *probepol = path_join(tmp, "probe"), *probefc = path_join(tmp, "probe.fc");
	Buf text = { 0 }, pc = { 0 };
	Facts f = { 0 };
	if (mkdir(tmp, 0777) != 0) {
		buf_printf(err, "cannot make '%s': %s", tmp, strerror(errno));
		goto out;
	}
	if (secilc(cils, pol, fc, j->no_neverallow, j->no_dontaudit, err) != 0)
		goto out;
	StrVec copies = { 0 };
	if (facts_read(&f, cils, tmp, &copies, msg, sizeof msg) != 0) {
		buf_printf(err, "reading the base's CIL: %s", msg);
		sv_free(&copies);
		goto out;
	}
	buf_puts(&pc, "(type " PROBE_TYPE ")\n(roletype object_r " PROBE_TYPE ")\n");
	for (size_t i = 0; i < f.attrs.n; i++)
		buf_printf(&pc, "(optional zonepolicy_probe_%zu (allow %s " PROBE_TYPE " (file (read))))\n", i,
			   f.attrs.v[i].key);
	for (int i = 0; i < f.ncopy; i++)
		buf_printf(&pc, "(typeattribute zonepolicy_opt_%d)\n(allow zonepolicy_opt_%d " PROBE_TYPE " (file (read)))\n", i, i);
	int nopt = f.ncopy;
	facts_free(&f);
	memset(&f, 0, sizeof f);
	int prc = write_text(probe, buf_str(&pc), buf_total(&pc));
	if (prc != 0)
		buf_printf(err, "cannot write '%s': %s", probe, strerror(errno));
	else {
		sv_push(&copies, xstrdup(probe));
		prc = secilc(&copies, probepol, probefc, true, false, err);
	}
	for (size_t i = 0; i < copies.n; i++)
		remove(copies.v[i]);
	sv_free(&copies);
	if (prc != 0)
		goto out;
	/* which optional blocks secilc enabled, then the facts of those */
	policydb_t pr;
	if (read_policy(&pr, probepol, err) != 0)
		goto out;
	bool *enabled = xcalloc((size_t)nopt + 1, sizeof *enabled);
	for (int i = 0; i < nopt; i++) {
		char an[48];
		snprintf(an, sizeof an, "zonepolicy_opt_%d", i);
		type_datum_t *t = hashtab_search(pr.p_types.table, (hashtab_key_t)an);
		enabled[i] = t && t->flavor == TYPE_ATTRIB;
	}
	policydb_destroy(&pr);
	f.enabled = enabled;
	int frc = facts_read(&f, cils, NULL, NULL, msg, sizeof msg);
	if (frc != 0)
		buf_printf(err, "reading the base's CIL: %s", msg);
	else if (f.nopt != nopt)
		buf_printf(err, "reading the base's CIL: %d optional blocks, then %d", nopt, f.nopt), frc = -1;
	else
		frc = facts_text(&f, pol, probepol, &text, err);
	free(enabled);
	if (frc != 0)
		goto out;
	if (write_text(facts, buf_str(&text), buf_total(&text)) != 0 || write_text(mark, "", 0) != 0) {
		buf_printf(err, "cannot write '%s': %s", facts, strerror(errno));
		goto out;
	}
	remove(probe), remove(probepol), remove(probefc);
	if (rename(tmp, dir) != 0) {
		/* another link may have made it first */
		char *m2 = path_join(dir, "complete");
		int there = access(m2, F_OK) == 0;
		free(m2);
		if (!there) {
			buf_printf(err, "cannot finish the fast-link cache '%s': %s", dir, strerror(errno));
			goto out;
		}
	}
	rc = 0;
out:
	remove_tree(tmp);
	facts_free(&f);
	buf_free(&text);
	buf_free(&pc);
	free(pol);
	free(fc);
	free(facts);
	free(mark);
	free(probe);
	free(probepol);
	free(probefc);
	free(tmp);
	return rc;
}

/* ---- the link ----------------------------------------------------------- */

typedef struct Attr {
	const char *name;
	uint32_t binval;         /* its value in the cached base, 0: secilc dropped it */
	int used;                /* CIL's use flags, the base's and the modules' */
	bool base;               /* declared by the base */
	CilNode **sets;          /* its typeattributeset expressions */
	int nsets, capsets;
	int state;               /* 0, 1 while computing, 2 done */
	ebitmap_t m;             /* members: type value - 1 */
	bool kept;               /* in the output policy */
	uint32_t val;            /* its value there */
} Attr;

typedef struct Stmt {
	const CilNode *s;
	bool on;                 /* in an enabled scope */
} Stmt;

typedef struct Link {
	const LinkJob *j;
	policydb_t *p;
	uint32_t nbase;          /* the base's type values: 1..nbase */
	StrMap attrs;            /* name -> Attr */
	StrMap newtypes;         /* name -> value (uintptr_t) */
	StrMap roleattrs;
	size_t nmodattrs;        /* the modules' attribute declarations */
	Stmt *st;                /* the modules' statements, in order */
	size_t nst, capst;
	CilDoc *docs;
	int ndocs;
	CilDoc facts;
	const CilNode **expands; /* the base's rules secilc writes per type */
	size_t nexp;
	StrMap condattrs;        /* attributes with rules it cannot add per type */
	const CilNode **conds;   /* the base's such rules under a boolean */
	size_t nconds;
	bool condsnorm;          /* the policy's conditions are normalised */
	bool condadded;
	ebitmap_t alltypes;      /* every type (not attribute) */
	ebitmap_t newmask;       /* the modules' types */
	Buf *why;
	bool failed;
	/* the rules added: keys of the allow rules, for the neverallow check */
	avtab_key_t *dirty;
	uint32_t *dirtyperms;
	size_t ndirty, capdirty;
} Link;

static int fail(Link *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(Link *l, const char *fmt, ...)
{
	if (!l->failed) {
		va_list ap;
		va_start(ap, fmt);
		buf_vprintf(l->why, fmt, ap);
		va_end(ap);
		l->failed = true;
	}
	return -1;
}

static Attr *attr_get(Link *l, const char *name)
{
	return strmap_get(&l->attrs, name);
}

static Attr *attr_add(Link *l, const char *name, bool base)
{
	Attr *a = xcalloc(1, sizeof *a);
	bool added;
	size_t i = strmap_add(&l->attrs, name, strlen(name), &added);
	l->attrs.v[i].val = a;
	a->name = l->attrs.v[i].key;
	a->base = base;
	ebitmap_init(&a->m);
	type_datum_t *t = hashtab_search(l->p->p_types.table, (hashtab_key_t)name);
	if (t && t->flavor == TYPE_ATTRIB)
		a->binval = t->s.value;
	return a;
}

static void attr_set(Attr *a, CilNode *expr)
{
	if (a->nsets == a->capsets) {
		a->capsets = a->capsets ? a->capsets * 2 : 4;
		a->sets = xreallocarray(a->sets, (size_t)a->capsets, sizeof *a->sets);
	}
	a->sets[a->nsets++] = expr;
}

enum { K_NONE, K_TYPE, K_ATTR };

/* What a type-space name is: a type (its value, aliases resolved), an
 * attribute, or nothing known. */
static int resolve(Link *l, const char *name, uint32_t *val, Attr **attr)
{
	uintptr_t v = (uintptr_t)strmap_get(&l->newtypes, name);
	if (v) {
		*val = (uint32_t)v;
		return K_TYPE;
	}
	Attr *a = attr_get(l, name);
	if (a) {
		*attr = a;
		return K_ATTR;
	}
	type_datum_t *t = hashtab_search(l->p->p_types.table, (hashtab_key_t)name);
	if (t && t->flavor == TYPE_TYPE) {
		*val = t->s.value;
		return K_TYPE;
	}
	return K_NONE;
}

static bool is_op(const char *s)
{
	return !strcmp(s, "and") || !strcmp(s, "or") || !strcmp(s, "xor") || !strcmp(s, "not") || !strcmp(s, "all");
}

/* dst (empty on entry) = a & b, or a & ~b with invert: built node by node
 * (libsepol 3.4's ebitmap_and sets one bit at a time from the head, which
 * is quadratic in the types of a 10000-zone module). */
static void bits_and(ebitmap_t *dst, const ebitmap_t *a, const ebitmap_t *b, bool invert)
{
	ebitmap_node_t **tail = &dst->node, *nb = b->node;
	for (const ebitmap_node_t *na = a->node; na; na = na->next) {
		while (nb && nb->startbit < na->startbit)
			nb = nb->next;
		MAPTYPE other = nb && nb->startbit == na->startbit ? nb->map : 0;
		MAPTYPE map = na->map & (invert ? ~other : other);
		if (!map)
			continue;
		ebitmap_node_t *n = xmalloc(sizeof *n);
		n->startbit = na->startbit;
		n->map = map;
		n->next = NULL;
		*tail = n;
		tail = &n->next;
		dst->highbit = n->startbit + MAPSIZE;
	}
}

static const ebitmap_t *members(Link *l, Attr *a);

/* The types of a set expression into out (empty on entry). */
static int eval(Link *l, const CilNode *e, ebitmap_t *out)
{
	if (e->atom) {
		uint32_t v;
		Attr *a;
		switch (resolve(l, e->atom, &v, &a)) {
		case K_TYPE:
			return ebitmap_set_bit(out, v - 1, 1) ? fail(l, "out of memory") : 0;
		case K_ATTR: {
			const ebitmap_t *m = members(l, a);
			return !m || ebitmap_union(out, m) ? -1 : 0;
		}
		default:
			return fail(l, "line %d: '%s' is no type or attribute the fast link knows", e->line, e->atom);
		}
	}
	const char *op = cil_atom(e, 0);
	if (op && is_op(op)) {
		if (!strcmp(op, "all"))
			return ebitmap_union(out, &l->alltypes) ? fail(l, "out of memory") : 0;
		ebitmap_t x, y;
		ebitmap_init(&x);
		ebitmap_init(&y);
		int rc = e->n > 1 ? eval(l, e->kid[1], &x) : fail(l, "line %d: empty '%s'", e->line, op);
		if (rc == 0 && strcmp(op, "not"))
			rc = e->n > 2 ? eval(l, e->kid[2], &y) : fail(l, "line %d: '%s' needs two operands", e->line, op);
		if (rc == 0) {
			ebitmap_t r;
			ebitmap_init(&r);
			if (!strcmp(op, "not"))
				bits_and(&r, &l->alltypes, &x, true);
			else if (!strcmp(op, "and"))
				bits_and(&r, &x, &y, false);
			else if (!strcmp(op, "or"))
				rc = ebitmap_or(&r, &x, &y);
			else
				rc = ebitmap_xor(&r, &x, &y);
			rc = rc || ebitmap_union(out, &r) ? fail(l, "out of memory") : 0;
			ebitmap_destroy(&r);
		}
		ebitmap_destroy(&x);
		ebitmap_destroy(&y);
		return rc;
	}
	for (int i = 0; i < e->n; i++)
		if (eval(l, e->kid[i], out) != 0)
			return -1;
	return 0;
}

/* An attribute's members in the linked policy, or NULL (the link fails
 * over). */
static const ebitmap_t *members(Link *l, Attr *a)
{
	if (a->state == 2)
		return &a->m;
	if (a->state == 1) {
		fail(l, "attribute %s is defined through itself", a->name);
		return NULL;
	}
	a->state = 1;
	if (a->binval) {
		if (ebitmap_cpy(&a->m, &l->p->attr_type_map[a->binval - 1]) != 0) {
			fail(l, "out of memory");
			return NULL;
		}
	} else if (a->base && a->nsets == 0 && strcmp(a->name, "cil_gen_require")) {
		/* its members came from type lists, which the facts do not keep */
		fail(l, "the base attribute %s, which secilc dropped from the base, is needed", a->name);
		return NULL;
	}
	for (int i = 0; i < a->nsets; i++) {
		ebitmap_t x;
		ebitmap_init(&x);
		int rc = eval(l, a->sets[i], &x);
		if (rc == 0 && ebitmap_union(&a->m, &x) != 0)
			rc = fail(l, "out of memory");
		ebitmap_destroy(&x);
		if (rc != 0)
			return NULL;
	}
	/* a base attribute's base members must stay as secilc made them */
	if (a->binval) {
		ebitmap_node_t *n;
		unsigned int bit;
		ebitmap_for_each_positive_bit(&a->m, n, bit) {
			if (bit >= l->nbase)
				break;
			if (!ebitmap_get_bit(&l->p->attr_type_map[a->binval - 1], bit)) {
				fail(l, "%s would gain the base type %s", a->name, l->p->p_type_val_to_name[bit]);
				return NULL;
			}
		}
	}
	a->state = 2;
	return &a->m;
}

/* ---- reading the inputs ------------------------------------------------- */

static int load_facts(Link *l, const char *path, Buf *err)
{
	char msg[512];
	size_t len;
	char *text = read_file(path, 1u << 28, &len, msg, sizeof msg);
	if (!text) {
		buf_puts(err, msg);
		return -1;
	}
	int rc = cil_read(&l->facts, text, len, msg, sizeof msg);
	free(text);
	if (rc != 0) {
		buf_printf(err, "%s: %s", path, msg);
		return -1;
	}
	const CilNode *top = l->facts.top;
	if (top->n < 2 || !cil_atom(top->kid[0], 0) || strcmp(cil_atom(top->kid[0], 0), FACTS_VERSION) ||
	    !cil_atom(top->kid[top->n - 1], 0) || strcmp(cil_atom(top->kid[top->n - 1], 0), FACTS_END)) {
		buf_printf(err, "%s: not a facts file of this version", path);
		return -1;
	}
	for (int i = 1; i < top->n; i++) {
		const CilNode *s = top->kid[i];
		const char *k = cil_atom(s, 0);
		if (!k)
			continue;
		if (!strcmp(k, "attr") && s->n == 3) {
			Attr *a = attr_add(l, cil_atom(s, 1), true);
			a->used = atoi(cil_atom(s, 2));
		} else if (!strcmp(k, "roleattr")) {
			strmap_put(&l->roleattrs, cil_atom(s, 1), NULL);
		} else if ((!strcmp(k, "typeattributeset") || !strcmp(k, "members")) && s->n == 3) {
			/* an attribute-valued set, or a dropped attribute's members */
			Attr *a = attr_get(l, cil_atom(s, 1));
			if (a)
				attr_set(a, s->kid[2]);
		} else if (!strcmp(k, "expand") && s->n == 2) {
			l->expands = xreallocarray(l->expands, l->nexp + 1, sizeof *l->expands);
			l->expands[l->nexp++] = s->kid[1];
		} else if (!strcmp(k, "condrule") && s->n == 4) {
			l->conds = xreallocarray(l->conds, l->nconds + 1, sizeof *l->conds);
			l->conds[l->nconds++] = s;
		} else if (!strcmp(k, "condexpand") && cil_atom(s, 1)) {
			strmap_put(&l->condattrs, cil_atom(s, 1), NULL);
		} else if (!strcmp(k, "unsupported")) {
			return fail(l, "the base uses %s", cil_atom(s, 1));
		}
	}
	return 0;
}

/* A policy package as CIL, as semodule's converter (hll/pp) writes it.
 * The conversion runs in a child process: libsepol numbers the attributes
 * it generates with a counter that lives as long as the process, and the
 * full link converts each package in a process of its own. */
static char *pp_to_cil(const char *path, size_t *len, Buf *err)
{
	int fds[2];
	if (pipe(fds) != 0) {
		buf_printf(err, "pipe: %s", strerror(errno));
		return NULL;
	}
	pid_t pid = fork();
	if (pid < 0) {
		buf_printf(err, "fork: %s", strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return NULL;
	}
	if (pid == 0) {
		close(fds[0]);
		FILE *in = fopen(path, "r"), *out = fdopen(fds[1], "w");
		sepol_module_package_t *pkg = NULL;
		int rc = in && out && sepol_ppfile_to_module_package(in, &pkg) == 0 &&
			 sepol_module_package_to_cil(out, pkg) == 0 ? 0 : 1;
		if (out && fclose(out) != 0)
			rc = 1;
		_exit(rc);
	}
	close(fds[1]);
	Buf b = { 0 };
	char chunk[65536];
	ssize_t r;
	while ((r = read(fds[0], chunk, sizeof chunk)) > 0 || (r < 0 && errno == EINTR))
		if (r > 0)
			buf_put(&b, chunk, (size_t)r);
	close(fds[0]);
	int st;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		buf_free(&b);
		buf_printf(err, "converting '%s' to CIL failed", path);
		return NULL;
	}
	*len = buf_total(&b);
	char *text = xmalloc(*len + 1);
	memcpy(text, buf_str(&b), *len + 1);
	buf_free(&b);
	return text;
}

static int load_module(Link *l, const char *path, Buf *err)
{
	char msg[512];
	size_t len;
	char *text = NULL;
	size_t n = strlen(path);
	if (n > 3 && !strcmp(path + n - 3, ".pp")) {
		if (!(text = pp_to_cil(path, &len, err)))
			return -1;
	} else if (!(text = read_file(path, 1u << 30, &len, msg, sizeof msg))) {
		buf_puts(err, msg);
		return -1;
	}
	l->docs = xreallocarray(l->docs, (size_t)l->ndocs + 1, sizeof *l->docs);
	int rc = cil_read(&l->docs[l->ndocs], text, len, msg, sizeof msg);
	free(text);
	if (rc != 0) {
		buf_printf(err, "%s: %s", path, msg);
		return -1;
	}
	l->ndocs++;
	return 0;
}

/* ---- names the modules use ---------------------------------------------- */

static class_datum_t *class_of(Link *l, const char *name)
{
	return name ? hashtab_search(l->p->p_classes.table, (hashtab_key_t)name) : NULL;
}

static int perm_bit(const class_datum_t *c, const char *perm)
{
	perm_datum_t *d = hashtab_search(c->permissions.table, (hashtab_key_t)perm);
	if (!d && c->comdatum)
		d = hashtab_search(c->comdatum->permissions.table, (hashtab_key_t)perm);
	return d ? (int)d->s.value - 1 : -1;
}

/* A class and permission list, `(CLASS (PERM...))`: the class value and
 * the permission mask, or -1. */
static int classperms(Link *l, const CilNode *cp, uint32_t *cls, uint32_t *mask, bool quiet)
{
	const char *cn = cil_atom(cp, 0);
	class_datum_t *c = class_of(l, cn);
	if (!c || cp->n != 2 || cp->kid[1]->atom)
		return quiet ? -1 : fail(l, "line %d: a class and permissions the fast link does not read", cp->line);
	*cls = c->s.value;
	*mask = 0;
	const CilNode *ps = cp->kid[1];
	if (ps->n == 1 && cil_atom(ps, 0) && !strcmp(cil_atom(ps, 0), "all")) {
		uint32_t np = c->permissions.nprim;
		*mask = np >= 32 ? ~0u : (1u << np) - 1;
		return 0;
	}
	for (int i = 0; i < ps->n; i++) {
		const char *pn = cil_atom(ps, i);
		int bit = pn ? perm_bit(c, pn) : -1;
		if (bit < 0)
			return quiet ? -1 : fail(l, "line %d: permission %s of %s", ps->line, pn ? pn : "(list)", cn);
		*mask |= 1u << bit;
	}
	return 0;
}

static bool type_name_ok(Link *l, const char *name, bool self_ok)
{
	uint32_t v;
	Attr *a;
	return name && ((self_ok && !strcmp(name, "self")) || resolve(l, name, &v, &a) != K_NONE);
}

static bool expr_names_ok(Link *l, const CilNode *e)
{
	if (e->atom)
		return is_op(e->atom) || type_name_ok(l, e->atom, false);
	for (int i = 0; i < e->n; i++)
		if (!expr_names_ok(l, e->kid[i]))
			return false;
	return true;
}

static role_datum_t *role_of(Link *l, const char *name)
{
	role_datum_t *r = name ? hashtab_search(l->p->p_roles.table, (hashtab_key_t)name) : NULL;
	return r && r->flavor == ROLE_ROLE ? r : NULL;
}

/* A context `(USER ROLE TYPE ((SENS) (SENS)))`: true when every name
 * resolves and it has the one form the fast link writes. */
static bool context_ok(Link *l, const CilNode *c)
{
	if (!c || c->atom || c->n != 4 || !cil_atom(c, 0) || !cil_atom(c, 1) || !cil_atom(c, 2))
		return false;
	if (!hashtab_search(l->p->p_users.table, (hashtab_key_t)cil_atom(c, 0)) || !role_of(l, cil_atom(c, 1)))
		return false;
	uint32_t v;
	Attr *a;
	if (resolve(l, cil_atom(c, 2), &v, &a) != K_TYPE)
		return false;
	const CilNode *r = c->kid[3];
	if (r->atom || r->n != 2)
		return false;
	for (int i = 0; i < 2; i++) {
		const CilNode *lv = r->kid[i];
		if (lv->atom || lv->n != 1 || !cil_atom(lv, 0) ||
		    !hashtab_search(l->p->p_levels.table, (hashtab_key_t)cil_atom(lv, 0)))
			return false;
	}
	return true;
}

/* Whether every name a statement uses resolves (an optional block whose
 * statements do not all resolve is left out, as CIL does); false with
 * nothing said for a statement this file does not know at all. */
static bool stmt_resolves(Link *l, const CilNode *s)
{
	const char *k = cil_atom(s, 0);
	if (!strcmp(k, "typeattributeset")) {
		Attr *a = s->n == 3 ? attr_get(l, cil_atom(s, 1) ? cil_atom(s, 1) : "") : NULL;
		return a && expr_names_ok(l, s->kid[2]);
	}
	if (!strcmp(k, "roleattributeset")) {
		const char *r = cil_atom(s, 1);
		if (!r || strmap_find(&l->roleattrs, r, strlen(r)) == STRMAP_NONE || s->n != 3)
			return false;
		const CilNode *e = s->kid[2];
		if (e->atom)
			return role_of(l, e->atom) != NULL;
		for (int i = 0; i < e->n; i++)
			if (!role_of(l, cil_atom(e, i)))
				return false;
		return true;
	}
	if (!strcmp(k, "roletype"))
		return s->n == 3 && role_of(l, cil_atom(s, 1)) && type_name_ok(l, cil_atom(s, 2), false);
	if (!strcmp(k, "allow") || !strcmp(k, "auditallow") || !strcmp(k, "dontaudit") || !strcmp(k, "neverallow")) {
		uint32_t c, m;
		return s->n == 4 && type_name_ok(l, cil_atom(s, 1), false) && type_name_ok(l, cil_atom(s, 2), true) &&
		       !s->kid[3]->atom && classperms(l, s->kid[3], &c, &m, true) == 0;
	}
	if (!strcmp(k, "typetransition")) {
		const char *nt = cil_atom(s, s->n - 1);
		return (s->n == 5 || (s->n == 6 && s->kid[4]->atom)) && type_name_ok(l, cil_atom(s, 1), false) &&
		       type_name_ok(l, cil_atom(s, 2), true) && class_of(l, cil_atom(s, 3)) &&
		       type_name_ok(l, nt, false);
	}
	if (!strcmp(k, "filecon"))
		return s->n == 4 && s->kid[1]->atom && cil_atom(s, 2) &&
		       (context_ok(l, s->kid[3]) || (!s->kid[3]->atom && s->kid[3]->n == 0));
	if (!strcmp(k, "portcon"))
		return s->n == 4 && cil_atom(s, 1) && context_ok(l, s->kid[3]);
	if (!strcmp(k, "policycap"))
		return cil_atom(s, 1) && sepol_polcap_getnum(cil_atom(s, 1)) >= 0;
	return false;
}

static bool known_stmt(const char *k)
{
	static const char *const known[] = {
		"type", "typeattribute", "typeattributeset", "roleattributeset", "roletype", "allow",
		"auditallow", "dontaudit", "neverallow", "typetransition", "filecon", "portcon",
		"policycap", "optional", NULL,
	};
	for (int i = 0; known[i]; i++)
		if (!strcmp(k, known[i]))
			return true;
	return false;
}

/* Declarations: the modules' types and attributes, at the top level only. */
static int declare(Link *l, const CilNode *list, int from, int depth)
{
	for (int i = from; i < list->n; i++) {
		const CilNode *s = list->kid[i];
		const char *k = cil_atom(s, 0);
		if (!k)
			return fail(l, "line %d: a statement the fast link does not read", s->line);
		if (!known_stmt(k))
			return fail(l, "line %d: the statement '%s'", s->line, k);
		if (!strcmp(k, "optional")) {
			if (declare(l, s, 2, depth + 1) != 0)
				return -1;
			continue;
		}
		if (strcmp(k, "type") && strcmp(k, "typeattribute"))
			continue;
		const char *name = cil_atom(s, 1);
		if (!name || s->n != 2)
			return fail(l, "line %d: a malformed %s", s->line, k);
		if (depth > 0)
			return fail(l, "line %d: %s %s declared in an optional block", s->line, k, name);
		if (attr_get(l, name) || strmap_find(&l->newtypes, name, strlen(name)) != STRMAP_NONE ||
		    hashtab_search(l->p->p_types.table, (hashtab_key_t)name))
			return fail(l, "line %d: %s is declared already", s->line, name);
		if (!strcmp(k, "typeattribute")) {
			attr_add(l, name, false);
			l->nmodattrs++;
		} else {
			strmap_put(&l->newtypes, name, NULL);   /* its value is given below */
		}
	}
	return 0;
}

static void stmt_push(Link *l, const CilNode *s, bool on)
{
	if (l->nst == l->capst) {
		l->capst = l->capst ? l->capst * 2 : 256;
		l->st = xreallocarray(l->st, l->capst, sizeof *l->st);
	}
	l->st[l->nst++] = (Stmt){ s, on };
}

/* The statements in order, each marked with whether its block is enabled:
 * an optional block is, when all its own statements resolve and its
 * parent is. */
static int gather(Link *l, const CilNode *list, int from, bool on, bool top)
{
	bool all = true;
	for (int i = from; i < list->n; i++) {
		const CilNode *s = list->kid[i];
		const char *k = cil_atom(s, 0);
		if (!strcmp(k, "optional") || !strcmp(k, "type") || !strcmp(k, "typeattribute"))
			continue;
		if (!stmt_resolves(l, s)) {
			if (top)
				return fail(l, "line %d: a '%s' whose names the fast link cannot resolve", s->line, k);
			all = false;
		}
	}
	on = on && all;
	for (int i = from; i < list->n; i++) {
		const CilNode *s = list->kid[i];
		const char *k = cil_atom(s, 0);
		if (!strcmp(k, "optional")) {
			if (gather(l, s, 2, on, false) != 0)
				return -1;
		} else if (strcmp(k, "type") && strcmp(k, "typeattribute")) {
			stmt_push(l, s, on);
		}
	}
	return 0;
}

/* ---- changing the policy ------------------------------------------------ */

static void grow_types(Link *l, uint32_t add)
{
	policydb_t *p = l->p;
	uint32_t old = p->p_types.nprim, n = old + add;
	p->type_attr_map = xreallocarray(p->type_attr_map, n, sizeof *p->type_attr_map);
	p->attr_type_map = xreallocarray(p->attr_type_map, n, sizeof *p->attr_type_map);
	for (uint32_t i = old; i < n; i++) {
		ebitmap_init(&p->type_attr_map[i]);
		ebitmap_init(&p->attr_type_map[i]);
	}
}

static uint32_t add_type(Link *l, const char *name, uint32_t flavor)
{
	policydb_t *p = l->p;
	type_datum_t *t = xcalloc(1, sizeof *t);
	type_datum_init(t);
	t->primary = 1;
	t->flavor = flavor;
	t->s.value = ++p->p_types.nprim;
	if (hashtab_insert(p->p_types.table, (hashtab_key_t)xstrdup(name), t) != 0)
		return 0;
	ebitmap_set_bit(&p->type_attr_map[t->s.value - 1], t->s.value - 1, 1);
	return t->s.value;
}

/* The table entry kind of a rule keyword (allow, auditallow, dontaudit;
 * typetransition, typechange, typemember). */
static uint16_t rule_spec(const char *k)
{
	return !strcmp(k, "allow") ? AVTAB_ALLOWED : !strcmp(k, "auditallow") ? AVTAB_AUDITALLOW :
	       !strcmp(k, "dontaudit") ? AVTAB_AUDITDENY : !strcmp(k, "typetransition") ? AVTAB_TRANSITION :
	       !strcmp(k, "typechange") ? AVTAB_CHANGE : AVTAB_MEMBER;
}

static void dirty_push(Link *l, const avtab_key_t *k, uint32_t perms)
{
	if (l->ndirty == l->capdirty) {
		l->capdirty = l->capdirty ? l->capdirty * 2 : 256;
		l->dirty = xreallocarray(l->dirty, l->capdirty, sizeof *l->dirty);
		l->dirtyperms = xreallocarray(l->dirtyperms, l->capdirty, sizeof *l->dirtyperms);
	}
	l->dirty[l->ndirty] = *k;
	l->dirtyperms[l->ndirty++] = perms;
}

static int av_put(Link *l, uint32_t s, uint32_t t, uint32_t c, uint16_t spec, uint32_t perms)
{
	avtab_key_t k = { .source_type = (uint16_t)s, .target_type = (uint16_t)t,
			  .target_class = (uint16_t)c, .specified = spec };
	avtab_datum_t *d = avtab_search(&l->p->te_avtab, &k);
	uint32_t data = spec == AVTAB_AUDITDENY ? ~perms : perms;
	if (d) {
		if (spec == AVTAB_AUDITDENY)
			d->data &= data;
		else
			d->data |= data;
	} else {
		avtab_datum_t nd = { .data = data, .xperms = NULL };
		if (avtab_insert(&l->p->te_avtab, &k, &nd) != 0)
			return fail(l, "out of memory");
	}
	if (spec == AVTAB_ALLOWED)
		dirty_push(l, &k, perms);
	return 0;
}

/* The types a name stands for; with as_key, the keys of a rule's source or
 * target instead: a kept attribute stands for itself. */
static int name_types(Link *l, const char *name, ebitmap_t *out, bool as_key)
{
	uint32_t v;
	Attr *a;
	switch (resolve(l, name, &v, &a)) {
	case K_TYPE:
		return ebitmap_set_bit(out, v - 1, 1);
	case K_ATTR: {
		if (as_key && a->kept)
			return ebitmap_set_bit(out, a->val - 1, 1);
		const ebitmap_t *m = members(l, a);
		return m ? ebitmap_union(out, m) : -1;
	}
	default:
		return fail(l, "'%s' is no type or attribute", name);
	}
}

static int types_of(Link *l, const char *name, ebitmap_t *out)
{
	return name_types(l, name, out, false);
}

static int apply_avrule(Link *l, const CilNode *s)
{
	const char *k = cil_atom(s, 0);
	uint16_t spec = rule_spec(k);
	if (spec == AVTAB_AUDITDENY && l->j->no_dontaudit)
		return 0;
	uint32_t cls, mask;
	if (classperms(l, s->kid[3], &cls, &mask, false) != 0)
		return -1;
	ebitmap_t src, tgt;
	ebitmap_init(&src);
	ebitmap_init(&tgt);
	int rc = 0;
	bool self = !strcmp(cil_atom(s, 2), "self");
	ebitmap_node_t *n, *m;
	unsigned int i, j;
	if (self) {
		rc = types_of(l, cil_atom(s, 1), &src);
		ebitmap_for_each_positive_bit(&src, n, i) {
			if (rc == 0)
				rc = av_put(l, i + 1, i + 1, cls, spec, mask);
		}
	} else {
		rc = name_types(l, cil_atom(s, 1), &src, true);
		if (rc == 0)
			rc = name_types(l, cil_atom(s, 2), &tgt, true);
		ebitmap_for_each_positive_bit(&src, n, i) {
			ebitmap_for_each_positive_bit(&tgt, m, j) {
				if (rc == 0)
					rc = av_put(l, i + 1, j + 1, cls, spec, mask);
			}
		}
	}
	ebitmap_destroy(&src);
	ebitmap_destroy(&tgt);
	return rc ? fail(l, "line %d: the rule could not be added", s->line) : 0;
}

/* A typetransition, typechange or typemember for each pair of types; with
 * only_new, the pairs with a type of the modules. */
static int apply_typetrans(Link *l, const CilNode *s, bool only_new)
{
	const char *k = cil_atom(s, 0);
	uint16_t spec = rule_spec(k);
	class_datum_t *cd = class_of(l, cil_atom(s, 3));
	if (!cd || s->n < 5)
		return fail(l, "line %d: a type rule the fast link does not read", s->line);
	uint32_t cls = cd->s.value, nt;
	Attr *a;
	if (resolve(l, cil_atom(s, s->n - 1), &nt, &a) != K_TYPE)
		return fail(l, "line %d: the new type of a typetransition is no type", s->line);
	const char *fname = s->n == 6 ? s->kid[4]->atom : NULL;
	if (fname && spec != AVTAB_TRANSITION)
		return fail(l, "line %d: a named %s", s->line, k);
	ebitmap_t src, tgt;
	ebitmap_init(&src);
	ebitmap_init(&tgt);
	/* `self`: each source type with itself */
	bool self = !strcmp(cil_atom(s, 2), "self");
	int rc = types_of(l, cil_atom(s, 1), &src);
	if (rc == 0)
		rc = self ? (ebitmap_cpy(&tgt, &src) ? fail(l, "out of memory") : 0) : types_of(l, cil_atom(s, 2), &tgt);
	ebitmap_node_t *n, *m;
	unsigned int i, j;
	ebitmap_for_each_positive_bit(&src, n, i) {
		ebitmap_for_each_positive_bit(&tgt, m, j) {
			if (rc != 0)
				break;
			if (self && i != j)
				continue;
			if (only_new && i < l->nbase && j < l->nbase)
				continue;
			if (fname) {
				uint32_t present = 0;
				int r = policydb_filetrans_insert(l->p, i + 1, j + 1, cls, fname, NULL, nt, &present);
				if (r == SEPOL_EEXIST && present != nt)
					rc = fail(l, "line %d: a type transition that conflicts with another", s->line);
				else if (r != 0 && r != SEPOL_EEXIST)
					rc = fail(l, "out of memory");
				continue;
			}
			avtab_key_t key = { .source_type = (uint16_t)(i + 1), .target_type = (uint16_t)(j + 1),
					    .target_class = (uint16_t)cls, .specified = spec };
			avtab_datum_t *d = avtab_search(&l->p->te_avtab, &key);
			if (d && d->data != nt) {
				rc = fail(l, "line %d: a type transition that conflicts with another", s->line);
			} else if (!d) {
				avtab_datum_t nd = { .data = nt, .xperms = NULL };
				if (avtab_insert(&l->p->te_avtab, &key, &nd) != 0)
					rc = fail(l, "out of memory");
			}
		}
	}
	ebitmap_destroy(&src);
	ebitmap_destroy(&tgt);
	return rc;
}

static void set_context(Link *l, const CilNode *c, context_struct_t *ctx)
{
	context_init(ctx);
	user_datum_t *u = hashtab_search(l->p->p_users.table, (hashtab_key_t)cil_atom(c, 0));
	uint32_t t;
	Attr *a;
	resolve(l, cil_atom(c, 2), &t, &a);
	ctx->user = u->s.value;
	ctx->role = role_of(l, cil_atom(c, 1))->s.value;
	ctx->type = t;
	for (int i = 0; i < 2; i++) {
		level_datum_t *lv = hashtab_search(l->p->p_levels.table, (hashtab_key_t)cil_atom(c->kid[3]->kid[i], 0));
		ctx->range.level[i].sens = lv->level->sens;
	}
}

static int apply_portcon(Link *l, const CilNode *s)
{
	const char *proto = cil_atom(s, 1);
	int cilproto, ipproto;
	if (!strcmp(proto, "udp"))
		cilproto = 1, ipproto = IPPROTO_UDP;
	else if (!strcmp(proto, "tcp"))
		cilproto = 2, ipproto = IPPROTO_TCP;
	else if (!strcmp(proto, "dccp"))
		cilproto = 3, ipproto = IPPROTO_DCCP;
	else if (!strcmp(proto, "sctp"))
		cilproto = 4, ipproto = IPPROTO_SCTP;
	else
		return fail(l, "line %d: the protocol %s", s->line, proto);
	long lo, hi;
	const CilNode *pr = s->kid[2];
	if (pr->atom) {
		lo = hi = strtol(pr->atom, NULL, 10);
	} else if (pr->n == 2 && cil_atom(pr, 0) && cil_atom(pr, 1)) {
		lo = strtol(cil_atom(pr, 0), NULL, 10);
		hi = strtol(cil_atom(pr, 1), NULL, 10);
	} else {
		return fail(l, "line %d: a port range the fast link does not read", s->line);
	}
	if (lo < 0 || hi > 65535 || lo > hi)
		return fail(l, "line %d: the ports %ld-%ld", s->line, lo, hi);
	ocontext_t *oc = xcalloc(1, sizeof *oc);
	oc->u.port.protocol = (uint8_t)ipproto;
	oc->u.port.low_port = (uint16_t)lo;
	oc->u.port.high_port = (uint16_t)hi;
	set_context(l, s->kid[3], &oc->context[0]);
	/* CIL's order: narrower ranges first, then the low port, then its
	 * protocol number (udp, tcp, dccp, sctp) */
	ocontext_t **pp = &l->p->ocontexts[OCON_PORT];
	for (; *pp; pp = &(*pp)->next) {
		ocontext_t *o = *pp;
		int op = o->u.port.protocol == IPPROTO_UDP ? 1 : o->u.port.protocol == IPPROTO_TCP ? 2 :
			 o->u.port.protocol == IPPROTO_DCCP ? 3 : 4;
		long d = (hi - lo) - (long)(o->u.port.high_port - o->u.port.low_port);
		if (d == 0)
			d = lo - (long)o->u.port.low_port;
		if (d == 0)
			d = cilproto - op;
		if (d == 0) {
			/* secilc keeps the first of two for one port range, silently
			 * (its conflict warning is below its default log level):
			 * the base's, or the earlier module statement's */
			context_destroy(&oc->context[0]);
			free(oc);
			return 0;
		}
		if (d < 0)
			break;
	}
	oc->next = *pp;
	*pp = oc;
	return 0;
}

/* ---- file contexts ------------------------------------------------------ */

typedef struct Fc {
	const char *line;        /* the whole line, without its newline */
	size_t len;
	size_t order;            /* the modules': the statement's place */
	char *path;              /* the path (malloc'ed) */
	int type;                /* CIL's order: any, file, dir, char, block, socket, pipe, symlink */
	int meta;
	size_t stem, slen;
} Fc;

static void fc_key(Fc *f)
{
	const char *p = f->path;
	f->meta = 0, f->stem = 0, f->slen = 0;
	for (size_t c = 0; p[c]; c++) {
		if (strchr(".^$?*+|[({", p[c])) {
			f->meta = 1;
		} else {
			if (p[c] == '\\' && p[++c] == '\0') {
				f->stem += !f->meta;
				f->slen++;
				return;
			}
			f->stem += !f->meta;
		}
		f->slen++;
	}
}

static int fc_cmp(const Fc *a, const Fc *b)
{
	if (a->meta != b->meta)
		return a->meta ? -1 : 1;
	if (a->stem != b->stem)
		return a->stem < b->stem ? -1 : 1;
	if (a->slen != b->slen)
		return a->slen < b->slen ? -1 : 1;
	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	return strcmp(a->path, b->path);
}

static int fc_qcmp(const void *a, const void *b)
{
	int c = fc_cmp(a, b);
	if (c == 0)
		c = ((const Fc *)a)->order < ((const Fc *)b)->order ? -1 : 1;
	return c;
}

static const char *const fc_types[] = { "any", "file", "dir", "char", "block", "socket", "pipe", "symlink" };
static const char *const fc_marks[] = { "", "--", "-d", "-c", "-b", "-s", "-p", "-l" };

/* The base's file contexts with the modules' filecon statements in
 * secilc's order. */
static int fc_merge(Link *l, const char *base, size_t blen, Buf *out)
{
	Fc *b = NULL, *m = NULL;
	size_t nb = 0, nm = 0, cb = 0;
	int rc = -1;
	for (const char *s = base; s < base + blen;) {
		const char *e = memchr(s, '\n', (size_t)(base + blen - s));
		if (!e)
			e = base + blen;
		if (nb == cb) {
			cb = cb ? cb * 2 : 4096;
			b = xreallocarray(b, cb, sizeof *b);
		}
		Fc *f = &b[nb++];
		f->line = s;
		f->len = (size_t)(e - s);
		const char *tab = memchr(s, '\t', f->len);
		f->path = xstrndup(s, tab ? (size_t)(tab - s) : f->len);
		f->type = 0;
		if (tab) {
			const char *t2 = memchr(tab + 1, '\t', (size_t)(e - tab - 1));
			if (t2)
				for (int k = 1; k < 8; k++)
					if ((size_t)(t2 - tab - 1) == strlen(fc_marks[k]) && !strncmp(tab + 1, fc_marks[k], 2))
						f->type = k;
		}
		fc_key(f);
		s = e + 1;
	}
	Buf lines = { 0 };
	size_t *offs = NULL;
	for (size_t i = 0; i < l->nst; i++) {
		const CilNode *s = l->st[i].s;
		if (!l->st[i].on || strcmp(cil_atom(s, 0), "filecon"))
			continue;
		int type = -1;
		for (int k = 0; k < 8; k++)
			if (!strcmp(cil_atom(s, 2), fc_types[k]))
				type = k;
		if (type < 0) {
			fail(l, "line %d: the file type %s", s->line, cil_atom(s, 2));
			goto out;
		}
		size_t off = buf_total(&lines);
		buf_printf(&lines, "%s%s%s", s->kid[1]->atom, type ? "\t" : "", fc_marks[type]);
		const CilNode *c = s->kid[3];
		if (c->n == 0) {
			buf_puts(&lines, "\t<<none>>");
		} else {
			const char *lo = cil_atom(c->kid[3]->kid[0], 0), *hi = cil_atom(c->kid[3]->kid[1], 0);
			buf_printf(&lines, "\t%s:%s:%s:%s", cil_atom(c, 0), cil_atom(c, 1), cil_atom(c, 2), lo);
			if (strcmp(lo, hi))
				buf_printf(&lines, "-%s", hi);
		}
		buf_puts(&lines, "\n");
		m = xreallocarray(m, nm + 1, sizeof *m);
		offs = xreallocarray(offs, nm + 1, sizeof *offs);
		offs[nm] = off;
		m[nm].path = xstrdup(s->kid[1]->atom);
		m[nm].order = nm;
		m[nm].type = type;
		fc_key(&m[nm]);
		nm++;
	}
	const char *lt = buf_str(&lines);
	for (size_t i = 0; i < nm; i++) {
		m[i].line = lt + offs[i];
		m[i].len = strcspn(m[i].line, "\n");
	}
	if (nm)
		qsort(m, nm, sizeof *m, fc_qcmp);
	/* the same path and file type twice: secilc keeps the first, silently
	 * (its conflict warning is below its default log level); the base's
	 * come before the modules' */
	size_t keep = 0;
	for (size_t x = 0; x < nm; x++) {
		if (keep && fc_cmp(&m[keep - 1], &m[x]) == 0) {
			free(m[x].path);
			continue;
		}
		m[keep++] = m[x];
	}
	nm = keep;
	size_t i = 0, k = 0;
	while (i < nb || k < nm) {
		int c = i == nb ? 1 : k == nm ? -1 : fc_cmp(&b[i], &m[k]);
		if (c == 0) {
			k++;
			continue;
		}
		const Fc *f = c < 0 ? &b[i++] : &m[k++];
		buf_put(out, f->line, f->len);
		buf_puts(out, "\n");
	}
	rc = 0;
out:
	for (size_t x = 0; x < nb; x++)
		free(b[x].path);
	for (size_t x = 0; x < nm; x++)
		free(m[x].path);
	free(b);
	free(m);
	free(offs);
	buf_free(&lines);
	return rc;
}

/* ---- neverallows -------------------------------------------------------- */

typedef struct Never {
	ebitmap_t src, tgt;
	bool self;
	uint32_t cls, perms;
	int line;
	const char *where;
} Never;

/* The types of a rule key: an attribute's members, or NULL for a type. */
static const ebitmap_t *key_attr(Link *l, uint32_t v)
{
	return l->p->type_val_to_struct[v - 1]->flavor == TYPE_ATTRIB ? &l->p->attr_type_map[v - 1] : NULL;
}

/* Whether key v stands for some type of set. */
static bool key_meets(Link *l, uint32_t v, const ebitmap_t *set)
{
	const ebitmap_t *m = key_attr(l, v);
	return m ? ebitmap_match_any(m, set) : ebitmap_get_bit(set, v - 1);
}

static bool violates(Link *l, const Never *nv, const avtab_key_t *k, uint32_t perms)
{
	if (k->target_class != nv->cls || !(perms & nv->perms))
		return false;
	uint32_t sv = k->source_type, tv = k->target_type;
	if (!nv->self)
		return key_meets(l, sv, &nv->src) && key_meets(l, tv, &nv->tgt);
	/* a type of the source, of the target and of the neverallow's source */
	const ebitmap_t *s = key_attr(l, sv), *t = key_attr(l, tv);
	if (!s)
		return ebitmap_get_bit(&nv->src, sv - 1) && (t ? ebitmap_get_bit(t, sv - 1) : sv == tv);
	if (!t)
		return ebitmap_get_bit(&nv->src, tv - 1) && ebitmap_get_bit(s, tv - 1);
	ebitmap_t x;
	ebitmap_init(&x);
	bits_and(&x, s, t, false);
	bool hit = ebitmap_match_any(&x, &nv->src);
	ebitmap_destroy(&x);
	return hit;
}

typedef struct Scan {
	Link *l;
	Never *nv;
	size_t nn;
	const bool *changed;     /* by type value - 1: an attribute with new members */
	int bad;
} Scan;

static int scan_base(avtab_key_t *k, avtab_datum_t *d, void *arg)
{
	Scan *sc = arg;
	if (!(k->specified & AVTAB_ALLOWED) || sc->bad >= 0)
		return 0;
	if (!sc->changed[k->source_type - 1] && !sc->changed[k->target_type - 1])
		return 0;
	for (size_t i = 0; i < sc->nn; i++)
		if (violates(sc->l, &sc->nv[i], k, d->data)) {
			sc->bad = (int)i;
			break;
		}
	return 0;
}

static int never_add(Link *l, Never **nv, size_t *nn, const CilNode *s, const char *where)
{
	Never x = { .line = s->line, .where = where };
	ebitmap_init(&x.src);
	ebitmap_init(&x.tgt);
	x.self = !strcmp(cil_atom(s, 2), "self");
	if (classperms(l, s->kid[3], &x.cls, &x.perms, false) != 0 || types_of(l, cil_atom(s, 1), &x.src) != 0 ||
	    (!x.self && types_of(l, cil_atom(s, 2), &x.tgt) != 0)) {
		ebitmap_destroy(&x.src);
		ebitmap_destroy(&x.tgt);
		return -1;
	}
	*nv = xreallocarray(*nv, *nn + 1, sizeof **nv);
	(*nv)[(*nn)++] = x;
	return 0;
}

/* Every neverallow of the base and the modules against every rule the
 * modules added, and every base rule on an attribute that gained types. */
static int check_neverallows(Link *l, const bool *changed)
{
	Never *nv = NULL;
	size_t nn = 0;
	int rc = 0;
	const CilNode *top = l->facts.top;
	for (int i = 1; i < top->n && rc == 0; i++)
		if (cil_atom(top->kid[i], 0) && !strcmp(cil_atom(top->kid[i], 0), "neverallow"))
			rc = never_add(l, &nv, &nn, top->kid[i], "the base");
	for (size_t i = 0; i < l->nst && rc == 0; i++)
		if (l->st[i].on && !strcmp(cil_atom(l->st[i].s, 0), "neverallow"))
			rc = never_add(l, &nv, &nn, l->st[i].s, "a module");
	for (size_t d = 0; d < l->ndirty && rc == 0; d++)
		for (size_t i = 0; i < nn; i++)
			if (violates(l, &nv[i], &l->dirty[d], l->dirtyperms[d])) {
				rc = fail(l, "a rule breaks a neverallow of %s (line %d)", nv[i].where, nv[i].line);
				break;
			}
	if (rc == 0) {
		Scan sc = { l, nv, nn, changed, -1 };
		avtab_map(&l->p->te_avtab, scan_base, &sc);
		avtab_map(&l->p->te_cond_avtab, scan_base, &sc);
		if (sc.bad >= 0)
			rc = fail(l, "a base rule on an attribute the modules' types joined breaks a neverallow of %s (line %d)",
				  nv[sc.bad].where, nv[sc.bad].line);
	}
	for (size_t i = 0; i < nn; i++) {
		ebitmap_destroy(&nv[i].src);
		ebitmap_destroy(&nv[i].tgt);
	}
	free(nv);
	return rc;
}

/* ---- rules under a boolean --------------------------------------------- */

static cond_expr_t *cond_item(Link *l, const CilNode *e, cond_expr_t **tail);

/* libsepol names a field `bool`, which <stdbool.h> makes a macro */
#pragma push_macro("bool")
#undef bool
static cond_expr_t *cond_new(uint32_t type, uint32_t b)
{
	cond_expr_t *c = xcalloc(1, sizeof *c);
	c->expr_type = type;
	c->bool = b;
	return c;
}
#pragma pop_macro("bool")

/* A boolean expression in reverse Polish, as secilc writes it: an operator
 * after its operands, and a list without one the "or" of its items. */
static cond_expr_t *cond_list(Link *l, const CilNode *e, cond_expr_t **tail)
{
	static const struct { const char *op; uint32_t type; } ops[] = {
		{ "not", COND_NOT }, { "or", COND_OR }, { "and", COND_AND },
		{ "xor", COND_XOR }, { "eq", COND_EQ }, { "neq", COND_NEQ },
	};
	const char *first = cil_atom(e, 0);
	for (size_t i = 0; first && i < sizeof ops / sizeof ops[0]; i++) {
		if (strcmp(first, ops[i].op))
			continue;
		cond_expr_t *t1, *t2, *h1 = e->n > 1 ? cond_item(l, e->kid[1], &t1) : NULL;
		if (!h1)
			return NULL;
		cond_expr_t *op = cond_new(ops[i].type, 0);
		if (ops[i].type == COND_NOT) {
			t1->next = op;
		} else {
			cond_expr_t *h2 = e->n > 2 ? cond_item(l, e->kid[2], &t2) : NULL;
			if (!h2) {
				cond_expr_destroy(h1);
				free(op);
				return NULL;
			}
			t1->next = h2;
			t2->next = op;
		}
		*tail = op;
		return h1;
	}
	if (e->n == 0)
		return NULL;
	cond_expr_t *t1, *head = cond_item(l, e->kid[0], &t1);
	for (int i = 1; head && i < e->n; i++) {
		cond_expr_t *t2, *h2 = cond_item(l, e->kid[i], &t2);
		if (!h2) {
			cond_expr_destroy(head);
			return NULL;
		}
		cond_expr_t *op = cond_new(COND_OR, 0);
		t1->next = h2;
		t2->next = op;
		t1 = op;
	}
	*tail = t1;
	return head;
}

static cond_expr_t *cond_item(Link *l, const CilNode *e, cond_expr_t **tail)
{
	if (!e->atom)
		return cond_list(l, e, tail);
	cond_bool_datum_t *b = hashtab_search(l->p->p_bools.table, (hashtab_key_t)e->atom);
	if (!b)
		return NULL;
	return *tail = cond_new(COND_BOOL, b->s.value);
}

/* The policy's conditional node of a boolean expression (secilc merged the
 * base's equal ones into one), and whether its branches are swapped. */
static cond_node_t *cond_find(Link *l, const CilNode *expr, bool *swapped)
{
	policydb_t *p = l->p;
	if (!l->condsnorm) {
		for (cond_node_t *n = p->cond_list; n; n = n->next)
			if (cond_normalize_expr(p, n) != 0)
				return NULL;
		l->condsnorm = true;
	}
	cond_expr_t *tail;
	cond_node_t tmp;
	memset(&tmp, 0, sizeof tmp);
	if (!(tmp.expr = cond_item(l, expr, &tail)))
		return NULL;
	cond_av_list_t mark;
	tmp.true_list = &mark;
	cond_node_t *n = NULL;
	if (cond_normalize_expr(p, &tmp) == 0) {
		*swapped = tmp.false_list == &mark;
		for (n = p->cond_list; n && !cond_expr_equal(n, &tmp); n = n->next)
			;
	}
	cond_expr_destroy(tmp.expr);
	return n;
}

/* Adds a rule to one branch of a conditional node. */
static int cond_put(Link *l, cond_av_list_t **list, avtab_key_t *k, uint32_t data)
{
	for (cond_av_list_t *c = *list; c; c = c->next) {
		avtab_key_t *ck = &c->node->key;
		if (ck->source_type != k->source_type || ck->target_type != k->target_type ||
		    ck->target_class != k->target_class || (ck->specified & ~AVTAB_ENABLED) != k->specified)
			continue;
		if (k->specified & AVTAB_TYPE) {
			if (c->node->datum.data != data)
				return fail(l, "a conditional type rule of the base conflicts for a new type");
		} else if (k->specified == AVTAB_AUDITDENY) {
			c->node->datum.data &= data;
		} else {
			c->node->datum.data |= data;
		}
		return 0;
	}
	avtab_datum_t d = { .data = data, .xperms = NULL };
	avtab_ptr_t node = avtab_insert_nonunique(&l->p->te_cond_avtab, k, &d);
	if (!node)
		return fail(l, "out of memory");
	node->parse_context = (void *)1;   /* libsepol writes only entries marked so */
	cond_av_list_t *c = xcalloc(1, sizeof *c);
	c->node = node;
	c->next = *list;
	*list = c;
	l->condadded = true;
	return 0;
}

/* A base rule under a boolean, for the pairs of types with a new one. */
static int apply_condrule(Link *l, const CilNode *c)
{
	bool branch = cil_atom(c, 2) && !strcmp(cil_atom(c, 2), "true");
	const CilNode *st = c->kid[3];
	const char *k = cil_atom(st, 0);
	bool self = cil_atom(st, 2) && !strcmp(cil_atom(st, 2), "self");
	bool avrule = !strcmp(k, "allow") || !strcmp(k, "auditallow") || !strcmp(k, "dontaudit");
	uint16_t spec;
	uint32_t cls = 0, mask = 0, nt = 0;
	if (!strcmp(k, "allow") || !strcmp(k, "auditallow") || !strcmp(k, "dontaudit")) {
		if (!self || st->n != 4 || classperms(l, st->kid[3], &cls, &mask, false) != 0)
			return fail(l, "line %d of the facts: a conditional %s", c->line, k);
		spec = rule_spec(k);
		if (spec == AVTAB_AUDITDENY && l->j->no_dontaudit)
			return 0;
	} else {
		spec = rule_spec(k);
		class_datum_t *cd = class_of(l, cil_atom(st, 3));
		Attr *a;
		if (st->n != 5 || !cd || resolve(l, cil_atom(st, 4), &nt, &a) != K_TYPE)
			return fail(l, "line %d of the facts: a conditional %s", c->line, k);
		cls = cd->s.value;
		mask = nt;
	}
	ebitmap_t src, tgt;
	ebitmap_init(&src);
	ebitmap_init(&tgt);
	int rc = types_of(l, cil_atom(st, 1), &src);
	if (rc == 0 && !self)
		rc = types_of(l, cil_atom(st, 2), &tgt);
	else if (rc == 0 && !avrule && ebitmap_cpy(&tgt, &src) != 0)
		rc = fail(l, "out of memory");
	bool any = false;
	ebitmap_node_t *n, *m;
	unsigned int i, j;
	if (rc == 0)
		any = ebitmap_match_any(&src, &l->newmask) || ebitmap_match_any(&tgt, &l->newmask);
	cond_node_t *node = NULL;
	bool swapped = false;
	if (rc == 0 && any && !(node = cond_find(l, c->kid[1], &swapped)))
		rc = fail(l, "line %d of the facts: a condition the fast link cannot find", c->line);
	if (rc == 0 && any) {
		cond_av_list_t **list = branch != swapped ? &node->true_list : &node->false_list;
		uint32_t data = spec == AVTAB_AUDITDENY ? ~mask : mask;
		ebitmap_for_each_positive_bit(&src, n, i) {
			if (self && avrule) {
				if (rc == 0 && i >= l->nbase) {
					avtab_key_t key = { (uint16_t)(i + 1), (uint16_t)(i + 1), (uint16_t)cls, spec };
					rc = cond_put(l, list, &key, data);
					if (rc == 0 && spec == AVTAB_ALLOWED)
						dirty_push(l, &key, mask);
				}
				continue;
			}
			ebitmap_for_each_positive_bit(&tgt, m, j) {
				if (rc != 0 || (i < l->nbase && j < l->nbase) || (self && i != j))
					continue;
				avtab_key_t key = { (uint16_t)(i + 1), (uint16_t)(j + 1), (uint16_t)cls, spec };
				avtab_datum_t *u = avtab_search(&l->p->te_avtab, &key);
				if (u && u->data != data)
					rc = fail(l, "a conditional type rule of the base conflicts with an unconditional one");
				else
					rc = cond_put(l, list, &key, data);
			}
		}
	}
	ebitmap_destroy(&src);
	ebitmap_destroy(&tgt);
	return rc;
}

/* ---- the whole link ----------------------------------------------------- */

static bool generated(const char *name)
{
	return strstr(name, "_typeattr_") != NULL;
}

/* CIL's cil_typeattribute_used, with secilc's defaults (attributes of
 * fewer than 1 member expanded, generated ones kept). */
static bool cil_keeps(const Attr *a, uint32_t card)
{
	if (!a->used)
		return false;
	if (a->used & U_EXPAND)
		return false;   /* the fast link steps aside before this (expandtypeattribute) */
	if (a->used & U_CONSTRAINT)
		return true;
	if (a->used == U_NEVERALLOW)
		return strcmp(a->name, "cil_gen_require") && !generated(a->name);
	if (a->used == U_AVRULE)
		return card >= 1;
	return true;
}

static void mark_never_exprs(Link *l, const CilNode *e, int depth)
{
	if (depth > 64)
		return;
	if (e->atom) {
		Attr *a = attr_get(l, e->atom);
		if (!a)
			return;
		if (generated(a->name)) {
			for (int i = 0; i < a->nsets; i++)
				mark_never_exprs(l, a->sets[i], depth + 1);
		} else {
			a->used |= U_NEVERALLOW;
		}
		return;
	}
	for (int i = 0; i < e->n; i++)
		mark_never_exprs(l, e->kid[i], depth);
}

static int link_modules(Link *l)
{
	policydb_t *p = l->p;
	l->nbase = p->p_types.nprim;
	for (int i = 0; i < l->ndocs; i++)
		if (declare(l, l->docs[i].top, 0, 0) != 0)
			return -1;
	/* the new types' values */
	grow_types(l, (uint32_t)(l->newtypes.n + l->nmodattrs));
	for (size_t i = 0; i < l->newtypes.n; i++) {
		uint32_t v = add_type(l, l->newtypes.v[i].key, TYPE_TYPE);
		if (!v)
			return fail(l, "out of memory");
		l->newtypes.v[i].val = (void *)(uintptr_t)v;
	}
	ebitmap_init(&l->alltypes);
	for (uint32_t v = 1; v <= p->p_types.nprim; v++) {
		type_datum_t *t = v <= l->nbase ? p->type_val_to_struct[v - 1] : NULL;
		if (!t || t->flavor == TYPE_TYPE)
			ebitmap_set_bit(&l->alltypes, v - 1, 1);
	}
	for (int i = 0; i < l->ndocs; i++)
		if (gather(l, l->docs[i].top, 0, true, true) != 0)
			return -1;
	/* the modules' attribute sets, and their uses */
	for (size_t i = 0; i < l->nst; i++) {
		const CilNode *s = l->st[i].s;
		const char *k = cil_atom(s, 0);
		if (!l->st[i].on)
			continue;
		if (!strcmp(k, "typeattributeset")) {
			Attr *a = attr_get(l, cil_atom(s, 1));
			attr_set(a, s->kid[2]);
		} else if (!strcmp(k, "allow") || !strcmp(k, "auditallow") || !strcmp(k, "dontaudit") ||
			   !strcmp(k, "neverallow")) {
			int flag = !strcmp(k, "neverallow") ? U_NEVERALLOW : U_AVRULE;
			if (strcmp(cil_atom(s, 2), "self")) {
				for (int j = 1; j <= 2; j++) {
					Attr *a = attr_get(l, cil_atom(s, j));
					if (a)
						a->used |= flag;
				}
			}
		}
	}
	/* generated attributes used by neverallows pass the use on */
	for (size_t i = 0; i < l->attrs.n; i++) {
		Attr *a = l->attrs.v[i].val;
		if ((a->used & U_NEVERALLOW) && generated(a->name))
			for (int k = 0; k < a->nsets; k++)
				mark_never_exprs(l, a->sets[k], 0);
	}
	/* which attributes the policy keeps, and their members */
	for (size_t i = 0; i < l->attrs.n; i++) {
		Attr *a = l->attrs.v[i].val;
		if (a->used & U_EXPAND)
			return fail(l, "expandtypeattribute names %s", a->name);
		if (a->base) {
			if (a->binval) {
				a->kept = true;
				a->val = a->binval;
				if (!members(l, a))
					return -1;
				continue;
			}
			/* dropped from the base: it must stay dropped.  Unused, or with
			 * no set that could give it a new type, it does; otherwise
			 * its new members decide (a used base attribute secilc
			 * dropped had no members) */
			if (!a->used || a->nsets == 0)
				continue;
			const ebitmap_t *dm = members(l, a);
			if (!dm)
				return -1;
			if (cil_keeps(a, ebitmap_cardinality(dm)))
				return fail(l, "the base attribute %s, dropped from the base, would be kept", a->name);
			continue;
		}
		const ebitmap_t *m = members(l, a);
		if (!m)
			return -1;
		a->kept = cil_keeps(a, ebitmap_cardinality(m));
	}
	for (size_t i = 0; i < l->attrs.n; i++) {
		Attr *a = l->attrs.v[i].val;
		if (!a->base && a->kept && !(a->val = add_type(l, a->name, TYPE_ATTRIB)))
			return fail(l, "out of memory");
	}
	/* the attribute maps */
	bool *changed = xcalloc(p->p_types.nprim, sizeof *changed);
	for (size_t i = 0; i < l->attrs.n; i++) {
		Attr *a = l->attrs.v[i].val;
		if (!a->kept)
			continue;
		ebitmap_node_t *n;
		unsigned int bit;
		ebitmap_for_each_positive_bit(&a->m, n, bit) {
			if (bit < l->nbase && a->base)
				continue;
			ebitmap_set_bit(&p->attr_type_map[a->val - 1], bit, 1);
			ebitmap_set_bit(&p->type_attr_map[bit], a->val - 1, 1);
			if (a->base)
				changed[a->val - 1] = true;
		}
	}
	if (policydb_index_others(NULL, p, 0) != 0) {
		free(changed);
		return fail(l, "indexing the policy failed");
	}
	/* the base's rules secilc wrote for each type of an attribute, now
	 * for the modules' types too */
	ebitmap_init(&l->newmask);
	for (size_t i = 0; i < l->newtypes.n; i++)
		ebitmap_set_bit(&l->newmask, (uint32_t)(uintptr_t)l->newtypes.v[i].val - 1, 1);
	int rc = 0;
	for (size_t i = 0; i < l->condattrs.n && rc == 0; i++) {
		Attr *a = attr_get(l, l->condattrs.v[i].key);
		const ebitmap_t *m = a ? members(l, a) : NULL;
		if (a && !m)
			rc = -1;
		else if (m && ebitmap_match_any(m, &l->newmask))
			rc = fail(l, "a type joins %s, which has conditional rules or range transitions on each type", a->name);
	}
	for (size_t i = 0; i < l->nexp && rc == 0; i++) {
		const CilNode *e = l->expands[i];
		const char *k = cil_atom(e, 0);
		if (!strcmp(k, "typetransition") || !strcmp(k, "typechange") || !strcmp(k, "typemember")) {
			rc = apply_typetrans(l, e, true);
			continue;
		}
		Attr *a = attr_get(l, cil_atom(e, !strcmp(k, "roletype") ? 2 : 1));
		const ebitmap_t *m = a ? members(l, a) : NULL;
		if (!m) {
			rc = fail(l, "line %d of the facts: %s", e->line, k);
			break;
		}
		uint32_t cls = 0, mask = 0;
		bool role = !strcmp(k, "roletype");
		if (!role && strcmp(k, "allow") && strcmp(k, "auditallow") && strcmp(k, "dontaudit")) {
			rc = fail(l, "line %d of the facts: %s", e->line, k);
			break;
		}
		if (!role && (e->n != 4 || classperms(l, e->kid[3], &cls, &mask, false) != 0)) {
			rc = -1;
			break;
		}
		uint16_t spec = rule_spec(k);
		if (!role && spec == AVTAB_AUDITDENY && l->j->no_dontaudit)
			continue;
		role_datum_t *r = role ? role_of(l, cil_atom(e, 1)) : NULL;
		if (role && !r)
			continue;   /* object_r, or a role attribute: no kernel role types */
		ebitmap_node_t *n;
		unsigned int bit;
		ebitmap_for_each_positive_bit(m, n, bit) {
			if (bit < l->nbase || rc != 0)
				continue;
			if (role)
				ebitmap_set_bit(&r->types.types, bit, 1);
			else
				rc = av_put(l, bit + 1, bit + 1, cls, spec, mask);
		}
	}
	for (size_t i = 0; i < l->nconds && rc == 0; i++)
		rc = apply_condrule(l, l->conds[i]);
	/* the rules */
	for (size_t i = 0; i < l->nst && rc == 0; i++) {
		const CilNode *s = l->st[i].s;
		const char *k = cil_atom(s, 0);
		if (!l->st[i].on)
			continue;
		if (!strcmp(k, "allow") || !strcmp(k, "auditallow") || !strcmp(k, "dontaudit")) {
			rc = apply_avrule(l, s);
		} else if (!strcmp(k, "typetransition")) {
			rc = apply_typetrans(l, s, false);
		} else if (!strcmp(k, "roletype")) {
			if (strcmp(cil_atom(s, 1), "object_r")) {
				uint32_t v;
				Attr *a;
				if (resolve(l, cil_atom(s, 2), &v, &a) != K_TYPE)
					rc = fail(l, "line %d: roletype of an attribute", s->line);
				else
					ebitmap_set_bit(&role_of(l, cil_atom(s, 1))->types.types, v - 1, 1);
			}
		} else if (!strcmp(k, "portcon")) {
			rc = apply_portcon(l, s);
		} else if (!strcmp(k, "policycap")) {
			/* declared twice, or by the base too: secilc refuses it */
			unsigned cap = (unsigned)sepol_polcap_getnum(cil_atom(s, 1));
			if (ebitmap_get_bit(&p->policycaps, cap))
				rc = fail(l, "line %d: policycap %s is declared already", s->line, cil_atom(s, 1));
			else
				ebitmap_set_bit(&p->policycaps, cap, 1);
		} else if (!strcmp(k, "roleattributeset")) {
			if (strcmp(cil_atom(s, 1), "cil_gen_require"))
				rc = fail(l, "line %d: roleattributeset %s", s->line, cil_atom(s, 1));
		}
	}
	/* constraints naming an attribute that gained types */
	for (uint32_t c = 0; c < p->p_classes.nprim && rc == 0; c++) {
		class_datum_t *cd = p->class_val_to_struct[c];
		for (int pass = 0; pass < 2; pass++)
			for (constraint_node_t *cn = pass ? cd->validatetrans : cd->constraints; cn; cn = cn->next)
				for (constraint_expr_t *e = cn->expr; e; e = e->next) {
					if (e->expr_type != CEXPR_NAMES || !(e->attr & CEXPR_TYPE) || !e->type_names)
						continue;
					ebitmap_node_t *n;
					unsigned int bit;
					ebitmap_for_each_positive_bit(&e->type_names->types, n, bit) {
						if (bit < l->nbase && !changed[bit])
							continue;
						ebitmap_node_t *n2;
						unsigned int t;
						ebitmap_for_each_positive_bit(&p->attr_type_map[bit], n2, t) {
							if (t >= l->nbase)
								ebitmap_set_bit(&e->names, t, 1);
						}
					}
				}
	}
	if (rc == 0 && l->condadded && evaluate_conds(p) != 0)
		rc = fail(l, "evaluating the conditions failed");
	if (rc == 0 && !l->j->no_neverallow)
		rc = check_neverallows(l, changed);
	free(changed);
	return rc;
}

static int read_policy(policydb_t *p, const char *path, Buf *err)
{
	char msg[512];
	if (basepol_read(p, path, msg, sizeof msg) != 0) {
		buf_puts(err, msg);
		return -1;
	}
	return 0;
}

int fastlink(const LinkJob *j, const StrVec *base_cils, Buf *why, Buf *err)
{
	char *dir = cache_path(j, base_cils);
	char *mark = path_join(dir, "complete"), *polpath = path_join(dir, "policy");
	char *fcpath = path_join(dir, "file_contexts"), *factspath = path_join(dir, "facts");
	char *fcbase = NULL, *pol = NULL;
	size_t fclen = 0, plen = 0;
	int status = -1;
	policydb_t p;
	bool pinit = false;
	Link l = { .j = j, .p = &p, .why = why };
	Buf fcout = { 0 };
	sepol_debug(0);
	/* whatever keeps the fast link from its cache or its inputs leaves
	 * the link to secilc, which reports what is wrong with an input */
	status = 1;
	if (access(mark, F_OK) != 0) {
		if (j->notes)
			fprintf(j->notes, "zonepolicy: link: compiling the base once for fast links, into %s (about 15 s)\n", dir);
		if (cache_make(j, base_cils, dir, why) != 0)
			goto out;
	}
	if (read_policy(&p, polpath, why) != 0)
		goto out;
	pinit = true;
	char msg[512];
	if (!(fcbase = read_file(fcpath, 1u << 30, &fclen, msg, sizeof msg))) {
		buf_puts(why, msg);
		goto out;
	}
	if (load_facts(&l, factspath, why) != 0)
		goto out;
	for (int i = 0; i < j->nmodules; i++)
		if (load_module(&l, j->modules[i], why) != 0)
			goto out;
	if (link_modules(&l) != 0 || fc_merge(&l, fcbase, fclen, &fcout) != 0)
		goto out;
	status = -1;
	FILE *mf = open_memstream(&pol, &plen);
	struct policy_file pf;
	policy_file_init(&pf);
	pf.type = PF_USE_STDIO;
	pf.fp = mf;
	int wr = policydb_write(&p, &pf);
	if (fclose(mf) != 0 || wr != 0) {
		buf_puts(err, "writing the linked policy failed");
		goto out;
	}
	status = link_write(j, pol, plen, buf_str(&fcout), buf_total(&fcout), err) == 0 ? 0 : -1;
out:
	if (pinit)
		policydb_destroy(&p);
	for (size_t i = 0; i < l.attrs.n; i++) {
		Attr *a = l.attrs.v[i].val;
		ebitmap_destroy(&a->m);
		free(a->sets);
		free(a);
	}
	strmap_free(&l.attrs);
	strmap_free(&l.newtypes);
	strmap_free(&l.roleattrs);
	ebitmap_destroy(&l.alltypes);
	ebitmap_destroy(&l.newmask);
	strmap_free(&l.condattrs);
	free(l.expands);
	free(l.conds);
	for (int i = 0; i < l.ndocs; i++)
		cil_free(&l.docs[i]);
	free(l.docs);
	cil_free(&l.facts);
	free(l.st);
	free(l.dirty);
	free(l.dirtyperms);
	buf_free(&fcout);
	free(pol);
	free(fcbase);
	free(dir);
	free(mark);
	free(polpath);
	free(fcpath);
	free(factspath);
	return status;
}
