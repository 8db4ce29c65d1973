#!/bin/sh
# run.sh ZONEPOLICY DIR ZONE...: `zonepolicy build` of each shipped
# module under valgrind (memcheck, full leak check); any error or definite
# leak fails it.  The .pp is written in process (libsepol), so it is traced
# too; checkmodule runs only with --pp-tool=checkmodule.
# Prints "valgrind: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1 dir=$2
shift 2
mkdir -p "$dir"
for z in "$@"; do
	n=$(basename "$z" .zone)
	rm -rf "$dir/$n"
	mkdir -p "$dir/$n"
	if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--log-file="$dir/$n.log" "$zp" build -o "$dir/$n" "$z" >/dev/null 2>"$dir/$n.err"; then
		ok
	else
		bad "$z (see $dir/$n.log)"
		head -20 "$dir/$n.log"
	fi
done
t_end valgrind
