/* out.c: atomic output files (see out.h). */
#include "out.h"
#include "xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static void nmade_grow(char ***v, size_t *cap, size_t n)
{
	if (n < *cap)
		return;
	*cap = *cap ? *cap * 2 : 8;
	*v = xreallocarray(*v, *cap, sizeof **v);
}

/* rmdir what out_begin_create made, deepest first; frees the list */
static void remove_made(OutSet *o)
{
	for (size_t i = o->nmade; i-- > 0;) {
		rmdir(o->made[i]);
		free(o->made[i]);
	}
	free(o->made);
	o->made = NULL;
	o->nmade = 0;
}

static void forget_made(OutSet *o)
{
	for (size_t i = 0; i < o->nmade; i++)
		free(o->made[i]);
	free(o->made);
	o->made = NULL;
	o->nmade = 0;
}

int out_begin(OutSet *o, const char *dir)
{
	memset(o, 0, sizeof *o);
	struct stat st;
	if (stat(dir, &st) != 0) {
		snprintf(o->err, sizeof o->err, "output directory '%s': %s", dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		snprintf(o->err, sizeof o->err, "output directory '%s': not a directory", dir);
		return -1;
	}
	o->dir = xstrdup(dir);
	mode_t mask = umask(0);
	umask(mask);
	o->chmod = (mask & 0644) != 0;
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	o->seq = (unsigned long long)ts.tv_nsec ^ (unsigned long long)ts.tv_sec << 30 ^
		 (unsigned long long)getpid() << 20;
	return 0;
}

int out_begin_create(OutSet *o, const char *dir)
{
	memset(o, 0, sizeof *o);
	char *p = xstrdup(dir);
	size_t n = strlen(p), cap = 0;
	char **made = NULL, *why = NULL;
	int err = 0;
	/* each prefix ending before a '/' (and the whole path), shallowest first */
	for (size_t i = 1; i <= n && !err; i++) {
		if (i < n && p[i] != '/')
			continue;
		if (i < n && p[i - 1] == '/')
			continue;   /* "a//b" */
		char c = p[i];
		p[i] = '\0';
		if (mkdir(p, 0755) == 0) {
			nmade_grow(&made, &cap, o->nmade);
			made[o->nmade++] = xstrdup(p);
		} else if (errno != EEXIST) {
			err = errno;
			why = xstrdup(p);
		}
		p[i] = c;
	}
	free(p);
	o->made = made;
	if (err) {
		snprintf(o->err, sizeof o->err, "output directory '%s': cannot create '%s': %s", dir,
			 why, strerror(err));
		free(why);
		remove_made(o);
		return -1;
	}
	char **keep = o->made;
	size_t nkeep = o->nmade;
	if (out_begin(o, dir) != 0) {
		o->made = keep;
		o->nmade = nkeep;
		remove_made(o);
		return -1;
	}
	o->made = keep;
	o->nmade = nkeep;
	return 0;
}

static int write_all(int fd, const char *p, size_t left)
{
	while (left > 0) {
		ssize_t w = write(fd, p, left);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (w == 0)
				errno = EIO;
			return -1;
		}
		p += w;
		left -= (size_t)w;
	}
	return 0;
}

