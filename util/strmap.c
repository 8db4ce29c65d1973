/* strmap.c: the string-keyed hash table (see strmap.h). */
#include "strmap.h"

#include <stdlib.h>

#include "hash.h"
#include "xalloc.h"

/* A block of key copies: each block at least twice the one before (up to
 * KEYS_MAX), so a map of n keys makes O(log n) of them. */
struct StrMapBlock {
	struct StrMapBlock *next;
	size_t used, cap;
	char text[];
};

#define KEYS_FIRST 256
#define KEYS_MAX (1u << 20)

static char *copy_key(StrMap *m, const char *key, size_t len)
{
	struct StrMapBlock *b = m->keys;
	if (!b || b->cap - b->used < len + 1) {
		size_t cap = b ? b->cap * 2 : KEYS_FIRST;
		if (cap > KEYS_MAX)
			cap = KEYS_MAX;
		if (cap < len + 1)
			cap = len + 1;
		b = xmalloc(sizeof *b + cap);
		b->next = m->keys;
		b->used = 0;
		b->cap = cap;
		m->keys = b;
	}
	char *k = b->text + b->used;
	memcpy(k, key, len);
	k[len] = '\0';
	b->used += len + 1;
	return k;
}

void strmap_free(StrMap *m)
{
	for (struct StrMapBlock *b = m->keys, *next; b; b = next) {
		next = b->next;
		free(b);
	}
	free(m->v);
	free(m->slots);
	memset(m, 0, sizeof *m);
}

/* The slot that holds key, or the empty slot where it would go. */
static size_t probe(const StrMap *m, const char *key, size_t len, size_t h)
{
	size_t mask = m->nslots - 1, j = h & mask;
	for (size_t s; (s = m->slots[j]); j = (j + 1) & mask) {
		const StrMapEntry *e = &m->v[s - 1];
		if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
			break;
	}
	return j;
}

size_t strmap_find(const StrMap *m, const char *key, size_t len)
{
	if (!m->nslots)
		return STRMAP_NONE;
	size_t s = m->slots[probe(m, key, len, hash_words(key, len))];
	return s ? s - 1 : STRMAP_NONE;
}

static void rehash(StrMap *m, size_t nslots)
{
	free(m->slots);
	m->slots = xcalloc(nslots, sizeof *m->slots);
	m->nslots = nslots;
	for (size_t i = 0; i < m->n; i++)
		m->slots[probe(m, m->v[i].key, m->v[i].len, m->v[i].hash)] = i + 1;
}

size_t strmap_add(StrMap *m, const char *key, size_t len, bool *added)
{
	if ((m->n + 1) * 2 > m->nslots)
		rehash(m, m->nslots ? m->nslots * 2 : 64);
	size_t h = hash_words(key, len), j = probe(m, key, len, h);
	*added = m->slots[j] == 0;
	if (!*added)
		return m->slots[j] - 1;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->v = xreallocarray(m->v, m->cap, sizeof *m->v);
	}
	m->v[m->n] = (StrMapEntry){ copy_key(m, key, len), len, h, NULL };
	m->slots[j] = ++m->n;
	return m->n - 1;
}
