# lib.sh: what every suite runner shares.  Source it after `set -u`:
#   . "$(dirname "$0")/../lib.sh"     (from tests/SUITE/run.sh)
# It sets the C locale and zeroed counters, and gives
#   ok              count a pass
#   bad MSG...      print "FAIL MSG" and count a failure
#   t_tmpdir        a temporary directory in $tmp, removed at exit
#   t_end NAME      print "NAME: N passed, N failed" (the line tools/check.sh
#                   adds up); its status is 0 only when nothing failed
#   t_count LINE RC add the counts of a tool's "N passed, N failed" line
LC_ALL=C
export LC_ALL
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
t_tmpdir() {
	tmp=$(mktemp -d)
	trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
}
t_end() {
	echo "$1: $pass passed, $fail failed"
	[ "$fail" = 0 ]
}

# t_count LINE RC: LINE is what a tool or a nested suite printed last, with
# "N passed, N failed" in it, and RC its exit status.  Adds the counts to
# the counters and sets $p and $f to them.  A line without counts, or an RC
# other than 0 with no failure counted, counts one failure more: status 1.
t_count() {
	p=$(echo "$1" | sed -nE 's/^(.*[^0-9])?([0-9]+) passed, ([0-9]+) failed.*/\2/p')
	f=$(echo "$1" | sed -nE 's/^(.*[^0-9])?([0-9]+) passed, ([0-9]+) failed.*/\3/p')
	_bad=0
	if [ -z "$p" ]; then
		p=0 f=1 _bad=1
	elif [ "$2" != 0 ] && [ "$f" = 0 ]; then
		f=1 _bad=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	return $_bad
}

# t_build ZP ZONE OUT: build ZONE into OUT (made empty first), the build's
# messages in OUT/build.log.  Sets $mod, the module's name, and $ports: a CIL
# file with the module's own portcon lines, which a .pp cannot carry (on a
# host M.semanage adds them; `semanage port -a` writes the same as local
# CIL), or "" when it has none.  Status 1 when the build fails.
t_build() {
	rm -rf "$3"
	mkdir -p "$3"
	"$1" build -o "$3" "$2" >"$3/build.log" 2>&1 || return 1
	mod=$(sed -n 's/^module \([a-z0-9_]*\) .*/\1/p' "$3"/*.te | head -n 1)
	ports=""
	if [ -f "$3/$mod.semanage" ]; then
		grep '^(portcon' "$3/$mod.cil" >"$3/local-ports.cil"
		ports="$3/local-ports.cil"
	fi
}

# t_linked ZP WORK ZONE: build ZONE into WORK/NAME/ (WORK absolute) and link
# it with Debian's reference policy into WORK/NAME/NAME.33, neverallow checks
# on.  Both are skipped while that policy is newer than the zone file and the
# compiler: the vectors, oracle and mutation suites share it.  Sets $pol, the
# policy's path; status 1, the tools' output on stderr, when building or
# linking fails.
t_linked() {
	pol=$2/$(basename "$3" .zone)/$(basename "$3" .zone).33
	if [ -f "$pol" ] && [ "$pol" -nt "$3" ] && [ "$pol" -nt "$1" ]; then
		return 0
	fi
	mkdir -p "$(dirname "$pol")"
	rm -f "$pol"
	(cd "$(dirname "$3")" && "$1" build -o "$(dirname "$pol")" "$(basename "$3")") >&2 || return 1
	# a module with its own port types gets their portcon lines too, as
	# local CIL: on a host M.semanage adds them (`semanage port` writes the
	# same), and the portcon vectors check them
	_ports=
	if [ -f "${pol%.33}.semanage" ]; then
		grep '^(portcon' "${pol%.33}.cil" >"$(dirname "$pol")/local-ports.cil"
		_ports="$(dirname "$pol")/local-ports.cil"
	fi
	# shellcheck disable=SC2086
	"$1" link "${pol%.33}.pp" $_ports -o "$pol" >&2
}
