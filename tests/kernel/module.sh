#!/bin/sh
# module.sh ZONEPOLICY GUEST ZONE OUTDIR [--broken]: prove ZONE's vectors under
# a real SELinux kernel (issue 4, docs/kernel.md).
#
# Builds the module, links it with Debian's policy plus the harness scaffold
# (zpk_scaffold.cil, written below: the probe directory type zpk_probe_t that
# every acting domain may search and change, and nothing on any type a
# vector names), labels a host-like tree from the linked
# file_contexts with matchpathcon, packs GUEST as /init into a cpio
# initramfs with the policy, the tree and the vectors, and boots Debian's
# kernel under QEMU (TCG) with lsm=selinux enforcing=1.  GUEST runs every
# vector as syscalls, enforcing then permissive, and reports.
#
# BASE=fedora (environment) builds and links on Fedora's targeted policy
# (--base-profile, tools/fedora-base.sh builds it once); a vector that
# `zonepolicy check` finds open in the base (a base-wide grant, docs/checking.md)
# is listed and not run as a deny: the kernel would allow it, as check says.
#
# --broken links one extra cross-zone allow (the negative test): the run must
# then fail.  Prints the guest's "kernel:" lines, ending with
# "kernel: N passed, N failed"; exits non-zero on a failure or a boot failure.
set -u
zp=$1
guest=$2
zone=$3
out=$4
broken=${5:-}
LC_ALL=C
export LC_ALL
cache=${ZONEPOLICY_CACHE:-$(pwd)/build/cache}
kdir=${KERNEL_DIR:-$(dirname "$out")/kernel-image}
timeout=${KERNEL_TIMEOUT:-180}
base=${BASE:-}
profile=
linkopt=
if [ -n "$base" ]; then
	profile="--base-profile $base"
	if [ "$base" = fedora ]; then
		# Fedora dontaudits what every domain is refused (domain
		# selinux_config_t:file read): a deny must leave its AVC record
		linkopt=--no-dontaudit
		sh "$(dirname "$0")/../../tools/fedora-base.sh" >/dev/null || {
			echo "kernel: skipped: no Fedora base (../shared/bases/fedora absent)"
			echo "kernel: 0 passed, 0 failed"
			exit 0
		}
	fi
fi

bootfail() {
	echo "kernel: boot failure: $*"
	echo "kernel: 0 passed, 1 failed"
	exit 1
}

