/* mutate.c: the mutation test's policy surgeon (test tool, not installed).
 *
 *   mutate list MODULE.cil
 *       every allow rule of the module: INDEX, CIL line, origin, rule
 *   mutate apply LINKED.33 BASEONLY.33 MODULE.cil INDEX OUT.33
 *       writes the policy that linking MODULE.cil without allow rule INDEX
 *       gives; exit 3 (nothing written) when no access vector of it differs
 *       from LINKED's (an equivalent mutant: the base grants the same)
 *   mutate compare A.33 B.33
 *       exit 0 when both have the same allow and type_transition rules
 *       (compared by name), else 1 with the first differences
 *
 * Why `apply` is the same policy as a relink (docs/checking.md): an allow
 * rule of the module names types (or `self`), never attributes, so secilc
 * turns it into the access vector table entries (S, T, C) of those types
 * only, OR-ing its permissions into whatever the other rules put there.
 * The kernel table entry for such a key is therefore the union of what the
 * base policy contributes (BASEONLY: the same module linked with all its
 * allow rules removed, so its types, attributes and expansions are the
 * same) and the module's own rules on that key.  Deleting rule i sets every
 * key of rule i to BASEONLY[key] | the other module rules on the key.
 * Nothing else in a kernel policy depends on an allow rule once neverallow
 * checking is done (a deletion cannot create a neverallow violation).  The
 * test suite re-checks this claim on sampled mutants with `compare` against
 * real secilc links.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sepol/policydb.h>
#include <sepol/policydb/avtab.h>

#include "polview.h"

typedef struct CilRule {
	unsigned line;
	char origin[256];
	char text[1024];
	char src[128], tgt[128], cls[128];
	char perms[32][64];
	int nperms;
} CilRule;

/* (typeattributeset NAME (T...)) of the module, for attributes the linked
 * policy no longer has (secilc may expand an attribute into its types) */
typedef struct AttrSet {
	char name[128];
	char member[128];
} AttrSet;

typedef struct Rules {
	CilRule *v;
	size_t n;
	AttrSet *attrs;
	size_t nattrs;
} Rules;

static int read_cil(const char *path, Rules *out)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		perror(path);
		return -1;
	}
	char line[4096], origin[256] = "";
	unsigned lineno = 0;
	size_t cap = 0, acap = 0;
	memset(out, 0, sizeof *out);
	while (fgets(line, sizeof line, f)) {
		lineno++;
		char *s = line;
		while (isspace((unsigned char)*s))
			s++;
		if (s[0] == ';') {
			char *o = s + 1;
			while (*o == ' ')
				o++;
			o[strcspn(o, "\n")] = '\0';
			snprintf(origin, sizeof origin, "%.250s", o);
			continue;
		}
		if (strncmp(s, "(typeattributeset ", 18) == 0) {
			char tmp[4096];
			snprintf(tmp, sizeof tmp, "%s", s);
			for (char *c = tmp; *c; c++)
				if (*c == '(' || *c == ')')
					*c = ' ';
			char *save = NULL;
			strtok_r(tmp, " \t\n", &save);
			char *attr = strtok_r(NULL, " \t\n", &save);
			for (char *t = strtok_r(NULL, " \t\n", &save); attr && t; t = strtok_r(NULL, " \t\n", &save)) {
				if (out->nattrs == acap) {
					acap = acap ? acap * 2 : 64;
					out->attrs = realloc(out->attrs, acap * sizeof *out->attrs);
					if (!out->attrs)
						abort();
				}
				snprintf(out->attrs[out->nattrs].name, 128, "%.120s", attr);
				snprintf(out->attrs[out->nattrs++].member, 128, "%.120s", t);
			}
			continue;
		}
		if (strncmp(s, "(allow ", 7) != 0)
			continue;
		if (out->n == cap) {
			cap = cap ? cap * 2 : 64;
			out->v = realloc(out->v, cap * sizeof *out->v);
			if (!out->v)
				abort();
		}
		CilRule *r = &out->v[out->n];
		memset(r, 0, sizeof *r);
		r->line = lineno;
		memcpy(r->origin, origin, sizeof r->origin);
		s[strcspn(s, "\n")] = '\0';
		snprintf(r->text, sizeof r->text, "%.1000s", s);
		/* (allow SRC TGT (CLASS (PERM...))) */
		char tmp[4096];
		snprintf(tmp, sizeof tmp, "%s", s);
		for (char *c = tmp; *c; c++)
			if (*c == '(' || *c == ')')
				*c = ' ';
		char *save = NULL;
		char *w[40];
		int n = 0;
		for (char *t = strtok_r(tmp, " \t", &save); t && n < 40; t = strtok_r(NULL, " \t", &save))
			w[n++] = t;
		if (n < 5 || n - 4 > 32) {
			fprintf(stderr, "%s:%u: cannot read this allow rule\n", path, lineno);
			fclose(f);
			return -1;
		}
		snprintf(r->src, sizeof r->src, "%.120s", w[1]);
		snprintf(r->tgt, sizeof r->tgt, "%.120s", w[2]);
		snprintf(r->cls, sizeof r->cls, "%.120s", w[3]);
		for (int i = 4; i < n; i++)
			snprintf(r->perms[r->nperms++], sizeof r->perms[0], "%.60s", w[i]);
		out->n++;
	}
	fclose(f);
	return 0;
}

