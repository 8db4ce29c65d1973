#!/bin/sh
# run.sh ZONEPOLICY ZONE...: every zone that compiles is built twice, in two
# directories, a second apart, the second time as user nobody (setpriv)
# from a copy of the source in another directory, with another umask and
# TMPDIR; .te/.if/.fc/.cil/.vectors and .pp must be byte-identical.
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
t_end repro
