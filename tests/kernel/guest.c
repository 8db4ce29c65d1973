/*
 * guest.c: the program inside the QEMU guest of the kernel test (issue 4).
 *
 * One static binary plays every part, chosen by its process id and argv[1]:
 *
 *   PID 1 (kernel_t)  mounts proc, sysfs, selinuxfs and devtmpfs, loads the
 *                     linked policy, builds a host-like tree on a tmpfs from
 *                     /tree (paths and contexts computed on the host from the
 *                     linked file_contexts), creates the probe objects of the
 *                     deny checks under /zpk, then runs the chain twice:
 *                     enforcing, then permissive (the control).  It reads the
 *                     results and the AVC records of /dev/kmsg, judges every
 *                     vector and reports on the console; the exit code goes to
 *                     QEMU through isa-debug-exit.
 *   init     (init_t)     entered from kernel_t by exec of /usr/sbin/init
 *   initrc   (initrc_t)   entered from init_t by exec of an init script
 *   launcher (M_t)        starts the zones: targets, victims, actors
 *   target   (zone)       a live process of the zone: holds FIFO read ends,
 *                         listens on the zone's socket
 *   victim   (zone)       exits at once; its zombie receives the signals
 *   actor    (zone)       performs the zone's attempts
 *   noop, whoami D, notin D   short-lived images run by exec attempts
 *
 * Before each attempt the process name (comm) is set to "zID": the AVC
 * records that carry it belong to that attempt alone.  Attempts that exec or
 * ptrace run in a child of their own; the others in the domain's process.
 * Results go to /zpk/res, a file of the harness's own type zpk_probe_t (the
 * scaffold module written by module.sh): "ID CODE" lines.
 *
 * The plan travels in argv, one tab-separated record an argument:
 *   A ID SRC OP ARG1 ARG2   an attempt (ops: see do_op)
 *   L DOMAIN PATH           the launcher and its entry file
 *   Z DOMAIN PATH           a zone and its entry file
 *   E DOMAIN PATH           a zone entered explicitly (exec ... shared): the
 *                           launcher sets the exec context, then runs PATH,
 *                           the base's program (here a copy of this one)
 *   R KIND PATH             a runtime object the launcher creates (d, p)
 *   S DOMAIN PATH           the socket the zone's target listens on
 *   F DOMAIN PATH           a FIFO the zone's target holds open for reading
 *   I DOMAIN PATH           the init script (initrc_t) if an attempt needs it
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <arpa/inet.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "vmlib.h"

#define ROOT "/t"             /* the tree, as PID 1 sees it */
#define PROBE "/zpk"          /* probe objects and results, inside the tree */
#define RESULTS PROBE "/res"
#define INHERIT_FD 200        /* /dev/null opened by a parent, for fd use */
#define CODE_WRONGDOM 250     /* an exec'd image is not in the expected domain */
#define CODE_SETUP 251        /* the attempt could not be set up */
#define CODE_NOPROC 252       /* no process of the target domain */
#define CODE_REPLACED 249     /* an inherited descriptor was replaced */

static char **g_argv;
static int g_argc;

/* ---------------------------------------------------------------- helpers */

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fprintf(stderr, "kernel: guest: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(CODE_SETUP);
}

static void *xmalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s);
	if (!p)
		die("out of memory");
	return p;
}

static char *fmt(const char *f, ...)
{
	va_list ap;
	char *s;
	va_start(ap, f);
	if (vasprintf(&s, f, ap) < 0)
		die("out of memory");
	va_end(ap);
	return s;
}



/* Split s at tabs in place: up to max fields. */
static int split_tabs(char *s, char **f, int max)
{
	int n = 0;
	while (n < max) {
		f[n++] = s;
		char *t = strchr(s, '\t');
		if (!t)
			break;
		*t = 0;
		s = t + 1;
	}
	return n;
}

static const char *ctx_of(const char *type)
{
	static char buf[256];
	snprintf(buf, sizeof buf, "system_u:object_r:%s:s0", type);
	return buf;
}

/* The domain (type) this process runs in, or "" when it cannot be read. */
static const char *my_domain(void)
{
	static char buf[256];
	buf[0] = 0;
	int fd = open("/proc/self/attr/current", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return buf;
	ssize_t n = read(fd, buf, sizeof buf - 1);
	close(fd);
	if (n <= 0) {
		buf[0] = 0;
		return buf;
	}
	buf[n] = 0;
	/* user:role:type:level */
	char *p = strchr(buf, ':');
	p = p ? strchr(p + 1, ':') : NULL;
	if (!p) {
		buf[0] = 0;
		return buf;
	}
	p++;
	char *e = strchr(p, ':');
	if (e)
		*e = 0;
	memmove(buf, p, strlen(p) + 1);
	return buf;
}

/* ------------------------------------------------------------ the chain */

/* pid map: domain -> live pid and zombie pid, passed to actors as "P" records */
struct procs {
	char dom[64];
	int live, zombie;
};
static struct procs g_procs[64];
static int g_nprocs;

static struct procs *procs_of(const char *dom)
{
	for (int i = 0; i < g_nprocs; i++)
		if (!strcmp(g_procs[i].dom, dom))
			return &g_procs[i];
	return NULL;
}

static void load_pidmap(void)
{
	for (int i = 2; i < g_argc; i++) {
		if (strncmp(g_argv[i], "P\t", 2))
			continue;
		char *s = xstrdup(g_argv[i]), *f[4];
		if (split_tabs(s, f, 4) == 4 && g_nprocs < 64) {
			struct procs *p = &g_procs[g_nprocs++];
			snprintf(p->dom, sizeof p->dom, "%s", f[1]);
			p->live = atoi(f[2]);
			p->zombie = atoi(f[3]);
		}
		free(s);
	}
}

static int sig_of(const char *name)
{
	static const struct { const char *n; int s; } t[] = {
		{"signal", SIGWINCH}, {"sigkill", SIGKILL}, {"sigstop", SIGSTOP},
		{"sigchld", SIGCHLD}, {"signull", 0},
	};
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
		if (!strcmp(t[i].n, name))
			return t[i].s;
	return -1;
}

static int open_flags(const char *mode)
{
	int fl = O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
	if (!strcmp(mode, "r"))
		return fl | O_RDONLY;
	if (!strcmp(mode, "w"))
		return fl | O_WRONLY;
	if (!strcmp(mode, "a"))
		return fl | O_WRONLY | O_APPEND;
	return fl | O_RDWR;
}

static int exec_image(const char *path, const char *role, const char *arg)
{
	char *av[] = {(char *)path, (char *)role, (char *)(arg ? arg : ""), NULL};
	char *ev[] = {NULL};
	execve(path, av, ev);
	return errno;
}

static int wait_code(pid_t pid);

/*
 * One attempt, in its own child: returns the exit code (0 success, else
 * errno or one of the CODE_ values).
 */
static int do_op(const char *op, const char *a1, const char *a2)
{
	struct stat st;
	int fd;
	if (!strcmp(op, "open")) {            /* open PATH MODE */
		fd = open(a1, open_flags(a2));
		return fd < 0 ? errno : 0;
	}
	if (!strcmp(op, "stat"))
		return stat(a1, &st) ? errno : 0;
	if (!strcmp(op, "chmod"))             /* chmod PATH OCTAL */
		return chmod(a1, (mode_t)strtol(a2, NULL, 8)) ? errno : 0;
	if (!strcmp(op, "unlink"))
		return unlink(a1) ? errno : 0;
	if (!strcmp(op, "rename")) {
		char *to = fmt("%s.r", a1);
		return rename(a1, to) ? errno : 0;
	}
	if (!strcmp(op, "pcreate") || !strcmp(op, "pmkunlink")) {
		/* a name added to a directory, as a probe-typed file: only the
		 * directory's own permissions (write, add_name, remove_name) are
		 * in question, not file creation of the directory's type */
		int afd = open("/proc/thread-self/attr/fscreate", O_WRONLY | O_CLOEXEC);
		static const char con[] = "system_u:object_r:zpk_probe_t:s0";
		if (afd < 0 || write(afd, con, sizeof con - 1) != (ssize_t)(sizeof con - 1)) {
			if (afd >= 0)
				close(afd);
			return CODE_SETUP;
		}
		fd = open(a1, O_CREAT | O_EXCL | O_WRONLY | O_APPEND | O_CLOEXEC, 0644);
		int err = errno;
		/* back to default labelling for whatever this process does next */
		if (write(afd, "\n", 1) != 1) {
			close(afd);
			return CODE_SETUP;
		}
		close(afd);
		if (fd < 0)
			return op[1] == 'c' ? err : CODE_SETUP;
		close(fd);
		return op[1] == 'c' ? 0 : do_op("unlink", a1, a2);
	}
	if (!strcmp(op, "create")) {          /* create PATH: new file */
		fd = open(a1, O_CREAT | O_EXCL | O_WRONLY | O_APPEND | O_CLOEXEC, 0644);
		return fd < 0 ? errno : 0;
	}
	if (!strcmp(op, "mkunlink") || !strcmp(op, "mkrename")) {
		fd = open(a1, O_CREAT | O_EXCL | O_WRONLY | O_APPEND | O_CLOEXEC, 0644);
		if (fd < 0)
			return CODE_SETUP;
		close(fd);
		return do_op(op + 2, a1, a2);
	}
	if (!strcmp(op, "lock")) {
		fd = open(a1, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return CODE_SETUP;
		return flock(fd, LOCK_SH | LOCK_NB) ? errno : 0;
	}
	if (!strcmp(op, "mmapx") || !strcmp(op, "mmap")) {   /* open + map (for execution) */
		fd = open(a1, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return errno;
		void *p = mmap(NULL, 4096, PROT_READ | (op[4] ? PROT_EXEC : 0), MAP_PRIVATE, fd, 0);
		if (p == MAP_FAILED)
			return errno;
		munmap(p, 4096);
		return 0;
	}
	if (!strcmp(op, "relabel"))           /* relabel PATH TYPE */
		return setxattr(a1, "security.selinux", ctx_of(a2), strlen(ctx_of(a2)) + 1, 0) ? errno : 0;
	if (!strcmp(op, "chdir"))
		return chdir(a1) ? errno : 0;
	if (!strcmp(op, "readdir")) {
		fd = open(a1, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return errno;
		DIR *d = fdopendir(fd);
		if (!d)
			return errno;
		errno = 0;
		while (readdir(d))
			;
		int e = errno;
		closedir(d);
		return e;
	}
	if (!strcmp(op, "connect") || !strcmp(op, "connecta")) {
		struct sockaddr_un sa = {.sun_family = AF_UNIX};
		socklen_t len;
		if (op[7] == 'a') {           /* abstract name */
			snprintf(sa.sun_path + 1, sizeof sa.sun_path - 1, "%s", a1);
			len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(a1));
		} else {
			snprintf(sa.sun_path, sizeof sa.sun_path, "%s", a1);
			len = sizeof sa;
		}
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return errno;
		return connect(fd, (struct sockaddr *)&sa, len) ? errno : 0;
	}
	if (!strcmp(op, "sockserve")) {       /* create, bind, listen, accept, unlink */
		struct sockaddr_un sa = {.sun_family = AF_UNIX};
		snprintf(sa.sun_path, sizeof sa.sun_path, "%s", a1);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fd < 0)
			return errno;
		if (bind(fd, (struct sockaddr *)&sa, sizeof sa) || listen(fd, 4))
			return errno;
		if (accept4(fd, NULL, NULL, SOCK_CLOEXEC) < 0 && errno != EAGAIN)
			return errno;
		return unlink(a1) ? errno : 0;
	}
	if (!strcmp(op, "kill") || !strcmp(op, "ptrace")) {   /* kill SIG DOM / ptrace DOM */
		const char *dom = op[0] == 'k' ? a2 : a1;
		struct procs *p = procs_of(dom);
		if (!p)
			return CODE_NOPROC;
		if (op[0] == 'k')
			return kill(p->zombie, sig_of(a1)) ? errno : 0;
		return ptrace(PTRACE_SEIZE, p->live, NULL, NULL) ? errno : 0;
	}
	if (!strcmp(op, "setexec")) {         /* setexec DOM PATH: explicit transition */
		char con[256];
		snprintf(con, sizeof con, "system_u:system_r:%s:s0", a1);
		if (vm_write_file("/proc/self/attr/exec", con))
			return errno;
		return exec_image(a2, "whoami", a1);
	}
	if (!strcmp(op, "journal")) {
		/* journal DOM PATH: systemd's way of starting a unit (init_t
		 * enters DOM by PATH) with stdout a unix stream socket init made,
		 * as systemd connects it to the journal.  The new image writes a
		 * line to it; the call succeeds when the line arrives. */
		int sv[2];
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
			return CODE_SETUP;
		pid_t pid = fork();
		if (pid == 0) {
			char con[256];
			dup2(sv[1], 1);
			snprintf(con, sizeof con, "system_u:system_r:%s:s0", a1);
			if (vm_write_file("/proc/self/attr/exec", con))
				_exit(errno);
			_exit(exec_image(a2, "journal", a1));
		}
		close(sv[1]);
		char got[160] = "", want[160];
		snprintf(want, sizeof want, "zpk-journal %s\n", a1);
		struct pollfd pfd = {.fd = sv[0], .events = POLLIN};
		size_t n = 0;
		while (n < sizeof got - 1 && poll(&pfd, 1, 5000) == 1) {
			ssize_t r = read(sv[0], got + n, sizeof got - 1 - n);
			if (r <= 0)
				break;
			n += (size_t)r;
		}
		int code = pid > 0 ? wait_code(pid) : CODE_SETUP;
		if (code)
			return code;
		return strcmp(got, want) ? CODE_REPLACED : 0;
	}
	if (!strcmp(op, "exec"))              /* exec PATH: runs, no domain check */
		return exec_image(a1, "noop", NULL);
	if (!strcmp(op, "whoami") || !strcmp(op, "notin"))  /* OP PATH DOM */
		return exec_image(a1, op, a2);
	if (!strcmp(op, "socket") || !strcmp(op, "nconnect") || !strcmp(op, "nbind")) {
		/* socket PROTO, nconnect PROTO PORT, nbind PROTO PORT (loopback) */
		int ty = !strcmp(a1, "tcp") ? SOCK_STREAM : !strcmp(a1, "udp") ? SOCK_DGRAM : SOCK_RAW;
		fd = socket(AF_INET, ty | SOCK_CLOEXEC, ty == SOCK_RAW ? IPPROTO_RAW : 0);
		if (fd < 0 || op[0] == 's')
			return fd < 0 ? errno : 0;
		struct sockaddr_in in = {.sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(a2))};
		in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if (op[1] == 'c')
			return connect(fd, (struct sockaddr *)&in, sizeof in) ? errno : 0;
		return bind(fd, (struct sockaddr *)&in, sizeof in) ? errno : 0;
	}
	if (!strcmp(op, "fork")) {
		pid_t pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid < 0)
			return errno;
		waitpid(pid, NULL, 0);
		return 0;
	}
	if (!strcmp(op, "execmem")) {         /* anonymous memory writable and executable (a JIT) */
		void *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m == MAP_FAILED)
			return errno;
		munmap(m, 4096);
		return 0;
	}
	if (!strcmp(op, "self"))              /* running in SRC by its entry file */
		return strcmp(my_domain(), a1) ? CODE_WRONGDOM : 0;
	if (!strcmp(op, "fduse")) {           /* the /dev/null the parent opened */
		struct stat a, b;
		if (fstat(INHERIT_FD, &a))
			return errno;
		if (stat("/dev/null", &b))
			return CODE_SETUP;
		if (a.st_dev != b.st_dev || a.st_ino != b.st_ino)
			return CODE_REPLACED;
		return write(INHERIT_FD, "", 1) < 0 ? errno : 0;
	}
	return CODE_SETUP;
}

