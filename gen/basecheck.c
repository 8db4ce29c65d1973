/* basecheck.c: base-owned paths and the `takeover` modifier (see
 * basecheck.h).
 *
 * A path P is the base's when the base's file contexts give it a type other
 * than the one its parent directory passes on to a new file (the parent's
 * own type): /etc/shadow (shadow_t, not etc_t), /usr/bin/sudo (sudo_exec_t,
 * not bin_t), /etc itself (etc_t, not root_t).  A directory is also the
 * base's when some base entry labels something inside it, but not the
 * directory itself, with another type than the directory's (/var/ holds
 * /var/lib(/.*)?): such an entry is more specific than the module's
 * "DIR(/.*)?" and would win inside the zone's directory, so no `takeover`
 * helps there.  The lookups are libselinux's (basefc.c).
 *
 * Checks, each a diagnostic tag:
 *   base-file-context  a base-owned path without `takeover`
 *                      (a `socket` directory of a base tmp type is used as
 *                      the base labels it: no error)
 *   takeover           `takeover T` where the base gives another type, or
 *                      no type of its own
 *   security-type      a path whose base type (its own, inherited, or
 *                      that of an entry inside it) is a security type:
 *                      never taken over, whatever the file says; never
 *                      run, read or shared either
 *   not-executable     `run` or `exec ... shared` of a file whose base type
 *                      is no executable type (not in exec_type)
 *
 * `run`, `read` and `exec ... shared` take the base's file as it is: the
 * module labels nothing there, so base-file-context does not apply.  Their
 * type is the one the kernel meets: the base's type of the file the host's
 * symbolic links lead to (/bin/sh is /usr/bin/dash, shell_exec_t).
 */
#include "basecheck.h"

#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

/* Security types the base's attributes do not single out: reviewed by hand
 * against Debian's refpolicy (2.20221101).  Types the attributes catch
 * (shadow_t, policy_config_t, cert_t ...) need no line here. */
static const struct { const char *type, *why; } never_table[] = {
	{ "selinux_config_t", "SELinux configuration (/etc/selinux)" },
	{ "default_context_t", "SELinux configuration (/etc/selinux/*/contexts)" },
	{ "file_context_t", "SELinux configuration (the file contexts)" },
	{ "policy_src_t", "SELinux policy sources" },
	{ "semanage_store_t", "the SELinux module store" },
	{ "semanage_read_lock_t", "the SELinux module store" },
	{ "semanage_trans_lock_t", "the SELinux module store" },
	{ "load_policy_exec_t", "a program that loads the SELinux policy" },
	{ "setfiles_exec_t", "a program that relabels files" },
	{ "semanage_exec_t", "a program that changes the SELinux policy" },
	{ "newrole_exec_t", "a program that changes the SELinux role" },
	{ "sudo_exec_t", "a privilege-changing program (sudo)" },
	{ "su_exec_t", "a privilege-changing program (su)" },
	{ "passwd_exec_t", "a privilege-changing program (passwd)" },
	{ "admin_passwd_exec_t", "a privilege-changing program (passwd tools)" },
	{ "chkpwd_exec_t", "a privilege-changing program (unix_chkpwd)" },
	{ "login_exec_t", "a login program" },
	{ "sulogin_exec_t", "a login program" },
	{ "ssh_keysign_exec_t", "a privilege-changing program (ssh-keysign)" },
	{ "shadow_lock_t", "authentication data (the shadow lock)" },
	{ "gpg_secret_t", "private keys (GnuPG)" },
	{ "home_cert_t", "certificates in home directories" },
	{ "user_cert_t", "certificates in home directories" },
};

