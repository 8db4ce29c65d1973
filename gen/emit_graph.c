/* emit_graph.c: `build --graph FILE.dot`, a Graphviz picture of the module.
 *
 * One cluster per block (the launcher and each zone, in source order) with
 * its domain and its files; device classes that are the same hardware for
 * everyone (video, input, sound, usb, cdrom, printer, serial) and the host
 * network are shared nodes outside; kvm and tun, private per open, stay
 * inside their zone.  Edges follow the direction information moves (config
 * is read: file -> zone; log is appended: zone -> file; disk both ways),
 * channels go from writer to gateway to reader, and each `assert no flow`
 * is a dashed red edge.  The fixed text is templates/graph.dot.in.
 */
#include "emit_extra.h"

#include <string.h>

#include "flowrules.h"
#include "lower.h"
#include "names.h"
#include "template.h"

/* A DOT double-quoted string's contents: '"' and '\' escaped (so Graphviz
 * shows a backslash as itself), control characters shown as '?'. */
static void q(Buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_put(b, "\\", 1);
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			buf_put(b, "?", 1);
		else
			buf_put(b, s, 1);
	}
}

/* a device of which each open is a private instance (base/flowrules.h) */
static bool private_device(int d)
{
	return flow_private_device(lower_device_type((Device)d));
}

/* The node id of a block: "launcher" or "z_NAME". */
static void zid(Buf *b, const Zone *z)
{
	if (z->kind == ZK_LAUNCHER)
		buf_puts(b, "\"launcher\"");
	else
		buf_printf(b, "\"z_%s\"", z->name->name);
}

static void edge(Buf *b, const Zone *from, const Zone *to, const char *attrs)
{
	buf_puts(b, "\t");
	zid(b, from);
	buf_puts(b, " -> ");
	zid(b, to);
	buf_printf(b, " [%s];\n", attrs);
}

static void ports_text(Buf *b, const Stmt *st)
{
	buf_puts(b, st->proto == PROTO_TCP ? "tcp " : "udp ");
	for (const PortRange *p = st->ports; p; p = p->next) {
		buf_printf(b, "%lu", p->lo);
		if (p->hi != p->lo)
			buf_printf(b, "-%lu", p->hi);
		if (p->next)
			buf_puts(b, ", ");
	}
}

