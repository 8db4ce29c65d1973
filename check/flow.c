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
 * Query: the engine of base/flowgraph.h, which the build-time assert check
 * shares; permission directions and private devices come from
 * base/flowrules.h.
 */
#include "flow.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "flowrules.h"
#include "jsonout.h"
#include "xalloc.h"

/* the types of a zone besides its domain (spec section 4) */
static const char *const zone_suffixes[] = {
	"exec_t", "conf_t", "log_t", "disk_t", "sock_t", "port_t",
};

typedef struct Ambient {
	size_t rule;
	unsigned subject;
	int rw, ww;            /* read and write weight */
	uint32_t rperms, wperms;
} Ambient;

typedef struct PermDir {
	uint32_t rmask, wmask; /* perms that read, that write */
	uint32_t umask;        /* perms the map does not know (in both masks) */
	uint32_t umet;         /* of those, the ones a module domain's rule uses */
	int rweight[32], wweight[32];
} PermDir;

struct Flow {
	const Policy *p;
	char *prefix;                 /* "M_" */
	unsigned nt;
	FlowGraph g;                  /* node = type value; kind, owner, edges (rule = index
	                               * into the policy's rule list) */
	FlowGraph closed;             /* the same without the base-wide grants' edges */
	size_t nwide;                 /* edges of g that only `closed` lacks */
	bool *module;                 /* per type value: name starts with the prefix */
	unsigned *domains;            /* module domains, sorted by value */
	size_t ndomains;
	bool *is_subject;             /* per type: a module domain that is not cut */
	Ambient *ambient;
	size_t nambient;
	PermDir *pd;                  /* per class value */
};

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
			PermFlow pf = flow_perm(pm, cn, pn);
			if (pf.r) {
				d->rmask |= UINT32_C(1) << b;
				d->rweight[b] = pf.weight;
			}
			if (pf.w) {
				d->wmask |= UINT32_C(1) << b;
				d->wweight[b] = pf.weight;
			}
			if (pf.unmapped)
				d->umask |= UINT32_C(1) << b;
		}
	}
}

/* mark a module domain and the types of its zone as cut */
static void cut_zone(Flow *f, unsigned d)
{
	f->g.kind[d] = FN_CUT_ZONE;
	for (unsigned t = 1; t <= f->nt; t++)
		if (f->g.owner[t] == d)
			f->g.kind[t] = FN_CUT_ZONE;
}

/* Which types are the module's (by name) and which are domains: the
 * module's domains are listed, a base domain and a private-instance device
 * get their node kind. */
static void classify_types(Flow *f, unsigned domain_attr)
{
	const Policy *p = f->p;
	for (unsigned t = 1; t <= f->nt; t++) {
		if (policy_is_attr(p, t))
			continue;
		const char *name = policy_type_name(p, t);
		f->module[t] = starts_with(name, f->prefix);
		bool dom = is_domain(p, domain_attr, t);
		if (dom && !f->module[t])
			f->g.kind[t] = FN_BASE_DOMAIN;
		if (dom && f->module[t])
			f->domains[f->ndomains++] = t;
	}
	for (size_t i = 0; i < flow_nprivate_devices; i++) {
		unsigned t = policy_type(p, flow_private_devices[i]);
		if (t && !policy_is_attr(p, t))
			f->g.kind[t] = FN_PRIVATE;
	}
}

/* Each module domain owns its zone's types: P_t owns P_exec_t ... */
static void own_zone_types(Flow *f, unsigned domain_attr)
{
	const Policy *p = f->p;
	unsigned *owner = f->g.owner;
	for (size_t i = 0; i < f->ndomains; i++) {
		unsigned d = f->domains[i];
		const char *dn = policy_type_name(p, d);
		size_t n = strlen(dn);
		owner[d] = d;
		if (n < 2 || strcmp(dn + n - 2, "_t") != 0)
			continue;
		for (size_t k = 0; k < sizeof zone_suffixes / sizeof zone_suffixes[0]; k++) {
			char name[512];
			snprintf(name, sizeof name, "%.*s_%s", (int)(n - 2), dn, zone_suffixes[k]);
			unsigned t = policy_type(p, name);
			if (t && !policy_is_attr(p, t) && !owner[t] && f->g.kind[t] == FN_OBJECT &&
			    !is_domain(p, domain_attr, t))
				owner[t] = d;
		}
	}
}

