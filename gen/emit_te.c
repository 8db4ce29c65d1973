/* emit_te.c: the rule IR as a kernel-policy-language module (.te), no m4. */
#include "emit.h"

#include <string.h>

#include "template.h"

static void print_requires(Buf *b, const Requires *rq, const char *indent)
{
	buf_printf(b, "%srequire {\n", indent);
	for (size_t i = 0; i < rq->nroles; i++)
		buf_printf(b, "%s\trole %s;\n", indent, rq->roles[i]);
	for (size_t i = 0; i < rq->nattrs; i++)
		buf_printf(b, "%s\tattribute %s;\n", indent, rq->attrs[i]);
	for (size_t i = 0; i < rq->ntypes; i++)
		buf_printf(b, "%s\ttype %s;\n", indent, rq->types[i]);
	for (size_t i = 0; i < rq->nclasses; i++) {
		buf_printf(b, "%s\tclass %s {", indent, rq->classes[i].cls);
		for (size_t p = 0; p < rq->classes[i].nperms; p++)
			buf_printf(b, " %s", rq->classes[i].perms[p]);
		buf_puts(b, " };\n");
	}
	buf_printf(b, "%s}\n", indent);
}

static void print_rule(Buf *b, const IrRule *r, const char *indent)
{
	switch (r->kind) {
	case R_ALLOW:
	case R_NEVERALLOW:
	case R_DONTAUDIT:
		buf_printf(b, "%s%s %s%s%s%s%s %s:%s %s", indent,
			   r->kind == R_ALLOW ? "allow" : r->kind == R_DONTAUDIT ? "dontaudit" : "neverallow",
			   r->src_minus ? "{ " : "", r->src, r->src_minus ? " -" : "",
			   r->src_minus ? r->src_minus : "", r->src_minus ? " }" : "", r->tgt, r->cls,
			   strchr(r->perms, ' ') ? "{ " : "");
		perms_sorted(b, r->perms);
		buf_printf(b, "%s;\n", strchr(r->perms, ' ') ? " }" : "");
		break;
	case R_TYPE_TRANS:
		buf_printf(b, "%stype_transition %s %s:%s %s", indent, r->src, r->tgt, r->cls, r->newtype);
		if (r->filename)
			buf_printf(b, " \"%s\"", r->filename);
		buf_puts(b, ";\n");
		break;
	}
}

/* The sections, printed straight into the output (tpl_expand_print). */
static void te_types(Buf *b, const Emit *e)
{
	const Ir *ir = e->ir;
	if (ir->own_attr) {
		buf_puts(b, "# ");
		origin_text(b, e, &ir->own_attr_o);
		buf_puts(b, "\n");
		for (int k = 0; k < ir->nattrs; k++)
			buf_printf(b, "attribute %s;\n", ir->attrs[k]);
	}
	for (const IrType *t = ir->types; t; t = t->next) {
		buf_puts(b, "# ");
		origin_text(b, e, &t->o);
		buf_printf(b, "\ntype %s", t->name);
		for (int i = 0; i < t->nattrs; i++)
			buf_printf(b, ", %s", t->attrs[i]);
		buf_puts(b, ";\n");
		if (t->domain)
			buf_printf(b, "role system_r types %s;\n", t->name);
		buf_spill_check(b);
	}
}

static void te_rules(Buf *b, const Emit *e)
{
	const RuleBlocks *rb = e->blocks;
	print_rule_blocks(b, e, &rb->v[0], "", "#", print_rule);
	/* optional blocks, in order of first use */
	for (size_t k = 1; k < rb->n; k++) {
		buf_printf(b, "\n# only where the base policy has what this needs (%s)\noptional {\n",
			   rb->v[k].optional);
		print_requires(b, &rb->v[k].rq, "\t");
		print_rule_blocks(b, e, &rb->v[k], "\t", "#", print_rule);
		buf_puts(b, "}\n");
	}
}

static void te_section(Buf *b, const char *var, void *ctx)
{
	const Emit *e = ctx;
	if (strcmp(var, "REQUIRE") == 0)
		print_requires(b, &e->blocks->v[0].rq, "");
	else if (strcmp(var, "TYPES") == 0)
		te_types(b, e);
	else
		te_rules(b, e);
}

int emit_te(Emit *e, Buf *out)
{
	TplVar vars[] = {
		{ "MODULE", e->m->name->name }, { "VERSION", e->m->version }, { "SOURCE", e->source },
		{ "REQUIRE", NULL }, { "TYPES", NULL }, { "RULES", NULL },
	};
	return tpl_expand_print(out, e->tpl_dir, "te", vars, sizeof vars / sizeof vars[0], te_section, e,
				e->err, sizeof e->err);
}
