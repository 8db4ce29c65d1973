#!/bin/sh
# run.sh ASSETS: the sw trial's assets (trial/sw/) proven on this host,
# without SELinux.  ASSETS holds what `make trial-assets` built.
#   1. the guests: one boot sector each; the general guest writes its four
#      lines on COM1 and powers off; the classified guest copies what its
#      COM1 receives (also a line sent before it booted, and one sent while
#      it waits), costs no CPU while it waits, and powers off after
#      "CLIP over"; each boot is timed;
#   2. the gateway: what passes and what is dropped, its config, its errors,
#      and that it holds IN read-only and OUT write-only; also built with
#      ASan and UBSan when the compiler can;
#   3. the launcher end to end (SW_NO_SELINUX=1, a tree from install.sh):
#      Xvfb answers xdpyinfo, xclock's window is mapped, the general guest's
#      CLIP line crosses the gateway into the classified guest's console and
#      the other lines do not, each QEMU holds its FIFO in its one direction
#      (its own command line replayed paused), a second run works, a
#      non-FIFO in the FIFO's place stops it; each stage is timed;
#   4. the refused steps of trial/sw/README.md work on the host with runcon
#      dropped (the control: only the policy can refuse them).
# Prints "trial-assets: N passed, N failed".
set -u
. "$(dirname "$0")/../lib.sh"
A=$1
SRC=trial/sw
t_tmpdir
T=$tmp
QEMU=$(command -v qemu-system-x86_64 || echo qemu-system-x86_64)
kids=""
cleanup() {
	for p in $kids; do kill -9 "-$p" "$p" 2>/dev/null; done
	chmod -R u+w "$T" 2>/dev/null
	rm -rf "$T"
}
trap cleanup EXIT

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
# wait_for FILE PATTERN [TENTHS]: until FILE holds PATTERN (fixed string)
wait_for() {
	_i=0
	until grep -qF -- "$2" "$1" 2>/dev/null; do
		_i=$((_i + 1))
		[ "$_i" -le "${3:-100}" ] || return 1
		sleep 0.1
	done
}
# fd_of PID PATH: the number of PID's descriptor open on PATH, or nothing
fd_of() {
	for _f in /proc/"$1"/fd/*; do
		[ "$(readlink "$_f" 2>/dev/null)" = "$2" ] && { echo "${_f##*/}"; return; }
	done
}
# mode_of PID FD: the access mode of the descriptor (0 read, 1 write, 2 both)
# and "append" when O_APPEND is set
mode_of() {
	_fl=$(sed -n 's/^flags:[[:space:]]*//p' /proc/"$1"/fdinfo/"$2")
	printf '%s' "$((0$_fl & 3))"
	[ $((0$_fl & 02000)) = 0 ] || printf ' append'
	echo
}
# wait_fd PID PATH: until PID holds a descriptor on PATH (10 s)
wait_fd() {
	_i=0
	until [ -n "$(fd_of "$1" "$2")" ]; do
		_i=$((_i + 1))
		[ "$_i" -le 100 ] && alive "$1" || return 1
		sleep 0.1
	done
}
ticks() { sed 's/.*) //' /proc/"$1"/stat | awk '{ print $12 + $13 }'; }
# alive PID: PID runs (a zombie, which `kill -0` still finds, does not)
alive() {
	_st=$(sed 's/.*) //' /proc/"$1"/stat 2>/dev/null | cut -d' ' -f1)
	[ -n "$_st" ] && [ "$_st" != Z ]
}

# ---- 1. the guests -----------------------------------------------------------
for g in general classified; do
	sig=$(od -An -tx1 -j510 -N2 "$A/$g.img" | tr -d ' ')
	[ "$(wc -c <"$A/$g.img")" -eq 512 ] && [ "$sig" = 55aa ] && ok ||
		bad "$g.img is not one boot sector (size $(wc -c <"$A/$g.img"), signature $sig)"
done

R=$T/root
sh "$SRC/install.sh" "$A" "$R" && ok || bad "install.sh failed"
G=$T/guests
mkdir -p "$G"
# vm ZONE CONSOLE ARG...: the zone's QEMU as the launcher starts it
vm() {
	_z=$1
	_c=$2
	shift 2
	"$QEMU" -nodefaults -no-user-config -display none \
		-readconfig "$R/etc/sw/$_z/qemu.conf" \
		-drive "file=$R/var/lib/sw/$_z/disk.img,format=raw,if=ide" \
		-chardev "file,id=con,path=$_c,append=on" \
		-device isa-debugcon,iobase=0xe9,chardev=con "$@"
}

