/* flow.c: the information-flow graph of a linked policy (see flow.h and
 * docs/checking.md for the rules).
 *
 * Build: one pass over the enabled allow rules.  A rule counts for module
 * domain D when D is in the rule's source set (type_attr_map); each
 * permission's direction and weight come from the setools map; the rule's
 * target set is expanded to types.  Per (D, target) the rule is ambient when
 * its source is a base attribute and the target a base type: then it goes
 * to the leak list instead of the graph.
 *
 * Query: breadth-first search from every type of the source zone, never
 * entering a blocked node, until a type of the destination zone is reached;
 * the parent edges give the path.  Ties are broken by edge order (sorted by
 * node, then weight), so the same policy always gives the same path.
 */
#include "flow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"

enum Kind {
	K_OBJECT = 0,      /* an ordinary node */
	K_BASE_DOMAIN,     /* a domain of the base policy: always cut */
	K_PRIVATE,         /* a private-instance device: never a channel */
	K_CUT_ZONE,        /* launcher or trusted zone (or one of its types) */
};

static const char *const private_devices[] = {
	"kvm_device_t", "tun_tap_device_t", "null_device_t", "zero_device_t",
};

/* the types of a zone besides its domain (spec section 4) */
static const char *const zone_suffixes[] = {
	"exec_t", "conf_t", "log_t", "disk_t", "sock_t", "port_t",
};

typedef struct Edge {
	unsigned from, to;
	unsigned subject;
	int weight;
	char dir;
	size_t rule;           /* index into the policy's rule list */
	uint32_t perms;        /* the perms of that rule that flow this way */
} Edge;

typedef struct Ambient {
	size_t rule;
	unsigned subject;
	int rw, ww;            /* read and write weight */
	uint32_t rperms, wperms;
} Ambient;

typedef struct PermDir {
	uint32_t rmask, wmask; /* perms that read, that write */
	int rweight[32], wweight[32];
} PermDir;

struct Flow {
	const Policy *p;
	char *prefix;                 /* "M_" */
	unsigned nt;
	unsigned char *kind;          /* per type value */
	unsigned *owner;              /* per type value: module domain it belongs to, or 0 */
	bool *module;                 /* per type value: name starts with the prefix */
	unsigned *domains;            /* module domains, sorted by value */
	size_t ndomains;
	bool *is_subject;             /* per type: a module domain that is not cut */
	Edge *edges;
	size_t nedges;
	size_t *out_start;            /* CSR: edges from node v at [out_start[v], out_start[v+1]) */
	Ambient *ambient;
	size_t nambient;
	PermDir *pd;                  /* per class value */
};

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p)
		abort();
	return p;
}

static bool starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool is_domain(const Policy *p, unsigned domain_attr, unsigned t)
{
	if (domain_attr)
		return policy_type_in(p, t, domain_attr);
	/* no `domain` attribute: a domain is a type some role other than
	 * object_r may have */
	policydb_t *db = policy_db(p);
	for (unsigned r = 1; r <= db->p_roles.nprim; r++) {
		const char *rn = db->p_role_val_to_name[r - 1];
		const role_datum_t *rd = db->role_val_to_struct[r - 1];
		if (!rn || !rd || strcmp(rn, "object_r") == 0)
			continue;
		for (const ebitmap_node_t *n = rd->types.types.node; n; n = n->next)
			if (t - 1 >= n->startbit && t - 1 < n->startbit + MAPSIZE &&
			    ((n->map >> (t - 1 - n->startbit)) & 1))
				return true;
	}
	return false;
}

static void build_permdirs(Flow *f, const PermMap *pm)
{
	policydb_t *db = policy_db(f->p);
	f->pd = xcalloc(db->p_classes.nprim + 1, sizeof *f->pd);
	for (unsigned c = 1; c <= db->p_classes.nprim; c++) {
		PermDir *d = &f->pd[c];
		const char *cn = policy_class_name(f->p, c);
		for (unsigned b = 0; b < 32; b++) {
			const char *pn = policy_perm_name(f->p, c, b);
			if (strcmp(pn, "?") == 0)
				continue;
			int w = 0;
			char dir = permmap_dir(pm, cn, pn, &w);
			/* unmapped permissions carry nothing, as in setools */
			if (dir == 'r' || dir == 'b') {
				d->rmask |= UINT32_C(1) << b;
				d->rweight[b] = w;
			}
			if (dir == 'w' || dir == 'b') {
				d->wmask |= UINT32_C(1) << b;
				d->wweight[b] = w;
			}
		}
	}
}

typedef struct EdgeVec {
	Edge *v;
	size_t n, cap;
} EdgeVec;

