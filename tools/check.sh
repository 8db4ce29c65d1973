#!/bin/sh
# check.sh MAKE TARGET...: run each test suite, then print the sum of their
# "N passed, N failed" lines as the closing line.  Exits non-zero if any
# suite failed or printed no count.
set -u
make=$1
shift
log=$(mktemp)
trap 'rm -f "$log"' EXIT
pass=0
fail=0
bad=""
for t in "$@"; do
	echo "== $t"
	if ! "$make" --no-print-directory "$t" 2>&1 | tee "$log"; then :; fi
	# tee hides make's status: re-derive it from the suite's own count
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "check: suite $t printed no result"
		bad="$bad $t"
		fail=$((fail + 1))
		continue
	fi
	p=$(echo "$line" | sed -E 's/(^|.*[^0-9])([0-9]+) passed, ([0-9]+) failed.*/\2/')
	f=$(echo "$line" | sed -E 's/(^|.*[^0-9])([0-9]+) passed, ([0-9]+) failed.*/\3/')
	pass=$((pass + p))
	fail=$((fail + f))
	[ "$f" = 0 ] || bad="$bad $t"
done
[ -z "$bad" ] || echo "failed suites:$bad"
echo "total: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ -z "$bad" ]
