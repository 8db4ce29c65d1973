/* emit_fc.c: the file contexts of the rule IR (.fc), one line a path. */
#include "emit.h"

#include "template.h"

int emit_fc(Emit *e, Buf *out)
{
	Buf ent = { 0 };
	for (const IrFilecon *f = e->ir->fcs; f; f = f->next) {
		buf_puts(&ent, "# ");
		origin_text(&ent, e, &f->o);
		buf_puts(&ent, "\n");
		if (f->inner) {
			buf_printf(&ent, "# %s keeps the base's type %s (no entry here); sockets created in it get %s\n",
				   f->path, f->type, f->inner);
			continue;
		}
		fc_regex(&ent, f->path, f->tree);
		buf_printf(&ent, "\t%s\tsystem_u:object_r:%s:s0\n", fc_kind_flag(f->kind), f->type);
	}
	TplVar vars[] = {
		{ "MODULE", e->m->name->name }, { "SOURCE", e->source }, { "ENTRIES", buf_str(&ent) },
	};
	int rc = tpl_expand(out, e->tpl_dir, "fc", vars, sizeof vars / sizeof vars[0], e->err, sizeof e->err);
	buf_free(&ent);
	return rc;
}
