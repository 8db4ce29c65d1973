/* emit.h: the printers.  .te, .cil, .fc and .if print the rule IR; the
 * vectors print the AST's meaning (vectors.c); each fills its templates. */
#ifndef ZP_EMIT_H
#define ZP_EMIT_H

#include "buf.h"
#include "ir.h"

typedef struct Emit {
	const Ir *ir;
	const Module *m;
	const char *source;      /* the .zone file's base name, for comments */
	const char *tpl_dir;     /* --template-dir, or NULL for the built-in */
	const struct BasePolicy *base;   /* base port labels, when zones use `net` */
	struct BaseFc *fc;       /* base labels of directories (vectors: search) */
	const struct RuleBlocks *blocks; /* the IR's rules by block */
	Diag *diag;              /* the build's sink: an emitter's error about
				  * the .zone file is a check (checks.def) */
	char err[512];           /* an environment error (a template) */
} Emit;

/* Each emitter returns 0, or -1 with either a report in e->diag (its
 * error count grew) or a message in e->err. */

int emit_te(Emit *e, Buf *out);
int emit_cil(Emit *e, Buf *out);
int emit_fc(Emit *e, Buf *out);
int emit_if(Emit *e, Buf *out);
int emit_vectors(Emit *e, Buf *out);
int emit_nft(Emit *e, Buf *out);         /* only when the IR has packet labels */
int emit_netcheck(Emit *e, Buf *out);    /* M_netcheck.cil: the same */
int emit_netlabel(Emit *e, Buf *out);    /* M.netlabel: only when the module has segments */
int emit_semanage(Emit *e, Buf *out);    /* only when the IR has portcons */
int emit_tmpfiles(Emit *e, Buf *out);    /* only when tmpfiles makes the runtime paths */

/* ---- shared by the printers (emit_common.c) ---- */

/* The names a module uses but does not declare, sorted. */
typedef struct Requires {
	const char **types, **attrs, **roles;
	size_t ntypes, nattrs, nroles;
	struct ReqClass {
		const char *cls;
		const char **perms;
		size_t nperms;
	} *classes;
	size_t nclasses;
} Requires;

typedef struct StrSet StrSet;
StrSet *strset_new(void);
void strset_free(StrSet *s);
bool strset_add(StrSet *s, const char *str);     /* true when newly added */
bool strset_has(const StrSet *s, const char *str);

/* The rules by block, made once after the lowering (rule_blocks_make):
 * the main body first, then each optional block in order of first use,
 * each with its rules in the IR's order and its requirements.  The main
 * body's leave out the types the module declares and list every class
 * with every permission the module names on it; an optional block's leave
 * out what the main body requires too, and list no class. */
typedef struct RuleBlock {
	const char *optional;         /* NULL: the main body */
	const IrRule **rules;
	size_t n, cap;
	Requires rq;
} RuleBlock;

typedef struct RuleBlocks {
	RuleBlock *v;
	size_t n;
} RuleBlocks;

/* The lists are in a (arena), the rules' arrays malloc'ed (rule_blocks_free). */
void rule_blocks_make(RuleBlocks *rb, Arena *a, const Ir *ir);
void rule_blocks_free(RuleBlocks *rb);
/* The set of types the module declares. */
StrSet *declared_types(const Ir *ir);

/* The .fc regular expression of a literal path. */
void fc_regex(Buf *out, const char *path, bool tree);
const char *fc_kind_flag(FcKind k);     /* "", "--", "-d", "-p", "-s" */
const char *cil_fc_kind(FcKind k);      /* any file dir pipe socket */

/* A rule's permissions in byte order, space separated, as refpolicy writes
 * them and SELint checks (C-005); the set, and so the policy, is the same. */
void perms_sorted(Buf *out, const char *perms);

/* Origin comment text: "sw.zone:12: config \"/etc/x\"" */
void origin_text(Buf *out, const Emit *e, const Origin *o);

/* The rules of one block, each run of rules from one origin under a
 * comment line. */
void print_rule_blocks(Buf *b, const Emit *e, const RuleBlock *blk, const char *indent,
		       const char *comment, void (*print)(Buf *, const IrRule *, const char *));

#endif
