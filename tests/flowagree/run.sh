#!/bin/sh
# run.sh ZONEPOLICY WORKDIR: the build-time assert check and `zonepolicy
# check` judge every `no flow` question the same way (base/flowgraph.c,
# base/flowrules.c).  For each case (a zone, a permission map, an override):
#   1. the zone with its asserts replaced by `assert no flow X -> Y` for every
#      ordered pair of its zones is built: each `assert-contradicted` error
#      is the build's "flow" verdict for that pair;
#   2. the zone without asserts is built and linked with Debian's policy
#      (once per zone: the map does not change the policy), and a vectors
#      file with `noflow M_X_t M_Y_t` for every pair is checked: each failed
#      noflow is the checker's "flow" verdict;
#   3. the two verdicts must be the same for every pair (one count a pair).
# The cases cover the diagnostics' contradicted asserts, the shipped
# modules, a map that lacks a permission the path needs (both must count it
# both ways, and check must name it) and an override that cuts the path.
# Last line: "test-flowagree: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
work=$2
here=$(dirname "$0")
setools_map=/usr/lib/python3/dist-packages/setools/perm_map
mkdir -p "$work"

# a map without fifo_file's write and append: a channel's writer then
# writes only through permissions the map does not know
awk '/^class /{c=$2} !(c=="fifo_file" && ($1=="write" || $1=="append"))' "$setools_map" >"$work/nofifowrite.map"

# case NAME ZONE MAP OVERRIDE [EXPECT...]: EXPECT "flow:X:Y" or "noflow:X:Y"
# pins a verdict (both engines), "unmapped:CLASS PERM" a line of check's
case_() {
	cname=$1 zone=$2 map=$3 ov=$4
	shift 4
	mapopts="--perm-map $map"
	[ -n "$ov" ] && mapopts="$mapopts --perm-map-override $ov"
	name=$(basename "$zone" .zone)
	d=$work/$name
	mkdir -p "$d"
	mod=$(sed -n 's/^[[:space:]]*module[[:space:]]\{1,\}\([A-Za-z0-9_]*\).*/\1/p' "$zone" | head -n 1)
	zones=$(sed -n 's/^[[:space:]]*\(trusted[[:space:]]\{1,\}\)\{0,1\}\(vm\|program\)[[:space:]]\{1,\}\([A-Za-z0-9_]*\).*/\3/p' "$zone")
	grep -v '^[[:space:]]*assert[[:space:]]' "$zone" >"$d/$name.zone"
	# 2. link the zone without asserts (reused while newer than the zone and the compiler)
	pol=$d/plain/$name.33
	if ! { [ -f "$pol" ] && [ "$pol" -nt "$zone" ] && [ "$pol" -nt "$zp" ]; }; then
		rm -rf "$d/plain"
		mkdir -p "$d/plain"
		if ! (cd "$d" && "$zp" build -o plain "$name.zone") >"$d/plain.log" 2>&1 ||
			! "$zp" link "$d/plain/$mod.pp" -o "$pol" >>"$d/plain.log" 2>&1; then
			bad "$cname: the zone without asserts does not build or link"
			cat "$d/plain.log"
			return
		fi
	fi
	# 1. every pair as an assert
	cp "$d/$name.zone" "$d/pairs.zone"
	: >"$d/pairs.vectors"
	head -n 20 "$d/plain/$mod.vectors" | grep '^# zonepolicy:' >>"$d/pairs.vectors"
	for x in $zones; do
		for y in $zones; do
			[ "$x" = "$y" ] && continue
			echo "assert no flow $x -> $y;" >>"$d/pairs.zone"
			echo "noflow ${mod}_${x}_t ${mod}_${y}_t  # $x $y" >>"$d/pairs.vectors"
		done
	done
	rm -rf "$d/pairs"
	(cd "$d" && "$zp" build --no-pp -o pairs $mapopts pairs.zone) \
		>"$d/build.log" 2>&1
	if grep 'error:' "$d/build.log" | grep -v '\[assert-contradicted\]' | grep -q .; then
		bad "$cname: the build fails for another reason than a contradicted assert"
		grep 'error:' "$d/build.log" | head -n 5
		return
	fi
	sed -n "s/.*error: the file's own rules make a flow from '\([^']*\)' to '\([^']*\)'.*/\1 \2/p" \
		"$d/build.log" | sort >"$d/build.flows"
	"$zp" check $mapopts --policy "$pol" "$d/pairs.vectors" \
		>"$d/check.txt" 2>"$d/check.err"
	if ! tail -n 1 "$d/check.txt" | grep -q '^[0-9]* passed, [0-9]* failed$'; then
		bad "$cname: zonepolicy check failed: $(cat "$d/check.err")"
		return
	fi
	sed -n 's/.*: FAIL: noflow [^ ]* [^ ]*  # \(.*\)$/\1/p' "$d/check.txt" | sort >"$d/check.flows"
	for x in $zones; do
		for y in $zones; do
			[ "$x" = "$y" ] && continue
			b=noflow c=noflow
			grep -qx "$x $y" "$d/build.flows" && b=flow
			grep -qx "$x $y" "$d/check.flows" && c=flow
			if [ $b = $c ]; then
				ok
			else
				bad "$cname: $x -> $y: the build says $b, check says $c"
				sed -n "/noflow ${mod}_${x}_t ${mod}_${y}_t/,/^[^ ]/p" "$d/check.txt" | head -n 12
			fi
		done
	done
	for e in "$@"; do
		case $e in
		flow:* | noflow:*)
			v=${e%%:*} xy=$(echo "${e#*:}" | tr ':' ' ')
			got=noflow
			grep -qx "$xy" "$d/build.flows" && got=flow
			[ "$got" = "$v" ] && ok || bad "$cname: expected $v for $xy, the build says $got"
			;;
		unmapped:*)
			grep -q "^# .* not in the permission map, counted as flows both ways: .*${e#unmapped:}" "$d/check.txt" &&
				ok || bad "$cname: check does not name the unmapped permission ${e#unmapped:}"
			;;
		esac
	done
}

# the shipped override names only permissions setools' map lacks
while read -r cls perm rest; do
	case $cls in '' | '#'*) continue ;; esac
	awk -v c="$cls" -v p="$perm" '/^class /{k=$2} k==c && $1==p {f=1} END {exit !f}' "$setools_map" &&
		bad "base/permmap.override: setools' map already has $cls $perm" || ok
done <base/permmap.override

for z in tests/diag/assert-contradicted-*.zone; do
	case_ "$(basename "$z" .zone)" "$z" "$setools_map" ""
done
for z in modules/*/*.zone; do
	case_ "$(basename "$z" .zone)" "$z" "$setools_map" ""
done
case_ "channel, fifo writes unmapped" tests/diag/assert-contradicted-channel.zone \
	"$work/nofifowrite.map" none flow:a:b "unmapped:fifo_file write"
case_ "channel, fifo writes overridden to none" tests/diag/assert-contradicted-channel.zone \
	"$work/nofifowrite.map" "$(cd "$here" && pwd)/fifo-write-none.override" noflow:a:b
t_end test-flowagree
