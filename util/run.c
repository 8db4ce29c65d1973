/* run.c: external tools and temporary directories (see run.h). */
#include "run.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int run_tool(char *const argv[], Buf *out, char *err, size_t errlen)
{
	int pipefd[2];
	if (pipe2(pipefd, O_CLOEXEC) != 0) {
		snprintf(err, errlen, "cannot run '%s': %s", argv[0], strerror(errno));
		return 127;
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
	pid_t pid;
	int rc = posix_spawnp(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pipefd[1]);
	if (rc != 0) {
		close(pipefd[0]);
		snprintf(err, errlen, "cannot run '%s': %s", argv[0], strerror(rc));
		return 127;
	}
	char chunk[4096];
	ssize_t n;
	while ((n = read(pipefd[0], chunk, sizeof chunk)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (out)
			buf_put(out, chunk, (size_t)n);
	}
	close(pipefd[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			snprintf(err, errlen, "waiting for '%s': %s", argv[0], strerror(errno));
			return 127;
		}
	if (WIFSIGNALED(status)) {
		snprintf(err, errlen, "'%s' was killed by signal %d", argv[0], WTERMSIG(status));
		return 128 + WTERMSIG(status);
	}
	int code = WEXITSTATUS(status);
	if (code == 127)
		snprintf(err, errlen, "cannot run '%s'", argv[0]);
	else if (code != 0)
		snprintf(err, errlen, "'%s' failed with status %d", argv[0], code);
	return code;
}

char *make_tmpdir(char *err, size_t errlen)
{
	const char *base = getenv("TMPDIR");
	char tmpl[4096];
	snprintf(tmpl, sizeof tmpl, "%s/zonepolicy.XXXXXX", base && *base ? base : "/tmp");
	if (!mkdtemp(tmpl)) {
		snprintf(err, errlen, "cannot create a temporary directory in '%s': %s",
			 base && *base ? base : "/tmp", strerror(errno));
		return NULL;
	}
	return xstrdup(tmpl);
}

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void remove_tree(const char *dir)
{
	if (dir)
		nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}
