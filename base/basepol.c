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

/* A type of the binary and the attributes of basepol_attrs[] it is in. */
typedef struct Named {
	char *name;              /* NULL: a value without a name */
	unsigned char attrs;
} Named;

static int cmp_named(const void *a, const void *b)
{
	const char *x = ((const Named *)a)->name, *y = ((const Named *)b)->name;
	return !x || !y ? (x != NULL) - (y != NULL) : strcmp(x, y);
}

static const char memo_magic[] = "zonepolicy-basepol 5\n";

const char *const basepol_attrs[] = {
	"file_type", "non_security_file_type", "non_auth_file_type", "cert_type", "tmpfile",
	"exec_type", "files_unconfined_type", NULL,
};

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

/* The memo: the header, "T name" for each type, sorted, followed by " N"
 * when the type is a member of some of basepol_attrs[] (N: the bits of
 * t->attrs), then "P proto lo hi type" for each portcon in the kernel's
 * order.  NULL when absent or malformed (or not sorted: then the binary
 * is read again).  The strings point into the memo's text, which the
 * policy keeps (t->text): a build starts without copying or sorting what
 * it reads. */
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
	size_t tcap = 0, pcap = 0, acap = 0;
	char *p = text + sizeof memo_magic - 1, *end = text + len, *ln;
	while ((ln = next_line(&p, end)) != NULL) {
		if (ln[0] == 'T' && ln[1] == ' ' && ln[2] && ln[2] != ' ') {
			/* "T name" or "T name N", N in 1..255 */
			char *sp = strchr(ln + 2, ' ');
			unsigned mask = 0;
			if (sp) {
				*sp = '\0';
				for (char *d = sp + 1; *d; d++)
					if (*d < '0' || *d > '9' || (mask = mask * 10 + (unsigned)(*d - '0')) > 255)
						goto bad;
				if (!mask)
					goto bad;
			}
			t->types = grow(t->types, t->ntypes, &tcap, 4096, sizeof *t->types);
			t->attrs = grow(t->attrs, t->ntypes, &acap, 4096, sizeof *t->attrs);
			if (t->ntypes && strcmp(t->types[t->ntypes - 1], ln + 2) >= 0)
				goto bad;
			t->attrs[t->ntypes] = (unsigned char)mask;
			t->types[t->ntypes++] = ln + 2;
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
		goto bad;
	}
	return t;
bad:
	basepol_free(t);
	return NULL;
}

static void memo_write(const char *path, const BasePolicy *t)
{
	Buf b = { 0 };
	buf_puts(&b, memo_magic);
	for (size_t i = 0; i < t->ntypes; i++)
		if (t->attrs[i])
			buf_printf(&b, "T %s %u\n", t->types[i], (unsigned)t->attrs[i]);
		else
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
	/* the format's version in the name: a build of another version keeps
	 * its own memo instead of rewriting this one each time */
	char *memo = cache_memo_path("basepol5", policy);
	BasePolicy *t = memo ? memo_read(memo) : NULL;
	if (!t) {
		t = load_binary(policy, err, errlen);
		if (t && memo)
			memo_write(memo, t);
	}
	free(memo);
	return t;
}

int basepol_read(policydb_t *p, const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "cannot read base policy '%s': %s", path, strerror(errno));
		return -1;
	}
	struct policy_file pf;
	policy_file_init(&pf);
	pf.type = PF_USE_STDIO;
	pf.fp = f;
	if (policydb_init(p) != 0)
		xalloc_fail();   /* it fails for want of memory only */
	int rc = policydb_read(p, &pf, 0);
	fclose(f);
	if (rc != 0) {
		policydb_destroy(p);
		snprintf(err, errlen, "'%s' is not a binary policy libsepol can read", path);
		return -1;
	}
	return 0;
}

static BasePolicy *load_binary(const char *policy, char *err, size_t errlen)
{
	policydb_t p;
	if (basepol_read(&p, policy, err, errlen) != 0)
		return NULL;
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
	/* each type with the attributes of basepol_attrs[] it is in, then
	 * sorted by name */
	Named *nv = xcalloc(p.p_types.nprim ? p.p_types.nprim : 1, sizeof *nv);
	for (uint32_t i = 0; i < p.p_types.nprim; i++)
		nv[i].name = p.p_type_val_to_name[i] ? xstrdup(p.p_type_val_to_name[i]) : NULL;
	for (unsigned k = 0; basepol_attrs[k]; k++) {
		type_datum_t *ad = hashtab_search(p.p_types.table, (hashtab_key_t)basepol_attrs[k]);
		if (!ad || ad->flavor != TYPE_ATTRIB || !p.type_attr_map)
			continue;
		for (uint32_t i = 0; i < p.p_types.nprim; i++) {
			type_datum_t *td = p.type_val_to_struct[i];
			if (td && td->flavor == TYPE_TYPE && p.p_type_val_to_name[i] &&
			    ebitmap_get_bit(&p.type_attr_map[i], ad->s.value - 1))
				nv[i].attrs |= (unsigned char)(1u << k);
		}
	}
	size_t nt = p.p_types.nprim;
	policydb_destroy(&p);
	qsort(nv, nt, sizeof *nv, cmp_named);
	t->types = xcalloc(nt ? nt : 1, sizeof *t->types);
	t->attrs = xcalloc(nt ? nt : 1, sizeof *t->attrs);
	for (size_t i = 0; i < nt; i++)
		if (nv[i].name) {   /* a value without a name: nothing to find */
			t->types[t->ntypes] = nv[i].name;
			t->attrs[t->ntypes++] = nv[i].attrs;
		}
	free(nv);
	return t;
}

void basepol_free(BasePolicy *t)
{
	if (!t)
		return;
	if (t->text) {   /* the strings are the memo's */
		free(t->text);
		t->n = t->ntypes = 0;
	}
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].type);
	for (size_t i = 0; i < t->ntypes; i++)
		free(t->types[i]);
	free(t->types);
	free(t->attrs);
	free(t->v);
	free(t);
}

bool basepol_has_type(const BasePolicy *t, const char *name)
{
	return t->ntypes && bsearch(&name, t->types, t->ntypes, sizeof *t->types, cmp_name) != NULL;
}

bool basepol_type_in(const BasePolicy *t, const char *type, const char *attr)
{
	unsigned k = 0;
	while (basepol_attrs[k] && strcmp(basepol_attrs[k], attr) != 0)
		k++;
	if (!basepol_attrs[k] || !t->ntypes)
		return false;
	char *const *at = bsearch(&type, t->types, t->ntypes, sizeof *t->types, cmp_name);
	return at && (t->attrs[at - t->types] >> k & 1u);
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
