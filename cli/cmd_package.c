/* cmd_package.c: `zonepolicy package DIR -o OUTDIR`.
 *
 * Turns a build's output directory (M.pp, M.cil, M.if, M.fc, M.vectors, and
 * M.semanage, M.tmpfiles.conf, units when built) into
 *   - a Debian binary package selinux-policy-M_VERSION+zpRELEASE_all.deb, built
 *     with dpkg-deb from a staged tree: the .pp where Debian's policy
 *     packages put theirs (/usr/share/selinux/default/), the interfaces
 *     under /usr/share/selinux/devel/include/distributed/, the CIL form,
 *     the vectors, the semanage script and the packet ruleset M.nft (where
 *     the units load it from) under /usr/share/selinux-policy-M/,
 *     units in /lib/systemd/system/, tmpfiles in /usr/lib/tmpfiles.d/; its
 *     postinst and postrm run the steps of `zonepolicy install` and back;
 *     the build's masks (`console none`'s empty getty@.service ...) are not
 *     shipped: the postinst masks those units (deb-systemd-helper mask, a
 *     link to /dev/null in /etc/systemd/system) and the postrm unmasks them;
 *   - an RPM build tree for Fedora hosts: rpmbuild/SPECS/selinux-policy-M.spec
 *     and its rpmbuild/SOURCES;
 *   - with --ansible, a playbook selinux-policy-M.yml.
 * Every control file, script, spec and playbook is a template (templates/
 * deb-*.in, pkg-*.in, rpm.spec.in, ansible.yml.in); the C side finds the
 * module's files, its paths (from M.fc) and ports (from M.semanage) and
 * loops over them.  Dates come from SOURCE_DATE_EPOCH, else from M.te's
 * modification time, so the same build packages to the same bytes.
 */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "cli.h"
#include "out.h"
#include "run.h"
#include "strvec.h"
#include "template.h"
#include "xalloc.h"

static const char package_usage[] =
	"usage: zonepolicy package [OPTIONS] DIR\n"
	"\n"
	"Packages the module that `zonepolicy build -o DIR` wrote: a Debian package\n"
	"selinux-policy-M_VERSION+zpRELEASE_all.deb (dpkg-deb) and an RPM build tree\n"
	"rpmbuild/ with selinux-policy-M.spec for Fedora hosts.\n"
	"\n"
	"  -o, --output DIR        where to write, created if missing (default: the\n"
	"                          current directory)\n"
	"      --maintainer 'NAME <EMAIL>'\n"
	"                          the packages' maintainer (default: $DEBFULLNAME\n"
	"                          <$DEBEMAIL>, or $DEBEMAIL when it has both)\n"
	"      --release N         the package release (default 1)\n"
	"      --units UDIR        the systemd units built with --units (default: DIR\n"
	"                          when it holds M.service, else DIR/units)\n"
	"      --ansible           also write the playbook selinux-policy-M.yml\n"
	"      --template-dir DIR  read templates from DIR instead of the built-in ones\n"
	"  -h, --help              this help\n"
	"\n"
	"Exit status: 0 written, 1 a tool failed or an input is missing, 2 usage error.\n";

/* Debian's policy store and the one Fedora hosts use. */
#define DEB_STORE "default"
#define RPM_STORE "targeted"
#define PRIORITY "400"

typedef struct Pkg {
	const char *dir, *tpldir, *maintainer, *release;
	char *module, *mversion, *unitdir;
	bool semanage, tmpfiles, nft, netcheck;
	char *netlabel_addrs;       /* M.netlabel's addresses, or NULL (no segments) */
	StrVec units;       /* unit file names, sorted */
	StrVec masks;       /* the units the build masks (empty files), sorted */
	StrVec paths;       /* the module's paths, from M.fc */
	Buf unlabel;        /* "\tunlabel PROTO PORTS TYPE" lines, from M.semanage */
	time_t when;
	char err[2048];
} Pkg;

/* One file of the packages: where it comes from, where each package puts it. */
typedef struct PkgFile {
	char *src;          /* path in the build */
	char *deb;          /* path in the .deb (no leading /) */
	char *rpm;          /* path on a Fedora host */
	int exec;           /* installed executable (the semanage script) */
} PkgFile;

static int fail(Pkg *p, const char *fmt, const char *a, const char *b)
{
	snprintf(p->err, sizeof p->err, fmt, a, b);
	return -1;
}