static void push_edge(EdgeVec *ev, Edge e)
{
	if (ev->n == ev->cap) {
		ev->cap = ev->cap ? ev->cap * 2 : 1024;
		ev->v = realloc(ev->v, ev->cap * sizeof *ev->v);
		if (!ev->v)
			abort();
	}
	ev->v[ev->n++] = e;
}

static int edge_cmp(const void *a, const void *b)
{
	const Edge *x = a, *y = b;
	if (x->from != y->from)
		return x->from < y->from ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	if (x->to != y->to)
		return x->to < y->to ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	return (x->dir > y->dir) - (x->dir < y->dir);
}

/* mark a module domain and the types of its zone as cut */
static void cut_zone(Flow *f, unsigned d)
{
	f->kind[d] = K_CUT_ZONE;
	for (unsigned t = 1; t <= f->nt; t++)
		if (f->owner[t] == d)
			f->kind[t] = K_CUT_ZONE;
}

Flow *flow_build(const Policy *p, const PermMap *pm, const FlowCfg *cfg, char *err, size_t errlen)
{
	Flow *f = xcalloc(1, sizeof *f);
	f->p = p;
	f->nt = policy_ntypes(p);
	size_t plen = strlen(cfg->module) + 2;
	f->prefix = xcalloc(plen, 1);
	snprintf(f->prefix, plen, "%s_", cfg->module);
	f->kind = xcalloc(f->nt + 1, sizeof *f->kind);
	f->owner = xcalloc(f->nt + 1, sizeof *f->owner);
	f->module = xcalloc(f->nt + 1, sizeof *f->module);
	f->is_subject = xcalloc(f->nt + 1, sizeof *f->is_subject);
	f->domains = xcalloc(f->nt + 1, sizeof *f->domains);
	build_permdirs(f, pm);

	unsigned domain_attr = policy_type(p, "domain");
	if (domain_attr && !policy_is_attr(p, domain_attr))
		domain_attr = 0;
	for (unsigned t = 1; t <= f->nt; t++) {
		if (policy_is_attr(p, t))
			continue;
		const char *name = policy_type_name(p, t);
		f->module[t] = starts_with(name, f->prefix);
		bool dom = is_domain(p, domain_attr, t);
		if (dom && !f->module[t])
			f->kind[t] = K_BASE_DOMAIN;
		if (dom && f->module[t])
			f->domains[f->ndomains++] = t;
	}
	for (size_t i = 0; i < sizeof private_devices / sizeof private_devices[0]; i++) {
		unsigned t = policy_type(p, private_devices[i]);
		if (t && !policy_is_attr(p, t))
			f->kind[t] = K_PRIVATE;
	}
	/* each module domain owns its zone's types: P_t owns P_exec_t ... */
	for (size_t i = 0; i < f->ndomains; i++) {
		unsigned d = f->domains[i];
		const char *dn = policy_type_name(p, d);
		size_t n = strlen(dn);
		f->owner[d] = d;
		if (n < 2 || strcmp(dn + n - 2, "_t") != 0)
			continue;
		for (size_t k = 0; k < sizeof zone_suffixes / sizeof zone_suffixes[0]; k++) {
			char name[512];
			snprintf(name, sizeof name, "%.*s_%s", (int)(n - 2), dn, zone_suffixes[k]);
			unsigned t = policy_type(p, name);
			if (t && !policy_is_attr(p, t) && !f->owner[t] && f->kind[t] == K_OBJECT &&
			    !is_domain(p, domain_attr, t))
				f->owner[t] = d;
		}
	}
	/* launcher and trusted zones */
	const char *cutnames[1 + 64];
	size_t ncut = 0;
	if (cfg->launcher)
		cutnames[ncut++] = cfg->launcher;
	for (size_t i = 0; i < cfg->ntrusted && ncut < sizeof cutnames / sizeof cutnames[0]; i++)
		cutnames[ncut++] = cfg->trusted[i];
	for (size_t i = 0; i < ncut; i++) {
		unsigned d = policy_type(p, cutnames[i]);
		if (!d || !f->module[d] || f->owner[d] != d) {
			snprintf(err, errlen, "'%s' (named by the vectors header) is not a domain of module %s",
				 cutnames[i], cfg->module);
			flow_free(f);
			return NULL;
		}
		cut_zone(f, d);
	}
	if (cfg->ntrusted > 64) {
		snprintf(err, errlen, "more than 64 trusted zones");
		flow_free(f);
		return NULL;
	}
	for (size_t i = 0; i < f->ndomains; i++)
		f->is_subject[f->domains[i]] = f->kind[f->domains[i]] == K_OBJECT;

	/* edges */
	EdgeVec ev = { 0 };
	size_t nrules;
	const AvRule *rules = policy_rules(p, &nrules);
	size_t acap = 0;
	for (size_t ri = 0; ri < nrules; ri++) {
		const AvRule *r = &rules[ri];
		if (r->kind != AVTAB_ALLOWED || r->cls > policy_db(p)->p_classes.nprim)
			continue;
		const PermDir *pd = &f->pd[r->cls];
		uint32_t rp = r->data & pd->rmask, wp = r->data & pd->wmask;
		if (!rp && !wp)
			continue;
		int rw = 0, ww = 0;
		for (unsigned b = 0; b < 32; b++) {
			if (((rp >> b) & 1) && pd->rweight[b] > rw)
				rw = pd->rweight[b];
			if (((wp >> b) & 1) && pd->wweight[b] > ww)
				ww = pd->wweight[b];
		}
		bool base_attr_src = policy_is_attr(p, r->src) && !starts_with(policy_type_name(p, r->src), f->prefix);
		size_t nmem;
		const uint16_t *mem = policy_members(p, r->tgt, &nmem);
		for (size_t di = 0; di < f->ndomains; di++) {
			unsigned d = f->domains[di];
			if (!policy_type_in(p, d, r->src))
				continue;
			bool amb_noted = false;
			for (size_t k = 0; k < nmem; k++) {
				unsigned t = mem[k];
				if (t == d)
					continue;
				if (base_attr_src && !f->module[t]) {
					/* ambient: listed once per (rule, domain) */
					if (!amb_noted) {
						if (f->nambient == acap) {
							acap = acap ? acap * 2 : 256;
							f->ambient = realloc(f->ambient, acap * sizeof *f->ambient);
							if (!f->ambient)
								abort();
						}
						f->ambient[f->nambient++] = (Ambient){ ri, d, rw, ww, rp, wp };
						amb_noted = true;
					}
					continue;
				}
				if (ww)
					push_edge(&ev, (Edge){ d, t, d, ww, 'w', ri, wp });
				if (rw)
					push_edge(&ev, (Edge){ t, d, d, rw, 'r', ri, rp });
			}
		}
	}
	qsort(ev.v, ev.n, sizeof *ev.v, edge_cmp);
	f->edges = ev.v;
	f->nedges = ev.n;
	f->out_start = xcalloc(f->nt + 2, sizeof *f->out_start);
	for (size_t i = 0; i < ev.n; i++)
		f->out_start[ev.v[i].from + 1]++;
	for (unsigned v = 1; v <= f->nt + 1; v++)
		f->out_start[v] += f->out_start[v - 1];
	return f;
}

