/* vectors.c: the test vectors (spec section 6), from what the zone MEANS.
 *
 * This file reads the AST, never the rule IR: it restates the spec's table
 * of section 4 as expectations, so that a wrong rule in lower.c cannot hide
 * behind a matching wrong vector.  Type names come from names.h (they are
 * part of the spec) and device types from the reference policy's names.
 *
 * Cross-zone denials are quadratic in the number of zones.  Up to
 * ALL_PAIRS_MAX zones every ordered pair is written; above that each zone is
 * checked against its two neighbours in source order and SAMPLE others
 * chosen by a fixed stride, so the file stays linear and deterministic.
 */
#include "emit.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basefc.h"
#include "basepol.h"
#include "hash.h"
#include "names.h"
#include "template.h"
#include "xalloc.h"

enum { ALL_PAIRS_MAX = 32, SAMPLE = 6 };

/* The reference policy's device types (spec section 4), restated here on
 * purpose rather than shared with lower.c. */
static const struct { const char *type, *cls; } dev[DEV_COUNT] = {
	[DEV_KVM] = { "kvm_device_t", "chr_file" },
	[DEV_TUN] = { "tun_tap_device_t", "chr_file" },
	[DEV_VIDEO] = { "dri_device_t", "chr_file" },
	[DEV_INPUT] = { "event_device_t", "chr_file" },
	[DEV_SOUND] = { "sound_device_t", "chr_file" },
	[DEV_USB] = { "usb_device_t", "chr_file" },
	[DEV_CDROM] = { "removable_device_t", "blk_file" },
	[DEV_PRINTER] = { "printer_device_t", "chr_file" },
	[DEV_SERIAL] = { "tty_device_t", "chr_file" },
};

typedef struct PortMeaning PortMeaning;

typedef struct V {
	Buf *b;
	const Emit *e;
	Arena *a;            /* the lines' strings: emptied after each zone */
	Arena *keep;         /* what outlives a zone (the port types' memo) */
	const Module *m;
	bool fc_failed;      /* the base file contexts failed; reported */
	PortMeaning *pm;     /* with `net` only */
	bool labels;         /* the module labels packets (labels_packets) */
	/* the base policy's last answers (declared; in an attribute), by the
	 * type name's address and checked by its text: every zone asks the
	 * same few, and a search of the base's memo costs a dozen compares
	 * on lines that are no longer in the cache at 10000 zones */
	struct BaseAnswer {
		const char *type, *attr, *copy;
		bool yes;
	} base_answers[256];
	const Zone **targets; /* the zones some `net via` names, in order */
	unsigned ntargets;
	/* the origin line last printed ("# FILE:LINE WHY"), which the vector
	 * lines below it share; none after a section's heading */
	bool ohave;
	unsigned oline;
	Buf owhy;
} V;

