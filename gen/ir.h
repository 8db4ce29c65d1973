/* ir.h: the rule IR, the one representation every policy printer reads.
 *
 * lower.c turns the checked AST into an Ir: declared types with their
 * attributes, allow / type_transition / neverallow rules, file contexts,
 * port contexts and interfaces.  Every element keeps the AST location and a
 * short description of the statement it came from, so the .te comment, an
 * error and `explain` can all point back at the .zone line.  Elements keep
 * the order lower.c creates them in: source order.
 */
#ifndef ZP_IR_H
#define ZP_IR_H

#include <stdbool.h>

#include "ast.h"

typedef struct Origin {
	Loc loc;
	const char *what;        /* e.g. "config \"/etc/sw/gateway.conf\"" */
} Origin;

typedef struct IrType {
	struct IrType *next;
	const char *name;
	const char **attrs;      /* as many as lower.c gives it */
	int nattrs;
	size_t attrs_cap;
	Arena *arena;
	bool domain;             /* gets `role system_r` */
	Origin o;
} IrType;

/* R_DONTAUDIT grants nothing: a denial it covers is not logged. */
typedef enum RuleKind { R_ALLOW, R_TYPE_TRANS, R_NEVERALLOW, R_DONTAUDIT } RuleKind;

typedef struct IrRule {
	struct IrRule *next;
	RuleKind kind;
	const char *src, *tgt, *cls;
	const char *perms;       /* space separated; allow, neverallow, dontaudit */
	const char *newtype;     /* type_transition */
	const char *filename;    /* named type_transition, or NULL */
	const char *optional;    /* name of the optional block, or NULL */
	const char *src_minus;   /* non-NULL: the source is src minus this
				  * attribute (`{ domain -M_domain }`) */
	const char *src_set;     /* then: that set's attribute in CIL,
				  * M_typeattr_N, the name libsepol gives it
				  * when it turns the .pp into CIL (so the
				  * policies linked from both are the same) */
	const Zone *zone;        /* the zone the rule serves (NULL: module-wide) */
	Origin o;
} IrRule;

typedef enum FcKind { FC_ANY, FC_FILE, FC_DIR, FC_PIPE, FC_SOCK } FcKind;

typedef struct IrFilecon {
	struct IrFilecon *next;
	const char *path;        /* the literal path, without a trailing '/' */
	bool tree;               /* the path and everything below it */
	FcKind kind;
	const char *type;
	/* Non-NULL: no entry.  The path keeps the base's own type `type`, and
	 * what the program creates inside it gets `inner` by a type
	 * transition; the emitters write this as a comment. */
	const char *inner;
	Origin o;
} IrFilecon;

typedef struct IrPortcon {
	struct IrPortcon *next;
	Proto proto;
	unsigned lo, hi;
	const char *type;
	Origin o;
} IrPortcon;

/* A path that must exist before the zones start, in creation order (parents
 * first): the runtime directory /run/M/, the socket directories and the
 * directories above a socket in /run/M/, then the channel FIFOs.  The
 * launcher creates them; with no launcher systemd-tmpfiles does, from
 * M.tmpfiles.conf (emit_tmpfiles.c). */
typedef struct IrRuntime {
	struct IrRuntime *next;
	FcKind kind;             /* FC_DIR or FC_PIPE */
	const char *path;
	unsigned mode;           /* 0755, 0600 */
	Origin o;
} IrRuntime;

/* The host's packet filter (M.nft, emit_nft.c): nftables' secmark
 * objects, each naming a packet type of the module, and the rules of the
 * table's chains in order.  A rule is nftables' own text (the match and
 * the statement), made by lower_net.c from the segments and `net`
 * statements; the printer adds nothing but the chains around them. */
typedef enum NftChain {
	NFT_LABEL_PRE,           /* prerouting, after conntrack and DNAT: packet labels */
	NFT_LABEL_OUT,           /* output, after DNAT: packet labels */
	NFT_INPUT,               /* filter: what the segments may send to the host */
	NFT_FORWARD,             /* filter: what the segments may send elsewhere */
	NFT_POSTROUTING,         /* nat: masquerade on the uplinks */
	NFT_CHAINS
} NftChain;

typedef struct IrSecmark {
	struct IrSecmark *next;
	const char *name;        /* the nftables object's name */
	const char *type;        /* the packet type it labels with */
	Origin o;
} IrSecmark;

typedef struct IrNft {
	struct IrNft *next;
	NftChain chain;
	const char *rule;
	Origin o;
} IrNft;

