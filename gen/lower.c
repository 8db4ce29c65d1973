/* lower.c: what each statement grants, as rules (spec section 4).
 *
 * This file decides how the zone's meaning is written as policy; vectors.c
 * states independently what must and must not be allowed.  The two are
 * compared on the linked policy by `zonepolicy check`.
 *
 * Shape of the result, for module M:
 *   - every domain (launcher M_t, zones M_Z_t) gets the run-time basics: its
 *     own process, its entry file, shared libraries, locale, /dev/null;
 *   - init -> launcher -> zones by exec transitions; the child gets only
 *     `fd use` and `sigchld` on its parent (never the parent's pipes);
 *   - each file statement: a type, a file context, the kind's permissions,
 *     and `search` on the base directories above the path;
 *   - the runtime directory /run/M/ (for channels and sockets in it), the
 *     channels' FIFOs and the socket directories, created by the launcher
 *     (or tmpfiles), each also a runtime entry of the IR;
 *   - asserts: neverallow rules on the direct edges they forbid;
 *   - the base's own files (`run`, `read`, `exec ... shared`): rules on the
 *     type the base gives the file the host's links lead to, lnk_file read
 *     on each link, search above; `execmem`, `tmp`; a few dontaudits for
 *     probes real programs make (probe_rules).
 */
#include "lower.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "names.h"
#include "xalloc.h"

/* ---- permission sets ------------------------------------------------- */

#define P_ENTRY      "entrypoint getattr open read execute map"
#define P_EXECUTE    "getattr open read execute"
#define P_CONF_DIR   "getattr search open read"
#define P_CONF_FILE  "getattr open read lock ioctl"
#define P_LNK_READ   "getattr read"
#define P_LOG_DIR    "getattr search write add_name"
#define P_LOG_NEW    "create getattr open append"
#define P_LOG_FILE   "getattr open append"
#define P_DISK_DIR   "create getattr search open read write add_name remove_name rmdir"
#define P_DISK_NEW   "create getattr open read write append lock ioctl unlink rename"
#define P_DISK_NEW_NOMV "create getattr open read write append lock ioctl unlink"
#define P_DISK_FILE  "getattr open read write append lock ioctl"
#define P_MKDIR_IN   "getattr search write add_name"
#define P_RUNDIR     "create getattr setattr search write add_name remove_name"
#define P_MKFIFO     "create getattr setattr unlink"
#define P_FIFO_W     "getattr open write append"
#define P_FIFO_R     "getattr open read"
#define P_SOCKDIR_S  "getattr search write add_name remove_name"
#define P_SOCK_S     "create getattr setattr unlink"
#define P_SOCK_C     "getattr write"
#define P_STREAM_S   "create bind listen accept getattr setopt read write shutdown"
#define P_STREAM_C   "create connect getattr read write shutdown"
/* logrotate on a `log ... rotate;` type: rename, copy, truncate, compress */
#define P_ROT_DIR    "getattr search open read write add_name remove_name"
#define P_ROT_FILE   "create getattr setattr open read write append ioctl lock unlink rename"
/* the trusted base on the module's own files: unconfined and admin
 * domains manage them, setfiles (restorecon) relabels them */
#define P_ADM_DIR    "create getattr setattr search open read ioctl lock write add_name remove_name rmdir rename reparent relabelfrom relabelto"
#define P_ADM_FILE   "create getattr setattr open read write append ioctl lock unlink rename relabelfrom relabelto"
#define P_ADM_LNK    "create getattr setattr read unlink rename relabelfrom relabelto"
#define P_ADM_SOCK   "create getattr setattr open write append unlink rename relabelfrom relabelto"
#define P_RELABEL_DIR "getattr search open read ioctl lock relabelfrom relabelto"
#define P_RELABEL    "getattr relabelfrom relabelto"
#define P_RUN        "getattr open read map execute execute_no_trans"
#define P_READ_DIR   "getattr search open read"
#define P_READ_FILE  "getattr open read map"
#define P_TMP_BASE   "getattr search write add_name remove_name"
#define P_TMP_DIR    "create getattr setattr open read write search add_name remove_name rename reparent rmdir lock ioctl"
#define P_TMP_FILE   "create getattr setattr open read write append rename link unlink lock ioctl map"
#define P_TMP_NODE   "create getattr setattr open read write append rename link unlink"
#define P_MEMFD      "getattr read write map"
#define P_VHOST      "getattr open read write ioctl"

/* What every process needs to run at all (spec section 4, last paragraph). */
static const struct { const char *type, *cls, *perms; } basics[] = {
	{ "root_t", "dir", "search" },
	{ "usr_t", "dir", "search" },
	{ "etc_t", "dir", "search" },
	{ "device_t", "dir", "search" },
	{ "lib_t", "dir", "getattr search open read" },
	{ "lib_t", "file", "getattr open read map execute" },
	{ "lib_t", "lnk_file", P_LNK_READ },
	{ "ld_so_t", "file", "getattr open read map execute" },
	{ "ld_so_cache_t", "file", "getattr open read map" },
	{ "textrel_shlib_t", "file", "getattr open read map execute" },
	{ "locale_t", "dir", "getattr search open read" },
	{ "locale_t", "file", "getattr open read map" },
	{ "locale_t", "lnk_file", P_LNK_READ },
	{ "null_device_t", "chr_file", "getattr open read write append ioctl" },
	/* random numbers (QEMU's crypto start-up reads /dev/urandom; measured
	 * in the sw trial): nothing of anyone's flows through it */
	{ "urandom_device_t", "chr_file", "getattr open read" },
};

static const struct { const char *type, *cls, *perms; } devices[DEV_COUNT] = {
	[DEV_KVM] = { "kvm_device_t", "chr_file", "getattr open read write ioctl" },
	[DEV_TUN] = { "tun_tap_device_t", "chr_file", "getattr open read write ioctl" },
	[DEV_VIDEO] = { "dri_device_t", "chr_file", "getattr open read write ioctl map" },
	[DEV_INPUT] = { "event_device_t", "chr_file", "getattr open read write ioctl" },
	[DEV_SOUND] = { "sound_device_t", "chr_file", "getattr open read write ioctl map" },
	[DEV_USB] = { "usb_device_t", "chr_file", "getattr open read write ioctl" },
	[DEV_CDROM] = { "removable_device_t", "blk_file", "getattr open read ioctl" },
	[DEV_PRINTER] = { "printer_device_t", "chr_file", "getattr open read write ioctl" },
	[DEV_SERIAL] = { "tty_device_t", "chr_file", "getattr open read write ioctl" },
};

const char *lower_device_type(Device d)
{
	return devices[d].type;
}


/* ---- lowering state -------------------------------------------------- */

/* Base directory types a domain already searches (kept small: a few each). */
typedef struct Searched {
	struct Searched *next;
	const char *type;
} Searched;

typedef struct Dom {
	const Zone *z;
	const char *t;           /* domain type */
	Searched *searched;
} Dom;

typedef struct Lower {
	Ir *ir;
	Arena *a;
	const Module *m;
	const LowerOptions *opt;
	const char *launcher;    /* M_t, or NULL */
	const char *zone_attr;   /* M_zone: every zone's domain */
	const char *exec_attr;   /* M_exec: every entry file */
	const char *zone_exec_attr; /* M_zone_exec: the zones' entry files */
	const char *file_attr;   /* M_file: the module's own files (not entry files) */
	bool any_file;           /* some type carries M_file */
	const char *parent;      /* who starts zones: M_t or init_t */
	Dom *doms;               /* by zone index; the launcher at nzones */
	bool fc_failed;          /* the base file contexts failed; reported */
	const char *rdir;        /* the runtime directory /run/M */
	const char *R;           /* its type, M_runtime_t */
	const char *maker;       /* who makes what lives there: M_t or systemd_tmpfiles_t */
	const char *maker_opt;   /* the optional block of the maker's rules, or NULL */
	struct PortSlot *ports;  /* [proto][port]: who labels it; with `net` only */
	StrMap granted;          /* "SRC TGT CLASS PERMS" of the base-file rules made */
} Lower;

static Origin at(const Lower *L, Loc loc, const char *fmt_what)
{
	(void)L;
	return (Origin){ loc, fmt_what };
}

static Origin stmt_origin(Lower *L, const Stmt *st)
{
	if (stmt_has_path(st->kind))
		return at(L, st->loc, arena_printf(L->a, "%s \"%s\"%s%s%s%s", stmt_keyword(st->kind), st->path,
						   st->takeover ? " takeover " : "",
						   st->takeover ? st->takeover->sym->name : "",
						   st->shared ? " shared" : "", st->rotate ? " rotate" : ""));
	return at(L, st->loc, stmt_keyword(st->kind));
}

static Origin zone_origin(Lower *L, const Zone *z)
{
	const char *kw = z->kind == ZK_LAUNCHER ? "launcher" : z->kind == ZK_VM ? "vm" : "program";
	return at(L, z->loc, z->name ? arena_printf(L->a, "%s%s %s", z->trusted ? "trusted " : "", kw,
						  z->name->name)
				    : kw);
}

static void search_once(Lower *L, Dom *d, Origin o, const char *type)
{
	for (Searched *s = d->searched; s; s = s->next)
		if (strcmp(s->type, type) == 0)
			return;
	Searched *s = ARENA_NEW(L->a, Searched);
	s->type = type;
	s->next = d->searched;
	d->searched = s;
	ir_allow(L->ir, o, d->t, type, "dir", "search")->zone = d->z;
}

/* The base file contexts cannot be read (base/basefc.h): the first failure
 * is reported at `at`; lowering goes on with a stand-in type, and the build
 * stops after lowering without writing anything. */
static const char *fc_failed(Lower *L, Loc at)
{
	if (!L->fc_failed) {
		L->fc_failed = true;
		diag_report(L->opt->diag, at, CK_BASE_FC_UNREADABLE, "%s", basefc_error(L->opt->fc));
	}
	return "unlabeled_t";
}

/* The base type of directory `path`, for the statement at `at`. */
static const char *base_dir(Lower *L, Loc at, const char *path)
{
	const char *type = basefc_dir_type(L->opt->fc, path);
	return type ? type : fc_failed(L, at);
}

typedef struct SearchAbove {
	Lower *L;
	Dom *d;
	Origin o;
} SearchAbove;

static void search_dir(const char *type, void *arg)
{
	SearchAbove *s = arg;
	search_once(s->L, s->d, s->o, type ? type : fc_failed(s->L, s->o.loc));
}

/* search on every base directory strictly above `path` */
static void search_above(Lower *L, Dom *d, Origin o, const char *path)
{
	SearchAbove s = { L, d, o };
	basefc_each_dir_above(L->opt->fc, path, search_dir, &s);
}

static const char *parent_type(Lower *L, Loc at, const char *path)
{
	const char *type = basefc_parent_type(L->opt->fc, path);
	return type ? type : fc_failed(L, at);
}

/* ---- the runtime directory /run/M/ ----------------------------------- */

