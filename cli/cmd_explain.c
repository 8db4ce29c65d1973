/* cmd_explain.c: `zonepolicy explain FILE.zone TYPE|RULE|PATH|VECTOR`.
 *
 * Compiles the file in memory and answers from its rule IR, read
 * backwards by gen/whence.c (every IR element keeps the .zone line and
 * statement it came from):
 *
 *   TYPE     a generated type: the statement that declares it, its zone,
 *            its attributes and the paths it labels;
 *   PATH     a path's label: the module's file context (and the statement
 *            behind it) or the base's (type and entry), and the statements
 *            that name the path;
 *   RULE     `allow S T:C P;` or `allow S T:C { P ... };`, per permission:
 *            the statements that give it, the module's neverallow that
 *            forbids it, or, with --policy (a linked policy), the base's
 *            rule on its attributes;
 *   VECTOR   a line of a vectors file, as `check` prints it (FILE:LINE:
 *            FAIL: allow|deny S T C P... # origin): for allow, what should
 *            grant each permission; for deny, what forbids it, and the
 *            module's own rule if the module grants it after all.
 */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "polview.h"
#include "whence.h"
#include "zonein.h"

static const char explain_usage[] =
	"usage: zonepolicy explain [OPTIONS] FILE.zone TYPE|RULE|PATH|VECTOR\n"
	"\n"
	"The .zone line and statement behind a generated type (ltrial_reader_conf_t),\n"
	"a rule (\"allow S T:C { P ... };\", answered per permission), a path's\n"
	"label (/etc/sw/gateway.conf), or a vector line as `check` prints it (the\n"
	"statement that should have granted or forbidden it).\n"
	"\n"
	"      --policy POLICY     a linked binary policy: a permission the module does\n"
	"                          not give is looked up among the base's rules\n"
	ZONEIN_USAGE
	"  -h, --help              this help\n";

typedef struct Ex {
	ZoneIn *z;
	Policy *pol;
	Buf *out;
	Arena a;
} Ex;

