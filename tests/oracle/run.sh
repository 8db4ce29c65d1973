#!/bin/sh
# run.sh ZONEPOLICY WORKDIR ZONE...: judge every shipped module's
# vectors a second time with setools (tests/oracle/oracle.py, plus a few
# real sesearch runs) on the same linked policy, and compare the verdicts
# with `zonepolicy check --json` line by line.  Counts vectors (passed = both
# agree).  Last line: "test-oracle: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
work=$2
shift 2
here=$(dirname "$0")
for zone in "$@"; do
	name=$(basename "$zone" .zone)
	if ! t_linked "$zp" "$work" "$zone"; then
		echo "FAIL $zone: build or link failed"
		fail=$((fail + 1))
		continue
	fi
	vec=$work/$name/$name.vectors
	"$zp" check --json --policy "$pol" "$vec" > "$work/$name/check.json"
	/usr/bin/python3 "$here/oracle.py" "$pol" "$vec" "$work/$name/check.json" > "$work/$name/oracle.txt" 2>&1
	rc=$?
	grep -v '^[0-9]* passed, [0-9]* failed$' "$work/$name/oracle.txt"
	line=$(tail -n 1 "$work/$name/oracle.txt")
	p=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
	f=$(echo "$line" | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
	if [ -z "$p" ] || { [ "$rc" != 0 ] && [ "$f" = 0 ]; }; then
		echo "FAIL $zone: oracle.py exited $rc"
		fail=$((fail + 1))
		continue
	fi
	echo "$zone: $line"
	pass=$((pass + p))
	fail=$((fail + f))
done
t_end test-oracle
