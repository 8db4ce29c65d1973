#!/bin/sh
# run-modules.sh ZONEPOLICY ZONE...: the generated sources committed beside
# each shipped zone must be exactly what the compiler writes now.
# UPDATE=1 rewrites them.  Prints "N passed, N failed".
set -u
. "$(dirname "$0")/lib.sh"
zp=$1
shift
t_tmpdir
for zone in "$@"; do
	dir=$(dirname "$zone")
	mkdir -p "$tmp/$dir"
	if ! (cd "$dir" && "$zp" build --no-pp -o "$tmp/$dir" "$(basename "$zone")"); then
		echo "FAIL $zone: build failed"
		fail=$((fail + 1))
		continue
	fi
	ok=1
	for f in "$tmp/$dir"/*; do
		b=$(basename "$f")
		if [ "${UPDATE:-0}" = 1 ]; then
			cp "$f" "$dir/$b"
		elif ! cmp -s "$f" "$dir/$b"; then
			echo "FAIL $dir/$b is stale: run 'UPDATE=1 make test-modules' and review the diff"
			diff -u "$dir/$b" "$f" 2>&1 | head -20
			ok=0
		fi
	done
	if [ $ok = 1 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
done
t_end modules
