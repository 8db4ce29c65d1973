#!/bin/sh
# tests/package/run.sh ZONEPOLICY: `zonepolicy package` (issue 15, items 4
# and 5), with the real tools.
#
#   - the sw module (units), nolauncher (tmpfiles) and netzone (ports) are
#     packaged; each .deb holds exactly the expected files, its maintainer
#     scripts pass `sh -n`, and lintian (default level) prints nothing;
#   - sw's masks (console none: the empty getty@.service ...) are not
#     shipped: the postinst masks them with deb-systemd-helper and the
#     postrm unmasks them; the spec's %post/%postun do it with links of
#     their own, run on an alternate root: the links appear, an
#     administrator's unit is left alone, and they go with the package;
#   - the same build packages to the same bytes (SOURCE_DATE_EPOCH);
#   - usage errors (no maintainer, a bad release) exit 2, a directory that
#     is not a build exits 1 and writes nothing;
#   - the RPM spec builds with rpmbuild -bb (Debian's rpm), the .rpm holds
#     the expected files and scriptlets, and rpmlint reports only the
#     reviewed tags below;
#   - the maintainer scripts on / run against stub tools (semodule,
#     semanage, systemd-tmpfiles, nft): the calls and their order (the
#     packet ruleset M.nft, shipped in /usr/share/selinux-policy-M/, loaded
#     after the module, its table deleted before the module goes);
#   - netzone installed with dpkg --root --force-script-chrootless: its
#     port records are in that root's store (semanage in a private mount
#     namespace), not in the host's, and go with the package;
#   - Ansible: the playbook, run with ansible-playbook -c local against an
#     alternate root (a copy of the base policy store, a dpkg database that
#     lists the package's dependencies), installs the package there with
#     dpkg --root --force-script-chrootless: the module is in the root's
#     store, its files carry the module's types (setfiles -r), the root's
#     SELinux config is set, and `zonepolicy check` passes the vectors on the
#     root's policy, and the gettys are masked there (links to /dev/null;
#     one unit the root had already stays as it was).  Run again with the
#     policy from before the install, the vector check fails and so does the
#     playbook.  `dpkg --root -r` removes the module, relabels the files
#     back to the base types and removes the masks' links.
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
here=$(cd "$(dirname "$0")/../.." && pwd)
t_tmpdir
maint='Zone Policy <dev@zonepolicy.example>'
export SOURCE_DATE_EPOCH=1767225600
unset DEBEMAIL DEBFULLNAME

for tool in dpkg-deb lintian rpmbuild rpmlint ansible-playbook setfiles semodule; do
	command -v $tool >/dev/null 2>&1 || { bad "$tool is missing (sh tools/deps.sh)"; t_end package; exit 1; }
done

# the builds: sw with its units, two goldens for tmpfiles and ports
mkdir -p "$tmp/sw/units"
(cd "$here/modules/sw" && "$zp" build -o "$tmp/sw" --units "$tmp/sw/units" sw.zone) >"$tmp/log" 2>&1 ||
	{ bad "build sw"; cat "$tmp/log"; }
for z in nolauncher netzone; do
	(cd "$here/tests/golden" && "$zp" build -o "$tmp/$z" $z.zone) >"$tmp/log" 2>&1 || { bad "build $z"; cat "$tmp/log"; }
done

# lintian: nothing at its default level (its "running with root privileges"
# notice is not about the package)
lint() { # DEB
	lintian "$1" >"$tmp/lint" 2>&1
	rc=$?
	grep -v 'running with root privileges' "$tmp/lint" >"$tmp/lint2"
	if [ $rc = 0 ] && [ ! -s "$tmp/lint2" ]; then ok; else bad "lintian $(basename "$1"):"; cat "$tmp/lint2"; fi
}

