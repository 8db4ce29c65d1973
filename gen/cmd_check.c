/* cmd_check.c: `zonepolicy check --policy POLICY FILE.vectors`.
 *
 * Reads a binary kernel policy (nothing else: never the module it checks)
 * and judges each vector of spec section 6 against it:
 *
 *   allow/deny  the access vector libsepol computes for the pair (attributes,
 *               conditional rules at their stored values, constraints);
 *   trans       type_transition SRC EXEC:process -> NEW, and SRC may
 *               transition to NEW, NEW may enter through EXEC, SRC may
 *               execute EXEC; notrans: not all four;
 *   noflow      flow.c's analysis, with the module, launcher and trusted
 *               zones from the header line
 *               `# zonepolicy: module NAME launcher TYPE|- trusted TYPE...`.
 *
 * Every failure is printed with its file and line, the vector, its origin
 * comment and the reason; the last line is `N passed, N failed`.  Exit 0
 * when none failed, 1 when some did, 2 on usage errors or unreadable input.
 */
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sepol/policydb/services.h>

#include "buf.h"
#include "cli.h"
#include "flow.h"
#include "jsonout.h"
#include "permmap.h"
#include "polview.h"
#include "reach.h"

static const char check_usage[] =
	"usage: zonepolicy check --policy POLICY [OPTIONS] FILE.vectors\n"
	"\n"
	"Evaluates test vectors (spec section 6) against a binary kernel policy,\n"
	"prints each failure and ends with 'N passed, N failed'.\n"
	"\n"
	"  --policy POLICY    the linked binary policy (zonepolicy link)\n"
	"  --json             a machine-readable report of every vector instead\n"
	"  --leaks            add the base-policy leak report (ambient grants)\n"
	"  --perm-map FILE    permission map (default: setools' perm_map)\n"
	"  --verbose          print passing vectors too\n"
	"  --stats            timings and graph size on stderr\n"
	"\n"
	"Exit status: 0 all passed, 1 some failed, 2 usage error or unreadable input.\n";

enum { MAX_TOK = 40 };

typedef enum { V_ALLOW, V_DENY, V_TRANS, V_NOTRANS, V_NOFLOW, V_BAD } VKind;

typedef struct Vector {
	unsigned line;
	VKind kind;
	char *text;            /* the vector, normalised whitespace */
	char *origin;          /* the comment after '#', or "" */
	char *tok[MAX_TOK];
	int ntok;
	bool pass;
	Buf reason;
	FlowStep *path;
	size_t npath;
} Vector;

typedef struct Header {
	bool present;
	char *module, *launcher;
	char **trusted;
	size_t ntrusted;
} Header;

typedef struct Check {
	const char *vfile;
	Policy *pol;
	const PermMap *pm;
	Flow *flow;
	const char *flow_err;
	Header hdr;
	Vector *v;
	size_t n, cap;
	unsigned c_process, c_file;
	uint32_t p_transition, p_entrypoint, p_execute;
} Check;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		abort();
	return d;
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* `zonepolicy: module NAME launcher TYPE|- trusted TYPE...` */
static int parse_header(Header *h, char *text, char *err, size_t errlen)
{
	char *save = NULL;
	char *w[MAX_TOK];
	int n = 0;
	for (char *t = strtok_r(text, " \t", &save); t && n < MAX_TOK; t = strtok_r(NULL, " \t", &save))
		w[n++] = t;
	if (n < 5 || strcmp(w[0], "module") != 0 || strcmp(w[2], "launcher") != 0 || strcmp(w[4], "trusted") != 0) {
		snprintf(err, errlen, "expected '# zonepolicy: module NAME launcher TYPE|- trusted TYPE...'");
		return -1;
	}
	h->present = true;
	h->module = xstrdup(w[1]);
	h->launcher = strcmp(w[3], "-") == 0 ? NULL : xstrdup(w[3]);
	h->ntrusted = (size_t)(n - 5);
	h->trusted = calloc(h->ntrusted ? h->ntrusted : 1, sizeof *h->trusted);
	if (!h->trusted)
		abort();
	for (int i = 5; i < n; i++)
		h->trusted[i - 5] = xstrdup(w[i]);
	return 0;
}

