/* basefc.h: the base policy's labels for the directories a zone walks.
 *
 * A zone must search every directory above its own files, and a named type
 * transition must name the type of the directory it creates in.  Those are
 * the base policy's types, as libselinux's matcher gives them over the base
 * file_contexts (Debian: /etc/selinux/default/contexts/files/file_contexts):
 * its entries, substitutions and order, applied here to the entries that
 * can match inside the parent directory (libselinux itself answers "/").
 * A path the base leaves unlabelled (<<none>>) has its parent's type, as a
 * new file would.  Results are kept per question, in a memo in the cache
 * directory whose name covers every file libselinux reads for FILE
 * (FILE.homedirs, FILE.local, FILE.subs, FILE.subs_dist and the .bin
 * forms): a changed file gives another memo.
 */
#ifndef ZP_BASEFC_H
#define ZP_BASEFC_H

#include <stddef.h>

#include "pathwalk.h"


typedef struct BaseFc BaseFc;


BaseFc *basefc_open(const char *path, char *err, size_t errlen);
void basefc_close(BaseFc *fc);
/* A build of nzones zones is about to ask: one of more than
 * BASEFC_LARGE_ZONES keeps its answers in a memo of its own, larger than
 * the one the small builds share (a memo is pure: the answers are the
 * same).  Nothing when a question was already asked, or fc is NULL. */
#define BASEFC_LARGE_ZONES 1024
void basefc_expect(BaseFc *fc, size_t nzones);
/* The base type of directory `path` (absolute, no trailing '/').  NULL
 * when the file contexts cannot be read now (the memo answered every
 * earlier lookup, so the file was first opened here); basefc_error() says
 * why, and every later lookup the memo lacks fails the same way. */
const char *basefc_dir_type(BaseFc *fc, const char *path);
/* Why a lookup failed, or NULL. */
const char *basefc_error(const BaseFc *fc);

typedef struct BaseLabel {
	const char *type;      /* NULL: none (basefc_below found nothing) */
	const char *entry;     /* the base entry that gives it ("REGEX [MODE]"),
				* NULL when the type is inherited from the parent */
	unsigned count;        /* basefc_below: how many entries it found */
} BaseLabel;

/* What the base gives `path` as a directory ('d'), a regular file ('f'),
 * a socket ('s'), a symbolic link ('l') or a character device ('c'):
 * libselinux's answer (entry is NULL until basefc_entry
 * has looked for it). */
BaseLabel basefc_label(BaseFc *fc, const char *path, char kind);

/* The base entry behind that answer ("REGEX [MODE]"): the one libselinux's
 * order picks among the lines of the files it reads (FILE, FILE.homedirs,
 * FILE.local); NULL when the type is inherited.  A scan of every entry:
 * for diagnostics. */
const char *basefc_entry(BaseFc *fc, const char *path, char kind);

/* The base entries that label something strictly below directory dir and
 * are more specific than a module's "DIR(/.*)?" (their literal part lies
 * inside dir), with a type other than dir's own (what a new file in dir
 * would get): the first of them in file order, and their count.  type is
 * NULL when there is none. */
BaseLabel basefc_below(BaseFc *fc, const char *dir);
/* The base type of the directory that holds `path`. */
const char *basefc_parent_type(BaseFc *fc, const char *path);
/* Calls fn with the base type of every directory strictly above `path`,
 * from "/" down to its parent (NULL for one that cannot be looked up:
 * basefc_error says why). */
void basefc_each_dir_above(BaseFc *fc, const char *path, void (*fn)(const char *type, void *arg),
			   void *arg);

/* The base's labels along the kernel's walk of `path` on this host
 * (util/pathwalk.h): each symbolic link read on the way, with its type as
 * a link, and the file the walk lands on, with its type as `kind` ('f' or
 * 'd').  A type is NULL when the file contexts failed (basefc_error). */
typedef struct BaseWalk {
	char *final;
	const char *type;
	size_t nlinks;
	char *link[PATHWALK_MAX_LINKS];
	const char *link_type[PATHWALK_MAX_LINKS];
	int missing;            /* pathwalk: a component does not exist here */
} BaseWalk;
void basefc_walk(BaseFc *fc, const char *path, char kind, BaseWalk *w);
void basefc_walk_free(BaseWalk *w);

#endif
