/* emit_netlabel.c: M.netlabel, the script that gives every packet from a
 * segment's range the segment's own peer label (NetLabel's static labels,
 * netlabelctl), the host's own address there excepted, from the IR's
 * bridges and the peer type lower.c gave each (docs/network.md, "Without
 * the ruleset"). */
#include "emit.h"

#include "template.h"

int emit_netlabel(Emit *e, Buf *out)
{
	Buf labels = { 0 };
	for (const IrLink *l = e->ir->links; l; l = l->next)
		if (!l->bridge && l->peer)
			buf_printf(&labels, "%s system_u:object_r:%s:s0\n%s system_u:object_r:unlabeled_t:s0\n",
				   l->range, l->peer, l->host);
	TplVar vars[] = {
		{ "MODULE", e->m->name->name }, { "SOURCE", e->source }, { "LABELS", buf_str(&labels) },
	};
	int rc = tpl_expand(out, e->tpl_dir, "netlabel", vars, sizeof vars / sizeof vars[0], e->err,
			    sizeof e->err);
	buf_free(&labels);
	return rc;
}