t0=$(now)
vm general "$G/general.con" -chardev "file,id=clip,path=$G/general.com1,append=on" \
	-device isa-serial,chardev=clip </dev/null >/dev/null 2>"$G/general.err"
rc=$?
echo "general guest: QEMU start to power-off $(since "$t0") s"
printf 'CLIP general says hello 42\r\ngeneral: this line is not for the clipboard\r\nCLIP ring \007 the bell\r\nCLIP over\r\n' >"$G/general.want"
[ "$rc" = 0 ] && ok || bad "general guest: QEMU exit $rc: $(cat "$G/general.err")"
cmp -s "$G/general.com1" "$G/general.want" && ok ||
	bad "general guest: COM1 is not the four lines: $(od -c "$G/general.com1" | head -n 5)"
printf 'general: booted\ngeneral: sent 4 lines, powering off\n' | cmp -s - "$G/general.con" && ok ||
	bad "general guest: console: $(cat "$G/general.con")"

# the input is there before the guest boots: nothing of it may be lost
printf 'CLIP early\r\nno prefix here\nCLIP over\n' >"$G/classified.in"
t0=$(now)
vm classified "$G/classified.con" -chardev stdio,id=clip,signal=off -device isa-serial,chardev=clip \
	<"$G/classified.in" >/dev/null 2>"$G/classified.err"
rc=$?
echo "classified guest: QEMU start to power-off, input ready $(since "$t0") s"
[ "$rc" = 0 ] && ok || bad "classified guest: QEMU exit $rc: $(cat "$G/classified.err")"
printf '%s\n' "classified: booted, waiting for the clipboard" "classified got: CLIP early" \
	"classified got: no prefix here" "classified got: CLIP over" \
	"classified: clipboard closed, powering off" | cmp -s - "$G/classified.con" && ok ||
	bad "classified guest: console: $(cat "$G/classified.con")"

# waiting costs nothing; a line sent then wakes it
mkfifo "$G/late"
rm -f "$G/late.con"
vm classified "$G/late.con" -chardev stdio,id=clip,signal=off -device isa-serial,chardev=clip \
	<"$G/late" >/dev/null 2>"$G/late.err" &
qp=$!
kids="$kids $qp"
exec 7>"$G/late"
if wait_for "$G/late.con" "waiting for the clipboard"; then
	sleep 0.5
	t1=$(ticks "$qp")
	sleep 2
	t2=$(ticks "$qp")
	echo "classified guest: $((t2 - t1)) CPU ticks in 2 s of waiting"
	[ $((t2 - t1)) -le 20 ] && ok || bad "classified guest: $((t2 - t1)) CPU ticks in 2 s of waiting (busy?)"
	printf 'CLIP late\nCLIP over\n' >&7
else
	bad "classified guest did not boot: $(cat "$G/late.err")"
fi
exec 7>&-
wait "$qp"
rc=$?
[ "$rc" = 0 ] && grep -qx "classified got: CLIP late" "$G/late.con" && ok ||
	bad "classified guest: a line sent while it waited (exit $rc): $(cat "$G/late.con")"

# no COM1: it says so and powers off (the refused steps' control runs)
"$QEMU" -nodefaults -no-user-config -display none -readconfig "$R/etc/sw/classified/qemu.conf" \
	-drive "file=$R/var/lib/sw/classified/disk.img,format=raw,if=ide" \
	-chardev "file,id=con,path=$G/nocom.con,append=on" -device isa-debugcon,iobase=0xe9,chardev=con \
	</dev/null >/dev/null 2>&1
rc=$?
[ "$rc" = 0 ] && grep -qF "no serial port" "$G/nocom.con" && ok ||
	bad "classified guest without COM1 (exit $rc): $(cat "$G/nocom.con")"

# ---- 2. the gateway ---------------------------------------------------------
W=$T/gw
mkdir -p "$W"
gws="$A/sw-gateway"
if ${CC:-cc} -D_GNU_SOURCE -std=c11 -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined -o "$W/sw-gateway-asan" "$SRC/sw-gateway.c" 2>/dev/null; then
	gws="$gws $W/sw-gateway-asan"
