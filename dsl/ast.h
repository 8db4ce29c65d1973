/* ast.h: the syntax tree of a .zone file and the interner of its names.
 *
 * The parser builds it (grammar actions only allocate and link nodes); the
 * passes in sema.c resolve names and fill the "resolved" fields.  Every node
 * carries the location of the token that represents it.  Lists keep source
 * order: later stages print in that order, so output is deterministic.
 */
#ifndef ZP_AST_H
#define ZP_AST_H

#include <stdbool.h>
#include <stdint.h>

#include "arena.h"
#include "diag.h"
#include "proto.h"
#include "strmap.h"

typedef struct Zone Zone;
typedef struct Channel Channel;
typedef struct Segment Segment;

/* An interned identifier: equal names are the same pointer. */
typedef struct Sym {
	const char *name;
	unsigned len;
	Zone *zone;            /* resolved: the zone of that name, if any */
	Channel *chan;         /* resolved: the channel of that name, if any */
	Segment *seg;          /* resolved: the segment of that name, if any */
} Sym;

typedef struct Interner {
	Arena *arena;            /* the Syms */
	StrMap names;            /* name -> Sym */
} Interner;

void intern_init(Interner *in, Arena *a);
void intern_free(Interner *in);
Sym *intern(Interner *in, const char *s, unsigned len);

/* Device classes of `device`; the spec's order. */
typedef enum Device {
	DEV_KVM, DEV_TUN, DEV_VIDEO, DEV_INPUT, DEV_SOUND, DEV_USB, DEV_CDROM,
	DEV_PRINTER, DEV_SERIAL, DEV_COUNT
} Device;
extern const char *const device_names[DEV_COUNT];
int device_lookup(const char *name);   /* -1 when unknown */

/* `capability NAME, ...`: the capabilities a zone may be granted (SELinux
 * still decides every access they would open); the others are refused. */
enum { CAP_GRANTABLE = 15 };
extern const char *const cap_names[CAP_GRANTABLE];
int cap_lookup(const char *name);     /* index in cap_names, or -1 */
/* Why a capability is never granted, or NULL when unknown to the kernel. */
const char *cap_refused(const char *name);

typedef enum StmtKind {
	ST_EXEC, ST_CONFIG, ST_LOG, ST_DISK, ST_SOCKET,   /* paths the module labels
							    * (an `exec ... shared` does not) */
	ST_RUN, ST_READ,                                   /* paths the base labels */
	ST_DEVICE, ST_CONNECT,                             /* name lists */
	ST_NET_NONE, ST_NET_EGRESS, ST_NET_LISTEN, ST_NET_VIA,
	ST_LIMITS, ST_EXECMEM, ST_TMP, ST_CAPABILITY,
	ST_CONSOLE_NONE,                                   /* the launcher: no console login */
	ST_MEMORY, ST_VHOST_NET,                           /* vm: optional QEMU features */
	ST_NET_SEGMENT,                                    /* `net segment S` (vm) */
	ST_SEG_ADDRESS, ST_SEG_UPLINK, ST_SEG_REACH        /* inside `segment S { }` */
} StmtKind;
const char *stmt_keyword(StmtKind k);   /* "exec", "config", ... "net egress" */
/* An address and prefix, as `address` and `reach` write them
 * ("10.1.0.1/24", "2001:db8::/32"); sema parses it. */
typedef struct NetAddr {
	int family;             /* 4 or 6; 0 when the text is not an address */
	unsigned char bytes[16];
	unsigned prefix;        /* 0..32 or 0..128 */
} NetAddr;

/* The statement has a path (exec .. read). */
static inline bool stmt_has_path(StmtKind k) { return k <= ST_READ; }

typedef struct NameRef {
	struct NameRef *next;
	Loc loc;
	Sym *sym;
} NameRef;

typedef struct PortRange {
	struct PortRange *next;
	Loc loc;
	unsigned long lo, hi;   /* as written; sema checks 1..65535, lo <= hi */
} PortRange;

typedef enum LimitKind { LIM_CPU, LIM_MEMORY, LIM_TASKS } LimitKind;
typedef struct Limit {
	struct Limit *next;
	Loc loc;
	LimitKind kind;
	unsigned long long value;   /* percent, bytes, or tasks */
	const char *text;           /* as written, e.g. "4G", "50%" */
} Limit;

