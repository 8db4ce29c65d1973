/* ports.h: the base policy's port labels (portcon), read from a binary
 * kernel policy with libsepol.  `net egress/listen` resolve each port to the
 * type the base gives that very port; a port the base labels only through a
 * generic range (reserved_port_t 1-511, hi_reserved_port_t 512-1023,
 * unreserved_port_t 1024-65535: any range wider than PORTS_GENERIC_SPAN) or
 * not at all counts as unlabelled and gets the module's own type. */
#ifndef ZP_PORTS_H
#define ZP_PORTS_H

#include <stddef.h>

#include "ast.h"

#define PORTS_DEFAULT_POLICY "/etc/selinux/default/policy/policy.33"
enum { PORTS_GENERIC_SPAN = 256 };

typedef struct PortCon {
	Proto proto;
	unsigned lo, hi;
	char *type;
} PortCon;

typedef struct PortTable {
	PortCon *v;
	size_t n;
} PortTable;

PortTable *ports_load(const char *policy, char *err, size_t errlen);
void ports_free(PortTable *t);
/* The base's specific type for proto/port, or NULL when unlabelled. */
const char *ports_lookup(const PortTable *t, Proto proto, unsigned port);
/* Every portcon of that type and protocol, for "also covers" warnings. */
void ports_of_type(const PortTable *t, Proto proto, const char *type,
		   void (*fn)(const PortCon *pc, void *arg), void *arg);

#endif
