#!/bin/sh
# run.sh: the source layout (docs/architecture.md).
#   1. every source file under the six folders is named in the table of
#      docs/architecture.md, and every file the table names exists;
#   2. each folder's include path (INC_* from the Makefile, passed in the
#      environment) compiles a header of its own and of each folder it may
#      use, and fails on a header of each folder it may not use: a checker
#      source that includes the AST does not build.
# Prints "layout: N passed, N failed".
set -u
CC=${CC:-cc}
. "$(dirname "$0")/../lib.sh"
t_tmpdir
T=$tmp

doc=docs/architecture.md
named=$(grep -oE '`(util|dsl|base|check|gen|cli)/[A-Za-z0-9_.]+`' "$doc" | tr -d '`' | sort -u)
actual=$(ls util/* dsl/* base/* check/* gen/* cli/* | grep -E '\.(c|h|l|y|def|override)$' | sort -u)
missing=$(printf '%s\n' "$actual" | grep -vxF "$named")
stale=$(printf '%s\n' "$named" | grep -vxF "$actual")
[ -z "$missing" ] && ok || bad "sources not in $doc: $(echo $missing)"
[ -z "$stale" ] && ok || bad "$doc names files that do not exist: $(echo $stale)"

# one header of each folder
hdr_util=buf.h hdr_dsl=ast.h hdr_base=basepol.h hdr_check=polview.h hdr_gen=ir.h hdr_cli=cli.h
allowed_util="util"
allowed_dsl="dsl util"
allowed_base="base util"
allowed_check="check base util"
allowed_gen="gen dsl base util"
allowed_cli="cli gen dsl base check util"
probe=$T/probe.c
for from in util dsl base check gen cli; do
	eval "inc=\${INC_$from:-}"
	eval "allowed=\$allowed_$from"
	[ -n "$inc" ] || { bad "INC_$from not set (run through make test-layout)"; continue; }
	for to in util dsl base check gen cli; do
		eval "h=\$hdr_$to"
		printf '#include "%s"\n' "$h" >"$probe"
		# -I for the generated parser headers is not in any INC_: none needed
		if $CC -D_GNU_SOURCE -std=c11 $inc -fsyntax-only "$probe" 2>"$T/err"; then
			built=yes
		else
			built=no
		fi
		case " $allowed " in
		*" $to "*) [ $built = yes ] && ok || bad "$from/ cannot include $to/$h: $(head -n 1 "$T/err")" ;;
		*) [ $built = no ] && ok || bad "$from/ may include $to/$h, which its layer forbids" ;;
		esac
	done
done
t_end layout
