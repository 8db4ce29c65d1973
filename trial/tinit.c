/*
 * tinit.c: the static /init of a trial VM (`zonepolicy trial`, docs/trial.md).
 *
 * One program, two parts, chosen by its process id:
 *
 *   PID 1 (kernel_t)   mounts proc, sysfs, selinuxfs and devtmpfs, loads the
 *                      linked policy, and runs the trial twice: enforcing,
 *                      then permissive (the control).  For each pass it
 *                      copies the VM root (/tree of the initramfs) onto a
 *                      fresh tmpfs, labels every path with the type the host
 *                      computed from the linked file contexts (/labels), makes
 *                      the device nodes (/devs), mounts proc, sysfs and
 *                      selinuxfs inside, chroots and executes the tree's
 *                      /usr/sbin/init, a copy of this program labelled
 *                      init_exec_t: the kernel moves it to init_t, as on a
 *                      host.  Meanwhile PID 1 copies every AVC record and
 *                      step marker of /dev/kmsg to the console, in the
 *                      kernel's order.  When init is done it kills what is
 *                      left, prints the steps' output and the journal, and
 *                      starts the next pass.  QEMU exits through
 *                      isa-debug-exit.
 *   trial init (init_t) reads /trial/plan and plays it: starts programs (the
 *                      launcher, or a zone as its systemd unit would with
 *                      SELinuxContext=), waits for conditions, runs commands
 *                      in a domain (setexeccon, then exec) with their
 *                      output on a unix stream socket of its own, as systemd
 *                      gives a unit's output to the journal.  Each step is
 *                      framed by audit user messages ("trial-mark"): they
 *                      go through the audit queue with the AVC records, so
 *                      PID 1 sees every record between the marks of the step
 *                      that caused it.
 *
 * The console lines ("T:" ...) are read by trial.sh, which judges.
 *
 * /trial/plan, one step a line, fields separated by tabs:
 *   start N DOMAIN|- PATH ARG...      start a program and go on
 *   wait N SECS file PATH             until PATH exists
 *   wait N SECS line PATH TEXT        until a line of PATH holds TEXT
 *   wait N SECS listen PROTO PORT     until a socket listens on PORT
 *   wait N SECS poweroff S            until the program started by step S (the
 *                                     launcher) has exited; then init powers the
 *                                     host off, as systemd does for a launcher
 *                                     with `console none` (SuccessAction= and
 *                                     FailureAction=poweroff): the pass ends there.
 *                                     The step's rc is the launcher's status.
 *   run N SECS DOMAIN|- PATH ARG...   run a command to its end (killed after SECS)
 *   stop N 0 - S                      SIGTERM to the program started by step S
 *                                     (the launcher), as systemctl stop sends
 *   host N SECS DOMAIN PATH ARG...    a host set-up command (nft -f, ip ...):
 *                                     init asks PID 1 over the socketpair PID 1
 *                                     made before forking it; PID 1 runs it in
 *                                     DOMAIN (its own, kernel_t, on Debian),
 *                                     chrooted in the pass's tree, and answers
 *                                     its status
 *
 * /modules (optional): "NAME FILE [optional]" lines, the kernel modules PID 1
 * loads with finit_module, in that order (dependencies first), before the
 * policy; an optional one (a soft dependency's candidate) may fail.
 * Each pass runs in a network namespace of its own (made by PID 1 before it
 * forks init): links, nftables tables, network namespaces and sysctls a
 * pass's host steps make are gone when the next pass starts.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/audit.h>
#include <linux/netlink.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/io.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "vmlib.h"

#define ROOT "/t"          /* the VM root, as PID 1 sees it */
#define MAXARGS 64

static int g_pass;          /* 0 enforcing, 1 permissive */

/* ---------------------------------------------------------------- helpers */

static void say(const char *f, ...)
{
	va_list ap;
	va_start(ap, f);
	vprintf(f, ap);
	va_end(ap);
	fflush(stdout);
}