contents() { # DEB EXPECTED: the files (not directories) the .deb holds, and their modes
	dpkg-deb -c "$1" | awk '$6 !~ /\/$/ { print $1, $2, $6 }' | sort >"$tmp/got"
	sort "$2" >"$tmp/want"
	if diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then ok; else bad "contents of $(basename "$1"):"; cat "$tmp/diff"; fi
}

scripts() { # DEB: postinst and postrm exist and parse
	rm -rf "$tmp/ctl"
	dpkg-deb -e "$1" "$tmp/ctl"
	for s in postinst postrm; do
		if [ -x "$tmp/ctl/$s" ] && sh -n "$tmp/ctl/$s" && dash -n "$tmp/ctl/$s"; then ok; else bad "$(basename "$1"): $s"; fi
	done
}

# --- the sw package, with the playbook
if "$zp" package -o "$tmp/out" --maintainer "$maint" --ansible "$tmp/sw" >"$tmp/log" 2>&1; then ok; else bad "package sw"; cat "$tmp/log"; fi
deb=$tmp/out/selinux-policy-sw_1.0+zp1_all.deb
f='-rw-r--r-- root/root'
cat >"$tmp/want-sw" <<EOF
$f ./lib/systemd/system/sw.service
$f ./usr/share/doc/selinux-policy-sw/changelog.gz
$f ./usr/share/doc/selinux-policy-sw/copyright
$f ./usr/share/selinux-policy-sw/sw.cil
-rwxr-xr-x root/root ./usr/share/selinux-policy-sw/sw.netlabel
-rwxr-xr-x root/root ./usr/share/selinux-policy-sw/sw.nft
$f ./usr/share/selinux-policy-sw/sw.vectors
$f ./usr/share/selinux-policy-sw/sw_netcheck.cil
$f ./usr/share/lintian/overrides/selinux-policy-sw
$f ./usr/share/selinux/default/sw.pp
$f ./usr/share/selinux/devel/include/distributed/sw.if
EOF
contents "$deb" "$tmp/want-sw"
lint "$deb"
scripts "$deb"
[ "$(dpkg-deb -f "$deb" Package Version Maintainer Depends | tr '\n' '|')" = \
  "Package: selinux-policy-sw|Version: 1.0+zp1|Maintainer: $maint|Depends: policycoreutils, selinux-policy-default, nftables, netlabel-tools, systemd|" ] &&
	ok || bad "sw control: $(dpkg-deb -f "$deb" Package Version Maintainer Depends)"
# the package's .pp is the build's
if dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/selinux/default/sw.pp | cmp -s - "$tmp/sw/sw.pp"; then ok; else bad "sw.pp differs"; fi
# every relabelled path is one of sw.fc's
if grep -q "^relabel '/etc/sw/gateway.conf'$" "$tmp/ctl/postinst" && grep -q "^relabel '/var/lib/sw/classified'$" "$tmp/ctl/postinst" &&
   grep -q "^relabel '/etc/sw/general'$" "$tmp/ctl/postrm"; then ok; else bad "sw: relabel lines"; fi

# console none: the masks are not files of the package (nothing in /etc,
# systemd's getty@.service not replaced); the postinst masks, the postrm
# unmasks them, with deb-systemd-helper
masks="'autovt@.service' 'console-getty.service' 'container-getty@.service' 'debug-shell.service' 'getty@.service' 'serial-getty@.service'"
if grep -qxF "deb-systemd-helper mask $masks" "$tmp/ctl/postinst" &&
   grep -qxF "deb-systemd-helper unmask $masks" "$tmp/ctl/postrm"; then ok; else bad "sw: no deb-systemd-helper mask/unmask of the gettys"; fi
cp -r "$tmp/ctl" "$tmp/ctl-sw"