static void line(V *v, Loc at, const char *why, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void line(V *v, Loc at, const char *why, const char *fmt, ...)
{
	Buf *b = v->b;
	/* the vectors of one statement and reason share one origin line
	 * above them (spec section 6 as zone(5) amends it): at scale the
	 * comments were two fifths of the file */
	if (!v->ohave || v->oline != at.line || strcmp(buf_str(&v->owhy), why) != 0) {
		buf_printf(b, "# %s:%u %s\n", v->e->source, at.line, why);
		v->ohave = true;
		v->oline = at.line;
		v->owhy.len = 0;
		buf_puts(&v->owhy, why);
	}
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
	buf_put(b, "\n", 1);
}

/* A section's heading: the next vector restates its origin. */
static void heading(V *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void heading(V *v, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(v->b, fmt, ap);
	va_end(ap);
	v->ohave = false;
}

/* A domain must search every directory above the files it reaches, as the
 * base labels them (spec: a zone can reach its files).  One line per
 * directory type and domain: `seen` holds the types already stated. */
typedef struct Seen {
	const char **types;
	int n;
	size_t cap;
} Seen;

/* The base file contexts cannot be read: the first failure is reported at
 * `at` and fails the vectors (lowering reports it first when it meets it). */
static void fc_failed(V *v, Loc at)
{
	if (!v->fc_failed) {
		v->fc_failed = true;
		diag_report(v->e->diag, at, CK_BASE_FC_UNREADABLE, "%s", basefc_error(v->e->fc));
	}
}

/* The base type of directory `path`, or NULL when there are no base file
 * contexts or they cannot be read. */
static const char *base_dir(V *v, Loc at, const char *path)
{
	const char *type = v->e->fc ? basefc_dir_type(v->e->fc, path) : NULL;
	if (!type && v->e->fc)
		fc_failed(v, at);
	return type;
}

/* what the run-time basics already search */
static Seen seen_basics(V *v)
{
	static const char *const basics[] = { "root_t", "usr_t", "etc_t", "device_t" };
	Seen s = { 0 };
	for (size_t i = 0; i < sizeof basics / sizeof basics[0]; i++) {
		s.types = arena_grow(v->a, s.types, (size_t)s.n, &s.cap, sizeof *s.types);
		s.types[s.n++] = basics[i];
	}
	return s;
}

static void search_line(V *v, Seen *seen, const char *D, const char *type, Loc at, const char *why)
{
	if (!type)
		return;
	for (int i = 0; i < seen->n; i++)
		if (strcmp(seen->types[i], type) == 0)
			return;
	seen->types = arena_grow(v->a, seen->types, (size_t)seen->n, &seen->cap, sizeof *seen->types);
	seen->types[seen->n++] = type;
	line(v, at, why, "allow %s %s dir search", D, type);
}

typedef struct SearchLine {
	V *v;
	Seen *seen;
	const char *D, *why;
	Loc at;
} SearchLine;

static void search_dir(const char *type, void *arg)
{
	SearchLine *s = arg;
	if (!type)
		fc_failed(s->v, s->at);
	search_line(s->v, s->seen, s->D, type, s->at, s->why);
}

/* the base's directories above path (the walk is basefc's lookup; what a
 * domain must get on them is stated here) */
static void search_above(V *v, Seen *seen, const char *D, const char *path, Loc at, const char *why)
{
	SearchLine s = { v, seen, D, why, at };
	if (v->e->fc)
		basefc_each_dir_above(v->e->fc, path, search_dir, &s);
}

/* Inside the runtime directory /run/M/ every directory is the module's
 * M_runtime_t (spec section 4: the launcher makes /run/M/ and what lives
 * in it), whatever the base says of those paths. */
static bool in_rundir(V *v, const char *path)
{
	const char *rdir = runtime_dir(v->a, v->m);
	size_t n = strlen(rdir);
	return strncmp(path, rdir, n) == 0 && path[n] == '/';
}

static const char *parent_dir_type(V *v, Loc at, const char *path)
{
	if (in_rundir(v, path))
		return runtime_type(v->a, v->m);
	const char *type = v->e->fc ? basefc_parent_type(v->e->fc, path) : NULL;
	if (!type && v->e->fc)
		fc_failed(v, at);
	return type;
}

/* search on the directories above path, /run/M/ and those in it included */
static void search_to(V *v, Seen *seen, const char *D, const char *path, Loc at, const char *why)
{
	if (!in_rundir(v, path)) {
		search_above(v, seen, D, path, at, why);
		return;
	}
	search_above(v, seen, D, runtime_dir(v->a, v->m), at, why);
	search_line(v, seen, D, runtime_type(v->a, v->m), at, why);
}

/* A directory the base labels itself (a type other than its parent's,
 * which it would inherit): Debian's /tmp/.X11-unix is xdm_tmp_t.  A socket
 * directory of that kind stays the base's (spec section 4 read with the
 * README's "Sockets") unless the file takes it over; NULL for any other. */
static const char *base_dir_type(V *v, const Stmt *sock)
{
	if (!v->e->fc || !sock->is_dir || sock->takeover || !strchr(sock->dir + 1, '/') ||
	    in_rundir(v, sock->dir))
		return NULL;
	const char *own = base_dir(v, sock->path_loc, sock->dir);
	const char *parent = parent_dir_type(v, sock->path_loc, sock->dir);
	if (!own || !parent)
		return NULL;
	return strcmp(own, parent) != 0 ? own : NULL;
}

static const char *T(V *v, const Zone *z, TypeRole r)
{
	return zone_type(v->a, v->m, z, r);
}

/* first statement of a kind, or NULL; and whether any of them is a directory */
static const Stmt *first_of(const Zone *z, StmtKind k, bool *any_dir)
{
	const Stmt *f = NULL;
	*any_dir = false;
	for (const Stmt *s = z->body; s; s = s->next)
		if (s->kind == k) {
			if (!f)
				f = s;
			*any_dir |= s->is_dir;
		}
	return f;
}

static bool connects_to(const Zone *z, const Zone *y)
{
	for (const Stmt *s = z->body; s; s = s->next)
		if (s->kind == ST_CONNECT)
			for (const NameRef *r = s->names; r; r = r->next)
				if (r->sym->zone == y)
					return true;
	return false;
}

/* ---- the base policy's domains ---- */

/* Base domains that reach every file of some base attribute: a user's
 * media player reads every non-security file, backups read every file,
 * sosreport every non-auth file, locate lists every directory; logwatch
 * reads every log and logrotate manages them.  A zone's files are reached
 * by the zone, the launcher where the spec says so and the trusted base
 * (unconfined and admin domains, restorecon) only, so these are denied.
 * Written only for the domains the base declares outside its trusted base
 * (files_unconfined_type: Fedora puts sosreport_t there). */
static const char *const outsiders[] = { "mplayer_t", "backup_t", "sosreport_t", "locate_t" };

/* Does the base declare type (attr NULL), or put it in attr? */
static bool base_says(V *v, const char *type, const char *attr)
{
	if (!v->e->base)
		return false;
	struct BaseAnswer *ba = &v->base_answers[hash_addr(type, 256) ^ (attr ? 1 : 0)];
	if (ba->type == type && ba->attr == attr && strcmp(ba->copy, type) == 0)
		return ba->yes;
	bool yes = attr ? basepol_type_in(v->e->base, type, attr) : basepol_has_type(v->e->base, type);
	*ba = (struct BaseAnswer){ type, attr, arena_strndup(v->keep, type, strlen(type)), yes };
	return yes;
}

static bool in_base(V *v, const char *type)
{
	return base_says(v, type, NULL);
}

/* Who makes the module's runtime directories and FIFOs: the launcher,
 * else tmpfiles.  (Not in the scratch arena: it is emptied after each zone
 * and each channel.) */
static const char *dir_maker(V *v)
{
	return v->m->launcher ? zone_type(v->keep, v->m, v->m->launcher, TR_DOMAIN) : "systemd_tmpfiles_t";
}

static bool zone_rotates(const Zone *z)
{
	for (const Stmt *s = z->body; s; s = s->next)
		if (s->kind == ST_LOG && s->rotate)
			return true;
	return false;
}

/* cls: the class the type labels (file, fifo_file, sock_file; NULL: only
 * a directory); dir: it also labels a directory */
static void base_denied(V *v, Loc at, const char *X, const char *F, const char *cls, bool dir)
{
	if (!in_base(v, X) || base_says(v, X, "files_unconfined_type"))
		return;
	const char *why = "only the zone and the trusted base reach its files";
	if (cls && strcmp(cls, "file") == 0)
		line(v, at, why, "deny %s %s file read write append", X, F);
	else if (cls && strcmp(cls, "fifo_file") == 0)
		line(v, at, why, "deny %s %s fifo_file open read write append", X, F);
	else if (cls)
		line(v, at, why, "deny %s %s %s write", X, F, cls);
	if (dir)
		line(v, at, why, "deny %s %s dir search read write add_name", X, F);
}

/* The trusted base: the base's unconfined domains (files_unconfined_type,
 * for which unconfined_t stands here) and the administrator manage the
 * module's files; restorecon (setfiles) labels them. */
static const char *const trusted_base[] = { "unconfined_t", "sysadm_t" };

/* What any base domain may do with one of the module's file types F:
 * cls the class it labels (file, fifo_file, sock_file; NULL: a directory
 * only), dir whether it labels a directory, tmpfs whether it lives on a
 * tmpfs (/run). */
static void base_files(V *v, Loc at, const char *F, const char *cls, bool dir, bool tmpfs)
{
	const char *fs_why = "its files live on the file system";
	if (in_base(v, "fs_t"))
		line(v, at, fs_why, "allow %s fs_t filesystem associate", F);
	if (tmpfs && in_base(v, "tmpfs_t"))
		line(v, at, fs_why, "allow %s tmpfs_t filesystem associate", F);
	if (in_base(v, "setfiles_t")) {
		const char *why = "restorecon (setfiles) labels its files";
		if (cls)
			line(v, at, why, "allow setfiles_t %s %s relabelfrom relabelto", F, cls);
		if (dir) {
			line(v, at, why, "allow setfiles_t %s dir search read relabelfrom relabelto", F);
			line(v, at, why, "allow setfiles_t %s lnk_file relabelfrom relabelto", F);
		}
	}
	for (size_t i = 0; i < sizeof trusted_base / sizeof trusted_base[0]; i++) {
		const char *A = trusted_base[i];
		if (!in_base(v, A))
			continue;
		const char *why = "the trusted base manages its files";
		if (cls && strcmp(cls, "sock_file") == 0)
			line(v, at, why, "allow %s %s sock_file write create unlink relabelto", A, F);
		else if (cls)
			line(v, at, why, "allow %s %s %s open read write create unlink relabelto", A, F, cls);
		if (dir) {
			line(v, at, why, "allow %s %s dir search read write add_name remove_name create rmdir relabelto",
			     A, F);
			line(v, at, why, "allow %s %s lnk_file read create unlink relabelto", A, F);
		}
	}
	for (size_t i = 0; i < sizeof outsiders / sizeof outsiders[0]; i++)
		base_denied(v, at, outsiders[i], F, cls, dir);
}

static bool under_run(const char *path)
{
	return strncmp(path, "/run/", 5) == 0;
}

/* the zone's own config, log, disk and socket types */
static void base_reach(V *v, const Zone *z)
{
	static const StmtKind kinds[] = { ST_CONFIG, ST_LOG, ST_DISK };
	bool dir;
	const Stmt *s;
	for (size_t k = 0; k < 3; k++)
		if ((s = first_of(z, kinds[k], &dir)))
			base_files(v, s->loc, T(v, z, stmt_role(kinds[k])), "file", dir, under_run(s->path));
	if ((s = first_of(z, ST_LOG, &dir))) {
		const char *L = T(v, z, TR_LOG);
		base_denied(v, s->loc, "logwatch_t", L, "file", dir);
		if (!zone_rotates(z)) {
			base_denied(v, s->loc, "logrotate_t", L, "file", dir);
		} else if (in_base(v, "logrotate_t")) {
			line(v, s->loc, "rotate: logrotate manages its logs",
			     "allow logrotate_t %s file read write rename unlink create", L);
			if (dir)
				line(v, s->loc, "rotate: logrotate manages its logs",
				     "allow logrotate_t %s dir search read write add_name remove_name", L);
		}
	}
	if (z->socket)
		base_files(v, z->socket->loc, T(v, z, TR_SOCK), "sock_file", z->socket->is_dir,
			   under_run(z->socket->path));
}

/* ---- the base's own files: run, read, exec ... shared ---- */

/* The base's labels along the kernel's walk to path on this host
 * (basefc_walk); with D, the lines for what D must get on the way: search
 * above each link and above the file, lnk_file read on each link's type
 * (`links` holds the types stated).  Returns the file's base type as
 * `kind`, or NULL without base file contexts. */
static const char *walk_lines(V *v, Seen *seen, Seen *links, const char *D, const char *path, char kind,
			      Loc at, const char *why)
{
	if (!v->e->fc)
		return NULL;
	BaseWalk w;
	basefc_walk(v->e->fc, path, kind, &w);
	const char *type = w.type;
	if (!type)
		fc_failed(v, at);
	for (size_t i = 0; D && i < w.nlinks; i++) {
		search_above(v, seen, D, w.link[i], at, why);
		if (!w.link_type[i]) {
			fc_failed(v, at);
			continue;
		}
		bool stated = false;
		for (int k = 0; k < links->n; k++)
			stated |= strcmp(links->types[k], w.link_type[i]) == 0;
		if (!stated) {
			links->types = arena_grow(v->a, links->types, (size_t)links->n, &links->cap,
						  sizeof *links->types);
			links->types[links->n++] = w.link_type[i];
			line(v, at, arena_printf(v->a, "%s (the link %s)", why, w.link[i]),
			     "allow %s %s lnk_file getattr read", D, w.link_type[i]);
		}
	}
	if (D)
		search_above(v, seen, D, w.final, at, why);
	basefc_walk_free(&w);
	return type;
}

/* The base type of the program a zone is started as (`exec ... shared`),
 * or NULL. */
static const char *shared_type(V *v, const Zone *z)
{
	if (!z->exec || !z->exec->shared)
		return NULL;
	return walk_lines(v, NULL, NULL, NULL, z->exec->dir, 'f', z->exec->loc, NULL);
}

/* whether the domain of z runs (`run`) a program of base type t */
static bool runs_type(V *v, const Zone *z, const char *t)
{
	for (const Stmt *st = z->body; st && t; st = st->next)
		if (st->kind == ST_RUN) {
			const char *r = walk_lines(v, NULL, NULL, NULL, st->dir, 'f', st->loc, NULL);
			if (r && strcmp(r, t) == 0)
				return true;
		}
	return false;
}

/* `run`, `read`: what the statement means on the base's type of the file */
static void base_programs(V *v, const Zone *z, Seen *seen)
{
	const char *D = T(v, z, TR_DOMAIN);
	Seen links = { 0 };
	for (const Stmt *st = z->body; st; st = st->next) {
		if (st->kind == ST_RUN) {
			const char *why = arena_printf(v->a, "run \"%s\"", st->path);
			const char *t = walk_lines(v, seen, &links, D, st->dir, 'f', st->loc, why);
			if (!t)
				continue;
			line(v, st->loc, arena_printf(v->a, "%s: in its own domain", why),
			     "allow %s %s file getattr open read map execute execute_no_trans", D, t);
			line(v, st->loc, arena_printf(v->a, "%s: never changed", why),
			     "deny %s %s file write append setattr unlink", D, t);
		} else if (st->kind == ST_READ) {
			const char *why = arena_printf(v->a, "read \"%s\"", st->path);
			const char *t = walk_lines(v, seen, &links, D, st->dir, st->is_dir ? 'd' : 'f', st->loc, why);
			if (!t)
				continue;
			if (st->is_dir) {
				line(v, st->loc, why, "allow %s %s dir getattr search open read", D, t);
				line(v, st->loc, why, "allow %s %s lnk_file getattr read", D, t);
			}
			line(v, st->loc, why, "allow %s %s file getattr open read map", D, t);
			line(v, st->loc, arena_printf(v->a, "%s: read only", why),
			     "deny %s %s file write append setattr unlink execute", D, t);
		}
	}
}

/* `execmem`: only where the file says so (a JIT such as QEMU's TCG) */
static void execmem_lines(V *v, const Zone *z)
{
	const char *D = T(v, z, TR_DOMAIN);
	if (z->execmem)
		line(v, z->execmem->loc, "execmem: writable and executable memory", "allow %s %s process execmem", D, D);
	else
		line(v, z->name ? z->name_loc : z->loc, "no execmem: no writable and executable memory",
		     "deny %s %s process execmem", D, D);
}

/* `tmp`: its own temporary files; /tmp itself only for adding names */
static void tmp_lines(V *v, const Zone *z)
{
	if (!z->tmp)
		return;
	const char *D = T(v, z, TR_DOMAIN), *P = T(v, z, TR_TMP);
	Loc at = z->tmp->loc;
	line(v, at, "tmp: its own temporary files", "allow %s %s file create getattr open read write append rename unlink", D, P);
	line(v, at, "tmp: its own temporary directories", "allow %s %s dir create getattr search read write add_name remove_name rmdir", D, P);
	line(v, at, "tmp: its own sockets and FIFOs in /tmp", "allow %s %s sock_file create unlink", D, P);
	line(v, at, "tmp: its own sockets and FIFOs in /tmp", "allow %s %s fifo_file create open read write unlink", D, P);
	const char *B = base_dir(v, at, "/tmp");
	if (B) {
		line(v, at, "tmp: names in /tmp", "allow %s %s dir getattr search write add_name remove_name", D, B);
		line(v, at, "tmp: /tmp is never listed or changed", "deny %s %s dir read setattr rmdir", D, B);
		line(v, at, "tmp: the base's files in /tmp stay out of reach",
		     "deny %s %s file open read write append unlink", D, B);
	}
}

/* The optional QEMU features of a vm, each behind its own statement:
 * `memory memfd` (guest RAM in a memfd of the zone's own type, which no
 * other domain reads or writes) and `vhost net` (/dev/vhost-net, on the
 * base's type of that device).  Without the statement, neither: not the
 * base's tmpfs type a memfd would otherwise get, not the vhost device. */
static void qemu_features(V *v, const Zone *z, const Zone **all, unsigned n)
{
	if (z->kind != ZK_VM)
		return;
	const char *D = T(v, z, TR_DOMAIN);
	Loc zl = z->name_loc;
	if (z->memfd) {
		const char *P = T(v, z, TR_MEMFD);
		Loc at = z->memfd->loc;
		line(v, at, "memory memfd: guest RAM in its own memfd", "allow %s %s file getattr read write map", D, P);
		line(v, at, "memory memfd: guest RAM is never a program", "deny %s %s file execute entrypoint", D, P);
		for (unsigned i = 0; i <= n; i++) {
			const Zone *y = i < n ? all[i] : v->m->launcher;
			if (y && y != z)
				line(v, at, arena_printf(v->a, "memory memfd: %s's guest RAM is its own", z->name->name),
				     "deny %s %s file read write map", T(v, y, TR_DOMAIN), P);
		}
	} else if (in_base(v, "tmpfs_t")) {
		line(v, zl, "no memory memfd: no guest RAM in a memfd (tmpfs_t)", "deny %s tmpfs_t file read write map", D);
	}
	Loc vl = z->vhost_net ? z->vhost_net->loc : zl;
	const char *vhost_type = walk_lines(v, NULL, NULL, NULL, "/dev/vhost-net", 'c', vl, NULL);
	if (!vhost_type || !in_base(v, vhost_type))
		return;
	if (z->vhost_net)
		line(v, vl, "vhost net: /dev/vhost-net", "allow %s %s chr_file getattr open read write ioctl", D,
		     vhost_type);
	else
		line(v, zl, "no vhost net: not /dev/vhost-net", "deny %s %s chr_file open read write ioctl", D, vhost_type);
}

/* ---- a zone's own files ---- */

static void own_files(V *v, const Zone *z)
{
	const char *D = T(v, z, TR_DOMAIN);
	bool dir;
	const Stmt *s;
	Loc zl = z->name ? z->name_loc : z->loc;

	/* what any process needs to run (spec section 4, last paragraph) */
	line(v, zl, "runs: its own process", "allow %s %s process fork signal", D, D);
	line(v, zl, "runs: shared libraries", "allow %s lib_t file open read execute map", D);
	line(v, zl, "runs: the dynamic loader", "allow %s ld_so_t file open read execute map", D);
	line(v, zl, "runs: the loader cache", "allow %s ld_so_cache_t file open read", D);
	line(v, zl, "runs: locale files", "allow %s locale_t file open read", D);
	line(v, zl, "runs: /dev/null", "allow %s null_device_t chr_file open read write", D);
	line(v, zl, "runs: /dev/urandom, read only", "allow %s urandom_device_t chr_file open read", D);
	line(v, zl, "runs: /dev/urandom, read only", "deny %s urandom_device_t chr_file write append", D);
	line(v, zl, "runs: its own pipes", "allow %s %s fifo_file getattr read write ioctl", D, D);
	line(v, zl, "runs: its own socket pairs", "allow %s %s unix_dgram_socket create getattr read write", D, D);
	line(v, zl, "runs: locale directories", "allow %s locale_t dir getattr search open read", D);
	line(v, zl, "runs: locale links", "allow %s locale_t lnk_file getattr read", D);
	line(v, zl, "shared libraries are read only", "deny %s lib_t file write append", D);
	const char *SH = shared_type(v, z);
	if (SH) {
		Seen sseen = seen_basics(v), slinks = { 0 };
		walk_lines(v, &sseen, &slinks, D, z->exec->dir, 'f', z->exec->loc,
			   "exec shared: the way to its program");
		line(v, z->exec->loc, "exec shared: the base's program is its entry",
		     "allow %s %s file entrypoint execute read map", D, SH);
		line(v, z->exec->loc, "exec shared: the program is not writable by it",
		     "deny %s %s file write append unlink", D, SH);
	} else {
		line(v, z->exec ? z->exec->loc : zl, "a zone runs its own entry file",
		     "allow %s %s file entrypoint execute read", D, T(v, z, TR_EXEC));
		line(v, z->exec ? z->exec->loc : zl, "its entry file is not writable by it",
		     "deny %s %s file write append unlink", D, T(v, z, TR_EXEC));
	}
	execmem_lines(v, z);
	/* capabilities: the listed ones, and never those that break out */
	for (int c = 0; c < CAP_GRANTABLE; c++)
		if (z->caps & (1u << c))
			line(v, z->cap_stmt[c]->loc, arena_printf(v->a, "capability %s", cap_names[c]),
			     "allow %s %s capability %s", D, D, cap_names[c]);
	/* the launcher of a module with segments makes the taps and bridges:
	 * net_admin is its (docs/network.md) */
	bool makes_links = z->kind == ZK_LAUNCHER && v->m->segments;
	line(v, zl, "never a capability that breaks out of the policy",
	     "deny %s %s capability sys_admin sys_module sys_rawio sys_ptrace%s net_raw mknod", D, D,
	     makes_links ? "" : " net_admin");
	tmp_lines(v, z);
	Seen seen = seen_basics(v);
	base_programs(v, z, &seen);
	for (const Stmt *p = z->body; p; p = p->next)
		if (p->kind == ST_CONFIG || p->kind == ST_LOG || p->kind == ST_DISK || p->kind == ST_SOCKET)
			search_to(v, &seen, D, p->dir, p->loc, "reaches its own files");
	if ((s = first_of(z, ST_CONFIG, &dir))) {
		const char *C = T(v, z, TR_CONF);
		line(v, s->loc, "config is readable", "allow %s %s file read open getattr", D, C);
		if (dir) {
			line(v, s->loc, "config directory is searchable", "allow %s %s dir search read", D, C);
			line(v, s->loc, "links inside its config directory", "allow %s %s lnk_file getattr read", D, C);
		}
		line(v, s->loc, "config is read only", "deny %s %s file write append setattr unlink rename", D, C);
		if (dir)
			line(v, s->loc, "config directory is read only", "deny %s %s dir write add_name remove_name", D, C);
	}
	if ((s = first_of(z, ST_LOG, &dir))) {
		const char *L = T(v, z, TR_LOG);
		line(v, s->loc, "log is appendable", "allow %s %s file append open getattr", D, L);
		if (dir) {
			line(v, s->loc, "new log files in its directory", "allow %s %s file create", D, L);
			line(v, s->loc, "new log files in its directory", "allow %s %s dir search add_name", D, L);
			line(v, s->loc, "log files stay in place", "deny %s %s dir remove_name", D, L);
		}
		line(v, s->loc, "log is append only", "deny %s %s file read write setattr unlink rename", D, L);
	}
	if ((s = first_of(z, ST_DISK, &dir))) {
		const char *K = T(v, z, TR_DISK);
		bool logdir;
		line(v, s->loc, "disk is read/write", "allow %s %s file read write append lock open getattr", D, K);
		if (dir && first_of(z, ST_LOG, &logdir) && logdir) {
			/* a renamed file keeps its type: moved into the log
			 * directory it would stay rewritable there */
			line(v, s->loc, "disk directory: create, unlink",
			     "allow %s %s file create unlink", D, K);
			line(v, s->loc, "no disk file moves into its append-only log directory",
			     "deny %s %s file rename", D, K);
			line(v, s->loc, "disk directory: create, unlink",
			     "allow %s %s dir search add_name remove_name", D, K);
			line(v, s->loc, "disk directory: subdirectories", "allow %s %s dir create rmdir", D, K);
		} else if (dir) {
			line(v, s->loc, "disk directory: create, unlink, rename",
			     "allow %s %s file create unlink rename", D, K);
			line(v, s->loc, "disk directory: create, unlink, rename",
			     "allow %s %s dir search add_name remove_name", D, K);
			line(v, s->loc, "disk directory: subdirectories", "allow %s %s dir create rmdir", D, K);
		}
		line(v, s->loc, "disk is never executed or relabelled",
		     "deny %s %s file execute execute_no_trans entrypoint relabelfrom relabelto", D, K);
	}
	if (z->socket) {
		s = z->socket;
		const char *S = T(v, z, TR_SOCK);
		const char *B = base_dir_type(v, s);
		line(v, s->loc, "creates its socket", "allow %s %s sock_file create unlink", D, S);
		if (B) {
			/* the base's directory: the zone adds its sockets to it,
			 * and takes nothing else of it */
			const char *why = arena_printf(v->a, "its sockets go into the base's %s", s->dir);
			line(v, s->loc, why, "allow %s %s dir getattr search write add_name remove_name", D, B);
			line(v, s->loc, arena_printf(v->a, "%s stays the base's", s->dir),
			     "deny %s %s dir setattr relabelfrom rmdir", D, B);
			if (v->m->launcher)
				line(v, s->loc, arena_printf(v->a, "%s stays the base's", s->dir),
				     "deny %s %s dir write add_name", T(v, v->m->launcher, TR_DOMAIN), B);
		} else if (s->is_dir) {
			line(v, s->loc, "creates its socket in its socket directory",
			     "allow %s %s dir getattr search write add_name remove_name", D, S);
			/* the directory itself: made by the launcher, else by tmpfiles */
			const char *maker = dir_maker(v);
			const char *P = parent_dir_type(v, s->path_loc, s->dir);
			if (P)
				line(v, s->loc, "the socket directory is created for it",
				     "allow %s %s dir getattr search write add_name", maker, P);
			line(v, s->loc, "the socket directory is created for it",
			     "allow %s %s dir create getattr setattr search", maker, S);
			if (in_rundir(v, s->dir))
				line(v, s->loc, arena_printf(v->a, "its sockets go into %s/, not beside it", s->dir),
				     "deny %s %s dir write add_name remove_name", D, runtime_type(v->a, v->m));
		} else if (parent_dir_type(v, s->path_loc, s->dir)) {
			line(v, s->loc, "creates its socket file in place",
			     "allow %s %s dir write add_name remove_name", D, parent_dir_type(v, s->path_loc, s->dir));
		}
		line(v, s->loc, "listens on its socket", "allow %s %s unix_stream_socket create bind listen accept", D, D);
	}
}

/* ---- devices ---- */

static void devices(V *v, const Zone *z)
{
	const char *D = T(v, z, TR_DOMAIN);
	Loc zl = z->name_loc;
	for (int d = 0; d < DEV_COUNT; d++) {
		bool blk = d == DEV_CDROM;
		if (z->devices & (1u << d)) {
			line(v, z->device_stmt[d]->loc, arena_printf(v->a, "device %s is listed", device_names[d]),
			     "allow %s %s %s %s", D, dev[d].type, dev[d].cls,
			     blk ? "open read" : "open read write");
			if (d == DEV_TUN)
				line(v, z->device_stmt[d]->loc, "tun: attach its own queue",
				     "allow %s %s tun_socket create attach_queue", D, D);
		} else {
			line(v, zl, arena_printf(v->a, "device %s is not listed", device_names[d]),
			     "deny %s %s %s open read write", D, dev[d].type, dev[d].cls);
		}
	}
	if (!(z->devices & (1u << DEV_TUN)))
		line(v, zl, "no tun device: no tun sockets", "deny %s %s tun_socket create attach_queue", D, D);
}

/* ---- host networking ---- */

/* Port types of the reference policy a zone must not reach unless its file
 * names one of their ports: a sample of well-known services and the generic
 * ranges that are never granted. */
static const char *const well_known_ports[] = {
	"http_port_t", "ssh_port_t", "dns_port_t", "smtp_port_t", "tor_port_t",
	"http_cache_port_t", "ftp_port_t", "reserved_port_t", "hi_reserved_port_t",
	"unreserved_port_t",
};

typedef struct Granted {
	const char **types;
	int n;
	size_t cap;
} Granted;

static bool granted_has(const Granted *g, const char *t)
{
	for (int i = 0; i < g->n; i++)
		if (strcmp(g->types[i], t) == 0)
			return true;
	return false;
}

static void granted_add(V *v, Granted *g, const char *t)
{
	if (granted_has(g, t))
		return;
	g->types = arena_grow(v->a, g->types, (size_t)g->n, &g->cap, sizeof *g->types);
	g->types[g->n++] = t;
}

/* One port, one type (README "Ports"), restated from the file: the base's
 * specific type; else the M_Z_port_t of the zone that listens on the port;
 * else that of the one zone whose egress names it; else (several zones'
 * egress, no listener) shared_port_type over the run of such ports between
 * two ends of egress ranges.  Per protocol, indexed by port. */
struct PortMeaning {
	const Zone *listener[2][65537];
	const Zone *egress[2][65537];     /* the first zone whose egress names it */
	bool several[2][65537];           /* and another zone's egress too */
	bool edge[2][65537];              /* an egress range starts at it or ends before it */
	const char *type[2][65537];       /* resolved, on first use */
};

static PortMeaning *port_meaning(V *v)
{
	PortMeaning *pm = xcalloc(1, sizeof *pm);
	for (const Zone *z = v->m->zones; z; z = z->next)
		for (const Stmt *st = z->body; st; st = st->next)
			for (const PortRange *p = st->ports; p; p = p->next) {
				int pr = st->proto;
				if (st->kind == ST_NET_EGRESS) {
					pm->edge[pr][p->lo] = pm->edge[pr][p->hi + 1] = true;
					for (unsigned long q = p->lo; q <= p->hi; q++) {
						if (!pm->egress[pr][q])
							pm->egress[pr][q] = z;
						else if (pm->egress[pr][q] != z)
							pm->several[pr][q] = true;
					}
				} else if (st->kind == ST_NET_LISTEN) {
					for (unsigned long q = p->lo; q <= p->hi; q++)
						pm->listener[pr][q] = z;
				}
			}
	return pm;
}

static bool shared_port(V *v, int pr, unsigned long q)
{
	const PortMeaning *pm = v->pm;
	return q >= 1 && q <= 65535 && pm->several[pr][q] && !pm->listener[pr][q] &&
	       !ports_lookup(v->e->base, (Proto)pr, (unsigned)q);
}

static const char *port_type(V *v, Proto proto, unsigned long port)
{
	PortMeaning *pm = v->pm;
	int pr = proto;
	if (pm->type[pr][port])
		return pm->type[pr][port];
	const char *t = ports_lookup(v->e->base, proto, (unsigned)port);
	if (t)
		;
	else if (pm->listener[pr][port])
		t = zone_type(v->keep, v->m, pm->listener[pr][port], TR_PORT);
	else if (!pm->several[pr][port])
		t = zone_type(v->keep, v->m, pm->egress[pr][port], TR_PORT);
	else {
		unsigned long lo = port, hi = port;
		while (!pm->edge[pr][lo] && shared_port(v, pr, lo - 1))
			lo--;
		while (!pm->edge[pr][hi + 1] && shared_port(v, pr, hi + 1))
			hi++;
		t = shared_port_type(v->keep, v->m, proto, (unsigned)lo, (unsigned)hi);
		for (unsigned long q = lo; q <= hi; q++)
			pm->type[pr][q] = t;
	}
	pm->type[pr][port] = t;
	return t;
}

/* the port types the ports of st name */
static void port_types(V *v, const Stmt *st, Granted *g)
{
	for (const PortRange *p = st->ports; p; p = p->next)
		for (unsigned long port = p->lo; port <= p->hi; port++) {
			const char *t = port_type(v, st->proto, port);
			granted_add(v, g, t);
		}
}

/* `portcon PROTO LO[-HI] TYPE`: the label each named port has in the
 * linked policy, one line per run of one type */
static void port_labels(V *v, const Stmt *st)
{
	const char *pr = st->proto == PROTO_TCP ? "tcp" : "udp";
	for (const PortRange *p = st->ports; p; p = p->next)
		for (unsigned long lo = p->lo, hi; lo <= p->hi; lo = hi + 1) {
			const char *t = port_type(v, st->proto, lo);
			for (hi = lo; hi < p->hi && strcmp(port_type(v, st->proto, hi + 1), t) == 0; hi++)
				;
			const Zone *l = v->pm->listener[st->proto][lo];
			const char *why;
			if (ports_lookup(v->e->base, st->proto, (unsigned)lo))
				why = "the base labels the port";
			else if (l && l != st->zone)
				why = arena_printf(v->a, "the port %s listens on", l->name->name);
			else if (strcmp(t, T(v, st->zone, TR_PORT)) == 0)
				why = "the zone's own port type";
			else
				why = "several zones reach the port and none listens on it";
			if (lo == hi)
				line(v, p->loc, why, "portcon %s %lu %s", pr, lo, t);
			else
				line(v, p->loc, why, "portcon %s %lu-%lu %s", pr, lo, hi, t);
		}
}

static void net(V *v, const Zone *z)
{
	const char *D = T(v, z, TR_DOMAIN);
	Loc zl = z->name_loc;
	bool tcp = false, udp = false, any_tcp = false;
	Granted all = { 0 };
	for (const Stmt *st = z->body; st; st = st->next) {
		if (st->kind == ST_NET_EGRESS && st->any_port) {
			/* `net egress PROTO any`: every port, well-known ones too */
			const char *cls = st->proto == PROTO_TCP ? "tcp_socket" : "udp_socket";
			tcp |= st->proto == PROTO_TCP;
			udp |= st->proto == PROTO_UDP;
			line(v, st->loc, "its own sockets", "allow %s %s %s create connect", D, D, cls);
			if (st->proto == PROTO_TCP) {
				any_tcp = true;
				for (size_t i = 0; i < sizeof well_known_ports / sizeof well_known_ports[0]; i++)
					line(v, st->loc, "connects to every port", "allow %s %s tcp_socket name_connect",
					     D, well_known_ports[i]);
			}
			continue;
		}
		if (st->kind == ST_NET_EGRESS || st->kind == ST_NET_LISTEN) {
			Granted g = { 0 };
			port_types(v, st, &g);
			port_labels(v, st);
			bool listen = st->kind == ST_NET_LISTEN;
			const char *cls = st->proto == PROTO_TCP ? "tcp_socket" : "udp_socket";
			tcp |= st->proto == PROTO_TCP;
			udp |= st->proto == PROTO_UDP;
			for (int i = 0; i < g.n; i++) {
				if (st->proto == PROTO_TCP || listen)
					line(v, st->loc, listen ? "listens on the named ports" : "connects to the named ports",
					     "allow %s %s %s %s", D, g.types[i], cls, listen ? "name_bind" : "name_connect");
				granted_add(v, &all, g.types[i]);
			}
			line(v, st->loc, "its own sockets", "allow %s %s %s create %s", D, D, cls,
			     listen ? "bind" : "connect");
		} else if (st->kind == ST_NET_VIA) {
			const Zone *g = st->names->sym->zone;
			for (const Stmt *gs = g->body; gs; gs = gs->next)
				if (gs->kind == ST_NET_LISTEN && gs->proto == PROTO_TCP) {
					Granted gg = { 0 };
					port_types(v, gs, &gg);
					tcp = true;
					for (int i = 0; i < gg.n; i++) {
						line(v, st->loc, arena_printf(v->a, "reaches the ports %s listens on", g->name->name),
						     "allow %s %s tcp_socket name_connect", D, gg.types[i]);
						granted_add(v, &all, gg.types[i]);
					}
				} else if (gs->kind == ST_NET_LISTEN) {
					udp = true;
				}
		}
	}
	for (size_t i = 0; i < sizeof well_known_ports / sizeof well_known_ports[0]; i++)
		if (!granted_has(&all, well_known_ports[i]))
			line(v, zl, "no port the file does not name", "deny %s %s tcp_socket %s",
			     D, well_known_ports[i], any_tcp ? "name_bind" : "name_connect name_bind");
	if (!tcp)
		line(v, zl, "no tcp networking", "deny %s %s tcp_socket create", D, D);
	if (!udp)
		line(v, zl, "no udp networking", "deny %s %s udp_socket create", D, D);
	line(v, zl, "no raw sockets", "deny %s %s rawip_socket create", D, D);
}

/* ---- packets (docs/network.md) ---- */

/* The module labels packets when a zone has `net` or there is a segment:
 * then every packet the host sends, receives or forwards carries one of
 * the module's packet types, and a zone's may go only where its statements
 * say.  Restated from the file: M_host_packet_t (anything no statement
 * names) only for zones with `net egress`/`net listen`; G's request and
 * answer types only for G and the zones that say `net via G`; a segment's
 * own type for nobody, its forwarded type only for forwarding (the
 * kernel's unlabeled peer) and only with a `reach`. */
static bool labels_packets(const Module *m)
{
	if (m->segments)
		return true;
	for (const Zone *z = m->zones; z; z = z->next)
		if (z->has_net)
			return true;
	return false;
}

static bool says_via(const Zone *z, const Zone *g)
{
	for (const Stmt *st = z->body; st; st = st->next)
		if (st->kind == ST_NET_VIA && st->names->sym->zone == g)
			return true;
	return false;
}

/* The zones some `net via` names, once, in source order (v->targets). */
static void via_targets(V *v)
{
	bool *is = arena_alloc(v->a, (v->m->nzones + 1) * sizeof *is);
	memset(is, 0, (v->m->nzones + 1) * sizeof *is);
	for (const Zone *z = v->m->zones; z; z = z->next)
		for (const Stmt *st = z->body; st; st = st->next)
			if (st->kind == ST_NET_VIA && st->names->sym->zone)
				is[st->names->sym->zone->index] = true;
	v->targets = arena_alloc(v->keep, (v->m->nzones + 1) * sizeof *v->targets);
	for (const Zone *g = v->m->zones; g; g = g->next)
		if (is[g->index])
			v->targets[v->ntargets++] = g;
}

static void packets(V *v, const Zone *z)
{
	const Module *m = v->m;
	if (!v->labels)
		return;
	const char *D = T(v, z, TR_DOMAIN), *H = packet_type(v->a, m, NULL, "host");
	Loc zl = z->name_loc;
	const Stmt *out = NULL;
	for (const Stmt *st = z->body; st && !out; st = st->next)
		if (st->kind == ST_NET_EGRESS || st->kind == ST_NET_LISTEN)
			out = st;
	if (out)
		line(v, out->loc, "its packets to and from the network", "allow %s %s packet send recv", D, H);
	else
		line(v, zl, "no packet to or from anywhere the file does not name", "deny %s %s packet send recv",
		     D, H);
	line(v, zl, "an unlabelled packet goes nowhere", "deny %s unlabeled_t packet send recv forward_in forward_out", D);
	bool sockets = out != NULL;
	for (const Stmt *st = z->body; st && !sockets; st = st->next)
		sockets = st->kind == ST_NET_VIA;
	for (unsigned k = 0; k < v->ntargets && !sockets; k++)
		sockets = v->targets[k] == z;
	if (sockets) {
		/* the peer checks of always_check_network pass; the packet
		 * types above are what decides */
		line(v, zl, "its sockets pass the peer checks", "allow %s unlabeled_t peer recv", D);
		line(v, zl, "its sockets pass the peer checks", "allow %s netif_t netif egress", D);
		line(v, zl, "its sockets pass the peer checks", "allow %s node_t node sendto", D);
	} else {
		line(v, zl, "no socket of its reaches the network", "deny %s netif_t netif egress", D);
	}
	for (unsigned k = 0; k < v->ntargets; k++) {
		const Zone *g = v->targets[k];
		const char *via = packet_type(v->a, m, g->name->name, "via");
		const char *reply = packet_type(v->a, m, g->name->name, "reply");
		if (g == z) {
			line(v, zl, "receives its clients' requests", "allow %s %s packet recv", D, via);
			line(v, zl, "answers them", "allow %s %s packet send", D, reply);
			line(v, zl, "never sends as a client", "deny %s %s packet send", D, via);
		} else if (says_via(z, g)) {
			line(v, zl, arena_printf(v->a, "net via %s: only to %s's ports", g->name->name, g->name->name),
			     "allow %s %s packet send", D, via);
			line(v, zl, arena_printf(v->a, "net via %s: and its answers", g->name->name),
			     "allow %s %s packet recv", D, reply);
			line(v, zl, arena_printf(v->a, "net via %s: never another client's requests", g->name->name),
			     "deny %s %s packet recv", D, via);
			line(v, zl, arena_printf(v->a, "net via %s: never answers as %s", g->name->name, g->name->name),
			     "deny %s %s packet send", D, reply);
		} else {
			line(v, zl, arena_printf(v->a, "no 'net via %s'", g->name->name),
			     "deny %s %s packet send recv", D, via);
			line(v, zl, arena_printf(v->a, "no 'net via %s'", g->name->name),
			     "deny %s %s packet send recv", D, reply);
		}
	}
	for (const Segment *g = m->segments; g; g = g->next) {
		line(v, zl, arena_printf(v->a, "segment %s: its packets are no process's", g->name->name),
		     "deny %s %s packet send recv forward_in forward_out", D,
		     packet_type(v->a, m, g->name->name, "seg"));
		if (g->has_reach) {
			line(v, zl, arena_printf(v->a, "segment %s: what it forwards is no process's", g->name->name),
			     "deny %s %s packet send recv", D, packet_type(v->a, m, g->name->name, "fwd"));
			line(v, zl, arena_printf(v->a, "segment %s: nor the answers to it", g->name->name),
			     "deny %s %s packet send recv", D, packet_type(v->a, m, g->name->name, "back"));
		}
	}
	/* a gateway that a segment's vms reach at the host's address there
	 * receives their packets with the segment's peer label */
	for (const Segment *g = m->segments; g; g = g->next) {
		bool client = false;
		for (const Zone *c = m->zones; c; c = c->next)
			client |= c->segment == g && says_via(c, z);
		if (client)
			line(v, zl, arena_printf(v->a, "segment %s: its vms reach it at the host's address", g->name->name),
			     "allow %s %s peer recv", D, peer_type(v->a, m, g->name->name));
	}
}

/* The tap of a vm on a segment: the launcher makes it and hands it over;
 * no vm makes one, or takes over one the launcher made (tun_socket
 * relabelfrom on the launcher) or another vm uses. */
static void taps(V *v, const Zone *z, const Zone **all, unsigned n)
{
	if (!z->segment)
		return;
	const char *D = T(v, z, TR_DOMAIN);
	Loc at = z->segment_stmt->loc;
	if (v->m->launcher) {
		const char *L = T(v, v->m->launcher, TR_DOMAIN);
		line(v, at, "the launcher's taps stay the launcher's", "deny %s %s tun_socket relabelfrom attach_queue",
		     D, L);
	}
	for (unsigned i = 0; i < n; i++)
		if (all[i] != z)
			line(v, at, arena_printf(v->a, "never %s's tap", all[i]->name->name),
			     "deny %s %s tun_socket relabelfrom relabelto attach_queue", D, T(v, all[i], TR_DOMAIN));
}

/* Module-wide: what the host and forwarding may do with the packet types. */
static void network(V *v)
{
	const Module *m = v->m;
	if (!v->labels)
		return;
	heading(v, "\n# network\n");
	const char *H = packet_type(v->a, m, NULL, "host");
	/* mplayer_t: a confined base domain (init_t and the other members of
	 * corenet_unconfined_type may use every packet type) */
	line(v, m->loc, "the host's own network goes on", "allow mplayer_t %s packet send recv", H);
	line(v, m->loc, "and its forwarding", "allow unlabeled_t %s packet forward_in forward_out", H);
	/* without the ruleset the kernel still checks, and only the zones lose
	 * their network (M_netcheck.cil, docs/network.md) */
	line(v, m->loc, "the kernel checks every packet, with or without the ruleset", "policycap always_check_network");
	line(v, m->loc, "without the ruleset the host's own network goes on",
	     "allow mplayer_t unlabeled_t packet send recv");
	line(v, m->loc, "with the peer checks on: the host's own network goes on", "allow mplayer_t unlabeled_t peer recv");
	line(v, m->loc, "with the peer checks on: the host's own network goes on", "allow mplayer_t netif_t netif egress");
	line(v, m->loc, "with the peer checks on: the host's own network goes on", "allow mplayer_t node_t node sendto");
	line(v, m->loc, "with the peer checks on: what the host receives and forwards",
	     "allow unlabeled_t netif_t netif ingress egress");
	line(v, m->loc, "with the peer checks on: what the host receives and forwards",
	     "allow unlabeled_t node_t node recvfrom sendto");
	line(v, m->loc, "without the ruleset the host's forwarding goes on",
	     "allow unlabeled_t unlabeled_t packet forward_in forward_out");
	for (const Segment *g = m->segments; g; g = g->next) {
		const char *S = g->name->name;
		line(v, g->loc, arena_printf(v->a, "segment %s: nothing forwards what it sends unlabelled", S),
		     "deny unlabeled_t %s packet forward_in forward_out", packet_type(v->a, m, S, "seg"));
		line(v, g->loc, arena_printf(v->a, "segment %s: no host program receives it", S),
		     "deny mplayer_t %s packet send recv", packet_type(v->a, m, S, "seg"));
		/* the segment's own peer label (M.netlabel): the subject of
		 * what the host forwards from it */
		const char *P = peer_type(v->a, m, S);
		line(v, g->loc, arena_printf(v->a, "segment %s: its peer passes the peer checks", S),
		     "allow %s netif_t netif ingress egress", P);
		line(v, g->loc, arena_printf(v->a, "segment %s: its peer passes the peer checks", S),
		     "allow %s node_t node recvfrom sendto", P);
		line(v, g->loc, arena_printf(v->a, "segment %s: without the ruleset nothing leaves it", S),
		     "deny %s unlabeled_t packet forward_in forward_out", P);
		line(v, g->loc, arena_printf(v->a, "segment %s: what 'reach' does not name stays", S),
		     "deny %s %s packet forward_in forward_out", P, packet_type(v->a, m, S, "seg"));
		for (const Segment *t = m->segments; t; t = t->next)
			if (t != g && t->has_reach)
				line(v, g->loc, arena_printf(v->a, "segment %s: never as segment %s", S, t->name->name),
				     "deny %s %s packet forward_in forward_out", P, packet_type(v->a, m, t->name->name, "fwd"));
		if (g->has_reach) {
			const char *F = packet_type(v->a, m, S, "fwd"), *B = packet_type(v->a, m, S, "back");
			line(v, g->loc, arena_printf(v->a, "segment %s: what 'reach' names is forwarded", S),
			     "allow %s %s packet forward_in forward_out", P, F);
			if (g->uplink) {
				line(v, g->loc, arena_printf(v->a, "segment %s: without its peer label it stays", S),
				     "deny unlabeled_t %s packet forward_in", F);
				line(v, g->loc,
				     arena_printf(v->a, "segment %s: masqueraded, it leaves with the unlabelled peer", S),
				     "allow unlabeled_t %s packet forward_out", F);
			} else {
				line(v, g->loc, arena_printf(v->a, "segment %s: without its peer label it stays", S),
				     "deny unlabeled_t %s packet forward_in forward_out", F);
			}
			line(v, g->loc, arena_printf(v->a, "segment %s: the answers come back", S),
			     "allow unlabeled_t %s packet forward_in forward_out", B);
			line(v, g->loc, arena_printf(v->a, "segment %s: its vms never send as answers", S),
			     "deny %s %s packet forward_in forward_out", P, B);
		}
	}
	for (unsigned k = 0; k < v->ntargets; k++) {
		const char *G = v->targets[k]->name->name;
		line(v, v->targets[k]->name_loc, arena_printf(v->a, "net via %s: no host program is a client", G),
		     "deny mplayer_t %s packet send recv", packet_type(v->a, m, G, "via"));
	}
	if (m->segments && m->launcher) {
		const char *L = T(v, m->launcher, TR_DOMAIN);
		line(v, m->segments->loc, "the launcher makes the taps", "allow %s %s tun_socket create", L, L);
		line(v, m->segments->loc, "the launcher makes the taps", "allow %s %s capability net_admin", L, L);
		line(v, m->segments->loc, "the launcher opens /dev/net/tun for each tap",
		     "allow %s %s %s getattr open read write ioctl", L, dev[DEV_TUN].type, dev[DEV_TUN].cls);
		line(v, m->segments->loc, "and names the taps and bridges, puts them up (rtnetlink)",
		     "allow %s %s netlink_route_socket create bind getattr setopt read write nlmsg_read nlmsg_write",
		     L, L);
		line(v, m->segments->loc, "and sets their flags with ioctls on a datagram socket",
		     "allow %s %s udp_socket create ioctl", L, L);
	}
}

/* ---- one zone against another ---- */

static void isolate(V *v, const Zone *z, const Zone *y)
{
	const char *D = T(v, z, TR_DOMAIN), *Y = T(v, y, TR_DOMAIN);
	Loc zl = z->name_loc;
	const char *why = arena_printf(v->a, "zones %s and %s are isolated", z->name->name, y->name->name);
	line(v, zl, why, "deny %s %s process signal sigkill sigstop ptrace transition", D, Y);
	line(v, zl, why, "notrans %s %s %s", D, T(v, y, TR_EXEC), Y);
	line(v, zl, why, "deny %s %s file read write append execute unlink", D, T(v, y, TR_EXEC));
	line(v, zl, why, "deny %s %s fifo_file read write", D, Y);
	const char *SY = shared_type(v, y);
	if (SY)
		line(v, zl, arena_printf(v->a, "%s: never by %s's program", why, y->name->name), "notrans %s %s %s", D, SY, Y);
	if (y->tmp) {
		const char *P = T(v, y, TR_TMP);
		line(v, zl, why, "deny %s %s file read write append getattr open unlink", D, P);
		line(v, zl, why, "deny %s %s dir search read write add_name", D, P);
	}
	bool dir;
	static const StmtKind kinds[] = { ST_CONFIG, ST_LOG, ST_DISK };
	for (size_t i = 0; i < 3; i++)
		if (first_of(y, kinds[i], &dir)) {
			const char *F = T(v, y, stmt_role(kinds[i]));
			line(v, zl, why, "deny %s %s file read write append getattr execute unlink open", D, F);
			if (dir)
				line(v, zl, why, "deny %s %s dir search read write add_name", D, F);
		}
	if (y->socket && !connects_to(z, y)) {
		line(v, zl, why, "deny %s %s sock_file write", D, T(v, y, TR_SOCK));
		line(v, zl, why, "deny %s %s unix_stream_socket connectto", D, Y);
	}
}

/* `connect X`: the socket file, the server, and the way to the socket */
static void connects(V *v, const Zone *z)
{
	const char *D = T(v, z, TR_DOMAIN);
	Seen seen = seen_basics(v);
	for (const Stmt *s = z->body; s; s = s->next)
		if (s->kind == ST_CONNECT)
			for (const NameRef *r = s->names; r; r = r->next) {
				const Zone *y = r->sym->zone;
				const char *why = arena_printf(v->a, "connect %s", y->name->name);
				const char *S = T(v, y, TR_SOCK);
				line(v, r->loc, why, "allow %s %s sock_file write", D, S);
				line(v, r->loc, why, "allow %s %s unix_stream_socket connectto", D, T(v, y, TR_DOMAIN));
				search_to(v, &seen, D, y->socket->dir, r->loc, why);
				if (y->socket->is_dir) {
					const char *B = base_dir_type(v, y->socket);
					search_line(v, &seen, D, B ? B : S, r->loc, why);
				}
			}
}

/* zones to check z against: all, or neighbours plus a fixed-stride sample */
static void peers(V *v, const Zone *z, const Zone **all, unsigned n)
{
	if (n <= ALL_PAIRS_MAX) {
		for (unsigned i = 0; i < n; i++)
			if (all[i] != z)
				isolate(v, z, all[i]);
		return;
	}
	unsigned picked[2 + SAMPLE], np = 0;
	unsigned cand[2 + SAMPLE];
	cand[0] = (z->index + n - 1) % n;
	cand[1] = (z->index + 1) % n;
	for (unsigned k = 0; k < SAMPLE; k++)
		cand[2 + k] = (unsigned)((z->index + 1 + (unsigned long long)(k + 1) * (n / (SAMPLE + 1) + 1)) % n);
	for (unsigned k = 0; k < 2 + SAMPLE; k++) {
		bool dup = cand[k] == z->index;
		for (unsigned j = 0; j < np; j++)
			dup |= picked[j] == cand[k];
		if (!dup) {
			picked[np++] = cand[k];
			isolate(v, z, all[cand[k]]);
		}
	}
}

/* ---- start-up chain ---- */

/* A domain systemd starts from its unit (init_t is then its parent) gets
 * stdout and stderr as a unix stream socket init made, connected to the
 * journal; it may use that stream, and reach nothing else of systemd's. */
static void journal(V *v, Loc at, const char *D)
{
	line(v, at, "its unit's stdout and stderr reach the journal",
	     "allow %s init_t unix_stream_socket getattr read write", D);
	line(v, at, "no other way to systemd", "deny %s init_t unix_stream_socket connectto", D);
}

/* What a parent that enters a zone explicitly needs (coreutils' runcon:
 * libselinux's setexeccon and security_check_context) */
static void setexeccon_lines(V *v, Loc at, const char *P)
{
	const char *why = "exec shared: the launcher sets the exec context (runcon)";
	line(v, at, why, "allow %s %s process setexec", P, P);
	line(v, at, why, "allow %s proc_t dir search", P);
	line(v, at, why, "allow %s proc_t lnk_file read", P);
	line(v, at, why, "allow %s %s dir search", P, P);
	line(v, at, why, "allow %s %s file open read write", P, P);
	line(v, at, why, "allow %s sysfs_t dir search", P);
	line(v, at, why, "allow %s security_t dir search", P);
	line(v, at, why, "allow %s security_t file open read write", P);
	line(v, at, why, "allow %s security_t security check_context", P);
	line(v, at, why, "allow %s security_t filesystem getattr", P);
	line(v, at, why, "allow %s selinux_config_t dir search", P);
	line(v, at, "runcon looks in /etc/selinux, and reads nothing there",
	     "deny %s selinux_config_t file read write", P);
}

/* `exec ... shared`: parent P starts zone z by its program S, explicitly;
 * P's exec of S alone lands in no zone.  The launcher (runner: its block)
 * never runs S in its own domain unless its own `run` says so; init is
 * the base's, which runs what it likes. */
static void shared_start(V *v, const Zone *z, const char *P, const char *S, const Zone *runner)
{
	const char *D = T(v, z, TR_DOMAIN);
	Loc at = z->exec->loc;
	line(v, at, "exec shared: the zone is entered explicitly", "allow %s %s file getattr open read execute", P, S);
	line(v, at, "exec shared: a plain exec lands in no zone", "notrans %s %s %s", P, S, D);
	if (runner && !runs_type(v, runner, S))
		line(v, at, "exec shared: never run in the parent's own domain", "deny %s %s file execute_no_trans", P, S);
}

static void startup(V *v, const Zone **all, unsigned n)
{
	const Module *m = v->m;
	const Zone *l = m->launcher;
	const char *parents[] = { "init_t", "initrc_t" };
	bool setexec_done = false;
	if (l) {
		const char *LT = T(v, l, TR_DOMAIN), *LE = T(v, l, TR_EXEC);
		for (int p = 0; p < 2; p++)
			line(v, l->loc, "init starts the launcher", "trans %s %s %s", parents[p], LE, LT);
		line(v, l->loc, "the launcher needs its parent's descriptors", "allow %s init_t fd use", LT);
		line(v, l->loc, "the launcher reports its exit", "allow %s init_t process sigchld", LT);
		journal(v, l->loc, LT);
		line(v, l->loc, "an init script may start the launcher", "allow %s initrc_t fd use", LT);
		line(v, l->loc, "an init script may start the launcher", "allow %s initrc_t process sigchld", LT);
	}
	for (unsigned i = 0; i < n; i++) {
		const Zone *z = all[i];
		const char *D = T(v, z, TR_DOMAIN), *E = T(v, z, TR_EXEC);
		Loc zl = z->name_loc;
		if (l) {
			const char *LT = T(v, l, TR_DOMAIN), *LE = T(v, l, TR_EXEC);
			const char *S = shared_type(v, z);
			if (S) {
				shared_start(v, z, LT, S, l);
				shared_start(v, z, "init_t", S, NULL);
				if (!setexec_done) {
					setexeccon_lines(v, z->exec->loc, LT);
					setexec_done = true;
				}
			} else {
				line(v, zl, "the launcher starts the zone", "trans %s %s %s", LT, E, D);
			}
			line(v, zl, "the launcher stops the zone", "allow %s %s process signal sigkill signull", LT, D);
			line(v, zl, "the zone may use what the launcher opened", "allow %s %s fd use", D, LT);
			line(v, zl, "the zone reports its exit", "allow %s %s process sigchld", D, LT);
			line(v, zl, "its systemd unit may start it too", "allow %s init_t fd use", D);
			line(v, zl, "its systemd unit may start it too", "allow %s init_t process sigchld", D);
			journal(v, zl, D);
			Seen seen = seen_basics(v), links = { 0 };
			if (S)
				walk_lines(v, &seen, &links, LT, z->exec->dir, 'f', z->exec->loc,
					   "the launcher reaches the zone's program");
			else if (z->exec)
				search_above(v, &seen, LT, z->exec->path, z->exec->loc,
					     "the launcher reaches the zone's entry file");
			line(v, zl, "its systemd unit may start it too", "allow init_t %s process transition", D);
			line(v, zl, "nothing else on the launcher",
			     "deny %s %s process signal sigkill ptrace transition", D, LT);
			line(v, zl, "nothing else on the launcher", "deny %s %s fifo_file read write append", D, LT);
			line(v, zl, "nothing else on the launcher",
			     "deny %s %s unix_stream_socket connectto", D, LT);
			line(v, zl, "a zone never becomes the launcher", "notrans %s %s %s", D, LE, LT);
			line(v, zl, "the launcher gets nothing on zone files", "deny %s %s file write append", LT, E);
			bool dir;
			static const StmtKind kinds[] = { ST_CONFIG, ST_LOG, ST_DISK };
			for (size_t k = 0; k < 3; k++)
				if (first_of(z, kinds[k], &dir))
					line(v, zl, "the launcher gets nothing on zone files",
					     "deny %s %s file read write append open", LT, T(v, z, stmt_role(kinds[k])));
			if (z->tmp)
				line(v, zl, "the launcher gets nothing on zone files",
				     "deny %s %s file read write append open", LT, T(v, z, TR_TMP));
		} else {
			const char *S = shared_type(v, z);
			for (int p = 0; p < 2; p++) {
				if (S)
					shared_start(v, z, parents[p], S, NULL);
				else
					line(v, zl, "init starts the zone (no launcher)", "trans %s %s %s", parents[p], E, D);
				line(v, zl, "init starts the zone (no launcher)", "allow %s %s fd use", D, parents[p]);
				line(v, zl, "init starts the zone (no launcher)", "allow %s %s process sigchld", D, parents[p]);
			}
			journal(v, zl, D);
		}
	}
}

/* ---- channels ---- */

static void fifo(V *v, Loc at, const char *why, const Zone *z, const char *F, bool writes)
{
	const char *D = T(v, z, TR_DOMAIN);
	Seen seen = seen_basics(v);
	search_above(v, &seen, D, runtime_dir(v->a, v->m), at, why);
	search_line(v, &seen, D, runtime_type(v->a, v->m), at, why);
	if (writes) {
		line(v, at, why, "allow %s %s fifo_file open write", D, F);
		line(v, at, arena_printf(v->a, "%s (one way)", why), "deny %s %s fifo_file read", D, F);
	} else {
		line(v, at, why, "allow %s %s fifo_file open read", D, F);
		line(v, at, arena_printf(v->a, "%s (one way)", why), "deny %s %s fifo_file write append", D, F);
	}
}

/* Whether the module has a runtime directory: for its channels' FIFOs and
 * for any socket in /run/M/. */
static bool has_rundir(V *v)
{
	if (v->m->channels)
		return true;
	for (const Zone *z = v->m->zones; z; z = z->next)
		if (z->socket && in_rundir(v, z->socket->dir))
			return true;
	return false;
}

/* /run/M/ and what lives in it are made by the launcher, else by tmpfiles */
static void rundir(V *v)
{
	const char *maker = dir_maker(v);
	const char *R = runtime_type(v->a, v->m), *rdir = runtime_dir(v->a, v->m);
	const char *P = parent_dir_type(v, v->m->loc, rdir);
	const char *why = arena_printf(v->a, "%s/ is created for the %s", rdir,
				       v->m->channels ? "channels" : "sockets in it");
	if (P)
		line(v, v->m->loc, why, "allow %s %s dir write add_name", maker, P);
	line(v, v->m->loc, why, "allow %s %s dir create getattr setattr search write add_name remove_name",
	     maker, R);
	base_files(v, v->m->loc, R, NULL, true, true);
}

static void channels(V *v, const Zone **all, unsigned n)
{
	if (!v->m->channels)
		return;
	const char *maker = dir_maker(v);
	for (const Channel *c = v->m->channels; c; c = c->next) {
		const char *ends[2] = { c->via ? "in" : "fifo", c->via ? "out" : NULL };
		for (int k = 0; k < 2 && ends[k]; k++)
			line(v, c->loc, arena_printf(v->a, "channel %s: its FIFO is created", c->name->name),
			     "allow %s %s fifo_file create getattr setattr unlink", maker,
			     chan_type(v->a, v->m, c, ends[k]));
	}
	for (const Channel *c = v->m->channels; c; c = c->next) {
		const Zone *A = c->from.sym->zone, *B = c->to.sym->zone;
		const Zone *G = c->via ? c->via->sym->zone : NULL;
		const char *cn = c->name->name;
		if (G) {
			const char *in = chan_type(v->a, v->m, c, "in"), *out = chan_type(v->a, v->m, c, "out");
			fifo(v, c->from.loc, arena_printf(v->a, "channel %s: %s writes in", cn, A->name->name), A, in, true);
			fifo(v, c->via->loc, arena_printf(v->a, "channel %s: %s reads in", cn, G->name->name), G, in, false);
			fifo(v, c->via->loc, arena_printf(v->a, "channel %s: %s writes out", cn, G->name->name), G, out, true);
			fifo(v, c->to.loc, arena_printf(v->a, "channel %s: %s reads out", cn, B->name->name), B, out, false);
			line(v, c->to.loc, arena_printf(v->a, "channel %s: no reverse direction", cn),
			     "deny %s %s fifo_file open read write", T(v, B, TR_DOMAIN), in);
			line(v, c->from.loc, arena_printf(v->a, "channel %s: no reverse direction", cn),
			     "deny %s %s fifo_file open read write", T(v, A, TR_DOMAIN), out);
		} else {
			const char *f = chan_type(v->a, v->m, c, "fifo");
			fifo(v, c->from.loc, arena_printf(v->a, "channel %s: %s writes", cn, A->name->name), A, f, true);
			fifo(v, c->to.loc, arena_printf(v->a, "channel %s: %s reads", cn, B->name->name), B, f, false);
		}
		/* nothing else may touch them: no base domain outside the trusted base */
		const char *ends2[2] = { G ? "in" : "fifo", G ? "out" : NULL };
		for (int k = 0; k < 2 && ends2[k]; k++)
			base_files(v, c->loc, chan_type(v->a, v->m, c, ends2[k]), "fifo_file", false, true);
		unsigned shown = 0;
		for (unsigned i = 0; i < n && shown < 2 + SAMPLE; i++) {
			const Zone *z = all[i];
			if (z == A || z == B || z == G)
				continue;
			shown++;
			const char *ends[2] = { G ? "in" : "fifo", G ? "out" : NULL };
			for (int k = 0; k < 2 && ends[k]; k++)
				line(v, c->loc, arena_printf(v->a, "channel %s: only its ends touch it", cn),
				     "deny %s %s fifo_file open read write append", T(v, z, TR_DOMAIN),
				     chan_type(v->a, v->m, c, ends[k]));
		}
		buf_spill_check(v->b);
		arena_free(v->a);
		arena_init(v->a);
	}
}

/* `console none` (the launcher): the platform offers no login on a
 * console.  No domain of the module may run a getty, login or sulogin
 * (the base's types of their programs), open a console or a virtual
 * terminal (the serial lines only with `device serial`), or configure
 * one (sys_tty_config).  Which units are masked is the units' business
 * (tests/units); these are what the policy itself must refuse. */
static const char *const login_programs[] = { "/sbin/agetty", "/bin/login", "/sbin/sulogin" };

static void console_lines(V *v, const Zone **all, unsigned n)
{
	const Zone *l = v->m->launcher;
	Loc at = l->console_none->loc;
	for (unsigned i = 0; i <= n; i++) {
		const Zone *z = i < n ? all[i] : l;
		const char *D = T(v, z, TR_DOMAIN);
		for (size_t k = 0; k < sizeof login_programs / sizeof login_programs[0]; k++) {
			const char *t = walk_lines(v, NULL, NULL, NULL, login_programs[k], 'f', at, NULL);
			if (t && in_base(v, t))   /* a `run` of it is refused: [console-none-getty] */
				line(v, at, arena_printf(v->a, "console none: no %s", login_programs[k]),
				     "deny %s %s file execute execute_no_trans entrypoint", D, t);
		}
		if (in_base(v, "console_device_t"))
			line(v, at, "console none: not the console", "deny %s console_device_t chr_file open read write", D);
		if (in_base(v, "tty_device_t") && !(z->devices & (1u << DEV_SERIAL)))
			line(v, at, "console none: no virtual terminal or serial line",
			     "deny %s tty_device_t chr_file open read write", D);
		line(v, at, "console none: no terminal set-up", "deny %s %s capability sys_tty_config", D, D);
	}
}

int emit_vectors(Emit *e, Buf *out)
{
	Arena *a = e->ir->arena;
	const Module *m = e->m;
	/* the strings of the lines live in their own arena, emptied after
	 * each zone: at scale they would outweigh everything else */
	Arena scratch;
	arena_init(&scratch);
	V v = { .b = out, .e = e, .a = &scratch, .keep = a, .m = m };
	const Zone **all = arena_alloc(a, (m->nzones + 1) * sizeof *all);
	for (const Zone *z = m->zones; z; z = z->next)
		all[z->index] = z;

	for (const Zone *z = m->zones; z; z = z->next)
		if (z->has_net && !v.pm)
			v.pm = port_meaning(&v);
	v.labels = labels_packets(m);
	if (v.labels)
		via_targets(&v);

	/* the checker's cut points: the launcher and trusted zones (spec 6) */
	Buf head = { 0 }, tail = { 0 };
	buf_printf(&head, "# zonepolicy: module %s launcher %s trusted", m->name->name,
		   m->launcher ? T(&v, m->launcher, TR_DOMAIN) : "-");
	for (unsigned i = 0; i < m->nzones; i++)
		if (all[i]->trusted)
			buf_printf(&head, " %s", T(&v, all[i], TR_DOMAIN));
	const char *policy = m->nzones <= ALL_PAIRS_MAX ? "every pair of zones"
		: arena_printf(a, "each zone against its 2 neighbours and %d sampled zones", SAMPLE);
	TplVar vars[] = {
		{ "MODULE", m->name->name }, { "SOURCE", e->source }, { "PAIRS", policy },
		{ "HEADER", buf_str(&head) }, { "VECTORS", NULL },
	};
	/* the vectors are printed straight into out, between the template's
	 * two halves: the largest output is never held twice (and goes to a
	 * scratch file in chunks when out spills) */
	int rc = tpl_expand_split(out, &tail, e->tpl_dir, "vectors", vars, sizeof vars / sizeof vars[0],
				  e->err, sizeof e->err);
	buf_free(&head);
	if (rc != 0) {
		buf_free(&tail);
		free(v.pm);
		arena_free(&scratch);
		return rc;
	}
	startup(&v, all, m->nzones);
	if (m->launcher) {
		own_files(&v, m->launcher);
		base_reach(&v, m->launcher);
	}
	if (m->launcher && m->launcher->console_none) {
		heading(&v, "\n# console none\n");
		console_lines(&v, all, m->nzones);
	}
	for (unsigned i = 0; i < m->nzones; i++) {
		heading(&v, "\n# %s %s\n", all[i]->kind == ZK_VM ? "vm" : "program", all[i]->name->name);
		own_files(&v, all[i]);
		base_reach(&v, all[i]);
		devices(&v, all[i]);
		qemu_features(&v, all[i], all, m->nzones);
		net(&v, all[i]);
		packets(&v, all[i]);
		taps(&v, all[i], all, m->nzones);
		connects(&v, all[i]);
		peers(&v, all[i], all, m->nzones);
		buf_spill_check(out);
		arena_free(&scratch);
		arena_init(&scratch);
	}
	if (has_rundir(&v)) {
		heading(&v, "\n# %s\n", m->channels ? "channels" : "runtime directory");
		rundir(&v);
	}
	channels(&v, all, m->nzones);
	network(&v);
	if (m->asserts)
		heading(&v, "\n# asserts\n");
	for (const Assert *as = m->asserts; as; as = as->next)
		line(&v, as->loc, arena_printf(a, "assert no flow %s -> %s", as->from.sym->name, as->to.sym->name),
		     "noflow %s %s", T(&v, as->from.sym->zone, TR_DOMAIN), T(&v, as->to.sym->zone, TR_DOMAIN));
	buf_put(out, tail.data ? tail.data : "", tail.len);
	buf_free(&tail);
	buf_free(&v.owhy);
	arena_free(&scratch);
	if (v.fc_failed)
		rc = -1;   /* reported through e->diag */
	free(v.pm);
	return rc;
}
