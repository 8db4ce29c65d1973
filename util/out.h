/* out.h: all-or-nothing output.  Each file is written to a temporary name in
 * the output directory and renamed into place only when every output of the
 * build is ready; a failure removes the temporaries and leaves the directory
 * as it was. */
#ifndef ZP_OUT_H
#define ZP_OUT_H

#include <stddef.h>
#include <stdbool.h>
#include <stdio.h>

typedef struct OutFile {
	char *final, *tmp;
	FILE *stream;        /* out_stream: open until out_stream_end */
	char *sbuf;          /* its stdio buffer */
} OutFile;

typedef struct OutSet {
	char *dir;
	char **made;         /* directories out_begin_create made, deepest last */
	size_t nmade;
	OutFile *v;
	size_t n, cap;
	bool chmod;          /* the umask takes bits off 0644: set the mode */
	unsigned long long seq; /* temporary names */
	char err[1024];
} OutSet;

int out_begin(OutSet *o, const char *dir);
/* out_begin, creating dir and its missing parents (mode 0755) first; an
 * out_abort removes the directories it made again, when they are empty. */
int out_begin_create(OutSet *o, const char *dir);
int out_write(OutSet *o, const char *name, const void *data, size_t len);
/* out_write of the contents of first (read from its start; NULL: none)
 * followed by data. */
int out_write_from(OutSet *o, const char *name, FILE *first, const void *data, size_t len);
/* A file of the set written piece by piece: its temporary file, open for
 * writing and reading (NULL with o->err).  out_stream_end appends data and
 * finishes it; a set committed or aborted first just drops it. */
FILE *out_stream(OutSet *o, const char *name);
int out_stream_end(OutSet *o, FILE *f, const void *data, size_t len);
int out_commit(OutSet *o);
void out_abort(OutSet *o);

/* Reads a whole file (at most max bytes) into a malloc'ed, NUL-terminated
 * buffer.  Returns NULL with a message in err. */
char *read_file(const char *path, size_t max, size_t *len, char *err, size_t errlen);

/* A regular file of 1 to max bytes mapped private and writable: only the
 * pages touched are read, and writes stay in this process.  Not
 * NUL-terminated.  NULL when it cannot be mapped (absent, empty, too
 * large).  For files replaced by rename only (a cache's memos): one
 * shortened in place would fault. */
char *map_file(const char *path, size_t max, size_t *len);
void unmap_file(char *p, size_t len);

/* mkdir -p: creates path and its missing parents (mode 0755); -1 with
 * errno set when one cannot be made. */
int make_dirs(const char *path);

/* "dir/name", malloc'ed. */
char *path_join(const char *dir, const char *name);

#endif
