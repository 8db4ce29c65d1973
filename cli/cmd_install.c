/* cmd_install.c: `zonepolicy install DIR` and `zonepolicy uninstall DIR|M`.
 *
 * install does, in order, what an integrator does by hand with a build's
 * output directory DIR (module M):
 *   1. module   semodule -i DIR/M.pp (or M.cil with --cil)
 *   2. ports    sh DIR/M.semanage: one `semanage import` (only with a .pp
 *               and only when the build wrote it; a .cil carries its portcon)
 *   3. relabel  restorecon -R on each path of DIR/M.fc that exists (nothing
 *               is created)
 *   4. ruleset  DIR/M.nft (when the module labels packets) as
 *               /usr/share/selinux-policy-M/M.nft, where the units'
 *               ExecStartPre= loads it from, then `nft -f` of it (not with
 *               --root); undone by `nft delete table inet M` and rm;
 *               with segments, DIR/M.netlabel (their NetLabel peer
 *               labels) the same way, beside it, then `sh M.netlabel load`
 *               (not with --root); undone by `sh M.netlabel unload` and rm
 *   5. units    DIR/M.service and DIR/M-*.service (or --units UDIR) into
 *               /etc/systemd/system/; the build's masks (the empty units
 *               `console none` writes beside them, getty@.service ...) as
 *               links to /dev/null there, as `systemctl mask` makes them;
 *               then systemctl daemon-reload
 *   6. tmpfiles DIR/M.tmpfiles.conf as /etc/tmpfiles.d/M.conf, then
 *               systemd-tmpfiles --create
 * Every step is a list of commands run with run_tool; --dry-run prints them
 * instead.  All or nothing: when a command fails, the steps already done
 * are undone in reverse order (the module removed again, its paths
 * relabelled by the base policy) and the exit status is 1.
 *
 * --root ROOT works on another system root: semodule -p ROOT -N (no load
 * into the running kernel), setfiles -r ROOT with ROOT's file contexts,
 * files under ROOT, `systemd-tmpfiles --root`, no daemon-reload.  The
 * real semanage has no option for another root (-S names a store under
 * /var/lib/selinux), so the ports step runs it in a private mount
 * namespace (unshare -m) where ROOT's /etc/selinux and /var/lib/selinux
 * are mounted over the host's, and selinuxfs is hidden, so nothing is
 * loaded into the running kernel.
 *
 * uninstall reverses install: units and tmpfiles file removed (and the
 * masks' links that still point to /dev/null), the ruleset's table
 * deleted when `nft list table inet M` finds it (not with --root) and its
 * file removed, the peer labels unloaded and M.netlabel removed when it is
 * there, port records deleted, the
 * module removed, its paths relabelled.  By module name, the port records
 * are those semanage lists locally with one of the module's types, no path
 * is relabelled and no mask removed (only the build directory names them).
 */
#include <dirent.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "out.h"
#include "run.h"
#include "strvec.h"
#include "xalloc.h"

static const char install_usage[] =
	"usage: zonepolicy install [OPTIONS] DIR\n"
	"\n"
	"Installs the module a build wrote into DIR on this host, all or nothing:\n"
	"semodule -i, the port labels (M.semanage), restorecon of the module's\n"
	"paths, the nftables ruleset M.nft (installed in /usr/share/selinux-policy-M/\n"
	"and loaded with nft -f), the segments' NetLabel peer labels M.netlabel\n"
	"(beside it, loaded with sh M.netlabel load), the systemd units and the\n"
	"tmpfiles.d file when the build made them;\n"
	"the build's masks (`console none`: getty@.service ...) become links to\n"
	"/dev/null in /etc/systemd/system, as `systemctl mask` makes them.\n"
	"\n"
	"      --cil               install M.cil instead of M.pp (it carries its ports)\n"
	"      --units UDIR        the units the build wrote with --units (default: DIR)\n"
	"      --root ROOT         install into another system root (an image, a test store)\n"
	"  -n, --dry-run           print the commands, run nothing\n"
	"  -h, --help              this help\n";

static const char uninstall_usage[] =
	"usage: zonepolicy uninstall [OPTIONS] DIR|MODULE\n"
	"\n"
	"Reverses `zonepolicy install`: removes the units and the tmpfiles.d file,\n"
	"the masks' links that still point to /dev/null, the ruleset (its nftables\n"
	"table and /usr/share/selinux-policy-M/M.nft), the peer labels (M.netlabel\n"
	"unloaded and removed), the port labels, the\n"
	"module, and relabels the module's paths.  Given a module name instead of\n"
	"a build directory, it finds the units, the tmpfiles.d file and the port\n"
	"labels by the module's name, and relabels nothing and unmasks nothing.\n"
	"\n"
	"      --units UDIR        the units the build wrote with --units (default: DIR)\n"
	"      --root ROOT         work on another system root\n"
	"  -n, --dry-run           print the commands, run nothing\n"
	"  -h, --help              this help\n";

/* ---- commands and steps ---- */

typedef struct Cmd {
	StrVec argv;
} Cmd;

