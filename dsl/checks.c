/* checks.c: the diagnostic registry and the -W switches (see checks.h). */
#include "checks.h"

#include <string.h>

static const char *const pass_names[PASS_COUNT] = {
#define PASS(id, name) [PASS_##id] = name,
#include "checks.def"
};

static const Check checks[CK_COUNT] = {
#define CHECK(id, name, severity, pass) [CK_##id] = { name, SEV_##severity, PASS_##pass },
#include "checks.def"
};

const Check *check_get(CheckId id)
{
	return (unsigned)id < CK_COUNT ? &checks[id] : NULL;
}

const char *pass_name(Pass p)
{
	return (unsigned)p < PASS_COUNT ? pass_names[p] : "?";
}

int check_find(const char *name)
{
	for (int i = 0; i < CK_COUNT; i++)
		if (strcmp(checks[i].name, name) == 0)
			return i;
	return -1;
}

void checks_list(FILE *out)
{
	for (int i = 0; i < CK_COUNT; i++)
		fprintf(out, "%s %s %s\n", checks[i].name,
			checks[i].severity == SEV_ERROR ? "error" : "warning", pass_names[checks[i].pass]);
}

int check_switch(CheckSwitches *sw, const char *arg, char *err, size_t errlen)
{
	if (strcmp(arg, "error") == 0) {
		sw->warnings_are_errors = true;
		return 0;
	}
	CheckLevel level;
	const char *name;
	if (strncmp(arg, "no-", 3) == 0) {
		level = CL_OFF;
		name = arg + 3;
	} else if (strncmp(arg, "error=", 6) == 0) {
		level = CL_ERROR;
		name = arg + 6;
	} else {
		snprintf(err, errlen, "-W %s: expected -W no-NAME, -W error=NAME or -W error", arg);
		return -1;
	}
	int id = check_find(name);
	if (id < 0) {
		snprintf(err, errlen, "-W %s: there is no check named '%s' "
			 "(zonepolicy build --list-checks lists them)", arg, name);
		return -1;
	}
	if (checks[id].severity == SEV_ERROR) {
		snprintf(err, errlen, "-W %s: '%s' is an error, and errors cannot be switched; "
			 "only warnings can", arg, name);
		return -1;
	}
	sw->level[id] = (unsigned char)level;
	return 0;
}

int check_effective(const CheckSwitches *sw, CheckId id)
{
	Severity sev = checks[id].severity;
	if (sev == SEV_ERROR || !sw)
		return (int)sev;
	if (sw->level[id] == CL_OFF)
		return -1;
	if (sw->level[id] == CL_ERROR || sw->warnings_are_errors)
		return SEV_ERROR;
	return SEV_WARNING;
}
