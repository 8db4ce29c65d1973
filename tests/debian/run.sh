#!/bin/sh
# tests/debian/run.sh: zonepolicy's own Debian package (debian/, issue 15
# item 4).  A copy of the source tree (its tracked and new files, not
# build/) is built with `dpkg-buildpackage -us -uc -b`, its tests being
# debian/rules' fast subset; then
#   - the build succeeds and makes zonepolicy_VERSION_ARCH.deb;
#   - lintian on the .changes (default level) prints nothing, except
#     no-manual-page while the tree has no man/ (the man pages are issue 15
#     item 1);
#   - the package holds exactly what `make install PREFIX=/usr` installs
#     (man pages compressed by dh_compress), plus its doc files;
#   - the packaged zonepolicy runs and prints the Makefile's version.
# The time the build took is printed.
set -u
. "$(dirname "$0")/../lib.sh"
here=$(cd "$(dirname "$0")/../.." && pwd)
t_tmpdir
for tool in dpkg-buildpackage dh lintian; do
	command -v $tool >/dev/null 2>&1 || { bad "$tool is missing (sh tools/deps.sh)"; t_end debian; exit 1; }
done
src=$tmp/zonepolicy
mkdir -p "$src"
if git -C "$here" rev-parse --git-dir >/dev/null 2>&1; then
	(cd "$here" && git ls-files -co --exclude-standard | grep -v '^build/' | tar -cf - -T -) | tar -xf - -C "$src"
else
	(cd "$here" && tar --exclude=./build -cf - .) | tar -xf - -C "$src"
fi
version=$(sed -n 's/^VERSION *:= *//p' "$src/Makefile")
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
start=$(date +%s)
if (cd "$src" && dpkg-buildpackage -us -uc -b) >"$tmp/build.log" 2>&1; then ok; else bad "dpkg-buildpackage:"; tail -30 "$tmp/build.log"; fi
echo "debian: dpkg-buildpackage took $(($(date +%s) - start)) s"
deb=$tmp/zonepolicy_${version}_$arch.deb
[ -f "$deb" ] && ok || bad "no $(basename "$deb")"
head -n 1 "$src/debian/changelog" | grep -q "^zonepolicy ($version) " && ok ||
	bad "debian/changelog's version is not the Makefile's $version"

lintian "$tmp/zonepolicy_${version}_$arch.changes" >"$tmp/lint" 2>&1
rc=$?
grep -v 'running with root privileges' "$tmp/lint" >"$tmp/lint2"
[ -d "$src/man" ] || { grep -v '^W: zonepolicy: no-manual-page \[usr/bin/zonepolicy\]$' "$tmp/lint2" >"$tmp/lint3"; mv "$tmp/lint3" "$tmp/lint2"; }
if [ ! -s "$tmp/lint2" ] && { [ $rc = 0 ] || [ ! -d "$src/man" ]; }; then ok; else bad "lintian:"; cat "$tmp/lint2"; fi

# what make install installs, and nothing else
(cd "$src" && make -s PREFIX=/usr DESTDIR="$tmp/inst" install) >"$tmp/inst.log" 2>&1 || { bad "make install"; cat "$tmp/inst.log"; }
(cd "$tmp/inst" && find . ! -type d | sort) >"$tmp/want"
dpkg-deb -c "$deb" | awk '$6 !~ /\/$/ { print $6 }' | grep -v -e '^\./usr/share/doc/zonepolicy/' -e '^\./usr/share/lintian/overrides/zonepolicy$' | sed 's/ ->.*//; s#^\(\./usr/share/man/.*\)\.gz$#\1#' | sort >"$tmp/got"
if [ -s "$tmp/want" ] && diff -u "$tmp/want" "$tmp/got" >"$tmp/diff"; then ok; else bad "the package is not what make install installs:"; cat "$tmp/diff"; fi

mkdir -p "$tmp/x"
dpkg-deb -x "$deb" "$tmp/x"
[ "$("$tmp/x/usr/bin/zonepolicy" version)" = "zonepolicy $version" ] && ok || bad "the packaged zonepolicy does not run"
t_end debian
