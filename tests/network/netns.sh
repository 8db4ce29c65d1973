#!/bin/sh
# tests/network/netns.sh SW_NFT WHONIX_NFT: M.nft's filtering, forwarding and
# NAT with real packets, in network namespaces of this host (run inside
# `unshare -rn`: this shell's namespace plays the host).  The secmark
# objects are taken out (this kernel cannot resolve the module's contexts):
# it proves nftables' part, not SELinux's (docs/network.md).  Each vm, uplink
# host and remote server is a namespace holding a veth whose other end is
# the vm's tap (on the segment's bridge, isolated) or the host's uplink.
# Prints "ok WHAT" or "FAIL WHAT" per check.
set -u
sw=$1
whonix=$2
pids=""
trap 'for p in $pids; do kill "$p" 2>/dev/null; done' EXIT
ns() { # ns NAME: a namespace held by a sleeping process; sets $pid
	unshare -n sleep 300 &
	pid=$!
	pids="$pids $pid"
	sleep 0.2
}
inns() { p=$1; shift; nsenter -t "$p" -n "$@"; }
# peer HOSTIF PID ADDR/P GW: a veth, HOSTIF here, its peer in PID's namespace
peer() {
	ip link add "$1" type veth peer name e0
	ip link set e0 netns "$2"
	inns "$2" ip link set lo up
	inns "$2" ip addr add "$3" dev e0
	inns "$2" ip link set e0 up
	inns "$2" ip route add default via "$4"
	ip link set "$1" up
}
serve() { # serve PID PORT: answers "hello" on tcp PORT
	inns "$1" socat "TCP-LISTEN:$2,reuseaddr,fork" SYSTEM:'echo hello' &
	pids="$pids $!"
}
reach() { inns "$1" socat -T 2 -u "TCP:$2:$3,connect-timeout=2" - 2>/dev/null | grep -q hello; }
expect() { # expect yes|no WHAT PID ADDR PORT
	if reach "$3" "$4" "$5"; then got=yes; else got=no; fi
	if [ "$got" = "$1" ]; then echo "ok $2"; else echo "FAIL $2 (reached: $got)"; fi
}
strip() {
	awk '/^\tsecmark [a-z0-9_]+ \{$/ { skip = 1 } skip && /^\t}$/ { skip = 0; next } !skip' "$1" |
		sed 's/meta secmark set "[a-z0-9_]*"/counter/'
}

ip link set lo up
echo 1 >/proc/sys/net/ipv4/ip_forward
# sw: two segments, each with its uplink and a server behind it
for b in "sw-office 10.10.1.1/24" "sw-inet 10.10.2.1/24"; do
	set -- $b
	ip link add "$1" type bridge
	ip addr add "$2" dev "$1"
	ip link set "$1" up
done
ns; classified=$pid; peer sw-t4 "$classified" 10.10.1.2/24 10.10.1.1
ns; general=$pid; peer sw-t5 "$general" 10.10.2.2/24 10.10.2.1
ip link set sw-t4 master sw-office
ip link set sw-t5 master sw-inet
ns; org=$pid; peer eth1 "$org" 192.0.2.10/24 192.0.2.1
ns; net=$pid; peer eth2 "$net" 198.51.100.10/24 198.51.100.1
ip addr add 192.0.2.1/24 dev eth1
ip addr add 198.51.100.1/24 dev eth2
for p in $classified $general $org $net; do serve "$p" 7; done
serve $$ 7
sleep 0.5
# without the ruleset the host forwards between the segments: the checks can fail
expect yes "no ruleset: classified reaches general" "$classified" 10.10.2.2 7
strip "$sw" | nft -f - || echo "FAIL sw.nft does not load"
expect yes "classified reaches the organisation's server" "$classified" 192.0.2.10 7
expect no "classified does not reach the Internet" "$classified" 198.51.100.10 7
expect yes "general reaches the Internet" "$general" 198.51.100.10 7
expect no "general does not reach the organisation's server" "$general" 192.0.2.10 7
expect no "classified does not reach general" "$classified" 10.10.2.2 7
expect no "general does not reach classified" "$general" 10.10.1.2 7
expect no "classified does not reach the host" "$classified" 10.10.1.1 7
expect no "the Internet does not reach general" "$net" 10.10.2.2 7
# masquerade: the server sees the uplink's address
inns "$org" socat TCP-LISTEN:8,reuseaddr SYSTEM:'echo hello; echo $SOCAT_PEERADDR >&2' 2>"${TMPDIR:-/tmp}/peer.$$" &
pids="$pids $!"
sleep 0.3
reach "$classified" 192.0.2.10 8
if grep -qx 192.0.2.1 "${TMPDIR:-/tmp}/peer.$$"; then echo "ok classified is masqueraded on eth1"; else
	echo "FAIL classified is not masqueraded on eth1: $(cat "${TMPDIR:-/tmp}/peer.$$")"; fi
rm -f "${TMPDIR:-/tmp}/peer.$$"
nft delete table inet sw

# whonix: two workstations on the internal segment, isolated ports; the
# gateway listens on the host
ip link add whonix-internal type bridge
ip addr add 10.152.152.10/18 dev whonix-internal
ip link set whonix-internal up
ns; ws=$pid; peer whonix-t2 "$ws" 10.152.152.11/18 10.152.152.10
ns; anon=$pid; peer whonix-t3 "$anon" 10.152.152.12/18 10.152.152.10
for t in whonix-t2 whonix-t3; do
	ip link set "$t" master whonix-internal
	ip link set dev "$t" type bridge_slave isolated on
done
serve $$ 9150
serve "$anon" 7
strip "$whonix" | nft -f - || echo "FAIL whonix.nft does not load"
sleep 0.3
expect yes "the workstation reaches the gateway's SOCKS port" "$ws" 10.152.152.10 9150
expect no "the workstation does not reach another port of the host" "$ws" 10.152.152.10 7
expect no "the workstation does not reach the other workstation" "$ws" 10.152.152.12 7
expect no "the workstation does not reach the Internet" "$ws" 198.51.100.10 7