typedef struct Step {
	const char *name;
	Cmd *cmds;
	size_t ncmds;
	Cmd *undo;
	size_t nundo;
	bool atomic;             /* a failed command changed nothing: no undo */
} Step;

typedef struct Plan {
	Step steps[8];
	size_t nsteps;
	const char *root;        /* NULL: this host */
	char *mod;               /* the module's name */
	char *dir;               /* the build directory, or NULL (uninstall M) */
	char *store;             /* the root's SELINUXTYPE */
} Plan;

static Step *step(Plan *p, const char *name)
{
	Step *s = &p->steps[p->nsteps++];
	memset(s, 0, sizeof *s);
	s->name = name;
	return s;
}

/* appends an empty command to a list */
static Cmd *cmd_add(Cmd **v, size_t *n)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	Cmd *c = &(*v)[(*n)++];
	memset(c, 0, sizeof *c);
	return c;
}

static void arg(Cmd *c, const char *s)
{
	sv_push(&c->argv, xstrdup(s));
}

/* A step that puts one file of the build in place (`install -D -m 644`),
 * undone by removing it. */
static void file_step(Plan *p, const char *name, const char *src, const char *dst)
{
	Step *s = step(p, name);
	Cmd *c = cmd_add(&s->cmds, &s->ncmds);
	arg(c, "install");
	arg(c, "-D");
	arg(c, "-m");
	arg(c, "644");
	arg(c, src);
	arg(c, dst);
	c = cmd_add(&s->undo, &s->nundo);
	arg(c, "rm");
	arg(c, "-f");
	arg(c, dst);
}

static void argf(Cmd *c, const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 1;
	char *s = xmalloc(n);
	snprintf(s, n, "%s%s", a, b);
	sv_push(&c->argv, s);
}

static void plan_free(Plan *p)
{
	for (size_t i = 0; i < p->nsteps; i++) {
		Step *s = &p->steps[i];
		for (size_t k = 0; k < s->ncmds; k++)
			sv_free(&s->cmds[k].argv);
		for (size_t k = 0; k < s->nundo; k++)
			sv_free(&s->undo[k].argv);
		free(s->cmds);
		free(s->undo);
	}
	free(p->mod);
	free(p->dir);
	free(p->store);
}

