#!/bin/sh
# run-valgrind.sh ZONEPOLICY DIR ZONE...: `zonepolicy build` of each shipped
# module under valgrind (memcheck, full leak check); any error or definite
# leak fails it.  Child processes (checkmodule) are not traced.
# Prints "valgrind: N passed, N failed".
set -u
zp=$1 dir=$2
shift 2
pass=0
fail=0
mkdir -p "$dir"
for z in "$@"; do
	n=$(basename "$z" .zone)
	rm -rf "$dir/$n"
	mkdir -p "$dir/$n"
	if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--log-file="$dir/$n.log" "$zp" build -o "$dir/$n" "$z" >/dev/null 2>"$dir/$n.err"; then
		pass=$((pass + 1))
	else
		echo "FAIL $z (see $dir/$n.log)"
		head -20 "$dir/$n.log"
		fail=$((fail + 1))
	fi
done
echo "valgrind: $pass passed, $fail failed"
[ $fail = 0 ]