static int g_res = -1;

/* Ops that change the process for good (exec, ptrace attach) get a child. */
static int needs_child(const char *op)
{
	return !strcmp(op, "setexec") || !strcmp(op, "exec") || !strcmp(op, "whoami") || !strcmp(op, "journal") ||
	       !strcmp(op, "notin") || !strcmp(op, "ptrace");
}

/* Ops whose child only sets its exec context and execs (or fails to): it
 * can share the parent's memory until then (vfork), which spares copying
 * the page tables.  The exec and its checks are the same. */
static int exec_only(const char *op)
{
	return !strcmp(op, "setexec") || !strcmp(op, "exec") || !strcmp(op, "whoami") || !strcmp(op, "notin");
}

/* The attempt's child: it runs the op and exits with its code. */
static pid_t spawn_op(const char *op, const char *a1, const char *a2)
{
	pid_t pid = exec_only(op) ? vfork() : fork();
	if (pid == 0)
		_exit(do_op(op, a1, a2));
	return pid;
}

/*
 * Run every attempt whose SRC is this domain.  The process name (comm) is
 * set to "zID" first: the AVC records of the attempt carry it.  Descriptors
 * an op leaves open are closed after it; the working directory is reset.
 */
static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void run_attempts(const char *dom)
{
	double t_in = 0, t_child = 0, t0 = now_ms();
	int n_child = 0, n_in = 0;
	char oldname[16] = "";
	prctl(PR_GET_NAME, oldname, 0, 0, 0);
	if (g_res < 0)
		g_res = open(RESULTS, O_WRONLY | O_APPEND | O_CLOEXEC);
	for (int i = 2; i < g_argc; i++) {
		if (strncmp(g_argv[i], "A\t", 2))
			continue;
		char *s = xstrdup(g_argv[i]), *f[6] = {0};
		int n = split_tabs(s, f, 6);
		if (n < 4 || strcmp(f[2], dom)) {
			free(s);
			continue;
		}
		char name[16];
		snprintf(name, sizeof name, "z%s", f[1]);
		prctl(PR_SET_NAME, name, 0, 0, 0);
		int code = CODE_SETUP;
		double ts = now_ms();
		if (needs_child(f[3])) {
			n_child++;
			pid_t pid = spawn_op(f[3], n > 4 ? f[4] : "", n > 5 ? f[5] : "");
			int st = 0;
			if (pid > 0 && waitpid(pid, &st, 0) == pid)
				code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
			t_child += now_ms() - ts;
		} else {
			n_in++;
			int lowfd = dup(0);   /* the lowest free descriptor before the op */
			if (lowfd >= 0)
				close(lowfd);
			code = do_op(f[3], n > 4 ? f[4] : "", n > 5 ? f[5] : "");
			for (int fd = lowfd; fd >= 0 && fd < lowfd + 8; fd++)
				if (fd != g_res && fd != INHERIT_FD)
					close(fd);
			if (chdir("/")) {
				/* "/" is root_t, searchable by every domain */
			}
			t_in += now_ms() - ts;
		}
		prctl(PR_SET_NAME, oldname, 0, 0, 0);
		if (g_res >= 0) {
			char line[64];
			int len = snprintf(line, sizeof line, "%s %d\n", f[1], code);
			if (write(g_res, line, (size_t)len) < 0) {
				/* nothing to report it to: PID 1 sees the attempt missing */
			}
		}
		free(s);
	}
	if (g_res >= 0) {
		char line[160];
		int len = snprintf(line, sizeof line, "T %s %d in-process %.0f ms, %d in children %.0f ms, total %.0f ms\n",
				   dom, n_in, t_in, n_child, t_child, now_ms() - t0);
		if (write(g_res, line, (size_t)len) < 0) {
			/* timing is informative only */
		}
	}
}

/* DOM: the domain to enter explicitly (setexeccon, as runcon does), or NULL
 * for the policy's own transition */
static pid_t spawn_in(const char *path, const char *role, const char *dom)
{
	pid_t pid = fork();
	if (pid == 0) {
		if (dom) {
			char con[256];
			snprintf(con, sizeof con, "system_u:system_r:%s:s0", dom);
			if (vm_write_file("/proc/self/attr/exec", con))
				_exit(CODE_SETUP);
		}
		g_argv[0] = (char *)path;
		g_argv[1] = (char *)role;
		execve(path, g_argv, (char *[]){NULL});
		_exit(CODE_SETUP);
	}
	return pid;
}

static pid_t spawn(const char *path, const char *role)
{
	return spawn_in(path, role, NULL);
}

