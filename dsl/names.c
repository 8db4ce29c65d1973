/* names.c: spelling of generated type names (spec section 4). */
#include "names.h"

static const char *const suffix[TR_COUNT] = {
	[TR_DOMAIN] = "t", [TR_EXEC] = "exec_t", [TR_CONF] = "conf_t",
	[TR_LOG] = "log_t", [TR_DISK] = "disk_t", [TR_SOCK] = "sock_t", [TR_TMP] = "tmp_t",
	[TR_MEMFD] = "memfd_t",
	[TR_PORT] = "port_t",
};

const char *zone_type(Arena *a, const Module *m, const Zone *z, TypeRole r)
{
	if (z->tnames && z->tnames[r])
		return z->tnames[r];     /* kept by the type-names pass */
	if (!z->name)
		return arena_printf(a, "%s_%s", m->name->name, suffix[r]);
	return arena_printf(a, "%s_%s_%s", m->name->name, z->name->name, suffix[r]);
}

const char *chan_type(Arena *a, const Module *m, const Channel *c, const char *which)
{
	return arena_printf(a, "%s_%s_%s_t", m->name->name, c->name->name, which);
}

const char *runtime_type(Arena *a, const Module *m)
{
	return arena_printf(a, "%s_runtime_t", m->name->name);
}

const char *runtime_dir(Arena *a, const Module *m)
{
	return arena_printf(a, "/run/%s", m->name->name);
}

const char *chan_path(Arena *a, const Module *m, const Channel *c, const char *which)
{
	return arena_printf(a, "/run/%s/%s.%s", m->name->name, c->name->name, which);
}

const char *shared_port_type(Arena *a, const Module *m, Proto proto, unsigned lo, unsigned hi)
{
	const char *pr = proto == PROTO_TCP ? "tcp" : "udp";
	if (lo == hi)
		return arena_printf(a, "%s_%u_%s_port_t", m->name->name, lo, pr);
	return arena_printf(a, "%s_%u_%u_%s_port_t", m->name->name, lo, hi, pr);
}

TypeRole stmt_role(StmtKind k)
{
	switch (k) {
	case ST_EXEC: return TR_EXEC;
	case ST_CONFIG: return TR_CONF;
	case ST_LOG: return TR_LOG;
	case ST_DISK: return TR_DISK;
	case ST_SOCKET: return TR_SOCK;
	case ST_TMP: return TR_TMP;
	case ST_MEMORY: return TR_MEMFD;
	default: return TR_COUNT;
	}
}

int zone_roles(const Zone *z, bool (*keep)(const Zone *, StmtKind), ZoneRole out[TR_COUNT])
{
	bool seen[TR_COUNT] = { 0 };
	int n = 0;
	for (const Stmt *st = z->body; st; st = st->next) {
		TypeRole r = stmt_role(st->kind);
		if (r == TR_COUNT || r == TR_EXEC || seen[r] || (keep && !keep(z, st->kind)))
			continue;
		seen[r] = true;
		out[n++] = (ZoneRole){ r, st };
	}
	return n;
}

const char *packet_type(Arena *a, const Module *m, const char *owner, const char *what)
{
	if (!owner)
		return arena_printf(a, "%s_%s_packet_t", m->name->name, what);
	return arena_printf(a, "%s_%s_%s_packet_t", m->name->name, owner, what);
}

const char *peer_type(Arena *a, const Module *m, const char *segment)
{
	return arena_printf(a, "%s_%s_peer_t", m->name->name, segment);
}

const char *link_name(Arena *a, const Module *m, const char *name)
{
	return arena_printf(a, "%s-%s", m->name->name, name);
}

const char *tap_name(Arena *a, const Module *m, const Zone *z)
{
	return arena_printf(a, "%s-t%u", m->name->name, z->index);
}
