/* permmap.c: parser and lookup for setools' perm_map file (see permmap.h).
 *
 * Format: a class count, then for each class "class NAME N" and N lines
 * "PERM DIR [WEIGHT]" with DIR one of r, w, b, n and WEIGHT 1-10 (10 when
 * missing).  '#' starts a comment.
 *
 * The override has one permission a line, `CLASS PERM DIR WEIGHT  # reason`;
 * a line without a reason is an error, so every entry says why.
 */
#include "permmap.h"
#include "out.h"
#include "strmap.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "class:perm" -> its index in the map -> its direction and weight */
typedef struct PermInfo {
	char dir;
	int weight;
} PermInfo;

struct PermMap {
	StrMap keys;
	PermInfo *info;       /* by the key's index */
	size_t cap;
};

static void put(PermMap *pm, const char *key, char dir, int weight)
{
	bool added;
	size_t i = strmap_add(&pm->keys, key, strlen(key), &added);
	if (i >= pm->cap) {
		pm->cap = pm->cap ? pm->cap * 2 : 1024;
		pm->info = xreallocarray(pm->info, pm->cap, sizeof *pm->info);
	}
	pm->info[i] = (PermInfo){ dir, weight };
}

/* The next blank-separated word of the line at *p (NUL-terminated in
 * place), or NULL at its end. */
static char *word(char **p)
{
	char *s = *p;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\v' || *s == '\f')
		s++;
	if (!*s)
		return *p = s, NULL;
	char *e = s;
	while (*e && *e != ' ' && *e != '\t' && *e != '\r' && *e != '\v' && *e != '\f')
		e++;
	*p = *e ? e + 1 : e;
	*e = '\0';
	return s;
}

/* The file is read in one go and split in place (no stdio per line): the
 * build reads it at every start. */
PermMap *permmap_load(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		snprintf(err, errlen, "cannot read permission map '%s': %s", path, strerror(errno));
		return NULL;
	}
	fclose(f);
	size_t len;
	char rerr[64];
	char *text = read_file(path, 64u << 20, &len, rerr, sizeof rerr);
	if (!text) {
		snprintf(err, errlen, "cannot read permission map '%s': %s", path, rerr);
		return NULL;
	}
	PermMap *pm = xcalloc(1, sizeof *pm);
	const char *cls = "";
	unsigned lineno = 0;
	int left = 0, bad = 0;
	char key[300];
	for (char *p = text, *end = text + len; p < end && !bad;) {
		char *ln = p, *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl ? nl + 1 : end;
		if (nl)
			*nl = '\0';
		lineno++;
		char *hash_ = strchr(ln, '#');
		if (hash_)
			*hash_ = '\0';
		char *a = word(&ln), *b = a ? word(&ln) : NULL, *c = b ? word(&ln) : NULL;
		int n = !a ? 0 : !b ? 1 : !c ? 2 : 3;
		if (n == 0)
			continue;
		if (strlen(a) > 127 || (b && strlen(b) > 127) || (c && strlen(c) > 31)) {
			bad = 1;
			break;
		}
		if (strcmp(a, "class") == 0 && n >= 2) {
			cls = b;
			left = n == 3 ? atoi(c) : 0;
			continue;
		}
		if (n == 1 && !cls[0])
			continue;                 /* the class count */
		if (!cls[0] || left <= 0 || n < 2 || strlen(b) != 1 || !strchr("rwbn", b[0])) {
			bad = 1;
			break;
		}
		int w = n == 3 ? atoi(c) : 10;
		if (w < 1 || w > 10) {
			bad = 1;
			break;
		}
		snprintf(key, sizeof key, "%s:%s", cls, a);
		put(pm, key, b[0], w);
		left--;
	}
	free(text);
	if (bad || pm->keys.n == 0) {
		snprintf(err, errlen, "%s:%u: not a setools permission map", path, lineno);
		permmap_free(pm);
		return NULL;
	}
	return pm;
}

void permmap_free(PermMap *pm)
{
	if (!pm)
		return;
	strmap_free(&pm->keys);
	free(pm->info);
	free(pm);
}

char permmap_dir(const PermMap *pm, const char *cls, const char *perm, int *weight)
{
	char key[300];
	snprintf(key, sizeof key, "%s:%s", cls, perm);
	size_t i = strmap_find(&pm->keys, key, strlen(key));
	if (i == STRMAP_NONE)
		return 0;
	if (weight)
		*weight = pm->info[i].weight;
	return pm->info[i].dir;
}

int permmap_override(PermMap *pm, const char *text, const char *name, char *err, size_t errlen)
{
	unsigned lineno = 0;
	for (const char *p = text; *p;) {
		size_t len = strcspn(p, "\n");
		lineno++;
		char line[512];
		if (len >= sizeof line) {
			snprintf(err, errlen, "%s:%u: line too long", name, lineno);
			return -1;
		}
		memcpy(line, p, len);
		line[len] = '\0';
		p += len + (p[len] == '\n');
		char *reason = strchr(line, '#');
		if (reason)
			*reason++ = '\0';
		char cls[128], perm[128], dir[8], extra[8];
		int w = 0;
		int n = sscanf(line, "%127s %127s %7s %d %7s", cls, perm, dir, &w, extra);
		if (n <= 0)
			continue;                 /* blank or comment */
		if (n != 4 || strlen(dir) != 1 || !strchr("rwbn", dir[0]) || w < 1 || w > 10) {
			snprintf(err, errlen, "%s:%u: expected 'CLASS PERM r|w|b|n WEIGHT  # reason'", name, lineno);
			return -1;
		}
		while (reason && (*reason == ' ' || *reason == '\t'))
			reason++;
		if (!reason || !*reason) {
			snprintf(err, errlen, "%s:%u: %s %s has no reason: end the line with '# why'", name, lineno,
				 cls, perm);
			return -1;
		}
		char key[300];
		snprintf(key, sizeof key, "%s:%s", cls, perm);
		put(pm, key, dir[0], w);
	}
	return 0;
}

PermMap *permmap_open(const char *path, const char *override_path, char *err, size_t errlen)
{
	PermMap *pm = permmap_load(path, err, errlen);
	if (!pm || (override_path && strcmp(override_path, PERMMAP_OVERRIDE_NONE) == 0))
		return pm;
	int rc;
	if (!override_path) {
		rc = permmap_override(pm, permmap_override_shipped, "permmap.override (shipped)", err, errlen);
	} else {
		size_t len;
		char *text = read_file(override_path, 1 << 20, &len, err, errlen);
		rc = text ? permmap_override(pm, text, override_path, err, errlen) : -1;
		free(text);
	}
	if (rc < 0) {
		permmap_free(pm);
		return NULL;
	}
	return pm;
}