/* A new temporary file in o for name: its descriptor, or -1 (o->err). */
static int new_tmp(OutSet *o, const char *name)
{
	if (o->n == o->cap) {
		o->cap = o->cap ? o->cap * 2 : 8;
		o->v = xrealloc(o->v, o->cap * sizeof *o->v);
	}
	size_t n = strlen(o->dir) + strlen(name) + 32;
	char *final = xmalloc(n), *tmp = xmalloc(n);
	snprintf(final, n, "%s/%s", o->dir, name);
	/* mkstemp's kind of name, created 0644 less the umask (mkstemp's
	 * 0600 would need a chmod per file) */
	static const char digits[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_";
	int fd = -1;
	for (int tries = 0; fd < 0 && tries < 100; tries++) {
		unsigned long long x = o->seq += 0x9e3779b97f4a7c15ull;
		x = (x ^ x >> 30) * 0xbf58476d1ce4e5b9ull;
		x = (x ^ x >> 27) * 0x94d049bb133111ebull;
		char sfx[7];
		for (int i = 0; i < 6; i++, x >>= 6)
			sfx[i] = digits[x & 63];
		sfx[6] = '\0';
		snprintf(tmp, n, "%s/.%s.%s", o->dir, name, sfx);
		fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
		if (fd < 0 && errno != EEXIST)
			break;
	}
	if (fd < 0) {
		snprintf(o->err, sizeof o->err, "cannot create a file in '%s': %s", o->dir, strerror(errno));
		free(final);
		free(tmp);
		return -1;
	}
	o->v[o->n++] = (OutFile){ final, tmp, NULL, NULL };
	return fd;
}

/* Mode and close of a finished temporary file.  No fsync: what "atomic"
 * promises here is that a reader (and the next build, install, link) sees
 * the whole old set or the whole new one, never a part, and that a failed
 * build leaves nothing; the rename gives that.  Surviving a power cut in
 * the instant after a build is not promised: the outputs are made again
 * from the .zone file, as a compiler's are (docs/outputs.md). */
static int finish(OutSet *o, int fd, const char *final)
{
	if (o->chmod && fchmod(fd, 0644) != 0) {
		snprintf(o->err, sizeof o->err, "cannot write '%s': %s", final, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) != 0) {
		snprintf(o->err, sizeof o->err, "cannot write '%s': %s", final, strerror(errno));
		return -1;
	}
	return 0;
}

int out_write(OutSet *o, const char *name, const void *data, size_t len)
{
	return out_write_from(o, name, NULL, data, len);
}

int out_write_from(OutSet *o, const char *name, FILE *first, const void *data, size_t len)
{
	int fd = new_tmp(o, name);
	if (fd < 0)
		return -1;
	const char *final = o->v[o->n - 1].final;
	int bad = 0;
	if (first) {
		/* a file's text so far, copied in chunks */
		char chunk[1 << 16];
		size_t got;
		bad = fflush(first) != 0 || fseek(first, 0, SEEK_SET) != 0;
		while (!bad && (got = fread(chunk, 1, sizeof chunk, first)) > 0)
			bad = write_all(fd, chunk, got) != 0;
		bad = bad || ferror(first);
	}
	if (bad || write_all(fd, data, len) != 0) {
		snprintf(o->err, sizeof o->err, "cannot write '%s': %s", final, strerror(errno));
		close(fd);
		return -1;
	}
	return finish(o, fd, final);
}

FILE *out_stream(OutSet *o, const char *name)
{
	int fd = new_tmp(o, name);
	if (fd < 0)
		return NULL;
	FILE *f = fdopen(fd, "w+");
	if (!f) {
		snprintf(o->err, sizeof o->err, "cannot write '%s': %s", o->v[o->n - 1].final, strerror(errno));
		close(fd);
		return NULL;
	}
	/* a larger buffer than stdio's 4 KiB: libsepol writes the .pp a
	 * field at a time (millions of fwrites at 10000 zones), and this
	 * makes 1/64 of the write(2) calls */
	enum { STREAM_BUF = 256 << 10 };
	o->v[o->n - 1].sbuf = xmalloc(STREAM_BUF);
	setvbuf(f, o->v[o->n - 1].sbuf, _IOFBF, STREAM_BUF);
	o->v[o->n - 1].stream = f;
	return f;
}

int out_stream_end(OutSet *o, FILE *f, const void *data, size_t len)
{
	size_t i;
	for (i = 0; i < o->n && o->v[i].stream != f; i++)
		;
	if (i == o->n) {
		snprintf(o->err, sizeof o->err, "internal error: a stream not of this output set");
		return -1;
	}
	o->v[i].stream = NULL;
	int bad = fseek(f, 0, SEEK_END) != 0 || (len && fwrite(data, 1, len, f) != len) || fflush(f) != 0;
	int fd = dup(fileno(f));
	bad |= fclose(f) != 0 || fd < 0;
	free(o->v[i].sbuf);
	o->v[i].sbuf = NULL;
	if (bad) {
		snprintf(o->err, sizeof o->err, "cannot write '%s': %s", o->v[i].final, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return finish(o, fd, o->v[i].final);
}

static void release(OutSet *o)
{
	for (size_t i = 0; i < o->n; i++) {
		if (o->v[i].stream)
			fclose(o->v[i].stream);
		free(o->v[i].sbuf);
		free(o->v[i].final);
		free(o->v[i].tmp);
	}
	free(o->v);
	free(o->dir);
	o->v = NULL;
	o->dir = NULL;
	o->n = o->cap = 0;
}

/* rename(tmp, final), for a final that may be a regular file already:
 * then the two are exchanged and the old one (now tmp) unlinked.  Readers
 * see the same as with rename (the name always exists, old file or new);
 * ext4 does not start writing the new file's data out when it replaces a
 * file by exchange, which rename over a file does (auto_da_alloc): that
 * was most of a small build's rename time. */
static int replace(const char *tmp, const char *final)
{
	struct stat st;
	if (lstat(final, &st) == 0 && S_ISREG(st.st_mode) &&
	    renameat2(AT_FDCWD, tmp, AT_FDCWD, final, RENAME_EXCHANGE) == 0) {
		unlink(tmp);
		return 0;
	}
	return rename(tmp, final);
}

int out_commit(OutSet *o)
{
	for (size_t i = 0; i < o->n; i++)
		if (replace(o->v[i].tmp, o->v[i].final) != 0) {
			snprintf(o->err, sizeof o->err, "cannot rename into '%s': %s", o->v[i].final,
				 strerror(errno));
			for (size_t j = i; j < o->n; j++)
				unlink(o->v[j].tmp);
			forget_made(o);
			release(o);
			return -1;
		}
	forget_made(o);
	release(o);
	return 0;
}

void out_abort(OutSet *o)
{
	for (size_t i = 0; i < o->n; i++)
		unlink(o->v[i].tmp);
	release(o);
	remove_made(o);
}

char *read_file(const char *path, size_t max, size_t *len, char *err, size_t errlen)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "cannot open '%s': %s", path, strerror(errno));
		return NULL;
	}
	/* a regular file is read in one go: its size, and one more byte to
	 * see the end (it may grow meanwhile: the loop then goes on) */
	struct stat st;
	size_t cap = 65536, n = 0;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && (size_t)st.st_size < max)
		cap = (size_t)st.st_size + 1;
	char *buf = xmalloc(cap + 1);
	for (;;) {
		if (n == cap) {
			if (cap >= max) {
				snprintf(err, errlen, "'%s' is larger than %zu bytes", path, max);
				free(buf);
				close(fd);
				return NULL;
			}
			cap *= 2;
			buf = xrealloc(buf, cap + 1);
		}
		ssize_t r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			snprintf(err, errlen, "cannot read '%s': %s", path, strerror(errno));
			free(buf);
			close(fd);
			return NULL;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	close(fd);
	if (n > max) {
		snprintf(err, errlen, "'%s' is larger than %zu bytes", path, max);
		free(buf);
		return NULL;
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

char *map_file(const char *path, size_t max, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	struct stat st;
	void *p = MAP_FAILED;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && (size_t)st.st_size <= max)
		p = mmap(NULL, (size_t)st.st_size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return NULL;
	*len = (size_t)st.st_size;
	return p;
}

void unmap_file(char *p, size_t len)
{
	if (p)
		munmap(p, len);
}

char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

int make_dirs(const char *path)
{
	char *buf = xstrdup(path);
	int rc = 0;
	for (char *p = buf + 1; *p && rc == 0; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(buf, 0755) != 0 && errno != EEXIST)
				rc = -1;
			*p = '/';
		}
	if (rc == 0 && mkdir(buf, 0755) != 0 && errno != EEXIST)
		rc = -1;
	int e = errno;
	free(buf);
	errno = e;
	return rc;
}
