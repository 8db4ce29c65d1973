#!/bin/sh
# tests/editors/run.sh: the vim syntax file and ftdetect (issue 15, item 8).
#   - the keywords of editors/vim/syntax/zone.vim are exactly those of
#     dsl/lexer.l;
#   - the real vim (tools/deps.d/editors), with nothing but editors/vim on
#     its runtimepath, takes tests/editors/sample.zone for filetype zone,
#     loads the syntax without an error, and highlights each place that a
#     `# expect GROUP COL` comment names with that group (vim.vim);
#   - a broken syntax file makes vim report an error (so the check can fail);
#   - `make install-vim` puts both files in $(PREFIX)/share/vim/vimfiles.
set -u
. "$(dirname "$0")/../lib.sh"
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
t_tmpdir
cd "$root" || exit 1

sed -n '/keywords\[\] = {/,/^};/p' dsl/lexer.l | grep -o '{ "[a-z_]*"' | tr -d '{" ' | sort >"$tmp/lexer"
sed -n 's/^syn keyword zone[A-Z][a-z]* *//p' editors/vim/syntax/zone.vim | grep -v '^contained' |
	tr ' ' '\n' | grep . | sort >"$tmp/vim"
if [ "$(wc -l <"$tmp/lexer")" -gt 30 ] && cmp -s "$tmp/lexer" "$tmp/vim"; then
	ok
else
	bad "vim keywords != lexer keywords: $(diff "$tmp/lexer" "$tmp/vim" | grep '^[<>]' | tr '\n' ' ')"
fi

# vimrun RTP RESULT: vim on the sample with RTP first on its runtimepath
vimrun() {
	ZONE_SAMPLE="$here/sample.zone" ZONE_RESULT="$2" HOME="$tmp" \
		timeout 60 vim -Nu NONE -i NONE -es --cmd "set rtp^=$1" -S "$here/vim.vim" </dev/null >/dev/null 2>&1
}
if ! command -v vim >/dev/null; then
	bad "vim is not installed (tools/deps.d/editors)"
else
	vimrun "$root/editors/vim" "$tmp/result"
	want=$(grep -c '# expect ' "$here/sample.zone")
	got=$(grep -c '^line .*: \(zone[A-Za-z]*\) (want \1)$' "$tmp/result")
	if grep -q '^filetype zone$' "$tmp/result" && grep -q '^syntax zone$' "$tmp/result" &&
		! grep -q '^error \|^E[0-9]*:\|^Error' "$tmp/result" && [ "$want" -gt 8 ] && [ "$got" = "$want" ]; then
		ok
	else
		bad "vim: $(grep -v '^line .*: \(zone[A-Za-z]*\) (want \1)$' "$tmp/result" | tr '\n' ' ')"
	fi
	# the negative control: a syntax file with an error in it
	mkdir -p "$tmp/broken/syntax" "$tmp/broken/ftdetect"
	cp editors/vim/ftdetect/zone.vim "$tmp/broken/ftdetect/"
	sed 's/^syn match   zoneOperator .*/syn match zoneOperator "\\(" nonsense/' editors/vim/syntax/zone.vim \
		>"$tmp/broken/syntax/zone.vim"
	vimrun "$tmp/broken" "$tmp/broken.result"
	grep -q '^E[0-9]*:\|^error ' "$tmp/broken.result" && ok || bad "vim reports no error in a broken syntax file"
fi

make -s --no-print-directory install-vim DESTDIR="$tmp/root" PREFIX=/usr >"$tmp/make.log" 2>&1
for f in syntax/zone.vim ftdetect/zone.vim; do
	cmp -s "$tmp/root/usr/share/vim/vimfiles/$f" "editors/vim/$f" && ok || bad "install-vim: no $f ($(cat "$tmp/make.log"))"
done
t_end editors
