/* emit_common.c: requirements, file-context regexes and origin comments,
 * shared by the .te, .cil, .fc and .if printers. */
#include "emit.h"
#include "strmap.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

/* ---- string set: the keys of a string map ---- */

struct StrSet {
	StrMap m;
};

StrSet *strset_new(void)
{
	return xcalloc(1, sizeof(StrSet));
}

void strset_free(StrSet *s)
{
	if (s) {
		strmap_free(&s->m);
		free(s);
	}
}

bool strset_add(StrSet *s, const char *str)
{
	bool added;
	strmap_add(&s->m, str, strlen(str), &added);
	return added;
}

bool strset_has(const StrSet *s, const char *str)
{
	return strmap_find(&s->m, str, strlen(str)) != STRMAP_NONE;
}

/* ---- requirements ---- */

typedef struct Acc {
	Arena *a;
	StrSet *seen;
	const char **v;
	size_t n, cap;
} Acc;

static void acc_add(Acc *x, const char *str)
{
	if (!strset_add(x->seen, str))
		return;
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 16;
		const char **v = arena_alloc(x->a, x->cap * sizeof *v);
		if (x->n)
			memcpy(v, x->v, x->n * sizeof *v);
		x->v = v;
	}
	x->v[x->n++] = str;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void sort_strs(const char **v, size_t n)
{
	if (n > 1)
		qsort(v, n, sizeof *v, cmp_str);
}

/* Is s in v, a list sort_strs sorted (an outer block's requirements)? */
static bool in_sorted(const char *const *v, size_t n, const char *s)
{
	return n && bsearch(&s, v, n, sizeof *v, cmp_str) != NULL;
}

typedef struct PermAcc {
	Arena *a;
	Acc *acc;
} PermAcc;

static void add_perm(const char *perm, size_t len, void *arg)
{
	PermAcc *p = arg;
	/* copied into the arena once per class, not once per rule */
	if (strmap_find(&p->acc->seen->m, perm, len) == STRMAP_NONE)
		acc_add(p->acc, arena_strndup(p->a, perm, len));
}

StrSet *declared_types(const Ir *ir)
{
	StrSet *s = strset_new();
	for (int k = 0; k < ir->nattrs; k++)
		strset_add(s, ir->attrs[k]);
	for (const IrType *t = ir->types; t; t = t->next)
		strset_add(s, t->name);
	return s;
}

static void need_type(Acc *types, const StrSet *declared, const Requires *outer, const char *t)
{
	if (strcmp(t, "self") == 0 || strset_has(declared, t))
		return;
	if (outer && in_sorted(outer->types, outer->ntypes, t))
		return;
	acc_add(types, t);
}

/* a name a rule uses: a base attribute the IR names as one (base_attrs:
 * the IR's list as a set), else a type */
static void need_name(Acc *types, Acc *attrs, const StrSet *base_attrs, const StrSet *declared,
		      const Requires *outer, const char *t)
{
	if (strset_has(base_attrs, t)) {
		if (!outer || !in_sorted(outer->attrs, outer->nattrs, t))
			acc_add(attrs, t);
		return;
	}
	need_type(types, declared, outer, t);
}

