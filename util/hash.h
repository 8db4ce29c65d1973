/* hash.h: the FNV-1a string hash: of the string map (strmap.c) and of the
 * memo file names (base/cache.c). */
#ifndef ZP_HASH_H
#define ZP_HASH_H

#include <stddef.h>

static inline size_t hash_bytes(const char *s, size_t n)
{
	size_t h = (size_t)1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * (size_t)1099511628211ull;
	return h;
}

static inline size_t hash_str(const char *s)
{
	size_t h = (size_t)1469598103934665603ull;
	while (*s)
		h = (h ^ (unsigned char)*s++) * (size_t)1099511628211ull;
	return h;
}

#endif
