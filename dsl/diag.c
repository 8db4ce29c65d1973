/* diag.c: located diagnostics with the source line and a caret, or the
 * same reports as a SARIF 2.1.0 log (the one place either is formatted). */
#include "diag.h"
#include "jsonout.h"

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

/* The first byte of source line `line` (from 1), or NULL. */
static const char *line_start(const Diag *d, unsigned line)
{
	if (!d->text || line == 0)
		return NULL;
	const char *p = d->text, *end = d->text + d->len;
	for (unsigned l = 1; l < line && p < end; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return NULL;
		p = nl + 1;
	}
	return p;
}

static void show_line(Diag *d, Loc at)
{
	const char *p = line_start(d, at.line), *end = d->text + d->len;
	if (!p)
		return;
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

/* SARIF: d->file as a URI reference: every byte but the unreserved ones
 * and '/' percent-encoded, an absolute path as a file: URI. */
static void sarif_uri(Buf *b, const char *file)
{
	buf_puts(b, "\"");
	if (file[0] == '/')
		buf_puts(b, "file://");
	for (const unsigned char *c = (const unsigned char *)file; *c; c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9') ||
		    strchr("-._~/", *c))
			buf_put(b, (const char *)c, 1);
		else
			buf_printf(b, "%%%02X", *c);
	}
	buf_puts(b, "\"");
}

/* SARIF counts columns in characters (run.columnKind unicodeCodePoints),
 * the text diagnostics in bytes: the byte column at.col as characters. */
static unsigned char_column(const Diag *d, Loc at)
{
	const char *p = line_start(d, at.line), *end = d->text + d->len;
	if (!p)
		return at.col;
	unsigned col = 1;
	for (unsigned i = 0; i + 1 < at.col; i++)
		if (p + i >= end || ((unsigned char)p[i] & 0xc0) != 0x80)
			col++;
	return col;
}

/* "physicalLocation":{...} of `at` in d->file; line 0 has no region. */
static void sarif_location(const Diag *d, Buf *b, Loc at)
{
	buf_puts(b, "\"physicalLocation\":{\"artifactLocation\":{\"uri\":");
	sarif_uri(b, d->file);
	buf_puts(b, "}");
	if (at.line) {
		buf_printf(b, ",\"region\":{\"startLine\":%u", at.line);
		if (at.col)
			buf_printf(b, ",\"startColumn\":%u", char_column(d, at));
		buf_puts(b, "}");
	}
	buf_puts(b, "}");
}

/* Moves the open result, with its related locations, to d->results. */
static void sarif_close(Diag *d)
{
	if (!d->open.len)
		return;
	if (d->results.len)
		buf_puts(&d->results, ",\n");
	buf_put(&d->results, d->open.data, d->open.len);
	if (d->nrelated) {
		buf_puts(&d->results, ",\"relatedLocations\":[");
		buf_put(&d->results, d->related.data, d->related.len);
		buf_puts(&d->results, "]");
	}
	buf_puts(&d->results, "}");
	d->open.len = d->related.len = 0;
	d->nrelated = 0;
}

/* One report as SARIF: a result for a check (id >= 0), else a note: a
 * related location of the open result, or a notification without one. */
static void sarif_report(Diag *d, Loc at, const char *kind, int id, const char *fmt, va_list ap)
{
	Buf msg = { 0 };
	buf_vprintf(&msg, fmt, ap);
	if (id >= 0) {
		sarif_close(d);
		buf_puts(&d->open, "{\"ruleId\":");
		json_str(&d->open, check_get((CheckId)id)->name);
		buf_printf(&d->open, ",\"ruleIndex\":%d,\"level\":\"%s\",\"message\":{\"text\":", id, kind);
		json_text(&d->open, buf_str(&msg));
		buf_puts(&d->open, "},\"locations\":[{");
		sarif_location(d, &d->open, at);
		buf_puts(&d->open, "}]");
	} else if (d->open.len) {
		buf_printf(&d->related, "%s{\"id\":%u,", d->nrelated ? "," : "", d->nrelated);
		if (at.line) {
			sarif_location(d, &d->related, at);
			buf_puts(&d->related, ",");
		}
		buf_puts(&d->related, "\"message\":{\"text\":");
		json_text(&d->related, buf_str(&msg));
		buf_puts(&d->related, "}}");
		d->nrelated++;
	} else {
		buf_printf(&d->notices, "%s{\"level\":\"note\",\"message\":{\"text\":", d->notices.len ? "," : "");
		json_text(&d->notices, buf_str(&msg));
		buf_puts(&d->notices, "}");
		if (at.line) {
			buf_puts(&d->notices, ",\"locations\":[{");
			sarif_location(d, &d->notices, at);
			buf_puts(&d->notices, "}]");
		}
		buf_puts(&d->notices, "}");
	}
	buf_free(&msg);
}

