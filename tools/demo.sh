#!/bin/sh
# demo.sh ZONEPOLICY ZONE OUTDIR: what `make demo` shows a newcomer.
# Compile the zone to a module, link it with Debian's reference policy
# offline (neverallow checks on) and check its vectors on the result.
set -eu
zp=$1
zone=$2
out=$3
mkdir -p "$out"
echo "1. zonepolicy build $zone (with systemd units and a picture)"
mkdir -p "$out/units"
"$zp" build -o "$out" --units "$out/units" --graph "$out/zones.dot" "$zone"
mod=$(sed -n 's/^module \([a-z0-9_]*\) .*/\1/p' "$out"/*.te | head -n 1)
ls -l "$out"
echo
echo "2. zonepolicy link $out/$mod.pp (Debian's full reference policy, offline)"
"$zp" link -o "$out/$mod.policy" "$out/$mod.pp"
echo
if command -v dot >/dev/null 2>&1; then
	dot -Tpng -o "$out/zones.png" "$out/zones.dot"
	echo "   the zones and their flows, drawn: $out/zones.png"
fi
echo
echo "3. zonepolicy check --policy $out/$mod.policy $out/$mod.vectors"
"$zp" check --policy "$out/$mod.policy" "$out/$mod.vectors"
