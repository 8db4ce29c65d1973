/* basecheck.h: the "base-file-context" pass: a path the base policy's file
 * contexts already give a type of their own is refused unless the .zone
 * file takes it over explicitly (`takeover TYPE`), and security types are
 * never taken over.  Runs after the sema passes and before lowering; the
 * lowering itself reports nothing about base labels. */
#ifndef ZP_BASECHECK_H
#define ZP_BASECHECK_H

#include "ast.h"
#include "basefc.h"
#include "basepol.h"

/* Reports into d; returns the number of errors.  base may be NULL (then
 * only the reviewed table decides what is a security type, and a tmp
 * type is not recognised). */
int basecheck_run(const Module *m, BaseFc *fc, const BasePolicy *base, Diag *d);

/* Why type can never be taken over (which rule refuses it), or NULL. */
const char *basecheck_security(const char *type, const BasePolicy *base);

#endif
