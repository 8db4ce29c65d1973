#!/bin/sh
# tests/man/run.sh ZP: the man pages (issue 15, item 1).
#   - mandoc -Tlint at its style level and groff -ww -z find nothing in
#     man/zonepolicy.1 and man/zone.5 (cross-references are looked up in a
#     manpath that holds both pages; a page of another package that is not
#     installed here is reported, not failed);
#   - the options of each subcommand in zonepolicy(1) are those of
#     `ZP CMD --help`, and those of its getopt table (drift.py options);
#   - every keyword of dsl/lexer.l is documented in zone(5), and its example
#     is modules/sw/sw.zone (drift.py keywords, example);
#   - each of those checks fails on a page that drifted (a copy with one
#     option or keyword removed);
#   - `make install-man` puts them where man(1) finds them.
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
t_tmpdir
cd "$root" || exit 1

# --- lint --------------------------------------------------------------------
mkdir -p "$tmp/man/man1" "$tmp/man/man5"
cp man/zonepolicy.1 "$tmp/man/man1/"
cp man/zone.5 "$tmp/man/man5/"
for page in man/zonepolicy.1 man/zone.5; do
	if ! command -v mandoc >/dev/null; then
		bad "$page: mandoc is not installed (tools/deps.d/man)"
		continue
	fi
	MANPATH="$tmp/man:/usr/share/man" mandoc -Tlint -W style "$page" >"$tmp/lint" 2>&1
	# mandoc's notice that no mandoc.db lists a page it then found is no
	# finding; neither is a cross-reference to a page not installed here
	: >"$tmp/findings"
	while IFS= read -r l; do
		case $l in
		*"outdated mandoc.db"*) ;;
		*"referenced manual not found: Xr "*)
			ref=${l##*Xr }
			if man -w "${ref#* }" "${ref% *}" >/dev/null 2>&1; then
				echo "$l" >>"$tmp/findings"
			else
				echo "man: note: $page: ${ref% *}(${ref#* }) is not installed here"
			fi ;;
		*) echo "$l" >>"$tmp/findings" ;;
		esac
	done <"$tmp/lint"
	[ -s "$tmp/findings" ] && bad "mandoc -Tlint $page: $(cat "$tmp/findings")" || ok
	out=$(groff -ww -z -mandoc "$page" 2>&1)
	[ -z "$out" ] && ok || bad "groff -ww -z $page: $out"
done
# the lint catches a broken page
printf '.Dd November 30, 2026\n.Dt BROKEN 1\n.Os\n.Sh NAME\n.Nm broken\n.Sh DESCRIPTION\n.Bl -tag\n.It x\n' \
	>"$tmp/broken.1"
if mandoc -Tlint -W style "$tmp/broken.1" 2>&1 | grep -qv "outdated mandoc.db"; then ok; else
	bad "mandoc -Tlint finds nothing in a broken page"; fi

# --- drift ---------------------------------------------------------------------
drift() { python3 "$here/drift.py" "$@"; }
out=$(drift options "$zp" man/zonepolicy.1 "$root" 2>&1) && ok || bad "options: $(echo "$out" | grep -v '^ok')"
echo "$out" | sed -n 's/^note /man: note: /p'
out=$(drift keywords dsl/lexer.l man/zone.5 2>&1) && ok || bad "keywords: $(echo "$out" | grep -v '^ok')"
out=$(drift example man/zone.5 modules/sw/sw.zone 2>&1) && ok || bad "$out"
# ... and each check fails on a page that drifted
grep -v '^\.It Fl -stats' man/zonepolicy.1 >"$tmp/stats-gone.1"
drift options "$zp" "$tmp/stats-gone.1" "$root" >/dev/null 2>&1 && bad "options: a missing --stats passes" || ok
grep -v '^\.Ic execmem' man/zone.5 | sed 's/Ic execmem/execmem/g' >"$tmp/execmem-gone.5"
drift keywords dsl/lexer.l "$tmp/execmem-gone.5" >/dev/null 2>&1 && bad "keywords: a missing execmem passes" || ok
sed 's/device kvm, tun;/device kvm;/' man/zone.5 >"$tmp/example.5"
drift example "$tmp/example.5" modules/sw/sw.zone >/dev/null 2>&1 && bad "example: a changed example passes" || ok

# --- install -------------------------------------------------------------------
make -s --no-print-directory install-man DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/make.log" 2>&1
for p in man1/zonepolicy.1 man5/zone.5; do
	cmp -s "$tmp/root/usr/share/man/$p" "man/${p#*/}" && ok || bad "install-man: no $p ($(cat "$tmp/make.log"))"
done
w=$(MANPATH="$tmp/root/usr/share/man" man -w 5 zone 2>/dev/null)
[ "$w" = "$tmp/root/usr/share/man/man5/zone.5" ] && ok || bad "man -w 5 zone finds '$w'"
t_end man
