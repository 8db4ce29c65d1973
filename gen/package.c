/* package.c: M.te + M.fc -> M.pp through checkmodule and semodule_package
 * (see package.h). */
#include "package.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out.h"
#include "run.h"

int package_pp(const char *module, const Buf *te, const Buf *fc, Buf *pp, char *err, size_t errlen)
{
	char *dir = make_tmpdir(err, errlen);
	if (!dir)
		return -1;
	int rc = -1;
	char tep[4096], fcp[4096], modp[4096], ppp[4096];
	snprintf(tep, sizeof tep, "%s/%s.te", dir, module);
	snprintf(fcp, sizeof fcp, "%s/%s.fc", dir, module);
	snprintf(modp, sizeof modp, "%s/%s.mod", dir, module);
	snprintf(ppp, sizeof ppp, "%s/%s.pp", dir, module);
	OutSet o;
	if (out_begin(&o, dir) || out_write_from(&o, strrchr(tep, '/') + 1, te->spill, te->data, te->len) ||
	    out_write_from(&o, strrchr(fcp, '/') + 1, fc->spill, fc->data, fc->len) || out_commit(&o)) {
		snprintf(err, errlen, "%s", o.err);
		out_abort(&o);
		goto done;
	}
	Buf log = { 0 };
	char *cm[] = { "checkmodule", "-M", "-m", "-o", modp, tep, NULL };
	char *sp[] = { "semodule_package", "-o", ppp, "-m", modp, "-f", fcp, NULL };
	char terr[512];
	if (run_tool(cm, &log, terr, sizeof terr) != 0 || run_tool(sp, &log, terr, sizeof terr) != 0) {
		snprintf(err, errlen, "%s%s%s", terr,
			 strstr(terr, "cannot run") ? " (install checkpolicy and semodule-utils)" : ":\n",
			 strstr(terr, "cannot run") ? "" : buf_str(&log));
		buf_free(&log);
		goto done;
	}
	buf_free(&log);
	size_t len;
	char *data = read_file(ppp, 1u << 30, &len, err, errlen);
	if (!data)
		goto done;
	buf_put(pp, data, len);
	free(data);
	rc = 0;
done:
	remove_tree(dir);
	free(dir);
	return rc;
}
