/* learn.c: AVC denials mapped back to the statements of a .zone file (see
 * learn.h).
 *
 * Three steps: read the records into groups (one per domain, target type
 * and class, with their permissions, paths, names and ports); give each
 * group a verdict, the module's own types first (whence.c: whose type it
 * is), then a candidate statement for a base type, built in process with
 * the statement added; print.  Candidate builds are kept, so a later group
 * that an earlier statement already grants is "covered" by it.
 */
#include "learn.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "lower.h"
#include "whence.h"
#include "xalloc.h"

enum { MAX_PERMS = 32, MAX_VALS = 8, MAX_CANDS = 256 };

typedef struct Group {
	struct Group *next;
	const char *src, *tgt, *cls;
	const char *cap;         /* capability classes: one group a capability */
	const char *perms[MAX_PERMS];
	int nperms;
	const char *paths[MAX_VALS];  /* absolute paths, sorted */
	int npaths;
	const char *names[MAX_VALS];  /* last components (name= without a '/') */
	int nnames;
	unsigned long ports[MAX_VALS];  /* dest= (connect) or src= (bind) */
	int nports;
	unsigned records;
} Group;

/* ---- reading the records --------------------------------------------- */

/* The value of `key=` in the record (quoted or not), or NULL. */
static const char *field(Arena *a, const char *rec, const char *end, const char *key)
{
	size_t kn = strlen(key);
	for (const char *p = rec; p + kn < end; p++) {
		if ((p != rec && p[-1] != ' ') || strncmp(p, key, kn) != 0 || p[kn] != '=')
			continue;
		const char *v = p + kn + 1;
		if (*v == '"') {
			const char *q = memchr(v + 1, '"', (size_t)(end - v - 1));
			return q ? arena_strndup(a, v + 1, (size_t)(q - v - 1)) : NULL;
		}
		size_t n = strcspn(v, " \n");
		if (v + n > end)
			n = (size_t)(end - v);
		/* auditd writes a name with odd bytes in hex */
		bool hex = n && n % 2 == 0 && strcmp(key, "name") == 0;
		for (size_t i = 0; hex && i < n; i++)
			hex = (v[i] >= '0' && v[i] <= '9') || (v[i] >= 'A' && v[i] <= 'F');
		if (hex) {
			char *s = arena_alloc(a, n / 2 + 1);
			for (size_t i = 0; i < n / 2; i++)
				s[i] = (char)strtol((char[]){ v[2 * i], v[2 * i + 1], 0 }, NULL, 16);
			return s;
		}
		return arena_strndup(a, v, n);
	}
	return NULL;
}

/* The type of a context user:role:type[:level]. */
static const char *ctx_type(Arena *a, const char *ctx)
{
	if (!ctx)
		return NULL;
	const char *p = strchr(ctx, ':');
	p = p ? strchr(p + 1, ':') : NULL;
	if (!p)
		return NULL;
	p++;
	return arena_strndup(a, p, strcspn(p, ":"));
}

/* The serial of `audit(TIME:SERIAL)`, for pairing an AVC with its PATH
 * records in audit.log; NULL when there is none. */
static const char *serial(Arena *a, const char *rec, const char *end)
{
	const char *p = strstr(rec, "audit(");
	if (!p || p > end)
		return NULL;
	const char *q = memchr(p, ')', (size_t)(end - p));
	return q ? arena_strndup(a, p, (size_t)(q - p)) : NULL;
}

static void add_str(const char **v, int *n, const char *s)
{
	int i = 0;
	while (i < *n && strcmp(v[i], s) < 0)
		i++;
	if ((i < *n && strcmp(v[i], s) == 0) || *n == MAX_VALS)
		return;
	memmove(v + i + 1, v + i, (size_t)(*n - i) * sizeof *v);
	v[i] = s;
	(*n)++;
}

static void add_port(Group *g, unsigned long port)
{
	for (int i = 0; i < g->nports; i++)
		if (g->ports[i] == port)
			return;
	if (g->nports < MAX_VALS)
		g->ports[g->nports++] = port;
}

typedef struct Reader {
	Arena *a;
	Group *groups, **tail;
	unsigned records;
	StrMap paths;               /* audit serial -> a PATH record's absolute name */
} Reader;

/* cap: the capability of a capability class's record (each capability has
 * its own verdict: the build grants some and refuses others), else NULL. */
