#!/bin/sh
# run.sh ZONEPOLICY: tests of `zonepolicy build --graph FILE.dot`.
#
# Cases: every tests/units/NAME.zone, tests/graph/NAME.zone and
# modules/sw/sw.zone.  For each:
#   golden  the picture equals tests/graph/NAME.dot (UPDATE=1 rewrites it);
#   render  `dot -Tsvg` and `dot -Tpng` draw it, printing nothing;
#   repeat  a second build gives the same bytes.
# Prints "graph: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
t_tmpdir


have_dot=1
command -v dot >/dev/null 2>&1 || { have_dot=0; echo "note: dot missing (apt-get install graphviz): render cases fail"; }

for zone in "$top"/tests/units/*.zone "$here"/*.zone "$top/modules/sw/sw.zone"; do
	[ -e "$zone" ] || continue
	name=$(basename "$zone" .zone)
	out=$tmp/$name
	mkdir -p "$out"
	if ! (cd "$(dirname "$zone")" && "$zp" build --no-pp -o "$out" --graph "$out/$name.dot" \
		"$(basename "$zone")") 2>"$out/stderr"; then
		bad "$name: build failed:"
		cat "$out/stderr"
		continue
	fi
	if [ "${UPDATE:-0}" = 1 ]; then
		cp "$out/$name.dot" "$here/$name.dot"
		ok
	elif diff -u "$here/$name.dot" "$out/$name.dot" >"$out/diff" 2>&1; then
		ok
	else
		bad "$name.dot differs from its golden:"
		head -60 "$out/diff"
	fi
	if [ $have_dot = 1 ] && dot -Tsvg "$out/$name.dot" -o "$out/$name.svg" >"$out/dot.err" 2>&1 &&
		dot -Tpng "$out/$name.dot" -o "$out/$name.png" >>"$out/dot.err" 2>&1 &&
		[ ! -s "$out/dot.err" ] && [ -s "$out/$name.svg" ] && [ -s "$out/$name.png" ]; then
		ok
	else
		bad "$name: dot could not render it:"
		cat "$out/dot.err" 2>/dev/null
	fi
	mkdir -p "$out/again"
	(cd "$(dirname "$zone")" && "$zp" build --no-pp -o "$out/again" --graph "$out/again/$name.dot" \
		"$(basename "$zone")") 2>/dev/null
	if cmp -s "$out/$name.dot" "$out/again/$name.dot"; then
		ok
	else
		bad "$name: a second build differs"
	fi
done

t_end graph