static Policy *load(const char *path)
{
	char err[512];
	Policy *p = policy_load(path, err, sizeof err);
	if (!p)
		fprintf(stderr, "mutate: %s\n", err);
	return p;
}

/* the unconditional allow entry of L for a key, or NULL */
static avtab_ptr_t find_node(policydb_t *db, unsigned s, unsigned t, unsigned c)
{
	for (uint32_t i = 0; i < db->te_avtab.nslot; i++)
		for (avtab_ptr_t n = db->te_avtab.htable[i]; n; n = n->next)
			if (n->key.source_type == s && n->key.target_type == t && n->key.target_class == c &&
			    n->key.specified == AVTAB_ALLOWED)
				return n;
	return NULL;
}

typedef struct Key {
	unsigned s, t;
} Key;

typedef struct Keys {
	Key *v;
	size_t n, cap;
	unsigned c;
	uint32_t perms;
} Keys;

static void add_key(Keys *k, unsigned s, unsigned t)
{
	if (k->n == k->cap) {
		k->cap = k->cap ? k->cap * 2 : 8;
		k->v = realloc(k->v, k->cap * sizeof *k->v);
		if (!k->v)
			abort();
	}
	k->v[k->n++] = (Key){ s, t };
}

/* the values a rule's source or target stands for in the linked policy:
 * the type or kept attribute itself, or the types of an attribute that
 * secilc expanded away (with `expand`: always the types) */
static int resolve(const Policy *p, const Rules *rules, const char *name, bool expand, unsigned *out, size_t *n)
{
	*n = 0;
	unsigned v = policy_type(p, name);
	if (v && (!expand || !policy_is_attr(p, v))) {
		out[(*n)++] = v;
		return 0;
	}
	if (v) {
		size_t nm;
		const uint16_t *m = policy_members(p, v, &nm);
		for (size_t i = 0; i < nm && *n < 4096; i++)
			out[(*n)++] = m[i];
		return 0;
	}
	for (size_t i = 0; i < rules->nattrs && *n < 4096; i++)
		if (strcmp(rules->attrs[i].name, name) == 0) {
			unsigned t = policy_type(p, rules->attrs[i].member);
			if (!t)
				return -1;
			out[(*n)++] = t;
		}
	return *n ? 0 : -1;
}

/* the access vector table keys rule r fills in the linked policy p */
static int rule_keys(const Policy *p, const Rules *rules, const CilRule *r, Keys *k)
{
	static const size_t max = 4096;
	unsigned *src = calloc(max, sizeof *src), *tgt = calloc(max, sizeof *tgt);
	size_t ns, nt;
	int rc = -1;
	k->n = 0;
	if (!src || !tgt)
		abort();
	bool self = strcmp(r->tgt, "self") == 0;
	k->c = policy_class(p, r->cls);
	if (!k->c || resolve(p, rules, r->src, self, src, &ns) < 0 ||
	    (!self && resolve(p, rules, r->tgt, false, tgt, &nt) < 0)) {
		fprintf(stderr, "mutate: rule at line %u names something the linked policy lacks: %s\n", r->line, r->text);
		goto out;
	}
	/* `self` is always expanded to one key per type of the source */
	for (size_t i = 0; i < ns; i++)
		if (self)
			add_key(k, src[i], src[i]);
		else
			for (size_t j = 0; j < nt; j++)
				add_key(k, src[i], tgt[j]);
	k->perms = 0;
	for (int i = 0; i < r->nperms; i++) {
		uint32_t b = policy_perm(p, k->c, r->perms[i]);
		if (!b) {
			fprintf(stderr, "mutate: unknown permission %s in %s\n", r->perms[i], r->text);
			goto out;
		}
		k->perms |= b;
	}
	rc = 0;
out:
	free(src);
	free(tgt);
	return rc;
}

