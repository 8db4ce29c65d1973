#!/bin/sh
# install.sh BUILD DEST: lay the sw trial's files out under DEST as on a
# host (DEST=/ on a host, the trial VM's tree, or a test's directory):
#   /usr/libexec/sw/sw-start, sw-gateway        the launcher and the gateway
#   /usr/libexec/sw/vm-classified               the classified VM's entry
#   /etc/sw/gateway.conf                        the gateway's filter
#   /etc/sw/{general,classified}/qemu.conf      each VM's machine (QEMU -readconfig)
#   /var/lib/sw/{general,classified}/disk.img   each VM's boot image
#   /var/log/sw/{general,classified}/           each VM's log directory
#   /var/log/sw/gateway.log                     the gateway's log: made here,
#                                               empty, as a package makes it
# BUILD holds what `make trial-assets` built (sw-gateway, general.img,
# classified.img).  The files are laid out, not labelled: on an SELinux host
# restorecon (the trial: setfiles) gives them the module's types.
set -eu
[ $# = 2 ] || { echo "usage: install.sh BUILD DEST" >&2; exit 2; }
build=$1
dest=${2%/}
src=$(dirname "$0")
umask 022
mkdir -p "$dest/usr/libexec/sw" "$dest/etc/sw" "$dest/run" \
	"$dest/var/lib/sw/general" "$dest/var/lib/sw/classified" \
	"$dest/var/log/sw/general" "$dest/var/log/sw/classified" \
	"$dest/etc/sw/general" "$dest/etc/sw/classified"
install -m 755 "$src/sw-start" "$dest/usr/libexec/sw/sw-start"
install -m 755 "$build/sw-gateway" "$dest/usr/libexec/sw/sw-gateway"
install -m 755 "$src/vm-classified" "$dest/usr/libexec/sw/vm-classified"
install -m 644 "$src/gateway.conf" "$dest/etc/sw/gateway.conf"
for z in general classified; do
	install -m 644 "$src/qemu-$z.conf" "$dest/etc/sw/$z/qemu.conf"
	install -m 600 "$build/$z.img" "$dest/var/lib/sw/$z/disk.img"
done
for f in gateway.log; do
	[ -f "$dest/var/log/sw/$f" ] || install -m 600 /dev/null "$dest/var/log/sw/$f"
done
