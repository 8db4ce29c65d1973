/* assertflow.c: information flow over the module's own rules.
 *
 * Nodes are types.  An allow rule whose source is a zone domain gives an
 * edge source -> target for each permission the setools map calls write (or
 * both), and target -> source for read (or both).  The launcher, trusted
 * zones and base domains are cut points with all their types; devices whose
 * every open is a private instance (kvm, tun, null, zero) carry nothing
 * between zones.  A breadth-first search from A's types that reaches one of
 * B's types contradicts the assert; the path is reported edge by edge.
 */
#include "assertflow.h"
#include "hash.h"

#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "names.h"

typedef struct Edge {
	int to;
	const IrRule *rule;
	char dir;           /* 'w': source writes target; 'r': source reads target */
	struct Edge *next;
} Edge;

typedef struct Graph {
	Arena *a;
	const char **names;
	int n, cap;
	int *slots;         /* hash: name -> node id + 1 */
	int scap;
	Edge **out;
	bool *cut;
} Graph;

static int node(Graph *g, const char *name)
{
	if ((g->n + 1) * 2 > g->scap) {
		int scap = g->scap ? g->scap * 2 : 1024;
		int *slots = calloc((size_t)scap, sizeof *slots);
		if (!slots)
			abort();
		for (int i = 0; i < g->n; i++) {
			size_t j = hash_str(g->names[i]) & (size_t)(scap - 1);
			while (slots[j])
				j = (j + 1) & (size_t)(scap - 1);
			slots[j] = i + 1;
		}
		free(g->slots);
		g->slots = slots;
		g->scap = scap;
	}
	size_t j = hash_str(name) & (size_t)(g->scap - 1);
	while (g->slots[j]) {
		if (strcmp(g->names[g->slots[j] - 1], name) == 0)
			return g->slots[j] - 1;
		j = (j + 1) & (size_t)(g->scap - 1);
	}
	if (g->n == g->cap) {
		g->cap = g->cap ? g->cap * 2 : 1024;
		g->names = realloc(g->names, (size_t)g->cap * sizeof *g->names);
		g->out = realloc(g->out, (size_t)g->cap * sizeof *g->out);
		g->cut = realloc(g->cut, (size_t)g->cap * sizeof *g->cut);
		if (!g->names || !g->out || !g->cut)
			abort();
	}
	g->names[g->n] = name;
	g->out[g->n] = NULL;
	g->cut[g->n] = false;
	g->slots[j] = g->n + 1;
	return g->n++;
}

static int lookup(Graph *g, const char *name)
{
	if (!g->scap)
		return -1;
	size_t j = hash_str(name) & (size_t)(g->scap - 1);
	while (g->slots[j]) {
		if (strcmp(g->names[g->slots[j] - 1], name) == 0)
			return g->slots[j] - 1;
		j = (j + 1) & (size_t)(g->scap - 1);
	}
	return -1;
}

/* Duplicate edges are harmless to the search and cheaper than a lookup
 * (a base type such as lib_t has an edge to every zone). */
static void edge(Graph *g, int from, int to, const IrRule *r, char dir)
{
	Edge *e = ARENA_NEW(g->a, Edge);
	e->to = to;
	e->rule = r;
	e->dir = dir;
	e->next = g->out[from];
	g->out[from] = e;
}

typedef struct PermCtx {
	const PermMap *pm;
	const char *cls;
	bool r, w;
} PermCtx;

static void classify(const char *perm, size_t len, void *arg)
{
	PermCtx *c = arg;
	char p[64];
	if (len >= sizeof p)
		len = sizeof p - 1;
	memcpy(p, perm, len);
	p[len] = '\0';
	char d = permmap_dir(c->pm, c->cls, p, NULL);
	if (d == 0)
		d = 'b';            /* unknown: assume the worst */
	c->r |= d == 'r' || d == 'b';
	c->w |= d == 'w' || d == 'b';
}

static void zone_types(Arena *a, const Module *m, const Zone *z, const char **v, int *n)
{
	*n = 0;
	for (int r = 0; r < TR_COUNT; r++)
		v[(*n)++] = zone_type(a, m, z, (TypeRole)r);
}

static const char *const private_devices[] = {
	"kvm_device_t", "tun_tap_device_t", "null_device_t", "zero_device_t",
};