# units beside the module (build -o D --units D): the module's own units
# and masks only (a unit of something else is neither), the same package
mkdir -p "$tmp/sw2"
(cd "$here/modules/sw" && "$zp" build -o "$tmp/sw2" --units "$tmp/sw2" sw.zone) >/dev/null 2>&1 || bad "build sw2"
printf '[Unit]\n' >"$tmp/sw2/other.service"
printf '[Unit]\n' >"$tmp/sw2/swx.service"
"$zp" package -o "$tmp/out2" --maintainer "$maint" "$tmp/sw2" >"$tmp/log" 2>&1 || { bad "package sw2"; cat "$tmp/log"; }
contents "$tmp/out2/selinux-policy-sw_1.0+zp1_all.deb" "$tmp/want-sw"
dpkg-deb -I "$tmp/out2/selinux-policy-sw_1.0+zp1_all.deb" postinst | grep -qxF "deb-systemd-helper mask $masks" &&
	ok || bad "sw2: other masks than sw's"

# the same build, the same bytes
"$zp" package -o "$tmp/again" --maintainer "$maint" --ansible "$tmp/sw" >/dev/null 2>&1
if cmp -s "$deb" "$tmp/again/selinux-policy-sw_1.0+zp1_all.deb" &&
   cmp -s "$tmp/out/selinux-policy-sw.yml" "$tmp/again/selinux-policy-sw.yml" &&
   cmp -s "$tmp/out/rpmbuild/SPECS/selinux-policy-sw.spec" "$tmp/again/rpmbuild/SPECS/selinux-policy-sw.spec"; then
	ok
else
	bad "packaging sw twice gave different files"
fi

# --- tmpfiles and ports
for z in nolauncher netzone; do
	DEBEMAIL="$maint" "$zp" package -o "$tmp/out-$z" "$tmp/$z" >"$tmp/log" 2>&1 || { bad "package $z"; cat "$tmp/log"; }
	lint "$tmp/out-$z/selinux-policy-${z}_1.0+zp1_all.deb"
	scripts "$tmp/out-$z/selinux-policy-${z}_1.0+zp1_all.deb"
	cp -r "$tmp/ctl" "$tmp/ctl-$z"
done
cat >"$tmp/want-nolauncher" <<EOF
$f ./usr/lib/tmpfiles.d/nolauncher.conf
$f ./usr/share/doc/selinux-policy-nolauncher/changelog.gz
$f ./usr/share/doc/selinux-policy-nolauncher/copyright
$f ./usr/share/selinux-policy-nolauncher/nolauncher.cil
$f ./usr/share/selinux-policy-nolauncher/nolauncher.vectors
$f ./usr/share/selinux/default/nolauncher.pp
$f ./usr/share/selinux/devel/include/distributed/nolauncher.if
EOF
contents "$tmp/out-nolauncher/selinux-policy-nolauncher_1.0+zp1_all.deb" "$tmp/want-nolauncher"
cat >"$tmp/want-netzone" <<EOF
$f ./usr/share/doc/selinux-policy-netzone/changelog.gz
$f ./usr/share/doc/selinux-policy-netzone/copyright
$f ./usr/share/selinux-policy-netzone/netzone.cil
-rwxr-xr-x root/root ./usr/share/selinux-policy-netzone/netzone.nft
$f ./usr/share/lintian/overrides/selinux-policy-netzone
-rwxr-xr-x root/root ./usr/share/selinux-policy-netzone/netzone.semanage
$f ./usr/share/selinux-policy-netzone/netzone.vectors
$f ./usr/share/selinux-policy-netzone/netzone_netcheck.cil
$f ./usr/share/selinux/default/netzone.pp
$f ./usr/share/selinux/devel/include/distributed/netzone.if
EOF
contents "$tmp/out-netzone/selinux-policy-netzone_1.0+zp1_all.deb" "$tmp/want-netzone"

# --- the maintainer scripts on /, against stub tools that log their calls
mkdir -p "$tmp/bin"
# (sh: the scripts' `sh M.netlabel`; stubrun runs them with /bin/sh)
for t in semodule semanage restorecon setfiles systemctl systemd-tmpfiles deb-systemd-helper nft netlabelctl sh; do
	cat >"$tmp/bin/$t" <<'STUB'