static Group *group_of(Reader *R, const char *src, const char *tgt, const char *cls, const char *cap)
{
	for (Group *g = R->groups; g; g = g->next)
		if (strcmp(g->src, src) == 0 && strcmp(g->tgt, tgt) == 0 && strcmp(g->cls, cls) == 0 &&
		    (!cap || strcmp(g->cap, cap) == 0))
			return g;
	Group *g = ARENA_NEW(R->a, Group);
	g->src = src;
	g->tgt = tgt;
	g->cls = cls;
	g->cap = cap;
	*R->tail = g;
	R->tail = &g->next;
	return g;
}

static void read_avc(Reader *R, const char *line, const char *rec, const char *end)
{
	const char *br = memchr(rec, '{', (size_t)(end - rec));
	const char *ket = br ? memchr(br, '}', (size_t)(end - br)) : NULL;
	const char *src = ctx_type(R->a, field(R->a, rec, end, "scontext"));
	const char *tgt = ctx_type(R->a, field(R->a, rec, end, "tcontext"));
	const char *cls = field(R->a, rec, end, "tclass");
	if (!ket || !src || !tgt || !cls)
		return;
	R->records++;
	const char *cap = NULL;
	if (strncmp(cls, "capability", 10) == 0 || strncmp(cls, "cap_userns", 10) == 0) {
		const char *p = br + 1;
		while (p < ket && *p == ' ')
			p++;
		cap = arena_strndup(R->a, p, strcspn(p, " }"));
	}
	Group *g = group_of(R, src, tgt, cls, cap);
	g->records++;
	for (const char *p = br + 1; p < ket;) {
		while (p < ket && *p == ' ')
			p++;
		size_t n = strcspn(p, " }");
		if (p + n > ket)
			n = (size_t)(ket - p);
		if (!n)
			break;
		const char *perm = arena_strndup(R->a, p, n);
		int i = 0;
		while (i < g->nperms && strcmp(g->perms[i], perm) < 0)
			i++;
		if ((i == g->nperms || strcmp(g->perms[i], perm) != 0) && g->nperms < MAX_PERMS) {
			memmove(g->perms + i + 1, g->perms + i, (size_t)(g->nperms - i) * sizeof *g->perms);
			g->perms[i] = perm;
			g->nperms++;
		}
		p += n;
	}
	const char *path = field(R->a, rec, end, "path");
	const char *name = field(R->a, rec, end, "name");
	const char *ser = serial(R->a, line, end);
	const char *full = ser ? strmap_get(&R->paths, ser) : NULL;
	if (path && path[0] == '/')
		add_str(g->paths, &g->npaths, path);
	else if (name && name[0] == '/')
		add_str(g->paths, &g->npaths, name);
	else if (full && name && strlen(full) > strlen(name) &&
		 strcmp(full + strlen(full) - strlen(name), name) == 0)
		add_str(g->paths, &g->npaths, full);
	else if (name)
		add_str(g->names, &g->nnames, name);
	const char *port = field(R->a, rec, end, "dest");
	if (!port)
		port = field(R->a, rec, end, "src");
	if (port)
		add_port(g, strtoul(port, NULL, 10));
}

/* Every line with an AVC denial; audit.log's PATH records first, so that
 * a denial's relative name finds its full path by the record's serial. */
static void read_log(Reader *R, const char *log, size_t len)
{
	const char *end = log + len;
	for (int pass = 0; pass < 2; pass++)
		for (const char *l = log; l < end;) {
			const char *nl = memchr(l, '\n', (size_t)(end - l));
			const char *le = nl ? nl : end;
			char *line = arena_strndup(R->a, l, (size_t)(le - l));
			const char *lend = line + (le - l);
			if (pass == 0 && strstr(line, "type=PATH ")) {
				const char *s = serial(R->a, line, lend), *n = field(R->a, line, lend, "name");
				if (s && n && n[0] == '/' && !strmap_get(&R->paths, s))
					strmap_put(&R->paths, s, (void *)n);
			} else if (pass == 1) {
				const char *avc = strstr(line, "avc:");
				if (avc && strstr(avc, "denied"))
					read_avc(R, line, avc, lend);
			}
			l = le + 1;
		}
}

/* ---- candidate statements -------------------------------------------- */

typedef enum Verdict { V_GRANT, V_COVERED, V_ALREADY, V_FORBIDDEN, V_NONE, V_UNPLACED, V_FOREIGN } Verdict;

typedef struct Cand {
	const Zone *z;
	const char *stmt;        /* the statement's text, without indentation */
	const Stmt *replaces;    /* the statement it takes the place of, or NULL */
	Compilation c;
	int rc;                  /* ZP_OK or ZP_ERRORS */
	const char *error;       /* the first error ("message [tag]") */
	int first;               /* the number of the first group it serves */
} Cand;

