/* basefc.c: base file-context lookups through libselinux (see basefc.h). */
#include "basefc.h"
#include "xalloc.h"

#include <stdbool.h>

#include "buf.h"
#include "cache.h"
#include "hash.h"
#include "out.h"
#include "strmap.h"

#include <errno.h>
#include <stdint.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <selinux/label.h>
#include <selinux/selinux.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* One answer, keyed (in BaseFc.answers) by its question: "d/PATH" (the
 * type of a directory), "f/PATH", "s/PATH", "l/PATH" or "c/PATH" (of a
 * regular file, a socket, a symbolic link, a character device), "b/DIR"
 * (the entries below a directory).  type and entry may be NULL. */
typedef struct Entry {
	char *type;
	char *entry;                /* the base entry behind the answer */
	bool entry_known;           /* entry was looked for (it costs a scan) */
	bool parsed;                /* a memo line's fields read (memo_entry) */
	unsigned count;             /* "b/": how many entries below */
	unsigned long use;          /* this build's n-th answer asked for; 0: not asked */
} Entry;

/* One line of the base's file contexts, for naming the entry behind a
 * label: the lookups themselves are libselinux's. */
typedef struct Spec {
	char *text;                 /* "REGEX" or "REGEX MODE", as written */
	char *type;                 /* "<<none>>" for <<none>> */
	mode_t mode;                /* 0: any file type */
	bool meta;                  /* has regex metacharacters */
	char *stem;                 /* the literal text before the first one */
	pcre2_code *re;             /* "^REGEX$", as libselinux anchors it */
} Spec;

typedef struct Sub {
	char *from, *to;
} Sub;

struct BaseFc {
	struct selabel_handle *h;   /* opened on the first lookup the memo lacks;
				     * closed once the entries are read (only "/"
				     * needs it again: a few MB less at scale) */
	bool opened;                /* h opened once: the file contexts load */
	char *path;
	char *memo;                 /* the memo file of earlier lookups, or NULL */
	bool dirty;                 /* lookups the memo does not have yet */
	char err[512];              /* opening h failed: why (sticky) */
	StrMap answers;             /* question -> Entry, found by this build */
	char *memo_text;            /* the memo, mapped: the loaded answers' strings */
	size_t memo_len;
	Entry *loaded;              /* the memo's answers, in its order: zero
				     * (untouched pages) until asked for */
	const char **mkeys;         /* their questions (in memo_text), each
				     * followed by its fields, NUL-separated */
	uint32_t *mslots;           /* open addressing over them: index + 1 */
	size_t nmslots;
	size_t *hits, nhits, hitcap; /* the memo's answers this build asked for */
	StrMap walks;               /* path -> its PathWalk on this host */
	char *mnext;                /* the memo's first line not yet indexed */
	size_t mroom;               /* room for answers of the memo */
	bool mdone;                 /* all of its lines indexed */
	size_t nloaded;             /* answers of the memo; every answer is
				     * numbered: 0..nloaded the memo's, then
				     * those of fc->answers (entry_at) */
	bool overfull;              /* the memo held more than its bound */
	size_t max_entries;         /* the memo's bound: MEMO_MAX_*, or */
	size_t max_bytes;           /* MEMO_LARGE_* (basefc_expect) */
	unsigned long uses;         /* answers asked for so far (Entry.use) */
	Spec *specs;                /* read on the first question the memo lacks */
	size_t nspecs;
	bool specs_read;
	size_t *by_stem;            /* spec indices sorted by stem (then index) */
	Sub *subs;                  /* path substitutions (.subs, then .subs_dist) */
	size_t nsubs;
	pcre2_match_data *md;
	/* per directory, the entries that can match something inside it (a
	 * few recent directories: zones keep their files together) */
	struct Cand { char *dir; size_t *v, n; } cand[16];
	unsigned cand_next;
};

static Entry *put(BaseFc *fc, const char *key, char *type);

/* e, counted as asked for by this build (for the memo's order) */
static Entry *asked(BaseFc *fc, Entry *e)
{
	if (!e->use)
		e->use = ++fc->uses;
	return e;
}

static const char memo_magic[] = "zonepolicy-basefc 2\n";

/* The memo's bound, so that a build's cost does not depend on what earlier
 * builds asked: at most MEMO_MAX_ENTRIES answers and MEMO_MAX_BYTES of
 * lines.  A build that has to rewrite it writes, and cuts at the bound:
 *   1. the memo's answers it asked for again (shared by several builds;
 *      never more than the memo held);
 *   2. the new answers it found, in the order it asked for them;
 *   3. the memo's answers it did not ask for, in the memo's order;
 * but 3. before 2. when the build asked for more answers than the bound:
 * the memo cannot answer all of them next time anyway (that build will
 * read the file contexts again), so it only fills the room earlier builds
 * leave, and one large build does not push out what the small ones ask.
 * A build whose answers fit keeps them all, first: what is cut is what
 * was asked least recently. */
