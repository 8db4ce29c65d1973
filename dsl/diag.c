/* diag.c: located diagnostics with the source line and a caret. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(Diag *d, const char *file, const char *text, size_t len, FILE *out)
{
	memset(d, 0, sizeof *d);
	d->file = file;
	d->text = text;
	d->len = len;
	d->out = out;
}

/* Show at most this many bytes of a source line around the caret. */
enum { SHOW_MAX = 160 };

/* Length of the valid UTF-8 sequence at p (at most n bytes), else 0. */
static size_t utf8_seq(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t k = (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 0;
	if (k == 0 || k > n)
		return 0;
	unsigned cp = p[0] & (0x7f >> k);
	for (size_t i = 1; i < k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((k == 2 && cp < 0x80) || (k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return k;
}

static void show_line(Diag *d, Loc at)
{
	if (!d->text || at.line == 0)
		return;
	const char *p = d->text, *end = d->text + d->len;
	for (unsigned l = 1; l < at.line && p < end; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return;
		p = nl + 1;
	}
	const char *eol = memchr(p, '\n', (size_t)(end - p));
	if (!eol)
		eol = end;
	if (eol > p && eol[-1] == '\r')
		eol--;
	size_t n = (size_t)(eol - p);
	size_t col = at.col ? at.col - 1 : 0;
	if (col > n)
		col = n;
	size_t from = 0;
	if (n > SHOW_MAX) {
		from = col > SHOW_MAX / 2 ? col - SHOW_MAX / 2 : 0;
		if (from + SHOW_MAX > n)
			from = n - SHOW_MAX;
		n = from + SHOW_MAX;
	}
	/* valid UTF-8 is shown as is and takes one caret column; any other
	 * byte that is not printable ASCII is shown as '?' */
	fputc(' ', d->out);
	for (size_t i = from; i < n; i++) {
		unsigned char c = (unsigned char)p[i];
		size_t k = c >= 0x80 ? utf8_seq(p + i, n - i) : 0;
		if (k) {
			fwrite(p + i, 1, k, d->out);
			i += k - 1;
		} else {
			fputc(c == '\t' || (c >= 0x20 && c < 0x7f) ? c : '?', d->out);
		}
	}
	fputs("\n ", d->out);
	for (size_t i = from; i < col; i++) {
		size_t k = (unsigned char)p[i] >= 0x80 ? utf8_seq(p + i, n - i) : 0;
		fputc(p[i] == '\t' ? '\t' : ' ', d->out);
		if (k)
			i += k - 1;
	}
	fputs("^\n", d->out);
}

static void vreport(Diag *d, Loc at, const char *kind, const char *check,
		    const char *fmt, va_list ap)
{
	fprintf(d->out, "%s:%u:%u: %s: ", d->file, at.line, at.col, kind);
	vfprintf(d->out, fmt, ap);
	if (check)
		fprintf(d->out, " [%s]", check);
	fputc('\n', d->out);
	show_line(d, at);
}

bool diag_vreport(Diag *d, Loc at, CheckId id, const char *fmt, va_list ap)
{
	const Check *c = check_get(id);
	if (!c)
		abort();        /* not a registered check: a bug in the caller */
	int sev = check_effective(d->switches, id);
	d->quiet = true;
	if (sev < 0)
		return false;
	if (sev == SEV_ERROR && ++d->errors > DIAG_MAX_ERRORS) {
		d->suppressed++;
		return true;
	}
	if (d->errors > DIAG_MAX_ERRORS)
		return false;
	d->quiet = false;
	vreport(d, at, sev == SEV_ERROR ? "error" : "warning", c->name, fmt, ap);
	return sev == SEV_ERROR;
}

bool diag_report(Diag *d, Loc at, CheckId id, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	bool error = diag_vreport(d, at, id, fmt, ap);
	va_end(ap);
	return error;
}

void diag_note(Diag *d, Loc at, const char *fmt, ...)
{
	if (d->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	vreport(d, at, "note", NULL, fmt, ap);
	va_end(ap);
}

void diag_note_plain(Diag *d, const char *fmt, ...)
{
	if (d->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	fputs("note: ", d->out);
	vfprintf(d->out, fmt, ap);
	fputc('\n', d->out);
	va_end(ap);
}

void diag_finish(Diag *d)
{
	if (d->suppressed)
		fprintf(d->out, "%s: %d more error%s not shown\n", d->file, d->suppressed,
			d->suppressed == 1 ? "" : "s");
}
