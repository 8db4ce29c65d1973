/* pathwalk.c: following symbolic links as the kernel does (see pathwalk.h). */
#include "pathwalk.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "xalloc.h"

/* Adds one component (n bytes at c) to the canonical path in cur: "."
 * stays, ".." drops the last component (a link's target is read relative to
 * the link's directory, as the kernel does). */
static void push_component(Buf *cur, const char *c, size_t n)
{
	if (n == 1 && c[0] == '.')
		return;
	if (n == 2 && c[0] == '.' && c[1] == '.') {
		char *s = cur->len ? strrchr(cur->data, '/') : NULL;
		if (s) {
			cur->len = (size_t)(s - cur->data);
			cur->data[cur->len] = '\0';
		}
		return;
	}
	buf_printf(cur, "/%.*s", (int)n, c);
}

void pathwalk(const char *path, PathWalk *w)
{
	memset(w, 0, sizeof *w);
	/* todo: what is left to walk; done: the canonical part walked so far */
	char *todo = xstrdup(path);
	Buf done = { 0 };
	size_t pos = 0;
	while (todo[pos]) {
		while (todo[pos] == '/')
			pos++;
		if (!todo[pos])
			break;
		char *e = strchr(todo + pos, '/');
		size_t n = e ? (size_t)(e - (todo + pos)) : strlen(todo + pos);
		size_t before = done.len;
		push_component(&done, todo + pos, n);
		if (w->missing) {
			pos += n;
			continue;
		}
		const char *cur = done.len ? buf_str(&done) : "/";
		struct stat st;
		if (lstat(cur, &st) != 0) {
			w->missing = 1;
			pos += n;
			continue;
		}
		if (!S_ISLNK(st.st_mode)) {
			pos += n;
			continue;
		}
		if (w->nlinks == PATHWALK_MAX_LINKS) {
			w->loop = 1;
			break;
		}
		char target[PATH_MAX];
		ssize_t tl = readlink(cur, target, sizeof target - 1);
		if (tl < 0) {
			w->missing = 1;
			pos += n;
			continue;
		}
		target[tl] = '\0';
		w->links[w->nlinks++] = xstrdup(cur);
		/* the rest of the path now starts with the link's target */
		Buf rest = { 0 };
		buf_printf(&rest, "%s%s", target, todo + pos + n);
		free(todo);
		todo = xstrdup(buf_str(&rest));
		buf_free(&rest);
		pos = 0;
		done.len = target[0] == '/' ? 0 : before;
		if (done.data)
			done.data[done.len] = '\0';
	}
	free(todo);
	if (w->loop) {
		w->final = xstrdup(path);
	} else {
		w->final = xstrdup(done.len ? buf_str(&done) : "/");
	}
	buf_free(&done);
}

void pathwalk_free(PathWalk *w)
{
	free(w->final);
	for (size_t i = 0; i < w->nlinks; i++)
		free(w->links[i]);
	memset(w, 0, sizeof *w);
}
