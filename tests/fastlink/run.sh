#!/bin/sh
# run.sh ZONEPOLICY [fedora]: the fast link (base/fastlink.h: the modules
# added to the cached compile of the base) against the full one (secilc
# over the whole base, `link --full`), on Debian's base or, with "fedora",
# on Fedora's (mk/fastlink.mk skips that, with the reason, when the Fedora
# snapshot is absent).
#
#   - every shipped module (with its M_netcheck.cil; on Fedora all of them
#     in one link, with one of those), and every golden zone in one link
#     (without: each declares the same capability): the fast
#     link really is the fast one (no "secilc links the whole base" note),
#     its file contexts are the same bytes, its port labels in the same
#     order (setools), and sediff finds no difference at all;
#   - a module that breaks a neverallow of the base, and one that breaks
#     its own: the fast link steps aside and the link fails with secilc's
#     report;
#   - a statement the fast link does not read (a boolean): it steps aside
#     with the reason and the policy is the full link's, byte for byte;
#   - the cache: made by the first link into an empty cache directory,
#     reused by the next (same policy, facts untouched), and when damaged
#     (the facts cut short) the link steps aside to the full one.
#
# Prints "fastlink: N passed, N failed" (fastlink-fedora for Fedora).
set -u
. "$(dirname "$0")/../lib.sh"
zp=$1
base=${2:-debian}
suite=fastlink
[ "$base" = fedora ] && suite=fastlink-fedora
t_tmpdir
prof="--base-profile $base"

# sediff A B finds nothing added, removed or modified (it prints only the
# sections that differ); its report in A.sediff
sediff_same() {
	sediff --stats "$1" "$2" >"$1.sediff" 2>&1
	[ $? -eq 0 ] && ! grep -q '[1-9][0-9]* \(Added\|Removed\|Modified\)' "$1.sediff"
}
portcons() {
	/usr/bin/python3 -c 'import setools, sys
for p in setools.SELinuxPolicy(sys.argv[1]).portcons(): print(p)' "$1"
}

