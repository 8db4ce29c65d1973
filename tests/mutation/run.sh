#!/bin/sh
# run.sh ZONEPOLICY MUTATE WORKDIR ZONE: mutation test of the
# vectors on the reference module.
#
# Each allow rule of the generated module is deleted in turn and the
# resulting linked policy is checked against the module's vectors: some
# vector must fail (the mutant is "killed").  One cross-zone allow is added
# as well (MUTATION_ADD overrides it: "SRC TGT CLASS PERM").  Deletion
# mutants are made by policy surgery on the linked policy (tests/mutation/
# mutate.c, argued in docs/checking.md) instead of a 5-10 s secilc link
# each; the surgery is validated against real links of sampled mutants, and
# the added allow is linked for real.  A mutant whose policy equals the
# unmutated one (the base policy already grants the same) is "equivalent":
# listed, not counted.  MUTATION_JOBS (default 2) mutants run at once.
#
# Last line: "test-mutation: N passed, N failed" (killed mutants and
# validated samples pass; surviving mutants and mismatches fail).
set -u
zp=$1
mutate=$2
work=$3
zone=$4
jobs=${MUTATION_JOBS:-2}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
name=$(basename "$zone" .zone)
start=$(date +%s)

t_linked "$zp" "$work" "$zone" || {
	echo "FAIL $zone: build or link failed"
	echo "test-mutation: 0 passed, 1 failed"
	exit 1
}
dir=$work/$name
cil=$dir/$name.cil
vec=$dir/$name.vectors
m=$dir/mutation
rm -rf "$m"
mkdir -p "$m"

# the unmutated policy must pass, or nothing below means anything
if ! "$zp" check --policy "$pol" "$vec" > "$m/clean.txt" 2>&1; then
	echo "FAIL the unmutated policy fails its vectors (make test-vectors)"
	echo "test-mutation: 0 passed, 1 failed"
	exit 1
fi

"$mutate" list "$cil" > "$m/rules.tsv" || exit 1
n=$(wc -l < "$m/rules.tsv")

# the added cross-zone allow: by default the first cross-zone file denial of
# a zone that is not trusted, turned into an allow of its first permission
trusted=$(sed -n 's/^# zonepolicy: module .* trusted\(.*\)$/\1/p' "$vec")
# (its reason is on the origin line above it: zone(5), VECTORS)
add=${MUTATION_ADD:-$(awk -v trusted=" $trusted " '
	/^#/ { why = $0; next }
	/^$/ { why = ""; next }
	$1 == "deny" && $4 == "file" && (why ~ /are isolated/ || /are isolated/) &&
	index(trusted, " " $2 " ") == 0 { print $2, $3, $4, $5; exit }' "$vec")}
set -- $add
addrule="(allow $1 $2 ($3 ($4)))"

# links with secilc: the base-only policy, sampled real mutants, the addition
grep -v '^[[:space:]]*(allow ' "$cil" > "$m/baseonly.cil"
samples="1 $(awk -F'\t' '/ self / { print $1; exit }' "$m/rules.tsv") $(( (n + 1) / 2 )) $n"
samples=$(echo $samples | tr ' ' '\n' | sort -nu | tr '\n' ' ')
for i in $samples; do
	line=$(awk -F'\t' -v i="$i" '$1 == i { print $2 }' "$m/rules.tsv")
	sed "${line}d" "$cil" > "$m/real$i.cil"
done
{ cat "$cil"; echo "$addrule"; } > "$m/add.cil"
t0=$(date +%s)
# the module's M_netcheck.cil goes with every link, as with the unmutated one
nc=$dir/${name}_netcheck.cil
[ -f "$nc" ] || nc=
for x in baseonly add $(for i in $samples; do echo "real$i"; done); do echo "$x"; done |
	xargs -P "$jobs" -I{} sh -c '"$1" link "$2/{}.cil" ${3:+"$3"} -o "$2/{}.33" > "$2/{}.link.txt" 2>&1 || echo "{}" >> "$2/linkfail"' sh "$zp" "$m" "$nc"
t1=$(date +%s)
links=$(( $(echo $samples | wc -w) + 2 ))
if [ ! -f "$m/baseonly.33" ]; then
	echo "FAIL linking the module without its allow rules failed:"
	cat "$m/baseonly.link.txt"
	echo "test-mutation: 0 passed, 1 failed"
	exit 1
fi

# validate the surgery: it must give what secilc gives
for i in $samples; do
	"$mutate" apply "$pol" "$m/baseonly.33" "$cil" "$i" "$m/surgery$i.33"
	rc=$?
	if [ "$rc" = 3 ]; then
		ref=$pol
	elif [ "$rc" = 0 ]; then
		ref=$m/surgery$i.33
	else
		echo "FAIL surgery on mutant $i failed"
		fail=$((fail + 1))
		continue
	fi
	if [ -f "$m/real$i.33" ] && "$mutate" compare "$ref" "$m/real$i.33" > "$m/compare$i.txt"; then
		pass=$((pass + 1))
	else
		echo "FAIL surgery and a real link differ for mutant $i (the shortcut is unsound):"
		cat "$m/compare$i.txt" "$m/real$i.link.txt" 2>/dev/null | head -20
		fail=$((fail + 1))
	fi
	rm -f "$m/surgery$i.33"
done

# every deletion mutant
seq 1 "$n" | xargs -P "$jobs" -I{} sh -c '
	m=$2; out=$m/mut{}.33
	"$4" apply "$3" "$m/baseonly.33" "$5" {} "$out"; rc=$?
	if [ $rc = 3 ]; then echo "{} equivalent" > "$m/res{}"; exit 0; fi
	if [ $rc != 0 ]; then echo "{} error" > "$m/res{}"; exit 0; fi
	"$1" check --policy "$out" "$6" > "$m/check{}.txt" 2>&1; rc=$?
	rm -f "$out"
	case $rc in 0) s=survived ;; 1) s=killed ;; *) s=error ;; esac
	echo "{} $s" > "$m/res{}"' sh "$zp" "$m" "$pol" "$mutate" "$cil" "$vec"
