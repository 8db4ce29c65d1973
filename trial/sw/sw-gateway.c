/*
 * sw-gateway: the reference system's clipboard gateway (issue 12, sw).
 *
 *   sw-gateway [-c CONF] [-l LOG] [IN [OUT]]
 *
 * It reads lines from IN (default /run/sw/clipboard.in, the FIFO the
 * general VM writes), passes each line the filter accepts to OUT (default
 * /run/sw/clipboard.out, the FIFO the classified VM reads) and drops every
 * other line.  A line passes when, once a trailing '\r' is removed (serial
 * lines end with "\r\n"):
 *   - it starts with the prefix and a space ("CLIP " by default),
 *   - it is at most maxlen bytes long (200 by default),
 *   - every byte is printable ASCII (0x20-0x7e).
 * A line is passed whole, with "\n", in one write(2) (at most 4,096 bytes,
 * so a FIFO takes it atomically).  An unfinished last line is dropped.
 *
 * CONF holds "prefix WORD" and "maxlen N" lines, '#' comments and blank
 * lines.  LOG, opened for append only and never created (the zone's log is
 * made by the package), gets one line per decision, without the line's
 * content; without -l these go to stderr.  IN is opened before OUT, each
 * in its one direction (read only, write only), blocking until the other
 * end is there.
 *
 * Exit status: 0 at the end of IN, 1 on an I/O error (OUT's reader gone),
 * 2 on a usage or configuration error.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LINE_LIMIT 4095 /* a line and its '\n' fit in one atomic FIFO write */

struct gateway {
	char prefix[64];      /* the first word a line must have */
	size_t maxlen;        /* the longest line that passes, without '\n' */
	int log;              /* the decisions' log */
	int out;              /* the receiver's side */
	unsigned long lineno; /* lines read so far */
	unsigned long passed, dropped;
};

