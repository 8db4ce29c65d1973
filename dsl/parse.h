/* parse.h: text -> AST.  The lexer (lexer.l) and parser (parser.y) are
 * reentrant; all their state lives in a ParseCtx and the scanner. */
#ifndef ZP_PARSE_H
#define ZP_PARSE_H

#include <stddef.h>

#include "ast.h"

typedef struct ParseCtx {
	Arena *arena;
	Diag *diag;
	Interner *in;
	Module *mod;
	unsigned line, col;      /* where the lexer stands */
	char *sbuf;              /* string literal being read (malloc'ed) */
	size_t slen, scap;
	Loc sloc;                /* where that literal started */
	const char *text;        /* the whole source, for the end-of-file place */
	size_t len;
} ParseCtx;

/* Parses text (len bytes) into mod.  Returns the number of errors. */
int parse_module(Arena *a, Diag *d, Interner *in, Module *mod,
		 const char *text, size_t len);

/* Checks that text is UTF-8 without NUL bytes; reports each bad place. */
int check_encoding(Diag *d, const char *text, size_t len);

#endif
