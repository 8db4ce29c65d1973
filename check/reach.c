/* reach.c: which base domains still reach the module's files (see reach.h).
 *
 * One pass over the enabled allow rules of the file classes: a rule whose
 * target set holds one of the module's file types marks every base domain
 * of its source set with the directions of its permissions (getattr alone
 * is left out).  Output is sorted by type name, then domain name.
 */
#include "reach.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jsonout.h"

enum { R_READ = 1, R_WRITE = 2, R_HOLD = 4 };

static const char *const file_classes[] = {
	"file", "dir", "lnk_file", "chr_file", "blk_file", "sock_file", "fifo_file",
};
enum { NCLASSES = sizeof file_classes / sizeof file_classes[0] };

typedef struct ClassDirs {
	unsigned cls;
	uint32_t rmask, wmask, getattr;
} ClassDirs;

/* insertion sort by name (already nearly sorted: values follow names) */
static void sort_by_name(const Policy *p, unsigned *v, size_t n)
{
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(policy_type_name(p, v[j - 1]), policy_type_name(p, v[j])) > 0; j--) {
			unsigned t = v[j];
			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

static bool is_exec_type(const char *name)
{
	size_t n = strlen(name);
	return n >= 7 && strcmp(name + n - 7, "_exec_t") == 0;
}

static void domain_list(const Policy *p, const unsigned *doms, size_t nd, const unsigned char *m,
			unsigned mask, Buf *out)
{
	bool first = true;
	for (size_t i = 0; i < nd; i++) {
		if (!(m[doms[i]] & mask))
			continue;
		buf_puts(out, first ? "" : ", ");
		json_str(out, policy_type_name(p, doms[i]));
		first = false;
	}
}

void reach_report(const Policy *p, const PermMap *pm, const char *module, Buf *out, bool json)
{
	unsigned nt = policy_ntypes(p);
	size_t plen = strlen(module) + 1;
	char *prefix = malloc(plen + 1);
	if (!prefix)
		abort();
	snprintf(prefix, plen + 1, "%s_", module);
	unsigned domain = policy_type(p, "domain");
	if (domain && !policy_is_attr(p, domain))
		domain = 0;

	/* the module's file types, and the base's domains, by name */
	unsigned *types = calloc(nt + 1, sizeof *types), *doms = calloc(nt + 1, sizeof *doms);
	if (!types || !doms)
		abort();
	size_t ntypes = 0, ndoms = 0;
	for (unsigned t = 1; t <= nt; t++) {
		if (policy_is_attr(p, t))
			continue;
		const char *name = policy_type_name(p, t);
		bool mine = strncmp(name, prefix, plen) == 0;
		bool dom = domain && policy_type_in(p, t, domain);
		if (mine && !dom && !is_exec_type(name))
			types[ntypes++] = t;
		else if (!mine && dom)
			doms[ndoms++] = t;
	}
	sort_by_name(p, types, ntypes);
	sort_by_name(p, doms, ndoms);

	ClassDirs cd[NCLASSES];
	for (size_t c = 0; c < NCLASSES; c++) {
		cd[c] = (ClassDirs){ policy_class(p, file_classes[c]), 0, 0, 0 };
		if (!cd[c].cls)
			continue;
		cd[c].getattr = policy_perm(p, cd[c].cls, "getattr");
		for (unsigned b = 0; b < 32; b++) {
			const char *pn = policy_perm_name(p, cd[c].cls, b);
			char dir = strcmp(pn, "?") == 0 ? 0 : permmap_dir(pm, file_classes[c], pn, NULL);
			if (dir == 'r' || dir == 'b')
				cd[c].rmask |= UINT32_C(1) << b;
			if (dir == 'w' || dir == 'b')
				cd[c].wmask |= UINT32_C(1) << b;
		}
	}

	/* marks[i * (nt + 1) + d]: how base domain d reaches module type i */
	unsigned char *marks = calloc(ntypes * (nt + 1) + 1, 1);
	if (!marks)
		abort();
	size_t nrules;
	const AvRule *rules = policy_rules(p, &nrules);
	for (size_t ri = 0; ri < nrules; ri++) {
		const AvRule *r = &rules[ri];
		if (r->kind != AVTAB_ALLOWED)
			continue;
		const ClassDirs *c = NULL;
		for (size_t k = 0; k < NCLASSES && !c; k++)
			if (cd[k].cls && cd[k].cls == r->cls)
				c = &cd[k];
		uint32_t perms = c ? r->data & ~c->getattr : 0;
		if (!perms)
			continue;
		unsigned char how = R_HOLD | ((perms & c->rmask) ? R_READ : 0) | ((perms & c->wmask) ? R_WRITE : 0);
		size_t nsrc = 0;
		const uint16_t *src = NULL;
		for (size_t i = 0; i < ntypes; i++) {
			if (!policy_type_in(p, types[i], r->tgt))
				continue;
			if (!src)
				src = policy_members(p, r->src, &nsrc);
			unsigned char *m = &marks[i * (nt + 1)];
			for (size_t k = 0; k < nsrc; k++)
				if (domain && policy_type_in(p, src[k], domain) &&
				    strncmp(policy_type_name(p, src[k]), prefix, plen) != 0)
					m[src[k]] |= how;
		}
	}

	if (json)
		buf_puts(out, "[");
	else
		buf_puts(out, "# what remains: base domains that hold a permission other than getattr on the\n"
			      "# module's files (r read, w write, - neither, by the permission map)\n");
	for (size_t i = 0; i < ntypes; i++) {
		const unsigned char *m = &marks[i * (nt + 1)];
		size_t n = 0;
		for (size_t k = 0; k < ndoms; k++)
			n += (m[doms[k]] & R_HOLD) != 0;
		const char *tn = policy_type_name(p, types[i]);
		if (json) {
			buf_puts(out, i ? ",\n    {\"type\": " : "\n    {\"type\": ");
			json_str(out, tn);
			buf_puts(out, ", \"readers\": [");
			domain_list(p, doms, ndoms, m, R_READ, out);
			buf_puts(out, "], \"writers\": [");
			domain_list(p, doms, ndoms, m, R_WRITE, out);
			buf_puts(out, "], \"holders\": [");
			domain_list(p, doms, ndoms, m, R_HOLD, out);
			buf_puts(out, "]}");
			continue;
		}
		buf_printf(out, "remains %s: %zu base domain%s", tn, n, n == 1 ? "" : "s");
		bool first = true;
		for (size_t k = 0; k < ndoms; k++) {
			unsigned char h = m[doms[k]];
			if (!(h & R_HOLD))
				continue;
			buf_printf(out, "%s%s (%s%s%s)", first ? ": " : ", ", policy_type_name(p, doms[k]),
				   h & R_READ ? "r" : "", h & R_WRITE ? "w" : "", h & (R_READ | R_WRITE) ? "" : "-");
			first = false;
		}
		buf_puts(out, "\n");
	}
	if (json)
		buf_puts(out, ntypes ? "\n  ]" : "]");
	free(marks);
	free(types);
	free(doms);
	free(prefix);
}