static void block(Buf *b, const Emit *e, const Zone *z)
{
	Arena *a = e->ir->arena;
	const Module *m = e->m;
	const char *id = z->kind == ZK_LAUNCHER ? "launcher" : z->name->name;
	const char *kind = z->kind == ZK_LAUNCHER ? "launcher" : z->kind == ZK_VM ? "vm" : "program";

	buf_printf(b, "\t// %s%s%s, %s:%u\n", kind, z->name ? " " : "", z->name ? z->name->name : "",
		   e->source, z->loc.line);
	buf_printf(b, "\tsubgraph \"cluster_%s\" {\n", id);
	buf_printf(b, "\t\tlabel=\"%s%s%s%s\"; style=\"rounded%s\"; color=\"%s\"; fillcolor=\"%s\";\n",
		   z->trusted ? "trusted " : "", kind, z->name ? " " : "", z->name ? z->name->name : "",
		   z->trusted ? ",filled,bold" : ",filled", z->trusted ? "darkgreen" : "gray40",
		   z->kind == ZK_LAUNCHER ? "#f0f0f0" : z->trusted ? "#eaf7ea" : "#f7f7fb");
	buf_puts(b, "\t\t");
	zid(b, z);
	buf_printf(b, " [shape=%s, style=filled, fillcolor=\"%s\"%s, label=\"%s\\n",
		   z->kind == ZK_LAUNCHER ? "house" : z->kind == ZK_VM ? "box3d" : "box",
		   z->kind == ZK_LAUNCHER ? "#d9d9d9" : z->trusted ? "#b8e6b8" : z->kind == ZK_VM ? "#cfe2ff" : "#fff2b3",
		   z->trusted ? ", peripheries=2, penwidth=1.5" : "", zone_label(z));
	q(b, zone_type(a, m, z, TR_DOMAIN));
	if (z->exec) {
		buf_puts(b, "\\n");
		q(b, z->exec->path);
	}
	buf_puts(b, "\"];\n");

	unsigned nfile = 0;
	for (const Stmt *st = z->body; st; st = st->next) {
		const char *how = NULL, *dir = NULL;
		switch (st->kind) {
		case ST_CONFIG: how = "read"; dir = "back"; break;
		case ST_LOG: how = "append"; dir = "forward"; break;
		case ST_DISK: how = "read/write"; dir = "both"; break;
		case ST_SOCKET: how = "listen"; dir = "both"; break;
		default: break;
		}
		if (!how)
			continue;
		/* a socket's node is named after its program, for the connect edges */
		if (st->kind == ST_SOCKET)
			buf_printf(b, "\t\t\"s_%s\" [shape=ellipse, peripheries=2, label=\"socket\\n", id);
		else
			buf_printf(b, "\t\t\"f_%s_%u\" [shape=%s, label=\"%s\\n", id, ++nfile,
				   st->is_dir ? "folder" : "note", stmt_keyword(st->kind));
		q(b, st->path);
		buf_puts(b, "\"];\n\t\t");
		zid(b, z);
		if (st->kind == ST_SOCKET)
			buf_printf(b, " -> \"s_%s\"", id);
		else
			buf_printf(b, " -> \"f_%s_%u\"", id, nfile);
		buf_printf(b, " [dir=%s, label=\"%s\"];\n", dir, how);
	}
	/* private devices: each open is a new instance, not shared with anyone */
	for (int d = 0; d < DEV_COUNT; d++)
		if ((z->devices & (1u << d)) && private_device(d)) {
			buf_printf(b, "\t\t\"d_%s_%s\" [shape=component, label=\"%s\\n(private per open)\"];\n", id,
				   device_names[d], device_names[d]);
			buf_puts(b, "\t\t");
			zid(b, z);
			buf_printf(b, " -> \"d_%s_%s\" [dir=both];\n", id, device_names[d]);
		}
	buf_puts(b, "\t}\n");
}

/* Everything that points out of a block: shared devices, connect, net. */
static void block_edges(Buf *b, const Zone *z)
{
	for (int d = 0; d < DEV_COUNT; d++)
		if ((z->devices & (1u << d)) && !private_device(d)) {
			buf_puts(b, "\t");
			zid(b, z);
			buf_printf(b, " -> \"dev_%s\" [dir=%s, color=\"sienna\"];\n", device_names[d],
				   d == DEV_CDROM ? "back" : "both");
		}
	for (const Stmt *st = z->body; st; st = st->next) {
		switch (st->kind) {
		case ST_CONNECT:
			for (const NameRef *r = st->names; r; r = r->next) {
				buf_puts(b, "\t");
				zid(b, z);
				buf_printf(b, " -> \"s_%s\" [dir=both, style=bold, color=\"gray30\", label=\"connect\"];\n",
					   r->sym->name);
			}
			break;
		case ST_NET_EGRESS:
		case ST_NET_LISTEN:
			buf_puts(b, "\t");
			zid(b, z);
			buf_printf(b, " -> \"net\" [dir=both, color=\"darkorange\", label=\"%s ",
				   st->kind == ST_NET_EGRESS ? "egress" : "listen");
			ports_text(b, st);
			buf_puts(b, "\"];\n");
			break;
		case ST_NET_VIA:
			if (st->names && st->names->sym->zone)
				edge(b, z, st->names->sym->zone,
				     "dir=both, color=\"darkorange\", style=bold, label=\"net via\"");
			break;
		default:
			break;
		}
	}
}

