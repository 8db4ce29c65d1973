#!/bin/sh
# link.sh ZONEPOLICY: the policies linked into Debian's base (zonepolicy
# link: offline, neverallow checks on) from the .pp written by libsepol and
# from the one checkmodule and semodule_package make (--pp-tool=checkmodule)
# do not differ, for every shipped module (sediff) and a generated 1000-zone
# file (its linked policies are compared byte for byte first; sediff, which
# needs minutes on 3.7 million rules, only when the bytes differ).  The
# policies linked from .pp and .cil are tests/link's.  Prints
# "ppwrite-link: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
t_tmpdir
python3 bench/genzones.py 1000 gen1k >"$tmp/gen1k.zone" || bad "genzones.py failed"
# sediff A B finds no rule or symbol added, removed or modified (it prints
# only the sections that differ)
sediff_same() {
	sediff --stats "$1" "$2" >"$tmp/sediff" 2>&1
	[ $? -eq 0 ] && ! grep -q '[1-9][0-9]* \(Added\|Removed\|Modified\)' "$tmp/sediff"
}
for zone in modules/*/*.zone "$tmp/gen1k.zone"; do
	name=$(basename "$zone" .zone)
	w="$tmp/$name"
	if ! t_build "$zp" "$zone" "$w/sepol"; then
		bad "$zone: build failed"
		continue
	fi
	mkdir -p "$w/tool"
	if ! "$zp" build --pp-tool=checkmodule -o "$w/tool" "$zone" >"$w/tool.log" 2>&1; then
		bad "$zone: build --pp-tool=checkmodule failed"
		continue
	fi
	# shellcheck disable=SC2086
	if "$zp" link -o "$w/sepol.33" "$w/sepol/$mod.pp" $ports && "$zp" link -o "$w/tool.33" "$w/tool/$mod.pp" $ports
	then ok; else bad "$zone: link failed"; continue; fi
	if [ "$name" = gen1k ] && cmp -s "$w/tool.33" "$w/sepol.33"; then
		ok
	elif sediff_same "$w/tool.33" "$w/sepol.33"; then
		ok
	else
		bad "$zone: the policies linked from the two $mod.pp differ:"
		head -40 "$tmp/sediff"
	fi
	rm -rf "$w"
done
t_end ppwrite-link
