#!/bin/sh
# conflict.sh ZONEPOLICY WORKDIR: the policy of tests/golden/crossports.zone
# with one portcon too many: tcp 9777 labelled with zone a's port type
# before the listener's (what two zones' portcons for one port gave before
# each port had one type).  Builds and links crossports first (t_linked);
# relinks only when that policy is newer.  Prints the conflicting policy's
# path; exit 1 with the tools' output on stderr when anything fails.
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
work=$2
here=$(dirname "$0")
t_linked "$zp" "$work" "$here/../golden/crossports.zone" || exit 1
cw=$work/crossports
out=$cw/conflict.33
if [ -f "$out" ] && [ "$out" -nt "$pol" ]; then
	echo "$out"
	exit 0
fi
{
	echo '(portcon tcp 9777 (system_u object_r crossports_a_port_t ((s0) (s0))))'
	cat "$cw/local-ports.cil"
} >"$cw/conflict-ports.cil"
"$zp" link "$cw/crossports.pp" "$cw/conflict-ports.cil" -o "$out" >&2 || exit 1
echo "$out"
