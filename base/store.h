/* store.h: the base policy as a semodule store, and the link.
 *
 * Debian's reference policy ships as packages (/usr/share/selinux/default,
 * listed in .modules).  They are installed once with `semodule -p` into a
 * private store under the cache directory, which keeps each module as CIL.
 * A link adds the new modules to the store's compile, cached once
 * (base/fastlink.h, a tenth of a second), or runs secilc over those CIL
 * files and the new modules (seconds), with neverallow checking on.  A
 * store root given by the user (--base-store) is used as it is.
 */
#ifndef ZP_STORE_H
#define ZP_STORE_H

#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "strvec.h"


/* The root of the cached store built from the packages in base_dir (built
 * now if missing), malloc'ed; NULL with a message in err. */
char *store_base(const char *cache, const char *base_dir, char *err, size_t errlen);
/* The CIL files of every module in a store root, by module name, the
 * highest priority of each name (as libsemanage does).  store_cils reads
 * the store named "default", store_cils_named the one named name. */
int store_cils(const char *root, StrVec *out, char *err, size_t errlen);
int store_cils_named(const char *root, const char *name, StrVec *out, char *err, size_t errlen);

typedef struct LinkJob {
	const char *output;       /* the binary kernel policy */
	const char *fc_output;    /* its file contexts */
	const char *store;        /* a store root (NULL: build one from base_dir) */
	const char *base_dir;
	const char *store_name;   /* the store's name under root (NULL: "default") */
	int no_neverallow;        /* link without neverallow checking (the base
	                           * fails its own: base/naproof.h proves the module's) */
	int no_dontaudit;         /* leave the dontaudit rules out (secilc -D): every
	                           * denial is logged (the kernel test on Fedora) */
	const char *cache;
	char *const *modules;     /* .pp or .cil files */
	int nmodules;
	int full;                 /* secilc over the whole base even when the fast
	                           * link could do it (base/fastlink.h) */
	FILE *notes;              /* why a link was not fast (NULL: silent) */
} LinkJob;

/* Links the store's modules and j->modules and writes both outputs
 * atomically: added to the cached compile of the base (base/fastlink.h),
 * or with secilc over the whole base when j->full is set or the fast link
 * steps aside.  0, or -1 with a message (and the tool's output) in err. */
int link_policy(const LinkJob *j, Buf *err);

/* Runs secilc over cils into the binary policy pol and the file contexts
 * fc; no_neverallow adds -N, no_dontaudit -D.  Its status (127: not
 * installed), with its output in log and run_tool's message in err. */
int run_secilc(const StrVec *cils, const char *pol, const char *fc, int no_neverallow, int no_dontaudit,
	       Buf *log, char *err, size_t errlen);

/* Writes a linked policy and its file contexts to j's outputs, both or
 * neither.  0, or -1 with the message in err. */
int link_write(const LinkJob *j, const char *pol, size_t plen, const char *fc, size_t fclen, Buf *err);

#endif