void flow_free(Flow *f)
{
	if (!f)
		return;
	free(f->prefix);
	free(f->kind);
	free(f->owner);
	free(f->module);
	free(f->is_subject);
	free(f->domains);
	free(f->edges);
	free(f->out_start);
	free(f->ambient);
	free(f->pd);
	free(f);
}

static unsigned zone_of(const Flow *f, const char *name, char *err, size_t errlen)
{
	unsigned d = policy_type(f->p, name);
	if (!d || !f->module[d] || f->owner[d] != d) {
		snprintf(err, errlen, "'%s' is not a domain of the module (%.*s)", name,
			 (int)strlen(f->prefix) - 1, f->prefix);
		return 0;
	}
	return d;
}

int flow_path(const Flow *f, const char *src, const char *dst, FlowStep **steps, size_t *n,
	      char *err, size_t errlen)
{
	*steps = NULL;
	*n = 0;
	unsigned a = zone_of(f, src, err, errlen), b = a ? zone_of(f, dst, err, errlen) : 0;
	if (!a || !b)
		return -1;
	if (a == b) {
		snprintf(err, errlen, "source and destination are the same zone");
		return -1;
	}
	unsigned nt = f->nt;
	size_t *via = xcalloc(nt + 1, sizeof *via);       /* edge index + 1 that reached v */
	bool *seen = xcalloc(nt + 1, sizeof *seen);
	unsigned *queue = xcalloc(nt + 1, sizeof *queue);
	size_t qh = 0, qt = 0;
	for (unsigned t = 1; t <= nt; t++)
		if (f->owner[t] == a) {
			seen[t] = true;
			queue[qt++] = t;
		}
	unsigned hit = 0;
	while (qh < qt && !hit) {
		unsigned u = queue[qh++];
		for (size_t e = f->out_start[u]; e < f->out_start[u + 1] && !hit; e++) {
			const Edge *ed = &f->edges[e];
			unsigned v = ed->to;
			if (seen[v])
				continue;
			/* blocked: base domains, private devices, cut zones other than the two named;
			 * an edge made by a cut zone's own access is blocked with it */
			bool endpoint = f->owner[v] == a || f->owner[v] == b;
			if (f->kind[v] == K_BASE_DOMAIN || f->kind[v] == K_PRIVATE ||
			    (f->kind[v] == K_CUT_ZONE && !endpoint))
				continue;
			unsigned s = ed->subject;
			if (f->kind[s] == K_CUT_ZONE && f->owner[s] != a && f->owner[s] != b)
				continue;
			seen[v] = true;
			via[v] = e + 1;
			if (f->owner[v] == b)
				hit = v;
			else
				queue[qt++] = v;
		}
	}
	int found = 0;
	if (hit) {
		size_t len = 0;
		for (unsigned v = hit; via[v]; v = f->edges[via[v] - 1].from)
			len++;
		FlowStep *st = xcalloc(len, sizeof *st);
		size_t i = len;
		size_t nrules;
		const AvRule *rules = policy_rules(f->p, &nrules);
		for (unsigned v = hit; via[v]; v = f->edges[via[v] - 1].from) {
			const Edge *ed = &f->edges[via[v] - 1];
			AvRule r = rules[ed->rule];
			r.data = ed->perms;
			st[--i] = (FlowStep){ ed->from, ed->to, ed->subject, ed->dir, ed->weight, r };
		}
		*steps = st;
		*n = len;
		found = 1;
	}
	free(via);
	free(seen);
	free(queue);
	return found;
}