int emit_graph(Emit *e, Buf *out)
{
	Arena *a = e->ir->arena;
	const Module *m = e->m;
	Buf body = { 0 }, src = { 0 };
	q(&src, e->source);

	/* who starts the blocks */
	buf_puts(&body, "\t\"init\" [shape=plaintext, label=\"init\"];\n");
	if (m->launcher) {
		buf_puts(&body, "\t\"init\" -> \"launcher\" [style=dotted, color=\"gray50\", label=\"starts\"];\n");
		block(&body, e, m->launcher);
	}
	for (const Zone *z = m->zones; z; z = z->next) {
		buf_printf(&body, "\t\"%s\" -> \"z_%s\" [style=dotted, color=\"gray50\", label=\"starts\"];\n",
			   m->launcher ? "launcher" : "init", z->name->name);
		block(&body, e, z);
	}

	/* shared things: the device classes that are one piece of hardware, the network */
	unsigned used = 0;
	bool net = false;
	const Zone *all[2] = { m->launcher, m->zones };
	for (int list = 0; list < 2; list++)
		for (const Zone *z = all[list]; z; z = list ? z->next : NULL) {
			used |= z->devices;
			for (const Stmt *st = z->body; st; st = st->next)
				net |= st->kind == ST_NET_EGRESS || st->kind == ST_NET_LISTEN;
		}
	if (used & ~((1u << DEV_KVM) | (1u << DEV_TUN)))
		buf_puts(&body, "\t// shared device classes: one piece of hardware for every zone that lists it\n");
	for (int d = 0; d < DEV_COUNT; d++)
		if ((used & (1u << d)) && !private_device(d))
			buf_printf(&body, "\t\"dev_%s\" [shape=component, style=filled, fillcolor=\"#f3e0d0\", "
				   "label=\"device %s\"];\n", device_names[d], device_names[d]);
	if (net)
		buf_puts(&body, "\t\"net\" [shape=octagon, style=filled, fillcolor=\"#ffe0b3\", label=\"host network\"];\n");
	for (int list = 0; list < 2; list++)
		for (const Zone *z = all[list]; z; z = list ? z->next : NULL)
			block_edges(&body, z);

	/* channels: writer -> gateway -> reader */
	for (const Channel *c = m->channels; c; c = c->next) {
		buf_printf(&body, "\t// channel %s, %s:%u\n", c->name->name, e->source, c->loc.line);
		const Zone *from = c->from.sym->zone, *to = c->to.sym->zone;
		Buf attrs = { 0 };
		if (c->via) {
			const Zone *g = c->via->sym->zone;
			buf_printf(&attrs, "color=\"blue\", fontcolor=\"blue\", penwidth=2, label=\"%s\\n", c->name->name);
			q(&attrs, chan_path(a, m, c, "in"));
			buf_puts(&attrs, "\"");
			edge(&body, from, g, buf_str(&attrs));
			attrs.len = 0;
			buf_printf(&attrs, "color=\"blue\", fontcolor=\"blue\", penwidth=2, label=\"%s\\n", c->name->name);
			q(&attrs, chan_path(a, m, c, "out"));
			buf_puts(&attrs, "\"");
			edge(&body, g, to, buf_str(&attrs));
		} else {
			buf_printf(&attrs, "color=\"blue\", fontcolor=\"blue\", penwidth=2, label=\"%s\\n", c->name->name);
			q(&attrs, chan_path(a, m, c, "fifo"));
			buf_puts(&attrs, "\"");
			edge(&body, from, to, buf_str(&attrs));
		}
		buf_free(&attrs);
	}

	/* asserts: the flows that must not exist */
	for (const Assert *s = m->asserts; s; s = s->next) {
		buf_printf(&body, "\t// assert no flow %s -> %s, %s:%u\n", s->from.sym->name, s->to.sym->name,
			   e->source, s->loc.line);
		edge(&body, s->from.sym->zone, s->to.sym->zone,
		     "style=dashed, color=\"red\", fontcolor=\"red\", constraint=false, label=\"no flow\"");
	}

	TplVar vars[] = {
		{ "MODULE", m->name->name },
		{ "VERSION", m->version },
		{ "SOURCE", buf_str(&src) },
		{ "BODY", buf_str(&body) },
	};
	int rc = tpl_expand(out, e->tpl_dir, "graph.dot", vars, sizeof vars / sizeof vars[0], e->err,
			    sizeof e->err);
	buf_free(&body);
	buf_free(&src);
	return rc;
}