#define MEMO_MAX_ENTRIES 8192
#define MEMO_MAX_BYTES (1u << 20)
/* A build of more zones than BASEFC_LARGE_ZONES asks more questions than
 * that bound holds (about 7 a zone): it keeps its answers in a memo of its
 * own, "basefc-large", bounded the same way but larger (basefc_expect).
 * It then finds them all next time, and the small builds' memo is left as
 * it was. */
#define MEMO_LARGE_ENTRIES 131072
#define MEMO_LARGE_BYTES (8u << 20)
/* the shortest line: "d/x TAB - TAB - TAB 0 NL" */
#define MEMO_MIN_LINE 10

/* Every file libselinux reads for these file contexts: the memo's name
 * covers them all, so a changed .local or .homedirs is seen. */
static const char *const companions[] = {
	"", ".bin", ".homedirs", ".homedirs.bin", ".local", ".local.bin", ".subs", ".subs_dist",
};
#define NCOMPANIONS (sizeof companions / sizeof companions[0])

/* The companion file path + suffix (malloc'ed). */
static char *companion(const char *path, const char *suffix)
{
	size_t n = strlen(path) + strlen(suffix) + 1;
	char *p = xmalloc(n);
	snprintf(p, n, "%s%s", path, suffix);
	return p;
}

/* The text of the companion file, or NULL when it cannot be read. */
static char *read_companion(const BaseFc *fc, const char *suffix, size_t max)
{
	char *p = companion(fc->path, suffix), err[64];
	size_t len;
	char *text = read_file(p, max, &len, err, sizeof err);
	free(p);
	return text;
}

static char *memo_name(const char *path, const char *kind)
{
	char *src[NCOMPANIONS];
	for (size_t i = 0; i < NCOMPANIONS; i++)
		src[i] = companion(path, companions[i]);
	char *m = cache_memo_path_set(kind, (const char *const *)src, NCOMPANIONS);
	for (size_t i = 0; i < NCOMPANIONS; i++)
		free(src[i]);
	return m;
}

static struct selabel_handle *open_labels(const char *path, char *err, size_t errlen)
{
	struct selinux_opt opts[] = { { SELABEL_OPT_PATH, path } };
	struct selabel_handle *h = selabel_open(SELABEL_CTX_FILE, opts, 1);
	if (!h)
		snprintf(err, errlen, "cannot load base file contexts '%s': %s", path, strerror(errno));
	return h;
}


/* The memo's lines become the answers 0..nloaded (fc->memo_text: their
 * strings stay in it), found by a hash index of their questions.  Lines
 * are indexed lazily, in the memo's order, as far as a question needs:
 * the memo puts a build's answers first, in the order it asks for them,
 * so a build that asks what it asked last time indexes one line per
 * question, and its cost does not grow with what other builds left in the
 * memo.  A question the memo lacks indexes the rest.  Only the question of
 * a line is looked at here; its fields are read when it is asked for
 * (memo_entry). */
static void memo_load(BaseFc *fc)
{
	char *p = fc->memo_text + sizeof memo_magic - 1, *end = fc->memo_text + fc->memo_len;
	/* room for one answer per MEMO_MIN_LINE bytes, not counted: the text
	 * is not read beyond what the questions need (pages not touched are
	 * not read); a memo of shorter lines than ours is cut there (see
	 * memo_index_next) */
	size_t lines = (size_t)(end - p) / MEMO_MIN_LINE + 1;
	if (lines > fc->max_entries)
		lines = fc->max_entries;
	fc->mroom = lines;
	fc->loaded = xcalloc(lines + 1, sizeof *fc->loaded);
	fc->mkeys = xcalloc(lines + 1, sizeof *fc->mkeys);
	for (fc->nmslots = 16; fc->nmslots < 2 * lines; fc->nmslots *= 2)
		;
	fc->mslots = xcalloc(fc->nmslots, sizeof *fc->mslots);
	fc->mnext = p;
	fc->mdone = p == end;
}

/* Indexes the memo's next valid line: its number, or SIZE_MAX at the
 * memo's end (then fc->mdone). */
static size_t memo_index_next(BaseFc *fc)
{
	char *end = fc->memo_text + fc->memo_len;
	size_t mask = fc->nmslots - 1;
	while (!fc->mdone && fc->mnext < end) {
		char *ln = fc->mnext, *eol = memchr(ln, '\n', (size_t)(end - ln));
		if (!eol)
			break;             /* a cut last line (the text is not NUL-ended) */
		*eol = '\0';
		fc->mnext = eol + 1;
		if (!*ln)
			continue;
		/* "key TAB type TAB entry TAB count": the tabs become NULs */
		char *t1 = memchr(ln, '\t', (size_t)(eol - ln));
		char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(eol - t1 - 1)) : NULL;
		char *t3 = t2 ? memchr(t2 + 1, '\t', (size_t)(eol - t2 - 1)) : NULL;
		if (fc->nloaded == fc->mroom) {
			fc->overfull = true;   /* an older, unbounded memo, or odd lines */
			break;
		}
		if (!t3 || !strchr("dfsblc", ln[0]) || ln[1] != '/')
			continue;
		*t1 = *t2 = *t3 = '\0';
		size_t j = hash_words(ln, (size_t)(t1 - ln)) & mask, sl;
		for (; (sl = fc->mslots[j]) != 0; j = (j + 1) & mask)
			if (strcmp(fc->mkeys[sl - 1], ln) == 0)
				break;
		if (sl)
			continue;          /* a question twice: the first line holds */
		size_t i = fc->nloaded++;
		fc->mslots[j] = (uint32_t)(i + 1);
		fc->mkeys[i] = ln;
		return i;
	}
	fc->mdone = true;
	return SIZE_MAX;
}

