/* emit_units.c: `build --units DIR`, one systemd service per zone.
 *
 * The launcher's unit is M.service; zone Z's is M-Z.service (identifiers
 * have no '-', so the names cannot collide).  Each runs the block's `exec`
 * under SELinuxContext= of its domain and carries the `limits` as cgroup
 * caps.  With units, systemd starts every zone from its own unit, once,
 * so that its limits apply; the launcher's unit runs the launcher for what
 * only it does, /run/M/, the channel FIFOs and the socket directories, and
 * it must then exit (it must not start the zones itself: they would run
 * twice):
 *
 *   M.service    Type=oneshot, RemainAfterExit=yes: "started" once the
 *                launcher has exited, /run/M/ made; Wants= every zone
 *                unit; the only unit with [Install];
 *   M-Z.service  BindsTo= and After= M.service: starts only after the
 *                launcher has made /run/M/ (starting it alone runs the
 *                launcher first), stopped and restarted with it.
 *
 * With `console none;` in the launcher (paper 2.3: the platform offers no
 * console) the launcher is the platform's only session instead:
 *
 *   M.service    Type=exec: the launcher runs for the platform's whole
 *                life and starts the zones itself; SuccessAction= and
 *                FailureAction=poweroff: when it exits, systemd powers
 *                the host off; no zone unit is written (a zone would run
 *                twice), so a zone's `limits` are refused by sema;
 *   the gettys   getty@, serial-getty@, autovt@, console-getty,
 *                container-getty@ and debug-shell: empty unit files,
 *                which systemd treats as masked (as a link to /dev/null),
 *                so init starts no login on any console.
 *
 * Without a launcher every zone unit is installed on its own.  A zone that
 * `connect`s to a program or reaches one by `net via` Wants= that program's
 * unit and starts After= it, except inside a cycle of such edges (systemd
 * would have to break the ordering loop itself).  docs/outputs.md explains
 * all of it.  The fixed text is templates/unit.service.in.
 *
 * When the module labels packets (the IR has secmark objects: M.nft is
 * written), the ruleset travels with the module, installed as
 * /usr/share/selinux-policy-M/M.nft (zonepolicy install and package put it
 * there), and the unit every zone depends on loads it before it starts:
 * the launcher's unit, or without a launcher each zone's.  ExecStartPre=
 * runs `nft -f` of it and then checks that the table and each secmark
 * object are there; a failure fails the unit, so no zone starts (the zone
 * units are BindsTo= the launcher's; with `console none` the host powers
 * off).  The '+' runs nft outside SELinuxContext= (the zone's domain may
 * not touch nftables), as systemd runs nftables.service.  With segments
 * it loads and checks M.netlabel the same way (the segments' NetLabel
 * peer labels).  docs/network.md, "Without the ruleset".
 */
#include "emit_extra.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "template.h"

/* Where zonepolicy install and package put M.nft (NFT_DIR M/M.nft), and
 * Debian's nft program. */
#define NFT_DIR "/usr/share/selinux-policy-"
#define NFT_PROGRAM "/usr/sbin/nft"

/* The ExecStart= program path.  systemd resolves '%' specifiers in it
 * (so '%' is doubled) but substitutes no variables there ('$' stays as
 * it is); it refuses a program path with a backslash, a quote or a control
 * character whatever the quoting, so such a path cannot be a unit at all. */
static int exec_path(Emit *e, Buf *b, const Stmt *exec)
{
	for (const char *p = exec->path; *p; p++)
		if (*p == '\\' || *p == '\'' || *p == '"' || (unsigned char)*p < 0x20 || *p == 0x7f) {
			diag_report(e->diag, exec->path_loc, CK_UNIT_EXEC_PATH,
				    "the exec path contains %s, which systemd cannot run (ExecStart=)",
				    *p == '\\' ? "a backslash" : *p == '\'' || *p == '"' ? "a quote" : "a control character");
			return -1;
		}
	for (const char *p = exec->path; *p; p++)
		buf_puts(b, *p == '%' ? "%%" : (char[2]){ *p, 0 });
	return 0;
}

/* A byte count in the largest of systemd's K/M/G/T (base 1024) that divides it. */
static void memory_value(Buf *b, unsigned long long v)
{
	static const char unit[] = "KMGT";
	int k = -1;
	while (k < 3 && v >= 1024 && v % 1024 == 0) {
		v /= 1024;
		k++;
	}
	if (k < 0)
		buf_printf(b, "%llu", v);
	else
		buf_printf(b, "%llu%c", v, unit[k]);
}

