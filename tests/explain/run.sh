#!/bin/sh
# tests/explain/run.sh BIN WORK: `zonepolicy explain` against goldens
# (tests/explain/NAME.out; UPDATE=1 rewrites them).  The questions are in
# tests/explain/cases, one a line: NAME, the .zone file (from the source
# tree's root) and the question.  Then the failed vectors: the policy of
# tests/learn/ltrial-cut.zone (three statements cut) linked, the vectors of
# the whole tests/learn/ltrial.zone checked against it, and every line
# `check` prints as FAIL explained on the whole file: each must name the
# statement that should have granted it (golden failed-vectors.out).  And
# a rule only the base grants, with --policy.
set -u
. "$(dirname "$0")/../lib.sh"
bin=$1 work=$2
dir=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$dir/../.." && pwd)
cd "$root" || exit 1
mkdir -p "$work"

compare() {    # NAME OUTPUT-FILE
	if [ "${UPDATE:-}" = 1 ]; then
		cp "$2" "$dir/$1.out"
	fi
	if cmp -s "$2" "$dir/$1.out"; then
		ok
	else
		bad "$1: differs from tests/explain/$1.out:"
		diff "$dir/$1.out" "$2" | head -n 20
	fi
}

while IFS='	' read -r name zone question; do
	case $name in ''|'#'*) continue ;; esac
	"$bin" explain "$zone" "$question" >"$work/$name.out" 2>"$work/$name.err"
	rc=$?
	expect=0
	[ -f "$dir/$name.status" ] && expect=$(cat "$dir/$name.status")
	if [ "$rc" != "$expect" ]; then
		bad "$name: explain $zone '$question': exit status $rc, not $expect: $(head -n 3 "$work/$name.err")"
		continue
	fi
	compare "$name" "$work/$name.out"
done <"$dir/cases"

# the failed vectors of a real cut
cutpol=$work/cut/ltrial.33
rm -rf "$work/cut"
if "$bin" build -o "$work/cut" tests/learn/ltrial-cut.zone >"$work/cut.log" 2>&1 &&
	"$bin" link -o "$cutpol" "$work/cut/ltrial.pp" >>"$work/cut.log" 2>&1; then
	"$bin" build --no-pp -o "$work/whole" tests/learn/ltrial.zone >"$work/whole.log" 2>&1 ||
		bad "build of tests/learn/ltrial.zone failed: $(head -n 3 "$work/whole.log")"
	"$bin" check --policy "$cutpol" "$work/whole/ltrial.vectors" >"$work/check.out" 2>&1
	# the vectors that should have granted: allow (the cut took the grants)
	grep ': FAIL: allow ' "$work/check.out" >"$work/fails"
	if [ ! -s "$work/fails" ]; then
		bad "no vector of the whole file fails on the cut policy: $(tail -n 1 "$work/check.out")"
	else
		: >"$work/failed-vectors.out"
		while IFS= read -r line; do
			"$bin" explain tests/learn/ltrial.zone "$line" >>"$work/failed-vectors.out" 2>&1 ||
				bad "explain '$line' failed"
		done <"$work/fails"
		compare failed-vectors "$work/failed-vectors.out"
	fi
	"$bin" explain --policy "$cutpol" tests/learn/ltrial-cut.zone \
		'allow ltrial_reader_t devtty_t:chr_file { read write getattr };' >"$work/base-rule.out" 2>&1 ||
		bad "explain --policy failed: $(head -n 3 "$work/base-rule.out")"
	compare base-rule "$work/base-rule.out"
	# a rule of the module on a base attribute, resolved through the policy
	"$bin" explain --policy "$cutpol" tests/learn/ltrial-cut.zone \
		'allow unconfined_t ltrial_keeper_disk_t:file { read relabelto };' >"$work/base-attr.out" 2>&1 ||
		bad "explain --policy failed: $(head -n 3 "$work/base-attr.out")"
	compare base-attr "$work/base-attr.out"
	# memcheck: a rule looked up in the linked policy
	if valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
		--log-file="$work/vg.log" "$bin" explain --policy "$cutpol" tests/learn/ltrial-cut.zone \
		'allow unconfined_t ltrial_keeper_disk_t:file { read relabelto };' >/dev/null 2>&1; then
		ok
	else
		bad "explain under valgrind: $(head -n 20 "$work/vg.log")"
	fi
else
	bad "building and linking tests/learn/ltrial-cut.zone failed: $(tail -n 3 "$work/cut.log")"
fi

# statuses
"$bin" explain tests/learn/ltrial.zone >/dev/null 2>&1
[ $? = 2 ] && ok || bad "explain without a question: not a usage error (2)"
"$bin" explain tests/learn/ltrial.zone 'allow x y' >/dev/null 2>&1
[ $? = 2 ] && ok || bad "explain of a malformed rule: not a usage error (2)"
t_end explain
