#!/bin/sh
# run-golden.sh ZONEPOLICY DIR: golden tests for generated sources.
#
# For each DIR/NAME.zone (whose module is NAME), `zonepolicy build` must
# succeed and write NAME.te, NAME.if, NAME.fc, NAME.cil and NAME.vectors equal
# to the files of those names in DIR.  UPDATE=1 rewrites the goldens instead
# (review them in the diff).  Prints "N passed, N failed".
set -u
zp=$1
dir=$2
LC_ALL=C
export LC_ALL
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
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
	for ext in te if fc cil vectors; do
		if [ "${UPDATE:-0}" = 1 ]; then
			cp "$out/$name.$ext" "$dir/$name.$ext"
		elif ! diff -u "$dir/$name.$ext" "$out/$name.$ext" >"$out/diff" 2>&1; then
			echo "FAIL $name.$ext differs from its golden:"
			head -40 "$out/diff"
			ok=0
		fi
	done
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
echo "golden: $pass passed, $fail failed"
[ $fail = 0 ]
