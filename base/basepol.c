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

/* The memo: the header, "T name" for each type, sorted, followed by " N"
 * when the type is a member of some of basepol_attrs[] (N: the bits of its
 * attributes), then "P proto lo hi type" for each portcon in the kernel's
 * order.  A build reads it in place: the port lines are split (a few
 * hundred), the type lines are searched by bisection when asked, so
 * nothing is copied or sorted at start.  NULL when it is not such a text
 * (a port line malformed, a line cut). */
static BasePolicy *from_text(char *text, size_t len, bool mapped)
{
	size_t hl = sizeof memo_magic - 1;
	if (!cache_memo_whole(text, len, memo_magic))
		return NULL;
	BasePolicy *t = xcalloc(1, sizeof *t);
	t->text = text;
	t->len = len;
	t->mapped = mapped;
	/* the port lines: from the end back to the last type line */
	char *end = text + len, *p = end;
	while (p > text + hl) {
		char *ln = p - 1;
		while (ln > text + hl && ln[-1] != '\n')
			ln--;
		if (ln[0] != 'P')
			break;
		p = ln;
	}
	t->types = text + hl;
	t->types_end = p;
	size_t cap = 0;
	while (p < end) {
		char *ln = p, *eol = memchr(p, '\n', (size_t)(end - p));
		*eol = '\0';
		p = eol + 1;
		char *q = ln + 6;
		unsigned lo, hi;
		bool tcp = strncmp(ln, "P tcp ", 6) == 0;
		if (!(tcp || strncmp(ln, "P udp ", 6) == 0) || !take_uint(&q, 65535, &lo) ||
		    !take_uint(&q, 65535, &hi) || !*q || strchr(q, ' ')) {
			t->text = NULL;
			basepol_free(t);
			return NULL;
		}
		if (t->n == cap) {
			cap = cap ? cap * 2 : 256;
			t->v = xreallocarray(t->v, cap, sizeof *t->v);
		}
		t->v[t->n++] = (PortCon){ tcp ? PROTO_TCP : PROTO_UDP, lo, hi, q };
	}
	return t;
}

/* The memo's text of a policy read from its binary. */
static void memo_text(Buf *b, Named *nv, size_t nt, const PortCon *v, size_t n)
{
	buf_puts(b, memo_magic);
	for (size_t i = 0; i < nt; i++)
		if (!nv[i].name)
			continue;   /* a value without a name: nothing to find */
		else if (nv[i].attrs)
			buf_printf(b, "T %s %u\n", nv[i].name, (unsigned)nv[i].attrs);
		else
			buf_printf(b, "T %s\n", nv[i].name);
	for (size_t i = 0; i < n; i++)
		buf_printf(b, "P %s %u %u %s\n", v[i].proto == PROTO_TCP ? "tcp" : "udp", v[i].lo, v[i].hi,
			   v[i].type);
}

static BasePolicy *load_binary(const char *policy, const char *memo, char *err, size_t errlen);

BasePolicy *basepol_load(const char *policy, char *err, size_t errlen)
{
	/* the format's version in the name: a build of another version keeps
	 * its own memo instead of rewriting this one each time */
	char *memo = cache_memo_path("basepol5", policy);
	size_t len = 0;
	char *text = memo ? map_file(memo, 64u << 20, &len) : NULL;
	BasePolicy *t = text ? from_text(text, len, true) : NULL;
	if (!t) {
		unmap_file(text, len);
		t = load_binary(policy, memo, err, errlen);
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

/* The binary read, its memo written (when memo is not NULL), and the
 * policy made from the memo's text as a build would read it. */
static BasePolicy *load_binary(const char *policy, const char *memo, char *err, size_t errlen)
{
	policydb_t p;
	if (basepol_read(&p, policy, err, errlen) != 0)
		return NULL;
	PortCon *v = NULL;
	size_t n = 0, cap = 0;
	for (ocontext_t *c = p.ocontexts[OCON_PORT]; c; c = c->next) {
		Proto proto;
		if (c->u.port.protocol == IPPROTO_TCP)
			proto = PROTO_TCP;
		else if (c->u.port.protocol == IPPROTO_UDP)
			proto = PROTO_UDP;
		else
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			v = xreallocarray(v, cap, sizeof *v);
		}
		v[n++] = (PortCon){ proto, c->u.port.low_port, c->u.port.high_port,
				    p.p_type_val_to_name[c->context[0].type - 1] };
	}
	/* each type with the attributes of basepol_attrs[] it is in, then
	 * sorted by name */
	size_t nt = p.p_types.nprim;
	Named *nv = xcalloc(nt ? nt : 1, sizeof *nv);
	for (uint32_t i = 0; i < nt; i++)
		nv[i].name = p.p_type_val_to_name[i];
	for (unsigned k = 0; basepol_attrs[k]; k++) {
		type_datum_t *ad = hashtab_search(p.p_types.table, (hashtab_key_t)basepol_attrs[k]);
		if (!ad || ad->flavor != TYPE_ATTRIB || !p.type_attr_map)
			continue;
		for (uint32_t i = 0; i < nt; i++) {
			type_datum_t *td = p.type_val_to_struct[i];
			if (td && td->flavor == TYPE_TYPE && p.p_type_val_to_name[i] &&
			    ebitmap_get_bit(&p.type_attr_map[i], ad->s.value - 1))
				nv[i].attrs |= (unsigned char)(1u << k);
		}
	}
	qsort(nv, nt, sizeof *nv, cmp_named);
	Buf b = { 0 };
	memo_text(&b, nv, nt, v, n);
	free(nv);
	free(v);
	policydb_destroy(&p);
	if (memo)
		cache_memo_write(memo, b.data, b.len);
	BasePolicy *t = from_text(b.data, b.len, false);
	if (!t) {   /* only a type or port name with a blank or a newline */
		snprintf(err, errlen, "'%s': names this build cannot read", policy);
		buf_free(&b);
	}
	return t;
}

void basepol_free(BasePolicy *t)
{
	if (!t)
		return;
	if (t->mapped)
		unmap_file(t->text, t->len);
	else
		free(t->text);
	free(t->v);
	free(t);
}

bool basepol_has_type(const BasePolicy *t, const char *name)
{
	return *name && cache_memo_find(t->types, t->types_end, 2, name) != NULL;
}

bool basepol_type_in(const BasePolicy *t, const char *type, const char *attr)
{
	unsigned k = 0;
	while (basepol_attrs[k] && strcmp(basepol_attrs[k], attr) != 0)
		k++;
	const char *l = basepol_attrs[k] && *type ? cache_memo_find(t->types, t->types_end, 2, type) : NULL;
	if (!l)
		return false;
	l += 2 + strlen(type);
	unsigned mask = *l == ' ' ? (unsigned)strtoul(l + 1, NULL, 10) : 0;
	return mask >> k & 1u;
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
