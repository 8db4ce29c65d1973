/* jsonout.h: writing JSON strings into a Buf (for `check --json`). */
#ifndef ZP_JSONOUT_H
#define ZP_JSONOUT_H

#include "buf.h"

/* s as a quoted JSON string, with control characters escaped */
void json_str(Buf *b, const char *s);

#endif
