#!/bin/sh
# run.sh ZONEPOLICY OUTDIR: prove the benchmark's scripts work, without
# timing anything (timings belong to `make bench`, not `make check`).
# Runs the generator twice (same bytes), builds a 10-zone file, compiles the
# bench scripts and builds the hand-written baseline module with the devel
# Makefile.  Ends with "bench-smoke: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
out=$2
here=$(cd "$(dirname "$0")/../../bench" && pwd)
py=/usr/bin/python3

rm -rf "$out"
mkdir -p "$out/gen" "$out/hw" || { echo "bench-smoke: cannot create $out"; echo "bench-smoke: 0 passed, 1 failed"; exit 1; }

# 1. the generator: N zones, deterministic, and a usage error without N
"$py" "$here/genzones.py" 10 >"$out/a.zone" && "$py" "$here/genzones.py" 10 >"$out/b.zone" &&
	cmp -s "$out/a.zone" "$out/b.zone" && ok || bad "genzones.py 10 is not reproducible"
n=$(grep -c '^vm ' "$out/a.zone")
[ "$n" = 10 ] && ok || bad "genzones.py 10 wrote $n zones"
n=$(grep -c '^channel ' "$out/a.zone")
[ "$n" = 10 ] && ok || bad "genzones.py 10 wrote $n channels"
"$py" "$here/genzones.py" >/dev/null 2>&1 && bad "genzones.py without N succeeded" || ok

# 2. one 10-zone build: every output written, vectors for every zone
if "$zp" build -o "$out/gen" "$out/a.zone" >"$out/build.log" 2>&1; then
	ok
	for f in gen.te gen.if gen.fc gen.cil gen.pp gen.vectors; do
		[ -s "$out/gen/$f" ] && ok || bad "10-zone build wrote no $f"
	done
	n=$(grep -c '^trans gen_t gen_z[0-9]*_exec_t' "$out/gen/gen.vectors")
	[ "$n" = 10 ] && ok || bad "10-zone vectors have $n launcher transitions, want 10"
else
	cat "$out/build.log"
	bad "zonepolicy build of 10 generated zones failed"
fi

# 3. the bench scripts compile, and the driver answers --help
for s in run.py genzones.py lpcount.py; do
	"$py" -m py_compile "$here/$s" 2>"$out/pyc.log" && ok || { cat "$out/pyc.log"; bad "$s does not compile"; }
done
rm -rf "$here/__pycache__"
"$py" "$here/run.py" --help >/dev/null 2>&1 && ok || bad "run.py --help failed"

# 4. the hand-written baseline builds with the devel Makefile
cp "$here/handwritten/sw.te" "$here/handwritten/sw.if" "$here/handwritten/sw.fc" "$out/hw/"
if (cd "$out/hw" && make -s -f /usr/share/selinux/devel/Makefile sw.pp) >"$out/hw.log" 2>&1 &&
	[ -s "$out/hw/sw.pp" ]; then
	ok
else
	cat "$out/hw.log"
	bad "the hand-written module does not build"
fi

t_end bench-smoke
