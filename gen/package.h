/* package.h: the binary module package (M.pp), the one output zonepolicy
 * does not print itself: checkmodule compiles M.te, semodule_package adds
 * M.fc.  A stage of zp_compile (compile.c), after the printers. */
#ifndef ZP_PACKAGE_H
#define ZP_PACKAGE_H

#include <stddef.h>

#include "buf.h"

/* M.te + M.fc -> M.pp into pp, in a private temporary directory that is
 * removed again.  Returns 0, or -1 with a message in err naming the tool. */
int package_pp(const char *module, const Buf *te, const Buf *fc, Buf *pp, char *err, size_t errlen);

#endif