static uint32_t base_perms(const Policy *b0, const Policy *l, unsigned s, unsigned t, unsigned c)
{
	unsigned bs = policy_type(b0, policy_type_name(l, s)), bt = policy_type(b0, policy_type_name(l, t));
	unsigned bc = policy_class(b0, policy_class_name(l, c));
	size_t n;
	const AvRule *r = policy_rules_for(b0, bs, bt, bc, AVTAB_ALLOWED, &n);
	uint32_t av = 0;
	for (size_t i = 0; i < n; i++)
		if (!r[i].cond)
			av |= r[i].data;
	return av;
}

typedef struct Change {
	unsigned s, t, c;
	uint32_t now;        /* the entry's permissions after the mutation */
	avtab_ptr_t node;    /* the entry in the linked policy */
} Change;

/* the TE access vector of concrete types s -> t:c with the changed entries */
static uint32_t te_after(const Policy *p, const Change *ch, size_t nch, unsigned s, unsigned t, unsigned c)
{
	policydb_t *db = policy_db(p);
	uint32_t av = 0;
	ebitmap_node_t *sn, *tn;
	unsigned i, j;
	ebitmap_for_each_positive_bit(&db->type_attr_map[s - 1], sn, i)
		ebitmap_for_each_positive_bit(&db->type_attr_map[t - 1], tn, j) {
			size_t n, k;
			const AvRule *r = policy_rules_for(p, i + 1, j + 1, c, AVTAB_ALLOWED, &n);
			for (k = 0; k < nch && !(ch[k].s == i + 1 && ch[k].t == j + 1 && ch[k].c == c); k++)
				;
			for (size_t x = 0; x < n; x++)
				if (r[x].cond || k == nch)
					av |= r[x].data;
			if (k < nch)
				av |= ch[k].now;
		}
	return av;
}

/* Does any computed (TE) access vector change?  A deletion that changes
 * none cannot be told apart by any vector: allow/deny/trans read access
 * vectors, and a deletion only removes flow edges, so it cannot make a
 * passing noflow fail. */
static bool av_changes(const Policy *p, const Change *ch, size_t nch)
{
	for (size_t k = 0; k < nch; k++) {
		size_t ns, nt;
		const uint16_t *ms = policy_members(p, ch[k].s, &ns), *mt = policy_members(p, ch[k].t, &nt);
		for (size_t a = 0; a < ns; a++)
			for (size_t b = 0; b < nt; b++)
				if (policy_te_allowed(p, ms[a], mt[b], ch[k].c) != te_after(p, ch, nch, ms[a], mt[b], ch[k].c))
					return true;
	}
	return false;
}

