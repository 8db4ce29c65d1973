# lib.sh: what every suite runner shares.  Source it after `set -u`:
#   . "$(dirname "$0")/lib.sh"        (or the path to tests/lib.sh)
# It sets the C locale and zeroed counters, and gives
#   ok              count a pass
#   bad MSG...      print "FAIL MSG" and count a failure
#   t_tmpdir        a temporary directory in $tmp, removed at exit
#   t_end NAME      print "NAME: N passed, N failed" (the line tools/check.sh
#                   adds up); its status is 0 only when nothing failed
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
