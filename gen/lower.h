/* lower.h: checked AST -> rule IR (spec section 4, the "how"). */
#ifndef ZP_LOWER_H
#define ZP_LOWER_H

#include "basefc.h"
#include "ir.h"
#include "basepol.h"

typedef struct LowerOptions {
	BaseFc *fc;              /* base labels of the directories zones walk */
	const BasePolicy *ports;  /* base port labels; needed with `net` */
	Diag *diag;              /* warnings (ports a base type also covers) */
} LowerOptions;

void lower(Ir *ir, const Module *m, const LowerOptions *opt);
/* The base type a `device` statement grants. */
const char *lower_device_type(Device d);

#endif
