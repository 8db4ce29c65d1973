/* emit_extra.c: staging of the optional outputs (see emit_extra.h).
 *
 * cmd_build.c writes the main outputs into one OutSet; the units go into
 * their own directory and the graph wherever its file name says, so each
 * gets an OutSet of its own.  Every temporary of every set is written
 * before anything is renamed; then the sets are renamed one after the
 * other.  A rename inside one directory does not fail for want of space,
 * so the only partial result left is the one a failing rename of the main
 * set would leave too (docs/outputs.md).
 */
#include "emit_extra.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int stage_units(Extras *x, Emit *e, const char *dir)
{
	Units u = { 0 };
	if (emit_units(e, &u) != 0) {
		snprintf(x->err, sizeof x->err, "units: %s", e->err);
		return -1;
	}
	int rc = 0;
	if (out_begin(&x->units, dir) != 0) {
		snprintf(x->err, sizeof x->err, "--units: %s", x->units.err);
		rc = -1;
	}
	x->have_units = rc == 0;
	for (size_t i = 0; rc == 0 && i < u.n; i++)
		if (out_write(&x->units, u.v[i].name, u.v[i].data.data, u.v[i].data.len) != 0) {
			snprintf(x->err, sizeof x->err, "%s", x->units.err);
			rc = -1;
		}
	units_free(&u);
	return rc;
}

static int stage_graph(Extras *x, Emit *e, const char *file)
{
	Buf dot = { 0 };
	if (emit_graph(e, &dot) != 0) {
		snprintf(x->err, sizeof x->err, "graph: %s", e->err);
		buf_free(&dot);
		return -1;
	}
	char *dir = strdup(file);
	if (!dir)
		abort();
	char *slash = strrchr(dir, '/');
	const char *name = slash ? slash + 1 : file;
	if (slash == dir)
		dir[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	int rc = 0;
	if (!*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		snprintf(x->err, sizeof x->err, "--graph: '%s' names no file", file);
		rc = -1;
	} else if (out_begin(&x->graph, dir) != 0) {
		snprintf(x->err, sizeof x->err, "--graph: %s", x->graph.err);
		rc = -1;
	} else {
		x->have_graph = true;
		if (out_write(&x->graph, name, dot.data, dot.len) != 0) {
			snprintf(x->err, sizeof x->err, "%s", x->graph.err);
			rc = -1;
		}
	}
	free(dir);
	buf_free(&dot);
	return rc;
}

int extras_stage(Extras *x, Compilation *c, const char *tpl_dir,
		 const char *unit_dir, const char *graph_file)
{
	if (!unit_dir && !graph_file)
		return 0;
	Emit e = { .ir = &c->ir, .m = &c->mod, .source = c->source, .tpl_dir = tpl_dir, .diag = &c->diag };
	int rc = 0;
	if (unit_dir)
		rc = stage_units(x, &e, unit_dir);
	if (rc == 0 && graph_file)
		rc = stage_graph(x, &e, graph_file);
	if (rc != 0)
		extras_abort(x);
	return rc;
}

int extras_commit(Extras *x, char *err, size_t errlen)
{
	if (x->have_units) {
		x->have_units = false;
		if (out_commit(&x->units) != 0) {
			snprintf(err, errlen, "%s", x->units.err);
			extras_abort(x);
			return -1;
		}
	}
	if (x->have_graph) {
		x->have_graph = false;
		if (out_commit(&x->graph) != 0) {
			snprintf(err, errlen, "%s", x->graph.err);
			return -1;
		}
	}
	return 0;
}

void extras_abort(Extras *x)
{
	if (x->have_units)
		out_abort(&x->units);
	if (x->have_graph)
		out_abort(&x->graph);
	x->have_units = x->have_graph = false;
}
