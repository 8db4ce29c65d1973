/* strmap.h: the one string-keyed hash table of the program (open
 * addressing, linear probing, hash_words of hash.h).
 *
 * A key is a byte string (it need not end in NUL), copied into the map
 * with a NUL after it (into blocks the map owns: a map of many small keys
 * costs a few allocations, not one a key).  Each key gets a dense index 0, 1, 2 ... in the
 * order keys were first added, and a value pointer the caller owns.
 * Walking the indices walks the keys in insertion order, so nothing printed
 * from a map depends on the hash.  A zeroed StrMap is an empty map.
 */
#ifndef ZP_STRMAP_H
#define ZP_STRMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

typedef struct StrMapEntry {
	char *key;               /* the map's copy, NUL-terminated */
	size_t len;
	size_t hash;
	void *val;
} StrMapEntry;

typedef struct StrMap {
	StrMapEntry *v;          /* by index: insertion order */
	size_t n, cap;
	size_t *slots;           /* index + 1; 0 is an empty slot */
	size_t nslots;           /* a power of two, more than twice n */
	struct StrMapBlock *keys; /* the keys' copies, newest block first */
} StrMap;

#define STRMAP_NONE ((size_t)-1)

/* Frees the keys and the table (not the values) and empties the map. */
void strmap_free(StrMap *m);
/* The index of key, or STRMAP_NONE. */
size_t strmap_find(const StrMap *m, const char *key, size_t len);
/* The index of key, added (with a NULL value) when new; *added says which. */
size_t strmap_add(StrMap *m, const char *key, size_t len, bool *added);

/* The value of a NUL-terminated key, or NULL. */
static inline void *strmap_get(const StrMap *m, const char *key)
{
	size_t i = strmap_find(m, key, strlen(key));
	return i == STRMAP_NONE ? NULL : m->v[i].val;
}

/* Sets the value of a NUL-terminated key; true when the key is new. */
static inline bool strmap_put(StrMap *m, const char *key, void *val)
{
	bool added;
	size_t i = strmap_add(m, key, strlen(key), &added);   /* may move m->v */
	m->v[i].val = val;
	return added;
}

#endif
