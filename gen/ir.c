/* ir.c: constructors of the rule IR (see ir.h). */
#include "ir.h"

#include <string.h>

void ir_init(Ir *ir, Arena *a, const Module *m)
{
	memset(ir, 0, sizeof *ir);
	ir->arena = a;
	ir->mod = m;
	ir->types_tail = &ir->types;
	ir->rules_tail = &ir->rules;
	ir->fcs_tail = &ir->fcs;
	ir->ports_tail = &ir->ports;
	ir->runtime_tail = &ir->runtime;
	ir->ifaces_tail = &ir->ifaces;
	ir->secmarks_tail = &ir->secmarks;
	ir->nft_tail = &ir->nft;
	ir->links_tail = &ir->links;
	ir->netcheck_tail = &ir->netcheck;
}

IrSecmark *ir_secmark(Ir *ir, Origin o, const char *name, const char *type)
{
	IrSecmark *s = ARENA_NEW(ir->arena, IrSecmark);
	s->name = name;
	s->type = type;
	s->o = o;
	*ir->secmarks_tail = s;
	ir->secmarks_tail = &s->next;
	return s;
}

IrNft *ir_nft(Ir *ir, Origin o, NftChain chain, const char *rule)
{
	IrNft *r = ARENA_NEW(ir->arena, IrNft);
	r->chain = chain;
	r->rule = rule;
	r->o = o;
	*ir->nft_tail = r;
	ir->nft_tail = &r->next;
	return r;
}

IrLink *ir_link(Ir *ir, Origin o, const char *ifname, const char *bridge)
{
	IrLink *l = ARENA_NEW(ir->arena, IrLink);
	l->ifname = ifname;
	l->bridge = bridge;
	l->o = o;
	*ir->links_tail = l;
	ir->links_tail = &l->next;
	return l;
}

IrType *ir_type(Ir *ir, const char *name, Origin o)
{
	IrType *t = ARENA_NEW(ir->arena, IrType);
	t->name = name;
	t->o = o;
	t->arena = ir->arena;
	*ir->types_tail = t;
	ir->types_tail = &t->next;
	return t;
}

void ir_attr(IrType *t, const char *attr)
{
	t->attrs = arena_grow(t->arena, t->attrs, (size_t)t->nattrs, &t->attrs_cap, sizeof *t->attrs);
	t->attrs[t->nattrs++] = attr;
}

void ir_base_attr(Ir *ir, const char *attr)
{
	for (int i = 0; i < ir->nbase_attrs; i++)
		if (strcmp(ir->base_attrs[i], attr) == 0)
			return;
	ir->base_attrs = arena_grow(ir->arena, ir->base_attrs, (size_t)ir->nbase_attrs, &ir->base_attrs_cap,
				    sizeof *ir->base_attrs);
	ir->base_attrs[ir->nbase_attrs++] = attr;
}

/* A rule appended to the list whose tail is *tail. */
static IrRule *rule_in(Ir *ir, IrRule ***tail, RuleKind k, Origin o, const char *src, const char *tgt,
		       const char *cls)
{
	IrRule *r = ARENA_NEW(ir->arena, IrRule);
	r->kind = k;
	r->o = o;
	r->src = src;
	r->tgt = tgt;
	r->cls = cls;
	**tail = r;
	*tail = &r->next;
	return r;
}

static IrRule *rule(Ir *ir, RuleKind k, Origin o, const char *src, const char *tgt, const char *cls)
{
	return rule_in(ir, &ir->rules_tail, k, o, src, tgt, cls);
}

IrRule *ir_allow(Ir *ir, Origin o, const char *src, const char *tgt, const char *cls, const char *perms)
{
	IrRule *r = rule(ir, R_ALLOW, o, src, tgt, cls);
	r->perms = perms;
	return r;
}

IrRule *ir_netcheck_allow(Ir *ir, Origin o, const char *src, const char *tgt, const char *cls, const char *perms)
{
	IrRule *r = rule_in(ir, &ir->netcheck_tail, R_ALLOW, o, src, tgt, cls);
	r->perms = perms;
	return r;
}

IrRule *ir_trans(Ir *ir, Origin o, const char *src, const char *tgt, const char *cls,
		 const char *newtype, const char *filename)
{
	IrRule *r = rule(ir, R_TYPE_TRANS, o, src, tgt, cls);
	r->newtype = newtype;
	r->filename = filename;
	return r;
}

IrRule *ir_never(Ir *ir, Origin o, const char *src, const char *tgt, const char *cls, const char *perms)
{
	IrRule *r = rule(ir, R_NEVERALLOW, o, src, tgt, cls);
	r->perms = perms;
	return r;
}

IrRule *ir_dontaudit(Ir *ir, Origin o, const char *src, const char *tgt, const char *cls, const char *perms)
{
	IrRule *r = rule(ir, R_DONTAUDIT, o, src, tgt, cls);
	r->perms = perms;
	return r;
}

IrFilecon *ir_fc(Ir *ir, Origin o, const char *path, bool tree, FcKind k, const char *type)
{
	IrFilecon *f = ARENA_NEW(ir->arena, IrFilecon);
	f->o = o;
	f->path = path;
	f->tree = tree;
	f->kind = k;
	f->type = type;
	*ir->fcs_tail = f;
	ir->fcs_tail = &f->next;
	return f;
}

IrRuntime *ir_runtime(Ir *ir, Origin o, FcKind k, const char *path, unsigned mode)
{
	IrRuntime *r = ARENA_NEW(ir->arena, IrRuntime);
	r->o = o;
	r->kind = k;
	r->path = path;
	r->mode = mode;
	*ir->runtime_tail = r;
	ir->runtime_tail = &r->next;
	return r;
}

IrIface *ir_iface(Ir *ir, const char *name, const char *summary)
{
	IrIface *f = ARENA_NEW(ir->arena, IrIface);
	f->name = name;
	f->summary = summary;
	f->tail = &f->rules;
	*ir->ifaces_tail = f;
	ir->ifaces_tail = &f->next;
	return f;
}

void ir_iface_allow(Ir *ir, IrIface *f, const char *tgt, const char *cls, const char *perms)
{
	IrRule *r = ARENA_NEW(ir->arena, IrRule);
	r->kind = R_ALLOW;
	r->src = "$1";
	r->tgt = tgt;
	r->cls = cls;
	r->perms = perms;
	*f->tail = r;
	f->tail = &r->next;
}

void perms_each(const char *perms, void (*fn)(const char *perm, size_t len, void *arg), void *arg)
{
	const char *p = perms;
	while (*p) {
		while (*p == ' ')
			p++;
		size_t n = strcspn(p, " ");
		if (n)
			fn(p, n, arg);
		p += n;
	}
}
