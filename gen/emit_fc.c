/* emit_fc.c: the file contexts of the rule IR (.fc), one line a path. */
#include "emit.h"

#include "template.h"

/* The entries, printed straight into the output (tpl_expand_print). */
static void fc_entries(Buf *b, const char *var, void *ctx)
{
	(void)var;
	const Emit *e = ctx;
	for (const IrFilecon *f = e->ir->fcs; f; f = f->next) {
		buf_puts(b, "# ");
		origin_text(b, e, &f->o);
		buf_puts(b, "\n");
		if (f->inner) {
			buf_printf(b, "# %s keeps the base's type %s (no entry here); sockets created in it get %s\n",
				   f->path, f->type, f->inner);
			continue;
		}
		fc_regex(b, f->path, f->tree);
		buf_printf(b, "\t%s\tsystem_u:object_r:%s:s0\n", fc_kind_flag(f->kind), f->type);
		buf_spill_check(b);
	}
}

int emit_fc(Emit *e, Buf *out)
{
	TplVar vars[] = {
		{ "MODULE", e->m->name->name }, { "SOURCE", e->source }, { "ENTRIES", NULL },
	};
	return tpl_expand_print(out, e->tpl_dir, "fc", vars, sizeof vars / sizeof vars[0], fc_entries, e,
				e->err, sizeof e->err);
}
