/* basepol.c: type names and portcon lookups of a binary base policy (see
 * basepol.h). */
#include "basepol.h"

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

BasePolicy *basepol_load(const char *policy, char *err, size_t errlen)
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
	BasePolicy *t = calloc(1, sizeof *t);
	if (!t)
		abort();
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
			t->v = realloc(t->v, cap * sizeof *t->v);
			if (!t->v)
				abort();
		}
		t->v[t->n++] = (PortCon){ proto, c->u.port.low_port, c->u.port.high_port,
					  strdup(p.p_type_val_to_name[c->context[0].type - 1]) };
	}
	t->ntypes = p.p_types.nprim;
	t->types = calloc(t->ntypes ? t->ntypes : 1, sizeof *t->types);
	if (!t->types)
		abort();
	for (size_t i = 0; i < t->ntypes; i++)
		t->types[i] = strdup(p.p_type_val_to_name[i] ? p.p_type_val_to_name[i] : "");
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