static char *fmt(const char *f, const char *a, const char *b)
{
	Buf t = { 0 };
	buf_printf(&t, f, a, b);
	return (char *)buf_str(&t);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool exists(const char *dir, const char *name)
{
	char *path = path_join(dir, name);
	struct stat st;
	bool r = stat(path, &st) == 0 && S_ISREG(st.st_mode);
	free(path);
	return r;
}

/* The module: the one M.te in the build, and its `module M VERSION;` line. */
static int find_module(Pkg *p)
{
	DIR *d = opendir(p->dir);
	if (!d)
		return fail(p, "cannot read the build directory '%s': %s", p->dir, strerror(errno));
	char *te = NULL;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t len = strlen(e->d_name);
		if (len > 3 && strcmp(e->d_name + len - 3, ".te") == 0) {
			n++;
			free(te);
			te = xstrdup(e->d_name);
		}
	}
	closedir(d);
	if (n != 1) {
		free(te);
		return fail(p, "'%s' holds %s .te file: give the output directory of one `zonepolicy build`",
			    p->dir, n ? "more than one" : "no");
	}
	char *path = path_join(p->dir, te);
	free(te);
	size_t len;
	char *text = read_file(path, 1u << 26, &len, p->err, sizeof p->err);
	struct stat st;
	if (text && stat(path, &st) == 0)
		p->when = st.st_mtime;
	free(path);
	if (!text)
		return -1;
	char name[256], version[256];
	for (char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (sscanf(line, "module %255[a-z0-9_] %255[0-9.];", name, version) == 2) {
			p->module = xstrdup(name);
			p->mversion = xstrdup(version);
			break;
		}
	free(text);
	if (!p->module)
		return fail(p, "the .te file in '%s' has no `module NAME VERSION;` line%s", p->dir, "");
	return 0;
}

static void shell_quote(Buf *b, const char *s)
{
	buf_puts(b, "'");
	for (; *s; s++)
		if (*s == '\'')
			buf_puts(b, "'\\''");
		else
			buf_put(b, s, 1);
	buf_puts(b, "'");
}

/* The paths M.fc labels: its regexes are literal paths with the
 * metacharacters escaped, a directory written PATH(/.*)?. */
static int read_paths(Pkg *p)
{
	char *name = fmt("%s.fc", p->module, "");
	char *path = path_join(p->dir, name);
	free(name);
	size_t len;
	char *text = read_file(path, 1u << 26, &len, p->err, sizeof p->err);
	free(path);
	if (!text)
		return -1;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		if (*line == '#' || *line == '\0')
			continue;
		size_t n = strcspn(line, " \t");
		line[n] = '\0';
		if (n > 6 && strcmp(line + n - 6, "(/.*)?") == 0)
			line[n - 6] = '\0';
		char *o = line;
		for (char *i = line; *i; i++) {
			if (*i == '\\' && i[1])
				i++;
			*o++ = *i;
		}
		*o = '\0';
		bool dup = false;
		for (size_t k = 0; k < p->paths.n; k++)
			dup = dup || strcmp(p->paths.v[k], line) == 0;
		if (!dup)
			sv_push(&p->paths, xstrdup(line));
	}
	free(text);
	return 0;
}

/* The addresses M.netlabel labels (the first word of each line of its
 * here-document, templates/netlabel.in), for the removal: dpkg deletes the
 * script before the postrm runs.  No M.netlabel: NULL. */
static int netlabel_addrs(Pkg *p)
{
	char *name = fmt("%s.netlabel", p->module, "");
	bool there = exists(p->dir, name);
	char *path = path_join(p->dir, name);
	free(name);
	if (!there) {
		free(path);
		return 0;
	}
	size_t len;
	char *text = read_file(path, 1u << 24, &len, p->err, sizeof p->err);
	free(path);
	if (!text)
		return -1;
	Buf b = { 0 };
	char *in = strstr(text, "<<END\n");
	for (char *l = in ? strchr(in, '\n') + 1 : NULL; l && *l && strncmp(l, "END\n", 4) != 0;) {
		char *nl = strchr(l, '\n');
		size_t n = strcspn(l, " \n");
		for (size_t i = 0; i < n; i++)
			if (!strchr("0123456789abcdefABCDEF.:/", l[i]))
				n = 0;
		if (n)
			buf_printf(&b, "%s%.*s", b.len ? " " : "", (int)n, l);
		l = nl ? nl + 1 : NULL;
	}
	free(text);
	if (!b.len) {
		snprintf(p->err, sizeof p->err, "%s.netlabel: no address in it", p->module);
		buf_free(&b);
		return -1;
	}
	p->netlabel_addrs = xstrdup(buf_str(&b));
	buf_free(&b);
	return 0;
}

/* The ports M.semanage labels: its `label PROTO PORTS TYPE` lines. */
static int read_ports(Pkg *p)
{
	char *name = fmt("%s.semanage", p->module, "");
	p->semanage = exists(p->dir, name);
	if (!p->semanage) {
		free(name);
		return 0;
	}
	char *path = path_join(p->dir, name);
	free(name);
	size_t len;
	char *text = read_file(path, 1u << 26, &len, p->err, sizeof p->err);
	free(path);
	if (!text)
		return -1;
	char proto[16], ports[32], type[256];
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		if (sscanf(line, "label %15[a-z] %31[0-9-] %255[a-z0-9_]", proto, ports, type) == 3)
			buf_printf(&p->unlabel, "unlabel %s %s %s\n", proto, ports, type);
	free(text);
	return 0;
}