static void note(struct gateway *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(struct gateway *g, const char *fmt, ...)
{
	char msg[256];
	va_list ap;
	int n = snprintf(msg, sizeof msg, "sw-gateway: ");
	va_start(ap, fmt);
	n += vsnprintf(msg + n, sizeof msg - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof msg - 2)
		n = (int)sizeof msg - 2;
	msg[n++] = '\n';
	/* one write per record: the log is append-only and may be shared */
	if (write(g->log, msg, (size_t)n) < 0) {
		/* nowhere left to say it */
	}
}

static int usage(void)
{
	fputs("usage: sw-gateway [-c CONF] [-l LOG] [IN [OUT]]\n", stderr);
	return 2;
}

/* read_conf: the settings of CONF into g; 0, or -1 with a message */
static int read_conf(struct gateway *g, const char *path)
{
	FILE *f = fopen(path, "re");
	char line[256];
	unsigned n = 0;
	if (!f) {
		fprintf(stderr, "sw-gateway: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof line, f)) {
		char key[32], val[128], extra[2];
		int k;
		n++;
		line[strcspn(line, "#\n")] = '\0';
		k = sscanf(line, "%31s %127s %1s", key, val, extra);
		if (k <= 0)
			continue;
		if (k == 2 && strcmp(key, "prefix") == 0 && strlen(val) < sizeof g->prefix) {
			int printable = 1;
			for (const char *p = val; *p; p++)
				printable &= *p > 0x20 && *p < 0x7f;
			if (printable) {
				strcpy(g->prefix, val);
				continue;
			}
		} else if (k == 2 && strcmp(key, "maxlen") == 0) {
			char *end;
			unsigned long v = strtoul(val, &end, 10);
			if (*end == '\0' && v > 0 && v <= LINE_LIMIT - 1) {
				g->maxlen = v;
				continue;
			}
		}
		fprintf(stderr, "sw-gateway: %s:%u: bad setting (prefix WORD, maxlen 1-%d)\n",
			path, n, LINE_LIMIT - 1);
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

/* why_dropped: NULL when the line (len bytes, no '\n') passes */
static const char *why_dropped(const struct gateway *g, const char *s, size_t len)
{
	size_t plen = strlen(g->prefix);
	if (len > g->maxlen)
		return "too long";
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return "control or non-ASCII byte";
	if (len <= plen || memcmp(s, g->prefix, plen) != 0 || s[plen] != ' ')
		return "no prefix";
	return NULL;
}

/* line: decide on one complete line (buf holds len bytes and room for
 * '\n'); 0, or -1 when OUT cannot be written */
static int line(struct gateway *g, char *buf, size_t len, int overlong)
{
	const char *why;
	g->lineno++;
	if (len > 0 && buf[len - 1] == '\r' && !overlong)
		len--;
	why = overlong ? "too long" : why_dropped(g, buf, len);
	if (why) {
		g->dropped++;
		note(g, "line %lu dropped: %s", g->lineno, why);
		return 0;
	}
	buf[len++] = '\n';
	for (;;) {
		ssize_t w = write(g->out, buf, len);
		if (w == (ssize_t)len)
			break;
		if (w < 0 && errno == EINTR)
			continue;
		note(g, "line %lu: cannot write to the receiver: %s", g->lineno,
		      w < 0 ? strerror(errno) : "short write");
		return -1;
	}
	g->passed++;
	note(g, "line %lu passed (%zu bytes)", g->lineno, len - 1);
	return 0;
}

int main(int argc, char **argv)
{
	struct gateway g = { .prefix = "CLIP", .maxlen = 200, .log = 2 };
	const char *conf = NULL, *logpath = NULL;
	const char *in_path = "/run/sw/clipboard.in", *out_path = "/run/sw/clipboard.out";
	static char buf[LINE_LIMIT + 1];
	char rd[4096];
	size_t len = 0;
	int overlong = 0, in, opt;

	while ((opt = getopt(argc, argv, "c:l:")) != -1) {
		if (opt == 'c')
			conf = optarg;
		else if (opt == 'l')
			logpath = optarg;
		else
			return usage();
	}
	if (argc - optind > 2)
		return usage();
	if (argc - optind >= 1)
		in_path = argv[optind];
	if (argc - optind == 2)
		out_path = argv[optind + 1];
	if (conf && read_conf(&g, conf) < 0)
		return 2;
	if (logpath) {
		g.log = open(logpath, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY);
		if (g.log < 0) {
			fprintf(stderr, "sw-gateway: %s: %s\n", logpath, strerror(errno));
			return 2;
		}
	}
	/* a reader gone is an error to report, not a silent death */
	signal(SIGPIPE, SIG_IGN);

	in = open(in_path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (in < 0) {
		note(&g, "%s: %s", in_path, strerror(errno));
		return 1;
	}
	g.out = open(out_path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (g.out < 0) {
		note(&g, "%s: %s", out_path, strerror(errno));
		return 1;
	}
	note(&g, "started: prefix \"%s \", at most %zu bytes a line", g.prefix, g.maxlen);

	for (;;) {
		ssize_t n = read(in, rd, sizeof rd);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			note(&g, "%s: %s", in_path, strerror(errno));
			return 1;
		}
		if (n == 0)
			break;
		for (ssize_t i = 0; i < n; i++) {
			if (rd[i] == '\n') {
				if (line(&g, buf, len, overlong) < 0)
					return 1;
				len = 0;
				overlong = 0;
			} else if (len < g.maxlen + 1) {
				/* maxlen + 1 keeps room for a '\r' before the '\n' */
				buf[len++] = rd[i];
			} else {
				overlong = 1;
			}
		}
	}
	if (len > 0 || overlong) {
		g.dropped++;
		note(&g, "line %lu dropped: no end of line before the end of input", g.lineno + 1);
	}
	note(&g, "end of input: %lu passed, %lu dropped", g.passed, g.dropped);
	return 0;
}
