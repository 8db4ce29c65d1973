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

/* Type of a zone's role; z may be the launcher.  Arena-allocated, or the
 * name the type-names pass kept (sema.c: every role the zone gives). */
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

/* Packet types of the host's packet labels (docs/network.md):
 * M_host_packet_t (owner NULL: what no zone statement names),
 * M_S_seg_packet_t and M_S_fwd_packet_t (segment S: all it sends; what
 * its `reach` lets out), M_G_via_packet_t and M_G_reply_packet_t (to and
 * from the ports G listens on, at a local address). */
const char *packet_type(Arena *a, const Module *m, const char *owner, const char *what);
/* M_S_peer_t: the peer label NetLabel gives every packet that segment S's
 * bridge receives (M.netlabel, docs/network.md). */
const char *peer_type(Arena *a, const Module *m, const char *segment);
/* The host interfaces the launcher makes: M-S (a segment's bridge) and
 * M-tN (the tap of the vm that is zone N, from 0, in source order: zone
 * names are too long for Linux's 15 bytes). */
const char *link_name(Arena *a, const Module *m, const char *name);
const char *tap_name(Arena *a, const Module *m, const Zone *z);

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
