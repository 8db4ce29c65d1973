" Vim filetype detection: zonepolicy's .zone files (see zone(5)).
" Installed by `make install` into $(PREFIX)/share/vim/vimfiles/ftdetect/.
autocmd BufNewFile,BufRead *.zone setfiletype zone