/* Memo answer i, its fields read on first use. */
static Entry *memo_entry(BaseFc *fc, size_t i)
{
	Entry *e = &fc->loaded[i];
	if (!e->parsed) {
		const char *f1 = fc->mkeys[i] + strlen(fc->mkeys[i]) + 1, *f2 = f1 + strlen(f1) + 1,
			   *f3 = f2 + strlen(f2) + 1;
		e->type = strcmp(f1, "-") ? (char *)f1 : NULL;
		e->entry_known = strcmp(f2, "?") != 0;
		e->entry = e->entry_known && strcmp(f2, "-") ? (char *)f2 : NULL;
		e->count = (unsigned)strtoul(f3, NULL, 10);
		e->parsed = true;
	}
	return e;
}

/* Every answer by its number: the memo's, then this build's. */
static Entry *entry_at(BaseFc *fc, size_t i)
{
	return i < fc->nloaded ? memo_entry(fc, i) : fc->answers.v[i - fc->nloaded].val;
}

static const char *key_at(const BaseFc *fc, size_t i)
{
	return i < fc->nloaded ? fc->mkeys[i] : fc->answers.v[i - fc->nloaded].key;
}

/* The answer to a question, or NULL; a memo answer found is counted in
 * fc->hits (the caller asks for it). */
static Entry *find(BaseFc *fc, const char *key)
{
	if (fc->memo_text) {
		size_t mask = fc->nmslots - 1, sl, i = SIZE_MAX;
		if (fc->nloaded)
			for (size_t j = hash_words(key, strlen(key)) & mask; (sl = fc->mslots[j]) != 0;
			     j = (j + 1) & mask)
				if (strcmp(fc->mkeys[sl - 1], key) == 0) {
					i = sl - 1;
					break;
				}
		while (i == SIZE_MAX && !fc->mdone) {
			size_t k = memo_index_next(fc);
			if (k != SIZE_MAX && strcmp(fc->mkeys[k], key) == 0)
				i = k;
		}
		if (i != SIZE_MAX) {
			if (!fc->loaded[i].parsed) {
				if (fc->nhits == fc->hitcap) {
					fc->hitcap = fc->hitcap ? fc->hitcap * 2 : 64;
					fc->hits = xreallocarray(fc->hits, fc->hitcap, sizeof *fc->hits);
				}
				fc->hits[fc->nhits++] = i;
			}
			return memo_entry(fc, i);
		}
	}
	return strmap_get(&fc->answers, key);
}

/* The memo of kind, bounded by max_entries and max_bytes: earlier lookups
 * in these very files ("key<TAB>type<TAB>entry<TAB>count"), read in place
 * (the answers' strings point into the memo's text). */
static void memo_open(BaseFc *fc, const char *kind, size_t max_entries, size_t max_bytes)
{
	fc->max_entries = max_entries;
	fc->max_bytes = max_bytes;
	fc->memo = memo_name(fc->path, kind);
	size_t len = 0;
	char *text = fc->memo ? map_file(fc->memo, 64u << 20, &len) : NULL;
	if (text && len >= sizeof memo_magic - 1 && memcmp(text, memo_magic, sizeof memo_magic - 1) == 0) {
		fc->memo_text = text;
		fc->memo_len = len;
		text = NULL;
		memo_load(fc);
	}
	unmap_file(text, len);
}

/* The memo's text and index gone (memo_open's and memo_load's), as if
 * none had been read. */
static void memo_drop(BaseFc *fc)
{
	free(fc->loaded);
	free(fc->mkeys);
	free(fc->mslots);
	free(fc->hits);
	unmap_file(fc->memo_text, fc->memo_len);
	free(fc->memo);
	fc->loaded = NULL;
	fc->mkeys = NULL;
	fc->mslots = NULL;
	fc->nmslots = 0;
	fc->hits = NULL;
	fc->nhits = fc->hitcap = 0;
	fc->memo = fc->memo_text = fc->mnext = NULL;
	fc->memo_len = fc->mroom = fc->nloaded = 0;
	fc->mdone = fc->overfull = false;
}

