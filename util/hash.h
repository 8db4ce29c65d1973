/* hash.h: the string hash of every open-addressing table (FNV-1a). */
#ifndef ZP_HASH_H
#define ZP_HASH_H

#include <stddef.h>

static inline size_t hash_str(const char *s)
{
	size_t h = (size_t)1469598103934665603ull;
	while (*s)
		h = (h ^ (unsigned char)*s++) * (size_t)1099511628211ull;
	return h;
}

#endif
