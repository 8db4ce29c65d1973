#!/bin/sh
# tests/semanage/run.sh ZONEPOLICY: the generated M.semanage script, as far
# as it can be tested without a live SELinux store.
#
# For tests/golden/netzone.zone (two portcons) and a module whose ports
# cross zones (egress to a listener, egress shared by two zones):
#   - `sh -n` (and `dash -n`, `bash -n` where present) accept it;
#   - run against a stub `semanage` on PATH: a port the stub's
#     `port -l -n` already lists gets `port -m`, the others `port -a`, all in
#     ONE `semanage import` (one transaction); a second run over the first
#     run's records turns every line into -m;
#   - when `semanage port -l` fails, the script fails and never imports;
#     when the import fails, the script fails;
#   - every imported line is accepted by the real semanage's own command
#     parser (/usr/sbin/semanage, loaded as a module; nothing is executed).
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
here=$(cd "$(dirname "$0")" && pwd)
t_tmpdir
mkdir -p "$tmp/bin"
# the stub: `port -l -n` prints $STUB_LIST (fails when STUB_LIST_FAIL=1);
# `import` appends stdin to $STUB_LOG and counts the call (fails when
# STUB_IMPORT_FAIL=1); anything else is an error
cat >"$tmp/bin/semanage" <<'STUB'
#!/bin/sh
case "$*" in
"port -l -n")
	[ "${STUB_LIST_FAIL:-0}" = 1 ] && { echo "stub: cannot read the store" >&2; exit 1; }
	cat "$STUB_LIST" ;;
import)
	echo import >>"$STUB_CALLS"
	cat >>"$STUB_LOG"
	[ "${STUB_IMPORT_FAIL:-0}" = 1 ] && exit 1
	exit 0 ;;
*) echo "stub: unexpected: $*" >&2; exit 2 ;;
esac
STUB
chmod +x "$tmp/bin/semanage"

run() { # SCRIPT LIST -> $tmp/log, $tmp/calls; status of the script
	: >"$tmp/log"
	: >"$tmp/calls"
	PATH="$tmp/bin:$PATH" STUB_LIST=$2 STUB_LOG="$tmp/log" STUB_CALLS="$tmp/calls" sh "$1" >/dev/null 2>&1
}

check_script() { # NAME SCRIPT EXPECTED-FIRST-RUN (lines, the ports listed already marked)
	name=$1 s=$2
	for shell in sh dash bash; do
		command -v $shell >/dev/null 2>&1 || continue
		if $shell -n "$s"; then ok; else bad "$name: $shell -n rejects $s"; fi
	done
	# a record for the first port exists already (an earlier install)
	first=$(sed -n 's/^label \([a-z]*\) \([0-9-]*\) .*/\1 \2/p' "$s" | head -n 1)
	printf 'http_port_t                    tcp      80, 81, 443\nold_port_t                     %s\n' \
		"$(echo "$first" | sed 's/ /      /')" >"$tmp/list"
	if run "$s" "$tmp/list" && [ "$(wc -l <"$tmp/calls")" = 1 ] && diff -u "$3" "$tmp/log" >"$tmp/diff"; then
		ok
	else
		bad "$name: first run: expected one import of"; cat "$3"; echo "got:"; cat "$tmp/log"
	fi
	# again, over what the first run recorded: every port is known now
	sed 's/^port -[am] -t \([a-z0-9_]*\) -p \([a-z]*\) \(.*\)$/\1 \2 \3/' "$tmp/log" >"$tmp/list2"
	sed 's/^port -a /port -m /' "$3" >"$tmp/expect2"
	if run "$s" "$tmp/list2" && diff -u "$tmp/expect2" "$tmp/log" >"$tmp/diff"; then
		ok
	else
		bad "$name: second run is not all -m:"; cat "$tmp/diff"
	fi
	# semanage cannot list: stop before any change
	if STUB_LIST_FAIL=1 run "$s" "$tmp/list"; then
		bad "$name: succeeded although 'semanage port -l' failed"
	elif [ -s "$tmp/calls" ]; then
		bad "$name: imported although 'semanage port -l' failed"
	else
		ok
	fi
	if STUB_IMPORT_FAIL=1 run "$s" "$tmp/list"; then
		bad "$name: succeeded although the import failed"
	else
		ok
	fi
	# the real semanage parses every line it would import
	if [ -x /usr/sbin/semanage ]; then
		if /usr/bin/python3 - "$3" <<'PY' 2>"$tmp/py"; then ok; else bad "$name: semanage rejects a line:"; cat "$tmp/py"; fi
import importlib.machinery, importlib.util, sys
loader = importlib.machinery.SourceFileLoader("semanage_cli", "/usr/sbin/semanage")
spec = importlib.util.spec_from_loader("semanage_cli", loader)
m = importlib.util.module_from_spec(spec)
loader.exec_module(m)
for line in open(sys.argv[1]):
    a = m.createCommandParser().parse_args(m.mkargv(line))
    assert a.func.__name__ == "handlePort", line
PY
	fi
}

build() { # ZONE OUTDIR
	mkdir -p "$2"
	(cd "$(dirname "$1")" && "$zp" build -o "$2" "$(basename "$1")") >"$2/build.log" 2>&1 ||
		{ bad "build of $1 failed:"; cat "$2/build.log"; return 1; }
}

if build "$here/../golden/netzone.zone" "$tmp/netzone"; then
	cat >"$tmp/netzone.expect" <<'X'
port -m -t netzone_dns_port_t -p tcp 5353-5354
port -a -t netzone_web_port_t -p tcp 8001
X
	check_script netzone "$tmp/netzone/netzone.semanage" "$tmp/netzone.expect"
fi
if build "$here/../golden/crossports.zone" "$tmp/cross"; then
	cat >"$tmp/cross.expect" <<'X'
port -m -t crossports_a_port_t -p tcp 9702-9704
port -a -t crossports_9705_9709_tcp_port_t -p tcp 9705-9709
port -a -t crossports_b_port_t -p tcp 9710-9720
port -a -t crossports_srv_port_t -p tcp 9777
X
	check_script crossports "$tmp/cross/crossports.semanage" "$tmp/cross.expect"
fi
t_end semanage