void basefc_expect(BaseFc *fc, size_t nzones)
{
	if (!fc || nzones <= BASEFC_LARGE_ZONES || fc->max_entries == MEMO_LARGE_ENTRIES || fc->uses ||
	    fc->answers.n)
		return;
	/* nothing was asked yet: the small memo goes as it came */
	memo_drop(fc);
	memo_open(fc, "basefc-large", MEMO_LARGE_ENTRIES, MEMO_LARGE_BYTES);
}

BaseFc *basefc_open(const char *path, char *err, size_t errlen)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		snprintf(err, errlen, "cannot read base file contexts '%s': %s", path, strerror(errno));
		return NULL;
	}
	BaseFc *fc = xcalloc(1, sizeof *fc);
	fc->path = xstrdup(path);
	memo_open(fc, "basefc", MEMO_MAX_ENTRIES, MEMO_MAX_BYTES);
	if (!fc->memo_text || fc->mdone) {
		/* no memo: open now, so a broken file is reported here */
		fc->h = open_labels(path, err, errlen);
		fc->opened = fc->h != NULL;
		if (!fc->h) {
			basefc_close(fc);
			return NULL;
		}
	}
	return fc;
}

static void memo_line(Buf *b, BaseFc *fc, size_t i)
{
	const Entry *e = entry_at(fc, i);
	buf_printf(b, "%s\t%s\t%s\t%u\n", key_at(fc, i), e->type ? e->type : "-",
		   e->entry ? e->entry : e->entry_known ? "-" : "?", e->count);
}

/* Rewrites the memo within its bound (see MEMO_MAX_ENTRIES), when this
 * build found something new or asked for answers that are not already the
 * memo's first lines. */
static void memo_save(BaseFc *fc)
{
	size_t nused = (size_t)fc->uses;
	/* this build's answers are all asked for (fc->dirty); the memo's
	 * asked for are fc->hits */
	bool write = fc->dirty || fc->overfull;
	for (size_t k = 0; k < fc->nhits && !write; k++)
		write = fc->hits[k] >= nused && fc->loaded[fc->hits[k]].use;
	if (!write || !fc->memo)
		return;
	/* the answers are numbered 0..nloaded, then this build's: index all */
	while (fc->memo_text && !fc->mdone)
		memo_index_next(fc);
	/* the answers asked for, in the order asked (uses are 1..nused, each once) */
	size_t *used = xreallocarray(NULL, nused ? nused : 1, sizeof *used);
	for (size_t k = 0; k < fc->nhits; k++)
		if (fc->loaded[fc->hits[k]].use)
			used[fc->loaded[fc->hits[k]].use - 1] = fc->hits[k];
	for (size_t k = 0; k < fc->answers.n; k++) {
		const Entry *e = fc->answers.v[k].val;
		if (e->use)
			used[e->use - 1] = fc->nloaded + k;
	}
	/* the hits (nhit <= nloaded <= the cap); then, when all this build's
	 * answers fit, its new ones before the earlier builds' answers, else
	 * after them */
	static const char order_fits[] = { 'h', 'n', 'o' }, order_big[] = { 'h', 'o', 'n' };
	const char *order = nused <= fc->max_entries ? order_fits : order_big;
	Buf b = { 0 };
	buf_puts(&b, memo_magic);
	size_t lines = 0;
	bool full = false;
	for (int phase = 0; phase < 3 && !full; phase++) {
		char part = order[phase];
		size_t n = part == 'o' ? fc->nloaded : nused;
		for (size_t k = 0; k < n && !full; k++) {
			size_t i = part == 'o' ? k : used[k];
			bool hit = i < fc->nloaded, asked = entry_at(fc, i)->use != 0;
			if (part == 'h' ? !hit : part == 'n' ? hit : asked)
				continue;
			size_t before = b.len;
			memo_line(&b, fc, i);
			if (b.len - (sizeof memo_magic - 1) > fc->max_bytes) {
				b.len = before;
				full = true;
			} else {
				full = ++lines == fc->max_entries;
			}
		}
	}
	cache_memo_write(fc->memo, b.data, b.len);
	buf_free(&b);
	free(used);
}

/* Does p point into the memo's text (not malloc'ed on its own)? */
static bool in_memo(const BaseFc *fc, const char *p)
{
	uintptr_t a = (uintptr_t)p, t = (uintptr_t)fc->memo_text;
	return p && fc->memo_text && a >= t && a < t + fc->memo_len;
}

