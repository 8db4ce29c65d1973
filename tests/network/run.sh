#!/bin/sh
# tests/network/run.sh ZONEPOLICY: the generated M.nft (docs/network.md),
# as far as it can be tested without SELinux in the kernel.
#
# For the shipped modules and tests/golden/netzone.zone:
#   - every `meta secmark set "X"` names a secmark object X of the table,
#     and every object's packet type is declared, a packet_type, in M.te
#     and M.cil;
#   - nftables' own parser and the kernel's nf_tables accept the ruleset
#     (`nft -c -f` in a private network namespace), once the secmark
#     objects are taken out: a kernel without SELinux, or without the
#     module loaded, cannot resolve their contexts;
#   - the order that keeps segments apart: in the forward chain, nothing
#     new enters a segment (`oifname "M-S" drop`) before any `reach` lets
#     something out; a whonix workstation reaches the host only at the
#     gateway's SOCKS port;
#   - real packets (netns.sh, in network namespaces with veth pairs and
#     bridges): sw's segments reach only their uplink's server, never each
#     other in either direction, nothing reaches them from outside, and
#     classified is masqueraded; a whonix workstation reaches the gateway's
#     SOCKS port at the host's address and nothing else.  Without the
#     ruleset the host forwards between the segments (the check can fail).
# And the checks themselves: a ruleset naming an undeclared secmark object,
# and one with a bad prefix, must each be refused.
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
t_tmpdir
T=$(printf '\t')
if ! command -v nft >/dev/null || ! unshare -rn true 2>/dev/null; then
	bad "nft (package nftables) or unshare -rn is missing"
	t_end network
	exit
fi

# strip FILE: the ruleset without its secmark objects and statements
strip() {
	awk '/^\tsecmark [a-z0-9_]+ \{$/ { skip = 1 } skip && /^\t}$/ { skip = 0; next } !skip' "$1" |
		sed 's/meta secmark set "[a-z0-9_]*"/counter/'
}

# refs FILE TE: each secmark set names an object; each object's type is the
# module's packet type.  Prints what is wrong.
refs() {
	objs=$(sed -n 's/^\tsecmark \([a-z0-9_]*\) {$/\1/p' "$1")
	for r in $(sed -n 's/.*meta secmark set "\([a-z0-9_]*\)".*/\1/p' "$1" | sort -u); do
		echo "$objs" | grep -qx "$r" || echo "secmark set \"$r\": no such object"
	done
	for t in $(sed -n 's/.*"system_u:object_r:\([a-z0-9_]*\):s0".*/\1/p' "$1"); do
		grep -q "^type $t, packet_type;" "$2" || echo "$t: not a packet type of the module"
	done
}

for zone in "$here"/modules/*/*.zone "$here"/tests/golden/netzone.zone; do
	name=$(basename "$zone" .zone)
	out=$tmp/$name
	if ! t_build "$zp" "$zone" "$out"; then
		bad "$zone: build failed"
		cat "$out/build.log"
		continue
	fi
	nftf=$out/$mod.nft
	if [ ! -f "$nftf" ]; then
		grep -q '^ *net \|^segment ' "$zone" && bad "$zone: no $mod.nft" || ok
		continue
	fi
	problems=$(refs "$nftf" "$out/$mod.te")
	if [ -z "$problems" ] && [ -n "$(sed -n '/secmark set/p' "$nftf")" ]; then ok; else bad "$zone: $problems"; fi
	for t in $(sed -n 's/.*"system_u:object_r:\([a-z0-9_]*\):s0".*/\1/p' "$nftf"); do
		grep -q "(typeattributeset packet_type ($t))" "$out/$mod.cil" || { bad "$zone: $t not in $mod.cil"; continue 2; }
	done
	ok
	strip "$nftf" >"$out/stripped.nft"
	if unshare -rn nft -c -f "$out/stripped.nft" 2>"$out/nft.err"; then ok; else bad "$zone: nft -c refuses $mod.nft:"; cat "$out/nft.err"; fi
	# segments: every `oifname "M-S" drop` comes before the first reach accept
	first_accept=$(grep -n 'ct state new accept' "$nftf" | head -n 1 | cut -d: -f1)
	last_in=$(grep -n "^$T${T}oifname \"[^\"]*\" drop\$" "$nftf" | tail -n 1 | cut -d: -f1)
	if [ -z "$first_accept" ] || [ -z "$last_in" ] || [ "$last_in" -lt "$first_accept" ]; then ok; else
		bad "$zone: a reach is accepted before a segment is closed to new packets"
	fi
done

# whonix: the workstations' segment reaches the host at the SOCKS port only
w=$tmp/whonix/whonix.nft
acc=$(grep 'iifname "whonix-internal".* accept$' "$w" | grep -v 'established,related')
if [ "$acc" = '		iifname "whonix-internal" ip daddr 10.152.152.10 tcp dport 9150 accept' ]; then ok; else
	bad "whonix: the internal segment may reach the host elsewhere: $acc"
fi
# sw: no forwarding between the two segments; each leaves by its uplink
s=$tmp/sw/sw.nft
if grep -qx "$T${T}iifname \"sw-office\" oifname \"eth1\" ip daddr 192.0.2.0/24 ct state new accept" "$s" &&
   grep -qx "$T${T}iifname \"sw-inet\" oifname \"eth2\" meta nfproto ipv4 ct state new accept" "$s" &&
   ! grep 'ct state new accept' "$s" | grep -q 'oifname "sw-\(office\|inet\)"'; then ok; else
	bad "sw: segments' forwarding is not what sw.zone says"
fi

# real packets through the rulesets, in network namespaces (netns.sh)
if TMPDIR=$tmp timeout 120 unshare -rn sh "$(dirname "$0")/netns.sh" "$tmp/sw/sw.nft" "$tmp/whonix/whonix.nft" \
	>"$tmp/netns.out" 2>&1; then :; else echo "netns.sh: status $?"; fi
n=$(grep -c '^ok ' "$tmp/netns.out")
grep '^FAIL ' "$tmp/netns.out" | while read -r l; do echo "$l"; done
pass=$((pass + n))
fail=$((fail + $(grep -c '^FAIL ' "$tmp/netns.out")))
[ "$n" -ge 14 ] || bad "netns.sh checked $n things, not 14:" "$(cat "$tmp/netns.out")"

# the checks fail when they must
sed 's/meta secmark set "host"/meta secmark set "hots"/' "$tmp/sw/sw.nft" >"$tmp/badref.nft"
if refs "$tmp/badref.nft" "$tmp/sw/sw.te" | grep -q 'hots'; then ok; else bad "an undeclared secmark object passes"; fi
strip "$tmp/sw/sw.nft" | sed 's|192.0.2.0/24|192.0.2.0/33|' >"$tmp/badprefix.nft"
if unshare -rn nft -c -f "$tmp/badprefix.nft" 2>/dev/null; then bad "nft -c accepts a /33 prefix"; else ok; fi
t_end network
