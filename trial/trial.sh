#!/bin/sh
# trial.sh ZONEPOLICY TINIT ZONE TRIAL OUTDIR: the host side of
# `zonepolicy trial` (docs/trial.md).
#
# Builds the module, links it with the base policy (Debian's, or the one
# TRIAL_BASE_PROFILE names) and the trial scaffold,
# makes a throwaway VM root holding the programs and files the trial script
# names (programs with their shared libraries, found by ldd), labels every
# path from the *linked* file contexts (matchpathcon, as restorecon would),
# packs it with TINIT as /init into an initramfs, boots Debian's kernel under
# QEMU (TCG) with SELinux enforcing, and judges what the guest reports: each
# step (works, or refused with an AVC record naming its domain, and getting
# through in the permissive control pass), and every AVC record.  The last
# lines are "unexpected denials: N" and "trial: N passed, N failed"; the
# status is 0 only when no step failed and no denial was unexpected.
set -u
zp=$1
tinit=$2
zone=$3
script=$4
out=$5
kit=$(dirname "$0")
LC_ALL=C
export LC_ALL
cache=${ZONEPOLICY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zonepolicy}
kdir=${KERNEL_DIR:-$cache/kernel-image}

T0=$(date +%s.%N)
now() { date +%s.%N; }
since() { echo "$1 $(now)" | awk '{ printf "%.1f", $2 - $1 }'; }
say() { echo "trial: $*"; }
setup_fail() {
	say "setup failure: $*"
	echo "unexpected denials: 0"
	echo "trial: 0 passed, 1 failed"
	exit 1
}

[ -r "$zone" ] || setup_fail "cannot read $zone"
[ -r "$script" ] || setup_fail "cannot read $script"
rm -rf "$out"
mkdir -p "$out/mod" "$out/tree" "$kdir" || setup_fail "cannot create $out"
out=$(cd "$out" && pwd)
tree=$out/tree

