/* arena.h: one bump allocator per compilation.
 *
 * Every AST node, interned name, IR rule and output buffer of a compilation
 * lives in its arena and is freed at once with arena_free().  Allocation never
 * fails silently: on exhaustion it aborts with a message (util/xalloc.h).
 */
#ifndef ZP_ARENA_H
#define ZP_ARENA_H

#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
	ArenaBlock *head;
} Arena;

void  arena_init(Arena *a);
void  arena_free(Arena *a);
void *arena_alloc(Arena *a, size_t n);          /* zeroed, 16-byte aligned */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Array v holds n elements of `size` bytes and has room for *cap: returns
 * it, or a copy with twice the room when it is full (the old copy stays in
 * the arena).  For lists that must not stop at a fixed size. */
void *arena_grow(Arena *a, void *v, size_t n, size_t *cap, size_t size);

#define ARENA_NEW(a, T) ((T *)arena_alloc((a), sizeof(T)))

#endif