#!/bin/sh
echo "$(basename "$0") $*" >>"$STUB_LOG"
case "$(basename "$0") $*" in
"semodule -s default -l") printf '%s\n' base "$STUB_MODULE" "${STUB_MODULE}_netcheck" ;;
"semanage port -l -C -n") printf 'netzone_dns_port_t             tcp      5353-5354\nother_port_t                   tcp      8001\nnetzone_web_port_t             tcp      8001, 9001\n' ;;
"semanage import") sed 's/^/  /' >>"$STUB_LOG" ;;
esac
exit 0
STUB
	chmod +x "$tmp/bin/$t"
done
stubrun() { # SCRIPT ARG MODULE EXPECTED
	: >"$tmp/calls"
	env -u DPKG_ROOT PATH="$tmp/bin:$PATH" STUB_LOG="$tmp/calls" STUB_MODULE="$3" /bin/sh "$1" "$2" >/dev/null 2>&1 ||
		bad "$1 $2 failed"
	if diff -u "$4" "$tmp/calls" >"$tmp/diff"; then ok; else bad "$1 $2: the calls:"; cat "$tmp/diff"; fi
}
cat >"$tmp/want" <<'EOF'
semodule -s default -X 400 -i /usr/share/selinux/default/nolauncher.pp
systemd-tmpfiles --create nolauncher.conf
EOF
stubrun "$tmp/ctl-nolauncher/postinst" configure nolauncher "$tmp/want"
printf '' >"$tmp/want"
stubrun "$tmp/ctl-nolauncher/postinst" abort-upgrade nolauncher "$tmp/want"
# removal: only the records of the module's own types go, in one import,
# before the module
cat >"$tmp/want" <<'EOF'
nft list table inet netzone
nft delete table inet netzone
semanage port -l -C -n
semanage import
  port -d -p tcp 5353-5354
  port -d -p tcp 8001
semodule -s default -l
semodule -s default -X 400 -r netzone_netcheck
semodule -s default -l
semodule -s default -X 400 -r netzone
EOF
stubrun "$tmp/ctl-netzone/postrm" remove netzone "$tmp/want"
cat >"$tmp/want" <<'EOF'
nft list table inet netzone
nft delete table inet netzone
semanage port -l -C -n
semanage import
  port -d -p tcp 5353-5354
  port -d -p tcp 8001
semodule -s default -l
semodule -s default -l
EOF
stubrun "$tmp/ctl-netzone/postrm" remove other "$tmp/want"
if grep -q '^in_root "$root/usr/share/selinux-policy-netzone/netzone.semanage"$' "$tmp/ctl-netzone/postinst"; then ok; else bad "netzone postinst does not run its semanage script"; fi
# sw: the masks after the module, before systemd reads the units again
cat >"$tmp/want" <<'EOF'
semodule -s default -X 400 -i /usr/share/selinux/default/sw.pp -i /usr/share/selinux-policy-sw/sw_netcheck.cil
nft -f /usr/share/selinux-policy-sw/sw.nft
sh /usr/share/selinux-policy-sw/sw.netlabel load
deb-systemd-helper mask autovt@.service console-getty.service container-getty@.service debug-shell.service getty@.service serial-getty@.service
EOF
stubrun "$tmp/ctl-sw/postinst" configure sw "$tmp/want"
cat >"$tmp/want" <<'EOF'
netlabelctl unlbl del default address:10.10.1.0/24
netlabelctl unlbl del default address:10.10.1.1/32
netlabelctl unlbl del default address:10.10.2.0/24
netlabelctl unlbl del default address:10.10.2.1/32
nft list table inet sw
nft delete table inet sw
semodule -s default -l
semodule -s default -X 400 -r sw_netcheck
semodule -s default -l
semodule -s default -X 400 -r sw
deb-systemd-helper unmask autovt@.service console-getty.service container-getty@.service debug-shell.service getty@.service serial-getty@.service
EOF
stubrun "$tmp/ctl-sw/postrm" remove sw "$tmp/want"

