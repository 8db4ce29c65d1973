/* emit_extra.h: the optional outputs of `zonepolicy build`, behind flags
 * (spec section 5; docs/outputs.md describes what they contain):
 *
 *   --units DIR      one systemd service per zone and one for the launcher
 *                    (emit_units.c, from templates/unit.service.in);
 *   --graph FILE.dot a Graphviz picture of zones, files and flows
 *                    (emit_graph.c).
 *
 * Both print the checked AST (e->m), in source order, so the same input
 * gives the same bytes.  The Extras functions stage them next to the main
 * outputs: temporaries first, renamed only when everything is ready.
 */
#ifndef ZP_EMIT_EXTRA_H
#define ZP_EMIT_EXTRA_H

#include "compile.h"
#include "emit.h"
#include "out.h"

/* One generated unit file: "sw-general.service" and its text. */
typedef struct UnitFile {
	char *name;
	Buf data;
} UnitFile;

typedef struct Units {
	UnitFile *v;         /* launcher first, then the zones in source order */
	size_t n;
} Units;

/* Fills u (which must start zeroed); returns 0, or -1 (emit.h). */
int emit_units(Emit *e, Units *u);
void units_free(Units *u);

/* The .dot text of the whole module. */
int emit_graph(Emit *e, Buf *out);

/* ---- staging for cmd_build.c ---- */

typedef struct Extras {
	OutSet units, graph;         /* each one directory */
	bool have_units, have_graph;
	char err[1200];
} Extras;

/* Emits the outputs asked for (unit_dir and graph_file may be NULL) in
 * memory and writes them as temporaries.  Returns 0, or -1 with nothing
 * left behind and either diagnostics in c->diag (its error count grew) or
 * a message in x->err.  x must start zeroed. */
int extras_stage(Extras *x, Compilation *c, const char *tpl_dir,
		 const char *unit_dir, const char *graph_file);
/* Renames the staged files into place; -1 with a message in err. */
int extras_commit(Extras *x, char *err, size_t errlen);
/* Removes the staged temporaries (safe after a commit, or when nothing was staged). */
void extras_abort(Extras *x);

#endif
