#!/bin/sh
# run.sh ZONEPOLICY GENDIR: the hostile-input suite.
#
#  1. tests/hostile/*.zone: expected diagnostics (tests/run.sh, the
#     compiler-output runner: exact stderr with locations, exit status,
#     nothing written; named after the input, not the check);
#  2. inputs too big to commit, made by gen.py into GENDIR at test time:
#     diagnostics the same way, with a time limit;
#  3. tests/hostile/exact/*.zone and GENDIR/exact: files that must compile,
#     .pp included, to exactly what they say: the .fc entries (comments and
#     blank lines aside) are NAME.fcx, the .cil filecons carry the same
#     regexes, and no rule line of the .te or .cil names a path.
# HOSTILE_SMALL=1 leaves out step 2 and the generated exact cases (for
# the sanitizer run).  HOSTILE_LIMIT is the time limit of one build in
# seconds (default 30).  Prints "hostile: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1 gen=$2
here=$(dirname "$0")
limit=${HOSTILE_LIMIT:-30}
t_tmpdir

count() {   # count LOGFILE: add a runner's "N passed, N failed" to ours
	t_count "$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)" 0 || :
}

sh tests/run.sh "$zp" --suite hostile-diag "$here" >"$tmp/log" 2>&1
grep -v '^hostile-diag:' "$tmp/log"
count "$tmp/log"

dirs="$here/exact"
if [ "${HOSTILE_SMALL:-0}" != 1 ]; then
	rm -rf "$gen"
	python3 "$here/gen.py" "$gen" || { echo "FAIL gen.py"; fail=$((fail + 1)); }
	start=$(date +%s)
	sh tests/run.sh "$zp" --suite hostile-diag "$gen/diag" >"$tmp/log" 2>&1
	grep -v '^hostile-diag:' "$tmp/log"
	count "$tmp/log"
	echo "hostile: generated diagnostics took $(($(date +%s) - start)) s"
	dirs="$dirs $gen/exact"
fi

# fc regex lines of a .cil: (filecon "RE" KIND CONTEXT) -> RE
cil_res() { sed -n 's/^(filecon "\(.*\)" [a-z]* .*/\1/p' "$1"; }

for dir in $dirs; do
	for zone in "$dir"/*.zone; do
		[ -e "$zone" ] || continue
		name=$(basename "$zone" .zone)
		out="$tmp/out.$name"
		rm -rf "$out"
		mkdir -p "$out"
		t0=$(date +%s.%N)
		# NAME-nopp.zone: the compiler without the .pp.  checkmodule, which
		# made the .pp before it was written in process, is quadratic in the
		# number of rules (docs/hardening.md); the largest case still
		# leaves the .pp out, and 10k zones build it.
		nopp=
		case $name in *-nopp) nopp=--no-pp ;; esac
		/usr/bin/time -f '%e %M' -o "$tmp/time" timeout "$limit" "$zp" build $nopp -o "$out" "$zone" \
			>"$tmp/stdout" 2>"$tmp/stderr"
		rc=$?
		secs=$(cut -d' ' -f1 "$tmp/time" | tail -n 1)
		kb=$(cut -d' ' -f2 "$tmp/time" | tail -n 1)
		why=""
		[ $rc = 0 ] || why="exit status $rc (limit ${limit}s)"
		[ -z "$why" ] && [ -s "$tmp/stderr" ] && why="printed diagnostics"
		fc=$(ls "$out"/*.fc 2>/dev/null | head -n 1)
		mod=$(basename "${fc:-x.fc}" .fc)
		if [ -z "$why" ]; then
			for ext in te if fc cil vectors pp; do
				[ "$ext" = pp ] && [ -n "$nopp" ] && continue
				[ -s "$out/$mod.$ext" ] || why="$why no $mod.$ext"
			done
		fi
		if [ -z "$why" ]; then
			grep -v '^#' "$fc" | grep . >"$tmp/fc"
			cmp -s "$tmp/fc" "$dir/$name.fcx" || why=".fc entries differ from $name.fcx"
		fi
		if [ -z "$why" ]; then
			cut -f1 "$dir/$name.fcx" | sort >"$tmp/re.want"
			cil_res "$out/$mod.cil" | sort >"$tmp/re.cil"
			cmp -s "$tmp/re.want" "$tmp/re.cil" || why=".cil filecons differ from $name.fcx"
		fi
		if [ -z "$why" ]; then
			# a path may appear in comments only, never in a rule; a
			# named type transition carries one quoted file name
			if grep -v '^[[:space:]]*#' "$out/$mod.te" |
				sed -E 's/^([[:space:]]*type_transition [^"]*)"[^"/[:space:]]+";$/\1;/' |
				grep -q '[/"]'; then
				why=".te has a path or quote outside comments"
			elif grep -v '^[[:space:]]*;' "$out/$mod.cil" | grep -v '^(filecon "' |
				sed -E 's/^([[:space:]]*\(typetransition [^"]*)"[^"/[:space:]]+" ([a-z0-9_]+)\)$/\1\2)/' |
				grep -q '[/"]'; then
				why=".cil has a path or quote outside comments and filecons"
			fi
		fi
		if [ -n "$why" ]; then
			echo "FAIL $dir/$name: $why"
			head -5 "$tmp/stderr"
			[ -f "$tmp/fc" ] && diff "$dir/$name.fcx" "$tmp/fc" | head -10
			fail=$((fail + 1))
		else
			pass=$((pass + 1))
		fi
		case $name in zones-*) echo "hostile: $name: ${secs}s, peak ${kb} KB";; esac
	done
done
t_end hostile
