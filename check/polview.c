/* polview.c: the read-only policy view of polview.h.
 *
 * The build links libsepol.a, so the lookups are libsepol's own: names
 * through the symbol tables' hashtab_search, attribute membership through
 * ebitmap_get_bit, rules for one key through avtab_search.  What libsepol
 * does not keep is built here: a permission's name by bit, the types of each
 * attribute as an array, and the list of every enabled rule in a fixed order
 * (for the flow graph and the mutation tool).  Nothing here writes to the
 * policydb (struct sepol_policydb wraps a policydb_t in the libsepol-dev
 * headers).
 */
#include "polview.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sepol/debug.h>
#include <sepol/policydb.h>
#include <sepol/policydb/avtab.h>
#include <sepol/policydb/services.h>
#include <sepol/sepol.h>

#include "xalloc.h"

/* ---- the view ---- */

struct Policy {
	char *path;
	sepol_policydb_t *sdb;
	policydb_t *db;
	uint16_t **members;     /* per type value - 1 */
	size_t *nmembers;
	const char *(*perms)[32]; /* per class value - 1 */
	AvRule *rules;
	size_t nrules;
	/* libsepol services (access decisions with constraints) */
	bool services;
	sepol_security_id_t *sids;  /* per type value - 1; 0 = not made yet */
	unsigned system_r;
	const char *user, *level;
};

static uint64_t rule_key(unsigned src, unsigned tgt, unsigned cls, unsigned kind)
{
	return ((uint64_t)src << 48) | ((uint64_t)tgt << 32) | ((uint64_t)cls << 16) | (uint64_t)kind;
}


typedef struct RuleVec {
	AvRule *v;
	size_t n, cap;
} RuleVec;

static void push_rule(RuleVec *rv, const avtab_key_t *k, uint32_t data, bool cond)
{
	unsigned kind = k->specified & (AVTAB_ALLOWED | AVTAB_TRANSITION);
	if (!kind || (k->specified & AVTAB_XPERMS))
		return;
	if (rv->n == rv->cap) {
		rv->cap = rv->cap ? rv->cap * 2 : 4096;
		rv->v = xreallocarray(rv->v, rv->cap, sizeof *rv->v);
	}
	rv->v[rv->n++] = (AvRule){ k->source_type, k->target_type, k->target_class, (uint16_t)kind, data, cond };
}

static int rule_cmp(const void *a, const void *b)
{
	const AvRule *x = a, *y = b;
	uint64_t kx = rule_key(x->src, x->tgt, x->cls, x->kind), ky = rule_key(y->src, y->tgt, y->cls, y->kind);
	if (kx != ky)
		return kx < ky ? -1 : 1;
	if (x->cond != y->cond)
		return x->cond ? 1 : -1;
	return x->data < y->data ? -1 : x->data > y->data;
}

static void build_rules(Policy *p)
{
	policydb_t *db = p->db;
	RuleVec rv = { 0 };
	for (uint32_t i = 0; i < db->te_avtab.nslot; i++)
		for (avtab_ptr_t n = db->te_avtab.htable ? db->te_avtab.htable[i] : NULL; n; n = n->next)
			push_rule(&rv, &n->key, n->datum.data, false);
	/* conditional rules: only those enabled by the stored boolean values */
	for (uint32_t i = 0; i < db->te_cond_avtab.nslot; i++)
		for (avtab_ptr_t n = db->te_cond_avtab.htable ? db->te_cond_avtab.htable[i] : NULL; n; n = n->next)
			if (n->key.specified & AVTAB_ENABLED)
				push_rule(&rv, &n->key, n->datum.data, true);
	qsort(rv.v, rv.n, sizeof *rv.v, rule_cmp);
	p->rules = rv.v;
	p->nrules = rv.n;
}

