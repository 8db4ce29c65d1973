/* buf.h: a growable byte buffer for generated text. */
#ifndef ZP_BUF_H
#define ZP_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct Buf {
	char *data;
	size_t len, cap;
} Buf;

void buf_put(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_printf(Buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(Buf *b, const char *fmt, va_list ap);
void buf_free(Buf *b);
/* NUL-terminated view (never NULL). */
const char *buf_str(Buf *b);

#endif
