#!/bin/sh
# run.sh ZONEPOLICY: tests of `zonepolicy build --units DIR`.
#
# Cases: every tests/units/NAME.zone and modules/sw/sw.zone (console none:
# the launcher is the session, the gettys masked).  For each:
#   golden    the units equal tests/units/NAME/*.service (UPDATE=1 rewrites
#             them instead; review them in the diff);
#   verify    `systemd-analyze verify` in a private root (a copy of the
#             system's units, a stub executable at every `exec` path) says
#             nothing at all: with the stubs there is no expected complaint,
#             so any line is a unit-syntax error;
#   repeat    a second build gives the same bytes.
# Then the checks on the checker and on atomicity:
#   broken    deliberately broken copies (a misspelt key, a bad CPUQuota=, a
#             missing ExecStart binary) must make verify complain;
#   atomic    a failing build (bad --units DIR, bad --graph, an unknown
#             template placeholder, a .zone with an error) writes nothing;
#   source-label  a .zone file whose name holds a newline builds (its .pp
#             by --pp-tool=checkmodule: checkmodule accepts the .te; the
#             other build's .pp is libsepol's) and every output, units
#             and graph included, is byte for byte what a file named with '?'
#             in its place gives: one cleaned label serves every output;
#   valgrind  one build with --units and --graph is clean (when installed).
# Prints "units: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
t_tmpdir


# A root for systemd-analyze: the system's own units (for sysinit.target,
# multi-user.target ...), and nothing else.
root=$tmp/root
mkdir -p "$root/usr/lib/systemd" "$root/etc/systemd/system"
for d in /usr/lib/systemd/system /lib/systemd/system; do
	if [ -d "$d" ]; then
		cp -r "$d" "$root/usr/lib/systemd/"
		break
	fi
done

# The exec paths of a .zone file, unescaped (\\ and \" are its only escapes).
exec_paths() {
	sed -n 's/^[[:space:]]*exec[[:space:]]*"\(.*\)"[[:space:]]*\(shared\|takeover[[:space:]]*[a-z0-9_]*\)\{0,1\}[[:space:]]*;.*$/\1/p' "$1" |
		sed 's/\\\(["\\]\)/\1/g'
}