/* A unit of the module: M.service or M-ZONE.service. */
static bool is_unit(const char *module, const char *name)
{
	size_t m = strlen(module), n = strlen(name);
	if (n < m + 8 || strncmp(name, module, m) != 0)
		return false;
	return strcmp(name + m, ".service") == 0 ||
	       (name[m] == '-' && n > m + 9 && strcmp(name + n - 8, ".service") == 0);
}

/* The units: --units DIR, else the build directory when it holds M.service
 * (`build --units DIR` with the same directory), else DIR/units. */
static int read_units(Pkg *p)
{
	if (!p->unitdir) {
		char *name = fmt("%s.service", p->module, "");
		char *def = path_join(p->dir, "units");
		struct stat st;
		if (exists(p->dir, name))
			p->unitdir = xstrdup(p->dir);
		else if (stat(def, &st) == 0 && S_ISDIR(st.st_mode))
			p->unitdir = xstrdup(def);
		free(name);
		free(def);
	}
	if (!p->unitdir)
		return 0;
	DIR *d = opendir(p->unitdir);
	if (!d)
		return fail(p, "cannot read the units directory '%s': %s", p->unitdir, strerror(errno));
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (is_unit(p->module, e->d_name))
			sv_push(&p->units, xstrdup(e->d_name));
		else if (n > 8 && strcmp(e->d_name + n - 8, ".service") == 0) {
			/* an empty unit that is not the module's: a mask
			 * (`console none` writes getty@.service ...) */
			char *path = path_join(p->unitdir, e->d_name);
			struct stat st;
			if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0)
				sv_push(&p->masks, xstrdup(e->d_name));
			free(path);
		}
	}
	closedir(d);
	if (p->units.n)
		qsort(p->units.v, p->units.n, sizeof *p->units.v, cmp_str);
	if (p->masks.n)
		qsort(p->masks.v, p->masks.n, sizeof *p->masks.v, cmp_str);
	return 0;
}

/* The files both packages carry. */
static void list_files(Pkg *p, PkgFile **out, size_t *nout)
{
	const char *m = p->module;
	PkgFile *f = xcalloc(9 + p->units.n, sizeof *f);
	size_t n = 0;
	char *share = fmt("usr/share/selinux-policy-%s", m, "");
#define ADD(SRC, DEB, RPM) (f[n].src = (SRC), f[n].deb = (DEB), f[n].rpm = (RPM), n++)
	ADD(fmt("%s/%s.pp", p->dir, m), fmt("usr/share/selinux/" DEB_STORE "/%s.pp", m, ""),
	    fmt("/usr/share/selinux/packages/" RPM_STORE "/%s.pp", m, ""));
	ADD(fmt("%s/%s.if", p->dir, m), fmt("usr/share/selinux/devel/include/distributed/%s.if", m, ""),
	    fmt("/usr/share/selinux/devel/include/distributed/%s.if", m, ""));
	ADD(fmt("%s/%s.cil", p->dir, m), fmt("%s/%s.cil", share, m), fmt("/%s/%s.cil", share, m));
	ADD(fmt("%s/%s.vectors", p->dir, m), fmt("%s/%s.vectors", share, m), fmt("/%s/%s.vectors", share, m));
	if (p->semanage) {
		ADD(fmt("%s/%s.semanage", p->dir, m), fmt("%s/%s.semanage", share, m),
		    fmt("/%s/%s.semanage", share, m));
		f[n - 1].exec = 1;
	}
	if (p->nft) {
		/* `#!/usr/sbin/nft -f`: executable, as Debian's /etc/nftables.conf */
		ADD(fmt("%s/%s.nft", p->dir, m), fmt("%s/%s.nft", share, m), fmt("/%s/%s.nft", share, m));
		f[n - 1].exec = 1;
	}
	if (p->netlabel_addrs) {
		ADD(fmt("%s/%s.netlabel", p->dir, m), fmt("%s/%s.netlabel", share, m),
		    fmt("/%s/%s.netlabel", share, m));
		f[n - 1].exec = 1;
	}
	if (p->netcheck)
		ADD(fmt("%s/%s_netcheck.cil", p->dir, m), fmt("%s/%s_netcheck.cil", share, m),
		    fmt("/%s/%s_netcheck.cil", share, m));
	if (p->tmpfiles)
		ADD(fmt("%s/%s.tmpfiles.conf", p->dir, m), fmt("usr/lib/tmpfiles.d/%s.conf", m, ""),
		    fmt("/usr/lib/tmpfiles.d/%s.conf", m, ""));
	for (size_t i = 0; i < p->units.n; i++)
		ADD(fmt("%s/%s", p->unitdir, p->units.v[i]), fmt("lib/systemd/system/%s", p->units.v[i], ""),
		    fmt("/usr/lib/systemd/system/%s", p->units.v[i], ""));
#undef ADD
	free(share);
	*out = f;
	*nout = n;
}

static void free_files(PkgFile *f, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(f[i].src);
		free(f[i].deb);
		free(f[i].rpm);
	}
	free(f);
}