typedef struct Learn {
	Arena *a;
	const Compilation *c;
	const BuildOptions *bo;
	const char *file, *text;
	size_t len;
	Cand *cands[MAX_CANDS];
	int ncands;
	char *err;
	size_t errlen;
} Learn;

/* Byte offset of line `line` (from 1). */
static size_t line_start(const char *text, size_t len, unsigned line)
{
	size_t off = 0;
	for (unsigned l = 1; l < line && off < len; off++)
		if (text[off] == '\n')
			l++;
	return off;
}

/* Offset just past the end of statement st: its ';' (a `limits` block:
 * its '}'), skipping strings and comments. */
static size_t stmt_end(const char *text, size_t len, const Stmt *st)
{
	size_t i = line_start(text, len, st->loc.line) + st->loc.col - 1;
	char stop = st->kind == ST_LIMITS ? '}' : ';';
	for (; i < len; i++) {
		if (text[i] == '"') {
			for (i++; i < len && text[i] != '"'; i++)
				if (text[i] == '\\')
					i++;
		} else if (text[i] == '#') {
			while (i < len && text[i] != '\n')
				i++;
		} else if (text[i] == stop) {
			return i + 1;
		}
	}
	return len;
}

static const Stmt *last_stmt(const Zone *z)
{
	const Stmt *s = z->body;
	while (s && s->next)
		s = s->next;
	return s;
}

/* The file with the candidate: a new line after the zone's last statement,
 * or in place of the statement it replaces. */
static char *apply(const Learn *L, const Cand *k, size_t *outlen)
{
	Buf b = { 0 };
	if (k->replaces) {
		size_t from = line_start(L->text, L->len, k->replaces->loc.line) + k->replaces->loc.col - 1;
		size_t to = stmt_end(L->text, L->len, k->replaces);
		buf_put(&b, L->text, from);
		buf_puts(&b, k->stmt);
		buf_put(&b, L->text + to, L->len - to);
	} else {
		const Stmt *last = last_stmt(k->z);
		/* after the last statement, or after the block's first line */
		size_t at = last ? stmt_end(L->text, L->len, last) : line_start(L->text, L->len, k->z->loc.line);
		while (at < L->len && L->text[at] != '\n')
			at++;
		if (at < L->len)
			at++;
		buf_put(&b, L->text, at);
		if (at == L->len && at && L->text[at - 1] != '\n')
			buf_puts(&b, "\n");
		buf_printf(&b, "    %s\n", k->stmt);
		buf_put(&b, L->text + at, L->len - at);
	}
	*outlen = b.len;
	char *s = xmalloc(b.len + 1);
	memcpy(s, buf_str(&b), b.len + 1);
	buf_free(&b);
	return s;
}

/* The build of the file with candidate k; keeps its first error. */
static int build(Learn *L, Cand *k)
{
	size_t n;
	char *text = apply(L, k, &n);
	char *dtext = NULL;
	size_t dlen = 0;
	FILE *d = open_memstream(&dtext, &dlen);
	if (!d) {
		free(text);
		snprintf(L->err, L->errlen, "out of memory");
		return -1;
	}
	BuildOptions bo = *L->bo;
	bo.pp = bo.units = bo.graph = false;
	k->rc = zp_compile(&k->c, &bo, L->file, text, n, d);
	fclose(d);
	free(text);
	if (k->rc == ZP_FAIL) {
		snprintf(L->err, L->errlen, "building with `%s`: %s", k->stmt, k->c.err);
		free(dtext);
		return -1;
	}
	const char *e = dtext ? strstr(dtext, ": error: ") : NULL;
	if (e) {
		e += strlen(": error: ");
		k->error = arena_strndup(L->a, e, strcspn(e, "\n"));
	}
	free(dtext);
	return 0;
}

static Cand *candidate(Learn *L, const Zone *z, const char *stmt, const Stmt *replaces, int gno)
{
	for (int i = 0; i < L->ncands; i++)
		if (L->cands[i]->z == z && strcmp(L->cands[i]->stmt, stmt) == 0 && L->cands[i]->replaces == replaces)
			return L->cands[i];
	if (L->ncands == MAX_CANDS)
		return NULL;
	Cand *k = ARENA_NEW(L->a, Cand);
	k->z = z;
	k->stmt = stmt;
	k->replaces = replaces;
	k->first = gno;
	if (build(L, k) != 0)
		return NULL;
	L->cands[L->ncands++] = k;
	return k;
}

/* The permissions of g that the IR ir grants; the target after the
 * candidate is the module's type where one of its file contexts now labels
 * the group's path. */