static void vm_exit(int code)
{
	fflush(stdout);
	tcdrain(STDOUT_FILENO);
	sync();
	/* isa-debug-exit: QEMU exits with (value << 1) | 1 */
	if (ioperm(0xf4, 4, 1) == 0)
		outb((unsigned char)code, 0xf4);
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

static void fatal(const char *f, ...)
{
	int e = errno;
	va_list ap;
	va_start(ap, f);
	printf("T:fatal ");
	vprintf(f, ap);
	printf(" (%s)\n", strerror(e));
	va_end(ap);
	vm_exit(2);
}



static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

static char *pathcat(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 1;
	char *p = malloc(n);
	if (!p)
		fatal("out of memory");
	snprintf(p, n, "%s%s", a, b);
	return p;
}

static void label(const char *path, const char *type)
{
	char ctx[256];
	snprintf(ctx, sizeof ctx, "system_u:object_r:%s:s0", type);
	if (lsetxattr(path, "security.selinux", ctx, strlen(ctx) + 1, 0))
		fatal("label %s %s", path, type);
}

/* ------------------------------------------------------------ PID 1: tree */

static void copy_tree(const char *from, const char *to)
{
	DIR *d = opendir(from);
	if (!d)
		fatal("opendir %s", from);
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char *f = pathcat(from, "/"), *t = pathcat(to, "/");
		char *ff = pathcat(f, e->d_name), *tt = pathcat(t, e->d_name);
		struct stat st;
		if (lstat(ff, &st))
			fatal("lstat %s", ff);
		if (S_ISDIR(st.st_mode)) {
			if (mkdir(tt, st.st_mode & 07777) && errno != EEXIST)
				fatal("mkdir %s", tt);
			copy_tree(ff, tt);
			chmod(tt, st.st_mode & 07777);
		} else if (S_ISLNK(st.st_mode)) {
			char lk[4096];
			ssize_t n = readlink(ff, lk, sizeof lk - 1);
			if (n < 0)
				fatal("readlink %s", ff);
			lk[n] = 0;
			if (symlink(lk, tt))
				fatal("symlink %s", tt);
		} else if (S_ISREG(st.st_mode)) {
			size_t len;
			char *b = vm_read_all(ff, &len);
			int fd = open(tt, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, st.st_mode & 07777);
			if (!b || fd < 0 || write(fd, b, len) != (ssize_t)len)
				fatal("copy %s", tt);
			fchmod(fd, st.st_mode & 07777);
			close(fd);
			free(b);
		}
		free(f);
		free(t);
		free(ff);
		free(tt);
	}
	closedir(d);
}

/* /labels: "PATH TYPE" lines; /devs: "PATH TYPE c|b MAJOR MINOR MODE" */
static void label_tree(void)
{
	char *txt = vm_read_all("/labels", NULL);
	if (!txt)
		fatal("read /labels");
	for (char *l = strtok(txt, "\n"); l; l = strtok(NULL, "\n")) {
		char *sp = strrchr(l, ' ');
		if (!sp)
			continue;
		*sp = 0;
		char *p = pathcat(ROOT, l);
		label(p, sp + 1);
		free(p);
	}
	free(txt);
	txt = vm_read_all("/devs", NULL);
	if (!txt)
		fatal("read /devs");
	for (char *l = strtok(txt, "\n"); l; l = strtok(NULL, "\n")) {
		char path[512], type[128], kind[4];
		unsigned ma, mi, mode;
		if (sscanf(l, "%511s %127s %3s %u %u %o", path, type, kind, &ma, &mi, &mode) != 6)
			fatal("bad /devs line: %s", l);
		char *p = pathcat(ROOT, path);
		if (mknod(p, (kind[0] == 'b' ? S_IFBLK : S_IFCHR) | mode, makedev(ma, mi)))
			fatal("mknod %s", p);
		chmod(p, mode);
		label(p, type);
		free(p);
	}
	free(txt);
	label(ROOT, "root_t");
}

/* ------------------------------------------------- PID 1: network, modules */


/* /modules: "NAME FILE [optional]" a line, dependencies first.  A module the
 * kernel already has (EEXIST) counts as loaded; any other failure ends the
 * trial with the reason, except for an optional one (reported). */
