/* profile.h: the base policy a module is built, linked and checked against,
 * chosen by name.  This is the one place that knows a distribution's paths.
 *
 *   debian  refpolicy as Debian ships it (selinux-policy-default): packages
 *           listed in /usr/share/selinux/default/.modules, installed into a
 *           cached private store for the link; neverallow checked on the
 *           whole store.
 *   fedora  Fedora's targeted policy: a system root whose store
 *           (var/lib/selinux/targeted) holds every module as CIL.  The root
 *           is $ZONEPOLICY_FEDORA_ROOT, else / on a host that runs it, else
 *           CACHE/fedora (built by tools/fedora-base.sh from the pinned
 *           snapshot).  Fedora installs with expand-check=0: its own store
 *           violates neverallows, so the link proves the module's instead
 *           (base/naproof.h).
 *
 * With no name the host decides: /etc/selinux/config's SELINUXTYPE
 * (targeted: fedora, default: debian), else debian;
 * $ZONEPOLICY_SELINUX_CONFIG names another file than /etc/selinux/config
 * (the tests play a Fedora host with it). */
#ifndef ZP_PROFILE_H
#define ZP_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct BaseProfile {
	const char *name;       /* "debian" or "fedora" */
	const char *store_name; /* the policy store's name: "default", "targeted" */
	char *root;             /* the system root the paths below lie in */
	char *policy;           /* binary policy (port labels, type names) */
	char *fc;               /* file contexts */
	char *modules;          /* module list: a file, one name a line, or a store's modules directory */
	char *headers;          /* refpolicy interface headers, LAYER/NAME.if */
	char *packages;         /* Debian: the .pp.bz2 packages listed in .modules (NULL: none) */
	char *store;            /* the store root to link with (NULL: built from packages) */
	const char *permmap;    /* setools' permission map */
	bool base_neverallows;  /* the base store passes its own neverallows */
} BaseProfile;

#define PROFILE_NAMES "debian|fedora"

/* Debian's paths (the debian profile; also the defaults of the fuzz driver) */
#define BASEFC_DEFAULT "/etc/selinux/default/contexts/files/file_contexts"
#define BASEPOL_DEFAULT "/etc/selinux/default/policy/policy.33"
#define DEFAULT_BASE_MODULES "/usr/share/selinux/default/.modules"
#define DEFAULT_BASE_HEADERS "/usr/share/selinux/devel/include"
#define STORE_BASE_DIR "/usr/share/selinux/default"
/* setools' permission map, the same file for every profile */
#define PERMMAP_DEFAULT "/usr/lib/python3/dist-packages/setools/perm_map"

/* The profile the host runs: "fedora" or "debian". */
const char *profile_host_default(void);

/* Fills p for name (NULL: the host's).  -1 with a message for an unknown
 * name. */
int profile_open(BaseProfile *p, const char *name, char *err, size_t errlen);
void profile_free(BaseProfile *p);

#endif