int assertflow_check(const Ir *ir, const PermMap *pm, Diag *d)
{
	const Module *m = ir->mod;
	if (!m->asserts)
		return 0;
	Arena *a = ir->arena;
	Graph g = { .a = a };
	const char *v[TR_COUNT];
	int nv;
	/* subjects: untrusted zone domains; cuts: launcher and trusted zones */
	StrSet *subjects = strset_new();
	for (const Zone *z = m->zones; z; z = z->next) {
		zone_types(a, m, z, v, &nv);
		for (int i = 0; i < nv; i++) {
			int id = node(&g, v[i]);
			g.cut[id] = z->trusted;
		}
		if (!z->trusted)
			strset_add(subjects, v[0]);
	}
	if (m->launcher) {
		zone_types(a, m, m->launcher, v, &nv);
		for (int i = 0; i < nv; i++)
			g.cut[node(&g, v[i])] = true;
	}
	for (const IrRule *r = ir->rules; r; r = r->next) {
		if (r->kind != R_ALLOW || !strset_has(subjects, r->src))
			continue;
		const char *tgt = strcmp(r->tgt, "self") == 0 ? r->src : r->tgt;
		if (strcmp(tgt, r->src) == 0)
			continue;
		bool priv = false;
		for (size_t i = 0; i < sizeof private_devices / sizeof private_devices[0]; i++)
			priv |= strcmp(tgt, private_devices[i]) == 0;
		if (priv)
			continue;
		/* a base domain (init, tmpfiles) is the platform's TCB: a cut point */
		if ((strcmp(r->cls, "fd") == 0 || strcmp(r->cls, "process") == 0) &&
		    lookup(&g, tgt) < 0)
			continue;
		PermCtx c = { pm, r->cls, false, false };
		perms_each(r->perms, classify, &c);
		int s = node(&g, r->src), t = node(&g, tgt);
		if (g.cut[t])
			continue;
		if (c.w)
			edge(&g, s, t, r, 'w');
		if (c.r)
			edge(&g, t, s, r, 'r');
	}
	strset_free(subjects);

	int errors = 0;
	int *prev = malloc((size_t)g.n * sizeof *prev);
	Edge **via = malloc((size_t)g.n * sizeof *via);
	int *queue = malloc((size_t)g.n * sizeof *queue);
	bool *target = malloc((size_t)g.n * sizeof *target);
	if (!prev || !via || !queue || !target)
		abort();
	for (const Assert *as = m->asserts; as; as = as->next) {
		const Zone *A = as->from.sym->zone, *B = as->to.sym->zone;
		for (int i = 0; i < g.n; i++) {
			prev[i] = -2;
			target[i] = false;
		}
		zone_types(a, m, B, v, &nv);
		for (int i = 0; i < nv; i++) {
			int id = lookup(&g, v[i]);
			if (id >= 0)
				target[id] = true;
		}
		int qh = 0, qt = 0, hit = -1;
		zone_types(a, m, A, v, &nv);
		for (int i = 0; i < nv; i++) {
			int id = lookup(&g, v[i]);
			if (id >= 0 && prev[id] == -2) {
				prev[id] = -1;
				queue[qt++] = id;
			}
		}
		while (qh < qt && hit < 0) {
			int x = queue[qh++];
			if (target[x]) {
				hit = x;
				break;
			}
			/* a cut point passes nothing on (A's own types start the search) */
			if (g.cut[x] && prev[x] != -1)
				continue;
			for (Edge *e = g.out[x]; e; e = e->next)
				if (prev[e->to] == -2) {
					prev[e->to] = x;
					via[e->to] = e;
					queue[qt++] = e->to;
				}
		}
		if (hit < 0)
			continue;
		errors++;
		diag_report(d, as->loc, CK_ASSERT_CONTRADICTED,
			    "the file's own rules make a flow from '%s' to '%s'", A->name->name, B->name->name);
		/* print the path from its start */
		int path[256], np = 0;
		for (int x = hit; prev[x] >= 0 && np < 256; x = prev[x])
			path[np++] = x;
		for (int i = np - 1; i >= 0; i--) {
			Edge *e = via[path[i]];
			const IrRule *r = e->rule;
			diag_note(d, r->o.loc, "%s -> %s: %s %s %s:%s { %s } (%s)", g.names[prev[path[i]]],
				  g.names[path[i]], "allow", r->src, r->tgt, r->cls, r->perms,
				  e->dir == 'w' ? "write" : "read");
		}
	}
	free(prev);
	free(via);
	free(queue);
	free(target);
	free(g.names);
	free(g.out);
	free(g.cut);
	free(g.slots);
	return errors;
}