else
	echo "trial-assets: no ASan build of sw-gateway here; the static one alone is tested"
fi
long200=$(printf 'CLIP %0195d' 0)
long201=$(printf 'CLIP %0196d' 0)
{
	printf 'CLIP a\r\n'
	printf 'nope\n'
	printf 'CLIP \001x\n'
	printf 'CLIP caf\303\251\n'
	printf 'CLIPx y\n'
	printf '%s\n%s\n' "$long200" "$long201"
	printf 'CLIP %05000d\n' 0
	printf '\n'
	printf 'CLIP last\n'
	printf 'CLIP unfinished'
} >"$W/in"
{
	printf 'CLIP a\n'
	printf '%s\n' "$long200"
	printf 'CLIP last\n'
} >"$W/want"
for gw in $gws; do
	n=${gw##*/}
	: >"$W/out"
	: >"$W/log"
	"$gw" -l "$W/log" "$W/in" "$W/out" 2>"$W/err"
	rc=$?
	[ "$rc" = 0 ] && cmp -s "$W/out" "$W/want" && ok ||
		bad "$n: exit $rc, passed: $(cat "$W/out") $(cat "$W/err")"
	[ "$(grep -c 'dropped: no prefix' "$W/log")" = 3 ] &&
		[ "$(grep -c 'dropped: control or non-ASCII' "$W/log")" = 2 ] &&
		[ "$(grep -c 'dropped: too long' "$W/log")" = 2 ] &&
		grep -qF "line 11 dropped: no end of line" "$W/log" &&
		grep -qF "end of input: 3 passed, 8 dropped" "$W/log" && ok ||
		bad "$n: log: $(cat "$W/log")"
	grep -qE 'nope|caf|last' "$W/log" && bad "$n: the log holds a line's content" || ok

	printf 'prefix COPY\nmaxlen 10  # short\n' >"$W/conf"
	printf 'COPY abc\nCLIP abc\nCOPY 0123456789\n' >"$W/in2"
	: >"$W/out"
	"$gw" -c "$W/conf" -l "$W/log" "$W/in2" "$W/out" 2>"$W/err"
	rc=$?
	[ "$rc" = 0 ] && [ "$(cat "$W/out")" = "COPY abc" ] && ok ||
		bad "$n -c: exit $rc, passed: $(cat "$W/out") $(cat "$W/err")"
	for bc in 'prefix' 'maxlen 0' 'maxlen 4095' 'maxlen 12x' 'colour blue' 'prefix A B'; do
		printf '%s\n' "$bc" >"$W/bad.conf"
		"$gw" -c "$W/bad.conf" "$W/in2" "$W/out" 2>"$W/err"
		rc=$?
		[ "$rc" = 2 ] && grep -qF "bad.conf:1:" "$W/err" && ok ||
			bad "$n: config '$bc': exit $rc: $(cat "$W/err")"
	done
	"$gw" -l "$W/nolog" "$W/in2" "$W/out" 2>"$W/err"
	rc=$?
	[ "$rc" = 2 ] && [ ! -e "$W/nolog" ] && ok || bad "$n: a missing log: exit $rc, or it was created"
	"$gw" a b c 2>"$W/err"
	rc=$?
	[ "$rc" = 2 ] && grep -qF usage "$W/err" && ok || bad "$n: three operands: exit $rc"
	"$gw" -l "$W/log" "$W/in2" /dev/full 2>"$W/err"
	rc=$?
	[ "$rc" = 1 ] && tail -n 1 "$W/log" | grep -qF "cannot write to the receiver" && ok ||
		bad "$n: a receiver that takes nothing: exit $rc: $(tail -n 1 "$W/log")"
done

# one direction each: IN read-only, OUT write-only, on FIFOs
mkfifo "$W/fin" "$W/fout"
: >"$W/log"
"$A/sw-gateway" -l "$W/log" "$W/fin" "$W/fout" &
gp=$!
kids="$kids $gp"
cat "$W/fout" >"$W/fgot" &
exec 7>"$W/fin"
if wait_fd "$gp" "$W/fout"; then
	[ "$(mode_of "$gp" "$(fd_of "$gp" "$W/fin")")" = 0 ] &&
		[ "$(mode_of "$gp" "$(fd_of "$gp" "$W/fout")")" = 1 ] && ok ||
		bad "sw-gateway: IN or OUT not opened in its one direction"
else
	bad "sw-gateway: did not open its FIFOs"
fi
printf 'CLIP via fifo\r\nLEAK\n' >&7
exec 7>&-
wait "$gp"
rc=$?
wait 2>/dev/null
[ "$rc" = 0 ] && [ "$(cat "$W/fgot")" = "CLIP via fifo" ] && ok ||
	bad "sw-gateway on FIFOs: exit $rc, passed: $(cat "$W/fgot")"

# ---- 3. the launcher, end to end --------------------------------------------
dpy=""
for n in 91 92 93 94 95 96 97 98 99; do
	if [ ! -e "/tmp/.X11-unix/X$n" ] && [ ! -e "/tmp/.X$n-lock" ]; then
		dpy=:$n
		break
	fi
done
[ -n "$dpy" ] || { bad "no free X display among :91-:99"; t_end trial-assets; exit; }

# The QEMU the launcher starts: it records its arguments (for the replay
# below) and, while the chain runs, asks the X server what it shows, then
# becomes the real QEMU.
cat >"$T/qemu" <<EOF
#!/bin/sh
for a in "\$@"; do printf '%s\n' "\$a"; done >"$T/args.\$\$"
# the stdin the launcher gave it: path and open flags
{ readlink /proc/\$\$/fd/0; sed -n 's/^flags:[[:space:]]*//p' /proc/\$\$/fdinfo/0; } >"$T/stdin.\$\$"
xdpyinfo -display $dpy </dev/null >/dev/null 2>&1 && : >"$T/xdpyinfo.ok"
i=0
until xwininfo -root -tree -display $dpy </dev/null 2>/dev/null | grep -q '"xclock": ("xclock" "XClock")  640x480+0+0'; do
	i=\$((i + 1))
	[ \$i -le 100 ] || exit 99
	sleep 0.1
done
: >"$T/xclock.ok"
exec "$QEMU" "\$@"
EOF
chmod 755 "$T/qemu"

# launch NAME: sw-start on the tree, its lines time-stamped in $T/NAME.out,
# its process group killed after 120 s
launch() {
	mkfifo "$T/$1.pipe"
	SW_ROOT=$R SW_NO_SELINUX=1 SW_DISPLAY=$dpy SW_QEMU=$T/qemu \
		setsid sh "$SRC/sw-start" >"$T/$1.pipe" 2>"$T/$1.err" &
	lp=$!
	kids="$kids $lp"
	_t0=$(now)
	while IFS= read -r l; do echo "$(since "$_t0") $l"; done <"$T/$1.pipe" >"$T/$1.out" &
	_i=0
	while alive "$lp"; do
		_i=$((_i + 1))
		if [ "$_i" -gt 1200 ]; then
			kill -9 "-$lp"
			bad "sw-start ($1): killed after 120 s"
			break
		fi
		sleep 0.1
	done
	wait "$lp"
	lrc=$?
	wait 2>/dev/null
}

t0=$(now)
launch run1
echo "launcher, end to end: $(since "$t0") s; its steps (s from its start):"
sed 's/^/  /' "$T/run1.out"
[ "$lrc" = 0 ] && ok || bad "sw-start: exit $lrc: $(cat "$T/run1.out" "$T/run1.err")"
for l in "X server started on $dpy" "clock up on $dpy" "general VM ended (0)" "classified VM ended (0)" \
	"gateway ended (0)" "clock stopped"; do
	grep -qF "sw-start: $l" "$T/run1.out" && ok || bad "sw-start: no step '$l'"
done
[ -f "$T/xdpyinfo.ok" ] && ok || bad "Xvfb did not answer xdpyinfo on $dpy"
[ -f "$T/xclock.ok" ] && ok || bad "xclock's full-screen window was not on $dpy"
[ ! -e "/tmp/.X11-unix/X${dpy#:}" ] && ok || bad "the X server's socket is left after the launcher"
C=$R/var/log/sw/classified/console.log
grep -qx "classified got: CLIP general says hello 42" "$C" && ok ||
	bad "the general guest's line did not arrive in the classified guest: $(cat "$C")"
grep -qx "classified got: CLIP over" "$C" && grep -qF "powering off" "$C" && ok ||
	bad "the classified guest did not end with CLIP over: $(cat "$C")"
grep -qE 'not for the clipboard|bell' "$C" && bad "a dropped line arrived: $(cat "$C")" || ok
[ "$(grep -c '^classified got:' "$C")" = 2 ] && ok || bad "the classified guest got other lines: $(cat "$C")"
grep -qx "general: booted" "$R/var/log/sw/general/console.log" && ok || bad "the general guest's console log"
grep -qF "end of input: 2 passed, 2 dropped" "$R/var/log/sw/gateway.log" && ok ||
	bad "gateway log: $(cat "$R/var/log/sw/gateway.log")"
for f in clipboard.in clipboard.out; do
	[ -p "$R/run/sw/$f" ] && ok || bad "/run/sw/$f is not a FIFO"
done
# the programs' stderr is the launcher's (init's journal on a host): no
# QEMU complained, and the launcher made no log file for a zone
! grep -q 'qemu-system' "$T/run1.err" && ok || bad "QEMU complained: $(cat "$T/run1.err")"
[ ! -e "$R/var/log/sw/general/qemu.log" ] && [ ! -e "$R/var/log/sw/classified/qemu.log" ] &&
	[ ! -e "$R/var/log/sw/xserver.log" ] && ok || bad "the launcher made a zone's log file"

# the QEMUs' own command lines, replayed paused (-S): each holds its end of
# the clipboard in its one direction and no descriptor on the other end;
# and the stdin the launcher gave each
CI=$R/run/sw/clipboard.in
CO=$R/run/sw/clipboard.out
ga="" ca=""
for f in "$T"/args.*; do
	if grep -qx "file=$R/var/lib/sw/general/disk.img,format=raw,if=ide" "$f"; then ga=$f; fi
	if grep -qx "file=$R/var/lib/sw/classified/disk.img,format=raw,if=ide" "$f"; then ca=$f; fi
done
if [ -n "$ga" ] && [ -n "$ca" ]; then
	# the stdins: the classified QEMU's is clipboard.out read-only (opened
	# by its entry, vm-classified), the general QEMU's is /dev/null
	sc=$T/stdin.${ca##*.}
	sg=$T/stdin.${ga##*.}
	[ "$(sed -n 1p "$sc")" = "$CO" ] && [ $((0$(sed -n 2p "$sc") & 3)) = 0 ] &&
		[ "$(sed -n 1p "$sg")" = /dev/null ] && ok ||
		bad "the stdin of the QEMUs: classified $(cat "$sc"), general $(cat "$sg")"
	# the reader holds clipboard.in read-write, so it sees no end of file
	# when a writer of an earlier step (a killed QEMU) closes it late, and
	# a step's writer never waits for a reader that has gone
	cat <>"$CI" >/dev/null &
	rd=$!
	kids="$kids $rd"
	(
		set --
		while IFS= read -r a; do set -- "$@" "$a"; done <"$ga"
		exec "$QEMU" "$@" -S </dev/null >/dev/null 2>&1
	) &
	qp=$!
	kids="$kids $qp"
	if wait_fd "$qp" "$CI"; then
		[ "$(mode_of "$qp" "$(fd_of "$qp" "$CI")")" = "1 append" ] && [ -z "$(fd_of "$qp" "$CO")" ] && ok ||
			bad "the general QEMU: clipboard.in not write-only append, or it holds clipboard.out"
	else
		bad "the general QEMU (replayed) did not open clipboard.in"
	fi
	kill "$qp" "$rd" 2>/dev/null
	wait 2>/dev/null
	exec 7<>"$CO" # a writer, so that the redirection below opens at once
	(
		set --
		while IFS= read -r a; do set -- "$@" "$a"; done <"$ca"
		exec "$QEMU" "$@" -S <"$CO" >/dev/null 2>&1
	) &
	qp=$!
	kids="$kids $qp"
	# QEMU holds its console once it has set up every character device
	if wait_fd "$qp" "$R/var/log/sw/classified/console.log"; then
		[ "$(fd_of "$qp" "$CO")" = 0 ] && [ "$(mode_of "$qp" 0)" = 0 ] && [ -z "$(fd_of "$qp" "$CI")" ] && ok ||
			bad "the classified QEMU: clipboard.out is not its read-only stdin, or it holds clipboard.in"
	else
		bad "the classified QEMU (replayed) did not start"
	fi
	kill "$qp" 2>/dev/null
	wait 2>/dev/null
	exec 7>&-
else
	bad "the launcher's QEMU command lines were not recorded"
fi

# again, with /run/sw and its FIFOs there: the log grows, nothing else changes
rm -f "$T"/xdpyinfo.ok "$T"/xclock.ok
launch run2
[ "$lrc" = 0 ] && [ "$(grep -c '^classified got: CLIP general says hello 42$' "$C")" = 2 ] && ok ||
	bad "sw-start, second run: exit $lrc: $(cat "$T/run2.out")"

# a non-FIFO in a FIFO's place stops it before anything starts
rm "$R/run/sw/clipboard.out"
: >"$R/run/sw/clipboard.out"
launch run3
[ "$lrc" = 1 ] && grep -qF "cannot make the FIFO" "$T/run3.out" &&
	! grep -qF "X server started" "$T/run3.out" && ok ||
	bad "sw-start with a regular file as clipboard.out: exit $lrc: $(cat "$T/run3.out")"
rm "$R/run/sw/clipboard.out"
mkfifo "$R/run/sw/clipboard.out"

# ---- 4. the refused steps' control runs -------------------------------------
# Each block of trial/sw/README.md marked "host:" runs here with runcon
# dropped: it must do what it tries, so only the policy can refuse it.
B=$T/refused
mkdir -p "$B"
awk -v dir="$B" '
	/^<!-- refused [a-z-]+; host: .* -->$/ { name = $3; sub(/;$/, "", name); mode = $0
		sub(/.*host: /, "", mode); sub(/ -->$/, "", mode); print mode > (dir "/" name ".mode"); next }
	name != "" && /^```sh$/ { inblock = 1; next }
	inblock && /^```$/ { inblock = 0; name = ""; next }
	inblock { print > (dir "/" name ".sh") }
' "$SRC/README.md"
nblocks=$(ls "$B"/*.mode 2>/dev/null | wc -l)
[ "$nblocks" -ge 8 ] && ok || bad "trial/sw/README.md: $nblocks refused steps found, want 8 or more"
for m in "$B"/*.mode; do
	name=$(basename "$m" .mode)
	mode=$(cat "$m")
	[ -s "$B/$name.sh" ] || { bad "refused step $name: no sh block"; continue; }
	[ "$mode" = skip ] && continue
	# the reader holds clipboard.in read-write, so it sees no end of file
	# when a writer of an earlier step (a killed QEMU) closes it late, and
	# a step's writer never waits for a reader that has gone
	cat <>"$CI" >/dev/null &
	rd=$!
	kids="$kids $rd"
	case $mode in
	"exit 0")
		(runcon() { shift 3; "$@"; }; . "$B/$name.sh") &
		sp=$!
		kids="$kids $sp"
		_i=0
		while alive "$sp" && [ "$_i" -lt 300 ]; do _i=$((_i + 1)); sleep 0.1; done
		kill -9 "$sp" 2>/dev/null
		wait "$sp" 2>/dev/null
		rc=$?
		[ "$rc" = 0 ] && ok || bad "refused step $name: the control run ends $rc on the host"
		;;
	"booted "*)
		z=${mode#booted }
		before=$(grep -c booted "$R/var/log/sw/$z/console.log")
		setsid sh -c 'R=$1; runcon() { shift 3; "$@"; }; . "$2"' sh "$R" "$B/$name.sh" &
		sp=$!
		kids="$kids $sp"
		_i=0
		while [ "$(grep -c booted "$R/var/log/sw/$z/console.log")" = "$before" ] && [ "$_i" -lt 100 ]; do
			_i=$((_i + 1))
			sleep 0.1
		done
		alive "$sp" && [ "$_i" -lt 100 ] && ok ||
			bad "refused step $name: the control run did not reach the $z guest"
		kill -9 "-$sp" 2>/dev/null
		wait "$sp" 2>/dev/null
		# kill(2) does not wait: the group's QEMU may still hold the FIFOs
		_i=0
		while kill -0 "-$sp" 2>/dev/null && [ "$_i" -lt 100 ]; do _i=$((_i + 1)); sleep 0.05; done
		;;
	*) bad "refused step $name: unknown host mode '$mode'" ;;
	esac
	kill "$rd" 2>/dev/null
	wait "$rd" 2>/dev/null
done

t_end trial-assets
