#!/bin/sh
# run.sh ZONEPOLICY GUEST OUTDIR ZONE...: the kernel suite of `make check`.
# Runs tests/kernel/module.sh for every module given (the shipped ones, then
# the goldens of KERNEL_GOLDENS, mk/kernel.mk; each must pass), then
# the negative test: the first module linked with one cross-zone allow
# added must make the harness fail, naming the broken vector.  Prints
# "kernel: N passed, N failed" (vectors of every module, plus the negative
# test as one); exits non-zero on any failure.
set -u
zp=$1
guest=$2
out=$3
shift 3
here=$(dirname "$0")
pass=0
fail=0
first=
for zone in "$@"; do
	name=$(basename "$zone" .zone)
	[ -n "$first" ] || first=$zone
	echo "kernel: module $zone"
	sh "$here/module.sh" "$zp" "$guest" "$zone" "$out/$name" >"$out/$name.log" 2>&1
	rc=$?
	grep -v '^kernel: skip\|^    ' "$out/$name.log" | grep -v '^kernel: [0-9]* passed, [0-9]* failed'
	line=$(grep '^kernel: [0-9]* passed, [0-9]* failed' "$out/$name.log" | tail -n 1)
	p=$(echo "$line" | sed -nE 's/kernel: ([0-9]+) passed, ([0-9]+) failed.*/\1/p')
	f=$(echo "$line" | sed -nE 's/kernel: ([0-9]+) passed, ([0-9]+) failed.*/\2/p')
	[ -n "$p" ] || { p=0; f=1; }
	[ $rc = 0 ] || [ "$f" != 0 ] || f=1
	echo "kernel: $zone: $p passed, $f failed (skips and details: $out/$name.log)" | sed 's/passed,/vectors passed,/'
	pass=$((pass + p))
	fail=$((fail + f))
done
if [ -n "$first" ]; then
	name=$(basename "$first" .zone)
	sh "$here/module.sh" "$zp" "$guest" "$first" "$out/$name-broken" --broken >"$out/$name-broken.log" 2>&1
	rc=$?
	pair=$(sed -n 's/^kernel: negative test: linking (allow \([^ ]*\) \([^ ]*\) .*/\1 \2/p' "$out/$name-broken.log")
	if [ $rc != 0 ] && [ -n "$pair" ] && grep -q "^kernel: FAIL deny $pair file" "$out/$name-broken.log"; then
		echo "kernel: negative test: the broken policy (allow $pair file read) fails as it must:"
		grep "^kernel: FAIL deny $pair file" "$out/$name-broken.log" | sed 's/^/    /'
		pass=$((pass + 1))
	else
		echo "kernel: FAIL negative test: the broken policy was not caught (status $rc, pair '$pair'); see $out/$name-broken.log"
		fail=$((fail + 1))
	fi
fi
echo "kernel: $pass passed, $fail failed"
[ $fail = 0 ]
