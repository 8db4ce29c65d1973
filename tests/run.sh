#!/bin/sh
# run.sh ZONEPOLICY [--suite NAME] [--named | --free] DIR...: the one runner
# of the compiler-output tests (golden, diagnostic, shipped modules, hostile
# inputs), in the manner of cproc's.  tests/README.md says how to add a test.
#
# Every X.zone in a DIR is one test, built by `zonepolicy build` run inside
# DIR.  The files beside it decide what the test checks:
#
#   X.err     the build prints exactly this on stderr, locations included.
#             If it holds an `error:` line, the build must exit 1, print
#             nothing on stdout and write nothing; if it holds warnings
#             only, the build must succeed.
#   X.te X.if X.fc X.cil X.vectors X.semanage X.tmpfiles.conf ...
#             goldens: the build succeeds, and the outputs of its module M,
#             M.EXT, are exactly the goldens X.EXT in both directions (an
#             output without a golden and a golden without an output both
#             fail), byte for byte.  M.pp must be written too; it is not
#             compared (binary, and checkmodule's bytes, not ours).  Without
#             X.err the build must print nothing on stderr.
#   X.args    extra arguments for `zonepolicy build`, before the file.
#   X.status  the expected exit status, when not the one X.err implies
#             (2 for a usage error).
#
# A .zone with neither X.err nor a golden checks nothing, and fails; so does
# an expectation file (.err, .te, ... of the list in `expect_exts` below)
# without its .zone.  UPDATE=1 rewrites X.err and the goldens from what the
# build did (a new test: write X.zone alone and run with UPDATE=1), and
# removes a golden whose output is no longer made; review it in the diff.
#
# --named: the tests in the DIRs that follow are named after the check they
# test.  The check of a test is the [tag] of the first error in its X.err
# (of the first warning when it has no error); the test's name must be that
# tag, or start with "TAG-" when several tests share one check.  Then every
# check that `zonepolicy build --list-checks` registers (lines "NAME
# SEVERITY PASS") must be the check of at least one named test, or be
# listed in DIR/tested-elsewhere with the script that tests it; the list
# must equal DIR/list-checks.out (its golden).  --free (the default) turns
# the naming rule off for the DIRs that follow (hostile inputs are named
# after the input).
#
# Prints one FAIL line per failed test, then "SUITE: N passed, N failed"
# (SUITE is "output" unless --suite NAME).
set -u
. "$(dirname "$0")/lib.sh"
zp=$1
shift
suite=output
named=0
dirs=""
while [ $# -gt 0 ]; do
	case $1 in
	--named) named=1 ;;
	--free) named=0 ;;
	--suite) suite=$2; shift ;;
	*) dirs="$dirs$named $1
" ;;
	esac
	shift
done
t_tmpdir
update=${UPDATE:-0}
# the outputs a golden may stand for, and the test's own inputs
expect_exts="err args status te if fc cil vectors semanage tmpfiles.conf nft netlabel"
inputs="zone err args status trial expect"   # trial, expect: docs/trial.md
checked_tags=""
any_named=0

# first_tag ERRFILE: the [tag] of the first error, else of the first warning
first_tag() {
	tag=$(sed -n 's/^[^ ].*: error: .* \[\([a-z0-9-]*\)\]$/\1/p' "$1" | head -n 1)
	[ -n "$tag" ] || tag=$(sed -n 's/^[^ ].*: warning: .* \[\([a-z0-9-]*\)\]$/\1/p' "$1" | head -n 1)
	echo "$tag"
}

# goldens DIR NAME: the extensions of NAME's goldens in DIR ("te", "tmpfiles.conf")
goldens() {
	{ for g in "$1/$2".*; do
		[ -f "$g" ] || continue
		ext=${g#"$1/$2".}
		case " $inputs " in *" $ext "*) continue ;; esac
		echo "$ext"
	done
	[ ! -f "$1/$2_netcheck.cil" ] || echo netcheck.cil
	} | sort
}

# golden DIR NAME EXT: the golden file of that extension
golden() {
	case $3 in
	netcheck.cil) echo "$1/$2_netcheck.cil" ;;
	*) echo "$1/$2.$3" ;;
	esac
}

# minus "A..." "B...": the words of A that are not in B
minus() {
	for w in $1; do
		case " $(echo $2) " in *" $w "*) ;; *) printf '%s ' "$w" ;; esac
	done
}

