#!/bin/sh
# run.sh ZONEPOLICY ZONE: environment faults.  Each case must exit non-zero
# with a message naming the tool or path at fault, and leave no file in the
# output directory (temporaries included) and no zonepolicy.* directory in
# TMPDIR.  Prints "envfault: N passed, N failed".
#
#  missing-checkmodule  PATH without checkmodule (--pp-tool=checkmodule)
#  missing-packager     checkmodule present, semodule_package missing
#                       (--pp-tool=checkmodule)
#  no-tools-libsepol    PATH without either: the default build writes the
#                       .pp in process all the same
#  unwritable-output    output directory mode 0555, build run as nobody
#  output-created       -o names a directory that does not exist: the build
#                       creates it and its parents (the README's first
#                       command in a fresh directory) and writes every output
#  output-under-file    -o names a path below a regular file: no directory can
#                       be made; nothing is left behind
#  output-is-file       -o names a regular file
#  full-disk            output on a 64 KB tmpfs (file-size rlimit if mount
#                       is not permitted)
#  full-disk-new-dir    the same, into directories the build makes for -o:
#                       they are removed again
#  full-tmpdir          TMPDIR on a full tmpfs (--pp-tool=checkmodule builds
#                       the .pp there)
#  input-is-directory   a directory as input
#  input-unreadable     a mode 000 file, build run as nobody
#  input-missing        no such file
#  base-fc-late         the base file contexts break after a build memoised
#                        some lookups: the next build, needing a lookup the
#                        memo lacks, reports [base-fc-unreadable] at the
#                        statement that needed it
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1 zone=$2
t=$(mktemp -d /tmp/zp-envfault.XXXXXX)
chmod 755 "$t"
cleanup() {
	for m in "$t"/mnt*; do mountpoint -q "$m" 2>/dev/null && umount "$m"; done
	rm -rf "$t"
}
trap cleanup EXIT
nobody="setpriv --reuid=nobody --regid=nogroup --clear-groups"
cp "$zone" "$t/in.zone"
chmod 644 "$t/in.zone"

# expect NAME WORD OUTDIR TMPDIR CMD...: CMD fails, its stderr contains WORD,
# OUTDIR and TMPDIR are left as they were (empty of our files)
expect() {
	name=$1 word=$2 out=$3 tmp=$4
	shift 4
	TMPDIR=$tmp "$@" >"$t/stdout" 2>"$t/stderr"
	rc=$?
	why=""
	[ $rc != 0 ] || why="exit status 0"
	[ -z "$why" ] && ! grep -qF -- "$word" "$t/stderr" && why="message does not name '$word'"
	[ -z "$why" ] && [ -d "$out" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ] &&
		why="left files in the output: $(ls -A "$out" | tr '\n' ' ')"
	[ -z "$why" ] && [ -n "$(ls -A "$tmp" 2>/dev/null | grep zonepolicy)" ] &&
		why="left a temporary directory in $tmp"
	if [ -n "$why" ]; then
		echo "FAIL $name: $why"
		sed 's/^/  | /' "$t/stderr" | head -5
		fail=$((fail + 1))
	else
		echo "ok   $name (status $rc): $(head -n 1 "$t/stderr")"
		pass=$((pass + 1))
	fi
}
fresh() { rm -rf "$t/$1"; mkdir -p "$t/$1"; chmod 777 "$t/$1"; echo "$t/$1"; }

# PATH with everything but the SELinux tools
mkdir -p "$t/bin"
for tool in sh cat; do ln -sf "$(command -v $tool)" "$t/bin/$tool"; done
o=$(fresh o1); tmp=$(fresh tmp1)
expect missing-checkmodule checkmodule "$o" "$tmp" env PATH="$t/bin" "$zp" build --pp-tool=checkmodule \
	-o "$o" "$t/in.zone"
o=$(fresh o1b)
if env PATH="$t/bin" "$zp" build -o "$o" "$t/in.zone" >"$t/stdout" 2>"$t/stderr" && [ -s "$o/sw.pp" ]; then
	echo "ok   no-tools-libsepol: sw.pp written without checkmodule"
	pass=$((pass + 1))
else
	echo "FAIL no-tools-libsepol: no sw.pp without checkmodule"
	sed 's/^/  | /' "$t/stderr" | head -5
	fail=$((fail + 1))
fi
ln -sf "$(command -v checkmodule)" "$t/bin/checkmodule"
o=$(fresh o2); tmp=$(fresh tmp2)
expect missing-packager semodule_package "$o" "$tmp" env PATH="$t/bin" "$zp" build --pp-tool=checkmodule \
	-o "$o" "$t/in.zone"

o=$(fresh o3); tmp=$(fresh tmp3); chmod 555 "$o"
if [ "$(id -u)" = 0 ]; then
	expect unwritable-output "$o" "$o" "$tmp" $nobody "$zp" build -o "$o" "$t/in.zone"
else
	expect unwritable-output "$o" "$o" "$tmp" "$zp" build -o "$o" "$t/in.zone"