# ------------------------------------------------------------ build and link
# the base profile (`zonepolicy trial --base-profile`, which also names its
# file contexts in TRIAL_BASE_FC); the programs stay this host's
profile=${TRIAL_BASE_PROFILE:+--base-profile $TRIAL_BASE_PROFILE}
t=$(now)
say "building $zone${TRIAL_BASE_PROFILE:+ on the ${TRIAL_BASE_PROFILE} base}"
# shellcheck disable=SC2086
"$zp" build $profile -o "$out/mod" "$zone" >"$out/build.log" 2>&1 || { cat "$out/build.log"; setup_fail "zonepolicy build failed"; }
m=$(sed -n 's/^module \([a-z0-9_]*\) .*/\1/p' "$out"/mod/*.te | head -n 1)
[ -n "$m" ] || setup_fail "no module built"
t_build=$(since "$t")

# ------------------------------------------------------------ the script
# One record a line for the rest of this script (fields separated by tabs):
#   copy SRC DST | mkdir DST MODE | write DST MODE FILE | vm KEY VALUE
#   kmod NAME                                             (a kernel module)
#   step N start|wait|run|host EXPECT DOMAIN TIMEOUT ARGS...   (the guest's plan)
# Words are split at white space; "..." keeps one with spaces inside.
# the domain of the host steps: PID 1's, kernel_t, where it is unconfined
# (Debian); Fedora's kernel_t is confined, and its unconfined_service_t (the
# domain of a unit without a policy of its own) stands for the host instead
case ${TRIAL_BASE_PROFILE:-debian} in
fedora) hostdom=unconfined_service_t ;;
*) hostdom=kernel_t ;;
esac
awk -v m="$m" -v hostdom="$hostdom" -v wdir="$out/inline" -v src="$script" '
function fail(msg) { printf "%s:%d: %s\n", src, NR, msg > "/dev/stderr"; bad = 1; exit 1 }
function words(s,    n, c) {
	n = 0; delete W
	while (1) {
		sub(/^[ \t]+/, "", s)
		if (s == "" || substr(s, 1, 1) == "#") break
		if (substr(s, 1, 1) == "\"") {
			c = index(substr(s, 2), "\"")
			if (!c) fail("unterminated string")
			W[++n] = substr(s, 2, c - 1); s = substr(s, c + 2)
		} else {
			c = match(s, /[ \t]/)
			if (!c) { W[++n] = s; break }
			W[++n] = substr(s, 1, c - 1); s = substr(s, c)
		}
	}
	return n
}
function domain(d) {
	if (d == "init") return "-"
	if (d == "launcher") return m "_t"
	if (d ~ /_t$/) return d
	return m "_" d "_t"
}
function rest(n, from,    i, s) { s = ""; for (i = from; i <= n; i++) s = s "\t" W[i]; return s }
BEGIN { system("mkdir -p " wdir) }
inbody {
	if ($0 == endmark) { close(bodyfile); inbody = 0; next }
	print > bodyfile; next
}
{
	n = words($0)
	if (n == 0) next
	k = W[1]
	if (off && (k == "start" || k == "stop" || k == "wait" || k == "run" || k == "host")) fail("a step after wait poweroff: the host is off")
	if (k == "vm") {
		if (n != 3 || (W[2] != "memory" && W[2] != "timeout" && W[2] != "network") || (W[2] == "network" && W[3] != "initial")) fail("vm memory SIZE | vm timeout SECONDS | vm network initial")
		print "vm\t" W[2] "\t" W[3]
	} else if (k == "copy") {
		# a relative PATH (a file the project built) is taken
		# from the directory the trial runs in; it needs "as VMPATH"
		if (n == 2 && W[2] ~ /^\//) print "copy\t" W[2] "\t" W[2]
		else if (n == 2) fail("copy: a relative path needs \"as VMPATH\": " W[2])
		else if (n == 4 && W[3] == "as" && W[4] ~ /^\//) print "copy\t" W[2] "\t" W[4]
		else fail("copy PATH [as VMPATH], VMPATH absolute")
	} else if (k == "mkdir") {
		if (n < 2 || n > 3) fail("mkdir VMPATH [MODE]")
		print "mkdir\t" W[2] "\t" (n == 3 ? W[3] : "0755")
	} else if (k == "write") {
		if (n < 3 || W[n] !~ /^<</) fail("write VMPATH [MODE] <<MARK")
		endmark = substr(W[n], 3); if (endmark == "") fail("write: <<MARK needs a name")
		bodyfile = wdir "/" (++nw)
		printf "" > bodyfile
		print "write\t" W[2] "\t" (n == 4 ? W[3] : "0644") "\t" bodyfile
		inbody = 1
	} else if (k == "start") {
		if (n < 2) fail("start launcher|unit ZONE|DOMAIN PATH [ARG...]")
		step++
		if (W[2] == "launcher") { print "step\t" step "\tstart\t-\t-\t0\t@entry:" m "_exec_t" rest(n, 3); lstep = step }
		else if (W[2] == "unit") {
			if (n < 3) fail("start unit ZONE [ARG...]")
			print "step\t" step "\tstart\t-\t" domain(W[3]) "\t0\t@entry:" m "_" W[3] "_exec_t" rest(n, 4)
		} else {
			if (n < 3 || W[3] !~ /^\//) fail("start DOMAIN PATH [ARG...]")
			print "step\t" step "\tstart\t-\t" domain(W[2]) "\t0" rest(n, 3)
		}
	} else if (k == "stop") {
		# init sends the launcher SIGTERM, as systemctl stop does
		if (n != 2 || W[2] != "launcher") fail("stop launcher")
		if (!lstep) fail("stop launcher: no start launcher before it")
		step++
		print "step\t" step "\tstop\t-\t-\t0\t" lstep
	} else if (k == "wait" && W[3] == "poweroff") {
		# the host powers off when the launcher exits (console none):
		# init ends the pass there, so nothing may follow
		if (n != 3 || W[2] !~ /^[0-9]+$/) fail("wait SECONDS poweroff")
		if (!lstep) fail("wait poweroff: no start launcher before it")
		step++
		print "step\t" step "\twait\t-\t-\t" W[2] "\tpoweroff\t" lstep
		off = 1
	} else if (k == "wait") {
		if (n < 4 || W[2] !~ /^[0-9]+$/) fail("wait SECONDS file PATH | line PATH TEXT | listen tcp|udp PORT | poweroff")
		if (!(W[3] == "file" && n == 4 || W[3] == "line" && n >= 5 || W[3] == "listen" && n == 5 && W[4] ~ /^(tcp|udp)$/ && W[5] ~ /^[0-9]+$/))
			fail("wait SECONDS file PATH | line PATH TEXT | listen tcp|udp PORT | poweroff")
		text = ""; for (i = 5; i <= n; i++) text = text (i > 5 ? " " : "") W[i]
		step++
		if (W[3] == "line") print "step\t" step "\twait\t-\t-\t" W[2] "\tline\t" W[4] "\t" text
		else print "step\t" step "\twait\t-\t-\t" W[2] rest(n, 3)
	} else if (k == "run") {
		if (n < 4 || (W[2] != "works" && W[2] != "refused" && W[2] !~ /^exit=[0-9]+$/)) fail("run works|exit=N|refused DOMAIN [SECONDSs] PATH [ARG...]")
		to = 30; a = 4
		if (W[4] ~ /^[0-9]+s$/) { to = substr(W[4], 1, length(W[4]) - 1); a = 5 }
		if (n < a || W[a] !~ /^\//) fail("run: the command must be an absolute path")
		step++
		print "step\t" step "\trun\t" W[2] "\t" domain(W[3]) "\t" to rest(n, a)
	} else if (k == "module") {
		# kernel modules of the guest kernel, loaded by PID 1 with their
		# dependencies before the policy
		if (n < 2) fail("module NAME...")
		for (i = 2; i <= n; i++) { if (W[i] !~ /^[A-Za-z0-9_-]+$/) fail("module: not a module name: " W[i]); print "kmod\t" W[i] }
	} else if (k == "host") {
		# a host set-up command, run by PID 1 in kernel_t in the pass'"'"'s tree
		if (n < 3 || (W[2] != "works" && W[2] != "fails")) fail("host works|fails [SECONDSs] PATH [ARG...]")
		to = 30; a = 3
		if (W[3] ~ /^[0-9]+s$/) { to = substr(W[3], 1, length(W[3]) - 1); a = 4 }
		if (n < a || W[a] !~ /^\//) fail("host: the command must be an absolute path")
		step++
		print "step\t" step "\thost\t" W[2] "\t" hostdom "\t" to rest(n, a)
	} else if (k == "harmless") {
		# a probe the program survives, named with the reason: its AVC
		# records are listed apart and are not unexpected
		if (n < 6) fail("harmless DOMAIN TYPE CLASS PERM REASON...")
		print "harmless\t" domain(W[2]) "\t" W[3] "\t" W[4] "\t" W[5]
	} else fail("unknown directive: " k)
}
END { if (inbody && !bad) { NR = NR; fail("write: no line " endmark " before the end") } }
' "$script" >"$out/script.rec" || setup_fail "the trial script has errors"

# a zone's or the launcher's entry file, from the module's file contexts
entry_of() {
	awk -v t=":$1:" 'index($NF, t) && $2 == "--" { gsub(/\\/, "", $1); print $1; exit }' "$out/mod/$m.fc"
}

# ------------------------------------------------------------ the scaffold
# The trial's own state directory (/trial: plan, output, journal) gets a type
# of its own, which no zone is granted anything on; init (the trial's step
# runner, a base domain) may enter each domain the script runs or starts a
# program in.  Nothing is granted to any domain of the module.
doms=$(awk -F'\t' '$1 == "step" && $3 != "host" && $5 != "-" { print $5 }' "$out/script.rec" | sort -u)
{
	echo '; trial scaffold: the trial state directory, and init entering the domains the steps name'
	echo '(type trial_state_t)'
	echo '(roletype object_r trial_state_t)'
	echo '(typeattributeset file_type (trial_state_t))'
	# PID 1 (kernel_t, not the trial's) sets up in permissive mode and
	# sends the audit sync markers: Debian's kernel_t may, Fedora's may not
	# (no unconfined domain; its neverallow leaves setenforce to
	# can_setenforce)
	echo '(typeattributeset can_setenforce (kernel_t))'
	echo '(allow kernel_t security_t (security (setenforce)))'
	echo '(allow kernel_t self (netlink_audit_socket (create write nlmsg_relay)))'
	# and runs the host steps in its own domain, set explicitly (setexec:
	# Debian's kernel_t may, Fedora's may not); on Fedora in
	# unconfined_service_t, entered from kernel_t, with PID 1's descriptors
	echo '(allow kernel_t self (process (setexec)))'
	if [ "$hostdom" != kernel_t ]; then
		echo "(allow kernel_t $hostdom (process (transition)))"
		echo "(allow $hostdom kernel_t (fd (use)))"
		echo "(allow $hostdom trial_state_t (file (getattr write append ioctl)))"
	fi
	# init (the step runner) keeps its plan, output and journal in /trial:
	# Debian's init_t may, Fedora's needs it said
	echo '(allow init_t trial_state_t (dir (search getattr open read write add_name remove_name create)))'
	echo '(allow init_t trial_state_t (file (getattr open read write append create)))'
	# and waits for the module's files (`wait file|line`): Debian's init_t
	# reads every file, Fedora's not the module's
	echo "(allow init_t ${m}_file (dir (search getattr open read)))"
	echo "(allow init_t ${m}_file (file (getattr open read)))"
	# and asks PID 1 for the host steps over a socket PID 1 made and
	# init inherited
	echo '(allow init_t kernel_t (fd (use)))'
	echo '(allow init_t kernel_t (unix_stream_socket (getattr read write)))'
	for d in $doms; do echo "(allow init_t $d (process (transition)))"; done
} >"$out/trial_scaffold.cil"
mods="$out/mod/$m.pp $out/trial_scaffold.cil"
if [ -f "$out/mod/$m.semanage" ]; then
	grep '^(portcon' "$out/mod/$m.cil" >"$out/local-ports.cil"
	mods="$mods $out/local-ports.cil"
fi
t=$(now)
say "linking $m.pp with the base policy"
# shellcheck disable=SC2086
# with the module's M_netcheck.cil (always_check_network), as a host gets
# it: a trial of a module with zones on the network loads M.nft (a `host`
# step, as the launcher's unit does), or its zones have none
"$zp" link $profile --cache "$cache" $mods -o "$out/$m.33" >"$out/link.log" 2>&1 ||
	{ cat "$out/link.log"; setup_fail "zonepolicy link failed"; }
fc=$out/$m.33.file_contexts
# the base's path substitutions (Debian: /lib -> /usr/lib), which libselinux
# reads beside the file contexts, as restorecon does on a host
basefc=${TRIAL_BASE_FC:-/etc/selinux/default/contexts/files/file_contexts}
for s in subs_dist subs; do [ -f "$basefc.$s" ] && cp "$basefc.$s" "$fc.$s"; done
t_link=$(since "$t")

# ------------------------------------------------------------ the VM root
t=$(now)
say "making the VM root"
# add_host PATH: PATH as the host has it, with the symlinks on its way
# (Debian's /lib -> usr/lib) made in the tree too
added=" "
add_host() {
	local p parent tgt
	p=$(realpath -ms "$1")
	case "$added" in *" $p "*) return 0 ;; esac
	added="$added$p "
	[ "$p" = / ] && return 0
	parent=$(dirname "$p")
	add_host "$parent"
	if [ -L "$p" ]; then
		tgt=$(readlink "$p")
		[ -e "$tree$p" ] || [ -L "$tree$p" ] || ln -s "$tgt" "$tree$p"
		case $tgt in /*) ;; *) tgt=$parent/$tgt ;; esac
		add_host "$tgt"
	elif [ -d "$p" ]; then
		[ -d "$tree$p" ] || mkdir -m "$(stat -c %a "$p")" "$tree$p"
	elif [ -e "$p" ]; then
		cp "$p" "$tree$p" || setup_fail "cannot copy $p"
	else
		setup_fail "the host has no $p"
	fi
}
# add_libs FILE: the loader and shared libraries of an ELF program or library
add_libs() {
	[ "$(head -c 4 "$1" | od -An -c | tr -d ' ')" = '177ELF' ] || return 0
	for l in $(ldd "$1" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }'); do
		add_host "$l"
	done
}
for d in /proc /sys /sys/fs/selinux /dev /run /var /var/tmp /etc /usr/sbin; do mkdir -p "$tree$d"; done
mkdir -m 1777 "$tree/tmp" && chmod 1777 "$tree/var/tmp"
add_host /etc/ld.so.cache
add_host /usr/lib/locale/C.utf8/LC_CTYPE
for l in /bin /sbin /lib /lib64; do [ -L "$l" ] && add_host "$l"; done
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$tree/etc/passwd"
printf 'root:x:0:\n' >"$tree/etc/group"
cp "$tinit" "$tree/usr/sbin/init" || setup_fail "cannot copy $tinit"
# the module's directories exist, as its package or integrator makes them
grep -v '^[[:space:]]*#' "$out/mod/$m.fc" | awk -v rt="/run/$m" '$1 ~ /\(\/\.\*\)\?$/ {
	p = $1; sub(/\(\/\.\*\)\?$/, "", p); gsub(/\\/, "", p)
	if (p !~ /[][()*+?|^$]/ && index(p, rt) != 1 && $NF !~ /_sock_t:/) print p }' | while read -r d; do
	mkdir -p "$tree$d"
done
while IFS='	' read -r kind a b c; do
	case $kind in
	copy)
		[ -e "$a" ] || setup_fail "copy: the host has no $a"
		if [ "$a" = "$b" ]; then
			add_host "$a"
			if [ -d "$a" ]; then cp -a "$a/." "$tree$a/" || setup_fail "cannot copy $a"; fi
		else
			mkdir -p "$tree$(dirname "$b")"
			cp -aL "$a" "$tree$b" || setup_fail "cannot copy $a"
		fi
		[ -f "$a" ] && add_libs "$a"
		;;
	mkdir) mkdir -p "$tree$a" && chmod "$b" "$tree$a" ;;
	write) mkdir -p "$tree$(dirname "$a")" && cp "$c" "$tree$a" && chmod "$b" "$tree$a" ;;
	esac
done <"$out/script.rec"
mkdir -p "$tree/trial/out"
# the module's nftables ruleset and NetLabel script where its package puts
# them (docs/packaging.md)
for f in nft netlabel; do
	[ -f "$out/mod/$m.$f" ] || continue
	mkdir -p "$tree/usr/share/selinux-policy-$m" && cp "$out/mod/$m.$f" "$tree/usr/share/selinux-policy-$m/$m.$f" ||
		setup_fail "cannot place $m.$f"
done
# the guest's plan: the steps, entry files resolved
awk -F'\t' -v OFS='\t' '$1 == "step" {
	# step N KIND EXPECT DOMAIN TIMEOUT ARGS...
	line = $3 "\t" $2 "\t"
	if ($3 == "start") line = line $5
	else if ($3 == "wait") line = line $6
	else line = line $6 "\t" $5
	for (i = (($3 == "wait") ? 7 : 7); i <= NF; i++) line = line "\t" $i
	print line
}' "$out/script.rec" >"$out/plan"
# @entry:TYPE -> the path the module labels TYPE
while grep -q '@entry:' "$out/plan"; do
	ty=$(grep -o '@entry:[a-z0-9_]*' "$out/plan" | head -n 1 | cut -d: -f2)
	p=$(entry_of "$ty")
	[ -n "$p" ] || setup_fail "the module labels no file $ty (start launcher / start unit ZONE)"
	sed -i "s|@entry:$ty\\b|$p|" "$out/plan"
done
cp "$out/plan" "$tree/trial/plan"
# programs the steps run: their libraries too, and they must be in the VM
for p in $(awk -F'\t' '$1 == "start" { print $4 } $1 == "run" || $1 == "host" { print $5 }' "$out/plan" | sort -u); do
	[ -e "$tree$p" ] || [ -L "$tree$p" ] || setup_fail "the script runs $p, which it does not copy into the VM"
	[ -f "$tree$p" ] && add_libs "$tree$p"
done

# labels: every path from the linked file contexts, /trial the scaffold's
(cd "$tree" && find . -mindepth 1 -printf '%y /%P\n') | sed 's|^\(.\) /\./|\1 /|' >"$out/paths"
: >"$out/labels.raw"
for kind in d f l; do
	case $kind in d) mode=dir ;; f) mode=file ;; l) mode=link ;; esac
	awk -v k=$kind '$1 == k { print $2 }' "$out/paths" >"$out/paths.$kind"
	[ -s "$out/paths.$kind" ] || continue
	xargs matchpathcon -n -m $mode -f "$fc" <"$out/paths.$kind" >"$out/ctx.$kind" 2>/dev/null ||
		setup_fail "matchpathcon failed"
	paste -d' ' "$out/paths.$kind" "$out/ctx.$kind" >>"$out/labels.raw"
done
# a path the file contexts leave unlabelled (<<none>>) takes its parent's
# type, as a new file would; /trial is the scaffold's
sort "$out/labels.raw" | awk '{ split($2, c, ":"); t = c[3]; p = $1
	if (p ~ /^\/trial(\/|$)/) t = "trial_state_t"
	if ($2 == "<<none>>" || t == "") { q = p; sub(/\/[^\/]*$/, "", q); t = (q in T) ? T[q] : "root_t" }
	T[p] = t; print p, t }' >"$out/labels"
# device nodes: the host's numbers, the linked file contexts' types
: >"$out/devs"
for dev in null zero full random urandom tty console; do
	set -- $(stat -c '%t %T' "/dev/$dev")
	ty=$(matchpathcon -n -m character -f "$fc" "/dev/$dev" | cut -d: -f3)
	echo "/dev/$dev $ty c $((0x$1)) $((0x$2)) 0666" >>"$out/devs"
done
nfiles=$(wc -l <"$out/paths")
size=$(du -sm "$tree" | cut -f1)
t_tree=$(since "$t")

# ------------------------------------------------------------ the initramfs and the kernel
t=$(now)
mkdir -p "$out/stage"
cp "$tinit" "$out/stage/init" && cp "$out/$m.33" "$out/stage/policy" && cp "$out/labels" "$out/stage/labels" &&
	cp "$out/devs" "$out/stage/devs" && mv "$tree" "$out/stage/tree" || setup_fail "staging failed"
tree=$out/stage/tree
vmlinux=$(sh "$kit/vmlinux.sh" "$kdir") || setup_fail "$vmlinux"
# kernel modules (`module NAME...`): the booted kernel's own, with their
# dependencies first (modules.dep), uncompressed, in /kmods; PID 1 loads
# them in the order of /modules
if grep -q '^kmod' "$out/script.rec"; then
	kver=$(basename "$vmlinux" | sed 's/^vmlinux-//')
	mdir=${TRIAL_MODULES_DIR:-/lib/modules/$kver}
	[ -r "$mdir/modules.dep" ] || setup_fail "module: no $mdir/modules.dep (the modules of kernel $kver)"
	mkdir -p "$out/stage/kmods"
	: >"$out/stage/modules"
	# mod_line NAME: its modules.dep line, by name (- and _ are one) or alias
	mod_line() {
		awk -v w="$(echo "$1" | tr - _)" -F: '{ b = $1; sub(/.*\//, "", b); sub(/\.ko(\.[a-z]+)?$/, "", b); gsub(/-/, "_", b); if (b == w) { print; exit } }' "$mdir/modules.dep"
	}
	# add_mod NAME [optional]: its soft dependencies (modules.softdep "pre:",
	# optional: each alias candidate is tried, one may fail), its
	# dependencies from the last (modprobe's order), then the module
	add_mod() {
		local line f b dep
		line=$(mod_line "$1")
		if [ -z "$line" ]; then
			[ -n "${2:-}" ] && return 0
			grep -q "/$1\.ko" "$mdir/modules.builtin" 2>/dev/null && { say "module $1: built into kernel $kver"; return 0; }
			say "module $1: not in $mdir/modules.dep"
			setup_fail "module $1: the guest kernel has no such module"
		fi
		f=${line%%:*}
		b=$(basename "$f" | sed 's/\.ko\(\.[a-z]*\)\{0,1\}$//' | tr - _)
		grep -q "^$b " "$out/stage/modules" && return 0
		for dep in $(awk -v b="$b" '$1 == "softdep" && $2 == b { for (i = 3; i <= NF; i++) { if ($i == "post:") break; if ($i != "pre:") print $i } }' "$mdir/modules.softdep" 2>/dev/null); do
			for a in $(awk -v a="$dep" '$1 == "alias" && $2 == a { print $3 }' "$mdir/modules.alias") $dep; do add_mod "$a" optional; done
		done
		for dep in $(echo "$line" | awk -F': *' '{ n = split($2, d, " "); for (i = n; i >= 1; i--) print d[i] }'); do
			add_mod "$(basename "$dep" | sed 's/\.ko\(\.[a-z]*\)\{0,1\}$//')"
		done
		grep -q "^$b " "$out/stage/modules" && return 0
		case $f in
		*.ko) cp "$mdir/$f" "$out/stage/kmods/$b.ko" ;;
		*.ko.xz) xz -dc "$mdir/$f" >"$out/stage/kmods/$b.ko" ;;
		*.ko.zst) zstd -qdc "$mdir/$f" >"$out/stage/kmods/$b.ko" ;;
		*.ko.gz) gzip -dc "$mdir/$f" >"$out/stage/kmods/$b.ko" ;;
		*) false ;;
		esac || setup_fail "module $b: cannot copy $mdir/$f"
		echo "$b /kmods/$b.ko${2:+ optional}" >>"$out/stage/modules"
	}
	for want in $(awk -F'\t' '$1 == "kmod" { print $2 }' "$out/script.rec"); do add_mod "$want"; done
fi
# `vm network initial`: the passes run in the VM's initial network
# namespace (PID 1 reads the mark)
if awk -F'\t' '$1 == "vm" && $2 == "network" { f = 1 } END { exit !f }' "$out/script.rec"; then
	: >"$out/stage/network-initial"
else
	rm -f "$out/stage/network-initial"
fi
(cd "$out/stage" && find . | cpio -o -H newc -R 0:0 --quiet) >"$out/initrd.cpio" || setup_fail "cpio failed"
t_cpio=$(since "$t")
cpiomb=$(du -m "$out/initrd.cpio" | cut -f1)
say "VM root: $nfiles paths, $size MB; initramfs $cpiomb MB"

# ------------------------------------------------------------ boot
mem=$(awk -F'\t' '$1 == "vm" && $2 == "memory" { v = $3 } END { print v ? v : "512M" }' "$out/script.rec")
vmt=$(awk -F'\t' '$1 == "vm" && $2 == "timeout" { v = $3 } END { print v ? v : 300 }' "$out/script.rec")
nsteps=$(grep -c '^step' "$out/script.rec")
say "booting (enforcing pass, then the permissive control; $nsteps steps each, at most $vmt s)"
t=$(now)
timeout "$vmt" qemu-system-x86_64 -accel tcg -m "$mem" -smp "${TRIAL_SMP:-2}" -nodefaults -no-reboot \
	-display none -monitor none -serial "file:$out/console.log" \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	-kernel "$vmlinux" -initrd "$out/initrd.cpio" \
	-append "console=ttyS0 lsm=selinux enforcing=1 panic=-1 loglevel=1 log_buf_len=16M audit_backlog_limit=8192" \
	>"$out/qemu.log" 2>&1 &
qpid=$!
shown=0
while kill -0 $qpid 2>/dev/null; do
	sleep 2
	# progress: each step as it ends
	tr -d '\r' <"$out/console.log" 2>/dev/null | awk -v from=$shown '
		/^T:pass / { print "trial: pass " $2 " (" $3 ") started"; next }
		/trial-mark [01] [0-9]+ end/ { s = $0; sub(/.*trial-mark /, "", s); sub(/\047.*/, "", s)
			split(s, f, " "); print "trial: pass " f[1] " step " f[2] " done (" f[4] " " f[5] ")" }' |
		tail -n +$((shown + 1)) >"$out/progress.new"
	n=$(wc -l <"$out/progress.new")
	[ "$n" -gt 0 ] && cat "$out/progress.new"
	shown=$((shown + n))
