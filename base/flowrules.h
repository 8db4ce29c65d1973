/* flowrules.h: the rules of information flow, one table for everything that
 * reasons about flows: the build-time assert check (gen/assertflow.c, over
 * the module's own rules), the checker's noflow analysis (check/flow.c, over
 * the linked policy) and the picture (gen/emit_graph.c).
 *
 *   - A permission moves information the way setools' map says, after the
 *     reviewed override (base/permmap.override) is applied.  A permission
 *     neither of them knows is a flow in both directions at the highest
 *     weight: a proof never rests on a gap in the map.
 *   - Devices of which each open is a private instance (a VM of /dev/kvm, an
 *     interface of /dev/net/tun, /dev/null, /dev/zero) carry nothing from one
 *     opener to another.
 */
#ifndef ZP_FLOWRULES_H
#define ZP_FLOWRULES_H

#include <stdbool.h>
#include <stddef.h>

#include "permmap.h"

enum { FLOW_UNMAPPED_WEIGHT = 10 };

typedef struct PermFlow {
	bool r;          /* the subject reads: information moves object -> subject */
	bool w;          /* the subject writes: subject -> object */
	int weight;      /* 1-10, 0 when the permission moves nothing */
	bool unmapped;   /* neither the map nor the override knows it */
} PermFlow;

/* How cls:perm moves information. */
PermFlow flow_perm(const PermMap *pm, const char *cls, const char *perm);

/* The private-instance device types, and whether a type is one. */
extern const char *const flow_private_devices[];
extern const size_t flow_nprivate_devices;
bool flow_private_device(const char *type);

#endif
