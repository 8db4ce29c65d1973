#!/bin/sh
# run.sh ZONEPOLICY: `zonepolicy install` and `uninstall` with the real
# tools on an alternate root: a copy of the base policy store that `link`
# keeps in the cache (Debian's policy, installed with semodule -p), with
# /etc/selinux/config.  The proxyhost module has its own port type (so
# M.semanage runs, through the real semanage), units and paths to relabel.
#   - --dry-run prints the commands, in order, and changes nothing;
#   - install: `semodule -l -p` lists the module, semanage's ports.local
#     holds its port, the units are in ROOT/etc/systemd/system and the
#     existing paths carry the module's types (setfiles -r);
#   - a second install is refused before any step (a unit exists);
#   - uninstall: module, port, units gone, the paths back to the base's type;
#   - all or nothing: when the last step fails (no unit can be written),
#     install exits 1 naming the step, and what the steps before it did is
#     undone: port record deleted, module removed, paths relabelled back;
#   - the ruleset (proxyhost labels packets): M.nft installed as
#     ROOT/usr/share/selinux-policy-M/M.nft (with --root no nft -f; on the
#     host `install -n` prints the nft -f), removed by uninstall and by the
#     undo of a failed install;
#   - --cil and tmpfiles (the nolauncher golden): the runtime paths made
#     and labelled, then removed from the store again.
#   - console none (the sw module): its masks (getty@.service ...) become
#     links to /dev/null in ROOT/etc/systemd/system beside sw.service; an
#     install is refused before any step when one of them exists; uninstall
#     DIR removes the links that still point to /dev/null, not one an
#     administrator pointed elsewhere, and uninstall by name none.
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
t_tmpdir
export ZONEPOLICY_CACHE="${ZONEPOLICY_CACHE:-$root/build/cache}"
mod=proxyhost
out="$tmp/out"
mkdir -p "$out"
if ! "$zp" build -o "$out" --units "$out" "$root/modules/$mod/$mod.zone" >"$tmp/build.log" 2>&1; then
	bad "build failed"; cat "$tmp/build.log"; t_end install; exit 1
fi
# the cached base store (link makes it when missing)
"$zp" link -o "$tmp/policy.33" "$out/$mod.pp" >"$tmp/link.log" 2>&1 || { bad "link failed"; cat "$tmp/link.log"; }
store=$(ls -td "$ZONEPOLICY_CACHE"/base-*/complete 2>/dev/null | head -n 1)
[ -n "$store" ] || { bad "no base store in $ZONEPOLICY_CACHE"; t_end install; exit 1; }
R="$tmp/root"
cp -a "$(dirname "$store")" "$R"
printf 'SELINUX=permissive\nSELINUXTYPE=default\n' >"$R/etc/selinux/config"
# two of the module's paths exist in the root, the others do not
mkdir -p "$R/etc/proxyhost/office"
echo '{}' >"$R/etc/proxyhost/client.json"

listed() { semodule -p "$R" -s default -l | grep -qx "$mod"; }
label() { ls -Zd "$R$1" | awk '{ print $1 }'; }
ports() { grep -c "portcon tcp 10808 system_u:object_r:${mod}_proxy_port_t" "$R/var/lib/selinux/default/active/ports.local" 2>/dev/null; }

# --dry-run: the commands, in order, nothing run
if "$zp" install --dry-run --root "$R" "$out" >"$tmp/dry" 2>&1; then
	sed "s#$R#ROOT#g; s#$out#OUT#g" "$tmp/dry" >"$tmp/dry.n"
	cat >"$tmp/dry.want" <<'WANT'
semodule -p ROOT -s default -N -i OUT/proxyhost.pp -i OUT/proxyhost_netcheck.cil
unshare -m sh -c 'set -e; mount --bind "$0/etc/selinux" /etc/selinux; mount --bind "$0/var/lib/selinux" /var/lib/selinux; if [ -d /sys/fs/selinux ]; then mount -t tmpfs none /sys/fs/selinux; fi; exec "$@"' ROOT sh OUT/proxyhost.semanage
setfiles -r ROOT ROOT/etc/selinux/default/contexts/files/file_contexts ROOT/etc/proxyhost/client.json ROOT/etc/proxyhost/office
install -D -m 644 OUT/proxyhost.nft ROOT/usr/share/selinux-policy-proxyhost/proxyhost.nft
install -D -m 644 OUT/proxyhost-dev.service ROOT/etc/systemd/system/proxyhost-dev.service
install -D -m 644 OUT/proxyhost-office.service ROOT/etc/systemd/system/proxyhost-office.service
install -D -m 644 OUT/proxyhost-proxy.service ROOT/etc/systemd/system/proxyhost-proxy.service
install -D -m 644 OUT/proxyhost.service ROOT/etc/systemd/system/proxyhost.service
WANT
	if diff -u "$tmp/dry.want" "$tmp/dry.n"; then ok; else bad "--dry-run printed other commands"; fi