/* a path on the target system: ROOT/path, or path */
static char *on_root(const Plan *p, const char *path)
{
	if (!p->root)
		return xstrdup(path);
	size_t n = strlen(p->root) + strlen(path) + 1;
	char *s = xmalloc(n);
	snprintf(s, n, "%s%s", p->root, path);
	return s;
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* ---- printing a command as sh would read it ---- */

static void print_word(FILE *f, const char *w)
{
	if (*w && strspn(w, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./=:@%+,") == strlen(w)) {
		fputs(w, f);
		return;
	}
	fputc('\'', f);
	for (const char *c = w; *c; c++)
		if (*c == '\'')
			fputs("'\\''", f);
		else
			fputc(*c, f);
	fputc('\'', f);
}

static void print_cmd(FILE *f, const Cmd *c)
{
	for (size_t i = 0; i < c->argv.n; i++) {
		if (i)
			fputc(' ', f);
		print_word(f, c->argv.v[i]);
	}
	fputc('\n', f);
}

/* ---- the parts of a plan ---- */

static void semodule_args(const Plan *p, Cmd *c)
{
	arg(c, "semodule");
	if (p->root) {
		arg(c, "-p");
		arg(c, p->root);
		arg(c, "-s");
		arg(c, p->store);
		arg(c, "-N");
	}
}

static char *dir_file(const Plan *p, const char *ext);

/* DIR/ as the README writes it: its files print as DIR/M.pp, not DIR//M.pp */
static void strip_slashes(char *dir)
{
	size_t n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		dir[--n] = '\0';
}

/* `-r M_netcheck`: the capability's module goes with the module, in the
 * same transaction */
static void netcheck_remove_args(const Plan *p, Cmd *c)
{
	char name[512];
	snprintf(name, sizeof name, "%s_netcheck", p->mod);
	arg(c, "-r");
	arg(c, name);
}

/* Whether the store has M_netcheck (semodule -l); with a build directory,
 * whether it has M_netcheck.cil when semodule cannot be asked. */
static bool netcheck_installed(const Plan *p)
{
	Cmd probe = { 0 };
	semodule_args(p, &probe);
	arg(&probe, "-l");
	Buf out = { 0 };
	char err[512], name[512];
	snprintf(name, sizeof name, "%s_netcheck", p->mod);
	bool found = false;
	if (run_tool(probe.argv.v, &out, err, sizeof err) == 0) {
		/* one module a line, its name the first word */
		char *text = xstrdup(buf_str(&out));
		for (char *save = NULL, *l = strtok_r(text, "\n", &save); l && !found; l = strtok_r(NULL, "\n", &save))
			found = strncmp(l, name, strlen(name)) == 0 && strchr(" \t", l[strlen(name)]);
		free(text);
	} else if (p->dir) {
		char *nc = dir_file(p, "_netcheck.cil");
		found = exists(nc);
		free(nc);
	}
	buf_free(&out);
	sv_free(&probe.argv);
	return found;
}

/* the start of a command that runs the real semanage (or a script that
 * calls it): nothing on this host; under --root, a private mount namespace
 * where semanage sees ROOT's policy store (see the head of this file) */
static void semanage_prefix(const Plan *p, Cmd *c)
{
	if (!p->root)
		return;
	arg(c, "unshare");
	arg(c, "-m");
	arg(c, "sh");
	arg(c, "-c");
	arg(c, "set -e; mount --bind \"$0/etc/selinux\" /etc/selinux; "
	       "mount --bind \"$0/var/lib/selinux\" /var/lib/selinux; "
	       "if [ -d /sys/fs/selinux ]; then mount -t tmpfs none /sys/fs/selinux; fi; "
	       "exec \"$@\"");
	arg(c, p->root);
}

/* the literal paths of M.fc: each line's regex with `(/.*)?` dropped and
 * its escapes removed (emit_fc.c escapes every metacharacter) */
static void fc_paths(const char *fc, StrVec *out)
{
	for (const char *l = fc; *l;) {
		const char *e = strchr(l, '\n');
		size_t n = e ? (size_t)(e - l) : strlen(l);
		if (n && l[0] == '/') {
			size_t w = strcspn(l, " \t");
			if (w > n)
				w = n;
			char *path = xmalloc(w + 1);
			size_t k = 0;
			for (size_t i = 0; i < w; i++) {
				if (w - i == 6 && strncmp(l + i, "(/.*)?", 6) == 0)
					break;
				if (l[i] == '\\' && i + 1 < w)
					i++;
				path[k++] = l[i];
			}
			path[k] = '\0';
			bool dup = false;
			for (size_t j = 0; j < out->n; j++)
				dup |= strcmp(out->v[j], path) == 0;
			if (dup)
				free(path);
			else
				sv_push(out, path);
		}
		l += n + (e ? 1 : 0);
	}
}

/* restorecon -R, or under --root setfiles with the root's file contexts */
static void setfiles_args(const Plan *p, Cmd *c)
{
	if (p->root) {
		arg(c, "setfiles");
		arg(c, "-r");
		arg(c, p->root);
		char fc[4096];
		snprintf(fc, sizeof fc, "%s/etc/selinux/%s/contexts/files/file_contexts", p->root, p->store);
		arg(c, fc);
	} else {
		arg(c, "restorecon");
		arg(c, "-R");
	}
}

/* the paths of a tmpfiles.d file (its lines' second field), on the root */
static void tmpfiles_paths(const Plan *p, const char *file, StrVec *out)
{
	size_t len;
	char err[512];
	char *text = read_file(file, 1 << 20, &len, err, sizeof err);
	if (!text)
		return;
	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char type[16], path[4096];
		if (l[0] != '#' && sscanf(l, "%15s %4095s", type, path) == 2 && path[0] == '/')
			sv_push(out, on_root(p, path));
	}
	free(text);
}

/* restorecon of the module's paths that exist on the target (setfiles
 * recurses into directories); false when none does */
static bool relabel_cmd(const Plan *p, const StrVec *paths, Cmd **v, size_t *n)
{
	StrVec there = { 0 };
	for (size_t i = 0; i < paths->n; i++) {
		char *t = on_root(p, paths->v[i]);
		if (exists(t))
			sv_push(&there, t);
		else
			free(t);
	}
	if (!there.n) {
		sv_free(&there);
		return false;
	}
	Cmd *c = cmd_add(v, n);
	setfiles_args(p, c);
	for (size_t i = 0; i < there.n; i++)
		arg(c, there.v[i]);
	sv_free(&there);
	return true;
}

/* the `label PROTO PORTS TYPE` lines of M.semanage: one port deletion each */
static void port_deletes(const Plan *p, const char *script, Cmd **v, size_t *n)
{
	for (const char *l = script; *l;) {
		const char *e = strchr(l, '\n');
		size_t len = e ? (size_t)(e - l) : strlen(l);
		char proto[16], ports[64], type[256];
		char line[512];
		if (len < sizeof line && strncmp(l, "label ", 6) == 0) {
			memcpy(line, l, len);
			line[len] = '\0';
			if (sscanf(line, "label %15s %63s %255s", proto, ports, type) == 3) {
				Cmd *c = cmd_add(v, n);
				semanage_prefix(p, c);
				arg(c, "semanage");
				arg(c, "port");
				arg(c, "-d");
				arg(c, "-p");
				arg(c, proto);
				arg(c, ports);
			}
		}
		l += len + (e ? 1 : 0);
	}
}

/* by module name: the local port records (`semanage port -l -C`) whose
 * type is one of the module's (M_..._port_t), one deletion each; -1 when
 * semanage cannot list them */
static int port_deletes_by_name(const Plan *p, Cmd **v, size_t *n)
{
	Cmd list = { 0 };
	semanage_prefix(p, &list);
	arg(&list, "semanage");
	arg(&list, "port");
	arg(&list, "-l");
	arg(&list, "-C");
	arg(&list, "-n");
	Buf out = { 0 };
	char err[512] = "";
	int rc = run_tool(list.argv.v, &out, err, sizeof err);
	if (rc != 0) {
		fprintf(stderr, "zonepolicy: uninstall: cannot list the local port records: %s\n%s",
			err, buf_str(&out));
		sv_free(&list.argv);
		buf_free(&out);
		return -1;
	}
	size_t ml = strlen(p->mod);
	char *text = xstrdup(buf_str(&out));
	for (char *save = NULL, *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char type[256], proto[16];
		int used = 0;
		if (sscanf(l, "%255s %15s %n", type, proto, &used) != 2 ||
		    strncmp(type, p->mod, ml) != 0 || type[ml] != '_' || strlen(type) < ml + 8 ||
		    strcmp(type + strlen(type) - 7, "_port_t") != 0)
			continue;
		/* the ports: "10808" or "10808, 10810-10812" */
		for (char *s2 = NULL, *port = strtok_r(l + used, ", ", &s2); port; port = strtok_r(NULL, ", ", &s2)) {
			Cmd *c = cmd_add(v, n);
			semanage_prefix(p, c);
			arg(c, "semanage");
			arg(c, "port");
			arg(c, "-d");
			arg(c, "-p");
			arg(c, proto);
			arg(c, port);
		}
	}
	free(text);
	sv_free(&list.argv);
	buf_free(&out);
	return 0;
}

static int read_store_type(Plan *p)
{
	if (!p->root) {
		p->store = xstrdup("default");
		return 0;
	}
	char *conf = on_root(p, "/etc/selinux/config");
	char err[512];
	size_t len;
	char *text = read_file(conf, 1 << 20, &len, err, sizeof err);
	if (!text) {
		fprintf(stderr, "zonepolicy: %s (the root's SELinux configuration, SELINUXTYPE=)\n", err);
		free(conf);
		return -1;
	}
	const char *t = strstr(text, "SELINUXTYPE=");
	if (t && (t == text || t[-1] == '\n')) {
		t += strlen("SELINUXTYPE=");
		p->store = xstrndup(t, strcspn(t, " \t\r\n"));
	}
	free(text);
	if (!p->store || !*p->store) {
		fprintf(stderr, "zonepolicy: %s: no SELINUXTYPE= line\n", conf);
		free(conf);
		return -1;
	}
	free(conf);
	return 0;
}

/* the units of module M in udir: M.service and M-*.service, sorted */
static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void find_units(const char *udir, const char *mod, StrVec *out)
{
	DIR *d = opendir(udir);
	if (!d)
		return;
	size_t ml = strlen(mod);
	for (struct dirent *e; (e = readdir(d));) {
		size_t n = strlen(e->d_name);
		if (n <= 8 || strcmp(e->d_name + n - 8, ".service") != 0 ||
		    strncmp(e->d_name, mod, ml) != 0)
			continue;
		if (e->d_name[ml] == '.' ? n == ml + 8 : e->d_name[ml] == '-')
			sv_push(out, xstrdup(e->d_name));
	}
	closedir(d);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, cmp_str);
}

