/* fastlink.h: the link that adds modules to a cached compiled base.
 *
 * secilc recompiles the whole base (Debian's: 331 modules, 23 MB of CIL)
 * for every link, about 4 s.  The base does not change between links, so
 * it is compiled once, alone, into a cache directory beside the store,
 * with what the binary policy cannot tell (the base's attribute
 * expressions, which attributes its rules use, its neverallows) kept as a
 * small facts file.  A link then reads that binary policy and adds the
 * modules to it in process, as secilc would have linked them: their types,
 * the attributes secilc would keep and every attribute's new members, the
 * access vector and type rules, roles, port labels, policy capabilities and
 * file contexts; and it checks every neverallow of the base and of the
 * modules against every rule the modules added or widened.
 *
 * It handles the CIL that zonepolicy and pp2cil write.  Whatever it cannot
 * reproduce exactly (a statement it does not know, a name it cannot
 * resolve, a conflict, a neverallow it would break, a base attribute whose
 * rules secilc dropped) makes it step aside with the reason, and the
 * caller runs the full link, whose verdict and messages stand.  `make
 * test-fastlink` proves the two links equal with sediff (docs/checking.md).
 */
#ifndef ZP_FASTLINK_H
#define ZP_FASTLINK_H

#include "buf.h"
#include "store.h"
#include "strvec.h"

/* Links j->modules into the cached compile of the base whose CIL files are
 * base_cils (compiled and cached now if missing) and writes j's outputs.
 * 0: done.  1: the fast link cannot do it exactly, or cannot make or read
 * its cache or an input; the reason is in why and nothing was written (the
 * full link reports what is wrong with an input).  -1: writing the outputs
 * failed, with the message in err. */
int fastlink(const LinkJob *j, const StrVec *base_cils, Buf *why, Buf *err);

#endif