else
	bad "install --dry-run failed"; cat "$tmp/dry"
fi
if listed || [ -e "$R/etc/systemd/system/$mod.service" ]; then bad "--dry-run changed the root"; else ok; fi
# without --root: the host's commands (the ruleset loaded, with nft -f)
"$zp" install -n "$out" | sed "s#$out#OUT#g" | head -n 5 >"$tmp/dry.host"
printf '%s\n' "semodule -i OUT/proxyhost.pp -i OUT/proxyhost_netcheck.cil" "sh OUT/proxyhost.semanage" \
	"install -D -m 644 OUT/proxyhost.nft /usr/share/selinux-policy-proxyhost/proxyhost.nft" \
	"nft -f /usr/share/selinux-policy-proxyhost/proxyhost.nft" \
	"install -D -m 644 OUT/proxyhost-dev.service /etc/systemd/system/proxyhost-dev.service" >"$tmp/dry.hostwant"
if diff -u "$tmp/dry.hostwant" "$tmp/dry.host"; then ok; else bad "install -n on this host printed other commands"; fi

# install
if "$zp" install --root "$R" "$out" >"$tmp/inst.log" 2>&1; then ok; else bad "install failed"; cat "$tmp/inst.log"; fi
if listed; then ok; else bad "semodule -l -p does not list $mod after install"; fi
# the policy capability's module, in the same transaction: the root's policy has it
if semodule -p "$R" -s default -l | grep -qx "${mod}_netcheck" &&
   /usr/bin/python3 -c 'import sys, setools; sys.exit("always_check_network" not in {str(c) for c in setools.SELinuxPolicy(sys.argv[1]).polcaps()})' \
	"$R/etc/selinux/default/policy/policy.33"; then ok; else bad "${mod}_netcheck or its capability missing after install"; fi
if [ "$(ports)" = 1 ]; then ok; else bad "the port label is not in the root's store"; fi
if [ -f "$R/etc/systemd/system/$mod-office.service" ] && [ -f "$R/etc/systemd/system/$mod.service" ]; then ok; else bad "units not installed"; fi
if [ "$(label /etc/proxyhost/client.json)" = "system_u:object_r:${mod}_proxy_conf_t:s0" ] &&
   [ "$(label /etc/proxyhost/office)" = "system_u:object_r:${mod}_office_conf_t:s0" ]; then ok; else
	bad "paths not relabelled: $(label /etc/proxyhost/client.json) $(label /etc/proxyhost/office)"; fi
nftdst="$R/usr/share/selinux-policy-$mod/$mod.nft"
if cmp -s "$out/$mod.nft" "$nftdst"; then ok; else bad "the ruleset is not in ROOT/usr/share/selinux-policy-$mod/"; fi
if [ -e "$R/var/log/proxyhost" ] || [ -e "$R/var/lib/proxyhost" ]; then bad "install created a path"; else ok; fi

# a second install is refused before any step
if "$zp" install --root "$R" "$out" >"$tmp/again.log" 2>&1; then bad "a second install succeeded"
elif grep -q 'exists already' "$tmp/again.log" && listed; then ok; else bad "second install: $(cat "$tmp/again.log")"; fi

# uninstall by name, dry run: the units install put there, the local port
# record of the module's type (semanage port -l -C), the module
"$zp" uninstall -n --root "$R" "$mod" | sed "s#$R#ROOT#g" >"$tmp/unname"
printf '%s\n' "rm -f ROOT/etc/systemd/system/proxyhost-dev.service ROOT/etc/systemd/system/proxyhost-office.service ROOT/etc/systemd/system/proxyhost-proxy.service ROOT/etc/systemd/system/proxyhost.service" \
	"rm -f ROOT/usr/share/selinux-policy-proxyhost/proxyhost.nft" \
	"unshare -m sh -c 'set -e; mount --bind \"\$0/etc/selinux\" /etc/selinux; mount --bind \"\$0/var/lib/selinux\" /var/lib/selinux; if [ -d /sys/fs/selinux ]; then mount -t tmpfs none /sys/fs/selinux; fi; exec \"\$@\"' ROOT semanage port -d -p tcp 10808" \
	"semodule -p ROOT -s default -N -r proxyhost_netcheck -r proxyhost" >"$tmp/unname.want"
