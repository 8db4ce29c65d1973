#!/bin/sh
# run-diag.sh ZONEPOLICY DIR...: expected-diagnostic tests.
#
# For each NAME.zone in the DIRs, `zonepolicy build` run inside that DIR must
# exit with the status in NAME.status (default 1), print exactly NAME.err on
# standard error (locations included), print nothing on standard output and,
# unless the status is 0, leave its output directory empty.  NAME.args holds
# more `build` arguments, put before the file (@OUT@ stands for the output
# directory), e.g. `-W no-udp-egress`.
#
# Where DIR/list-checks.out exists, `zonepolicy build --list-checks` must
# print exactly it (the registry, dsl/checks.def), with no name twice.
# UPDATE=1 rewrites the .err and list-checks.out files.
# Prints "N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
zp=$1
shift
t_tmpdir
for dir in "$@"; do
	for zone in "$dir"/*.zone; do
		[ -e "$zone" ] || continue
		name=$(basename "$zone" .zone)
		out="$tmp/out.$name"
		mkdir -p "$out"
		want=1
		[ -f "$dir/$name.status" ] && want=$(cat "$dir/$name.status")
		args=""
		[ -f "$dir/$name.args" ] && args=$(sed "s|@OUT@|$out|g" "$dir/$name.args")
		# shellcheck disable=SC2086 # the arguments are words
		(cd "$dir" && timeout 60 "$zp" build $args -o "$out" "$name.zone") >"$tmp/stdout" 2>"$tmp/stderr"
		got=$?
		if [ "${UPDATE:-0}" = 1 ]; then
			cp "$tmp/stderr" "$dir/$name.err"
		fi
		why=""
		[ "$got" = "$want" ] || why="exit status $got, expected $want"
		[ -z "$why" ] && ! cmp -s "$tmp/stderr" "$dir/$name.err" && why="stderr differs"
		[ -z "$why" ] && [ -s "$tmp/stdout" ] && why="wrote to stdout"
		[ -z "$why" ] && [ "$want" != 0 ] && [ -n "$(ls -A "$out")" ] &&
			why="left files behind: $(ls -A "$out")"
		if [ -n "$why" ]; then
			echo "FAIL $dir/$name: $why"
			[ -f "$dir/$name.err" ] && diff -u "$dir/$name.err" "$tmp/stderr" | head -30
			fail=$((fail + 1))
		else
			pass=$((pass + 1))
		fi
	done
	# the registry
	[ -f "$dir/list-checks.out" ] || continue
	"$zp" build --list-checks >"$tmp/checks" 2>&1
	got=$?
	[ "${UPDATE:-0}" = 1 ] && cp "$tmp/checks" "$dir/list-checks.out"
	dup=$(cut -d' ' -f1 "$tmp/checks" | sort | uniq -d)
	if [ $got != 0 ]; then
		bad "$dir/list-checks: exit status $got"
	elif ! cmp -s "$tmp/checks" "$dir/list-checks.out"; then
		bad "$dir/list-checks: --list-checks differs from list-checks.out"
		diff -u "$dir/list-checks.out" "$tmp/checks" | head -30
	elif [ -n "$dup" ]; then
		bad "$dir/list-checks: registered twice: $dup"
	elif grep -qv '^[a-z][a-z0-9-]* \(error\|warning\) [a-z][a-z-]*$' "$tmp/checks"; then
		bad "$dir/list-checks: a line is not 'NAME SEVERITY PASS'"
	else
		ok
	fi
done
t_end diagnostics
