#!/bin/sh
# run.sh ZONEPOLICY OUTDIR TRIAL...: the trial suite (docs/trial.md).
# Each X.trial runs with its zone (X.zone beside it, or modules/M/M.zone for
# modules/M/M.trial) through `zonepolicy trial`.  A trial with an X.expect
# beside it is the kit's own test: its verdict (each step's ok or FAIL, the
# distinct unexpected AVC records, a set-up failure's reason, the two
# closing lines) must be exactly X.expect, so the kit must catch a refusal, a denial and a dead program
# where they happen (UPDATE=1 rewrites X.expect for review).  Any other
# trial must pass: every step as expected and no unexpected denial.
# Prints "trials: N passed, N failed".  BASE=fedora (environment) runs
# them on that base profile (`zonepolicy trial --base-profile`).
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
out=$2
shift 2
mkdir -p "$out"
verdict() {
	sed -n -e 's/^\(trial: \[[0-9]*\] .*\): \(ok\|FAIL\) (.*/\1: \2/p' \
		-e '/^trial: UNEXPECTED/,/^[^ ]/{s/^    [0-9]*x /    /p}' \
		-e '/^trial: setup failure: /p' -e '/^unexpected denials: /p' -e '/^trial: [0-9]* passed, [0-9]* failed/p' "$1" |
		sed -E 's/ (pid|ino)=[0-9]+//g'
}
for t in "$@"; do
	name=$(basename "$t" .trial)
	zone=${t%.trial}.zone
	[ -f "$zone" ] || { bad "$t: no $zone beside it"; continue; }
	log=$out/$name.log
	echo "trials: $t"
	# shellcheck disable=SC2086
	"$zp" trial ${BASE:+--base-profile $BASE} -o "$out/$name" "$zone" "$t" >"$log" 2>&1
	rc=$?
	grep -E '^trial: (\[|wall|guest)|^unexpected denials|^trial: [0-9]+ passed' "$log" | sed 's/^/    /'
	exp=${t%.trial}.expect
	if [ -f "$exp" ] || [ -n "${UPDATE:-}" ] && [ "${t#modules/}" = "$t" ]; then
		verdict "$log" >"$out/$name.verdict"
		if [ -n "${UPDATE:-}" ]; then
			cp "$out/$name.verdict" "$exp"
			ok
		elif diff -u "$exp" "$out/$name.verdict" >"$out/$name.diff"; then
			ok
		else
			bad "$t: the verdict differs from $exp (log: $log)"
			cat "$out/$name.diff"
		fi
	elif [ $rc = 0 ]; then
		ok
	else
		bad "$t: the trial failed (log: $log)"
	fi
done
t_end trials
