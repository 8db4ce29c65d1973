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

static const char memo_magic[] = "zonepolicy-basepol 4\n";

const char *const basepol_attrs[] = {
	"file_type", "non_security_file_type", "non_auth_file_type", "cert_type", "tmpfile",
	"exec_type", "files_unconfined_type", NULL,
};

static void add_member(BasePolicy *t, size_t *cap, const char *attr, const char *type)
{
	if (t->nmembers == *cap) {
		*cap = *cap ? *cap * 2 : 4096;
		t->members = xreallocarray(t->members, *cap, sizeof *t->members);
	}
	size_t n = strlen(attr) + strlen(type) + 2;
	char *m = xmalloc(n);
	snprintf(m, n, "%s %s", attr, type);
	t->members[t->nmembers++] = m;
}

/* The next line of text at *p (NUL-terminated in place), or NULL. */
static char *next_line(char **p, char *end)
{
	if (*p >= end)
		return NULL;
	char *ln = *p, *nl = memchr(ln, '\n', (size_t)(end - ln));
	if (nl) {
		*nl = '\0';
		*p = nl + 1;
	} else {
		*p = end;
	}
	return ln;
}

/* "N " at *p: N in *v (at most max), *p moved past it; false when absent */
static bool take_uint(char **p, unsigned max, unsigned *v)
{
	char *s = *p;
	unsigned long n = 0;
	if (*s < '0' || *s > '9')
		return false;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((n = n * 10 + (unsigned long)(*s - '0')) > max)
			return false;
	if (*s != ' ')
		return false;
	*v = (unsigned)n;
	*p = s + 1;
	return true;
}

static void *grow(void *v, size_t n, size_t *cap, size_t first, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap ? *cap * 2 : first;
	return xreallocarray(v, *cap, size);
}

/* The memo: the header, "T name" for each type, "P proto lo hi type" for
 * each portcon in the kernel's order, "A attr type" for each member of the
 * attributes in basepol_attrs[].  NULL when absent or malformed.  The
 * strings point into the memo's text, which the policy keeps (t->text):
 * a build starts without copying or sorting what it reads (the memo is
 * written sorted; one that is not is sorted here). */
static BasePolicy *memo_read(const char *path)
{
	char err[64];
	size_t len;
	char *text = read_file(path, 64u << 20, &len, err, sizeof err);
	if (!text)
		return NULL;
	if (strncmp(text, memo_magic, sizeof memo_magic - 1) != 0) {
		free(text);
		return NULL;
	}
	BasePolicy *t = xcalloc(1, sizeof *t);
	t->text = text;
	size_t tcap = 0, pcap = 0, mcap = 0;
	bool tsorted = true, msorted = true;
	char *p = text + sizeof memo_magic - 1, *end = text + len, *ln;
	while ((ln = next_line(&p, end)) != NULL) {
		if (ln[0] == 'T' && ln[1] == ' ') {
			t->types = grow(t->types, t->ntypes, &tcap, 4096, sizeof *t->types);
			if (t->ntypes && strcmp(t->types[t->ntypes - 1], ln + 2) > 0)
				tsorted = false;
			t->types[t->ntypes++] = ln + 2;
			continue;
		}
		if (ln[0] == 'A' && ln[1] == ' ' && strchr(ln + 2, ' ')) {
			/* "ATTR TYPE" is the member's key as it stands */
			t->members = grow(t->members, t->nmembers, &mcap, 4096, sizeof *t->members);
			if (t->nmembers && strcmp(t->members[t->nmembers - 1], ln + 2) > 0)
				msorted = false;
			t->members[t->nmembers++] = ln + 2;
			continue;
		}
		char *q = ln + 6;
		unsigned lo, hi;
		bool tcp = strncmp(ln, "P tcp ", 6) == 0;
		if ((tcp || strncmp(ln, "P udp ", 6) == 0) && take_uint(&q, 65535, &lo) &&
		    take_uint(&q, 65535, &hi) && *q && !strchr(q, ' ')) {
			t->v = grow(t->v, t->n, &pcap, 256, sizeof *t->v);
			t->v[t->n++] = (PortCon){ tcp ? PROTO_TCP : PROTO_UDP, lo, hi, q };
			continue;
		}
		basepol_free(t);
		return NULL;
	}
	if (!tsorted)
		qsort(t->types, t->ntypes, sizeof *t->types, cmp_name);
	if (!msorted)
		qsort(t->members, t->nmembers, sizeof *t->members, cmp_name);
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
	for (size_t i = 0; i < t->nmembers; i++)
		buf_printf(&b, "A %s\n", t->members[i]);
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
	if (policydb_init(&p) != 0)
		xalloc_fail();   /* it fails for want of memory only */
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
	size_t mcap = 0;
	for (const char *const *a = basepol_attrs; *a; a++) {
		type_datum_t *ad = hashtab_search(p.p_types.table, (hashtab_key_t)*a);
		if (!ad || ad->flavor != TYPE_ATTRIB || !p.type_attr_map)
			continue;
		for (uint32_t i = 0; i < p.p_types.nprim; i++) {
			type_datum_t *td = p.type_val_to_struct[i];
			if (td && td->flavor == TYPE_TYPE && p.p_type_val_to_name[i] &&
			    ebitmap_get_bit(&p.type_attr_map[i], ad->s.value - 1))
				add_member(t, &mcap, *a, p.p_type_val_to_name[i]);
		}
	}
	policydb_destroy(&p);
	if (t->nmembers)
		qsort(t->members, t->nmembers, sizeof *t->members, cmp_name);
	return t;
}

void basepol_free(BasePolicy *t)
{
	if (!t)
		return;
	if (t->text) {   /* the strings are the memo's */
		free(t->text);
		t->n = t->ntypes = t->nmembers = 0;
	}
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].type);
	for (size_t i = 0; i < t->ntypes; i++)
		free(t->types[i]);
	free(t->types);
	for (size_t i = 0; i < t->nmembers; i++)
		free(t->members[i]);
	free(t->members);
	free(t->v);
	free(t);
}

bool basepol_has_type(const BasePolicy *t, const char *name)
{
	return t->ntypes && bsearch(&name, t->types, t->ntypes, sizeof *t->types, cmp_name) != NULL;
}

bool basepol_type_in(const BasePolicy *t, const char *type, const char *attr)
{
	if (!t->nmembers)
		return false;
	size_t n = strlen(attr) + strlen(type) + 2;
	char *key = xmalloc(n);
	snprintf(key, n, "%s %s", attr, type);
	bool found = bsearch(&key, t->members, t->nmembers, sizeof *t->members, cmp_name) != NULL;
	free(key);
	return found;
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