static void load_modules(void)
{
	char *txt = vm_read_all("/modules", NULL);
	if (!txt)
		return;
	for (char *l = strtok(txt, "\n"); l; l = strtok(NULL, "\n")) {
		char name[128], file[384], opt[16] = "";
		if (sscanf(l, "%127s %383s %15s", name, file, opt) < 2)
			continue;
		long t0 = now_ms();
		int fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			fatal("module %s: open %s", name, file);
		long r = syscall(SYS_finit_module, fd, "", 0);
		int e = errno;
		close(fd);
		if (r && e != EEXIST && !strcmp(opt, "optional")) {
			/* a soft dependency: one of its candidates may not fit */
			say("T:mod %s failed ms=%ld %s\n", name, now_ms() - t0, strerror(e));
			continue;
		}
		if (r && e != EEXIST) {
			errno = e;
			fatal("module %s: finit_module %s failed", name, file);
		}
		say("T:mod %s %s ms=%ld\n", name, r ? "present" : "loaded", now_ms() - t0);
	}
	free(txt);
}

/* ------------------------------------------------------------ PID 1: kmsg */

static int g_kmsg = -1;

/* Copy the kernel log's AVC records and marks to the console; returns 1 when
 * the line holding `until` went by. */
static int drain_kmsg(const char *until)
{
	char buf[8192];
	int seen = 0;
	for (;;) {
		ssize_t n = read(g_kmsg, buf, sizeof buf - 1);
		if (n < 0) {
			if (errno == EPIPE)
				continue;
			return seen;
		}
		buf[n] = 0;
		/* "PRIO,SEQ,USEC,FLAGS;TEXT\n" then continuation lines */
		char *msg = strchr(buf, ';');
		if (!msg)
			continue;
		*msg++ = 0;
		char *nl = strchr(msg, '\n');
		if (nl)
			*nl = 0;
		long usec = 0;
		sscanf(buf, "%*d,%*d,%ld", &usec);
		if (until && strstr(msg, until))
			seen = 1;
		if (strstr(msg, "avc:") || strstr(msg, "trial-mark") || strstr(msg, "audit: backlog") ||
		    strstr(msg, "callbacks suppressed") || strstr(msg, "audit_lost"))
			say("T:k %d %ld %s\n", g_pass, usec / 1000, msg);
	}
}

/* an audit user message: it travels the audit queue behind the AVC records */
static int audit_mark(const char *text)
{
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (fd < 0)
		return -1;
	struct {
		struct nlmsghdr h;
		char text[512];
	} m;
	memset(&m, 0, sizeof m);
	size_t len = strlen(text) + 1;
	if (len > sizeof m.text)
		len = sizeof m.text;
	memcpy(m.text, text, len);
	m.text[len - 1] = 0;
	m.h.nlmsg_len = (unsigned)NLMSG_LENGTH(len);
	/* user messages other than AVC are dropped while no audit daemon runs */
	m.h.nlmsg_type = AUDIT_USER_AVC;
	m.h.nlmsg_flags = NLM_F_REQUEST;
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK};
	int r = sendto(fd, &m, m.h.nlmsg_len, 0, (struct sockaddr *)&sa, sizeof sa) < 0 ? -1 : 0;
	close(fd);
	return r;
}

static void sync_kmsg(const char *what)
{
	char marker[128];
	snprintf(marker, sizeof marker, "trial-mark %d sync %s", g_pass < 0 ? 9 : g_pass, what);
	int sent = audit_mark(marker) == 0, seen = 0;
	for (int i = 0; i < 400 && !seen; i++) {
		seen = drain_kmsg(marker);
		if (!seen)
			usleep(5000);
	}
	if (!sent || !seen)
		say("T:note audit sync %s: sent %d, seen %d\n", what, sent, seen);
}

/* ------------------------------------------------------ PID 1: host steps */

/* A host step, asked by the trial's init over g_hostsk: "STEP\tSECS\tDOMAIN
 * \tPATH\tARG..." (tabs).  PID 1 forks; the child chroots into the pass's
 * tree and executes PATH in DOMAIN (set explicitly: kernel_t, PID 1's own,
 * is not left by a transition of the file's type), output in
 * /trial/out/STEP. */
static int g_hostsk = -1;
static pid_t g_hostpid;
static long g_hostdeadline;
static int g_hostkilled;

