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

int emit_te(Emit *e, Buf *out)
{
	const Ir *ir = e->ir;
	const RuleBlocks *rb = e->blocks;
	Buf req = { 0 }, types = { 0 }, rules = { 0 };
	print_requires(&req, &rb->v[0].rq, "");
	if (ir->own_attr) {
		buf_puts(&types, "# ");
		origin_text(&types, e, &ir->own_attr_o);
		buf_puts(&types, "\n");
		for (int k = 0; k < ir->nattrs; k++)
			buf_printf(&types, "attribute %s;\n", ir->attrs[k]);
	}
	for (const IrType *t = ir->types; t; t = t->next) {
		buf_puts(&types, "# ");
		origin_text(&types, e, &t->o);
		buf_printf(&types, "\ntype %s", t->name);
		for (int i = 0; i < t->nattrs; i++)
			buf_printf(&types, ", %s", t->attrs[i]);
		buf_puts(&types, ";\n");
		if (t->domain)
			buf_printf(&types, "role system_r types %s;\n", t->name);
	}
	print_rule_blocks(&rules, e, &rb->v[0], "", "#", print_rule);
	/* optional blocks, in order of first use */
	for (size_t b = 1; b < rb->n; b++) {
		buf_printf(&rules, "\n# only where the base policy has what this needs (%s)\noptional {\n",
			   rb->v[b].optional);
		print_requires(&rules, &rb->v[b].rq, "\t");
		print_rule_blocks(&rules, e, &rb->v[b], "\t", "#", print_rule);
		buf_puts(&rules, "}\n");
	}

	TplVar vars[] = {
		{ "MODULE", e->m->name->name }, { "VERSION", e->m->version },
		{ "SOURCE", e->source }, { "REQUIRE", buf_str(&req) },
		{ "TYPES", buf_str(&types) }, { "RULES", buf_str(&rules) },
	};
	int rc = tpl_expand(out, e->tpl_dir, "te", vars, sizeof vars / sizeof vars[0], e->err, sizeof e->err);
	buf_free(&req);
	buf_free(&types);
	buf_free(&rules);
	return rc;
}