static const char *src_line(const ZoneIn *z, unsigned line)
{
	const char *p = z->text;
	for (unsigned l = 1; l < line && p; l++) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return "";
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* "FILE:LINE: what" and the source line below it. */
static void origin(Ex *e, const char *indent, Origin o)
{
	const char *l = src_line(e->z, o.loc.line);
	buf_printf(e->out, "%s%s:%u: %s\n%s    | %.*s\n", indent, e->z->file, o.loc.line, o.what, indent,
		   (int)strcspn(l, "\n"), l);
}

static const char *owner_text(Ex *e, const Owner *o)
{
	static const char *const role[TR_COUNT] = {
		[TR_DOMAIN] = "domain", [TR_EXEC] = "entry file", [TR_CONF] = "config", [TR_LOG] = "log",
		[TR_DISK] = "disk", [TR_SOCK] = "socket", [TR_TMP] = "tmp files", [TR_PORT] = "port",
	};
	if (o->zone)
		return arena_printf(&e->a, "the %s of %s", role[o->role], whence_zone_label(&e->a, o->zone));
	if (o->chan)
		return arena_printf(&e->a, "a FIFO of channel %s", o->chan->name->name);
	if (o->runtime)
		return "the module's runtime directory";
	if (o->attr)
		return "an attribute of the module";
	return "a type of the module";
}

static int explain_type(Ex *e, const char *name)
{
	Owner o;
	if (!whence_owner(&e->z->c.ir, &e->a, name, &o)) {
		bool base = e->z->base && basepol_has_type(e->z->base, name);
		buf_printf(e->out, "%s: not the module's: %s\n", name,
			   base ? "a type or attribute of the base policy" : "no type of the module or the base policy");
		return base ? EXIT_OK : EXIT_ERRORS;
	}
	buf_printf(e->out, "%s: %s\n", name, owner_text(e, &o));
	if (o.attr) {
		buf_printf(e->out, "  declared by:\n");
		origin(e, "    ", e->z->c.ir.own_attr_o);
		buf_printf(e->out, "  members:");
		for (const IrType *t = e->z->c.ir.types; t; t = t->next)
			for (int i = 0; i < t->nattrs; i++)
				if (strcmp(t->attrs[i], name) == 0)
					buf_printf(e->out, " %s", t->name);
		buf_puts(e->out, "\n");
		return EXIT_OK;
	}
	buf_printf(e->out, "  declared by:\n");
	origin(e, "    ", o.t->o);
	if (o.t->nattrs) {
		buf_printf(e->out, "  attributes:");
		for (int i = 0; i < o.t->nattrs; i++)
			buf_printf(e->out, " %s", o.t->attrs[i]);
		buf_puts(e->out, "\n");
	}
	for (const IrFilecon *f = e->z->c.ir.fcs; f; f = f->next)
		if (strcmp(f->type, name) == 0 && !f->inner) {
			buf_printf(e->out, "  labels %s%s, from:\n", f->path, f->tree ? "/ and everything below" : "");
			origin(e, "    ", f->o);
		}
	return EXIT_OK;
}

static int explain_path(Ex *e, const char *arg)
{
	size_t n = strlen(arg);
	bool dir = n > 1 && arg[n - 1] == '/';
	const char *path = dir ? arena_strndup(&e->a, arg, n - 1) : arg;
	const IrFilecon *f = whence_filecon(&e->z->c.ir, path);
	if (f) {
		buf_printf(e->out, "%s: %s, the module's file context (%s%s), from:\n", arg, f->type, f->path,
			   f->tree ? "/ and below" : "");
		origin(e, "  ", f->o);
	} else {
		BaseLabel b = basefc_label(e->z->bo.fc, path, dir ? 'd' : 'f');
		const char *entry = b.type ? basefc_entry(e->z->bo.fc, path, dir ? 'd' : 'f') : NULL;
		if (!b.type)
			buf_printf(e->out, "%s: the base's file contexts give it no type\n", arg);
		else if (entry)
			buf_printf(e->out, "%s: %s, the base's (entry %s)\n", arg, b.type, entry);
		else
			buf_printf(e->out, "%s: %s, the base's (no entry of its own: its directory's type)\n", arg,
				   b.type);
	}
	/* the statements that name it, or a directory above it */
	const Module *m = &e->z->c.mod;
	for (int pass = 0; pass < 2; pass++)
		for (const Zone *z = pass ? m->zones : m->launchers; z; z = z->next)
			for (const Stmt *s = z->body; s; s = s->next) {
				if (!stmt_has_path(s->kind))
					continue;
				size_t dn = strlen(s->dir);
				bool names = strcmp(s->dir, path) == 0 ||
					     (s->is_dir && strncmp(s->dir, path, dn) == 0 && path[dn] == '/');
				if (names) {
					buf_printf(e->out, "  named by %s:\n", whence_zone_label(&e->a, z));
					const char *l = src_line(e->z, s->loc.line);
					buf_printf(e->out, "    %s:%u: %.*s\n", e->z->file, s->loc.line,
						   (int)strcspn(l, "\n"), l);
				}
			}
	return EXIT_OK;
}

/* The base's rules that give perm, from a linked policy: those whose
 * source and target are not the module's. */
static bool from_base(Ex *e, const char *src, const char *tgt, const char *cls, const char *perm)
{
	if (!e->pol)
		return false;
	unsigned s = policy_type(e->pol, src), t = policy_type(e->pol, tgt), c = policy_class(e->pol, cls);
	uint32_t bit = c ? policy_perm(e->pol, c, perm) : 0;
	if (!s || !t || !bit)
		return false;
	size_t n;
	const AvRule *r = policy_rules(e->pol, &n);
	bool found = false;
	for (size_t i = 0; i < n; i++) {
		if (r[i].kind != AVTAB_ALLOWED || r[i].cls != c || !(r[i].data & bit) ||
		    !policy_type_in(e->pol, s, r[i].src) || !policy_type_in(e->pol, t, r[i].tgt))
			continue;
		const char *rs = policy_type_name(e->pol, r[i].src), *rt = policy_type_name(e->pol, r[i].tgt);
		Owner o;
		if (whence_owner(&e->z->c.ir, &e->a, rs, &o) || whence_owner(&e->z->c.ir, &e->a, rt, &o)) {
			/* the module's rule on a base attribute (files_unconfined_type):
			 * the policy knows its members, the IR its origin */
			for (const IrRule *ir = e->z->c.ir.rules; ir; ir = ir->next)
				if (ir->kind == R_ALLOW && strcmp(ir->src, rs) == 0 && strcmp(ir->tgt, rt) == 0 &&
				    strcmp(ir->cls, cls) == 0 && whence_has_perm(ir->perms, perm)) {
					buf_printf(e->out, "    granted through %s %s, by\n", rs, rt);
					origin(e, "      ", ir->o);
					found = true;
					break;
				}
			continue;
		}
		buf_printf(e->out, "    from the base: %s %s to %s %s%s\n",
			   policy_is_attr(e->pol, r[i].src) ? "attribute" : "type", rs,
			   policy_is_attr(e->pol, r[i].tgt) ? "attribute" : "type", rt, r[i].cond ? " (a boolean's)" : "");
		found = true;
	}
	return found;
}

/* Every permission of S T:C, one by one: which statements give it, which
 * neverallow forbids it.  deny: a deny vector (then a grant is the fault).
 * Returns how many permissions nothing in the module gives. */
static int per_perm(Ex *e, const char *src, const char *tgt, const char *cls, char **perms, int np, bool deny)
{
	const Ir *ir = &e->z->c.ir;
	int none = 0;
	for (int i = 0; i < np; i++) {
		const IrRule *r[16];
		int n = whence_rules(ir, R_ALLOW, src, tgt, cls, perms[i], r, 16);
		buf_printf(e->out, "  %s:", perms[i]);
		if (n) {
			buf_printf(e->out, " %s by\n", deny ? "GRANTED (the vector's fault is here)" : "granted");
			for (int k = 0; k < n && k < 16; k++)
				origin(e, "    ", r[k]->o);
		}
		const IrRule *nv[4];
		int nn = whence_rules(ir, R_NEVERALLOW, src, tgt, cls, perms[i], nv, 4);
		if (nn) {
			buf_printf(e->out, "%s forbidden (neverallow) by\n", n ? "  and" : "");
			for (int k = 0; k < nn && k < 4; k++)
				origin(e, "    ", nv[k]->o);
		}
		if (!n && !nn) {
			const IrRule *da;
			if (whence_rules(ir, R_DONTAUDIT, src, tgt, cls, perms[i], &da, 1)) {
				buf_printf(e->out, " not granted; its denial is not logged, by\n");
				origin(e, "    ", da->o);
			} else {
				buf_printf(e->out, " no rule of the module names these types\n");
			}
			none++;
			from_base(e, src, tgt, cls, perms[i]);
		}
	}
	return none;
}

/* Why a deny vector's access is refused: whose the target is. */
static void deny_reason(Ex *e, const char *src, const char *tgt)
{
	const Ir *ir = &e->z->c.ir;
	const Zone *sz = whence_domain_zone(ir, &e->a, src);
	Owner o;
	if (!whence_owner(ir, &e->a, tgt, &o)) {
		buf_printf(e->out, "  %s is the base's: nothing in the file grants it\n", tgt);
		return;
	}
	buf_printf(e->out, "  %s is %s%s\n", tgt, owner_text(e, &o),
		   sz && o.zone && o.zone != sz ? ": one zone never reaches another zone or its files" :
		   sz && o.zone == sz ? ": the kind of its statement limits what the zone gets" : "");
	if (o.t)
		origin(e, "    ", o.t->o);
}

/* Splits s at white space into at most max words (s is modified). */
static int words(char *s, char **w, int max)
{
	int n = 0;
	for (char *p = strtok(s, " \t\n{};"); p && n < max; p = strtok(NULL, " \t\n{};"))
		w[n++] = p;
	return n;
}

static int explain_rule(Ex *e, char *text)
{
	char *w[64];
	int n = words(text, w, 64);
	char *colon = n >= 3 ? strchr(w[2], ':') : NULL;
	if (n < 4 || strcmp(w[0], "allow") != 0 || !colon) {
		fputs("zonepolicy: a rule is `allow S T:C P;` or `allow S T:C { P ... };`\n", stderr);
		return EXIT_USAGE;
	}
	*colon = 0;
	const char *tgt = strcmp(w[2], "self") == 0 ? w[1] : w[2];
	buf_printf(e->out, "allow %s %s:%s\n", w[1], w[2], colon + 1);
	per_perm(e, w[1], tgt, colon + 1, w + 3, n - 3, false);
	return EXIT_OK;
}

static int explain_vector(Ex *e, char *text)
{
	char *hash = strchr(text, '#');
	const char *note = hash ? hash + 1 : NULL;
	if (hash)
		*hash = 0;
	char *w[64];
	int n = words(text, w, 64);
	bool deny = n && strcmp(w[0], "deny") == 0;
	if (n < 5 || (!deny && strcmp(w[0], "allow") != 0)) {
		if (n >= 3 && (strcmp(w[0], "trans") == 0 || strcmp(w[0], "notrans") == 0 || strcmp(w[0], "noflow") == 0)) {
			buf_printf(e->out, "%s %s %s%s%s: ", w[0], w[1], w[2], n > 3 ? " " : "", n > 3 ? w[3] : "");
			Owner o;
			const char *t = strcmp(w[0], "noflow") == 0 ? w[2] : n > 3 ? w[3] : w[2];
			if (whence_owner(&e->z->c.ir, &e->a, t, &o) && o.t) {
				buf_printf(e->out, "%s is %s\n", t, owner_text(e, &o));
				origin(e, "  ", o.t->o);
			} else {
				buf_printf(e->out, "%s is not the module's\n", t);
			}
			if (n > 3 && strcmp(w[0], "noflow") != 0) {
				bool any = false;
				for (const IrRule *r = e->z->c.ir.rules; r; r = r->next)
					if (r->kind == R_TYPE_TRANS && strcmp(r->cls, "process") == 0 &&
					    strcmp(r->newtype, w[3]) == 0 && whence_covers(&e->z->c.ir, r->src, w[1]) &&
					    whence_covers(&e->z->c.ir, r->tgt, w[2])) {
						buf_printf(e->out, "  the module's type transition, from\n");
						origin(e, "    ", r->o);
						any = true;
					}
				if (!any)
					buf_printf(e->out, "  no type transition of the module leads there\n");
			}
			if (strcmp(w[0], "noflow") == 0)
				for (const Assert *as = e->z->c.mod.asserts; as; as = as->next)
					if (as->from.sym->zone && as->to.sym->zone &&
					    strcmp(zone_type(&e->a, &e->z->c.mod, as->from.sym->zone, TR_DOMAIN), w[1]) == 0 &&
					    strcmp(zone_type(&e->a, &e->z->c.mod, as->to.sym->zone, TR_DOMAIN), w[2]) == 0) {
						const char *l = src_line(e->z, as->loc.line);
						buf_printf(e->out, "  asserted at %s:%u: %.*s\n", e->z->file, as->loc.line,
							   (int)strcspn(l, "\n"), l);
					}
			return EXIT_OK;
		}
		fputs("zonepolicy: a vector is `allow|deny S T C P...` (or trans, notrans, noflow)\n", stderr);
		return EXIT_USAGE;
	}
	buf_printf(e->out, "%s %s %s %s", w[0], w[1], w[2], w[3]);
	for (int i = 4; i < n; i++)
		buf_printf(e->out, " %s", w[i]);
	buf_puts(e->out, "\n");
	if (note) {
		while (*note == ' ')
			note++;
		buf_printf(e->out, "  the vector's origin: %.*s\n", (int)strcspn(note, "\n"), note);
	}
	per_perm(e, w[1], w[2], w[3], w + 4, n - 4, deny);
	if (deny)
		deny_reason(e, w[1], w[2]);
	return EXIT_OK;
}

/* A line as `check` prints it: "FILE:LINE: FAIL: " before the vector. */
static char *strip_check_prefix(char *s)
{
	char *p = strstr(s, ": FAIL: ");
	if (p)
		return p + strlen(": FAIL: ");
	p = strstr(s, ": ok: ");
	return p ? p + strlen(": ok: ") : s;
}

int cmd_explain(int argc, char **argv)
{
	static const struct option longopts[] = {
		ZONEIN_LONGOPTS,
		{ "policy", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	ZoneIn z;
	zonein_defaults(&z);
	const char *polpath = NULL;
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (zonein_option(&z, ch, optarg))
			continue;
		if (ch == 'P') {
			polpath = optarg;
			continue;
		}
		if (ch == 'h') {
			fputs(explain_usage, stdout);
			return EXIT_OK;
		}
		fputs(explain_usage, stderr);
		return EXIT_USAGE;
	}
	if (argc - optind != 2) {
		fputs(explain_usage, stderr);
		return EXIT_USAGE;
	}
	Ex e = { .z = &z };
	arena_init(&e.a);
	int status = EXIT_OK;
	if (polpath) {
		char err[1024];
		e.pol = policy_load(polpath, err, sizeof err);
		if (!e.pol) {
			fprintf(stderr, "zonepolicy: %s\n", err);
			status = EXIT_ERRORS;
		}
	}
	if (status == EXIT_OK)
		status = zonein_compile(&z, argv[optind]);
	Buf out = { 0 };
	e.out = &out;
	if (status == EXIT_OK) {
		char *q = arena_strndup(&e.a, argv[optind + 1], strlen(argv[optind + 1]));
		q = strip_check_prefix(q);
		while (isspace((unsigned char)*q))
			q++;
		if (*q == '/')
			status = explain_path(&e, q);
		else if (strncmp(q, "allow ", 6) == 0 && strchr(q, ':') && !strstr(q, "# "))
			status = explain_rule(&e, q);
		else if (strchr(q, ' '))
			status = explain_vector(&e, q);
		else
			status = explain_type(&e, q);
		fwrite(buf_str(&out), 1, out.len, stdout);
	}
	buf_free(&out);
	policy_free(e.pol);
	arena_free(&e.a);
	zonein_free(&z);
	return status;
}
