/* emit_if.c: refpolicy-style interfaces (.if) for other modules to call. */
#include "emit.h"

#include <string.h>

#include "template.h"

typedef struct IfCtx {
	Emit *e;
	int rc;
} IfCtx;

/* Every interface, printed straight into the output (tpl_expand_print). */
static void if_interfaces(Buf *out, const char *var, void *arg)
{
	(void)var;
	IfCtx *x = arg;
	Emit *e = x->e;
	for (const IrIface *f = e->ir->ifaces; f && x->rc == 0; f = f->next) {
		Buf req = { 0 }, rules = { 0 }, cls = { 0 };
		/* types in order of first use, then the classes */
		StrSet *seen = strset_new();
		for (const IrRule *r = f->rules; r; r = r->next) {
			if (strset_add(seen, r->tgt))
				buf_printf(&req, "\t\ttype %s;\n", r->tgt);
			buf_printf(&cls, "\t\tclass %s { ", r->cls);
			perms_sorted(&cls, r->perms);
			buf_puts(&cls, " };\n");
			buf_printf(&rules, "\tallow $1 %s:%s { ", r->tgt, r->cls);
			perms_sorted(&rules, r->perms);
			buf_puts(&rules, " };\n");
		}
		strset_free(seen);
		buf_puts(&req, buf_str(&cls));
		buf_free(&cls);
		TplVar vars[] = {
			{ "NAME", f->name }, { "SUMMARY", f->summary },
			{ "REQUIRE", buf_str(&req) }, { "RULES", buf_str(&rules) },
		};
		x->rc = tpl_expand(out, e->tpl_dir, "if_interface", vars, sizeof vars / sizeof vars[0], e->err,
				   sizeof e->err);
		buf_free(&req);
		buf_free(&rules);
		buf_spill_check(out);
	}
}

int emit_if(Emit *e, Buf *out)
{
	IfCtx x = { e, 0 };
	TplVar vars[] = {
		{ "MODULE", e->m->name->name }, { "SOURCE", e->source }, { "INTERFACES", NULL },
	};
	int rc = tpl_expand_print(out, e->tpl_dir, "if", vars, sizeof vars / sizeof vars[0], if_interfaces, &x,
				  e->err, sizeof e->err);
	return rc ? rc : x.rc;
}