static void host_request(void)
{
	char req[4096];
	ssize_t n = recv(g_hostsk, req, sizeof req - 1, MSG_DONTWAIT);
	if (n <= 0)
		return;
	req[n] = 0;
	char *f[MAXARGS + 3];
	int nf = 0;
	for (char *s = req; nf < MAXARGS + 2;) {
		f[nf++] = s;
		char *t = strchr(s, '\t');
		if (!t)
			break;
		*t = 0;
		s = t + 1;
	}
	f[nf] = NULL;
	if (nf < 4 || g_hostpid > 0) {
		send(g_hostsk, "126", 3, 0);
		return;
	}
	char outp[96];
	snprintf(outp, sizeof outp, ROOT "/trial/out/%s", f[0]);
	g_hostdeadline = now_ms() + atol(f[1]) * 1000L;
	g_hostkilled = 0;
	pid_t pid = fork();
	if (pid == 0) {
		int out = open(outp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		int null = open(ROOT "/dev/null", O_RDWR);
		if (out < 0 || null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
			_exit(126);
		for (int fd = 3; fd < 1024; fd++)
			close(fd);
		setsid();
		if (chroot(ROOT) || chdir("/"))
			_exit(126);
		char ctx[256];
		snprintf(ctx, sizeof ctx, "system_u:system_r:%s:s0", f[2]);
		if (vm_write_file("/proc/self/attr/exec", ctx)) {
			dprintf(2, "trial: setexeccon %s: %s\n", ctx, strerror(errno));
			_exit(126);
		}
		execv(f[3], f + 3);
		dprintf(2, "trial: exec %s: %s\n", f[3], strerror(errno));
		_exit(127);
	}
	if (pid < 0)
		send(g_hostsk, "126", 3, 0);
	else
		g_hostpid = pid;
}

static void host_ended(int st)
{
	char rc[16];
	int n = snprintf(rc, sizeof rc, "%d", g_hostkilled ? 124 : WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st));
	send(g_hostsk, rc, (size_t)n, 0);
	g_hostpid = 0;
}

static void host_timeout(void)
{
	if (g_hostpid > 0 && !g_hostkilled && now_ms() > g_hostdeadline) {
		kill(-g_hostpid, SIGKILL);
		kill(g_hostpid, SIGKILL);
		g_hostkilled = 1;
	}
}

/* ----------------------------------------------------------- PID 1: passes */

static void print_file(const char *tag, const char *path)
{
	char *txt = vm_read_all(path, NULL);
	if (!txt)
		return;
	for (char *l = strtok(txt, "\n"); l; l = strtok(NULL, "\n"))
		say("%s %s\n", tag, l);
	free(txt);
}

static void run_pass(int pass)
{
	g_pass = -1;    /* records of the set-up are PID 1's, not the trial's */
	long t0 = now_ms();
	/* set-up: PID 1 labels, in permissive mode (the scaffold lets kernel_t
	 * switch: Fedora's, unlike Debian's, is no unconfined domain) */
	if (vm_write_file("/sys/fs/selinux/enforce", "0"))
		fatal("setenforce 0 for the set-up");
	if (mkdir(ROOT, 0755) && errno != EEXIST)
		fatal("mkdir " ROOT);
	if (mount("tmpfs", ROOT, "tmpfs", 0, "mode=0755"))
		fatal("mount " ROOT);
	/* a fresh network for the pass: what the previous pass's host steps
	 * made (links, tables, namespaces, sysctls) is gone.  Not with `vm
	 * network initial` (the mark /network-initial): the passes run in the
	 * initial namespace, the only one NetLabel's configuration reaches,
	 * and the trial's set-up removes what the previous pass left */
	long tn = now_ms();
	if (access("/network-initial", F_OK) == 0)
		;
	else if (unshare(CLONE_NEWNET))
		fatal("unshare the network namespace");
	vm_lo_up();
	if (now_ms() - tn > 1000)
		say("T:note pass %d: the fresh network namespace took %.1f s (the previous one's clean-up)\n", pass, (now_ms() - tn) / 1000.0);
	copy_tree("/tree", ROOT);
	label_tree();
	if (mount("proc", ROOT "/proc", "proc", 0, NULL) || mount("sysfs", ROOT "/sys", "sysfs", 0, NULL) ||
	    mount("selinuxfs", ROOT "/sys/fs/selinux", "selinuxfs", 0, NULL))
		fatal("mount proc, sysfs, selinuxfs in the tree");
	if (vm_write_file("/sys/fs/selinux/enforce", pass == 0 ? "1" : "0"))
		fatal("setenforce");
	sync_kmsg("setup");
	g_pass = pass;
	char *en = vm_read_all("/sys/fs/selinux/enforce", NULL);
	say("T:pass %d %s tree_ms=%ld\n", pass, en && en[0] == '1' ? "enforcing" : "permissive", now_ms() - t0);
	free(en);
	drain_kmsg(NULL);

	/* the host steps' channel: init keeps one end (across its exec) */
	int hs[2];
	if (socketpair(AF_UNIX, SOCK_SEQPACKET, 0, hs))
		fatal("socketpair");
	fcntl(hs[0], F_SETFD, FD_CLOEXEC);
	g_hostsk = hs[0];
	g_hostpid = 0;
	pid_t init = fork();
	if (init < 0)
		fatal("fork");
	if (init == 0) {
		if (chroot(ROOT) || chdir("/"))
			fatal("chroot");
		char p[8], h[16];
		snprintf(p, sizeof p, "%d", pass);
		snprintf(h, sizeof h, "%d", hs[1]);
		execl("/usr/sbin/init", "init", "trial-init", p, h, (char *)NULL);
		fatal("exec /usr/sbin/init");
	}
	close(hs[1]);
	long t1 = now_ms();
	int status = 0;
	for (;;) {
		drain_kmsg(NULL);
		int st;
		host_request();
		host_timeout();
		pid_t w = waitpid(-1, &st, WNOHANG);
		if (w > 0 && w == g_hostpid)
			host_ended(st);
		if (w == init) {
			status = st;
			break;
		}
		if (w <= 0)
			usleep(20000);
	}
	close(g_hostsk);
	g_hostsk = -1;
	sync_kmsg("end");
	say("T:init %d exit=%d signal=%d ms=%ld\n", pass, WIFEXITED(status) ? WEXITSTATUS(status) : -1,
	    WIFSIGNALED(status) ? WTERMSIG(status) : 0, now_ms() - t1);
	/* what is left of the pass: every other process, killed in permissive
	 * mode (Fedora's kernel_t may not signal the zones' domains) */
	g_pass = -1;   /* its records are PID 1's, not the trial's */
	if (vm_write_file("/sys/fs/selinux/enforce", "0"))
		fatal("setenforce 0 for the clean-up");
	kill(-1, SIGKILL);
	while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
		;
	drain_kmsg(NULL);
	DIR *d = opendir(ROOT "/trial/out");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char tag[320], *p = pathcat(ROOT "/trial/out/", e->d_name);
		snprintf(tag, sizeof tag, "T:out %d %s", pass, e->d_name);
		print_file(tag, p);
		free(p);
	}
	if (d)
		closedir(d);
	char tag[32];
	snprintf(tag, sizeof tag, "T:journal %d", pass);
	print_file(tag, ROOT "/trial/journal");
	umount2(ROOT "/sys/fs/selinux", MNT_DETACH);
	umount2(ROOT "/sys", MNT_DETACH);
	umount2(ROOT "/proc", MNT_DETACH);
	if (umount2(ROOT, MNT_DETACH))
		fatal("umount " ROOT);
}

