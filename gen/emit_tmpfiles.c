/* emit_tmpfiles.c: M.tmpfiles.conf, the systemd-tmpfiles lines that create
 * the module's runtime paths (the IR's runtime list: /run/M/, the socket
 * directories, then the channel FIFOs) when there is no launcher to create
 * them. */
#include "emit.h"

#include "template.h"

int emit_tmpfiles(Emit *e, Buf *out)
{
	Buf lines = { 0 };
	for (const IrRuntime *r = e->ir->runtime; r; r = r->next)
		buf_printf(&lines, "%s%c %s %04o root root -", r == e->ir->runtime ? "" : "\n",
			   r->kind == FC_DIR ? 'd' : 'p', r->path, r->mode);
	TplVar vars[] = {
		{ "MODULE", e->m->name->name }, { "SOURCE", e->source }, { "ENTRIES", buf_str(&lines) },
	};
	int rc = tpl_expand(out, e->tpl_dir, "tmpfiles.conf", vars, sizeof vars / sizeof vars[0], e->err,
			    sizeof e->err);
	buf_free(&lines);
	return rc;
}