static int granted(const Ir *ir, const Group *g, const char *path, bool *ok)
{
	const char *tgt = g->tgt;
	if (path) {
		const IrFilecon *f = whence_filecon(ir, path);
		if (f)
			tgt = f->type;
	}
	/* a port the module now labels (its portcon) */
	bool tcp = strcmp(g->cls, "tcp_socket") == 0, udp = strcmp(g->cls, "udp_socket") == 0;
	for (const IrPortcon *p = ir->ports; p && g->nports && (tcp || udp); p = p->next)
		if (p->proto == (tcp ? PROTO_TCP : PROTO_UDP) && p->lo <= g->ports[0] && g->ports[0] <= p->hi)
			tgt = p->type;
	int n = 0;
	for (int i = 0; i < g->nperms; i++) {
		const IrRule *r;
		ok[i] = whence_rules(ir, R_ALLOW, g->src, tgt, g->cls, g->perms[i], &r, 1) > 0;
		n += ok[i];
	}
	return n;
}

typedef struct Answer {
	Verdict v;
	const char *why;         /* forbidden, none, unplaced, foreign */
	Cand *cand;              /* grant, covered */
	const IrRule *rule;      /* already: a rule of the file that grants it */
	const char *path;        /* the group's file, when known */
} Answer;

static bool perms_within(const Group *g, const char *const *set)
{
	for (int i = 0; i < g->nperms; i++) {
		bool in = false;
		for (const char *const *s = set; *s && !in; s++)
			in = strcmp(*s, g->perms[i]) == 0;
		if (!in)
			return false;
	}
	return true;
}

static bool has(const Group *g, const char *perm)
{
	for (int i = 0; i < g->nperms; i++)
		if (strcmp(g->perms[i], perm) == 0)
			return true;
	return false;
}

static const char *const READ_FILE[] = { "getattr", "open", "read", "map", "ioctl", "lock", NULL };
static const char *const READ_DIR[] = { "getattr", "search", "open", "read", "ioctl", "lock", NULL };
static const char *const SEARCH_DIR[] = { "getattr", "search", NULL };
static const char *const APPEND_FILE[] = { "getattr", "open", "append", "ioctl", "lock", NULL };

static bool file_class(const char *cls)
{
	static const char *const c[] = { "file", "dir", "lnk_file", "sock_file", "fifo_file", "chr_file", "blk_file" };
	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
		if (strcmp(c[i], cls) == 0)
			return true;
	return false;
}

/* Why a zone never gets more on its own file of role r. */
static const char *kind_limit(TypeRole r)
{
	switch (r) {
	case TR_CONF: return "a config is read only: never write, append, setattr, unlink or rename";
	case TR_LOG: return "a log is append only: never read, write, truncate, unlink, rename or setattr";
	case TR_DISK: return "a disk holds data: never execute, entrypoint or relabel (and no rename beside a log directory)";
	case TR_EXEC: return "an entry file is run, never written";
	case TR_SOCK: return "a socket is created and listened on, nothing else";
	case TR_TMP: return "the zone's tmp files are its own already; this is not a file permission of theirs";
	default: return "the file grants no more on it";
	}
}

/* The type path has now: the module's file context, else the base's. */
static const char *type_now(Learn *L, const char *path, bool dir)
{
	const IrFilecon *f = whence_filecon(&L->c->ir, path);
	if (f)
		return f->type;
	return dir ? basefc_dir_type(L->bo->fc, path) : basefc_label(L->bo->fc, path, 'f').type;
}

/* The file of g's record name, taken from a path of another group that
 * passes through a component of that name and has g's type there. */
static const char *path_by_name(Learn *L, const Group *groups, const Group *g)
{
	bool dir = strcmp(g->cls, "dir") == 0;
	for (int i = 0; i < g->nnames; i++) {
		size_t nl = strlen(g->names[i]);
		/* a file the module labels: its own file context names it */
		for (const IrFilecon *f = L->c->ir.fcs; f; f = f->next) {
			const char *b = strrchr(f->path, '/');
			if (!f->inner && strcmp(f->type, g->tgt) == 0 && b && strcmp(b + 1, g->names[i]) == 0 &&
			    (f->kind == FC_DIR || f->tree) == dir)
				return f->path;
		}
		for (const Group *o = groups; o; o = o->next)
			for (int j = 0; j < o->npaths; j++) {
				const char *p = o->paths[j];
				for (const char *s = strchr(p, '/'); s; s = strchr(s + 1, '/')) {
					/* a directory is one on the way: a name the
					 * record adds to it is its child, not it */
					if (strncmp(s + 1, g->names[i], nl) != 0 || (s[1 + nl] != '/' && (dir || s[1 + nl] != 0)))
						continue;
					const char *cand = arena_strndup(L->a, p, (size_t)(s + 1 + nl - p));
					const char *t = type_now(L, cand, dir || s[1 + nl] == '/');
					if (t && strcmp(t, g->tgt) == 0)
						return cand;
				}
			}
	}
	return NULL;
}

