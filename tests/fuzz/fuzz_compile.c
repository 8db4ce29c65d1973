/* fuzz_compile.c: libFuzzer target over the whole in-memory pipeline,
 * zp_compile(): encoding check, lex, parse, sema passes, lowering, the
 * assert flow check and every emitter, units and graph included; the .pp
 * stage (external tools) is left off.  Nothing is written to disk;
 * diagnostics go to /dev/null (they are still formatted, so diag.c is
 * exercised too).
 *
 * libFuzzer calls LLVMFuzzerTestOneInput with no context argument, so the
 * inputs every run shares (base file contexts, permission map, base module
 * list) are loaded once, in LLVMFuzzerInitialize, into the one static
 * struct of this file.  That is the only mutable static state; the
 * compiler itself keeps none.
 *
 * Environment: ZP_FUZZ_BASEFC, ZP_FUZZ_PERMMAP and ZP_FUZZ_MODULES override
 * the default paths (those of `zonepolicy build`).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "basemods.h"
#include "profile.h"
#include "compile.h"
#include "out.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct {
	BuildOptions bo;
	PermMap *pm;
	FILE *null;
	char *modtext;
	const char **modules;
} fz;

static const char *env_or(const char *name, const char *def)
{
	const char *v = getenv(name);
	return v && *v ? v : def;
}

/* One module name a line -> NULL-terminated array pointing into *text. */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char err[1024];
	const char *fc = env_or("ZP_FUZZ_BASEFC", BASEFC_DEFAULT);
	const char *pm = env_or("ZP_FUZZ_PERMMAP", PERMMAP_DEFAULT);
	const char *mods = env_or("ZP_FUZZ_MODULES", "/usr/share/selinux/default/.modules");
	fz.bo.fc = basefc_open(fc, err, sizeof err);
	if (!fz.bo.fc) {
		fprintf(stderr, "fuzz_compile: %s\n", err);
		exit(1);
	}
	fz.pm = permmap_load(pm, err, sizeof err);
	if (!fz.pm) {
		fprintf(stderr, "fuzz_compile: %s\n", err);
		exit(1);
	}
	fz.bo.pm = fz.pm;
	fz.bo.units = fz.bo.graph = true;
	/* the base policy: type names and port labels (NULL: checks skipped) */
	fz.bo.base = basepol_load(BASEPOL_DEFAULT, err, sizeof err);
	fz.modules = base_modules_load(mods, &fz.modtext);
	fz.bo.sema.base_modules = fz.modules;
	fz.bo.sema.base_modules_source = mods;
	fz.null = fopen("/dev/null", "w");
	if (!fz.null) {
		perror("fuzz_compile: /dev/null");
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* the compiler is handed a NUL-terminated copy, as read_file gives */
	char *text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	Compilation c;
	int rc = zp_compile(&c, &fz.bo, "fuzz.zone", text, size, fz.null);
	if (rc == ZP_OK) {
		/* a successful compilation has every output it must have,
		 * and every output it made is named and non-empty, but for
		 * the units `console none` masks: empty on purpose (systemd's
		 * masking), and only with console none */
		for (int k = OUT_TE; k <= OUT_VECTORS; k++)
			if (!zp_output(&c, (OutKind)k))
				abort();
		for (int k = 0; k < OUT_KINDS; k++)
			for (size_t i = 0; i < c.out[k].n; i++) {
				const GenFile *f = &c.out[k].files[i];
				if (!f->name)
					abort();
				if (f->data.len == 0 &&
				    (k != OUT_UNITS || !c.mod.launcher || !c.mod.launcher->console_none))
					abort();
			}
	} else if (rc == ZP_ERRORS) {
		if (c.diag.errors == 0)
			abort();        /* a failure must say why */
	}
	zp_compilation_free(&c);
	free(text);
	return 0;
}