static int wait_code(pid_t pid)
{
	int st;
	if (pid <= 0 || waitpid(pid, &st, 0) != pid)
		return CODE_SETUP;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* Records of one letter, as (field1, field2) pairs. */
static int records(char letter, char **a, char **b, int max)
{
	int n = 0;
	for (int i = 2; i < g_argc && n < max; i++) {
		if (g_argv[i][0] != letter || g_argv[i][1] != '\t')
			continue;
		char *s = xstrdup(g_argv[i] + 2), *f[2];
		if (split_tabs(s, f, 2) != 2)
			continue;
		a[n] = f[0];
		b[n] = f[1];
		n++;
	}
	return n;
}

static void open_inherited_null(void)
{
	int fd = open("/dev/null", O_RDWR);
	if (fd >= 0 && fd != INHERIT_FD) {
		dup2(fd, INHERIT_FD);
		close(fd);
	}
}

/* The launcher's part (or init's, when the module has no launcher). */
static int role_launcher(const char *self)
{
	char *ka[64], *kb[64], *za[64], *zb[64];
	int rc = 0;
	/* the parent's descriptor is for our own fd use check, not for the zones */
	fcntl(INHERIT_FD, F_SETFD, FD_CLOEXEC);
	/* runtime objects: /run/M/, FIFOs, socket directories */
	int nr = records('R', ka, kb, 64);
	for (int i = 0; i < nr; i++) {
		int r = ka[i][0] == 'd' ? mkdir(kb[i], 0755) : mkfifo(kb[i], 0600);
		if (r && errno != EEXIST)
			rc = CODE_SETUP;
	}
	int nt = records('Z', za, zb, 64);
	int nz = nt + records('E', za + nt, zb + nt, 64 - nt);
	pid_t targets[64], victims[64];
	char pidrec[64][128];
	int np = 0;
	/* our own zombie, and targets and victims of every zone */
	pid_t z = fork();
	if (z == 0)
		_exit(0);
	snprintf(pidrec[np++], 128, "P\t%s\t%d\t%d", self, (int)getpid(), (int)z);
	for (int i = 0; i < nz; i++) {
		targets[i] = spawn_in(zb[i], "target", i < nt ? NULL : za[i]);
		int st;
		/* a target stops itself when ready */
		if (targets[i] > 0 && waitpid(targets[i], &st, WUNTRACED) == targets[i] && WIFSTOPPED(st))
			kill(targets[i], SIGCONT);
		else
			rc = CODE_SETUP;
		victims[i] = spawn_in(zb[i], "victim", i < nt ? NULL : za[i]);
		/* the victim exits at once: wait for it to be a zombie, not reaped */
		siginfo_t si;
		waitid(P_PID, (id_t)victims[i], &si, WEXITED | WNOWAIT);
		snprintf(pidrec[np++], 128, "P\t%s\t%d\t%d", za[i], (int)targets[i], (int)victims[i]);
	}
	/* extend argv with the pid map for the actors */
	char **nav = xmalloc(sizeof(char *) * (size_t)(g_argc + np + 1));
	memcpy(nav, g_argv, sizeof(char *) * (size_t)g_argc);
	for (int i = 0; i < np; i++)
		nav[g_argc + i] = pidrec[i];
	g_argv = nav;
	g_argc += np;
	load_pidmap();

	run_attempts(self);
	open_inherited_null();   /* ours, for the zones' fd use */
	for (int i = 0; i < nz; i++) {
		pid_t a = spawn_in(zb[i], "actor", i < nt ? NULL : za[i]);
		if (wait_code(a) != 0)
			rc = CODE_SETUP;
	}
	close(INHERIT_FD);
	for (int i = 0; i < nz; i++) {
		kill(targets[i], SIGKILL);
		wait_code(targets[i]);
		wait_code(victims[i]);
	}
	wait_code(z);
	return rc;
}

static int role_target(const char *dom)
{
	char *a[64], *b[64];
	int n = records('F', a, b, 64);
	for (int i = 0; i < n; i++)
		if (!strcmp(a[i], dom))
			open(b[i], O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	n = records('S', a, b, 64);
	for (int i = 0; i < n; i++) {
		if (strcmp(a[i], dom))
			continue;
		struct sockaddr_un sa = {.sun_family = AF_UNIX};
		snprintf(sa.sun_path, sizeof sa.sun_path, "%s", b[i]);
		unlink(b[i]);
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && !bind(fd, (struct sockaddr *)&sa, sizeof sa))
			listen(fd, 128);
		/* and, as an X server on Linux does, the same name in the
		 * abstract namespace, which clients try first: no file there,
		 * only connectto on this domain is checked */
		memset(sa.sun_path, 0, sizeof sa.sun_path);
		snprintf(sa.sun_path + 1, sizeof sa.sun_path - 1, "%s", b[i]);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd >= 0 && !bind(fd, (struct sockaddr *)&sa,
				     (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(b[i]))))
			listen(fd, 128);
	}
	raise(SIGSTOP);
	for (;;)
		pause();
	return 0;
}

static int chain_main(void)
{
	const char *role = g_argv[1];
	if (!strcmp(role, "noop") || !strcmp(role, "victim"))
		return 0;
	if (!strcmp(role, "whoami"))
		return strcmp(my_domain(), g_argv[2]) ? CODE_WRONGDOM : 0;
	if (!strcmp(role, "notin"))
		return strcmp(my_domain(), g_argv[2]) ? 0 : CODE_WRONGDOM;
	if (!strcmp(role, "journal")) {   /* stdout: the socket init made */
		struct stat st;
		if (strcmp(my_domain(), g_argv[2]))
			return CODE_WRONGDOM;
		if (fstat(1, &st) || !S_ISSOCK(st.st_mode))
			return CODE_REPLACED;
		char line[160];
		int len = snprintf(line, sizeof line, "zpk-journal %s\n", g_argv[2]);
		return write(1, line, (size_t)len) == len ? 0 : errno;
	}
	char dom[128];
	snprintf(dom, sizeof dom, "%s", my_domain());
	if (!strcmp(role, "target"))
		return role_target(dom);
	if (!strcmp(role, "actor")) {
		load_pidmap();
		run_attempts(dom);
		return 0;
	}
	if (!strcmp(role, "initrc")) {
		run_attempts(dom);
		return 0;
	}
	if (!strcmp(role, "launcher"))
		return role_launcher(dom);
	if (!strcmp(role, "init")) {
		char *a[4], *b[4];
		int rc = 0;
		run_attempts(dom);
		if (records('I', a, b, 4) == 1 && wait_code(spawn(b[0], "initrc")))
			rc = CODE_SETUP;
		open_inherited_null();
		if (records('L', a, b, 4) == 1) {
			if (wait_code(spawn(b[0], "launcher")))
				rc = CODE_SETUP;
		} else {
			rc |= role_launcher(dom);
		}
		return rc;
	}
	return CODE_SETUP;
}

/* ------------------------------------------------------------- PID 1 */

struct node {                 /* one entry of /tree */
	char kind;            /* d dir, f file, x entry file, c/b device, r runtime dir, q runtime fifo,
			       * h a directory the host makes at boot (tmpfiles.d) */
	char *path, *type;
	unsigned maj, min;    /* h: maj is the mode */
	char *inner;          /* h: the type the sockets made in it must get */
};

struct vec {
	char *line;           /* the vector as written, comment included */
	char kind[12];        /* allow deny trans notrans noflow portcon policycap */
	char *src, *tgt, *cls;
	char *perm[32];
	int nperm;
	char *skip;           /* why the whole vector is skipped */
	char *skipperm[32];   /* why one permission is skipped */
	char *fail;           /* why it failed */
	int checked;          /* some check tries it */
};

struct att {
	int id;
	char *src, *op, *a1, *a2;
	int dev;              /* a device open: ENXIO/ENODEV mean "allowed, no driver" */
	int code[2];          /* per phase: 0 enforcing, 1 permissive */
};

struct avc {
	int phase, att, permissive;   /* att: the attempt, from comm="zID" */
	char *perms, *scon, *tcon, *tclass, *text;
	char *stype, *ttype;          /* the type fields of scon and tcon */
	int next;                     /* the next record of this attempt and phase (index_avcs), or -1 */
};

static struct node g_nodes[512];
static int g_nnodes;
static struct vec g_vecs[4096];
static int g_nvecs;
static struct att g_atts[8192];
static int g_natts;
static struct avc *g_avcs;
static int g_navcs, g_capavcs;
static int g_avc_first[2][8192];   /* per phase and attempt: its first record, or -1 (index_avcs) */
static struct { struct vec *v; int perm; struct att *a; } g_checks[16384];
static int g_nchecks;
static char g_module[64], g_launcher[64];
static char *g_plan[16384];
static int g_nplan;

static void out(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	vprintf(f, ap);
	va_end(ap);
	fflush(stdout);
}

static void guest_exit(int failed)
{
	fflush(stdout);
	/* the console must have sent everything before QEMU stops */
	tcdrain(STDOUT_FILENO);
	sync();
	/* isa-debug-exit: QEMU exits with (value << 1) | 1 */
	if (ioperm(0xf4, 4, 1) == 0)
		outb(failed ? 1 : 0, 0xf4);
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

static void fatal(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	printf("kernel: setup error: ");
	vprintf(f, ap);
	printf(" (%s)\n", strerror(errno));
	va_end(ap);
	printf("kernel: 0 passed, 1 failed\n");
	guest_exit(1);
}

static void set_label(const char *path, const char *type)
{
	const char *c = ctx_of(type);
	if (lsetxattr(path, "security.selinux", c, strlen(c) + 1, 0))
		fatal("label %s as %s", path, type);
}

static char *tpath(const char *p)     /* a tree path as PID 1 sees it */
{
	return fmt(ROOT "%s", p);
}

/* A copy of this program (read once): every entry file and exec probe. */
static void copy_file(const char *from, const char *to)
{
	static size_t len;
	static char *buf;
	if (!buf && !(buf = vm_read_all(from, &len)))
		fatal("read %s", from);
	int fd = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (fd < 0 || write(fd, buf, len) != (ssize_t)len)
		fatal("write %s", to);
	close(fd);
}

static void load_tree(void)
{
	char *txt = vm_read_all("/tree", NULL);
	if (!txt)
		fatal("read /tree");
	for (char *l = strtok(txt, "\n"); l; l = strtok(NULL, "\n")) {
		char k[4], p[512], t[128];
		unsigned ma = 0, mi = 0;
		if (l[0] == '#')
			continue;
		char in[128] = "";
		int nf = l[0] == 'h' ? sscanf(l, "%3s %511s %127s %o %127s", k, p, t, &ma, in)
				     : sscanf(l, "%3s %511s %127s %u %u", k, p, t, &ma, &mi);
		if (nf < (l[0] == 'h' ? 5 : 3) || g_nnodes == 512)
			fatal("bad /tree line: %s", l);
		struct node *n = &g_nodes[g_nnodes++];
		n->inner = in[0] ? xstrdup(in) : NULL;
		n->kind = k[0];
		n->path = xstrdup(p);
		n->type = xstrdup(t);
		n->maj = ma;
		n->min = mi;
	}
}

static void build_tree(void)
{
	for (int i = 0; i < g_nnodes; i++) {
		struct node *n = &g_nodes[i];
		char *p = tpath(n->path);
		int r = 0;
		switch (n->kind) {
		case 'd': r = mkdir(p, 0755); break;
		case 'f': r = vm_write_file(p, "") ; if (r) { int fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0644); r = fd < 0; if (fd >= 0) { r = write(fd, "zpk\n", 4) != 4; close(fd); } } break;
		case 'x': copy_file("/init", p); break;
		case 'c': r = mknod(p, S_IFCHR | 0666, makedev(n->maj, n->min)); break;
		case 'b': r = mknod(p, S_IFBLK | 0666, makedev(n->maj, n->min)); break;
		case 'h': r = mkdir(p, 0755) || chmod(p, n->maj); break;   /* as tmpfiles.d at boot */
		case 'r': case 'q': continue;      /* created by the launcher */
		default: fatal("unknown tree kind %c", n->kind);
		}
		if (r && errno != EEXIST)
			fatal("create %s", p);
		set_label(p, n->type);
		free(p);
	}
}

