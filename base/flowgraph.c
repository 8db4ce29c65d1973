/* flowgraph.c: the flow engine (see flowgraph.h).  Edges are kept in one
 * array, sorted and indexed by source node (compressed rows) when sealed. */
#include "flowgraph.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

void flowgraph_init(FlowGraph *g, unsigned n)
{
	memset(g, 0, sizeof *g);
	g->cap = n + 1;
	g->kind = xcalloc(g->cap, sizeof *g->kind);
	g->owner = xcalloc(g->cap, sizeof *g->owner);
	g->n = n;
}

unsigned flowgraph_node(FlowGraph *g)
{
	if (g->n + 1 >= g->cap) {
		g->cap *= 2;
		g->kind = xreallocarray(g->kind, g->cap, sizeof *g->kind);
		g->owner = xreallocarray(g->owner, g->cap, sizeof *g->owner);
	}
	g->n++;
	g->kind[g->n] = FN_OBJECT;
	g->owner[g->n] = 0;
	return g->n;
}

void flowgraph_edge(FlowGraph *g, FlowEdge e)
{
	if (g->nedges == g->ecap) {
		g->ecap = g->ecap ? g->ecap * 2 : 1024;
		g->edges = xreallocarray(g->edges, g->ecap, sizeof *g->edges);
	}
	g->edges[g->nedges++] = e;
}

static int edge_cmp(const void *a, const void *b)
{
	const FlowEdge *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	if (x->subject != y->subject)
		return x->subject < y->subject ? -1 : 1;
	return (x->dir > y->dir) - (x->dir < y->dir);
}

void flowgraph_seal(FlowGraph *g)
{
	if (g->nedges)
		qsort(g->edges, g->nedges, sizeof *g->edges, edge_cmp);
	g->out_start = xcalloc((size_t)g->n + 2, sizeof *g->out_start);
	for (size_t i = 0; i < g->nedges; i++)
		g->out_start[g->edges[i].from + 1]++;
	for (unsigned v = 1; v <= g->n + 1; v++)
		g->out_start[v] += g->out_start[v - 1];
}

FlowEdge *flowgraph_path(const FlowGraph *g, unsigned a, unsigned b, size_t *n)
{
	*n = 0;
	unsigned nt = g->n;
	size_t *via = xcalloc((size_t)nt + 1, sizeof *via);        /* edge index + 1 that reached v */
	bool *seen = xcalloc((size_t)nt + 1, sizeof *seen);
	unsigned *queue = xcalloc((size_t)nt + 1, sizeof *queue);
	size_t qh = 0, qt = 0;
	for (unsigned t = 1; t <= nt; t++)
		if (g->owner[t] == a) {
			seen[t] = true;
			queue[qt++] = t;
		}
	unsigned hit = 0;
	while (qh < qt && !hit) {
		unsigned u = queue[qh++];
		for (size_t e = g->out_start[u]; e < g->out_start[u + 1] && !hit; e++) {
			const FlowEdge *ed = &g->edges[e];
			unsigned v = ed->to;
			if (seen[v])
				continue;
			bool endpoint = g->owner[v] == a || g->owner[v] == b;
			if (g->kind[v] == FN_BASE_DOMAIN || g->kind[v] == FN_PRIVATE ||
			    (g->kind[v] == FN_CUT_ZONE && !endpoint))
				continue;
			unsigned s = ed->subject;
			if (g->kind[s] == FN_CUT_ZONE && g->owner[s] != a && g->owner[s] != b)
				continue;
			seen[v] = true;
			via[v] = e + 1;
			if (g->owner[v] == b)
				hit = v;
			else
				queue[qt++] = v;
		}
	}
	FlowEdge *steps = NULL;
	if (hit) {
		size_t len = 0;
		for (unsigned v = hit; via[v]; v = g->edges[via[v] - 1].from)
			len++;
		steps = xreallocarray(NULL, len, sizeof *steps);
		size_t i = len;
		for (unsigned v = hit; via[v]; v = g->edges[via[v] - 1].from)
			steps[--i] = g->edges[via[v] - 1];
		*n = len;
	}
	free(via);
	free(seen);
	free(queue);
	return steps;
}

void flowgraph_free(FlowGraph *g)
{
	free(g->kind);
	free(g->owner);
	free(g->edges);
	free(g->out_start);
	memset(g, 0, sizeof *g);
}