static void pid1(void)
{
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
	long t0 = now_ms();    /* since the kernel started */
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	if (mount("proc", "/proc", "proc", 0, NULL) || mount("sysfs", "/sys", "sysfs", 0, NULL) ||
	    mount("selinuxfs", "/sys/fs/selinux", "selinuxfs", 0, NULL))
		fatal("mount proc, sysfs, selinuxfs");
	vm_write_file("/proc/sys/kernel/printk_ratelimit", "0");
	load_modules();
	g_kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (g_kmsg < 0)
		fatal("open /dev/kmsg");
	lseek(g_kmsg, 0, SEEK_END);
	size_t plen;
	char *pol = vm_read_all("/policy", &plen);
	if (!pol)
		fatal("read /policy");
	int fd = open("/sys/fs/selinux/load", O_WRONLY | O_CLOEXEC);
	if (fd < 0 || write(fd, pol, plen) != (ssize_t)plen)
		fatal("load the policy");
	close(fd);
	free(pol);
	say("T:boot kernel_ms=%ld policy_ms=%ld\n", t0, now_ms() - t0);
	run_pass(0);
	run_pass(1);
	say("T:done ms=%ld\n", now_ms());
	vm_exit(0);
}

/* ------------------------------------------------------- trial init (init_t) */

static int g_journal = -1;      /* the write end every started program gets */

