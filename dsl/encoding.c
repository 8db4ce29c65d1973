/* encoding.c: the file must be UTF-8 text without NUL bytes (spec section 2).
 * Checked before lexing, so the lexer only ever sees valid sequences. */
#include "parse.h"

int check_encoding(Diag *d, const char *text, size_t len)
{
	const unsigned char *p = (const unsigned char *)text;
	unsigned line = 1, col = 1;
	int before = d->errors;
	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3
			 : (c & 0xf8) == 0xf0 ? 4 : 0;
		bool ok = n != 0 && i + n <= len;
		unsigned cp = n == 1 ? c : n == 2 ? c & 0x1f : n == 3 ? c & 0x0f : c & 0x07;
		for (size_t k = 1; ok && k < n; k++) {
			ok = (p[i + k] & 0xc0) == 0x80;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		/* overlong forms, surrogates and values past U+10FFFF */
		if (ok && ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
			   (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
			   (cp >= 0xd800 && cp <= 0xdfff)))
			ok = false;
		if (c == 0) {
			diag_report(d, (Loc){ line, col }, CK_ENCODING, "NUL byte in the file");
			n = 1;
		} else if (!ok) {
			diag_report(d, (Loc){ line, col }, CK_ENCODING,
				    "invalid UTF-8 byte 0x%02x", c);
			n = 1;
		}
		if (c == '\n') {
			line++;
			col = 1;
		} else {
			col += (unsigned)n;
		}
		i += n;
	}
	return d->errors - before;
}