/* Cuts the launcher and the trusted zones; the other module domains are
 * the subjects.  -1 (err says why) when the header names a zone that is not
 * one of the module's domains, or too many. */
static int cut_zones(Flow *f, const FlowCfg *cfg, char *err, size_t errlen)
{
	const char *cutnames[1 + 64];
	size_t ncut = 0;
	if (cfg->launcher)
		cutnames[ncut++] = cfg->launcher;
	for (size_t i = 0; i < cfg->ntrusted && ncut < sizeof cutnames / sizeof cutnames[0]; i++)
		cutnames[ncut++] = cfg->trusted[i];
	for (size_t i = 0; i < ncut; i++) {
		unsigned d = policy_type(f->p, cutnames[i]);
		if (!d || !f->module[d] || f->g.owner[d] != d) {
			snprintf(err, errlen, "'%s' (named by the vectors header) is not a domain of module %s",
				 cutnames[i], cfg->module);
			return -1;
		}
		cut_zone(f, d);
	}
	if (cfg->ntrusted > 64) {
		snprintf(err, errlen, "more than 64 trusted zones");
		return -1;
	}
	for (size_t i = 0; i < f->ndomains; i++)
		f->is_subject[f->domains[i]] = f->g.kind[f->domains[i]] == FN_OBJECT;
	return 0;
}

/* The highest weight among the permission bits set in perms. */
static int max_weight(uint32_t perms, const int weight[32])
{
	int w = 0;
	for (unsigned b = 0; b < 32; b++)
		if (((perms >> b) & 1) && weight[b] > w)
			w = weight[b];
	return w;
}

/* One pass over the enabled allow rules: an edge each way the rule moves
 * information for a module domain, or an ambient entry for a base
 * attribute's rule on base types. */
static void add_edges(Flow *f)
{
	const Policy *p = f->p;
	size_t nrules;
	const AvRule *rules = policy_rules(p, &nrules);
	size_t acap = 0;
	for (size_t ri = 0; ri < nrules; ri++) {
		const AvRule *r = &rules[ri];
		if (r->kind != AVTAB_ALLOWED || r->cls > policy_db(p)->p_classes.nprim)
			continue;
		PermDir *pd = &f->pd[r->cls];
		uint32_t rp = r->data & pd->rmask, wp = r->data & pd->wmask, up = r->data & pd->umask;
		if (!rp && !wp)
			continue;
		int rw = max_weight(rp, pd->rweight), ww = max_weight(wp, pd->wweight);
		bool base_attr_src = policy_is_attr(p, r->src) && !starts_with(policy_type_name(p, r->src), f->prefix);
		bool wide = base_attr_src && flow_rule_basewide(p, r, f->prefix);
		size_t nmem;
		const uint16_t *mem = policy_members(p, r->tgt, &nmem);
		for (size_t di = 0; di < f->ndomains; di++) {
			unsigned d = f->domains[di];
			if (!policy_type_in(p, d, r->src))
				continue;
			pd->umet |= up;
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
							f->ambient = xreallocarray(f->ambient, acap, sizeof *f->ambient);
						}
						f->ambient[f->nambient++] = (Ambient){ ri, d, rw, ww, rp, wp };
						amb_noted = true;
					}
					continue;
				}
				if (ww)
					flowgraph_edge(&f->g, (FlowEdge){ d, t, d, ww, 'w', (wp & up) != 0, ri, wp });
				if (rw)
					flowgraph_edge(&f->g, (FlowEdge){ t, d, d, rw, 'r', (rp & up) != 0, ri, rp });
				if (wide) {
					f->nwide += (ww != 0) + (rw != 0);
					continue;
				}
				if (ww)
					flowgraph_edge(&f->closed, (FlowEdge){ d, t, d, ww, 'w', (wp & up) != 0, ri, wp });
				if (rw)
					flowgraph_edge(&f->closed, (FlowEdge){ t, d, d, rw, 'r', (rp & up) != 0, ri, rp });
			}
		}
	}
}