static void limit_lines(Buf *b, const Emit *e, const Zone *z)
{
	for (const Stmt *st = z->body; st; st = st->next) {
		if (st->kind != ST_LIMITS || !st->limits)
			continue;
		buf_printf(b, "# limits, %s:%u\n", e->source, st->loc.line);
		const Limit *by[3] = { 0 };
		for (const Limit *l = st->limits; l; l = l->next)
			if (!by[l->kind])
				by[l->kind] = l;
		if (by[LIM_CPU])
			buf_printf(b, "CPUQuota=%llu%%\n", by[LIM_CPU]->value);
		if (by[LIM_MEMORY]) {
			buf_puts(b, "MemoryMax=");
			memory_value(b, by[LIM_MEMORY]->value);
			buf_puts(b, "\n");
		}
		if (by[LIM_TASKS])
			buf_printf(b, "TasksMax=%llu\n", by[LIM_TASKS]->value);
	}
}

/* ---- the peer graph: connect and net via, and its cycles ---- */

typedef struct Peers {
	size_t n;            /* zones */
	const Zone **zone;
	size_t *first, *to;  /* edges of zone i: to[first[i] .. first[i+1]) */
	size_t *comp;        /* strongly connected component of each zone */
} Peers;

static bool is_peer_stmt(const Stmt *st)
{
	return st->kind == ST_CONNECT || st->kind == ST_NET_VIA;
}

static void peers_build(Peers *g, const Module *m)
{
	memset(g, 0, sizeof *g);
	size_t nedge = 0;
	for (const Zone *z = m->zones; z; z = z->next) {
		g->n++;
		for (const Stmt *st = z->body; st; st = st->next)
			if (is_peer_stmt(st))
				for (const NameRef *r = st->names; r; r = r->next)
					nedge++;
	}
	g->zone = xcalloc(g->n + 1, sizeof *g->zone);
	g->first = xcalloc(g->n + 1, sizeof *g->first);
	g->to = xcalloc(nedge + 1, sizeof *g->to);
	g->comp = xcalloc(g->n + 1, sizeof *g->comp);
	size_t i = 0, k = 0;
	for (const Zone *z = m->zones; z; z = z->next)
		g->zone[i++] = z;
	/* zone -> index, through a scan of the (sorted-by-source) array: the
	 * resolved Zone pointer is compared, never a name */
	for (i = 0; i < g->n; i++) {
		g->first[i] = k;
		for (const Stmt *st = g->zone[i]->body; st; st = st->next) {
			if (!is_peer_stmt(st))
				continue;
			for (const NameRef *r = st->names; r; r = r->next) {
				const Zone *t = r->sym ? r->sym->zone : NULL;
				if (!t || t == g->zone[i] || t->kind == ZK_LAUNCHER)
					continue;
				size_t j = t->index < g->n && g->zone[t->index] == t ? t->index : g->n;
				for (size_t s = 0; j == g->n && s < g->n; s++)
					if (g->zone[s] == t)
						j = s;
				bool dup = false;
				for (size_t d = g->first[i]; d < k; d++)
					dup |= g->to[d] == j;
				if (j < g->n && !dup)
					g->to[k++] = j;
			}
		}
	}
	g->first[g->n] = k;

	/* Tarjan's strongly connected components, without recursion */
	size_t *idx = xcalloc(g->n + 1, sizeof *idx), *low = xcalloc(g->n + 1, sizeof *low);
	size_t *stack = xcalloc(g->n + 1, sizeof *stack), *call = xcalloc(g->n + 1, sizeof *call);
	size_t *pos = xcalloc(g->n + 1, sizeof *pos);
	bool *on = xcalloc(g->n + 1, sizeof *on);
	const size_t unseen = (size_t)-1;
	for (i = 0; i < g->n; i++)
		idx[i] = unseen;
	size_t counter = 0, sp = 0, ncomp = 0;
	for (size_t root = 0; root < g->n; root++) {
		if (idx[root] != unseen)
			continue;
		size_t depth = 0;
		call[depth++] = root;
		idx[root] = low[root] = counter++;
		pos[root] = g->first[root];
		stack[sp++] = root;
		on[root] = true;
		while (depth > 0) {
			size_t v = call[depth - 1];
			if (pos[v] < g->first[v + 1]) {
				size_t w = g->to[pos[v]++];
				if (idx[w] == unseen) {
					idx[w] = low[w] = counter++;
					pos[w] = g->first[w];
					stack[sp++] = w;
					on[w] = true;
					call[depth++] = w;
				} else if (on[w] && idx[w] < low[v]) {
					low[v] = idx[w];
				}
				continue;
			}
			if (low[v] == idx[v]) {
				size_t w;
				do {
					w = stack[--sp];
					on[w] = false;
					g->comp[w] = ncomp;
				} while (w != v);
				ncomp++;
			}
			depth--;
			if (depth > 0 && low[v] < low[call[depth - 1]])
				low[call[depth - 1]] = low[v];
		}
	}
	free(idx);
	free(low);
	free(stack);
	free(call);
	free(pos);
	free(on);
}