/* The candidate statement for group g on a base file type (path known),
 * or NULL with why set. */
static const char *file_stmt(Learn *L, const Group *g, const Zone *z, const char *path, const Stmt **replaces,
			     const char **why)
{
	Arena *a = L->a;
	*replaces = NULL;
	if (strcmp(g->cls, "chr_file") == 0 || strcmp(g->cls, "blk_file") == 0) {
		for (int d = 0; d < DEV_COUNT; d++)
			if (strcmp(lower_device_type((Device)d), g->tgt) == 0)
				return arena_printf(a, "device %s;", device_names[d]);
		*why = arena_printf(a, "no device class of the language is the device type %s "
				    "(kvm, tun, video, input, sound, usb, cdrom, printer, serial)", g->tgt);
		return NULL;
	}
	if (strcmp(g->tgt, "tmp_t") == 0)
		return "tmp;";
	if (strcmp(g->cls, "file") == 0 && has(g, "entrypoint")) {
		if (z->kind == ZK_LAUNCHER) {
			*why = "the launcher's entry file is its own (`exec`), never a shared program";
			return NULL;
		}
		*replaces = z->exec;
		return arena_printf(a, "exec \"%s\" shared;", path);
	}
	if (strcmp(g->cls, "file") == 0 && (has(g, "execute") || has(g, "execute_no_trans")))
		return arena_printf(a, "run \"%s\";", path);
	if (strcmp(g->cls, "dir") == 0) {
		if (perms_within(g, READ_DIR))
			return arena_printf(a, "read \"%s/\";", path);
		if (strcmp(g->tgt, "tmp_t") == 0)
			return "tmp;";
		return arena_printf(a, "disk \"%s/\";", path);
	}
	if ((strcmp(g->cls, "file") == 0 || strcmp(g->cls, "lnk_file") == 0) && perms_within(g, READ_FILE))
		return arena_printf(a, "read \"%s\";", path);
	if (strcmp(g->cls, "file") == 0 && perms_within(g, APPEND_FILE))
		return arena_printf(a, "log \"%s\";", path);
	if (strcmp(g->cls, "file") == 0)
		return arena_printf(a, "disk \"%s\";", path);
	*why = arena_printf(a, "no statement grants a %s of the base (%s): the language names files, "
			    "directories, devices and its own sockets and FIFOs", g->cls, g->tgt);
	return NULL;
}

static const char *perm_list(Arena *a, const Group *g, const bool *only, bool want)
{
	Buf b = { 0 };
	for (int i = 0; i < g->nperms; i++)
		if (!only || only[i] == want)
			buf_printf(&b, "%s%s", b.len ? ", " : "", g->perms[i]);
	const char *s = arena_strndup(a, buf_str(&b), b.len);
	buf_free(&b);
	return s;
}

/* The verdict of a group whose target is a type of the module. */
static bool own_type(Learn *L, const Group *g, const Zone *z, const Owner *o, Answer *ans, const char **stmt)
{
	Arena *a = L->a;
	const char *where = o->t ? arena_printf(a, "%s, %s:%u", o->t->o.what, L->file, o->t->o.loc.line) : "";
	if (o->zone == z && o->role == TR_DOMAIN) {
		if (strcmp(g->cls, "process") == 0 && g->nperms == 1 && has(g, "execmem")) {
			*stmt = "execmem;";
			return false;
		}
		if (strcmp(g->cls, "capability") == 0) {
			*stmt = arena_printf(a, "capability %s;", perm_list(a, g, NULL, false));
			return false;
		}
		ans->v = V_NONE;
		ans->why = arena_printf(a, "no statement grants a zone %s %s on its own process beyond what every "
					"domain gets", g->cls, perm_list(a, g, NULL, false));
		return true;
	}
	if (o->zone == z) {
		ans->v = V_FORBIDDEN;
		ans->why = arena_printf(a, "%s is %s's own (%s): %s", g->tgt, whence_zone_label(a, z), where,
					kind_limit(o->role));
		return true;
	}
	if (o->zone) {
		bool conn = (o->role == TR_DOMAIN && strcmp(g->cls, "unix_stream_socket") == 0 &&
			     perms_within(g, (const char *const[]){ "connectto", NULL })) ||
			    (o->role == TR_SOCK && strcmp(g->cls, "sock_file") == 0 &&
			     perms_within(g, (const char *const[]){ "write", "getattr", NULL }));
		if (conn && o->zone->kind != ZK_LAUNCHER) {
			*stmt = arena_printf(a, "connect %s;", o->zone->name->name);
			return false;
		}
		ans->v = V_FORBIDDEN;
		ans->why = arena_printf(a, "%s belongs to %s (%s): one zone never reads, writes, signals or "
					"enters another zone or its files", g->tgt, whence_zone_label(a, o->zone), where);
		return true;
	}
	ans->v = V_FORBIDDEN;
	if (o->chan)
		ans->why = arena_printf(a, "%s is a FIFO of channel %s (%s:%u): only its ends use it, one way",
					g->tgt, o->chan->name->name, L->file, o->chan->loc.line);
	else
		ans->why = arena_printf(a, "%s is the module's (%s): the file gives %s nothing more on it", g->tgt,
					o->t ? where : "an attribute", whence_zone_label(a, z));
	return true;
}

