/* assertflow.h: `assert no flow A -> B` checked against the module's own
 * rules at build time (spec section 4): an error naming the assert and the
 * rules that make the path. */
#ifndef ZP_ASSERTFLOW_H
#define ZP_ASSERTFLOW_H

#include "ir.h"
#include "permmap.h"

int assertflow_check(const Ir *ir, const PermMap *pm, Diag *d);

#endif
