/* sema.h: name resolution and semantic checks, as a table of named passes. */
#ifndef ZP_SEMA_H
#define ZP_SEMA_H

#include "ast.h"

typedef struct SemaOptions {
	/* Module names of the base policy (a module named like one of them
	 * would collide with its types); NULL-terminated, may be NULL. */
	const char *const *base_modules;
	const char *base_modules_source;   /* where that list was read */
	/* Every module that has a refpolicy interface header, base layer
	 * included, as "LAYER/NAME"; NULL-terminated, may be NULL. */
	const char *const *base_headers;
	const char *base_headers_source;   /* the header directory */
	/* Does the base policy declare this type or attribute?  NULL: unknown
	 * (the check is skipped). */
	bool (*base_has_type)(const void *base, const char *name);
	const void *base;
	const char *base_source;           /* the base policy's file, for notes */
} SemaOptions;

typedef struct Sema {
	Arena *arena;
	Diag *diag;
	Module *mod;
	const SemaOptions *opt;
	Pass pass;               /* the pass running (checks.def) */
} Sema;

/* One pass: its name is pass_name(pass), and it reports only the checks
 * checks.def gives to that pass. */
typedef struct SemaPass {
	Pass pass;
	void (*run)(Sema *s);
} SemaPass;

extern const SemaPass sema_passes[];
extern const size_t sema_npasses;

/* Runs every pass in order; returns the number of errors. */
int sema_run(Arena *a, Diag *d, Module *m, const SemaOptions *opt);

#endif