Flow *flow_build(const Policy *p, const PermMap *pm, const FlowCfg *cfg, char *err, size_t errlen)
{
	Flow *f = xcalloc(1, sizeof *f);
	f->p = p;
	f->nt = policy_ntypes(p);
	size_t plen = strlen(cfg->module) + 2;
	f->prefix = xcalloc(plen, 1);
	snprintf(f->prefix, plen, "%s_", cfg->module);
	flowgraph_init(&f->g, f->nt);
	f->module = xcalloc(f->nt + 1, sizeof *f->module);
	f->is_subject = xcalloc(f->nt + 1, sizeof *f->is_subject);
	f->domains = xcalloc(f->nt + 1, sizeof *f->domains);
	build_permdirs(f, pm);
	unsigned domain_attr = policy_type(p, "domain");
	if (domain_attr && !policy_is_attr(p, domain_attr))
		domain_attr = 0;
	classify_types(f, domain_attr);
	own_zone_types(f, domain_attr);
	if (cut_zones(f, cfg, err, errlen) != 0) {
		flow_free(f);
		return NULL;
	}
	flowgraph_init(&f->closed, f->nt);
	add_edges(f);
	/* the closed graph: same nodes, kinds and owners */
	memcpy(f->closed.kind + 1, f->g.kind + 1, f->nt * sizeof *f->g.kind);
	memcpy(f->closed.owner + 1, f->g.owner + 1, f->nt * sizeof *f->g.owner);
	flowgraph_seal(&f->g);
	flowgraph_seal(&f->closed);
	return f;
}

void flow_free(Flow *f)
{
	if (!f)
		return;
	free(f->prefix);
	flowgraph_free(&f->g);
	flowgraph_free(&f->closed);
	free(f->module);
	free(f->is_subject);
	free(f->domains);
	free(f->ambient);
	free(f->pd);
	free(f);
}

static unsigned zone_of(const Flow *f, const char *name, char *err, size_t errlen)
{
	unsigned d = policy_type(f->p, name);
	if (!d || !f->module[d] || f->g.owner[d] != d) {
		snprintf(err, errlen, "'%s' is not a domain of the module (%.*s)", name,
			 (int)strlen(f->prefix) - 1, f->prefix);
		return 0;
	}
	return d;
}

bool flow_rule_basewide(const Policy *p, const AvRule *r, const char *prefix)
{
	policydb_t *db = policy_db(p);
	unsigned dom = policy_type(p, "domain");
	if (!dom || !policy_is_attr(p, dom) || !policy_is_attr(p, r->src) ||
	    starts_with(policy_type_name(p, r->src), prefix) || starts_with(policy_type_name(p, r->tgt), prefix))
		return false;
	/* the source holds every domain */
	return ebitmap_contains(&db->attr_type_map[r->src - 1], &db->attr_type_map[dom - 1]) != 0;
}

int flow_path(const Flow *f, const char *src, const char *dst, FlowStep **steps, size_t *n,
	      char *err, size_t errlen)
{
	return flow_path_in(f, false, src, dst, steps, n, err, errlen);
}

