#!/bin/sh
# fedora-base.sh: builds Fedora's targeted policy from the pinned source
# snapshot in ../shared/bases/fedora (test data, never copied into the
# repository) into the cache, once, keyed by the tarball's hash.
#
#   sh tools/fedora-base.sh [CACHE]      (CACHE: $ZONEPOLICY_CACHE or build/cache)
#
# The result is a system root, CACHE/fedora-HASH/, laid out as a Fedora host's:
#   etc/selinux/targeted/policy/policy.33, .../contexts/files/file_contexts,
#   var/lib/selinux/targeted/active/modules/ (the store, CIL per module),
#   usr/share/selinux/devel/include/LAYER/NAME.if (the interface headers).
# CACHE/fedora points at it; the `fedora` base profile finds it there
# (base/profile.c).  Prints the root.  Exit 77 (and "skipped: why") when the
# snapshot is absent.
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${1:-${ZONEPOLICY_CACHE:-$here/build/cache}}
src=${ZP_FEDORA_SRC:-$here/../shared/bases/fedora}
if [ ! -d "$src" ] && [ -z "${ZP_FEDORA_SRC:-}" ]; then
	# a git worktree: ../shared beside the main checkout
	common=$(git -C "$here" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
	[ -n "$common" ] && src=$(dirname "$common")/../shared/bases/fedora
fi
tarball=$(ls "$src"/selinux-policy-*.tar.xz 2>/dev/null | head -n 1 || true)
if [ -z "$tarball" ]; then
	echo "skipped: no Fedora policy snapshot in $src (../shared/bases/fedora is test data outside the repository)" >&2
	exit 77
fi
# the tarball's hash, and this script's (a changed build is another base)
key=$(cat "$tarball" "$0" | sha256sum | cut -c1-16)
root=$cache/fedora-$key
if [ -e "$root/complete" ]; then
	ln -sfn "fedora-$key" "$cache/fedora"
	echo "$root"
	exit 0
fi
mkdir -p "$cache"
work=$(mktemp -d "$cache/fedora-$key.tmpXXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
echo "zonepolicy: building Fedora's targeted policy from $tarball in $root (once; about a minute)" >&2
(
	cd "$work"
	tar -xJf "$tarball"
	cd selinux-policy
	cp dist/targeted/modules.conf policy/modules.conf
	echo 'container = module' >>policy/modules.conf
	cp dist/targeted/booleans.conf policy/booleans.conf
	OPTS="UNK_PERMS=allow NAME=targeted TYPE=mcs DISTRO=redhat UBAC=n DIRECT_INITRC=n MONOLITHIC=n MLS_CATS=1024 MCS_CATS=1024 QUIET=y"
	make $OPTS base >"$work/make.log" 2>&1 && make -j2 $OPTS modules >>"$work/make.log" 2>&1 ||
		{ tail -n 30 "$work/make.log" >&2; exit 1; }
) || exit 1
r=$work/root
mkdir -p "$r/etc/selinux" "$r/var/lib/selinux/targeted" "$r/etc/selinux/targeted/contexts/files"
printf 'module-store = direct\nexpand-check = 0\nbzip-blocksize = 0\n' >"$r/etc/selinux/semanage.conf"
cd "$work/selinux-policy"
set -- -i base.pp
for pp in $(ls *.pp | sort); do
	[ "$pp" = base.pp ] || set -- "$@" -i "$pp"
done
semodule -p "$r" -s targeted -n -X 100 "$@" -i dist/permissivedomains.cil >"$work/semodule.log" 2>&1 ||
	{ tail -n 30 "$work/semodule.log" >&2; exit 1; }
for ifile in policy/modules/*/*.if; do
	layer=$(basename "$(dirname "$ifile")")
	mkdir -p "$r/usr/share/selinux/devel/include/$layer"
	cp "$ifile" "$r/usr/share/selinux/devel/include/$layer/"
done
# Fedora's /bin = /usr/bin equivalences (libselinux reads them beside file_contexts)
cp config/file_contexts.subs_dist "$r/etc/selinux/targeted/contexts/files/"
printf 'SELINUX=enforcing\nSELINUXTYPE=targeted\n' >"$r/etc/selinux/config"
test -s "$r/etc/selinux/targeted/policy/policy.33"
mv "$r" "$root.new"
: >"$root.new/complete"
rm -rf "$root"
mv "$root.new" "$root"
ln -sfn "fedora-$key" "$cache/fedora"
echo "$root"
