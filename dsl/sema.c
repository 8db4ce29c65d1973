/* sema.c: name resolution and the semantic rules of spec sections 2-4 and 7.
 *
 * The checks are grouped in named passes, sema_passes[]; each diagnostic
 * is a check of checks.def, which names its pass, and prints the check's
 * name ("[duplicate-zone]"), so tests and users can tell which rule fired.
 * Passes run in table order over the whole module and report every error
 * they find; the pipeline stops after the table if any pass reported one.
 */
#include "sema.h"
#include "xalloc.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"

/* ---- helpers ---------------------------------------------------------- */

/* Reports a check of the running pass.  checks.def names the one pass of
 * each check; a pass reporting another's check is a bug in this file. */
__attribute__((format(printf, 4, 5)))
static void report(Sema *s, Loc at, CheckId id, const char *fmt, ...)
{
	if (check_get(id)->pass != s->pass) {
		fprintf(stderr, "zonepolicy: internal error: pass '%s' reported check '%s' of pass '%s'\n",
			pass_name(s->pass), check_get(id)->name, pass_name(check_get(id)->pass));
		abort();
	}
	va_list ap;
	va_start(ap, fmt);
	diag_vreport(s->diag, at, id, fmt, ap);
	va_end(ap);
}

#define ERR(s, loc, check, ...) report((s), (loc), (check), __VA_ARGS__)
#define NOTE(s, loc, ...) diag_note((s)->diag, (loc), __VA_ARGS__)

static const char *kind_word(const Zone *z)
{
	return z->kind == ZK_LAUNCHER ? "launcher" : z->kind == ZK_VM ? "vm" : "program";
}