static void rule_str(const Policy *p, const AvRule *r, uint32_t perms, Buf *out)
{
	char pb[1024];
	buf_printf(out, "allow %s %s:%s %s%s", policy_type_name(p, r->src), policy_type_name(p, r->tgt),
		   policy_class_name(p, r->cls), policy_perms_str(p, r->cls, perms, pb, sizeof pb),
		   r->cond ? " [conditional]" : "");
}

void flow_step_str(const Flow *f, const FlowStep *s, Buf *out)
{
	const Policy *p = f->p;
	buf_printf(out, "%s -> %s: %s %s %s [weight %d] by ", policy_type_name(p, s->from),
		   policy_type_name(p, s->to), policy_type_name(p, s->subject),
		   s->dir == 'w' ? "writes" : "reads", policy_type_name(p, s->dir == 'w' ? s->to : s->from),
		   s->weight);
	rule_str(p, &s->rule, s->rule.data, out);
}

/* ---- leak report ---- */

enum { AMB_R = 1, AMB_W = 2, OWN_R = 4, OWN_W = 8 };

static void zone_list(const Flow *f, const unsigned char *marks, unsigned t, unsigned mask, Buf *out,
		      bool json)
{
	bool first = true;
	for (size_t i = 0; i < f->ndomains; i++) {
		unsigned d = f->domains[i];
		if (!f->is_subject[d] || !(marks[(size_t)t * f->ndomains + i] & mask))
			continue;
		if (json) {
			buf_puts(out, first ? "" : ", ");
			json_str(out, policy_type_name(f->p, d));
		} else {
			buf_printf(out, "%s%s", first ? "" : ",", policy_type_name(f->p, d));
		}
		first = false;
	}
}

