#!/bin/sh
# Install, with apt-get, whatever the build, the demo and the tests need and
# this machine lacks.  Packages are checked with dpkg, so a second run is quick.
set -eu
pkgs="flex bison pkg-config libsepol-dev libselinux1-dev libsemanage-dev
checkpolicy semodule-utils policycoreutils secilc setools python3-setools
selinux-policy-default selinux-policy-dev systemd valgrind clang
libclang-rt-14-dev hyperfine qemu-system-x86 linux-image-amd64 cpio
xz-utils graphviz"
# Packages another suite adds (one word a line) live in tools/deps.d/*.
for f in "$(dirname "$0")"/deps.d/*; do
	[ -f "$f" ] && pkgs="$pkgs $(cat "$f")"
done
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing:$missing"
if [ "$(id -u)" -ne 0 ]; then sudo=sudo; else sudo=; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
# selinux-policy-default's postinst wants SELinux tools only; no reboot needed.
$sudo apt-get install -y -q --no-install-recommends $missing >/dev/null
