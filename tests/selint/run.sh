#!/bin/sh
# run.sh: SELint (Debian's `selint`, its default severity, with the shipped
# tools/selint.conf) finds nothing in the .te, .if and .fc of every shipped
# module (modules/*/) and every golden zone (tests/golden/).  Those files
# are the build's outputs byte for byte (make test-output proves it).
#
# SELint cannot parse the kernel language's `optional {` ... `}` (its
# grammar has only refpolicy's m4 `optional_policy(`); the .te it reads has
# those two lines of each block respelled that way, and the test checks that
# no other line differs.  Two controls keep the test able to fail: the .te
# as written still stops SELint at F-001 (drop the respelling the day SELint
# parses it), and a rule with its permissions out of order is reported
# (C-005) under the shipped configuration.
set -u
. "$(dirname "$0")/../lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
conf="$root/tools/selint.conf"
t_tmpdir

# respell IN OUT: the .te with each optional block in SELint's spelling
respell() {
	awk '/^optional \{$/ { print "optional_policy(`"; inopt = 1; next }
	     inopt && /^\}$/ { print "'"'"')"; inopt = 0; next }
	     { print }' "$1" >"$2"
}

# lint NAME DIR: selint over DIR/NAME.te .if .fc; prints its findings
lint() {
	(cd "$2" && selint -c "$conf" "$1.te" "$1.if" "$1.fc" 2>&1) |
		grep -E '\((C|S|W|E|F)-[0-9]+\)'
}

n=0
for te in "$root"/modules/*/*.te "$root"/tests/golden/*.te; do
	name=$(basename "$te" .te)
	dir=$(dirname "$te")
	what=${te#"$root"/}
	n=$((n + 1))
	d="$tmp/$n"
	mkdir -p "$d"
	# a golden is named after its test; the build names it after the module
	mod=$(sed -n 's/^module \([a-z0-9_]*\) .*/\1/p' "$te")
	for ext in if fc; do
		[ -f "$dir/$name.$ext" ] || { bad "$what: no $name.$ext beside it"; continue 2; }
		cp "$dir/$name.$ext" "$d/$mod.$ext"
	done
	respell "$te" "$d/$mod.te"
	blocks=$(grep -c '^optional {$' "$te")
	changed=$(diff "$te" "$d/$mod.te" | grep -c '^<')
	if [ "$changed" != $((2 * blocks)) ]; then
		bad "$what: respelling $blocks optional blocks changed $changed lines"
		continue
	fi
	if found=$(lint "$mod" "$d"); then
		bad "$what: SELint reports:"
		echo "$found" | head -20
	else
		ok
	fi
done
[ "$n" -gt 3 ] || bad "only $n modules found to lint"

# control 1: the .te as written is a parse error for SELint (F-001)
ctl="$tmp/ctl"
mkdir -p "$ctl"
cp "$root/modules/sw/sw.te" "$root/modules/sw/sw.if" "$root/modules/sw/sw.fc" "$ctl/"
if grep -q '^optional {$' "$ctl/sw.te" && ! lint sw "$ctl" | grep -q 'F-001'; then
	bad "SELint now parses 'optional {': lint the .te as written (tests/selint/run.sh)"
else
	ok
fi
# control 2: permissions out of order are reported under tools/selint.conf
respell "$root/modules/sw/sw.te" "$ctl/sw.te"
sed -i '0,/^allow .*{ getattr open read }/s//allow sw_t self:file { read open getattr }/' "$ctl/sw.te"
if grep -q '{ read open getattr }' "$ctl/sw.te" && lint sw "$ctl" | grep -q 'C-005'; then
	ok
else
	bad "a rule with unordered permissions is not reported (C-005)"
fi
t_end selint