# --- usage and input errors
"$zp" package -o "$tmp/x" "$tmp/sw" >/dev/null 2>&1
[ $? = 2 ] && [ ! -e "$tmp/x" ] && ok || bad "no maintainer: want status 2 and nothing written"
"$zp" package -o "$tmp/x" --maintainer "$maint" --release 1a "$tmp/sw" >/dev/null 2>&1
[ $? = 2 ] && ok || bad "--release 1a: want status 2"
mkdir -p "$tmp/empty"
"$zp" package -o "$tmp/x" --maintainer "$maint" "$tmp/empty" >"$tmp/log" 2>&1
[ $? = 1 ] && [ ! -e "$tmp/x" ] && grep -q 'no .te file' "$tmp/log" && ok || bad "not a build: want status 1, a message, nothing written"
cp -r "$tmp/sw" "$tmp/novec" && rm "$tmp/novec/sw.vectors"
"$zp" package -o "$tmp/x" --maintainer "$maint" "$tmp/novec" >"$tmp/log" 2>&1
[ $? = 1 ] && [ ! -e "$tmp/x" ] && grep -q 'sw.vectors' "$tmp/log" && ok || bad "no vectors: want status 1 naming sw.vectors"

# --- RPM: rpmbuild builds the spec; rpmlint reports only the reviewed tags:
#   no-signature               a local build is not signed
#   no-url-tag, no-documentation, no-buildroot-tag
#                              a generated module has no upstream URL or docs;
#                              BuildRoot is obsolete in current rpm
#   invalid-license            the license is the .zone author's ("Distributable")
#   hardcoded-packager-tag     Debian's rpmlint errors without Packager, warns with it
#   only-non-binary-in-usr-lib systemd units belong in /usr/lib/systemd/system
#   no-dependency-on           "sw" is taken for a locale (Swahili)
#   dangerous-command-in-%postun rm
#                              the record of the masks %post made (under
#                              /var/lib/selinux-policy-sw/masked) goes
cp -r "$tmp/out/rpmbuild" "$tmp/rpmbuild"
if rpmbuild -bb --define "_topdir $tmp/rpmbuild" "$tmp/rpmbuild/SPECS/selinux-policy-sw.spec" >"$tmp/log" 2>&1; then
	ok
else
	bad "rpmbuild:"; tail -20 "$tmp/log"
fi
rpm=$tmp/rpmbuild/RPMS/noarch/selinux-policy-sw-1.0-1.noarch.rpm
rpm -qlp "$rpm" >"$tmp/got" 2>/dev/null
cat >"$tmp/want" <<'EOF'
/usr/lib/systemd/system/sw.service
/usr/share/selinux-policy-sw/sw.cil
/usr/share/selinux-policy-sw/sw.netlabel
/usr/share/selinux-policy-sw/sw.nft
/usr/share/selinux-policy-sw/sw.vectors
/usr/share/selinux-policy-sw/sw_netcheck.cil
/usr/share/selinux/devel/include/distributed/sw.if
/usr/share/selinux/packages/targeted/sw.pp
EOF
if diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then ok; else bad "rpm contents:"; cat "$tmp/diff"; fi
rpm -qp --scripts "$rpm" 2>/dev/null >"$tmp/scripts"
if grep -q 'semodule -s "$store" -X 400 -i /usr/share/selinux/packages/targeted/sw.pp' "$tmp/scripts" &&
   grep -q 'semodule -s "$store" -X 400 -r sw' "$tmp/scripts" && grep -q '^store=targeted$' "$tmp/scripts"; then
	ok
else
	bad "rpm scriptlets"; cat "$tmp/scripts"