if diff -u "$tmp/unname.want" "$tmp/unname"; then ok; else bad "uninstall -n MODULE printed other commands"; fi

# uninstall
if "$zp" uninstall --root "$R" "$out" >"$tmp/un.log" 2>&1; then ok; else bad "uninstall failed"; cat "$tmp/un.log"; fi
if listed; then bad "$mod still listed after uninstall"; else ok; fi
if semodule -p "$R" -s default -l | grep -qx "${mod}_netcheck"; then bad "${mod}_netcheck still listed after uninstall"; else ok; fi
if [ "$(ports)" = 0 ]; then ok; else bad "the port label is still there"; fi
if ls "$R/etc/systemd/system/$mod"*.service >/dev/null 2>&1; then bad "units left"; else ok; fi
if [ -e "$nftdst" ]; then bad "the ruleset file is left"; else ok; fi
if [ "$(label /etc/proxyhost/client.json)" = "system_u:object_r:etc_t:s0" ]; then ok; else bad "not relabelled back: $(label /etc/proxyhost/client.json)"; fi

# all or nothing: the last step fails (ROOT/etc/systemd/system is a file,
# so no unit can go there); the ports, the module and the labels go again
rmdir "$R/etc/systemd/system" 2>/dev/null
echo 'not a directory' >"$R/etc/systemd/system"
if "$zp" install --root "$R" "$out" >"$tmp/broken.log" 2>&1; then bad "install with a failing units step succeeded"
else
	if grep -q 'install: step 5 of 5 (systemd units) failed' "$tmp/broken.log" &&
	   grep -q 'nothing installed' "$tmp/broken.log"; then ok; else bad "no located message:"; cat "$tmp/broken.log"; fi
fi
if listed; then bad "the module stayed after a failed install"; else ok; fi
if [ -e "$nftdst" ]; then bad "the ruleset file stayed after a failed install"; else ok; fi
if [ "$(ports)" = 0 ]; then ok; else bad "the port label stayed after a failed install"; fi
if [ "$(label /etc/proxyhost/client.json)" = "system_u:object_r:etc_t:s0" ]; then ok; else
	bad "labels not given back after a failed install: $(label /etc/proxyhost/client.json)"; fi
rm -f "$R/etc/systemd/system"

# --cil and a tmpfiles file (a module without launcher): the CIL module,
# /etc/tmpfiles.d/M.conf, the runtime paths made by systemd-tmpfiles and
# labelled with the module's types; uninstall takes module and file away
nl="$tmp/nl"
mkdir -p "$nl"
if (cd "$root/tests/golden" && "$zp" build -o "$nl" nolauncher.zone) >"$tmp/nl.log" 2>&1 &&
   "$zp" install --cil --root "$R" "$nl" >>"$tmp/nl.log" 2>&1; then ok; else bad "install --cil of nolauncher failed"; cat "$tmp/nl.log"; fi
if semodule -p "$R" -s default -l | grep -qx nolauncher; then ok; else bad "nolauncher (CIL) not listed"; fi
if [ -p "$R/run/nolauncher/feed.fifo" ] && [ -f "$R/etc/tmpfiles.d/nolauncher.conf" ] &&
   [ "$(label /run/nolauncher)" = system_u:object_r:nolauncher_runtime_t:s0 ] &&
   [ "$(label /run/nolauncher/feed.fifo)" = system_u:object_r:nolauncher_feed_fifo_t:s0 ]; then ok; else
	bad "tmpfiles: $(ls -Z "$R/run/nolauncher" 2>&1)"; fi
if "$zp" uninstall --root "$R" "$nl" >"$tmp/nlun.log" 2>&1 && ! semodule -p "$R" -s default -l | grep -qx nolauncher &&
   [ ! -e "$R/etc/tmpfiles.d/nolauncher.conf" ]; then ok; else bad "uninstall of nolauncher"; cat "$tmp/nlun.log"; fi

# console none: sw's masks, the empty units beside sw.service
sw="$tmp/sw"
mkdir -p "$sw/units"
(cd "$root/modules/sw" && "$zp" build -o "$sw" --units "$sw/units" sw.zone) >"$tmp/sw.log" 2>&1 || { bad "build sw"; cat "$tmp/sw.log"; }
masks='autovt@.service console-getty.service container-getty@.service debug-shell.service getty@.service serial-getty@.service'
sysd="$R/etc/systemd/system"
"$zp" install -n --root "$R" --units "$sw/units" "$sw" | sed "s#$R#ROOT#g; s#$sw#SW#g" | grep -v '^semodule\|^setfiles' >"$tmp/swdry"
{ echo "install -D -m 644 SW/sw.nft ROOT/usr/share/selinux-policy-sw/sw.nft"
  echo "install -D -m 644 SW/sw.netlabel ROOT/usr/share/selinux-policy-sw/sw.netlabel"
  echo "install -D -m 644 SW/units/sw.service ROOT/etc/systemd/system/sw.service"
  for m in $masks; do echo "ln -s /dev/null ROOT/etc/systemd/system/$m"; done; } >"$tmp/swdry.want"