static void decide(Learn *L, const Group *groups, const Group *g, int gno, bool second, Answer *ans)
{
	Arena *a = L->a;
	const Ir *ir = &L->c->ir;
	*ans = (Answer){ 0 };
	const Zone *z = whence_domain_zone(ir, a, g->src);
	if (!z) {
		ans->v = V_FOREIGN;
		ans->why = arena_printf(a, "%s is not a domain of module %s", g->src, ir->mod->name->name);
		return;
	}
	ans->path = g->npaths ? g->paths[0] : path_by_name(L, groups, g);
	/* the file may grant it now (the records are older than the file) */
	bool ok[MAX_PERMS];
	if (granted(ir, g, ans->path, ok) == g->nperms) {
		const char *tgt = g->tgt;
		const IrFilecon *f = ans->path ? whence_filecon(ir, ans->path) : NULL;
		if (f)
			tgt = f->type;
		whence_rules(ir, R_ALLOW, g->src, tgt, g->cls, g->perms[0], &ans->rule, 1);
		ans->v = V_ALREADY;
		return;
	}
	/* an earlier statement of the same zone may grant it already */
	for (int i = 0; i < L->ncands; i++) {
		Cand *k = L->cands[i];
		if (k->z == z && k->rc == ZP_OK && granted(&k->c.ir, g, ans->path, ok) == g->nperms) {
			ans->v = V_COVERED;
			ans->cand = k;
			return;
		}
	}
	if (!second && strcmp(g->cls, "dir") == 0 && perms_within(g, SEARCH_DIR)) {
		ans->v = V_UNPLACED;     /* decided in the second round */
		return;
	}
	const char *stmt = NULL, *why = NULL;
	const Stmt *replaces = NULL;
	Owner o;
	if (whence_owner(ir, a, g->tgt, &o)) {
		if (own_type(L, g, z, &o, ans, &stmt))
			return;
	} else if (strcmp(g->cls, "tcp_socket") == 0 || strcmp(g->cls, "udp_socket") == 0) {
		const char *proto = g->cls[0] == 't' ? "tcp" : "udp";
		bool bind = has(g, "name_bind");
		if (!g->nports || g->nperms != 1 || !(bind || has(g, "name_connect"))) {
			ans->v = V_NONE;
			ans->why = arena_printf(a, "no statement grants %s on a %s beyond `net egress`, `net listen` "
						"and `net via` (name_connect, name_bind on a port)",
						perm_list(a, g, NULL, false), g->cls);
			return;
		}
		stmt = arena_printf(a, "net %s %s %lu;", bind ? "listen" : "egress", proto, g->ports[0]);
	} else if (file_class(g->cls)) {
		if (!ans->path) {
			ans->v = V_UNPLACED;
			ans->why = g->nnames ? arena_printf(a, "the records name the %s \"%s\" (%s) without its directory, "
							    "and no other record gives it; audit.log's PATH records "
							    "(auditd) carry the full path",
							    g->cls, g->names[0], g->tgt)
					     : arena_printf(a, "the records name no file (%s %s)", g->cls, g->tgt);
			return;
		}
		stmt = file_stmt(L, g, z, ans->path, &replaces, &why);
		if (!stmt) {
			ans->v = V_NONE;
			ans->why = why;
			return;
		}
	} else {
		ans->v = V_NONE;
		if (strcmp(g->cls, "process") == 0 || strcmp(g->cls, "fd") == 0)
			ans->why = arena_printf(a, "%s is another domain: a zone signals, traces and enters no domain "
						"but its own, and gets only `fd use` and `sigchld` on its parent", g->tgt);
		else
			ans->why = arena_printf(a, "no statement of the language grants %s %s on %s",
						g->cls, perm_list(a, g, NULL, false), g->tgt);
		return;
	}
	Cand *k = candidate(L, z, stmt, replaces, gno);
	if (!k) {
		ans->v = V_NONE;
		ans->why = "too many candidate statements";
		return;
	}
	if (k->rc != ZP_OK) {
		ans->v = V_FORBIDDEN;
		ans->why = arena_printf(a, "`%s` would grant it, but the build refuses it: %s", stmt,
					k->error ? k->error : "an error");
		return;
	}
	int n = granted(&k->c.ir, g, ans->path, ok);
	if (n == 0) {
		ans->v = V_NONE;
		ans->why = arena_printf(a, "`%s` is the nearest statement and it grants none of it: the language "
					"gives no %s %s on %s", stmt, g->cls, perm_list(a, g, NULL, false), g->tgt);
		return;
	}
	if (n < g->nperms) {
		/* part of it: the rest has no statement, so the program still fails */
		const char *miss = perm_list(a, g, ok, false);
		ans->v = V_NONE;
		ans->why = arena_printf(a, "`%s` would give %s, but no statement gives %s here%s", stmt,
					perm_list(a, g, ok, true), miss,
					strstr(miss, "create") && strcmp(g->cls, "file") == 0
						? ": a file path names a file that exists already, and a zone creates "
						  "files only in a directory of its own (`disk \"DIR/\"`, `log \"DIR/\"`, `tmp`)"
						: "");
		return;
	}
	ans->v = k->first == gno ? V_GRANT : V_COVERED;
	ans->cand = k;
}

