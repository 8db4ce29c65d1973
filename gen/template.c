/* template.c: @NAME@ placeholder expansion (see template.h). */
#include "template.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *load(const char *template_dir, const char *name, char *err, size_t errlen)
{
	if (!template_dir) {
		for (const TemplateText *t = zp_templates; t->name; t++)
			if (strcmp(t->name, name) == 0)
				return xstrdup(t->text);
		snprintf(err, errlen, "no built-in template '%s'", name);
		return NULL;
	}
	char path[4096];
	snprintf(path, sizeof path, "%s/%s.in", template_dir, name);
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot read template '%s': %s", path, strerror(errno));
		return NULL;
	}
	Buf b = { 0 };
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_put(&b, chunk, n);
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		snprintf(err, errlen, "cannot read template '%s'", path);
		buf_free(&b);
		return NULL;
	}
	buf_str(&b);
	return b.data;
}

typedef void (*Printer)(Buf *out, const char *var, void *ctx);

static int expand(Buf *out, Buf *tail, Printer print, void *ctx, const char *dir, const char *name,
		  const TplVar *vars, size_t nvars, char *err, size_t errlen);

int tpl_expand(Buf *out, const char *dir, const char *name, const TplVar *vars, size_t nvars,
	       char *err, size_t errlen)
{
	return expand(out, NULL, NULL, NULL, dir, name, vars, nvars, err, errlen);
}

int tpl_expand_split(Buf *out, Buf *tail, const char *dir, const char *name, const TplVar *vars,
		     size_t nvars, char *err, size_t errlen)
{
	return expand(out, tail, NULL, NULL, dir, name, vars, nvars, err, errlen);
}

int tpl_expand_print(Buf *out, const char *dir, const char *name, const TplVar *vars, size_t nvars,
		     Printer print, void *ctx, char *err, size_t errlen)
{
	return expand(out, NULL, print, ctx, dir, name, vars, nvars, err, errlen);
}

static int expand(Buf *out, Buf *tail, Printer print, void *ctx, const char *dir, const char *name,
		  const TplVar *vars, size_t nvars, char *err, size_t errlen)
{
	char *text = load(dir, name, err, errlen);
	if (!text)
		return -1;
	unsigned char used[64] = { 0 };
	int rc = 0;
	const char *p = text;
	while (*p) {
		const char *at = strchr(p, '@');
		if (!at) {
			buf_puts(out, p);
			break;
		}
		buf_put(out, p, (size_t)(at - p));
		const char *end = strchr(at + 1, '@');
		size_t n = end ? (size_t)(end - at - 1) : 0;
		int ok = end && n > 0 && strspn(at + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") == n;
		if (!ok) {          /* a lone '@' is text */
			buf_put(out, "@", 1);
			p = at + 1;
			continue;
		}
		size_t i;
		for (i = 0; i < nvars; i++)
			if (strlen(vars[i].name) == n && memcmp(vars[i].name, at + 1, n) == 0)
				break;
		if (i == nvars) {
			snprintf(err, errlen, "template '%s': unknown placeholder @%.*s@", name, (int)n, at + 1);
			rc = -1;
			break;
		}
		if (i < sizeof used)
			used[i] = 1;
		if (print && !vars[i].value)
			print(out, vars[i].name, ctx);
		else if (tail && !vars[i].value)
			out = tail;         /* the split point: the rest goes to tail */
		else
			buf_puts(out, vars[i].value);
		buf_spill_check(out);   /* a spilling output: one copy in memory */
		p = end + 1;
	}
	for (size_t i = 0; rc == 0 && i < nvars && i < sizeof used; i++)
		if (!used[i]) {
			snprintf(err, errlen, "template '%s' does not use @%s@", name, vars[i].name);
			rc = -1;
		}
	free(text);
	return rc;
}
