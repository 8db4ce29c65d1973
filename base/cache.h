/* cache.h: zonepolicy's cache directory and memo files.
 *
 * Reading the base policy's binary (for its type names and port labels) and
 * compiling its file contexts cost more than compiling a zone.  What the
 * compiler takes from them is saved as small text files in the cache
 * directory, named after the source file's path, size and modification
 * time, so a changed base is never read from a stale memo.  A memo is pure:
 * the outputs are the same with or without it.  Failing to write one is not
 * an error.
 */
#ifndef ZP_CACHE_H
#define ZP_CACHE_H

#include <stdbool.h>
#include <stddef.h>

/* $ZONEPOLICY_CACHE, $XDG_CACHE_HOME/zonepolicy or ~/.cache/zonepolicy
 * (malloc'ed). */
char *cache_dir(void);

/* The memo file for `kind` derived from `source` (malloc'ed), or NULL when
 * the source cannot be stat'ed. */
char *cache_memo_path(const char *kind, const char *source);

/* The memo file for `kind` derived from several sources (malloc'ed): its
 * name covers the path, size and modification time of each, so a change to
 * any of them gives another memo.  A source that does not exist counts as
 * such (and its appearance changes the name); NULL when sources[0] cannot
 * be stat'ed. */
char *cache_memo_path_set(const char *kind, const char *const *sources, size_t n);

/* One hash over the path, size and modification time of each source (an
 * absent one counts as such), starting from seed. */
size_t cache_sources_hash(const char *const *sources, size_t n, size_t seed);

/* Does a memo's text (len bytes, not NUL-terminated) begin with magic and
 * end with a whole line? */
bool cache_memo_whole(const char *text, size_t len, const char *magic);

/* In the sorted lines [lo, hi) of a memo (lo at a line's start, hi at one's
 * end), the line whose first word, skip bytes in and ending at a blank or
 * the newline, is key, found by bisection; NULL when there is none.  Lines
 * sorted by that word as strcmp sorts. */
const char *cache_memo_find(const char *lo, const char *hi, size_t skip, const char *key);

/* Writes text to path atomically (temporary file, then rename), creating the
 * cache directory if needed; failures are ignored. */
void cache_memo_write(const char *path, const char *text, size_t len);

#endif
