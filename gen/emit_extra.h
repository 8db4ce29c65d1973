/* emit_extra.h: the optional outputs of `zonepolicy build`, behind flags
 * (spec section 5; docs/outputs.md describes what they contain):
 *
 *   --units DIR      one systemd service per zone and one for the launcher
 *                    (emit_units.c, from templates/unit.service.in);
 *   --graph FILE.dot a Graphviz picture of zones, files and flows
 *                    (emit_graph.c).
 *
 * Both print the checked AST (e->m), in source order, so the same input
 * gives the same bytes.  zp_compile (compile.c) runs them when asked;
 * cmd_build.c writes them with the main outputs, all or nothing.
 */
#ifndef ZP_EMIT_EXTRA_H
#define ZP_EMIT_EXTRA_H

#include "emit.h"

/* One generated unit file: "sw-general.service" and its text. */
typedef struct UnitFile {
	char *name;
	Buf data;
} UnitFile;

typedef struct Units {
	UnitFile *v;         /* launcher first, then the zones in source order */
	size_t n;
} Units;

/* Fills u (which must start zeroed); returns 0, or -1 with e->err. */
int emit_units(Emit *e, Units *u);
void units_free(Units *u);

/* The .dot text of the whole module. */
int emit_graph(Emit *e, Buf *out);

#endif