static Vector *new_vector(Check *c)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->v = realloc(c->v, c->cap * sizeof *c->v);
		if (!c->v)
			abort();
	}
	Vector *v = &c->v[c->n++];
	memset(v, 0, sizeof *v);
	return v;
}

static int read_vectors(Check *c, char *err, size_t errlen)
{
	FILE *f = fopen(c->vfile, "r");
	if (!f) {
		snprintf(err, errlen, "cannot read '%s'", c->vfile);
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	int rc = 0;
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		char *hash = strchr(line, '#');
		char *comment = "";
		if (hash) {
			*hash = '\0';
			comment = trim(hash + 1);
			if (strncmp(comment, "zonepolicy:", 11) == 0) {
				if (c->hdr.present) {
					snprintf(err, errlen, "%s:%u: a second '# zonepolicy:' header", c->vfile, lineno);
					rc = -1;
					break;
				}
				char herr[256];
				if (parse_header(&c->hdr, comment + 11, herr, sizeof herr) < 0) {
					snprintf(err, errlen, "%s:%u: %s", c->vfile, lineno, herr);
					rc = -1;
					break;
				}
				continue;
			}
		}
		char *body = trim(line);
		if (!*body)
			continue;
		Vector *v = new_vector(c);
		v->line = lineno;
		v->origin = xstrdup(comment);
		Buf norm = { 0 };
		char *save = NULL;
		for (char *t = strtok_r(body, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
			buf_printf(&norm, "%s%s", norm.len ? " " : "", t);
			if (v->ntok < MAX_TOK)
				v->tok[v->ntok++] = xstrdup(t);
		}
		v->text = xstrdup(buf_str(&norm));
		buf_free(&norm);
		const char *k = v->tok[0];
		v->kind = strcmp(k, "allow") == 0 ? V_ALLOW : strcmp(k, "deny") == 0 ? V_DENY
			: strcmp(k, "trans") == 0 ? V_TRANS : strcmp(k, "notrans") == 0 ? V_NOTRANS
			: strcmp(k, "noflow") == 0 ? V_NOFLOW : V_BAD;
	}
	free(line);
	fclose(f);
	return rc;
}

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

/* the rules that grant any of `perms` for s -> t:c, one line each */
static void granting_rules(Check *c, Vector *v, unsigned s, unsigned t, unsigned cls, uint32_t perms)
{
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
				if (shown++ < 8)
					fail(v, "  by allow %s %s:%s %s%s", policy_type_name(c->pol, i + 1),
					     policy_type_name(c->pol, j + 1), policy_class_name(c->pol, cls),
					     policy_perms_str(c->pol, cls, r[k].data & perms, pb, sizeof pb),
					     r[k].cond ? " [conditional, enabled]" : "");
			}
		}
	if (shown > 8)
		fail(v, "  and %d more rules", shown - 8);
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
		granting_rules(c, v, s, t, cls, granted);
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
		fail(v, "information flows from %s to %s in %zu step%s:", v->tok[1], v->tok[2], v->npath, v->npath == 1 ? "" : "s");
		for (size_t i = 0; i < v->npath; i++) {
			Buf s = { 0 };
			flow_step_str(c->flow, &v->path[i], &s);
			fail(v, "  %zu. %s", i + 1, buf_str(&s));
			buf_free(&s);
		}
	}
}

static void evaluate(Check *c, Vector *v)
{
	v->pass = true;
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
	case V_BAD:
		fail(v, "unknown vector kind '%s' (allow, deny, trans, notrans, noflow)", v->tok[0]);
		break;
	}
}

static const char *kind_name(VKind k)
{
	static const char *const names[] = { "allow", "deny", "trans", "notrans", "noflow", "bad" };
	return names[k];
}