static int expand(Pkg *p, Buf *out, const char *name, const TplVar *v, size_t n)
{
	return tpl_expand(out, p->tpldir, name, v, n, p->err, sizeof p->err);
}

/* The install and remove steps, shared by the postinst/postrm and the
 * spec's %post/%postun: pp is where the package puts the .pp; the masks
 * are deb-systemd-helper's on Debian (kind "deb"), a shell loop in the
 * spec (kind "rpm"). */
static int steps(Pkg *p, const char *kind, const char *store, const char *pp, Buf *install, Buf *remove)
{
	char *semanage = fmt("/usr/share/selinux-policy-%s/%s.semanage", p->module, p->module);
	char *tmpname = fmt("%s.conf", p->module, "");
	char *nftpath = fmt("/usr/share/selinux-policy-%s/%s.nft", p->module, p->module);
	char *ncpath = fmt("/usr/share/selinux-policy-%s/%s_netcheck.cil", p->module, p->module);
	/* the capability's module, in the module's own semodule transaction */
	char *nci = p->netcheck ? fmt(" -i %s", ncpath, "") : xstrdup("");
	char *ncroot = p->netcheck ? fmt(" -i \"$root%s\"", ncpath, "") : xstrdup("");
	Buf ncremove = { 0 };
	Buf relabel = { 0 }, add = { 0 }, del = { 0 }, units = { 0 }, tmpfiles = { 0 }, load = { 0 }, unload = { 0 };
	Buf names = { 0 }, mask = { 0 }, unmask = { 0 };
	for (size_t i = 0; i < p->masks.n; i++) {
		if (i)
			buf_puts(&names, " ");
		shell_quote(&names, p->masks.v[i]);
	}
	for (size_t i = 0; i < p->paths.n; i++) {
		buf_puts(&relabel, "relabel ");
		shell_quote(&relabel, p->paths.v[i]);
		buf_puts(&relabel, "\n");
	}
	int rc = 0;
	if (p->semanage) {
		TplVar a[] = { { "SEMANAGE", semanage } };
		TplVar d[] = { { "UNLABEL", buf_str(&p->unlabel) } };
		rc = expand(p, &add, "pkg-ports-add", a, 1) || expand(p, &del, "pkg-ports-del", d, 1);
	}
	if (rc == 0 && p->nft) {
		TplVar l[] = { { "NFT", nftpath } };
		TplVar u[] = { { "MODULE", p->module } };
		rc = expand(p, &load, "pkg-nft-load", l, 1) || expand(p, &unload, "pkg-nft-unload", u, 1);
	}
	if (rc == 0 && p->netlabel_addrs) {
		char *nlpath = fmt("/usr/share/selinux-policy-%s/%s.netlabel", p->module, p->module);
		TplVar l[] = { { "NETLABEL", nlpath } };
		TplVar u[] = { { "ADDRS", p->netlabel_addrs } };
		/* after the ruleset's load, before its unload */
		Buf nu = { 0 };
		rc = expand(p, &load, "pkg-netlabel-load", l, 1) || expand(p, &nu, "pkg-netlabel-unload", u, 1);
		buf_puts(&nu, buf_str(&unload));
		buf_free(&unload);
		unload = nu;
		free(nlpath);
	}
	if (rc == 0 && p->netcheck) {
		TplVar u[] = { { "MODULE", p->module }, { "PRIORITY", PRIORITY } };
		rc = expand(p, &ncremove, "pkg-netcheck-remove", u, 2);
	}
	if (rc == 0 && p->units.n) {
		rc = expand(p, &units, "pkg-units", NULL, 0);
	}
	if (rc == 0 && p->masks.n) {
		char *mname = fmt("pkg-mask-%s", kind, ""), *uname = fmt("pkg-unmask-%s", kind, "");
		/* the spec's loop keeps its record under the module's name */
		TplVar m[] = { { "MASKS", buf_str(&names) }, { "MODULE", p->module } };
		size_t nm = strcmp(kind, "rpm") == 0 ? 2 : 1;
		rc = expand(p, &mask, mname, m, nm) || expand(p, &unmask, uname, m, nm);
		free(mname);
		free(uname);
	}
	if (rc == 0 && p->tmpfiles) {
		TplVar t[] = { { "TMPFILES", tmpname } };
		rc = expand(p, &tmpfiles, "pkg-tmpfiles", t, 1);
	}
	if (rc == 0) {
		TplVar i[] = { { "MODULE", p->module }, { "STORE", store }, { "PRIORITY", PRIORITY },
			       { "PP", pp }, { "NCI", nci }, { "NCROOT", ncroot },
			       { "PORTS", buf_str(&add) }, { "NFT", buf_str(&load) },
			       { "RELABEL", buf_str(&relabel) },
			       { "MASKS", buf_str(&mask) }, { "UNITS", buf_str(&units) },
			       { "TMPFILES", buf_str(&tmpfiles) } };
		TplVar r[] = { { "MODULE", p->module }, { "STORE", store }, { "PRIORITY", PRIORITY },
			       { "PORTS", buf_str(&del) }, { "NFT", buf_str(&unload) },
			       { "NETCHECK", buf_str(&ncremove) },
			       { "RELABEL", buf_str(&relabel) },
			       { "MASKS", buf_str(&unmask) }, { "UNITS", buf_str(&units) } };
		rc = expand(p, install, "pkg-install", i, sizeof i / sizeof i[0]) ||
		     expand(p, remove, "pkg-remove", r, sizeof r / sizeof r[0]);
	}
	buf_free(&relabel);
	buf_free(&add);
	buf_free(&del);
	buf_free(&units);
	buf_free(&tmpfiles);
	buf_free(&load);
	buf_free(&unload);
	buf_free(&names);
	buf_free(&mask);
	buf_free(&unmask);
	free(semanage);
	free(tmpname);
	free(nftpath);
	free(ncpath);
	free(nci);
	free(ncroot);
	buf_free(&ncremove);
	return rc ? -1 : 0;
}