/* Whether `path` (no trailing '/') lies inside the runtime directory.  The
 * module makes /run/M/ and every directory in it as M_runtime_t, whatever
 * the base would give them. */
static bool in_rundir(const Lower *L, const char *path)
{
	size_t n = strlen(L->rdir);
	return strncmp(path, L->rdir, n) == 0 && path[n] == '/';
}

/* The module needs /run/M/ for its channels' FIFOs and for any socket in it. */
static bool needs_rundir(const Lower *L)
{
	if (L->m->channels)
		return true;
	for (const Zone *z = L->m->zones; z; z = z->next)
		for (const Stmt *st = z->body; st; st = st->next)
			if (st->kind == ST_SOCKET && in_rundir(L, st->dir))
				return true;
	return false;
}

/* search on every directory above `path`: the base's, or inside /run/M/
 * the base's above /run/M/ and then M_runtime_t (every directory there) */
static void search_to(Lower *L, Dom *d, Origin o, const char *path)
{
	if (!in_rundir(L, path)) {
		search_above(L, d, o, path);
		return;
	}
	search_above(L, d, o, L->rdir);
	search_once(L, d, o, L->R);
}

/* The type of the directory that holds `path`: M_runtime_t inside /run/M/. */
static const char *holder_type(Lower *L, Loc at, const char *path)
{
	return in_rundir(L, path) ? L->R : parent_type(L, at, path);
}

static bool is_runtime(const Lower *L, const char *path)
{
	for (const IrRuntime *r = L->ir->runtime; r; r = r->next)
		if (strcmp(r->path, path) == 0)
			return true;
	return false;
}

/* The directories between /run/M/ and `path`, parents first: made by the
 * launcher (or tmpfiles) as M_runtime_t, with a `-d` file context. */
static void rundir_between(Lower *L, Origin o, const char *path)
{
	size_t n = strlen(L->rdir);
	for (const char *c = strchr(path + n + 1, '/'); c; c = strchr(c + 1, '/')) {
		const char *dir = arena_printf(L->a, "%.*s", (int)(c - path), path);
		if (is_runtime(L, dir))
			continue;
		ir_runtime(L->ir, o, FC_DIR, dir, 0755);
		ir_fc(L->ir, o, dir, false, FC_DIR, L->R);
	}
}

/* The type the base's file contexts give directory `dir` when it is not the
 * one the directory would inherit from its parent (Debian: /tmp/.X11-unix is
 * xdm_tmp_t, not tmp_t), else NULL.  gen/basecheck.c has already refused
 * such a directory unless it is a socket directory of a tmp type or the
 * file takes it over. */
static const char *base_own_type(Lower *L, Loc at, const char *dir)
{
	if (!strchr(dir + 1, '/'))
		return NULL;
	const char *mine = base_dir(L, at, dir);
	return strcmp(mine, parent_type(L, at, dir)) != 0 ? mine : NULL;
}

/* The base type of a `socket` directory the module uses as the base labels
 * it, or NULL when the module makes and labels the directory itself (not
 * the base's, or taken over with `takeover T`). */
static const char *socket_base_dir(Lower *L, const Stmt *sock)
{
	if (!sock->is_dir || sock->takeover || in_rundir(L, sock->dir))
		return NULL;
	return base_own_type(L, sock->path_loc, sock->dir);
}

static const char *basename_of(const char *path)
{
	return strrchr(path, '/') + 1;
}

/* An entry file is a program like any other: the base's file attributes
 * let package managers, integrity checkers and backups handle it. */
static IrType *file_type(Lower *L, const char *name, Origin o)
{
	IrType *t = ir_type(L->ir, name, o);
	ir_attr(t, "file_type");
	ir_attr(t, "non_security_file_type");
	ir_attr(t, "non_auth_file_type");
	return t;
}

/* A zone's config, log, disk and socket types, /run/M and the channel
 * FIFOs stay out of the base's file attributes (file_type,
 * non_security_file_type, non_auth_file_type, logfile, pidfile): through
 * them dozens of base domains (media players, backups, log readers) would
 * reach the zones' files.  What the module needs of file_type is granted to
 * M_file instead, once (trusted_base). */
static IrType *own_file_type(Lower *L, const char *name, Origin o)
{
	IrType *t = ir_type(L->ir, name, o);
	ir_attr(t, L->file_attr);
	L->any_file = true;
	return t;
}

/* What file_type gave that the module's files still need: living on a
 * file system, relabelling by setfiles (restorecon), and the unavoidable
 * trusted base (domains that may change the policy anyway): the base's
 * files_unconfined_type and the administrator's sysadm_t. */
static void trusted_base(Lower *L)
{
	Ir *ir = L->ir;
	const char *F = L->file_attr;
	Origin o = at(L, L->m->loc, arena_printf(L->a, "module %s: its files on the file systems; "
						 "restorecon, unconfined and admin domains on them",
						 L->m->name->name));
	ir_allow(ir, o, F, "fs_t", "filesystem", "associate");
	ir_allow(ir, o, F, "tmpfs_t", "filesystem", "associate");
	ir_allow(ir, o, "setfiles_t", F, "dir", P_RELABEL_DIR);
	static const char *const objs[] = { "file", "lnk_file", "fifo_file", "sock_file" };
	for (size_t i = 0; i < sizeof objs / sizeof objs[0]; i++)
		ir_allow(ir, o, "setfiles_t", F, objs[i], P_RELABEL);
	static const char *const admins[] = { "files_unconfined_type", "sysadm_t" };
	for (size_t k = 0; k < sizeof admins / sizeof admins[0]; k++) {
		ir_allow(ir, o, admins[k], F, "dir", P_ADM_DIR);
		ir_allow(ir, o, admins[k], F, "file", P_ADM_FILE);
		ir_allow(ir, o, admins[k], F, "lnk_file", P_ADM_LNK);
		ir_allow(ir, o, admins[k], F, "fifo_file", P_ADM_FILE);
		ir_allow(ir, o, admins[k], F, "sock_file", P_ADM_SOCK);
	}
	ir_base_attr(ir, "files_unconfined_type");
	ir->attrs[ir->nattrs++] = F;
}

static IrRule *allow(Lower *L, const Zone *z, Origin o, const char *src, const char *tgt,
		     const char *cls, const char *perms)
{
	IrRule *r = ir_allow(L->ir, o, src, tgt, cls, perms);
	r->zone = z;
	return r;
}

/* ---- domains --------------------------------------------------------- */

static void declare_domain(Lower *L, Dom *d, const Zone *z)
{
	Origin o = zone_origin(L, z);
	const char *exec = zone_type(L->a, L->m, z, TR_EXEC);
	IrType *t = ir_type(L->ir, d->t, o);
	ir_attr(t, "domain");
	t->domain = true;
	IrType *e = file_type(L, exec, o);
	ir_attr(e, "exec_type");
	ir_attr(e, "entry_type");

	ir_attr(t, L->ir->own_attr);
	ir_attr(e, L->exec_attr);
	if (z->kind != ZK_LAUNCHER) {
		ir_attr(t, L->zone_attr);
		ir_attr(e, L->zone_exec_attr);
	}
	if (!z->exec || !z->exec->shared)
		allow(L, z, o, d->t, exec, "file", P_ENTRY);
	/* the run-time basics are granted once, to the module's attribute;
	 * the directories they search need no second rule per domain */
	for (size_t i = 0; i < sizeof basics / sizeof basics[0]; i++)
		if (strcmp(basics[i].perms, "search") == 0) {
			Searched *s = ARENA_NEW(L->a, Searched);
			s->type = basics[i].type;
			s->next = d->searched;
			d->searched = s;
		}
	if (z->exec && !z->exec->shared) {
		Origin eo = stmt_origin(L, z->exec);
		ir_fc(L->ir, eo, z->exec->path, false, FC_FILE, exec);
	}
}

/* Start-up, spec section 4: init -> launcher -> zones.  What is the same for
 * every domain is granted once through the module's attributes (M_domain:
 * every domain, M_zone: the zones, M_exec: every entry file); only the
 * type_transition that picks the new domain is per zone. */
static void start_rules(Lower *L)
{
	Ir *ir = L->ir;
	const Module *m = L->m;
	Origin o = at(L, m->loc, arena_printf(L->a, "module %s: init starts %s", m->name->name,
					      m->launcher ? "the launcher, or a zone from its systemd unit"
							  : "every zone"));
	/* init (and its systemd units): execute an entry file, enter the domain */
	ir_allow(ir, o, "init_t", L->exec_attr, "file", P_EXECUTE);
	ir_allow(ir, o, "init_t", ir->own_attr, "process", "transition");
	ir_allow(ir, o, ir->own_attr, "init_t", "fd", "use");
	ir_allow(ir, o, ir->own_attr, "init_t", "process", "sigchld");
	/* Started from its unit, a domain's stdout and stderr are a unix stream
	 * socket systemd made (init_t) and connected to the journal.  At the
	 * exec the kernel checks read and write on every inherited descriptor
	 * and replaces it by the null device if either is refused; getattr is
	 * the fstat C's stdio makes on its first write.  Nothing else: no
	 * connectto, so no way to talk to systemd. */
	Origin jo = at(L, m->loc, arena_printf(L->a, "module %s: a unit's stdout and stderr reach the journal",
					       m->name->name));
	ir_allow(ir, jo, ir->own_attr, "init_t", "unix_stream_socket", "getattr read write");
	/* SysV init scripts start what init starts by default */
	const char *rc_exec = L->launcher ? zone_type(L->a, m, m->launcher, TR_EXEC) : L->exec_attr;
	const char *rc_dom = L->launcher ? L->launcher : ir->own_attr;
	IrRule *r[4];
	r[0] = ir_allow(ir, o, "initrc_t", rc_exec, "file", P_EXECUTE);
	r[1] = ir_allow(ir, o, "initrc_t", rc_dom, "process", "transition");
	r[2] = ir_allow(ir, o, rc_dom, "initrc_t", "fd", "use");
	r[3] = ir_allow(ir, o, rc_dom, "initrc_t", "process", "sigchld");
	for (int i = 0; i < 4; i++)
		r[i]->optional = "initrc";
	if (!L->launcher)
		return;
	/* the launcher runs the zones' entry files and may stop the zones;
	 * a zone gets fd use and sigchld on it, never its pipes */
	Origin lo = at(L, m->launcher->loc, "launcher: starts and stops the zones");
	ir_allow(ir, lo, L->launcher, L->zone_exec_attr, "file", P_EXECUTE);
	ir_allow(ir, lo, L->launcher, L->zone_attr, "process", "transition signal sigkill signull");
	/* the kernel's checks on a transition the launcher need not pass: the
	 * zone gets a clean start (AT_SECURE, reset rlimits and signals) */
	ir_dontaudit(ir, lo, L->launcher, L->zone_attr, "process", "noatsecure rlimitinh siginh");
	ir_allow(ir, lo, L->zone_attr, L->launcher, "fd", "use");
	ir_allow(ir, lo, L->zone_attr, L->launcher, "process", "sigchld");
}

