/* package.h: the binary module package (M.pp).  By default written in
 * process from the rule IR with libsepol (ppwrite.c); `--pp-tool=checkmodule`
 * takes the old path instead: checkmodule compiles M.te, semodule_package
 * adds M.fc.  A stage of zp_compile (compile.c), after the printers. */
#ifndef ZP_PACKAGE_H
#define ZP_PACKAGE_H

#include <stddef.h>

#include "buf.h"
#include "ir.h"

/* M.te + M.fc -> M.pp into pp, in a private temporary directory that is
 * removed again.  Returns 0, or -1 with a message in err naming the tool. */
int package_pp(const char *module, const Buf *te, const Buf *fc, Buf *pp, char *err, size_t errlen);

/* The IR's module policydb (as checkmodule -M -m builds it from M.te) and
 * fc, packaged as semodule_package does, into pp: into pp->spill when it has
 * one, else into memory.  Returns 0, or -1 with a message in err, located
 * at the IR element ("SOURCE:LINE:COL: ...") when libsepol refuses one; pp
 * then holds nothing (what a failed write left in its spill file is the
 * caller's to discard with the rest of the failed build).  blocks: the IR's
 * rules by block (emit.h), or NULL to make them here. */
struct RuleBlocks;
int package_pp_sepol(const Ir *ir, const struct RuleBlocks *blocks, const char *source, const Buf *fc, Buf *pp,
		     char *err, size_t errlen);

#endif
