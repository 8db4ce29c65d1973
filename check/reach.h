/* reach.h: "what remains", the second half of the leak report (`zonepolicy
 * check --leaks`).
 *
 * For each file type of the module (every type named M_... that is not a
 * domain and not an entry file M_..._exec_t), the base domains that still
 * hold a permission on it in the linked policy: through any rule, the base's
 * own attributes included, on the file classes (file, dir, lnk_file,
 * chr_file, blk_file, sock_file, fifo_file), `getattr` alone left out.  Each
 * holder is marked by what the permission map says its permissions do: read,
 * write, or both.  The module keeps its files out of the base's file
 * attributes, so what remains should be the trusted base alone (unconfined
 * and admin domains, restorecon) plus what the .zone file asks for
 * (`log ... rotate;`); docs/checking.md.
 */
#ifndef ZP_REACH_H
#define ZP_REACH_H

#include <stdbool.h>

#include "buf.h"
#include "permmap.h"
#include "polview.h"

/* Text lines "remains TYPE: N base domains: D1 (rw), D2 (r) ...", or a
 * JSON array of {"type", "readers", "writers", "others"}. */
void reach_report(const Policy *p, const PermMap *pm, const char *module, Buf *out, bool json);

#endif