static void report_json(Check *c, const char *policy, Buf *out, size_t pass, size_t failn, bool leaks)
{
	buf_puts(out, "{\n  \"policy\": ");
	json_str(out, policy);
	buf_puts(out, ",\n  \"vectors\": ");
	json_str(out, c->vfile);
	if (c->hdr.present) {
		buf_puts(out, ",\n  \"module\": ");
		json_str(out, c->hdr.module);
		buf_puts(out, ", \"launcher\": ");
		if (c->hdr.launcher)
			json_str(out, c->hdr.launcher);
		else
			buf_puts(out, "null");
		buf_puts(out, ", \"trusted\": [");
		for (size_t i = 0; i < c->hdr.ntrusted; i++) {
			buf_puts(out, i ? ", " : "");
			json_str(out, c->hdr.trusted[i]);
		}
		buf_puts(out, "]");
	}
	buf_puts(out, ",\n  \"results\": [");
	for (size_t i = 0; i < c->n; i++) {
		Vector *v = &c->v[i];
		buf_printf(out, "%s\n    {\"line\": %u, \"kind\": \"%s\", \"vector\": ", i ? "," : "", v->line,
			   kind_name(v->kind));
		json_str(out, v->text);
		buf_puts(out, ", \"origin\": ");
		json_str(out, v->origin);
		buf_printf(out, ", \"pass\": %s", v->pass ? "true" : "false");
		if (!v->pass) {
			buf_puts(out, ", \"reason\": ");
			json_str(out, buf_str(&v->reason));
		}
		if (v->npath) {
			buf_puts(out, ", \"path\": [");
			for (size_t k = 0; k < v->npath; k++) {
				const FlowStep *s = &v->path[k];
				Buf rs = { 0 };
				flow_step_str(c->flow, s, &rs);
				buf_puts(out, k ? ", {\"from\": " : "{\"from\": ");
				json_str(out, policy_type_name(c->pol, s->from));
				buf_puts(out, ", \"to\": ");
				json_str(out, policy_type_name(c->pol, s->to));
				buf_puts(out, ", \"subject\": ");
				json_str(out, policy_type_name(c->pol, s->subject));
				buf_printf(out, ", \"dir\": \"%c\", \"weight\": %d, \"step\": ", s->dir, s->weight);
				json_str(out, buf_str(&rs));
				buf_puts(out, "}");
				buf_free(&rs);
			}
			buf_puts(out, "]");
		}
		buf_puts(out, "}");
	}
	buf_puts(out, "\n  ]");
	if (leaks && c->flow) {
		buf_puts(out, ",\n  \"leaks\": ");
		flow_leaks(c->flow, out, true);
		buf_puts(out, ",\n  \"remains\": ");
		reach_report(c->pol, c->pm, c->hdr.module, out, true);
	}
	buf_printf(out, ",\n  \"passed\": %zu,\n  \"failed\": %zu\n}\n", pass, failn);
}

static void free_check(Check *c)
{
	for (size_t i = 0; i < c->n; i++) {
		Vector *v = &c->v[i];
		for (int k = 0; k < v->ntok; k++)
			free(v->tok[k]);
		free(v->text);
		free(v->origin);
		buf_free(&v->reason);
		free(v->path);
	}
	free(c->v);
	free(c->hdr.module);
	free(c->hdr.launcher);
	for (size_t i = 0; i < c->hdr.ntrusted; i++)
		free(c->hdr.trusted[i]);
	free(c->hdr.trusted);
	flow_free(c->flow);
	policy_free(c->pol);
}

