/* buf.h: a growable byte buffer for generated text. */
#ifndef ZP_BUF_H
#define ZP_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef struct Buf {
	char *data;
	size_t len, cap;
	/* Set by buf_spill_to: a scratch file that takes the text in chunks
	 * (buf_spill_check), for an output too large to keep in memory.  The
	 * whole text is then the file's contents followed by data. */
	FILE *spill;
	size_t spilled;      /* bytes in spill */
	int spill_error;     /* a write to spill failed (errno value) */
} Buf;

/* With a spill file, a piece of a chunk (1 MiB) or more is written
 * straight to it after the text in memory, not copied. */
void buf_put(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
void buf_free(Buf *b);
/* From now on buf_spill_check moves b's text into f (owned by the caller). */
void buf_spill_to(Buf *b, FILE *f);
/* With a spill file and a chunk (1 MiB) or more in memory: appends the text
 * to the file and empties b.  Call it between complete pieces of text only:
 * a caller measuring b->len across the call would be misled. */
void buf_spill_check(Buf *b);
/* With a spill file: appends all of b's text to it, whatever its size. */
void buf_spill_all(Buf *b);
/* Bytes of text so far, spilled or not. */
size_t buf_total(const Buf *b);
/* NUL-terminated view (never NULL). */
const char *buf_str(Buf *b);

#endif