rm -rf "$out"
mkdir -p "$out/stage" "$kdir" || bootfail "cannot create $out"
# shellcheck disable=SC2086
"$zp" build $profile -o "$out" "$zone" >"$out/build.log" 2>&1 || { cat "$out/build.log"; bootfail "zonepolicy build failed"; }
vec=$(ls "$out"/*.vectors 2>/dev/null | head -n 1)
[ -n "$vec" ] || bootfail "no vectors written"
m=$(basename "$vec" .vectors)

# --- the kernel: Debian's vmlinuz, its xz payload unpacked once (PVH boot)
vmlinux=$(sh "$(dirname "$0")/../../trial/vmlinux.sh" "$kdir") || bootfail "$vmlinux"

# --- the scaffold: every domain that acts may use the probe directory
# (a filesystem vector's SRC is a file type: `allow T fs_t filesystem associate`)
# (a segment's peer type, named in M.netlabel, is a peer label, no domain)
peers=$(cat "$out/$m.netlabel" 2>/dev/null | grep -o "object_r:${m}_[A-Za-z0-9_]*_peer_t:" | cut -d: -f2 | sort -u)
doms=$(awk '($1 == "allow" || $1 == "deny") && $4 != "filesystem" || $1 == "trans" || $1 == "notrans" { print $2 }' "$vec" |
	grep -E "^(${m}_.*|init_t|initrc_t)\$" | sort -u | grep -vxF "${peers:-.}")
{
	echo '; zpk scaffold: the kernel test probe directory and results file'
	echo '(type zpk_probe_t)'
	echo '(roletype object_r zpk_probe_t)'
	echo '(typeattributeset file_type (zpk_probe_t))'
	# PID 1 (kernel_t) switches to permissive for the setup and back:
	# Debian's kernel_t may, Fedora's may not (it is no unconfined domain;
	# its neverallow leaves setenforce to can_setenforce)
	echo '(typeattributeset can_setenforce (kernel_t))'
	echo '(allow kernel_t security_t (security (setenforce)))'
	# and sends the audit sync markers (guest.c sync_kmsg): a user message
	# through the audit socket, behind the AVC records in the same queue.
	# Fedora's kernel_t may not create that socket nor relay a message.
	echo '(allow kernel_t self (netlink_audit_socket (create write nlmsg_relay)))'
	for d in $doms; do
		echo "(allow $d zpk_probe_t (dir (search getattr open read write add_name remove_name)))"
		echo "(allow $d zpk_probe_t (file (open append write getattr create unlink)))"
		# probe-typed names in a zone's directories isolate dir write/add_name
		echo "(allow $d self (process (setfscreate)))"
	done
} >"$out/zpk_scaffold.cil"
mods="$out/$m.pp $out/zpk_scaffold.cil"
# the module's own portcons, which a .pp cannot carry: on a host M.semanage
# adds them; here they are local CIL, so the zone's own port can be bound
if [ -f "$out/$m.semanage" ]; then
	grep '^(portcon' "$out/$m.cil" >"$out/local-ports.cil"
	mods="$mods $out/local-ports.cil"
fi
if [ "$broken" = --broken ]; then
	# one cross-zone read: the first denied read of another zone's file
	# (SRC a zone, not the launcher M_t; TGT a type of another zone)
	line=$(awk -v m="$m" '$1 == "deny" && $4 == "file" && $2 != m "_t" && index($2, m "_") == 1 &&
		index($3, m "_") == 1 && index($3, substr($2, 1, length($2) - 1)) != 1 &&
		$3 !~ /_exec_t$/ && / read / { print $2, $3; exit }' "$vec")
	[ -n "$line" ] || bootfail "no cross-zone read to break"
	set -- $line
	echo "(allow $1 $2 (file (read open getattr)))" >"$out/zpk_broken.cil"
	echo "kernel: negative test: linking (allow $1 $2 (file (read open getattr)))"
	mods="$mods $out/zpk_broken.cil"
fi
# --no-netcheck: the guest loads no M.nft, and with the capability
# always_check_network every packet of a zone would be unlabelled and
# refused (measured: each name_connect probe of a zone with network then
# fails on `packet send`/`recv` of unlabeled_t, and no peer, netif or node
# check fails); the probes prove the socket layer, the network trials the
# packet layer with the ruleset and the capability (docs/network.md)
# shellcheck disable=SC2086
"$zp" link $profile $linkopt --no-netcheck --cache "$cache" $mods -o "$out/$m.33" >"$out/link.log" 2>&1 ||
	{ cat "$out/link.log"; bootfail "zonepolicy link failed"; }
fc=$out/$m.33.file_contexts
# vectors open in the base: out of the guest's list, each named
# shellcheck disable=SC2086
"$zp" check $profile --json --policy "$out/$m.33" "$vec" >"$out/check.json" 2>/dev/null
grep -o '"line": [0-9]*, "kind": "[a-z]*", "vector": "[^"]*", "origin": "[^"]*", "pass": false, "open": true' "$out/check.json" |
	sed -E 's/^"line": ([0-9]+), "kind": "[a-z]+", "vector": "([^"]*)".*/\1 \2/' >"$out/open"
if [ -s "$out/open" ]; then
	while read -r ln v; do
		echo "kernel: open in the base (zonepolicy check: only base-wide grants allow it; not run): $v"
	done <"$out/open"
	awk 'NR == FNR { drop[$1] = 1; next } (FNR in drop) { print "# open in the base: " $0; next } { print }' \
		"$out/open" "$vec" >"$out/vectors.run"
	vec=$out/vectors.run
fi

# --- the tree: paths the harness needs, each labelled from the linked fc
# kind path [major minor]: d dir, f file, x entry file (a copy of GUEST),
# c/b device, r/q runtime directory/FIFO (the launcher creates them)
{
	echo "x /usr/sbin/init"
	echo "x /etc/rc.d/init.d/zpk"
	echo "c /dev/null 1 3"
	echo "c /dev/urandom 1 9"
	echo "c /dev/kvm 10 232"
	echo "c /dev/net/tun 10 200"
	echo "c /dev/dri/card0 226 0"
	echo "c /dev/input/event0 13 64"
	echo "c /dev/snd/controlC0 116 0"
	echo "c /dev/bus/usb/001/001 189 0"
	echo "b /dev/sr0 11 0"
	echo "c /dev/usb/lp0 180 0"
	echo "c /dev/ttyS0 4 64"
	# what every process needs to run (shared libraries, loader, locale)
	echo "f /usr/lib/x86_64-linux-gnu/libc.so.6"
	echo "f /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
	echo "f /etc/ld.so.cache"
	echo "f /usr/lib/locale/C.utf8/LC_CTYPE"
	echo "d /var/log"
	echo "d /var/lib"
	echo "d /run"
	echo "d /tmp"
	# A directory the base labels itself and the module keeps (a socket
	# directory such as /tmp/.X11-unix, xdm_tmp_t): on a host it exists
	# before the launcher starts, made at boot by tmpfiles.d.  h PATH =BASE
	# INNER: INNER is the type the sockets made in it must get.
	sed -n 's/^# \(\/[^ ]*\) keeps the base.s type \([a-z0-9_]*\) (no entry here); sockets created in it get \([a-z0-9_]*\)$/h \1 =\2 \3/p' "$out/$m.fc"
	# A zone that runs an installed program unchanged (exec "PATH" shared):
	# a copy of GUEST at PATH keeps the base's type there; the launcher
	# enters the zone explicitly (guest.c, E records).
	sed -n 's/^# [^ ]*: exec "\(\/[^"]*\)" shared$/x \1/p' "$out/$m.te" | sort -u
	grep -v '^[[:space:]]*#' "$out/$m.fc" | awk -v m="$m" 'NF >= 2 {
		re = $1; kind = (NF == 3) ? $2 : ""; ctx = $NF
		split(ctx, c, ":"); type = c[3]
		dir = 0
		if (re ~ /\(\/\.\*\)\?$/) { sub(/\(\/\.\*\)\?$/, "", re); dir = 1 }
		gsub(/\\/, "", re)
		if (re ~ /[][()*+?|^$]/) next
		# module entries carry the module type (=TYPE) for the check below
		if (dir) {
			if (type ~ /_sock_t$/) print "r", re, "=" type
			else { print "d", re, "=" type; print "f", re "/zpk-f", "=" type }
		} else if (kind == "--") print (type ~ /_exec_t$/ ? "x" : "f"), re, "=" type
		else if (kind == "-d") print (index(re, "/run/" m) == 1 ? "r" : "d"), re, "=" type
		else if (kind == "-p") print "q", re, "=" type
	}'
} >"$out/paths"
# every ancestor is a directory; parents sort before children.  A path the
# list names keeps its own kind: /run/M is the launcher's (r) even when a
# socket directory inside it comes first.
awk 'NR == FNR { named[$2] = 1; next }
	{ n = split($2, p, "/"); s = ""; for (i = 2; i < n; i++) { s = s "/" p[i]; if (!(s in named)) print "d", s } print }' \
	"$out/paths" "$out/paths" | awk '!seen[$2]++' | sort -k2,2 >"$out/paths.all"
