/* template.h: the fixed text around generated rules (the .in files under templates/).
 *
 * A template is text with @NAME@ placeholders; the emitter passes the values.
 * An unknown placeholder, or a value never used, is an error: a template and
 * its emitter cannot drift apart silently.  Loops and conditions stay in C.
 * Templates are compiled into the binary; --template-dir reads them from
 * another directory instead.
 */
#ifndef ZP_TEMPLATE_H
#define ZP_TEMPLATE_H

#include <stddef.h>

#include "buf.h"

typedef struct TemplateText {
	const char *name;
	const char *text;
} TemplateText;

extern const TemplateText zp_templates[];

typedef struct TplVar {
	const char *name;
	const char *value;
} TplVar;

/* Expands template `name` into out, reading it from dir (NULL: the built-in
 * copy).  Returns 0, or -1 with a message in err. */
int tpl_expand(Buf *out, const char *dir, const char *name, const TplVar *vars, size_t nvars,
	       char *err, size_t errlen);

/* tpl_expand, but the variable whose value is NULL is the split point: the
 * text before it goes to out, the text after it to tail.  The caller then
 * writes that part into out itself and appends tail (an output printed
 * straight into out, never held twice). */
int tpl_expand_split(Buf *out, Buf *tail, const char *dir, const char *name, const TplVar *vars,
		     size_t nvars, char *err, size_t errlen);

/* tpl_expand, but a variable whose value is NULL is printed by
 * print(out, NAME, ctx) straight into out, which may spill it to its file
 * as it goes (buf_spill_check): a large section is never held in memory on
 * its own first. */
int tpl_expand_print(Buf *out, const char *dir, const char *name, const TplVar *vars, size_t nvars,
		     void (*print)(Buf *out, const char *var, void *ctx), void *ctx, char *err,
		     size_t errlen);

#endif