/* the masks of a build in udir: the empty *.service files that are not
 * units of module M (`console none` writes getty@.service ...), sorted */
static void find_masks(const char *udir, const char *mod, StrVec *out)
{
	StrVec own = { 0 };
	find_units(udir, mod, &own);
	DIR *d = opendir(udir);
	if (!d) {
		sv_free(&own);
		return;
	}
	for (struct dirent *e; (e = readdir(d));) {
		size_t n = strlen(e->d_name);
		if (n <= 8 || strcmp(e->d_name + n - 8, ".service") != 0)
			continue;
		bool mine = false;
		for (size_t i = 0; i < own.n; i++)
			mine |= strcmp(own.v[i], e->d_name) == 0;
		char *path = path_join(udir, e->d_name);
		struct stat st;
		if (!mine && lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0)
			sv_push(out, xstrdup(e->d_name));
		free(path);
	}
	closedir(d);
	sv_free(&own);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof *out->v, cmp_str);
}

/* true when path is a symbolic link to /dev/null (a mask) */
static bool is_mask_link(const char *path)
{
	char to[16];
	ssize_t n = readlink(path, to, sizeof to);
	return n == 9 && memcmp(to, "/dev/null", 9) == 0;
}

/* the module of a build directory: the one M.pp (or M.cil) in it */
static char *module_of(const char *dir, const char *ext)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char *found = NULL;
	int count = 0;
	size_t el = strlen(ext);
	for (struct dirent *e; (e = readdir(d));) {
		size_t n = strlen(e->d_name);
		if (n > el && strcmp(e->d_name + n - el, ext) == 0) {
			count++;
			free(found);
			found = xstrndup(e->d_name, n - el);
		}
	}
	closedir(d);
	if (count != 1) {
		free(found);
		return NULL;
	}
	return found;
}

static char *dir_file(const Plan *p, const char *ext)
{
	size_t n = strlen(p->dir) + strlen(p->mod) + strlen(ext) + 2;
	char *s = xmalloc(n);
	snprintf(s, n, "%s/%s%s", p->dir, p->mod, ext);
	return s;
}