static int copy_file(Pkg *p, const char *from, const char *to, mode_t mode)
{
	size_t len;
	char *data = read_file(from, 1u << 30, &len, p->err, sizeof p->err);
	if (!data)
		return -1;
	int rc = 0;
	FILE *f = fopen(to, "wb");
	if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0 || chmod(to, mode) != 0)
		rc = fail(p, "cannot write '%s': %s", to, strerror(errno));
	free(data);
	return rc;
}

static int write_text(Pkg *p, const char *to, Buf *text, mode_t mode)
{
	FILE *f = fopen(to, "wb");
	if (!f || fwrite(buf_str(text), 1, text->len, f) != text->len || fclose(f) != 0 || chmod(to, mode) != 0)
		return fail(p, "cannot write '%s': %s", to, strerror(errno));
	return 0;
}

/* mkdir -p of the parent of path, every directory 0755 whatever the umask. */
static int parent_dirs(Pkg *p, const char *root, const char *rel)
{
	char *path = path_join(root, rel);
	for (char *s = path + strlen(root) + 1; (s = strchr(s, '/')); s++) {
		*s = '\0';
		if (mkdir(path, 0755) != 0 && errno != EEXIST) {
			fail(p, "cannot create '%s': %s", path, strerror(errno));
			free(path);
			return -1;
		}
		chmod(path, 0755);
		*s = '/';
	}
	free(path);
	return 0;
}

static int run(Pkg *p, char **argv)
{
	Buf log = { 0 };
	char terr[512];
	int rc = run_tool(argv, &log, terr, sizeof terr);
	if (rc != 0)
		snprintf(p->err, sizeof p->err, "%s%s\n%.800s", terr,
			 rc == 127 ? " (install dpkg-dev and gzip)" : "", buf_str(&log));
	buf_free(&log);
	return rc ? -1 : 0;
}

/* The build's files into the staged tree; their size in KiB. */
static int stage_files(Pkg *p, const char *stage, PkgFile *files, size_t nfiles, long long *kib)
{
	for (size_t i = 0; i < nfiles; i++) {
		char *to = path_join(stage, files[i].deb);
		struct stat st;
		int bad = parent_dirs(p, stage, files[i].deb) ||
			  copy_file(p, files[i].src, to, files[i].exec ? 0755 : 0644) || stat(to, &st) != 0;
		free(to);
		if (bad)
			return -1;
		*kib += (st.st_size + 1023) / 1024;
	}
	return 0;
}

enum { DEB_CONTROL, DEB_POSTINST, DEB_POSTRM, DEB_COPYRIGHT, DEB_CHANGELOG, DEB_NTEXTS };

/* The control file, the maintainer scripts and the doc files, expanded. */
static int deb_texts(Pkg *p, long long kib, Buf t[DEB_NTEXTS])
{
	/* a native version (no Debian revision): the package has no source
	 * package, and its changelog is the module's */
	char *version = fmt("%s+zp%s", p->mversion, p->release);
	char *pp = fmt("/usr/share/selinux/" DEB_STORE "/%s.pp", p->module, "");
	Buf install = { 0 }, remove = { 0 }, depends = { 0 };
	char date[64], year[16], size[32];
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", gmtime(&p->when));
	strftime(year, sizeof year, "%Y", gmtime(&p->when));
	snprintf(size, sizeof size, "%lld", kib + 4);
	buf_puts(&depends, "policycoreutils, selinux-policy-" DEB_STORE);
	if (p->semanage)
		buf_puts(&depends, ", policycoreutils-python-utils");
	if (p->nft)
		buf_puts(&depends, ", nftables");
	if (p->netlabel_addrs)
		buf_puts(&depends, ", netlabel-tools");
	if (p->tmpfiles || p->units.n)
		buf_puts(&depends, ", systemd");
	int rc = steps(p, "deb", DEB_STORE, pp, &install, &remove);
	if (rc == 0) {
		TplVar c[] = { { "MODULE", p->module }, { "VERSION", version }, { "MAINTAINER", p->maintainer },
			       { "INSTALLED_SIZE", size }, { "DEPENDS", buf_str(&depends) },
			       { "MODULE_VERSION", p->mversion } };
		TplVar s1[] = { { "MODULE", p->module }, { "STEPS", buf_str(&install) } };
		TplVar s2[] = { { "MODULE", p->module }, { "STEPS", buf_str(&remove) } };
		TplVar cp[] = { { "MODULE", p->module }, { "MODULE_VERSION", p->mversion },
				{ "MAINTAINER", p->maintainer }, { "YEAR", year } };
		TplVar cl[] = { { "MODULE", p->module }, { "VERSION", version }, { "MODULE_VERSION", p->mversion },
				{ "MAINTAINER", p->maintainer }, { "DATE", date } };
		rc = expand(p, &t[DEB_CONTROL], "deb-control", c, sizeof c / sizeof c[0]) ||
		     expand(p, &t[DEB_POSTINST], "deb-postinst", s1, 2) ||
		     expand(p, &t[DEB_POSTRM], "deb-postrm", s2, 2) ||
		     expand(p, &t[DEB_COPYRIGHT], "deb-copyright", cp, 4) ||
		     expand(p, &t[DEB_CHANGELOG], "deb-changelog", cl, 5);
	}
	free(version);
	free(pp);
	buf_free(&install);
	buf_free(&remove);
	buf_free(&depends);
	return rc ? -1 : 0;
}

