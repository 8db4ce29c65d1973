/* basemods.h: the base policy's module names.  A module named like one of
 * them would collide with its types and its interfaces; sema checks that.
 *
 * Two sources: Debian lists the loadable modules in
 * /usr/share/selinux/default/.modules, one a line; the base layer (kernel,
 * files, init, ...) lives inside base.pp and is in no list, so its names
 * come from refpolicy's interface headers (selinux-policy-dev:
 * /usr/share/selinux/devel/include/LAYER/NAME.if), which name every module
 * of the policy, base layer included. */
#ifndef ZP_BASEMODS_H
#define ZP_BASEMODS_H


/* A NULL-terminated array of names pointing into *text (both malloc'ed;
 * free both), or NULL when the file cannot be read. */
const char **base_modules_load(const char *path, char **text);

/* The modules that have an interface header under dir, as "LAYER/NAME"
 * (sorted; same ownership as above), or NULL when dir cannot be read.
 * Kept as a memo in the cache directory, named after dir and each layer
 * directory (a header added or removed changes a layer's mtime). */
const char **base_headers_load(const char *dir, char **text);

#endif
