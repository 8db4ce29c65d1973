#!/bin/sh
# tests/sarif/run.sh ZP: `zonepolicy build --diagnostics-format sarif`
# (issue 15, item 8).  For every test of tests/diag and tests/hostile the
# SARIF log says what the text diagnostics of the same build say (sarif.py
# same); its rules are the registry; a clean build, an unreadable file and
# a file name that is not ASCII give valid logs.  Every log is then judged
# by two validators taken at test time from a registry package (never
# copied here): Microsoft's SARIF Multitool (`validate`: the SARIF 2.1.0
# schema and the spec's rules) and Debian's python3-jsonschema against the
# schema the same package ships.  Both must first reject a broken log.
# The validator is installed with npm from tests/sarif/validator/ (a lock
# file pins it) into $SARIF_VALIDATOR_DIR (default build/sarif-validator);
# when the registry cannot be reached that part is skipped, saying so, and
# the suite fails unless SARIF_OFFLINE_OK=1.
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=/usr/bin/python3
t_tmpdir
mkdir -p "$tmp/logs"

# --- each diagnostic test, as text and as SARIF --------------------------
n=0
for z in "$root"/tests/diag/*.zone "$root"/tests/hostile/*.zone; do
	dir=$(dirname "$z")
	name=$(basename "$z" .zone)
	[ -f "$dir/$name.err" ] || continue
	args=""
	[ -f "$dir/$name.args" ] && args=$(sed "s|@OUT@|$tmp/o|g" "$dir/$name.args")
	n=$((n + 1))
	log="$tmp/logs/$(basename "$dir")-$name.sarif"
	(cd "$dir" && timeout 60 "$zp" build $args -o "$tmp/t" "$name.zone") >/dev/null 2>"$tmp/text"
	st=$?
	(cd "$dir" && timeout 60 "$zp" build --diagnostics-format sarif $args -o "$tmp/s" "$name.zone") \
		>"$log" 2>"$tmp/stderr"
	ss=$?
	rm -rf "$tmp/t" "$tmp/s" "$tmp/o"
	if [ "$st" = 2 ]; then
		# a usage error is no diagnostic: the same status, no log
		[ "$ss" = 2 ] && ok || bad "$name: status $ss with SARIF, 2 as text"
		rm -f "$log"
		continue
	fi
	if [ "$st" != "$ss" ]; then
		bad "$name: status $ss with SARIF, $st as text"
	elif [ -s "$tmp/stderr" ]; then
		bad "$name: SARIF build wrote on stderr: $(head -n 1 "$tmp/stderr")"
	elif out=$($py "$here/sarif.py" same "$log" "$tmp/text" "$z" 2>&1); then
		ok
	else
		bad "$name: $out"
	fi
done
[ "$n" -gt 100 ] && ok || bad "only $n diagnostic tests found"

# --- the rules are the registry ---------------------------------------------
"$zp" build --list-checks >"$tmp/list"
log=$(ls "$tmp"/logs/*.sarif | head -n 1)
out=$($py "$here/sarif.py" rules "$log" "$tmp/list" 2>&1) && ok || bad "rules: $out"

# --- a clean build, a failed one, names and columns that are not ASCII ------
(cd "$root/modules/sw" && "$zp" build --diagnostics-format sarif -o "$tmp/sw" sw.zone) \
	>"$tmp/logs/clean.sarif" 2>"$tmp/stderr"
if [ $? = 0 ] && [ ! -s "$tmp/stderr" ] && [ -f "$tmp/sw/sw.pp" ] &&
	$py -c 'import json,sys; sys.exit(len(json.load(open(sys.argv[1]))["runs"][0]["results"]))' \
		"$tmp/logs/clean.sarif" && $py "$here/sarif.py" run "$tmp/logs/clean.sarif" true; then
	ok
else
	bad "clean build: status, outputs, no results, a successful invocation"
fi
"$zp" build --diagnostics-format sarif -o "$tmp/none" "$tmp/missing.zone" >"$tmp/logs/missing.sarif" 2>/dev/null
if [ $? = 1 ] && $py "$here/sarif.py" run "$tmp/logs/missing.sarif" false; then
	ok
else
	bad "unreadable file: status 1 and a failed invocation that says why"
fi
# a name with a space, a non-ASCII letter and a byte that is no UTF-8; an
# error after two-byte characters on its line (column 31 in bytes, 29 in
# characters)
odd=$(printf 'z\303\266 n\377e')
printf 'module m 1.0;\nprogram a { config "/\303\251t\303\251/x" bogus; }\n' >"$tmp/$odd.zone"
(cd "$tmp" && "$zp" build -o "$tmp/x" "$odd.zone") >/dev/null 2>"$tmp/text"
(cd "$tmp" && "$zp" build --diagnostics-format sarif -o "$tmp/x" "$odd.zone") >"$tmp/logs/odd.sarif" 2>/dev/null
if out=$($py "$here/sarif.py" same "$tmp/logs/odd.sarif" "$tmp/text" "$tmp/$odd.zone" 2>&1) &&
	grep -q '"uri":"z%C3%B6%20n%FFe.zone"},"region":{"startLine":2,"startColumn":29}' "$tmp/logs/odd.sarif"; then
	ok
else
	bad "odd name: $out $(grep -o '"uri":"[^"]*"' "$tmp/logs/odd.sarif" | head -n 1)"
fi
"$zp" build --diagnostics-format xml "$tmp/$odd.zone" >/dev/null 2>&1
[ $? = 2 ] && ok || bad "--diagnostics-format xml is not a usage error"

# --- the validators ---------------------------------------------------------
# the negative control: a log without its tool's driver
printf '{"version":"2.1.0","runs":[{"tool":{},"results":[]}]}\n' >"$tmp/broken.sarif"
vdir=${SARIF_VALIDATOR_DIR:-$root/build/sarif-validator}
pkg=$vdir/node_modules/@microsoft/sarif-multitool-linux
if ! cmp -s "$here/validator/package-lock.json" "$vdir/package-lock.json" || [ ! -x "$pkg/Sarif.Multitool" ]; then
	rm -rf "$vdir"
	mkdir -p "$vdir"
	cp "$here/validator/package.json" "$here/validator/package-lock.json" "$vdir/"
	# --ignore-scripts: its one script is the chmod below
	(cd "$vdir" && timeout 300 npm ci --ignore-scripts --no-audit --no-fund) >"$tmp/npm.log" 2>&1 &&
		chmod u+x "$pkg/Sarif.Multitool" || rm -rf "$vdir/node_modules"
fi
if [ -x "$pkg/Sarif.Multitool" ]; then
	mt() { DOTNET_CLI_TELEMETRY_OPTOUT=1 timeout 300 "$pkg/Sarif.Multitool" validate "$@" --log ForceOverwrite; }
	mt "$tmp/broken.sarif" -o "$tmp/broken.out" >/dev/null 2>&1
	if [ -f "$tmp/broken.out" ] && ! $py "$here/sarif.py" verdict "$tmp/broken.out" >/dev/null 2>&1; then
		ok
	else
		bad "the SARIF Multitool does not reject a broken log"
	fi
	mt "$tmp/logs" -o "$tmp/verdict.sarif" >"$tmp/mt.log" 2>&1
	if [ -f "$tmp/verdict.sarif" ] && out=$($py "$here/sarif.py" verdict "$tmp/verdict.sarif" 2>&1); then
		ok
		echo "sarif: the SARIF Multitool validated $(ls "$tmp/logs" | wc -l) logs" \
			"($(grep -c ': warning ' "$tmp/mt.log") warnings: $(grep -o ' warning SARIF[0-9]*' "$tmp/mt.log" | sort -u | tr -d '\n'))"
	else
		bad "SARIF Multitool: $out $(tail -n 3 "$tmp/mt.log")"
	fi
	if ! $py "$here/sarif.py" schema "$pkg/sarif-2.1.0.json" "$tmp/broken.sarif" >/dev/null 2>&1; then
		ok
	else
		bad "the JSON schema does not reject a broken log"
	fi
	out=$($py "$here/sarif.py" schema "$pkg/sarif-2.1.0.json" "$tmp"/logs/*.sarif 2>&1) && ok ||
		bad "schema: $(echo "$out" | head -n 5)"
else
	echo "sarif: SKIP the SARIF validators: npm could not install" \
		"@microsoft/sarif-multitool-linux (no registry?): $(tail -n 1 "$tmp/npm.log" 2>/dev/null)"
	[ "${SARIF_OFFLINE_OK:-0}" = 1 ] && ok || bad "no SARIF validator (set SARIF_OFFLINE_OK=1 to accept)"
fi
t_end sarif
