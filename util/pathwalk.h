/* pathwalk.h: the way the kernel walks an absolute path on this host.
 *
 * `run`, `read` and `exec ... shared` name installed files of the host the
 * policy is built for.  On Debian 12 `/bin/sh` is `/bin` -> `usr/bin` and
 * `/usr/bin/sh` -> `dash`: the kernel reads each symbolic link on the way
 * (`lnk_file read` on the link's type) and checks the program's access on
 * the file it lands on, `/usr/bin/dash`.  pathwalk follows the links as the
 * kernel does (lstat and readlink, component by component) and returns the
 * links it read and the path it arrives at.  A component that does not
 * exist ends the walk: the rest is taken literally.
 */
#ifndef ZP_PATHWALK_H
#define ZP_PATHWALK_H

#include <stddef.h>

enum { PATHWALK_MAX_LINKS = 40 };    /* the kernel's MAXSYMLINKS */

typedef struct PathWalk {
	char *final;                     /* where the walk lands, canonical */
	char *links[PATHWALK_MAX_LINKS]; /* each link read, in order (canonical paths) */
	size_t nlinks;
	int missing;                     /* a component did not exist: the rest is literal */
	int loop;                        /* too many links: final is the path as given */
} PathWalk;

/* Walks path (absolute, canonical); every string is malloc'ed. */
void pathwalk(const char *path, PathWalk *w);
void pathwalk_free(PathWalk *w);

#endif
