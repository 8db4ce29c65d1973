/* flowgraph.h: the flow engine.  One graph of types and one search answer
 * `no flow A -> B` for both the build-time assert check (gen/assertflow.c,
 * nodes and edges from the module's own rules) and the checker's noflow
 * vectors (check/flow.c, from a linked policy).  The callers say what the
 * nodes and edges are, with the table of flowrules.h; the engine alone
 * decides what blocks a path, so both judge an assert by the same rules:
 *
 *   - the search starts at every node zone A owns and succeeds at the first
 *     node zone B owns (a zone is named by its domain's node);
 *   - it never enters a base domain or a private-instance device;
 *   - it never enters a node of a cut zone (the launcher, a trusted zone)
 *     other than A and B, nor follows an edge that such a zone's own access
 *     makes;
 *   - breadth first, ties broken by edge order (source node, weight highest
 *     first, target, the caller's rule number, direction): the path has the
 *     fewest steps and is the same on every run.
 */
#ifndef ZP_FLOWGRAPH_H
#define ZP_FLOWGRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum FlowNodeKind {
	FN_OBJECT = 0,       /* an ordinary node */
	FN_BASE_DOMAIN,      /* a domain of the base policy: never entered */
	FN_PRIVATE,          /* a private-instance device: never a channel */
	FN_CUT_ZONE,         /* a type of the launcher or of a trusted zone */
} FlowNodeKind;

typedef struct FlowEdge {
	unsigned from, to;   /* information moves from -> to */
	unsigned subject;    /* the zone domain whose access makes the step */
	int weight;
	char dir;            /* 'w': subject writes `to`; 'r': subject reads `from` */
	bool unmapped;       /* a permission the map does not know makes it */
	size_t rule;         /* the caller's number of the rule behind it */
	uint32_t perms;      /* the caller's: the permissions that flow this way */
} FlowEdge;

typedef struct FlowGraph {
	unsigned n;          /* nodes are 1..n */
	unsigned cap;
	unsigned char *kind; /* per node: FlowNodeKind */
	unsigned *owner;     /* per node: the domain of the zone that owns it, or 0 */
	FlowEdge *edges;
	size_t nedges, ecap;
	size_t *out_start;   /* after flowgraph_seal: the edges from v are
	                      * edges[out_start[v] .. out_start[v + 1]) */
} FlowGraph;

/* A graph of n nodes, all ordinary, owned by no zone. */
void flowgraph_init(FlowGraph *g, unsigned n);
/* One more node; returns its number. */
unsigned flowgraph_node(FlowGraph *g);
void flowgraph_edge(FlowGraph *g, FlowEdge e);
/* Sorts the edges; no edge may be added after. */
void flowgraph_seal(FlowGraph *g);
/* A path from zone a to zone b: its steps in order (caller frees), *n of
 * them; NULL with *n = 0 when there is none. */
FlowEdge *flowgraph_path(const FlowGraph *g, unsigned a, unsigned b, size_t *n);
void flowgraph_free(FlowGraph *g);

#endif
