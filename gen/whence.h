/* whence.h: the rule IR read backwards, for `learn` and `explain`.
 *
 * Which zone or channel of the module a type belongs to, which IR rules
 * grant (or forbid) a permission, which file context of the module labels a
 * path.  Every answer carries the IR's Origin: the .zone line and the
 * statement behind it.  Read only: nothing here changes the IR.
 */
#ifndef ZP_WHENCE_H
#define ZP_WHENCE_H

#include <stdbool.h>

#include "ir.h"
#include "names.h"

/* The module's owner of a type: a zone (or the launcher) in one of its
 * roles, a channel's FIFO type, the runtime directory, or a module
 * attribute.  zone and chan are both NULL for a type that is not the
 * module's. */
typedef struct Owner {
	const Zone *zone;            /* the zone or launcher, or NULL */
	TypeRole role;               /* with zone */
	const Channel *chan;         /* a channel's FIFO type, or NULL */
	bool runtime;                /* M_runtime_t */
	bool attr;                   /* one of the module's attributes */
	const IrType *t;             /* its declaration (NULL for an attribute) */
} Owner;

/* true when `type` is the module's (declared by the IR, or one of its
 * attributes); fills o. */
bool whence_owner(const Ir *ir, Arena *a, const char *type, Owner *o);
/* The IR's declaration of a type, or NULL. */
const IrType *whence_type(const Ir *ir, const char *name);
/* The zone whose domain is `type` (the launcher's too), or NULL. */
const Zone *whence_domain_zone(const Ir *ir, Arena *a, const char *type);
/* `name` as a rule's source or target covers `type`: the same name, or an
 * attribute the IR gives it.  self: the rule's source (for a target). */
bool whence_covers(const Ir *ir, const char *name, const char *type);
/* perm is one of the space-separated perms. */
bool whence_has_perm(const char *perms, const char *perm);

/* The rules of kind k (R_ALLOW, R_NEVERALLOW, R_DONTAUDIT) that name perm
 * of class cls for src on tgt, in IR order; up to max in out.  Returns how
 * many there are. */
int whence_rules(const Ir *ir, RuleKind k, const char *src, const char *tgt, const char *cls,
		 const char *perm, const IrRule **out, int max);

/* The module's file context that labels `path` (no trailing '/'), the most
 * specific one (an exact entry before a directory's tree, the deepest
 * tree first), or NULL. */
const IrFilecon *whence_filecon(const Ir *ir, const char *path);

/* "program reader", "vm general", "launcher" */
const char *whence_zone_label(Arena *a, const Zone *z);

#endif
