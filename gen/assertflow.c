/* assertflow.c: `assert no flow A -> B` against the module's own rules.
 *
 * The graph and the search are the flow engine of base/flowgraph.h, which
 * `zonepolicy check` runs on the linked policy, and the directions come from
 * the same table (base/flowrules.h), so the build and the checker judge an
 * assert by the same rules.  What the build sees is the module alone:
 *
 *   - nodes are the types the rules name; each zone (and the launcher) owns
 *     the types of spec section 4, and the launcher and trusted zones are
 *     cut zones;
 *   - subjects are the module's domains: a rule on one of the module's
 *     attributes counts for every domain in it, a rule of a base domain
 *     (tmpfiles, init) makes no edge;
 *   - a base type is a base domain when a rule names it as the target of a
 *     `process` or `fd` permission: the checker knows it from the linked
 *     policy's `domain` attribute.
 *
 * A path from A's types to B's contradicts the assert; the error names it
 * and a note gives each step with the rule behind it.
 */
#include "assertflow.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "emit.h"
#include "flowgraph.h"
#include "flowrules.h"
#include "names.h"
#include "strmap.h"
#include "xalloc.h"

/* The graph's nodes are type names.  A node is made when its name is
 * first added to the map, so node i is the map's index i - 1. */
typedef struct Nodes {
	FlowGraph g;
	StrMap ids;             /* type name -> node - 1 */
} Nodes;

static unsigned lookup(const Nodes *ns, const char *name)
{
	size_t i = strmap_find(&ns->ids, name, strlen(name));
	return i == STRMAP_NONE ? 0 : (unsigned)i + 1;
}

static const char *node_name(const Nodes *ns, unsigned id)
{
	return ns->ids.v[id - 1].key;
}

static unsigned node(Nodes *ns, const char *name)
{
	bool added;
	size_t i = strmap_add(&ns->ids, name, strlen(name), &added);
	if (!added)
		return (unsigned)i + 1;
	unsigned id = flowgraph_node(&ns->g);
	assert(id == i + 1);
	if (flow_private_device(name))
		ns->g.kind[id] = FN_PRIVATE;
	return id;
}

/* a zone's types (spec section 4) become nodes owned by its domain */
static void own_zone(Nodes *ns, Arena *a, const Module *m, const Zone *z, bool cut)
{
	unsigned d = node(ns, zone_type(a, m, z, TR_DOMAIN));
	for (int r = 0; r < TR_COUNT; r++) {
		unsigned t = node(ns, zone_type(a, m, z, (TypeRole)r));
		ns->g.owner[t] = d;
		if (cut)
			ns->g.kind[t] = FN_CUT_ZONE;
	}
}

typedef struct PermCtx {
	const PermMap *pm;
	const char *cls;
	int rw, ww;             /* read and write weight, 0 = none */
	bool unmapped;
} PermCtx;

static void classify(const char *perm, size_t len, void *arg)
{
	PermCtx *c = arg;
	char p[64];
	if (len >= sizeof p)
		len = sizeof p - 1;
	memcpy(p, perm, len);
	p[len] = '\0';
	PermFlow f = flow_perm(c->pm, c->cls, p);
	if (f.r && f.weight > c->rw)
		c->rw = f.weight;
	if (f.w && f.weight > c->ww)
		c->ww = f.weight;
	c->unmapped |= f.unmapped && (f.r || f.w);
}

static bool has_attr(const IrType *t, const char *attr)
{
	for (int i = 0; i < t->nattrs; i++)
		if (strcmp(t->attrs[i], attr) == 0)
			return true;
	return false;
}

static bool module_attr(const Ir *ir, const char *name)
{
	for (int i = 0; i < ir->nattrs; i++)
		if (strcmp(ir->attrs[i], name) == 0)
			return true;
	return false;
}

typedef struct Names {
	const char **v;
	size_t n, cap;
} Names;

static void names_push(Names *v, const char *name)
{
	if (v->n == v->cap) {
		v->cap = v->cap ? v->cap * 2 : 64;
		v->v = xreallocarray(v->v, v->cap, sizeof *v->v);
	}
	v->v[v->n++] = name;
}

/* the types a rule's source or target stands for: itself, or the module
 * types in the module attribute it names (domains only, for a source) */