static void peers_free(Peers *g)
{
	free(g->zone);
	free(g->first);
	free(g->to);
	free(g->comp);
}

/* ---- one unit ---- */

static const char *unit_name(Arena *a, const Module *m, const Zone *z)
{
	if (z->kind == ZK_LAUNCHER)
		return arena_printf(a, "%s.service", m->name->name);
	return arena_printf(a, "%s-%s.service", m->name->name, z->name->name);
}

/* Collapses runs of blank lines to one and drops blank lines at the end:
 * the template leaves a line for each optional block, which may be empty. */
static void tidy(Buf *out, const char *s)
{
	bool blank_before = true;      /* no blank line at the very top either */
	size_t pending = 0;
	while (*s) {
		const char *nl = strchr(s, '\n');
		size_t n = nl ? (size_t)(nl - s) : strlen(s);
		if (n == 0) {
			if (!blank_before)
				pending = 1;
			blank_before = true;
		} else {
			if (pending)
				buf_puts(out, "\n");
			pending = 0;
			buf_put(out, s, n);
			buf_puts(out, "\n");
			blank_before = false;
		}
		s += n + (nl ? 1 : 0);
	}
}

/* The ExecStartPre= lines that load M.nft and check it (see the top). */
static void ruleset_lines(Buf *b, const Emit *e)
{
	const char *m = e->m->name->name;
	buf_printf(b, "# the packet labels (docs/network.md): %s.nft loaded before any zone runs; if it does not\n"
		   "# load, or its table or a secmark object is missing, this unit fails and no zone starts\n", m);
	buf_printf(b, "ExecStartPre=+" NFT_PROGRAM " -f " NFT_DIR "%s/%s.nft\n", m, m);
	buf_printf(b, "ExecStartPre=+" NFT_PROGRAM " list table inet %s\n", m);
	for (const IrSecmark *s = e->ir->secmarks; s; s = s->next)
		buf_printf(b, "ExecStartPre=+" NFT_PROGRAM " list secmark inet %s %s\n", m, s->name);
	if (!e->m->segments)
		return;
	buf_printf(b, "# the segments' peer labels (NetLabel, docs/network.md): %s.netlabel loaded and\n"
		   "# checked before any zone runs, or this unit fails\n", m);
	buf_printf(b, "ExecStartPre=+/bin/sh " NFT_DIR "%s/%s.netlabel load\n", m, m);
	buf_printf(b, "ExecStartPre=+/bin/sh " NFT_DIR "%s/%s.netlabel check\n", m, m);
}

