/* strvec.h: a growable, NULL-terminated vector of malloc'ed strings (an
 * argv for run_tool, a list of files). */
#ifndef ZP_STRVEC_H
#define ZP_STRVEC_H

#include <stddef.h>

typedef struct StrVec {
	char **v;
	size_t n, cap;
} StrVec;

/* Appends str (taken over). */
void sv_push(StrVec *s, char *str);
void sv_free(StrVec *s);

#endif