const char *basecheck_security(const char *type, const BasePolicy *base)
{
	if (base && basepol_type_in(base, type, "file_type")) {
		if (!basepol_type_in(base, type, "non_auth_file_type"))
			return "it is authentication data: the base policy leaves it out of non_auth_file_type";
		if (!basepol_type_in(base, type, "non_security_file_type"))
			return "it is a security file type: the base policy leaves it out of non_security_file_type";
		if (basepol_type_in(base, type, "cert_type"))
			return "it holds certificates: the base policy puts it in cert_type";
	}
	for (size_t i = 0; i < sizeof never_table / sizeof never_table[0]; i++)
		if (strcmp(never_table[i].type, type) == 0)
			return never_table[i].why;
	size_t n = strlen(type);
	if ((n > 6 && strcmp(type + n - 6, "_key_t") == 0) || (n > 9 && strcmp(type + n - 9, "_keytab_t") == 0))
		return "it holds keys (a type named *_key_t or *_keytab_t)";
	return NULL;
}

static void check_stmt(BaseFc *fc, const BasePolicy *base, Diag *d, const Stmt *st)
{
	const char *p = st->dir;
	char kind = st->is_dir ? 'd' : st->kind == ST_SOCKET ? 's' : 'f';
	BaseLabel own = basefc_label(fc, p, kind);
	if (!own.type) {
		diag_report(d, st->path_loc, CK_BASE_FC_UNREADABLE, "%s", basefc_error(fc));
		return;
	}
	const char *slash = strrchr(p, '/');
	char *parent = slash == p ? xstrdup("/") : xstrndup(p, (size_t)(slash - p));
	const char *inherited = basefc_dir_type(fc, parent);
	free(parent);
	if (!inherited) {
		diag_report(d, st->path_loc, CK_BASE_FC_UNREADABLE, "%s", basefc_error(fc));
		return;
	}
	bool owned = strcmp(own.type, inherited) != 0;
	BaseLabel below = { 0 };
	if (!owned && st->is_dir)
		below = basefc_below(fc, p);
	const char *type = owned ? own.type : below.type;
	const char *entry = owned ? basefc_entry(fc, p, kind) : below.entry;
	const char *what = stmt_keyword(st->kind);

	if (!type) {
		/* inside a security directory (/etc/selinux/x): not the base's
		 * own entry, yet its type is what the module would relabel */
		const char *sec = basecheck_security(own.type, base);
		if (sec) {
			diag_report(d, st->path_loc, CK_SECURITY_TYPE,
				   "%s lies in a directory the base policy labels %s, which can never be "
				   "taken over: %s", p, own.type, sec);
			return;
		}
		if (st->takeover)
			diag_report(d, st->takeover->loc, CK_TAKEOVER,
				   "'takeover %s', but the base policy gives %s no type of its own "
				   "(it is %s, as its parent directory passes on): leave 'takeover' out",
				   st->takeover->sym->name, p, own.type);
		return;
	}
	const char *sec = basecheck_security(type, base);
	if (sec) {
		diag_report(d, st->path_loc, CK_SECURITY_TYPE,
			    "the base policy labels %s%s as %s, which can never be taken over: %s",
			   owned ? "" : "paths inside ", p, type, sec);
		if (entry)
			diag_note_plain(d, "the base's file-context entry is '%s'", entry);
		return;
	}
	if (!owned) {
		diag_report(d, st->path_loc, CK_BASE_FILE_CONTEXT,
			   "the base policy labels paths inside %s as %s, not %s: its entr%s there would "
			   "win over the module's, so the %s would not own its directory",
			   p, type, own.type, below.count > 1 ? "ies" : "y", what);
		if (below.count > 1)
			diag_note_plain(d, "the base's file-context entry is '%s' (and %u more)", entry,
					below.count - 1);
		else
			diag_note_plain(d, "the base's file-context entry is '%s'", entry);
		return;
	}
	if (st->takeover) {
		if (strcmp(st->takeover->sym->name, type) != 0) {
			diag_report(d, st->takeover->loc, CK_TAKEOVER,
				   "'takeover %s', but the base policy labels %s as %s",
				   st->takeover->sym->name, p, type);
			if (entry)
				diag_note_plain(d, "the base's file-context entry is '%s'", entry);
		}
		return;
	}
	/* a socket directory of a tmp type the base makes at boot (Debian's
	 * /tmp/.X11-unix, xdm_tmp_t, from tmpfiles): the module uses it as it
	 * is, without labelling it (gen/lower.c lower_socket) */
	if (st->kind == ST_SOCKET && st->is_dir && base && basepol_type_in(base, type, "tmpfile"))
		return;
	diag_report(d, st->path_loc, CK_BASE_FILE_CONTEXT,
		   "the base policy labels %s as %s, not %s as its parent directory would: "
		   "write '%s \"%s\" takeover %s;' to take it over",
		   p, type, inherited, what, st->path, type);
	if (entry)
		diag_note_plain(d, "the base's file-context entry is '%s'", entry);
}

