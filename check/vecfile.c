/* vecfile.c: reads a vectors file (spec section 6) for the checker: one
 * vector a line, and the header line
 * `# zonepolicy: module NAME launcher TYPE|- trusted TYPE...`.  A vector's
 * origin is its own comment after '#', else the origin line above it
 * (`# FILE:LINE WHY`, as zonepolicy writes them: zone(5), VECTORS), which
 * holds until the next one or a blank line. */
#include "check.h"
#include "xalloc.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	size_t n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* `zonepolicy: module NAME launcher TYPE|- trusted TYPE...` */
static int parse_header(Header *h, char *text, char *err, size_t errlen)
{
	char *save = NULL;
	char *w[MAX_TOK];
	int n = 0;
	for (char *t = strtok_r(text, " \t", &save); t && n < MAX_TOK; t = strtok_r(NULL, " \t", &save))
		w[n++] = t;
	if (n < 5 || strcmp(w[0], "module") != 0 || strcmp(w[2], "launcher") != 0 || strcmp(w[4], "trusted") != 0) {
		snprintf(err, errlen, "expected '# zonepolicy: module NAME launcher TYPE|- trusted TYPE...'");
		return -1;
	}
	h->present = true;
	h->module = xstrdup(w[1]);
	h->launcher = strcmp(w[3], "-") == 0 ? NULL : xstrdup(w[3]);
	h->ntrusted = (size_t)(n - 5);
	h->trusted = xcalloc(h->ntrusted ? h->ntrusted : 1, sizeof *h->trusted);
	for (int i = 5; i < n; i++)
		h->trusted[i - 5] = xstrdup(w[i]);
	return 0;
}

/* Is the comment an origin line, `FILE:LINE WHY`? */
static bool is_origin(const char *c)
{
	const char *colon = c + strcspn(c, ": \t");
	if (colon == c || *colon != ':' || colon[1] < '0' || colon[1] > '9')
		return false;
	const char *d = colon + 1;
	while (*d >= '0' && *d <= '9')
		d++;
	return *d == ' ' || *d == '\t' || !*d;
}

static Vector *new_vector(Check *c)
{
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->v = xrealloc(c->v, c->cap * sizeof *c->v);
	}
	Vector *v = &c->v[c->n++];
	memset(v, 0, sizeof *v);
	return v;
}

int check_read_vectors(Check *c, char *err, size_t errlen)
{
	FILE *f = fopen(c->vfile, "r");
	if (!f) {
		snprintf(err, errlen, "cannot read '%s'", c->vfile);
		return -1;
	}
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	int rc = 0;
	char *above = NULL;     /* the origin line the vectors below share */
	while (getline(&line, &cap, f) >= 0) {
		lineno++;
		char *hash = strchr(line, '#');
		char *comment = "";
		if (hash) {
			*hash = '\0';
			comment = trim(hash + 1);
			if (strncmp(comment, "zonepolicy:", 11) == 0) {
				if (c->hdr.present) {
					snprintf(err, errlen, "%s:%u: a second '# zonepolicy:' header", c->vfile, lineno);
					rc = -1;
					break;
				}
				char herr[256];
				if (parse_header(&c->hdr, comment + 11, herr, sizeof herr) < 0) {
					snprintf(err, errlen, "%s:%u: %s", c->vfile, lineno, herr);
					rc = -1;
					break;
				}
				continue;
			}
		}
		char *body = trim(line);
		if (!*body) {
			if (!hash) {
				free(above);
				above = NULL;
			} else if (is_origin(comment)) {
				free(above);
				above = xstrdup(comment);
			}
			continue;
		}
		Vector *v = new_vector(c);
		v->line = lineno;
		v->origin = xstrdup(*comment || !above ? comment : above);
		Buf norm = { 0 };
		char *save = NULL;
		for (char *t = strtok_r(body, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
			buf_printf(&norm, "%s%s", norm.len ? " " : "", t);
			if (v->ntok < MAX_TOK)
				v->tok[v->ntok++] = xstrdup(t);
		}
		v->text = xstrdup(buf_str(&norm));
		buf_free(&norm);
		const char *k = v->tok[0];
		v->kind = strcmp(k, "allow") == 0 ? V_ALLOW : strcmp(k, "deny") == 0 ? V_DENY
			: strcmp(k, "trans") == 0 ? V_TRANS : strcmp(k, "notrans") == 0 ? V_NOTRANS
			: strcmp(k, "noflow") == 0 ? V_NOFLOW : strcmp(k, "portcon") == 0 ? V_PORTCON
			: strcmp(k, "policycap") == 0 ? V_POLICYCAP : V_BAD;
	}
	free(above);
	free(line);
	fclose(f);
	return rc;
}
