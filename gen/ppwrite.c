/* ppwrite.c: the rule IR -> M.pp in process with libsepol (see package.h).
 *
 * The module policydb is filled the way the kernel policy language fills
 * it for the .te that emit_te.c prints from the same IR: one global block
 * (decl 1) with the requires, the declarations and the unconditional
 * rules, then one optional block a name, in order of first use, with its
 * own requires and rules.  Symbols are numbered in that order too (roles,
 * attributes, types, classes and their permissions as required, then the
 * declared attributes and types), so the package reads like checkmodule's.
 *
 * Bitmaps that grow with the module (the declared types, an attribute's
 * members, the role's types) are gathered as value lists and built once,
 * in order, at the end: libsepol's ebitmap_set_bit walks the list from its
 * start, so setting bit after bit is quadratic in the module's size.
 */
#include "package.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include <sepol/debug.h>
#include <sepol/handle.h>
#include <sepol/module.h>
#include <sepol/policydb/avrule_block.h>
#include <sepol/policydb/ebitmap.h>
#include <sepol/policydb/hashtab.h>
#include <sepol/policydb/policydb.h>

#include "emit.h"
#include "hash.h"
#include "strmap.h"
#include "xalloc.h"

/* values (1-based) to set in one bitmap, in any order */
typedef struct Bits {
	uint32_t *v;
	size_t n, cap;
} Bits;

static void bits_add(Bits *b, uint32_t value)
{
	if (b->n == b->cap)
		b->v = xrealloc(b->v, (b->cap = b->cap ? 2 * b->cap : 16) * sizeof *b->v);
	b->v[b->n++] = value;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	return x < y ? -1 : x > y;
}

/* Sets the bits value-1 of b in e: in one ordered pass when e is empty. */
static int bits_flush(Bits *b, ebitmap_t *e)
{
	int rc = 0;
	if (b->n && e->node) {
		for (size_t i = 0; i < b->n && !rc; i++)
			rc = ebitmap_set_bit(e, b->v[i] - 1, 1);
	} else if (b->n) {
		qsort(b->v, b->n, sizeof *b->v, cmp_u32);
		ebitmap_node_t *tail = NULL;
		for (size_t i = 0; i < b->n; i++) {
			uint32_t bit = b->v[i] - 1, start = bit & ~(uint32_t)(MAPSIZE - 1);
			if (!tail || tail->startbit != start) {
				ebitmap_node_t *nd = calloc(1, sizeof *nd);
				if (!nd) {
					rc = -ENOMEM;
					break;
				}
				nd->startbit = start;
				if (tail)
					tail->next = nd;
				else
					e->node = nd;
				tail = nd;
				e->highbit = start + MAPSIZE;
			}
			tail->map |= MAPBIT << (bit - start);
		}
	}
	free(b->v);
	*b = (Bits){ 0 };
	return rc;
}

typedef struct Block {
	const char *name;        /* the optional block's name; NULL: global */
	avrule_decl_t *decl;
	avrule_t *last;          /* avrules are appended in IR order */
	Bits req[SYM_NUM], decl_bits[SYM_NUM];
} Block;

enum { RECENT = 1024 };

typedef struct W {
	policydb_t *p;
	const Ir *ir;
	const char *source;
	Block *blocks;           /* [0] global, then the optional blocks */
	size_t nblocks;
	Bits *members;           /* indexed by type value - 1: an attribute's types */
	size_t nmembers;
	Bits role_types;         /* system_r's types */
	StrMap types;            /* name -> type_datum_t, as found: libsepol's
				  * table has a fixed number of buckets, its
				  * chains grow with the zones */
	struct TypeSlot {
		const char *name;
		type_datum_t *t;
	} recent[RECENT];        /* type_named's last answers, by address */
	Arena rules;             /* the avrules, their permission nodes and the
				  * type sets' nodes: made and freed all at
				  * once (detach_rules), not one malloc each */
	char *err;
	size_t errlen;
} W;

