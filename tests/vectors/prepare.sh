#!/bin/sh
# prepare.sh ZONEPOLICY WORKDIR ZONE: build ZONE into WORKDIR/NAME/ and link
# it with the Debian reference policy into WORKDIR/NAME/NAME.33 (neverallow
# checks on).  A module with its own port types gets their portcon lines
# too, as local CIL: on a host M.semanage adds them (`semanage port` writes
# the same), and the portcon vectors check them.  Skips both when the policy is newer than the zone file and
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
ports=
if [ -f "$out/$name.semanage" ]; then
	grep '^(portcon' "$out/$name.cil" >"$out/local-ports.cil"
	ports="$out/local-ports.cil"
fi
"$zp" link "$out/$name.pp" $ports -o "$pol" >&2 || exit 1
echo "$pol"
