#!/bin/sh
# run.sh TSAN_ZONEPOLICY ZONEPOLICY OUT: the build writes the .pp on a thread
# of its own while the other printers run (gen/compile.c, pp_run).  Under
# ThreadSanitizer, the shipped modules and a generated 1500-zone file (its
# own file-context memo, basefc-large) build with no report, and give the
# same bytes as the plain binary.  Prints "tsan: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
tz=$1 zp=$2 out=$3
rm -rf "$out"
mkdir -p "$out"
/usr/bin/python3 "$(dirname "$0")/../../bench/genzones.py" 1500 >"$out/gen.zone"
export TSAN_OPTIONS="halt_on_error=1 exitcode=66 report_signal_unsafe=0"
# kernels with many bits of mmap randomness refuse TSan's memory layout
# ("unexpected memory mapping"): then without address randomization
run_t() {
	"$tz" "$@" && return 0
	grep -q "unexpected memory mapping" "$err" || return 1
	setarch "$(uname -m)" -R "$tz" "$@"
}
for z in "$(dirname "$0")"/../../modules/*/*.zone "$out/gen.zone"; do
	n=$(basename "$z" .zone)
	mkdir -p "$out/$n.t" "$out/$n.p"
	err=$out/$n.err
	if ZONEPOLICY_CACHE=$out/cache run_t build -o "$out/$n.t" "$z" >/dev/null 2>"$err" &&
	   ! grep -q "ThreadSanitizer" "$out/$n.err"; then ok; else
		bad "tsan: $n: $(grep -m 3 -A 8 'WARNING' "$out/$n.err" | head -n 12)"; fi
	ZONEPOLICY_CACHE=$out/cache "$zp" build -o "$out/$n.p" "$z" >/dev/null 2>&1 || bad "tsan: $n: the plain build failed"
	if diff -r "$out/$n.t" "$out/$n.p" >/dev/null; then ok; else bad "tsan: $n: not the plain binary's bytes"; fi
done
t_end tsan
