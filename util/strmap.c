/* strmap.c: the string-keyed hash table (see strmap.h). */
#include "strmap.h"

#include <stdlib.h>

#include "hash.h"
#include "xalloc.h"

void strmap_free(StrMap *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->v[i].key);
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
	size_t s = m->slots[probe(m, key, len, hash_bytes(key, len))];
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
	size_t h = hash_bytes(key, len), j = probe(m, key, len, h);
	*added = m->slots[j] == 0;
	if (!*added)
		return m->slots[j] - 1;
	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->v = xreallocarray(m->v, m->cap, sizeof *m->v);
	}
	m->v[m->n] = (StrMapEntry){ xstrndup(key, len), len, h, NULL };
	m->slots[j] = ++m->n;
	return m->n - 1;
}