/* One report of check id (or a note, id -1) of the given kind. */
static void vreport(Diag *d, Loc at, const char *kind, int id, const char *fmt, va_list ap)
{
	if (d->sarif) {
		sarif_report(d, at, kind, id, fmt, ap);
		return;
	}
	fprintf(d->out, "%s:%u:%u: %s: ", d->file, at.line, at.col, kind);
	vfprintf(d->out, fmt, ap);
	if (id >= 0)
		fprintf(d->out, " [%s]", check_get((CheckId)id)->name);
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
	vreport(d, at, sev == SEV_ERROR ? "error" : "warning", (int)id, fmt, ap);
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
	vreport(d, at, "note", -1, fmt, ap);
	va_end(ap);
}

void diag_note_plain(Diag *d, const char *fmt, ...)
{
	if (d->quiet)
		return;
	va_list ap;
	va_start(ap, fmt);
	if (d->sarif) {
		sarif_report(d, (Loc){ 0, 0 }, "note", -1, fmt, ap);
	} else {
		fputs("note: ", d->out);
		vfprintf(d->out, fmt, ap);
		fputc('\n', d->out);
	}
	va_end(ap);
}

void diag_finish(Diag *d)
{
	if (d->sarif) {
		sarif_close(d);
		if (d->suppressed)
			buf_printf(&d->notices, "%s{\"level\":\"error\",\"message\":{\"text\":\"%d more "
				   "error%s not shown\"}}", d->notices.len ? "," : "", d->suppressed,
				   d->suppressed == 1 ? "" : "s");
		d->suppressed = 0;
		return;
	}
	if (d->suppressed)
		fprintf(d->out, "%s: %d more error%s not shown\n", d->file, d->suppressed,
			d->suppressed == 1 ? "" : "s");
}

void diag_sarif(Diag *d, FILE *out, const char *version, const char *failure)
{
	diag_finish(d);
	Buf b = { 0 };
	buf_puts(&b, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\n"
		 "\"runs\":[{\"tool\":{\"driver\":{\"name\":\"zonepolicy\",\"version\":");
	json_str(&b, version);
	buf_puts(&b, ",\"rules\":[\n");
	/* every registered check, in table order: ruleIndex is its CheckId */
	for (int i = 0; i < CK_COUNT; i++) {
		const Check *c = check_get((CheckId)i);
		buf_printf(&b, "%s{\"id\":", i ? ",\n" : "");
		json_str(&b, c->name);
		buf_printf(&b, ",\"defaultConfiguration\":{\"level\":\"%s\"},\"properties\":{\"pass\":",
			   c->severity == SEV_ERROR ? "error" : "warning");
		json_str(&b, pass_name(c->pass));
		buf_puts(&b, "}}");
	}
	buf_printf(&b, "]}},\n\"invocations\":[{\"executionSuccessful\":%s", failure ? "false" : "true");
	if (failure || d->notices.len) {
		buf_puts(&b, ",\"toolExecutionNotifications\":[");
		if (d->notices.len)
			buf_put(&b, d->notices.data, d->notices.len);
		if (failure) {
			buf_printf(&b, "%s{\"level\":\"error\",\"message\":{\"text\":", d->notices.len ? "," : "");
			json_text(&b, failure);
			buf_puts(&b, "}}");
		}
		buf_puts(&b, "]");
	}
	buf_puts(&b, "}],\n\"columnKind\":\"unicodeCodePoints\",\n\"results\":[\n");
	if (d->results.len)
		buf_put(&b, d->results.data, d->results.len);
	buf_puts(&b, "\n]}]}\n");
	fwrite(b.data, 1, b.len, out);
	buf_free(&b);
}

void diag_free(Diag *d)
{
	buf_free(&d->results);
	buf_free(&d->open);
	buf_free(&d->related);
	buf_free(&d->notices);
}