int flow_path_in(const Flow *f, bool closed, const char *src, const char *dst, FlowStep **steps, size_t *n,
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
	size_t len;
	FlowEdge *path = flowgraph_path(closed ? &f->closed : &f->g, a, b, &len);
	if (!path)
		return 0;
	FlowStep *st = xcalloc(len, sizeof *st);
	size_t nrules;
	const AvRule *rules = policy_rules(f->p, &nrules);
	for (size_t i = 0; i < len; i++) {
		const FlowEdge *ed = &path[i];
		AvRule r = rules[ed->rule];
		r.data = ed->perms;
		st[i] = (FlowStep){ ed->from, ed->to, ed->subject, ed->dir, ed->weight, ed->unmapped, r };
	}
	free(path);
	*steps = st;
	*n = len;
	return 1;
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
	buf_printf(out, "%s -> %s: %s %s %s [weight %d%s] by ", policy_type_name(p, s->from),
		   policy_type_name(p, s->to), policy_type_name(p, s->subject),
		   s->dir == 'w' ? "writes" : "reads", policy_type_name(p, s->dir == 'w' ? s->to : s->from),
		   s->weight, s->unmapped ? ", unmapped permission counted both ways" : "");
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

/* Per (object type, module domain) in marks: how the domain reads and
 * writes the type, by its own rules (the graph's edges) or by ambient
 * ones. */
static void mark_access(const Flow *f, const AvRule *rules, unsigned char *marks)
{
	const Policy *p = f->p;
	size_t nd = f->ndomains;
	for (size_t di = 0; di < nd; di++)
		if (f->domains[di] == 0)
			abort();
	for (size_t e = 0; e < f->g.nedges; e++) {
		const FlowEdge *ed = &f->g.edges[e];
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
}

/* The ambient grants, one per rule, with the subject zones it reaches;
 * returns how many. */
static size_t list_grants(const Flow *f, const AvRule *rules, bool json, Buf *grants)
{
	const Policy *p = f->p;
	size_t n = 0;
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
				buf_puts(grants, n ? ",\n    {" : "\n    {");
				buf_puts(grants, "\"rule\": ");
				json_str(grants, buf_str(&rs));
				buf_printf(grants, ", \"read\": %d, \"write\": %d, \"zones\": [", am->rw, am->ww);
			} else {
				buf_printf(grants, "ambient %s  [read %d, write %d] zones:", buf_str(&rs), am->rw, am->ww);
			}
			bool first = true;
			for (size_t k = i; k < j; k++) {
				if (!f->is_subject[f->ambient[k].subject])
					continue;
				const char *zn = policy_type_name(p, f->ambient[k].subject);
				if (json) {
					buf_puts(grants, first ? "" : ", ");
					json_str(grants, zn);
				} else {
					buf_printf(grants, "%s%s", first ? " " : ",", zn);
				}
				first = false;
			}
			buf_puts(grants, json ? "]}" : "\n");
			buf_free(&rs);
			n++;
		}
		i = j;
	}
	return n;
}

/* The channels: a base object one zone writes and another reads, where at
 * least one of the two accesses is ambient (else the graph has it); returns
 * how many. */
static size_t list_channels(const Flow *f, const unsigned char *marks, bool json, Buf *chans)
{
	const Policy *p = f->p;
	size_t nd = f->ndomains, n = 0;
	for (unsigned t = 1; t <= f->nt; t++) {
		if (f->module[t] || f->g.kind[t] != FN_OBJECT)
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
			buf_puts(chans, n ? ",\n    {" : "\n    {");
			buf_puts(chans, "\"type\": ");
			json_str(chans, policy_type_name(p, t));
			buf_puts(chans, ", \"writers\": [");
			zone_list(f, marks, t, AMB_W | OWN_W, chans, true);
			buf_puts(chans, "], \"readers\": [");
			zone_list(f, marks, t, AMB_R | OWN_R, chans, true);
			buf_puts(chans, "]}");
		} else {
			buf_printf(chans, "channel %s: written by ", policy_type_name(p, t));
			zone_list(f, marks, t, AMB_W | OWN_W, chans, false);
			buf_puts(chans, "; read by ");
			zone_list(f, marks, t, AMB_R | OWN_R, chans, false);
			buf_puts(chans, "\n");
		}
		n++;
	}
	return n;
}

/* The base-wide grants among the graph's edges (flow_rule_basewide), one
 * per rule, with the zones whose access uses them; returns how many. */
