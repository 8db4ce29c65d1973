/* basefc.c: base file-context lookups through libselinux (see basefc.h). */
#include "basefc.h"
#include "xalloc.h"

#include <stdbool.h>

#include "buf.h"
#include "cache.h"
#include "out.h"
#include "strmap.h"

#include <errno.h>
#include <selinux/label.h>
#include <selinux/selinux.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct BaseFc {
	struct selabel_handle *h;   /* opened on the first lookup the memo lacks */
	char *path;
	char *memo;                 /* the memo file of earlier lookups, or NULL */
	bool dirty;                 /* lookups the memo does not have yet */
	StrMap types;               /* path -> its type (malloc'ed) */
};

static const char memo_magic[] = "zonepolicy-basefc 1\n";

static struct selabel_handle *open_labels(const char *path, char *err, size_t errlen)
{
	struct selinux_opt opts[] = { { SELABEL_OPT_PATH, path } };
	struct selabel_handle *h = selabel_open(SELABEL_CTX_FILE, opts, 1);
	if (!h)
		snprintf(err, errlen, "cannot load base file contexts '%s': %s", path, strerror(errno));
	return h;
}

BaseFc *basefc_open(const char *path, char *err, size_t errlen)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "cannot read base file contexts '%s': %s", path, strerror(errno));
		return NULL;
	}
	BaseFc *fc = xcalloc(1, sizeof *fc);
	fc->path = xstrdup(path);
	/* earlier lookups in this very file ("path<TAB>type" lines) */
	fc->memo = cache_memo_path("basefc", path);
	size_t len;
	char merr[64];
	char *text = fc->memo ? read_file(fc->memo, 64u << 20, &len, merr, sizeof merr) : NULL;
	if (text && strncmp(text, memo_magic, sizeof memo_magic - 1) == 0) {
		for (char *save = NULL, *ln = strtok_r(text + sizeof memo_magic - 1, "\n", &save); ln;
		     ln = strtok_r(NULL, "\n", &save)) {
			char *tab = strchr(ln, '\t');
			if (tab && ln[0] == '/') {
				*tab = '\0';
				if (!strmap_get(&fc->types, ln))
					strmap_put(&fc->types, ln, xstrdup(tab + 1));
			}
		}
	}
	free(text);
	if (fc->types.n == 0) {
		/* no memo: open now, so a broken file is reported here */
		fc->h = open_labels(path, err, errlen);
		if (!fc->h) {
			basefc_close(fc);
			return NULL;
		}
	}
	return fc;
}

void basefc_close(BaseFc *fc)
{
	if (!fc)
		return;
	if (fc->dirty && fc->memo) {
		Buf b = { 0 };
		buf_puts(&b, memo_magic);
		for (size_t i = 0; i < fc->types.n; i++)
			buf_printf(&b, "%s\t%s\n", fc->types.v[i].key, (char *)fc->types.v[i].val);
		cache_memo_write(fc->memo, b.data, b.len);
		buf_free(&b);
	}
	free(fc->memo);
	free(fc->path);
	for (size_t i = 0; i < fc->types.n; i++)
		free(fc->types.v[i].val);
	strmap_free(&fc->types);
	if (fc->h)
		selabel_close(fc->h);
	free(fc);
}

/* "u:r:TYPE:level" -> TYPE (malloc'ed) */
static char *type_of(const char *con)
{
	const char *a = strchr(con, ':');
	const char *b = a ? strchr(a + 1, ':') : NULL;
	const char *c = b ? strchr(b + 1, ':') : NULL;
	if (!b)
		return NULL;
	return c ? xstrndup(b + 1, (size_t)(c - b - 1)) : xstrdup(b + 1);
}

const char *basefc_dir_type(BaseFc *fc, const char *path)
{
	const char *known = strmap_get(&fc->types, path);
	if (known)
		return known;
	char *type = NULL, *con = NULL;
	if (!fc->h) {
		char err[512];
		fc->h = open_labels(fc->path, err, sizeof err);
		if (!fc->h) {
			fprintf(stderr, "zonepolicy: %s\n", err);
			exit(1);
		}
	}
	fc->dirty = true;
	if (selabel_lookup(fc->h, &con, path, S_IFDIR) == 0) {
		type = type_of(con);
		freecon(con);
	}
	if (!type) {
		/* unlabelled by the base: a new directory gets its parent's type */
		if (strcmp(path, "/") == 0) {
			type = xstrdup("root_t");
		} else {
			const char *slash = strrchr(path, '/');
			char *parent = slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
			type = xstrdup(basefc_dir_type(fc, parent));
			free(parent);
		}
	}
	strmap_put(&fc->types, path, type);
	return type;
}

const char *basefc_parent_type(BaseFc *fc, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return basefc_dir_type(fc, "/");
	char *parent = xstrndup(path, (size_t)(slash - path));
	const char *type = basefc_dir_type(fc, parent);
	free(parent);
	return type;
}

void basefc_each_dir_above(BaseFc *fc, const char *path, void (*fn)(const char *type, void *arg),
			   void *arg)
{
	char buf[4096];
	size_t n = strlen(path);
	if (n >= sizeof buf)
		return;
	memcpy(buf, path, n + 1);
	/* "/", "/a", "/a/b" ... up to the parent of path */
	fn(basefc_dir_type(fc, "/"), arg);
	for (size_t i = 1; i < n; i++)
		if (buf[i] == '/') {
			buf[i] = '\0';
			fn(basefc_dir_type(fc, buf), arg);
			buf[i] = '/';
		}
}
