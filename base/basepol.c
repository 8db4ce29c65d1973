/* basepol.c: type names and portcon lookups of a binary base policy (see
 * basepol.h). */
#include "basepol.h"
#include "xalloc.h"

#include "buf.h"
#include "cache.h"
#include "out.h"

#include <errno.h>
#include <netinet/in.h>
#include <sepol/policydb/policydb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static const char memo_magic[] = "zonepolicy-basepol 1\n";

/* The memo: the header, "T name" for each type, "P proto lo hi type" for
 * each portcon in the kernel's order.  NULL when absent or malformed. */
static BasePolicy *memo_read(const char *path)
{
	char err[64];
	size_t len;
	char *text = read_file(path, 64u << 20, &len, err, sizeof err);
	if (!text)
		return NULL;
	BasePolicy *t = NULL;
	if (strncmp(text, memo_magic, sizeof memo_magic - 1) != 0)
		goto out;
	t = xcalloc(1, sizeof *t);
	size_t tcap = 0, pcap = 0;
	for (char *save = NULL, *ln = strtok_r(text + sizeof memo_magic - 1, "\n", &save); ln;
	     ln = strtok_r(NULL, "\n", &save)) {
		char proto[8], type[256];
		unsigned lo, hi;
		if (ln[0] == 'T' && ln[1] == ' ') {
			if (t->ntypes == tcap) {
				tcap = tcap ? tcap * 2 : 4096;
				t->types = xrealloc(t->types, tcap * sizeof *t->types);
			}
			t->types[t->ntypes++] = xstrdup(ln + 2);
		} else if (sscanf(ln, "P %7s %u %u %255s", proto, &lo, &hi, type) == 4 &&
			   (!strcmp(proto, "tcp") || !strcmp(proto, "udp"))) {
			if (t->n == pcap) {
				pcap = pcap ? pcap * 2 : 256;
				t->v = xrealloc(t->v, pcap * sizeof *t->v);
			}
			t->v[t->n++] = (PortCon){ strcmp(proto, "tcp") ? PROTO_UDP : PROTO_TCP, lo, hi,
						  xstrdup(type) };
		} else {
			basepol_free(t);
			t = NULL;
			goto out;
		}
	}
out:
	free(text);
	return t;
}

static void memo_write(const char *path, const BasePolicy *t)
{
	Buf b = { 0 };
	buf_puts(&b, memo_magic);
	for (size_t i = 0; i < t->ntypes; i++)
		buf_printf(&b, "T %s\n", t->types[i]);
	for (size_t i = 0; i < t->n; i++)
		buf_printf(&b, "P %s %u %u %s\n", t->v[i].proto == PROTO_TCP ? "tcp" : "udp",
			   t->v[i].lo, t->v[i].hi, t->v[i].type);
	cache_memo_write(path, b.data, b.len);
	buf_free(&b);
}

static BasePolicy *load_binary(const char *policy, char *err, size_t errlen);

BasePolicy *basepol_load(const char *policy, char *err, size_t errlen)
{
	char *memo = cache_memo_path("basepol", policy);
	BasePolicy *t = memo ? memo_read(memo) : NULL;
	if (!t) {
		t = load_binary(policy, err, errlen);
		if (t && memo)
			memo_write(memo, t);
	}
	free(memo);
	return t;
}

static BasePolicy *load_binary(const char *policy, char *err, size_t errlen)
{
	FILE *f = fopen(policy, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot read base policy '%s': %s", policy, strerror(errno));
		return NULL;
	}
	policydb_t p;
	struct policy_file pf;
	policy_file_init(&pf);
	pf.type = PF_USE_STDIO;
	pf.fp = f;
	if (policydb_init(&p) != 0) {
		fclose(f);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if (policydb_read(&p, &pf, 0) != 0) {
		policydb_destroy(&p);
		fclose(f);
		snprintf(err, errlen, "'%s' is not a binary policy libsepol can read", policy);
		return NULL;
	}
	fclose(f);
	BasePolicy *t = xcalloc(1, sizeof *t);
	size_t cap = 0;
	for (ocontext_t *c = p.ocontexts[OCON_PORT]; c; c = c->next) {
		Proto proto;
		if (c->u.port.protocol == IPPROTO_TCP)
			proto = PROTO_TCP;
		else if (c->u.port.protocol == IPPROTO_UDP)
			proto = PROTO_UDP;
		else
			continue;
		if (t->n == cap) {
			cap = cap ? cap * 2 : 256;
			t->v = xrealloc(t->v, cap * sizeof *t->v);
		}
		t->v[t->n++] = (PortCon){ proto, c->u.port.low_port, c->u.port.high_port,
					  xstrdup(p.p_type_val_to_name[c->context[0].type - 1]) };
	}
	t->ntypes = p.p_types.nprim;
	t->types = xcalloc(t->ntypes ? t->ntypes : 1, sizeof *t->types);
	for (size_t i = 0; i < t->ntypes; i++)
		t->types[i] = xstrdup(p.p_type_val_to_name[i] ? p.p_type_val_to_name[i] : "");
	qsort(t->types, t->ntypes, sizeof *t->types, cmp_name);
	policydb_destroy(&p);
	return t;
}

void basepol_free(BasePolicy *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].type);
	for (size_t i = 0; i < t->ntypes; i++)
		free(t->types[i]);
	free(t->types);
	free(t->v);
	free(t);
}

bool basepol_has_type(const BasePolicy *t, const char *name)
{
	return t->ntypes && bsearch(&name, t->types, t->ntypes, sizeof *t->types, cmp_name) != NULL;
}

const char *ports_lookup(const BasePolicy *t, Proto proto, unsigned port)
{
	/* the kernel takes the first portcon that contains the port */
	for (size_t i = 0; i < t->n; i++) {
		const PortCon *c = &t->v[i];
		if (c->proto == proto && c->lo <= port && port <= c->hi)
			return c->hi - c->lo + 1 > PORTS_GENERIC_SPAN ? NULL : c->type;
	}
	return NULL;
}

void ports_of_type(const BasePolicy *t, Proto proto, const char *type,
		   void (*fn)(const PortCon *pc, void *arg), void *arg)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->v[i].proto == proto && strcmp(t->v[i].type, type) == 0)
			fn(&t->v[i], arg);
}