/* the per-domain part: which parent's exec of the entry file lands here */
static void start_domain(Lower *L, const Zone *z, const char *child, const char *exec)
{
	Origin o = zone_origin(L, z);
	if (z->exec && z->exec->shared)
		return;     /* entered explicitly (lower_shared): no type_transition */
	if (z->kind == ZK_LAUNCHER || !L->launcher) {
		ir_trans(L->ir, o, "init_t", exec, "process", child, NULL)->zone = z;
		IrRule *r = ir_trans(L->ir, o, "initrc_t", exec, "process", child, NULL);
		r->zone = z;
		r->optional = "initrc";
	} else {
		ir_trans(L->ir, o, L->launcher, exec, "process", child, NULL)->zone = z;
	}
}

/* ---- files ----------------------------------------------------------- */

/* Does the zone have a log directory (where it may add names)? */
static bool has_log_dir(const Zone *z)
{
	for (const Stmt *st = z->body; st; st = st->next)
		if (st->kind == ST_LOG && st->is_dir)
			return true;
	return false;
}

/* Does some `log` of the zone say `rotate`? */
static bool zone_rotates(const Zone *z)
{
	for (const Stmt *st = z->body; st; st = st->next)
		if (st->kind == ST_LOG && st->rotate)
			return true;
	return false;
}

static void lower_path(Lower *L, Dom *d, const Stmt *st)
{
	const Zone *z = d->z;
	Origin o = stmt_origin(L, st);
	if (st->kind != ST_CONFIG && st->kind != ST_LOG && st->kind != ST_DISK)
		return;
	const char *T = zone_type(L->a, L->m, z, stmt_role(st->kind));
	const char *dir = st->dir;

	search_above(L, d, o, dir);
	switch (st->kind) {
	case ST_CONFIG:
		if (st->is_dir) {
			allow(L, z, o, d->t, T, "dir", P_CONF_DIR);
			allow(L, z, o, d->t, T, "file", P_CONF_FILE);
			allow(L, z, o, d->t, T, "lnk_file", P_LNK_READ);
		} else {
			allow(L, z, o, d->t, T, "file", P_CONF_FILE);
		}
		break;
	case ST_LOG:
		if (st->is_dir) {
			allow(L, z, o, d->t, T, "dir", P_LOG_DIR);
			allow(L, z, o, d->t, T, "file", P_LOG_NEW);
		} else {
			allow(L, z, o, d->t, T, "file", P_LOG_FILE);
		}
		/* isatty() on a log opened as stdout/stderr (socat): not a tty */
		ir_dontaudit(L->ir, o, d->t, T, "file", "ioctl")->zone = z;
		if (zone_rotates(z)) {
			/* `rotate`: the base's logrotate may rename, copy, truncate
			 * and compress this zone's logs (all its log paths share
			 * one type) */
			IrRule *r = allow(L, z, o, "logrotate_t", T, "file", P_ROT_FILE);
			r->optional = "logrotate";
			if (st->is_dir) {
				r = allow(L, z, o, "logrotate_t", T, "dir", P_ROT_DIR);
				r->optional = "logrotate";
			}
		}
		break;
	case ST_DISK:
		if (st->is_dir) {
			allow(L, z, o, d->t, T, "dir", P_DISK_DIR);
			/* SELinux checks a rename as file rename, remove_name on the
			 * old directory and add_name on the new one: with add_name on
			 * its log directory, a zone could move a disk file there and
			 * rewrite it in the append-only place.  Such a zone gets no
			 * rename on its disk files. */
			allow(L, z, o, d->t, T, "file", has_log_dir(z) ? P_DISK_NEW_NOMV : P_DISK_NEW);
		} else {
			allow(L, z, o, d->t, T, "file", P_DISK_FILE);
		}
		break;
	default:
		return;
	}
	ir_fc(L->ir, o, dir, st->is_dir, st->is_dir ? FC_ANY : FC_FILE, T);
}

/* Types for config/log/disk/socket, declared once per zone, first use wins. */
static void declare_file_types(Lower *L, const Zone *z)
{
	ZoneRole roles[TR_COUNT];
	for (int i = 0, n = zone_roles(z, NULL, roles); i < n; i++) {
		own_file_type(L, zone_type(L->a, L->m, z, roles[i].role), stmt_origin(L, roles[i].first));
	}
}

/* ---- sockets --------------------------------------------------------- */

static void lower_socket(Lower *L, Dom *d, const Stmt *st)
{
	const Zone *z = d->z;
	Origin o = stmt_origin(L, st);
	const char *T = zone_type(L->a, L->m, z, TR_SOCK);
	const char *P = holder_type(L, st->path_loc, st->dir);
	/* taken over (`takeover T`): the module labels and creates it itself */
	const char *B = socket_base_dir(L, st);

	search_to(L, d, o, st->dir);
	if (in_rundir(L, st->dir))
		rundir_between(L, o, st->dir);
	allow(L, z, o, d->t, "self", "unix_stream_socket", P_STREAM_S);
	if (B) {
		/* A directory the base labels (Debian: /tmp/.X11-unix, xdm_tmp_t,
		 * made at boot by tmpfiles) stays the base's: nobody here creates
		 * or relabels it.  The program adds its sockets to it, and each
		 * gets T by a type transition on the directory's type (unnamed:
		 * the program picks the names, X0, X1 ...). */
		allow(L, z, o, d->t, B, "dir", P_SOCKDIR_S);
		ir_trans(L->ir, o, d->t, B, "sock_file", T, NULL)->zone = z;
		allow(L, z, o, d->t, T, "sock_file", P_SOCK_S);
		ir_fc(L->ir, o, st->dir, true, FC_ANY, B)->inner = T;
	} else if (st->is_dir) {
		/* the directory is made by whoever makes /run/M: launcher or
		 * tmpfiles (in /run/M/ its rules there already cover the parent) */
		IrRule *r[3];
		int nr = 0;
		if (!in_rundir(L, st->dir))
			r[nr++] = ir_allow(L->ir, o, L->maker, P, "dir", P_MKDIR_IN);
		r[nr++] = ir_trans(L->ir, o, L->maker, P, "dir", T, basename_of(st->dir));
		r[nr++] = ir_allow(L->ir, o, L->maker, T, "dir", "create getattr setattr search");
		for (int i = 0; i < nr; i++) {
			r[i]->optional = L->maker_opt;
			r[i]->zone = z;
		}
		ir_runtime(L->ir, o, FC_DIR, st->dir, 0755);
		allow(L, z, o, d->t, T, "dir", P_SOCKDIR_S);
		allow(L, z, o, d->t, T, "sock_file", P_SOCK_S);
		ir_fc(L->ir, o, st->dir, true, FC_ANY, T);
	} else {
		allow(L, z, o, d->t, P, "dir", P_SOCKDIR_S);
		ir_trans(L->ir, o, d->t, P, "sock_file", T, basename_of(st->dir))->zone = z;
		allow(L, z, o, d->t, T, "sock_file", P_SOCK_S);
		ir_fc(L->ir, o, st->dir, false, FC_SOCK, T);
	}
}

static void lower_connect(Lower *L, Dom *d, const NameRef *r)
{
	const Zone *z = d->z, *srv = r->sym->zone;
	const Stmt *sock = srv->socket;
	Origin o = at(L, r->loc, arena_printf(L->a, "connect %s", srv->name->name));
	const char *T = zone_type(L->a, L->m, srv, TR_SOCK);
	search_to(L, d, o, sock->dir);
	if (sock->is_dir) {
		const char *B = socket_base_dir(L, sock);
		search_once(L, d, o, B ? B : T);
	}
	allow(L, z, o, d->t, T, "sock_file", P_SOCK_C);
	allow(L, z, o, d->t, L->doms[srv->index].t, "unix_stream_socket", "connectto");
	allow(L, z, o, d->t, "self", "unix_stream_socket", P_STREAM_C);
	/* the server looks up each client's /proc/PID/cmdline (the X server
	 * names its clients: os/client.c, DetermineClientCmd); it stays
	 * refused, and is not logged */
	Origin po = at(L, r->loc, arena_printf(L->a, "connect %s: %s reads its clients' /proc/PID/cmdline",
					       srv->name->name, srv->name->name));
	IrRule *q = ir_dontaudit(L->ir, po, L->doms[srv->index].t, d->t, "dir", "search");
	q->zone = srv;
	q = ir_dontaudit(L->ir, po, L->doms[srv->index].t, d->t, "file", "getattr open read");
	q->zone = srv;
}

/* ---- devices --------------------------------------------------------- */

static void lower_devices(Lower *L, Dom *d)
{
	const Zone *z = d->z;
	for (int dv = 0; dv < DEV_COUNT; dv++) {
		if (!(z->devices & (1u << dv)))
			continue;
		Origin o = at(L, z->device_stmt[dv]->loc, arena_printf(L->a, "device %s", device_names[dv]));
		allow(L, z, o, d->t, devices[dv].type, devices[dv].cls, devices[dv].perms);
		if (dv == DEV_TUN)
			allow(L, z, o, d->t, "self", "tun_socket", "create attach_queue relabelfrom relabelto");
	}
}

/* ---- capabilities ---------------------------------------------------- */

/* `capability NAME, ...`: the listed capabilities on itself, one rule a
 * statement (the names sema let through: never sys_admin, net_admin ...) */
static void lower_caps(Lower *L, Dom *d)
{
	const Zone *z = d->z;
	for (const Stmt *st = z->body; st; st = st->next) {
		if (st->kind != ST_CAPABILITY)
			continue;
		Buf b = { 0 };
		for (const NameRef *r = st->names; r; r = r->next)
			buf_printf(&b, "%s%s", b.len ? " " : "", r->sym->name);
		allow(L, z, stmt_origin(L, st), d->t, "self", "capability", arena_strndup(L->a, buf_str(&b), b.len));
		buf_free(&b);
	}
}

/* ---- host networking ------------------------------------------------ */

#define P_TCP_CONNECT "create connect getattr getopt setopt read write shutdown"
#define P_TCP_LISTEN  "create bind listen accept getattr getopt setopt read write shutdown"
#define P_UDP_SOCKET  "create connect bind getattr getopt setopt read write"

/* ---- one port, one type ---- */

/* The type of every port a `net egress` or `net listen` names (README
 * "Ports"): the base's type where the base labels that very port; else the
 * type of the zone that listens on it (sema allows one), so that egress to
 * it is a flow into that zone, as `net via` is; else that of the one zone
 * whose egress names it; a port the egress of several zones names and no
 * zone listens on gets a module type no zone owns (shared_port_type), one
 * per run of such ports between the ends of egress ranges.  Each port thus
 * has one portcon, whatever the order of the zones. */
enum { PO_NONE, PO_BASE, PO_LISTEN, PO_EGRESS, PO_SHARED };

