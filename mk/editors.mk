# editors.mk: the vim syntax file and its ftdetect for .zone files (issue
# 15, item 8), in editors/vim/.  `make install` puts them into
# $(PREFIX)/share/vim/vimfiles/, which Debian's vim has on its default
# runtimepath (as cmake-data's syntax file).  `make test-editors` loads
# them into the real vim and checks the highlighting of a sample and that
# the syntax's keywords are the lexer's.  tests/editors/run.sh; vim comes
# from tools/deps.d/editors.

VIMFILES := $(PREFIX)/share/vim/vimfiles

.PHONY: test-editors install-vim
CHECK_TARGETS += test-editors
install: install-vim

install-vim:
	install -d $(DESTDIR)$(VIMFILES)/syntax $(DESTDIR)$(VIMFILES)/ftdetect
	install -m 644 editors/vim/syntax/zone.vim $(DESTDIR)$(VIMFILES)/syntax/zone.vim
	install -m 644 editors/vim/ftdetect/zone.vim $(DESTDIR)$(VIMFILES)/ftdetect/zone.vim

test-editors:
	@sh tests/editors/run.sh
