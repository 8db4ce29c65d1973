/* xalloc.h: the one out-of-memory policy.  Every heap allocation outside
 * the arena goes through these; when the C library has no memory left they
 * print "zonepolicy: out of memory" and abort().  No caller checks for NULL,
 * and no partial output can follow, since outputs are renamed into place
 * only at the very end (out.h).  The arena (dsl/arena.c), Buf and the lexer
 * fail the same way through xalloc_fail(). */
#ifndef ZP_XALLOC_H
#define ZP_XALLOC_H

#include <stddef.h>

_Noreturn void xalloc_fail(void);
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);            /* zeroed; n * size may not overflow */
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

#endif