typedef struct Stmt {
	struct Stmt *next;
	Loc loc;                /* the keyword */
	StmtKind kind;
	/* paths */
	const char *path;       /* ST_EXEC .. ST_READ: the string's value */
	Loc path_loc;
	bool is_dir;            /* the path ends in '/' */
	const char *dir;        /* the path without its trailing '/' */
	NameRef *takeover;      /* `takeover TYPE`: the base type this path
				 * takes from the base policy, or NULL */
	bool rotate;            /* ST_LOG with `rotate`: logrotate may manage it */
	bool shared;            /* `exec PATH shared`: the base's file, entered
				 * explicitly; the module labels nothing */
	Loc shared_loc;
	/* ST_DEVICE, ST_CONNECT, ST_NET_VIA and ST_MEMORY (one name) */
	NameRef *names;
	/* ST_NET_EGRESS, ST_NET_LISTEN, ST_SEG_REACH */
	Proto proto;
	PortRange *ports;
	bool any_port;          /* `net egress tcp any`; ST_SEG_REACH without ports */
	/* ST_SEG_ADDRESS, ST_SEG_REACH: the address text (in `path`) parsed by sema;
	 * ST_SEG_UPLINK: the interface name is in `path` */
	NetAddr addr;
	/* ST_LIMITS */
	Limit *limits;
	Zone *zone;             /* the zone (or launcher) it belongs to */
} Stmt;

/* The statement's path gets a type of the module's own: exec (not shared),
 * config, log, disk, socket. */
bool stmt_labels_path(const Stmt *st);

typedef enum ZoneKind { ZK_LAUNCHER, ZK_VM, ZK_PROGRAM } ZoneKind;

struct Zone {
	Zone *next;
	Loc loc;                /* the `vm`, `program` or `launcher` keyword */
	ZoneKind kind;
	bool trusted;
	Sym *name;              /* NULL for the launcher */
	Loc name_loc;
	Stmt *body;
	unsigned index;         /* position among the zones, from 0 */
	/* resolved by sema */
	Stmt *exec;
	Stmt *socket;
	unsigned devices;       /* bit (1 << Device) for each listed class */
	const Stmt *device_stmt[DEV_COUNT];
	bool has_net;           /* some `net` other than `none` */
	Stmt *execmem;          /* the `execmem` statement, or NULL */
	Stmt *tmp;              /* the `tmp` statement, or NULL */
	Stmt *console_none;     /* the launcher's `console none`, or NULL */
	Stmt *memfd;            /* a vm's `memory memfd`, or NULL */
	Stmt *vhost_net;        /* a vm's `vhost net`, or NULL */
	unsigned caps;          /* bit (1 << Cap) for each `capability` granted */
	const Stmt *cap_stmt[CAP_GRANTABLE]; /* where each was first listed */
	Stmt *segment_stmt;     /* `net segment S`, or NULL */
	Segment *segment;       /* resolved: its segment */
	bool egress_any;        /* some `net egress PROTO any` */
	const char **tnames;    /* by TypeRole: the names of its types, kept by
				 * the type-names pass (zone_type) */
};

/* `segment S { address "A/P"; uplink "IF"; reach "R/P" [PROTO PORTS]; }`:
 * a virtual network the launcher makes (a bridge named M-S with the host's
 * address A on it); the VMs that say `net segment S` have their tap on it. */
struct Segment {
	Segment *next;
	Loc loc;
	Sym *name;
	Loc name_loc;
	Stmt *body;
	unsigned index;
	/* resolved by sema */
	Stmt *address;          /* the host's address on the segment */
	Stmt *uplink;           /* NULL: reached ranges leave by any route, not NATed */
	bool has_reach;
};

struct Channel {
	Channel *next;
	Loc loc;
	Sym *name;
	Loc name_loc;
	NameRef from, to;
	NameRef *via;           /* NULL without `via` */
};

typedef struct Assert {
	struct Assert *next;
	Loc loc;
	NameRef from, to;
} Assert;

typedef struct Module {
	Loc loc;
	Sym *name;
	Loc name_loc;
	const char *version;
	Zone *launcher;         /* the first launcher; sema rejects a second */
	Zone *launchers;        /* every launcher block, in order */
	Zone *zones;            /* vm and program blocks, in order */
	Channel *channels;
	Assert *asserts;
	Segment *segments;
	unsigned nzones, nchannels, nsegments;
	/* list tails, for appending in source order */
	Zone **zones_tail, **launchers_tail;
	Channel **channels_tail;
	Assert **asserts_tail;
	Segment **segments_tail;
} Module;

void module_init(Module *m);
void module_add_zone(Module *m, Zone *z);
void module_add_channel(Module *m, Channel *c);
void module_add_assert(Module *m, Assert *a);
void module_add_segment(Module *m, Segment *g);

/* Name of a zone for messages and type names: its identifier, or "launcher". */
const char *zone_label(const Zone *z);

#endif