static void build_perms(Policy *p)
{
	policydb_t *db = p->db;
	unsigned nc = db->p_classes.nprim;
	p->perms = xcalloc(nc, sizeof *p->perms);
	for (unsigned c = 0; c < nc; c++) {
		const class_datum_t *cd = db->class_val_to_struct[c];
		if (!cd)
			continue;
		const hashtab_t tabs[2] = { cd->permissions.table, cd->comdatum ? cd->comdatum->permissions.table : NULL };
		for (int k = 0; k < 2; k++) {
			if (!tabs[k])
				continue;
			for (unsigned s = 0; s < tabs[k]->size; s++)
				for (hashtab_ptr_t n = tabs[k]->htable[s]; n; n = n->next) {
					const perm_datum_t *pd = n->datum;
					if (pd->s.value >= 1 && pd->s.value <= 32)
						p->perms[c][pd->s.value - 1] = n->key;
				}
		}
	}
}

Policy *policy_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot read policy '%s': %s", path, strerror(errno));
		return NULL;
	}
	sepol_policy_file_t *pf = NULL;
	sepol_policydb_t *sdb = NULL;
	sepol_debug(0);
	if (sepol_policy_file_create(&pf) < 0 || sepol_policydb_create(&sdb) < 0)
		xalloc_fail();   /* they fail for want of memory only */
	sepol_policy_file_set_fp(pf, f);
	int rc = sepol_policydb_read(sdb, pf);
	sepol_policy_file_free(pf);
	fclose(f);
	if (rc < 0 || sdb->p.policy_type != POLICY_KERN) {
		snprintf(err, errlen, "'%s' is not a binary kernel policy libsepol can read", path);
		sepol_policydb_free(sdb);
		return NULL;
	}
	Policy *p = xcalloc(1, sizeof *p);
	p->path = xstrdup(path);
	p->sdb = sdb;
	p->db = &sdb->p;
	policydb_t *db = p->db;
	unsigned nt = db->p_types.nprim;
	p->members = xcalloc(nt, sizeof *p->members);
	p->nmembers = xcalloc(nt, sizeof *p->nmembers);
	/* attribute -> types, from attr_type_map (sorted by construction) */
	for (unsigned a = 0; a < nt; a++) {
		size_t n = 0;
		ebitmap_node_t *node;
		unsigned bit;
		ebitmap_for_each_positive_bit(&db->attr_type_map[a], node, bit)
			n++;
		p->members[a] = xcalloc(n, sizeof **p->members);
		ebitmap_for_each_positive_bit(&db->attr_type_map[a], node, bit)
			p->members[a][p->nmembers[a]++] = (uint16_t)(bit + 1);
	}
	build_perms(p);
	build_rules(p);
	return p;
}

void policy_free(Policy *p)
{
	if (!p)
		return;
	unsigned nt = p->db->p_types.nprim;
	for (unsigned a = 0; a < nt; a++)
		free(p->members[a]);
	free(p->members);
	free(p->nmembers);
	free(p->perms);
	free(p->rules);
	free(p->sids);
	free(p->path);
	sepol_policydb_free(p->sdb);
	free(p);
}

policydb_t *policy_db(const Policy *p)
{
	return p->db;
}

unsigned policy_ntypes(const Policy *p)
{
	return p->db->p_types.nprim;
}

unsigned policy_type(const Policy *p, const char *name)
{
	/* the table holds aliases too: a vector names types by their own name */
	const type_datum_t *t = hashtab_search(p->db->p_types.table, name);
	if (!t || strcmp(policy_type_name(p, t->s.value), name) != 0)
		return 0;
	return t->s.value;
}

const char *policy_type_name(const Policy *p, unsigned v)
{
	if (v < 1 || v > p->db->p_types.nprim || !p->db->p_type_val_to_name[v - 1])
		return "?";
	return p->db->p_type_val_to_name[v - 1];
}

bool policy_is_attr(const Policy *p, unsigned v)
{
	const type_datum_t *t = v >= 1 && v <= p->db->p_types.nprim ? p->db->type_val_to_struct[v - 1] : NULL;
	return t && t->flavor == TYPE_ATTRIB;
}

bool policy_type_in(const Policy *p, unsigned t, unsigned a)
{
	if (t < 1 || a < 1 || t > p->db->p_types.nprim || a > p->db->p_types.nprim)
		return false;
	return ebitmap_get_bit(&p->db->type_attr_map[t - 1], a - 1);
}

