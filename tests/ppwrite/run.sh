#!/bin/sh
# run.sh ZONEPOLICY PPDUMP PPREFUSE: the .pp that build writes in process
# with libsepol (the default) against the one checkmodule and
# semodule_package make from M.te and M.fc (--pp-tool=checkmodule), for every
# shipped module, every golden zone and a generated 1000-zone file
# (bench/genzones.py): the two files must be the same bytes.  When they are
# not, PPDUMP prints both packages by name and the difference is shown.
# Then PPREFUSE (under valgrind when installed): IRs libsepol refuses give a
# located error and no output, and nothing leaks.
# Prints "ppwrite: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1 ppdump=$2 refuse=$3
t_tmpdir
python3 bench/genzones.py 1000 gen1k >"$tmp/gen1k.zone" || bad "genzones.py failed"
for zone in modules/*/*.zone tests/golden/*.zone "$tmp/gen1k.zone"; do
	name=$(basename "$zone" .zone)
	w="$tmp/$name"
	mkdir -p "$w/sepol" "$w/tool"
	if ! "$zp" build -o "$w/sepol" "$zone" >"$w/sepol.log" 2>&1; then
		bad "$zone: build failed"
		tail -3 "$w/sepol.log"
		continue
	fi
	if ! "$zp" build --pp-tool=checkmodule -o "$w/tool" "$zone" >"$w/tool.log" 2>&1; then
		bad "$zone: build --pp-tool=checkmodule failed"
		tail -3 "$w/tool.log"
		continue
	fi
	set -- "$w"/sepol/*.pp
	pp=$(basename "$1")
	if [ ! -s "$w/sepol/$pp" ] || [ ! -s "$w/tool/$pp" ]; then
		bad "$zone: no $pp"
	elif cmp -s "$w/sepol/$pp" "$w/tool/$pp"; then
		ok
	else
		bad "$zone: $pp from libsepol differs from checkmodule's (ppdump, < checkmodule > libsepol):"
		"$ppdump" "$w/tool/$pp" >"$w/tool.dump" 2>&1
		"$ppdump" "$w/sepol/$pp" >"$w/sepol.dump" 2>&1
		diff "$w/tool.dump" "$w/sepol.dump" | head -20
	fi
	rm -rf "$w"
done
# the dumper itself must see a difference: a package against another
# module's is not the same text
a=$(ls modules/*/*.zone | head -n 1) b=$(ls modules/*/*.zone | sed -n 2p)
mkdir -p "$tmp/a" "$tmp/b"
if "$zp" build -o "$tmp/a" "$a" >/dev/null 2>&1 && "$zp" build -o "$tmp/b" "$b" >/dev/null 2>&1 &&
	"$ppdump" "$tmp"/a/*.pp >"$tmp/a.dump" && "$ppdump" "$tmp"/b/*.pp >"$tmp/b.dump" &&
	grep -q '^  rule ' "$tmp/a.dump" && ! cmp -s "$tmp/a.dump" "$tmp/b.dump"; then
	ok
else
	bad "ppdump does not tell $a's package from $b's"
fi
# under valgrind (every failure path frees what it made), when it is there
if command -v valgrind >/dev/null 2>&1; then
	out=$(valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		"$refuse" 2>"$tmp/refuse.vg")
	rc=$?
	[ -s "$tmp/refuse.vg" ] && head -20 "$tmp/refuse.vg"
else
	out=$("$refuse")
	rc=$?
fi
echo "$out" | grep '^FAIL'
t_count "$(echo "$out" | tail -n 1)" $rc
t_end ppwrite
