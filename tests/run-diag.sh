#!/bin/sh
# run-diag.sh ZONEPOLICY DIR...: expected-diagnostic tests.
#
# For each NAME.zone in the DIRs, `zonepolicy build` run inside that DIR must
# exit with the status in NAME.status (default 1), print exactly NAME.err on
# standard error (locations included), print nothing on standard output and
# leave its output directory empty.  UPDATE=1 rewrites the .err files.
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
		(cd "$dir" && timeout 60 "$zp" build -o "$out" "$name.zone") >"$tmp/stdout" 2>"$tmp/stderr"
		got=$?
		if [ "${UPDATE:-0}" = 1 ]; then
			cp "$tmp/stderr" "$dir/$name.err"
		fi
		why=""
		[ "$got" = "$want" ] || why="exit status $got, expected $want"
		[ -z "$why" ] && ! cmp -s "$tmp/stderr" "$dir/$name.err" && why="stderr differs"
		[ -z "$why" ] && [ -s "$tmp/stdout" ] && why="wrote to stdout"
		[ -z "$why" ] && [ -n "$(ls -A "$out")" ] && why="left files behind: $(ls -A "$out")"
		if [ -n "$why" ]; then
			echo "FAIL $dir/$name: $why"
			[ -f "$dir/$name.err" ] && diff -u "$dir/$name.err" "$tmp/stderr" | head -30
			fail=$((fail + 1))
		else
			pass=$((pass + 1))
		fi
	done
done
t_end diagnostics