const uint16_t *policy_members(const Policy *p, unsigned a, size_t *n)
{
	if (a < 1 || a > p->db->p_types.nprim) {
		*n = 0;
		return NULL;
	}
	*n = p->nmembers[a - 1];
	return p->members[a - 1];
}

unsigned policy_class(const Policy *p, const char *name)
{
	const class_datum_t *c = hashtab_search(p->db->p_classes.table, name);
	return c ? c->s.value : 0;
}

const char *policy_class_name(const Policy *p, unsigned c)
{
	if (c < 1 || c > p->db->p_classes.nprim || !p->db->p_class_val_to_name[c - 1])
		return "?";
	return p->db->p_class_val_to_name[c - 1];
}

uint32_t policy_perm(const Policy *p, unsigned c, const char *perm)
{
	const class_datum_t *cd = c >= 1 && c <= p->db->p_classes.nprim ? p->db->class_val_to_struct[c - 1] : NULL;
	if (!cd)
		return 0;
	const perm_datum_t *pd = hashtab_search(cd->permissions.table, perm);
	if (!pd && cd->comdatum)
		pd = hashtab_search(cd->comdatum->permissions.table, perm);
	return pd && pd->s.value >= 1 && pd->s.value <= 32 ? UINT32_C(1) << (pd->s.value - 1) : 0;
}

const char *policy_perm_name(const Policy *p, unsigned c, unsigned bit)
{
	if (c < 1 || c > p->db->p_classes.nprim || bit >= 32 || !p->perms[c - 1][bit])
		return "?";
	return p->perms[c - 1][bit];
}

const char *policy_perms_str(const Policy *p, unsigned c, uint32_t av, char *buf, size_t len)
{
	size_t used = 0;
	int count = 0;
	buf[0] = '\0';
	for (unsigned b = 0; b < 32; b++)
		count += (av >> b) & 1;
	if (count > 1)
		used += (size_t)snprintf(buf, len, "{ ");
	for (unsigned b = 0; b < 32 && used < len; b++)
		if ((av >> b) & 1)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", policy_perm_name(p, c, b),
						 count > 1 ? " " : "");
	if (count > 1 && used < len)
		snprintf(buf + used, len - used, "}");
	return buf;
}

const AvRule *policy_rules(const Policy *p, size_t *n)
{
	*n = p->nrules;
	return p->rules;
}

const AvRule *policy_rules_for(const Policy *p, unsigned src, unsigned tgt, unsigned cls,
			       unsigned kind, size_t *n)
{
	/* the list is sorted by key: the first rule not below the key, and its run */
	uint64_t k = rule_key(src, tgt, cls, kind);
	size_t lo = 0, hi = p->nrules;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const AvRule *r = &p->rules[mid];
		if (rule_key(r->src, r->tgt, r->cls, r->kind) < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < p->nrules && rule_key(p->rules[end].src, p->rules[end].tgt, p->rules[end].cls,
					   p->rules[end].kind) == k)
		end++;
	*n = end - lo;
	return *n ? &p->rules[lo] : NULL;
}

uint32_t policy_te_allowed(const Policy *p, unsigned s, unsigned t, unsigned c)
{
	policydb_t *db = p->db;
	if (s < 1 || t < 1 || s > db->p_types.nprim || t > db->p_types.nprim)
		return 0;
	uint32_t av = 0;
	ebitmap_node_t *sn, *tn;
	unsigned i, j;
	ebitmap_for_each_positive_bit(&db->type_attr_map[s - 1], sn, i)
		ebitmap_for_each_positive_bit(&db->type_attr_map[t - 1], tn, j) {
			avtab_key_t key = { (uint16_t)(i + 1), (uint16_t)(j + 1), (uint16_t)c, AVTAB_ALLOWED };
			const avtab_datum_t *d = avtab_search(&db->te_avtab, &key);
			if (d)
				av |= d->data;
			for (avtab_ptr_t nd = avtab_search_node(&db->te_cond_avtab, &key); nd;
			     nd = avtab_search_node_next(nd, AVTAB_ALLOWED))
				if (nd->key.specified & AVTAB_ENABLED)
					av |= nd->datum.data;
		}
	return av;
}

