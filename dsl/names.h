/* names.h: the generated type names of spec section 4, in one place.
 *
 * The rule lowering, the vector generator and the collision check all name
 * types through these functions, so a name is spelled once.
 */
#ifndef ZP_NAMES_H
#define ZP_NAMES_H

#include "ast.h"

typedef enum TypeRole {
	TR_DOMAIN,      /* M_t, M_Z_t */
	TR_EXEC,        /* M_exec_t, M_Z_exec_t */
	TR_CONF, TR_LOG, TR_DISK, TR_SOCK,
	TR_TMP,         /* M_Z_tmp_t: the zone's private temporary files (`tmp`) */
	TR_MEMFD,       /* M_Z_memfd_t: a vm's memfd-backed guest RAM (`memory memfd`) */
	TR_PORT,
	TR_COUNT
} TypeRole;

/* Type of a zone's role; z may be the launcher.  Arena-allocated. */
const char *zone_type(Arena *a, const Module *m, const Zone *z, TypeRole r);
/* Channel FIFO types: "in", "out" or "fifo". */
const char *chan_type(Arena *a, const Module *m, const Channel *c, const char *which);
/* The module's runtime directory /run/M/ and its type M_runtime_t. */
const char *runtime_type(Arena *a, const Module *m);
const char *runtime_dir(Arena *a, const Module *m);
/* /run/M/C.in, /run/M/C.out, /run/M/C.fifo */
const char *chan_path(Arena *a, const Module *m, const Channel *c, const char *which);

/* The type of ports lo..hi that no zone listens on and the egress of
 * several zones names: M_LO_PROTO_port_t (M_LO_HI_PROTO_port_t for a
 * range).  It starts with a digit after M_, so no zone or channel name
 * can spell it, and no zone owns it. */
const char *shared_port_type(Arena *a, const Module *m, Proto proto, unsigned lo, unsigned hi);

/* The role a path statement gives its file. */
TypeRole stmt_role(StmtKind k);

/* The file roles a zone's statements give (config, log, disk, socket, tmp), each
 * once, in the order of first use, with the statement that first gives it.
 * keep (NULL: every statement) may leave statements out.  Returns how many. */
typedef struct ZoneRole {
	TypeRole role;
	const Stmt *first;
} ZoneRole;
int zone_roles(const Zone *z, bool (*keep)(const Zone *, StmtKind), ZoneRole out[TR_COUNT]);

#endif
