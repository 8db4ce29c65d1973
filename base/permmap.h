/* permmap.h: setools' permission map (read/write direction and weight of
 * every permission), read from the file python3-setools ships, and the
 * reviewed override that assigns directions to permissions the map lacks
 * (base/permmap.override, compiled into the binary and installed beside
 * it).  Used through flowrules.h by the build-time assert check and by the
 * flow analysis of `zonepolicy check`. */
#ifndef ZP_PERMMAP_H
#define ZP_PERMMAP_H

#include <stddef.h>


typedef struct PermMap PermMap;

PermMap *permmap_load(const char *path, char *err, size_t errlen);
void permmap_free(PermMap *pm);
/* Direction of cls:perm: 'r', 'w', 'b' (both) or 'n' (none); 0 when the map
 * does not know it.  weight (1-10) is stored when not NULL. */
char permmap_dir(const PermMap *pm, const char *cls, const char *perm, int *weight);

/* The shipped override: the text of base/permmap.override. */
extern const char permmap_override_shipped[];
#define PERMMAP_OVERRIDE_NONE "none"

/* Applies override lines `CLASS PERM DIR WEIGHT  # reason` to pm (DIR one
 * of r, w, b, n; WEIGHT 1-10; the reason is required).  An override line
 * wins over the map.  name is the text's name in messages.  -1 with a
 * message in err. */
int permmap_override(PermMap *pm, const char *text, const char *name, char *err, size_t errlen);

/* The map at path with an override applied: the file at override_path,
 * the shipped one when NULL, none when PERMMAP_OVERRIDE_NONE. */
PermMap *permmap_open(const char *path, const char *override_path, char *err, size_t errlen);

#endif
