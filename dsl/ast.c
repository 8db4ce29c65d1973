/* ast.c: the interner and the small helpers the grammar actions call. */
#include "ast.h"

#include <string.h>

const char *const device_names[DEV_COUNT] = {
	"kvm", "tun", "video", "input", "sound", "usb", "cdrom", "printer", "serial",
};

int device_lookup(const char *name)
{
	for (int i = 0; i < DEV_COUNT; i++)
		if (strcmp(device_names[i], name) == 0)
			return i;
	return -1;
}

const char *stmt_keyword(StmtKind k)
{
	static const char *const kw[] = {
		[ST_EXEC] = "exec", [ST_CONFIG] = "config", [ST_LOG] = "log",
		[ST_DISK] = "disk", [ST_SOCKET] = "socket", [ST_DEVICE] = "device",
		[ST_CONNECT] = "connect", [ST_NET_NONE] = "net none",
		[ST_NET_EGRESS] = "net egress", [ST_NET_LISTEN] = "net listen",
		[ST_NET_VIA] = "net via", [ST_LIMITS] = "limits",
	};
	return kw[k];
}

static unsigned hash_bytes(const char *s, unsigned n)
{
	unsigned h = 2166136261u;          /* FNV-1a */
	for (unsigned i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

void intern_init(Interner *in, Arena *a)
{
	in->arena = a;
	in->cap = 256;
	in->count = 0;
	in->slots = arena_alloc(a, in->cap * sizeof *in->slots);
}

static void grow(Interner *in)
{
	unsigned cap = in->cap * 2;
	Sym **slots = arena_alloc(in->arena, cap * sizeof *slots);
	for (unsigned i = 0; i < in->cap; i++) {
		Sym *s = in->slots[i];
		if (!s)
			continue;
		unsigned j = s->hash & (cap - 1);
		while (slots[j])
			j = (j + 1) & (cap - 1);
		slots[j] = s;
	}
	in->slots = slots;
	in->cap = cap;
}

Sym *intern(Interner *in, const char *s, unsigned len)
{
	if ((in->count + 1) * 2 > in->cap)
		grow(in);
	unsigned h = hash_bytes(s, len), j = h & (in->cap - 1);
	for (Sym *e; (e = in->slots[j]); j = (j + 1) & (in->cap - 1))
		if (e->hash == h && e->len == len && memcmp(e->name, s, len) == 0)
			return e;
	Sym *e = ARENA_NEW(in->arena, Sym);
	e->name = arena_strndup(in->arena, s, len);
	e->len = len;
	e->hash = h;
	in->slots[j] = e;
	in->count++;
	return e;
}

void module_init(Module *m)
{
	memset(m, 0, sizeof *m);
	m->zones_tail = &m->zones;
	m->launchers_tail = &m->launchers;
	m->channels_tail = &m->channels;
	m->asserts_tail = &m->asserts;
}

void module_add_zone(Module *m, Zone *z)
{
	if (z->kind == ZK_LAUNCHER) {
		*m->launchers_tail = z;
		m->launchers_tail = &z->next;
		if (!m->launcher)
			m->launcher = z;
		return;
	}
	z->index = m->nzones++;
	*m->zones_tail = z;
	m->zones_tail = &z->next;
}

void module_add_channel(Module *m, Channel *c)
{
	m->nchannels++;
	*m->channels_tail = c;
	m->channels_tail = &c->next;
}

void module_add_assert(Module *m, Assert *a)
{
	m->nasserts++;
	*m->asserts_tail = a;
	m->asserts_tail = &a->next;
}

const char *zone_label(const Zone *z)
{
	return z->name ? z->name->name : "launcher";
}
