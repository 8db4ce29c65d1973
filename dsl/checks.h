/* checks.h: the registry of every diagnostic (checks.def) and the -W
 * switches that change what a warning does.
 *
 * A call site names its check by enum constant (CK_UNKNOWN_ZONE), so a
 * misspelt check does not compile; the name printed, the severity and the
 * pass come from the table, never from the call site.
 */
#ifndef ZP_CHECKS_H
#define ZP_CHECKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The stages of the pipeline and the sema passes, in the order they run. */
typedef enum Pass {
#define PASS(id, name) PASS_##id,
#include "checks.def"
	PASS_COUNT
} Pass;

typedef enum CheckId {
#define CHECK(id, name, severity, pass) CK_##id,
#include "checks.def"
	CK_COUNT
} CheckId;

typedef enum Severity { SEV_ERROR, SEV_WARNING } Severity;

typedef struct Check {
	const char *name;        /* the tag: "unknown-zone" */
	Severity severity;       /* as registered, before any -W switch */
	Pass pass;               /* the one stage or sema pass that reports it */
} Check;

const Check *check_get(CheckId id);
const char *pass_name(Pass p);
/* The check called `name`, or -1. */
int check_find(const char *name);
/* `zonepolicy build --list-checks`: "NAME SEVERITY PASS", one a line, in
 * table order. */
void checks_list(FILE *out);

/* What the -W switches of one build ask for.  All zero: every check as
 * registered. */
typedef enum CheckLevel { CL_DEFAULT, CL_OFF, CL_ERROR } CheckLevel;

typedef struct CheckSwitches {
	unsigned char level[CK_COUNT];   /* CheckLevel, set by -W no-/error= */
	bool warnings_are_errors;        /* -W error */
} CheckSwitches;

/* Applies one -W argument: "no-NAME", "error=NAME" or "error".  Only a
 * warning can be switched.  Returns 0, or -1 with a message in err (an
 * unknown name, an error check, an unknown form). */
int check_switch(CheckSwitches *sw, const char *arg, char *err, size_t errlen);

/* What a report of check id is under sw (NULL: no switches): SEV_ERROR,
 * SEV_WARNING, or -1 when it is switched off. */
int check_effective(const CheckSwitches *sw, CheckId id);

#endif
