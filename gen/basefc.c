/* basefc.c: base file-context lookups through libselinux (see basefc.h). */
#include "basefc.h"
#include "hash.h"

#include <errno.h>
#include <selinux/label.h>
#include <selinux/selinux.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct Entry {
	char *path;
	char *type;
} Entry;

struct BaseFc {
	struct selabel_handle *h;
	Entry *slots;
	size_t cap, count;
};

BaseFc *basefc_open(const char *path, char *err, size_t errlen)
{
	struct selinux_opt opts[] = { { SELABEL_OPT_PATH, path } };
	struct stat st;
	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "cannot read base file contexts '%s': %s", path, strerror(errno));
		return NULL;
	}
	struct selabel_handle *h = selabel_open(SELABEL_CTX_FILE, opts, 1);
	if (!h) {
		snprintf(err, errlen, "cannot load base file contexts '%s': %s", path, strerror(errno));
		return NULL;
	}
	BaseFc *fc = calloc(1, sizeof *fc);
	if (!fc)
		abort();
	fc->h = h;
	fc->cap = 64;
	fc->slots = calloc(fc->cap, sizeof *fc->slots);
	if (!fc->slots)
		abort();
	return fc;
}

void basefc_close(BaseFc *fc)
{
	if (!fc)
		return;
	for (size_t i = 0; i < fc->cap; i++) {
		free(fc->slots[i].path);
		free(fc->slots[i].type);
	}
	free(fc->slots);
	selabel_close(fc->h);
	free(fc);
}

static Entry *slot(BaseFc *fc, const char *path)
{
	size_t i = hash_str(path) & (fc->cap - 1);
	while (fc->slots[i].path && strcmp(fc->slots[i].path, path) != 0)
		i = (i + 1) & (fc->cap - 1);
	return &fc->slots[i];
}

static void grow(BaseFc *fc)
{
	Entry *old = fc->slots;
	size_t oldcap = fc->cap;
	fc->cap *= 2;
	fc->slots = calloc(fc->cap, sizeof *fc->slots);
	if (!fc->slots)
		abort();
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].path)
			*slot(fc, old[i].path) = old[i];
	free(old);
}

/* "u:r:TYPE:level" -> TYPE (malloc'ed) */
static char *type_of(const char *con)
{
	const char *a = strchr(con, ':');
	const char *b = a ? strchr(a + 1, ':') : NULL;
	const char *c = b ? strchr(b + 1, ':') : NULL;
	if (!b)
		return NULL;
	return c ? strndup(b + 1, (size_t)(c - b - 1)) : strdup(b + 1);
}

const char *basefc_dir_type(BaseFc *fc, const char *path)
{
	Entry *e = slot(fc, path);
	if (e->path)
		return e->type;
	char *type = NULL, *con = NULL;
	if (selabel_lookup(fc->h, &con, path, S_IFDIR) == 0) {
		type = type_of(con);
		freecon(con);
	}
	if (!type) {
		/* unlabelled by the base: a new directory gets its parent's type */
		if (strcmp(path, "/") == 0) {
			type = strdup("root_t");
		} else {
			const char *slash = strrchr(path, '/');
			char *parent = slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
			type = strdup(basefc_dir_type(fc, parent));
			free(parent);
		}
	}
	if ((fc->count + 1) * 2 > fc->cap)
		grow(fc);
	e = slot(fc, path);
	e->path = strdup(path);
	e->type = type;
	fc->count++;
	return type;
}