fi
# the spec's masks on an alternate root (DPKG_ROOT, which the scriptlets
# honour as the maintainer scripts do), the real systemctl --root, the
# other tools stubbed: %post masks the gettys but leaves a unit that is
# there alone, %postun removes its own links only (one retargeted
# meanwhile stays)
rr=$tmp/rpmroot
mkdir -p "$tmp/bin-rpm"
cp "$tmp/bin/"* "$tmp/bin-rpm/" && rm "$tmp/bin-rpm/systemctl"
mkdir -p "$rr/etc/systemd/system"
printf '[Service]\n' >"$rr/etc/systemd/system/debug-shell.service"
rpm -qp --queryformat '%{POSTIN}' "$rpm" >"$tmp/rpm-post" 2>/dev/null
rpm -qp --queryformat '%{POSTUN}' "$rpm" >"$tmp/rpm-postun" 2>/dev/null
if DPKG_ROOT=$rr PATH="$tmp/bin-rpm:$PATH" STUB_LOG="$tmp/calls" STUB_MODULE=sw /bin/sh -e "$tmp/rpm-post" 1 >"$tmp/log" 2>&1; then ok; else bad "rpm %post:"; cat "$tmp/log"; fi
n=0
for u in autovt@ console-getty container-getty@ getty@ serial-getty@; do
	[ "$(readlink "$rr/etc/systemd/system/$u.service")" = /dev/null ] && n=$((n + 1))
done
if [ $n = 5 ] && [ -f "$rr/etc/systemd/system/debug-shell.service" ] && [ ! -L "$rr/etc/systemd/system/debug-shell.service" ]; then ok; else
	bad "rpm %post: $n of 5 masks; $(ls -l "$rr/etc/systemd/system")"; fi
ln -sf /usr/lib/systemd/system/getty@.service "$rr/etc/systemd/system/autovt@.service"
if DPKG_ROOT=$rr PATH="$tmp/bin-rpm:$PATH" STUB_LOG="$tmp/calls" STUB_MODULE=sw /bin/sh -e "$tmp/rpm-postun" 0 >"$tmp/log" 2>&1; then ok; else bad "rpm %postun:"; cat "$tmp/log"; fi
left=$(cd "$rr/etc/systemd/system" && ls -A | tr '\n' ' ')
if [ "$left" = "autovt@.service debug-shell.service " ] && [ ! -e "$rr/var/lib/selinux-policy-sw" ]; then ok; else bad "rpm %postun left: $left"; fi
# the tmpfiles and ports modules' specs build too, with their files
for z in nolauncher netzone; do
	cp -r "$tmp/out-$z/rpmbuild" "$tmp/rpm-$z"
	rpmbuild -bb --define "_topdir $tmp/rpm-$z" "$tmp/rpm-$z/SPECS/selinux-policy-$z.spec" >"$tmp/log" 2>&1 ||
		{ bad "rpmbuild $z:"; tail -20 "$tmp/log"; }
	rpm -qlvp "$tmp/rpm-$z/RPMS/noarch/selinux-policy-$z-1.0-1.noarch.rpm" 2>/dev/null | awk '{ print $1, $NF }' >"$tmp/rpm-$z.list"
done
grep -qx -- '-rw-r--r-- /usr/lib/tmpfiles.d/nolauncher.conf' "$tmp/rpm-nolauncher.list" && ok || bad "rpm nolauncher: no tmpfiles.d file"
grep -qx -- '-rwxr-xr-x /usr/share/selinux-policy-netzone/netzone.semanage' "$tmp/rpm-netzone.list" && ok || bad "rpm netzone: no executable semanage script"
rpmlint "$tmp/rpmbuild/SPECS/selinux-policy-sw.spec" "$rpm" >"$tmp/lint" 2>&1
grep -E '^[^ ]+: [EW]: ' "$tmp/lint" | grep -vE ': [EW]: (no-signature|no-url-tag|no-documentation|no-buildroot-tag|invalid-license Distributable|hardcoded-packager-tag|only-non-binary-in-usr-lib|no-dependency-on locales-sw|dangerous-command-in-%postun rm)( |$)' >"$tmp/lint2"
if grep -q 'packages and 1 specfiles checked' "$tmp/lint" && [ ! -s "$tmp/lint2" ]; then ok; else bad "rpmlint:"; cat "$tmp/lint2" "$tmp/lint"; fi