/* run, read, exec ... shared: the base's file as it is */
static void check_base_stmt(BaseFc *fc, const BasePolicy *base, Diag *d, const Stmt *st, const char *getty,
			    const Stmt *console)
{
	BaseWalk w;
	basefc_walk(fc, st->dir, st->is_dir ? 'd' : 'f', &w);
	const char *what = st->shared ? "exec ... shared" : stmt_keyword(st->kind);
	const char *type = w.type;
	const char *where = w.final;
	for (size_t i = 0; i < w.nlinks && type; i++)
		if (!w.link_type[i])
			type = NULL;
	if (!type) {
		diag_report(d, st->path_loc, CK_BASE_FC_UNREADABLE, "%s", basefc_error(fc));
		basefc_walk_free(&w);
		return;
	}
	const char *sec = basecheck_security(type, base);
	if (sec) {
		diag_report(d, st->path_loc, CK_SECURITY_TYPE,
			    "the base policy labels %s as %s, which '%s' can never be given: %s", where, type, what, sec);
		if (strcmp(where, st->dir) != 0)
			diag_note_plain(d, "%s leads to %s on this host", st->dir, where);
	} else if (st->kind != ST_READ && getty && strcmp(type, getty) == 0) {
		diag_report(d, st->path_loc, CK_CONSOLE_NONE_GETTY,
			    "the base policy labels %s as %s, the type of the console's getty (/sbin/agetty): "
			    "with 'console none' no domain of the module runs or becomes a getty", where, type);
		diag_note(d, console->loc, "'console none' is here");
	} else if (st->kind != ST_READ && base && !basepol_type_in(base, type, "exec_type")) {
		diag_report(d, st->path_loc, CK_NOT_EXECUTABLE,
			    "the base policy labels %s as %s, which is no program's type (not in exec_type): "
			    "'%s' would make every file of that type executable", where, type, what);
		if (strcmp(where, st->dir) != 0)
			diag_note_plain(d, "%s leads to %s on this host", st->dir, where);
	}
	basefc_walk_free(&w);
}

int basecheck_run(const Module *m, BaseFc *fc, const BasePolicy *base, Diag *d)
{
	int before = d->errors;
	/* `console none`: the getty's program is nobody's to run (docs/language.md) */
	const Stmt *console = m->launcher ? m->launcher->console_none : NULL;
	const char *getty = NULL;
	if (console) {
		BaseWalk g;
		basefc_walk(fc, "/sbin/agetty", 'f', &g);
		getty = g.type;
		basefc_walk_free(&g);
	}
	const Zone *all[2] = { m->launcher, m->zones };
	for (int list = 0; list < 2; list++)
		for (const Zone *z = all[list]; z; z = list ? z->next : NULL)
			for (const Stmt *st = z->body; st; st = st->next)
				if (stmt_labels_path(st))
					check_stmt(fc, base, d, st);
				else if (stmt_has_path(st->kind))
					check_base_stmt(fc, base, d, st, getty, console);
	return d->errors - before;
}
