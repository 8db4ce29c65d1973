/* jsonout.h: writing JSON strings into a Buf (`check --json`, SARIF). */
#ifndef ZP_JSONOUT_H
#define ZP_JSONOUT_H

#include "buf.h"

/* s as a quoted JSON string, with control characters escaped */
void json_str(Buf *b, const char *s);
/* the same, for text that need not be valid UTF-8 (messages quoting a
 * source, file names): valid UTF-8 is kept, any other byte becomes U+FFFD,
 * so the document stays valid JSON */
void json_text(Buf *b, const char *s);

#endif
