/* compile.h: the whole pipeline of `zonepolicy build`, in one function.
 *
 *   text -> check_encoding -> parse -> sema passes -> (stop on errors)
 *        -> lower to IR -> (stop on errors) -> assert flow check
 *        -> (stop on errors) -> emit .te .if .fc .cil .vectors (+ semanage,
 *        tmpfiles) into memory
 *        -> units, graph (when asked; from the checked AST)
 *        -> the .pp: the IR and .fc with libsepol (or, with pp_tool, the
 *           .te and .fc through checkmodule and semodule_package)
 *
 * Every diagnostic, whatever the stage, goes to the one sink c->diag and
 * is a check of dsl/checks.def; o->checks (-W) decides what a warning does.
 *
 * zp_compile() opens no output file itself (the .pp stage works in a
 * private temporary directory, and only when asked); the caller (cmd_build.c,
 * the fuzzer, the benchmark) decides what to do with the outputs.  A caller
 * that writes them to files can hand it those files (BuildOptions.spill_open):
 * the large outputs are then printed into them instead of being held in
 * memory (cmd_build.c: 10,000 zones in about 180 MB instead of 870 MB).
 */
#ifndef ZP_COMPILE_H
#define ZP_COMPILE_H

#include <stdio.h>

#include "ast.h"
#include "basefc.h"
#include "buf.h"
#include "emit.h"
#include "ir.h"
#include "permmap.h"
#include "basepol.h"
#include "sema.h"

typedef struct BuildOptions {
	const char *tpl_dir;         /* --template-dir */
	BaseFc *fc;                  /* base file contexts (required) */
	const PermMap *pm;           /* permission map (required with asserts) */
	const BasePolicy *base;      /* base policy: type names and port labels;
				      * may be NULL (then no type-collision check
				      * against the base, and `net` is an error) */
	SemaOptions sema;
	CheckSwitches checks;        /* -W switches; all zero: as registered */
	bool pp;                     /* run the .pp stage */
	bool pp_tool;                /* the .pp by checkmodule and semodule_package
				      * (--pp-tool=checkmodule), not libsepol */
	bool units, graph;           /* the optional outputs (--units, --graph) */
	bool sarif;                  /* diagnostics gathered as SARIF (diag_sarif) */
	/* When set, .te .if .fc .cil and .vectors are printed into the files
	 * it opens (the caller's output files, for writing and reading; NULL
	 * with a message in err): the vectors as they are printed, the others
	 * once made, so a large module is never held whole in memory.
	 * GenFile.data.spill is then that file, and data what follows its
	 * contents.  The caller finishes and closes the files. */
	FILE *(*spill_open)(void *ctx, const char *name, char *err, size_t errlen);
	void *spill_ctx;
	const char *spill_dir;       /* where those files are, for a message */
} BuildOptions;

/* The outputs of a compilation, one slot a kind, in the order they are
 * made.  Where each one goes is the caller's business. */
typedef enum OutKind {
	OUT_TE, OUT_IF, OUT_FC, OUT_CIL, OUT_VECTORS,    /* always */
	OUT_SEMANAGE,                /* the module has port types of its own */
	OUT_TMPFILES,                /* no launcher creates /run/M/ */
	OUT_NFT,                     /* the module labels packets (net, segments) */
	OUT_NETCHECK,                /* the same: M_netcheck.cil, the capability */
	OUT_NETLABEL,                /* segments: M.netlabel, their peer labels */
	OUT_UNITS,                   /* BuildOptions.units: one file a unit */
	OUT_GRAPH,                   /* BuildOptions.graph */
	OUT_PP,                      /* BuildOptions.pp */
	OUT_KINDS
} OutKind;

typedef struct GenFile {
	const char *name;            /* "sw.te" */
	Buf data;                    /* with BuildOptions.spill_open, the text
				      * is data.spill's contents, then data */
} GenFile;

/* One kind of output: no file (not made), or its files. */
typedef struct Output {
	GenFile *files;
	size_t n;
} Output;

typedef struct Compilation {
	Arena arena;
	Interner in;
	Module mod;
	Diag diag;
	Ir ir;
	RuleBlocks blocks;           /* the IR's rules by block (emit.h) */
	const char *source;          /* the .zone file's cleaned base name: the one
				      * label every output names it by */
	Output out[OUT_KINDS];       /* indexed by kind */
	char err[1024];              /* an environment error, not a diagnostic */
	FILE *(*spill_open)(void *, const char *, char *, size_t);   /* BuildOptions' */
	void *spill_ctx;
	const char *spill_dir;
} Compilation;

enum { ZP_OK = 0, ZP_ERRORS = 1, ZP_FAIL = 2 };

/* Compiles text (the contents of `file`); diagnostics go to diag_out.
 * Returns ZP_OK, ZP_ERRORS (diagnostics printed) or ZP_FAIL (c->err). */
int zp_compile(Compilation *c, const BuildOptions *o, const char *file,
	       const char *text, size_t len, FILE *diag_out);
void zp_compilation_free(Compilation *c);
/* The one file of output kind k, or NULL when it was not made. */
const GenFile *zp_output(const Compilation *c, OutKind k);

#endif
