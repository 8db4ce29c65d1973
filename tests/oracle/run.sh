#!/bin/sh
# run.sh ZONEPOLICY WORKDIR ZONE...: judge every shipped module's
# vectors a second time with setools (tests/oracle/oracle.py, plus a few
# real sesearch runs) on the same linked policy, and compare the verdicts
# with `zonepolicy check --json` line by line.  Then the same for
# tests/golden/crossports.zone (ports across zones) on its own policy and on
# the policy with a second portcon for one port (conflict.sh), where both
# must fail the same portcon vectors (there without sesearch spot checks,
# which the shipped modules already make).  Counts vectors (passed = both
# agree).  Last line: "test-oracle: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
work=$2
shift 2
here=$(dirname "$0")
# judge ZONE POLICY TAG: oracle.py against check --json, counted
judge() {
	name=$(basename "$1" .zone)
	vec=$work/$name/$name.vectors
	"$zp" check --json --policy "$2" "$vec" > "$work/$name/check$3.json"
	ORACLE_SPOT_MAX=$spot /usr/bin/python3 "$here/oracle.py" "$2" "$vec" "$work/$name/check$3.json" \
		base/permmap.override > "$work/$name/oracle$3.txt" 2>&1
	rc=$?
	grep -v '^[0-9]* passed, [0-9]* failed$' "$work/$name/oracle$3.txt"
	line=$(tail -n 1 "$work/$name/oracle$3.txt")
	if ! t_count "$line" "$rc"; then
		echo "FAIL $1$3: oracle.py exited $rc"
		return
	fi
	echo "$1$3: $line"
}
spot=8
for zone in "$@" "$here/../golden/crossports.zone"; do
	case $zone in *crossports.zone) spot=0 ;; esac
	if ! t_linked "$zp" "$work" "$zone"; then
		echo "FAIL $zone: build or link failed"
		fail=$((fail + 1))
		continue
	fi
	judge "$zone" "$pol" ""
done
if conflict=$(sh "$here/../vectors/conflict.sh" "$zp" "$work"); then
	judge "$here/../golden/crossports.zone" "$conflict" "-conflict"
	grep -q '"kind": "portcon", "vector": "portcon tcp 9777 crossports_srv_port_t".*"pass": false' \
		"$work/crossports/check-conflict.json" ||
		bad "crossports: check --json does not fail the conflicting port"
else
	bad "crossports: the conflicting link failed"
fi
t_end test-oracle