void requires_collect(Requires *rq, Arena *a, const Ir *ir, const char *opt,
		      const StrSet *declared, const Requires *outer, bool with_decls)
{
	memset(rq, 0, sizeof *rq);
	Acc types = { a, strset_new(), 0, 0, 0 };
	Acc attrs = { a, strset_new(), 0, 0, 0 };
	Acc roles = { a, strset_new(), 0, 0, 0 };
	Acc classes = { a, strset_new(), 0, 0, 0 };
	StrSet *base_attrs = strset_new();
	for (int i = 0; i < ir->nbase_attrs; i++)
		strset_add(base_attrs, ir->base_attrs[i]);
	if (with_decls)
		for (const IrType *t = ir->types; t; t = t->next) {
			for (int i = 0; i < t->nattrs; i++) {
				bool own = false;
				for (int k = 0; k < ir->nattrs; k++)
					own |= strcmp(t->attrs[i], ir->attrs[k]) == 0;
				if (!own)
					acc_add(&attrs, t->attrs[i]);
			}
			if (t->domain)
				acc_add(&roles, "system_r");
		}
	for (const IrRule *r = ir->rules; r; r = r->next) {
		if (!opt)
			acc_add(&classes, r->cls);   /* the main block requires them all */
		if (opt ? !r->optional || strcmp(r->optional, opt) != 0 : r->optional != NULL)
			continue;
		need_name(&types, &attrs, base_attrs, declared, outer, r->src);
		need_name(&types, &attrs, base_attrs, declared, outer, r->tgt);
		if (r->newtype)
			need_type(&types, declared, outer, r->newtype);
		if (opt)
			acc_add(&classes, r->cls);
	}
	sort_strs(types.v, types.n);
	sort_strs(attrs.v, attrs.n);
	sort_strs(classes.v, classes.n);
	rq->types = types.v;
	rq->ntypes = types.n;
	rq->attrs = attrs.v;
	rq->nattrs = attrs.n;
	rq->roles = roles.v;
	rq->nroles = roles.n;
	rq->nclasses = classes.n;
	rq->classes = arena_alloc(a, (classes.n + 1) * sizeof *rq->classes);
	/* every permission named anywhere in the module on each class: a
	 * neverallow in a module covers only the required ones.  One pass over
	 * the rules, a class found by name (classes.seen indexes them in
	 * insertion order, which sorting classes.v did not change). */
	size_t nseen = classes.seen->m.n;
	Acc *perms = xcalloc(nseen ? nseen : 1, sizeof *perms);
	/* the last list added per class: rules share their lists (the
	 * lowering's constants), and one seen is not split again */
	const char **last = xcalloc(nseen ? nseen : 1, sizeof *last);
	for (size_t c = 0; c < nseen; c++)
		perms[c] = (Acc){ a, strset_new(), 0, 0, 0 };
	if (classes.n)
		for (const IrRule *r = ir->rules; r; r = r->next) {
			if (!r->perms)
				continue;
			size_t c = strmap_find(&classes.seen->m, r->cls, strlen(r->cls));
			if (c == STRMAP_NONE || last[c] == r->perms)
				continue;
			last[c] = r->perms;
			PermAcc pa = { a, &perms[c] };
			perms_each(r->perms, add_perm, &pa);
		}
	free(last);
	for (size_t c = 0; c < classes.n; c++) {
		Acc *pc = &perms[strmap_find(&classes.seen->m, classes.v[c], strlen(classes.v[c]))];
		if (strcmp(classes.v[c], "process") == 0 && !pc->n)
			acc_add(pc, "transition");
		sort_strs(pc->v, pc->n);
		rq->classes[c] = (struct ReqClass){ classes.v[c], pc->v, pc->n };
	}
	for (size_t c = 0; c < nseen; c++)
		strset_free(perms[c].seen);
	free(perms);
	strset_free(types.seen);
	strset_free(attrs.seen);
	strset_free(roles.seen);
	strset_free(classes.seen);
	strset_free(base_attrs);
}

/* A permission: a word of a rule's list, in place. */
typedef struct Word {
	const char *p;
	size_t n;
} Word;

/* strcmp's order on words that are not NUL-terminated */
static int cmp_word(const Word *x, const Word *y)
{
	int c = memcmp(x->p, y->p, x->n < y->n ? x->n : y->n);
	return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* The words in place, sorted by insertion (a rule names a few): no copy
 * and no allocation for up to 64 of them, as the .te prints every rule. */
void perms_sorted(Buf *out, const char *perms)
{
	Word small[64], *v = small;
	size_t n = 0, cap = 64;
	for (const char *p = perms;;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t len = strcspn(p, " ");
		if (n == cap) {
			cap *= 2;
			v = v == small ? memcpy(xreallocarray(NULL, cap, sizeof *v), small, sizeof small)
				       : xreallocarray(v, cap, sizeof *v);
		}
		Word w = { p, len };
		size_t i = n++;
		for (; i > 0 && cmp_word(&v[i - 1], &w) > 0; i--)
			v[i] = v[i - 1];
		v[i] = w;
		p += len;
	}
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_put(out, " ", 1);
		buf_put(out, v[i].p, v[i].n);
	}
	if (v != small)
		free(v);
}

/* ---- file contexts ---- */

void fc_regex(Buf *out, const char *path, bool tree)
{
	for (const char *p = path; *p; p++) {
		if (strchr(".+*?[](){}|^$\\", *p))
			buf_put(out, "\\", 1);
		buf_put(out, p, 1);
	}
	if (tree)
		buf_puts(out, "(/.*)?");
}

const char *fc_kind_flag(FcKind k)
{
	static const char *const f[] = { "", "--", "-d", "-p", "-s" };
	return f[k];
}

const char *cil_fc_kind(FcKind k)
{
	static const char *const f[] = { "any", "file", "dir", "pipe", "socket" };
	return f[k];
}

void origin_text(Buf *out, const Emit *e, const Origin *o)
{
	buf_printf(out, "%s:%u: %s", e->source, o->loc.line, o->what);
}

void print_rule_blocks(Buf *b, const Emit *e, const char *opt, const char *indent,
		       const char *comment, void (*print)(Buf *, const IrRule *, const char *))
{
	const Origin *last = NULL;
	for (const IrRule *r = e->ir->rules; r; r = r->next) {
		if (opt ? !r->optional || strcmp(r->optional, opt) != 0 : r->optional != NULL)
			continue;
		if (!last || last->loc.line != r->o.loc.line || last->loc.col != r->o.loc.col ||
		    strcmp(last->what, r->o.what) != 0) {
			buf_printf(b, "%s%s ", indent, comment);
			origin_text(b, e, &r->o);
			buf_puts(b, "\n");
			last = &r->o;
		}
		print(b, r, indent);
	}
}
