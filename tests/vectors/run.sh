#!/bin/sh
# run.sh ZONEPOLICY WORKDIR ZONE...: build and link every shipped
# module with Debian's reference policy, then `zonepolicy check` all of its
# vectors.  Counts vectors; a module that does not build or link counts as
# one failure.  Last line: "test-vectors: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
work=$2
shift 2
for zone in "$@"; do
	name=$(basename "$zone" .zone)
	if ! t_linked "$zp" "$work" "$zone"; then
		echo "FAIL $zone: build or link failed"
		fail=$((fail + 1))
		continue
	fi
	"$zp" check --stats --policy "$pol" "$work/$name/$name.vectors" > "$work/$name/check.txt" 2> "$work/$name/check.err"
	rc=$?
	grep -v '^[0-9]* passed, [0-9]* failed$' "$work/$name/check.txt"
	line=$(tail -n 1 "$work/$name/check.txt")
	p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ] || { [ "$rc" != 0 ] && [ "$f" = 0 ]; }; then
		echo "FAIL $zone: zonepolicy check exited $rc"
		cat "$work/$name/check.err"
		fail=$((fail + 1))
		continue
	fi
	echo "$zone: $line ($(sed 's/^check: //' "$work/$name/check.err"))"
	pass=$((pass + p))
	fail=$((fail + f))
done
t_end test-vectors
