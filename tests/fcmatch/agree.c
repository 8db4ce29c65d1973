/* agree.c FILE_CONTEXTS < PATHS: base/basefc.c's answers against libselinux.
 *
 * basefc gives a directory or a file the type libselinux's matcher would
 * (its entries, substitutions and order), searching only the entries that
 * can match inside the parent directory; a path the base leaves unlabelled
 * (no entry, or <<none>>) takes its parent directory's type.  For every
 * absolute path read (one a line), as a directory and as a regular file,
 * this asks both and prints each disagreement, then "N passed, N failed".
 * Run with an empty ZONEPOLICY_CACHE, so that the memo answers nothing. */
#include <selinux/label.h>
#include <selinux/selinux.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "basefc.h"

/* libselinux's type for path as mode, or NULL (none, <<none>>) */
static char *sel_type(struct selabel_handle *h, const char *path, int mode)
{
	char *con = NULL;
	if (selabel_lookup(h, &con, path, mode) != 0)
		return NULL;
	const char *a = strchr(con, ':'), *b = a ? strchr(a + 1, ':') : NULL;
	const char *c = b ? strchr(b + 1, ':') : NULL;
	char *t = b ? (c ? strndup(b + 1, (size_t)(c - b - 1)) : strdup(b + 1)) : NULL;
	freecon(con);
	return t;
}

/* The expected type of a directory: libselinux's, else its parent's */
static char *want_dir(struct selabel_handle *h, const char *path)
{
	char *t = sel_type(h, path, S_IFDIR);
	if (t || strcmp(path, "/") == 0)
		return t ? t : strdup("root_t");
	const char *slash = strrchr(path, '/');
	char *parent = slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
	t = want_dir(h, parent);
	free(parent);
	return t;
}

static int same(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) == 0 : a == b;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: agree FILE_CONTEXTS < PATHS\n");
		return 2;
	}
	char err[512], line[4096];
	BaseFc *fc = basefc_open(argv[1], err, sizeof err);
	struct selinux_opt opts[] = { { SELABEL_OPT_PATH, argv[1] } };
	struct selabel_handle *h = selabel_open(SELABEL_CTX_FILE, opts, 1);
	if (!fc || !h) {
		fprintf(stderr, "agree: %s\n", fc ? "selabel_open failed" : err);
		return 2;
	}
	unsigned long pass = 0, fail = 0;
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		size_t n = strlen(line);
		while (n > 1 && line[n - 1] == '/')
			line[--n] = '\0';
		if (line[0] != '/' || strstr(line, "//"))
			continue;
		char *wd = want_dir(h, line);
		const char *gd = basefc_dir_type(fc, line);
		if (same(wd, gd)) {
			pass++;
		} else {
			fail++;
			printf("FAIL d %s: basefc %s, libselinux %s\n", line, gd ? gd : "-", wd ? wd : "-");
		}
		if (strcmp(line, "/") != 0) {
			char *wf = sel_type(h, line, S_IFREG);
			if (!wf) {
				const char *slash = strrchr(line, '/');
				char *parent = slash == line ? strdup("/") : strndup(line, (size_t)(slash - line));
				wf = want_dir(h, parent);
				free(parent);
			}
			const char *gf = basefc_label(fc, line, 'f').type;
			if (same(wf, gf)) {
				pass++;
			} else {
				fail++;
				printf("FAIL f %s: basefc %s, libselinux %s\n", line, gf ? gf : "-", wf ? wf : "-");
			}
			free(wf);
		}
		free(wd);
	}
	selabel_close(h);
	basefc_close(fc);
	printf("agree: %lu passed, %lu failed\n", pass, fail);
	return fail != 0;
}
