/* cilread.h: a reader of CIL text into s-expressions.
 *
 * Enough of CIL's syntax for the fast link (base/fastlink.h): lists,
 * atoms, quoted strings and `;` comments.  A node is an atom (its text,
 * quotes removed) or a list of nodes; every node knows its line.  All
 * nodes of one read live in one CilDoc and are freed with it.
 */
#ifndef ZP_CILREAD_H
#define ZP_CILREAD_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

typedef struct CilNode {
	const char *atom;          /* NULL for a list */
	bool quoted;               /* the atom was a "string" */
	struct CilNode **kid;      /* a list's items */
	int n;
	int line;
} CilNode;

typedef struct CilDoc {
	CilNode *top;              /* a list of the top-level statements */
	Arena arena;               /* every node and atom, freed by cil_free */
} CilDoc;

/* Reads text (len bytes, need not end in NUL) into doc.  0, or -1 with
 * "line N: what" in err (an unbalanced parenthesis or string). */
int cil_read(CilDoc *doc, const char *text, size_t len, char *err, size_t errlen);
void cil_free(CilDoc *doc);

/* The atom of item i of a list, or NULL (not a list, too short, a list). */
const char *cil_atom(const CilNode *n, int i);

#endif
