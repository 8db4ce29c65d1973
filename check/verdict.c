/* verdict.c: judges one vector against the linked policy (see check.h). */
#include "check.h"
#include "portcheck.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <sepol/policydb/polcaps.h>
#include <sepol/policydb/services.h>

static void fail(Vector *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(Vector *v, const char *fmt, ...)
{
	char tmp[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	v->pass = false;
	if (v->reason.len)
		buf_puts(&v->reason, "\n");
	buf_puts(&v->reason, tmp);
}

/* a concrete type named by a vector, or 0 after recording why not */
static unsigned need_type(Check *c, Vector *v, const char *name)
{
	unsigned t = policy_type(c->pol, name);
	if (!t)
		fail(v, "unknown type '%s' in the policy", name);
	else if (policy_is_attr(c->pol, t))
		fail(v, "'%s' is an attribute, not a type", name);
	else
		return t;
	return 0;
}

/* the module's type prefix "M_" (from the header), or "" */
static const char *module_prefix(const Check *c, char *buf, size_t n)
{
	if (!c->hdr.present || !c->hdr.module)
		return "";
	snprintf(buf, n, "%s_", c->hdr.module);
	return buf;
}

/* the rules that grant any of `perms` for s -> t:c, one line each (base-wide
 * ones marked); returns the perms some rule that is not base-wide grants */
static uint32_t granting_rules(Check *c, Vector *v, unsigned s, unsigned t, unsigned cls, uint32_t perms)
{
	char pfx[256];
	const char *prefix = module_prefix(c, pfx, sizeof pfx);
	uint32_t closable = 0;
	policydb_t *db = policy_db(c->pol);
	ebitmap_node_t *sn, *tn;
	unsigned i, j;
	int shown = 0;
	ebitmap_for_each_positive_bit(&db->type_attr_map[s - 1], sn, i)
		ebitmap_for_each_positive_bit(&db->type_attr_map[t - 1], tn, j) {
			size_t n;
			const AvRule *r = policy_rules_for(c->pol, i + 1, j + 1, cls, AVTAB_ALLOWED, &n);
			for (size_t k = 0; k < n; k++) {
				if (!(r[k].data & perms))
					continue;
				char pb[1024];
				bool wide = *prefix && flow_rule_basewide(c->pol, &r[k], prefix);
				if (!wide)
					closable |= r[k].data & perms;
				if (shown++ < 8)
					fail(v, "  by allow %s %s:%s %s%s%s", policy_type_name(c->pol, i + 1),
					     policy_type_name(c->pol, j + 1), policy_class_name(c->pol, cls),
					     policy_perms_str(c->pol, cls, r[k].data & perms, pb, sizeof pb),
					     r[k].cond ? " [conditional, enabled]" : "",
					     wide ? " [base-wide: the base grants it to every domain]" : "");
			}
		}
	if (shown > 8)
		fail(v, "  and %d more rules", shown - 8);
	return closable;
}

static void check_av(Check *c, Vector *v)
{
	if (v->ntok < 5) {
		fail(v, "expected '%s SRC TGT CLASS PERM...'", v->tok[0]);
		return;
	}
	unsigned s = need_type(c, v, v->tok[1]);
	unsigned t = strcmp(v->tok[2], "self") == 0 ? s : need_type(c, v, v->tok[2]);
	unsigned cls = policy_class(c->pol, v->tok[3]);
	if (!cls)
		fail(v, "unknown class '%s' in the policy", v->tok[3]);
	if (!s || !t || !cls)
		return;
	uint32_t req = 0;
	for (int i = 4; i < v->ntok; i++) {
		uint32_t b = policy_perm(c->pol, cls, v->tok[i]);
		if (!b)
			fail(v, "class %s has no permission '%s' in the policy", v->tok[3], v->tok[i]);
		req |= b;
	}
	if (!v->pass && v->reason.len)
		return;
	uint32_t allowed;
	unsigned why;
	char err[512], pb[1024];
	if (policy_compute_av(c->pol, s, t, cls, req, &allowed, &why, err, sizeof err) < 0) {
		fail(v, "%s", err);
		return;
	}
	if (v->kind == V_ALLOW) {
		uint32_t missing = req & ~allowed;
		if (!missing)
			return;
		uint32_t te = policy_te_allowed(c->pol, s, t, cls);
		fail(v, "not allowed: %s", policy_perms_str(c->pol, cls, missing, pb, sizeof pb));
		if (missing & ~te)
			fail(v, "  no allow rule grants %s", policy_perms_str(c->pol, cls, missing & ~te, pb, sizeof pb));
		if (missing & te)
			fail(v, "  allow rules grant %s, but %s removes it", policy_perms_str(c->pol, cls, missing & te, pb, sizeof pb),
			     (why & SEPOL_COMPUTEAV_CONS) ? "a constraint" : (why & SEPOL_COMPUTEAV_RBAC) ? "role allow"
			     : (why & SEPOL_COMPUTEAV_BOUNDS) ? "a typebounds" : "libsepol");
	} else {
		uint32_t granted = req & allowed;
		if (!granted)
			return;
		fail(v, "allowed: %s", policy_perms_str(c->pol, cls, granted, pb, sizeof pb));
		uint32_t closable = granting_rules(c, v, s, t, cls, granted);
		if (!(granted & closable)) {
			v->open = true;
			fail(v, "open in the base: only base-wide grants allow it, a channel the module cannot close");
		}
	}
}

/* one conjunct of a transition: returns whether it holds, notes it in r */
static bool trans_part(Check *c, unsigned s, unsigned t, unsigned cls, uint32_t perm, const char *what,
		       Buf *r, char *err, size_t errlen, bool *error)
{
	uint32_t allowed = 0;
	if (policy_compute_av(c->pol, s, t, cls, perm, &allowed, NULL, err, errlen) < 0) {
		*error = true;
		return false;
	}
	bool ok = (allowed & perm) != 0;
	buf_printf(r, "%s  %s %s: allow %s %s:%s %s", r->len ? "\n" : "", ok ? "yes" : "NO ", what,
		   policy_type_name(c->pol, s), policy_type_name(c->pol, t), policy_class_name(c->pol, cls),
		   policy_perm_name(c->pol, cls, (unsigned)__builtin_ctz(perm)));
	return ok;
}

static void check_trans(Check *c, Vector *v)
{
	if (v->ntok != 4) {
		fail(v, "expected '%s SRC EXEC_TYPE NEW'", v->tok[0]);
		return;
	}
	unsigned s = need_type(c, v, v->tok[1]), e = need_type(c, v, v->tok[2]), nt = need_type(c, v, v->tok[3]);
	if (!s || !e || !nt)
		return;
	if (!c->c_process || !c->c_file || !c->p_transition || !c->p_entrypoint || !c->p_execute) {
		fail(v, "the policy lacks process transition or file entrypoint/execute");
		return;
	}
	Buf r = { 0 };
	unsigned tt = policy_type_transition(c->pol, s, e, c->c_process);
	bool has_tt = tt == nt;
	if (has_tt)
		buf_printf(&r, "  yes type_transition %s %s:process %s", v->tok[1], v->tok[2], v->tok[3]);
	else if (tt)
		buf_printf(&r, "  NO  type_transition %s %s:process goes to %s, not %s", v->tok[1], v->tok[2],
			   policy_type_name(c->pol, tt), v->tok[3]);
	else
		buf_printf(&r, "  NO  type_transition %s %s:process %s: no such rule", v->tok[1], v->tok[2], v->tok[3]);
	char err[512] = "";
	bool error = false;
	bool a = trans_part(c, s, nt, c->c_process, c->p_transition, "transition", &r, err, sizeof err, &error);
	bool b = trans_part(c, nt, e, c->c_file, c->p_entrypoint, "entrypoint", &r, err, sizeof err, &error);
	bool x = trans_part(c, s, e, c->c_file, c->p_execute, "execute", &r, err, sizeof err, &error);
	if (error) {
		fail(v, "%s", err);
	} else {
		bool all = has_tt && a && b && x;
		if (v->kind == V_TRANS && !all)
			fail(v, "the transition does not happen:\n%s", buf_str(&r));
		if (v->kind == V_NOTRANS && all)
			fail(v, "the transition happens:\n%s", buf_str(&r));
	}
	buf_free(&r);
}

static void check_noflow(Check *c, Vector *v)
{
	if (v->ntok != 3) {
		fail(v, "expected 'noflow SRC TGT'");
		return;
	}
	if (!c->flow) {
		fail(v, "%s", c->flow_err ? c->flow_err : "no flow analysis");
		return;
	}
	char err[512];
	int rc = flow_path(c->flow, v->tok[1], v->tok[2], &v->path, &v->npath, err, sizeof err);
	if (rc < 0) {
		fail(v, "%s", err);
	} else if (rc > 0) {
		/* without the base-wide grants: does the module's own policy
		 * still let it flow? */
		FlowStep *own;
		size_t nown;
		int rc2 = flow_path_in(c->flow, true, v->tok[1], v->tok[2], &own, &nown, err, sizeof err);
		if (rc2 > 0) {
			free(v->path);
			v->path = own;
			v->npath = nown;
		} else {
			free(own);
			v->open = true;
		}
		char pfx[256];
		const char *prefix = module_prefix(c, pfx, sizeof pfx);
		fail(v, "information flows from %s to %s in %zu step%s%s:", v->tok[1], v->tok[2], v->npath,
		     v->npath == 1 ? "" : "s", v->open ? ", only through base-wide grants" : "");
		for (size_t i = 0; i < v->npath; i++) {
			Buf s = { 0 };
			flow_step_str(c->flow, &v->path[i], &s);
			bool wide = *prefix && flow_rule_basewide(c->pol, &v->path[i].rule, prefix);
			fail(v, "  %zu. %s%s", i + 1, buf_str(&s),
			     wide ? " [base-wide: the base grants it to every domain]" : "");
			buf_free(&s);
		}
		if (v->open)
			fail(v, "open in the base: a channel the module cannot close (docs/checking.md)");
	}
}

void check_prepare(Check *c)
{
	c->c_process = policy_class(c->pol, "process");
	c->c_file = policy_class(c->pol, "file");
	c->p_transition = policy_perm(c->pol, c->c_process, "transition");
	c->p_entrypoint = policy_perm(c->pol, c->c_file, "entrypoint");
	c->p_execute = policy_perm(c->pol, c->c_file, "execute");
}

/* `policycap NAME`: the capability is on in the policy (libsepol's table of
 * the names the kernel knows; an unknown name fails). */
static void check_policycap(Check *c, Vector *v)
{
	if (v->ntok != 2) {
		fail(v, "expected 'policycap NAME'");
		return;
	}
	int cap = sepol_polcap_getnum(v->tok[1]);
	if (cap < 0) {
		fail(v, "no policy capability named '%s'", v->tok[1]);
		return;
	}
	if (!ebitmap_get_bit(&policy_db(c->pol)->policycaps, (unsigned)cap))
		fail(v, "the policy capability %s is off", v->tok[1]);
}

void check_evaluate(Check *c, Vector *v)
{
	v->pass = true;
	v->open = false;
	switch (v->kind) {
	case V_ALLOW:
	case V_DENY:
		check_av(c, v);
		break;
	case V_TRANS:
	case V_NOTRANS:
		check_trans(c, v);
		break;
	case V_NOFLOW:
		check_noflow(c, v);
		break;
	case V_PORTCON:
		v->pass = portcheck_vector(c->pol, v->tok, v->ntok, &v->reason);
		break;
	case V_POLICYCAP:
		check_policycap(c, v);
		break;
	case V_BAD:
		fail(v, "unknown vector kind '%s' (allow, deny, trans, notrans, noflow, portcon, policycap)",
		     v->tok[0]);
		break;
	}
	if (v->open)
		c->nopen++;
}