# verify ZONE UNITDIR: systemd-analyze on the units, stubs for every exec.
# Prints whatever systemd-analyze said; returns non-zero if it said anything.
verify() {
	rm -rf "$root/etc/systemd/system" "$root/usr/libexec" "$root/opt" "$root/usr/sbin"
	mkdir -p "$root/etc/systemd/system"
	# nft: the ExecStartPre= lines that load M.nft (a module that labels packets)
	{ exec_paths "$1"; echo /usr/sbin/nft; } | while IFS= read -r p; do
		mkdir -p "$root$(dirname "$p")"
		printf '#!/bin/sh\nexit 0\n' >"$root$p"
		chmod 755 "$root$p"
	done
	cp "$2"/*.service "$root/etc/systemd/system/"
	# an empty unit is a mask (console none): systemd must say "masked" for
	# it (an instance of a template); the others are verified
	set --
	masks_ok=0
	for u in "$root"/etc/systemd/system/*.service; do
		if [ -s "$u" ]; then
			set -- "$@" "$u"
			continue
		fi
		n=$(basename "$u")
		case $n in *@.service) n=${n%@.service}@1.service ;; esac
		st=$(systemctl --root="$root" is-enabled "$n" 2>&1)
		[ "$st" = masked ] || { echo "$n: not masked ($st)"; masks_ok=1; }
	done
	said=$(systemd-analyze verify --root="$root" --man=no --generators=no "$@" 2>&1)
	rc=$?
	[ -n "$said" ] && printf '%s\n' "$said"
	[ $rc = 0 ] && [ -z "$said" ] && [ $masks_ok = 0 ]
}

# build ZONE OUT: the units into OUT/units, the graph into OUT/g.dot.
build() {
	rm -rf "$2"
	mkdir -p "$2/units"
	(cd "$(dirname "$1")" && "$zp" build --no-pp -o "$2" --units "$2/units" --graph "$2/g.dot" \
		"$(basename "$1")") 2>"$2/stderr"
}

have_sa=1
command -v systemd-analyze >/dev/null 2>&1 || have_sa=0
[ $have_sa = 1 ] || echo "note: systemd-analyze missing (apt-get install systemd): verify cases fail"

for zone in "$here"/*.zone "$top/modules/sw/sw.zone"; do
	[ -e "$zone" ] || continue
	name=$(basename "$zone" .zone)
	out=$tmp/$name
	if ! build "$zone" "$out"; then
		bad "$name: build failed:"
		cat "$out/stderr"
		continue
	fi
	# golden
	if [ "${UPDATE:-0}" = 1 ]; then
		rm -rf "${here:?}/$name"
		mkdir -p "$here/$name"
		cp "$out"/units/*.service "$here/$name/"
		ok
	elif diff -ru "$here/$name" "$out/units" >"$out/diff" 2>&1; then
		ok
	else
		bad "$name: units differ from tests/units/$name:"
		head -60 "$out/diff"
	fi
	# verify
	if [ $have_sa = 1 ] && verify "$zone" "$out/units" >"$out/verify"; then
		ok
	else
		bad "$name: systemd-analyze verify complained:"
		cat "$out/verify"
	fi
	# repeat
	build "$zone" "$out.2"
	if diff -r "$out/units" "$out.2/units" >/dev/null && cmp -s "$out/g.dot" "$out.2/g.dot"; then
		ok
	else
		bad "$name: a second build differs"
	fi
done

# broken: the checker must see a real unit error.  Start from proxy's units
# (sw's launcher has `console none`: its zones have no units).
sw=$tmp/proxy/units
if [ -d "$sw" ] && [ $have_sa = 1 ]; then
	for breakage in 's/^Type=exec$/Tpye=exec/' 's/^CPUQuota=25%$/CPUQuota=25/' \
			's/^MemoryMax=256M$/MemoryMax=256Q/' 's/^\[Service\]$/[Servcie]/'; do
		rm -rf "$tmp/broken"
		cp -r "$sw" "$tmp/broken"
		sed -i "$breakage" "$tmp/broken/proxy-proxy.service"
		if cmp -s "$sw/proxy-proxy.service" "$tmp/broken/proxy-proxy.service"; then
			bad "broken: '$breakage' changed nothing (proxy.zone changed?)"
		elif verify "$here/proxy.zone" "$tmp/broken" >"$tmp/broken.out"; then
			bad "broken: verify accepted a unit broken by '$breakage'"
		else
			ok
		fi
	done
	# a missing executable is a complaint too
	rm -rf "$tmp/broken"
	cp -r "$sw" "$tmp/broken"
	sed -i 's|^ExecStart=.*|ExecStart=/usr/libexec/proxy/no-such-program|' "$tmp/broken/proxy-proxy.service"
	if verify "$here/proxy.zone" "$tmp/broken" >"$tmp/broken.out"; then
		bad "broken: verify accepted a unit whose program does not exist"
	else
		ok
	fi
	# a mask that is not empty (one byte) is no mask: verify must see it
	rm -rf "$tmp/broken"
	cp -r "$tmp/sw/units" "$tmp/broken"
	echo >"$tmp/broken/getty@.service"
	if verify "$top/modules/sw/sw.zone" "$tmp/broken" >"$tmp/broken.out"; then
		bad "broken: verify accepted a getty that is not masked"
	else
		ok
	fi
else
	bad "broken: no proxy units to break, or no systemd-analyze"
fi

# atomic: every failure leaves both directories empty
sz=$top/modules/sw/sw.zone
empty() { [ -z "$(ls -A "$1")" ]; }
atomic() {   # atomic LABEL ARGS...: the build must fail and write nothing
	label=$1
	shift
	rm -rf "$tmp/at"
	mkdir -p "$tmp/at/o" "$tmp/at/u"
	if "$zp" build --no-pp -o "$tmp/at/o" "$@" 2>"$tmp/at/stderr"; then
		bad "atomic $label: the build succeeded"
	elif empty "$tmp/at/o" && empty "$tmp/at/u"; then
		ok
	else
		bad "atomic $label: something was written:"
		ls -AR "$tmp/at"
	fi
}
atomic "bad --units" --units "$tmp/at/missing" --graph "$tmp/at/u/g.dot" "$sz"
atomic "bad --graph" --units "$tmp/at/u" --graph "$tmp/at/missing/g.dot" "$sz"
atomic "--graph names a directory" --units "$tmp/at/u" --graph "$tmp/at/u/" "$sz"
mkdir -p "$tmp/tpl"
cp "$top"/templates/*.in "$tmp/tpl/"
printf 'X-Bogus=@BOGUS@\n' >>"$tmp/tpl/unit.service.in"
atomic "bad template" --template-dir "$tmp/tpl" --units "$tmp/at/u" --graph "$tmp/at/u/g.dot" "$sz"
printf 'module broken 1.0;\nvm a { exec "/usr/bin/a"; limits { cpu 0%%; } }\n' >"$tmp/broken.zone"
printf 'module bs 1.0;\nvm a { exec "/usr/bin/a\\\\b"; }\n' >"$tmp/bs.zone"
atomic "an exec path systemd cannot run" --units "$tmp/at/u" "$tmp/bs.zone"
atomic "a .zone error" --units "$tmp/at/u" --graph "$tmp/at/u/g.dot" "$tmp/broken.zone"

# source-label: "nl<newline>x.zone" must give exactly the outputs of "nl?x.zone"
rm -rf "$tmp/sl"
mkdir -p "$tmp/sl/a/u" "$tmp/sl/b/u"
nlname=$(printf 'nl\nx.zone')
cp "$here/nolaunch.zone" "$tmp/sl/$nlname"
cp "$here/nolaunch.zone" "$tmp/sl/nl?x.zone"
if ! (cd "$tmp/sl" && "$zp" build --pp-tool=checkmodule -o a --units a/u --graph a/g.dot "$nlname") \
	2>"$tmp/sl/err.a"; then
	bad "source-label: the build of a file named with a newline failed:"
	cat "$tmp/sl/err.a"
elif ! (cd "$tmp/sl" && "$zp" build -o b --units b/u --graph b/g.dot "nl?x.zone") 2>"$tmp/sl/err.b"; then
	bad "source-label: the build of nl?x.zone failed:"
	cat "$tmp/sl/err.b"
elif [ "$(cd "$tmp/sl/a" && find . -type f | sort)" != "$(cd "$tmp/sl/b" && find . -type f | sort)" ]; then
	bad "source-label: the two builds wrote different files"
elif ! grep -q 'nl?x.zone' "$tmp/sl/a/nolaunch.te"; then
	bad "source-label: the .te does not name the cleaned label nl?x.zone"
else
	diffs=""
	for f in $(cd "$tmp/sl/a" && find . -type f | sort); do
		cmp -s "$tmp/sl/a/$f" "$tmp/sl/b/$f" || diffs="$diffs $f"
	done
	if [ -z "$diffs" ]; then ok; else bad "source-label: outputs differ:$diffs"; fi
fi

# valgrind (not on a sanitizer build: the two cannot run together)
if nm "$zp" 2>/dev/null | grep -q __asan_init; then
	echo "note: $zp is built with ASan; valgrind case skipped"
elif command -v valgrind >/dev/null 2>&1; then
	rm -rf "$tmp/vg"
	mkdir -p "$tmp/vg/u"
	if valgrind -q --leak-check=full --errors-for-leak-kinds=all --error-exitcode=99 \
		"$zp" build --no-pp -o "$tmp/vg" --units "$tmp/vg/u" --graph "$tmp/vg/g.dot" \
		"$here/nolaunch.zone" 2>"$tmp/vg.err"; then
		ok
	else
		bad "valgrind:"
		cat "$tmp/vg.err"
	fi
fi

t_end units
