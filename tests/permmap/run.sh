#!/bin/sh
# run.sh AGREE MAP WORK: the permission map from its file and from its memo
# in the cache answer the same and what the file says (agree.c); a damaged
# memo is not used; a changed map gets a memo of its own.
agree=$1 map=$2 work=$3
. "$(dirname "$0")/../lib.sh"
rm -rf "$work"
mkdir -p "$work/c"
out=$(ZONEPOLICY_CACHE=$work/c "$agree" "$map")
echo "$out" | grep '^FAIL' | head -n 10
case $out in *" 0 failed") ok ;; *) bad "the map and its memo: ${out##*
}" ;; esac
memo=$(ls "$work/c"/permmap-* 2>/dev/null | head -n 1)
if [ -n "$memo" ] && head -n 1 "$memo" | grep -q '^zonepolicy-permmap 1$'; then ok; else
	bad "no permission map memo in the cache"; fi
# a memo cut in the middle of a line is not read: the map is parsed again
head -c 20000 "$memo" >"$work/cut" && cp "$work/cut" "$memo"
out=$(ZONEPOLICY_CACHE=$work/c "$agree" "$map")
case $out in *" 0 failed") ok ;; *) bad "with a cut memo: ${out##*
}" ;; esac
# a map of other contents (size and time) is another memo
cp "$map" "$work/map"
printf 'class zz_extra 1\nzz_perm w 3\n' >>"$work/map"
out=$(ZONEPOLICY_CACHE=$work/c "$agree" "$work/map")
n=$(ls "$work/c"/permmap-* | wc -l)
case $out in *" 0 failed") [ "$n" -ge 2 ] && ok || bad "a changed map reused the memo" ;;
*) bad "a changed map: ${out##*
}" ;; esac
t_end permmap