/* The .deb: stage the tree in tmp/deb, dpkg-deb it to tmp/NAME.deb. */
static int build_deb(Pkg *p, const char *tmp, PkgFile *files, size_t nfiles, const char *debname, Buf *deb)
{
	char *stage = path_join(tmp, "deb");
	Buf t[DEB_NTEXTS] = { { 0 } };
	struct { const char *rel; mode_t mode; } place[DEB_NTEXTS] = {
		[DEB_CONTROL] = { "DEBIAN/control", 0644 },
		[DEB_POSTINST] = { "DEBIAN/postinst", 0755 },
		[DEB_POSTRM] = { "DEBIAN/postrm", 0755 },
		[DEB_COPYRIGHT] = { "usr/share/doc/PKG/copyright", 0644 },
		[DEB_CHANGELOG] = { "usr/share/doc/PKG/changelog", 0644 },
	};
	long long kib = 0;
	int rc = -1;
	if (mkdir(stage, 0755) != 0 || chmod(stage, 0755) != 0) {
		fail(p, "cannot create '%s': %s", stage, strerror(errno));
		goto done;
	}
	if (stage_files(p, stage, files, nfiles, &kib) != 0 || deb_texts(p, kib, t) != 0)
		goto done;
	int bad = 0;
	for (size_t i = 0; i < DEB_NTEXTS && !bad; i++) {
		char *rel = strncmp(place[i].rel, "usr/share/doc/PKG/", 18) == 0
			    ? fmt("usr/share/doc/selinux-policy-%s/%s", p->module, place[i].rel + 18)
			    : xstrdup(place[i].rel);
		char *to = path_join(stage, rel);
		bad = parent_dirs(p, stage, rel) || write_text(p, to, &t[i], place[i].mode);
		if (!bad && i == DEB_CHANGELOG) {
			char *gz[] = { "gzip", "-9n", to, NULL };
			bad = run(p, gz);
		}
		free(to);
		free(rel);
	}
	if (!bad && p->nft) {
		/* lintian does not know nft as an interpreter */
		Buf ov = { 0 };
		TplVar v[] = { { "MODULE", p->module } };
		char *rel = fmt("usr/share/lintian/overrides/selinux-policy-%s", p->module, "");
		char *to = path_join(stage, rel);
		bad = expand(p, &ov, "deb-lintian-overrides", v, 1) || parent_dirs(p, stage, rel) ||
		      write_text(p, to, &ov, 0644);
		free(to);
		free(rel);
		buf_free(&ov);
	}
	if (bad)
		goto done;
	/* dpkg-deb clamps every mtime to SOURCE_DATE_EPOCH: the staged files are
	 * newer, so the archive is the same for the same build */
	char *out = path_join(tmp, debname);
	char epoch[64];
	snprintf(epoch, sizeof epoch, "SOURCE_DATE_EPOCH=%lld", (long long)p->when);
	char *argv[] = { "env", epoch, "dpkg-deb", "--root-owner-group", "-Zxz", "--build", stage, out, NULL };
	if (run(p, argv) == 0) {
		size_t len;
		char *data = read_file(out, 1u << 30, &len, p->err, sizeof p->err);
		if (data) {
			buf_put(deb, data, len);
			free(data);
			rc = 0;
		}
	}
	free(out);
done:
	free(stage);
	for (size_t i = 0; i < DEB_NTEXTS; i++)
		buf_free(&t[i]);
	return rc;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

/* The spec, and its sources by name. */
static int build_spec(Pkg *p, PkgFile *files, size_t nfiles, Buf *spec)
{
	char *pp = fmt("/usr/share/selinux/packages/" RPM_STORE "/%s.pp", p->module, "");
	Buf sources = { 0 }, requires = { 0 }, install = { 0 }, filelist = { 0 }, post = { 0 }, postun = { 0 };
	char date[64];
	strftime(date, sizeof date, "%a %b %d %Y", gmtime(&p->when));
	for (size_t i = 0; i < nfiles; i++) {
		buf_printf(&sources, "Source%zu:\t%s\n", i, base_name(files[i].src));
		buf_printf(&install, "install -D -p -m %s %%{SOURCE%zu} %%{buildroot}%s\n",
			   files[i].exec ? "0755" : "0644", i, files[i].rpm);
		buf_printf(&filelist, "%s\n", files[i].rpm);
	}
	if (p->semanage)
		buf_puts(&requires, "Requires(post): policycoreutils-python-utils\n");
	if (p->tmpfiles || p->units.n || p->masks.n)
		buf_puts(&requires, "Requires(post): systemd\n");
	if (p->nft)
		buf_puts(&requires, "Requires(post): nftables\nRequires: nftables\n");
	if (p->netlabel_addrs)
		buf_puts(&requires, "Requires(post): netlabel_tools\nRequires: netlabel_tools\n");
	int rc = steps(p, "rpm", RPM_STORE, pp, &post, &postun);
	if (rc == 0) {
		TplVar v[] = { { "MODULE", p->module }, { "MODULE_VERSION", p->mversion }, { "STORE", RPM_STORE },
			       { "RELEASE", p->release }, { "SOURCES", buf_str(&sources) },
			       { "REQUIRES", buf_str(&requires) }, { "INSTALL", buf_str(&install) },
			       { "POST", buf_str(&post) }, { "POSTUN", buf_str(&postun) },
			       { "FILES", buf_str(&filelist) }, { "RPM_DATE", date }, { "MAINTAINER", p->maintainer } };
		rc = expand(p, spec, "rpm.spec", v, sizeof v / sizeof v[0]);
	}
	free(pp);
	buf_free(&sources);
	buf_free(&requires);
	buf_free(&install);
	buf_free(&filelist);
	buf_free(&post);
	buf_free(&postun);
	return rc;
}

/* Writes a set of files into dir (created): names[i] <- data[i]. */
static int write_set(Pkg *p, const char *dir, size_t n, char **names, Buf *data, OutSet *o)
{
	if (out_begin_create(o, dir) != 0) {
		snprintf(p->err, sizeof p->err, "%s", o->err);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		if (out_write(o, names[i], data[i].data ? data[i].data : "", data[i].len) != 0) {
			snprintf(p->err, sizeof p->err, "%s", o->err);
			out_abort(o);
			return -1;
		}
	return 0;
}

/* What the build directory holds: the module, its files, paths, ports and
 * units. */
static int read_build(Pkg *p)
{
	if (find_module(p) != 0)
		return -1;
	const char *need[] = { "pp", "cil", "if", "fc", "vectors" };
	for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
		char *name = fmt("%s.%s", p->module, need[i]);
		bool there = exists(p->dir, name);
		if (!there)
			fail(p, "the build in '%s' has no %s: run `zonepolicy build` again", p->dir, name);
		free(name);
		if (!there)
			return -1;
	}
	char *tmpname = fmt("%s.tmpfiles.conf", p->module, "");
	p->tmpfiles = exists(p->dir, tmpname);
	char *nftname = fmt("%s.nft", p->module, "");
	p->nft = exists(p->dir, nftname);
	free(nftname);
	char *ncname = fmt("%s_netcheck.cil", p->module, "");
	p->netcheck = exists(p->dir, ncname);
	free(ncname);
	if (netlabel_addrs(p) != 0)
		return -1;
	free(tmpname);
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	if (sde && *sde)
		p->when = (time_t)strtoll(sde, NULL, 10);
	return read_paths(p) || read_ports(p) || read_units(p) ? -1 : 0;
}

static int package(Pkg *p, const char *outdir, bool ansible)
{
	if (read_build(p) != 0)
		return -1;
	PkgFile *files;
	size_t nfiles;
	list_files(p, &files, &nfiles);
	char *tmp = make_tmpdir(p->err, sizeof p->err);
	if (!tmp) {
		free_files(files, nfiles);
		return -1;
	}
	int rc = -1;
	char *debname = fmt("selinux-policy-%s_%s", p->module, p->mversion);
	char *t = fmt("%s+zp%s_all.deb", debname, p->release);
	free(debname);
	debname = t;
	char *specname = fmt("selinux-policy-%s.spec", p->module, "");
	char *ymlname = fmt("selinux-policy-%s.yml", p->module, "");
	Buf top[2] = { { 0 } }, spec = { 0 };
	Buf *srcs = xcalloc(nfiles, sizeof *srcs);
	char **srcnames = xcalloc(nfiles, sizeof *srcnames);
	char *specdir = path_join(outdir, "rpmbuild/SPECS");
	char *srcdir = path_join(outdir, "rpmbuild/SOURCES");
	OutSet o1, o2, o3;
	int begun = 0;
	if (build_deb(p, tmp, files, nfiles, debname, &top[0]) != 0 || build_spec(p, files, nfiles, &spec) != 0)
		goto done;
	if (ansible) {
		TplVar v[] = { { "MODULE", p->module }, { "MODULE_VERSION", p->mversion }, { "STORE", DEB_STORE },
			       { "DEB", debname }, { "VECTORS", files[3].rpm } };
		if (expand(p, &top[1], "ansible.yml", v, sizeof v / sizeof v[0]) != 0)
			goto done;
	}
	for (size_t i = 0; i < nfiles; i++) {
		size_t len;
		char *data = read_file(files[i].src, 1u << 30, &len, p->err, sizeof p->err);
		if (!data)
			goto done;
		buf_put(&srcs[i], data, len);
		free(data);
		srcnames[i] = (char *)base_name(files[i].src);
	}
	char *topnames[] = { debname, ymlname };
	if (write_set(p, outdir, ansible ? 2 : 1, topnames, top, &o1) != 0)
		goto done;
	begun = 1;
	if (write_set(p, specdir, 1, &specname, &spec, &o2) != 0)
		goto done;
	begun = 2;
	if (write_set(p, srcdir, nfiles, srcnames, srcs, &o3) != 0)
		goto done;
	begun = 3;
	if (out_commit(&o1) || out_commit(&o2) || out_commit(&o3)) {
		snprintf(p->err, sizeof p->err, "%.1000s", *o1.err ? o1.err : *o2.err ? o2.err : o3.err);
		goto done;
	}
	begun = 0;
	rc = 0;
done:
	if (begun >= 3)
		out_abort(&o3);
	if (begun >= 2)
		out_abort(&o2);
	if (begun >= 1)
		out_abort(&o1);
	for (size_t i = 0; i < nfiles; i++)
		buf_free(&srcs[i]);
	free(srcs);
	free(srcnames);
	buf_free(&top[0]);
	buf_free(&top[1]);
	buf_free(&spec);
	free(specdir);
	free(srcdir);
	free(debname);
	free(specname);
	free(ymlname);
	remove_tree(tmp);
	free(tmp);
	free_files(files, nfiles);
	return rc;
}

/* The maintainer: --maintainer, else Debian's own variables. */
static char *maintainer(const char *opt)
{
	if (opt)
		return xstrdup(opt);
	const char *email = getenv("DEBEMAIL"), *name = getenv("DEBFULLNAME");
	if (!email || !*email)
		return NULL;
	if (strchr(email, '<'))
		return xstrdup(email);
	if (!name || !*name)
		return NULL;
	return fmt("%s <%s>", name, email);
}

int cmd_package(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "maintainer", required_argument, NULL, 'm' },
		{ "release", required_argument, NULL, 'r' },
		{ "units", required_argument, NULL, 'u' },
		{ "ansible", no_argument, NULL, 'a' },
		{ "template-dir", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ 0, 0, 0, 0 },
	};
	Pkg p = { .release = "1" };
	const char *outdir = ".", *mopt = NULL, *units = NULL;
	bool ansible = false;
	int ch;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o': outdir = optarg; break;
		case 'm': mopt = optarg; break;
		case 'r': p.release = optarg; break;
		case 'u': units = optarg; break;
		case 'a': ansible = true; break;
		case 't': p.tpldir = optarg; break;
		case 'h': fputs(package_usage, stdout); return EXIT_OK;
		default: fputs(package_usage, stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		fputs(package_usage, stderr);
		return EXIT_USAGE;
	}
	if (!*p.release || strspn(p.release, "0123456789") != strlen(p.release)) {
		fprintf(stderr, "zonepolicy: package: --release wants a number, not '%s'\n", p.release);
		return EXIT_USAGE;
	}
	char *maint = maintainer(mopt);
	if (!maint || !strchr(maint, '<') || !strchr(maint, '@') || maint[strlen(maint) - 1] != '>' ||
	    strchr(maint, '\n')) {
		fprintf(stderr, "zonepolicy: package: give the maintainer as --maintainer 'NAME <EMAIL>' "
				"(or set DEBFULLNAME and DEBEMAIL)\n");
		free(maint);
		return EXIT_USAGE;
	}
	p.maintainer = maint;
	p.dir = argv[optind];
	p.unitdir = units ? xstrdup(units) : NULL;
	int status = EXIT_OK;
	if (package(&p, outdir, ansible) != 0) {
		fprintf(stderr, "zonepolicy: package: %s%s", p.err,
			*p.err && p.err[strlen(p.err) - 1] == '\n' ? "" : "\n");
		status = EXIT_ERRORS;
	}
	free(maint);
	free(p.module);
	free(p.mversion);
	free(p.unitdir);
	sv_free(&p.units);
	sv_free(&p.masks);
	sv_free(&p.paths);
	free(p.netlabel_addrs);
	buf_free(&p.unlabel);
	return status;
}
