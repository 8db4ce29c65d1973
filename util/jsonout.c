/* jsonout.c: JSON string escaping (see jsonout.h). */
#include "jsonout.h"

void json_str(Buf *b, const char *s)
{
	buf_puts(b, "\"");
	for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
		if (*c == '"' || *c == '\\')
			buf_printf(b, "\\%c", *c);
		else if (*c == '\n')
			buf_puts(b, "\\n");
		else if (*c == '\t')
			buf_puts(b, "\\t");
		else if (*c < 0x20 || *c == 0x7f)
			buf_printf(b, "\\u%04x", *c);
		else
			buf_put(b, (const char *)c, 1);
	}
	buf_puts(b, "\"");
}
