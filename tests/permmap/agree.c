/* agree.c MAP: the permission map read from the file and from its memo
 * (base/permmap.c) answer the same, and what the file says.
 *
 * Run with $ZONEPOLICY_CACHE an empty directory: the first load parses MAP
 * and writes the memo, the second reads the memo.  Every "PERM DIR
 * [WEIGHT]" line of MAP, under its "class NAME N" line, must come back with
 * its direction and weight (10 when the line has none) from both, with no
 * override; with the shipped override both must agree on every entry;
 * names the map lacks give 0.  Prints "N passed, N failed". */
#include "permmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

static void expect(int ok, const char *what, const char *cls, const char *perm)
{
	if (ok) {
		passed++;
	} else {
		failed++;
		if (failed <= 10)
			printf("FAIL %s: %s:%s\n", what, cls, perm);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: agree MAP\n");
		return 2;
	}
	char err[512];
	PermMap *parsed = permmap_open(argv[1], PERMMAP_OVERRIDE_NONE, err, sizeof err);
	PermMap *memo = parsed ? permmap_open(argv[1], PERMMAP_OVERRIDE_NONE, err, sizeof err) : NULL;
	PermMap *po = memo ? permmap_open(argv[1], NULL, err, sizeof err) : NULL;
	PermMap *mo = po ? permmap_open(argv[1], NULL, err, sizeof err) : NULL;
	if (!mo) {
		printf("FAIL %s\n", err);
		return 1;
	}
	FILE *f = fopen(argv[1], "r");
	char line[512], cls[256] = "";
	while (f && fgets(line, sizeof line, f)) {
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char a[256], b[256];
		int w = 10, n = sscanf(line, "%255s %255s %d", a, b, &w);
		if (n >= 2 && strcmp(a, "class") == 0) {
			snprintf(cls, sizeof cls, "%s", b);
			continue;
		}
		if (n < 2 || !cls[0])
			continue;
		int w1 = 0, w2 = 0, w3 = 0, w4 = 0;
		char d1 = permmap_dir(parsed, cls, a, &w1), d2 = permmap_dir(memo, cls, a, &w2);
		expect(d1 == b[0] && w1 == w, "parsed map against the file", cls, a);
		expect(d2 == b[0] && w2 == w, "memo against the file", cls, a);
		char d3 = permmap_dir(po, cls, a, &w3), d4 = permmap_dir(mo, cls, a, &w4);
		expect(d3 == d4 && w3 == w4, "with the override, memo against parsed", cls, a);
	}
	if (f)
		fclose(f);
	static const char *const none[][2] = {
		{ "file", "no_such_perm" }, { "no_such_class", "read" }, { "", "read" }, { "file", "" },
		{ "zzzz", "zzzz" }, { "", "" },
	};
	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
		expect(permmap_dir(parsed, none[i][0], none[i][1], NULL) == 0, "unknown, parsed", none[i][0],
		       none[i][1]);
		expect(permmap_dir(memo, none[i][0], none[i][1], NULL) == 0, "unknown, memo", none[i][0],
		       none[i][1]);
	}
	permmap_free(parsed);
	permmap_free(memo);
	permmap_free(po);
	permmap_free(mo);
	printf("%d passed, %d failed\n", passed, failed);
	return failed != 0;
}