# --- alternate roots: a copy of the base policy store, and a dpkg database
# that lists what the packages depend on (their programs are the host's:
# the scripts run without chroot)
"$zp" link -o "$tmp/link.33" "$tmp/sw/sw.pp" >"$tmp/log" 2>&1 || { bad "link (the base store)"; cat "$tmp/log"; }
cache=${ZONEPOLICY_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/zonepolicy}
store=$(ls -dt "$cache"/base-*/complete 2>/dev/null | head -n 1)
mkroot() { # DIR
	mkdir -p "$1/var/lib/dpkg/info" "$1/var/lib/dpkg/updates" "$1/var/lib/dpkg/triggers"
	if [ -n "$store" ] && cp -a "$(dirname "$store")/etc" "$(dirname "$store")/var" "$1/"; then ok; else bad "no base store under $cache"; fi
	printf 'SELINUX=permissive\nSELINUXTYPE=default\n' >"$1/etc/selinux/config"
	for p in policycoreutils policycoreutils-python-utils selinux-policy-default systemd nftables netlabel-tools; do
		dpkg-query -s $p; echo
	done >"$1/var/lib/dpkg/status"
	: >"$1/var/lib/dpkg/available"
}
# the ports of netzone in its root's store (semanage in a private mount
# namespace), not in the host's; gone again with the package
r2=$tmp/root-netzone
mkroot "$r2"
in_r2() { unshare -m sh -c 'mount --bind "$0/etc/selinux" /etc/selinux && mount --bind "$0/var/lib/selinux" /var/lib/selinux && exec "$@"' "$r2" "$@"; }
semanage port -l -C -n >"$tmp/host-ports" 2>/dev/null
if dpkg --root="$r2" --force-script-chrootless -i "$tmp/out-netzone/selinux-policy-netzone_1.0+zp1_all.deb" >"$tmp/log" 2>&1; then ok; else bad "dpkg --root -i netzone:"; cat "$tmp/log"; fi
in_r2 semanage port -l -C -n 2>/dev/null | awk '{ print $1, $2, $3 }' >"$tmp/got"
printf 'netzone_dns_port_t tcp 5353-5354\nnetzone_web_port_t tcp 8001\n' >"$tmp/want"
if diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then ok; else bad "netzone's ports in its root:"; cat "$tmp/diff"; fi
semanage port -l -C -n 2>/dev/null | cmp -s - "$tmp/host-ports" && ok || bad "the host's port records changed"
if dpkg --root="$r2" --force-script-chrootless -r selinux-policy-netzone >"$tmp/log" 2>&1; then ok; else bad "dpkg --root -r netzone:"; cat "$tmp/log"; fi
[ -z "$(in_r2 semanage port -l -C -n 2>/dev/null)" ] && ok || bad "netzone's ports stay in its root after removal"
semodule -p "$r2" -s default -l | grep -qx netzone && bad "netzone is still in its root's store" || ok