/* Where the ruleset is installed (the units' ExecStartPre= loads it from
 * there, gen/emit_units.c; the package ships it there, cmd_package.c). */
static char *nft_dest(const Plan *p)
{
	char rel[4096];
	snprintf(rel, sizeof rel, "/usr/share/selinux-policy-%s/%s.nft", p->mod, p->mod);
	return on_root(p, rel);
}

/* Where the segments' peer labels script is installed, beside M.nft. */
static char *netlabel_dest(const Plan *p)
{
	char rel[4096];
	snprintf(rel, sizeof rel, "/usr/share/selinux-policy-%s/%s.netlabel", p->mod, p->mod);
	return on_root(p, rel);
}

static void netlabel_cmd(Cmd *c, const char *path, const char *verb)
{
	arg(c, "sh");
	arg(c, path);
	arg(c, verb);
}

static void nft_table_cmd(Cmd *c, const char *verb, const char *mod)
{
	arg(c, "nft");
	arg(c, verb);
	arg(c, "table");
	arg(c, "inet");
	arg(c, mod);
}

static char *read_opt(const char *path)
{
	char err[512];
	size_t len;
	return exists(path) ? read_file(path, 1 << 24, &len, err, sizeof err) : NULL;
}

/* ---- running a plan ---- */

static int run_cmds(const Cmd *v, size_t n, const char *what, bool report)
{
	for (size_t i = 0; i < n; i++) {
		Buf out = { 0 };
		char err[512] = "";
		int rc = run_tool(v[i].argv.v, &out, err, sizeof err);
		if (rc != 0) {
			if (report) {
				fprintf(stderr, "zonepolicy: %s failed (status %d): ", what, rc);
				print_cmd(stderr, &v[i]);
				if (err[0])
					fprintf(stderr, "%s\n", err);
				fputs(buf_str(&out), stderr);
			}
			buf_free(&out);
			return -1;
		}
		buf_free(&out);
	}
	return 0;
}

static int run_plan(const Plan *p, bool dry, bool undo_on_failure, const char *verb)
{
	if (dry) {
		for (size_t i = 0; i < p->nsteps; i++)
			for (size_t k = 0; k < p->steps[i].ncmds; k++)
				print_cmd(stdout, &p->steps[i].cmds[k]);
		return EXIT_OK;
	}
	for (size_t i = 0; i < p->nsteps; i++) {
		char what[256];
		snprintf(what, sizeof what, "%s: step %zu of %zu (%s)", verb, i + 1, p->nsteps,
			 p->steps[i].name);
		if (run_cmds(p->steps[i].cmds, p->steps[i].ncmds, what, true) == 0)
			continue;
		if (!undo_on_failure)
			return EXIT_ERRORS;
		/* a step of several commands may have done part of its work:
		 * undo it too (removing files it did not put there yet is
		 * harmless); semodule and semanage change nothing when they fail */
		int bad = 0;
		for (size_t j = p->steps[i].atomic ? i : i + 1; j-- > 0;)
			if (run_cmds(p->steps[j].undo, p->steps[j].nundo, "undo", true) != 0)
				bad = 1;
		fprintf(stderr, "zonepolicy: %s: %s\n", verb,
			bad ? "the steps done could not all be undone (above)"
			    : "nothing installed: the steps done were undone");
		return EXIT_ERRORS;
	}
	return EXIT_OK;
}

/* ---- building the plans ---- */

typedef struct Opts {
	bool cil, dry;
	const char *units, *root;
} Opts;

static int parse(int argc, char **argv, Opts *o, const char *usage, bool install)
{
	static const struct option longopts[] = {
		{ "cil", no_argument, NULL, 'c' },
		{ "units", required_argument, NULL, 'u' },
		{ "root", required_argument, NULL, 'r' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "nh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			if (!install) {
				fputs(usage, stderr);
				return -1;
			}
			o->cil = true;
			break;
		case 'u': o->units = optarg; break;
		case 'r': o->root = optarg; break;
		case 'n': o->dry = true; break;
		case 'h': fputs(usage, stdout); return 1;
		default: fputs(usage, stderr); return -1;
		}
	}
	if (optind != argc - 1) {
		fputs(usage, stderr);
		return -1;
	}
	return 0;
}

/* the root, made absolute (the wrapped semanage runs from another cwd) */
static char *abs_path(const char *p)
{
	char *r = realpath(p, NULL);
	return r ? r : xstrdup(p);
}

/* the units and the tmpfiles file of plan p: sources, destinations */
typedef struct Files {
	StrVec src, dst;
	StrVec masks;            /* the masks' links on the target */
} Files;

static void module_files(const Plan *p, const Opts *o, Files *f)
{
	StrVec names = { 0 };
	const char *udir = o->units ? o->units : p->dir;
	if (udir)
		find_units(udir, p->mod, &names);
	for (size_t i = 0; i < names.n; i++) {
		sv_push(&f->src, path_join(udir, names.v[i]));
		char *d = path_join("/etc/systemd/system", names.v[i]);
		sv_push(&f->dst, on_root(p, d));
		free(d);
	}
	sv_free(&names);
	if (udir)
		find_masks(udir, p->mod, &names);
	for (size_t i = 0; i < names.n; i++) {
		char *d = path_join("/etc/systemd/system", names.v[i]);
		sv_push(&f->masks, on_root(p, d));
		free(d);
	}
	sv_free(&names);
}

