/* compile.c: the pipeline (see compile.h). */
#include "compile.h"

#include <stdlib.h>
#include <string.h>
#include <pthread.h>

#include "assertflow.h"
#include "basecheck.h"
#include "emit.h"
#include "emit_extra.h"
#include "lower.h"
#include "package.h"
#include "parse.h"

/* The .zone file's base name as every output prints it (comments, headers,
 * unit files, the graph): a control character (a newline in a file name)
 * would end a comment line, and a byte above 0x7e could make a non-UTF-8
 * file; each becomes '?'.  Made once, so all outputs agree. */
static const char *source_label(Arena *a, const char *path)
{
	const char *s = strrchr(path, '/');
	char *n = arena_strndup(a, s ? s + 1 : path, strlen(s ? s + 1 : path));
	for (char *p = n; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			*p = '?';
	return n;
}

/* The file name of each kind: M.EXT (M_NAME.cil for _NAME.cil). */
static const char *const out_ext[OUT_KINDS] = {
	[OUT_TE] = "te", [OUT_IF] = "if", [OUT_FC] = "fc", [OUT_CIL] = "cil",
	[OUT_VECTORS] = "vectors", [OUT_SEMANAGE] = "semanage", [OUT_TMPFILES] = "tmpfiles.conf",
	[OUT_NFT] = "nft", [OUT_NETCHECK] = "_netcheck.cil",
	[OUT_NETLABEL] = "netlabel",
	[OUT_GRAPH] = "dot", [OUT_PP] = "pp",
};

/* The n files of output kind k.  The table has one slot a kind: a kind out
 * of range, or made twice, is a bug in this file. */
static GenFile *new_files(Compilation *c, OutKind k, size_t n)
{
	if ((unsigned)k >= OUT_KINDS || c->out[k].n || !n) {
		fprintf(stderr, "zonepolicy: internal error: output kind %d made twice\n", (int)k);
		abort();
	}
	c->out[k].files = arena_alloc(&c->arena, n * sizeof *c->out[k].files);
	c->out[k].n = n;
	return c->out[k].files;
}

/* Runs emitter fn into the one file of kind k; what = the output's name in
 * an error, NULL for the main outputs. */
static int add(Compilation *c, Emit *e, OutKind k, int (*fn)(Emit *, Buf *), const char *what)
{
	GenFile *f = new_files(c, k, 1);
	f->name = arena_printf(&c->arena, "%s%s%s", c->mod.name->name, out_ext[k][0] == '_' ? "" : ".",
			       out_ext[k]);
	if (c->spill_open && k <= OUT_VECTORS) {
		/* the policy files go to the caller's files: the vectors in
		 * chunks as they are printed, the others once made */
		FILE *t = c->spill_open(c->spill_ctx, f->name, c->err, sizeof c->err);
		if (!t)
			return -1;
		buf_spill_to(&f->data, t);
	}
	if (fn(e, &f->data) != 0) {
		snprintf(c->err, sizeof c->err, "%s%s%s", what ? what : "", what ? ": " : "", e->err);
		return -1;
	}
	buf_spill_all(&f->data);
	if (f->data.spill_error) {
		snprintf(c->err, sizeof c->err, "cannot write '%s/%s': %s; nothing was written", c->spill_dir,
			 f->name, strerror(f->data.spill_error));
		return -1;
	}
	return 0;
}

/* The units, one file a block (launcher first), moved into the table. */
static int add_units(Compilation *c, Emit *e)
{
	Units u = { 0 };
	if (emit_units(e, &u) != 0) {
		snprintf(c->err, sizeof c->err, "units: %s", e->err);
		units_free(&u);
		return -1;
	}
	GenFile *f = u.n ? new_files(c, OUT_UNITS, u.n) : NULL;
	for (size_t i = 0; i < u.n; i++) {
		f[i].name = arena_printf(&c->arena, "%s", u.v[i].name);
		f[i].data = u.v[i].data;
		u.v[i].data = (Buf){ 0 };
	}
	units_free(&u);
	return 0;
}

/* The .pp: made by libsepol in process (on a thread of its own, beside
 * the printers that follow the .fc: see zp_compile), or by checkmodule and
 * semodule_package over the .te and .fc (--pp-tool=checkmodule). */
typedef struct PpJob {
	Compilation *c;          /* read only on the thread */
	bool tool;
	const Buf *fc;
	GenFile *f;
	int rc;
	char err[sizeof ((Compilation *)0)->err - 64];
} PpJob;

/* The output file and its spill: on the compiling thread (the arena). */
static int pp_begin(Compilation *c, bool tool, PpJob *job)
{
	const char *mod = c->mod.name->name;
	GenFile *f = new_files(c, OUT_PP, 1);
	f->name = arena_printf(&c->arena, "%s.%s", mod, out_ext[OUT_PP]);
	if (c->spill_open && !tool) {
		/* the in-process writer writes into the caller's file */
		FILE *t = c->spill_open(c->spill_ctx, f->name, c->err, sizeof c->err);
		if (!t)
			return -1;
		buf_spill_to(&f->data, t);
	}
	*job = (PpJob){ .c = c, .tool = tool, .fc = &zp_output(c, OUT_FC)->data, .f = f };
	return 0;
}

/* Reads the IR, its rule blocks and the .fc; writes only job->f->data
 * and job->err.  Nothing here touches the compilation's arena. */
static void *pp_run(void *arg)
{
	PpJob *job = arg;
	Compilation *c = job->c;
	job->rc = job->tool
		? package_pp(c->mod.name->name, &zp_output(c, OUT_TE)->data, job->fc, &job->f->data, job->err,
			     sizeof job->err)
		: package_pp_sepol(&c->ir, &c->blocks, c->source, job->fc, &job->f->data, job->err,
				   sizeof job->err);
	return NULL;
}

static int pp_end(Compilation *c, const PpJob *job)
{
	if (!job->rc)
		return 0;
	if (job->f->data.spill_error)
		snprintf(c->err, sizeof c->err, "cannot write '%s/%s': %s; nothing was written", c->spill_dir,
			 job->f->name, strerror(job->f->data.spill_error));
	else
		snprintf(c->err, sizeof c->err, "building %s: %s", job->f->name, job->err);
	return -1;
}

static bool base_has_type(const void *base, const char *name)
{
	return basepol_has_type(base, name);
}

int zp_compile(Compilation *c, const BuildOptions *o, const char *file,
	       const char *text, size_t len, FILE *diag_out)
{
	memset(c, 0, sizeof *c);
	arena_init(&c->arena);
	intern_init(&c->in, &c->arena);
	module_init(&c->mod);
	diag_init(&c->diag, file, text, len, diag_out);
	c->diag.switches = &o->checks;
	c->diag.sarif = o->sarif;
	c->source = source_label(&c->arena, file);
	c->spill_open = o->spill_open;
	c->spill_ctx = o->spill_ctx;
	c->spill_dir = o->spill_dir ? o->spill_dir : ".";

	/* front end: every error of the file, then stop */
	SemaOptions so = o->sema;
	if (o->base && !so.base_has_type) {
		so.base_has_type = base_has_type;
		so.base = o->base;
	}
	if (check_encoding(&c->diag, text, len) ||
	    parse_module(&c->arena, &c->diag, &c->in, &c->mod, text, len) ||
	    sema_run(&c->arena, &c->diag, &c->mod, &so)) {
		diag_finish(&c->diag);
		return ZP_ERRORS;
	}

	/* the base's labels: a path it owns is refused unless taken over */
	basefc_expect(o->fc, c->mod.nzones);
	if (basecheck_run(&c->mod, o->fc, o->base, &c->diag)) {
		diag_finish(&c->diag);
		return ZP_ERRORS;
	}

	/* middle: the zone's meaning as rules, and the asserts against them */
	bool net = false;
	for (const Zone *z = c->mod.zones; z; z = z->next)
		net |= z->has_net;
	if (net && !o->base) {
		snprintf(c->err, sizeof c->err, "`net` needs the base policy's port labels: no base policy "
			 "was loaded (install selinux-policy-default or use --base)");
		return ZP_FAIL;
	}
	LowerOptions lo = { o->fc, o->base, &c->diag };
	ir_init(&c->ir, &c->arena, &c->mod);
	lower(&c->ir, &c->mod, &lo);
	if (c->diag.errors) {
		/* a base file-contexts failure, or a warning made an error by -W */
		diag_finish(&c->diag);
		return ZP_ERRORS;
	}
	if (c->mod.asserts) {
		if (!o->pm) {
			snprintf(c->err, sizeof c->err, "the module has asserts but no permission map was loaded");
			return ZP_FAIL;
		}
		if (assertflow_check(&c->ir, o->pm, &c->diag)) {
			diag_finish(&c->diag);
			return ZP_ERRORS;
		}
	}

	/* back end: every output from the IR (vectors from the AST); the
	 * rules by block once, for the .te, the .cil and the .pp */
	rule_blocks_make(&c->blocks, &c->arena, &c->ir);
	Emit e = { .ir = &c->ir, .m = &c->mod, .source = c->source, .tpl_dir = o->tpl_dir,
		   .base = o->base, .fc = o->fc, .blocks = &c->blocks, .diag = &c->diag };
	if (add(c, &e, OUT_TE, emit_te, NULL) || add(c, &e, OUT_IF, emit_if, NULL) ||
	    add(c, &e, OUT_FC, emit_fc, NULL)) {
		if (!c->diag.errors)
			return ZP_FAIL;
		diag_finish(&c->diag);
		return ZP_ERRORS;
	}
	/* The binary package, from the IR and the .fc, on a thread of its
	 * own while the other printers run (it touches nothing they do: see
	 * pp_run); with checkmodule, after them, from the .te and .fc. */
	PpJob job;
	bool threaded = o->pp && !o->pp_tool, started = false;
	pthread_t pp_thread;
	if (threaded) {
		if (pp_begin(c, false, &job))
			return ZP_FAIL;
		started = pthread_create(&pp_thread, NULL, pp_run, &job) == 0;
		if (!started)
			pp_run(&job);   /* no thread to be had: here, now */
	}
	int emitted = add(c, &e, OUT_CIL, emit_cil, NULL) ||
	    add(c, &e, OUT_VECTORS, emit_vectors, NULL) ||
	    (c->ir.ports && add(c, &e, OUT_SEMANAGE, emit_semanage, NULL)) ||
	    (c->ir.runtime && c->ir.runtime_by_tmpfiles && add(c, &e, OUT_TMPFILES, emit_tmpfiles, NULL)) ||
	    (c->ir.secmarks && add(c, &e, OUT_NFT, emit_nft, NULL)) ||
	    (c->ir.netcheck && add(c, &e, OUT_NETCHECK, emit_netcheck, NULL)) ||
	    (c->mod.segments && add(c, &e, OUT_NETLABEL, emit_netlabel, NULL)) ||
	    /* the optional outputs, printed from the checked AST */
	    (o->units && add_units(c, &e)) ||
	    (o->graph && add(c, &e, OUT_GRAPH, emit_graph, "graph"));
	if (started)
		pthread_join(pp_thread, NULL);
	if (emitted) {
		if (!c->diag.errors)
			return ZP_FAIL;
		diag_finish(&c->diag);
		return ZP_ERRORS;
	}
	if (threaded && pp_end(c, &job))
		return ZP_FAIL;
	if (o->pp && o->pp_tool) {
		if (pp_begin(c, true, &job))
			return ZP_FAIL;
		pp_run(&job);
		if (pp_end(c, &job))
			return ZP_FAIL;
	}
	return ZP_OK;
}

void zp_compilation_free(Compilation *c)
{
	for (int k = 0; k < OUT_KINDS; k++)
		for (size_t i = 0; i < c->out[k].n; i++)
			buf_free(&c->out[k].files[i].data);   /* data.spill is the caller's */
	rule_blocks_free(&c->blocks);
	intern_free(&c->in);
	arena_free(&c->arena);
	diag_free(&c->diag);
}

const GenFile *zp_output(const Compilation *c, OutKind k)
{
	return (unsigned)k < OUT_KINDS && c->out[k].n ? &c->out[k].files[0] : NULL;
}
