/* portcheck.h: the `portcon` vector of `zonepolicy check`.
 *
 *   portcon PROTO PORT[-HI] TYPE
 *
 * passes when the policy labels every port of the range with TYPE, found
 * the kernel's way: the first port ocontext (portcon) of that protocol
 * that contains the port.  A port no portcon contains gets the initial SID
 * `port`, so it has no TYPE and the vector fails.
 */
#ifndef ZP_PORTCHECK_H
#define ZP_PORTCHECK_H

#include <stdbool.h>

#include "buf.h"
#include "polview.h"

/* Judges one vector (tok[0] is "portcon").  Returns true when it passes;
 * otherwise appends the reason to why, one line per finding, separated by
 * newlines (nothing after the last). */
bool portcheck_vector(const Policy *p, char *const *tok, int ntok, Buf *why);

#endif