void basefc_close(BaseFc *fc)
{
	if (!fc)
		return;
	memo_save(fc);
	free(fc->path);
	/* a memo answer owns a string only when basefc_entry found it one,
	 * and was asked for then */
	for (size_t k = 0; k < fc->nhits; k++) {
		Entry *e = &fc->loaded[fc->hits[k]];
		if (!in_memo(fc, e->entry))
			free(e->entry);
	}
	for (size_t k = 0; k < fc->answers.n; k++) {
		Entry *e = fc->answers.v[k].val;
		free(e->type);
		free(e->entry);
		free(e);
	}
	memo_drop(fc);
	for (size_t i = 0; i < fc->walks.n; i++) {
		pathwalk_free(fc->walks.v[i].val);
		free(fc->walks.v[i].val);
	}
	strmap_free(&fc->walks);
	strmap_free(&fc->answers);
	for (size_t i = 0; i < fc->nspecs; i++) {
		free(fc->specs[i].text);
		free(fc->specs[i].type);
		free(fc->specs[i].stem);
		pcre2_code_free(fc->specs[i].re);
	}
	free(fc->specs);
	free(fc->by_stem);
	for (size_t i = 0; i < fc->nsubs; i++) {
		free(fc->subs[i].from);
		free(fc->subs[i].to);
	}
	free(fc->subs);
	if (fc->md)
		pcre2_match_data_free(fc->md);
	for (size_t i = 0; i < sizeof fc->cand / sizeof fc->cand[0]; i++) {
		free(fc->cand[i].dir);
		free(fc->cand[i].v);
	}
	if (fc->h)
		selabel_close(fc->h);
	free(fc);
}

/* "u:r:TYPE:level" -> TYPE (malloc'ed) */
static char *type_of(const char *con)
{
	const char *a = strchr(con, ':');
	const char *b = a ? strchr(a + 1, ':') : NULL;
	const char *c = b ? strchr(b + 1, ':') : NULL;
	if (!b)
		return NULL;
	return c ? xstrndup(b + 1, (size_t)(c - b - 1)) : xstrdup(b + 1);
}

/* false when the file contexts cannot be opened now (fc->err says why) */
static bool need_handle(BaseFc *fc)
{
	if (fc->h || fc->opened)
		return true;
	if (fc->err[0])
		return false;
	fc->h = open_labels(fc->path, fc->err, sizeof fc->err);
	fc->opened = fc->h != NULL;
	return fc->opened;
}

const char *basefc_error(const BaseFc *fc)
{
	return fc->err[0] ? fc->err : NULL;
}

static char *key_of(char kind, const char *path)
{
	size_t n = strlen(path) + 2;
	char *k = xmalloc(n);
	snprintf(k, n, "%c%s", kind, path);
	return k;
}

static void read_specs(BaseFc *fc);
static const Spec *winner(BaseFc *fc, const char *path, mode_t mode);
static const Spec *file_winner(BaseFc *fc, const char *path, mode_t mode);

static mode_t kind_mode(char kind)
{
	return kind == 'd' ? S_IFDIR : kind == 's' ? S_IFSOCK : kind == 'l' ? S_IFLNK : kind == 'c' ? S_IFCHR : S_IFREG;
}

/* What the base gives path as a file of the kind's type, with its entry */
static Entry *label(BaseFc *fc, char kind, const char *path)
{
	char *key = key_of(kind, path);
	Entry *e = find(fc, key);
	if (e) {
		free(key);
		return asked(fc, e);
	}
	if (!need_handle(fc)) {
		free(key);
		return NULL;
	}
	fc->dirty = true;
	mode_t mode = kind_mode(kind);
	char *type = NULL, *con = NULL;
	bool inherited = false;
	const Spec *w = NULL;
	/* libselinux's choice, made over the entries that can match inside
	 * the parent directory (file_winner: the candidates of a directory
	 * are computed once for all its files and subdirectories); "/" and
	 * file contexts whose text cannot be read go to libselinux itself */
	if (strcmp(path, "/") != 0 && (read_specs(fc), fc->nspecs)) {
		w = file_winner(fc, path, mode);
		if (w && strcmp(w->type, "<<none>>") != 0)
			type = xstrdup(w->type);
		if (fc->h) {
			selabel_close(fc->h);
			fc->h = NULL;
		}
	} else {
		if (!fc->h)
			fc->h = open_labels(fc->path, fc->err, sizeof fc->err);
		if (!fc->h) {
			free(key);
			return NULL;
		}
		if (selabel_lookup(fc->h, &con, path, (int)mode) == 0) {
			type = type_of(con);
			freecon(con);
		}
	}
	if (!type && strcmp(path, "/") == 0) {
		type = xstrdup("root_t");
	} else if (!type) {
		/* unlabelled by the base: a new file gets its parent's type */
		const char *slash = strrchr(path, '/');
		char *parent = slash == path ? xstrdup("/") : xstrndup(path, (size_t)(slash - path));
		const char *ptype = basefc_dir_type(fc, parent);
		free(parent);
		if (!ptype) {
			free(key);
			return NULL;
		}
		type = xstrdup(ptype);
		inherited = true;
	}
	e = put(fc, key, type);
	e->entry_known = inherited || (kind != 'd' && fc->nspecs);   /* found with its entry */
	if (!inherited && kind != 'd' && w)
		e->entry = xstrdup(w->text);
	free(key);
	return asked(fc, e);
}

const char *basefc_dir_type(BaseFc *fc, const char *path)
{
	Entry *e = label(fc, 'd', path);
	return e ? e->type : NULL;
}

