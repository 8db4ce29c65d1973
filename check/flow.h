/* flow.h: information-flow analysis of a linked policy for `noflow`
 * vectors and the base-policy leak report (spec section 6; the rules are
 * written out in docs/checking.md).
 *
 * Nodes are types.  Edges come from the enabled allow rules whose source,
 * after attribute expansion, is one of the module's domains: a permission
 * the setools map calls write (or both) gives domain -> target, read (or
 * both) gives target -> domain, weighted by the map (every weight counts);
 * a permission the map does not know counts both ways (base/flowrules.h).
 * Base domains, private-instance devices and, except when a query names
 * them, the launcher and trusted zones with all their types are cut points.
 * Ambient grants (a base attribute as source, a base type as target) are
 * kept out of the graph and listed by the leak report.
 */
#ifndef ZP_FLOW_H
#define ZP_FLOW_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "flowgraph.h"
#include "permmap.h"
#include "polview.h"

typedef struct FlowCfg {
	const char *module;        /* module name M: its types start with "M_" */
	const char *launcher;      /* launcher domain, or NULL */
	const char *const *trusted; /* trusted zone domains */
	size_t ntrusted;
} FlowCfg;

typedef struct FlowStep {
	unsigned from, to;         /* types: information moves from -> to */
	unsigned subject;          /* the zone domain whose access makes the step */
	char dir;                  /* 'w': subject writes `to`; 'r': subject reads `from` */
	int weight;
	bool unmapped;             /* an unmapped permission makes the step */
	AvRule rule;               /* the rule behind it; rule.data = the perms that count */
} FlowStep;

typedef struct Flow Flow;

Flow *flow_build(const Policy *p, const PermMap *pm, const FlowCfg *cfg, char *err, size_t errlen);
void flow_free(Flow *f);

/* Is there a path from any type of zone `src` (a domain name) to any type
 * of zone `dst`?  1 with the path in *steps (caller frees), 0 when none,
 * -1 with a message when a name is not one of the module's domains. */
int flow_path(const Flow *f, const char *src, const char *dst, FlowStep **steps, size_t *n,
	      char *err, size_t errlen);

/* The same search in the graph without the base-wide grants (closed):
 * the flows the module could close. */
int flow_path_in(const Flow *f, bool closed, const char *src, const char *dst, FlowStep **steps, size_t *n,
		 char *err, size_t errlen);

/* Is r a base-wide grant, a channel no module can close: its source is a
 * base attribute that holds every domain (refpolicy's `domain`, or more),
 * and neither side is one of the module's (prefix "M_") types.  Fedora's
 * `allow domain domain:key { link search }` is one. */
bool flow_rule_basewide(const Policy *p, const AvRule *r, const char *prefix);

/* "FROM -> TO: SUBJECT writes TO [w=10] by allow S T:C { perms }" */
void flow_step_str(const Flow *f, const FlowStep *s, Buf *out);

/* The base-policy leak report: the ambient grants the analysis left out,
 * and the base types they would make channels between zones.  Text, or a
 * JSON object. */
void flow_leaks(const Flow *f, Buf *out, bool json);

/* The permissions the map does not know that the module's domains' rules
 * use (each counted both ways), as "class perm" separated by sep, appended
 * to out when not NULL; returns how many. */
size_t flow_unmapped(const Flow *f, Buf *out, const char *sep);

/* graph figures for --stats */
void flow_stats(const Flow *f, size_t *nodes, size_t *edges, size_t *ambient);

#endif
