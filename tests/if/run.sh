#!/bin/sh
# run.sh ZONEPOLICY WORKDIR ZONE...: the generated .if is usable.  For each
# shipped module, a caller module that calls every interface of M.if is
# compiled with the reference policy's devel Makefile (m4 and all), then
# linked together with M.pp and Debian's policy, so every interface expands,
# compiles and finds its types.  Prints "N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
work=$2
shift 2
for zone in "$@"; do
	name=$(basename "$(dirname "$zone")")
	out="$work/$name"
	if ! t_build "$zp" "$zone" "$out"; then
		bad "$zone: build failed"
		cat "$out/build.log"
		continue
	fi
	mkdir -p "$out/caller"
	# the devel Makefile reads the .if of each module whose .te is present
	cp "$out/$mod.if" "$out/$mod.te" "$out/caller/"
	{
		echo "policy_module(${mod}_caller, 1.0)"
		echo "type ${mod}_caller_t;"
		echo "domain_type(${mod}_caller_t)"
		sed -n "s/^interface(\`\([a-z0-9_]*\)',.*/\1(${mod}_caller_t)/p" "$out/$mod.if"
	} >"$out/caller/${mod}_caller.te"
	n=$(grep -c "(${mod}_caller_t)$" "$out/caller/${mod}_caller.te")
	: >"$out/caller/${mod}_caller.fc"
	: >"$out/caller/${mod}_caller.if"
	if ! (cd "$out/caller" && make -f /usr/share/selinux/devel/Makefile "${mod}_caller.pp") >"$out/make.log" 2>&1; then
		echo "FAIL $zone: a module calling the $n interfaces of $mod.if does not compile:"
		tail -20 "$out/make.log"
		fail=$((fail + 1))
		continue
	fi
	# shellcheck disable=SC2086
	if "$zp" link -o "$out/policy" "$out/$mod.pp" "$out/caller/${mod}_caller.pp" $ports >"$out/link.log" 2>&1; then
		echo "ok $mod.if: $n interfaces compile and link"
		pass=$((pass + 1))
	else
		echo "FAIL $zone: the caller of $mod.if does not link:"
		tail -20 "$out/link.log"
		fail=$((fail + 1))
	fi
done
t_end interfaces