BaseLabel basefc_label(BaseFc *fc, const char *path, char kind)
{
	Entry *e = label(fc, kind, path);
	return e ? (BaseLabel){ e->type, e->entry, 1 } : (BaseLabel){ NULL, NULL, 0 };
}

const char *basefc_entry(BaseFc *fc, const char *path, char kind)
{
	Entry *e = label(fc, kind, path);
	if (!e)
		return NULL;
	if (!e->entry_known) {
		mode_t mode = kind_mode(kind);
		const Spec *w = winner(fc, path, mode);
		e->entry = w && strcmp(w->type, e->type) == 0 ? xstrdup(w->text) : NULL;
		e->entry_known = true;
		fc->dirty = true;
	}
	return e->entry;
}

void basefc_walk(BaseFc *fc, const char *path, char kind, BaseWalk *w)
{
	/* each path is walked on the host once a build (the lowering and the
	 * vectors ask for the same programs again and again) */
	bool added;
	size_t k = strmap_add(&fc->walks, path, strlen(path), &added);
	if (added) {
		PathWalk *walked = xmalloc(sizeof *walked);
		pathwalk(path, walked);
		fc->walks.v[k].val = walked;
	}
	const PathWalk *pw = fc->walks.v[k].val;
	memset(w, 0, sizeof *w);
	w->final = xstrdup(pw->final);
	w->missing = pw->missing;
	w->type = basefc_label(fc, pw->final, kind).type;
	for (size_t i = 0; i < pw->nlinks; i++) {
		w->link[i] = xstrdup(pw->links[i]);
		w->link_type[i] = basefc_label(fc, pw->links[i], 'l').type;
	}
	w->nlinks = pw->nlinks;
}

void basefc_walk_free(BaseWalk *w)
{
	free(w->final);
	for (size_t i = 0; i < w->nlinks; i++)
		free(w->link[i]);
	memset(w, 0, sizeof *w);
}

/* ---- the base's entries, read for naming them ------------------------- */

/* the literal prefix of a regex (escapes resolved), malloc'ed */
static char *stem_of(const char *re)
{
	char *s = xmalloc(strlen(re) + 1), *o = s;
	for (const char *c = re; *c; c++) {
		if (*c == '\\') {
			if (!c[1])
				break;
			*o++ = *++c;
			continue;
		}
		if (strchr(".^$?*+|[({", *c))
			break;
		*o++ = *c;
	}
	*o = '\0';
	return s;
}

static bool has_meta(const char *re)
{
	for (const char *c = re; *c; c++) {
		if (*c == '\\') {
			if (!*++c)
				break;
			continue;
		}
		if (strchr(".^$?*+|[({", *c))
			return true;
	}
	return false;
}

static mode_t mode_of(const char *m)
{
	static const struct { const char *s; mode_t m; } modes[] = {
		{ "--", S_IFREG }, { "-d", S_IFDIR }, { "-s", S_IFSOCK }, { "-l", S_IFLNK },
		{ "-p", S_IFIFO }, { "-c", S_IFCHR }, { "-b", S_IFBLK },
	};
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (strcmp(modes[i].s, m) == 0)
			return modes[i].m;
	return 0;
}

static void read_spec_file(BaseFc *fc, const char *suffix, size_t *cap)
{
	char *text = read_companion(fc, suffix, 64u << 20);
	if (!text)
		return;
	for (char *save = NULL, *ln = strtok_r(text, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
		char *f[3] = { 0 }, *s2 = NULL;
		int n = 0;
		for (char *tok = strtok_r(ln, " \t\r", &s2); tok && n < 3; tok = strtok_r(NULL, " \t\r", &s2))
			f[n++] = tok;
		if (n < 2 || f[0][0] == '#')
			continue;
		const char *ctx = n == 3 ? f[2] : f[1];
		char *type = strcmp(ctx, "<<none>>") == 0 ? xstrdup(ctx) : type_of(ctx);
		if (!type)
			continue;
		size_t rl = strlen(f[0]);
		char *anch = xmalloc(rl + 3);
		snprintf(anch, rl + 3, "^%s$", f[0]);
		int ec;
		PCRE2_SIZE eo;
		pcre2_code *re = pcre2_compile((PCRE2_SPTR)anch, PCRE2_ZERO_TERMINATED, PCRE2_DOTALL, &ec, &eo, NULL);
		free(anch);
		if (!re) {
			free(type);
			continue;
		}
		if (fc->nspecs == *cap) {
			*cap = *cap ? *cap * 2 : 1024;
			fc->specs = xreallocarray(fc->specs, *cap, sizeof *fc->specs);
		}
		size_t tl = rl + (n == 3 ? strlen(f[1]) + 1 : 0) + 1;
		char *t = xmalloc(tl);
		if (n == 3)
			snprintf(t, tl, "%s %s", f[0], f[1]);
		else
			snprintf(t, tl, "%s", f[0]);
		fc->specs[fc->nspecs++] = (Spec){ t, type, n == 3 ? mode_of(f[1]) : 0, has_meta(f[0]),
						  stem_of(f[0]), re };
	}
	free(text);
}

static void read_subs(BaseFc *fc, const char *suffix, size_t *cap)
{
	char *text = read_companion(fc, suffix, 1u << 20);
	if (!text)
		return;
	for (char *save = NULL, *ln = strtok_r(text, "\n", &save); ln; ln = strtok_r(NULL, "\n", &save)) {
		char *s2 = NULL, *a = strtok_r(ln, " \t\r", &s2), *b = a ? strtok_r(NULL, " \t\r", &s2) : NULL;
		if (!b || a[0] == '#')
			continue;
		if (fc->nsubs == *cap) {
			*cap = *cap ? *cap * 2 : 8;
			fc->subs = xreallocarray(fc->subs, *cap, sizeof *fc->subs);
		}
		fc->subs[fc->nsubs++] = (Sub){ xstrdup(a), xstrdup(b) };
	}
	free(text);
}

static int cmp_stem(const void *a, const void *b, void *specs)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(((const Spec *)specs)[i].stem, ((const Spec *)specs)[j].stem);
	return c ? c : (i > j) - (i < j);
}

