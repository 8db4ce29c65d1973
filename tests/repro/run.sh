#!/bin/sh
# run.sh ZONEPOLICY ZONE...: every zone that compiles is built twice, in two
# directories, a second apart, the second time as user nobody (setpriv)
# from a copy of the source in another directory, with another umask and
# TMPDIR; .te/.if/.fc/.cil/.vectors and .pp must be byte-identical.
# Then the base file-contexts memo: bounded, and the same bytes with it.
# Prints "repro: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
shift
a=$(mktemp -d /tmp/zp-repro-a.XXXXXX)
b=$(mktemp -d /var/tmp/zp-repro-b.XXXXXX)
trap 'rm -rf "$a" "$b"' EXIT
chmod 755 "$b"
as_nobody="setpriv --reuid=nobody --regid=nogroup --clear-groups"
[ "$(id -u)" = 0 ] || as_nobody=""
for z in "$@"; do
	[ -f "$z" ] || continue
	n=$(echo "$z" | tr / _)
	mkdir -p "$a/$n" "$b/$n/src" "$b/$n/out" "$b/$n/tmp"
	"$zp" build -o "$a/$n" "$z" >/dev/null 2>&1 || { rm -rf "$a/$n"; continue; }
	cp "$z" "$b/$n/src/"
	chown -R nobody "$b/$n" 2>/dev/null
	sleep 1
	(cd "$b/$n/src" && umask 077 && TMPDIR="$b/$n/tmp" $as_nobody "$zp" build -o ../out "$(basename "$z")") \
		>"$b/$n/log" 2>&1
	why=""
	for f in "$a/$n"/*; do
		g="$b/$n/out/$(basename "$f")"
		cmp -s "$f" "$g" || why="$why $(basename "$f")"
	done
	[ "$(ls "$a/$n" | wc -l)" = "$(ls "$b/$n/out" | wc -l)" ] || why="$why (file sets differ)"
	if [ -n "$why" ]; then
		echo "FAIL $z: differs:$why"
		head -3 "$b/$n/log"
		fail=$((fail + 1))
	else
		pass=$((pass + 1))
	fi
done

# The base file-contexts memos are bounded caches (base/basefc.c): the
# small builds share one (MEMO_MAX_ENTRIES 8192 answers, MEMO_MAX_BYTES
# 1 MiB); a build of more than 1024 zones keeps its own, larger one
# (basefc-large: 131072 answers, 8 MiB).  A 1000-zone build of three
# configs a zone asks about 10000 questions: the shared memo keeps at most
# its cap, and what an earlier small build asked.  A 2000-zone build (about
# 14000 questions) leaves the shared memo as it was, and finds all its
# answers in its own next time (it does not rewrite it).  Every build gives
# the same bytes with the memos as with an empty cache.
m=$a/memo
mkdir -p "$m/c" "$m/fresh-sw" "$m/fresh-gen" "$m/fresh-gx" "$m/sw" "$m/gen" "$m/gen2" "$m/gx"
/usr/bin/python3 "$(dirname "$0")/../../bench/genzones.py" 2000 >"$m/gen.zone"
/usr/bin/python3 "$(dirname "$0")/../../bench/genzones.py" 1000 |
	sed 's|^    config "/etc/gen/\(z[0-9]*\)/";|&\n    config "/etc/gen/\1.d/";\n    config "/opt/gen/\1/";|' >"$m/gx.zone"
sw=$(dirname "$0")/../../modules/sw/sw.zone
memo_build() {   # CACHE OUT ZONE
	ZONEPOLICY_CACHE=$1 "$zp" build --no-pp -o "$2" "$3" >/dev/null 2>&1 || bad "memo: build $3 into $2"
}
for z in sw gen gx; do
	rm -rf "$m/c0"
	case $z in sw) src=$sw ;; *) src=$m/$z.zone ;; esac
	memo_build "$m/c0" "$m/fresh-$z" "$src"
done
memo_build "$m/c" "$m/sw" "$sw"
f=$(ls "$m/c"/basefc-[0-9a-f]*-set 2>/dev/null | head -n 1)
f=${f:-$m/c/no-memo}
tail -n +2 "$f" 2>/dev/null | cut -f1 | sort >"$m/sw-keys"
memo_build "$m/c" "$m/gx" "$m/gx.zone"
lines=$(wc -l <"$f")
bytes=$(wc -c <"$f")
if [ "$lines" -gt 1 ] && [ "$lines" -le 8193 ] && [ "$bytes" -le $((1048576 + 20)) ]; then ok; else
	bad "memo: $lines lines, $bytes bytes after 1000 zones of three configs (cap: 8192 answers, 1 MiB)"; fi
missing=$(cut -f1 "$f" | sort | comm -13 - "$m/sw-keys" | head -n 3)
if [ -s "$m/sw-keys" ] && [ -z "$missing" ]; then ok; else
	bad "memo: the 1000-zone build pushed out the earlier sw build's answers: $missing"; fi
cp "$f" "$m/shared.before"
memo_build "$m/c" "$m/gen" "$m/gen.zone"
if cmp -s "$f" "$m/shared.before"; then ok; else bad "memo: the 2000-zone build changed the small builds' memo"; fi
big=$(ls "$m/c"/basefc-large-*-set 2>/dev/null | head -n 1)
big=${big:-$m/c/no-large-memo}
lines=$( (wc -l <"$big") 2>/dev/null || echo 0)
if [ "$lines" -gt 10000 ] && [ "$lines" -le 131073 ]; then ok; else
	bad "memo: the 2000-zone build's own memo has $lines lines (want its 14000 answers or so)"; fi
cp "$big" "$m/large.before" 2>/dev/null
memo_build "$m/c" "$m/gen2" "$m/gen.zone"
if cmp -s "$big" "$m/large.before"; then ok; else
	bad "memo: the second 2000-zone build rewrote its memo (it lacked some answers, or had them out of order)"; fi
memo_build "$m/c" "$m/sw" "$sw"
# a memo of lines shorter than any zonepolicy writes (4056 of 8 bytes,
# more than the room the memo's size gives them): read up to that room,
# with no write out of bounds (valgrind), and the same bytes
mkdir -p "$m/odd"
memo_build "$m/c3" "$m/odd" "$sw"
f=$(ls "$m/c3"/basefc-*-set 2>/dev/null | head -n 1)
awk 'BEGIN { print "zonepolicy-basefc 2"; a = "abcdefghijklmnopqrstuvwxyz"
	for (k = 1; k <= 6; k++) for (i = 1; i <= 26; i++) for (j = 1; j <= 26; j++)
		printf "%s/%s%s\t\t\t\n", substr("dfsblc", k, 1), substr(a, i, 1), substr(a, j, 1) }' >"${f:-$m/c3/none}"
if ZONEPOLICY_CACHE=$m/c3 valgrind -q --error-exitcode=9 "$zp" build --no-pp -o "$m/odd" "$sw" >/dev/null 2>"$m/odd.err" &&
   diff -r "$m/fresh-sw" "$m/odd" >/dev/null; then ok; else
	bad "memo: a memo of short lines: $(head -n 3 "$m/odd.err")"; fi
for pair in "fresh-sw sw" "fresh-gen gen" "fresh-gen gen2" "fresh-gx gx"; do
	set -- $pair
	if diff -r "$m/$1" "$m/$2" >/dev/null; then ok; else bad "memo: $2 differs from a build with an empty cache"; fi
done
t_end repro