void flow_leaks(const Flow *f, Buf *out, bool json)
{
	const Policy *p = f->p;
	size_t nrules;
	const AvRule *rules = policy_rules(p, &nrules);
	size_t nd = f->ndomains;
	/* per (object type, module domain): how it is read and written */
	unsigned char *marks = xcalloc((size_t)(f->nt + 1) * (nd ? nd : 1), 1);
	for (size_t di = 0; di < nd; di++)
		if (f->domains[di] == 0)
			abort();
	for (size_t e = 0; e < f->nedges; e++) {
		const Edge *ed = &f->edges[e];
		unsigned obj = ed->dir == 'w' ? ed->to : ed->from;
		for (size_t di = 0; di < nd; di++)
			if (f->domains[di] == ed->subject)
				marks[(size_t)obj * nd + di] |= ed->dir == 'w' ? OWN_W : OWN_R;
	}
	for (size_t i = 0; i < f->nambient; i++) {
		const Ambient *am = &f->ambient[i];
		size_t di;
		for (di = 0; di < nd && f->domains[di] != am->subject; di++)
			;
		size_t nmem;
		const uint16_t *mem = policy_members(p, rules[am->rule].tgt, &nmem);
		for (size_t k = 0; k < nmem; k++) {
			if (f->module[mem[k]] || mem[k] == am->subject)
				continue;
			marks[(size_t)mem[k] * nd + di] |= (am->ww ? AMB_W : 0) | (am->rw ? AMB_R : 0);
		}
	}
	/* grants: one line per rule, with the subject zones it reaches */
	size_t ngrants = 0, nchannels = 0;
	Buf grants = { 0 }, chans = { 0 };
	for (size_t i = 0; i < f->nambient;) {
		size_t j = i;
		bool any = false;
		while (j < f->nambient && f->ambient[j].rule == f->ambient[i].rule) {
			any |= f->is_subject[f->ambient[j].subject];
			j++;
		}
		if (any) {
			const Ambient *am = &f->ambient[i];
			const AvRule *r = &rules[am->rule];
			Buf rs = { 0 };
			rule_str(p, r, r->data, &rs);
			if (json) {
				buf_puts(&grants, ngrants ? ",\n    {" : "\n    {");
				buf_puts(&grants, "\"rule\": ");
				json_str(&grants, buf_str(&rs));
				buf_printf(&grants, ", \"read\": %d, \"write\": %d, \"zones\": [", am->rw, am->ww);
			} else {
				buf_printf(&grants, "ambient %s  [read %d, write %d] zones:", buf_str(&rs), am->rw, am->ww);
			}
			bool first = true;
			for (size_t k = i; k < j; k++) {
				if (!f->is_subject[f->ambient[k].subject])
					continue;
				const char *zn = policy_type_name(p, f->ambient[k].subject);
				if (json) {
					buf_puts(&grants, first ? "" : ", ");
					json_str(&grants, zn);
				} else {
					buf_printf(&grants, "%s%s", first ? " " : ",", zn);
				}
				first = false;
			}
			buf_puts(&grants, json ? "]}" : "\n");
			buf_free(&rs);
			ngrants++;
		}
		i = j;
	}
	/* channels: a base object one zone writes and another reads, where at
	 * least one of the two accesses is ambient (else the graph has it) */
	for (unsigned t = 1; t <= f->nt; t++) {
		if (f->module[t] || f->kind[t] != K_OBJECT)
			continue;
		bool chan = false;
		for (size_t x = 0; x < nd && !chan; x++) {
			unsigned char mx = marks[(size_t)t * nd + x];
			if (!f->is_subject[f->domains[x]] || !(mx & (AMB_W | OWN_W)))
				continue;
			for (size_t y = 0; y < nd && !chan; y++) {
				unsigned char my = marks[(size_t)t * nd + y];
				if (y == x || !f->is_subject[f->domains[y]] || !(my & (AMB_R | OWN_R)))
					continue;
				chan = (mx & AMB_W) || (my & AMB_R);
			}
		}
		if (!chan)
			continue;
		if (json) {
			buf_puts(&chans, nchannels ? ",\n    {" : "\n    {");
			buf_puts(&chans, "\"type\": ");
			json_str(&chans, policy_type_name(p, t));
			buf_puts(&chans, ", \"writers\": [");
			zone_list(f, marks, t, AMB_W | OWN_W, &chans, true);
			buf_puts(&chans, "], \"readers\": [");
			zone_list(f, marks, t, AMB_R | OWN_R, &chans, true);
			buf_puts(&chans, "]}");
		} else {
			buf_printf(&chans, "channel %s: written by ", policy_type_name(p, t));
			zone_list(f, marks, t, AMB_W | OWN_W, &chans, false);
			buf_puts(&chans, "; read by ");
			zone_list(f, marks, t, AMB_R | OWN_R, &chans, false);
			buf_puts(&chans, "\n");
		}
		nchannels++;
	}
	if (json) {
		buf_printf(out, "{\"grants\": [%s%s], \"channels\": [%s%s]}", buf_str(&grants),
			   ngrants ? "\n  " : "", buf_str(&chans), nchannels ? "\n  " : "");
	} else {
		buf_puts(out, "# base-policy leak report: ambient grants (a base attribute the zone is in,\n"
			      "# on a base type) are not counted as the zone's flows; docs/checking.md\n");
		buf_puts(out, buf_str(&grants));
		buf_puts(out, "# base types that ambient grants would make channels between zones\n");
		buf_puts(out, buf_str(&chans));
		buf_printf(out, "# %zu ambient grants, %zu ambient channels\n", ngrants, nchannels);
	}
	buf_free(&grants);
	buf_free(&chans);
	free(marks);
}

void flow_stats(const Flow *f, size_t *nodes, size_t *edges, size_t *ambient)
{
	*nodes = f->nt;
	*edges = f->nedges;
	*ambient = f->nambient;
}
