/* buf.c: growable text buffer (see buf.h). */
#include "buf.h"
#include "xalloc.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void reserve(Buf *b, size_t n)
{
	if (b->len + n + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	b->data = xrealloc(b->data, cap);
	b->cap = cap;
}

enum { SPILL_CHUNK = 1 << 20 };

void buf_put(Buf *b, const char *s, size_t n)
{
	if (b->spill && n >= SPILL_CHUNK) {
		/* a large piece (a whole section of an output) is not copied:
		 * what is in memory goes first, then the piece, to the file */
		buf_spill_all(b);
		if (!b->spill_error && fwrite(s, 1, n, b->spill) != n)
			b->spill_error = errno ? errno : EIO;
		b->spilled += n;
		return;
	}
	reserve(b, n);
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_puts(Buf *b, const char *s)
{
	buf_put(b, s, strlen(s));
}

/* Does fmt convert nothing but strings and unsigned ints (plain %s, %u,
 * and %%)? */
static bool only_strings(const char *fmt)
{
	for (const char *p = fmt; (p = strchr(p, '%')) != NULL; p += 2)
		if (p[1] != 's' && p[1] != 'u' && p[1] != '%')
			return false;
	return true;
}

void buf_vprintf(Buf *b, const char *fmt, va_list ap)
{
	if (only_strings(fmt)) {
		/* most of what the emitters print: copied piece by piece, as
		 * vsnprintf would (glibc prints a NULL string as "(null)") */
		const char *p = fmt, *q;
		while ((q = strchr(p, '%')) != NULL) {
			buf_put(b, p, (size_t)(q - p));
			if (q[1] == 's') {
				const char *arg = va_arg(ap, const char *);
				buf_puts(b, arg ? arg : "(null)");
			} else if (q[1] == 'u') {
				char num[16];
				size_t n = sizeof num;
				unsigned u = va_arg(ap, unsigned);
				do
					num[--n] = (char)('0' + u % 10);
				while ((u /= 10) != 0);
				buf_put(b, num + n, sizeof num - n);
			} else {
				buf_put(b, "%", 1);
			}
			p = q + 2;
		}
		buf_puts(b, p);
		return;
	}
	va_list ap2;
	va_copy(ap2, ap);
	/* format straight into the free space; grow and redo only if short */
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap);
	if (n > 0 && (size_t)n >= room) {
		reserve(b, (size_t)n);
		vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
	}
	if (n > 0)
		b->len += (size_t)n;
	va_end(ap2);
}

void buf_printf(Buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_free(Buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void buf_spill_to(Buf *b, FILE *f)
{
	b->spill = f;
}

void buf_spill_check(Buf *b)
{
	if (b->len >= SPILL_CHUNK)
		buf_spill_all(b);
}

void buf_spill_all(Buf *b)
{
	if (!b->spill || !b->len)
		return;
	if (!b->spill_error && fwrite(b->data, 1, b->len, b->spill) != b->len)
		b->spill_error = errno ? errno : EIO;
	b->spilled += b->len;
	b->len = 0;
	if (b->cap > SPILL_CHUNK * 2) {
		/* a whole output spilled at once: give its memory back */
		free(b->data);
		b->data = NULL;
		b->cap = 0;
	} else {
		b->data[0] = '\0';
	}
}

size_t buf_total(const Buf *b)
{
	return b->spilled + b->len;
}

const char *buf_str(Buf *b)
{
	if (!b->data)
		reserve(b, 0), b->data[0] = '\0';
	return b->data;
}
