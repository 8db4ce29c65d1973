#!/bin/sh
# prepare.sh ZONEPOLICY WORKDIR ZONE: build ZONE into WORKDIR/NAME/ and link
# it with the Debian reference policy into WORKDIR/NAME/NAME.33 (neverallow
# checks on).  Skips both when the policy is newer than the zone file and
# the compiler.  Prints the policy's path; exit 1 (with the tools' output on
# stderr) when building or linking fails.
set -u
zp=$1
work=$2
zone=$3
name=$(basename "$zone" .zone)
out=$work/$name
pol=$out/$name.33
if [ -f "$pol" ] && [ "$pol" -nt "$zone" ] && [ "$pol" -nt "$zp" ]; then
	echo "$pol"
	exit 0
fi
mkdir -p "$out"
rm -f "$pol"
dir=$(dirname "$zone")
(cd "$dir" && "$zp" build -o "$out" "$(basename "$zone")") >&2 || exit 1
"$zp" link "$out/$name.pp" -o "$pol" >&2 || exit 1
echo "$pol"