int cmd_install(int argc, char **argv)
{
	Opts o = { 0 };
	int r = parse(argc, argv, &o, install_usage, true);
	if (r)
		return r > 0 ? EXIT_OK : EXIT_USAGE;
	Plan p = { 0 };
	int status = EXIT_ERRORS;
	p.dir = xstrdup(argv[optind]);
	strip_slashes(p.dir);
	p.root = o.root ? abs_path(o.root) : NULL;
	const char *ext = o.cil ? ".cil" : ".pp";
	p.mod = module_of(p.dir, ext);
	Files f = { 0 };
	StrVec paths = { 0 };
	char *fc = NULL, *sem = NULL, *semtext = NULL, *tmpf = NULL, *nftsrc = NULL, *ndst = NULL;
	char *nlsrc = NULL, *nldst = NULL;
	if (!p.mod) {
		fprintf(stderr, "zonepolicy: install: %s: not a build directory (it holds no M%s, or more than one)\n",
			p.dir, ext);
		goto out;
	}
	if (read_store_type(&p) != 0)
		goto out;
	char *pkg = dir_file(&p, ext);
	char *fcpath = dir_file(&p, ".fc");
	size_t len;
	char err[512];
	fc = read_file(fcpath, 1 << 24, &len, err, sizeof err);
	free(fcpath);
	if (!fc) {
		fprintf(stderr, "zonepolicy: install: %s\n", err);
		free(pkg);
		goto out;
	}
	fc_paths(fc, &paths);
	sem = dir_file(&p, ".semanage");
	semtext = o.cil ? NULL : read_opt(sem);
	char *tmpsrc = dir_file(&p, ".tmpfiles.conf");
	tmpf = exists(tmpsrc) ? tmpsrc : (free(tmpsrc), NULL);
	module_files(&p, &o, &f);
	nftsrc = dir_file(&p, ".nft");
	if (!exists(nftsrc)) {
		free(nftsrc);
		nftsrc = NULL;
	}
	ndst = nft_dest(&p);
	nlsrc = dir_file(&p, ".netlabel");
	if (!exists(nlsrc)) {
		free(nlsrc);
		nlsrc = NULL;
	}
	nldst = netlabel_dest(&p);

	/* refuse to replace a unit, mask or tmpfiles file that is not ours */
	char tdst_rel[4096];
	snprintf(tdst_rel, sizeof tdst_rel, "/etc/tmpfiles.d/%s.conf", p.mod);
	char *tdst = on_root(&p, tdst_rel);
	if (tmpf) {
		sv_push(&f.src, xstrdup(tmpf));
		sv_push(&f.dst, xstrdup(tdst));
	}
	for (size_t i = 0; i < f.dst.n; i++)
		if (exists(f.dst.v[i])) {
			fprintf(stderr, "zonepolicy: install: %s exists already: uninstall first, or remove it\n",
				f.dst.v[i]);
			free(tdst);
			free(pkg);
			goto out;
		}
	for (size_t i = 0; i < f.masks.n; i++)
		if (exists(f.masks.v[i])) {
			fprintf(stderr, "zonepolicy: install: %s exists already (the build masks it): uninstall first, or remove it\n",
				f.masks.v[i]);
			free(tdst);
			free(pkg);
			goto out;
		}
	if ((nftsrc && exists(ndst)) || (nlsrc && exists(nldst))) {
		fprintf(stderr, "zonepolicy: install: %s exists already: uninstall first, or remove it\n",
			nftsrc && exists(ndst) ? ndst : nldst);
		free(tdst);
		free(pkg);
		goto out;
	}

	Step *s = step(&p, "semodule");
	s->atomic = true;
	Cmd *c = cmd_add(&s->cmds, &s->ncmds);
	semodule_args(&p, c);
	arg(c, "-i");
	arg(c, pkg);
	free(pkg);
	/* the policy capability's module, in the same transaction (it names
	 * the module's attribute; docs/network.md) */
	char *ncsrc = dir_file(&p, "_netcheck.cil");
	bool netcheck = exists(ncsrc);
	if (netcheck) {
		arg(c, "-i");
		arg(c, ncsrc);
	}
	free(ncsrc);
	c = cmd_add(&s->undo, &s->nundo);
	semodule_args(&p, c);
	if (netcheck)
		netcheck_remove_args(&p, c);
	arg(c, "-r");
	arg(c, p.mod);

	if (semtext) {
		s = step(&p, "semanage ports");
		s->atomic = true;    /* M.semanage: one `semanage import` */
		c = cmd_add(&s->cmds, &s->ncmds);
		semanage_prefix(&p, c);
		arg(c, "sh");
		arg(c, sem);
		port_deletes(&p, semtext, &s->undo, &s->nundo);
	}

	s = step(&p, "relabel");
	if (relabel_cmd(&p, &paths, &s->cmds, &s->ncmds))
		/* after the module is removed, the base's labels come back */
		relabel_cmd(&p, &paths, &p.steps[0].undo, &p.steps[0].nundo);
	else
		p.nsteps--;

	/* the ruleset: after the module (its secmark objects name the
	 * module's packet types), before the units that load it */
	if (nftsrc) {
		file_step(&p, "ruleset file", nftsrc, ndst);
		if (!p.root) {
			s = step(&p, "ruleset");
			s->atomic = true;    /* nft -f: one transaction */
			c = cmd_add(&s->cmds, &s->ncmds);
			arg(c, "nft");
			arg(c, "-f");
			arg(c, ndst);
			nft_table_cmd(cmd_add(&s->undo, &s->nundo), "delete", p.mod);
		}
	}
	/* the segments' peer labels, beside it (their types are the
	 * module's), before the units that load them again */
	if (nlsrc) {
		file_step(&p, "peer labels file", nlsrc, nldst);
		if (!p.root) {
			s = step(&p, "peer labels");
			netlabel_cmd(cmd_add(&s->cmds, &s->ncmds), nldst, "load");
			netlabel_cmd(cmd_add(&s->undo, &s->nundo), nldst, "unload");
		}
	}

	size_t nunits = f.src.n - (tmpf ? 1 : 0);
	if (nunits || f.masks.n) {
		s = step(&p, "systemd units");
		if (!nunits) {
			c = cmd_add(&s->cmds, &s->ncmds);
			arg(c, "mkdir");
			arg(c, "-p");
			char *sysd = on_root(&p, "/etc/systemd/system");
			arg(c, sysd);
			free(sysd);
		}
		for (size_t i = 0; i < nunits; i++) {
			c = cmd_add(&s->cmds, &s->ncmds);
			arg(c, "install");
			arg(c, "-D");
			arg(c, "-m");
			arg(c, "644");
			arg(c, f.src.v[i]);
			arg(c, f.dst.v[i]);
		}
		/* the masks: what `systemctl mask` makes */
		for (size_t i = 0; i < f.masks.n; i++) {
			c = cmd_add(&s->cmds, &s->ncmds);
			arg(c, "ln");
			arg(c, "-s");
			arg(c, "/dev/null");
			arg(c, f.masks.v[i]);
		}
		c = cmd_add(&s->undo, &s->nundo);
		arg(c, "rm");
		arg(c, "-f");
		for (size_t i = 0; i < nunits; i++)
			arg(c, f.dst.v[i]);
		for (size_t i = 0; i < f.masks.n; i++)
			arg(c, f.masks.v[i]);
		if (!p.root) {
			c = cmd_add(&s->cmds, &s->ncmds);
			arg(c, "systemctl");
			arg(c, "daemon-reload");
			c = cmd_add(&s->undo, &s->nundo);
			arg(c, "systemctl");
			arg(c, "daemon-reload");
		}
	}
	if (tmpf) {
		s = step(&p, "tmpfiles");
		c = cmd_add(&s->cmds, &s->ncmds);
		arg(c, "install");
		arg(c, "-D");
		arg(c, "-m");
		arg(c, "644");
		arg(c, tmpf);
		arg(c, tdst);
		c = cmd_add(&s->cmds, &s->ncmds);
		arg(c, "systemd-tmpfiles");
		if (p.root)
			argf(c, "--root=", p.root);
		arg(c, "--create");
		arg(c, tdst);
		if (p.root) {
			/* on a host systemd-tmpfiles labels what it makes; under
			 * another root it cannot, so setfiles does */
			StrVec made = { 0 };
			tmpfiles_paths(&p, tmpf, &made);
			if (made.n) {
				c = cmd_add(&s->cmds, &s->ncmds);
				setfiles_args(&p, c);
				for (size_t i = 0; i < made.n; i++)
					arg(c, made.v[i]);
			}
			sv_free(&made);
		}
		c = cmd_add(&s->undo, &s->nundo);
		arg(c, "rm");
		arg(c, "-f");
		arg(c, tdst);
	}
	free(tdst);
	status = run_plan(&p, o.dry, true, "install");
out:
	sv_free(&f.src);
	sv_free(&f.dst);
	sv_free(&f.masks);
	sv_free(&paths);
	free(fc);
	free(sem);
	free(semtext);
	free(tmpf);
	free(nftsrc);
	free(ndst);
	free(nlsrc);
	free(nldst);
	free((char *)p.root);
	plan_free(&p);
	return status;
}