/* ---- the report ------------------------------------------------------ */

static const char *where_stmt(Learn *L, const Cand *k)
{
	if (k->replaces)
		return arena_printf(L->a, "in place of `exec \"%s\"%s;` in %s, %s:%u (a zone has one entry "
				    "program: the old one would no longer enter it)", k->replaces->path,
				    k->replaces->shared ? " shared" : "", whence_zone_label(L->a, k->z), L->file,
				    k->replaces->loc.line);
	const Stmt *last = last_stmt(k->z);
	return arena_printf(L->a, "in %s, after %s:%u", whence_zone_label(L->a, k->z), L->file,
			    last ? last->loc.line : k->z->loc.line);
}

static const char *const verdict_name[] = {
	[V_GRANT] = "grant", [V_COVERED] = "covered", [V_ALREADY] = "already", [V_FORBIDDEN] = "forbidden",
	[V_NONE] = "none", [V_UNPLACED] = "unplaced", [V_FOREIGN] = "foreign",
};

static void print_text(Learn *L, const Group *groups, const Answer *ans, unsigned records, int ng, Buf *out)
{
	Arena *a = L->a;
	buf_printf(out, "%s: %u denial record%s in %d group%s (domain, type, class)\n", L->file, records,
		   records == 1 ? "" : "s", ng, ng == 1 ? "" : "s");
	int count[V_FOREIGN + 1] = { 0 }, i = 0;
	for (const Group *g = groups; g; g = g->next, i++) {
		const Answer *an = &ans[i];
		count[an->v]++;
		const Zone *z = whence_domain_zone(&L->c->ir, a, g->src);
		if (z)
			buf_printf(out, "\n%d. %s (%s): ", i + 1, whence_zone_label(a, z), g->src);
		else
			buf_printf(out, "\n%d. %s: ", i + 1, g->src);
		buf_printf(out, "%s on %s", perm_list(a, g, NULL, false), g->cls);
		if (an->path)
			buf_printf(out, " \"%s%s\"", an->path, !g->npaths && strcmp(g->cls, "dir") == 0 ? "/" : "");
		else if (g->nnames)
			buf_printf(out, " named \"%s\"", g->names[0]);
		buf_printf(out, " (%s), %u record%s\n", g->tgt, g->records, g->records == 1 ? "" : "s");
		for (int j = 1; j < g->npaths; j++)
			buf_printf(out, "   also \"%s\"\n", g->paths[j]);
		switch (an->v) {
		case V_GRANT:
			buf_printf(out, "   grant: %s\n   %s\n", an->cand->stmt, where_stmt(L, an->cand));
			break;
		case V_COVERED:
			buf_printf(out, "   granted by `%s` (see %d.)\n", an->cand->stmt, an->cand->first + 1);
			break;
		case V_ALREADY:
			buf_printf(out, "   granted already by `%s` (%s:%u)\n", an->rule ? an->rule->o.what : "?", L->file,
				   an->rule ? an->rule->o.loc.line : 0);
			break;
		case V_FORBIDDEN: buf_printf(out, "   forbidden: %s\n", an->why); break;
		case V_NONE: buf_printf(out, "   no statement: %s\n", an->why); break;
		case V_UNPLACED: buf_printf(out, "   unplaced: %s\n", an->why); break;
		case V_FOREIGN: buf_printf(out, "   not the module's: %s\n", an->why); break;
		}
	}
	buf_printf(out, "\nlearn: %d to grant, %d granted by those, %d granted already, %d forbidden, "
		   "%d no statement, %d unplaced, %d not the module's\n", count[V_GRANT], count[V_COVERED],
		   count[V_ALREADY], count[V_FORBIDDEN], count[V_NONE], count[V_UNPLACED], count[V_FOREIGN]);
}