# --- Ansible, on an alternate root
root=$tmp/root
mkroot "$root"
cp "$root/etc/selinux/default/policy/policy.33" "$tmp/base.33"
# files of the module that exist before the install
mkdir -p "$root/etc/sw/classified" "$root/var/lib/sw/general"
# a unit the root has already, in a mask's place: the package leaves it
mkdir -p "$root/etc/systemd/system"
printf '[Service]\n' >"$root/etc/systemd/system/debug-shell.service"
touch "$root/etc/sw/gateway.conf" "$root/etc/sw/classified/vm.conf" "$root/var/lib/sw/general/disk.img"
label() { /usr/bin/python3 -c 'import os, sys; print(os.getxattr(sys.argv[1], "security.selinux").rstrip(b"\0").decode())' "$1" 2>/dev/null; }
playbook() { # EXTRA-ARGS...
	LC_ALL=C.UTF-8 ANSIBLE_NOCOLOR=1 ANSIBLE_LOCALHOST_WARNING=0 ANSIBLE_INVENTORY_UNPARSED_WARNING=0 \
	ANSIBLE_LOCAL_TEMP="$tmp/ansible-tmp" ANSIBLE_REMOTE_TEMP="$tmp/ansible-tmp" \
		ansible-playbook -c local -i localhost, -e ansible_python_interpreter=/usr/bin/python3 \
		-e "zp_root=$root" -e "zp_zonepolicy=$zp" "$@" "$tmp/out/selinux-policy-sw.yml" >"$tmp/play" 2>&1
}
if playbook; then ok; else bad "ansible-playbook:"; tail -30 "$tmp/play"; fi
grep -q 'failed=0' "$tmp/play" && grep -q '"msg": "[0-9]* passed, 0 failed"' "$tmp/play" && ok ||
	bad "ansible: no passing vector check in the output"
grep -qx 'SELINUX=enforcing' "$root/etc/selinux/config" && ok || bad "ansible.posix.selinux did not set the root's config"
semodule -p "$root" -s default -l | grep -qx sw && ok || bad "sw is not in the root's store"
dpkg-query --admindir="$root/var/lib/dpkg" -W -f='${Status}' selinux-policy-sw | grep -q 'install ok installed' &&
	ok || bad "dpkg in the root does not list selinux-policy-sw as installed"
# the gettys masked in the root; its own debug-shell.service as it was
n=0
for u in autovt@ console-getty container-getty@ getty@ serial-getty@; do
	[ "$(readlink "$root/etc/systemd/system/$u.service")" = /dev/null ] && n=$((n + 1))
done
if [ $n = 5 ] && [ "$(cat "$root/etc/systemd/system/debug-shell.service")" = '[Service]' ]; then ok; else
	bad "dpkg --root: $n of 5 masks; $(ls -l "$root/etc/systemd/system")"; fi
st=$(systemctl --root="$root" is-enabled getty@tty1.service 2>/dev/null)
[ "$st" = masked ] && ok || bad "systemctl --root is-enabled getty@tty1.service: '$st', want masked"
for pair in etc/sw/gateway.conf:sw_gateway_conf_t etc/sw/classified/vm.conf:sw_classified_conf_t \
	    var/lib/sw/general/disk.img:sw_general_disk_t; do
	l=$(label "$root/${pair%%:*}")
	[ "$l" = "system_u:object_r:${pair#*:}:s0" ] && ok || bad "${pair%%:*}: label '$l', want ${pair#*:}"
done
# the playbook can fail: the vectors on the policy from before the install
if playbook --start-at-task "The policy passes the module's test vectors" -e "zp_policy=$tmp/base.33"; then
	bad "ansible: the vectors passed on the base policy without sw"
else
	grep -q 'failed=1' "$tmp/play" && ok || { bad "ansible: failed for another reason:"; tail -20 "$tmp/play"; }
fi
# removal on the root: the module goes, the files get the base types back
if dpkg --root="$root" --force-script-chrootless -r selinux-policy-sw >"$tmp/log" 2>&1; then ok; else bad "dpkg -r:"; cat "$tmp/log"; fi
semodule -p "$root" -s default -l | grep -qx sw && bad "sw is still in the root's store" || ok
l=$(label "$root/etc/sw/gateway.conf")
[ "$l" = "system_u:object_r:etc_t:s0" ] && ok || bad "after removal: gateway.conf is '$l', want etc_t"
left=$(cd "$root/etc/systemd/system" && ls -A | tr '\n' ' ')
[ "$left" = "debug-shell.service " ] && ok || bad "after removal: '$left' in the root's /etc/systemd/system"

t_end package