unsigned policy_type_transition(const Policy *p, unsigned s, unsigned t, unsigned c)
{
	avtab_key_t key = { (uint16_t)s, (uint16_t)t, (uint16_t)c, AVTAB_TRANSITION };
	const avtab_datum_t *d = avtab_search(&p->db->te_avtab, &key);
	if (d)
		return d->data;
	for (avtab_ptr_t nd = avtab_search_node(&p->db->te_cond_avtab, &key); nd;
	     nd = avtab_search_node_next(nd, AVTAB_TRANSITION))
		if (nd->key.specified & AVTAB_ENABLED)
			return nd->datum.data;
	return 0;
}

/* ---- access decisions through libsepol's services ---- */

static int start_services(Policy *p, char *err, size_t errlen)
{
	FILE *f = fopen(p->path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot read policy '%s': %s", p->path, strerror(errno));
		return -1;
	}
	int rc = sepol_set_policydb_from_file(f);
	fclose(f);
	if (rc < 0) {
		snprintf(err, errlen, "libsepol cannot load '%s' for access decisions", p->path);
		return -1;
	}
	policydb_t *db = p->db;
	p->sids = xcalloc(db->p_types.nprim, sizeof *p->sids);
	for (unsigned r = 1; r <= db->p_roles.nprim; r++)
		if (db->p_role_val_to_name[r - 1] && strcmp(db->p_role_val_to_name[r - 1], "system_r") == 0)
			p->system_r = r;
	p->user = NULL;
	for (unsigned u = 1; u <= db->p_users.nprim; u++)
		if (db->p_user_val_to_name[u - 1] && (!p->user || strcmp(db->p_user_val_to_name[u - 1], "system_u") == 0))
			p->user = db->p_user_val_to_name[u - 1];
	p->level = db->mls && db->p_levels.nprim ? db->p_sens_val_to_name[0] : NULL;
	if (!p->user || (db->mls && !p->level)) {
		snprintf(err, errlen, "policy '%s' has no user or no sensitivity to build contexts from", p->path);
		return -1;
	}
	p->services = true;
	return 0;
}

static int type_sid(Policy *p, unsigned t, sepol_security_id_t *sid, char *err, size_t errlen)
{
	if (p->sids[t - 1]) {
		*sid = p->sids[t - 1];
		return 0;
	}
	const role_datum_t *sys = p->system_r ? p->db->role_val_to_struct[p->system_r - 1] : NULL;
	const char *role = sys && ebitmap_get_bit(&sys->types.types, t - 1) ? "system_r" : "object_r";
	char ctx[512];
	int n = snprintf(ctx, sizeof ctx, "%s:%s:%s%s%s", p->user, role, policy_type_name(p, t),
			 p->level ? ":" : "", p->level ? p->level : "");
	if (n < 0 || (size_t)n >= sizeof ctx || sepol_context_to_sid(ctx, (size_t)n, sid) < 0) {
		snprintf(err, errlen, "libsepol rejects the context '%s'", ctx);
		return -1;
	}
	p->sids[t - 1] = *sid;
	return 0;
}

int policy_compute_av(Policy *p, unsigned s, unsigned t, unsigned c, uint32_t requested,
		      uint32_t *allowed, unsigned *reason, char *err, size_t errlen)
{
	if (!p->services && start_services(p, err, errlen) < 0)
		return -1;
	sepol_security_id_t ssid, tsid;
	if (type_sid(p, s, &ssid, err, errlen) < 0 || type_sid(p, t, &tsid, err, errlen) < 0)
		return -1;
	struct sepol_av_decision avd;
	unsigned r = 0;
	if (sepol_compute_av_reason(ssid, tsid, (sepol_security_class_t)c, requested, &avd, &r) < 0) {
		snprintf(err, errlen, "libsepol cannot compute the access vector");
		return -1;
	}
	*allowed = avd.allowed;
	if (reason)
		*reason = r;
	return 0;
}
