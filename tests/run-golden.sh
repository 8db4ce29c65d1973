#!/bin/sh
# run-golden.sh ZONEPOLICY DIR: golden tests for generated sources.
#
# For each DIR/NAME.zone (whose module is NAME), `zonepolicy build` must
# succeed and write NAME.te, NAME.if, NAME.fc, NAME.cil, NAME.vectors (and
# NAME.semanage or NAME.tmpfiles.conf where made) equal to the files of those
# names in DIR.  UPDATE=1 rewrites the goldens instead
# (review them in the diff).  Prints "N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
zp=$1
dir=$2
t_tmpdir
for zone in "$dir"/*.zone; do
	[ -e "$zone" ] || continue
	name=$(basename "$zone" .zone)
	out="$tmp/$name"
	mkdir -p "$out"
	if ! (cd "$dir" && "$zp" build -o "$out" "$name.zone") 2>"$out/stderr"; then
		echo "FAIL $name: build failed:"
		cat "$out/stderr"
		fail=$((fail + 1))
		continue
	fi
	ok=1
	# every output but the binary .pp has a golden of the same name
	for f in "$out"/"$name".*; do
		b=$(basename "$f")
		case "$b" in *.pp) continue ;; esac
		if [ "${UPDATE:-0}" = 1 ]; then
			cp "$f" "$dir/$b"
		elif [ ! -f "$dir/$b" ]; then
			echo "FAIL $b has no golden in $dir"
			ok=0
		elif ! diff -u "$dir/$b" "$f" >"$out/diff" 2>&1; then
			echo "FAIL $b differs from its golden:"
			head -40 "$out/diff"
			ok=0
		fi
	done
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
t_end golden
