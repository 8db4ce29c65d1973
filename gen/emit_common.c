/* emit_common.c: requirements, file-context regexes and origin comments,
 * shared by the .te, .cil, .fc and .if printers. */
#include "emit.h"
#include "hash.h"
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

/* The names a block's rules named last, by address: need_name does
 * nothing the second time for a name, and a zone's rules name its few
 * types over and over, by the same pointers (the type-names pass), so the
 * sets are not searched again for them. */
typedef struct Seen {
	const char *p[1024];
} Seen;

static bool seen_before(Seen *s, const char *name)
{
	const char **slot = &s->p[hash_addr(name, sizeof s->p / sizeof s->p[0])];
	if (*slot == name)
		return true;
	*slot = name;
	return false;
}

/* The names of one rule into a block's lists (see need_name). */
static void need_rule(Acc *types, Acc *attrs, const StrSet *base_attrs, const StrSet *declared,
		      const Requires *outer, Seen *seen, const IrRule *r)
{
	if (!seen_before(seen, r->src))
		need_name(types, attrs, base_attrs, declared, outer, r->src);
	if (!seen_before(seen, r->tgt))
		need_name(types, attrs, base_attrs, declared, outer, r->tgt);
	if (r->newtype)
		need_type(types, declared, outer, r->newtype);
}

static void names_done(Requires *rq, Acc *types, Acc *attrs)
{
	sort_strs(types->v, types->n);
	sort_strs(attrs->v, attrs->n);
	rq->types = types->v;
	rq->ntypes = types->n;
	rq->attrs = attrs->v;
	rq->nattrs = attrs->n;
	strset_free(types->seen);
	strset_free(attrs->seen);
}

static void block_add(RuleBlock *b, const IrRule *r)
{
	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->rules = xreallocarray(b->rules, b->cap, sizeof *b->rules);
	}
	b->rules[b->n++] = r;
}

/* One pass over the rules: each to its block, the main body's names, and
 * every class with every permission the module names on it (a neverallow
 * in a module covers only the required ones).  Then the optional blocks'
 * names, from their own rules, less what the main body requires. */
void rule_blocks_make(RuleBlocks *rb, Arena *a, const Ir *ir)
{
	memset(rb, 0, sizeof *rb);
	StrSet *declared = declared_types(ir);
	StrSet *base_attrs = strset_new();
	for (int i = 0; i < ir->nbase_attrs; i++)
		strset_add(base_attrs, ir->base_attrs[i]);
	Acc types = { a, strset_new(), 0, 0, 0 };
	Acc attrs = { a, strset_new(), 0, 0, 0 };
	Acc roles = { a, strset_new(), 0, 0, 0 };
	Acc classes = { a, strset_new(), 0, 0, 0 };
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

	StrMap opts = { 0 };         /* optional block name -> index - 1 */
	size_t cap = 4;
	rb->v = xcalloc(cap, sizeof *rb->v);
	rb->n = 1;
	/* the permissions by class (classes.seen's indices); the last list
	 * added per class: rules share their lists (the lowering's
	 * constants), and one seen is not split again */
	Acc *perms = NULL;
	const char **last = NULL;
	size_t nperms = 0;
	const char *prev_opt = NULL;
	size_t prev_b = 0;
	Seen *seen = xcalloc(1, sizeof *seen);
	/* the class of the rule before: the same pointer, mostly */
	const char *prev_cls = NULL;
	size_t c = 0;
	for (const IrRule *r = ir->rules; r; r = r->next) {
		if (r->cls != prev_cls) {
			acc_add(&classes, r->cls);   /* the main block requires them all */
			c = strmap_find(&classes.seen->m, r->cls, strlen(r->cls));
			prev_cls = r->cls;
		}
		if (c >= nperms) {
			size_t n = classes.seen->m.n;
			perms = xreallocarray(perms, n, sizeof *perms);
			last = xreallocarray(last, n, sizeof *last);
			for (; nperms < n; nperms++) {
				perms[nperms] = (Acc){ a, strset_new(), 0, 0, 0 };
				last[nperms] = NULL;
			}
		}
		if (r->perms && last[c] != r->perms) {
			last[c] = r->perms;
			PermAcc pa = { a, &perms[c] };
			perms_each(r->perms, add_perm, &pa);
		}
		size_t b = 0;
		if (r->optional && r->optional == prev_opt) {
			b = prev_b;
		} else if (r->optional) {
			bool added;
			size_t k = strmap_add(&opts, r->optional, strlen(r->optional), &added);
			if (added) {
				if (rb->n == cap) {
					cap *= 2;
					rb->v = xreallocarray(rb->v, cap, sizeof *rb->v);
				}
				rb->v[rb->n] = (RuleBlock){ .optional = r->optional };
				opts.v[k].val = (void *)(rb->n++);
			}
			b = (size_t)opts.v[k].val;
			prev_opt = r->optional;
			prev_b = b;
		}
		block_add(&rb->v[b], r);
		if (!b)
			need_rule(&types, &attrs, base_attrs, declared, NULL, seen, r);
	}
	strmap_free(&opts);

	Requires *main = &rb->v[0].rq;
	names_done(main, &types, &attrs);
	main->roles = roles.v;
	main->nroles = roles.n;
	strset_free(roles.seen);
	sort_strs(classes.v, classes.n);
	main->nclasses = classes.n;
	main->classes = arena_alloc(a, (classes.n + 1) * sizeof *main->classes);
	for (size_t k = 0; k < classes.n; k++) {
		Acc *pc = &perms[strmap_find(&classes.seen->m, classes.v[k], strlen(classes.v[k]))];
		if (strcmp(classes.v[k], "process") == 0 && !pc->n)
			acc_add(pc, "transition");
		sort_strs(pc->v, pc->n);
		main->classes[k] = (struct ReqClass){ classes.v[k], pc->v, pc->n };
	}
	for (size_t k = 0; k < nperms; k++)
		strset_free(perms[k].seen);
	free(perms);
	free(last);
	strset_free(classes.seen);

	/* the optional blocks: their names less the main body's; no classes
	 * (the main body requires every class) */
	for (size_t b = 1; b < rb->n; b++) {
		RuleBlock *blk = &rb->v[b];
		Acc ot = { a, strset_new(), 0, 0, 0 };
		Acc oa = { a, strset_new(), 0, 0, 0 };
		memset(seen, 0, sizeof *seen);
		for (size_t i = 0; i < blk->n; i++)
			need_rule(&ot, &oa, base_attrs, declared, main, seen, blk->rules[i]);
		names_done(&blk->rq, &ot, &oa);
	}
	free(seen);
	strset_free(base_attrs);
	strset_free(declared);
}

void rule_blocks_free(RuleBlocks *rb)
{
	for (size_t b = 0; b < rb->n; b++)
		free(rb->v[b].rules);
	free(rb->v);
	memset(rb, 0, sizeof *rb);
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

void print_rule_blocks(Buf *b, const Emit *e, const RuleBlock *blk, const char *indent,
		       const char *comment, void (*print)(Buf *, const IrRule *, const char *))
{
	const Origin *last = NULL;
	for (size_t i = 0; i < blk->n; i++) {
		const IrRule *r = blk->rules[i];
		if (!last || last->loc.line != r->o.loc.line || last->loc.col != r->o.loc.col ||
		    strcmp(last->what, r->o.what) != 0) {
			buf_printf(b, "%s%s ", indent, comment);
			origin_text(b, e, &r->o);
			buf_puts(b, "\n");
			last = &r->o;
		}
		print(b, r, indent);
		buf_spill_check(b);
	}
}