# output EXT: the build's file of that golden extension
output() {
	case $1 in
	netcheck.cil) echo "$out/${mod}_netcheck.cil" ;;
	*) echo "$out/$mod.$1" ;;
	esac
}

# run_test NAMED DIR NAME: one test; sets $why to the reason it failed
run_test() {
	nm=$1 dir=$2 name=$3
	why=""
	out=$tmp/out
	rm -rf "$out" "$tmp/stdout" "$tmp/stderr"
	mkdir -p "$out"
	args=""
	[ -f "$dir/$name.args" ] && args=$(sed "s|@OUT@|$out|g" "$dir/$name.args")
	# shellcheck disable=SC2086
	(cd "$dir" && timeout 60 "$zp" build $args -o "$out" "$name.zone") >"$tmp/stdout" 2>"$tmp/stderr"
	got=$?
	# the outputs the build made, as extensions ("te", "tmpfiles.conf"); .pp apart
	# (M_netcheck.cil stands as "netcheck.cil": its golden is X_netcheck.cil)
	mod=$(ls "$out" | sed -n '1s/\..*//p')
	made=$(ls "$out" | sed -n -e "s/^${mod}_netcheck\.cil\$/netcheck.cil/p" -e "s/^${mod}\\.//p" | grep -vx pp | sort)
	want_goldens=$(goldens "$dir" "$name")

	if [ "$update" = 1 ]; then
		if [ -s "$tmp/stderr" ]; then cp "$tmp/stderr" "$dir/$name.err"; else rm -f "$dir/$name.err"; fi
		# goldens for a golden test, and for a new test that compiles
		if [ "$got" = 0 ] && { [ -n "$want_goldens" ] || [ ! -f "$dir/$name.err" ]; }; then
			for ext in $want_goldens; do rm -f "$(golden "$dir" "$name" "$ext")"; done
			for ext in $made; do cp "$(output "$ext")" "$(golden "$dir" "$name" "$ext")"; done
			want_goldens=$(goldens "$dir" "$name")
		fi
	fi

	if [ ! -f "$dir/$name.err" ] && [ -z "$want_goldens" ]; then
		why="checks nothing: no $name.err and no golden beside it (UPDATE=1 writes them)"
		return
	fi
	want=0
	[ -f "$dir/$name.err" ] && grep -q '^[^ ].*: error: ' "$dir/$name.err" && want=1
	[ -f "$dir/$name.status" ] && want=$(cat "$dir/$name.status")
	[ "$got" = "$want" ] || { why="exit status $got, expected $want"; return; }
	if [ -f "$dir/$name.err" ]; then
		cmp -s "$tmp/stderr" "$dir/$name.err" || { why="stderr differs from $name.err"; return; }
	elif [ -s "$tmp/stderr" ]; then
		why="printed diagnostics, and there is no $name.err"
		return
	fi
	[ -s "$tmp/stdout" ] && { why="wrote to stdout"; return; }
	if [ "$want" != 0 ]; then
		[ -z "$(ls -A "$out")" ] || { why="failed, but left files behind: $(ls -A "$out" | tr '\n' ' ')"; return; }
	elif [ -n "$want_goldens" ]; then
		extra=$(minus "$made" "$want_goldens")
		gone=$(minus "$want_goldens" "$made")
		[ -z "$extra" ] || { why="outputs without a golden: .$(echo $extra | sed 's/ / ./g') (UPDATE=1 writes them)"; return; }
		[ -z "$gone" ] || { why="goldens of outputs no longer made: .$(echo $gone | sed 's/ / ./g') (UPDATE=1 removes them)"; return; }
		for ext in $made; do
			if ! diff -u "$(golden "$dir" "$name" "$ext")" "$(output "$ext")" >"$tmp/diff" 2>&1; then
				why="$name.$ext differs from its golden"
				return
			fi
		done
		case " $args " in
		*" --no-pp "*) ;;
		*) [ -s "$out/$mod.pp" ] || { why="no $mod.pp written"; return; } ;;
		esac
	fi
	if [ "$nm" = 1 ]; then
		tag=""
		[ -f "$dir/$name.err" ] && tag=$(first_tag "$dir/$name.err")
		[ -n "$tag" ] || { why="named after its check, but $name.err names no [check]"; return; }
		case $name in
		"$tag" | "$tag"-*) checked_tags="$checked_tags $tag " ;;
		*) why="tests [$tag]: name it $tag or $tag-WHAT (git mv)"; return ;;
		esac
	fi
}

