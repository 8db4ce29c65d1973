/* basemods.h: the base policy's module names, one a line (Debian lists them
 * in /usr/share/selinux/default/.modules).  A module named like one of them
 * would collide with its types; sema checks that. */
#ifndef ZP_BASEMODS_H
#define ZP_BASEMODS_H

#define DEFAULT_BASE_MODULES "/usr/share/selinux/default/.modules"

/* A NULL-terminated array of names pointing into *text (both malloc'ed;
 * free both), or NULL when the file cannot be read. */
const char **base_modules_load(const char *path, char **text);

#endif
