#!/bin/sh
# run.sh MAKE BUILD CACHE: the compiler-output and hostile suites
# with the ASan+UBSan compiler in BUILD (mk/hardening.mk builds it), summed
# into one "asan: N passed, N failed" line.  Any sanitizer report makes the
# compiler exit non-zero, which fails the case that ran it.
set -u
. "$(dirname "$0")/../lib.sh"
make=$1 build=$2 cache=$3
t_tmpdir
log=$tmp/log
for suite in test-output test-hostile; do
	"$make" --no-print-directory BUILD="$build" CACHE="$cache" \
		CFLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined" \
		LDFLAGS="-fsanitize=address,undefined" "$suite" >"$log" 2>&1
	grep -E '^FAIL|runtime error|ERROR: AddressSanitizer|ERROR: LeakSanitizer' "$log" | head -20
	line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	echo "asan: $suite: ${line:-no result}"
	t_count "$line" 0 || :
done
t_end asan
