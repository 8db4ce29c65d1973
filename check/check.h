/* check.h: the vector checker (spec section 6).
 *
 * Reads a vectors file and judges each vector against a binary kernel policy
 * (nothing else: never the module it checks):
 *
 *   allow/deny  the access vector libsepol computes for the pair (attributes,
 *               conditional rules at their stored values, constraints);
 *   trans       type_transition SRC EXEC:process -> NEW, and SRC may
 *               transition to NEW, NEW may enter through EXEC, SRC may
 *               execute EXEC; notrans: not all four;
 *   noflow      flow.c's analysis, with the module, launcher and trusted
 *               zones from the header line
 *               `# zonepolicy: module NAME launcher TYPE|- trusted TYPE...`;
 *   portcon     the port's label in the port ocontexts (portcheck.c).
 *   policycap   the policy capability NAME is on (verdict.c).
 *
 * vecfile.c reads the file, verdict.c judges, report.c prints.
 */
#ifndef ZP_CHECK_H
#define ZP_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "flow.h"
#include "polview.h"

enum { MAX_TOK = 40 };

typedef enum { V_ALLOW, V_DENY, V_TRANS, V_NOTRANS, V_NOFLOW, V_PORTCON, V_POLICYCAP, V_BAD } VKind;

typedef struct Vector {
	unsigned line;
	VKind kind;
	char *text;            /* the vector, normalised whitespace */
	char *origin;          /* the comment after '#', or "" */
	char *tok[MAX_TOK];
	int ntok;
	bool pass;
	bool open;             /* failed, but only through base-wide grants
	                        * (flow_rule_basewide): the base leaves it open,
	                        * the module cannot close it; never a pass */
	Buf reason;
	FlowStep *path;
	size_t npath;
} Vector;

typedef struct Header {
	bool present;
	char *module, *launcher;
	char **trusted;
	size_t ntrusted;
} Header;

typedef struct Check {
	const char *vfile;
	Policy *pol;
	const PermMap *pm;
	Flow *flow;
	const char *flow_err;
	Header hdr;
	Vector *v;
	size_t n, cap;
	unsigned c_process, c_file;
	uint32_t p_transition, p_entrypoint, p_execute;
	size_t nopen;          /* vectors open in the base (counted apart from
	                        * the failures by the reports) */
} Check;

/* vecfile.c: reads c->vfile into c->v and c->hdr; -1 with a message in err */
int check_read_vectors(Check *c, char *err, size_t errlen);
/* verdict.c: looks up the classes and permissions the verdicts need */
void check_prepare(Check *c);
/* verdict.c: sets v->pass, and v->reason when it fails (v->open when
 * only base-wide grants make it fail) */
void check_evaluate(Check *c, Vector *v);
/* report.c: the JSON report, and the text report (failures, or every
 * vector with verbose), each ending with the pass/fail counts */
void check_report_json(Check *c, const char *policy, Buf *out, size_t pass, size_t failn, bool leaks);
void check_report_text(Check *c, Buf *out, size_t pass, size_t failn, bool verbose, bool leaks);
void check_free(Check *c);

#endif
