/* fcmatch.c: file-context lookups with libselinux's own matcher.
 *
 *   fcmatch FILE_CONTEXTS < CASES
 *
 * Each CASES line is "WANT MODE PATH": MODE is f (regular file), d
 * (directory), p (fifo) or s (socket); WANT is the type that
 * selabel_lookup(3) must return for PATH, or "!TYPE" for a type it must
 * not return (a look-alike path).  Prints every failure and
 * "fcmatch: N passed, N failed".
 */
#include <selinux/label.h>
#include <selinux/selinux.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static mode_t mode_of(char c)
{
	return c == 'd' ? S_IFDIR : c == 'p' ? S_IFIFO : c == 's' ? S_IFSOCK : S_IFREG;
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: fcmatch FILE_CONTEXTS < CASES\n", stderr);
		return 2;
	}
	struct selinux_opt opts[] = { { SELABEL_OPT_PATH, argv[1] } };
	struct selabel_handle *h = selabel_open(SELABEL_CTX_FILE, opts, 1);
	if (!h) {
		perror(argv[1]);
		return 2;
	}
	char line[8192];
	int pass = 0, fail = 0;
	while (fgets(line, sizeof line, stdin)) {
		line[strcspn(line, "\n")] = '\0';
		char *want = strtok(line, " "), *mode = strtok(NULL, " "), *path = strtok(NULL, "");
		if (!want || !mode || !path)
			continue;
		char *con = NULL, type[512] = "<<none>>";
		if (selabel_lookup(h, &con, path, mode_of(mode[0])) == 0) {
			const char *a = strchr(con, ':'), *b = a ? strchr(a + 1, ':') : NULL;
			const char *c = b ? strchr(b + 1, ':') : NULL;
			if (b)
				snprintf(type, sizeof type, "%.*s", (int)(c ? c - b - 1 : (long)strlen(b + 1)), b + 1);
			freecon(con);
		}
		int ok = want[0] == '!' ? strcmp(type, want + 1) != 0 : strcmp(type, want) == 0;
		if (ok) {
			pass++;
		} else {
			fail++;
			printf("FAIL %s (%s): got %s, %s %s\n", path, mode, type,
			       want[0] == '!' ? "must not be" : "expected", want + (want[0] == '!'));
		}
	}
	selabel_close(h);
	printf("fcmatch: %d passed, %d failed\n", pass, fail);
	return fail != 0;
}