if diff -u "$tmp/swdry.want" "$tmp/swdry"; then ok; else bad "install -n of sw: other unit commands"; fi
# on the host the segments' peer labels are loaded after the ruleset, and
# unloaded by uninstall (sw.netlabel, NetLabel)
"$zp" install -n --units "$sw/units" "$sw" | grep -x -A1 'nft -f /usr/share/selinux-policy-sw/sw.nft' | sed "s#$sw#SW#g" >"$tmp/swnl"
printf '%s\n' "nft -f /usr/share/selinux-policy-sw/sw.nft" "install -D -m 644 SW/sw.netlabel /usr/share/selinux-policy-sw/sw.netlabel" >"$tmp/swnl.want"
"$zp" install -n --units "$sw/units" "$sw" | grep -qx 'sh /usr/share/selinux-policy-sw/sw.netlabel load' &&
	diff -u "$tmp/swnl.want" "$tmp/swnl" && ok || bad "install -n of sw on the host: no peer labels after the ruleset"
# something in a mask's place: refused before any step
mkdir -p "$sysd"
echo '[Service]' >"$sysd/getty@.service"
if "$zp" install --root "$R" --units "$sw/units" "$sw" >"$tmp/swref.log" 2>&1; then bad "install over an existing getty@.service succeeded"
elif grep -q "getty@.service exists already" "$tmp/swref.log" && ! semodule -p "$R" -s default -l | grep -qx sw &&
     [ ! -e "$sysd/sw.service" ]; then ok; else bad "refusal of sw:"; cat "$tmp/swref.log"; fi
rm -f "$sysd/getty@.service"
if "$zp" install --root "$R" --units "$sw/units" "$sw" >"$tmp/swin.log" 2>&1; then ok; else bad "install sw failed"; cat "$tmp/swin.log"; fi
n=0
for m in $masks; do [ -L "$sysd/$m" ] && [ "$(readlink "$sysd/$m")" = /dev/null ] && n=$((n + 1)); done
if [ $n = 6 ] && [ -f "$sysd/sw.service" ] && [ -s "$sysd/sw.service" ]; then ok; else bad "sw: $n of 6 masks, $(ls -l "$sysd" 2>&1)"; fi
if cmp -s "$sw/sw.netlabel" "$R/usr/share/selinux-policy-sw/sw.netlabel"; then ok; else bad "sw.netlabel is not in ROOT/usr/share/selinux-policy-sw/"; fi
st=$(systemctl --root="$R" is-enabled getty@tty1.service 2>/dev/null)
[ "$st" = masked ] && ok || bad "systemctl --root is-enabled getty@tty1.service: '$st', want masked"
# by name the masks are not known: nothing but the unit goes
"$zp" uninstall -n --root "$R" sw | grep -q 'getty' && bad "uninstall by name removes masks" || ok
# an administrator points one mask elsewhere: uninstall DIR leaves it
ln -sf /lib/systemd/system/getty@.service "$sysd/autovt@.service"
"$zp" uninstall -n --root "$R" --units "$sw/units" "$sw" | head -n 1 | sed "s#$R#ROOT#g" >"$tmp/swun"
echo "rm -f ROOT/etc/systemd/system/sw.service$(for m in $masks; do [ $m = autovt@.service ] || printf ' ROOT/etc/systemd/system/%s' $m; done)" >"$tmp/swun.want"
if diff -u "$tmp/swun.want" "$tmp/swun"; then ok; else bad "uninstall -n of sw: other rm"; fi
if "$zp" uninstall --root "$R" --units "$sw/units" "$sw" >"$tmp/swun.log" 2>&1; then ok; else bad "uninstall sw failed"; cat "$tmp/swun.log"; fi
left=$(cd "$sysd" && ls -A)
if [ "$left" = autovt@.service ] && ! semodule -p "$R" -s default -l | grep -qx sw; then ok; else bad "after uninstall of sw: '$left' left"; fi
if [ -e "$R/usr/share/selinux-policy-sw/sw.netlabel" ]; then bad "sw.netlabel is left after uninstall"; else ok; fi
rm -f "$sysd/autovt@.service"
t_end install