typedef struct PortSlot {
	const Stmt *st;          /* the listen statement, else the first egress */
	const char *type;
	unsigned char state;
	bool brk;                /* an egress range starts or ends here */
} PortSlot;

enum { PORT_SLOTS = 65537 };

static PortSlot *slot(Lower *L, Proto proto, unsigned long port)
{
	return &L->ports[(size_t)proto * PORT_SLOTS + port];
}

/* the zones' claims on each port */
static void claim_ports(Lower *L)
{
	for (const Zone *z = L->m->zones; z; z = z->next)
		for (const Stmt *st = z->body; st; st = st->next) {
			if (st->kind != ST_NET_EGRESS && st->kind != ST_NET_LISTEN)
				continue;
			bool listen = st->kind == ST_NET_LISTEN;
			for (const PortRange *p = st->ports; p; p = p->next) {
				if (!listen) {
					slot(L, st->proto, p->lo)->brk = true;
					slot(L, st->proto, p->hi + 1)->brk = true;
				}
				for (unsigned long port = p->lo; port <= p->hi; port++) {
					PortSlot *s = slot(L, st->proto, port);
					if (s->state == PO_NONE) {
						const char *t = ports_lookup(L->opt->ports, st->proto, (unsigned)port);
						s->state = t ? PO_BASE : listen ? PO_LISTEN : PO_EGRESS;
						s->type = t;
						s->st = st;
					} else if (s->state == PO_BASE || s->state == PO_LISTEN) {
						continue;
					} else if (listen) {
						s->state = PO_LISTEN;
						s->st = st;
					} else if (s->st->zone != z) {
						s->state = PO_SHARED;
					}
				}
			}
		}
}

static void add_portcon(Lower *L, Proto proto, unsigned lo, unsigned hi, const char *type, const Stmt *st)
{
	IrPortcon *pc = ARENA_NEW(L->a, IrPortcon);
	pc->proto = proto;
	pc->lo = lo;
	pc->hi = hi;
	pc->type = type;
	pc->o = stmt_origin(L, st);
	*L->ir->ports_tail = pc;
	L->ir->ports_tail = &pc->next;
}

/* Resolves the module's type of every claimed port and writes one portcon
 * per run of ports of one type, in port order. */
static void resolve_port_table(Lower *L)
{
	L->ports = xcalloc(2 * (size_t)PORT_SLOTS, sizeof *L->ports);
	claim_ports(L);
	for (int proto = PROTO_TCP; proto <= PROTO_UDP; proto++)
		for (unsigned port = 1; port <= 65535;) {
			PortSlot *s = slot(L, (Proto)proto, port);
			if (s->state == PO_NONE || s->state == PO_BASE) {
				port++;
				continue;
			}
			unsigned hi = port;
			if (s->state == PO_SHARED) {
				while (hi < 65535 && slot(L, (Proto)proto, hi + 1)->state == PO_SHARED &&
				       !slot(L, (Proto)proto, hi + 1)->brk)
					hi++;
				const char *t = shared_port_type(L->a, L->m, (Proto)proto, port, hi);
				IrType *it = ir_type(L->ir, t, stmt_origin(L, s->st));
				ir_attr(it, "port_type");
				ir_attr(it, "defined_port_type");
				for (unsigned q = port; q <= hi; q++)
					slot(L, (Proto)proto, q)->type = t;
			} else {
				s->type = zone_type(L->a, L->m, s->st->zone, TR_PORT);
				for (; hi < 65535; hi++) {
					PortSlot *n = slot(L, (Proto)proto, hi + 1);
					if ((n->state != PO_LISTEN && n->state != PO_EGRESS) || n->st->zone != s->st->zone)
						break;
					n->type = s->type;
				}
			}
			add_portcon(L, (Proto)proto, port, hi, s->type, s->st);
			port = hi + 1;
		}
}

/* Port types a statement's ports resolve to, in order of first use, and
 * whether some port has its zone's own M_Z_port_t. */
typedef struct PortTypes {
	Arena *a;
	const char **types;
	int n;
	size_t cap;
	bool own;
} PortTypes;

static void add_type(PortTypes *pt, const char *t)
{
	for (int i = 0; i < pt->n; i++)
		if (strcmp(pt->types[i], t) == 0)
			return;
	pt->types = arena_grow(pt->a, pt->types, (size_t)pt->n, &pt->cap, sizeof *pt->types);
	pt->types[pt->n++] = t;
}

typedef struct Cover {
	Buf *b;
	const PortRange *named;
	int shown;
} Cover;

static void other_ports(const PortCon *pc, void *arg)
{
	Cover *c = arg;
	for (const PortRange *p = c->named; p; p = p->next)
		if (p->lo <= pc->lo && pc->hi <= p->hi)
			return;
	if (c->shown++ < 8) {
		if (pc->lo == pc->hi)
			buf_printf(c->b, "%s%u", c->shown > 1 ? ", " : "", pc->lo);
		else
			buf_printf(c->b, "%s%u-%u", c->shown > 1 ? ", " : "", pc->lo, pc->hi);
	}
}

/* The types of the ports of st, a statement of zone z, from the port
 * table; with `warn`, warns when a granted base type covers more ports. */
static PortTypes resolve_ports(Lower *L, const Zone *z, const Stmt *st, bool warn)
{
	PortTypes pt = { .a = L->a }, base = { .a = L->a };
	const char *own = zone_type(L->a, L->m, z, TR_PORT);
	for (const PortRange *p = st->ports; p; p = p->next)
		for (unsigned long port = p->lo; port <= p->hi; port++) {
			const PortSlot *s = slot(L, st->proto, port);
			if (s->state == PO_BASE)
				add_type(&base, s->type);
			if (strcmp(s->type, own) == 0)
				pt.own = true;
			else
				add_type(&pt, s->type);
		}
	if (warn && L->opt->diag)
		for (int i = 0; i < base.n; i++) {
			Buf b = { 0 };
			Cover c = { &b, st->ports, 0 };
			ports_of_type(L->opt->ports, st->proto, base.types[i], other_ports, &c);
			if (c.shown)
				diag_report(L->opt->diag, st->loc, CK_PORT_TYPE_COVERS_MORE,
					    "%s resolves to the base type %s, which also covers %s port%s %s%s",
					    stmt_keyword(st->kind), base.types[i], st->proto == PROTO_TCP ? "tcp" : "udp",
					    c.shown > 1 ? "s" : "", buf_str(&b), c.shown > 8 ? ", ..." : "");
			buf_free(&b);
		}
	if (pt.own)
		add_type(&pt, own);
	return pt;
}

static void declare_port_type(Lower *L, const Zone *z, const Stmt *st, bool *declared)
{
	if (*declared)
		return;
	*declared = true;
	IrType *t = ir_type(L->ir, zone_type(L->a, L->m, z, TR_PORT), stmt_origin(L, st));
	ir_attr(t, "port_type");
	ir_attr(t, "defined_port_type");
}

static void lower_net(Lower *L, Dom *d)
{
	const Zone *z = d->z;
	bool port_declared = false;
	for (const Stmt *st = z->body; st; st = st->next) {
		if (st->kind != ST_NET_EGRESS && st->kind != ST_NET_LISTEN && st->kind != ST_NET_VIA)
			continue;
		Origin o = stmt_origin(L, st);
		if (st->kind == ST_NET_VIA) {
			/* only the ports the gateway listens on */
			const Zone *g = st->names->sym->zone;
			o = at(L, st->loc, arena_printf(L->a, "net via %s", g->name->name));
			for (const Stmt *gs = g->body; gs; gs = gs->next) {
				if (gs->kind != ST_NET_LISTEN)
					continue;
				PortTypes pt = resolve_ports(L, g, gs, false);
				const char *cls = gs->proto == PROTO_TCP ? "tcp_socket" : "udp_socket";
				allow(L, z, o, d->t, "self", cls, gs->proto == PROTO_TCP ? P_TCP_CONNECT : P_UDP_SOCKET);
				if (gs->proto == PROTO_TCP)
					for (int i = 0; i < pt.n; i++)
						allow(L, z, o, d->t, pt.types[i], cls, "name_connect");
			}
			continue;
		}
		if (st->any_port) {
			/* `net egress PROTO any`: every port type of the base */
			const char *cls = st->proto == PROTO_TCP ? "tcp_socket" : "udp_socket";
			allow(L, z, o, d->t, "self", cls, st->proto == PROTO_TCP ? P_TCP_CONNECT : P_UDP_SOCKET);
			if (st->proto == PROTO_TCP) {
				allow(L, z, o, d->t, "port_type", cls, "name_connect");
				ir_base_attr(L->ir, "port_type");
			}
			continue;
		}
		PortTypes pt = resolve_ports(L, z, st, true);
		if (pt.own)
			declare_port_type(L, z, st, &port_declared);
		bool tcp = st->proto == PROTO_TCP;
		const char *cls = tcp ? "tcp_socket" : "udp_socket";
		if (st->kind == ST_NET_EGRESS) {
			allow(L, z, o, d->t, "self", cls, tcp ? P_TCP_CONNECT : P_UDP_SOCKET);
			if (tcp)
				for (int i = 0; i < pt.n; i++)
					allow(L, z, o, d->t, pt.types[i], cls, "name_connect");
			else if (L->opt->diag)
				diag_report(L->opt->diag, st->loc, CK_UDP_EGRESS,
					    "SELinux has no per-port check on UDP sends: this zone may send to any UDP port");
		} else {
			allow(L, z, o, d->t, "self", cls, tcp ? P_TCP_LISTEN : P_UDP_SOCKET);
			allow(L, z, o, d->t, "node_t", cls, "node_bind");
			for (int i = 0; i < pt.n; i++)
				allow(L, z, o, d->t, pt.types[i], cls, "name_bind");
			bool low = false;
			for (const PortRange *p = st->ports; p; p = p->next)
				low |= p->lo < 1024;
			if (low)
				allow(L, z, o, d->t, "self", "capability", "net_bind_service");
		}
	}
}

/* ---- packets: the host's packet labels (docs/network.md) --------------- */

/* The network of a range: its address with the host bits cleared, and the
 * prefix unless it is a single host. */
static const char *net_text(Lower *L, const NetAddr *a, bool host)
{
	unsigned char b[16];
	memcpy(b, a->bytes, sizeof b);
	unsigned max = a->family == 6 ? 128 : 32;
	if (!host)
		for (unsigned i = a->prefix; i < max; i++)
			b[i / 8] &= (unsigned char)~(0x80u >> (i % 8));
	char txt[INET6_ADDRSTRLEN];
	inet_ntop(a->family == 6 ? AF_INET6 : AF_INET, b, txt, sizeof txt);
	if (host || a->prefix == max)
		return arena_strndup(L->a, txt, strlen(txt));
	return arena_printf(L->a, "%s/%u", txt, a->prefix);
}

static const char *fam(const NetAddr *a)
{
	return a->family == 6 ? "ip6" : "ip";
}