static int cmp_size(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	return (i > j) - (i < j);
}

/* The specs whose stem starts with prefix (n bytes), in file order
 * (malloc'ed, *count of them): a binary search in by_stem. */
static size_t *stems_under(const BaseFc *fc, const char *prefix, size_t n, size_t *count)
{
	size_t lo = 0, hi = fc->nspecs;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strncmp(fc->specs[fc->by_stem[mid]].stem, prefix, n) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t end = lo;
	while (end < fc->nspecs && strncmp(fc->specs[fc->by_stem[end]].stem, prefix, n) == 0)
		end++;
	*count = end - lo;
	size_t *v = xreallocarray(NULL, *count ? *count : 1, sizeof *v);
	memcpy(v, fc->by_stem + lo, *count * sizeof *v);
	qsort(v, *count, sizeof *v, cmp_size);
	return v;
}

/* the files libselinux reads, in its order (base, homedirs, local) */
static void read_specs(BaseFc *fc)
{
	if (fc->specs_read)
		return;
	fc->specs_read = true;
	size_t cap = 0, scap = 0;
	read_spec_file(fc, "", &cap);
	read_spec_file(fc, ".homedirs", &cap);
	read_spec_file(fc, ".local", &cap);
	read_subs(fc, ".subs", &scap);
	read_subs(fc, ".subs_dist", &scap);
	fc->md = pcre2_match_data_create(4, NULL);
	if (!fc->md)
		xalloc_fail();
	fc->by_stem = xreallocarray(NULL, fc->nspecs ? fc->nspecs : 1, sizeof *fc->by_stem);
	for (size_t i = 0; i < fc->nspecs; i++)
		fc->by_stem[i] = i;
	qsort_r(fc->by_stem, fc->nspecs, sizeof *fc->by_stem, cmp_stem, fc->specs);
}

/* path with libselinux's substitutions applied (malloc'ed) */
static char *substitute(BaseFc *fc, const char *path)
{
	char *p = xstrdup(path);
	for (size_t i = 0; i < fc->nsubs; i++) {
		size_t n = strlen(fc->subs[i].from);
		if (strncmp(p, fc->subs[i].from, n) == 0 && (p[n] == '/' || p[n] == '\0')) {
			size_t m = strlen(fc->subs[i].to) + strlen(p + n) + 1;
			char *q = xmalloc(m);
			snprintf(q, m, "%s%s", fc->subs[i].to, p + n);
			free(p);
			p = q;
		}
	}
	return p;
}

static int match(BaseFc *fc, const Spec *sp, const char *s, uint32_t opts)
{
	return pcre2_match(sp->re, (PCRE2_SPTR)s, strlen(s), 0, opts, fc->md, NULL);
}

/* The entry libselinux picks for path: entries with metacharacters come
 * before the exact ones, each group in file order, and the last match
 * wins. */
/* libselinux's choice for path among the entries idx[0..n) (idx NULL: all
 * of them): an exact entry first, then the last regex that matches. */
static const Spec *pick(BaseFc *fc, const char *path, mode_t mode, const size_t *idx, size_t n)
{
	char *p = substitute(fc, path);
	const Spec *w = NULL;
	for (int exact = 1; exact >= 0 && !w; exact--)
		for (size_t k = n; k-- > 0;) {
			const Spec *sp = &fc->specs[idx ? idx[k] : k];
			if (sp->meta == (bool)exact || (sp->mode && sp->mode != mode))
				continue;
			if (match(fc, sp, p, 0) >= 0) {
				w = sp;
				break;
			}
		}
	free(p);
	return w;
}

static const Spec *winner(BaseFc *fc, const char *path, mode_t mode)
{
	read_specs(fc);
	return pick(fc, path, mode, NULL, fc->nspecs);
}

/* The entries that can match something inside dir, a directory as
 * matched (substituted already): a partial match of "DIR/", in file
 * order. */
