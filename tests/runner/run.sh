#!/bin/sh
# run.sh ZONEPOLICY: the compiler-output runner (tests/run.sh) fails when it
# must.  Each case makes a small test directory from copies of committed
# tests, breaks one thing, and expects the runner to report that very thing;
# the check list comes from a stub that answers `build --list-checks` in the
# "NAME SEVERITY PASS" format (or fails to, as a compiler without the
# option does) and hands everything else to ZONEPOLICY.
# Prints "runner: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
top=$(cd "$(dirname "$0")/../.." && pwd)
runner=$top/tests/run.sh
t_tmpdir

# case LABEL WANT_STATUS WANT_TEXT ARGS...: run the runner on ARGS; it must
# exit with WANT_STATUS (0 or 1) and print a line containing WANT_TEXT
case_() {
	label=$1 want=$2 text=$3
	shift 3
	sh "$runner" "$@" >"$tmp/log" 2>&1
	got=$?
	[ "$got" = 0 ] || got=1
	if [ "$got" = "$want" ] && grep -qF -- "$text" "$tmp/log"; then
		ok
	else
		bad "$label: runner exited $got (want $want) without saying '$text':"
		sed 's/^/  | /' "$tmp/log" | head -20
	fi
}

# fresh DIR FILE...: DIR holds copies of FILEs (from the repository)
fresh() {
	into=$tmp/$1
	shift
	rm -rf "$into"
	mkdir -p "$into"
	for f in "$@"; do cp "$top/$f" "$into/"; done
}

g=tests/golden/minimal
fresh g $g.zone $g.te $g.if $g.fc $g.cil $g.vectors
case_ "golden passes" 0 "output: 1 passed, 0 failed" "$zp" "$tmp/g"
echo "# changed" >>"$tmp/g/minimal.fc"
case_ "changed golden" 1 "minimal.fc differs from its golden" "$zp" "$tmp/g"
fresh g $g.zone $g.te $g.if $g.fc $g.cil
case_ "output without golden" 1 "outputs without a golden: .vectors" "$zp" "$tmp/g"
fresh g $g.zone $g.te $g.if $g.fc $g.cil $g.vectors tests/golden/netzone.semanage
mv "$tmp/g/netzone.semanage" "$tmp/g/minimal.semanage"
case_ "golden without output" 1 "goldens of outputs no longer made: .semanage" "$zp" "$tmp/g"
fresh g $g.zone $g.te $g.if $g.fc $g.cil $g.vectors tests/golden/netzone.te
case_ "expectation without its zone" 1 "netzone.te: an expectation without its .zone" "$zp" "$tmp/g"
fresh g $g.zone
case_ "zone alone" 1 "checks nothing" "$zp" "$tmp/g"
UPDATE=1 sh "$runner" "$zp" "$tmp/g" >/dev/null 2>&1
case_ "UPDATE=1 writes the goldens" 0 "output: 1 passed, 0 failed" "$zp" "$tmp/g"
fresh g tests/golden/netzone.zone tests/golden/netzone.te tests/golden/netzone.if tests/golden/netzone.fc \
	tests/golden/netzone.cil tests/golden/netzone.vectors tests/golden/netzone.semanage
case_ "warnings without .err" 1 "printed diagnostics, and there is no netzone.err" "$zp" "$tmp/g"

cat >"$tmp/zp" <<EOF
#!/bin/sh
if [ "\$1" = build ] && [ "\${2:-}" = --list-checks ]; then
	[ -f "$tmp/checks" ] || { echo "build: unrecognized option '--list-checks'" >&2; exit 2; }
	cat "$tmp/checks"
	exit 0
fi
exec "$zp" "\$@"
EOF
chmod +x "$tmp/zp"
printf 'string-escape error lex\n' >"$tmp/checks"
d=tests/diag/string-escape
fresh d $d.zone $d.err
case_ "diagnostic passes" 0 "output: 3 passed, 0 failed" "$tmp/zp" --named "$tmp/d"
sed -i '1s/:[0-9]*: error/:99: error/' "$tmp/d/string-escape.err"
case_ "wrong column" 1 "stderr differs from string-escape.err" "$tmp/zp" --named "$tmp/d"
fresh d $d.zone $d.err
mv "$tmp/d/string-escape.zone" "$tmp/d/lex-bad-escape.zone"
sed 's/^string-escape\.zone:/lex-bad-escape.zone:/' "$tmp/d/string-escape.err" >"$tmp/d/lex-bad-escape.err"
rm "$tmp/d/string-escape.err"
case_ "named after the wrong check" 1 "tests [string-escape]: name it string-escape" "$tmp/zp" --named "$tmp/d"
case_ "--free names" 0 "output: 1 passed, 0 failed" "$zp" --free "$tmp/d"

# the check list, from a stub
fresh d $d.zone $d.err tests/diag/unknown-zone-channel.zone tests/diag/unknown-zone-channel.err
printf 'string-escape error lex\nunknown-zone error references\n' >"$tmp/checks"
case_ "every check has a test" 0 "every one of the 2 registered checks has a test" "$tmp/zp" --named "$tmp/d"
printf 'string-escape error lex\nunknown-zone error references\nudp-egress warning lower\n' >"$tmp/checks"
case_ "a check without a test" 1 "checks without a test named after them (add DIR/NAME.zone and NAME.err): udp-egress" \
	"$tmp/zp" --named "$tmp/d"
printf 'string-escape error lex\nunknown-zone fatal\n' >"$tmp/checks"
case_ "a malformed check list" 1 "unknown-zone(unexpected line" "$tmp/zp" --named "$tmp/d"
rm "$tmp/checks"
case_ "no check list" 1 "FAIL cannot list checks" "$tmp/zp" --named "$tmp/d"
t_end runner
