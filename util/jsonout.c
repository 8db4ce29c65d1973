/* jsonout.c: JSON string escaping (see jsonout.h). */
#include "jsonout.h"

/* One byte below 0x80, escaped as JSON wants; bytes above pass through. */
static void put_byte(Buf *b, unsigned char c)
{
	if (c == '"' || c == '\\')
		buf_printf(b, "\\%c", c);
	else if (c == '\n')
		buf_puts(b, "\\n");
	else if (c == '\t')
		buf_puts(b, "\\t");
	else if (c < 0x20 || c == 0x7f)
		buf_printf(b, "\\u%04x", c);
	else
		buf_put(b, (const char *)&c, 1);
}

void json_str(Buf *b, const char *s)
{
	buf_puts(b, "\"");
	for (const unsigned char *c = (const unsigned char *)s; *c; c++)
		put_byte(b, *c);
	buf_puts(b, "\"");
}

/* Length of the valid UTF-8 sequence at s, else 0 (s is NUL-terminated, so
 * a truncated sequence stops at a byte that is no continuation byte). */
static size_t utf8_len(const unsigned char *s)
{
	size_t k = (s[0] & 0xe0) == 0xc0 ? 2 : (s[0] & 0xf0) == 0xe0 ? 3 : (s[0] & 0xf8) == 0xf0 ? 4 : 0;
	if (k == 0)
		return 0;
	unsigned cp = s[0] & (0x7f >> k);
	for (size_t i = 1; i < k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((k == 2 && cp < 0x80) || (k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return k;
}

void json_text(Buf *b, const char *s)
{
	buf_puts(b, "\"");
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		size_t k = *c < 0x80 ? 1 : utf8_len(c);
		if (k == 1)
			put_byte(b, *c);
		else if (k)
			buf_put(b, (const char *)c, k);
		else
			buf_puts(b, "\\ufffd");
		if (k > 1)
			c += k - 1;
	}
	buf_puts(b, "\"");
}
