#!/bin/sh
# tests/learn/run.sh BIN: `zonepolicy learn` on the denials recorded in
# real trials (tests/learn/README.md says how each was recorded).  Each
# case runs learn in this directory and compares its standard output with
# a golden, NAME.out; UPDATE=1 rewrites the goldens.  Then the statuses:
# a usage error, a log that cannot be read, a file that does not build.
set -u
. "$(dirname "$0")/../lib.sh"
bin=$1
cd "$(dirname "$0")" || exit 1
t_tmpdir

# NAME GOLDEN ARGS...: learn ARGS, standard output against GOLDEN.out
case_() {
	name=$1 golden=$2
	shift 2
	if ! "$bin" learn "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"; then
		bad "$name: learn $*: exit status $?: $(head -n 3 "$tmp/$name.err")"
		return
	fi
	if [ "${UPDATE:-}" = 1 ] && [ "$name" = "$golden" ]; then
		cp "$tmp/$name.out" "$golden.out"
	fi
	if cmp -s "$tmp/$name.out" "$golden.out"; then
		ok
	else
		bad "$name: learn $* differs from $golden.out:"
		diff "$golden.out" "$tmp/$name.out" | head -n 20
	fi
}

# the cut: each removed statement found again, the rest refused or
# inexpressible, with the reason
case_ ltrial-cut ltrial-cut ltrial-cut.zone ltrial-cut.dmesg
# the same records from standard input, and as journal lines
case_ ltrial-stdin ltrial-cut ltrial-cut.zone <ltrial-cut.dmesg
case_ ltrial-journal ltrial-cut ltrial-cut.zone ltrial-cut.journal
# the same as JSON, which must parse
case_ ltrial-json ltrial-json --json ltrial-cut.zone ltrial-cut.dmesg
python3 -m json.tool ltrial-json.out >/dev/null 2>"$tmp/json.err" && ok ||
	bad "learn --json: not JSON: $(head -n 3 "$tmp/json.err")"
# the enforcing pass alone, as a host logs it: only the first refusal of
# each access shows, often by its last component; the module's own files
# are placed by their file contexts
grep 'permissive=0' ltrial-cut.dmesg >"$tmp/enforcing.dmesg"
case_ ltrial-enforcing ltrial-enforcing ltrial-cut.zone "$tmp/enforcing.dmesg"
# the whole file: what the cut took away is granted already
case_ ltrial-whole ltrial-whole ltrial.zone ltrial-cut.dmesg
# audit.log records that name a file only by its last component: placed by
# their PATH records, unplaced without
case_ ltrial-path ltrial-path ltrial-cut.zone ltrial-path.audit.log
case_ ltrial-nopath ltrial-nopath ltrial-cut.zone ltrial-nopath.audit.log
# the shipped proxyhost module's trial: its refused steps and its harmless
# probes
case_ proxyhost proxyhost ../../modules/proxyhost/proxyhost.zone proxyhost.dmesg
# written by hand (README): the candidate kinds the trials did not reach
case_ written-sw written-sw ../../modules/sw/sw.zone written-sw.log
# another module's records: not this module's domains
case_ foreign foreign ltrial-cut.zone socks.dmesg

# memcheck: the report on the largest input, candidate builds included
if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
	--log-file="$tmp/vg.log" "$bin" learn ltrial-cut.zone ltrial-cut.dmesg ltrial-path.audit.log \
	>/dev/null 2>&1; then
	ok
else
	bad "learn under valgrind: $(head -n 20 "$tmp/vg.log")"
fi

# statuses
"$bin" learn >/dev/null 2>&1
[ $? = 2 ] && ok || bad "learn without a file: not a usage error (2)"
"$bin" learn ltrial-cut.zone "$tmp/no-such.log" >/dev/null 2>"$tmp/err"
[ $? = 1 ] && grep -q 'cannot read' "$tmp/err" && ok || bad "learn with a missing log: not status 1 with a message"
printf 'module x 1.0;\nprogram a { }\n' >"$tmp/bad.zone"
"$bin" learn "$tmp/bad.zone" ltrial-cut.dmesg >"$tmp/out" 2>"$tmp/err"
[ $? = 1 ] && [ ! -s "$tmp/out" ] && grep -q 'error:' "$tmp/err" && ok ||
	bad "learn on a file with errors: not status 1 with its diagnostics and no report"
t_end learn
