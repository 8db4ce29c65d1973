/* polview.h: a read-only view of a binary kernel policy for `zonepolicy
 * check` and its tests.
 *
 * The policy is read with libsepol (sepol_policydb_read) and looked up with
 * libsepol's own functions (from libsepol.a): names, attributes, rules for
 * one key.  The view adds what libsepol does not keep: permission names by
 * bit, each attribute's types as an array, and the list of every enabled
 * rule (unconditional rules plus the conditional rules that are enabled,
 * i.e. booleans at the values stored in the file, which for a freshly
 * linked policy are their defaults).  Access decisions with
 * constraints come from libsepol's own computation (sepol_compute_av_reason)
 * through policy_compute_av().
 *
 * libsepol's services API keeps one policy in a library-global variable:
 * policy_compute_av() loads the file into it on first use, so only one
 * Policy per process may call it.  Everything else is per object.
 */
#ifndef ZP_POLVIEW_H
#define ZP_POLVIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <sepol/policydb/policydb.h>

typedef struct Policy Policy;

/* One access vector table entry (an allow or type_transition rule as the
 * kernel sees it: source and target may be attributes). */
typedef struct AvRule {
	uint16_t src, tgt, cls;   /* type/attribute values (1-based), class value */
	uint16_t kind;            /* AVTAB_ALLOWED or AVTAB_TRANSITION */
	uint32_t data;            /* permission bits, or the new type */
	bool cond;                /* from a conditional block (and enabled) */
} AvRule;

Policy *policy_load(const char *path, char *err, size_t errlen);
void policy_free(Policy *p);
policydb_t *policy_db(const Policy *p);

/* types and attributes: values 1..ntypes; 0 means "no such name" */
unsigned policy_ntypes(const Policy *p);
unsigned policy_type(const Policy *p, const char *name);
const char *policy_type_name(const Policy *p, unsigned v);
bool policy_is_attr(const Policy *p, unsigned v);
/* does type t carry attribute (or is) a? */
bool policy_type_in(const Policy *p, unsigned t, unsigned a);
/* types of an attribute (a type: itself), as a sorted array owned by p */
const uint16_t *policy_members(const Policy *p, unsigned a, size_t *n);

/* classes and permissions */
unsigned policy_class(const Policy *p, const char *name);
const char *policy_class_name(const Policy *p, unsigned c);
/* bit of a permission of class c, 0 when the class has no such permission */
uint32_t policy_perm(const Policy *p, unsigned c, const char *perm);
const char *policy_perm_name(const Policy *p, unsigned c, unsigned bit);
/* "{ read write }" style list of the set bits, into buf */
const char *policy_perms_str(const Policy *p, unsigned c, uint32_t av, char *buf, size_t len);

/* Every enabled allow rule / type_transition, in a fixed order
 * (unconditional first, then conditional; each sorted by key). */
const AvRule *policy_rules(const Policy *p, size_t *n);
/* Rules for one exact key (src, tgt, cls, kind), or NULL/0. */
const AvRule *policy_rules_for(const Policy *p, unsigned src, unsigned tgt, unsigned cls,
			       unsigned kind, size_t *n);
/* The type-enforcement part of the access vector: OR of every enabled
 * allow rule whose source attribute set holds s and target set holds t.
 * This and policy_type_transition search the policydb's own tables (as
 * they are now), policy_rules and policy_rules_for the list made at load. */
uint32_t policy_te_allowed(const Policy *p, unsigned s, unsigned t, unsigned c);
/* type_transition s t:process -> result for exact types (as the kernel
 * looks it up), 0 when there is none */
unsigned policy_type_transition(const Policy *p, unsigned s, unsigned t, unsigned c);

/* The access decision libsepol computes for s -> t:c with contexts
 * system_u:R:TYPE:LOW (R = system_r when the type is authorized for it,
 * else object_r; LOW = the lowest sensitivity when MLS is on).  Returns 0
 * and sets *allowed (and *reason, libsepol's SEPOL_COMPUTEAV_* bits for
 * what `requested` lost), or -1 with a message in err. */
int policy_compute_av(Policy *p, unsigned s, unsigned t, unsigned c, uint32_t requested,
		      uint32_t *allowed, unsigned *reason, char *err, size_t errlen);

#endif
