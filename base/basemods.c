/* basemods.c: the base policy's module names (see basemods.h). */
#include "basemods.h"
#include "xalloc.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "cache.h"
#include "out.h"

/* A store's module directory (PRIORITY/NAME/...): the names, one a line, in
 * a malloc'ed text; NULL when it cannot be read. */
static char *store_module_names(const char *dir, size_t *len)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	Buf b = { 0 };
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		char *pd = path_join(dir, e->d_name);
		DIR *m = opendir(pd);
		for (struct dirent *f; m && (f = readdir(m));)
			if (f->d_name[0] != '.')
				buf_printf(&b, "%s\n", f->d_name);
		if (m)
			closedir(m);
		free(pd);
	}
	closedir(d);
	*len = b.len;
	if (!b.len) {
		buf_free(&b);
		return NULL;
	}
	buf_str(&b);
	return b.data;
}

/* Base module names, one a line (or a store's module directory);
 * NULL-terminated array, or NULL if unreadable. */
const char **base_modules_load(const char *path, char **text)
{
	char err[256];
	size_t len;
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		*text = store_module_names(path, &len);
	else
		*text = read_file(path, 1u << 20, &len, err, sizeof err);
	if (!*text)
		return NULL;
	size_t n = 1;
	for (size_t i = 0; i < len; i++)
		n += (*text)[i] == '\n';
	const char **v = xcalloc(n + 1, sizeof *v);
	size_t k = 0;
	for (char *save = NULL, *tok = strtok_r(*text, " \t\r\n", &save); tok;
	     tok = strtok_r(NULL, " \t\r\n", &save))
		v[k++] = tok;
	return v;
}

static const char hdr_magic[] = "zonepolicy-baseheaders 1\n";

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* the subdirectories of dir (malloc'ed names, sorted), or -1 */
static int layers_of(const char *dir, char ***out, size_t *n)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (e->d_name[0] == '.')
			continue;
		char *p = path_join(dir, e->d_name);
		struct stat st;
		bool isdir = stat(p, &st) == 0 && S_ISDIR(st.st_mode);
		free(p);
		if (!isdir)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			*out = xreallocarray(*out, cap, sizeof **out);
		}
		(*out)[(*n)++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(*out, *n, sizeof **out, cmp_str);
	return 0;
}

/* "LAYER/NAME\n" for every LAYER/NAME.if, sorted */
static void scan_headers(const char *dir, char **layers, size_t nl, Buf *b)
{
	char **v = NULL;
	size_t n = 0, cap = 0;
	for (size_t i = 0; i < nl; i++) {
		char *ld = path_join(dir, layers[i]);
		DIR *d = opendir(ld);
		free(ld);
		if (!d)
			continue;
		for (struct dirent *e; (e = readdir(d));) {
			size_t len = strlen(e->d_name);
			if (len < 4 || strcmp(e->d_name + len - 3, ".if") != 0 || e->d_name[0] == '.')
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 512;
				v = xreallocarray(v, cap, sizeof *v);
			}
			v[n++] = path_join(layers[i], e->d_name);
			v[n - 1][strlen(v[n - 1]) - 3] = '\0';
		}
		closedir(d);
	}
	if (n)
		qsort(v, n, sizeof *v, cmp_str);
	for (size_t i = 0; i < n; i++) {
		buf_printf(b, "%s\n", v[i]);
		free(v[i]);
	}
	free(v);
}

const char **base_headers_load(const char *dir, char **text)
{
	*text = NULL;
	char **layers;
	size_t nl;
	if (layers_of(dir, &layers, &nl) != 0)
		return NULL;
	const char **src = xcalloc(nl + 1, sizeof *src);
	src[0] = dir;
	for (size_t i = 0; i < nl; i++)
		src[i + 1] = path_join(dir, layers[i]);
	char *memo = cache_memo_path_set("baseheaders", src, nl + 1);
	for (size_t i = 0; i < nl; i++)
		free((void *)src[i + 1]);
	free(src);
	char err[64];
	size_t len = 0;
	char *m = memo ? read_file(memo, 16u << 20, &len, err, sizeof err) : NULL;
	if (m && strncmp(m, hdr_magic, sizeof hdr_magic - 1) == 0) {
		*text = xstrdup(m + sizeof hdr_magic - 1);
	} else {
		Buf b = { 0 };
		buf_puts(&b, hdr_magic);
		scan_headers(dir, layers, nl, &b);
		if (memo)
			cache_memo_write(memo, b.data, b.len);
		*text = xstrdup(buf_str(&b) + sizeof hdr_magic - 1);
		buf_free(&b);
	}
	free(m);
	free(memo);
	for (size_t i = 0; i < nl; i++)
		free(layers[i]);
	free(layers);
	size_t n = 1;
	for (const char *p = *text; *p; p++)
		n += *p == '\n';
	const char **v = xcalloc(n + 1, sizeof *v);
	size_t k = 0;
	for (char *save = NULL, *tok = strtok_r(*text, "\n", &save); tok; tok = strtok_r(NULL, "\n", &save))
		if (strchr(tok, '/'))
			v[k++] = tok;
	return v;
}