# both links of NAME's modules (the rest of the arguments) into $tmp/NAME,
# then the checks that need no sediff; sediff runs in the background, two
# at a time, and is collected at the end
pending=""
both() {
	name=$1
	shift
	w=$tmp/$name
	mkdir -p "$w"
	# shellcheck disable=SC2086
	if ! "$zp" link $prof -o "$w/fast.33" "$@" >"$w/fast.out" 2>"$w/fast.err"; then
		bad "$name: the fast link failed:"
		cat "$w/fast.err"
		return
	fi
	if grep -q 'secilc links the whole base' "$w/fast.err"; then
		bad "$name: the link was not the fast one:"
		cat "$w/fast.err"
		return
	fi
	ok
	# shellcheck disable=SC2086
	if ! "$zp" link $prof --full -o "$w/full.33" "$@" >"$w/full.out" 2>"$w/full.err"; then
		bad "$name: the full link failed:"
		cat "$w/full.err"
		return
	fi
	if cmp -s "$w/fast.33.file_contexts" "$w/full.33.file_contexts"; then ok; else
		bad "$name: the file contexts differ:"
		diff "$w/full.33.file_contexts" "$w/fast.33.file_contexts" | head -20
	fi
	portcons "$w/fast.33" >"$w/fast.ports"
	portcons "$w/full.33" >"$w/full.ports"
	if [ -s "$w/full.ports" ] && cmp -s "$w/fast.ports" "$w/full.ports"; then ok; else
		bad "$name: the port labels differ (in order):"
		diff "$w/full.ports" "$w/fast.ports" | head -20
	fi
	# the fast link's own output on a base that fails its neverallows (the
	# proof that follows the link) is the full link's
	if cmp -s "$w/fast.out" "$w/full.out"; then ok; else
		bad "$name: the link's report differs:"
		diff "$w/full.out" "$w/fast.out" | head -20
	fi
	set -- $pending
	if [ $# -ge 2 ]; then
		wait
		pending=""
	fi
	(sediff_same "$w/fast.33" "$w/full.33" && touch "$w/same") &
	pending="$pending $name"
	all="${all-} $name"
}

# on Fedora sediff needs minutes a policy: the shipped modules are linked
# together there, once
goldens="" gmods="" shipped=""
zones="modules/*/*.zone tests/golden/*.zone"
[ "$base" = fedora ] && zones="modules/*/*.zone"
for zone in $zones; do
	name=$(basename "$zone" .zone)
	w=$tmp/build/$name
	if ! (cd "$(dirname "$zone")" && "$zp" build $prof -o "$w" "$(basename "$zone")") >"$tmp/$name.log" 2>&1; then
		# a golden zone that does not build is expected (its .err)
		[ -f "${zone%.zone}.err" ] && continue
		bad "$zone: build failed"
		cat "$tmp/$name.log"
		continue
	fi
	mod=$(sed -n 's/^module \([a-z0-9_]*\) .*/\1/p' "$w"/*.te | head -n 1)
	[ -f "$w/$mod.pp" ] || continue
	ports=""
	if [ -f "$w/$mod.semanage" ]; then
		grep '^(portcon' "$w/$mod.cil" >"$w/local-ports.cil"
		ports=$w/local-ports.cil
	fi
	case $zone in
	modules/*)
		if [ "$base" = fedora ]; then
			# one M_netcheck.cil: each declares the same capability
			[ -z "$shipped" ] && [ -f "$w/${mod}_netcheck.cil" ] && shipped="$w/${mod}_netcheck.cil"
			shipped="$shipped $w/$mod.pp $ports"
		else
			both "$name" "$w/$mod.pp" $ports
		fi
		;;
	*)
		# one module of each name: two goldens may share one
		case " $gmods " in *" $mod "*) continue ;; esac
		gmods="$gmods $mod"
		goldens="$goldens $w/$mod.pp $ports"
		;;
	esac
done
# each golden's M_netcheck.cil declares the same policy capability: the
# shipped modules link theirs
# shellcheck disable=SC2086
[ -n "$goldens" ] && both goldens --no-netcheck $goldens
# shellcheck disable=SC2086
[ -n "$shipped" ] && both shipped --no-netcheck $shipped
wait
for name in ${all-}; do
	if [ -f "$tmp/$name/same" ]; then ok; else
		bad "$name: sediff finds the fast and the full link differ:"
		head -40 "$tmp/$name/fast.33.sediff"
	fi
done

# a neverallow broken: of the base (shadow_t is read by few), then of the
# module itself; the fast link steps aside, secilc reports it
sw=$tmp/build/sw/sw.pp
if [ "$base" = debian ] && [ -f "$sw" ]; then
	printf '(allow sw_t shadow_t (file (read)))\n' >"$tmp/never-base.cil"
	printf '(allow sw_general_t sw_classified_conf_t (file (read)))\n' >"$tmp/never-own.cil"
	for n in base own; do
		if "$zp" link -o "$tmp/never.33" "$sw" "$tmp/never-$n.cil" >"$tmp/never.out" 2>&1; then
			bad "a module breaking a neverallow of $n links"
		elif grep -q 'breaks a neverallow' "$tmp/never.out" && grep -q 'neverallow check failed' "$tmp/never.out"; then
			ok
		else
			bad "breaking a neverallow of $n: not the expected report:"
			cat "$tmp/never.out"
		fi
	done
	# a boolean: stepped aside, the policy is the full link's
	printf '(boolean zp_test_bool false)\n(booleanif zp_test_bool (true (allow sw_t sw_t (file (read)))))\n' >"$tmp/bool.cil"
	if "$zp" link -o "$tmp/bool.33" "$sw" "$tmp/bool.cil" 2>"$tmp/bool.err" &&
		"$zp" link --full -o "$tmp/boolfull.33" "$sw" "$tmp/bool.cil" 2>/dev/null; then
		if grep -q "secilc links the whole base: .*boolean" "$tmp/bool.err" && cmp -s "$tmp/bool.33" "$tmp/boolfull.33"; then ok; else
			bad "a module with a boolean: no reason given, or not the full link's policy:"
			cat "$tmp/bool.err"
		fi
	else
		bad "a module with a boolean does not link"
	fi
fi
# the cache: made once in a cache directory of its own (the store is the
# shared one's), reused, and a damaged one steps aside to the full link
store=$(ls -d "${ZONEPOLICY_CACHE:-$HOME/.cache/zonepolicy}"/base-*/complete 2>/dev/null | head -n 1)
if [ "$base" = debian ] && [ -f "$sw" ] && [ -n "$store" ]; then
	store=$(dirname "$store")
	c=$tmp/cache
	if "$zp" link --cache "$c" --base-store "$store" -o "$tmp/c1.33" "$sw" 2>"$tmp/c1.err" &&
		! grep -q 'secilc links' "$tmp/c1.err"; then ok; else
		bad "a link with an empty cache did not make the fast link's cache:"
		cat "$tmp/c1.err"
	fi
	facts=$(ls "$c"/fastlink-*/facts 2>/dev/null | head -n 1)
	if [ -n "$facts" ]; then
		cp "$facts" "$tmp/facts.saved"
		touch -d '2000-01-01' "$facts"
		"$zp" link --cache "$c" --base-store "$store" -o "$tmp/c2.33" "$sw" 2>/dev/null
		if cmp -s "$tmp/c1.33" "$tmp/c2.33" && [ -z "$(find "$facts" -newer "$tmp/facts.saved")" ] &&
			[ "$(stat -c %Y "$facts")" = "$(date -d '2000-01-01' +%s)" ]; then ok; else
			bad "the second link did not reuse the cache, or gave another policy"
		fi
		head -n 3000 "$tmp/facts.saved" >"$facts"
		"$zp" link --cache "$c" --base-store "$store" -o "$tmp/c3.33" "$sw" 2>"$tmp/c3.err"
		"$zp" link --full --cache "$c" --base-store "$store" -o "$tmp/c4.33" "$sw" 2>/dev/null
		if grep -q 'secilc links the whole base' "$tmp/c3.err" && cmp -s "$tmp/c3.33" "$tmp/c4.33"; then ok; else
			bad "a damaged cache: no reason given, or not the full link's policy:"
			cat "$tmp/c3.err"
		fi
	else
		bad "no facts file in the new cache"
	fi
fi
t_end "$suite"
