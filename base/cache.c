/* cache.c: the cache directory and memo files (see cache.h). */
#include "cache.h"
#include "xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "hash.h"
#include "out.h"

char *cache_dir(void)
{
	const char *z = getenv("ZONEPOLICY_CACHE");
	if (z && *z)
		return xstrdup(z);
	const char *x = getenv("XDG_CACHE_HOME");
	if (x && *x)
		return path_join(x, "zonepolicy");
	const char *h = getenv("HOME");
	return path_join(h && *h ? h : "/tmp", ".cache/zonepolicy");
}

char *cache_memo_path(const char *kind, const char *source)
{
	struct stat st;
	if (stat(source, &st) != 0)
		return NULL;
	char name[256];
	snprintf(name, sizeof name, "%s-%016zx-%lld-%lld.%lld", kind, hash_str(source),
		 (long long)st.st_size, (long long)st.st_mtim.tv_sec, (long long)st.st_mtim.tv_nsec);
	char *dir = cache_dir();
	char *p = path_join(dir, name);
	free(dir);
	return p;
}

size_t cache_sources_hash(const char *const *sources, size_t n, size_t seed)
{
	/* one hash over "path size mtime" of every source, absent ones as "-" */
	struct stat st;
	char line[4200];
	size_t h = seed;
	for (size_t i = 0; i < n; i++) {
		if (stat(sources[i], &st) == 0)
			snprintf(line, sizeof line, "%zu:%s %lld %lld.%lld|%zx", i, sources[i],
				 (long long)st.st_size, (long long)st.st_mtim.tv_sec,
				 (long long)st.st_mtim.tv_nsec, h);
		else
			snprintf(line, sizeof line, "%zu:%s -|%zx", i, sources[i], h);
		h = hash_str(line);
	}
	return h;
}

char *cache_memo_path_set(const char *kind, const char *const *sources, size_t n)
{
	struct stat st;
	if (n == 0 || stat(sources[0], &st) != 0)
		return NULL;
	size_t h = cache_sources_hash(sources, n, 0);
	char name[256];
	snprintf(name, sizeof name, "%s-%016zx-set", kind, h);
	char *dir = cache_dir();
	char *p = path_join(dir, name);
	free(dir);
	return p;
}

void cache_memo_write(const char *path, const char *text, size_t len)
{
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		(void)make_dirs(dir);
	}
	free(dir);
	size_t n = strlen(path) + 16;
	char *tmp = xmalloc(n);
	snprintf(tmp, n, "%s.XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		free(tmp);
		return;
	}
	const char *p = text;
	size_t left = len;
	int ok = fchmod(fd, 0644) == 0;
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			ok = 0;
			break;
		}
		p += w;
		left -= (size_t)w;
	}
	if (close(fd) != 0)
		ok = 0;
	if (!ok || rename(tmp, path) != 0)
		unlink(tmp);
	free(tmp);
}

bool cache_memo_whole(const char *text, size_t len, const char *magic)
{
	size_t ml = strlen(magic);
	return text && len > ml && memcmp(text, magic, ml) == 0 && text[len - 1] == '\n';
}

const char *cache_memo_find(const char *lo, const char *hi, size_t skip, const char *key)
{
	while (lo < hi) {
		const char *mid = lo + (hi - lo) / 2;
		while (mid > lo && mid[-1] != '\n')
			mid--;
		const char *eol = memchr(mid, '\n', (size_t)(hi - mid));
		if (!eol || (size_t)(eol - mid) <= skip)
			return NULL;   /* a damaged memo */
		int c = 0;
		for (const char *k = key, *l = mid + skip;; k++, l++) {
			unsigned char x = (unsigned char)*k, y = *l == ' ' || *l == '\n' ? 0 : (unsigned char)*l;
			if (x != y || !x) {
				c = x - y;
				break;
			}
		}
		if (c == 0)
			return mid;
		if (c < 0)
			hi = mid;
		else
			lo = eol + 1;
	}
	return NULL;
}
