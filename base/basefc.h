/* basefc.h: the base policy's labels for the directories a zone walks.
 *
 * A zone must search every directory above its own files, and a named type
 * transition must name the type of the directory it creates in.  Those are
 * the base policy's types, found by libselinux's own matcher over the base
 * file_contexts (Debian: /etc/selinux/default/contexts/files/file_contexts).
 * A path the base leaves unlabelled (<<none>>) has its parent's type, as a
 * new file would.  Results are cached per path.
 */
#ifndef ZP_BASEFC_H
#define ZP_BASEFC_H

#include <stddef.h>


typedef struct BaseFc BaseFc;

#define BASEFC_DEFAULT "/etc/selinux/default/contexts/files/file_contexts"

BaseFc *basefc_open(const char *path, char *err, size_t errlen);
void basefc_close(BaseFc *fc);
/* The base type of directory `path` (absolute, no trailing '/'). */
const char *basefc_dir_type(BaseFc *fc, const char *path);
/* The base type of the directory that holds `path`. */
const char *basefc_parent_type(BaseFc *fc, const char *path);
/* Calls fn with the base type of every directory strictly above `path`,
 * from "/" down to its parent (a path of 4096 bytes or more: none). */
void basefc_each_dir_above(BaseFc *fc, const char *path, void (*fn)(const char *type, void *arg),
			   void *arg);

#endif