static void expand(const Ir *ir, const char *name, bool domains, Names *out)
{
	out->n = 0;
	if (!module_attr(ir, name)) {
		names_push(out, name);
		return;
	}
	for (const IrType *t = ir->types; t; t = t->next)
		if (has_attr(t, name) && (t->domain || !domains))
			names_push(out, t->name);
}

int assertflow_check(const Ir *ir, const PermMap *pm, Diag *d)
{
	const Module *m = ir->mod;
	if (!m->asserts)
		return 0;
	Arena *a = ir->arena;
	Nodes ns = { 0 };
	flowgraph_init(&ns.g, 0);
	for (const Zone *z = m->zones; z; z = z->next)
		own_zone(&ns, a, m, z, z->trusted);
	if (m->launcher)
		own_zone(&ns, a, m, m->launcher, true);
	size_t nrules = 0;
	for (const IrRule *r = ir->rules; r; r = r->next)
		nrules++;
	const IrRule **rules = xcalloc(nrules, sizeof *rules);
	size_t plen = strlen(m->name->name);
	size_t ri = 0;
	/* base domains first, so that an edge never enters one */
	for (const IrRule *r = ir->rules; r; r = r->next) {
		rules[ri++] = r;
		if (r->kind == R_ALLOW && (strcmp(r->cls, "fd") == 0 || strcmp(r->cls, "process") == 0) &&
		    !(strncmp(r->tgt, m->name->name, plen) == 0 && r->tgt[plen] == '_') &&
		    strcmp(r->tgt, "self") != 0) {
			unsigned t = node(&ns, r->tgt);   /* may move ns.g.kind */
			ns.g.kind[t] = FN_BASE_DOMAIN;
		}
	}
	Names subj = { 0 }, objs = { 0 };
	for (ri = 0; ri < nrules; ri++) {
		const IrRule *r = rules[ri];
		if (r->kind != R_ALLOW)
			continue;
		PermCtx c = { pm, r->cls, 0, 0, false };
		perms_each(r->perms, classify, &c);
		if (!c.rw && !c.ww)
			continue;
		expand(ir, r->src, true, &subj);
		if (strcmp(r->tgt, "self") == 0)
			continue;
		expand(ir, r->tgt, false, &objs);
		for (size_t i = 0; i < subj.n; i++) {
			unsigned s = lookup(&ns, subj.v[i]);
			if (!s || ns.g.owner[s] != s)
				continue;       /* not one of the module's domains */
			for (size_t k = 0; k < objs.n; k++) {
				unsigned t = node(&ns, objs.v[k]);
				if (t == s)
					continue;
				if (c.ww)
					flowgraph_edge(&ns.g, (FlowEdge){ s, t, s, c.ww, 'w', c.unmapped, ri, 0 });
				if (c.rw)
					flowgraph_edge(&ns.g, (FlowEdge){ t, s, s, c.rw, 'r', c.unmapped, ri, 0 });
			}
		}
	}
	free(subj.v);
	free(objs.v);
	flowgraph_seal(&ns.g);

	int errors = 0;
	for (const Assert *as = m->asserts; as; as = as->next) {
		const Zone *A = as->from.sym->zone, *B = as->to.sym->zone;
		unsigned za = lookup(&ns, zone_type(a, m, A, TR_DOMAIN));
		unsigned zb = lookup(&ns, zone_type(a, m, B, TR_DOMAIN));
		size_t n;
		FlowEdge *path = flowgraph_path(&ns.g, za, zb, &n);
		if (!path)
			continue;
		errors++;
		diag_report(d, as->loc, CK_ASSERT_CONTRADICTED,
			    "the file's own rules make a flow from '%s' to '%s'", A->name->name, B->name->name);
		for (size_t i = 0; i < n; i++) {
			const FlowEdge *e = &path[i];
			const IrRule *r = rules[e->rule];
			diag_note(d, r->o.loc, "%s -> %s: allow %s %s:%s { %s } (%s%s)", node_name(&ns, e->from),
				  node_name(&ns, e->to), r->src, r->tgt, r->cls, r->perms, e->dir == 'w' ? "write" : "read",
				  e->unmapped ? "; a permission the map lacks counts both ways" : "");
		}
		free(path);
	}
	free(rules);
	strmap_free(&ns.ids);
	flowgraph_free(&ns.g);
	return errors;
}
