/* emit_netcheck.c: M_netcheck.cil, the CIL module of the policy capability
 * always_check_network and of the IR's netcheck rules (lower.c,
 * lower_netcheck).  A capability cannot be written in a .pp (checkmodule
 * takes `policycap` only in a base), so it is a module of its own, in CIL,
 * installed beside M.pp. */
#include "emit.h"

#include "template.h"

int emit_netcheck(Emit *e, Buf *out)
{
	const Ir *ir = e->ir;
	Buf origin = { 0 }, rules = { 0 };
	origin_text(&origin, e, &ir->netcheck_o);
	for (const IrRule *r = ir->netcheck; r; r = r->next) {
		buf_puts(&rules, "; ");
		origin_text(&rules, e, &r->o);
		buf_printf(&rules, "\n(allow %s %s (%s (%s)))\n", r->src, r->tgt, r->cls, r->perms);
	}
	TplVar vars[] = {
		{ "MODULE", e->m->name->name }, { "SOURCE", e->source }, { "ORIGIN", buf_str(&origin) },
		{ "HOST", ir->netcheck_host }, { "RULES", buf_str(&rules) },
	};
	int rc = tpl_expand(out, e->tpl_dir, "netcheck.cil", vars, sizeof vars / sizeof vars[0], e->err,
			    sizeof e->err);
	buf_free(&origin);
	buf_free(&rules);
	return rc;
}