t2=$(date +%s)
cat "$m"/res* | sort -n > "$m/results"
killed=$(grep -c ' killed$' "$m/results")
survived=$(grep -c ' survived$' "$m/results")
equiv=$(grep -c ' equivalent$' "$m/results")
errors=$(grep -c ' error$' "$m/results")

# the added allow (linked for real; neverallow checks on)
if [ ! -f "$m/add.33" ]; then
	if grep -q neverallow "$m/add.link.txt"; then
		addres="killed (the link's neverallow check rejects it)"
		killed=$((killed + 1))
	else
		addres="error (link failed)"
		errors=$((errors + 1))
		cat "$m/add.link.txt"
	fi
elif "$zp" check --policy "$m/add.33" "$vec" > "$m/checkadd.txt" 2>&1; then
	addres="SURVIVED"
	survived=$((survived + 1))
else
	case $? in
	1) addres="killed by $(grep -c ': FAIL: ' "$m/checkadd.txt") vectors"; killed=$((killed + 1)) ;;
	*) addres="error"; errors=$((errors + 1)) ;;
	esac
fi

while read -r i status; do
	[ "$status" = killed ] && continue
	awk -F'\t' -v i="$i" -v s="$status" -v c="$name.cil" '$1 == i {
		printf "%s mutant %d: delete %s   [%s; %s:%s]\n", toupper(s), i, $4, $3, c, $2 }' "$m/rules.tsv"
	[ "$status" = error ] && head -5 "$m/check$i.txt" 2>/dev/null
done < "$m/results"
echo "added $addrule: $addres"
total=$((n + 1 - equiv))
echo "mutation: $n deletion mutants + 1 addition; $killed killed, $survived survived, $errors errors," \
	"$equiv equivalent (not counted); score $killed/$total" \
	"= $(awk -v k="$killed" -v t="$total" 'BEGIN { printf "%.1f%%", t ? 100 * k / t : 0 }')"
echo "mutation: surgery validated on $(echo $samples | wc -w) real links; $links secilc links in $((t1 - t0)) s," \
	"$n surgery mutants in $((t2 - t1)) s ($jobs jobs); total $(( $(date +%s) - start )) s"
pass=$((pass + killed))
fail=$((fail + survived + errors))
t_end test-mutation
