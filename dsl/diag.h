/* diag.h: the one diagnostic sink of a compilation.
 *
 * Every message has the form
 *     FILE:LINE:COL: error: message [check-name]
 * followed by the source line and a caret under the column.  Notes point at
 * the other place of a two-place error.  Columns count bytes from 1.
 *
 * A message is a report of one registered check (checks.def): the check
 * gives the tag and whether it is an error or a warning, after the -W
 * switches of the build; a warning switched off prints nothing.
 *
 * With `sarif` set (`build --diagnostics-format sarif`), nothing is printed
 * as text: each report becomes a SARIF 2.1.0 result (rule id = the check's
 * name, level = its effective severity, a region with line and column),
 * its notes that result's related locations, and diag_sarif() writes the
 * whole log.  The same gate decides what is shown in both formats.
 */
#ifndef ZP_DIAG_H
#define ZP_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stddef.h>

#include "buf.h"
#include "checks.h"

typedef struct Loc {
	unsigned line, col;
} Loc;

enum { DIAG_MAX_ERRORS = 100 };

typedef struct Diag {
	const char *file;      /* name as given on the command line */
	const char *text;      /* the whole source, NUL-terminated copy */
	size_t len;
	FILE *out;
	int errors;
	int suppressed;        /* errors past DIAG_MAX_ERRORS, counted only */
	const CheckSwitches *switches;   /* -W switches; NULL: none */
	bool quiet;            /* the last report was not shown: nor are its notes */
	bool sarif;            /* gather SARIF results instead of printing */
	Buf results;           /* SARIF: the results closed so far, comma-separated */
	Buf open;              /* SARIF: the result its notes may still join */
	Buf related;           /* SARIF: the open result's related locations */
	Buf notices;           /* SARIF: notes with no result, the trailer */
	unsigned nrelated;
} Diag;

void diag_init(Diag *d, const char *file, const char *text, size_t len, FILE *out);
/* Reports check `id` at `at`: an error, a warning, or nothing, as the
 * registry and d->switches say.  Returns true when it counted as an error. */
bool diag_report(Diag *d, Loc at, CheckId id, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
bool diag_vreport(Diag *d, Loc at, CheckId id, const char *fmt, va_list ap)
	__attribute__((format(printf, 4, 0)));
void diag_note(Diag *d, Loc at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A note about a place outside the file (a base policy module, a tool). */
void diag_note_plain(Diag *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Prints "N errors generated" style trailer when errors were suppressed. */
void diag_finish(Diag *d);
/* SARIF: writes the log of d's results to out.  `failure`, when not NULL,
 * says why the build stopped short of its results (an environment error):
 * the invocation is then not successful.  The file's URI is d->file. */
void diag_sarif(Diag *d, FILE *out, const char *version, const char *failure);
/* Frees what d gathered (SARIF); d may be initialised again. */
void diag_free(Diag *d);

#endif