static bool is_module_name(const char *s)
{
	return *s && strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_") == strlen(s);
}

int cmd_uninstall(int argc, char **argv)
{
	Opts o = { 0 };
	int r = parse(argc, argv, &o, uninstall_usage, false);
	if (r)
		return r > 0 ? EXIT_OK : EXIT_USAGE;
	Plan p = { 0 };
	int status = EXIT_ERRORS;
	const char *what = argv[optind];
	p.root = o.root ? abs_path(o.root) : NULL;
	Files f = { 0 };
	StrVec paths = { 0 };
	char *semtext = NULL;
	struct stat st;
	if (stat(what, &st) == 0 && S_ISDIR(st.st_mode)) {
		p.dir = xstrdup(what);
		strip_slashes(p.dir);
		p.mod = module_of(p.dir, ".pp");
		if (!p.mod)
			p.mod = module_of(p.dir, ".cil");
		if (!p.mod) {
			fprintf(stderr, "zonepolicy: uninstall: %s: not a build directory (it holds no M.pp or M.cil, or more than one)\n",
				what);
			goto out;
		}
	} else if (is_module_name(what)) {
		p.mod = xstrdup(what);
	} else {
		fprintf(stderr, "zonepolicy: uninstall: '%s' is neither a build directory nor a module name\n",
			what);
		goto out;
	}
	if (read_store_type(&p) != 0)
		goto out;
	if (p.dir) {
		char *fcpath = dir_file(&p, ".fc");
		char *fc = read_opt(fcpath);
		free(fcpath);
		if (fc)
			fc_paths(fc, &paths);
		free(fc);
		char *sem = dir_file(&p, ".semanage");
		semtext = read_opt(sem);
		free(sem);
	}
	module_files(&p, &o, &f);
	if (!p.dir && !o.units) {
		/* by name: the units install put in place */
		char *sysd = on_root(&p, "/etc/systemd/system");
		find_units(sysd, p.mod, &f.src);
		for (size_t i = 0; i < f.src.n; i++)
			sv_push(&f.dst, path_join(sysd, f.src.v[i]));
		free(sysd);
	}
	Step *s;
	Cmd *c;
	StrVec rm = { 0 };
	for (size_t i = 0; i < f.dst.n; i++)
		if (exists(f.dst.v[i]))
			sv_push(&rm, xstrdup(f.dst.v[i]));
	/* the masks, when they are still links to /dev/null */
	for (size_t i = 0; i < f.masks.n; i++)
		if (is_mask_link(f.masks.v[i]))
			sv_push(&rm, xstrdup(f.masks.v[i]));
	char tdst_rel[4096];
	snprintf(tdst_rel, sizeof tdst_rel, "/etc/tmpfiles.d/%s.conf", p.mod);
	char *tdst = on_root(&p, tdst_rel);
	if (exists(tdst))
		sv_push(&rm, xstrdup(tdst));
	free(tdst);
	if (rm.n) {
		s = step(&p, "units and tmpfiles");
		c = cmd_add(&s->cmds, &s->ncmds);
		arg(c, "rm");
		arg(c, "-f");
		for (size_t i = 0; i < rm.n; i++)
			arg(c, rm.v[i]);
		if (!p.root) {
			c = cmd_add(&s->cmds, &s->ncmds);
			arg(c, "systemctl");
			arg(c, "daemon-reload");
		}
	}
	sv_free(&rm);
	/* the peer labels and the ruleset, before the module whose types
	 * they name */
	{
		char *nldst = netlabel_dest(&p);
		if (exists(nldst)) {
			s = step(&p, "peer labels");
			if (!p.root)
				netlabel_cmd(cmd_add(&s->cmds, &s->ncmds), nldst, "unload");
			c = cmd_add(&s->cmds, &s->ncmds);
			arg(c, "rm");
			arg(c, "-f");
			arg(c, nldst);
		}
		free(nldst);
	}
	{
		char *ndst = nft_dest(&p);
		bool loaded = false;
		if (!p.root) {
			Cmd probe = { 0 };
			nft_table_cmd(&probe, "list", p.mod);
			char err[512];
			loaded = run_tool(probe.argv.v, NULL, err, sizeof err) == 0;
			sv_free(&probe.argv);
		}
		if (loaded || exists(ndst)) {
			s = step(&p, "ruleset");
			if (loaded)
				nft_table_cmd(cmd_add(&s->cmds, &s->ncmds), "delete", p.mod);
			if (exists(ndst)) {
				c = cmd_add(&s->cmds, &s->ncmds);
				arg(c, "rm");
				arg(c, "-f");
				arg(c, ndst);
			}
		}
		free(ndst);
	}
	if (semtext || !p.dir) {
		s = step(&p, "semanage ports");
		if (semtext)
			port_deletes(&p, semtext, &s->cmds, &s->ncmds);
		else if (port_deletes_by_name(&p, &s->cmds, &s->ncmds) != 0)
			goto out;
		if (!s->ncmds)
			p.nsteps--;
	}
	s = step(&p, "semodule");
	c = cmd_add(&s->cmds, &s->ncmds);
	semodule_args(&p, c);
	if (netcheck_installed(&p))
		netcheck_remove_args(&p, c);
	arg(c, "-r");
	arg(c, p.mod);
	s = step(&p, "relabel");
	if (!relabel_cmd(&p, &paths, &s->cmds, &s->ncmds))
		p.nsteps--;
	status = run_plan(&p, o.dry, false, "uninstall");
out:
	sv_free(&f.src);
	sv_free(&f.dst);
	sv_free(&f.masks);
	sv_free(&paths);
	free(semtext);
	free((char *)p.root);
	plan_free(&p);
	return status;
}
