/* profile.c: the base profiles (see profile.h). */
#include "profile.h"
#include "xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cache.h"
#include "out.h"

#define SELINUX_CONFIG "/etc/selinux/config"

/* SELINUXTYPE in the host's /etc/selinux/config, or "" */
static void host_type(char *out, size_t n)
{
	out[0] = '\0';
	const char *conf = getenv("ZONEPOLICY_SELINUX_CONFIG"); /* tests: another host's */
	FILE *f = fopen(conf && *conf ? conf : SELINUX_CONFIG, "r");
	if (!f)
		return;
	char line[512];
	while (fgets(line, sizeof line, f)) {
		char *s = line;
		while (*s == ' ' || *s == '\t')
			s++;
		if (strncmp(s, "SELINUXTYPE=", 12) != 0)
			continue;
		s += 12;
		size_t k = strcspn(s, " \t\r\n#");
		snprintf(out, n, "%.*s", (int)(k < n ? k : n - 1), s);
	}
	fclose(f);
}

const char *profile_host_default(void)
{
	char t[128];
	host_type(t, sizeof t);
	return strcmp(t, "targeted") == 0 ? "fedora" : "debian";
}

static char *under(const char *root, const char *rel)
{
	return path_join(root, rel);
}

static char *fedora_root(void)
{
	const char *env = getenv("ZONEPOLICY_FEDORA_ROOT");
	if (env && *env)
		return xstrdup(env);
	if (access("/etc/selinux/targeted/policy", F_OK) == 0 &&
	    access("/var/lib/selinux/targeted/active/modules", F_OK) == 0)
		return xstrdup("/");
	char *cache = cache_dir();
	char *r = path_join(cache, "fedora");
	free(cache);
	return r;
}

int profile_open(BaseProfile *p, const char *name, char *err, size_t errlen)
{
	memset(p, 0, sizeof *p);
	if (!name)
		name = profile_host_default();
	p->permmap = PERMMAP_DEFAULT;
	if (strcmp(name, "debian") == 0) {
		p->name = "debian";
		p->store_name = "default";
		p->root = xstrdup("/");
		p->policy = xstrdup(BASEPOL_DEFAULT);
		p->fc = xstrdup(BASEFC_DEFAULT);
		p->modules = xstrdup(DEFAULT_BASE_MODULES);
		p->headers = xstrdup(DEFAULT_BASE_HEADERS);
		p->packages = xstrdup(STORE_BASE_DIR);
		p->base_neverallows = true;
		return 0;
	}
	if (strcmp(name, "fedora") == 0) {
		p->name = "fedora";
		p->store_name = "targeted";
		p->root = fedora_root();
		p->policy = under(p->root, "etc/selinux/targeted/policy/policy.33");
		p->fc = under(p->root, "etc/selinux/targeted/contexts/files/file_contexts");
		p->modules = under(p->root, "var/lib/selinux/targeted/active/modules");
		p->headers = under(p->root, "usr/share/selinux/devel/include");
		p->store = xstrdup(p->root);
		p->base_neverallows = false;
		return 0;
	}
	snprintf(err, errlen, "unknown base profile '%s' (known: " PROFILE_NAMES ")", name);
	return -1;
}

void profile_free(BaseProfile *p)
{
	free(p->root);
	free(p->policy);
	free(p->fc);
	free(p->modules);
	free(p->headers);
	free(p->packages);
	free(p->store);
	memset(p, 0, sizeof *p);
}
