/* emit_cil.c: the rule IR as a CIL module (.cil).  Same rules as the .te;
 * neverallows cover (all) permissions; portcon lives here (a non-base .pp
 * cannot carry it). */
#include "emit.h"

#include <string.h>

#include "template.h"

static void print_rule(Buf *b, const IrRule *r, const char *indent)
{
	switch (r->kind) {
	case R_ALLOW:
		buf_printf(b, "%s(allow %s %s (%s (%s)))\n", indent, r->src_minus ? r->src_set : r->src, r->tgt,
			   r->cls, r->perms);
		break;
	case R_DONTAUDIT:
		buf_printf(b, "%s(dontaudit %s %s (%s (%s)))\n", indent, r->src, r->tgt, r->cls, r->perms);
		break;
	case R_NEVERALLOW:
		buf_printf(b, "%s(neverallow %s %s (%s (all)))\n", indent, r->src, r->tgt, r->cls);
		break;
	case R_TYPE_TRANS:
		if (r->filename)
			buf_printf(b, "%s(typetransition %s %s %s \"%s\" %s)\n", indent, r->src, r->tgt,
				   r->cls, r->filename, r->newtype);
		else
			buf_printf(b, "%s(typetransition %s %s %s %s)\n", indent, r->src, r->tgt, r->cls,
				   r->newtype);
		break;
	}
}

int emit_cil(Emit *e, Buf *out)
{
	const Ir *ir = e->ir;
	const char *mod = e->m->name->name;
	Buf types = { 0 }, rules = { 0 }, fcs = { 0 }, ports = { 0 };
	if (ir->own_attr) {
		buf_puts(&types, "; ");
		origin_text(&types, e, &ir->own_attr_o);
		buf_puts(&types, "\n");
		for (int k = 0; k < ir->nattrs; k++)
			buf_printf(&types, "(typeattribute %s)\n", ir->attrs[k]);
	}
	for (const IrType *t = ir->types; t; t = t->next) {
		buf_puts(&types, "; ");
		origin_text(&types, e, &t->o);
		buf_printf(&types, "\n(type %s)\n(roletype object_r %s)\n", t->name, t->name);
		if (t->domain)
			buf_printf(&types, "(roletype system_r %s)\n", t->name);
		for (int i = 0; i < t->nattrs; i++)
			buf_printf(&types, "(typeattributeset %s (%s))\n", t->attrs[i], t->name);
	}
	for (const IrRule *r = ir->rules; r; r = r->next)
		if (r->src_minus)
			buf_printf(&types, "; %s minus %s\n(typeattribute %s)\n(typeattributeset %s (and %s (not %s)))\n",
				   r->src, r->src_minus, r->src_set, r->src_set, r->src, r->src_minus);
	const RuleBlocks *rb = e->blocks;
	print_rule_blocks(&rules, e, &rb->v[0], "", ";", print_rule);
	for (size_t b = 1; b < rb->n; b++) {
		buf_printf(&rules, "\n; only where the base policy has what this needs (%s)\n(optional %s_%s\n",
			   rb->v[b].optional, mod, rb->v[b].optional);
		print_rule_blocks(&rules, e, &rb->v[b], "\t", ";", print_rule);
		buf_puts(&rules, ")\n");
	}
	for (const IrFilecon *f = ir->fcs; f; f = f->next) {
		buf_puts(&fcs, "; ");
		origin_text(&fcs, e, &f->o);
		if (f->inner) {
			buf_printf(&fcs, "\n; %s keeps the base's type %s (no filecon); sockets created in it get %s\n",
				   f->path, f->type, f->inner);
			continue;
		}
		buf_puts(&fcs, "\n(filecon \"");
		fc_regex(&fcs, f->path, f->tree);
		buf_printf(&fcs, "\" %s (system_u object_r %s ((s0) (s0))))\n", cil_fc_kind(f->kind), f->type);
	}
	for (const IrPortcon *p = ir->ports; p; p = p->next) {
		buf_puts(&ports, "; ");
		origin_text(&ports, e, &p->o);
		if (p->lo == p->hi)
			buf_printf(&ports, "\n(portcon %s %u (system_u object_r %s ((s0) (s0))))\n",
				   p->proto == PROTO_TCP ? "tcp" : "udp", p->lo, p->type);
		else
			buf_printf(&ports, "\n(portcon %s (%u %u) (system_u object_r %s ((s0) (s0))))\n",
				   p->proto == PROTO_TCP ? "tcp" : "udp", p->lo, p->hi, p->type);
	}
	TplVar vars[] = {
		{ "MODULE", mod }, { "VERSION", e->m->version }, { "SOURCE", e->source },
		{ "TYPES", buf_str(&types) }, { "RULES", buf_str(&rules) },
		{ "FILECONS", buf_str(&fcs) }, { "PORTCONS", buf_str(&ports) },
	};
	int rc = tpl_expand(out, e->tpl_dir, "cil", vars, sizeof vars / sizeof vars[0], e->err, sizeof e->err);
	buf_free(&types);
	buf_free(&rules);
	buf_free(&fcs);
	buf_free(&ports);
	return rc;
}