fi
tmp=$(fresh tmp4)
# output-created: run in a fresh directory, as the README's usage line does
mkdir -p "$t/fresh"
(cd "$t/fresh" && "$zp" build -o out/a/b/ "$t/in.zone") >"$t/stdout" 2>"$t/stderr"
rc=$?
made=$(ls -A "$t/fresh/out/a/b" 2>/dev/null | tr '\n' ' ')
if [ $rc = 0 ] && [ "$made" = "sw.cil sw.fc sw.if sw.netlabel sw.nft sw.pp sw.te sw.vectors sw_netcheck.cil " ]; then
	echo "ok   output-created: $made"
	pass=$((pass + 1))
else
	echo "FAIL output-created: status $rc, out/a/b holds: $made"
	sed 's/^/  | /' "$t/stderr" | head -5
	fail=$((fail + 1))
fi
: >"$t/afile"
expect output-under-file "$t/afile/sub" "$t/afile" "$tmp" "$zp" build -o "$t/afile/sub/dir" "$t/in.zone"
expect output-is-file "$t/afile" "$t/o5" "$tmp" "$zp" build -o "$t/afile" "$t/in.zone"

# full disk: a 64 KB tmpfs holds the smaller outputs but not all of them
mkdir -p "$t/mnt1" "$t/mnt2"
tmp=$(fresh tmp6)
if mount -t tmpfs -o size=64k tmpfs "$t/mnt1" 2>/dev/null; then
	expect full-disk "$t/mnt1" "$t/mnt1" "$tmp" "$zp" build -o "$t/mnt1" "$t/in.zone"
	# the directories a failed build made for -o are removed again
	expect full-disk-new-dir "$t/mnt1" "$t/mnt1" "$tmp" "$zp" build -o "$t/mnt1/made/here" "$t/in.zone"
	if [ -e "$t/mnt1/made" ]; then
		echo "FAIL full-disk-new-dir: left the directory it made: $(find "$t/mnt1/made")"
		fail=$((fail + 1))
	fi
	if mount -t tmpfs -o size=16k tmpfs "$t/mnt2" 2>/dev/null; then
		o=$(fresh o7)
		expect full-tmpdir "$t/mnt2" "$o" "$t/mnt2" "$zp" build --pp-tool=checkmodule -o "$o" "$t/in.zone"
	fi
else
	echo "note: tmpfs mount not permitted; simulating a full disk with ulimit -f 64"
	o=$(fresh o6)
	expect full-disk "$o" "$o" "$tmp" sh -c 'ulimit -f 64; trap "" XFSZ; exec "$@"' sh "$zp" build -o "$o" "$t/in.zone"
fi

o=$(fresh o8); tmp=$(fresh tmp8)
expect input-is-directory "$t/o1" "$o" "$tmp" "$zp" build -o "$o" "$t/o1"
cp "$t/in.zone" "$t/secret.zone"
chmod 000 "$t/secret.zone"
if [ "$(id -u)" = 0 ]; then
	expect input-unreadable "$t/secret.zone" "$o" "$tmp" $nobody "$zp" build -o "$o" "$t/secret.zone"
else
	expect input-unreadable "$t/secret.zone" "$o" "$tmp" "$zp" build -o "$o" "$t/secret.zone"
fi
expect input-missing "$t/nosuch.zone" "$o" "$tmp" "$zp" build -o "$o" "$t/nosuch.zone"

# same size and times as the good file, so its memo of earlier lookups
# still applies; opening it for a new lookup fails
mkdir -p "$t/fcl"
cp /etc/selinux/default/contexts/files/file_contexts "$t/fcl/fc"
printf 'module fa 1.0;\nvm a { exec "/usr/bin/a"; config "/etc/fa.conf"; }\n' >"$t/fcl/a.zone"
printf 'module fb 1.0;\nvm b { exec "/usr/bin/b"; config "/srv/fb/b.conf"; }\n' >"$t/fcl/b.zone"
o=$(fresh o9); tmp=$(fresh tmp9)
if ZONEPOLICY_CACHE="$t/fcl/cache" "$zp" build --no-pp --base-fc "$t/fcl/fc" -o "$o" "$t/fcl/a.zone" 2>/dev/null; then
	touch -r "$t/fcl/fc" "$t/fcl/ref"
	size=$(stat -c %s "$t/fcl/fc")
	head -c "$size" /dev/zero | tr '\0' x >"$t/fcl/fc"
	touch -r "$t/fcl/ref" "$t/fcl/fc"
	o=$(fresh o10)
	expect base-fc-late "b.zone:2:34: error: cannot load base file contexts" "$o" "$tmp" \
		env ZONEPOLICY_CACHE="$t/fcl/cache" "$zp" build --no-pp --base-fc "$t/fcl/fc" -o "$o" "$t/fcl/b.zone"
	grep -qF '[base-fc-unreadable]' "$t/stderr" || { echo "FAIL base-fc-late: no [base-fc-unreadable]"; fail=$((fail + 1)); }
else
	echo "FAIL base-fc-late: the first build failed"
	fail=$((fail + 1))
fi
t_end envfault
