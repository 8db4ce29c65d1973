/* ast.c: the interner and the small helpers the grammar actions call. */
#include "ast.h"

#include <string.h>

const char *const device_names[DEV_COUNT] = {
	"kvm", "tun", "video", "input", "sound", "usb", "cdrom", "printer", "serial",
};

const char *const cap_names[CAP_GRANTABLE] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid", "setuid",
	"setpcap", "net_bind_service", "ipc_lock", "sys_chroot", "sys_nice", "sys_resource", "audit_write",
};

int cap_lookup(const char *name)
{
	for (int i = 0; i < CAP_GRANTABLE; i++)
		if (strcmp(cap_names[i], name) == 0)
			return i;
	return -1;
}

const char *cap_refused(const char *name)
{
	static const struct { const char *name, *why; } never[] = {
		{ "sys_admin", "it is half of root: mounts, namespaces, most of the kernel's knobs" },
		{ "sys_module", "it loads kernel code" },
		{ "sys_rawio", "it reaches devices and memory below the policy" },
		{ "sys_ptrace", "it reads and changes other processes" },
		{ "sys_boot", "it reboots the host" },
		{ "mac_admin", "it changes the policy's labels" },
		{ "mac_override", "it overrides the policy" },
		{ "net_admin", "it reconfigures the host's network (taps are the launcher's: issue 13)" },
		{ "net_raw", "raw sockets forge any packet" },
		{ "linux_immutable", "it unlocks immutable files" },
		{ "sys_pacct", "it changes process accounting" },
		{ "sys_time", "it sets the host's clock" },
		{ "sys_tty_config", "it reconfigures the consoles" },
		{ "mknod", "it makes device nodes" },
		{ "lease", "it takes leases on any file" },
		{ "audit_control", "it changes the audit rules" },
		{ "audit_read", "it reads the audit log" },
		{ "setfcap", "it gives files capabilities" },
		{ "ipc_owner", "it bypasses IPC permissions" },
		{ "net_broadcast", "it broadcasts on the host's networks" },
		{ "syslog", "it reads and clears the kernel log" },
		{ "wake_alarm", "it wakes the host" },
		{ "block_suspend", "it keeps the host awake" },
		{ "bpf", "it loads programs into the kernel" },
		{ "perfmon", "it observes every process" },
		{ "checkpoint_restore", "it restores other processes" },
	};
	for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
		if (strcmp(never[i].name, name) == 0)
			return never[i].why;
	return NULL;
}

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
		[ST_NET_VIA] = "net via", [ST_LIMITS] = "limits", [ST_RUN] = "run",
		[ST_READ] = "read", [ST_EXECMEM] = "execmem", [ST_TMP] = "tmp",
		[ST_CAPABILITY] = "capability", [ST_CONSOLE_NONE] = "console none",
		[ST_MEMORY] = "memory", [ST_VHOST_NET] = "vhost net",
	};
	return kw[k];
}

bool stmt_labels_path(const Stmt *st)
{
	return st->kind <= ST_SOCKET && !st->shared;
}

void intern_init(Interner *in, Arena *a)
{
	in->arena = a;
	in->names = (StrMap){ 0 };
}

void intern_free(Interner *in)
{
	strmap_free(&in->names);
}

Sym *intern(Interner *in, const char *s, unsigned len)
{
	bool added;
	size_t i = strmap_add(&in->names, s, len, &added);
	if (added) {
		Sym *e = ARENA_NEW(in->arena, Sym);
		e->name = in->names.v[i].key;      /* lives as long as the map */
		e->len = len;
		in->names.v[i].val = e;
	}
	return in->names.v[i].val;
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
	*m->asserts_tail = a;
	m->asserts_tail = &a->next;
}

const char *zone_label(const Zone *z)
{
	return z->name ? z->name->name : "launcher";
}