# The mode tmpfiles.d gives directory $1 on this host (Debian's x11.conf:
# `D! /tmp/.X11-unix 1777 ...`), else 0755.
host_mode() {
	mode=$(cat /etc/tmpfiles.d/*.conf /usr/lib/tmpfiles.d/*.conf 2>/dev/null |
		awk -v p="$1" '$1 ~ /^[dD]!?$/ && $2 == p && $3 ~ /^[0-7]+$/ { print $3; exit }')
	echo "${mode:-0755}"
}
# Runtime objects (r, q) are made by the launcher through type transitions:
# the tree names the module's type.  Everything else gets what the linked
# file_contexts says, and for the module's own paths that must be the
# module's type (else a relabel, restorecon, would take the zone's access).
: >"$out/tree"
hostfail=0
while read -r kind path a b; do
	case $kind in
	d | r | h) mode="-m dir" ;;
	c) mode="-m chr_file" ;;
	b) mode="-m blk_file" ;;
	q) mode= ;;   # matchpathcon's -m knows no FIFO
	*) mode="-m file" ;;
	esac
	# shellcheck disable=SC2086
	con=$(matchpathcon -n $mode -f "$fc" "$path" 2>/dev/null) || con=
	type=$(echo "$con" | cut -d: -f3)
	case $a in
	=*)
		want=${a#=}
		if [ "$type" != "$want" ] && grep -q "labels $path as $type: restorecon" "$out/build.log"; then
			# the compiler said so at build time ([base-file-context]):
			# a known limit of the base policy, not a silent defect
			echo "kernel: note: the base policy's own file context gives $path '$type', not $want (build warned)"
		elif [ "$type" != "$want" ]; then
			echo "kernel: FAIL file context of $path: the linked file_contexts gives '${type:-<<none>>}', $m.fc says $want"
			hostfail=$((hostfail + 1))
		fi
		case $kind in r | q) type=$want ;; esac
		a= ;;
	esac
	[ -n "$type" ] && [ "$type" != "<<none>>" ] || bootfail "no file context for $path"
	if [ "$kind" = h ]; then
		hm=$(host_mode "$path")
		echo "kernel: host directory $path: $type, mode $hm, made before the launcher starts (tmpfiles.d); its sockets must get $b"
		echo "h $path $type $hm $b" >>"$out/tree"
		continue
	fi
	echo "$kind $path $type${a:+ $a $b}" >>"$out/tree"
done <"$out/paths.all"

# init's entry: Debian labels /usr/sbin/init init_exec_t; on Fedora it is a
# link to systemd (bin_t), whose binary /usr/lib/systemd/systemd is
# init_exec_t.  The guest's stand-in at /usr/sbin/init takes the binary's type.
itype=$(awk '$1 == "x" && $2 == "/usr/sbin/init" { print $3 }' "$out/tree")
if [ "$itype" != init_exec_t ]; then
	real=$(matchpathcon -n -m file -f "$fc" /usr/lib/systemd/systemd 2>/dev/null | cut -d: -f3)
	echo "kernel: note: the base labels /usr/sbin/init $itype (a link to systemd); its stand-in gets $real, systemd's own type"
	sed -i "s|^x /usr/sbin/init $itype\$|x /usr/sbin/init $real|" "$out/tree"
fi

# --- ports: for each port type a vector names, one port the kernel labels so
ptypes=$(awk '$4 ~ /^(tcp|udp)_socket$/ && $3 ~ /_port_t$/ { print $3 }' "$vec" | sort -u)
: >"$out/ports"
if [ -n "$ptypes" ]; then
	seinfo "$out/$m.33" --portcon 2>/dev/null | awk -v want=" $(echo $ptypes) " '
	$1 == "portcon" && ($2 == "tcp" || $2 == "udp") {
		split($3, r, "-"); lo = r[1] + 0; hi = (2 in r) ? r[2] + 0 : lo
		split($4, c, ":"); n++; P[n] = $2; L[n] = lo; H[n] = hi; T[n] = c[3]
	}
	END {
		# the kernel takes the narrowest range that holds the port
		for (i = 1; i <= n; i++) {
			if (index(want, " " T[i] " ") == 0 || done[P[i] " " T[i]]) continue
			for (p = L[i]; p <= H[i] && p <= L[i] + 5000; p++) {
				ok = 1
				for (j = 1; j <= n && ok; j++)
					if (j != i && P[j] == P[i] && L[j] <= p && p <= H[j] && H[j] - L[j] < H[i] - L[i]) ok = 0
				if (ok) { print P[i], T[i], p; done[P[i] " " T[i]] = 1; break }
			}
		}
	}' >"$out/ports"
fi

# --- the initramfs
cp "$guest" "$out/stage/init" && cp "$out/$m.33" "$out/stage/policy" &&
	cp "$out/tree" "$out/stage/tree" && cp "$vec" "$out/stage/vectors" &&
	cp "$out/ports" "$out/stage/ports" || bootfail "staging failed"
(cd "$out/stage" && find . | cpio -o -H newc -R 0:0 --quiet) >"$out/initrd.cpio" || bootfail "cpio failed"

# --- boot (docs/kernel.md, "Results and timings": what each choice buys)
# KVM when the host offers it (/dev/kvm usable and the CPU's virtualisation
# flag visible: nested KVM without them hangs), else TCG.  QEMU's microvm
# machine: no firmware tables to read, no PCI to probe, qboot instead of
# SeaBIOS.  Under TCG the guest's TSC is the host's: its rate is given
# (tsckhz, built beside GUEST), as microvm has no HPET nor PM timer to
# calibrate it against when the PIT calibration fails on a loaded host;
# without the rate, the PC machine.  One vCPU: the chain runs one process
# at a time, and a second vCPU makes every fork, exec and exit pay for
# cross-CPU TLB flushes (measured: fork + exec + wait 3-4 ms with two,
# 1.5 ms with one).
# The kernel is spared what it would otherwise test or probe: crypto
# self-tests (cryptomgr.notests, 0.26 s), the kprobe tracer and the module
# signing certificates (no module is loaded), the write-protection of its
# own text and the W+X page walk (rodata=off), a 16M log buffer it clears
# at boot (2M holds more than one run's AVC records; PID 1 reads them as
# they come and fails the run if any is lost), zeroing every page it
# allocates (init_on_alloc=0) and the speculation mitigations on every
# entry and context switch (mitigations=off): a throwaway guest, and none
# of these changes what SELinux decides.
accel=${KERNEL_ACCEL:-}
if [ -z "$accel" ]; then
	accel=tcg
	if [ -r /dev/kvm ] && [ -w /dev/kvm ] && grep -qw -e vmx -e svm /proc/cpuinfo; then
		accel=kvm
	fi
fi
machine=pc
cpu=
kopts=
if [ "$accel" = kvm ]; then
	machine=microvm
	cpu="-cpu host"
else
	khz=$("$(dirname "$guest")/tsckhz" 2>/dev/null) || khz=
	if [ -n "$khz" ]; then
		machine=microvm
		kopts="tsc_early_khz=$khz tsc=reliable"
	fi
fi
kopts="$kopts cryptomgr.notests=1 initcall_blacklist=init_kprobe_trace,load_system_certificate_list rodata=off init_on_alloc=0 mitigations=off"
t0=$(date +%s.%N)
# shellcheck disable=SC2086
timeout "$timeout" qemu-system-x86_64 -M $machine -accel $accel $cpu -m 256M -smp ${KERNEL_SMP:-1} -nodefaults -no-reboot \
	-display none -monitor none -serial "file:$out/console.log" \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$vmlinux" -initrd "$out/initrd.cpio" \
	-append "console=ttyS0 lsm=selinux enforcing=1 panic=-1 loglevel=1 log_buf_len=2M audit_backlog_limit=8192 $kopts" \
	>"$out/qemu.log" 2>&1
rc=$?
t1=$(date +%s.%N)
wall=$(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }')
grep '^kernel:\|^    \|^      ' "$out/console.log" | grep -v '^kernel: [0-9]* passed, [0-9]* failed' >"$out/report"
cat "$out/report"
echo "kernel: wall time of the boot and both runs: $wall s (QEMU $machine, $accel, ${KERNEL_SMP:-1} vCPU)"
last=$(grep -a '^kernel: [0-9]* passed, [0-9]* failed' "$out/console.log" | tail -n 1 | tr -d '\r')
case $rc in
1 | 3) ;;
124) echo "kernel: console:"; tail -n 30 "$out/console.log"; bootfail "QEMU timed out after $timeout s" ;;
*) echo "kernel: console:"; tail -n 30 "$out/console.log"; cat "$out/qemu.log"; bootfail "QEMU exited with $rc (no verdict from the guest)" ;;
esac
[ -n "$last" ] || bootfail "the guest printed no count"
p=$(echo "$last" | sed -E 's/kernel: ([0-9]+) passed, ([0-9]+) failed.*/\1/')
f=$(echo "$last" | sed -E 's/kernel: ([0-9]+) passed, ([0-9]+) failed.*/\2/')
echo "kernel: $p passed, $((f + hostfail)) failed"
[ "$rc" = 1 ] && [ "$f" = 0 ] && [ "$hostfail" = 0 ]
