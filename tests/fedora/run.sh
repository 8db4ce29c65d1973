#!/bin/sh
# run.sh ZONEPOLICY WORKDIR ZONE...: the shipped modules on Fedora's targeted
# policy (issue 14, docs/checking.md "Two bases").  The base is built once
# from ../shared/bases/fedora into the cache (tools/fedora-base.sh); where
# that snapshot is absent the suite says "skipped: why" and passes.
#
# Per module: build, link and check with --base-profile fedora.  Expected
# outputs are per base where they differ: tests/fedora/M/ holds, for each
# output file, the diff from Debian's (modules/M/M.te ... M.vectors: what
# the Fedora build changes, e.g. tor_port_t for tcp 9150), the link's
# neverallow report (link.out), the checker's report (check.out: every
# vector open in the base named, none failed) and the base-wide grants of
# its leak report (basewide.out).  UPDATE=1 rewrites them for review.
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
work=$2
mkdir -p "$work"
shift 2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)

# the skip path itself: no snapshot, no failure
msg=$(ZP_FEDORA_SRC=/nonexistent sh "$top/tools/fedora-base.sh" "$work/nocache" 2>&1)
if [ $? = 77 ] && echo "$msg" | grep -q '^skipped: '; then ok; else bad "fedora-base.sh without a snapshot: '$msg'"; fi

root=$(sh "$top/tools/fedora-base.sh")
rc=$?
if [ $rc = 77 ]; then
	echo "fedora: skipped: ../shared/bases/fedora (the pinned Fedora policy snapshot) is absent"
	t_end fedora
	exit
fi
[ $rc = 0 ] || { bad "building the Fedora base failed"; t_end fedora; exit; }
echo "fedora: base $root"

# a profile name the compiler does not know is a usage error
"$zp" build --base-profile gentoo -o "$work/x" "$1" >/dev/null 2>&1
[ $? = 2 ] && ok || bad "build --base-profile gentoo is not a usage error"

# expect NAME FILE: FILE matches tests/fedora/MOD/NAME (UPDATE=1 writes it)
expect() {
	want="$here/$mod/$1"
	if [ "${UPDATE:-}" = 1 ]; then
		mkdir -p "$here/$mod"
		cp "$2" "$want"
		ok
	elif cmp -s "$2" "$want"; then
		ok
	else
		bad "$zone: $1 differs from tests/fedora/$mod/$1:"
		diff -u "$want" "$2" | head -30
	fi
}

# with no --base-profile the host's SELINUXTYPE decides: a Fedora host
# (targeted) builds like --base-profile fedora, a Debian one (default) and
# one without SELinux like debian
printf 'SELINUX=enforcing\nSELINUXTYPE=targeted\n' >"$work/config.targeted"
printf 'SELINUX=permissive\nSELINUXTYPE=default\n' >"$work/config.default"
for host in targeted default none; do
	case $host in targeted) want=fedora ;; *) want=debian ;; esac
	rm -rf "$work/host-$host" "$work/prof-$want"
	ZONEPOLICY_SELINUX_CONFIG=$work/config.$host "$zp" build --no-pp -o "$work/host-$host" "$1" >/dev/null 2>&1
	"$zp" build --no-pp --base-profile $want -o "$work/prof-$want" "$1" >/dev/null 2>&1
	if diff -r "$work/host-$host" "$work/prof-$want" >/dev/null; then ok; else bad "host $host: the default profile is not $want"; fi
done
# and the two bases do differ for this module (else the test above proves nothing)
if ! diff -r "$work/prof-fedora" "$work/prof-debian" >/dev/null; then ok; else bad "$1: debian and fedora outputs are the same"; fi

for zone in "$@"; do
	dir=$(dirname "$zone")
	mod=$(basename "$zone" .zone)
	out="$work/$mod"
	rm -rf "$out"
	mkdir -p "$out"
	if ! "$zp" build --base-profile fedora -o "$out" "$zone" >"$out/build.log" 2>&1; then
		bad "$zone: build on fedora failed"
		cat "$out/build.log"
		continue
	fi
	ok
	for ext in te if fc cil vectors; do
		diff -u --label "debian/$mod.$ext" --label "fedora/$mod.$ext" "$dir/$mod.$ext" "$out/$mod.$ext" >"$out/$mod.$ext.diff"
		expect "$mod.$ext.diff" "$out/$mod.$ext.diff"
	done
	mods="$out/$mod.pp"
	if [ -f "$out/$mod.semanage" ]; then
		grep '^(portcon' "$out/$mod.cil" >"$out/local-ports.cil"
		mods="$mods $out/local-ports.cil"
	fi
	# shellcheck disable=SC2086
	if ! "$zp" link --base-profile fedora -o "$out/$mod.33" $mods >"$out/link.out" 2>"$out/link.err"; then
		bad "$zone: link on fedora failed"
		cat "$out/link.err"
		continue
	fi
	expect link.out "$out/link.out"
	"$zp" check --base-profile fedora --policy "$out/$mod.33" "$out/$mod.vectors" >"$out/check.raw"
	rc=$?
	sed "s|^$out/||" "$out/check.raw" >"$out/check.out"
	# 0: all hold; 3: none failed, some open in the base (named in check.out)
	if [ $rc = 0 ] || [ $rc = 3 ]; then ok; else bad "$zone: check on fedora: status $rc"; tail -n 20 "$out/check.out"; fi
	expect check.out "$out/check.out"
	"$zp" check --leaks --policy "$out/$mod.33" "$out/$mod.vectors" | grep '^basewide \|base-wide grants$' >"$out/basewide.out"
	expect basewide.out "$out/basewide.out"
	tail -n 1 "$out/check.out" | sed "s/^/fedora: $mod: /"
done
t_end fedora