/* The same, one JSON object a group (docs/learn.md). */
static void print_json(Learn *L, const Group *groups, const Answer *ans, unsigned records, Buf *out)
{
	Arena *a = L->a;
	buf_puts(out, "{\n  \"file\": ");
	json_str(out, L->file);
	buf_printf(out, ",\n  \"records\": %u,\n  \"groups\": [", records);
	int i = 0;
	for (const Group *g = groups; g; g = g->next, i++) {
		const Answer *an = &ans[i];
		const Zone *z = whence_domain_zone(&L->c->ir, a, g->src);
		buf_printf(out, "%s\n    { \"n\": %d, \"domain\": ", i ? "," : "", i + 1);
		json_str(out, g->src);
		buf_puts(out, ", \"zone\": ");
		if (z)
			json_str(out, zone_label(z));
		else
			buf_puts(out, "null");
		buf_puts(out, ", \"type\": ");
		json_str(out, g->tgt);
		buf_puts(out, ", \"class\": ");
		json_str(out, g->cls);
		buf_puts(out, ", \"perms\": [");
		for (int j = 0; j < g->nperms; j++) {
			buf_puts(out, j ? ", " : "");
			json_str(out, g->perms[j]);
		}
		buf_puts(out, "], \"path\": ");
		if (an->path)
			json_str(out, an->path);
		else
			buf_puts(out, "null");
		buf_printf(out, ", \"records\": %u, \"verdict\": \"%s\"", g->records, verdict_name[an->v]);
		if (an->cand) {
			buf_puts(out, ", \"statement\": ");
			json_str(out, an->cand->stmt);
			buf_puts(out, ", \"where\": ");
			json_str(out, where_stmt(L, an->cand));
		} else if (an->rule) {
			buf_puts(out, ", \"statement\": ");
			json_str(out, an->rule->o.what);
			buf_printf(out, ", \"line\": %u", an->rule->o.loc.line);
		}
		if (an->why) {
			buf_puts(out, ", \"reason\": ");
			json_str(out, an->why);
		}
		buf_puts(out, " }");
	}
	buf_puts(out, "\n  ]\n}\n");
}

int learn_report(const Compilation *c, const BuildOptions *bo, const char *file, const char *text,
		 size_t len, const char *log, size_t loglen, bool json, Buf *out, char *err, size_t errlen)
{
	Arena arena;
	arena_init(&arena);
	Reader R = { .a = &arena };
	R.tail = &R.groups;
	read_log(&R, log, loglen);
	strmap_free(&R.paths);
	Learn L = { .a = &arena, .c = c, .bo = bo, .file = file, .text = text, .len = len, .err = err,
		    .errlen = errlen };
	int ng = 0;
	for (const Group *g = R.groups; g; g = g->next)
		ng++;
	Answer *ans = xcalloc((size_t)ng + 1, sizeof *ans);
	int rc = 0, i = 0;
	/* the denials with a file or a permission of their own first, then the
	 * directory searches, which a statement of the first round may cover */
	for (const Group *g = R.groups; g && rc == 0; g = g->next, i++) {
		decide(&L, R.groups, g, i, false, &ans[i]);
		rc = err[0] ? -1 : 0;
	}
	i = 0;
	for (const Group *g = R.groups; g && rc == 0; g = g->next, i++)
		if (ans[i].v == V_UNPLACED && !ans[i].why) {
			decide(&L, R.groups, g, i, true, &ans[i]);
			rc = err[0] ? -1 : 0;
		}
	if (rc == 0 && json)
		print_json(&L, R.groups, ans, R.records, out);
	else if (rc == 0)
		print_text(&L, R.groups, ans, R.records, ng, out);
	for (int k = 0; k < L.ncands; k++)
		zp_compilation_free(&L.cands[k]->c);
	free(ans);
	arena_free(&arena);
	return rc;
}
