/* refuse.c: the in-process .pp writer when libsepol refuses (make
 * test-ppwrite).  Each case builds a small rule IR that no .zone file
 * lowers to (sema and lower rule them out) but that libsepol refuses, and
 * checks that package_pp_sepol fails with the located message of the IR
 * element at fault and leaves the output buffer empty; then that a sound
 * IR of the same shape packages.  Prints "refuse: N passed, N failed".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast.h"
#include "buf.h"
#include "ir.h"
#include "package.h"

static int pass, failed;

static Origin at(unsigned line, unsigned col, const char *what)
{
	return (Origin){ { line, col }, what };
}

/* a module m with one domain m_t (attribute m_domain) and its exec file */
static void base_ir(Ir *ir, Arena *a, Module *m, Sym *name)
{
	memset(m, 0, sizeof *m);
	name->name = "m";
	name->len = 1;
	m->name = name;
	m->version = "1.0";
	ir_init(ir, a, m);
	ir->own_attr = "m_domain";
	ir->own_attr_o = at(1, 1, "module m");
	ir->attrs[ir->nattrs++] = "m_domain";
	IrType *t = ir_type(ir, "m_t", at(2, 1, "launcher"));
	ir_attr(t, "m_domain");
	ir_attr(t, "domain");
	t->domain = true;
	ir_type(ir, "m_exec_t", at(3, 5, "exec \"/usr/bin/m\""));
	ir_allow(ir, at(4, 5, "log \"/var/log/m\""), "m_t", "var_log_t", "file", "append open");
}

static void expect(const char *name, Ir *ir, const char *want)
{
	Buf fc = { 0 }, pp = { 0 };
	buf_puts(&fc, "/usr/bin/m\t--\tgen_context(system_u:object_r:m_exec_t,s0)\n");
	char err[512];
	int rc = package_pp_sepol(ir, NULL, "m.zone", &fc, &pp, err, sizeof err);
	if (!want) {
		if (rc == 0 && pp.len > 0) {
			pass++;
			printf("ok   %s: %zu bytes\n", name, pp.len);
		} else {
			failed++;
			printf("FAIL %s: refused: %s\n", name, err);
		}
	} else if (rc == 0) {
		failed++;
		printf("FAIL %s: packaged (%zu bytes), expected: %s\n", name, pp.len, want);
	} else if (pp.len != 0) {
		failed++;
		printf("FAIL %s: %zu bytes left in the output after: %s\n", name, pp.len, err);
	} else if (strncmp(err, want, strlen(want)) != 0) {
		failed++;
		printf("FAIL %s: message '%s', expected it to start '%s'\n", name, err, want);
	} else {
		pass++;
		printf("ok   %s: %s\n", name, err);
	}
	buf_free(&fc);
	buf_free(&pp);
}

int main(void)
{
	Arena a;
	Module m;
	Sym name;
	Ir ir;

	arena_init(&a);
	base_ir(&ir, &a, &m, &name);
	expect("sound", &ir, NULL);

	/* a type declared twice */
	base_ir(&ir, &a, &m, &name);
	ir_type(&ir, "m_t", at(7, 9, "vm m"));
	expect("type-declared-twice", &ir, "m.zone:7:9: libsepol refused type 'm_t': declared twice");

	/* a name that is a type and an attribute */
	base_ir(&ir, &a, &m, &name);
	IrType *t = ir_type(&ir, "m_file_t", at(8, 3, "config \"/etc/m\""));
	ir_attr(t, "m_exec_t");
	expect("type-as-attribute", &ir, "m.zone:3:5: libsepol refused type 'm_exec_t': used as both an attribute and a type");

	/* two transitions for one file name */
	base_ir(&ir, &a, &m, &name);
	ir_type(&ir, "m_run_t", at(5, 2, "socket \"/run/m\""));
	ir_type(&ir, "m_run2_t", at(6, 2, "socket \"/run/m2\""));
	ir_trans(&ir, at(5, 2, "socket \"/run/m\""), "m_t", "var_run_t", "dir", "m_run_t", "m");
	ir_trans(&ir, at(6, 2, "socket \"/run/m2\""), "m_t", "var_run_t", "dir", "m_run2_t", "m");
	expect("name-transition-twice", &ir, "m.zone:6:2: libsepol refused type_transition m_t var_run_t:dir \"m\"");

	/* a transition to an attribute */
	base_ir(&ir, &a, &m, &name);
	ir_trans(&ir, at(9, 4, "exec \"/usr/bin/m\""), "m_t", "m_exec_t", "process", "m_domain", NULL);
	expect("transition-to-attribute", &ir, "m.zone:9:4: libsepol refused type_transition to 'm_domain'");

	/* more permissions on one class than an access vector holds */
	base_ir(&ir, &a, &m, &name);
	Buf many = { 0 };
	for (int i = 0; i < 33; i++)
		buf_printf(&many, "%sp%02d", i ? " " : "", i);
	ir_allow(&ir, at(10, 1, "net"), "m_t", "self", "tcp_socket", arena_printf(&a, "%s", buf_str(&many)));
	buf_free(&many);
	expect("class-over-32-perms", &ir, "m.zone:10:1: libsepol refused class 'tcp_socket': more than 32 permissions");

	arena_free(&a);
	printf("refuse: %d passed, %d failed\n", pass, failed);
	return failed != 0;
}