done
wait $qpid
rc=$?
t_boot=$(since "$t")
tr -d '\r' <"$out/console.log" >"$out/console.txt"
case $rc in
1) ;;
124) tail -n 30 "$out/console.txt"; setup_fail "QEMU timed out after $vmt s" ;;
*) tail -n 30 "$out/console.txt"; cat "$out/qemu.log"; setup_fail "QEMU exited with $rc (no verdict from the guest)" ;;
esac
grep -q '^T:done' "$out/console.txt" || { tail -n 30 "$out/console.txt"; setup_fail "the guest did not finish"; }

# ------------------------------------------------------------ the verdict
awk -F'\t' '$1 == "step" { print "S", $2, $3, $4, $5 } $1 == "harmless" { print "H", $2, $3, $4, $5 }' "$out/script.rec" >"$out/steps"
awk -v wall0="$T0" -v tb="$t_build" -v tl="$t_link" -v tt="$t_tree" -v tc="$t_cpio" -v tbo="$t_boot" '
FILENAME ~ /steps$/ && $1 == "H" { harm[$2 " " $3 " " $4 " " $5] = 1; next }
FILENAME ~ /steps$/ { kind[$2] = $3; expect[$2] = $4; dom[$2] = $5; n = ($2 > n) ? $2 : n; next }
FILENAME ~ /plan$/ { split($0, f, "\t"); s = f[2]; desc[s] = $0; sub(/^[a-z]+\t[0-9]+\t/, "", desc[s]); gsub(/\t/, " ", desc[s]); next }
/^T:boot/ { boot = $0; next }
/^T:pass/ { pmode[$2] = $3; sub(/tree_ms=/, "", $4); treems[$2] = $4; next }
/^T:init/ { sub(/ms=/, "", $5); passms[$2] = $5; next }
/^T:fatal/ { print "trial: guest setup failure: " $0; fatal = 1; next }
/^T:mod / {
	sub(/ms=/, "", $4); modms += $4
	if ($3 == "failed") { why = $0; sub(/^([^ ]+ ){4}/, "", why); modfail = modfail " " $2 " (" why ")"; next }
	nmod++; mods = mods " " $2 ($3 == "present" ? " (present)" : ""); next
}
/^T:note/ { print "trial: note: " substr($0, 8); next }
/^T:out/ { out[$2, $3] = out[$2, $3] "      " substr($0, length($1 " " $2 " " $3 " ") + 1) "\n"; next }
/^T:journal/ { if ($2 == 0) journal = journal "    " substr($0, length($1 " " $2 " ") + 1) "\n"; next }
/^T:k / {
	p = $2; msg = $0; sub(/^T:k -?[01] [0-9]+ /, "", msg)
	if (p < 0) { if (msg ~ /avc: +denied/) setup = setup "    " msg "\n"; next }
	if (msg ~ /trial-mark/) {
		s = msg; sub(/.*trial-mark /, "", s); sub(/\047.*/, "", s); split(s, f, " ")
		if (f[3] == "begin") { cur[p] = f[2]; if (f[4] ~ /^t=/) bt[p, f[2]] = substr(f[4], 3) + 0 }
		else if (f[3] == "end") { cur[p] = 0; rc[p, f[2]] = substr(f[4], 4) + 0; ms[p, f[2]] = substr(f[5], 4) + 0; seen[p, f[2]] = 1 }
		else if (f[3] == "exited") exited[p, f[2]] = f[4] " " f[5]
		next
	}
	if (msg !~ /avc: +denied/) next
	sc = msg; sub(/.*scontext=[^:]*:[^:]*:/, "", sc); sub(/:.*/, "", sc)
	key = msg; sub(/^audit: type=[0-9]+ audit\([^)]*\): /, "", key); gsub(/ pid=[0-9]+/, "", key); gsub(/ ino=[0-9]+/, "", key)
	s = cur[p] + 0
	# a record of a refused step'"'"'s own domain during that step is expected
	isexp = (s && kind[s] == "run" && expect[s] == "refused" && sc == dom[s])
	# a host step that must fail: every record during it is listed with it
	if (s && kind[s] == "host" && expect[s] == "fails") isexp = 1
	if (isexp) { named[p, s] = named[p, s] "      " key "\n"; nnamed[p, s]++ }
	# a probe the trial script declares harmless: every permission of the
	# record, for its domain, target type and class
	tct = msg; sub(/.*tcontext=[^:]*:[^:]*:/, "", tct); sub(/:.*/, "", tct)
	cl = msg; sub(/.*tclass=/, "", cl); sub(/ .*/, "", cl)
	pm = msg; sub(/^[^{]*\{ /, "", pm); sub(/ \}.*/, "", pm)
	np_ = split(pm, pms, " "); isharm = np_ > 0
	for (i = 1; i <= np_; i++) if (!((sc " " tct " " cl " " pms[i]) in harm)) isharm = 0
	if (isharm && !isexp) { if (p == 0) { if (!(key in Hm)) { Hm[key] = 0; horder[++nh] = key } Hm[key]++ } next }
	if (p == 0 && !isexp) { if (!(key in U)) { U[key] = 0; uorder[++nu] = key } U[key]++; nunexp++ }
	if (p == 1) { if (!(key in P)) { P[key] = 0; porder[++np] = key } P[key]++ }
	next
}
END {
	if (nmod) printf "trial: guest: %d kernel modules loaded in %.1f s:%s\n", nmod, modms / 1000, mods
	if (modfail != "") printf "trial: guest: soft dependencies not loaded (another candidate was):%s\n", modfail
	if (boot) { split(boot, b, /[ =]/); printf "trial: guest: kernel to /init %.1f s, policy load %.1f s\n", b[3] / 1000, b[5] / 1000 }
	for (s = 1; s <= n; s++) {
		d = desc[s]
		if (kind[s] == "stop") {
			printf "trial: [%d] stop the launcher (SIGTERM from init): %s\n", s, seen[0, s] && rc[0, s] == 0 ? "sent" : "NOT SENT"
			continue
		}
		if (kind[s] == "start") {
			sub(/^- /, "init ", d)
			printf "trial: [%d] start %s: %s\n", s, d, seen[0, s] && rc[0, s] == 0 ? "started" : "NOT STARTED"
			if ((0, s) in exited) printf "trial:     it ended during the enforcing pass: %s\n", exited[0, s]
			continue
		}
		verdict = ""; why = ""
		if (!seen[0, s]) { verdict = "FAIL"; why = "the step did not run (enforcing pass)" }
		else if (kind[s] == "wait" && d ~ /poweroff/) { verdict = rc[0, s] == 0 ? "ok" : "FAIL"; why = rc[0, s] == 0 ? sprintf("the launcher exited 0 after %.1f s; init powered the host off, the pass ended", ms[0, s] / 1000) : sprintf("the launcher did not exit 0 in time (%d)", rc[0, s]) }
		else if (kind[s] == "wait") { verdict = rc[0, s] == 0 ? "ok" : "FAIL"; why = rc[0, s] == 0 ? sprintf("met after %.1f s", ms[0, s] / 1000) : "not met in time" }
		else if (expect[s] == "works") { verdict = rc[0, s] == 0 ? "ok" : "FAIL"; why = sprintf("exit %d, %.1f s", rc[0, s], ms[0, s] / 1000) }
		else if (kind[s] == "host" && expect[s] == "works") { verdict = rc[0, s] == 0 ? "ok" : "FAIL"; why = sprintf("exit %d, %.1f s", rc[0, s], ms[0, s] / 1000) }
		else if (kind[s] == "host") {
			verdict = rc[0, s] != 0 ? "ok" : "FAIL"
			why = rc[0, s] != 0 ? sprintf("failed (exit %d, %.1f s), %d AVC records during it; permissive pass: exit %d", rc[0, s], ms[0, s] / 1000, nnamed[0, s], rc[1, s]) : "it worked"
		}
		else if (expect[s] ~ /^exit=/) { verdict = rc[0, s] == substr(expect[s], 6) + 0 ? "ok" : "FAIL"; why = sprintf("exit %d, %.1f s", rc[0, s], ms[0, s] / 1000) }
		else {
			if (rc[0, s] == 0) { verdict = "FAIL"; why = "it worked: the policy did not refuse it" }
			else if (!nnamed[0, s]) { verdict = "FAIL"; why = sprintf("it failed (exit %d) but no AVC record names %s: not the policy", rc[0, s], dom[s]) }
			else if (!seen[1, s]) { verdict = "FAIL"; why = "the permissive control did not run it" }
			else if (rc[1, s] != 0) { verdict = "FAIL"; why = sprintf("refused (exit %d) with %d AVC records, but it fails in permissive mode too (exit %d): not only the policy", rc[0, s], nnamed[0, s], rc[1, s]) }
			else { verdict = "ok"; why = sprintf("refused (exit %d) with %d AVC records of %s; works in permissive mode", rc[0, s], nnamed[0, s], dom[s]) }
		}
		if (verdict == "ok") pass++; else fail++
		printf "trial: [%d] %s %s: %s (%s)\n", s, kind[s] == "run" || kind[s] == "host" ? kind[s] " " expect[s] : kind[s], d, verdict == "ok" ? "ok" : "FAIL", why
		if (nnamed[0, s]) printf "%s", named[0, s]
		if (verdict != "ok" && out[0, s] != "") printf "    its output (enforcing):\n%s", out[0, s]
		if (verdict != "ok" && out[1, s] != "") printf "    its output (permissive):\n%s", out[1, s]
	}
	if (setup != "") printf "trial: records of the VM set-up (PID 1, not counted):\n%s", setup
	if (journal != "") printf "trial: journal of the started programs (enforcing pass):\n%s", journal
	if (np) {
		printf "trial: permissive pass: %d distinct AVC records (what the policy refuses when nothing stops at the first refusal):\n", np
		for (i = 1; i <= np; i++) printf "    %dx %s\n", P[porder[i]], porder[i]
	}
	if (nh) {
		printf "trial: harmless probes the trial script names (enforcing pass, %d distinct):\n", nh
		for (i = 1; i <= nh; i++) printf "    %dx %s\n", Hm[horder[i]], horder[i]
	}
	if (nu) {
		printf "trial: UNEXPECTED denials in the enforcing pass (%d distinct):\n", nu
		for (i = 1; i <= nu; i++) printf "    %dx %s\n", U[uorder[i]], uorder[i]
	}
	# the cost of each stage: the guest image, the boot, each pass, and in
	# each pass when each program started (its exec, measured in the guest)
	# and when each wait step (a program ready) was met
	printf "trial: time: guest image %.1f s (build %s s, link %s s, VM root %s s, initramfs %s s)\n", tb + tl + tt + tc, tb, tl, tt, tc
	if (boot) { split(boot, b, /[ =]/); printf "trial: time: boot: kernel to /init %.1f s, kernel modules %.1f s, policy load %.1f s\n", b[3] / 1000, modms / 1000, (b[5] - modms) / 1000 }
	for (p = 0; p < 2; p++) {
		if (!(p in passms)) continue
		printf "trial: time: pass %d (%s): tree %.1f s, steps %.1f s\n", p, p ? "permissive" : "enforcing", treems[p] / 1000, passms[p] / 1000
		t0 = -1
		for (s = 1; s <= n; s++) if (((p, s) in bt) && (t0 < 0 || bt[p, s] < t0)) t0 = bt[p, s]
		for (s = 1; s <= n; s++) {
			if (!seen[p, s] || !((p, s) in bt)) continue
			if (kind[s] == "start") {
				nw = split(desc[s], w, " "); prog = desc[s]
				for (i = 1; i <= nw; i++) if (w[i] ~ /^\//) { prog = w[i]; break }
				printf "trial: time:   [%d] start %s: %.1f s into the pass, exec %d ms\n", s, prog, (bt[p, s] - t0) / 1000, ms[p, s]
			} else if (kind[s] == "wait" && rc[p, s] == 0) {
				d = desc[s]; sub(/^[0-9]+ /, "", d)
				if (length(d) > 60) d = substr(d, 1, 57) "..."
				printf "trial: time:   [%d] wait %s: met %.1f s into the pass\n", s, d, (bt[p, s] + ms[p, s] - t0) / 1000
			}
		}
	}
	if (fatal) fail++
	cmd = "date +%s.%N"; cmd | getline t1; close(cmd)
	printf "trial: wall time %.1f s: build %s s, link %s s, VM root %s s, initramfs %s s, QEMU %s s (enforcing pass %.1f s, permissive pass %.1f s, tree %.1f + %.1f s)\n",
		t1 - wall0, tb, tl, tt, tc, tbo, passms[0] / 1000, passms[1] / 1000, treems[0] / 1000, treems[1] / 1000
	printf "unexpected denials: %d\n", nunexp
	printf "trial: %d passed, %d failed\n", pass, fail
	exit (fail || nunexp) ? 1 : 0
}' "$out/steps" "$out/plan" "$out/console.txt"