static int fail(W *w, const Origin *o, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(W *w, const Origin *o, const char *fmt, ...)
{
	size_t n = 0;
	if (o && o->loc.line)
		n = (size_t)snprintf(w->err, w->errlen, "%s:%u:%u: ", w->source, o->loc.line, o->loc.col);
	if (n < w->errlen) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(w->err + n, w->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -1;
}

static Bits *members_of(W *w, uint32_t value)
{
	if (value > w->nmembers) {
		size_t n = w->nmembers ? w->nmembers : 64;
		while (n < value)
			n *= 2;
		w->members = xrealloc(w->members, n * sizeof *w->members);
		memset(w->members + w->nmembers, 0, (n - w->nmembers) * sizeof *w->members);
		w->nmembers = n;
	}
	return &w->members[value - 1];
}

static const char *sym_what[SYM_NUM] = {
	[SYM_CLASSES] = "class", [SYM_ROLES] = "role", [SYM_TYPES] = "type",
};

/* A datum symtab_insert did not take. */
static void free_datum(uint32_t sym, void *datum)
{
	if (sym == SYM_TYPES) {
		type_datum_destroy(datum);
	} else if (sym == SYM_ROLES) {
		role_datum_destroy(datum);
	} else {
		class_datum_t *c = datum;
		hashtab_destroy(c->permissions.table);
	}
	free(datum);
}

/* symtab_insert with the scope bookkeeping of the block; returns the
 * symbol's value (0 on failure, with w->err set).  datum is taken over. */
static uint32_t insert(W *w, Block *b, uint32_t sym, const char *name, void *datum, uint32_t scope,
		       const Origin *o)
{
	char *key = xstrdup(name);
	uint32_t value = 0;
	int rc = symtab_insert(w->p, sym, key, datum, scope, b->decl->decl_id, &value);
	if (rc == 0) {
		((symtab_datum_t *)datum)->value = value;
	} else if (rc == 1) {
		symtab_datum_t *s = hashtab_search(w->p->symtab[sym].table, key);
		free(key);
		value = s->value;
		bool clash = sym == SYM_TYPES && ((type_datum_t *)s)->flavor != ((type_datum_t *)datum)->flavor;
		free_datum(sym, datum);
		if (clash) {
			fail(w, o, "libsepol refused %s '%s': used as both an attribute and a type", sym_what[sym],
			     name);
			return 0;
		}
	} else if (rc == -2) {
		/* refused before the datum went in */
		free(key);
		free_datum(sym, datum);
		fail(w, o, "libsepol refused %s '%s': declared twice", sym_what[sym], name);
		return 0;
	} else if (rc < 0) {
		fail(w, o, "libsepol refused %s '%s': out of memory", sym_what[sym], name);
		return 0;
	}
	bits_add(scope == SCOPE_DECL ? &b->decl_bits[sym] : &b->req[sym], value);
	return value;
}

static uint32_t add_type(W *w, Block *b, const char *name, bool attr, uint32_t scope, const Origin *o)
{
	type_datum_t *t = malloc(sizeof *t);
	if (!t)
		return fail(w, o, "out of memory"), 0;
	type_datum_init(t);
	t->primary = 1;
	t->flavor = attr ? TYPE_ATTRIB : TYPE_TYPE;
	return insert(w, b, SYM_TYPES, name, t, scope, o);
}

static uint32_t require_role(W *w, Block *b, const char *name)
{
	role_datum_t *r = malloc(sizeof *r);
	if (!r)
		return fail(w, NULL, "out of memory"), 0;
	role_datum_init(r);
	r->flavor = ROLE_ROLE;
	uint32_t v = insert(w, b, SYM_ROLES, name, r, SCOPE_REQ, NULL);
	if (!v)
		return 0;
	r = hashtab_search(w->p->p_roles.table, name);
	if (ebitmap_cardinality(&r->dominates) == 0 && ebitmap_set_bit(&r->dominates, v - 1, 1))
		return fail(w, NULL, "out of memory"), 0;
	return v;
}

typedef struct PermFind {
	const char *perm;
	bool found;
} PermFind;

static void perm_is(const char *perm, size_t len, void *arg)
{
	PermFind *f = arg;
	f->found |= strlen(f->perm) == len && memcmp(perm, f->perm, len) == 0;
}

/* The first rule that names perm on cls: where a refused permission is. */
static const Origin *perm_origin(const Ir *ir, const char *cls, const char *perm)
{
	for (const IrRule *r = ir->rules; r; r = r->next) {
		PermFind f = { perm, false };
		if (r->perms && strcmp(r->cls, cls) == 0)
			perms_each(r->perms, perm_is, &f);
		if (f.found)
			return &r->o;
	}
	return NULL;
}

static int require_class(W *w, Block *b, const struct ReqClass *rc)
{
	class_datum_t *c = calloc(1, sizeof *c);
	if (!c || symtab_init(&c->permissions, PERM_SYMTAB_SIZE)) {
		free(c);
		return fail(w, NULL, "out of memory");
	}
	uint32_t v = insert(w, b, SYM_CLASSES, rc->cls, c, SCOPE_REQ, NULL);
	if (!v)
		return -1;
	c = hashtab_search(w->p->p_classes.table, rc->cls);
	scope_index_t *si = &b->decl->required;
	if (v > si->class_perms_len) {
		ebitmap_t *m = realloc(si->class_perms_map, v * sizeof *m);
		if (!m)
			return fail(w, NULL, "out of memory");
		for (uint32_t i = si->class_perms_len; i < v; i++)
			ebitmap_init(m + i);
		si->class_perms_map = m;
		si->class_perms_len = v;
	}
	for (size_t i = 0; i < rc->nperms; i++) {
		perm_datum_t *pd = hashtab_search(c->permissions.table, rc->perms[i]);
		if (!pd) {
			pd = calloc(1, sizeof *pd);
			char *key = xstrdup(rc->perms[i]);
			if (!pd || hashtab_insert(c->permissions.table, key, pd)) {
				free(pd);
				free(key);
				return fail(w, NULL, "out of memory");
			}
			pd->s.value = ++c->permissions.nprim;
		}
		if (pd->s.value > 32)
			return fail(w, perm_origin(w->ir, rc->cls, rc->perms[i]),
				    "libsepol refused class '%s': more than 32 permissions (%s)", rc->cls, rc->perms[i]);
		if (ebitmap_set_bit(si->class_perms_map + v - 1, pd->s.value - 1, 1))
			return fail(w, NULL, "out of memory");
	}
	return 0;
}

static int add_requires(W *w, Block *b, const Requires *rq)
{
	for (size_t i = 0; i < rq->nroles; i++)
		if (!require_role(w, b, rq->roles[i]))
			return -1;
	for (size_t i = 0; i < rq->nattrs; i++)
		if (!add_type(w, b, rq->attrs[i], true, SCOPE_REQ, NULL))
			return -1;
	for (size_t i = 0; i < rq->ntypes; i++)
		if (!add_type(w, b, rq->types[i], false, SCOPE_REQ, NULL))
			return -1;
	for (size_t i = 0; i < rq->nclasses; i++)
		if (require_class(w, b, &rq->classes[i]))
			return -1;
	return 0;
}

static type_datum_t *type_lookup(W *w, const IrRule *r, const char *name);

static type_datum_t *type_named(W *w, const IrRule *r, const char *name)
{
	/* by address first: a zone's rules name its few types over and over,
	 * by the same pointers (the type-names pass) */
	struct TypeSlot *slot = &w->recent[hash_addr(name, RECENT)];
	if (slot->name == name)
		return slot->t;
	type_datum_t *found = type_lookup(w, r, name);
	if (found)
		*slot = (struct TypeSlot){ name, found };
	return found;
}

static type_datum_t *type_lookup(W *w, const IrRule *r, const char *name)
{
	size_t n = strlen(name), i = strmap_find(&w->types, name, n);
	if (i != STRMAP_NONE)
		return w->types.v[i].val;
	type_datum_t *t = hashtab_search(w->p->p_types.table, name);
	if (!t)
		fail(w, &r->o, "libsepol refused a rule: type '%s' is neither declared nor required", name);
	else
		strmap_put(&w->types, name, t);
	return t;
}

static int set_add(W *w, const IrRule *r, ebitmap_t *e, const char *name)
{
	type_datum_t *t = type_named(w, r, name);
	if (!t)
		return -1;
	if (ebitmap_set_bit(e, t->s.value - 1, 1))
		return fail(w, &r->o, "out of memory");
	return 0;
}

/* The one type of an avrule's set, into the empty e, its node from
 * w->rules (what ebitmap_set_bit makes for a first bit). */
static int set_one(W *w, const IrRule *r, ebitmap_t *e, const char *name)
{
	type_datum_t *t = type_named(w, r, name);
	if (!t)
		return -1;
	uint32_t bit = t->s.value - 1;
	ebitmap_node_t *n = arena_alloc(&w->rules, sizeof *n);
	n->startbit = bit & ~(uint32_t)(MAPSIZE - 1);
	n->map = (MAPTYPE)1 << (bit - n->startbit);
	e->node = n;
	e->highbit = n->startbit + MAPSIZE;
	return 0;
}

/* The avrules of w->rules out of the policy before libsepol frees it: they
 * go with the arena. */
static void detach_rules(W *w)
{
	for (size_t i = 0; i < w->nblocks; i++)
		if (w->blocks[i].decl)
			w->blocks[i].decl->avrules = NULL;
	arena_free(&w->rules);
}

typedef struct PermCtx {
	W *w;
	const IrRule *r;
	class_datum_t *c;
	uint32_t mask;
	int rc;
} PermCtx;

static void perm_bit(const char *perm, size_t len, void *arg)
{
	PermCtx *x = arg;
	if (x->rc)
		return;
	char name[256];
	if (len >= sizeof name) {
		x->rc = fail(x->w, &x->r->o, "libsepol refused a rule: permission name too long");
		return;
	}
	memcpy(name, perm, len);
	name[len] = 0;
	perm_datum_t *pd = hashtab_search(x->c->permissions.table, name);
	if (!pd) {
		x->rc = fail(x->w, &x->r->o, "libsepol refused a rule: permission '%s' of class '%s' is not required",
			     name, x->r->cls);
		return;
	}
	x->mask |= UINT32_C(1) << (pd->s.value - 1);
}

static int add_rule(W *w, Block *b, const IrRule *r)
{
	class_datum_t *c = hashtab_search(w->p->p_classes.table, r->cls);
	if (!c)
		return fail(w, &r->o, "libsepol refused a rule: class '%s' is not required", r->cls);
	bool self = strcmp(r->tgt, "self") == 0;
	if (r->kind == R_TYPE_TRANS && r->filename) {
		filename_trans_rule_t *f = malloc(sizeof *f);
		if (!f)
			return fail(w, &r->o, "out of memory");
		filename_trans_rule_init(f);
		f->next = b->decl->filename_trans_rules;   /* prepended, as checkmodule does */
		b->decl->filename_trans_rules = f;
		f->name = xstrdup(r->filename);
		f->tclass = c->s.value;
		f->flags = self ? RULE_SELF : 0;
		type_datum_t *nt = type_named(w, r, r->newtype);
		if (!nt || set_add(w, r, &f->stypes.types, r->src) ||
		    (!self && set_add(w, r, &f->ttypes.types, r->tgt)))
			return -1;
		f->otype = nt->s.value;
		/* the duplicate check of the policy language, for types */
		type_datum_t *s = type_named(w, r, r->src), *t = self ? s : type_named(w, r, r->tgt);
		if (s->flavor == TYPE_TYPE && t->flavor == TYPE_TYPE && !r->src_minus) {
			int rc = policydb_filetrans_insert(w->p, s->s.value, t->s.value, c->s.value, r->filename,
							   NULL, nt->s.value, NULL);
			if (rc == SEPOL_EEXIST)
				return fail(w, &r->o, "libsepol refused type_transition %s %s:%s \"%s\": a second "
					    "transition for the same name", r->src, r->tgt, r->cls, r->filename);
			if (rc)
				return fail(w, &r->o, "out of memory");
		}
		return 0;
	}
	avrule_t *a = arena_alloc(&w->rules, sizeof *a);
	class_perm_node_t *pn = arena_alloc(&w->rules, sizeof *pn);
	avrule_init(a);
	class_perm_node_init(pn);
	a->perms = pn;
	if (b->last)
		b->last->next = a;
	else
		b->decl->avrules = a;
	b->last = a;
	pn->tclass = c->s.value;
	switch (r->kind) {
	case R_ALLOW: a->specified = AVRULE_ALLOWED; break;
	case R_DONTAUDIT: a->specified = AVRULE_DONTAUDIT; break;
	case R_NEVERALLOW: a->specified = AVRULE_NEVERALLOW; break;
	case R_TYPE_TRANS: a->specified = AVRULE_TRANSITION; break;
	}
	if (set_one(w, r, &a->stypes.types, r->src) ||
	    (r->src_minus && set_one(w, r, &a->stypes.negset, r->src_minus)))
		return -1;
	if (self)
		a->flags |= RULE_SELF;
	else if (set_one(w, r, &a->ttypes.types, r->tgt))
		return -1;
	if (r->kind == R_TYPE_TRANS) {
		type_datum_t *nt = type_named(w, r, r->newtype);
		if (!nt)
			return -1;
		if (nt->flavor != TYPE_TYPE)
			return fail(w, &r->o, "libsepol refused type_transition to '%s': an attribute", r->newtype);
		pn->data = nt->s.value;
		return 0;
	}
	PermCtx x = { w, r, c, 0, 0 };
	perms_each(r->perms, perm_bit, &x);
	pn->data = x.mask;
	return x.rc;
}

static Block *block_of(W *w, const char *opt)
{
	if (!opt)
		return &w->blocks[0];
	for (size_t i = 1; i < w->nblocks; i++)
		if (strcmp(w->blocks[i].name, opt) == 0)
			return &w->blocks[i];
	return NULL;
}

typedef struct MsgSink {
	char *buf;
	size_t len;
} MsgSink;

static void sepol_msg(void *arg, sepol_handle_t *h, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void sepol_msg(void *arg, sepol_handle_t *h, const char *fmt, ...)
{
	(void)h;
	MsgSink *s = arg;
	if (s->buf[0])
		return;   /* the first message says it */
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->buf, s->len, fmt, ap);
	va_end(ap);
}

/* Every scope bitmap and gathered member list into the policydb. */
static int flush_all(W *w)
{
	int rc = 0;
	for (size_t i = 0; i < w->nblocks; i++)
		for (int s = 0; s < SYM_NUM; s++) {
			rc |= bits_flush(&w->blocks[i].req[s], &w->blocks[i].decl->required.scope[s]);
			rc |= bits_flush(&w->blocks[i].decl_bits[s], &w->blocks[i].decl->declared.scope[s]);
		}
	return rc;
}

/* An optional block requires what the global block requires, too, as the
 * policy language's blocks inherit their parents' requirements. */
static int inherit_requires(W *w)
{
	const scope_index_t *g = &w->blocks[0].decl->required;
	for (size_t i = 1; i < w->nblocks; i++) {
		scope_index_t *d = &w->blocks[i].decl->required;
		for (int s = 0; s < SYM_NUM; s++)
			if (ebitmap_union(&d->scope[s], &g->scope[s]))
				return -1;
		if (g->class_perms_len > d->class_perms_len) {
			ebitmap_t *m = realloc(d->class_perms_map, g->class_perms_len * sizeof *m);
			if (!m)
				return -1;
			for (uint32_t c = d->class_perms_len; c < g->class_perms_len; c++)
				ebitmap_init(m + c);
			d->class_perms_map = m;
			d->class_perms_len = g->class_perms_len;
		}
		for (uint32_t c = 0; c < g->class_perms_len; c++)
			if (ebitmap_union(&d->class_perms_map[c], &g->class_perms_map[c]))
				return -1;
	}
	return 0;
}

static int fill(W *w, const RuleBlocks *rb)
{
	const Ir *ir = w->ir;
	Block *g = &w->blocks[0];
	int rc = -1;
	if (add_requires(w, g, &rb->v[0].rq))
		goto out;

	/* the declarations: the module's attributes, then its types */
	for (int k = 0; k < ir->nattrs; k++)
		if (!add_type(w, g, ir->attrs[k], true, SCOPE_DECL, &ir->own_attr_o))
			goto out;
	for (const IrType *t = ir->types; t; t = t->next) {
		uint32_t v = add_type(w, g, t->name, false, SCOPE_DECL, &t->o);
		if (!v)
			goto out;
		for (int i = 0; i < t->nattrs; i++) {
			type_datum_t *at = hashtab_search(w->p->p_types.table, t->attrs[i]);
			if (!at || at->flavor != TYPE_ATTRIB) {
				fail(w, &t->o, "libsepol refused type '%s': '%s' is not an attribute", t->name,
				     t->attrs[i]);
				goto out;
			}
			bits_add(members_of(w, at->s.value), v);
		}
		if (t->domain)
			bits_add(&w->role_types, v);
	}

	/* the optional blocks, in order of first use, each with its requires */
	avrule_block_t *last = w->p->global;
	for (size_t k = 1; k < rb->n; k++) {
		const IrRule *r = rb->v[k].rules[0];
		avrule_block_t *blk = avrule_block_create();
		avrule_decl_t *d = avrule_decl_create((uint32_t)w->nblocks + 1);
		if (!blk || !d) {
			free(blk);
			free(d);
			fail(w, &r->o, "out of memory");
			goto out;
		}
		blk->flags |= AVRULE_OPTIONAL;
		blk->branch_list = d;
		last->next = blk;
		last = blk;
		w->blocks = xrealloc(w->blocks, (w->nblocks + 1) * sizeof *w->blocks);
		Block *b = &w->blocks[w->nblocks++];
		*b = (Block){ .name = r->optional, .decl = d };
		if (add_requires(w, b, &rb->v[k].rq))
			goto out;
	}

	/* the role of the domains */
	if (w->role_types.n) {
		role_datum_t *sys = hashtab_search(w->p->p_roles.table, "system_r");
		if (!sys) {
			fail(w, &ir->own_attr_o, "libsepol refused role system_r: not required");
			goto out;
		}
		if (bits_flush(&w->role_types, &sys->types.types)) {
			fail(w, NULL, "out of memory");
			goto out;
		}
	}

	/* the rules, in the .te's order within each block */
	for (const IrRule *r = ir->rules; r; r = r->next)
		if (add_rule(w, block_of(w, r->optional), r))
			goto out;
	rc = 0;
out:
	return rc;
}

typedef struct AttrFlush {
	W *w;
	int rc;
} AttrFlush;

static int flush_attr(hashtab_key_t key, hashtab_datum_t datum, void *arg)
{
	(void)key;
	AttrFlush *f = arg;
	type_datum_t *t = datum;
	if (t->flavor == TYPE_ATTRIB && t->s.value <= f->w->nmembers)
		f->rc |= bits_flush(&f->w->members[t->s.value - 1], &t->types);
	return 0;
}

int package_pp_sepol(const Ir *ir, const RuleBlocks *blocks, const char *source, const Buf *fc, Buf *pp,
		     char *err, size_t errlen)
{
	err[0] = 0;
	sepol_module_package_t *pkg = NULL;
	sepol_policy_file_t *pf = NULL;
	sepol_handle_t *h = NULL;
	FILE *mem = NULL;
	char *data = NULL, *fcdata = NULL;
	size_t len = 0;
	int rc = -1;
	W w = { .ir = ir, .source = source, .err = err, .errlen = errlen };
	w.blocks = xmalloc(sizeof *w.blocks);
	w.nblocks = 1;

	if (sepol_module_package_create(&pkg)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	policydb_t *p = &sepol_module_package_get_policy(pkg)->p;
	w.p = p;
	/* what checkmodule -M -m sets after policydb_init */
	p->policy_type = POLICY_MOD;
	p->mls = 1;
	p->handle_unknown = SEPOL_DENY_UNKNOWN;
	p->policyvers = MOD_POLICYDB_VERSION_MAX;
	p->name = xstrdup(ir->mod->name->name);
	p->version = xstrdup(ir->mod->version);
	w.blocks[0] = (Block){ .decl = p->global->branch_list };

	RuleBlocks own = { 0 };
	if (!blocks) {
		rule_blocks_make(&own, ir->arena, ir);
		blocks = &own;
	}
	int filled = fill(&w, blocks);
	rule_blocks_free(&own);
	if (filled)
		goto out;
	AttrFlush af = { &w, 0 };
	hashtab_map(p->p_types.table, flush_attr, &af);
	if (af.rc || flush_all(&w) || inherit_requires(&w)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}

	/* M.fc as semodule_package adds it */
	size_t fclen = buf_total(fc);
	fcdata = xmalloc(fclen + 1);
	size_t got = 0;
	if (fc->spill) {
		if (fflush(fc->spill) || fseek(fc->spill, 0, SEEK_SET) ||
		    (got = fread(fcdata, 1, fc->spilled, fc->spill)) != fc->spilled) {
			snprintf(err, errlen, "cannot read back the file contexts: %s", strerror(errno));
			goto out;
		}
		fseek(fc->spill, 0, SEEK_END);
	}
	if (fc->len)
		memcpy(fcdata + got, fc->data, fc->len);
	if (sepol_module_package_set_file_contexts(pkg, fcdata, fclen)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	free(fcdata);   /* libsepol keeps its own copy */
	fcdata = NULL;

	/* into the caller's file when pp has one (a large package is not held
	 * in memory twice), else into memory */
	char msg[400] = "";
	MsgSink sink = { msg, sizeof msg };
	FILE *to = pp->spill;
	off_t before = to ? ftello(to) : 0;
	if (!(h = sepol_handle_create()) || sepol_policy_file_create(&pf) ||
	    (!to && !(to = mem = open_memstream(&data, &len)))) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	sepol_msg_set_callback(h, sepol_msg, &sink);
	sepol_policy_file_set_handle(pf, h);
	sepol_policy_file_set_fp(pf, to);
	int wr = sepol_module_package_write(pkg, pf);
	if (mem) {
		if (fclose(mem) != 0 && !wr)
			wr = -1;
		mem = NULL;
	} else if (fflush(to) != 0 || ferror(to)) {
		pp->spill_error = errno ? errno : EIO;
		snprintf(err, errlen, "cannot write the module package: %s", strerror(pp->spill_error));
		goto out;
	}
	if (wr) {
		snprintf(err, errlen, "libsepol refused to write the module package%s%s", msg[0] ? ": " : "", msg);
		goto out;
	}
	if (pp->spill)
		pp->spilled += (size_t)(ftello(to) - before);
	else
		buf_put(pp, data, len);
	rc = 0;
out:
	if (mem)
		fclose(mem);
	free(data);
	free(fcdata);
	for (size_t i = 0; i < w.nblocks; i++)
		for (int s = 0; s < SYM_NUM; s++) {
			free(w.blocks[i].req[s].v);
			free(w.blocks[i].decl_bits[s].v);
		}
	detach_rules(&w);
	for (size_t v = 0; v < w.nmembers; v++)
		free(w.members[v].v);
	free(w.members);
	free(w.role_types.v);
	strmap_free(&w.types);
	free(w.blocks);
	sepol_policy_file_free(pf);
	sepol_handle_destroy(h);
	sepol_module_package_free(pkg);
	return rc;
}