int cmd_check(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "policy", required_argument, NULL, 'p' },
		{ "json", no_argument, NULL, 'j' },
		{ "leaks", no_argument, NULL, 'l' },
		{ "perm-map", required_argument, NULL, 'm' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "stats", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	const char *policy = NULL, *pmpath = PERMMAP_DEFAULT;
	bool json = false, leaks = false, verbose = false, stats = false;
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "hv", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p': policy = optarg; break;
		case 'j': json = true; break;
		case 'l': leaks = true; break;
		case 'm': pmpath = optarg; break;
		case 'v': verbose = true; break;
		case 's': stats = true; break;
		case 'h': fputs(check_usage, stdout); return EXIT_OK;
		default: fputs(check_usage, stderr); return EXIT_USAGE;
		}
	}
	if (!policy || optind != argc - 1) {
		fputs(check_usage, stderr);
		return EXIT_USAGE;
	}
	Check c = { 0 };
	c.vfile = argv[optind];
	char err[4096];
	PermMap *pm = NULL;
	int status = EXIT_USAGE;
	double t0 = now();
	if (read_vectors(&c, err, sizeof err) < 0) {
		fprintf(stderr, "zonepolicy: check: %s\n", err);
		goto out;
	}
	if (!(c.pol = policy_load(policy, err, sizeof err))) {
		fprintf(stderr, "zonepolicy: check: %s\n", err);
		goto out;
	}
	double t1 = now();
	c.c_process = policy_class(c.pol, "process");
	c.c_file = policy_class(c.pol, "file");
	c.p_transition = policy_perm(c.pol, c.c_process, "transition");
	c.p_entrypoint = policy_perm(c.pol, c.c_file, "entrypoint");
	c.p_execute = policy_perm(c.pol, c.c_file, "execute");
	bool need_flow = leaks;
	for (size_t i = 0; i < c.n; i++)
		need_flow |= c.v[i].kind == V_NOFLOW;
	double t2 = t1;
	if (need_flow) {
		if (!c.hdr.present) {
			c.flow_err = "the vectors file has no '# zonepolicy: module NAME launcher TYPE|- trusted TYPE...' "
				     "header: the flow analysis needs the module, its launcher and its trusted zones";
		} else if (!(pm = permmap_load(pmpath, err, sizeof err))) {
			fprintf(stderr, "zonepolicy: check: %s\n", err);
			goto out;
		} else {
			c.pm = pm;
			FlowCfg cfg = { c.hdr.module, c.hdr.launcher, (const char *const *)c.hdr.trusted, c.hdr.ntrusted };
			if (!(c.flow = flow_build(c.pol, pm, &cfg, err, sizeof err))) {
				fprintf(stderr, "zonepolicy: check: %s\n", err);
				goto out;
			}
		}
		t2 = now();
	}
	size_t pass = 0, failn = 0, nflow = 0;
	double tflow = 0;
	for (size_t i = 0; i < c.n; i++) {
		double a = now();
		evaluate(&c, &c.v[i]);
		if (c.v[i].kind == V_NOFLOW) {
			tflow += now() - a;
			nflow++;
		}
		if (c.v[i].pass)
			pass++;
		else
			failn++;
	}
	double t3 = now();
	Buf out = { 0 };
	if (json) {
		report_json(&c, policy, &out, pass, failn, leaks);
	} else {
		for (size_t i = 0; i < c.n; i++) {
			Vector *v = &c.v[i];
			if (v->pass && !verbose)
				continue;
			buf_printf(&out, "%s:%u: %s: %s%s%s\n", c.vfile, v->line, v->pass ? "ok" : "FAIL", v->text,
				   *v->origin ? "  # " : "", v->origin);
			if (v->pass)
				continue;
			/* the reason, every line indented */
			const char *r = buf_str(&v->reason);
			while (*r) {
				size_t len = strcspn(r, "\n");
				buf_printf(&out, "    %.*s\n", (int)len, r);
				r += len + (r[len] == '\n');
			}
		}
		if (leaks && c.flow) {
			flow_leaks(c.flow, &out, false);
			reach_report(c.pol, pm, c.hdr.module, &out, false);
		} else if (leaks)
			buf_printf(&out, "# no leak report: %s\n", c.flow_err);
		buf_printf(&out, "%zu passed, %zu failed\n", pass, failn);
	}
	fputs(buf_str(&out), stdout);
	buf_free(&out);
	if (stats) {
		size_t nn = 0, ne = 0, na = 0;
		if (c.flow)
			flow_stats(c.flow, &nn, &ne, &na);
		fprintf(stderr,
			"check: load %.3f s; flow graph %.3f s (%zu types, %zu edges, %zu ambient); "
			"%zu vectors in %.3f s (%.0f/s), of which %zu noflow in %.4f s\n",
			t1 - t0, t2 - t1, nn, ne, na, c.n, t3 - t2, (t3 - t2) > 0 ? (double)c.n / (t3 - t2) : 0.0,
			nflow, tflow);
	}
	status = failn ? EXIT_ERRORS : EXIT_OK;
out:
	permmap_free(pm);
	free_check(&c);
	return status;
}