static int cmd_apply(char **argv)
{
	Rules rules;
	if (read_cil(argv[3], &rules) < 0)
		return 2;
	size_t idx = (size_t)strtoul(argv[4], NULL, 10);
	if (idx < 1 || idx > rules.n) {
		fprintf(stderr, "mutate: no allow rule %zu (the module has %zu)\n", idx, rules.n);
		free(rules.v);
		free(rules.attrs);
		return 2;
	}
	Policy *l = load(argv[1]), *b0 = l ? load(argv[2]) : NULL;
	int rc = 2;
	if (!l || !b0)
		goto out;
	const CilRule *victim = &rules.v[idx - 1];
	Keys vk = { 0 }, ok = { 0 };
	policydb_t *db = policy_db(l);
	Change *ch = NULL;
	size_t nch = 0;
	if (rule_keys(l, &rules, victim, &vk) < 0)
		goto keys;
	for (size_t kk = 0; kk < vk.n; kk++) {
		unsigned s = vk.v[kk].s, t = vk.v[kk].t, c = vk.c;
		uint32_t want = base_perms(b0, l, s, t, c);
		for (size_t i = 0; i < rules.n; i++) {
			if (i == idx - 1)
				continue;
			if (rule_keys(l, &rules, &rules.v[i], &ok) < 0)
				goto keys;
			for (size_t j = 0; j < ok.n; j++)
				if (ok.v[j].s == s && ok.v[j].t == t && ok.c == c)
					want |= ok.perms;
		}
		avtab_ptr_t node = find_node(db, s, t, c);
		if (!node) {
			fprintf(stderr, "mutate: the linked policy has no entry %s %s:%s for %s\n", policy_type_name(l, s),
				policy_type_name(l, t), policy_class_name(l, c), victim->text);
			goto keys;
		}
		if (want & ~node->datum.data) {
			fprintf(stderr, "mutate: inconsistent: the linked entry lacks permissions its rules give\n");
			goto keys;
		}
		if (node->datum.data != want) {
			ch = realloc(ch, (nch + 1) * sizeof *ch);
			if (!ch)
				abort();
			ch[nch++] = (Change){ s, t, c, want, node };
		}
	}
	free(vk.v);
	free(ok.v);
	/* compare with the policy as linked (policy_te_allowed reads the
	 * policydb itself), then write the mutation into it */
	bool changed = av_changes(l, ch, nch);
	for (size_t k = 0; k < nch; k++)
		ch[k].node->datum.data = ch[k].now;
	free(ch);
	ch = NULL;
	if (!changed) {
		rc = 3;           /* equivalent mutant: no access vector changes */
		goto out;
	}
	FILE *f = fopen(argv[5], "wb");
	sepol_policy_file_t *pf = NULL;
	if (!f || sepol_policy_file_create(&pf) < 0) {
		perror(argv[5]);
		if (f)
			fclose(f);
		goto out;
	}
	sepol_policy_file_set_fp(pf, f);
	int wr = sepol_policydb_write((sepol_policydb_t *)db, pf);
	sepol_policy_file_free(pf);
	if (fclose(f) != 0 || wr < 0) {
		fprintf(stderr, "mutate: cannot write %s\n", argv[5]);
		goto out;
	}
	rc = 0;
	goto out;
keys:
	free(vk.v);
	free(ok.v);
	free(ch);
out:
	policy_free(l);
	policy_free(b0);
	free(rules.v);
	free(rules.attrs);
	return rc;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **rule_strings(const Policy *p, size_t *n)
{
	size_t nr;
	const AvRule *r = policy_rules(p, &nr);
	char **v = calloc(nr ? nr : 1, sizeof *v);
	if (!v)
		abort();
	size_t k = 0;
	for (size_t i = 0; i < nr; i++) {
		char buf[4096], pb[1024];
		/* an allow entry with no permissions is no rule (surgery leaves them) */
		if (r[i].kind == AVTAB_ALLOWED && !r[i].data)
			continue;
		if (r[i].kind == AVTAB_ALLOWED)
			policy_perms_str(p, r[i].cls, r[i].data, pb, sizeof pb);
		else
			snprintf(pb, sizeof pb, "%s", policy_type_name(p, r[i].data));
		snprintf(buf, sizeof buf, "%s %s %s:%s %s%s", r[i].kind == AVTAB_ALLOWED ? "allow" : "type_transition",
			 policy_type_name(p, r[i].src), policy_type_name(p, r[i].tgt), policy_class_name(p, r[i].cls), pb,
			 r[i].cond ? " [cond]" : "");
		v[k] = strdup(buf);
		if (!v[k++])
			abort();
	}
	qsort(v, k, sizeof *v, str_cmp);
	*n = k;
	return v;
}

static int cmd_compare(char **argv)
{
	Policy *a = load(argv[1]), *b = a ? load(argv[2]) : NULL;
	if (!a || !b) {
		policy_free(a);
		return 2;
	}
	size_t na, nb;
	char **va = rule_strings(a, &na), **vb = rule_strings(b, &nb);
	size_t i = 0, j = 0;
	int diffs = 0;
	while (i < na || j < nb) {
		int c = i >= na ? 1 : j >= nb ? -1 : strcmp(va[i], vb[j]);
		if (c == 0) {
			i++;
			j++;
			continue;
		}
		if (diffs++ < 10)
			printf("%s %s\n", c < 0 ? "only in A:" : "only in B:", c < 0 ? va[i] : vb[j]);
		if (c < 0)
			i++;
		else
			j++;
	}
	for (size_t k = 0; k < na; k++)
		free(va[k]);
	for (size_t k = 0; k < nb; k++)
		free(vb[k]);
	free(va);
	free(vb);
	policy_free(a);
	policy_free(b);
	if (diffs)
		printf("%d differences\n", diffs);
	return diffs ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "list") == 0) {
		Rules rules;
		if (read_cil(argv[2], &rules) < 0)
			return 2;
		for (size_t i = 0; i < rules.n; i++)
			printf("%zu\t%u\t%s\t%s\n", i + 1, rules.v[i].line, rules.v[i].origin, rules.v[i].text);
		free(rules.v);
		free(rules.attrs);
		return 0;
	}
	if (argc == 7 && strcmp(argv[1], "apply") == 0)
		return cmd_apply(argv + 1);
	if (argc == 4 && strcmp(argv[1], "compare") == 0)
		return cmd_compare(argv + 1);
	fputs("usage: mutate list MODULE.cil\n"
	      "       mutate apply LINKED.33 BASEONLY.33 MODULE.cil INDEX OUT.33\n"
	      "       mutate compare A.33 B.33\n", stderr);
	return 2;
}