/* A host interface the launcher makes: a segment's bridge (with the host's
 * address) or a vm's tap on it. */
typedef struct IrLink {
	struct IrLink *next;
	const char *ifname;      /* M-S or M-Z */
	const char *bridge;      /* a tap: the bridge it joins; NULL for a bridge */
	const char *address;     /* a bridge: the host's address/prefix on it */
	const char *uplink;      /* a bridge: its uplink interface, or NULL */
	const char *peer;        /* a bridge: the peer type NetLabel gives what
				  * comes from its range (M.netlabel) */
	const char *range;       /* a bridge: that range, "10.10.1.0/24" */
	const char *host;        /* a bridge: the host's address there, "10.10.1.1/32" */
	const char *vm;          /* a tap: its vm */
	Origin o;
} IrLink;

/* A refpolicy interface for the .if: `name(domain)` grants these rules with
 * the caller's domain ($1) as source. */
typedef struct IrIface {
	struct IrIface *next;
	const char *name;
	const char *summary;
	IrRule *rules;           /* src is "$1" */
	IrRule **tail;
} IrIface;

typedef struct Ir {
	Arena *arena;
	const Module *mod;
	IrType *types, **types_tail;
	IrRule *rules, **rules_tail;
	IrFilecon *fcs, **fcs_tail;
	IrPortcon *ports, **ports_tail;
	IrIface *ifaces, **ifaces_tail;
	IrRuntime *runtime, **runtime_tail;
	IrSecmark *secmarks, **secmarks_tail;
	IrNft *nft, **nft_tail;
	IrLink *links, **links_tail;
	/* M_netcheck.cil (docs/network.md, "Without the ruleset"): the policy
	 * capability always_check_network and the allow rules that keep every
	 * domain but the module's as it was without the capability; NULL when
	 * the module labels no packets */
	IrRule *netcheck, **netcheck_tail;
	const char *netcheck_host;   /* its CIL attribute: domain minus own_attr */
	Origin netcheck_o;           /* why the module has one */
	bool runtime_by_tmpfiles;    /* no launcher: systemd-tmpfiles creates them */
	const char *own_attr;    /* the module's attribute of all its domains */
	Origin own_attr_o;
	const char *attrs[5];    /* the attributes the module declares (own_attr first) */
	int nattrs;
	const char **base_attrs; /* base attributes the rules name (required as attributes) */
	int nbase_attrs;
	size_t base_attrs_cap;
} Ir;

void ir_init(Ir *ir, Arena *a, const Module *m);
IrType *ir_type(Ir *ir, const char *name, Origin o);
void ir_attr(IrType *t, const char *attr);
/* A base attribute that rules name as source or target: required as an
 * attribute, not a type. */
void ir_base_attr(Ir *ir, const char *attr);
IrRule *ir_allow(Ir *ir, Origin o, const char *src, const char *tgt, const char *cls, const char *perms);
IrRule *ir_trans(Ir *ir, Origin o, const char *src, const char *tgt, const char *cls,
		 const char *newtype, const char *filename);
IrRule *ir_never(Ir *ir, Origin o, const char *src, const char *tgt, const char *cls, const char *perms);
IrRule *ir_dontaudit(Ir *ir, Origin o, const char *src, const char *tgt, const char *cls, const char *perms);
IrFilecon *ir_fc(Ir *ir, Origin o, const char *path, bool tree, FcKind k, const char *type);
IrRuntime *ir_runtime(Ir *ir, Origin o, FcKind k, const char *path, unsigned mode);
IrIface *ir_iface(Ir *ir, const char *name, const char *summary);
IrSecmark *ir_secmark(Ir *ir, Origin o, const char *name, const char *type);
IrNft *ir_nft(Ir *ir, Origin o, NftChain chain, const char *rule);
IrLink *ir_link(Ir *ir, Origin o, const char *ifname, const char *bridge);
/* An allow rule of M_netcheck.cil (not of M.te/M.cil); src may be
 * ir->netcheck_host. */
IrRule *ir_netcheck_allow(Ir *ir, Origin o, const char *src, const char *tgt, const char *cls, const char *perms);
void ir_iface_allow(Ir *ir, IrIface *f, const char *tgt, const char *cls, const char *perms);

/* Splits a perms string: calls fn for each permission. */
void perms_each(const char *perms, void (*fn)(const char *perm, size_t len, void *arg), void *arg);

#endif
