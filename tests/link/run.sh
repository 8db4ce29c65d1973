#!/bin/sh
# run.sh ZONEPOLICY WORKDIR ZONE...: link every shipped module with
# Debian's full reference policy offline (neverallow checks on), once from its
# .pp and once from its .cil; the two linked policies must not differ
# (sediff), and the rules listed in the zone's link.expect must be present or
# absent in the linked policy (sesearch; "no rule" is empty output, so the
# output is tested, not the exit code).  Prints "N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
work=$2
shift 2
for zone in "$@"; do
	dir=$(dirname "$zone")
	name=$(basename "$dir")
	out="$work/$name"
	if ! t_build "$zp" "$zone" "$out"; then
		bad "$zone: build failed"
		cat "$out/build.log"
		continue
	fi
	# shellcheck disable=SC2086
	if "$zp" link -o "$out/pp.33" "$out/$mod.pp" $ports; then ok; else bad "$zone: link of $mod.pp failed"; continue; fi
	if "$zp" link -o "$out/cil.33" "$out/$mod.cil"; then ok; else bad "$zone: link of $mod.cil failed"; continue; fi
	# equivalence of the two printers: no rule differences at all
	sediff --stats "$out/pp.33" "$out/cil.33" >"$out/sediff" 2>&1
	if [ $? -eq 0 ] && ! grep -q '[1-9][0-9]* \(Added\|Removed\|Modified\)' "$out/sediff"; then
		ok
	else
		bad "$zone: policies linked from $mod.pp and $mod.cil differ:"
		head -40 "$out/sediff"
	fi
	expect="$dir/link.expect"
	[ -f "$expect" ] || continue
	while read -r want args; do
		case "$want" in ''|\#*) continue ;; esac
		# shellcheck disable=SC2086
		got=$(sesearch $args "$out/pp.33" 2>&1)
		if [ $? -ne 0 ]; then
			bad "$zone: sesearch $args: $got"
		elif [ "$want" = present ] && [ -n "$got" ]; then
			ok
		elif [ "$want" = absent ] && [ -z "$got" ]; then
			ok
		else
			bad "$zone: expected $want: sesearch $args"
			echo "$got" | head -5
		fi
	done <"$expect"
done
t_end link
