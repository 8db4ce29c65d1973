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

/* The sections, printed straight into the output (tpl_expand_print). */
static void cil_types(Buf *b, const Emit *e)
{
	const Ir *ir = e->ir;
	if (ir->own_attr) {
		buf_puts(b, "; ");
		origin_text(b, e, &ir->own_attr_o);
		buf_puts(b, "\n");
		for (int k = 0; k < ir->nattrs; k++)
			buf_printf(b, "(typeattribute %s)\n", ir->attrs[k]);
	}
	for (const IrType *t = ir->types; t; t = t->next) {
		buf_puts(b, "; ");
		origin_text(b, e, &t->o);
		buf_printf(b, "\n(type %s)\n(roletype object_r %s)\n", t->name, t->name);
		if (t->domain)
			buf_printf(b, "(roletype system_r %s)\n", t->name);
		for (int i = 0; i < t->nattrs; i++)
			buf_printf(b, "(typeattributeset %s (%s))\n", t->attrs[i], t->name);
		buf_spill_check(b);
	}
	for (const IrRule *r = ir->rules; r; r = r->next)
		if (r->src_minus)
			buf_printf(b, "; %s minus %s\n(typeattribute %s)\n(typeattributeset %s (and %s (not %s)))\n",
				   r->src, r->src_minus, r->src_set, r->src_set, r->src, r->src_minus);
}

static void cil_rules(Buf *b, const Emit *e)
{
	const char *mod = e->m->name->name;
	const RuleBlocks *rb = e->blocks;
	print_rule_blocks(b, e, &rb->v[0], "", ";", print_rule);
	for (size_t k = 1; k < rb->n; k++) {
		buf_printf(b, "\n; only where the base policy has what this needs (%s)\n(optional %s_%s\n",
			   rb->v[k].optional, mod, rb->v[k].optional);
		print_rule_blocks(b, e, &rb->v[k], "\t", ";", print_rule);
		buf_puts(b, ")\n");
	}
}

static void cil_filecons(Buf *b, const Emit *e)
{
	for (const IrFilecon *f = e->ir->fcs; f; f = f->next) {
		buf_puts(b, "; ");
		origin_text(b, e, &f->o);
		if (f->inner) {
			buf_printf(b, "\n; %s keeps the base's type %s (no filecon); sockets created in it get %s\n",
				   f->path, f->type, f->inner);
			continue;
		}
		buf_puts(b, "\n(filecon \"");
		fc_regex(b, f->path, f->tree);
		buf_printf(b, "\" %s (system_u object_r %s ((s0) (s0))))\n", cil_fc_kind(f->kind), f->type);
		buf_spill_check(b);
	}
}

static void cil_portcons(Buf *b, const Emit *e)
{
	for (const IrPortcon *p = e->ir->ports; p; p = p->next) {
		buf_puts(b, "; ");
		origin_text(b, e, &p->o);
		if (p->lo == p->hi)
			buf_printf(b, "\n(portcon %s %u (system_u object_r %s ((s0) (s0))))\n",
				   p->proto == PROTO_TCP ? "tcp" : "udp", p->lo, p->type);
		else
			buf_printf(b, "\n(portcon %s (%u %u) (system_u object_r %s ((s0) (s0))))\n",
				   p->proto == PROTO_TCP ? "tcp" : "udp", p->lo, p->hi, p->type);
	}
}

static void cil_section(Buf *b, const char *var, void *ctx)
{
	const Emit *e = ctx;
	if (strcmp(var, "TYPES") == 0)
		cil_types(b, e);
	else if (strcmp(var, "RULES") == 0)
		cil_rules(b, e);
	else if (strcmp(var, "FILECONS") == 0)
		cil_filecons(b, e);
	else
		cil_portcons(b, e);
}

int emit_cil(Emit *e, Buf *out)
{
	TplVar vars[] = {
		{ "MODULE", e->m->name->name }, { "VERSION", e->m->version }, { "SOURCE", e->source },
		{ "TYPES", NULL }, { "RULES", NULL }, { "FILECONS", NULL }, { "PORTCONS", NULL },
	};
	return tpl_expand_print(out, e->tpl_dir, "cil", vars, sizeof vars / sizeof vars[0], cil_section, e,
				e->err, sizeof e->err);
}