static int one_unit(Emit *e, const Peers *g, size_t self, const Zone *z, UnitFile *u)
{
	Arena *a = e->ir->arena;
	const Module *m = e->m;
	const Zone *l = m->launcher;
	const char *name = unit_name(a, m, z);
	const char *src = e->source;
	Buf desc = { 0 }, role = { 0 }, deps = { 0 }, exec = { 0 }, lim = { 0 }, inst = { 0 }, pre = { 0 };

	if (z->kind == ZK_LAUNCHER && z->console_none) {
		buf_printf(&desc, "%s launcher (zonepolicy module %s %s)", m->name->name, m->name->name,
			   m->version);
		buf_printf(&role, "The launcher (%s:%u), the platform's only session (console none, %s:%u): it "
			   "starts the zones itself; when it exits, systemd powers the host off.", src, z->loc.line,
			   src, z->console_none->loc.line);
		buf_puts(&deps, "# no console: the gettys are masked (empty units beside this one); the launcher "
			 "ending ends the platform\nSuccessAction=poweroff\nFailureAction=poweroff\n");
	} else if (z->kind == ZK_LAUNCHER) {
		buf_printf(&desc, "%s launcher (zonepolicy module %s %s)", m->name->name, m->name->name,
			   m->version);
		buf_printf(&role, "The launcher (%s:%u): it makes /run/%s/ and exits; then systemd starts "
			   "every zone unit, once.", src, z->loc.line, m->name->name);
		/* one name a line: a line of systemd's is at most 1 MiB long */
		if (g->n)
			buf_puts(&deps, "# the zones: systemd starts each from its unit after this one has run\n");
		for (size_t i = 0; i < g->n; i++)
			buf_printf(&deps, "Wants=%s\n", unit_name(a, m, g->zone[i]));
	} else {
		buf_printf(&desc, "%s %s%s %s (zonepolicy module %s %s)", m->name->name,
			   z->trusted ? "trusted " : "", z->kind == ZK_VM ? "vm" : "program", z->name->name,
			   m->name->name, m->version);
		if (l)
			buf_printf(&role, "Zone %s (%s:%u): started by systemd after %s has run, stopped with it.",
				   z->name->name, src, z->loc.line, unit_name(a, m, l));
		else
			buf_printf(&role, "Zone %s (%s:%u): the module has no launcher; installed on its own.",
				   z->name->name, src, z->loc.line);
		if (l)
			buf_printf(&deps, "# after the launcher has made /run/%s/ (its unit is a oneshot); "
				   "stopped with it\nBindsTo=%s\nAfter=%s\n", m->name->name,
				   unit_name(a, m, l), unit_name(a, m, l));
		if (g->first[self] < g->first[self + 1])
			buf_puts(&deps, "# the programs it connects to (connect, net via)\n");
		for (size_t k = g->first[self]; k < g->first[self + 1]; k++) {
			size_t t = g->to[k];
			const char *peer = unit_name(a, m, g->zone[t]);
			buf_printf(&deps, "Wants=%s\n", peer);
			if (g->comp[t] != g->comp[self])
				buf_printf(&deps, "After=%s\n", peer);
			else
				buf_printf(&deps, "# no After=%s: a cycle of connect/net via runs through both\n", peer);
		}
	}
	if (e->ir->secmarks && (z->kind == ZK_LAUNCHER || !l))
		ruleset_lines(&pre, e);
	int rc = z->exec ? exec_path(e, &exec, z->exec) : 0;
	limit_lines(&lim, e, z);
	if (z->kind == ZK_LAUNCHER || !l)
		buf_puts(&inst, "[Install]\nWantedBy=multi-user.target\n");

	TplVar vars[] = {
		{ "UNIT", name },
		{ "SOURCE", src },
		{ "ROLE", buf_str(&role) },
		{ "DESCRIPTION", buf_str(&desc) },
		{ "DEPENDENCIES", buf_str(&deps) },
		{ "PRESTART", buf_str(&pre) },
		{ "EXEC", buf_str(&exec) },
		{ "SERVICE_TYPE", z->kind == ZK_LAUNCHER && !z->console_none ? "Type=oneshot\nRemainAfterExit=yes"
								 : "Type=exec" },
		{ "DOMAIN", zone_type(a, m, z, TR_DOMAIN) },
		{ "LIMITS", buf_str(&lim) },
		{ "INSTALL", buf_str(&inst) },
	};
	Buf raw = { 0 };
	if (rc == 0)
		rc = tpl_expand(&raw, e->tpl_dir, "unit.service", vars, sizeof vars / sizeof vars[0], e->err,
			    sizeof e->err);
	if (rc == 0) {
		u->name = xstrdup(name);
		tidy(&u->data, buf_str(&raw));
	}
	buf_free(&raw);
	buf_free(&desc);
	buf_free(&role);
	buf_free(&deps);
	buf_free(&exec);
	buf_free(&lim);
	buf_free(&inst);
	buf_free(&pre);
	return rc;
}

/* One unit into u.  An error about the .zone file is reported and the
 * other units go on, so every bad exec path is named; any other error
 * (a template) stops. */
static void add_unit(Emit *e, const Peers *g, size_t self, const Zone *z, Units *u, int *rc, bool *stop)
{
	int before = e->diag->errors;
	if (one_unit(e, g, self, z, &u->v[u->n++]) != 0) {
		*rc = -1;
		*stop = e->diag->errors == before;
	}
}

/* The units of a console login, each masked by an empty unit file under
 * its own name (systemd's masking: a unit file that is empty or a link to
 * /dev/null; `systemctl mask` makes the link, an empty file survives any
 * copy and package tool).  A template's mask covers every instance. */
static const char *const console_units[] = {
	"autovt@.service", "console-getty.service", "container-getty@.service", "debug-shell.service",
	"getty@.service", "serial-getty@.service",
};
enum { N_CONSOLE_UNITS = sizeof console_units / sizeof console_units[0] };

int emit_units(Emit *e, Units *u)
{
	const Module *m = e->m;
	bool session = m->launcher && m->launcher->console_none;
	Peers g;
	peers_build(&g, m);
	u->v = xcalloc(g.n + 2 + N_CONSOLE_UNITS, sizeof *u->v);
	int rc = 0;
	bool stop = false;
	if (m->launcher)
		add_unit(e, &g, 0, m->launcher, u, &rc, &stop);
	for (size_t i = 0; !stop && !session && i < g.n; i++)
		add_unit(e, &g, i, g.zone[i], u, &rc, &stop);
	for (size_t i = 0; !stop && session && i < N_CONSOLE_UNITS; i++)
		u->v[u->n++].name = xstrdup(console_units[i]);
	peers_free(&g);
	if (rc != 0)
		units_free(u);
	return rc;
}

void units_free(Units *u)
{
	for (size_t i = 0; i < u->n; i++) {
		free(u->v[i].name);
		buf_free(&u->v[i].data);
	}
	free(u->v);
	u->v = NULL;
	u->n = 0;
}
