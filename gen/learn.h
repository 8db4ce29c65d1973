/* learn.h: AVC denials mapped back to the statements of a .zone file.
 *
 * `zonepolicy learn` reads denials (audit.log `type=AVC` lines, the
 * kernel's `audit: type=1400` lines of dmesg or the journal), groups them
 * by domain, target type and class, and says for each group one of:
 *
 *   grant      the statement that would grant it, checked by compiling the
 *              file with that statement added: the build must pass (its
 *              asserts included) and its rule IR must grant every
 *              permission of the group;
 *   covered    the statement suggested for another denial grants it too;
 *   forbidden  the file forbids it: another zone's types, a kind's limit
 *              (config is read only ...), or the build refuses the
 *              statement that would grant it (an assert, a security type);
 *   none       no statement of the language grants it, and why;
 *   unplaced   the records do not say which file (a name without its
 *              directory);
 *   foreign    the domain is not one of the module's.
 *
 * It never prints an allow rule: what it names is a .zone statement.
 * The output is ordered by each group's first record.
 */
#ifndef ZP_LEARN_H
#define ZP_LEARN_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "compile.h"

/* c: the file compiled (ZP_OK); bo: the options it was compiled with,
 * reused for the candidate builds; text: the file's text.  log: the
 * records (several files concatenated).  Writes the report to out: text,
 * or with json one JSON object (docs/learn.md).
 * Returns 0, or -1 with a message in err (a candidate build failed for
 * another reason than a diagnostic). */
int learn_report(const Compilation *c, const BuildOptions *bo, const char *file, const char *text,
		 size_t len, const char *log, size_t loglen, bool json, Buf *out, char *err, size_t errlen);

#endif
