/* basepol.h: what the compiler needs from the base policy's binary: its
 * type names (a generated type must not redeclare one) and its port labels
 * (portcon), read with libsepol.  `net egress/listen` resolve each port to the
 * type the base gives that very port; a port the base labels only through a
 * generic range (reserved_port_t 1-511, hi_reserved_port_t 512-1023,
 * unreserved_port_t 1024-65535: any range wider than PORTS_GENERIC_SPAN) or
 * not at all counts as unlabelled and gets the module's own type. */
#ifndef ZP_BASEPOL_H
#define ZP_BASEPOL_H

#include <stdbool.h>
#include <stddef.h>

#include "proto.h"

enum { PORTS_GENERIC_SPAN = 256 };

typedef struct PortCon {
	Proto proto;
	unsigned lo, hi;
	char *type;
} PortCon;

typedef struct BasePolicy {
	PortCon *v;              /* portcons in the kernel's order */
	size_t n;
	const char *types, *types_end; /* lines "T name" or "T name N", sorted
				  * by name, searched in place (N: bit k set
				  * when a member of basepol_attrs[k]) */
	char *text;              /* the memo's text (mapped, or malloc'ed when
				  * just read from the binary): every string
				  * above points into it */
	size_t len;
	bool mapped;
} BasePolicy;

/* The attributes whose members are kept (what the file-context check
 * needs to tell security and tmp types): NULL-terminated, at most 8. */
extern const char *const basepol_attrs[];



BasePolicy *basepol_load(const char *policy, char *err, size_t errlen);
/* Reads a binary policy file into p (policydb_destroy it after); 0, or -1
 * with a message in err and nothing left to free. */
struct policydb;
int basepol_read(struct policydb *p, const char *path, char *err, size_t errlen);
void basepol_free(BasePolicy *b);
/* Does the base declare a type or attribute of this name? */
bool basepol_has_type(const BasePolicy *b, const char *name);
/* Is type a member of attr (one of basepol_attrs[])? */
bool basepol_type_in(const BasePolicy *b, const char *type, const char *attr);
/* The base's specific type for proto/port, or NULL when unlabelled. */
const char *ports_lookup(const BasePolicy *t, Proto proto, unsigned port);
/* Every portcon of that type and protocol, for "also covers" warnings. */
void ports_of_type(const BasePolicy *t, Proto proto, const char *type,
		   void (*fn)(const PortCon *pc, void *arg), void *arg);

#endif
