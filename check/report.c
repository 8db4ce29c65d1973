/* report.c: the checker's reports, text and JSON (see check.h). */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "jsonout.h"
#include "reach.h"

static const char *kind_name(VKind k)
{
	static const char *const names[] = { "allow", "deny", "trans", "notrans", "noflow", "portcon", "policycap", "bad" };
	return names[k];
}

void check_report_json(Check *c, const char *policy, Buf *out, size_t pass, size_t failn, bool leaks)
{
	buf_puts(out, "{\n  \"policy\": ");
	json_str(out, policy);
	buf_puts(out, ",\n  \"vectors\": ");
	json_str(out, c->vfile);
	if (c->hdr.present) {
		buf_puts(out, ",\n  \"module\": ");
		json_str(out, c->hdr.module);
		buf_puts(out, ", \"launcher\": ");
		if (c->hdr.launcher)
			json_str(out, c->hdr.launcher);
		else
			buf_puts(out, "null");
		buf_puts(out, ", \"trusted\": [");
		for (size_t i = 0; i < c->hdr.ntrusted; i++) {
			buf_puts(out, i ? ", " : "");
			json_str(out, c->hdr.trusted[i]);
		}
		buf_puts(out, "]");
	}
	buf_puts(out, ",\n  \"results\": [");
	for (size_t i = 0; i < c->n; i++) {
		Vector *v = &c->v[i];
		buf_printf(out, "%s\n    {\"line\": %u, \"kind\": \"%s\", \"vector\": ", i ? "," : "", v->line,
			   kind_name(v->kind));
		json_str(out, v->text);
		buf_puts(out, ", \"origin\": ");
		json_str(out, v->origin);
		buf_printf(out, ", \"pass\": %s", v->pass ? "true" : "false");
		if (v->open)
			buf_puts(out, ", \"open\": true");
		if (!v->pass) {
			buf_puts(out, ", \"reason\": ");
			json_str(out, buf_str(&v->reason));
		}
		if (v->npath) {
			buf_puts(out, ", \"path\": [");
			for (size_t k = 0; k < v->npath; k++) {
				const FlowStep *s = &v->path[k];
				Buf rs = { 0 };
				flow_step_str(c->flow, s, &rs);
				buf_puts(out, k ? ", {\"from\": " : "{\"from\": ");
				json_str(out, policy_type_name(c->pol, s->from));
				buf_puts(out, ", \"to\": ");
				json_str(out, policy_type_name(c->pol, s->to));
				buf_puts(out, ", \"subject\": ");
				json_str(out, policy_type_name(c->pol, s->subject));
				buf_printf(out, ", \"dir\": \"%c\", \"weight\": %d, \"step\": ", s->dir, s->weight);
				json_str(out, buf_str(&rs));
				buf_puts(out, "}");
				buf_free(&rs);
			}
			buf_puts(out, "]");
		}
		buf_puts(out, "}");
	}
	buf_puts(out, "\n  ]");
	if (c->flow) {
		/* "class perm" strings: the separator closes one and opens the next */
		Buf u = { 0 };
		size_t n = flow_unmapped(c->flow, &u, "\", \"");
		buf_puts(out, ",\n  \"unmapped\": [");
		if (n)
			buf_printf(out, "\"%s\"", buf_str(&u));
		buf_puts(out, "]");
		buf_free(&u);
	}
	if (leaks && c->flow) {
		buf_puts(out, ",\n  \"leaks\": ");
		flow_leaks(c->flow, out, true);
		buf_puts(out, ",\n  \"remains\": ");
		reach_report(c->pol, c->pm, c->hdr.module, out, true);
	}
	buf_printf(out, ",\n  \"passed\": %zu,\n  \"failed\": %zu,\n  \"open\": %zu\n}\n", pass, failn, c->nopen);
}

void check_report_text(Check *c, Buf *out, size_t pass, size_t failn, bool verbose, bool leaks)
{
	for (size_t i = 0; i < c->n; i++) {
		Vector *v = &c->v[i];
		if (v->pass && !verbose)
			continue;
		buf_printf(out, "%s:%u: %s: %s%s%s\n", c->vfile, v->line, v->pass ? "ok" : v->open ? "OPEN" : "FAIL", v->text,
			   *v->origin ? "  # " : "", v->origin);
		if (v->pass)
			continue;
		/* the reason, every line indented */
		const char *r = buf_str(&v->reason);
		while (*r) {
			size_t len = strcspn(r, "\n");
			buf_printf(out, "    %.*s\n", (int)len, r);
			r += len + (r[len] == '\n');
		}
	}
	if (c->flow) {
		Buf u = { 0 };
		size_t n = flow_unmapped(c->flow, &u, ", ");
		if (n)
			buf_printf(out, "# %zu permission%s not in the permission map, counted as flows both ways: %s\n", n,
				   n == 1 ? "" : "s", buf_str(&u));
		buf_free(&u);
	}
	if (leaks && c->flow) {
		flow_leaks(c->flow, out, false);
		reach_report(c->pol, c->pm, c->hdr.module, out, false);
	} else if (leaks)
		buf_printf(out, "# no leak report: %s\n", c->flow_err);
	if (c->nopen)
		buf_printf(out, "%zu passed, %zu failed, %zu open in the base (base-wide grants the module cannot close)\n",
			   pass, failn, c->nopen);
	else
		buf_printf(out, "%zu passed, %zu failed\n", pass, failn);
}

void check_free(Check *c)
{
	for (size_t i = 0; i < c->n; i++) {
		Vector *v = &c->v[i];
		for (int k = 0; k < v->ntok; k++)
			free(v->tok[k]);
		free(v->text);
		free(v->origin);
		buf_free(&v->reason);
		free(v->path);
	}
	free(c->v);
	free(c->hdr.module);
	free(c->hdr.launcher);
	for (size_t i = 0; i < c->hdr.ntrusted; i++)
		free(c->hdr.trusted[i]);
	free(c->hdr.trusted);
	flow_free(c->flow);
	policy_free(c->pol);
}
