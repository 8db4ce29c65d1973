#!/bin/sh
# run.sh ZONEPOLICY WORKDIR ZONE...: build and link every shipped
# module with Debian's reference policy, then `zonepolicy check` all of its
# vectors.  Counts vectors; a module that does not build or link counts as
# one failure.  Then the portcon vectors must see two labels for one port:
# tests/golden/crossports.zone passes its vectors, and fails exactly its
# `portcon tcp 9777` ones once a portcon of another zone's type for that
# port is linked before the listener's (what two zones' portcons for one
# port did before ports had one type).  And `noflow` sees egress to the
# listener's port as a flow into the listener, as for `net via`; between
# the two zones whose egress shares a port type it sees the network they
# share, the packet type M.nft gives what no statement names
# (docs/network.md), not the port type.
# Last line: "test-vectors: N passed, N failed".
set -u
here=$(dirname "$0")
. "$here/../lib.sh"
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
	"$zp" check --stats --policy "$pol" "$work/$name/$name.vectors" > "$work/$name/check.txt" 2> "$work/$name/check.err"
	rc=$?
	grep -v '^[0-9]* passed, [0-9]* failed$' "$work/$name/check.txt"
	line=$(tail -n 1 "$work/$name/check.txt")
	if ! t_count "$line" "$rc"; then
		echo "FAIL $zone: zonepolicy check exited $rc"
		cat "$work/$name/check.err"
		continue
	fi
	echo "$zone: $line ($(sed 's/^check: //' "$work/$name/check.err"))"
done

cross=$here/../golden/crossports.zone
if t_linked "$zp" "$work" "$cross"; then
	cw=$work/crossports
	if "$zp" check --policy "$pol" "$cw/crossports.vectors" >"$cw/check.txt"; then
		ok
	else
		bad "crossports: vectors fail on the linked policy:"
		cat "$cw/check.txt"
	fi
	{
		grep '^# zonepolicy:' "$cw/crossports.vectors"
		echo 'noflow crossports_a_t crossports_srv_t'
		echo 'noflow crossports_a_t crossports_b_t'
		echo 'noflow crossports_b_t crossports_a_t'
	} >"$cw/egress-flow.vectors"
	"$zp" check --policy "$pol" "$cw/egress-flow.vectors" >"$cw/egress-flow.txt"
	if grep -q 'crossports_a_t writes crossports_srv_port_t' "$cw/egress-flow.txt" &&
	   grep -q 'crossports_a_t writes crossports_host_packet_t' "$cw/egress-flow.txt" &&
	   ! grep -q 'crossports_[ab]_t writes crossports_970' "$cw/egress-flow.txt" &&
	   grep -q '^0 passed, 3 failed$' "$cw/egress-flow.txt"; then
		ok
	else
		bad "crossports: noflow does not see a's egress to srv's port, and a and b's shared network (not their shared port type), as flows:"
		cat "$cw/egress-flow.txt"
	fi
	if conflict=$(sh "$here/conflict.sh" "$zp" "$work" 2>"$cw/conflict.log"); then
		"$zp" check --policy "$conflict" "$cw/crossports.vectors" >"$cw/conflict.txt"
		failed=$(sed -n 's/^[^ ]*:[0-9]*: FAIL: //p' "$cw/conflict.txt" | sed 's/  #.*//' | sort -u)
		if [ "$failed" = "portcon tcp 9777 crossports_srv_port_t" ] &&
		   grep -q 'tcp 9777 is labelled crossports_a_port_t' "$cw/conflict.txt"; then
			ok
		else
			bad "crossports: a second portcon for tcp 9777 is not caught by exactly its portcon vectors:"
			cat "$cw/conflict.txt"
		fi
	else
		bad "crossports: the conflicting link failed:"
		cat "$cw/conflict.log"
	fi
else
	bad "crossports: build or link failed"
fi
t_end test-vectors
