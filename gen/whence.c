/* whence.c: the rule IR read backwards (see whence.h). */
#include "whence.h"

#include <string.h>

const IrType *whence_type(const Ir *ir, const char *name)
{
	for (const IrType *t = ir->types; t; t = t->next)
		if (strcmp(t->name, name) == 0)
			return t;
	return NULL;
}

static bool zone_owns(const Ir *ir, Arena *a, const Zone *z, const char *type, Owner *o)
{
	for (int r = 0; r < TR_COUNT; r++)
		if (strcmp(zone_type(a, ir->mod, z, (TypeRole)r), type) == 0) {
			o->zone = z;
			o->role = (TypeRole)r;
			return true;
		}
	return false;
}

bool whence_owner(const Ir *ir, Arena *a, const char *type, Owner *o)
{
	*o = (Owner){ .t = whence_type(ir, type) };
	for (int i = 0; i < ir->nattrs; i++)
		if (strcmp(ir->attrs[i], type) == 0) {
			o->attr = true;
			return true;
		}
	if (!o->t)
		return false;
	const Module *m = ir->mod;
	for (const Zone *z = m->launchers; z; z = z->next)
		if (zone_owns(ir, a, z, type, o))
			return true;
	for (const Zone *z = m->zones; z; z = z->next)
		if (zone_owns(ir, a, z, type, o))
			return true;
	static const char *const which[] = { "in", "out", "fifo" };
	for (const Channel *c = m->channels; c; c = c->next)
		for (size_t i = 0; i < sizeof which / sizeof which[0]; i++)
			if (strcmp(chan_type(a, m, c, which[i]), type) == 0) {
				o->chan = c;
				return true;
			}
	o->runtime = strcmp(runtime_type(a, m), type) == 0;
	return true;      /* a port type several zones share, or the like */
}

const Zone *whence_domain_zone(const Ir *ir, Arena *a, const char *type)
{
	Owner o;
	if (whence_owner(ir, a, type, &o) && o.zone && o.role == TR_DOMAIN)
		return o.zone;
	return NULL;
}

bool whence_covers(const Ir *ir, const char *name, const char *type)
{
	if (strcmp(name, type) == 0)
		return true;
	const IrType *t = whence_type(ir, type);
	if (!t)
		return false;
	for (int i = 0; i < t->nattrs; i++)
		if (strcmp(t->attrs[i], name) == 0)
			return true;
	return false;
}

bool whence_has_perm(const char *perms, const char *perm)
{
	size_t n = strlen(perm);
	for (const char *p = perms; *p;) {
		while (*p == ' ')
			p++;
		size_t k = strcspn(p, " ");
		if (k == n && memcmp(p, perm, n) == 0)
			return true;
		p += k;
	}
	return false;
}

int whence_rules(const Ir *ir, RuleKind k, const char *src, const char *tgt, const char *cls,
		 const char *perm, const IrRule **out, int max)
{
	int n = 0;
	/* the module's rules, then M_netcheck.cil's, whose host set is every
	 * domain but the module's */
	const IrRule *lists[2] = { ir->rules, ir->netcheck };
	for (int li = 0; li < 2; li++)
		for (const IrRule *r = lists[li]; r; r = r->next) {
			if (r->kind != k || strcmp(r->cls, cls) != 0 || !whence_has_perm(r->perms, perm))
				continue;
			bool host = li == 1 && ir->netcheck_host && strcmp(r->src, ir->netcheck_host) == 0;
			/* a type the module does not declare is the base's */
			bool src_ok = host ? !whence_type(ir, src) || (whence_covers(ir, "domain", src) &&
								       !whence_covers(ir, ir->own_attr, src))
					   : whence_covers(ir, r->src, src);
			if (!src_ok)
				continue;
			bool tgt_ok = strcmp(r->tgt, "self") == 0 ? strcmp(src, tgt) == 0
								  : whence_covers(ir, r->tgt, tgt);
			if (!tgt_ok)
				continue;
			if (n < max)
				out[n] = r;
			n++;
		}
	return n;
}

const IrFilecon *whence_filecon(const Ir *ir, const char *path)
{
	const IrFilecon *best = NULL;
	size_t best_len = 0;
	bool best_exact = false;
	for (const IrFilecon *f = ir->fcs; f; f = f->next) {
		if (f->inner)
			continue;                      /* the base's own label stays */
		size_t n = strlen(f->path);
		bool exact = strcmp(f->path, path) == 0;
		bool inside = f->tree && strncmp(f->path, path, n) == 0 && (path[n] == '/' || (n == 1 && f->path[0] == '/'));
		if (!exact && !inside)
			continue;
		if (!best || (exact && !best_exact) || (exact == best_exact && n > best_len)) {
			best = f;
			best_len = n;
			best_exact = exact;
		}
	}
	return best;
}

const char *whence_zone_label(Arena *a, const Zone *z)
{
	if (z->kind == ZK_LAUNCHER)
		return "the launcher";
	return arena_printf(a, "%s %s", z->kind == ZK_VM ? "vm" : "program", z->name->name);
}