/* "443" or "{ 22, 443, 8000-8100 }" */
static const char *port_set(Lower *L, const PortRange *p)
{
	Buf b = { 0 };
	int n = 0;
	for (const PortRange *q = p; q; q = q->next, n++) {
		buf_printf(&b, "%s%lu", n ? ", " : "", q->lo);
		if (q->hi != q->lo)
			buf_printf(&b, "-%lu", q->hi);
	}
	const char *r = n > 1 ? arena_printf(L->a, "{ %s }", buf_str(&b)) : arena_strndup(L->a, buf_str(&b), b.len);
	buf_free(&b);
	return r;
}

static const char *packet_decl(Lower *L, Origin o, const char *owner, const char *what, const char *obj)
{
	const char *t = packet_type(L->a, L->m, owner, what);
	ir_attr(ir_type(L->ir, t, o), "packet_type");
	ir_secmark(L->ir, o, obj, t);
	return t;
}

static void nft(Lower *L, Origin o, NftChain c, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static void nft(Lower *L, Origin o, NftChain c, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	Buf b = { 0 };
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	ir_nft(L->ir, o, c, arena_strndup(L->a, buf_str(&b), b.len));
	buf_free(&b);
}

static bool zone_vias(const Zone *z, const Zone *g)
{
	for (const Stmt *st = z->body; st; st = st->next)
		if (st->kind == ST_NET_VIA && st->names->sym->zone == g)
			return true;
	return false;
}

/* The segments: a bridge each, the packets its vms send labelled by
 * where they go, and the forwarding the `reach` statements allow.  The
 * order of the rules matters: in each label chain a later rule overrides
 * an earlier one, so what goes to a segment's range is that segment's own
 * type whatever `reach` said; in the forward chain nothing new enters a
 * segment before any `reach` lets something out. */
static void lower_segments(Lower *L)
{
	const Module *m = L->m;
	for (const Segment *g = m->segments; g; g = g->next) {
		const char *S = g->name->name, *br = link_name(L->a, m, S);
		Origin o = at(L, g->loc, arena_printf(L->a, "segment %s", S));
		IrLink *bl = ir_link(L->ir, o, br, NULL);
		bl->address = g->address->path;
		bl->uplink = g->uplink ? g->uplink->path : NULL;
		for (const Zone *z = m->zones; z; z = z->next)
			if (z->segment == g)
				ir_link(L->ir, at(L, z->segment_stmt->loc, arena_printf(L->a, "vm %s: net segment %s",
										   z->name->name, S)),
					tap_name(L->a, m, z), br)->vm = z->name->name;
		/* everything from the segment, and everything to it, is the
		 * segment's own type, which no domain may send, receive or forward */
		packet_decl(L, o, S, "seg", arena_printf(L->a, "%s_seg", S));
		nft(L, o, NFT_LABEL_PRE, "iifname \"%s\" meta secmark set \"%s_seg\"", br, S);
		nft(L, o, NFT_FORWARD, "oifname \"%s\" ct state established,related accept", br);
		nft(L, o, NFT_FORWARD, "oifname \"%s\" drop", br);
		nft(L, o, NFT_FORWARD, "iifname \"%s\" ct state established,related accept", br);
		nft(L, o, NFT_INPUT, "iifname \"%s\" ct state established,related accept", br);
		/* NetLabel (M.netlabel) gives what comes from the segment's
		 * range the segment's own peer label, the subject of the
		 * forwarding and peer checks: it may be forwarded only while
		 * M.nft labels it, and only what `reach` names */
		const char *peer = peer_type(L->a, m, S);
		Origin po = at(L, g->loc, arena_printf(L->a, "segment %s: the peer label of what comes from its range "
							     "(M.netlabel)", S));
		ir_type(L->ir, peer, po);
		bl->peer = peer;
		bl->range = net_text(L, &g->address->addr, false);
		bl->host = arena_printf(L->a, "%s/%u", net_text(L, &g->address->addr, true),
					g->address->addr.family == 6 ? 128u : 32u);
		ir_allow(L->ir, po, peer, "netif_type", "netif", "ingress egress");
		ir_allow(L->ir, po, peer, "node_type", "node", "recvfrom sendto");
		ir_base_attr(L->ir, "netif_type");
		ir_base_attr(L->ir, "node_type");
		if (g->has_reach) {
			const char *fwd = packet_decl(L, o, S, "fwd", arena_printf(L->a, "%s_fwd", S));
			ir_allow(L->ir, o, peer, fwd, "packet", "forward_in forward_out");
			/* masqueraded on the uplink, its source is no longer the
			 * segment's when forward_out is checked: the unlabelled
			 * peer; forward_in, the segment's peer's only, decided */
			if (g->uplink)
				ir_allow(L->ir, o, "unlabeled_t", fwd, "packet", "forward_out");
			/* the answers from outside: their peer is the unlabelled
			 * one, and their type is not the vms' (each layer alone
			 * keeps the segment closed) */
			const char *back = packet_decl(L, o, S, "back", arena_printf(L->a, "%s_back", S));
			ir_allow(L->ir, o, "unlabeled_t", back, "packet", "forward_in forward_out");
		}
	}
	for (const Segment *g = m->segments; g; g = g->next) {
		const char *S = g->name->name, *br = link_name(L->a, m, S);
		for (const Stmt *st = g->body; st; st = st->next) {
			if (st->kind != ST_SEG_REACH)
				continue;
			Origin ro = at(L, st->loc, arena_printf(L->a, "segment %s: reach \"%s\"%s%s", S, st->path,
								st->any_port ? "" : st->proto == PROTO_TCP ? " tcp " : " udp ",
								st->any_port ? "" : port_set(L, st->ports)));
			/* "0.0.0.0/0" is every address of the family */
			const char *dst = st->addr.prefix == 0 ?
				arena_printf(L->a, "meta nfproto %s", st->addr.family == 6 ? "ipv6" : "ipv4") :
				arena_printf(L->a, "%s daddr %s", fam(&st->addr), net_text(L, &st->addr, false));
			const char *ports = st->any_port ? "" :
				arena_printf(L->a, " %s dport %s", st->proto == PROTO_TCP ? "tcp" : "udp", port_set(L, st->ports));
			nft(L, ro, NFT_LABEL_PRE, "iifname \"%s\" %s%s meta secmark set \"%s_fwd\"", br, dst, ports, S);
			if (g->uplink)
				nft(L, ro, NFT_FORWARD, "iifname \"%s\" oifname \"%s\" %s%s ct state new accept", br,
				    g->uplink->path, dst, ports);
			else
				nft(L, ro, NFT_FORWARD, "iifname \"%s\" %s%s ct state new accept", br, dst, ports);
		}
		Origin o = at(L, g->loc, arena_printf(L->a, "segment %s", S));
		nft(L, o, NFT_FORWARD, "iifname \"%s\" drop", br);
		if (g->uplink)
			nft(L, o, NFT_POSTROUTING, "%s saddr %s oifname \"%s\" masquerade", fam(&g->address->addr),
			    net_text(L, &g->address->addr, false), g->uplink->path);
	}
	for (const Segment *g = m->segments; g; g = g->next) {
		const char *S = g->name->name;
		Origin o = at(L, g->loc, arena_printf(L->a, "segment %s", S));
		const NetAddr *a = &g->address->addr;
		const char *net = net_text(L, a, false);
		nft(L, o, NFT_LABEL_PRE, "%s daddr %s meta secmark set \"%s_seg\"", fam(a), net, S);
		nft(L, o, NFT_LABEL_OUT, "%s daddr %s meta secmark set \"%s_seg\"", fam(a), net, S);
		if (g->has_reach)
			nft(L, o, NFT_LABEL_PRE, "%s daddr %s ct direction reply meta secmark set \"%s_back\"", fam(a),
			    net, S);
	}
}

/* `net via G`: G's listening ports at a local address, and nowhere else.
 * Requests (to G's port) are M_G_via_packet_t, which the clients send and G
 * receives; answers (from G's port) M_G_reply_packet_t, which G sends and
 * the clients receive.  A client reaches G on the loopback addresses, and
 * a vm on a segment at the host's address there. */
static void lower_via(Lower *L, const Zone *g)
{
	const Module *m = L->m;
	const char *G = g->name->name;
	Origin o = at(L, g->loc, arena_printf(L->a, "net via %s: the ports %s listens on, at a local address", G, G));
	const char *via = packet_decl(L, o, G, "via", arena_printf(L->a, "%s_via", G));
	const char *reply = packet_decl(L, o, G, "reply", arena_printf(L->a, "%s_reply", G));
	const char *gt = L->doms[g->index].t;
	allow(L, g, o, gt, via, "packet", "recv");
	allow(L, g, o, gt, reply, "packet", "send");
	for (const Zone *z = m->zones; z; z = z->next)
		if (zone_vias(z, g)) {
			Origin co = at(L, z->loc, arena_printf(L->a, "%s: net via %s", z->name->name, G));
			allow(L, z, co, L->doms[z->index].t, via, "packet", "send");
			allow(L, z, co, L->doms[z->index].t, reply, "packet", "recv");
		}
	static const char *const loop[][2] = { { "ip", "127.0.0.0/8" }, { "ip6", "::1" } };
	for (const Stmt *st = g->body; st; st = st->next) {
		if (st->kind != ST_NET_LISTEN)
			continue;
		const char *pr = st->proto == PROTO_TCP ? "tcp" : "udp", *ps = port_set(L, st->ports);
		Origin so = stmt_origin(L, st);
		for (int c = NFT_LABEL_PRE; c <= NFT_LABEL_OUT; c++)
			for (size_t i = 0; i < 2; i++) {
				nft(L, so, (NftChain)c, "%s daddr %s %s dport %s meta secmark set \"%s_via\"", loop[i][0],
				    loop[i][1], pr, ps, G);
				nft(L, so, (NftChain)c, "%s saddr %s %s sport %s meta secmark set \"%s_reply\"", loop[i][0],
				    loop[i][1], pr, ps, G);
			}
		for (const Segment *sg = m->segments; sg; sg = sg->next) {
			bool client = false;
			for (const Zone *z = m->zones; z; z = z->next)
				client |= z->segment == sg && zone_vias(z, g);
			if (!client)
				continue;
			const NetAddr *a = &sg->address->addr;
			const char *br = link_name(L->a, m, sg->name->name), *host = net_text(L, a, true);
			nft(L, so, NFT_LABEL_PRE, "iifname \"%s\" %s daddr %s %s dport %s meta secmark set \"%s_via\"",
			    br, fam(a), host, pr, ps, G);
			nft(L, so, NFT_LABEL_OUT, "%s saddr %s %s sport %s %s daddr %s meta secmark set \"%s_reply\"",
			    fam(a), host, pr, ps, fam(a), net_text(L, a, false), G);
			nft(L, so, NFT_INPUT, "iifname \"%s\" %s daddr %s %s dport %s accept", br, fam(a), host, pr, ps);
			/* the vms' packets carry their segment's peer label */
			allow(L, g, so, gt, peer_type(L->a, m, sg->name->name), "peer", "recv");
		}
	}
}

/* The launcher makes each segment's bridge and each vm's tap, and hands
 * the tap's descriptor to the vm (docs/network.md). */
static void lower_launcher_links(Lower *L)
{
	if (!L->launcher || !L->m->segments)
		return;
	const Zone *z = L->m->launcher;
	Origin o = at(L, L->m->segments->loc, "segments: the launcher makes the bridges and the vms' taps");
	allow(L, z, o, L->launcher, "self", "capability", "net_admin");
	allow(L, z, o, L->launcher, "self", "tun_socket", "create");
	allow(L, z, o, L->launcher, "tun_tap_device_t", "chr_file", "getattr open read write ioctl");
	allow(L, z, o, L->launcher, "self", "netlink_route_socket",
	      "create bind getattr setopt read write nlmsg_read nlmsg_write");
	allow(L, z, o, L->launcher, "self", "udp_socket", "create ioctl");
}

/* A zone's first `net egress` or `net listen` (its sockets reach the
 * network), or with via also its first `net via`; NULL when it has none. */
static const Stmt *first_socket_stmt(const Zone *z, bool via)
{
	for (const Stmt *st = z->body; st; st = st->next)
		if (st->kind == ST_NET_EGRESS || st->kind == ST_NET_LISTEN || (via && st->kind == ST_NET_VIA))
			return st;
	return NULL;
}

/* M_netcheck.cil (docs/network.md, "Without the ruleset"): the policy
 * capability always_check_network makes the kernel check every packet,
 * whether M.nft is loaded or not, so a zone whose packets go unlabelled
 * (no ruleset, or a flushed one) sends and receives nothing.  The
 * capability also turns on the peer checks (netif, node, peer) for the
 * whole host; the rules keep every other domain where it was without it:
 * its unlabelled packets, the unlabelled peer of everything received or
 * forwarded.  The zones that use sockets get the peer checks only: their
 * packets stay gated by the packet types. */
static void lower_netcheck(Lower *L, const bool *target)
{
	Ir *ir = L->ir;
	ir->netcheck_o = at(L, L->m->loc, arena_printf(L->a, "module %s: the kernel checks every packet, "
						       "with or without M.nft (always_check_network)",
						       L->m->name->name));
	const char *host = arena_printf(L->a, "%s_netcheck_host", L->m->name->name);
	ir->netcheck_host = host;
	const char *mn = L->m->name->name;
	Origin own = at(L, L->m->loc, arena_printf(L->a, "module %s: every other domain keeps its unlabelled "
						   "packets and peers, and its interfaces and nodes", mn));
	Origin peer = at(L, L->m->loc, arena_printf(L->a, "module %s: the peer of every packet received or "
						    "forwarded is the kernel's unlabelled one", mn));
	ir_netcheck_allow(ir, own, host, "unlabeled_t", "packet", "recv send");
	ir_netcheck_allow(ir, own, host, "unlabeled_t", "peer", "recv");
	ir_netcheck_allow(ir, own, host, "netif_type", "netif", "egress");
	ir_netcheck_allow(ir, own, host, "node_type", "node", "sendto");
	ir_netcheck_allow(ir, peer, "unlabeled_t", "netif_type", "netif", "egress ingress");
	ir_netcheck_allow(ir, peer, "unlabeled_t", "node_type", "node", "recvfrom sendto");
	ir_netcheck_allow(ir, peer, "unlabeled_t", "unlabeled_t", "packet", "forward_in forward_out");
	for (const Zone *z = L->m->zones; z; z = z->next) {
		const Stmt *first = first_socket_stmt(z, true);
		if (!first && !target[z->index])
			continue;
		Origin zo = first ? stmt_origin(L, first)
				  : at(L, z->loc, arena_printf(L->a, "zone %s: the port its clients reach (net via)",
								 z->name->name));
		const char *d = L->doms[z->index].t;
		ir_netcheck_allow(ir, zo, d, "unlabeled_t", "peer", "recv");
		ir_netcheck_allow(ir, zo, d, "netif_type", "netif", "egress");
		ir_netcheck_allow(ir, zo, d, "node_type", "node", "sendto");
	}
}

static void lower_packets(Lower *L)
{
	const Module *m = L->m;
	bool net = m->segments != NULL;
	for (const Zone *z = m->zones; z; z = z->next)
		net |= z->has_net;
	if (!net)
		return;
	Origin o = at(L, m->loc, arena_printf(L->a, "module %s: packets no statement names (M.nft labels them)",
					      m->name->name));
	const char *host = packet_decl(L, o, NULL, "host", "host");
	/* the host keeps its network: every domain but the module's */
	IrRule *r = ir_allow(L->ir, o, "domain", host, "packet", "send recv");
	r->src_minus = L->ir->own_attr;
	r->src_set = arena_printf(L->a, "%s_typeattr_1", m->name->name);   /* the module's one such set */
	ir_base_attr(L->ir, "domain");
	ir_allow(L->ir, o, "unlabeled_t", host, "packet", "forward_in forward_out");
	nft(L, o, NFT_LABEL_PRE, "meta secmark set \"host\"");
	nft(L, o, NFT_LABEL_OUT, "meta secmark set \"host\"");
	for (const Zone *z = m->zones; z; z = z->next) {
		const Stmt *first = first_socket_stmt(z, false);
		if (first)
			allow(L, z, stmt_origin(L, first), L->doms[z->index].t, host, "packet", "send recv");
	}
	lower_segments(L);
	/* the via targets, once (a module may have many zones) */
	bool *target = arena_alloc(L->a, (m->nzones + 1) * sizeof *target);
	memset(target, 0, (m->nzones + 1) * sizeof *target);
	for (const Zone *z = m->zones; z; z = z->next)
		for (const Stmt *st = z->body; st; st = st->next)
			if (st->kind == ST_NET_VIA)
				target[st->names->sym->zone->index] = true;
	for (const Zone *g = m->zones; g; g = g->next)
		if (target[g->index])
			lower_via(L, g);
	for (const Segment *g = m->segments; g; g = g->next)
		nft(L, at(L, g->loc, arena_printf(L->a, "segment %s", g->name->name)), NFT_INPUT,
		    "iifname \"%s\" drop", link_name(L->a, m, g->name->name));
	lower_launcher_links(L);
	lower_netcheck(L, target);
}

/* ---- the runtime directory and the channels ---------------------------- */

static Origin rundir_origin(Lower *L)
{
	return at(L, L->m->loc, arena_printf(L->a, "module %s (runtime directory %s/)",
					     L->m->name->name, L->rdir));
}

/* /run/M/ itself: M_runtime_t, made by the launcher (or tmpfiles) through a
 * named type transition on the base type of /run; it may then make and
 * remove what lives in it.  Its runtime entry is made first (lower()). */
static void lower_rundir(Lower *L)
{
	const char *R = L->R, *rdir = L->rdir, *maker = L->maker, *opt = L->maker_opt;
	Origin mo = rundir_origin(L);
	own_file_type(L, R, mo);
	ir_fc(L->ir, mo, rdir, false, FC_DIR, R);
	const char *run = parent_type(L, mo.loc, rdir);
	IrRule *r;
	r = ir_allow(L->ir, mo, maker, run, "dir", P_MKDIR_IN);
	r->optional = opt;
	r = ir_trans(L->ir, mo, maker, run, "dir", R, L->m->name->name);
	r->optional = opt;
	r = ir_allow(L->ir, mo, maker, R, "dir", P_RUNDIR);
	r->optional = opt;
}

static void lower_channels(Lower *L)
{
	const Module *m = L->m;
	const char *R = L->R, *maker = L->maker, *opt = L->maker_opt;
	IrRule *r;
	Arena *a = L->a;
	for (const Channel *c = m->channels; c; c = c->next) {
		Origin o = at(L, c->loc, arena_printf(a, "channel %s", c->name->name));
		const char *ends[2] = { c->via ? "in" : "fifo", c->via ? "out" : NULL };
		const Zone *w[2] = { c->from.sym->zone, c->via ? c->via->sym->zone : NULL };
		const Zone *rd[2] = { c->via ? c->via->sym->zone : c->to.sym->zone, c->to.sym->zone };
		for (int i = 0; i < 2 && ends[i]; i++) {
			const char *T = chan_type(a, m, c, ends[i]);
			const char *path = chan_path(a, m, c, ends[i]);
			own_file_type(L, T, o);
			ir_fc(L->ir, o, path, false, FC_PIPE, T);
			r = ir_trans(L->ir, o, maker, R, "fifo_file", T, basename_of(path));
			r->optional = opt;
			r = ir_allow(L->ir, o, maker, T, "fifo_file", P_MKFIFO);
			r->optional = opt;
			ir_runtime(L->ir, o, FC_PIPE, path, 0600);
			Dom *wd = &L->doms[w[i]->index], *rdd = &L->doms[rd[i]->index];
			search_to(L, wd, o, path);
			allow(L, w[i], o, wd->t, T, "fifo_file", P_FIFO_W);
			search_to(L, rdd, o, path);
			allow(L, rd[i], o, rdd->t, T, "fifo_file", P_FIFO_R);
			/* a terminal probe on the FIFO as stdin (QEMU's stdio
			 * chardev: TCGETS, TCSETS); it stays refused */
			ir_dontaudit(L->ir, o, rdd->t, T, "fifo_file", "ioctl")->zone = rd[i];
		}
	}
}

/* ---- asserts --------------------------------------------------------- */

/* Classes and permissions a neverallow names in .te (in .cil: all). */
static const struct { const char *cls, *read, *write; } never_classes[] = {
	{ "file", "read getattr execute map open ioctl lock", "write append create setattr unlink link rename relabelfrom relabelto" },
	{ "dir", "read getattr search open ioctl lock", "write add_name remove_name create setattr unlink link rename reparent rmdir relabelfrom relabelto" },
	{ "lnk_file", "read getattr", "write append create setattr unlink link rename" },
	{ "fifo_file", "read getattr open ioctl lock", "write append create setattr unlink link rename" },
	{ "sock_file", "read getattr open", "write append create setattr unlink link rename" },
};

static void owned_types(Lower *L, const Zone *z, const char **out, int *n)
{
	*n = 0;
	out[(*n)++] = zone_type(L->a, L->m, z, TR_DOMAIN);
	out[(*n)++] = zone_type(L->a, L->m, z, TR_EXEC);
	ZoneRole roles[TR_COUNT];
	for (int i = 0, nr = zone_roles(z, NULL, roles); i < nr; i++)
		out[(*n)++] = zone_type(L->a, L->m, z, roles[i].role);
}

static void lower_asserts(Lower *L)
{
	for (const Assert *as = L->m->asserts; as; as = as->next) {
		const Zone *A = as->from.sym->zone, *B = as->to.sym->zone;
		Origin o = at(L, as->loc, arena_printf(L->a, "assert no flow %s -> %s",
						       A->name->name, B->name->name));
		const char *at_[TR_COUNT + 1], *bt[TR_COUNT + 1];
		int na, nb;
		owned_types(L, A, at_, &na);
		owned_types(L, B, bt, &nb);
		const char *Ad = at_[0], *Bd = bt[0];
		/* B reads nothing of A's; A writes nothing of B's */
		for (size_t c = 0; c < sizeof never_classes / sizeof never_classes[0]; c++) {
			for (int i = 0; i < na; i++)
				ir_never(L->ir, o, Bd, at_[i], never_classes[c].cls, never_classes[c].read);
			for (int i = 0; i < nb; i++)
				ir_never(L->ir, o, Ad, bt[i], never_classes[c].cls, never_classes[c].write);
		}
		ir_never(L->ir, o, Ad, Bd, "process", "transition dyntransition ptrace signal sigkill sigstop signull");
		ir_never(L->ir, o, Ad, Bd, "unix_stream_socket", "connectto");
		ir_never(L->ir, o, Bd, Ad, "process", "ptrace");
	}
}

/* ---- interfaces for the .if ------------------------------------------ */

static void lower_interfaces(Lower *L, const Zone *z)
{
	const char *base = arena_printf(L->a, "%s_%s", L->m->name->name, z->name->name);
	ZoneRole roles[TR_COUNT];
	for (int i = 0, n = zone_roles(z, NULL, roles); i < n; i++) {
		TypeRole r = roles[i].role;
		const char *T = zone_type(L->a, L->m, z, r);
		IrIface *f;
		switch (r) {
		case TR_CONF:
			f = ir_iface(L->ir, arena_printf(L->a, "%s_read_config", base),
				     arena_printf(L->a, "Read the configuration of zone %s.", z->name->name));
			ir_iface_allow(L->ir, f, T, "dir", P_CONF_DIR);
			ir_iface_allow(L->ir, f, T, "file", P_CONF_FILE);
			break;
		case TR_LOG:
			f = ir_iface(L->ir, arena_printf(L->a, "%s_read_log", base),
				     arena_printf(L->a, "Read the logs of zone %s.", z->name->name));
			ir_iface_allow(L->ir, f, T, "dir", P_CONF_DIR);
			ir_iface_allow(L->ir, f, T, "file", "getattr open read");
			f = ir_iface(L->ir, arena_printf(L->a, "%s_append_log", base),
				     arena_printf(L->a, "Append to the log files of zone %s.", z->name->name));
			ir_iface_allow(L->ir, f, T, "dir", "getattr search");
			ir_iface_allow(L->ir, f, T, "file", P_LOG_FILE);
			break;
		case TR_DISK:
			f = ir_iface(L->ir, arena_printf(L->a, "%s_read_disk", base),
				     arena_printf(L->a, "Read the disk files of zone %s (for backups).", z->name->name));
			ir_iface_allow(L->ir, f, T, "dir", P_CONF_DIR);
			ir_iface_allow(L->ir, f, T, "file", "getattr open read lock");
			break;
		case TR_SOCK:
			f = ir_iface(L->ir, arena_printf(L->a, "%s_connect", base),
				     arena_printf(L->a, "Connect to the socket of zone %s.", z->name->name));
			if (in_rundir(L, z->socket->dir))
				ir_iface_allow(L->ir, f, L->R, "dir", "getattr search");
			if (z->socket->is_dir) {
				const char *B = socket_base_dir(L, z->socket);
				ir_iface_allow(L->ir, f, B ? B : T, "dir", "getattr search");
			}
			ir_iface_allow(L->ir, f, T, "sock_file", P_SOCK_C);
			ir_iface_allow(L->ir, f, zone_type(L->a, L->m, z, TR_DOMAIN), "unix_stream_socket", "connectto");
			break;
		default:
			break;
		}
	}
}

/* ---- the base's own files: run, read, exec ... shared ----------------- */

/* an allow made once per (source, target, class, permissions): several
 * statements may land on one base type (bin_t); the first one's origin */
static IrRule *allow_once(Lower *L, const Zone *z, Origin o, const char *src, const char *tgt,
			  const char *cls, const char *perms)
{
	const char *key = arena_printf(L->a, "%s %s %s %s", src, tgt, cls, perms);
	return strmap_put(&L->granted, key, NULL) ? allow(L, z, o, src, tgt, cls, perms) : NULL;
}

/* The kernel's walk to a base file on this host (basefc_walk): d (NULL for
 * a base domain) gets search above each symbolic link and above the file,
 * and lnk_file read on each link's type.  Returns the file's base type,
 * as a directory ('d') or a file ('f'). */
static const char *walk_base(Lower *L, Dom *d, Origin o, const char *path, char kind)
{
	BaseWalk w;
	basefc_walk(L->opt->fc, path, kind, &w);
	const char *type = w.type ? w.type : fc_failed(L, o.loc);
	for (size_t i = 0; d && i < w.nlinks; i++) {
		search_above(L, d, o, w.link[i]);
		allow_once(L, d->z, o, d->t, w.link_type[i] ? w.link_type[i] : fc_failed(L, o.loc), "lnk_file",
			   P_LNK_READ);
	}
	if (d)
		search_above(L, d, o, w.final);
	basefc_walk_free(&w);
	return type;
}

/* `run "P"`: the program runs in the caller's own domain, no transition;
 * granted on its base type, so every file of that type may run. */
static void lower_run(Lower *L, Dom *d, const Stmt *st)
{
	Origin o = stmt_origin(L, st);
	const char *T = walk_base(L, d, o, st->dir, 'f');
	allow_once(L, d->z, o, d->t, T, "file", P_RUN);
}

/* `read "P"` / `read "DIR/"`: read only, on the base type */
static void lower_read(Lower *L, Dom *d, const Stmt *st)
{
	Origin o = stmt_origin(L, st);
	const char *T = walk_base(L, d, o, st->dir, st->is_dir ? 'd' : 'f');
	if (st->is_dir) {
		allow_once(L, d->z, o, d->t, T, "dir", P_READ_DIR);
		allow_once(L, d->z, o, d->t, T, "lnk_file", P_LNK_READ);
	}
	allow_once(L, d->z, o, d->t, T, "file", P_READ_FILE);
}

/* What libselinux's setexeccon and security_check_context take, as
 * coreutils' runcon calls them: /proc/thread-self/attr/exec (and current)
 * of its own process, the selinuxfs `context` node. */
static const struct { const char *type, *cls, *perms; } setexeccon_needs[] = {
	{ "self", "process", "setexec" },
	{ "proc_t", "dir", "search" },
	{ "proc_t", "lnk_file", "read" },
	{ "self", "dir", "search" },
	{ "self", "file", "getattr open read write" },
	{ "sysfs_t", "dir", "search" },
	{ "security_t", "filesystem", "getattr" },
	{ "security_t", "dir", "search" },
	{ "security_t", "file", "getattr open read write" },
	{ "security_t", "security", "check_context" },
	/* measured in the sw trial: runcon looks in /etc/selinux (search only) */
	{ "selinux_config_t", "dir", "search" },
};

/* `exec "P" shared`: the base's program stays as it is (no file context,
 * no type_transition); the parent enters the zone's domain explicitly
 * (setexeccon: runcon, systemd's SELinuxContext=).  The zone gets the
 * program's base type as entrypoint; each parent may execute it, but not
 * in its own domain (no execute_no_trans), and may set its exec context. */
static void lower_shared(Lower *L, Dom *d, Dom *ld)
{
	const Zone *z = d->z;
	Origin o = stmt_origin(L, z->exec);
	const char *T = walk_base(L, ld, o, z->exec->dir, 'f');
	/* measured in the sw trial: QEMU finds its modules and firmware
	 * through /usr/bin/.., so the zone too searches the way to it */
	walk_base(L, d, o, z->exec->dir, 'f');
	allow_once(L, z, o, d->t, T, "file", P_ENTRY);
	if (ld) {
		allow_once(L, z, o, ld->t, T, "file", P_EXECUTE);
		for (size_t i = 0; i < sizeof setexeccon_needs / sizeof setexeccon_needs[0]; i++)
			allow_once(L, z, o, ld->t, setexeccon_needs[i].type, setexeccon_needs[i].cls,
				   setexeccon_needs[i].perms);
	}
	/* systemd starts it from its unit (SELinuxContext=) */
	allow_once(L, z, o, "init_t", T, "file", P_EXECUTE);
	allow_once(L, z, o, "init_t", "self", "process", "setexec");
	if (!ld) {
		IrRule *r = allow_once(L, z, o, "initrc_t", T, "file", P_EXECUTE);
		if (r)
			r->optional = "initrc";
		if ((r = allow_once(L, z, o, "initrc_t", "self", "process", "setexec")))
			r->optional = "initrc";
	}
}

/* `execmem`: anonymous memory both writable and executable (a JIT: QEMU's
 * TCG translation buffer) */
static void lower_execmem(Lower *L, Dom *d, const Stmt *st)
{
	allow(L, d->z, stmt_origin(L, st), d->t, "self", "process", "execmem");
}

/* `tmp`: what the zone creates in /tmp gets M_Z_tmp_t (a type transition
 * on /tmp's base type, no file name: the program picks them); the zone
 * manages those, and on /tmp itself only adds and removes names. */
static void lower_tmp(Lower *L, Dom *d, const Stmt *st)
{
	static const struct { const char *cls, *perms; } kinds[] = {
		{ "file", P_TMP_FILE }, { "dir", P_TMP_DIR }, { "sock_file", P_TMP_NODE },
		{ "fifo_file", P_TMP_NODE },
	};
	const Zone *z = d->z;
	Origin o = stmt_origin(L, st);
	const char *T = zone_type(L->a, L->m, z, TR_TMP);
	const char *B = base_dir(L, st->loc, "/tmp");
	search_above(L, d, o, "/tmp");
	allow(L, z, o, d->t, B, "dir", P_TMP_BASE);
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		ir_trans(L->ir, o, d->t, B, kinds[i].cls, T, NULL)->zone = z;
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		allow(L, z, o, d->t, T, kinds[i].cls, kinds[i].perms);
}

/* `memory memfd` (a vm): QEMU's -object memory-backend-memfd.  memfd_create
 * makes a file on the kernel's internal tmpfs mount, which the kernel
 * labels as a new tmpfs file (fs_use_trans: the type_transition of the
 * creating domain on tmpfs_t, the context the base gives the file system
 * tmpfs): here the zone's own M_Z_memfd_t.  The zone sizes it (ftruncate:
 * write), maps it shared, reads and writes it; it has no path, so nothing
 * else opens it (its fd could only be passed).  Measured: the trial asked
 * for write, then getattr read map, and nothing else. */
static void lower_memfd(Lower *L, Dom *d, const Stmt *st)
{
	Origin o = stmt_origin(L, st);
	const char *T = zone_type(L->a, L->m, d->z, TR_MEMFD);
	ir_trans(L->ir, o, d->t, "tmpfs_t", "file", T, NULL)->zone = d->z;
	allow(L, d->z, o, d->t, T, "file", P_MEMFD);
	/* measured (tests/trial/qemufeat.trial): QEMU fstatfs()es the memfd to
	 * learn whether it lies on hugetlbfs (qemu_fd_getpagesize); refused, it
	 * takes the ordinary page size, which is right for a memfd */
	Origin po = at(L, st->loc, arena_printf(L->a, "zone %s: QEMU's page-size probe of its memfd (fstatfs: "
						       "hugetlbfs?); the ordinary page size applies", d->z->name->name));
	ir_dontaudit(L->ir, po, d->t, "tmpfs_t", "filesystem", "getattr");
}

/* `vhost net` (a vm): the in-kernel virtio-net back end, /dev/vhost-net, on
 * the type the base's file contexts give that character device (Debian:
 * vhost_device_t); QEMU opens it read-write and drives it with ioctls
 * (VHOST_SET_OWNER, VHOST_GET_FEATURES, VHOST_NET_SET_BACKEND ...). */
static void lower_vhost(Lower *L, Dom *d, const Stmt *st)
{
	Origin o = stmt_origin(L, st);
	BaseLabel b = basefc_label(L->opt->fc, "/dev/vhost-net", 'c');
	search_above(L, d, o, "/dev/vhost-net");
	allow(L, d->z, o, d->t, b.type ? b.type : fc_failed(L, st->loc), "chr_file", P_VHOST);
}

/* Probes real programs make, whose refusal is harmless: not logged
 * (dontaudit grants nothing).  Each names the program that makes it
 * (docs/language.md, "Probes"). */
static void probe_rules(Lower *L)
{
	Ir *ir = L->ir;
	const char *mod = L->m->name->name;
	Origin so = at(L, L->m->loc, arena_printf(L->a, "module %s: libselinux's start-up probe of /sys/fs/selinux "
						       "(statfs), in every program linked with it", mod));
	ir_dontaudit(ir, so, ir->own_attr, "sysfs_t", "dir", "search");
	ir_dontaudit(ir, so, ir->own_attr, "security_t", "filesystem", "getattr");
	BaseLabel lt = basefc_label(L->opt->fc, "/etc/localtime", 'l');
	Origin to = at(L, L->m->loc, arena_printf(L->a, "module %s: glibc's tzset() reads the link /etc/localtime "
						       "(local time falls back to UTC)", mod));
	ir_dontaudit(ir, to, ir->own_attr, lt.type ? lt.type : fc_failed(L, L->m->loc), "lnk_file", "getattr read");
	/* measured in the trial (docs/trial.md) */
	Origin io = at(L, L->m->loc, arena_printf(L->a, "module %s: isatty() on the stdout/stderr a unit gets "
						       "from init (curl, socat; the answer is 'not a tty')", mod));
	ir_dontaudit(ir, io, ir->own_attr, "init_t", "unix_stream_socket", "ioctl");
	Origin po = at(L, L->m->loc, arena_printf(L->a, "module %s: sizing probes of /proc/meminfo, /proc/stat and "
						       "/sys/devices/system/cpu/possible (tor, glibc): defaults apply", mod));
	ir_dontaudit(ir, po, ir->own_attr, "proc_t", "file", "getattr open read");
	ir_dontaudit(ir, po, ir->own_attr, "sysfs_t", "file", "getattr open read");
	Origin lo = at(L, L->m->loc, arena_printf(L->a, "module %s: Go's net.Listen reads /proc/sys/net/core/somaxconn "
						       "for its backlog (v2ray): the default SOMAXCONN applies", mod));
	ir_dontaudit(ir, lo, ir->own_attr, "sysctl_net_t", "dir", "search");
	ir_dontaudit(ir, lo, ir->own_attr, "sysctl_net_t", "file", "getattr open read");
	/* measured in the sw trial */
	Origin co = at(L, L->m->loc, arena_printf(L->a, "module %s: libselinux looks for /etc/selinux/config at "
						       "start-up (Xvfb, QEMU)", mod));
	ir_dontaudit(ir, co, ir->own_attr, "selinux_config_t", "dir", "search");
	Origin no = at(L, L->m->loc, arena_printf(L->a, "module %s: NUMA and capability probes (QEMU lists "
						       "/sys/devices/system/node; Xvfb reads kernel sysctls)", mod));
	ir_dontaudit(ir, no, ir->own_attr, "sysfs_t", "dir", "read");
	ir_dontaudit(ir, no, ir->own_attr, "sysctl_kernel_t", "dir", "search");
	ir_dontaudit(ir, no, ir->own_attr, "sysctl_kernel_t", "file", "getattr open read");
	Origin uo = at(L, L->m->loc, arena_printf(L->a, "module %s: QEMU tries io_uring and falls back to poll", mod));
	ir_dontaudit(ir, uo, ir->own_attr, "self", "anon_inode", "create map read write");
	Origin xo = at(L, L->m->loc, arena_printf(L->a, "module %s: Xvfb looks for compiled keymaps in /var/lib/xkb "
						       "before /tmp", mod));
	ir_dontaudit(ir, xo, ir->own_attr, "var_lib_t", "dir", "search");
}

static bool has_run(const Zone *z)
{
	for (const Stmt *st = z->body; st; st = st->next)
		if (st->kind == ST_RUN)
			return true;
	return false;
}

/* A domain that runs programs may be a script: its interpreter reopens the
 * entry file by its path. */
static void entry_path(Lower *L, Dom *d)
{
	const Stmt *e = d->z->exec;
	if (e && !e->shared && has_run(d->z))
		search_above(L, d, stmt_origin(L, e), e->path);
}

/* the statements every domain may have (the launcher too) */
static void lower_common(Lower *L, Dom *d, const Stmt *st)
{
	switch (st->kind) {
	case ST_RUN: lower_run(L, d, st); break;
	case ST_READ: lower_read(L, d, st); break;
	case ST_EXECMEM: lower_execmem(L, d, st); break;
	case ST_TMP: lower_tmp(L, d, st); break;
	case ST_MEMORY: lower_memfd(L, d, st); break;
	case ST_VHOST_NET: lower_vhost(L, d, st); break;
	case ST_CONSOLE_NONE: break;   /* units and vectors only: it grants nothing */
	case ST_SOCKET: lower_socket(L, d, st); break;
	default: lower_path(L, d, st); break;
	}
}

/* ---- the whole module ------------------------------------------------ */

void lower(Ir *ir, const Module *m, const LowerOptions *opt)
{
	Lower L = { .ir = ir, .a = ir->arena, .m = m, .opt = opt };
	L.doms = arena_alloc(L.a, (m->nzones + 1) * sizeof *L.doms);
	for (const Zone *z = m->zones; z; z = z->next)
		L.doms[z->index] = (Dom){ z, zone_type(L.a, m, z, TR_DOMAIN), NULL };
	Dom *ld = NULL;
	if (m->launcher) {
		ld = &L.doms[m->nzones];
		*ld = (Dom){ m->launcher, zone_type(L.a, m, m->launcher, TR_DOMAIN), NULL };
		L.launcher = ld->t;
	}
	L.rdir = runtime_dir(L.a, m);
	L.R = runtime_type(L.a, m);
	L.maker = L.launcher ? L.launcher : "systemd_tmpfiles_t";
	L.maker_opt = L.launcher ? NULL : "tmpfiles";
	ir->runtime_by_tmpfiles = !L.launcher;
	bool rundir = needs_rundir(&L);
	/* the launcher (or tmpfiles) makes /run/M/ before anything in it */
	if (rundir)
		ir_runtime(ir, rundir_origin(&L), FC_DIR, L.rdir, 0755);

	/* what every process of the module needs to run, once for all */
	ir->own_attr = arena_printf(L.a, "%s_domain", m->name->name);
	ir->own_attr_o = at(&L, m->loc, arena_printf(L.a, "module %s: what every process of it needs to run",
						     m->name->name));
	L.zone_attr = arena_printf(L.a, "%s_zone", m->name->name);
	L.exec_attr = arena_printf(L.a, "%s_exec", m->name->name);
	L.zone_exec_attr = arena_printf(L.a, "%s_zone_exec", m->name->name);
	ir->attrs[0] = ir->own_attr;
	ir->attrs[1] = L.zone_attr;
	ir->attrs[2] = L.exec_attr;
	ir->attrs[3] = L.zone_exec_attr;
	ir->nattrs = 4;
	L.file_attr = arena_printf(L.a, "%s_file", m->name->name);   /* declared when used */
	Origin bo = ir->own_attr_o;
	ir_allow(ir, bo, ir->own_attr, "self", "process", "fork signal sigkill sigstop signull getsched");
	ir_allow(ir, bo, ir->own_attr, "self", "fifo_file", "getattr read write ioctl");
	/* socketpair(AF_UNIX, SOCK_DGRAM): a program talking to itself (socat's
	 * diagnostics; measured in the trial: without it socat aborts) */
	ir_allow(ir, bo, ir->own_attr, "self", "unix_dgram_socket", "create getattr read write");
	for (size_t i = 0; i < sizeof basics / sizeof basics[0]; i++)
		ir_allow(ir, bo, ir->own_attr, basics[i].type, basics[i].cls, basics[i].perms);
	start_rules(&L);
	probe_rules(&L);
	bool net = false;
	for (const Zone *z = m->zones; z; z = z->next)
		net |= z->has_net;
	if (net)
		resolve_port_table(&L);

	if (ld) {
		const Zone *z = m->launcher;
		declare_domain(&L, ld, z);
		declare_file_types(&L, z);
		start_domain(&L, z, ld->t, zone_type(L.a, m, z, TR_EXEC));
		entry_path(&L, ld);
		for (const Stmt *st = z->body; st; st = st->next)
			lower_common(&L, ld, st);
	}
	for (const Zone *z = m->zones; z; z = z->next) {
		Dom *d = &L.doms[z->index];
		const char *exec = zone_type(L.a, m, z, TR_EXEC);
		declare_domain(&L, d, z);
		declare_file_types(&L, z);
		start_domain(&L, z, d->t, exec);
		if (z->exec->shared)
			lower_shared(&L, d, ld);
		else if (ld)
			search_above(&L, ld, stmt_origin(&L, z->exec), z->exec->path);
		entry_path(&L, d);
		for (const Stmt *st = z->body; st; st = st->next)
			lower_common(&L, d, st);
		for (const Stmt *st = z->body; st; st = st->next)
			if (st->kind == ST_CONNECT)
				for (const NameRef *r = st->names; r; r = r->next)
					lower_connect(&L, d, r);
		lower_devices(&L, d);
		lower_caps(&L, d);
		if (z->has_net)
			lower_net(&L, d);
	}
	lower_packets(&L);
	if (rundir)
		lower_rundir(&L);
	lower_channels(&L);
	if (L.any_file)
		trusted_base(&L);
	lower_asserts(&L);
	for (const Zone *z = m->zones; z; z = z->next)
		lower_interfaces(&L, z);
	free(L.ports);
	strmap_free(&L.granted);
}
