#!/bin/sh
# run.sh ZONEPOLICY FCMATCH DIR AGREE ZONE...: for every zone that compiles,
# the generated .fc, loaded by libselinux's matcher (fcmatch.c), gives each
# of its paths the intended type and look-alike paths another one (cases.py
# derives both from the .zone text).  Zones that do not compile (error
# tests) are skipped.  Then the base's side (agree.c): the type base/basefc.c
# gives each path, as a directory and as a file, is libselinux's, for the
# base file contexts' literal paths, every path the zones name and the
# host's files four levels deep (one case).  Prints "fcmatch: N passed,
# N failed" (one case a line).
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1 fcm=$2 dir=$3 agree=$4
shift 4
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

basefc=/etc/selinux/default/contexts/files/file_contexts
if [ -r "$basefc" ]; then
	{
		grep -o '^/[^[:space:]]*' "$basefc" | grep -v '[].^$?*+|({[\\]'
		cat "$@" tests/hostile/exact/*.zone 2>/dev/null | grep -ao '"/[^"]*"' | tr -d '"'
		find / -xdev -maxdepth 4 \( -path /proc -o -path /sys -o -path /dev -o -path /tmp \
			-o -path /work \) -prune -o -print 2>/dev/null
	} | sort -u >"$dir/agree.paths"
	rm -rf "$dir/agree.cache"
	line=$(ZONEPOLICY_CACHE="$dir/agree.cache" "$agree" "$basefc" <"$dir/agree.paths" 2>&1 |
		tee "$dir/agree.out" | tail -n 1)
	grep '^FAIL' "$dir/agree.out" | head -20
	echo "fcmatch: base file contexts: $line ($(wc -l <"$dir/agree.paths") paths)"
	case $line in
	"agree: "*" passed, 0 failed") ok ;;
	*) bad "basefc disagrees with libselinux: $line" ;;
	esac
else
	bad "no base file contexts at $basefc: basefc's agreement with libselinux is untested"
fi
t_end fcmatch
