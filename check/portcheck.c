/* portcheck.c: `portcon PROTO PORT[-HI] TYPE` against a binary policy's
 * port ocontexts (see portcheck.h).  A failure names, per run of ports with
 * the same outcome, the portcon that wins and the ones it hides: two
 * portcons for one port are exactly the conflict this vector exists for
 * (the kernel keeps the first, so the other type labels nothing). */
#include "portcheck.h"

#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_FINDINGS = 8 };

static void say(Buf *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void say(Buf *why, const char *fmt, ...)
{
	va_list ap;
	if (why->len)
		buf_puts(why, "\n");
	va_start(ap, fmt);
	buf_vprintf(why, fmt, ap);
	va_end(ap);
}

static bool parse_port(const char *s, unsigned long *v, const char **end)
{
	char *e;
	if (*s < '0' || *s > '9')
		return false;
	*v = strtoul(s, &e, 10);
	*end = e;
	return *v >= 1 && *v <= 65535;
}

/* the first portcon of proto that contains port (the kernel's choice) */
static const ocontext_t *first_match(const ocontext_t *c, uint8_t proto, unsigned port)
{
	for (; c; c = c->next)
		if (c->u.port.protocol == proto && c->u.port.low_port <= port && port <= c->u.port.high_port)
			return c;
	return NULL;
}

static void range_str(char *buf, size_t len, unsigned lo, unsigned hi)
{
	if (lo == hi)
		snprintf(buf, len, "%u", lo);
	else
		snprintf(buf, len, "%u-%u", lo, hi);
}

bool portcheck_vector(const Policy *p, char *const *tok, int ntok, Buf *why)
{
	if (ntok != 4) {
		say(why, "expected 'portcon tcp|udp PORT[-HI] TYPE'");
		return false;
	}
	uint8_t proto;
	if (strcmp(tok[1], "tcp") == 0)
		proto = IPPROTO_TCP;
	else if (strcmp(tok[1], "udp") == 0)
		proto = IPPROTO_UDP;
	else {
		say(why, "unknown protocol '%s' (tcp, udp)", tok[1]);
		return false;
	}
	unsigned long lo, hi;
	const char *e;
	bool ok = parse_port(tok[2], &lo, &e);
	if (ok && *e == '-')
		ok = parse_port(e + 1, &hi, &e) && lo <= hi;
	else
		hi = lo;
	if (!ok || *e) {
		say(why, "'%s' is not a port 1-65535 or a range LO-HI of them", tok[2]);
		return false;
	}
	unsigned want = policy_type(p, tok[3]);
	if (!want) {
		say(why, "unknown type '%s' in the policy", tok[3]);
		return false;
	}
	const ocontext_t *list = policy_db(p)->ocontexts[OCON_PORT];
	bool pass = true;
	int shown = 0;
	for (unsigned long q = lo; q <= hi;) {
		const ocontext_t *m = first_match(list, proto, (unsigned)q);
		/* the run of ports that the same portcon (or none) labels */
		unsigned long end = q;
		while (end < hi && first_match(list, proto, (unsigned)end + 1) == m)
			end++;
		if (!m || m->context[0].type != want) {
			pass = false;
			char r[32], mr[32];
			range_str(r, sizeof r, (unsigned)q, (unsigned)end);
			if (shown++ >= MAX_FINDINGS) {
				q = end + 1;
				continue;
			}
			if (!m) {
				say(why, "%s %s: no portcon contains it (the kernel gives it the initial SID 'port')",
				    tok[1], r);
			} else {
				range_str(mr, sizeof mr, m->u.port.low_port, m->u.port.high_port);
				say(why, "%s %s is labelled %s by portcon %s %s", tok[1], r,
				    policy_type_name(p, m->context[0].type), tok[1], mr);
			}
			/* later portcons that contain these ports never apply to them */
			for (const ocontext_t *c = m ? m->next : NULL; c; c = c->next)
				if (c->u.port.protocol == proto && c->u.port.low_port <= end && q <= c->u.port.high_port) {
					range_str(mr, sizeof mr, c->u.port.low_port, c->u.port.high_port);
					say(why, "  later, never applied here: portcon %s %s %s", tok[1], mr,
					    policy_type_name(p, c->context[0].type));
				}
		}
		q = end + 1;
	}
	if (shown > MAX_FINDINGS)
		say(why, "and %d more runs of ports", shown - MAX_FINDINGS);
	return pass;
}