struct started {
	pid_t pid;
	int step;
	int exited;     /* it has ended; status: its wait status */
	int status;
};
static struct started g_started[256];
static int g_nstarted;

static void mark(const char *f, ...)
{
	char text[480], full[512];
	va_list ap;
	va_start(ap, f);
	vsnprintf(text, sizeof text, f, ap);
	va_end(ap);
	snprintf(full, sizeof full, "trial-mark %d %s", g_pass, text);
	if (audit_mark(full))
		say("T:note mark not sent: %s (%s)\n", full, strerror(errno));
}

/* a started program ended (or a run's child: *run_status) */
static void reaped(pid_t pid, int st, pid_t run_pid, int *run_status, int *run_done)
{
	if (pid == run_pid) {
		*run_status = st;
		*run_done = 1;
		return;
	}
	for (int i = 0; i < g_nstarted; i++)
		if (g_started[i].pid == pid && !g_started[i].exited) {
			g_started[i].exited = 1;
			g_started[i].status = st;
		}
	for (int i = 0; i < g_nstarted; i++)
		if (g_started[i].pid == pid)
			mark("%d exited status=%d signal=%d", g_started[i].step, WIFEXITED(st) ? WEXITSTATUS(st) : -1,
			     WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

static void reap_all(pid_t run_pid, int *run_status, int *run_done)
{
	int st;
	pid_t w;
	while ((w = waitpid(-1, &st, WNOHANG)) > 0)
		reaped(w, st, run_pid, run_status, run_done);
}

/* In the child, before exec: stdin the null device, stdout and stderr the
 * socket `out`, the domain by setexeccon (none: the default transition).
 * `keep`, a close-on-exec descriptor, stays open until the exec (-1: none). */
static void child_exec(const char *dom, char **argv, int out, int keep)
{
	int null = open("/dev/null", O_RDWR);
	if (null < 0 || dup2(null, 0) < 0 || dup2(out, 1) < 0 || dup2(out, 2) < 0)
		_exit(126);
	for (int fd = 3; fd < 1024; fd++)
		if (fd != keep)
			close(fd);
	setsid();
	if (strcmp(dom, "-")) {
		char ctx[256];
		snprintf(ctx, sizeof ctx, "system_u:system_r:%s:s0", dom);
		if (vm_write_file("/proc/self/attr/exec", ctx)) {
			dprintf(2, "trial: setexeccon %s: %s\n", ctx, strerror(errno));
			_exit(126);
		}
	}
	execv(argv[0], argv);
	dprintf(2, "trial: exec %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

static int listening(const char *proto, int port)
{
	const char *files[2] = {"/proc/net/tcp", "/proc/net/tcp6"};
	if (!strcmp(proto, "udp")) {
		files[0] = "/proc/net/udp";
		files[1] = "/proc/net/udp6";
	}
	int found = 0;
	for (int i = 0; i < 2 && !found; i++) {
		char *txt = vm_read_all(files[i], NULL);
		if (!txt)
			continue;
		for (char *l = strtok(txt, "\n"); l && !found; l = strtok(NULL, "\n")) {
			char *c = strchr(l, ':');
			if (!c || !(c = strchr(c + 1, ':')))
				continue;
			unsigned p, st;
			char rest[64];
			if (sscanf(c + 1, "%x %63s %x", &p, rest, &st) == 3 && (int)p == port &&
			    (st == 0x0A || !strcmp(proto, "udp")))
				found = 1;
		}
		free(txt);
	}
	return found;
}

static int condition(char **f, int nf)
{
	struct stat st;
	if (!strcmp(f[3], "file") && nf >= 5)
		return stat(f[4], &st) == 0;
	if (!strcmp(f[3], "line") && nf >= 6) {
		char *txt = vm_read_all(f[4], NULL);
		int ok = txt && strstr(txt, f[5]);
		free(txt);
		return ok;
	}
	if (!strcmp(f[3], "listen") && nf >= 6)
		return listening(f[4], atoi(f[5]));
	if (!strcmp(f[3], "poweroff") && nf >= 5)
		for (int i = 0; i < g_nstarted; i++)
			if (g_started[i].step == atoi(f[4]) && g_started[i].exited)
				return 1;
	return 0;
}

/* the status `wait poweroff` reports: the launcher's exit status (a signal:
 * 128 + its number) */
static int launcher_status(int step)
{
	for (int i = 0; i < g_nstarted; i++)
		if (g_started[i].step == step && g_started[i].exited) {
			int st = g_started[i].status;
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		}
	return 1;
}

/* Returns 1 when the host powers off (`wait poweroff` met): the pass ends. */
static int do_wait(char **f, int nf)
{
	int step = atoi(f[1]);
	long t0 = now_ms(), limit = atol(f[2]) * 1000L;
	mark("%d begin t=%ld", step, t0);
	int ok = 0;
	for (;;) {
		reap_all(0, NULL, NULL);
		if ((ok = condition(f, nf)) || now_ms() - t0 > limit)
			break;
		usleep(100000);
	}
	int off = ok && !strcmp(f[3], "poweroff");
	int rc = !ok ? 1 : off ? launcher_status(atoi(f[4])) : 0;
	mark("%d end rc=%d ms=%ld", step, rc, now_ms() - t0);
	if (off)
		mark("poweroff: the launcher (step %s) exited with status %d", f[4], rc);
	return off;
}

static void do_start(char **f, int nf)
{
	int step = atoi(f[1]);
	char *argv[MAXARGS + 1];
	int n = 0;
	for (int i = 3; i < nf && n < MAXARGS; i++)
		argv[n++] = f[i];
	argv[n] = NULL;
	/* the program's start, to the end of its exec: the kernel closes
	 * the child's end of this pipe then (the exec's own cost, not the
	 * program's start-up, which the script's next wait step shows) */
	int ep[2] = {-1, -1};
	if (pipe2(ep, O_CLOEXEC))
		ep[0] = ep[1] = -1;
	long t0 = now_ms();
	mark("%d begin t=%ld", step, t0);
	pid_t pid = fork();
	if (pid == 0)
		child_exec(f[2], argv, g_journal, ep[1]);
	if (ep[1] >= 0)
		close(ep[1]);
	if (ep[0] >= 0) {
		char c;
		while (pid > 0 && read(ep[0], &c, 1) < 0 && errno == EINTR)
			;
		close(ep[0]);
	}
	long ms = now_ms() - t0;
	if (pid > 0 && g_nstarted < 256)
		g_started[g_nstarted++] = (struct started){.pid = pid, .step = step};
	mark("%d end rc=%d ms=%ld pid=%d", step, pid > 0 ? 0 : 1, ms, (int)pid);
}

static void do_stop(char **f)
{
	int step = atoi(f[1]), rc = 1;
	mark("%d begin t=%ld", step, now_ms());
	for (int i = 0; i < g_nstarted; i++)
		if (g_started[i].step == atoi(f[4]) && !g_started[i].exited)
			rc = kill(g_started[i].pid, SIGTERM) == 0 ? 0 : 1;
	mark("%d end rc=%d ms=0", step, rc);
}

static void do_run(char **f, int nf)
{
	int step = atoi(f[1]);
	long limit = atol(f[2]) * 1000L;
	char *argv[MAXARGS + 1];
	int n = 0;
	for (int i = 4; i < nf && n < MAXARGS; i++)
		argv[n++] = f[i];
	argv[n] = NULL;
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		fatal("socketpair");
	char outp[64];
	snprintf(outp, sizeof outp, "/trial/out/%d", step);
	int outf = open(outp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	long t0 = now_ms();
	mark("%d begin t=%ld", step, t0);
	pid_t pid = fork();
	if (pid == 0)
		child_exec(f[3], argv, sv[1], -1);
	close(sv[1]);
	int status = 0, done = 0, killed = 0, open_out = 1;
	while (!done) {
		struct pollfd p = {.fd = sv[0], .events = POLLIN};
		if (open_out && poll(&p, 1, 50) > 0) {
			char buf[4096];
			ssize_t r = read(sv[0], buf, sizeof buf);
			if (r > 0 && outf >= 0 && write(outf, buf, (size_t)r) < 0)
				outf = -1;
			if (r <= 0)
				open_out = 0;
		} else if (!open_out) {
			usleep(20000);
		}
		reap_all(pid, &status, &done);
		if (!done && !killed && now_ms() - t0 > limit) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			killed = 1;
		}
	}
	/* what the child wrote before it ended */
	char buf[4096];
	ssize_t r;
	fcntl(sv[0], F_SETFL, O_NONBLOCK);
	while (open_out && (r = read(sv[0], buf, sizeof buf)) > 0)
		if (outf >= 0 && write(outf, buf, (size_t)r) < 0)
			break;
	close(sv[0]);
	if (outf >= 0)
		close(outf);
	int rc = killed ? 124 : WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	mark("%d end rc=%d ms=%ld", step, rc, now_ms() - t0);
}

/* a host step: PID 1 runs it (host_request) and answers its status */
static void do_host(char **f, int nf, int hostsk)
{
	int step = atoi(f[1]);
	char req[4096];
	size_t n = 0;
	int w = snprintf(req, sizeof req, "%s\t%s\t%s", f[1], f[2], f[3]);
	n = w > 0 ? (size_t)w : 0;
	for (int i = 4; i < nf && n < sizeof req; i++) {
		w = snprintf(req + n, sizeof req - n, "\t%s", f[i]);
		n += w > 0 ? (size_t)w : 0;
	}
	if (n >= sizeof req)
		n = sizeof req - 1;
	long t0 = now_ms();
	mark("%d begin t=%ld", step, t0);
	char rc[16] = "126";
	if (hostsk >= 0 && send(hostsk, req, n, 0) == (ssize_t)n) {
		ssize_t r;
		while ((r = recv(hostsk, rc, sizeof rc - 1, 0)) < 0 && errno == EINTR)
			;
		rc[r > 0 ? r : 0] = 0;
		if (r <= 0)
			snprintf(rc, sizeof rc, "126");
	}
	reap_all(0, NULL, NULL);
	mark("%d end rc=%d ms=%ld", step, atoi(rc), now_ms() - t0);
}

static int trial_init(int pass, int hostsk)
{
	g_pass = pass;
	if (hostsk >= 0)
		fcntl(hostsk, F_SETFD, FD_CLOEXEC);
	mkdir("/trial/out", 0755);
	/* the journal: one stream socket of init's, read by a child of init */
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		fatal("socketpair");
	pid_t pump = fork();
	if (pump == 0) {
		close(sv[1]);
		int j = open("/trial/journal", O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		char buf[4096];
		ssize_t r;
		while ((r = read(sv[0], buf, sizeof buf)) > 0)
			if (j >= 0 && write(j, buf, (size_t)r) < 0)
				break;
		_exit(0);
	}
	close(sv[0]);
	g_journal = sv[1];
	char *plan = vm_read_all("/trial/plan", NULL);
	if (!plan)
		fatal("read /trial/plan");
	char *save = NULL;
	for (char *l = strtok_r(plan, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char *f[MAXARGS + 8];
		int nf = 0;
		for (char *s = l; nf < MAXARGS + 8;) {
			f[nf++] = s;
			char *t = strchr(s, '\t');
			if (!t)
				break;
			*t = 0;
			s = t + 1;
		}
		if (nf < 3)
			continue;
		if (!strcmp(f[0], "start"))
			do_start(f, nf);
		else if (!strcmp(f[0], "wait")) {
			if (do_wait(f, nf))
				break;   /* powered off: no later step runs */
		}
		else if (!strcmp(f[0], "stop") && nf >= 5)
			do_stop(f);
		else if (!strcmp(f[0], "run") && nf >= 5)
			do_run(f, nf);
		else if (!strcmp(f[0], "host") && nf >= 5)
			do_host(f, nf, hostsk);
	}
	reap_all(0, NULL, NULL);
	mark("done");
	return 0;
}

int main(int argc, char **argv)
{
	if (getpid() == 1)
		pid1();
	if (argc >= 3 && !strcmp(argv[1], "trial-init"))
		return trial_init(atoi(argv[2]), argc >= 4 ? atoi(argv[3]) : -1);
	fprintf(stderr, "tinit: the /init of a zonepolicy trial VM; not for direct use\n");
	return 2;
}
