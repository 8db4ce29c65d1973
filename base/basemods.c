/* basemods.c: the base policy's module names (see basemods.h). */
#include "basemods.h"
#include "xalloc.h"

#include <stdlib.h>
#include <string.h>

#include "out.h"

/* Base module names, one a line; NULL-terminated array, or NULL if unreadable. */
const char **base_modules_load(const char *path, char **text)
{
	char err[256];
	size_t len;
	*text = read_file(path, 1u << 20, &len, err, sizeof err);
	if (!*text)
		return NULL;
	size_t n = 1;
	for (size_t i = 0; i < len; i++)
		n += (*text)[i] == '\n';
	const char **v = xcalloc(n + 1, sizeof *v);
	size_t k = 0;
	for (char *save = NULL, *tok = strtok_r(*text, " \t\r\n", &save); tok;
	     tok = strtok_r(NULL, " \t\r\n", &save))
		v[k++] = tok;
	return v;
}
