#!/bin/sh
# run.sh FUZZER DIR DICT SECONDS ZONE...: the libFuzzer suite.
#
# 1. Replays every tests/hostile/*.zone (the crash regressions among them)
#    through the fuzz target: each must run clean under ASan+UBSan.  Then
#    the committed, minimised corpus tests/fuzz/corpus (make fuzz-corpus
#    merges build/fuzz/corpus into it), all its inputs in one run.
# 2. Fuzzes for SECONDS, seeded with every ZONE (copied into DIR/seeds; the
#    corpus grows in DIR/corpus and is kept between runs).  A crash, leak,
#    UB report, timeout or out-of-memory fails the run; the input is left
#    as DIR/crash-* (make it a tests/hostile case).
# Appends "DATE SECONDS EXECS STATUS" to DIR/history, prints the totals
# and "fuzz: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
fz=$1 dir=$2 dict=$3 secs=$4
shift 4
mkdir -p "$dir/corpus" "$dir/seeds"
for z in "$@"; do
	[ -f "$z" ] || continue
	[ "$(wc -c <"$z")" -le 65536 ] || continue
	cp "$z" "$dir/seeds/$(echo "$z" | tr / _)"
done
log="$dir/last.log"

# 1. replay
for z in tests/hostile/*.zone; do
	[ -e "$z" ] || continue
	if "$fz" "$z" >"$log" 2>&1; then
		pass=$((pass + 1))
	else
		echo "FAIL replay $z"
		grep -E 'ERROR|SUMMARY|runtime error' "$log" | head -5
		fail=$((fail + 1))
	fi
done

# the minimised corpus: every input once (-runs=0), no mutation
corpus=tests/fuzz/corpus
if [ -d "$corpus" ]; then
	n=$(ls "$corpus" | wc -l)
	if "$fz" -runs=0 -timeout=${FUZZ_TIMEOUT:-10} -rss_limit_mb=2048 "$corpus" >"$log" 2>&1; then
		echo "fuzz: replayed the corpus, $n inputs"
		pass=$((pass + 1))
	else
		echo "FAIL replay $corpus ($n inputs)"
		grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -5
		fail=$((fail + 1))
	fi
fi

# 2. fuzz
"$fz" -max_total_time="$secs" -max_len=8192 -timeout=${FUZZ_TIMEOUT:-10} -rss_limit_mb=2048 \
	-dict="$dict" -print_final_stats=1 -artifact_prefix="$dir/" \
	"$dir/corpus" "$dir/seeds" >"$log" 2>&1
rc=$?
execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
[ -n "$execs" ] || execs=0
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $secs $execs $rc" >>"$dir/history"
total=$(awk '{ e += $3; if ($4 != 0) c++ } END { printf "%d executions, %d failed runs", e, c }' "$dir/history")
echo "fuzz: $execs executions in ${secs}s, corpus $(ls "$dir/corpus" | wc -l) inputs (all runs so far: $total)"
if [ $rc = 0 ]; then
	pass=$((pass + 1))
else
	echo "FAIL fuzzing: status $rc"
	grep -E 'ERROR|SUMMARY|runtime error|Test unit written' "$log" | head -10
	fail=$((fail + 1))
fi
t_end fuzz
