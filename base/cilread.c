/* cilread.c: CIL text into s-expressions (cilread.h). */
#include "cilread.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static void *doc_alloc(CilDoc *d, size_t n)
{
	return arena_alloc(&d->arena, n);
}

/* A growable stack of open lists while reading. */
typedef struct Frame {
	CilNode *list;
	CilNode **items;
	int n, cap;
} Frame;

static void frame_push(Frame *f, CilNode *x)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		f->items = xreallocarray(f->items, (size_t)f->cap, sizeof *f->items);
	}
	f->items[f->n++] = x;
}

static void frame_close(CilDoc *d, Frame *f)
{
	f->list->n = f->n;
	f->list->kid = doc_alloc(d, (size_t)(f->n ? f->n : 1) * sizeof *f->list->kid);
	if (f->n)
		memcpy(f->list->kid, f->items, (size_t)f->n * sizeof *f->items);
	f->n = 0;
}

int cil_read(CilDoc *doc, const char *s, size_t len, char *err, size_t errlen)
{
	memset(doc, 0, sizeof *doc);
	arena_init(&doc->arena);
	Frame *st = NULL;
	int depth = 0, cap = 0, line = 1, rc = -1;
	CilNode *top = doc_alloc(doc, sizeof *top);
	memset(top, 0, sizeof *top);
	cap = 16;
	st = xcalloc((size_t)cap, sizeof *st);
	st[0].list = top;
	size_t i = 0;
	while (i < len) {
		char c = s[i];
		if (c == '\n') {
			line++, i++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			i++;
		} else if (c == ';') {
			while (i < len && s[i] != '\n')
				i++;
		} else if (c == '(') {
			CilNode *l = doc_alloc(doc, sizeof *l);
			memset(l, 0, sizeof *l);
			l->line = line;
			frame_push(&st[depth], l);
			if (++depth == cap) {
				st = xreallocarray(st, (size_t)cap * 2, sizeof *st);
				memset(st + cap, 0, (size_t)cap * sizeof *st);
				cap *= 2;
			}
			st[depth].list = l;
			st[depth].n = 0;
			i++;
		} else if (c == ')') {
			if (depth == 0) {
				snprintf(err, errlen, "line %d: unbalanced ')'", line);
				goto out;
			}
			frame_close(doc, &st[depth--]);
			i++;
		} else {
			CilNode *a = doc_alloc(doc, sizeof *a);
			memset(a, 0, sizeof *a);
			a->line = line;
			size_t j = i;
			if (c == '"') {
				j = ++i;
				while (j < len && s[j] != '"')
					line += s[j++] == '\n';
				if (j == len) {
					snprintf(err, errlen, "line %d: unterminated string", a->line);
					goto out;
				}
				a->quoted = true;
			} else {
				while (j < len && !strchr(" \t\r\n\f\v();\"", s[j]))
					j++;
			}
			char *t = doc_alloc(doc, j - i + 1);
			memcpy(t, s + i, j - i);
			t[j - i] = '\0';
			a->atom = t;
			frame_push(&st[depth], a);
			i = j + (c == '"');
		}
	}
	if (depth != 0) {
		snprintf(err, errlen, "line %d: unbalanced '(' (%d left open)", line, depth);
		goto out;
	}
	frame_close(doc, &st[0]);
	doc->top = top;
	rc = 0;
out:
	for (int k = 0; k < cap; k++)
		free(st[k].items);
	free(st);
	if (rc != 0)
		cil_free(doc);
	return rc;
}

void cil_free(CilDoc *doc)
{
	arena_free(&doc->arena);
	doc->top = NULL;
}

const char *cil_atom(const CilNode *n, int i)
{
	if (!n || n->atom || i >= n->n || !n->kid[i]->atom)
		return NULL;
	return n->kid[i]->atom;
}
