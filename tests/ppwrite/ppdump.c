/* ppdump.c: a module package's policydb as sorted text, by name, for
 * comparing two .pp files built differently (tests/ppwrite/run.sh): every
 * block's decl with its required and declared symbols, the required
 * permissions, the attributes' and roles' types, and the rules.  Symbol
 * values and hash order do not show, so two packages that mean the same
 * print the same.
 *
 *   ppdump M.pp
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sepol/module.h>
#include <sepol/policydb/avrule_block.h>
#include <sepol/policydb/ebitmap.h>
#include <sepol/policydb/policydb.h>

static policydb_t *p;

static const char *tname(uint32_t v) { return p->p_type_val_to_name[v - 1]; }

static void print_bits(const char *what, const ebitmap_t *e, char **names)
{
	ebitmap_node_t *n;
	unsigned int i;
	printf("%s {", what);
	ebitmap_for_each_positive_bit(e, n, i)
		printf(" %s", names[i]);
	printf(" }\n");
}

static void print_set(const type_set_t *s)
{
	ebitmap_node_t *n;
	unsigned int i;
	printf("{");
	ebitmap_for_each_positive_bit(&s->types, n, i)
		printf(" %s", tname(i + 1));
	ebitmap_for_each_positive_bit(&s->negset, n, i)
		printf(" -%s", tname(i + 1));
	printf(" }%s", s->flags ? "flags" : "");
}

typedef struct PermName { uint32_t cls; } PermName;

static int find_perm(hashtab_key_t k, hashtab_datum_t d, void *arg)
{
	uint32_t *want = arg;
	if (((perm_datum_t *)d)->s.value == want[0]) {
		printf(" %s", (char *)k);
		return 1;
	}
	return 0;
}

static void print_perms(uint32_t cls, uint32_t mask)
{
	class_datum_t *c = p->class_val_to_struct[cls - 1];
	for (uint32_t b = 0; b < 32; b++)
		if (mask & (UINT32_C(1) << b)) {
			uint32_t want = b + 1;
			hashtab_map(c->permissions.table, find_perm, &want);
		}
}

static int print_attr(hashtab_key_t k, hashtab_datum_t d, void *arg)
{
	(void)arg;
	type_datum_t *t = d;
	printf("type %s flavor %u primary %u", (char *)k, t->flavor, t->primary);
	print_bits("", &t->types, p->p_type_val_to_name);
	return 0;
}

static int print_role(hashtab_key_t k, hashtab_datum_t d, void *arg)
{
	(void)arg;
	role_datum_t *r = d;
	printf("role %s flavor %u", (char *)k, r->flavor);
	print_bits(" dominates", &r->dominates, p->p_role_val_to_name);
	printf("role %s types ", (char *)k);
	print_set(&r->types);
	printf("\n");
	return 0;
}

static int print_scope(hashtab_key_t k, hashtab_datum_t d, void *arg)
{
	const char *what = arg;
	scope_datum_t *s = d;
	printf("scope %s %s %u:", what, (char *)k, s->scope);
	for (uint32_t i = 0; i < s->decl_ids_len; i++)
		printf(" %u", s->decl_ids[i]);
	printf("\n");
	return 0;
}

static void print_index(const char *what, const scope_index_t *si)
{
	char buf[64];
	snprintf(buf, sizeof buf, "  %s classes", what);
	print_bits(buf, &si->scope[SYM_CLASSES], p->p_class_val_to_name);
	snprintf(buf, sizeof buf, "  %s roles", what);
	print_bits(buf, &si->scope[SYM_ROLES], p->p_role_val_to_name);
	snprintf(buf, sizeof buf, "  %s types", what);
	print_bits(buf, &si->scope[SYM_TYPES], p->p_type_val_to_name);
	for (int s = SYM_USERS; s < SYM_NUM; s++)
		if (ebitmap_cardinality(&si->scope[s]))
			printf("  %s symbols of kind %d\n", what, s);
	for (uint32_t c = 0; c < si->class_perms_len; c++)
		if (ebitmap_cardinality(&si->class_perms_map[c])) {
			printf("  %s perms %s:", what, p->p_class_val_to_name[c]);
			ebitmap_node_t *n;
			unsigned int i;
			ebitmap_for_each_positive_bit(&si->class_perms_map[c], n, i)
				print_perms(c + 1, UINT32_C(1) << i);
			printf("\n");
		}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: ppdump M.pp\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "r");
	sepol_policy_file_t *pf;
	sepol_module_package_t *pkg;
	if (!f || sepol_policy_file_create(&pf) || sepol_module_package_create(&pkg)) {
		perror(argv[1]);
		return 1;
	}
	sepol_policy_file_set_fp(pf, f);
	if (sepol_module_package_read(pkg, pf, 0)) {
		fprintf(stderr, "ppdump: %s: not a module package\n", argv[1]);
		return 1;
	}
	p = &sepol_module_package_get_policy(pkg)->p;
	printf("module %s %s type %u mls %u vers %u unknown %u\n", p->name, p->version, p->policy_type, p->mls,
	       p->policyvers, p->handle_unknown);
	hashtab_map(p->p_types.table, print_attr, NULL);
	hashtab_map(p->p_roles.table, print_role, NULL);
	static const char *const sym[] = { "common", "class", "role", "type", "user", "bool", "level", "cat" };
	for (int s = 0; s < SYM_NUM; s++)
		hashtab_map(p->scope[s].table, print_scope, (void *)sym[s]);
	for (uint32_t c = 0; c < p->p_classes.nprim; c++) {
		printf("class %s:", p->p_class_val_to_name[c]);
		print_perms(c + 1, ~0u);
		printf("\n");
	}
	for (avrule_block_t *b = p->global; b; b = b->next)
		for (avrule_decl_t *d = b->branch_list; d; d = d->next) {
			printf("block flags %u decl %u enabled %u\n", b->flags, d->decl_id, d->enabled);
			print_index("required", &d->required);
			print_index("declared", &d->declared);
			for (int s = 0; s < SYM_NUM; s++)
				if (d->symtab[s].table && d->symtab[s].table->nel)
					printf("  local symbols of kind %d: %u\n", s, d->symtab[s].table->nel);
			for (avrule_t *r = d->avrules; r; r = r->next) {
				printf("  rule %u flags %u ", r->specified, r->flags);
				print_set(&r->stypes);
				printf(" ");
				print_set(&r->ttypes);
				for (class_perm_node_t *c = r->perms; c; c = c->next) {
					printf(" :%s", p->p_class_val_to_name[c->tclass - 1]);
					if (r->specified & AVRULE_TYPE)
						printf(" %s", tname(c->data));
					else
						print_perms(c->tclass, c->data);
				}
				printf("\n");
			}
			for (filename_trans_rule_t *t = d->filename_trans_rules; t; t = t->next) {
				printf("  name_trans flags %u ", t->flags);
				print_set(&t->stypes);
				printf(" ");
				print_set(&t->ttypes);
				printf(" :%s %s \"%s\"\n", p->p_class_val_to_name[t->tclass - 1], tname(t->otype), t->name);
			}
		}
	size_t len;
	char *fc;
	if (sepol_module_package_get_file_contexts(pkg)) {
		fc = sepol_module_package_get_file_contexts(pkg);
		len = sepol_module_package_get_file_contexts_len(pkg);
		printf("file contexts %zu bytes\n", len);
		fwrite(fc, 1, len, stdout);
	}
	sepol_module_package_free(pkg);
	sepol_policy_file_free(pf);
	fclose(f);
	return 0;
}
