/* permmap.h: setools' permission map (read/write direction and weight of
 * every permission), read from the file python3-setools ships.  Used by the
 * build-time assert check and by the flow analysis of `zonepolicy check`. */
#ifndef ZP_PERMMAP_H
#define ZP_PERMMAP_H

#include <stddef.h>

#define PERMMAP_DEFAULT "/usr/lib/python3/dist-packages/setools/perm_map"

typedef struct PermMap PermMap;

PermMap *permmap_load(const char *path, char *err, size_t errlen);
void permmap_free(PermMap *pm);
/* Direction of cls:perm: 'r', 'w', 'b' (both) or 'n' (none); 0 when the map
 * does not know it.  weight (1-10) is stored when not NULL. */
char permmap_dir(const PermMap *pm, const char *cls, const char *perm, int *weight);

#endif
