" vim.vim: run by tests/editors/run.sh as
"   vim -Nu NONE -i NONE -es --cmd 'set rtp^=DIR' -S vim.vim
" with $ZONE_SAMPLE a .zone file and $ZONE_RESULT where to write.  Checks
" that ftdetect makes it filetype zone, that the syntax file loads without
" an error, and what a few places are highlighted as.
let s:out = []
try
  filetype on
  syntax on
  execute 'edit ' . fnameescape($ZONE_SAMPLE)
  call add(s:out, 'filetype ' . &filetype)
  call add(s:out, 'syntax ' . get(b:, 'current_syntax', 'none'))
  " each line of the sample: `WORD # EXPECTED-GROUP` checks the group of
  " the line's first character
  for l in range(1, line('$'))
    let m = matchlist(getline(l), '#\s*expect\s\+\(\w\+\)\s\+\(\d\+\)')
    if !empty(m)
      let g = synIDattr(synID(l, str2nr(m[2]), 1), 'name')
      call add(s:out, printf('line %d col %s: %s (want %s)', l, m[2], g, m[1]))
    endif
  endfor
catch
  call add(s:out, 'error ' . v:exception)
endtry
call writefile(s:out + split(execute('messages'), "\n"), $ZONE_RESULT)
qall!
