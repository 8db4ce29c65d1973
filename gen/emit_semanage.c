/* emit_semanage.c: the port labels of the module's own port types as a
 * script (M.semanage), the .pp users' counterpart of the portcon in M.cil.
 * One `label PROTO PORTS TYPE` line per portcon; the template turns them
 * into one `semanage import` transaction, -a or -m as semanage knows the
 * port already. */
#include "emit.h"

#include "template.h"

int emit_semanage(Emit *e, Buf *out)
{
	Buf cmds = { 0 };
	for (const IrPortcon *p = e->ir->ports; p; p = p->next) {
		buf_puts(&cmds, "# ");
		origin_text(&cmds, e, &p->o);
		buf_printf(&cmds, "\nlabel %s %u", p->proto == PROTO_TCP ? "tcp" : "udp", p->lo);
		if (p->hi != p->lo)
			buf_printf(&cmds, "-%u", p->hi);
		buf_printf(&cmds, " %s\n", p->type);
	}
	TplVar vars[] = {
		{ "MODULE", e->m->name->name }, { "SOURCE", e->source }, { "COMMANDS", buf_str(&cmds) },
	};
	int rc = tpl_expand(out, e->tpl_dir, "semanage", vars, sizeof vars / sizeof vars[0], e->err, sizeof e->err);
	buf_free(&cmds);
	return rc;
}
