/* hash.h: the FNV-1a string hash, of the cache's file names (base/cache.c),
 * which must not change; hash_words, a word-at-a-time hash for the
 * in-memory tables (strmap.c, the file-context memo's index), and
 * hash_addr, for tables keyed by a pointer, where only speed matters:
 * nothing is printed in a table's hash order. */
#ifndef ZP_HASH_H
#define ZP_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

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

/* The slot of an address in a direct-mapped table of n (a power of two)
 * entries: the tables that remember answers by a name's pointer (the
 * rule blocks' requirements, the .pp writer's types, the vectors' base
 * questions).  Strings are allocated 16 bytes apart at least. */
static inline size_t hash_addr(const void *p, size_t n)
{
	uintptr_t a = (uintptr_t)p;
	return (size_t)((a >> 4) ^ (a >> 14)) & (n - 1);
}

static inline size_t hash_words(const char *k, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ull ^ n;
	for (; n >= 8; k += 8, n -= 8) {
		uint64_t w;
		memcpy(&w, k, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 32;
	}
	uint64_t w = 0;
	memcpy(&w, k, n);
	h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
	return (size_t)(h ^ h >> 29);
}

#endif
