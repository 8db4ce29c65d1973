#!/bin/sh
# vmlinux.sh KDIR: the uncompressed kernel QEMU boots (PVH), made once in
# KDIR from Debian's newest /boot/vmlinuz-*-amd64 (or $VMLINUZ) by
# unpacking its xz payload.  Prints its path; on failure prints the reason
# and exits 1.  Shared by `zonepolicy trial` (trial.sh) and the kernel
# suite (tests/kernel/module.sh).
set -u
kdir=$1
vmlinuz=${VMLINUZ:-$(ls /boot/vmlinuz-*-amd64 2>/dev/null | sort -V | tail -n 1)}
[ -n "$vmlinuz" ] && [ -r "$vmlinuz" ] || { echo "no /boot/vmlinuz-*-amd64 (install linux-image-amd64)"; exit 1; }
mkdir -p "$kdir" || { echo "cannot create $kdir"; exit 1; }
vmlinux=$kdir/$(basename "$vmlinuz" | sed 's/vmlinuz/vmlinux/')
if [ ! -s "$vmlinux" ]; then
	off=$(grep -obUaP '\xfd7zXZ\x00' "$vmlinuz" | head -n 1 | cut -d: -f1)
	[ -n "$off" ] || { echo "no xz payload in $vmlinuz"; exit 1; }
	tail -c +$((off + 1)) "$vmlinuz" | xz -dc --single-stream >"$vmlinux.tmp.$$" 2>/dev/null &&
		mv "$vmlinux.tmp.$$" "$vmlinux" || { rm -f "$vmlinux.tmp.$$"; echo "cannot unpack $vmlinuz"; exit 1; }
fi
echo "$vmlinux"
