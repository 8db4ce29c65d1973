/* naproof.h: the module's neverallows on a base that fails its own.
 *
 * Fedora installs its store with expand-check=0: the whole store violates
 * some of its own neverallows (container), and neverallow checking ignores
 * boolean state, so a conditional base rule that is off by default
 * (domain_can_mmap_files) trips a module's neverallow.  Such a base is
 * linked with neverallow checking off (LinkJob.no_neverallow); this proof
 * then runs secilc with checking on over a copy of the store in which
 *   - every boolean is a tunable: conditional rules count as their
 *     default value makes them (on or off), and
 *   - each base neverallow the base itself violates (at those defaults) is
 *     taken out, and listed as not checked;
 * plus the modules.  Every other neverallow, the module's own included,
 * must hold, or the link fails.  The copy and its list are cached, keyed by
 * the store's files.  A second run with the booleans left as booleans names
 * the base's conditional rules that would break a neverallow if their
 * boolean were switched on (reported, not failed).
 */
#ifndef ZP_NAPROOF_H
#define ZP_NAPROOF_H

#include <stdio.h>

#include "buf.h"
#include "store.h"

/* Proves j's modules' neverallows as above; writes what was and was not
 * checked to out.  0, or -1 with the violations in err. */
int naproof_run(const LinkJob *j, FILE *out, Buf *err);

#endif
