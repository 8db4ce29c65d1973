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
#include "buf.h"
#include "cache.h"
#include "out.h"
#include "strmap.h"
#include "xalloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "class:perm" -> its index in the map -> its direction and weight */
typedef struct PermInfo {
	char dir;
	int weight;
} PermInfo;

struct PermMap {
	StrMap keys;          /* the override's entries, and the map's when it
			       * was parsed (no memo) */
	PermInfo *info;       /* by the key's index */
	size_t cap;
	char *memo;           /* else the map as its memo: sorted lines
			       * "class:perm DIR WEIGHT", mapped, searched in place */
	size_t memo_len;
};

/* The memo of a parsed map, in the cache (base/cache.h): what a build
 * reads instead of the map's 2,200 lines.  Lines sorted bytewise, so a
 * lookup bisects the text and nothing is parsed at start. */
static const char memo_magic[] = "zonepolicy-permmap 1\n";

static void put(PermMap *pm, const char *key, size_t len, char dir, int weight)
{
	bool added;
	size_t i = strmap_add(&pm->keys, key, len, &added);
	if (i >= pm->cap) {
		pm->cap = pm->cap ? pm->cap * 2 : 1024;
		pm->info = xreallocarray(pm->info, pm->cap, sizeof *pm->info);
	}
	pm->info[i] = (PermInfo){ dir, weight };
}

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* "cls:perm" into key (room for KEY_MAX bytes): its length, or 0 when it
 * does not fit. */
#define KEY_MAX 300
static size_t make_key(char *key, const char *cls, size_t cl, const char *perm, size_t pl)
{
	if (cl + pl + 2 > KEY_MAX)
		return 0;
	memcpy(key, cls, cl);
	key[cl] = ':';
	memcpy(key + cl + 1, perm, pl);
	key[cl + 1 + pl] = '\0';
	return cl + 1 + pl;
}

static PermMap *parse_map(const char *path, char *err, size_t errlen);

static int cmp_entries(const void *a, const void *b)
{
	return strcmp((*(const StrMapEntry *const *)a)->key, (*(const StrMapEntry *const *)b)->key);
}

/* Writes pm's entries (the map alone, before any override) as its memo. */
static void memo_write(const PermMap *pm, const char *memo)
{
	const StrMapEntry **v = xreallocarray(NULL, pm->keys.n ? pm->keys.n : 1, sizeof *v);
	for (size_t i = 0; i < pm->keys.n; i++)
		v[i] = &pm->keys.v[i];
	qsort(v, pm->keys.n, sizeof *v, cmp_entries);
	Buf b = { 0 };
	buf_puts(&b, memo_magic);
	for (size_t i = 0; i < pm->keys.n; i++) {
		const PermInfo *in = &pm->info[v[i] - pm->keys.v];
		buf_printf(&b, "%s %c %d\n", v[i]->key, in->dir, in->weight);
	}
	cache_memo_write(memo, b.data, b.len);
	buf_free(&b);
	free(v);
}

/* The memo at path mapped, when it is one (its magic, whole lines). */
static PermMap *memo_open(const char *path)
{
	size_t len = 0;
	char *t = path ? map_file(path, 16u << 20, &len) : NULL;
	if (!cache_memo_whole(t, len, memo_magic)) {
		unmap_file(t, len);
		return NULL;
	}
	PermMap *pm = xcalloc(1, sizeof *pm);
	pm->memo = t;
	pm->memo_len = len;
	return pm;
}

/* The memo's line for key, by bisection over its sorted lines: its
 * direction (and weight), or 0. */
static char memo_find(const PermMap *pm, const char *key, int *weight)
{
	const char *l = cache_memo_find(pm->memo + sizeof memo_magic - 1, pm->memo + pm->memo_len, 0, key);
	if (!l)
		return 0;
	const char *eol = memchr(l, '\n', (size_t)(pm->memo + pm->memo_len - l));
	const char *sp = memchr(l, ' ', (size_t)(eol - l));
	if (!sp || eol - sp < 4 || !strchr("rwbn", sp[1]) || sp[2] != ' ')
		return 0;
	int w = atoi(sp + 3);
	if (w < 1 || w > 10)
		return 0;
	if (weight)
		*weight = w;
	return sp[1];
}

/* The map from its memo when the cache has one for this very file;
 * else the file is read in one go and split in place, a line's words
 * found in one pass (no stdio, no formatting), and the memo written. */
PermMap *permmap_load(const char *path, char *err, size_t errlen)
{
	char *memo = cache_memo_path("permmap", path);
	PermMap *pm = memo_open(memo);
	if (pm) {
		free(memo);
		return pm;
	}
	pm = parse_map(path, err, errlen);
	if (pm && memo)
		memo_write(pm, memo);
	free(memo);
	return pm;
}

static PermMap *parse_map(const char *path, char *err, size_t errlen)
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
	size_t cls_len = 0;
	unsigned lineno = 0;
	int left = 0, bad = 0;
	char key[KEY_MAX];
	for (char *p = text, *end = text + len; p < end && !bad;) {
		char *ln = p, *le = memchr(p, '\n', (size_t)(end - p));
		if (!le)
			le = end;
		p = le < end ? le + 1 : end;
		*le = '\0';
		lineno++;
		/* the first three words before a '#' (a NUL ends the line too),
		 * each NUL-terminated in place */
		char *w[3];
		size_t wl[3];
		int n = 0;
		for (char *q = ln; n < 3 && *q && *q != '#';) {
			if (blank(*q)) {
				q++;
				continue;
			}
			char *s0 = q;
			while (*q && *q != '#' && !blank(*q))
				q++;
			w[n] = s0;
			wl[n++] = (size_t)(q - s0);
			char d = *q;
			*q = '\0';
			if (d != '#' && d)
				q++;
			else
				break;
		}
		if (n == 0)
			continue;
		if (wl[0] > 127 || (n > 1 && wl[1] > 127) || (n > 2 && wl[2] > 31)) {
			bad = 1;
			break;
		}
		if (n >= 2 && wl[0] == 5 && memcmp(w[0], "class", 5) == 0) {
			cls = w[1];
			cls_len = wl[1];
			left = n == 3 ? atoi(w[2]) : 0;
			continue;
		}
		if (n == 1 && !cls_len)
			continue;                 /* the class count */
		if (!cls_len || left <= 0 || n < 2 || wl[1] != 1 || !strchr("rwbn", w[1][0])) {
			bad = 1;
			break;
		}
		int wt = n == 3 ? atoi(w[2]) : 10;
		if (wt < 1 || wt > 10) {
			bad = 1;
			break;
		}
		size_t kl = make_key(key, cls, cls_len, w[0], wl[0]);
		put(pm, key, kl, w[1][0], wt);
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
	unmap_file(pm->memo, pm->memo_len);
	free(pm);
}

char permmap_dir(const PermMap *pm, const char *cls, const char *perm, int *weight)
{
	char key[KEY_MAX];
	size_t kl = make_key(key, cls, strlen(cls), perm, strlen(perm));
	size_t i = kl ? strmap_find(&pm->keys, key, kl) : STRMAP_NONE;
	if (i == STRMAP_NONE)
		return kl && pm->memo ? memo_find(pm, key, weight) : 0;
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
		char key[KEY_MAX];
		put(pm, key, make_key(key, cls, strlen(cls), perm, strlen(perm)), dir[0], w);
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