static const struct Cand *candidates(BaseFc *fc, const char *dir)
{
	for (size_t i = 0; i < sizeof fc->cand / sizeof fc->cand[0]; i++)
		if (fc->cand[i].dir && strcmp(fc->cand[i].dir, dir) == 0)
			return &fc->cand[i];
	struct Cand *c = &fc->cand[fc->cand_next++ % (sizeof fc->cand / sizeof fc->cand[0])];
	free(c->dir);
	free(c->v);
	*c = (struct Cand){ xstrdup(dir), NULL, 0 };
	size_t n = strlen(dir), cap = 0;
	char *below = xmalloc(n + 2);
	snprintf(below, n + 2, "%s/", strcmp(dir, "/") ? dir : "");
	for (size_t i = 0; i < fc->nspecs; i++) {
		int rc = match(fc, &fc->specs[i], below, PCRE2_PARTIAL_HARD);
		if (rc < 0 && rc != PCRE2_ERROR_PARTIAL)
			continue;
		if (c->n == cap) {
			cap = cap ? cap * 2 : 32;
			c->v = xreallocarray(c->v, cap, sizeof *c->v);
		}
		c->v[c->n++] = i;
	}
	free(below);
	return c;
}

/* winner() for a file, over the entries that can match inside its
 * directory only: the same answer, without trying every entry. */
static const Spec *file_winner(BaseFc *fc, const char *path, mode_t mode)
{
	read_specs(fc);
	if (!fc->nspecs)
		return NULL;
	/* the directory that holds the path as matched: after libselinux's
	 * substitutions (/etc/systemd/system is /usr/lib/systemd/system, whose
	 * entries are not /etc/systemd's) */
	char *p = substitute(fc, path);
	const char *slash = strrchr(p, '/');
	char *parent = !slash || slash == p ? xstrdup("/") : xstrndup(p, (size_t)(slash - p));
	free(p);
	const struct Cand *c = candidates(fc, parent);
	free(parent);
	return pick(fc, path, mode, c->v, c->n);
}

BaseLabel basefc_below(BaseFc *fc, const char *dir)
{
	char *key = key_of('b', dir);
	Entry *e = find(fc, key);
	if (!e) {
		const char *own = basefc_dir_type(fc, dir);
		if (!own) {
			free(key);
			return (BaseLabel){ NULL, NULL, 0 };
		}
		read_specs(fc);
		fc->dirty = true;
		char *d = substitute(fc, dir);
		size_t n = strlen(d);
		char *below = xmalloc(n + 2);
		snprintf(below, n + 2, "%s/", d);
		const Spec *first = NULL;
		unsigned count = 0;
		/* only an entry whose literal part lies inside dir is more
		 * specific than the module's "DIR(/.*)?" (libsemanage orders
		 * entries by the length of that part): those whose stem
		 * starts with "DIR/", found by their sorted stems */
		size_t nin, *in = stems_under(fc, below, n + 1, &nin);
		for (size_t k = 0; k < nin; k++) {
			const Spec *sp = &fc->specs[in[k]];
			if (strcmp(sp->type, "<<none>>") == 0 || strcmp(sp->type, own) == 0)
				continue;
			if ((!sp->mode || sp->mode == S_IFDIR) && match(fc, sp, d, 0) >= 0)
				continue;   /* it labels dir itself: that is dir's own type */
			int rc = match(fc, sp, below, PCRE2_PARTIAL_HARD);
			if (rc >= 0 || rc == PCRE2_ERROR_PARTIAL) {
				if (!first)
					first = sp;
				count++;
			}
		}
		free(in);
		free(below);
		free(d);
		e = put(fc, key, first ? xstrdup(first->type) : NULL);
		e->entry = first ? xstrdup(first->text) : NULL;
		e->entry_known = true;
		e->count = count;
	}
	asked(fc, e);
	free(key);
	return (BaseLabel){ e->type, e->entry, e->count };
}

/* Adds the answer key -> type (type is taken over); key is new. */
static Entry *put(BaseFc *fc, const char *key, char *type)
{
	Entry *e = xcalloc(1, sizeof *e);
	e->type = type;
	strmap_put(&fc->answers, key, e);
	return e;
}

const char *basefc_parent_type(BaseFc *fc, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash || slash == path)
		return basefc_dir_type(fc, "/");
	char *parent = xstrndup(path, (size_t)(slash - path));
	const char *type = basefc_dir_type(fc, parent);
	free(parent);
	return type;
}

void basefc_each_dir_above(BaseFc *fc, const char *path, void (*fn)(const char *type, void *arg),
			   void *arg)
{
	char *buf = xstrdup(path);
	size_t n = strlen(buf);
	/* "/", "/a", "/a/b" ... up to the parent of path */
	fn(basefc_dir_type(fc, "/"), arg);
	for (size_t i = 1; i < n; i++)
		if (buf[i] == '/') {
			buf[i] = '\0';
			fn(basefc_dir_type(fc, buf), arg);
			buf[i] = '/';
		}
	free(buf);
}