/* Edit distance, for "did you mean"; small inputs only. */
static unsigned distance(const char *a, const char *b)
{
	size_t n = strlen(b);
	if (n > 40 || strlen(a) > 40)
		return 99;
	unsigned row[41];
	for (size_t j = 0; j <= n; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; a[i - 1]; i++) {
		unsigned diag = row[0];
		row[0] = (unsigned)i;
		for (size_t j = 1; j <= n; j++) {
			unsigned up = row[j];
			unsigned best = diag + (a[i - 1] != b[j - 1]);
			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[n];
}

/* Resolves a zone reference; reports an unknown name. */
static Zone *resolve(Sema *s, NameRef *r, const char *what)
{
	if (r->sym->zone)
		return r->sym->zone;
	const char *best = NULL;
	unsigned len = r->sym->len, bestd = (len + 2) / 3 + 1;
	if (bestd > len)
		bestd = len;
	if (s->mod->nzones <= 2000)
		for (Zone *z = s->mod->zones; z; z = z->next) {
			unsigned d = distance(r->sym->name, z->name->name);
			if (d < bestd) {
				bestd = d;
				best = z->name->name;
			}
		}
	if (best)
		ERR(s, r->loc, CK_UNKNOWN_ZONE, "%s names unknown zone '%s'; did you mean '%s'?",
		    what, r->sym->name, best);
	else
		ERR(s, r->loc, CK_UNKNOWN_ZONE, "%s names unknown zone '%s'", what, r->sym->name);
	return NULL;
}

/* ---- passes ----------------------------------------------------------- */

static void check_module(Sema *s)
{
	Module *m = s->mod;
	if (!m->name)
		return;
	if (s->opt && s->opt->base_modules)
		for (const char *const *b = s->opt->base_modules; *b; b++)
			if (strcmp(*b, m->name->name) == 0) {
				ERR(s, m->name_loc, CK_MODULE_NAME,
				    "module name '%s' collides with a module of the base policy",
				    m->name->name);
				diag_note_plain(s->diag, "the base policy's module '%s' is listed in %s",
						*b, s->opt->base_modules_source);
				return;
			}
	/* the base layer (kernel, files, init ...) is inside base.pp and in no
	 * list: its names come from the policy's interface headers */
	if (s->opt && s->opt->base_headers)
		for (const char *const *b = s->opt->base_headers; *b; b++) {
			const char *slash = strchr(*b, '/');
			if (slash && strcmp(slash + 1, m->name->name) == 0) {
				ERR(s, m->name_loc, CK_MODULE_NAME,
				    "module name '%s' collides with a module of the base policy",
				    m->name->name);
				diag_note_plain(s->diag, "the base policy's module '%s' has its interfaces in %s/%s.if",
						m->name->name, s->opt->base_headers_source, *b);
				return;
			}
		}
}

static void check_launcher(Sema *s)
{
	Module *m = s->mod;
	for (Zone *l = m->launchers; l; l = l->next)
		if (l != m->launcher) {
			ERR(s, l->loc, CK_DUPLICATE_LAUNCHER, "a module has at most one launcher");
			NOTE(s, m->launcher->loc, "the first launcher is here");
		}
}

static void check_duplicates(Sema *s)
{
	for (Zone *z = s->mod->zones; z; z = z->next) {
		Sym *n = z->name;
		if (n->zone) {
			ERR(s, z->name_loc, CK_DUPLICATE_ZONE, "zone '%s' is declared twice", n->name);
			NOTE(s, n->zone->name_loc, "'%s' was first declared here", n->name);
			continue;
		}
		n->zone = z;
	}
	for (Channel *c = s->mod->channels; c; c = c->next) {
		Sym *n = c->name;
		if (n->chan) {
			ERR(s, c->name_loc, CK_DUPLICATE_CHANNEL, "channel '%s' is declared twice", n->name);
			NOTE(s, n->chan->name_loc, "'%s' was first declared here", n->name);
			continue;
		}
		n->chan = c;
	}
}

/* Which statements may stand in which block. */
static bool allowed(const Zone *z, StmtKind k)
{
	if (z->kind == ZK_LAUNCHER)
		return k == ST_EXEC || k == ST_CONFIG || k == ST_LOG || k == ST_LIMITS || k == ST_RUN ||
		       k == ST_READ || k == ST_CONSOLE_NONE;
	if (k == ST_SOCKET)
		return z->kind == ZK_PROGRAM;
	if (k == ST_MEMORY || k == ST_VHOST_NET || k == ST_NET_SEGMENT)
		return z->kind == ZK_VM;   /* QEMU features; a program has no virtual NIC */
	return k != ST_CONSOLE_NONE;
}

static void check_limits(Sema *s, Stmt *st, Stmt **seen_limits)
{
	if (*seen_limits) {
		ERR(s, st->loc, CK_DUPLICATE_STATEMENT, "'limits' appears twice in this block");
		NOTE(s, (*seen_limits)->loc, "the first 'limits' is here");
		return;
	}
	*seen_limits = st;
	Limit *first[3] = { 0 };
	for (Limit *l = st->limits; l; l = l->next) {
		static const char *const word[] = { "cpu", "memory", "tasks" };
		if (first[l->kind]) {
			ERR(s, l->loc, CK_DUPLICATE_LIMIT, "'%s' is limited twice", word[l->kind]);
			NOTE(s, first[l->kind]->loc, "the first '%s' limit is here", word[l->kind]);
			continue;
		}
		first[l->kind] = l;
		if (l->kind == LIM_CPU && (l->value < 1 || l->value > 100000))
			ERR(s, l->loc, CK_LIMIT_RANGE, "cpu quota %s is out of range (1%% to 100000%%)", l->text);
		if (l->kind == LIM_TASKS && (l->value < 1 || l->value > 4194304))
			ERR(s, l->loc, CK_LIMIT_RANGE, "task limit %llu is out of range (1 to 4194304)", l->value);
		if (l->kind == LIM_MEMORY) {
			size_t n = strlen(l->text);
			unsigned shift = 0;
			switch (l->text[n - 1]) {
			case 'K': shift = 10; break;
			case 'M': shift = 20; break;
			case 'G': shift = 30; break;
			case 'T': shift = 40; break;
			}
			unsigned long long v = strtoull(l->text, NULL, 10);
			if (v == 0 || n > 12 || v > (1ull << 50) >> shift)
				ERR(s, l->loc, CK_LIMIT_RANGE, "memory limit %s is out of range (1K to 1024T)", l->text);
			else
				l->value = v << shift;
		}
	}
}

/* A statement naming members of a fixed set (`device`, `capability`): each
 * name known, none never granted, none twice in the zone.  Sets the bit and
 * the first statement of each name. */
typedef struct NameSet {
	const char *what;                      /* "device class", "capability" */
	const char *known;                     /* the names, for the message */
	int (*lookup)(const char *name);       /* index, or -1 */
	const char *(*refused)(const char *name); /* why never, or NULL; may be NULL */
	CheckId unknown, refuse, twice;
} NameSet;

static const NameSet device_list = {
	"device class", "kvm, tun, video, input, sound, usb, cdrom, printer, serial", device_lookup, NULL,
	CK_UNKNOWN_DEVICE, CK_UNKNOWN_DEVICE, CK_DUPLICATE_DEVICE,
};

static const NameSet cap_list = {
	"capability", "chown, dac_override, dac_read_search, fowner, fsetid, kill, setgid, setuid, setpcap, "
	"net_bind_service, ipc_lock, sys_chroot, sys_nice, sys_resource, audit_write", cap_lookup, cap_refused,
	CK_UNKNOWN_CAPABILITY, CK_CAPABILITY_REFUSED, CK_DUPLICATE_CAPABILITY,
};

static void check_name_list(Sema *s, const Stmt *st, const NameSet *set, unsigned *mask, const Stmt **first)
{
	for (NameRef *r = st->names; r; r = r->next) {
		const char *name = r->sym->name;
		int i = set->lookup(name);
		const char *why = i < 0 && set->refused ? set->refused(name) : NULL;
		if (why) {
			ERR(s, r->loc, set->refuse, "%s '%s' is never granted to a zone: %s", set->what, name, why);
		} else if (i < 0) {
			ERR(s, r->loc, set->unknown, "unknown %s '%s' (%s)", set->what, name, set->known);
		} else if (*mask & (1u << i)) {
			ERR(s, r->loc, set->twice, "%s '%s' is listed twice", set->what, name);
			NOTE(s, first[i]->loc, "it is first listed here");
		} else {
			*mask |= 1u << i;
			first[i] = st;
		}
	}
}

/* Where a statement that may appear once in a block is remembered. */
static Stmt **once_slot(Zone *z, StmtKind k)
{
	switch (k) {
	case ST_EXECMEM: return &z->execmem;
	case ST_TMP: return &z->tmp;
	case ST_MEMORY: return &z->memfd;
	case ST_VHOST_NET: return &z->vhost_net;
	default: return &z->console_none;
	}
}

static void check_statements(Sema *s)
{
	Zone *all[2] = { s->mod->launchers, s->mod->zones };
	for (int list = 0; list < 2; list++)
		for (Zone *z = all[list]; z; z = z->next) {
			Stmt *seen_limits = NULL, *seen_net = NULL;
			for (Stmt *st = z->body; st; st = st->next) {
				if (!allowed(z, st->kind)) {
					ERR(s, st->loc, CK_STATEMENT_CONTEXT, "'%s' is not allowed in a %s",
					    stmt_keyword(st->kind), kind_word(z));
					continue;
				}
				switch (st->kind) {
				case ST_EXEC:
					if (st->shared && z->kind == ZK_LAUNCHER) {
						/* init enters the launcher by the type
						 * transition on its own entry file */
						ERR(s, st->shared_loc, CK_STATEMENT_CONTEXT,
						    "'exec ... shared' is not allowed in a launcher: init enters the launcher by its own entry file");
					}
					if (z->exec) {
						ERR(s, st->loc, CK_DUPLICATE_EXEC, "%s '%s' has a second 'exec'",
						    kind_word(z), zone_label(z));
						NOTE(s, z->exec->loc, "the first 'exec' is here");
					} else {
						z->exec = st;
					}
					break;
				case ST_SOCKET:
					if (z->socket) {
						ERR(s, st->loc, CK_DUPLICATE_SOCKET, "program '%s' has a second 'socket'",
						    zone_label(z));
						NOTE(s, z->socket->loc, "the first 'socket' is here");
					} else {
						z->socket = st;
					}
					break;
				case ST_DEVICE:
					check_name_list(s, st, &device_list, &z->devices, z->device_stmt);
					break;
				case ST_CAPABILITY:
					check_name_list(s, st, &cap_list, &z->caps, z->cap_stmt);
					break;
				case ST_LIMITS:
					check_limits(s, st, &seen_limits);
					/* the launchers are checked first: console_none is known */
					if (z->kind != ZK_LAUNCHER && s->mod->launcher && s->mod->launcher->console_none) {
						ERR(s, st->loc, CK_CONSOLE_NONE_LIMITS,
						    "'limits' of %s '%s' would not apply: with 'console none' the launcher "
						    "starts the zones itself, and a zone's limits need the zone's own unit",
						    kind_word(z), zone_label(z));
						NOTE(s, s->mod->launcher->console_none->loc, "'console none' is here");
					}
					break;
				case ST_MEMORY:
					if (strcmp(st->names->sym->name, "memfd") != 0)
						ERR(s, st->names->loc, CK_UNKNOWN_MEMORY_BACKEND,
						    "unknown memory backend '%s' (memfd)", st->names->sym->name);
					/* one memory statement a vm */
					__attribute__((fallthrough));
				case ST_CONSOLE_NONE:
				case ST_VHOST_NET:
				case ST_EXECMEM:
				case ST_TMP: {
					Stmt **seen = once_slot(z, st->kind);
					if (*seen) {
						ERR(s, st->loc, CK_DUPLICATE_STATEMENT, "'%s' appears twice in this block",
						    stmt_keyword(st->kind));
						NOTE(s, (*seen)->loc, "the first '%s' is here", stmt_keyword(st->kind));
					} else {
						*seen = st;
					}
					break;
				}
				case ST_NET_NONE:
				case ST_NET_EGRESS:
				case ST_NET_LISTEN:
				case ST_NET_VIA:
					if (st->kind == ST_NET_NONE || (seen_net && seen_net->kind == ST_NET_NONE)) {
						if (seen_net) {
							ERR(s, st->loc, CK_NET_NONE, "'net none' cannot be combined with other 'net' statements");
							NOTE(s, seen_net->loc, "the other 'net' statement is here");
						}
					}
					if (st->kind != ST_NET_NONE)
						z->has_net = true;
					if (st->kind == ST_NET_EGRESS && st->any_port)
						z->egress_any = true;
					if (!seen_net)
						seen_net = st;
					break;
				case ST_NET_SEGMENT:
					if (z->segment_stmt) {
						ERR(s, st->loc, CK_DUPLICATE_STATEMENT,
						    "vm '%s' has a second 'net segment': a vm has one virtual NIC",
						    zone_label(z));
						NOTE(s, z->segment_stmt->loc, "the first 'net segment' is here");
					} else {
						z->segment_stmt = st;
					}
					break;
				default:
					break;
				}
			}
			if (!z->exec && z->name)
				ERR(s, z->name_loc, CK_MISSING_EXEC, "%s '%s' has no 'exec' statement",
				    kind_word(z), zone_label(z));
			else if (!z->exec)
				ERR(s, z->loc, CK_MISSING_EXEC, "the launcher has no 'exec' statement");
		}
}

/* The module's runtime directory /run/M/ (README "Runtime directory"):
 * the launcher, or tmpfiles, makes it and what lives in it.  A `socket`
 * may lie in it at any depth; the directory itself and the channels'
 * FIFOs (/run/M/C.in, C.out, C.fifo) are generated, and config, log,
 * disk and exec files are not runtime objects. */
static void check_runtime_path(Sema *s, const Stmt *st)
{
	const char *p = st->path, *m = s->mod->name->name;
	size_t mn = strlen(m);
	if (strncmp(p, "/run/", 5) != 0 || strncmp(p + 5, m, mn) != 0 ||
	    (p[5 + mn] != '/' && p[5 + mn] != '\0'))
		return;
	const char *rest = p[5 + mn] ? p + 6 + mn : "";    /* below /run/M/ */
	if (!*rest) {
		ERR(s, st->path_loc, CK_PATH_RESERVED,
		    "/run/%s/ is the module's runtime directory, which the module makes; a path may only lie inside it", m);
		return;
	}
	if (st->kind != ST_SOCKET) {
		ERR(s, st->path_loc, CK_PATH_RESERVED,
		    "/run/%s/ is the module's runtime directory: only a 'socket' may lie in it, not %s %s",
		    m, st->kind == ST_EXEC ? "an" : "a", stmt_keyword(st->kind));
		return;
	}
	size_t first = strcspn(rest, "/");    /* the name made in /run/M/ */
	for (const Channel *c = s->mod->channels; c; c = c->next) {
		const char *ends[2] = { c->via ? "in" : "fifo", c->via ? "out" : NULL };
		size_t cn = strlen(c->name->name);
		for (int i = 0; i < 2 && ends[i]; i++)
			if (first == cn + 1 + strlen(ends[i]) && strncmp(rest, c->name->name, cn) == 0 &&
			    rest[cn] == '.' && strncmp(rest + cn + 1, ends[i], first - cn - 1) == 0) {
				ERR(s, st->path_loc, CK_PATH_RESERVED,
				    "/run/%s/%s.%s is the FIFO of channel '%s'", m, c->name->name, ends[i],
				    c->name->name);
				NOTE(s, c->name_loc, "channel '%s' is declared here", c->name->name);
				return;
			}
	}
}

/* Paths: absolute, canonical, representable in .fc and .te. */
static void check_path(Sema *s, Stmt *st)
{
	const char *p = st->path;
	size_t n = strlen(p);
	if (p[0] != '/') {
		ERR(s, st->path_loc, CK_PATH_SYNTAX, "path \"%.80s\" is not absolute", p);
		return;
	}
	if (n == 1) {
		ERR(s, st->path_loc, CK_PATH_SYNTAX, "path \"/\" would label the whole file system");
		return;
	}
	if (n >= 4096) {
		ERR(s, st->path_loc, CK_PATH_SYNTAX, "path is %zu bytes long; at most 4095 are allowed", n);
		return;
	}
	for (const char *c = p; *c; c++)
		if ((unsigned char)*c >= 0x80) {
			/* libselinux refuses the whole file_contexts file then */
			ERR(s, st->path_loc, CK_PATH_SYNTAX,
			    "path contains a non-ASCII character, which file contexts cannot carry");
			return;
		}
	for (const char *c = p; *c; c++)
		if (*c == ' ' || *c == '"' || *c == '\t') {
			ERR(s, st->path_loc, CK_PATH_SYNTAX,
			    "path contains %s, which a file-contexts line cannot carry",
			    *c == '"' ? "a double quote" : "white space");
			return;
		}
	/* component checks: no empty, "." or ".." component */
	const char *c = p + 1;
	while (*c) {
		const char *e = strchr(c, '/');
		size_t len = e ? (size_t)(e - c) : strlen(c);
		if (len == 0 && e) {
			ERR(s, st->path_loc, CK_PATH_SYNTAX, "path \"%.80s\" contains '//'", p);
			return;
		}
		if ((len == 1 && c[0] == '.') || (len == 2 && c[0] == '.' && c[1] == '.')) {
			ERR(s, st->path_loc, CK_PATH_SYNTAX,
			    "path \"%.80s\" contains a '%.*s' component; write the canonical path",
			    p, (int)len, c);
			return;
		}
		if (!e)
			break;
		c = e + 1;
	}
	if ((st->kind == ST_EXEC || st->kind == ST_RUN) && st->is_dir)
		ERR(s, st->path_loc, CK_PATH_SYNTAX, "%s '%s' path names a file, not a directory",
		    st->kind == ST_EXEC ? "an" : "a", stmt_keyword(st->kind));
	if (s->mod->name)
		check_runtime_path(s, st);
}

typedef struct PathRef {
	const char *key;     /* the path without a trailing '/' */
	Stmt *st;
} PathRef;

/* Byte order with '/' first, so everything inside a directory sorts right
 * after it ("/a", "/a/x", "/a-b"), which the overlap scan relies on. */
static int cmp_path(const char *p, const char *q)
{
	for (;; p++, q++) {
		unsigned char a = (unsigned char)*p, b = (unsigned char)*q;
		if (a != b) {
			a = a == '/' ? 1 : a;
			b = b == '/' ? 1 : b;
			return a < b ? -1 : 1;
		}
		if (!a)
			return 0;
	}
}

static int cmp_pathref(const void *a, const void *b)
{
	const PathRef *x = a, *y = b;
	int c = cmp_path(x->key, y->key);
	if (c)
		return c;
	return x->st->loc.line != y->st->loc.line ? (x->st->loc.line < y->st->loc.line ? -1 : 1)
		: (x->st->loc.col < y->st->loc.col ? -1 : x->st->loc.col > y->st->loc.col);
}

static int cmp_key(const void *key, const void *elem)
{
	return cmp_path(key, ((const PathRef *)elem)->key);
}

/* A path of the base's (run, read, exec ... shared) is used by the base type
 * the base's file contexts give it; a path the module labels itself, or one
 * inside a directory the module labels, has a module type there instead:
 * such a statement would grant on a type the file is not. */
static void check_base_path(Sema *s, Stmt *st, const PathRef *v, size_t n)
{
	if (!n)
		return;
	char *key = xstrdup(st->dir);
	for (bool self = true;; self = false) {
		const PathRef *m = bsearch(key, v, n, sizeof *v, cmp_key);
		if (m && (self || m->st->is_dir)) {
			ERR(s, st->path_loc, CK_MODULE_PATH,
			    "%s \"%.80s\" %s a path the module labels itself; '%s' grants on the type the base gives a path",
			    stmt_keyword(st->kind), st->path, self ? "names" : "lies inside",
			    st->shared ? "exec ... shared" : stmt_keyword(st->kind));
			NOTE(s, m->st->path_loc, "%s \"%.80s\" of %s '%s' labels it", stmt_keyword(m->st->kind),
			     m->st->path, kind_word(m->st->zone), zone_label(m->st->zone));
			break;
		}
		char *slash = strrchr(key, '/');
		if (!slash || slash == key)
			break;
		*slash = '\0';
	}
	free(key);
}

static void check_paths(Sema *s)
{
	size_t n = 0;
	Zone *all[2] = { s->mod->launchers, s->mod->zones };
	for (int list = 0; list < 2; list++)
		for (Zone *z = all[list]; z; z = z->next)
			for (Stmt *st = z->body; st; st = st->next)
				if (stmt_has_path(st->kind) && allowed(z, st->kind)) {
					check_path(s, st);
					n += stmt_labels_path(st);
				}
	PathRef *v = xmalloc((n ? n : 1) * sizeof *v);
	size_t k = 0;
	for (int list = 0; list < 2; list++)
		for (Zone *z = all[list]; z; z = z->next)
			for (Stmt *st = z->body; st; st = st->next)
				if (stmt_labels_path(st) && allowed(z, st->kind))
					v[k++] = (PathRef){ st->dir, st };
	if (n)
		qsort(v, n, sizeof *v, cmp_pathref);
	for (int list = 0; list < 2; list++)
		for (Zone *z = all[list]; z; z = z->next)
			for (Stmt *st = z->body; st; st = st->next)
				if (stmt_has_path(st->kind) && !stmt_labels_path(st) && allowed(z, st->kind))
					check_base_path(s, st, v, n);
	if (!n) {
		free(v);
		return;
	}
	/* After sorting, a path inside a directory path follows it, possibly
	 * after other paths inside it; keep a stack of open directories. */
	PathRef **stack = xcalloc(n, sizeof *stack);    /* at most every path */
	size_t depth = 0;
	for (size_t i = 0; i < n; i++) {
		const char *key = v[i].key;
		while (depth > 0) {
			const char *d = stack[depth - 1]->key;
			size_t dl = strlen(d);
			if (strncmp(key, d, dl) == 0 && (key[dl] == '/' || key[dl] == '\0'))
				break;
			depth--;
		}
		if (depth > 0) {
			PathRef *outer = stack[depth - 1];
			Stmt *a = v[i].st, *b = outer->st;
			bool same = strcmp(key, outer->key) == 0;
			ERR(s, a->path_loc, CK_PATH_OVERLAP, "%s \"%.80s\" of %s '%s' %s",
			    stmt_keyword(a->kind), a->path, kind_word(a->zone), zone_label(a->zone),
			    same ? "is already used" : "lies inside a directory already used");
			NOTE(s, b->path_loc, "by %s \"%.80s\" of %s '%s'", stmt_keyword(b->kind), b->path,
			     kind_word(b->zone), zone_label(b->zone));
			continue;
		}
		if (v[i].st->is_dir || (i + 1 < n && strcmp(v[i + 1].key, key) == 0))
			stack[depth++] = &v[i];
	}
	free(stack);
	free(v);
}

/* Every zone a statement, a channel or an assert names must exist. */
static void check_resolve(Sema *s)
{
	for (Zone *z = s->mod->zones; z; z = z->next)
		for (Stmt *st = z->body; st; st = st->next) {
			if (st->kind == ST_CONNECT)
				for (NameRef *r = st->names; r; r = r->next)
					resolve(s, r, "'connect'");
			if (st->kind == ST_NET_VIA)
				resolve(s, st->names, "'net via'");
		}
	for (Channel *c = s->mod->channels; c; c = c->next) {
		resolve(s, &c->from, "channel");
		resolve(s, &c->to, "channel");
		if (c->via)
			resolve(s, c->via, "channel");
	}
	for (Assert *a = s->mod->asserts; a; a = a->next) {
		resolve(s, &a->from, "assert");
		resolve(s, &a->to, "assert");
	}
}

static void check_references(Sema *s)
{
	for (Zone *z = s->mod->zones; z; z = z->next)
		for (Stmt *st = z->body; st; st = st->next) {
			if (st->kind != ST_CONNECT)
				continue;
			for (NameRef *r = st->names; r; r = r->next) {
				Zone *t = r->sym->zone;
				if (!t)
					continue;
				if (t == z)
					ERR(s, r->loc, CK_CONNECT_SELF, "zone '%s' connects to itself", z->name->name);
				else if (!t->socket) {
					ERR(s, r->loc, CK_CONNECT_TARGET, "'%s' has no 'socket' to connect to",
					    t->name->name);
					NOTE(s, t->name_loc, "'%s' is declared here", t->name->name);
				}
				for (NameRef *q = st->names; q != r; q = q->next)
					if (q->sym == r->sym) {
						ERR(s, r->loc, CK_DUPLICATE_CONNECT, "'%s' is listed twice", r->sym->name);
						NOTE(s, q->loc, "it is first listed here");
					}
			}
		}
}

static void check_channels(Sema *s)
{
	for (Channel *c = s->mod->channels; c; c = c->next) {
		Zone *a = c->from.sym->zone;
		Zone *b = c->to.sym->zone;
		Zone *g = c->via ? c->via->sym->zone : NULL;
		if (a && a == b)
			ERR(s, c->to.loc, CK_CHANNEL_SELF, "channel '%s' goes from zone '%s' to itself",
			    c->name->name, a->name->name);
		if (g && (g == a || g == b))
			ERR(s, c->via->loc, CK_CHANNEL_VIA, "channel '%s' passes via its own end '%s'",
			    c->name->name, g->name->name);
	}
}

static void check_asserts(Sema *s)
{
	for (Assert *a = s->mod->asserts; a; a = a->next) {
		Zone *x = a->from.sym->zone;
		Zone *y = a->to.sym->zone;
		if (x && x == y)
			ERR(s, a->to.loc, CK_ASSERT_SELF, "an assert of no flow from '%s' to itself always fails",
			    x->name->name);
		else if (x && y)
			for (Assert *b = s->mod->asserts; b != a; b = b->next)
				if (b->from.sym == a->from.sym && b->to.sym == a->to.sym) {
					ERR(s, a->loc, CK_DUPLICATE_ASSERT, "this assert is written twice");
					NOTE(s, b->loc, "the first one is here");
					break;
				}
	}
}

/* An assert that the file's channels contradict through a trusted zone.
 * A trusted zone is a cut point for the flow check (assertflow.c), so
 * `channel c from A to B via G` with G trusted, or a chain of channels
 * whose inner zones include a trusted one, passes it; yet the file itself
 * declares a one-way path for data from A to B, which `assert no flow A ->
 * B` forbids.  Trust lets a shared service (an X server) sit between zones;
 * it does not undo a channel written from one end to the other.  Chains
 * with no trusted zone inside are left to assertflow, which reports them
 * with the rules that make them. */
typedef struct Hop {
	const Channel *c;
	const Zone *from, *to;
} Hop;

/* Breadth-first over the channel hops from a (first[z]: z's first hop,
 * next[i]: the next hop from the same zone); with `untrusted_only`, never
 * through a trusted zone.  Fills prev[] (hop index by zone, -1 for a, -2
 * unreached); returns whether b is reached. */
static bool channel_path(const Hop *h, const int *first, const int *next, const Zone *a, const Zone *b,
			 bool untrusted_only, int *prev, const Zone **queue, unsigned nz)
{
	for (unsigned i = 0; i < nz; i++)
		prev[i] = -2;
	size_t qh = 0, qt = 0;
	prev[a->index] = -1;
	queue[qt++] = a;
	while (qh < qt) {
		const Zone *x = queue[qh++];
		if (x == b)
			return true;
		if (x != a && untrusted_only && x->trusted)
			continue;
		for (int i = first[x->index]; i >= 0; i = next[i])
			if (prev[h[i].to->index] == -2) {
				prev[h[i].to->index] = i;
				queue[qt++] = h[i].to;
			}
	}
	return false;
}

static void check_assert_channels(Sema *s)
{
	Module *m = s->mod;
	if (!m->asserts || !m->channels || !m->nzones)
		return;
	size_t nh = 0;
	Hop *h = xcalloc((size_t)m->nchannels * 2, sizeof *h);
	int *next = xcalloc((size_t)m->nchannels * 2, sizeof *next);
	int *first = xcalloc(m->nzones, sizeof *first);
	int *prev = xcalloc(m->nzones, sizeof *prev);
	const Zone **queue = xcalloc(m->nzones, sizeof *queue);
	for (Channel *c = m->channels; c; c = c->next) {
		const Zone *a = c->from.sym->zone, *b = c->to.sym->zone;
		const Zone *g = c->via ? c->via->sym->zone : NULL;
		if (!a || !b || a == b || c->name->chan != c || (c->via && (!g || g == a || g == b)))
			continue;   /* reported by the channel checks */
		if (g) {
			h[nh++] = (Hop){ c, a, g };
			h[nh++] = (Hop){ c, g, b };
		} else {
			h[nh++] = (Hop){ c, a, b };
		}
	}
	for (unsigned i = 0; i < m->nzones; i++)
		first[i] = -1;
	for (size_t i = nh; i-- > 0;) {
		next[i] = first[h[i].from->index];
		first[h[i].from->index] = (int)i;
	}
	for (Assert *as = m->asserts; as; as = as->next) {
		const Zone *a = as->from.sym->zone, *b = as->to.sym->zone;
		if (!a || !b || a == b)
			continue;
		if (channel_path(h, first, next, a, b, true, prev, queue, m->nzones) ||
		    !channel_path(h, first, next, a, b, false, prev, queue, m->nzones))
			continue;
		/* the path, from its start: its channels and trusted inner zones */
		int path[64], np = 0;
		for (int i = prev[b->index]; i >= 0 && np < 64; i = prev[h[i].from->index])
			path[np++] = i;
		const char *chans = "", *trusted = "";
		int nchans = 0;
		for (int k = np - 1; k >= 0; k--) {
			const Hop *x = &h[path[k]];
			if (k == np - 1 || h[path[k + 1]].c != x->c) {
				chans = arena_printf(s->arena, "%s%s'%s'", chans, nchans ? ", " : "", x->c->name->name);
				nchans++;
			}
			if (x->to != b && x->to->trusted)
				trusted = arena_printf(s->arena, "%s%s'%s'", trusted, *trusted ? ", " : "", x->to->name->name);
		}
		ERR(s, as->loc, CK_ASSERT_CHANNEL_TRUSTED,
		    "channel%s %s carr%s data from '%s' to '%s' through trusted %s, and this assert forbids that flow",
		    nchans > 1 ? "s" : "", chans, nchans > 1 ? "y" : "ies", a->name->name, b->name->name, trusted);
		for (int k = np - 1; k >= 0; k--) {
			const Channel *c = h[path[k]].c;
			if (k != np - 1 && h[path[k + 1]].c == c)
				continue;
			if (c->via)
				NOTE(s, c->loc, "channel '%s' goes from '%s' to '%s' via '%s'%s", c->name->name,
				     c->from.sym->name, c->to.sym->name, c->via->sym->name,
				     c->via->sym->zone->trusted ? " (trusted)" : "");
			else
				NOTE(s, c->loc, "channel '%s' goes from '%s' to '%s'", c->name->name,
				     c->from.sym->name, c->to.sym->name);
		}
	}
	free(h);
	free(next);
	free(first);
	free(prev);
	free(queue);
}

/* Every generated type name must be unique (spec section 7). */
typedef struct TypeName {
	const char *name;
	Loc loc;
	const char *what;
	unsigned seq;
} TypeName;

static int cmp_typename(const void *a, const void *b)
{
	const TypeName *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

static void check_type_names(Sema *s)
{
	Module *m = s->mod;
	if (!m->name)
		return;
	size_t cap = 8 + (size_t)m->nzones * TR_COUNT + (size_t)m->nchannels * 2, n = 0;
	TypeName *v = xmalloc(cap * sizeof *v);
#define ADD(nm, l, w) (v[n] = (TypeName){ (nm), (l), (w), (unsigned)n }, n++)
	if (m->nchannels)
		ADD(runtime_type(s->arena, m), m->loc, "the module's runtime directory");
	Zone *all[2] = { m->launcher, m->zones };
	for (int list = 0; list < 2; list++)
		for (Zone *z = all[list]; z; z = list ? z->next : NULL) {
			if (z->name && z->name->zone != z)
				continue;   /* a duplicate zone, reported already */
			const char *what = z->name ? arena_printf(s->arena, "%s '%s'", kind_word(z), zone_label(z))
						   : "the launcher";
			/* the names are kept: every later use reads them */
			const char **tn = arena_alloc(s->arena, TR_COUNT * sizeof *tn);
			tn[TR_DOMAIN] = zone_type(s->arena, m, z, TR_DOMAIN);
			tn[TR_EXEC] = zone_type(s->arena, m, z, TR_EXEC);
			ADD(tn[TR_DOMAIN], z->name ? z->name_loc : z->loc, what);
			ADD(tn[TR_EXEC], z->name ? z->name_loc : z->loc, what);
			ZoneRole roles[TR_COUNT];
			for (int i = 0, nr = zone_roles(z, allowed, roles); i < nr; i++) {
				tn[roles[i].role] = zone_type(s->arena, m, z, roles[i].role);
				ADD(tn[roles[i].role], roles[i].first->loc,
				    arena_printf(s->arena, "'%s' of %s", stmt_keyword(roles[i].first->kind), what));
			}
			if (z->has_net) {
				tn[TR_PORT] = zone_type(s->arena, m, z, TR_PORT);
				ADD(tn[TR_PORT], z->name ? z->name_loc : z->loc, what);
			}
			z->tnames = tn;
		}
	for (Channel *c = m->channels; c; c = c->next) {
		if (c->name->chan != c)
			continue;       /* a duplicate channel, reported already */
		const char *what = arena_printf(s->arena, "channel '%s'", c->name->name);
		if (c->via) {
			ADD(chan_type(s->arena, m, c, "in"), c->name_loc, what);
			ADD(chan_type(s->arena, m, c, "out"), c->name_loc, what);
		} else {
			ADD(chan_type(s->arena, m, c, "fifo"), c->name_loc, what);
		}
	}
#undef ADD
	if (s->opt && s->opt->base_has_type) {
		const char *attr = arena_printf(s->arena, "%s_domain", m->name->name);
		if (s->opt->base_has_type(s->opt->base, attr)) {
			ERR(s, m->name_loc, CK_TYPE_COLLISION,
			    "module '%s' wants attribute '%s', which the base policy already declares",
			    m->name->name, attr);
		}
		for (size_t i = 0; i < n; i++)
			if (s->opt->base_has_type(s->opt->base, v[i].name)) {
				ERR(s, v[i].loc, CK_TYPE_COLLISION,
				    "%s wants type '%s', which the base policy already declares",
				    v[i].what, v[i].name);
				diag_note_plain(s->diag, "the base policy is %s",
						s->opt->base_source ? s->opt->base_source : "the loaded base policy");
			}
	}
	qsort(v, n, sizeof *v, cmp_typename);
	for (size_t i = 1; i < n; i++)
		if (strcmp(v[i].name, v[i - 1].name) == 0 &&
		    !(v[i].loc.line == v[i - 1].loc.line && v[i].loc.col == v[i - 1].loc.col)) {
			ERR(s, v[i].loc, CK_TYPE_COLLISION, "%s wants type '%s', which %s already has",
			    v[i].what, v[i].name, v[i - 1].what);
			NOTE(s, v[i - 1].loc, "%s is declared here", v[i - 1].what);
		}
	free(v);
}

/* net: ports in range; `via` targets listen; no two zones on one port. */
typedef struct Listen {
	unsigned long lo, hi;
	Proto proto;
	PortRange *pr;
	Zone *z;
} Listen;

static int cmp_listen(const void *a, const void *b)
{
	const Listen *x = a, *y = b;
	if (x->proto != y->proto)
		return x->proto < y->proto ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return (x->z->index > y->z->index) - (x->z->index < y->z->index);
}

static void check_net(Sema *s)
{
	size_t n = 0;
	for (Zone *z = s->mod->zones; z; z = z->next)
		for (Stmt *st = z->body; st; st = st->next)
			if (st->kind == ST_NET_EGRESS || st->kind == ST_NET_LISTEN)
				for (PortRange *p = st->ports; p; p = p->next) {
					if (p->lo > p->hi)
						ERR(s, p->loc, CK_PORT_RANGE, "port range %lu-%lu is reversed",
						    p->lo, p->hi);
					else if (p->lo < 1 || p->hi > 65535)
						ERR(s, p->loc, CK_PORT_RANGE, "port %lu is outside 1-65535",
						    p->lo < 1 ? p->lo : p->hi);
					else if (st->kind == ST_NET_LISTEN)
						n++;
				}
	Listen *v = n ? xcalloc(n, sizeof *v) : NULL;
	size_t k = 0;
	for (Zone *z = s->mod->zones; z; z = z->next)
		for (Stmt *st = z->body; st; st = st->next)
			if (st->kind == ST_NET_LISTEN)
				for (PortRange *p = st->ports; p; p = p->next)
					if (p->lo >= 1 && p->hi <= 65535 && p->lo <= p->hi)
						v[k++] = (Listen){ p->lo, p->hi, st->proto, p, z };
	if (n)
		qsort(v, n, sizeof *v, cmp_listen);
	/* sorted by protocol and start: a range overlaps an earlier one exactly
	 * when it starts before the furthest end seen so far */
	for (size_t i = 1, owner = 0; i < n; i++) {
		if (v[i].proto != v[owner].proto) {
			owner = i;
			continue;
		}
		if (v[i].lo <= v[owner].hi) {
			ERR(s, v[i].pr->loc, CK_PORT_CONFLICT, "%s port %lu is also listened on by '%s'",
			    v[i].proto == PROTO_TCP ? "tcp" : "udp", v[i].lo, zone_label(v[owner].z));
			NOTE(s, v[owner].pr->loc, "'%s' listens here", zone_label(v[owner].z));
		}
		if (v[i].hi > v[owner].hi)
			owner = i;
	}
	free(v);
	for (Zone *z = s->mod->zones; z; z = z->next)
		for (Stmt *st = z->body; st; st = st->next)
			if (st->kind == ST_NET_EGRESS && st->any_port)
				ERR(s, st->loc, CK_EGRESS_ANY,
				    "'%s' may connect to every %s port of every host (every port type of the base); "
				    "say so only for a program that needs it, such as a Tor client's bootstrap",
				    zone_label(z), st->proto == PROTO_TCP ? "tcp" : "udp");
	for (Zone *z = s->mod->zones; z; z = z->next)
		for (Stmt *st = z->body; st; st = st->next) {
			if (st->kind != ST_NET_VIA || !st->names->sym->zone)
				continue;
			Zone *g = st->names->sym->zone;
			if (g == z) {
				ERR(s, st->names->loc, CK_NET_VIA, "zone '%s' cannot reach the network via itself",
				    z->name->name);
				continue;
			}
			bool listens = false;
			for (Stmt *t = g->body; t; t = t->next)
				listens |= t->kind == ST_NET_LISTEN;
			if (!listens) {
				ERR(s, st->names->loc, CK_NET_VIA, "'net via %s': '%s' listens on no port",
				    g->name->name, g->name->name);
				NOTE(s, g->name_loc, "'%s' is declared here", g->name->name);
			}
		}
}

/* ---- segments (docs/network.md) ---------------------------------------- */

/* "A/P" or "A" (a single host) into st->addr; reports a bad text. */
static bool parse_addr(Sema *s, Stmt *st, bool need_prefix)
{
	char buf[64];
	const char *slash = strchr(st->path, '/');
	size_t n = slash ? (size_t)(slash - st->path) : strlen(st->path);
	NetAddr a = { 0 };
	bool ok = n < sizeof buf;
	if (ok) {
		memcpy(buf, st->path, n);
		buf[n] = '\0';
		if (inet_pton(AF_INET, buf, a.bytes) == 1)
			a.family = 4;
		else if (inet_pton(AF_INET6, buf, a.bytes) == 1)
			a.family = 6;
		ok = a.family != 0;
	}
	unsigned max = a.family == 6 ? 128 : 32;
	a.prefix = max;
	if (ok && slash) {
		char *end;
		unsigned long p = strtoul(slash + 1, &end, 10);
		ok = slash[1] >= '0' && slash[1] <= '9' && *end == '\0' && p <= max;
		a.prefix = (unsigned)p;
	} else if (ok && need_prefix) {
		ok = false;
	}
	if (!ok) {
		ERR(s, st->path_loc, CK_ADDRESS_SYNTAX,
		    "'%s' is not an %saddress%s (like \"10.1.0.1/24\" or \"2001:db8::1/64\")",
		    st->path, need_prefix ? "" : "IPv4 or IPv6 ", need_prefix ? " with its prefix length" : " range");
		return false;
	}
	st->addr = a;
	return true;
}

/* The two ranges share an address (inside: x lies within y). */
static bool addr_overlap(const NetAddr *x, const NetAddr *y, bool inside)
{
	if (x->family != y->family || (inside && x->prefix < y->prefix))
		return false;
	unsigned p = x->prefix < y->prefix ? x->prefix : y->prefix;
	for (unsigned i = 0; i < p; i++) {
		unsigned mask = 0x80u >> (i % 8);
		if ((x->bytes[i / 8] & mask) != (y->bytes[i / 8] & mask))
			return false;
	}
	return true;
}

/* The host interfaces the launcher makes are named M-S (the segment's
 * bridge) and M-Z (a vm's tap); Linux allows 15 bytes. */
static void check_ifname(Sema *s, Loc at, const char *mod, const char *name, const char *what)
{
	size_t n = strlen(mod) + 1 + strlen(name);
	if (n > 15)
		ERR(s, at, CK_IFNAME_LENGTH,
		    "the host interface of %s, '%s-%s', would be %zu bytes long; Linux allows 15: shorten the names",
		    what, mod, name, n);
}

static void check_segment_body(Sema *s, Segment *g)
{
	bool said = false;   /* an `address`, maybe a bad one (reported) */
	for (Stmt *st = g->body; st; st = st->next) {
		switch (st->kind) {
		case ST_SEG_ADDRESS:
			said = true;
			if (g->address) {
				ERR(s, st->loc, CK_DUPLICATE_SEGMENT_STATEMENT, "segment '%s' has a second 'address'",
				    g->name->name);
				NOTE(s, g->address->loc, "the first 'address' is here");
			} else if (parse_addr(s, st, true)) {
				g->address = st;
			}
			break;
		case ST_SEG_UPLINK: {
			if (g->uplink) {
				ERR(s, st->loc, CK_DUPLICATE_SEGMENT_STATEMENT, "segment '%s' has a second 'uplink'",
				    g->name->name);
				NOTE(s, g->uplink->loc, "the first 'uplink' is here");
				break;
			}
			size_t n = strlen(st->path);
			bool ok = n >= 1 && n <= 15 && strcmp(st->path, ".") != 0 && strcmp(st->path, "..") != 0;
			for (const char *p = st->path; ok && *p; p++)
				ok = *p > ' ' && *p < 0x7f && *p != '/' && *p != ':' && *p != '"' && *p != '\\';
			if (!ok)
				ERR(s, st->path_loc, CK_UPLINK_NAME,
				    "'%s' is not a network interface name (1-15 printable bytes, no '/', ':' or blank)",
				    st->path);
			else
				g->uplink = st;
			break;
		}
		case ST_SEG_REACH:
			parse_addr(s, st, false);
			g->has_reach = true;
			for (PortRange *p = st->ports; p; p = p->next)
				if (p->lo > p->hi)
					ERR(s, p->loc, CK_ADDRESS_SYNTAX, "port range %lu-%lu is reversed", p->lo, p->hi);
				else if (p->lo < 1 || p->hi > 65535)
					ERR(s, p->loc, CK_ADDRESS_SYNTAX, "port %lu is outside 1-65535",
					    p->lo < 1 ? p->lo : p->hi);
			break;
		default:
			break;
		}
	}
	if (!said)
		ERR(s, g->name_loc, CK_SEGMENT_ADDRESS,
		    "segment '%s' has no 'address': the host's address on it (\"10.1.0.1/24\") names the segment's range and the place where its vms reach the host",
		    g->name->name);
}

static void check_segments(Sema *s)
{
	Module *m = s->mod;
	for (Segment *g = m->segments; g; g = g->next) {
		if (g->name->seg) {
			ERR(s, g->name_loc, CK_DUPLICATE_SEGMENT, "segment '%s' is declared twice", g->name->name);
			NOTE(s, g->name->seg->name_loc, "'%s' was first declared here", g->name->name);
			continue;
		}
		g->name->seg = g;
		check_segment_body(s, g);
		if (m->name)
			check_ifname(s, g->name_loc, m->name->name, g->name->name,
				     arena_printf(s->arena, "segment '%s'", g->name->name));
	}
	/* segments never reach each other: no two share an address, and no
	 * `reach` lies inside a segment's range (a wider one, the Internet's
	 * "0.0.0.0/0", leaves the segments out: M.nft labels and drops what goes
	 * to a segment before it forwards what `reach` allows) */
	for (Segment *g = m->segments; g; g = g->next) {
		if (g->name->seg != g || !g->address)
			continue;
		for (Segment *h = g->next; h; h = h->next)
			if (h->name->seg == h && h->address &&
			    addr_overlap(&g->address->addr, &h->address->addr, false)) {
				ERR(s, h->address->path_loc, CK_SEGMENT_OVERLAP,
				    "segment '%s' (%s) overlaps segment '%s' (%s)", h->name->name,
				    h->address->path, g->name->name, g->address->path);
				NOTE(s, g->address->path_loc, "'%s' has its address here", g->name->name);
			}
		for (Segment *h = m->segments; h; h = h->next) {
			if (h->name->seg != h)
				continue;
			for (Stmt *st = h->body; st; st = st->next)
				if (st->kind == ST_SEG_REACH && st->addr.family &&
				    addr_overlap(&st->addr, &g->address->addr, true)) {
					ERR(s, st->path_loc, CK_REACH_SEGMENT,
					    "segment '%s' may not reach '%s' (%s): segments never reach each other%s",
					    h->name->name, st->path, g->address->path,
					    h == g ? " (a segment's own range is the vms on it, kept apart)" : "");
					NOTE(s, g->address->path_loc, "segment '%s' has this range", g->name->name);
				}
		}
	}
	for (Zone *z = m->zones; z; z = z->next) {
		Stmt *st = z->segment_stmt;
		if (!st)
			continue;
		NameRef *r = st->names;
		if (!r->sym->seg) {
			ERR(s, r->loc, CK_UNKNOWN_SEGMENT, "'net segment' names unknown segment '%s'", r->sym->name);
			continue;
		}
		z->segment = r->sym->seg;
		if (m->name)
			check_ifname(s, z->name_loc, m->name->name, arena_printf(s->arena, "t%u", z->index),
				     arena_printf(s->arena, "vm '%s' (its tap)", z->name->name));
		if (!(z->devices & (1u << DEV_TUN)))
			ERR(s, st->loc, CK_SEGMENT_TUN,
			    "vm '%s' is on segment '%s' but has no 'device tun': its tap, made by the launcher, is used through /dev/net/tun",
			    z->name->name, r->sym->name);
	}
}

const SemaPass sema_passes[] = {
	{ PASS_MODULE_NAME, check_module },
	{ PASS_LAUNCHER, check_launcher },
	{ PASS_DUPLICATES, check_duplicates },
	{ PASS_STATEMENTS, check_statements },
	{ PASS_PATHS, check_paths },
	{ PASS_RESOLVE, check_resolve },
	{ PASS_REFERENCES, check_references },
	{ PASS_CHANNELS, check_channels },
	{ PASS_ASSERTS, check_asserts },
	{ PASS_ASSERT_CHANNELS, check_assert_channels },
	{ PASS_TYPE_NAMES, check_type_names },
	{ PASS_NET, check_net },
	{ PASS_SEGMENTS, check_segments },
};
const size_t sema_npasses = sizeof sema_passes / sizeof sema_passes[0];

int sema_run(Arena *a, Diag *d, Module *m, const SemaOptions *opt)
{
	Sema s = { a, d, m, opt, PASS_COUNT };
	int before = d->errors;
	for (size_t i = 0; i < sema_npasses; i++) {
		s.pass = sema_passes[i].pass;
		sema_passes[i].run(&s);
	}
	return d->errors - before;
}