static struct node *node_of(const char *type, const char *kinds)
{
	for (int i = 0; i < g_nnodes; i++)
		if (!strcmp(g_nodes[i].type, type) && strchr(kinds, g_nodes[i].kind))
			return &g_nodes[i];
	return NULL;
}

/* Where sockets of type t are made: the runtime directory of that type (the
 * launcher makes it), or a host directory whose sockets get it. */
static struct node *sock_dir(const char *t)
{
	struct node *n = node_of(t, "r");
	for (int i = 0; !n && i < g_nnodes; i++)
		if (g_nodes[i].kind == 'h' && g_nodes[i].inner && !strcmp(g_nodes[i].inner, t))
			n = &g_nodes[i];
	return n;
}

/* A regular file inside the directory node of this type, if any. */
static struct node *file_in_dir_of(const char *type)
{
	struct node *d = node_of(type, "d");
	if (!d)
		return NULL;
	size_t n = strlen(d->path);
	for (int i = 0; i < g_nnodes; i++)
		if (g_nodes[i].kind == 'f' && !strncmp(g_nodes[i].path, d->path, n) &&
		    g_nodes[i].path[n] == '/' && !strcmp(g_nodes[i].type, type))
			return &g_nodes[i];
	return NULL;
}

static void load_vectors(void)
{
	char *txt = vm_read_all("/vectors", NULL), *save = NULL;
	const char *above = NULL;   /* the origin line above (in txt) */
	if (!txt)
		fatal("read /vectors");
	for (char *l = strtok_r(txt, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char m[64], lch[64];
		if (sscanf(l, "# zonepolicy: module %63s launcher %63s", m, lch) == 2) {
			snprintf(g_module, sizeof g_module, "%s", m);
			snprintf(g_launcher, sizeof g_launcher, "%s", lch);
		} else if (sscanf(l, "# zonepolicy: module %63s", m) == 1) {
			snprintf(g_module, sizeof g_module, "%s", m);
		}
		while (isspace((unsigned char)*l))
			l++;
		if (*l == '#') {
			/* an origin line, "# FILE:LINE WHY": the vectors below
			 * share it (the report quotes it with each) */
			const char *c = l + 1 + strspn(l + 1, " \t"), *colon = c + strcspn(c, ": \t");
			if (colon > c && *colon == ':' && isdigit((unsigned char)colon[1]))
				above = c;
			continue;
		}
		if (!*l)
			continue;
		if (g_nvecs == 4096)
			fatal("too many vectors");
		struct vec *v = &g_vecs[g_nvecs++];
		if (strchr(l, '#') || !above) {
			v->line = xstrdup(l);
		} else {
			size_t n = strlen(l) + strlen(above) + 5;
			v->line = malloc(n);
			if (!v->line)
				fatal("out of memory");
			snprintf(v->line, n, "%s  # %s", l, above);
		}
		char *body = xstrdup(l), *h = strchr(body, '#'), *s2 = NULL;
		if (h)
			*h = 0;
		char *tok[40];
		int nt = 0;
		for (char *t = strtok_r(body, " \t", &s2); t && nt < 40; t = strtok_r(NULL, " \t", &s2))
			tok[nt++] = t;
		snprintf(v->kind, sizeof v->kind, "%s", nt ? tok[0] : "?");
		v->src = nt > 1 ? tok[1] : "";
		v->tgt = nt > 2 ? tok[2] : "";
		v->cls = nt > 3 ? tok[3] : "";
		for (int i = 4; i < nt && v->nperm < 32; i++)
			v->perm[v->nperm++] = tok[i];
	}
}

/* ----- the plan: attempts and the probe objects they need */

static int g_probe_seq;
static struct { char *key, *path; } g_probes[2048];
static int g_nprobes;
static int g_held[1024];
static int g_nheld;

static const struct { const char *type; char kind; unsigned maj, min; } g_devnums[] = {
	{"kvm_device_t", 'c', 10, 232}, {"tun_tap_device_t", 'c', 10, 200},
	{"dri_device_t", 'c', 226, 0}, {"event_device_t", 'c', 13, 64},
	{"sound_device_t", 'c', 116, 0}, {"usb_device_t", 'c', 189, 0},
	{"removable_device_t", 'b', 11, 0}, {"printer_device_t", 'c', 180, 0},
	{"tty_device_t", 'c', 4, 64}, {"null_device_t", 'c', 1, 3},
};

static int is_domain_type(const char *t)
{
	if (!strcmp(t, "init_t") || !strcmp(t, "initrc_t") || !strcmp(t, "kernel_t"))
		return 1;
	for (int i = 0; i < g_nplan; i++) {
		char *s = g_plan[i];
		if ((s[0] == 'Z' || s[0] == 'L' || s[0] == 'E') && s[1] == '\t' && !strncmp(s + 2, t, strlen(t)) && s[2 + strlen(t)] == '\t')
			return 1;
	}
	return 0;
}

/*
 * A probe object of class cls labelled type, in /zpk (zpk_probe_t, which the
 * scaffold lets every acting domain search and change).  Shared by all
 * attempts unless fresh (for unlink, rename and the like).  Returns its
 * path inside the tree.
 */
static char *probe(const char *cls, const char *type, int fresh)
{
	char *key = fmt("%s %s", cls, type);
	if (!fresh)
		for (int i = 0; i < g_nprobes; i++)
			if (!strcmp(g_probes[i].key, key))
				return g_probes[i].path;
	char *path = fmt(PROBE "/o%d", ++g_probe_seq), *tp = tpath(path);
	int r = 0;
	if (!strcmp(cls, "file")) {
		int fd = open(tp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		r = fd < 0 || write(fd, "zpk\n", 4) != 4;
		close(fd);
	} else if (!strcmp(cls, "exec")) {
		copy_file("/init", tp);
	} else if (!strcmp(cls, "dir")) {
		r = mkdir(tp, 0755);
		char *c = fmt("%s/f", tp);
		int fd = open(c, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
		close(fd);
		set_label(c, type);
		free(c);
	} else if (!strcmp(cls, "fifo_file")) {
		r = mkfifo(tp, 0666);
		int fd = open(tp, O_RDONLY | O_NONBLOCK | O_CLOEXEC);   /* a reader for writers */
		if (fd >= 0 && g_nheld < 1024)
			g_held[g_nheld++] = fd;
	} else if (!strcmp(cls, "sock_file")) {
		struct sockaddr_un sa = {.sun_family = AF_UNIX};
		snprintf(sa.sun_path, sizeof sa.sun_path, "%s", tp);
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		r = fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof sa) || listen(fd, 128);
	} else if (!strcmp(cls, "chr_file") || !strcmp(cls, "blk_file")) {
		unsigned ma = 1, mi = 3;
		for (size_t i = 0; i < sizeof g_devnums / sizeof g_devnums[0]; i++)
			if (!strcmp(g_devnums[i].type, type))
				ma = g_devnums[i].maj, mi = g_devnums[i].min;
		r = mknod(tp, (cls[0] == 'c' ? S_IFCHR : S_IFBLK) | 0666, makedev(ma, mi));
	} else if (!strcmp(cls, "abstract")) {
		/* a listening socket of that domain, named in the abstract namespace */
		char con[256];
		snprintf(con, sizeof con, "system_u:system_r:%s:s0", type);
		if (vm_write_file("/proc/self/attr/sockcreate", con))
			fatal("sockcreate %s", type);
		struct sockaddr_un sa = {.sun_family = AF_UNIX};
		char *name = fmt("zpk-%d", g_probe_seq);
		snprintf(sa.sun_path + 1, sizeof sa.sun_path - 1, "%s", name);
		int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		r = fd < 0 || bind(fd, (struct sockaddr *)&sa,
				   (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(name))) ||
		    listen(fd, 128);
		vm_write_file("/proc/self/attr/sockcreate", "");
		if (r)
			fatal("abstract socket for %s", type);
		path = name;
		goto done;
	} else {
		fatal("no probe for class %s", cls);
	}
	if (r)
		fatal("probe %s for %s %s", tp, cls, type);
	set_label(tp, type);
done:
	free(tp);
	if (g_nprobes < 2048) {
		g_probes[g_nprobes].key = key;
		g_probes[g_nprobes++].path = path;
	}
	return path;
}

static struct att *attempt(const char *src, const char *op, const char *a1, const char *a2, int dev)
{
	for (int i = 0; i < g_natts; i++) {
		struct att *a = &g_atts[i];
		if (!strcmp(a->src, src) && !strcmp(a->op, op) && !strcmp(a->a1, a1) && !strcmp(a->a2, a2))
			return a;
	}
	if (g_natts == 8192)
		fatal("too many attempts");
	struct att *a = &g_atts[g_natts];
	a->id = g_natts++;
	a->src = xstrdup(src);
	a->op = xstrdup(op);
	a->a1 = xstrdup(a1);
	a->a2 = xstrdup(a2);
	a->dev = dev;
	a->code[0] = a->code[1] = -1;
	return a;
}

static void check(struct vec *v, int perm, struct att *a)
{
	if (g_nchecks == 16384)
		fatal("too many checks");
	v->checked = 1;
	g_checks[g_nchecks].v = v;
	g_checks[g_nchecks].perm = perm;
	g_checks[g_nchecks++].a = a;
}

static int has_perm(struct vec *v, const char *p)
{
	for (int i = 0; i < v->nperm; i++)
		if (!strcmp(v->perm[i], p))
			return 1;
	return 0;
}

/* The file a zone is started by: its own entry file, or for a zone entered
 * explicitly (E) the base's program; NULL when the tree has neither. */
static const char *entry_of(const char *dom)
{
	char *ex = fmt("%.*s_exec_t", (int)strlen(dom) - 2, dom);
	struct node *n = node_of(ex, "x");
	if (n)
		return n->path;
	for (int i = 0; i < g_nplan; i++) {
		char *s = g_plan[i];
		if (s[0] == 'E' && s[1] == '\t' && !strncmp(s + 2, dom, strlen(dom)) && s[2 + strlen(dom)] == '\t')
			return s + 3 + strlen(dom);
	}
	return NULL;
}

static int acting(const char *dom)
{
	return is_domain_type(dom) && strcmp(dom, "kernel_t");
}

/*
 * A new name in dir for an attempt that creates one.  '@' stands for the
 * phase (e enforcing, p permissive; see phase_arg), so the two runs do not
 * collide.
 */
static char *fresh_name(const char *dir)
{
	return fmt("%s/zpk-@-%d", dir, ++g_probe_seq);
}

static char *g_ports;   /* /ports: "PROTO TYPE PORT" lines from the host */

static const char *port_of(const char *proto, const char *type)
{
	static char buf[16];
	char want[160];
	snprintf(want, sizeof want, "%s %s ", proto, type);
	for (char *l = g_ports; l && *l;) {
		if (!strncmp(l, want, strlen(want))) {
			snprintf(buf, sizeof buf, "%d", atoi(l + strlen(want)));
			return buf;
		}
		l = strchr(l, '\n');
		l = l ? l + 1 : NULL;
	}
	return NULL;
}

/* The object a permission is tried on: for an allow vector, the tree's own
 * node of the target type (node kinds as node_of takes them); for a deny, a
 * probe object labelled with the type.  NULL and v->skipperm set if none. */
static const char *object_for(struct vec *v, int pi, int allow, const char *kinds,
			      const char *missing)
{
	if (!allow)
		return probe(v->cls, v->tgt, 0);
	struct node *n = node_of(v->tgt, kinds);
	if (!n)
		v->skipperm[pi] = (char *)missing;
	return n ? n->path : NULL;
}

/* Plan the attempt of permission p of vector v; NULL and v->skipperm set if none. */
static struct att *plan_perm(struct vec *v, int pi)
{
	const char *p = v->perm[pi], *c = v->cls, *s = v->src, *t = v->tgt;
	int allow = !strcmp(v->kind, "allow");
	struct node *n;
	if (!strcmp(c, "file")) {
		if (!strcmp(p, "entrypoint")) {
			if (allow && strstr(t, "_exec_t"))
				return attempt(s, "self", s, "", 0);
			v->skipperm[pi] = "entrypoint is checked only on a transition into SRC, after the parent's own execute check";
			return NULL;
		}
		/* SRC's own entry file: reached through /proc/self/exe */
		char *ownexec = fmt("%.*s_exec_t", (int)strlen(s) - 2, s);
		int own = allow && !strcmp(t, ownexec);
		const char *obj = NULL;
		if (own)
			obj = "/proc/self/exe";
		else if (allow && ((n = node_of(t, "f")) || (n = file_in_dir_of(t))))
			obj = n->path;
		if (allow && !obj && strcmp(p, "create") && strcmp(p, "unlink") && strcmp(p, "rename")) {
			v->skipperm[pi] = "no file of this type in the tree";
			return NULL;
		}
		if (!allow)
			obj = probe(!strcmp(p, "execute") || !strcmp(p, "execute_no_trans") ? "exec" : "file", t, 0);
		const char *mode = has_perm(v, "read") || !allow ? "r" : has_perm(v, "append") ? "a" : has_perm(v, "write") ? "w" : "r";
		if (!strcmp(p, "read"))
			return attempt(s, "open", obj, "r", 0);
		if (!strcmp(p, "write"))
			return attempt(s, "open", obj, "w", 0);
		if (!strcmp(p, "append"))
			return attempt(s, "open", obj, "a", 0);
		if (!strcmp(p, "open"))
			return attempt(s, "open", obj, mode, 0);
		if (!strcmp(p, "getattr"))
			return attempt(s, "stat", obj, "", 0);
		if (!strcmp(p, "setattr"))
			return attempt(s, "chmod", obj, "644", 0);
		if (!strcmp(p, "lock"))
			return attempt(s, "lock", obj, "", 0);
		if (!strcmp(p, "execute") || !strcmp(p, "execute_no_trans"))
			return allow ? attempt(s, "mmapx", obj, "", 0) : attempt(s, "exec", obj, "", 0);
		if (!strcmp(p, "map"))
			return attempt(s, "mmap", obj, "", 0);
		if (!strcmp(p, "relabelfrom") || !strcmp(p, "relabelto"))
			return attempt(s, "relabel", allow ? obj : probe("file", t, 0), t, 0);
		if (!strcmp(p, "create") || !strcmp(p, "unlink") || !strcmp(p, "rename")) {
			if (allow) {
				if (!(n = node_of(t, "d"))) {
					v->skipperm[pi] = "no directory of this type in the tree";
					return NULL;
				}
				const char *op = p[0] == 'c' ? "create" : p[0] == 'u' ? "mkunlink" : "mkrename";
				return attempt(s, op, fresh_name(n->path), "", 0);
			}
			if (p[0] == 'c') {
				v->skipperm[pi] = "a file of this type cannot be created where SRC may add names";
				return NULL;
			}
			return attempt(s, p, probe("file", t, 1), "", 0);
		}
	} else if (!strcmp(c, "dir")) {
		const char *obj = object_for(v, pi, allow, "drh", "no directory of this type in the tree");
		if (!obj)
			return NULL;
		if (!strcmp(p, "search"))
			return attempt(s, "chdir", obj, "", 0);
		if (!strcmp(p, "read"))
			return attempt(s, "readdir", obj, "", 0);
		if (!strcmp(p, "getattr"))
			return attempt(s, "stat", obj, "", 0);
		if (!strcmp(p, "setattr"))
			return attempt(s, "chmod", obj, "1777", 0);
		if (!strcmp(p, "write") || !strcmp(p, "add_name"))
			return attempt(s, allow ? "pcreate" : "create", fresh_name(obj), "", 0);
		if (!strcmp(p, "remove_name")) {
			if (allow)
				return attempt(s, "pmkunlink", fresh_name(obj), "", 0);
			char *f = fmt("%s/f%d", obj, ++g_probe_seq), *tf = tpath(f);
			int fd = open(tf, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
			close(fd);
			set_label(tf, t);
			free(tf);
			return attempt(s, "unlink", f, "", 0);
		}
	} else if (!strcmp(c, "fifo_file")) {
		const char *obj = object_for(v, pi, allow, "q", "no FIFO of this type in the tree");
		if (!obj)
			return NULL;
		if (!strcmp(p, "read"))
			return attempt(s, "open", obj, "r", 0);
		if (!strcmp(p, "write"))
			return attempt(s, "open", obj, "w", 0);
		if (!strcmp(p, "append"))
			return attempt(s, "open", obj, "a", 0);
		if (!strcmp(p, "open"))
			return attempt(s, "open", obj, allow && !has_perm(v, "read") ? "w" : "r", 0);
		if (!strcmp(p, "getattr"))
			return attempt(s, "stat", obj, "", 0);
	} else if (!strcmp(c, "chr_file") || !strcmp(c, "blk_file")) {
		const char *obj = object_for(v, pi, allow, c[0] == 'c' ? "c" : "b",
					     "no device node of this type in the tree");
		if (!obj)
			return NULL;
		if (!strcmp(p, "read"))
			return attempt(s, "open", obj, "r", 1);
		if (!strcmp(p, "write"))
			return attempt(s, "open", obj, "w", 1);
		if (!strcmp(p, "open"))
			return attempt(s, "open", obj, allow && has_perm(v, "write") && has_perm(v, "read") ? "rw" : "r", 1);
		if (!strcmp(p, "getattr"))
			return attempt(s, "stat", obj, "", 0);
	} else if (!strcmp(c, "sock_file")) {
		char *b[64];
		int ns = 0;
		for (int i = 0; i < g_nplan; i++)
			if (!strncmp(g_plan[i], "S\t", 2) && ns < 64) {
				char *x = xstrdup(g_plan[i] + 2), *f[2] = {0};
				if (split_tabs(x, f, 2) == 2)
					b[ns++] = f[1];
			}
		if (allow && (!strcmp(p, "create") || !strcmp(p, "unlink"))) {
			if (!(n = sock_dir(t))) {
				v->skipperm[pi] = "no socket directory of this type in the tree";
				return NULL;
			}
			return attempt(s, "sockserve", fresh_name(n->path), "", 0);
		}
		if (!strcmp(p, "write")) {
			if (!allow)
				return attempt(s, "connect", probe("sock_file", t, 0), "", 0);
			n = sock_dir(t);
			for (int i = 0; n && i < ns; i++)
				if (!strncmp(b[i], n->path, strlen(n->path)))
					return attempt(s, "connect", b[i], "", 0);
			v->skipperm[pi] = "no listening socket of this type";
			return NULL;
		}
	} else if (!strcmp(c, "unix_stream_socket")) {
		if (allow && !strcmp(t, "init_t") && (!strcmp(p, "read") || !strcmp(p, "write") || !strcmp(p, "getattr"))) {
			/* the stream init made, as stdout of the zone it starts:
			 * kept at the exec (read write), fstat (getattr), written */
			const char *entry = entry_of(s);
			if (!entry) {
				v->skipperm[pi] = "no entry file of SRC in the tree";
				return NULL;
			}
			return attempt("init_t", "journal", s, entry, 0);
		}
		if (!strcmp(p, "connectto")) {
			if (allow) {
				for (int i = 0; i < g_nplan; i++) {
					char *x = g_plan[i];
					/* the abstract name (X clients try it first); the
					 * socket file is tried by `sock_file write` */
					if (!strncmp(x, "S\t", 2) && !strncmp(x + 2, t, strlen(t)) && x[2 + strlen(t)] == '\t')
						return attempt(s, "connecta", x + 3 + strlen(t), "", 0);
				}
				v->skipperm[pi] = "TGT listens on no socket";
				return NULL;
			}
			return attempt(s, "connecta", probe("abstract", t, 0), "", 0);
		}
		if (!strcmp(t, s) && allow) {
			for (int i = 0; i < g_nplan; i++) {
				char *x = g_plan[i];
				if (!strncmp(x, "S\t", 2) && !strncmp(x + 2, s, strlen(s)) && x[2 + strlen(s)] == '\t') {
					char *path = xstrdup(x + 3 + strlen(s)), *sl = strrchr(path, '/');
					*sl = 0;
					return attempt(s, "sockserve", fresh_name(path), "", 0);
				}
			}
			v->skipperm[pi] = "SRC has no socket directory";
			return NULL;
		}
	} else if (!strcmp(c, "process")) {
		if (!strcmp(p, "fork") && !strcmp(s, t))
			return attempt(s, "fork", "", "", 0);
		if (!strcmp(p, "execmem") && !strcmp(s, t))
			return attempt(s, "execmem", "", "", 0);
		if (!is_domain_type(t) || !strcmp(t, "init_t") || !strcmp(t, "initrc_t") || !strcmp(t, "kernel_t")) {
			v->skipperm[pi] = "no process of TGT in the guest";
			return NULL;
		}
		if (sig_of(p) >= 0)
			return attempt(s, "kill", p, t, 0);
		if (!strcmp(p, "ptrace"))
			return attempt(s, "ptrace", t, "", 0);
		if (!strcmp(p, "transition")) {
			/* into TGT by its own entry file: the real one when SRC may
			 * run it, else a copy of that type */
			char *ex = fmt("%.*s_exec_t", (int)strlen(t) - 2, t);
			n = node_of(ex, "x");
			const char *entry = entry_of(t);
			if (allow && entry)
				return attempt(s, "setexec", t, entry, 0);
			return attempt(s, "setexec", t, probe("exec", n ? ex : "zpk_probe_t", 0), 0);
		}
	} else if (!strcmp(c, "tcp_socket") || !strcmp(c, "udp_socket") || !strcmp(c, "rawip_socket")) {
		const char *proto = c[0] == 't' ? "tcp" : c[0] == 'u' ? "udp" : "raw";
		if (!strcmp(p, "create") && !strcmp(s, t))
			return attempt(s, "socket", proto, "", 0);
		if (!strcmp(p, "name_connect") || !strcmp(p, "name_bind")) {
			const char *port = port_of(proto, t);
			if (!port) {
				v->skipperm[pi] = "no port of this type in the policy's portcon";
				return NULL;
			}
			return attempt(s, p[5] == 'c' ? "nconnect" : "nbind", proto, port, 0);
		}
	} else if (!strcmp(c, "fd")) {
		if (!strcmp(p, "use") && allow)
			return attempt(s, "fduse", "", "", 0);
	}
	v->skipperm[pi] = fmt("no syscall for %s %s in this harness", c, p);
	return NULL;
}

static void plan(void)
{
	/* zones, the launcher, entry files: from the trans vectors */
	for (int i = 0; i < g_nvecs; i++) {
		struct vec *v = &g_vecs[i];
		if (strcmp(v->kind, "trans") || v->nperm != 0)
			continue;
		struct node *x = node_of(v->tgt, "x");
		if (!x)
			continue;
		const char *newd = v->cls;
		char *rec;
		if (g_launcher[0] && !strcmp(newd, g_launcher))
			rec = fmt("L\t%s\t%s", newd, x->path);
		else if (!strcmp(v->src, g_launcher[0] ? g_launcher : "init_t"))
			rec = fmt("Z\t%s\t%s", newd, x->path);
		else
			continue;
		int dup = 0;
		for (int j = 0; j < g_nplan; j++)
			dup |= !strcmp(g_plan[j], rec);
		if (!dup)
			g_plan[g_nplan++] = rec;
	}
	/* zones entered explicitly (exec ... shared): the base's program is
	 * SRC's entrypoint, and the tree holds a copy of this program at its
	 * path (module.sh); the launcher (init without one) sets the context */
	for (int i = 0; i < g_nvecs; i++) {
		struct vec *v = &g_vecs[i];
		struct node *x;
		if (strcmp(v->kind, "allow") || strcmp(v->cls, "file") || !has_perm(v, "entrypoint") ||
		    is_domain_type(v->src) || !(x = node_of(v->tgt, "x")))
			continue;
		g_plan[g_nplan++] = fmt("E\t%s\t%s", v->src, x->path);
	}
	/* runtime objects, created by the launcher in tree order */
	for (int i = 0; i < g_nnodes; i++)
		if (g_nodes[i].kind == 'r' || g_nodes[i].kind == 'q')
			g_plan[g_nplan++] = fmt("R\t%c\t%s", g_nodes[i].kind == 'r' ? 'd' : 'p', g_nodes[i].path);
	/* sockets the zones listen on: the zone's socket directory */
	for (int i = 0; i < g_nvecs; i++) {
		struct vec *v = &g_vecs[i];
		if (strcmp(v->kind, "allow") || strcmp(v->cls, "sock_file") || !has_perm(v, "create"))
			continue;
		struct node *d = sock_dir(v->tgt);
		if (d)
			g_plan[g_nplan++] = fmt("S\t%s\t%s/zpk0", v->src, d->path);
	}
	/* FIFOs the readers hold open */
	for (int i = 0; i < g_nvecs; i++) {
		struct vec *v = &g_vecs[i];
		struct node *q;
		if (!strcmp(v->kind, "allow") && !strcmp(v->cls, "fifo_file") && has_perm(v, "read") &&
		    (q = node_of(v->tgt, "q")))
			g_plan[g_nplan++] = fmt("F\t%s\t%s", v->src, q->path);
	}
	int need_initrc = 0;
	for (int i = 0; i < g_nvecs; i++) {
		struct vec *v = &g_vecs[i];
		if (!strcmp(v->kind, "noflow")) {
			v->skip = "information flow is a property of the whole policy, not one syscall (zonepolicy check proves it)";
			continue;
		}
		if (!strcmp(v->kind, "policycap")) {
			v->skip = "a policy capability is no syscall's result: statically checked (zonepolicy check, the "
				  "oracle); the network trials show what the kernel does with it";
			continue;
		}
		if (!strcmp(v->kind, "portcon")) {
			v->skip = "a port's label is no syscall's result: statically checked (zonepolicy check, the oracle); "
				  "the name_bind/name_connect vectors bind and connect on ports of that label";
			continue;
		}
		if (v->cls && !strcmp(v->cls, "capability")) {
			v->skip = "a capability is checked on the syscall that needs it, one syscall each: "
				  "statically checked (zonepolicy check, the oracle); the trials run the programs that use them";
			continue;
		}
		if (!acting(v->src)) {
			v->skip = "no process of SRC in the guest";
			continue;
		}
		if (!strcmp(v->src, "initrc_t"))
			need_initrc = 1;
		if (!strcmp(v->kind, "trans") || !strcmp(v->kind, "notrans")) {
			struct node *x = node_of(v->tgt, "x");
			int tr = v->kind[0] == 't';
			if (tr && !x) {
				v->skip = "no entry file of this type in the tree";
				continue;
			}
			const char *path = tr ? x->path : probe("exec", v->tgt, 0);
			check(v, -1, attempt(v->src, tr ? "whoami" : "notin", path, v->cls, 0));
			continue;
		}
		if (strcmp(v->kind, "allow") && strcmp(v->kind, "deny")) {
			v->skip = "unknown vector kind";
			continue;
		}
		if (!strcmp(v->cls, "packet")) {
			v->skip = "packet permissions are checked on labelled packets, only while a secmark ruleset (M.nft) "
				  "is loaded (docs/network.md): statically checked (zonepolicy check)";
			continue;
		}
		if (!strcmp(v->cls, "tun_socket")) {
			v->skip = "tun_socket checks need the tun driver (a module, not in the initramfs) and CAP_NET_ADMIN; the tun device node open is tested";
			continue;
		}
		for (int p = 0; p < v->nperm; p++) {
			struct att *a = plan_perm(v, p);
			if (a)
				check(v, p, a);
		}
	}
	if (need_initrc) {
		struct node *x = node_of("initrc_exec_t", "x");
		if (x)
			g_plan[g_nplan++] = fmt("I\tinitrc_t\t%s", x->path);
	}
}

/* ----- kmsg: AVC records */

static int g_kmsg = -1;
static int g_kmsg_lost;   /* reads that found records overwritten before PID 1 read them */

/* The type field of a context user:role:type:level, or "" */
static char *ctx_type(const char *con)
{
	const char *t = strchr(con, ':');
	t = t ? strchr(t + 1, ':') : NULL;
	if (!t)
		return "";
	t++;
	return fmt("%.*s", (int)(strchrnul(t, ':') - t), t);
}

static void drain_kmsg(int phase, const char *marker, int *seen)
{
	char buf[8192];
	for (;;) {
		ssize_t n = read(g_kmsg, buf, sizeof buf - 1);
		if (n < 0) {
			if (errno == EPIPE) {
				/* the ring buffer wrapped: records are lost */
				g_kmsg_lost++;
				continue;
			}
			return;
		}
		buf[n] = 0;
		char *msg = strchr(buf, ';');
		if (!msg)
			continue;
		msg++;
		char *nl = strchr(msg, '\n');
		if (nl)
			*nl = 0;
		if (marker && seen && strstr(msg, marker))
			*seen = 1;
		if (phase < 0 || !strstr(msg, "avc:  denied"))
			continue;
		if (g_navcs == g_capavcs) {
			g_capavcs = g_capavcs ? g_capavcs * 2 : 1024;
			g_avcs = realloc(g_avcs, sizeof *g_avcs * (size_t)g_capavcs);
			if (!g_avcs)
				die("out of memory");
		}
		struct avc *a = &g_avcs[g_navcs];
		memset(a, 0, sizeof *a);
		a->phase = phase;
		a->text = xstrdup(msg);
		char *b = strstr(msg, "{ "), *e = b ? strstr(b, " }") : NULL;
		if (!b || !e)
			continue;
		a->perms = fmt(" %.*s ", (int)(e - b - 2), b + 2);
		char *p = strstr(msg, " comm=\"z");
		a->att = p && isdigit((unsigned char)p[8]) ? atoi(p + 8) : -1;
		char *sc = strstr(msg, "scontext="), *tc = strstr(msg, "tcontext="), *cl = strstr(msg, "tclass=");
		char *pm = strstr(msg, "permissive=");
		if (!sc || !tc || !cl)
			continue;
		a->scon = xstrdup(sc + 9);
		*strchrnul(a->scon, ' ') = 0;
		a->tcon = xstrdup(tc + 9);
		*strchrnul(a->tcon, ' ') = 0;
		a->tclass = xstrdup(cl + 7);
		*strchrnul(a->tclass, ' ') = 0;
		a->stype = ctx_type(a->scon);
		a->ttype = ctx_type(a->tcon);
		a->permissive = pm ? atoi(pm + 11) : 0;
		g_navcs++;
	}
}

/* Wait until every audit record queued so far has reached the kernel log:
 * a user message sent through the audit socket goes through the same queue. */
static int g_sync_fail;   /* audit sync markers not sent or not seen */

static void sync_kmsg(int phase)
{
	static int seq;
	char marker[64];
	snprintf(marker, sizeof marker, "zpk-sync-%d", ++seq);
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	struct { struct nlmsghdr h; char text[64]; } m;
	memset(&m, 0, sizeof m);
	m.h.nlmsg_len = (unsigned)NLMSG_LENGTH(strlen(marker) + 1);
	m.h.nlmsg_type = AUDIT_USER_AVC;   /* user messages other than AVC are dropped while audit is off */
	m.h.nlmsg_flags = NLM_F_REQUEST;
	memcpy(m.text, marker, strlen(marker) + 1);
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	int sent = fd >= 0 && sendto(fd, &m, m.h.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof sa) >= 0;
	if (fd >= 0)
		close(fd);
	int seen = 0;
	for (int i = 0; i < 400 && !seen; i++) {
		drain_kmsg(phase, marker, &seen);
		if (!seen)
			usleep(5000);
	}
	/* without the marker, the judge could miss AVC records that are still
	 * queued: a deny would pass without its record.  A harness failure. */
	if (!sent || !seen) {
		out("kernel: FAIL harness: audit sync marker %s (sent %d, seen %d): the AVC records may be incomplete\n",
		    marker, sent, seen);
		g_sync_fail++;
	}
}

/* Chains each attempt's records per phase (g_avc_first, next), in log
 * order, once both runs are read: the judge asks for them by attempt. */
static void index_avcs(void)
{
	int last[2][8192];
	for (int ph = 0; ph < 2; ph++)
		for (int i = 0; i < 8192; i++)
			g_avc_first[ph][i] = last[ph][i] = -1;
	for (int i = 0; i < g_navcs; i++) {
		struct avc *a = &g_avcs[i];
		a->next = -1;
		if (a->phase < 0 || a->phase > 1 || a->att < 0 || a->att >= 8192)
			continue;
		int *l = &last[a->phase][a->att];
		if (*l < 0)
			g_avc_first[a->phase][a->att] = i;
		else
			g_avcs[*l].next = i;
		*l = i;
	}
}

/* The records of attempt att in a phase: first, then next (-1 ends). */
static int avc_first(int phase, int att)
{
	return att >= 0 && att < 8192 && phase >= 0 && phase < 2 ? g_avc_first[phase][att] : -1;
}

static int avc_match(const struct avc *a, const char *s, const char *t, const char *cls, const char *want)
{
	/* whole type fields, the class, and the permission in the set */
	return !strcmp(a->stype, s) && !strcmp(a->ttype, t) && !strcmp(a->tclass, cls) && strstr(a->perms, want);
}

/* A record of the phase (of attempt att; any attempt if att < 0) names
 * permission perm on (s, t, cls). */
static int avc_names(int phase, int att, const char *s, const char *t, const char *cls, const char *perm)
{
	char want[96];
	snprintf(want, sizeof want, " %s ", perm);
	if (att >= 0) {
		for (int i = avc_first(phase, att); i >= 0; i = g_avcs[i].next)
			if (avc_match(&g_avcs[i], s, t, cls, want))
				return 1;
		return 0;
	}
	for (int i = 0; i < g_navcs; i++)
		if (g_avcs[i].phase == phase && avc_match(&g_avcs[i], s, t, cls, want))
			return 1;
	return 0;
}

static int avc_any(int phase, int att)
{
	return avc_first(phase, att) >= 0;
}

static void print_avcs(int phase, int att)
{
	for (int i = avc_first(phase, att); i >= 0; i = g_avcs[i].next)
		out("      %s\n", g_avcs[i].text);
}

/* ----- phases */

static char *phase_arg(const char *s, int phase)
{
	/* fresh names carry '@': e for the enforcing run, p for the control */
	char *r = xstrdup(s);
	for (char *c = r; *c; c++)
		if (*c == '@')
			*c = phase ? 'p' : 'e';
	return r;
}

static void run_phase(int phase)
{
	if (vm_write_file("/sys/fs/selinux/enforce", phase ? "0" : "1"))
		fatal("setenforce %d", !phase);
	int fd = open(ROOT RESULTS, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		fatal("results file");
	close(fd);
	set_label(ROOT RESULTS, "zpk_probe_t");
	sync_kmsg(-1);
	char **av = xmalloc(sizeof(char *) * (size_t)(g_natts + g_nplan + 4));
	int n = 0;
	av[n++] = "/usr/sbin/init";
	av[n++] = "init";
	for (int i = 0; i < g_nplan; i++)
		av[n++] = g_plan[i];
	for (int i = 0; i < g_natts; i++) {
		struct att *a = &g_atts[i];
		char *s = phase_arg(fmt("A\t%d\t%s\t%s\t%s\t%s", a->id, a->src, a->op, a->a1, a->a2), phase);
		av[n++] = s;
	}
	av[n] = NULL;
	pid_t pid = fork();
	if (pid == 0) {
		if (chroot(ROOT) || chdir("/"))
			_exit(CODE_SETUP);
		int nul = open("/dev/null", O_RDWR);
		dup2(nul, 0);
		dup2(nul, 1);
		dup2(nul, 2);
		if (nul > 2)
			close(nul);
		execve(av[0], av, (char *[]){NULL});
		_exit(CODE_SETUP);
	}
	/* read the log while the chain runs: the ring buffer must not wrap */
	int st = 0;
	while (waitpid(pid, &st, WNOHANG) == 0) {
		drain_kmsg(phase, NULL, NULL);
		usleep(10000);
	}
	sync_kmsg(phase);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		out("kernel: %s run: the chain init -> launcher -> zones ended with status %d\n",
		    phase ? "permissive" : "enforcing", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	char *res = vm_read_all(ROOT RESULTS, NULL);
	for (char *l = res ? strtok(res, "\n") : NULL; l; l = strtok(NULL, "\n")) {
		int id, c;
		if (l[0] == 'T')
			out("kernel: time %s: %s\n", phase ? "permissive" : "enforcing", l + 2);
		if (sscanf(l, "%d %d", &id, &c) == 2 && id >= 0 && id < g_natts)
			g_atts[id].code[phase] = c;
	}
	free(res);
}

static const char *code_str(int c)
{
	static char buf[64];
	if (c == -1)
		return "not run (its domain was never reached)";
	if (c == 0)
		return "succeeded";
	if (c == CODE_WRONGDOM)
		return "ran in the wrong domain";
	if (c == CODE_SETUP)
		return "setup failed";
	if (c == CODE_NOPROC)
		return "no target process";
	if (c == CODE_REPLACED)
		return "the inherited descriptor was replaced by the null device";
	if (c > 128 && c < 128 + 65)
		snprintf(buf, sizeof buf, "killed by signal %d", c - 128);
	else
		snprintf(buf, sizeof buf, "%s", strerror(c));
	return buf;
}

static int benign(struct att *a, int c)
{
	if (a->dev)
		return c == ENXIO || c == ENODEV;
	if (!strcmp(a->op, "nconnect"))
		return c == ECONNREFUSED;
	return 0;
}

static int allowed_ok(struct att *a, int phase)
{
	int c = a->code[phase];
	if (c == 0)
		return 1;
	/* the policy let the call through; the error is the object's own:
	 * a device whose driver is absent (the kernel's attempt to load it,
	 * system module_request, is no check on the object), a port nobody
	 * listens on */
	for (int i = avc_first(phase, a->id); i >= 0; i = g_avcs[i].next)
		if (strcmp(g_avcs[i].tclass, "system"))
			return 0;
	return benign(a, c);
}

/* Judge one check; returns NULL on success, else why. */
static char *judge(struct vec *v, int pi, struct att *a)
{
	const char *what = fmt("%s %s %s%s%s", a->op, a->a1, a->a2, pi >= 0 ? " for " : "", pi >= 0 ? v->perm[pi] : "");
	if (pi < 0) {   /* trans, notrans */
		int tr = v->kind[0] == 't';
		if (tr && a->code[0] != 0)
			return fmt("%s: enforcing: %s", what, code_str(a->code[0]));
		if (!tr && a->code[0] != 0 && a->code[0] != EACCES)
			return fmt("%s: enforcing: %s", what, code_str(a->code[0]));
		if (a->code[1] != 0)
			return fmt("%s: permissive: %s", what, code_str(a->code[1]));
		return NULL;
	}
	const char *p = v->perm[pi];
	if (!strcmp(v->kind, "allow")) {
		if (!allowed_ok(a, 0))
			return fmt("%s: enforcing: %s", what, code_str(a->code[0]));
		if (!allowed_ok(a, 1))
			return fmt("%s: permissive: %s", what, code_str(a->code[1]));
		return NULL;
	}
	/* deny */
	int c = a->code[0];
	if (c != EACCES && c != EPERM)
		return fmt("%s: enforcing: %s, expected EACCES", what, code_str(c));
	if (!avc_any(0, a->id))
		return fmt("%s: enforcing: refused with no avc: denied record", what);
	int exact = avc_names(0, a->id, v->src, v->tgt, v->cls, p);
	if (!exact && !avc_names(1, -1, v->src, v->tgt, v->cls, p))
		return fmt("%s: no avc: denied record names { %s } for %s %s:%s (refused at an earlier check)",
			   what, p, v->src, v->tgt, v->cls);
	if (a->code[1] != 0 && !benign(a, a->code[1]))
		return fmt("%s: permissive: %s", what, code_str(a->code[1]));
	return NULL;
}

/* Host directories (tmpfiles.d at boot), after the enforcing run: still the
 * base's type and mode, and the socket the zone's target made in one got the
 * module's type by the type transition on the directory.  Returns the
 * failures. */
static int check_host_dirs(void)
{
	int fail = 0;
	for (int i = 0; i < g_nnodes; i++) {
		struct node *nd = &g_nodes[i];
		if (nd->kind != 'h' || !nd->inner)
			continue;
		char *p = tpath(nd->path), *sp = fmt("%s/zpk0", p), lab[256] = "", slab[256] = "";
		ssize_t l = lgetxattr(p, "security.selinux", lab, sizeof lab - 1);
		lab[l > 0 ? l : 0] = 0;
		l = lgetxattr(sp, "security.selinux", slab, sizeof slab - 1);
		slab[l > 0 ? l : 0] = 0;
		struct stat st, dst;
		int lr = lstat(sp, &st), lerr = lr ? errno : 0;
		int is_sock = !lr && S_ISSOCK(st.st_mode);
		unsigned mode = stat(p, &dst) ? 0 : (unsigned)(dst.st_mode & 07777);
		if (!strstr(lab, fmt(":%s:", nd->type)) || mode != nd->maj || !is_sock ||
		    !strstr(slab, fmt(":%s:", nd->inner))) {
			/* say why PID 1 saw no socket: absent, or hidden from the observer */
			out("kernel: FAIL host directory %s: label '%s' mode %o (want %s, %o); socket %s/zpk0: %s label '%s' (want %s)\n",
			    nd->path, lab, mode, nd->type, nd->maj, nd->path,
			    is_sock ? "a socket," : lr ? fmt("none (lstat: %s),", strerror(lerr)) : "not a socket,", slab, nd->inner);
			fail++;
		} else {
			out("kernel: host directory %s (%s, mode %o): the socket the zone made in it is %s\n", nd->path,
			    nd->type, mode, nd->inner);
		}
	}
	return fail;
}

static void pid1(void)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);   /* since the kernel started */
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	int con = open("/dev/console", O_RDWR);
	if (con >= 0) {
		dup2(con, 0);
		dup2(con, 1);
		dup2(con, 2);
		if (con > 2)
			close(con);
	}
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	if (mount("proc", "/proc", "proc", 0, NULL) || mount("sysfs", "/sys", "sysfs", 0, NULL) ||
	    mount("selinuxfs", "/sys/fs/selinux", "selinuxfs", 0, NULL))
		fatal("mount proc, sysfs, selinuxfs");
	vm_write_file("/proc/sys/kernel/printk_ratelimit", "0");
	vm_lo_up();    /* for the port checks */
	/* entered domains are not dumpable (secure exec): let ptrace reach SELinux */
	vm_write_file("/proc/sys/fs/suid_dumpable", "1");
	g_kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (g_kmsg < 0)
		fatal("open /dev/kmsg");
	size_t plen;
	char *pol = vm_read_all("/policy", &plen);
	if (!pol)
		fatal("read /policy");
	int fd = open("/sys/fs/selinux/load", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, pol, plen) != (ssize_t)plen)
		fatal("load the policy");
	close(fd);
	free(pol);
	struct timespec tl;
	clock_gettime(CLOCK_MONOTONIC, &tl);
	char *en = vm_read_all("/sys/fs/selinux/enforce", NULL);
	if (!en || en[0] != '1')
		fatal("the kernel is not enforcing after the policy load (enforce=%s)", en ? en : "?");
	/* setup in permissive mode: PID 1 labels objects with domain types */
	vm_write_file("/sys/fs/selinux/enforce", "0");
	if (mkdir(ROOT, 0755) || mount("tmpfs", ROOT, "tmpfs", 0, "mode=0755"))
		fatal("mount the tree");
	load_tree();
	build_tree();
	set_label(ROOT, "root_t");
	if (mkdir(ROOT "/proc", 0555) || mount("proc", ROOT "/proc", "proc", 0, NULL))
		fatal("mount proc in the tree");
	if (mkdir(ROOT PROBE, 0755))
		fatal("mkdir " PROBE);
	set_label(ROOT PROBE, "zpk_probe_t");
	load_vectors();
	g_ports = vm_read_all("/ports", NULL);
	plan();
	/* fresh probe files for unlink/rename exist once: copy them per phase */
	for (int i = 0; i < g_natts; i++) {
		struct att *a = &g_atts[i];
		if ((!strcmp(a->op, "unlink") || !strcmp(a->op, "rename")) && !strchr(a->a1, '@')) {
			/* make a twin for the permissive run, named with the phase */
			char *e = fmt("%s-@", a->a1);
			for (int ph = 0; ph < 2; ph++) {
				char *from = tpath(a->a1), *to = tpath(phase_arg(e, ph));
				if (link(from, to))
					fatal("link %s", to);
				free(from);
				free(to);
			}
			a->a1 = e;
		}
	}
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	run_phase(0);
	/* PID 1 looks at what the zones made in permissive mode: it is the
	 * observer, not a subject of the test (Fedora's kernel_t may not even
	 * getattr a zone's socket) */
	if (vm_write_file("/sys/fs/selinux/enforce", "0"))
		fatal("setenforce 0");
	int host_fail = check_host_dirs();
	struct timespec te;
	clock_gettime(CLOCK_MONOTONIC, &te);
	run_phase(1);
	struct timespec t2;
	clock_gettime(CLOCK_MONOTONIC, &t2);
	index_avcs();

	/* runtime objects: created by the launcher with the labels of .fc */
	int setup_fail = host_fail + g_sync_fail;
	if (g_kmsg_lost) {
		/* a deny whose record was lost would fail, an allow whose
		 * denial was lost could pass: the run proves nothing */
		out("kernel: FAIL harness: the kernel log wrapped %d times before PID 1 read it: AVC records are missing (log_buf_len too small)\n",
		    g_kmsg_lost);
		setup_fail++;
	}
	for (int i = 0; i < g_nnodes; i++) {
		struct node *nd = &g_nodes[i];
		if (nd->kind != 'r' && nd->kind != 'q')
			continue;
		char *p = tpath(nd->path), lab[256] = "";
		ssize_t l = lgetxattr(p, "security.selinux", lab, sizeof lab - 1);
		lab[l > 0 ? l : 0] = 0;
		if (!strstr(lab, fmt(":%s:", nd->type))) {
			out("kernel: FAIL runtime object %s: label '%s', the launcher should have made %s\n", nd->path, lab, nd->type);
			setup_fail++;
		}
	}

	/* judge: a vector passes when every check of it passes */
	for (int i = 0; i < g_nchecks; i++) {
		struct vec *v = g_checks[i].v;
		char *why = judge(v, g_checks[i].perm, g_checks[i].a);
		if (why && !v->fail) {
			v->fail = why;
			out("kernel: FAIL %s\n    %s\n", v->line, why);
			struct att *a = g_checks[i].a;
			if (avc_any(0, a->id)) {
				out("    enforcing AVCs:\n");
				print_avcs(0, a->id);
			}
			if (avc_any(1, a->id)) {
				out("    permissive AVCs:\n");
				print_avcs(1, a->id);
			}
		}
	}
	int pass = 0, fail = setup_fail, skip = 0, nperm_skip = 0, exact = 0, early = 0;
	for (int i = 0; i < g_nvecs; i++) {
		struct vec *v = &g_vecs[i];
		int checked = v->checked;
		if (v->skip) {
			skip++;
			out("kernel: skip %s\n    %s\n", v->line, v->skip);
			continue;
		}
		for (int p = 0; p < v->nperm; p++)
			if (v->skipperm[p]) {
				nperm_skip++;
				out("kernel: skip { %s } of %s\n    %s\n", v->perm[p], v->line, v->skipperm[p]);
			}
		if (!checked) {
			skip++;
			continue;
		}
		if (v->fail)
			fail++;
		else
			pass++;
	}
	for (int i = 0; i < g_nchecks; i++) {
		struct vec *v = g_checks[i].v;
		if (strcmp(v->kind, "deny") || v->fail)
			continue;
		struct att *a = g_checks[i].a;
		if (avc_names(0, a->id, v->src, v->tgt, v->cls, v->perm[g_checks[i].perm]))
			exact++;
		else
			early++;
	}
	/* the systemd path: records on the stream init made (made at the exec,
	 * so they carry the entry file's name, not an attempt's): none means a
	 * unit's stdout and stderr reach the journal without a denial */
	for (int ph = 0; ph < 2; ph++) {
		int nj = 0;
		for (int i = 0; i < g_navcs; i++) {
			struct avc *r = &g_avcs[i];
			if (r->phase != ph || !r->tclass || strcmp(r->tclass, "unix_stream_socket") ||
			    !strstr(r->tcon, ":init_t:") || r->att >= 0)
				continue;
			if (nj++ < 12)
				out("kernel: journal: %s\n", r->text);
		}
		out("kernel: journal: %d denials on init_t's streams outside the attempts (%s run)\n", nj,
		    ph ? "permissive" : "enforcing");
	}
	struct timespec tj;
	clock_gettime(CLOCK_MONOTONIC, &tj);
#define MS(a, b) ((double)((b).tv_sec - (a).tv_sec) * 1e3 + (double)((b).tv_nsec - (a).tv_nsec) / 1e6)
	double ms_setup = MS(t0, t1), ms_runs = MS(t1, t2);
	out("kernel: module %s: %d vectors, %d checks, %d syscall attempts per run, %d AVC records\n",
	    g_module, g_nvecs, g_nchecks, g_natts, g_navcs);
	out("kernel: deny checks refused at the named permission: %d; at an earlier check (named in the permissive run): %d\n",
	    exact, early);
	out("kernel: skipped: %d vectors, %d permissions of tested vectors\n", skip, nperm_skip);
	out("kernel: guest time: kernel boot to /init %.0f ms, setup %.0f ms (policy load %.0f, tree and plan %.0f), "
	    "enforcing + permissive runs %.0f ms (%.0f + %.0f), judging and report %.0f ms\n",
	    (double)t0.tv_sec * 1e3 + (double)t0.tv_nsec / 1e6, ms_setup, MS(t0, tl), MS(tl, t1), ms_runs, MS(t1, te),
	    MS(te, t2), MS(t2, tj));
#undef MS
	out("kernel: %d passed, %d failed\n", pass, fail);
	for (int i = 0; i < g_nheld; i++)
		close(g_held[i]);
	guest_exit(fail != 0);
}

int main(int argc, char **argv)
{
	g_argc = argc;
	g_argv = argv;
	if (getpid() == 1)
		pid1();
	if (argc < 2)
		return CODE_SETUP;
	return chain_main();
}
