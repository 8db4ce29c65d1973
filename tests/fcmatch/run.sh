#!/bin/sh
# run.sh ZONEPOLICY FCMATCH DIR ZONE...: for every zone that compiles, the
# generated .fc, loaded by libselinux's matcher (fcmatch.c), gives each of
# its paths the intended type and look-alike paths another one (cases.py
# derives both from the .zone text).  Zones that do not compile (error
# tests) are skipped.  Prints "fcmatch: N passed, N failed" (one case a line).
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1 fcm=$2 dir=$3
shift 3
here=$(dirname "$0")
zones=0
rm -rf "$dir/out"
mkdir -p "$dir/out"
for z in "$@" tests/hostile/exact/*.zone; do
	[ -f "$z" ] || continue
	o="$dir/out/$(echo "$z" | tr / _)"
	mkdir -p "$o"
	"$zp" build --no-pp -o "$o" "$z" >/dev/null 2>&1 || continue
	fc=$(ls "$o"/*.fc | head -n 1)
	python3 "$here/cases.py" "$z" >"$o/cases"
	if "$fcm" "$fc" <"$o/cases" >"$o/result" 2>&1; then :; else
		echo "== $z"
		grep -v 'passed,' "$o/result" | head -20
	fi
	line=$(tail -n 1 "$o/result")
	t_count "$line" 0 || :
	zones=$((zones + 1))
done
echo "fcmatch: $zones zones"
t_end fcmatch