printf '%s' "$dirs" | while read -r nm dir; do
	# expectations without their test
	for f in "$dir"/*; do
		[ -f "$f" ] || continue
		b=$(basename "$f")
		case $b in *_netcheck.cil)
			[ -f "$dir/${b%_netcheck.cil}.zone" ] || echo "$dir/$b"
			continue ;;
		esac
		for ext in $expect_exts; do
			case $b in *."$ext")
				[ -f "$dir/${b%."$ext"}.zone" ] ||
					echo "$dir/$b"
				break ;;
			esac
		done
	done
done >"$tmp/orphans"
while read -r f; do
	bad "$f: an expectation without its .zone"
done <"$tmp/orphans"

# not a pipe: the counters and $checked_tags must survive the loop
printf '%s' "$dirs" >"$tmp/dirs"
while read -r nm dir; do
	[ "$nm" = 1 ] && any_named=1
	for zone in "$dir"/*.zone; do
		[ -e "$zone" ] || continue
		name=$(basename "$zone" .zone)
		run_test "$nm" "$dir" "$name"
		if [ -z "$why" ]; then
			ok
		else
			bad "$dir/$name: $why"
			case $why in
			"stderr differs"*) diff -u "$dir/$name.err" "$tmp/stderr" | head -30 ;;
			*"differs from its golden") head -40 "$tmp/diff" ;;
			"exit status"* | "printed"* | "wrote"*) head -10 "$tmp/stderr" ;;
			esac
		fi
	done
done <"$tmp/dirs"

# every registered check has a test named after it, or is named in
# DIR/tested-elsewhere ("NAME FILE": FILE must mention [NAME]) for a check
# a build of one file cannot reach (a base file that breaks mid-build)
if [ $any_named = 1 ]; then
	while read -r nm dir; do
		[ "$nm" = 1 ] && [ -f "$dir/tested-elsewhere" ] || continue
		while read -r cname where; do
			case $cname in '#'* | '') continue ;; esac
			if [ -f "$where" ] && grep -qF "[$cname]" "$where"; then
				checked_tags="$checked_tags $cname "
			else
				bad "$dir/tested-elsewhere: $where does not test [$cname]"
			fi
		done <"$dir/tested-elsewhere"
	done <"$tmp/dirs"
	if "$zp" build --list-checks >"$tmp/checks" 2>"$tmp/checks.err" && [ -s "$tmp/checks" ]; then
		missing=""
		while read -r cname sev pass_ rest; do
			case $sev in error | warning) ;; *)
				missing="$missing $cname(unexpected line: $cname $sev $pass_ $rest)"; continue ;;
			esac
			[ -n "$pass_" ] && [ -z "$rest" ] || { missing="$missing $cname(unexpected line)"; continue; }
			case $checked_tags in *" $cname "*) ;; *) missing="$missing $cname" ;; esac
		done <"$tmp/checks"
		if [ -z "$missing" ]; then
			ok
			echo "$suite: every one of the $(wc -l <"$tmp/checks") registered checks has a test"
		else
			bad "checks without a test named after them (add DIR/NAME.zone and NAME.err):$missing"
		fi
		dup=$(cut -d' ' -f1 "$tmp/checks" | sort | uniq -d)
		[ -z "$dup" ] && ok || bad "--list-checks names a check twice: $dup"
		# the registry's golden: DIR/list-checks.out
		while read -r nm dir; do
			[ "$nm" = 1 ] && [ -f "$dir/list-checks.out" ] || continue
			[ "$update" = 1 ] && cp "$tmp/checks" "$dir/list-checks.out"
			if cmp -s "$tmp/checks" "$dir/list-checks.out"; then
				ok
			else
				bad "$dir/list-checks.out differs from --list-checks"
				diff -u "$dir/list-checks.out" "$tmp/checks" | head -30
			fi
		done <"$tmp/dirs"
	else
		bad "cannot list checks: \`zonepolicy build --list-checks\` failed: $(head -n 1 "$tmp/checks.err")"
	fi
fi
t_end "$suite"