static size_t list_basewide(const Flow *f, const AvRule *rules, bool json, Buf *wide)
{
	const Policy *p = f->p;
	size_t n = 0;
	bool *seen = xcalloc(f->g.nedges + 1, sizeof *seen);
	for (size_t e = 0; e < f->g.nedges; e++) {
		const FlowEdge *ed = &f->g.edges[e];
		if (seen[e] || !flow_rule_basewide(p, &rules[ed->rule], f->prefix))
			continue;
		Buf rs = { 0 };
		rule_str(p, &rules[ed->rule], rules[ed->rule].data, &rs);
		if (json) {
			buf_puts(wide, n ? ",\n    {" : "\n    {");
			buf_puts(wide, "\"rule\": ");
			json_str(wide, buf_str(&rs));
			buf_puts(wide, ", \"zones\": [");
		} else {
			buf_printf(wide, "basewide %s  zones:", buf_str(&rs));
		}
		buf_free(&rs);
		/* the zones: each subject of an edge of this rule, once, in domain order */
		bool first = true;
		for (size_t di = 0; di < f->ndomains; di++) {
			unsigned d = f->domains[di];
			bool uses = false;
			for (size_t k = e; k < f->g.nedges; k++)
				if (f->g.edges[k].rule == ed->rule) {
					seen[k] = true;
					uses |= f->g.edges[k].subject == d;
				}
			if (!uses || !f->is_subject[d])
				continue;
			if (json) {
				buf_puts(wide, first ? "" : ", ");
				json_str(wide, policy_type_name(p, d));
			} else {
				buf_printf(wide, "%s%s", first ? " " : ",", policy_type_name(p, d));
			}
			first = false;
		}
		buf_puts(wide, json ? "]}" : "\n");
		n++;
	}
	free(seen);
	return n;
}

void flow_leaks(const Flow *f, Buf *out, bool json)
{
	size_t nrules;
	const AvRule *rules = policy_rules(f->p, &nrules);
	unsigned char *marks = xcalloc((size_t)(f->nt + 1) * (f->ndomains ? f->ndomains : 1), 1);
	mark_access(f, rules, marks);
	Buf grants = { 0 }, chans = { 0 };
	size_t ngrants = list_grants(f, rules, json, &grants);
	size_t nchannels = list_channels(f, marks, json, &chans);
	Buf wide = { 0 };
	size_t nwide = list_basewide(f, rules, json, &wide);
	if (json) {
		buf_printf(out, "{\"grants\": [%s%s], \"channels\": [%s%s], \"basewide\": [%s%s]}", buf_str(&grants),
			   ngrants ? "\n  " : "", buf_str(&chans), nchannels ? "\n  " : "", buf_str(&wide),
			   nwide ? "\n  " : "");
	} else {
		buf_puts(out, "# base-policy leak report: ambient grants (a base attribute the zone is in,\n"
			      "# on a base type) are not counted as the zone's flows; docs/checking.md\n");
		buf_puts(out, buf_str(&grants));
		buf_puts(out, "# base types that ambient grants would make channels between zones\n");
		buf_puts(out, buf_str(&chans));
		buf_printf(out, "# %zu ambient grants, %zu ambient channels\n", ngrants, nchannels);
		if (nwide) {
			buf_puts(out, "# base-wide grants: the base gives them to every domain, between the zones'\n"
				      "# own types, so they are channels the module cannot close (docs/checking.md)\n");
			buf_puts(out, buf_str(&wide));
			buf_printf(out, "# %zu base-wide grants\n", nwide);
		}
	}
	buf_free(&wide);
	buf_free(&grants);
	buf_free(&chans);
	free(marks);
}

void flow_stats(const Flow *f, size_t *nodes, size_t *edges, size_t *ambient)
{
	*nodes = f->nt;
	*edges = f->g.nedges;
	*ambient = f->nambient;
}

size_t flow_unmapped(const Flow *f, Buf *out, const char *sep)
{
	size_t n = 0;
	for (unsigned c = 1; c <= policy_db(f->p)->p_classes.nprim; c++)
		for (unsigned b = 0; b < 32; b++)
			if ((f->pd[c].umet >> b) & 1) {
				if (out)
					buf_printf(out, "%s%s %s", n ? sep : "", policy_class_name(f->p, c),
						   policy_perm_name(f->p, c, b));
				n++;
			}
	return n;
}
